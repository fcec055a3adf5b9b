/**
 * Helix Curator's entry point. Activation is cheap: it registers the commands and starts the JSONL
 * language client only when a JSONL document is open. The dataset readers and the stats panel are a
 * lazily loaded chunk (statsCommand.ts), loaded the first time statistics are asked for.
 *
 * Activation events: `onLanguage:jsonl` (package.json) plus the `onCommand` events VS Code derives from
 * `contributes.commands`.
 */
import * as vscode from 'vscode';
import { COMMANDS, DATASET_EXTENSIONS, isDatasetPath } from './contributions';
import { JsonlLanguageClient } from './languageClient';

let languageClient: JsonlLanguageClient | undefined;

type StatsModule = typeof import('./statsCommand');
let statsModule: StatsModule | undefined;

async function loadStats(): Promise<StatsModule> {
  statsModule ??= await import(/* webpackChunkName: "stats" */ './statsCommand');
  return statsModule;
}

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Helix Curator', { log: true });
  const client = new JsonlLanguageClient(context, log);
  languageClient = client;

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
    log,
    client,
    { dispose: () => statsModule?.disposeStatsPanels() },
    vscode.commands.registerCommand(
      COMMANDS.showStats,
      guarded(COMMANDS.showStats, async (arg?: unknown) => {
        const file = arg instanceof vscode.Uri ? arg : (datasetInActiveEditor() ?? (await pickDataset()));
        if (!file) return;
        await (await loadStats()).showStatsFor(context, log, file);
      }),
    ),
    vscode.commands.registerCommand(
      COMMANDS.openSampleDataset,
      guarded(COMMANDS.openSampleDataset, async () => {
        const sample = vscode.Uri.joinPath(context.extensionUri, 'media', 'sample', 'traces.jsonl');
        await vscode.window.showTextDocument(sample, { preview: false });
        await (await loadStats()).showStatsFor(context, log, sample);
      }),
    ),
    vscode.workspace.onDidOpenTextDocument((document) => client.startFor(document)),
  );
  for (const document of vscode.workspace.textDocuments) client.startFor(document);
}

export function deactivate(): Promise<void> | undefined {
  const client = languageClient;
  languageClient = undefined;
  return client?.stop();
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

async function pickDataset(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Show Dataset Statistics',
    openLabel: 'Show Statistics',
    canSelectMany: false,
    canSelectFolders: false,
    filters: { Datasets: DATASET_EXTENSIONS.map((e) => e.slice(1)), 'All files': ['*'] },
  });
  return picked?.[0];
}
