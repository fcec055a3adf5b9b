/**
 * The Helix Curator language server: pull diagnostics for JSONL documents (see diagnostics.ts).
 * Settings are read per document through `workspace/configuration`, validated with the extension's zod
 * schema, and cached until the configuration changes or the document closes (as lsp-sample does).
 */
import {
  createConnection,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type DocumentDiagnosticReport,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS, parseSettings, SETTING_KEYS, SETTINGS_SECTION, type Settings } from '../extension/settings';
import { diagnoseJsonl, diagnosticsOptions } from './diagnostics';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const settingsCache = new Map<string, Promise<Settings>>();
let hasConfigurationCapability = false;
let hasDynamicConfigurationRegistration = false;

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  hasConfigurationCapability = capabilities.workspace?.configuration === true;
  hasDynamicConfigurationRegistration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      diagnosticProvider: { identifier: 'helixCurator', interFileDependencies: false, workspaceDiagnostics: false },
    },
    serverInfo: { name: 'helix-curator' },
  };
});

connection.onInitialized(() => {
  if (hasConfigurationCapability && hasDynamicConfigurationRegistration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  }
});

connection.onDidChangeConfiguration(() => {
  settingsCache.clear();
  void connection.languages.diagnostics.refresh();
});

documents.onDidClose((e) => settingsCache.delete(e.document.uri));

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

connection.languages.diagnostics.on(async (params): Promise<DocumentDiagnosticReport> => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  const settings = await documentSettings(document.uri);
  const started = Date.now();
  try {
    const items = diagnoseJsonl(document.getText(), diagnosticsOptions(document.uri, settings));
    const ms = Date.now() - started;
    if (ms > 500) connection.console.info(`diagnostics of ${document.uri} (${document.lineCount} lines) took ${ms} ms`);
    return { kind: DocumentDiagnosticReportKind.Full, items };
  } catch (e) {
    // A bug in a checker must not take the server down: report nothing for this document, and say why.
    connection.console.error(`diagnostics of ${document.uri} failed after ${Date.now() - started} ms: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  }
});

documents.listen(connection);
connection.listen();
