/**
 * The built language server (dist/server.js; `npm test` builds it first) as VS Code runs it: a child
 * process over Node IPC, spoken to with plain JSON-RPC messages. Checks the handshake, pull diagnostics,
 * settings read through workspace/configuration (and their validation), and the refresh on a
 * configuration change.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTING_KEYS } from '../../src/extension/settings';

const serverJs = path.resolve(__dirname, '../../dist/server.js');

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

class IpcClient {
  private nextId = 1;
  private readonly pending = new Map<number | string, (m: Message) => void>();
  readonly requestsFromServer: Message[] = [];
  /** Answers to the server's requests, by method. */
  readonly answers = new Map<string, (params: unknown) => unknown>();

  constructor(readonly child: ChildProcess) {
    child.on('message', (m: Message) => {
      if (m.method !== undefined && m.id !== undefined) {
        this.requestsFromServer.push(m);
        const answer = this.answers.get(m.method);
        child.send({ jsonrpc: '2.0', id: m.id, result: answer ? answer(m.params) : null });
      } else if (m.id !== undefined) {
        this.pending.get(m.id)?.(m);
        this.pending.delete(m.id);
      }
    });
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method}`)), 10_000);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.child.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.child.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves when the server has sent a request with this method (counting from `after`). */
  async waitForServerRequest(method: string, after = 0): Promise<Message> {
    for (let i = 0; i < 200; i++) {
      const found = this.requestsFromServer.slice(after).find((m) => m.method === method);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`the server never sent ${method}`);
  }
}

describe('language server over IPC', () => {
  let dir: string;
  let client: IpcClient;
  /** The values the client answers workspace/configuration with (unset keys: undefined, the default). */
  let settings: Record<string, unknown> = { maxRowMB: 32, checkImages: true, 'diagnostics.maxProblems': 200 };
  const uri = () => pathToFileURL(path.join(dir, 'data.jsonl')).toString();

  beforeAll(async () => {
    if (!fs.existsSync(serverJs)) throw new Error('dist/server.js is missing: run `npm run build` before this test');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-server-'));
    const child = fork(serverJs, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    client = new IpcClient(child);
    client.answers.set('workspace/configuration', (params) => {
      const items = (params as { items: Array<{ section: string; scopeUri: string }> }).items;
      expect(items.map((i) => i.section)).toEqual(SETTING_KEYS.map((k) => `helixCurator.${k}`));
      expect(items.every((i) => i.scopeUri === uri())).toBe(true);
      return SETTING_KEYS.map((k) => settings[k]);
    });
    const init = await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, diagnostics: { refreshSupport: true } }, textDocument: { diagnostic: {} } },
    });
    expect(init.result).toMatchObject({
      capabilities: { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false }, textDocumentSync: 2 },
      serverInfo: { name: 'helix-curator' },
    });
    client.notify('initialized', {});
    const registration = await client.waitForServerRequest('client/registerCapability');
    expect(registration.params).toMatchObject({ registrations: [{ method: 'workspace/didChangeConfiguration', registerOptions: { section: 'helixCurator' } }] });
    const text = ['{"id": "a", "images": ["missing.png"]}', '', '{"id": "b",', '[1]', '{"id": "c"}'].join('\n');
    client.notify('textDocument/didOpen', { textDocument: { uri: uri(), languageId: 'jsonl', version: 1, text } });
  });

  afterAll(async () => {
    if (!client) return;
    const exited = new Promise((r) => client.child.once('exit', r));
    await client.request('shutdown', null);
    client.notify('exit', null);
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const diagnostics = async () => {
    const report = await client.request('textDocument/diagnostic', { textDocument: { uri: uri() } });
    const result = report.result as { kind: string; items: Array<{ range: { start: { line: number } }; severity: number; code: string; message: string }> };
    expect(result.kind).toBe('full');
    return result.items.map((d) => [d.range.start.line, d.severity, d.code]);
  };

  it('pulls the diagnostics of a JSONL document', async () => {
    expect(await diagnostics()).toEqual([
      [0, 2, 'image'],
      [2, 1, 'invalid-json'],
      [3, 1, 'not-object'],
    ]);
  });

  it('re-reads settings after a configuration change, and falls back to defaults for invalid values', async () => {
    settings = { maxRowMB: 32, checkImages: false, 'diagnostics.maxProblems': 1 };
    const before = client.requestsFromServer.length;
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitForServerRequest('workspace/diagnostic/refresh', before);
    expect(await diagnostics()).toEqual([
      [2, 1, 'invalid-json'],
      [3, 3, 'too-many-problems'],
    ]);

    settings = Object.fromEntries(SETTING_KEYS.map((k) => [k, k === 'maxRowMB' ? -1 : { not: 'valid' }]));
    client.notify('workspace/didChangeConfiguration', { settings: null });
    expect(await diagnostics()).toHaveLength(3);
  });
});
