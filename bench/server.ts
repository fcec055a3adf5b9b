/**
 * `npm run bench:server`: the language server's diagnostics on a 10,000-line dataset file (target: under
 * 2 s on a 2-core machine), plus the incremental re-check after a one-line edit, document symbols and one
 * hover.
 *
 * The data: real MM-HELIX rows, every instance of test/fixtures/mmhelix-dev (84, all 42 tasks) with each of
 * its candidate responses (1,769, judged by the reference evaluation) as the `prediction` and the
 * reference verdict stored as `verdict`, cycled to the wanted line count with distinct ids, so every line
 * is distinct and verified (no cache hits in the first pass), and about a third fail or mismatch.
 * Generated under $TMPDIR/helix-bench-server with the instances' images.
 *
 * Two measurements:
 * - in process: `runPass` (what the server runs per pull), cold, then after a one-line edit;
 * - end to end: the built server (`dist/server.js --stdio`, built with `npx webpack --config-name server`)
 *   driven by the protocol library's client: didOpen then a pull, a one-line didChange then a pull, the
 *   symbols and a hover. Skipped with a note when dist/server.js is missing.
 * Options: --lines N (10000), --no-lsp.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  DocumentSymbolRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { DEFAULT_SETTINGS } from '../src/extension/settings';
import { diagnosticsOptions, LineCache, runPass } from '../src/server/diagnostics';
import { documentSymbols } from '../src/server/symbols';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '10000' }, 'no-lsp': { type: 'boolean', default: false } } });
const LINES = Number(values.lines);
const repo = path.resolve(__dirname, '..');
const fixtures = path.join(repo, 'test/fixtures/mmhelix-dev');

function makeDataset(): string {
  const dir = path.join(os.tmpdir(), 'helix-bench-server');
  const file = path.join(dir, `dataset-${LINES}.jsonl`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.join(dir, 'images'), { recursive: true });
  const read = (name: string) =>
    fs
      .readFileSync(path.join(fixtures, name), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const instances = new Map(read('instances.jsonl').map((r) => [r['id'] as string, r]));
  const responses = read('responses.jsonl');
  for (const inst of instances.values()) {
    for (const image of (inst['images'] as string[] | undefined) ?? []) fs.copyFileSync(path.join(fixtures, image), path.join(dir, image));
  }
  const out: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const r = responses[i % responses.length]!;
    const inst = { ...instances.get(r['instance_id'] as string)! };
    delete inst['source'];
    out.push(JSON.stringify({ ...inst, id: `${r['instance_id'] as string}-${i}`, prediction: r['response'], verdict: r['verdict'] }));
  }
  fs.writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;

async function main(): Promise<void> {
  const file = makeDataset();
  const text = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  const options = diagnosticsOptions(uri, DEFAULT_SETTINGS);
  options.maxProblems = 100_000; // measure every line's problems, not the first 200
  console.log(`dataset: ${file} (${LINES} lines, ${(text.length / 1024 / 1024).toFixed(1)} M characters)`);

  const cache = new LineCache();
  let t0 = performance.now();
  const cold = runPass(text, options, cache);
  console.log(`in process, cold pass: ${ms(t0)} (${cold.checked} lines checked, ${cold.items.length} problems)`);
  const lines = text.split('\n');
  lines[5000 % LINES] = lines[5000 % LINES]!.replace('"prediction":"', '"prediction":"Edited. ');
  const edited = lines.join('\n');
  t0 = performance.now();
  const warm = runPass(edited, options, cache);
  console.log(`in process, after a one-line edit: ${ms(t0)} (${warm.checked} checked, ${warm.reused} from the cache)`);
  t0 = performance.now();
  const symbols = documentSymbols(text, { maxSymbols: 1_000_000 });
  console.log(`in process, document symbols: ${ms(t0)} (${symbols.length})`);

  const serverJs = path.join(repo, 'dist/server.js');
  if (values['no-lsp']) return;
  if (!fs.existsSync(serverJs)) {
    console.log('end to end: skipped (dist/server.js missing: npx webpack --config-name server)');
    return;
  }
  const nodeArgs = (process.env['HELIX_BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
    params.items.map((i) => ((i as { section: string }).section === 'helixCurator.diagnostics.maxProblems' ? 100_000 : undefined)),
  );
  // The server's own log (pass times, worker threads), shown after the figures.
  const serverLog: string[] = [];
  connection.onNotification(LogMessageNotification.type, (m) => {
    serverLog.push(m.message);
  });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: { workspace: { configuration: true }, textDocument: { diagnostic: {} } } });
  await connection.sendNotification(InitializedNotification.type, {});
  t0 = performance.now();
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'jsonl', version: 1, text } });
  const sent = performance.now() - t0;
  const pull = connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
  // Responsiveness while the pass runs: a hover on a line the pass has not reached (checked on its own).
  await new Promise((r) => setTimeout(r, 300));
  const t1 = performance.now();
  await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: LINES - 2, character: 0 } });
  const hoverDuring = performance.now() - t1;
  const first = await pull;
  console.log(`end to end (stdio), open + diagnostics: ${ms(t0)} (${first.kind === 'full' ? first.items.length : '?'} problems; didOpen written after ${sent.toFixed(0)} ms)`);
  console.log(`end to end (stdio), a hover 300 ms into that pass: ${hoverDuring.toFixed(0)} ms`);
  t0 = performance.now();
  const line = 5000 % LINES;
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }],
  });
  await connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
  console.log(`end to end (stdio), one-line edit + diagnostics: ${ms(t0)}`);
  t0 = performance.now();
  await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  console.log(`end to end (stdio), document symbols: ${ms(t0)}`);
  t0 = performance.now();
  await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: LINES - 1, character: 0 } });
  console.log(`end to end (stdio), hover on the last line: ${ms(t0)}`);
  for (const m of serverLog) console.log(`  server: ${m}`);
  const exited = new Promise((r) => child.once('exit', r));
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  await exited;
  connection.dispose();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
