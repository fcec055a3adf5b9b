/**
 * The built language server (dist/server.js; `npm test` builds it, or `npx webpack --config-name server`)
 * started as any LSP editor starts it, `node dist/server.js --stdio`, and driven by the protocol library's
 * own client connection (vscode-languageserver-protocol over the child's stdin/stdout, no mocks): open the
 * fixture dataset (test/fixtures/server: a correct line, broken JSON, a failing answer, a mismatch, a
 * missing image, a lenient pass, an unknown task, an escaping image path, a schema error), pull its
 * diagnostics, hover, list symbols and code lenses, run the Verify request, then edit one line and see
 * only that line's diagnostics change (and the server re-check only that line).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeLensRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  DocumentSymbolRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeLens,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type DocumentSymbol,
  type MarkupContent,
  type ProtocolConnection,
  type ShowMessageParams,
} from 'vscode-languageserver-protocol/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTING_KEYS } from '../../src/extension/settings';
import { DOCUMENT_INFO_REQUEST, VERIFY_LINE_REQUEST, type DocumentInfo, type VerifyLineResult } from '../../src/server/protocol';

const serverJs = path.resolve(__dirname, '../../dist/server.js');
const fixture = path.resolve(__dirname, '../fixtures/server/dataset.jsonl');
const uri = pathToFileURL(fixture).toString();
const fixtureText = fs.readFileSync(fixture, 'utf8');
const fixtureLines = fixtureText.split('\n');

interface Server {
  child: ChildProcess;
  connection: ProtocolConnection;
  messages: ShowMessageParams[];
  /** What the server is told for workspace/configuration (unset keys: the defaults). */
  settings: Record<string, unknown>;
  stderr: string[];
}

async function startServer(env: Record<string, string> = {}): Promise<Server> {
  if (!fs.existsSync(serverJs)) throw new Error('dist/server.js is missing: run `npx webpack --config-name server` before this test');
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const server: Server = { child, connection, messages: [], settings: {}, stderr: [] };
  child.stderr.on('data', (d: Buffer) => server.stderr.push(d.toString()));
  connection.onRequest('workspace/configuration', (params: { items: Array<{ section: string }> }) =>
    params.items.map((i) => server.settings[i.section.replace(/^helixCurator\./, '')]),
  );
  connection.onNotification(ShowMessageNotification.method, (m: ShowMessageParams) => {
    server.messages.push(m);
  });
  connection.listen();
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: {
      workspace: { configuration: true },
      textDocument: { diagnostic: {}, hover: { contentFormat: ['markdown'] }, documentSymbol: { hierarchicalDocumentSymbolSupport: true }, codeLens: {} },
    },
  });
  expect(init.capabilities).toMatchObject({ hoverProvider: true, codeLensProvider: {}, documentSymbolProvider: {}, diagnosticProvider: { interFileDependencies: false } });
  await connection.sendNotification(InitializedNotification.type, {});
  return server;
}

async function stopServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  await server.connection.sendRequest(ShutdownRequest.type);
  await server.connection.sendNotification(ExitNotification.type);
  await exited;
  server.connection.dispose();
}

const open = (s: Server, docUri: string, text: string, version = 1) =>
  s.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: docUri, languageId: 'jsonl', version, text } });

async function pull(s: Server, docUri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
  return s.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: docUri }, ...(previousResultId ? { previousResultId } : {}) });
}

async function diagnostics(s: Server, docUri: string): Promise<Diagnostic[]> {
  const report = await pull(s, docUri);
  if (report.kind !== 'full') throw new Error(`expected a full report, got ${report.kind}`);
  return report.items;
}

/** [line, severity, code, the text the range covers] */
const brief = (ds: Diagnostic[], lines = fixtureLines) => ds.map((d) => [d.range.start.line, d.severity, d.code, lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)]);

