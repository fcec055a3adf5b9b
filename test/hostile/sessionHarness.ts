/**
 * The curator session (src/extension/curator/session.ts) without VS Code, for the hostile corpus: a real
 * DatasetEngine in process (InProcessBackend), a real journal on disk, and a fake panel that records what the
 * webview would receive and checks each message against the protocol's zod schema (HostToCurator), keeping
 * the failures instead of throwing them into the session (a throw there would hide which message was bad).
 */
import * as path from 'node:path';
import { InProcessBackend } from '../../src/extension/curator/backend';
import { CuratorSession, type CuratorPanel } from '../../src/extension/curator/session';
import { HostToCurator } from '../../src/protocol/curator';

export class RecordingPanel implements CuratorPanel {
  readonly messages: HostToCurator[] = [];
  /** Messages the webview would refuse (schema failures), with the reason. */
  readonly invalid: string[] = [];
  post(message: HostToCurator): void {
    const parsed = HostToCurator.safeParse(message);
    if (!parsed.success) {
      this.invalid.push(`${(message as { type?: string }).type ?? '?'}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return;
    }
    this.messages.push(parsed.data);
  }
  imageUri(absPath: string): string {
    return `https://webview.test/${encodeURIComponent(path.basename(absPath))}`;
  }
  openLine(): void {}
  of<T extends HostToCurator['type']>(type: T): Extract<HostToCurator, { type: T }>[] {
    return this.messages.filter((m): m is Extract<HostToCurator, { type: T }> => m.type === type);
  }
  last<T extends HostToCurator['type']>(type: T): Extract<HostToCurator, { type: T }> | undefined {
    const all = this.of(type);
    return all[all.length - 1];
  }
}

/** Poll `f` until it gives a value, or throw naming `what` after `ms`. */
export async function until<T>(what: string, ms: number, f: () => T | undefined | false | null): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface OpenedSession {
  session: CuratorSession;
  panel: RecordingPanel;
  /** What the session logged as errors and warnings. */
  errors: string[];
  warnings: string[];
  /** Errors the in-process engine's start() rejected with. */
  engineFailures: unknown[];
}

/** A session on `file` with its journal at `journalPath`, and a ready panel attached (`analyseAll`: the background analysis, default on). */
export async function openSession(file: string, journalPath: string, opts: { analyseAll?: boolean } = {}): Promise<OpenedSession> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const engineFailures: unknown[] = [];
  const session = new CuratorSession({
    datasetPath: file,
    journalPath,
    curator: 'hostile-tester',
    autoAdvance: false,
    backend: new InProcessBackend({ file, maxRowBytes: 32 << 20, checkImages: true, cuesFile: null, analyseAll: opts.analyseAll ?? true }, (e) => engineFailures.push(e)),
    views: { load: () => [], save: () => Promise.resolve() },
    log: { info: () => undefined, warn: (m) => void warnings.push(m), error: (m) => void errors.push(m) },
    watchJournal: false,
    watchDataset: false,
  });
  const panel = new RecordingPanel();
  session.attach(panel);
  await session.receive(panel, { type: 'ready' });
  return { session, panel, errors, warnings, engineFailures };
}

/** Ask for one sample and wait for its answer (the next `sample` message for that ordinal). */
export async function loadSample(o: OpenedSession, ordinal: number, ms: number): Promise<Extract<HostToCurator, { type: 'sample' }>> {
  const before = o.panel.of('sample').length;
  await o.session.receive(o.panel, { type: 'requestSample', ordinal });
  return until(`sample #${ordinal + 1}`, ms, () => o.panel.of('sample').slice(before).find((m) => m.ordinal === ordinal));
}
