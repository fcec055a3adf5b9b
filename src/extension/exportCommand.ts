/**
 * "Helix: Export Accepted Samples...": the team's accepted samples of a dataset leave as training data
 * (src/core/export), asked step by step in quick picks, checked before anything is written, written under
 * a cancellable progress notification. Loaded lazily (a separate webpack chunk) the first time it runs.
 *
 * Steps: which format; which options (think block, metadata columns, images copied / linked / referenced,
 * data URIs, conflicts and stale decisions let through); which samples (all accepted, the curator's current
 * list, or a saved view); where (the save dialog, which asks before replacing a file); then the pre-export
 * checks run and their summary is shown in a modal with Export / Show Report / Cancel; then the export
 * writes to a temporary name and renames at the end, so a cancelled run leaves nothing behind.
 *
 * Workspace Trust: in a restricted workspace the output must be inside a workspace folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkExport, ExportCancelled, renderReportMarkdown, renderSummary, writeExport, type ExportOptionsInput, type ExportProgress } from '../core/export';
import type { ExportFormat, ExportReport, ImageMode } from '../core/export/schema';
import { discoverJournals } from '../core/team/discover';
import { readSettings } from './config';
import { isInside } from './curator/journalLocation';
import { PhasedProgress } from './progress';
import { maxRowBytes } from './settings';

/** The samples to export, when not "every accepted sample". */
export interface ExportScope {
  /** Shown in the pick, e.g. "the 1,234 samples in the curator's list (view “hard mazes”)". */
  label: string;
  ids?: string[];
  where?: string;
}

export interface ExportRequest {
  dataset: vscode.Uri;
  /** The journal this window writes (it may not exist yet) and the folder the team's journals live in. */
  journal: { path: string; folder: string | undefined };
  /** Scopes offered besides "all accepted" (the curator's current list, saved views). */
  scopes: ExportScope[];
}

interface FormatItem extends vscode.QuickPickItem {
  format: ExportFormat;
  ext: string;
}

const FORMATS: FormatItem[] = [
  { format: 'sharegpt', ext: 'jsonl', label: '$(json) ShareGPT / LLaMA-Factory', description: 'messages + images JSONL', detail: 'With a dataset_info.json entry LLaMA-Factory loads; <image> tokens match the images.' },
  { format: 'openai', ext: 'jsonl', label: '$(comment-discussion) OpenAI chat', description: 'messages with image parts, JSONL', detail: 'Images as files beside the output or as data URIs.' },
  { format: 'parquet', ext: 'parquet', label: '$(database) Parquet (Hugging Face)', description: 'images embedded as {bytes, path}', detail: 'datasets.load_dataset("parquet", ...) reads it, images decoded.' },
];

type OptionKey = 'dropThink' | 'metadata' | 'imageDataUri' | 'allowConflicts' | 'allowStale' | 'skipVerify';
interface OptionItem extends vscode.QuickPickItem {
  key: OptionKey;
}

type ImageItem = vscode.QuickPickItem & { mode: ImageMode };
const IMAGE_MODES: ImageItem[] = [
  { mode: 'copy', label: '$(files) Copy images', description: 'into images/ beside the output' },
  { mode: 'link', label: '$(link) Link images', description: 'symbolic links in images/ (copies where links fail)' },
  { mode: 'reference', label: '$(references) Reference images', description: 'paths relative to the output; nothing copied' },
];