describe('language server over stdio, with the protocol library client', () => {
  let s: Server;
  beforeAll(async () => {
    s = await startServer();
    await open(s, uri, fixtureText);
  });
  afterAll(async () => {
    await stopServer(s);
  });

  it('reports each line\'s problems with the line\'s range', async () => {
    const ds = await diagnostics(s, uri);
    expect(brief(ds).map(([line, severity, code]) => [line, severity, code])).toEqual([
      [1, 1, 'invalid-json'],
      [2, 1, 'answer-fails'],
      [3, 1, 'answer-fails'],
      [3, 2, 'verdict-mismatch'],
      [4, 2, 'image'],
      [6, 2, 'lenient-pass'],
      [7, 2, 'unknown-task'],
      [8, 2, 'image'],
      [9, 1, 'wrong-type'],
    ]);
    for (const d of ds) expect(d.range.end.line, JSON.stringify(d.message)).toBe(d.range.start.line);
    expect(brief(ds)[2]![3]).toBe('7'); // the extracted answer inside the response
    expect(brief(ds)[3]![3]).toBe('"verdict"'); // the stored verdict's key
    expect(ds.every((d) => d.source === 'helix-curator')).toBe(true);
  });

  it('answers "unchanged" for a document and settings it has already reported', async () => {
    const first = await pull(s, uri);
    expect(first.kind).toBe('full');
    const resultId = (first as { resultId?: string }).resultId;
    expect(resultId).toBeTruthy();
    expect((await pull(s, uri, resultId)).kind).toBe('unchanged');
  });

  it('hovers a line with task, difficulty, verdict and reason, answer and tag counts', async () => {
    const hover = await s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 5 } });
    const value = (hover?.contents as MarkupContent).value;
    expect((hover?.contents as MarkupContent).kind).toBe('markdown');
    expect(value).toContain('**mismatch\\-1** · task `shortest_distance_weighted` · difficulty 1');
    expect(value).toMatch(/\*\*Verdict:\*\* fail \(reference, `simple_str_match`\): the answer "7" is not the stored answer "4"/);
    expect(value).toContain('**Stored verdict:** `verdict` = `true`: **mismatch**: it says pass, the re-run says fail');
    expect(value).toMatch(/\*\*Extracted answer\*\* \(\w+\): `7`/);
    expect(value).toMatch(/\*\*Reflection tags\*\* \(\d+ steps?\): verification \d+ · backtracking \d+ · subgoal \d+ · backward chaining \d+ · correction \d+/);
    expect(hover?.range).toEqual({ start: { line: 3, character: 0 }, end: { line: 3, character: fixtureLines[3]!.length } });
    expect(await s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character: 0 } })).toBeNull(); // blank line
  });

  it('lists one symbol per sample: its id, task and difficulty', async () => {
    const symbols = (await s.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    expect(symbols.map((x) => [x.range.start.line, x.name, x.detail])).toEqual([
      [0, 'dev-shortest_distance_weighted-1', 'shortest_distance_weighted · difficulty 1'],
      [1, '#2', 'unreadable row'],
      [2, 'fails-1', 'max_flow · difficulty 2'],
      [3, 'mismatch-1', 'shortest_distance_weighted · difficulty 1'],
      [4, 'missing-image-1', 'shortest_distance_weighted · difficulty 1'],
      [6, 'lenient-1', 'eulerian_cycle · difficulty 2'],
      [7, 'unknown-task-1', 'tetris'],
      [8, 'escaping-image-1', 'shortest_distance_weighted · difficulty 1'],
      [9, 'schema-1', ''],
    ]);
  });

  it('puts "Open in Helix Curator" and "Verify" lenses on each sample line, with the line and ordinal', async () => {
    const lenses = (await s.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
    expect(lenses).toHaveLength(18);
    const onLine6 = lenses.filter((l) => l.range.start.line === 6);
    expect(onLine6.map((l) => [l.command?.title, l.command?.command, l.command?.arguments])).toEqual([
      ['Open in Helix Curator', 'helixCurator.openDataset', [uri, { line: 6, ordinal: 5 }]],
      ['Verify', 'helixCurator.verifyLine', [uri, 6]],
    ]);
    expect(lenses.some((l) => l.range.start.line === 5)).toBe(false);
  });

  it('answers the Verify request with the verdict of the line', async () => {
    const r = await s.connection.sendRequest<VerifyLineResult | null>(VERIFY_LINE_REQUEST, { textDocument: { uri }, line: 6 });
    expect(r).toMatchObject({ line: 6, id: 'lenient-1', status: 'lenient' });
    expect(r!.summary).toMatch(/^lenient-1: pass \(reference, eulerian_cycle_evaluator\).*Strict: fail\. Lenient pass: the reference accepts/);
    // The pass skips the strict check where the reference fails; the Verify answer still gives it.
    const fails = await s.connection.sendRequest<VerifyLineResult | null>(VERIFY_LINE_REQUEST, { textDocument: { uri }, line: 2 });
    expect(fails!.summary).toMatch(/^fails-1: fail \(reference, simple_str_match\).*Strict: fail\./);
    const broken = await s.connection.sendRequest<VerifyLineResult | null>(VERIFY_LINE_REQUEST, { textDocument: { uri }, line: 1 });
    expect(broken).toMatchObject({ id: '#2', status: 'unreadable' });
  });

  it('re-checks only the edited line after an incremental change, and only its diagnostics change', async () => {
    const before = await diagnostics(s, uri);
    const info0 = await s.connection.sendRequest<DocumentInfo>(DOCUMENT_INFO_REQUEST, { textDocument: { uri } });
    expect(info0.lastPass).toMatchObject({ samples: 9 });
    // Line 2 answers 99 where the max flow is 17: replace the boxed 99 by 17.
    const at = fixtureLines[2]!.lastIndexOf('\\\\boxed{99}') + '\\\\boxed{'.length;
    expect(at).toBeGreaterThan(100);
    await s.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: at }, end: { line: 2, character: at + 2 } }, text: '17' }],
    });
    const after = await diagnostics(s, uri);
    const info = await s.connection.sendRequest<DocumentInfo>(DOCUMENT_INFO_REQUEST, { textDocument: { uri } });
    expect(info).toMatchObject({ dataset: true, version: 2, lastPass: { samples: 9, checked: 1, reused: 8 } });
    expect(before.filter((d) => d.range.start.line === 2).map((d) => d.code)).toEqual(['answer-fails']);
    expect(after.filter((d) => d.range.start.line === 2)).toEqual([]);
    expect(after).toEqual(before.filter((d) => d.range.start.line !== 2));

    // Break the line's JSON (drop its opening brace): a new diagnostic on that line only.
    await s.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }, text: '' }],
    });
    const broken = await diagnostics(s, uri);
    expect(broken.filter((d) => d.range.start.line === 2).map((d) => [d.code, d.range.start.character])).toEqual([['invalid-json', fixtureLines[2]!.indexOf(':') - 1]]);
    expect(broken.filter((d) => d.range.start.line !== 2)).toEqual(after);
  });

  it('follows severity settings after a configuration change', async () => {
    s.settings = { 'diagnostics.severity.answerFails': 'off', 'diagnostics.severity.mismatch': 'error' };
    await s.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const ds = await diagnostics(s, uri);
    expect(ds.some((d) => d.code === 'answer-fails')).toBe(false);
    expect(ds.find((d) => d.code === 'verdict-mismatch')?.severity).toBe(1);
    s.settings = {};
    await s.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  });

  it('leaves documents alone that are not datasets: other globs, and JSON Lines that are not samples', async () => {
    const journal = pathToFileURL(path.join(path.dirname(fixture), 'dataset.helix-journal.jsonl')).toString();
    await open(s, journal, '{"ts": "2025-01-01T00:00:00Z", "curator": "a", "sampleId": "x", "decision": "accept"}\n{"broken\n');
    expect(await diagnostics(s, journal)).toEqual([]);
    expect(await s.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: journal } })).toEqual([]);
    expect(await s.connection.sendRequest<DocumentInfo>(DOCUMENT_INFO_REQUEST, { textDocument: { uri: journal } })).toMatchObject({ dataset: false });
    const txt = pathToFileURL(path.join(path.dirname(fixture), 'notes.txt')).toString();
    await open(s, txt, fixtureText);
    expect(await diagnostics(s, txt)).toEqual([]);
  });

  it('keeps answering other requests while a large document is checked', async () => {
    // 20,000 distinct correct lines (no problem, so no maxProblems cut-off): every one parsed and verified,
    // a pass of many slices.
    const base = fixtureLines[0]!;
    const big = Array.from({ length: 20_000 }, (_, i) => base.replace('"id":"dev-shortest_distance_weighted-1"', `"id":"big-${i}"`)).join('\n');
    const bigUri = pathToFileURL(path.join(path.dirname(fixture), 'big.jsonl')).toString();
    await open(s, bigUri, big);
    const order: string[] = [];
    const pass = pull(s, bigUri).then((r) => {
      order.push('diagnostics');
      return r;
    });
    const hover = s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } }).then((h) => {
      order.push('hover');
      return h;
    });
    const [report] = await Promise.all([pass, hover]);
    expect(order).toEqual(['hover', 'diagnostics']);
    expect(report.kind === 'full' && report.items).toEqual([]);
    const info = await s.connection.sendRequest<DocumentInfo>(DOCUMENT_INFO_REQUEST, { textDocument: { uri: bigUri } });
    // 20,000 new lines: checked in the worker threads (dist/server.js as its own worker script).
    expect(info.lastPass).toMatchObject({ samples: 20_000, checked: 20_000, reused: 0, inWorkers: 20_000 });
  });
});

