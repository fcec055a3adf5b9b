/**
 * `Helix: Show Dataset Statistics` after the target file is known: open the dataset, build its index and
 * compute the statistics under a cancellable progress notification with a real percentage, then show
 * them in the stats panel. Loaded lazily (a separate webpack chunk), so the readers are not loaded
 * into the extension host until a user asks for statistics.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openDataset } from '../core/readers/open';
import { formatBytes } from '../core/readers/textFile';
import { DatasetError } from '../core/readers/types';
import { computeStats, type DatasetStats } from '../core/stats';
import { readSettings } from './config';
import { PhasedProgress } from './progress';
import { maxRowBytes } from './settings';
import { StatsPanel } from './statsPanel';

/** The index pass streams the file; the stats pass loads every sample: it takes most of the time. */
const INDEX_SHARE = 0.3;
const STATS_SHARE = 0.7;

export async function showStatsFor(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, file: vscode.Uri): Promise<void> {
  if (file.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Helix Curator: statistics need a file on disk (got a ${file.scheme}: resource).`);
    return;
  }
  const stats = await computeWithProgress(file, log);
  if (!stats) return;
  StatsPanel.show(context.extensionUri, file, stats, log);
}

async function computeWithProgress(file: vscode.Uri, log: vscode.LogOutputChannel): Promise<DatasetStats | undefined> {
  const settings = readSettings(file, log);
  const name = path.basename(file.fsPath);
  const started = Date.now();
  try {
    const stats = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Helix: statistics of ${name}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const onCancel = token.onCancellationRequested(() => abort.abort(new vscode.CancellationError()));
        const phases = new PhasedProgress(progress);
        const reader = openDataset(file.fsPath, { maxRowBytes: maxRowBytes(settings), checkImages: settings.checkImages });
        try {
          phases.begin({ share: INDEX_SHARE }, 'indexing');
          const index = await reader.buildIndex({
            signal: abort.signal,
            onProgress: (p) => phases.update(p.bytesDone, p.bytesTotal, `indexing: ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`),
          });
          phases.begin({ share: STATS_SHARE }, `reading ${index.entries.length.toLocaleString('en-US')} samples`);
          return await computeStats(reader, index, {
            signal: abort.signal,
            onProgress: (done, total) => phases.update(done, total, `reading samples: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`),
          });
        } catch (e) {
          if (abort.signal.aborted) return undefined;
          throw e;
        } finally {
          onCancel.dispose();
          await reader.close();
        }
      },
    );
    if (stats) log.info(`stats of ${file.fsPath}: ${stats.samples} samples, ${stats.bad} bad, in ${Date.now() - started} ms`);
    else {
      log.info(`stats of ${file.fsPath}: cancelled`);
      vscode.window.setStatusBarMessage(`Helix: statistics of ${name} cancelled`, 5000);
    }
    return stats;
  } catch (e) {
    const message = e instanceof DatasetError ? e.message : `cannot compute statistics of ${file.fsPath}: ${e instanceof Error ? e.message : String(e)}`;
    log.error(e instanceof Error && !(e instanceof DatasetError) ? (e.stack ?? message) : message);
    void vscode.window.showErrorMessage(`Helix Curator: ${message}`);
    return undefined;
  }
}

export function disposeStatsPanels(): void {
  StatsPanel.disposeAll();
}
