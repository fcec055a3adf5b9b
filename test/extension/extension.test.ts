/**
 * The extension's glue against a fake `vscode` (fakeVscode.ts) and a fake language client: activation,
 * the lazy language client, and `Show Dataset Statistics` end to end over the real readers with the
 * bundled sample dataset, including the panel's ready handshake and message validation.
 */
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, textDocument, Uri } from './fakeVscode';

vi.mock('vscode', async () => await import('./fakeVscode'));

const clients = vi.hoisted(() => [] as Array<{ id: string; server: unknown; options: unknown; started: number; stopped: number }>);
vi.mock('vscode-languageclient/node', () => ({
  TransportKind: { stdio: 0, ipc: 1 },
  LanguageClient: class {
    private readonly record: (typeof clients)[number];
    constructor(id: string, _name: string, server: unknown, options: unknown) {
      this.record = { id, server, options, started: 0, stopped: 0 };
      clients.push(this.record);
    }
    start() {
      this.record.started++;
      return Promise.resolve();
    }
    stop() {
      this.record.stopped++;
      return Promise.resolve();
    }
    isRunning() {
      return this.record.started > this.record.stopped;
    }
  },
}));

import type * as vscode from 'vscode';
import { activate, deactivate } from '../../src/extension/extension';

const root = path.resolve(__dirname, '../..');
const sample = Uri.file(path.join(root, 'media/sample/traces.jsonl'));

function context() {
  return {
    subscriptions: [] as Array<{ dispose(): unknown }>,
    extensionUri: Uri.file(root),
    asAbsolutePath: (p: string) => path.join(root, p),
  };
}

let ctx: ReturnType<typeof context>;

beforeEach(() => {
  fake.reset();
  clients.length = 0;
});

afterEach(async () => {
  await deactivate();
  for (const d of ctx?.subscriptions ?? []) d.dispose();
});

const start = () => {
  ctx = context();
  activate(ctx as unknown as vscode.ExtensionContext);
};
const run = (id: string, ...args: unknown[]) => fake.commands.get(id)!(...args) as Promise<void>;

describe('activation', () => {
  it('registers the commands and starts no language client without a JSONL document', () => {
    start();
    expect([...fake.commands.keys()].sort()).toEqual(['helixCurator.exportAccepted', 'helixCurator.openDataset', 'helixCurator.openJournal', 'helixCurator.openSampleDataset', 'helixCurator.showStats']);
    // The curator editor is registered at activation, but its module (and the dataset engine) loads only when a dataset opens.
    expect([...fake.customEditors.keys()]).toEqual(['helixCurator.curator']);
    expect(fake.customEditors.get('helixCurator.curator')!.options).toMatchObject({ supportsMultipleEditorsPerDocument: true });
    expect(clients).toEqual([]);
  });

  it('starts the language client once, on the first JSONL document, over IPC with dist/server.js', () => {
    start();
    fake.onOpen.fire(textDocument(Uri.file('/x/a.txt'), 'plaintext'));
    expect(clients).toHaveLength(0);
    fake.onOpen.fire(textDocument(Uri.file('/x/a.jsonl'), 'jsonl'));
    fake.onOpen.fire(textDocument(Uri.file('/x/b.jsonl'), 'jsonl'));
    expect(clients).toHaveLength(1);
    expect(clients[0]).toMatchObject({
      id: 'helixCurator',
      started: 1,
      server: { run: { module: path.join(root, 'dist/server.js'), transport: 1 } },
      // The default helixCurator.diagnostics.include globs, and untitled JSON Lines.
      options: { documentSelector: [{ scheme: 'file', pattern: '**/*.jsonl' }, { scheme: 'file', pattern: '**/*.ndjson' }, { scheme: 'untitled', language: 'jsonl' }] },
    });
  });

  it('starts the client at activation when a JSONL document is already open, and stops it in deactivate', async () => {
    fake.documents.push(textDocument(Uri.file('/x/a.jsonl'), 'jsonl'));
    start();
    expect(clients).toHaveLength(1);
    await deactivate();
    expect(clients[0]!.stopped).toBe(1);
  });
});