describe('line checks in worker threads against the in-process pass, over stdio', () => {
  let workers: Server | undefined;
  let inProcess: Server | undefined;
  afterAll(async () => {
    await stopServer(workers);
    await stopServer(inProcess);
  });

  it('gives the same diagnostics, hovers and counts', async () => {
    workers = await startServer({ HELIX_LSP_WORKER_MIN_LINES: '1' });
    inProcess = await startServer({ HELIX_LSP_WORKERS: '0' });
    // The fixture twice over (the second copy's ids changed), so there are repeats and distinct lines.
    const text = `${fixtureText}\n${fixtureText.replace(/"id":"/g, '"id":"again-')}`;
    const lines = text.split('\n');
    const results: Array<{ ds: Diagnostic[]; info: DocumentInfo; hover: unknown }> = [];
    for (const server of [workers, inProcess]) {
      await open(server, uri, text);
      const ds = await diagnostics(server, uri);
      const info = await server.connection.sendRequest<DocumentInfo>(DOCUMENT_INFO_REQUEST, { textDocument: { uri } });
      const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 14, character: 0 } });
      results.push({ ds, info, hover });
    }
    const [w, p] = results as [(typeof results)[0], (typeof results)[0]];
    expect(brief(w.ds, lines).length).toBe(18);
    expect(w.ds).toEqual(p.ds);
    expect(w.hover).toEqual(p.hover);
    expect((w.hover as { contents: MarkupContent }).contents.value).toContain('again\\-mismatch\\-1');
    // The broken-JSON line has no id to change: a repeat, checked once.
    expect(p.info.lastPass).toMatchObject({ samples: 18, checked: 17, reused: 1, inWorkers: 0 });
    expect(w.info.lastPass).toMatchObject({ samples: 18, checked: 17, reused: 1, inWorkers: 17 });
  });
});

describe('a document over the large-document limit', () => {
  let s: Server | undefined;
  afterAll(async () => {
    await stopServer(s);
  });

  it('gets structure checks only, no code lenses, and one message saying so', async () => {
    s = await startServer({ HELIX_LSP_LARGE_DOCUMENT_CHARS: '1000' });
    await open(s, uri, fixtureText);
    const ds = await diagnostics(s, uri);
    expect(ds.map((d) => d.code)).toEqual(['invalid-json', 'image', 'unknown-task', 'image', 'wrong-type']);
    await diagnostics(s, uri);
    expect(await s.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })).toEqual([]);
    expect(((await s.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[]).length).toBe(9);
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0]!.message).toMatch(/dataset\.jsonl is large .*only its JSON and row structure are checked/);
  });
});

// Keep SETTING_KEYS in use: the configuration answer maps names, so a renamed key must fail here.
it('knows the severity settings the server asks for', () => {
  for (const k of ['diagnostics.severity.answerFails', 'diagnostics.severity.mismatch', 'diagnostics.include', 'diagnostics.onlySamples']) expect(SETTING_KEYS).toContain(k);
});
