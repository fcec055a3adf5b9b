/**
 * Workspace Trust: package.json declares limited support in untrusted workspaces; in Restricted Mode the
 * curator opens read-only (decisions, notes, tag edits, rulings, undo/redo refused with a message in the
 * webview, nothing appended to a journal, the extension API refused too), every open curator records again
 * once trust is granted; exports may only be written inside a workspace folder; the language server (read-only
 * checks) still starts.
 *
 * Against fakeVscode.ts, with `workspace.isTrusted`, `onDidGrantWorkspaceTrust` and `workspaceFolders`
 * added here, and the real session, engine (in-process) and journal underneath.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appendJournal, contentHash, journalLine, readJournal } from '../../src/core/journal';
import { openDataset } from '../../src/core/readers/open';
import { HostToCurator } from '../../src/protocol/curator';
import { fake, FakeWebviewPanel, textDocument, Uri } from './fakeVscode';

const trust = vi.hoisted(() => ({
  trusted: false,
  grant: [] as (() => void)[],
  folders: [] as { uri: { scheme: string; fsPath: string } }[],
  picks: [] as unknown[],
  saveTarget: null as import('./fakeVscode').Uri | null,
  infoMessages: [] as string[],
}));

vi.mock('vscode', async () => {
  const base = await import('./fakeVscode');
  return {
    ...base,
    workspace: {
      ...base.workspace,
      get isTrusted() {
        return trust.trusted;
      },
      onDidGrantWorkspaceTrust: (l: () => void) => {
        trust.grant.push(l);
        return { dispose: () => trust.grant.splice(trust.grant.indexOf(l), 1) };
      },
      get workspaceFolders() {
        return trust.folders;
      },
      get textDocuments() {
        return base.fake.documents;
      },
    },
    window: {
      ...base.window,
      showQuickPick: (items: unknown[], options?: { canPickMany?: boolean }) => Promise.resolve(options?.canPickMany ? [] : (trust.picks.shift() ?? items[0])),
      showSaveDialog: () => Promise.resolve(trust.saveTarget),
      showInformationMessage: (m: string) => {
        trust.infoMessages.push(m);
        return Promise.resolve(undefined); // the confirmation modal: cancelled
      },
      get activeTextEditor() {
        return base.fake.activeTextEditor;
      },
    },
  };
});

const clients = vi.hoisted(() => [] as Array<{ started: number }>);
vi.mock('vscode-languageclient/node', () => ({
  TransportKind: { stdio: 0, ipc: 1 },
  LanguageClient: class {
    private readonly record = { started: 0 };
    constructor() {
      clients.push(this.record);
    }
    start() {
      this.record.started++;
      return Promise.resolve();
    }
    stop() {
      return Promise.resolve();
    }
    isRunning() {
      return this.record.started > 0;
    }
  },
}));

import type * as vscode from 'vscode';
import { activate, deactivate } from '../../src/extension/extension';
import { exportAccepted } from '../../src/extension/exportCommand';
import { CuratorHost, RESTRICTED_MODE_REASON } from '../../src/extension/curator/host';
import { InProcessBackend } from '../../src/extension/curator/backend';
import { CuratorSession } from '../../src/extension/curator/session';
import { FakePanel, until } from '../helpers/curatorPanel';

const root = path.resolve(__dirname, '../..');
const SAMPLE_DIR = path.join(root, 'media/sample');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  capabilities?: { untrustedWorkspaces?: { supported: unknown; description?: string; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, { type?: string; description?: string }> } };
};

let dir: string;
let dataset: string;
let journal: string;
const cleanup: (() => unknown)[] = [];

beforeEach(() => {
  fake.reset();
  trust.trusted = false;
  trust.grant.length = 0;
  trust.folders = [];
  trust.picks = [];
  trust.saveTarget = null;
  trust.infoMessages = [];
  clients.length = 0;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-trust-'));
  dataset = path.join(dir, 'mmhelix-eval.jsonl');
  fs.copyFileSync(path.join(SAMPLE_DIR, 'mmhelix-eval.jsonl'), dataset);
  fs.cpSync(path.join(SAMPLE_DIR, 'images'), path.join(dir, 'images'), { recursive: true });
  journal = path.join(dir, 'mmhelix-eval.helix-journal.jsonl');
});

afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('package.json: capabilities.untrustedWorkspaces', () => {
  it('declares limited support, says what is limited, and restricts the settings that point at files', () => {
    const u = pkg.capabilities?.untrustedWorkspaces;
    expect(u?.supported).toBe('limited');
    expect(u?.description).toMatch(/read-only/);
    expect(u?.description).toMatch(/export/i);
    const keys = Object.keys(pkg.contributes.configuration.properties);
    // Every restricted key is a real setting; the two that name a file or folder are among them.
    for (const k of u?.restrictedConfigurations ?? []) expect(keys).toContain(k);
    expect(u?.restrictedConfigurations).toEqual(expect.arrayContaining(['helixCurator.journal.folder', 'helixCurator.trace.cuesFile']));
  });
});

describe('a read-only session (Restricted Mode)', () => {
  function open(readOnly: string | null): CuratorSession {
    const session = new CuratorSession({
      datasetPath: dataset,
      journalPath: journal,
      curator: 'alice',
      autoAdvance: true,
      backend: new InProcessBackend({ file: dataset, maxRowBytes: 32 << 20, checkImages: true, cuesFile: null, analyseAll: false }),
      views: { load: () => [], save: () => Promise.resolve() },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      readOnly,
    });
    cleanup.push(() => session.dispose());
    return session;
  }

  it('refuses every edit with a message naming the reason, takes back the optimistic change, writes nothing; granted, it records', async () => {
    const session = open(RESTRICTED_MODE_REASON);
    const panel = new FakePanel();
    session.attach(panel);
    await session.receive(panel, { type: 'ready' });
    await until('index', () => panel.of('indexStatus').at(-1)?.done);
    // The replay says so at once.
    expect(panel.of('error').map((e) => e.message)).toEqual([`Read-only: ${RESTRICTED_MODE_REASON}`]);
    await session.receive(panel, { type: 'requestSample', ordinal: 0 });
    const detail = await until('sample', () => panel.of('sample').at(-1)?.detail ?? undefined);

    const attempts: [unknown, RegExp][] = [
      [{ type: 'decide', ordinal: 0, decision: 'accept' }, /^the decision \(accept\) was not recorded: this workspace is in Restricted Mode/],
      [{ type: 'decide', ordinal: 1, decision: 'reject', note: 'bad' }, /^the decision \(reject\) was not recorded/],
      [{ type: 'setNote', ordinal: 0, note: 'looks fine' }, /^the note was not recorded/],
      [{ type: 'toggleTag', ordinal: 0, step: detail.steps[0]!.index, tag: 'verification' }, /^the tag edit \(verification on step 1\) was not recorded/],
      [{ type: 'adjudicate', ordinal: 0, decision: 'accept' }, /^the ruling \(accept\) was not recorded/],
      [{ type: 'undo' }, /^the undo was not recorded/],
      [{ type: 'redo' }, /^the redo was not recorded/],
    ];
    for (const [message, expected] of attempts) {
      const before = panel.messages.length;
      await session.receive(panel, message);
      const posted = panel.messages.slice(before);
      expect(posted.map((m) => m.type), JSON.stringify(message)).toEqual(['error', 'decisions']);
      expect((posted[0] as { message: string }).message).toMatch(expected);
      expect((posted[0] as { message: string }).message).toContain('Trust the workspace');
      expect((posted[1] as { entries: unknown[] }).entries).toEqual([]);
    }
    await expect(session.decideById(detail.id, 'accept')).rejects.toThrow(/Restricted Mode/);
    await expect(session.adjudicateById(detail.id, 'accept')).rejects.toThrow(/Restricted Mode/);
    expect(fs.existsSync(journal)).toBe(false);
    // Viewing still works: saved views are the window's state, not the journal.
    await session.receive(panel, { type: 'saveView', view: { name: 'mazes', filter: { tasks: ['maze'] } } });
    expect(panel.of('savedViews').at(-1)!.views.map((v) => v.name)).toEqual(['mazes']);

    session.setReadOnly(null);
    await session.receive(panel, { type: 'decide', ordinal: 0, decision: 'accept' });
    const read = await readJournal(journal);
    expect(read.lines.map((l) => [l.sampleId, l.decision])).toEqual([[detail.id, 'accept']]);
    expect(read.lines[0]!.contentHash).toBe(detail.contentHash);
  });
});

/** A curator opened through the host, as VS Code does: openCustomDocument + resolveCustomEditor. */
async function openInHost(): Promise<{ host: CuratorHost; panel: FakeWebviewPanel; posted: () => HostToCurator[] }> {
  const extDir = path.join(dir, 'ext'); // no dist/curatorWorker.js here: the engine runs in-process
  fs.mkdirSync(extDir);
  const context = {
    subscriptions: [] as { dispose(): unknown }[],
    extensionUri: Uri.file(extDir),
    globalStorageUri: Uri.file(path.join(dir, 'storage')),
    workspaceState: { get: () => undefined, update: () => Promise.resolve() },
  };
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined, appendLine: () => undefined };
  const host = new CuratorHost(context as unknown as vscode.ExtensionContext, log as unknown as vscode.LogOutputChannel);
  const document = host.openCustomDocument(Uri.file(dataset) as unknown as vscode.Uri);
  const panel = Object.assign(new FakeWebviewPanel('helixCurator.curator', 'mmhelix-eval.jsonl', {}, {}), { active: true });
  host.resolveCustomEditor(document, panel as unknown as vscode.WebviewPanel);
  cleanup.push(() => host.dispose());
  cleanup.push(() => document.dispose());
  const posted = () => panel.posted.map((m) => HostToCurator.parse(m));
  panel.onReceive.fire({ type: 'ready' });
  await until('index', () => posted().some((m) => m.type === 'indexStatus' && m.done));
  return { host, panel, posted };
}

