/**
 * Helix Curator's entry point. Activation is cheap: it registers the commands and starts the JSONL
 * language client only when a JSONL document is open. The dataset readers and the stats panel are a
 * lazily loaded chunk (statsCommand.ts), loaded the first time statistics are asked for.
 *
 * Activation events: `onLanguage:jsonl` (package.json) plus the `onCommand` events VS Code derives from
 * `contributes.commands`.
 */
import * as vscode from 'vscode';
import type { Decision } from '../protocol/curator';
import { associatedWithCurator, COMMANDS, CURATOR_VIEW_TYPE, DATASET_EXTENSIONS, isDatasetPath } from './contributions';
import type { CuratorHost } from './curator/host';
import { curatorName, journalPlace } from './curator/journalLocation';
import type { ExportScope } from './exportCommand';
import { readSettings } from './config';
import { OpenAtArg } from '../server/protocol';
import { JsonlLanguageClient } from './languageClient';

let languageClient: JsonlLanguageClient | undefined;

type ExportModule = typeof import('./exportCommand');
let exportModule: ExportModule | undefined;

async function loadExport(): Promise<ExportModule> {
  exportModule ??= await import(/* webpackChunkName: "export" */ './exportCommand');
  return exportModule;
}

/** What the curator passes to the export command: its dataset and the scopes it can offer. */
export interface ExportCommandArgs {
  dataset: vscode.Uri;
  scopes: ExportScope[];
}

function isExportArgs(arg: unknown): arg is ExportCommandArgs {
  return typeof arg === 'object' && arg !== null && (arg as ExportCommandArgs).dataset instanceof vscode.Uri && Array.isArray((arg as ExportCommandArgs).scopes);
}

type StatsModule = typeof import('./statsCommand');
let statsModule: StatsModule | undefined;

async function loadStats(): Promise<StatsModule> {
  statsModule ??= await import(/* webpackChunkName: "stats" */ './statsCommand');
  return statsModule;
}

