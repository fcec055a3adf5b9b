/**
 * `helix-curate export`: the team's accepted samples as training data, checks first.
 *
 * It parses its own arguments (main.ts hands it everything after `export`): its `--format` names the output
 * format (sharegpt / openai / parquet), not the input's, which is `--input-format` here.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ExportCancelled, ExportError, checkExport, type ExportPlan, type ExportProgress } from '../core/export/check';
import { writeExport } from '../core/export/write';
import { renderSummary } from '../core/export/report';
import { EXPORT_FORMATS, ExportReport, IMAGE_MODES, type ExportOptionsInput } from '../core/export/schema';
import { JournalError } from '../core/journal/io';
import { DatasetError } from '../core/readers/types';
import { DATASET_FORMATS, type DatasetFormat } from '../core/sample';
import { Progress } from './progress';

/** Same values as main.ts's EXIT (not imported: main imports this module). */
const EXIT = { ok: 0, excluded: 1, usage: 2, unreadable: 3, internal: 70, cancelled: 130 } as const;

export const EXPORT_HELP = `  helix-curate export FILE --journal J [--journal J2 ...] --format sharegpt|openai|parquet -o OUT
      Export the samples the team accepted (single, agreed or adjudicated accept in the merged
      journals) as training data, after pre-export checks that are printed before anything is
      written and saved as OUT.report.json / OUT.report.md after.
      sharegpt: LLaMA-Factory JSONL {messages, images} + a dataset_info.json entry beside OUT;
      openai: chat JSONL with image_url parts; parquet: Hugging Face layout, images embedded.
      --images copy|link|reference   images into images/ beside OUT (default copy), symlinked, or
                                     referenced where they are (paths relative to OUT's folder)
      --image-data-uri   openai: images as data: URIs in the messages
      --drop-think       remove the <think>...</think> block (default: keep the trace)
      --metadata         add helix_id, task, difficulty, verdict, strict, tags, curators, notes,
                         decision_status
      --ids FILE         only these sample ids (one per line)      --where EXPR  only matching samples
      --max-chars N      exclude responses longer than N characters
      --check-only       print the pre-export report, write nothing
      --force            overwrite an existing OUT (without it, an existing OUT is an error)
      --allow-conflicts  export samples curators disagree on when one of them accepted
      --allow-stale      export samples whose decision was taken on other content
      --no-verify        skip verifying accepted samples (the fail / lenient-pass check)
      --dataset-name N   the dataset_info.json entry (default: OUT's name without extension)
      --input-format F   force the input format: ${DATASET_FORMATS.join(', ')}
      Exit: 0 written (or clean check); 1 some accepted samples excluded by a check; 2 usage (also
      an existing OUT without --force); 3 dataset or journal unreadable; 130 cancelled (nothing
      left behind).
`;