export async function exportAccepted(log: vscode.LogOutputChannel, request: ExportRequest): Promise<ExportReport | undefined> {
  const dataset = request.dataset.fsPath;
  const name = path.basename(dataset);
  const journals = await teamJournals(request.journal.path, dataset, request.journal.folder);
  if (journals.length === 0) {
    void vscode.window.showInformationMessage(`Helix: nothing to export from ${name} yet: no curator has decided anything (no journal beside it).`);
    return undefined;
  }

  const format = await vscode.window.showQuickPick(FORMATS, { title: `Export accepted samples of ${name} (1/4): format`, placeHolder: 'The training format' });
  if (!format) return undefined;

  const optionItems: OptionItem[] = [
    { key: 'dropThink', label: 'Drop the <think> block', description: 'keep only the final answer in the assistant turn', picked: false },
    { key: 'metadata', label: 'Metadata columns', description: 'id, task, difficulty, verdicts, tags, curators, notes', picked: false },
    ...(format.format === 'openai' ? [{ key: 'imageDataUri' as const, label: 'Images as data URIs', description: 'embedded in the messages instead of files', picked: false }] : []),
    { key: 'allowConflicts', label: 'Let conflicts through', description: 'export samples curators disagree on when one accepted', picked: false },
    { key: 'allowStale', label: 'Let stale decisions through', description: 'export samples changed since they were accepted', picked: false },
    { key: 'skipVerify', label: 'Skip verification', description: 'faster; no check for accepted samples that fail', picked: false },
  ];
  const picked = await vscode.window.showQuickPick(optionItems, { title: `Export (2/4): options`, canPickMany: true, placeHolder: 'Toggle with Space, confirm with Enter' });
  if (!picked) return undefined;
  const on = new Set(picked.map((p) => p.key));

  let images: ImageMode = 'copy';
  if (format.format !== 'parquet' && !on.has('imageDataUri')) {
    const mode = await vscode.window.showQuickPick(IMAGE_MODES, { title: 'Export (3/4): images' });
    if (!mode) return undefined;
    images = mode.mode;
  }

  let scope: ExportScope | null = null;
  if (request.scopes.length > 0) {
    type ScopeItem = vscode.QuickPickItem & { scope: ExportScope | null };
    const items: ScopeItem[] = [{ label: '$(check-all) Every accepted sample', scope: null }, ...request.scopes.map((s) => ({ label: `$(filter) ${s.label}`, scope: s }))];
    const chosen = await vscode.window.showQuickPick(items, { title: 'Export (4/4): which samples' });
    if (!chosen) return undefined;
    scope = chosen.scope;
  }

  const stem = path.parse(dataset).name;
  const target = await vscode.window.showSaveDialog({
    title: `Export accepted samples of ${name}`,
    saveLabel: 'Export',
    defaultUri: vscode.Uri.file(path.join(path.dirname(dataset), `${stem}-sft.${format.ext}`)),
    filters: format.ext === 'parquet' ? { Parquet: ['parquet'] } : { 'JSON Lines': ['jsonl'] },
  });
  if (!target) return undefined;
  if (target.scheme !== 'file') throw new Error(`export writes files on disk only (not ${target.scheme}: resources)`);
  const output = target.fsPath;
  if (!vscode.workspace.isTrusted && !insideWorkspace(output)) {
    throw new Error(`this workspace is in Restricted Mode: exports may only be written inside a workspace folder (${output} is not)`);
  }

  const settings = readSettings(request.dataset, log);
  const maxChars = settings['export.maxResponseChars'];
  const input: ExportOptionsInput = {
    dataset,
    journals,
    format: format.format,
    output,
    images,
    imageDataUri: on.has('imageDataUri'),
    dropThink: on.has('dropThink'),
    metadata: on.has('metadata'),
    allowConflicts: on.has('allowConflicts'),
    allowStale: on.has('allowStale'),
    verify: !on.has('skipVerify'),
    // The save dialog already asked before replacing an existing file.
    force: fs.existsSync(output),
    maxRowBytes: maxRowBytes(settings),
    ...(maxChars > 0 ? { maxChars } : {}),
    ...(scope?.ids ? { ids: scope.ids } : {}),
    ...(scope?.where ? { where: scope.where } : {}),
  };
  return runExport(log, input, name);
}

