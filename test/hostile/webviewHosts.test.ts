/**
 * The webview hosts' options (against fakeVscode.ts): every panel that runs scripts may load local
 * resources only from the extension (dist/, media/) and, for the curator, the dataset's own folder; no
 * panel turns on command URIs (a `command:` link in trace text must never run a VS Code command) or
 * forms; and each panel's HTML carries the strict CSP of src/extension/webviewHtml.ts with a fresh nonce.
 *
 * The curator is opened as VS Code opens it (CuratorHost.openCustomDocument + resolveCustomEditor, the
 * engine in-process), the statistics panel through StatsPanel.show. A source scan backs this up for any
 * webview added later.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebviewPanel, fake, Uri } from '../extension/fakeVscode';

vi.mock('vscode', async () => await import('../extension/fakeVscode'));

import type * as vscode from 'vscode';
import type { DatasetStats } from '../../src/core/stats';
import { isInside } from '../../src/extension/curator/journalLocation';
import { CuratorHost } from '../../src/extension/curator/host';
import { StatsPanel } from '../../src/extension/statsPanel';

const FIXTURES = path.resolve(__dirname, '../fixtures/mmhelix-dev');

let dir: string;
const cleanup: (() => unknown)[] = [];

beforeEach(() => {
  fake.reset();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-webview-hosts-'));
});

afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface WebviewOptions {
  enableScripts?: boolean;
  enableCommandUris?: boolean | readonly string[];
  enableForms?: boolean;
  localResourceRoots?: readonly { fsPath: string }[];
}

/** The checks every scripted webview must pass: roots inside `allowed` (each root, or inside it), nothing else turned on. */
function expectLockedDown(options: WebviewOptions, allowed: { extension: string; dataset?: string }): string[] {
  expect(options.enableScripts).toBe(true);
  // VS Code's default is off; a host must not turn it on (neither `true` nor a list of commands).
  expect(options.enableCommandUris ?? false).toBe(false);
  expect(options.enableForms ?? false).toBe(false);
  const roots = (options.localResourceRoots ?? []).map((u) => u.fsPath);
  expect(roots.length).toBeGreaterThan(0);
  for (const r of roots) {
    const ok = isInside(r, allowed.extension) || (allowed.dataset !== undefined && r === allowed.dataset);
    expect(ok, `localResourceRoot ${r} is neither inside the extension (${allowed.extension}) nor the dataset folder (${allowed.dataset ?? 'none'})`).toBe(true);
    // Not the file system root, the home folder, or a folder above the dataset.
    expect(r).not.toBe(path.parse(r).root);
    expect(r).not.toBe(os.homedir());
    if (allowed.dataset) expect(isInside(allowed.dataset, r) && r !== allowed.dataset).toBe(false);
  }
  return roots;
}

function expectStrictCsp(html: string, cspSource: string): string {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
  expect(csp).toBeDefined();
  expect(csp).toContain("default-src 'none'");
  expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9]{16,}'/);
  expect(csp).not.toMatch(/unsafe-|\*/);
  // Every source is the webview's own resource origin (or data:/blob: images).
  for (const directive of csp!.split(';')) {
    for (const source of directive.trim().split(/\s+/).slice(1)) expect(["'none'", cspSource, 'data:', 'blob:'].includes(source) || source.startsWith("'nonce-"), `${directive.trim()}: ${source}`).toBe(true);
  }
  const nonce = /'nonce-([A-Za-z0-9]+)'/.exec(csp!)![1]!;
  expect(html.match(/<script\b/g)).toHaveLength(1);
  expect(html).toContain(`<script nonce="${nonce}" src="${cspSource}`);
  return nonce;
}

describe('the curator custom editor', () => {
  function open(): { panel: FakeWebviewPanel; extDir: string; datasetDir: string } {
    const extDir = path.join(dir, 'ext'); // no dist/curatorWorker.js: the engine runs in-process
    fs.mkdirSync(extDir);
    const datasetDir = path.join(dir, 'data', 'set');
    fs.mkdirSync(datasetDir, { recursive: true });
    const inst = fs.readFileSync(path.join(FIXTURES, 'instances.jsonl'), 'utf8').split('\n')[0]!;
    const dataset = path.join(datasetDir, 'traces.jsonl');
    fs.writeFileSync(dataset, `${inst}\n`);
    const context = {
      subscriptions: [] as { dispose(): unknown }[],
      extensionUri: Uri.file(extDir),
      globalStorageUri: Uri.file(path.join(dir, 'storage')),
      workspaceState: { get: () => undefined, update: () => Promise.resolve() },
    };
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined, appendLine: () => undefined };
    const host = new CuratorHost(context as unknown as vscode.ExtensionContext, log as unknown as vscode.LogOutputChannel);
    const document = host.openCustomDocument(Uri.file(dataset) as unknown as vscode.Uri);
    const panel = Object.assign(new FakeWebviewPanel('helixCurator.curator', 'traces.jsonl', {}, {}), { active: true });
    host.resolveCustomEditor(document, panel as unknown as vscode.WebviewPanel);
    cleanup.push(() => host.dispose());
    cleanup.push(() => document.dispose());
    return { panel, extDir, datasetDir };
  }

  it('loads local resources from the extension and the dataset folder only; no command URIs, no forms', () => {
    const { panel, extDir, datasetDir } = open();
    const options = (panel.webview as unknown as { options: WebviewOptions }).options;
    const roots = expectLockedDown(options, { extension: extDir, dataset: datasetDir });
    expect(roots).toContain(datasetDir);
    expect(roots).toContain(path.join(extDir, 'dist'));
  });

  it('serves the strict CSP with a fresh nonce on every panel', () => {
    const a = open().panel;
    const nonceA = expectStrictCsp(a.webview.html, a.webview.cspSource);
    fs.rmSync(path.join(dir, 'ext'), { recursive: true });
    fs.rmSync(path.join(dir, 'data'), { recursive: true });
    const b = open().panel;
    const nonceB = expectStrictCsp(b.webview.html, b.webview.cspSource);
    expect(nonceB).not.toBe(nonceA);
  });
});

describe('the statistics panel', () => {
  it('loads local resources from the extension only; no command URIs, no forms; strict CSP', () => {
    const extDir = path.join(dir, 'ext');
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel;
    const panel = StatsPanel.show(Uri.file(extDir) as unknown as vscode.Uri, Uri.file(path.join(dir, 'traces.jsonl')) as unknown as vscode.Uri, {} as DatasetStats, log);
    cleanup.push(() => panel.dispose());
    const created = fake.panels.at(-1)!;
    expectLockedDown(created.options, { extension: extDir });
    expectStrictCsp(created.webview.html, created.webview.cspSource);
  });
});

describe('every webview in src/extension (source scan)', () => {
  it('never enables command URIs or forms, and sets localResourceRoots wherever it enables scripts', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const f = path.join(d, e.name);
        if (e.isDirectory()) walk(f);
        else if (/\.tsx?$/.test(e.name)) files.push(f);
      }
    };
    walk(path.resolve(__dirname, '../../src'));
    let scripted = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/enableCommandUris\s*:\s*(true|\[)/);
      expect(text, f).not.toMatch(/enableForms\s*:\s*true/);
      for (const m of text.matchAll(/enableScripts\s*:\s*true/g)) {
        scripted++;
        const around = text.slice(m.index, m.index + 400);
        expect(around, `${path.relative(process.cwd(), f)}: enableScripts without localResourceRoots next to it`).toMatch(/localResourceRoots\s*:/);
      }
    }
    // The curator and the statistics panel (update when a webview is added: it needs its own test above).
    expect(scripted).toBe(2);
  });
});