describe('the curator in an untrusted workspace', () => {
  it('opens read-only, refuses a decision in the webview (nothing written), and records once trust is granted', async () => {
    const { panel, posted } = await openInHost();
    const status = fake.statusBarItems.find((s) => s.id === 'helixCurator.counts')!;
    expect(status.text).toMatch(/^\$\(lock\) read-only · /);
    panel.onReceive.fire({ type: 'decide', ordinal: 0, decision: 'accept' });
    const refused = await until('refusal', () => posted().find((m) => m.type === 'error' && /^the decision \(accept\) was not recorded/.test(m.message)));
    expect((refused as { message: string }).message).toContain('Restricted Mode');
    expect(fs.existsSync(journal)).toBe(false);

    expect(trust.grant).toHaveLength(1);
    trust.trusted = true;
    for (const l of [...trust.grant]) l();
    panel.onReceive.fire({ type: 'decide', ordinal: 0, decision: 'accept' });
    await until('journal line', () => fs.existsSync(journal) && fs.readFileSync(journal, 'utf8').includes('"accept"'));
    expect((await readJournal(journal)).lines).toHaveLength(1);
    // The status bar no longer says read-only.
    expect(status.text).not.toMatch(/read-only/);
  });

  it('the extension API refuses decisions too', async () => {
    const extDir = path.join(dir, 'ext');
    fs.mkdirSync(extDir);
    const context = { subscriptions: [], extensionUri: Uri.file(extDir), globalStorageUri: Uri.file(path.join(dir, 'storage')), workspaceState: { get: () => undefined, update: () => Promise.resolve() } };
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const host = new CuratorHost(context as unknown as vscode.ExtensionContext, log as unknown as vscode.LogOutputChannel);
    cleanup.push(() => host.dispose());
    await expect(host.decide(Uri.file(dataset) as unknown as vscode.Uri, 'dev-shortest_distance_weighted-1', 'accept')).rejects.toThrow(/Restricted Mode/);
    expect(fs.existsSync(journal)).toBe(false);
    trust.trusted = true;
    await host.decide(Uri.file(dataset) as unknown as vscode.Uri, 'dev-shortest_distance_weighted-1', 'accept');
    expect((await readJournal(journal)).lines.map((l) => l.decision)).toEqual(['accept']);
  });
});

