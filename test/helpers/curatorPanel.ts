/** What the curator host tests share: a panel that records (and validates) every message, and a poll helper. */
import * as path from 'node:path';
import type { CuratorPanel } from '../../src/extension/curator/session';
import { HostToCurator } from '../../src/protocol/curator';

/** A webview stand-in: keeps every message the host posts, each checked against the protocol's schema. */
export class FakePanel implements CuratorPanel {
  readonly messages: HostToCurator[] = [];
  /** Lines the host asked to reveal in the text editor. */
  readonly opened: number[] = [];
  post(message: HostToCurator): void {
    // The host must only ever send what the webview accepts.
    this.messages.push(HostToCurator.parse(message));
  }
  imageUri(absPath: string): string {
    return `https://webview.test/${path.basename(absPath)}`;
  }
  openLine(line: number): void {
    this.opened.push(line);
  }
  of<T extends HostToCurator['type']>(type: T): Extract<HostToCurator, { type: T }>[] {
    return this.messages.filter((m): m is Extract<HostToCurator, { type: T }> => m.type === type);
  }
  last<T extends HostToCurator['type']>(type: T): Extract<HostToCurator, { type: T }> | undefined {
    return this.of(type).at(-1);
  }
}

/** Poll `f` every 10 ms until it gives a value (not undefined or false); throws after `ms`. */
export async function until<T>(what: string, f: () => T | undefined | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