describe('Show Dataset Statistics', () => {
  it('computes the stats under a cancellable progress notification that reaches 100%', async () => {
    start();
    await run('helixCurator.showStats', sample);
    expect(fake.errors).toEqual([]);
    expect(fake.progress).toHaveLength(1);
    const [p] = fake.progress;
    expect(p!.options).toMatchObject({ location: 15, cancellable: true, title: 'Helix: statistics of traces.jsonl' });
    expect(p!.reports.reduce((n, r) => n + (r.increment ?? 0), 0)).toBe(100);
  });

  it('opens a panel limited to dist and media, and sends the snapshot only after ready', async () => {
    start();
    await run('helixCurator.showStats', sample);
    expect(fake.panels).toHaveLength(1);
    const panel = fake.panels[0]!;
    expect(panel.title).toBe('Stats: traces.jsonl');
    expect(panel.options.enableScripts).toBe(true);
    expect(panel.options.localResourceRoots?.map((u) => path.relative(root, u.fsPath))).toEqual(['dist', 'media']);
    expect(panel.webview.html).toMatch(/script-src &#39;nonce-[A-Za-z0-9]+&#39;/);
    expect(panel.posted).toEqual([]);

    panel.onReceive.fire({ type: 'ready' });
    expect(panel.posted).toHaveLength(1);
    expect(panel.posted[0]).toMatchObject({ type: 'stats', fileName: 'traces.jsonl', stats: { samples: 60, bad: 0, format: 'jsonl' } });

    // A recreated webview says ready again and gets the snapshot again.
    panel.onViewState.fire({ webviewPanel: { visible: false } });
    panel.onReceive.fire({ type: 'ready' });
    expect(panel.posted).toHaveLength(2);
  });

  it('validates webview messages and opens the file at the line asked for', async () => {
    start();
    await run('helixCurator.showStats', sample);
    const panel = fake.panels[0]!;
    for (const bad of [{ type: 'openLine', line: 0 }, { type: 'openLine', line: '3' }, { type: 'eval', code: 'x' }, 'ready', null]) panel.onReceive.fire(bad);
    expect(fake.shown).toEqual([]);
    expect(fake.log.filter((l) => l.startsWith('warn stats panel: ignored an invalid message'))).toHaveLength(5);

    panel.onReceive.fire({ type: 'openLine', line: 7 });
    await vi.waitFor(() => expect(fake.shown).toHaveLength(1));
    const { options } = fake.shown[0]! as { options: { selection: { start: { line: number; character: number }; end: { line: number; character: number } } } };
    expect(options.selection.start).toEqual({ line: 6, character: 0 });
    expect(options.selection.end).toEqual({ line: 6, character: 'line 7'.length });
  });

  it('reuses the panel of a file and updates it', async () => {
    start();
    await run('helixCurator.showStats', sample);
    const panel = fake.panels[0]!;
    panel.onReceive.fire({ type: 'ready' });
    await run('helixCurator.showStats', sample);
    expect(fake.panels).toHaveLength(1);
    expect(panel.revealed).toBe(1);
    expect(panel.posted).toHaveLength(2);
  });

  it('uses the active editor, else asks for a file', async () => {
    start();
    fake.activeTextEditor = { document: textDocument(Uri.file('/x/notes.md'), 'markdown') };
    await run('helixCurator.showStats');
    expect(fake.openDialogCalls).toBe(1);
    expect(fake.panels).toHaveLength(0);

    fake.activeTextEditor = { document: textDocument(sample, 'jsonl') };
    await run('helixCurator.showStats');
    expect(fake.openDialogCalls).toBe(1);
    expect(fake.panels).toHaveLength(1);
  });

  it('shows no panel when cancelled', async () => {
    start();
    fake.cancelProgress = true;
    await run('helixCurator.showStats', sample);
    expect(fake.panels).toHaveLength(0);
    expect(fake.errors).toEqual([]);
    expect(fake.statusMessages).toEqual(['Helix: statistics of traces.jsonl cancelled']);
  });

  it('reports a file that cannot be read', async () => {
    start();
    await run('helixCurator.showStats', Uri.file(path.join(root, 'media/sample/nope.jsonl')));
    expect(fake.panels).toHaveLength(0);
    expect(fake.errors).toHaveLength(1);
    expect(fake.errors[0]).toMatch(/nope\.jsonl: cannot read/);
  });

  it('falls back to the default for an invalid setting, with a warning', async () => {
    start();
    fake.config['helixCurator.maxRowMB'] = 'lots';
    await run('helixCurator.showStats', sample);
    expect(fake.panels).toHaveLength(1);
    expect(fake.warnings).toEqual([expect.stringMatching(/helixCurator\.maxRowMB: .*using the default \(32\)/)]);
  });
});

describe('Open Sample Dataset / Open Dataset...', () => {
  it('opens the bundled evaluation sample with the curator editor', async () => {
    start();
    await run('helixCurator.openSampleDataset');
    const openWith = fake.executed.find((e) => e.command === 'vscode.openWith');
    expect((openWith!.args[0] as Uri).fsPath).toBe(path.join(root, 'media/sample/mmhelix-eval.jsonl'));
    expect(openWith!.args[1]).toBe('helixCurator.curator');
  });

  it('Open Dataset... reopens the active dataset text editor in the curator, else asks for a file', async () => {
    start();
    fake.activeTextEditor = { document: textDocument(sample, 'jsonl', ['{}']) };
    await run('helixCurator.openDataset');
    expect(fake.executed.filter((e) => e.command === 'vscode.openWith').map((e) => [(e.args[0] as Uri).fsPath, e.args[1]])).toEqual([[sample.fsPath, 'helixCurator.curator']]);
    fake.activeTextEditor = undefined;
    await run('helixCurator.openDataset');
    expect(fake.openDialogCalls).toBe(1);
    expect(fake.executed.filter((e) => e.command === 'vscode.openWith')).toHaveLength(1);
  });
});