const OPTIONS = {
  journal: { type: 'string', multiple: true },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  images: { type: 'string' },
  'image-data-uri': { type: 'boolean' },
  'drop-think': { type: 'boolean' },
  metadata: { type: 'boolean' },
  ids: { type: 'string' },
  where: { type: 'string' },
  'max-chars': { type: 'string' },
  'check-only': { type: 'boolean' },
  force: { type: 'boolean' },
  'allow-conflicts': { type: 'boolean' },
  'allow-stale': { type: 'boolean' },
  'no-verify': { type: 'boolean' },
  'dataset-name': { type: 'string' },
  'input-format': { type: 'string' },
  'max-row-mb': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

/** Ids from a file: one per line; blank lines and lines starting with `#` are skipped. */
export function readIdsFile(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--ids: cannot read ${file}: ${(e as Error).message}`);
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function optionsFrom(argv: string[]): { input: ExportOptionsInput; json: boolean; quiet: boolean } | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length !== 1) throw new UsageError('export takes one FILE');
  const format = v.format;
  if (format === undefined || !(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (!v.output) throw new UsageError('export needs -o OUT');
  if (!v.journal || v.journal.length === 0) throw new UsageError('export needs --journal J (the journals say which samples were accepted)');
  if (v.images !== undefined && !(IMAGE_MODES as readonly string[]).includes(v.images)) throw new UsageError(`--images must be one of ${IMAGE_MODES.join(', ')}`);
  if (v['input-format'] !== undefined && !(DATASET_FORMATS as readonly string[]).includes(v['input-format'])) throw new UsageError(`--input-format must be one of ${DATASET_FORMATS.join(', ')}`);
  const input: ExportOptionsInput = {
    dataset: parsed.positionals[0]!,
    journals: v.journal,
    format: format as ExportOptionsInput['format'],
    output: v.output,
    imageDataUri: v['image-data-uri'] === true,
    dropThink: v['drop-think'] === true,
    metadata: v.metadata === true,
    checkOnly: v['check-only'] === true,
    force: v.force === true,
    allowConflicts: v['allow-conflicts'] === true,
    allowStale: v['allow-stale'] === true,
    verify: v['no-verify'] !== true,
  };
  if (v.images !== undefined) input.images = v.images as ExportOptionsInput['images'] & string;
  if (v.ids !== undefined) input.ids = readIdsFile(v.ids);
  if (v.where !== undefined) input.where = v.where;
  if (v['dataset-name'] !== undefined) input.datasetName = v['dataset-name'];
  if (v['input-format'] !== undefined) input.readerFormat = v['input-format'] as DatasetFormat;
  if (v['max-chars'] !== undefined) {
    const n = Number(v['max-chars']);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError('--max-chars must be a positive whole number');
    input.maxChars = n;
  }
  if (v['max-row-mb'] !== undefined) {
    const n = Number(v['max-row-mb']);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError('--max-row-mb must be a positive number');
    input.maxRowBytes = Math.round(n * 1024 * 1024);
  }
  return { input, json: v.json === true, quiet: v.quiet === true };
}

/** `helix-curate export ARGS` (ARGS: everything after `export`). Returns the exit code. */
export async function runExportCli(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, signal?: AbortSignal): Promise<number> {
  let plan: ExportPlan | undefined;
  try {
    const parsed = optionsFrom(argv);
    if (parsed === 'help') {
      out.write(`Usage:\n${EXPORT_HELP}`);
      return EXIT.ok;
    }
    const { input, json, quiet } = parsed;
    const bars: Record<ExportProgress['phase'], Progress> = {
      index: new Progress('indexing', !quiet),
      check: new Progress('checking accepted samples', !quiet),
      write: new Progress('writing', !quiet),
    };
    const onProgress = (p: ExportProgress): void => bars[p.phase].update(p.done, p.total, p.phase === 'index' ? 'bytes' : 'samples');
    const runtime = { ...(signal ? { signal } : {}), onProgress };
    try {
      plan = await checkExport(input, runtime);
    } finally {
      bars.index.done();
      bars.check.done();
    }
    const checked = plan.report;
    if (!json) out.write(renderSummary(checked));
    let final: ExportReport = checked;
    if (!plan.options.checkOnly) {
      if (!json && !quiet) err.write('writing...\n');
      const p = plan;
      plan = undefined;
      try {
        final = await writeExport(p, runtime);
      } finally {
        bars.write.done();
      }
      if (!json) out.write(renderSummary(final).split('\n').filter((l) => /^(wrote|dataset_info|report:)/.test(l)).join('\n') + '\n');
    }
    if (json) out.write(`${JSON.stringify(ExportReport.parse(final))}\n`);
    return final.counts.excluded > 0 ? EXIT.excluded : EXIT.ok;
  } catch (e) {
    if (e instanceof ExportCancelled || signal?.aborted) {
      err.write('helix-curate: export cancelled; nothing was written\n');
      return EXIT.cancelled;
    }
    if (e instanceof UsageError || e instanceof ExportError) {
      err.write(`helix-curate: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof DatasetError || e instanceof JournalError) {
      err.write(`helix-curate: ${e.message}\n`);
      return EXIT.unreadable;
    }
    err.write(`helix-curate: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.internal;
  } finally {
    await plan?.dispose();
  }
}
