/**
 * The Helix Curator language server, a thin layer over src/core for JSONL dataset files opened as text:
 * pull diagnostics (documentCheck.ts: incremental, time-sliced), hovers (hover.ts), code lenses ("Open in
 * Helix Curator", "Verify"), document symbols (symbols.ts) and two custom requests (protocol.ts).
 *
 * Runs over stdio (`node dist/server.js --stdio`, any LSP editor) or Node IPC (the extension's client).
 * Settings are read per document through `workspace/configuration`, validated with the extension's zod
 * schema, and cached until the configuration changes or the document closes (as lsp-sample does). A
 * document counts as a dataset when it matches `diagnostics.include` and its first line looks like a
 * sample (datasetFiles.ts); any other document gets nothing.
 *
 * Large documents: VS Code does not pass files over 50 MB to extensions at all (the client says so, see
 * languageClient.ts); another editor may. Any document is checked in slices that yield to the event loop,
 * so requests keep being answered, and a pass for a document that changed meanwhile is abandoned. Over
 * LARGE_DOCUMENT_CHARS the server says once that it checks structure only (no verifier, no code lenses).
 *
 * A pass with many new lines (the first pull of a large dataset) checks them in worker threads
 * (linePool.ts, documentCheck.ts runPassParallel): same results, a fraction of the time on several cores,
 * and the main thread stays free for hovers. Smaller passes, and every pass when the workers cannot
 * start, run in process, time-sliced.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeLens,
  createConnection,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type DocumentDiagnosticReport,
  type Hover,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultCueSet, loadCueFile, type CueSet } from '../core/trace/cues';
import { COMMANDS } from '../extension/contributions';
import { DEFAULT_SETTINGS, parseSettings, SETTING_KEYS, SETTINGS_SECTION, type Settings } from '../extension/settings';
import { isDataset } from './datasetFiles';
import { diagnosticsOptions, type JsonlDiagnosticsOptions } from './diagnostics';
import { firstSampleLine, LineCache, ordinalOfLine, PassCancelled, runPassParallel, type PassResult } from './documentCheck';
import { describeLine } from './hover';
import { checkLine } from './lineCheck';
import { defaultPoolSize, LinePool, warmUpFile } from './linePool';
import { CLIENT_COMMANDS, DOCUMENT_INFO_REQUEST, VERIFY_LINE_REQUEST, type DocumentInfo, type DocumentInfoParams, type OpenAtArg, type VerifyLineParams, type VerifyLineResult } from './protocol';
import { documentSymbols } from './symbols';

/**
 * Over this many characters a document is checked for structure only (no verifier, no code lenses).
 * HELIX_LSP_LARGE_DOCUMENT_CHARS lowers it (tests exercise the large-document path without 50 MB of text).
 */
const LARGE_DOCUMENT_CHARS = Number(process.env['HELIX_LSP_LARGE_DOCUMENT_CHARS']) || 50 * 1024 * 1024;
/** Code lenses for at most this many samples (two each; more would flood the client for no use). */
const MAX_CODE_LENS_SAMPLES = 10_000;
/** Line descriptions (hovers, Verify answers) kept per document. */
const MAX_DESCRIBED = 32;
/** Symbols for at most this many samples. */
const MAX_SYMBOLS = 500_000;
/**
 * A pass checks its new lines in worker threads from this many distinct new lines on (below it, starting
 * workers and shipping lines costs more than it saves). HELIX_LSP_WORKER_MIN_LINES changes it (tests).
 */
const WORKER_MIN_LINES = Number(process.env['HELIX_LSP_WORKER_MIN_LINES']) || 500;

/**
 * Start the server on this process's connection (stdio or IPC, from the command line). `workerScript` is
 * the bundle to run line-check workers from (linePool.ts); undefined: every pass runs in process.
 */
