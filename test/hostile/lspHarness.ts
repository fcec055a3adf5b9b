/**
 * The built language server (dist/server.js) over stdio, driven by vscode-languageserver-protocol's own
 * client connection (as test/server/lspClient.test.ts does), for the hostile corpus: every request has a
 * time bound, and everything the server says on the side is kept (stderr, window/logMessage,
 * window/showMessage) so a test can assert that nothing failed quietly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  DocumentSymbolRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type LogMessageParams,
  type ProtocolConnection,
  type ShowMessageParams,
} from 'vscode-languageserver-protocol/node';
import { DOCUMENT_INFO_REQUEST, VERIFY_LINE_REQUEST, type DocumentInfo, type VerifyLineResult } from '../../src/server/protocol';

export const SERVER_JS = path.resolve(__dirname, '../../dist/server.js');

export class TimeoutError extends Error {}

/** `p`, or a TimeoutError naming `what` after `ms`. */
export async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(`${what}: no answer within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export interface HostileServer {
  child: ChildProcess;
  connection: ProtocolConnection;
  stderr: string[];
  logs: LogMessageParams[];
  messages: ShowMessageParams[];
  /** Settings answered to workspace/configuration (key without the `helixCurator.` prefix). */
  settings: Record<string, unknown>;
  /** Set when the process exits. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Bound for each request (ms). */
  requestMs: number;
}

export async function startHostileServer(requestMs: number, env: Record<string, string> = {}): Promise<HostileServer> {
  if (!fs.existsSync(SERVER_JS)) throw new Error('dist/server.js is missing: run `npx webpack --config-name server` before this test');
  const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const s: HostileServer = { child, connection, stderr: [], logs: [], messages: [], settings: {}, exit: null, requestMs };
  child.stderr.on('data', (d: Buffer) => s.stderr.push(d.toString()));
  child.on('exit', (code, signal) => (s.exit = { code, signal }));
  connection.onRequest('workspace/configuration', (params: { items: Array<{ section: string }> }) => params.items.map((i) => s.settings[i.section.replace(/^helixCurator\./, '')]));
  connection.onNotification(ShowMessageNotification.method, (m: ShowMessageParams) => void s.messages.push(m));
  connection.onNotification(LogMessageNotification.method, (m: LogMessageParams) => void s.logs.push(m));
  connection.listen();
  await within(
    requestMs,
    'initialize',
    connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        workspace: { configuration: true },
        textDocument: { diagnostic: {}, hover: { contentFormat: ['markdown'] }, documentSymbol: { hierarchicalDocumentSymbolSupport: true }, codeLens: {} },
      },
    }),
  );
  await connection.sendNotification(InitializedNotification.type, {});
  return s;
}

export async function stopHostileServer(s: HostileServer | undefined): Promise<void> {
  if (!s) return;
  if (s.exit === null) {
    const exited = new Promise((r) => s.child.once('exit', r));
    try {
      await within(10_000, 'shutdown', s.connection.sendRequest(ShutdownRequest.type));
      await s.connection.sendNotification(ExitNotification.type);
      await within(10_000, 'exit', exited);
    } catch {
      s.child.kill('SIGKILL');
    }
  }
  s.connection.dispose();
}

export function openDoc(s: HostileServer, uri: string, text: string, languageId: string): Promise<void> {
  return s.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
}

export function closeDoc(s: HostileServer, uri: string): Promise<void> {
  return s.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
}

/** A full diagnostics report (a pull), bounded. */
export async function pullDiagnostics(s: HostileServer, uri: string, ms = s.requestMs): Promise<Diagnostic[]> {
  const report = await within(ms, `diagnostics of ${path.basename(uri)}`, s.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }));
  if (report.kind !== 'full') throw new Error(`expected a full diagnostics report, got ${report.kind}`);
  return report.items;
}

export function hover(s: HostileServer, uri: string, line: number): Promise<Hover | null> {
  return within(s.requestMs, `hover on line ${line + 1} of ${path.basename(uri)}`, s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 0 } }));
}

export function verifyLine(s: HostileServer, uri: string, line: number): Promise<VerifyLineResult | null> {
  return within(s.requestMs, `Verify on line ${line + 1} of ${path.basename(uri)}`, s.connection.sendRequest<VerifyLineResult | null>(VERIFY_LINE_REQUEST, { textDocument: { uri }, line }));
}

export async function symbols(s: HostileServer, uri: string): Promise<DocumentSymbol[]> {
  return (await within(s.requestMs, `symbols of ${path.basename(uri)}`, s.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }))) as DocumentSymbol[];
}

export function documentInfo(s: HostileServer, uri: string): Promise<DocumentInfo | null> {
  return within(s.requestMs, `documentInfo of ${path.basename(uri)}`, s.connection.sendRequest<DocumentInfo | null>(DOCUMENT_INFO_REQUEST, { textDocument: { uri } }));
}

/** What the server reported as failures on the side: stderr lines and error-level log messages. */
export function sideFailures(s: HostileServer): string[] {
  const stderr = s.stderr.join('').split('\n').filter((l) => /uncaught|unhandled|exception|Error\b|FATAL|heap/i.test(l));
  const logs = s.logs.filter((m) => m.type === 1).map((m) => m.message);
  return [...stderr, ...logs];
}

/**
 * Markdown text outside code spans (`...`): what a renderer would interpret. Code spans show their text
 * as is, so raw `<script>` inside one is inert.
 */
export function outsideCodeSpans(markdown: string): string {
  return markdown.replace(/(?<!\\)(`+)[\s\S]*?\1/g, ' ');
}