/** Check, ask, write: each phase under one cancellable progress notification. */
async function runExport(log: vscode.LogOutputChannel, input: ExportOptionsInput, name: string): Promise<ExportReport | undefined> {
  const plan = await withExportProgress(`Helix: checking the accepted samples of ${name}`, (runtime) => checkExport(input, runtime));
  if (!plan) return undefined;
  let handedOver = false;
  try {
    const report = plan.report;
    log.info(`export: pre-export check of ${name}:\n${renderSummary(report)}`);
    const c = report.counts;
    if (c.exportable === 0) {
      const choice = await vscode.window.showWarningMessage(
        `Nothing to export from ${name}: ${c.accepted} accepted, ${c.excluded} excluded by the checks.`,
        { modal: true, detail: renderSummary(report) },
        'Show Report',
      );
      if (choice === 'Show Report') await showReport(report);
      return report;
    }
    const warnings = Object.entries(report.findingCounts).filter(([code]) => report.policy[code] !== 'info').reduce((n, [, v]) => n + v.total, 0);
    for (;;) {
      const choice = await vscode.window.showInformationMessage(
        `Export ${c.exportable.toLocaleString('en-US')} samples of ${name} to ${path.basename(input.output)}?${c.excluded ? ` ${c.excluded.toLocaleString('en-US')} excluded by the checks.` : ''}${warnings ? ` ${warnings.toLocaleString('en-US')} findings.` : ''}`,
        { modal: true, detail: renderSummary(report) },
        'Export',
        'Show Report',
      );
      if (choice === 'Show Report') {
        await showReport(report);
        continue;
      }
      if (choice !== 'Export') return undefined;
      break;
    }
    handedOver = true;
    const written = await withExportProgress(`Helix: exporting ${name}`, (runtime) => writeExport(plan, runtime));
    if (!written) return undefined;
    log.info(`export: ${renderSummary(written)}`);
    const w = written.written;
    const seconds = (written.timings.writeMs / 1000).toFixed(1);
    const choice = await vscode.window.showInformationMessage(
      `Exported ${written.counts.written.toLocaleString('en-US')} samples to ${path.basename(written.output)} in ${seconds} s${w?.imageFiles ? ` (${w.imageFiles.toLocaleString('en-US')} image files)` : ''}.`,
      'Open Report',
      'Reveal in Explorer',
    );
    if (choice === 'Open Report' && w) await vscode.window.showTextDocument(vscode.Uri.file(w.reportMd), { preview: true });
    if (choice === 'Reveal in Explorer') await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(written.output));
    return written;
  } finally {
    if (!handedOver) await plan.dispose();
  }
}

/** Run one export phase with a cancellable notification showing the phase and a real percentage. */
async function withExportProgress<T>(title: string, run: (runtime: { signal: AbortSignal; onProgress: (p: ExportProgress) => void }) => Promise<T>): Promise<T | undefined> {
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const phased = new PhasedProgress(progress);
      const shares = { index: 0.15, check: 0.85, write: 1 } as const;
      let phase: ExportProgress['phase'] | null = null;
      return run({
        signal: abort.signal,
        onProgress: (p) => {
          if (p.phase !== phase) {
            phase = p.phase;
            phased.begin({ share: shares[p.phase] }, PHASE_LABEL[p.phase]);
          }
          phased.update(p.done, p.total, `${PHASE_LABEL[p.phase]} ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')}`);
        },
      });
    });
  } catch (e) {
    if (e instanceof ExportCancelled) {
      void vscode.window.showInformationMessage('Helix: export cancelled; nothing was written.');
      return undefined;
    }
    throw e;
  }
}

const PHASE_LABEL: Record<ExportProgress['phase'], string> = { index: 'indexing', check: 'checking', write: 'writing' };

async function showReport(report: ExportReport): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: renderReportMarkdown(report) });
  await vscode.window.showTextDocument(doc, { preview: true });
}

/** The journals of the team: every curator's journal of the dataset, plus the own one when it exists. */
async function teamJournals(own: string, dataset: string, folder: string | undefined): Promise<string[]> {
  const found = new Set((await discoverJournals(dataset, folder)).map((p) => path.resolve(p)));
  if (fs.existsSync(own)) found.add(path.resolve(own));
  return [...found].sort();
}

function insideWorkspace(file: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file' && isInside(file, f.uri.fsPath));
}