export function startLanguageServer(workerScript: string | undefined): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const settingsCache = new Map<string, Promise<Settings>>();
  let hasConfigurationCapability = false;
  let hasDynamicConfigurationRegistration = false;
  let hasDiagnosticRefreshSupport = false;
  let workspaceFolder: string | undefined;
  /** Bumped on every configuration change: part of every diagnostics result id. */
  let settingsGeneration = 0;

  interface DocState {
    cache: LineCache;
    lastPass: (Pick<PassResult, 'samples' | 'checked' | 'reused'> & { ms: number; inWorkers: number }) | null;
    /**
     * The last few line descriptions (hover, Verify), by document version, line and settings: a hover and the
     * Verify lens on the same line verify it once (a 1000 x 1000 board takes seconds).
     */
    described: Map<string, VerifyLineResult>;
  }
  const poolSize = workerScript === undefined ? 0 : defaultPoolSize();
  const pool =
    poolSize > 0 ? new LinePool(workerScript!, poolSize, { info: (m) => connection.console.info(m), warn: (m) => connection.console.warn(m) }, 60_000, warmUpFile(workerScript!)) : undefined;
  let passes = 0;
  let cuesWarmed = false;
  const states = new Map<string, DocState>();
  /** Documents (URIs) already told about: too large for the full checks, too many code lenses. */
  const toldLarge = new Set<string>();
  const toldLenses = new Set<string>();

  function stateOf(uri: string): DocState {
    let s = states.get(uri);
    if (!s) {
      s = { cache: new LineCache(), lastPass: null, described: new Map() };
      states.set(uri, s);
    }
    return s;
  }

  connection.onInitialize((params): InitializeResult => {
    const capabilities = params.capabilities;
    hasConfigurationCapability = capabilities.workspace?.configuration === true;
    hasDynamicConfigurationRegistration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    hasDiagnosticRefreshSupport = capabilities.workspace?.diagnostics?.refreshSupport === true;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    if (folder?.startsWith('file:')) workspaceFolder = fileURLToPath(folder);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        diagnosticProvider: { identifier: 'helixCurator', interFileDependencies: false, workspaceDiagnostics: false },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        documentSymbolProvider: { label: 'Helix Curator samples' },
      },
      serverInfo: { name: 'helix-curator' },
    };
  });

  connection.onInitialized(() => {
    // The workers start (and warm up) while the client sends the first document.
    pool?.start();
    if (hasConfigurationCapability && hasDynamicConfigurationRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    }
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    settingsGeneration++;
    // Ask the client to pull again (a client without refresh support pulls on its own schedule).
    if (hasDiagnosticRefreshSupport) {
      connection.languages.diagnostics.refresh().catch((e: unknown) => connection.console.warn(`diagnostics refresh failed: ${String(e)}`));
    }
  });

  documents.onDidClose((e) => {
    settingsCache.delete(e.document.uri);
    states.delete(e.document.uri);
    toldLarge.delete(e.document.uri);
    toldLenses.delete(e.document.uri);
  });

  function documentSettings(uri: string): Promise<Settings> {
    if (!hasConfigurationCapability) return Promise.resolve(DEFAULT_SETTINGS);
    let cached = settingsCache.get(uri);
    if (!cached) {
      cached = connection.workspace
        .getConfiguration(SETTING_KEYS.map((key) => ({ scopeUri: uri, section: `${SETTINGS_SECTION}.${key}` })))
        .then((values: unknown) => {
          const list = Array.isArray(values) ? (values as unknown[]) : [];
          const { settings, problems } = parseSettings((key) => list[SETTING_KEYS.indexOf(key)] ?? undefined);
          for (const p of problems) connection.console.warn(`invalid setting: ${p}`);
          return settings;
        });
      settingsCache.set(uri, cached);
    }
    return cached;
  }

  /** A document's settings and check options, or undefined when it is not a dataset (or not open). */
  async function datasetDocument(uri: string): Promise<{ document: TextDocument; settings: Settings; options: JsonlDiagnosticsOptions } | undefined> {
    const document = documents.get(uri);
    if (!document) return undefined;
    const settings = await documentSettings(uri);
    const filePath = uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    const check = { include: settings['diagnostics.include'], onlySamples: settings['diagnostics.onlySamples'] };
    if (!isDataset(filePath, firstSampleLine(document.getText()), check)) return undefined;
    const options = diagnosticsOptions(uri, settings);
    if (isLarge(document)) {
      options.verify = false;
      if (!toldLarge.has(uri)) {
        toldLarge.add(uri);
        const mb = Math.round(document.getText().length / 1024 / 1024);
        // A notification, not window/showMessageRequest: nothing to answer, and no client can leave it pending.
        void connection.sendNotification(ShowMessageNotification.type, {
          type: MessageType.Info,
          message: `Helix Curator: ${path.basename(filePath ?? uri)} is large (${mb} M characters): only its JSON and row structure are checked as text, without verifiers or code lenses. Open it in Helix Curator for verdicts.`,
        });
      }
    }
    return { document, settings, options };
  }

  function isLarge(document: TextDocument): boolean {
    return document.getText().length > LARGE_DOCUMENT_CHARS;
  }

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const uri = params.textDocument.uri;
    const found = await datasetDocument(uri);
    if (!found) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const { document, options } = found;
    const resultId = `${document.version}:${settingsGeneration}`;
    if (params.previousResultId === resultId && states.get(uri)?.lastPass) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    const state = stateOf(uri);
    const started = Date.now();
    const version = document.version;
    try {
      const text = document.getText();
      // Abandon the pass when the request is cancelled or the document changed (a newer pull follows).
      const cancelled = () => token.isCancellationRequested || documents.get(uri)?.version !== version;
      const result = await runPassParallel(text, options, state.cache, cancelled, {
        checker: pool,
        minLines: WORKER_MIN_LINES,
        token: `${uri}#${++passes}`,
        onFallback: (e) => connection.console.warn(`line check workers failed (${e instanceof Error ? e.message : String(e)}); ${uri} is checked in process`),
      });
      const ms = Date.now() - started;
      // The first hover compiles the reflection cues (about 0.2 s): do it now, after this answer is sent.
      if (!cuesWarmed) {
        cuesWarmed = true;
        setImmediate(() => cuesFor(found.settings));
      }
      state.lastPass = { samples: result.samples, checked: result.checked, reused: result.reused, ms, inWorkers: result.inWorkers };
      if (ms > 500 || result.inWorkers > 0) {
        const where = result.inWorkers > 0 ? `, ${result.inWorkers} in ${pool?.size ?? 0} worker threads` : '';
        connection.console.info(`diagnostics of ${uri} (${result.lines} lines, ${result.checked} checked${where}, ${result.reused} cached) took ${ms} ms`);
      }
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items: result.items };
    } catch (e) {
      if (e instanceof PassCancelled) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed', { retriggerRequest: true });
      // A bug in a checker must not take the server down: report nothing for this document, and say why.
      connection.console.error(`diagnostics of ${uri} failed after ${Date.now() - started} ms: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
  });

  /** The text of line `n` without its line break. */
  function lineText(document: TextDocument, n: number): string | undefined {
    if (n < 0 || n >= document.lineCount) return undefined;
    return document.getText({ start: { line: n, character: 0 }, end: { line: n + 1, character: 0 } }).replace(/\r?\n$/, '');
  }

  let cueCache: { key: string; cues: CueSet } | undefined;
  const cueWarned = new Set<string>();

  /** The reflection cues of `trace.cuesFile` (relative to the first workspace folder), else the bundled ones. */
  function cuesFor(settings: Settings): CueSet {
    const setting = settings['trace.cuesFile'];
    if (setting === '') return defaultCueSet();
    const file = path.isAbsolute(setting) ? setting : workspaceFolder ? path.join(workspaceFolder, setting) : undefined;
    if (!file) return defaultCueSet();
    if (cueCache?.key === file) return cueCache.cues;
    try {
      cueCache = { key: file, cues: loadCueFile(file) };
      return cueCache.cues;
    } catch (e) {
      if (!cueWarned.has(file)) {
        cueWarned.add(file);
        connection.console.warn(`cue file ${file}: ${e instanceof Error ? e.message : String(e)}; using the bundled cues`);
      }
      return defaultCueSet();
    }
  }

  /** Describe the sample on a line (hover, "Verify"); undefined on a blank line or a non-dataset document. */
  async function describe(uri: string, n: number): Promise<VerifyLineResult | undefined> {
    const found = await datasetDocument(uri);
    if (!found) return undefined;
    const { document, settings, options } = found;
    const line = lineText(document, n);
    if (line === undefined || line.trim() === '') return undefined;
    const ctx = { ...options, verify: true };
    const state = stateOf(uri);
    const key = JSON.stringify([document.version, n, settingsGeneration, ctx.checkImages, ctx.maxRowBytes]);
    const known = state.described.get(key);
    if (known) return known;
    const cached = state.cache.peek(line);
    const result = cached && cached.verdict !== undefined ? cached : checkLine(line, ctx);
    const ordinal = result.id === null ? ordinalOfLine(document.getText(), n).ordinal : 0;
    const d = describeLine(line, result, ctx, cuesFor(settings), ordinal);
    const out: VerifyLineResult = { line: n, id: d.id, status: d.status, summary: d.summary, markdown: d.markdown };
    state.described.set(key, out);
    if (state.described.size > MAX_DESCRIBED) state.described.delete(state.described.keys().next().value!);
    return out;
  }

  connection.onHover(async (params): Promise<Hover | null> => {
    const n = params.position.line;
    const d = await describe(params.textDocument.uri, n);
    if (!d) return null;
    const document = documents.get(params.textDocument.uri);
    const length = document ? (lineText(document, n)?.length ?? 0) : 0;
    return { contents: { kind: 'markdown', value: d.markdown }, range: { start: { line: n, character: 0 }, end: { line: n, character: length } } };
  });

  connection.onRequest(VERIFY_LINE_REQUEST, async (params: VerifyLineParams): Promise<VerifyLineResult | null> => (await describe(params.textDocument.uri, params.line)) ?? null);

  connection.onRequest(DOCUMENT_INFO_REQUEST, async (params: DocumentInfoParams): Promise<DocumentInfo | null> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const found = await datasetDocument(params.textDocument.uri);
    return { dataset: found !== undefined, version: document.version, lines: document.lineCount, lastPass: states.get(params.textDocument.uri)?.lastPass ?? null };
  });

  connection.onCodeLens(async (params): Promise<CodeLens[]> => {
    const uri = params.textDocument.uri;
    const found = await datasetDocument(uri);
    if (!found || isLarge(found.document)) return [];
    const text = found.document.getText();
    const lenses: CodeLens[] = [];
    let ordinal = 0;
    let start = 0;
    for (let n = 0; start <= text.length; n++) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (!isBlank(text, start, end)) {
        if (ordinal >= MAX_CODE_LENS_SAMPLES) {
          if (!toldLenses.has(uri)) {
            toldLenses.add(uri);
            connection.console.info(`${uri}: code lenses on the first ${MAX_CODE_LENS_SAMPLES} samples only`);
          }
          break;
        }
        const range = { start: { line: n, character: 0 }, end: { line: n, character: 0 } };
        const at: OpenAtArg = { line: n, ordinal };
        lenses.push(
          { range, command: { title: 'Open in Helix Curator', command: COMMANDS.openDataset, arguments: [uri, at] } },
          { range, command: { title: 'Verify', command: CLIENT_COMMANDS.verifyLine, arguments: [uri, n] } },
        );
        ordinal++;
      }
      start = end + 1;
    }
    return lenses;
  });

  function isBlank(text: string, start: number, end: number): boolean {
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
    }
    return true;
  }

  connection.onDocumentSymbol(async (params) => {
    const found = await datasetDocument(params.textDocument.uri);
    if (!found) return [];
    return documentSymbols(found.document.getText(), { maxSymbols: MAX_SYMBOLS });
  });

  // A failed request to the client (one that does not support it) must not end the server.
  process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

  connection.onShutdown(() => pool?.dispose());

  documents.listen(connection);
  connection.listen();
}