describe('export in an untrusted workspace', () => {
  async function accepted(): Promise<void> {
    const reader = openDataset(dataset);
    const index = await reader.buildIndex();
    const sample = await reader.loadSample(index.entries[0]!);
    await reader.close();
    await appendJournal(journal, journalLine({ curator: 'alice', sampleId: sample.id, contentHash: contentHash(sample), decision: 'accept' }));
  }
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel;
  const request = () => ({ dataset: Uri.file(dataset) as unknown as vscode.Uri, journal: { path: journal, folder: undefined }, scopes: [] });

  it('refuses an output outside every workspace folder, and writes nothing', async () => {
    await accepted();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-trust-outside-'));
    cleanup.push(() => fs.rmSync(outside, { recursive: true, force: true }));
    trust.folders = [{ uri: Uri.file(dir) }];
    trust.saveTarget = Uri.file(path.join(outside, 'sft.jsonl'));
    await expect(exportAccepted(log, request())).rejects.toThrow(/Restricted Mode: exports may only be written inside a workspace folder/);
    expect(fs.readdirSync(outside)).toEqual([]);
    // No workspace folder at all: nowhere is inside one.
    trust.folders = [];
    trust.saveTarget = Uri.file(path.join(dir, 'sft.jsonl'));
    await expect(exportAccepted(log, request())).rejects.toThrow(/Restricted Mode/);
  });

  it('lets an output inside a workspace folder through to the pre-export check (and a trusted workspace anywhere)', async () => {
    await accepted();
    trust.folders = [{ uri: Uri.file(dir) }];
    trust.saveTarget = Uri.file(path.join(dir, 'out', 'sft.jsonl'));
    await exportAccepted(log, request());
    // It got as far as the confirmation (cancelled by the fake), with the check's figures.
    expect(trust.infoMessages.at(-1)).toMatch(/^Export 1 samples of mmhelix-eval\.jsonl to sft\.jsonl\?/);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-trust-outside-'));
    cleanup.push(() => fs.rmSync(outside, { recursive: true, force: true }));
    trust.trusted = true;
    trust.saveTarget = Uri.file(path.join(outside, 'sft.jsonl'));
    await exportAccepted(log, request());
    expect(trust.infoMessages.at(-1)).toMatch(/^Export 1 samples/);
  });
});

describe('the language server in an untrusted workspace', () => {
  it('still starts for a JSONL document: its checks only read', () => {
    const ctx = { subscriptions: [] as { dispose(): unknown }[], extensionUri: Uri.file(root), asAbsolutePath: (p: string) => path.join(root, p) };
    activate(ctx as unknown as vscode.ExtensionContext);
    cleanup.push(async () => {
      await deactivate();
      for (const d of ctx.subscriptions) d.dispose();
    });
    fake.onOpen.fire(textDocument(Uri.file('/x/a.jsonl'), 'jsonl'));
    expect(clients).toHaveLength(1);
    expect(clients[0]!.started).toBe(1);
  });
});