/** What `activate` returns: used by other extensions and by the in-host tests. */
export interface HelixCuratorApi {
  /** Record a decision on a sample of a dataset (open in the curator or not), as the configured curator. */
  decide(datasetUri: vscode.Uri, sampleId: string, decision: Decision, note?: string): Promise<void>;
  /** Where the curation journal of a dataset is. */
  journalUri(datasetUri: vscode.Uri): vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): HelixCuratorApi {
  const log = vscode.window.createOutputChannel('Helix Curator', { log: true });
  const client = new JsonlLanguageClient(context, log);
  languageClient = client;

  // The curator (custom editor, tree view, status bar) is a lazily loaded chunk: the provider registered
  // here only loads it when a dataset is first opened with it.
  let host: CuratorHost | undefined;
  const loadHost = async (): Promise<CuratorHost> => {
    if (!host) {
      const { CuratorHost: Host } = await import(/* webpackChunkName: "curator" */ './curator/host');
      host ??= new Host(context, log);
      context.subscriptions.push(host);
    }
    return host;
  };
  type Doc = vscode.CustomDocument;
  const provider: vscode.CustomReadonlyEditorProvider<Doc> = {
    openCustomDocument: async (uri) => (await loadHost()).openCustomDocument(uri),
    resolveCustomEditor: async (document, panel) => (await loadHost()).resolveCustomEditor(document as Parameters<CuratorHost['resolveCustomEditor']>[0], panel),
  };

  /** The journal this window writes for a dataset, and the folder the team's journals are in (settings of that file). */
  const placeOf = (dataset: vscode.Uri) => {
    const settings = readSettings(dataset, log);
    return journalPlace(dataset.fsPath, {
      folderSetting: settings['journal.folder'],
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      extensionPath: context.extensionUri.fsPath,
      globalStoragePath: context.globalStorageUri.fsPath,
      perCurator: settings['journal.perCurator'],
      curator: curatorName(settings),
    });
  };

  const guarded =
    (name: string, run: (...args: unknown[]) => Promise<void>) =>
    async (...args: unknown[]): Promise<void> => {
      try {
        await run(...args);
      } catch (e) {
        const detail = e instanceof Error ? e.message : String(e);
        log.error(`${name} failed: ${e instanceof Error ? (e.stack ?? detail) : detail}`);
        void vscode.window.showErrorMessage(`Helix Curator: ${detail}`);
      }
    };

  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(CURATOR_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } }),
    vscode.commands.registerCommand(
      COMMANDS.openDataset,
      guarded(COMMANDS.openDataset, async (arg?: unknown, at?: unknown) => {
        const file = arg instanceof vscode.Uri ? arg : (datasetInActiveEditor() ?? (await pickDataset('Open Dataset in Helix Curator', 'Open')));
        if (!file) return;
        // From the language server's "Open in Helix Curator" code lens: `{ line, ordinal }` of the sample.
        const where = OpenAtArg.safeParse(at);
        await (await loadHost()).openAt(file, where.success ? where.data.ordinal : null);
      }),
    ),
    vscode.commands.registerCommand(
      COMMANDS.openJournal,
      guarded(COMMANDS.openJournal, async (arg?: unknown) => {
        const file = arg instanceof vscode.Uri ? arg : (datasetInActiveEditor() ?? (await pickDataset('Open Curation Journal of a Dataset', 'Open Journal')));
        if (!file) return;
        const journal = vscode.Uri.file((await loadHost()).journalPathFor(file.fsPath));
        try {
          await vscode.window.showTextDocument(journal, { preview: false });
        } catch {
          void vscode.window.showInformationMessage(`No decisions yet for ${file.fsPath}: the journal ${journal.fsPath} does not exist.`);
        }
      }),
    ),
    log,
    client,
    { dispose: () => statsModule?.disposeStatsPanels() },
    vscode.commands.registerCommand(
      COMMANDS.showStats,
      guarded(COMMANDS.showStats, async (arg?: unknown) => {
        const file = arg instanceof vscode.Uri ? arg : (datasetInActiveEditor() ?? (await pickDataset('Show Dataset Statistics', 'Show Statistics')));
        if (!file) return;
        await (await loadStats()).showStatsFor(context, log, file);
      }),
    ),
    vscode.commands.registerCommand(
      COMMANDS.exportAccepted,
      guarded(COMMANDS.exportAccepted, async (arg?: unknown) => {
        const fromCurator = isExportArgs(arg) ? arg : undefined;
        const file = fromCurator?.dataset ?? (arg instanceof vscode.Uri ? arg : (datasetInActiveEditor() ?? (await pickDataset('Export Accepted Samples of a Dataset', 'Choose Dataset'))));
        if (!file) return;
        if (file.scheme !== 'file') throw new Error(`export reads datasets on disk only (not ${file.scheme}: resources)`);
        // From the palette or the explorer: a dataset open in the curator still offers its saved views.
        const scopes = fromCurator?.scopes ?? host?.sessionFor(file)?.savedViewScopes() ?? [];
        await (await loadExport()).exportAccepted(log, { dataset: file, journal: placeOf(file), scopes });
      }),
    ),
    vscode.commands.registerCommand(
      COMMANDS.openSampleDataset,
      guarded(COMMANDS.openSampleDataset, async () => {
        const sample = vscode.Uri.joinPath(context.extensionUri, 'media', 'sample', 'mmhelix-eval.jsonl');
        await (await loadHost()).openAt(sample, null);
      }),
    ),
    vscode.workspace.onDidOpenTextDocument((document) => client.startFor(document)),
  );
  for (const document of vscode.workspace.textDocuments) client.startFor(document);
  void reopenAssociated(log);

  return {
    decide: async (datasetUri, sampleId, decision, note) => (await loadHost()).decide(datasetUri, sampleId, decision, note),
    journalUri: (datasetUri) => vscode.Uri.file(placeOf(datasetUri).path),
  };
}

export function deactivate(): Promise<void> | undefined {
  const client = languageClient;
  languageClient = undefined;
  return client?.stop();
}

/**
 * Files the user associated with the curator (`workbench.editorAssociations`) that VS Code opened as text
 * before this extension's editor was registered (restored at start-up, or opened by a URL): reopen them in
 * the curator, in place of their text tabs.
 */
async function reopenAssociated(log: vscode.LogOutputChannel): Promise<void> {
  const associations = vscode.workspace.getConfiguration('workbench').get<unknown>('editorAssociations');
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'file');
  const paths = tabs.map((t) => (t.input as vscode.TabInputText).uri.fsPath);
  const wanted = new Set(associatedWithCurator(associations, paths));
  for (const tab of tabs) {
    const uri = (tab.input as vscode.TabInputText).uri;
    if (!wanted.has(uri.fsPath)) continue;
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, CURATOR_VIEW_TYPE, tab.group.viewColumn);
      await vscode.window.tabGroups.close(tab);
    } catch (e) {
      log.warn(`could not reopen ${uri.fsPath} in the curator: ${String(e)}`);
    }
  }
}

/** The dataset file of the active editor (a text editor, or a custom/binary editor for Parquet), if any. */
function datasetInActiveEditor(): vscode.Uri | undefined {
  const candidates: vscode.Uri[] = [];
  const document = vscode.window.activeTextEditor?.document;
  if (document) candidates.push(document.uri);
  const input: unknown = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) candidates.push(input.uri);
  return candidates.find((uri) => uri.scheme === 'file' && isDatasetPath(uri.fsPath));
}

async function pickDataset(title: string, openLabel: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    openLabel,
    canSelectMany: false,
    canSelectFolders: false,
    filters: { Datasets: DATASET_EXTENSIONS.map((e) => e.slice(1)), 'All files': ['*'] },
  });
  return picked?.[0];
}
