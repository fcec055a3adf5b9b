/**
 * The write pass: the plan's samples, read again one at a time, become rows in a temporary file beside the
 * output; images go to a staging folder. Only when every row is written do the images move into `images/`,
 * the temporary file take the output's name (a no-clobber link without --force, an atomic rename with it),
 * `dataset_info.json` get its entry (ShareGPT) and the reports appear. A cancelled or failed run removes the
 * temporary file and the staging folder: it leaves nothing behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentHash } from '../journal/hash';
import { openDataset } from '../readers/open';
import { iterateSamples, type DatasetReader } from '../readers/types';
import { ExportCancelled, ExportError, checkExport, throwIfCancelled, type ExportPlan, type ExportRuntime } from './check';
import { IMAGE_TOKEN, toTrainingRow, type Turn } from './convert';
import { ImageStage, imageFileName, readImage, toDataUri } from './images';
import { renderReportMarkdown } from './report';
import { ExportReport, type ExportOptionsInput } from './schema';
import { datasetInfoEntry, JsonlSink, mergeDatasetInfo, ParquetSink, type MetadataColumns, type ParquetRow } from './sinks';

export const DATASET_INFO = 'dataset_info.json';

/** OpenAI content parts of a turn: text and image_url parts, one image part where each `<image>` token was. */
export function openaiContent(content: string, urls: readonly string[], next: { i: number }): string | Array<Record<string, unknown>> {
  if (!content.includes(IMAGE_TOKEN)) return content;
  const parts: Array<Record<string, unknown>> = [];
  const pieces = content.split(IMAGE_TOKEN);
  pieces.forEach((text, k) => {
    if (k > 0) parts.push({ type: 'image_url', image_url: { url: urls[next.i++] ?? '' } });
    if (text !== '') parts.push({ type: 'text', text });
  });
  return parts;
}

function tmpName(outDir: string, base: string, what: string): string {
  return path.join(outDir, `.${base}.${process.pid}.${what}.tmp`);
}

async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(tmp, text);
  await fs.promises.rename(tmp, file);
}

/** Put the finished temporary file in place: never over an existing file without `force`. */
function placeOutput(tmp: string, out: string, force: boolean): void {
  if (force) {
    fs.renameSync(tmp, out);
    return;
  }
  try {
    fs.linkSync(tmp, out); // fails with EEXIST instead of replacing: no window between a check and a rename
    fs.rmSync(tmp, { force: true });
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ExportError(`the output appeared while exporting: ${out} (not overwritten; use --force)`);
  }
  if (fs.existsSync(out)) throw new ExportError(`the output appeared while exporting: ${out} (not overwritten; use --force)`);
  fs.renameSync(tmp, out);
}

/**
 * Write a checked plan. Returns the final report (also written as OUT.report.json / OUT.report.md). Throws
 * ExportCancelled (nothing left behind) or ExportError. Closes the plan's reader.
 */
export async function writeExport(plan: ExportPlan, runtime: ExportRuntime = {}): Promise<ExportReport> {
  const started = performance.now();
  const o = plan.options;
  const signal = runtime.signal;
  const out = path.resolve(o.output);
  const outDir = path.dirname(out);
  const base = path.basename(out);
  let sink: { finish(): Promise<number>; abort(): Promise<void> } | undefined;
  let stage: ImageStage | undefined;
  let reader: DatasetReader | undefined;
  try {
    if (o.checkOnly) throw new ExportError('a --check-only plan is not written');
    if (fs.existsSync(out) && !o.force) throw new ExportError(`the output already exists: ${out} (use --force to overwrite it)`);
    await fs.promises.mkdir(outDir, { recursive: true });
    const infoFile = path.join(outDir, DATASET_INFO);
    const datasetName = o.datasetName ?? path.basename(out, path.extname(out));
    if (o.format === 'sharegpt' && fs.existsSync(infoFile)) mergeDatasetInfo(fs.readFileSync(infoFile, 'utf8'), datasetName, {}, infoFile); // refuse a bad one before any work

    const tmp = tmpName(outDir, base, 'output');
    const needFiles = o.format === 'sharegpt' || (o.format === 'openai' && !o.imageDataUri);
    if (needFiles) stage = new ImageStage(outDir, base, o.images);
    fs.rmSync(tmp, { force: true });
    const jsonl = o.format === 'parquet' ? null : await JsonlSink.create(tmp);
    const parquet = o.format === 'parquet' ? ParquetSink.create(tmp, o.metadata) : null;
    sink = jsonl ?? parquet!;

    // A reader of its own (the check pass's is closed first); images were checked there.
    await plan.dispose();
    reader = openDataset(plan.index.file, { format: plan.index.format, ...(o.maxRowBytes ? { maxRowBytes: o.maxRowBytes } : {}), checkImages: false });
    let done = 0;
    const total = plan.items.length;
    for await (const loaded of iterateSamples(reader, plan.items.map((i) => i.entry))) {
      throwIfCancelled(signal);
      const item = plan.items[done]!;
      done++;
      if (loaded.error) throw new ExportError(`${loaded.error.message} (readable when checked; did the dataset change?)`);
      const sample = loaded.sample;
      if (contentHash(sample) !== item.hash) throw new ExportError(`${o.dataset}: sample "${sample.id}" changed since the check; run the export again`);
      const converted = toTrainingRow(sample, { dropThink: o.dropThink });
      if (!converted.ok) throw new ExportError(`sample "${sample.id}": ${converted.issue.message} (passed the check; did the dataset change?)`);
      const { messages, images } = converted.row;
      const meta: Partial<MetadataColumns> = item.meta ?? {};
      if (parquet) {
        const row: ParquetRow = { messages, images: [] };
        for (let i = 0; i < images.length; i++) {
          const { bytes, mime } = readImage(images[i]!);
          row.images.push({ bytes, path: imageFileName(sample.id, i, bytes, mime) });
        }
        if (item.meta) row.meta = item.meta;
        await parquet.add(row);
      } else if (jsonl) {
        const urls: string[] = [];
        for (let i = 0; i < images.length; i++) {
          if (stage) urls.push(stage.place(sample.id, i, images[i]!).relPath);
          else {
            const { bytes, mime } = readImage(images[i]!);
            urls.push(toDataUri(bytes, mime));
          }
        }
        if (o.format === 'sharegpt') await jsonl.add({ messages: messages.map((m: Turn) => ({ role: m.role, content: m.content })), images: urls, ...meta });
        else {
          const next = { i: 0 };
          await jsonl.add({ messages: messages.map((m: Turn) => ({ role: m.role, content: openaiContent(m.content, urls, next) })), ...meta });
        }
      }
      runtime.onProgress?.({ phase: 'write', done, total });
    }
    throwIfCancelled(signal);
    if (done !== total) throw new ExportError(`read ${done} of ${total} planned samples`);

    const outputBytes = await sink.finish();
    sink = undefined;
    throwIfCancelled(signal);
    await stage?.commit();
    placeOutput(tmp, out, o.force);

    let datasetInfo: string | null = null;
    if (o.format === 'sharegpt') {
      const existing = fs.existsSync(infoFile) ? fs.readFileSync(infoFile, 'utf8') : null;
      await writeFileAtomic(infoFile, mergeDatasetInfo(existing, datasetName, datasetInfoEntry(base), infoFile));
      datasetInfo = infoFile;
    }
    const reportJson = `${out}.report.json`;
    const reportMd = `${out}.report.md`;
    const report: ExportReport = {
      ...plan.report,
      stage: 'written',
      counts: { ...plan.report.counts, written: done },
      written: {
        output: out,
        outputBytes,
        imageFiles: stage?.files ?? 0,
        imageBytes: stage?.bytes ?? 0,
        imagesDir: stage?.used ? stage.imagesDir : null,
        datasetInfo,
        reportJson,
        reportMd,
        linkFallbacks: stage?.linkFallbacks ?? 0,
      },
      timings: { ...plan.report.timings, writeMs: Math.round(performance.now() - started) },
    };
    ExportReport.parse(report);
    await writeFileAtomic(reportJson, `${JSON.stringify(report, null, 2)}\n`);
    await writeFileAtomic(reportMd, renderReportMarkdown(report));
    return report;
  } catch (e) {
    await sink?.abort().catch(() => undefined);
    await stage?.discard().catch(() => undefined);
    if (signal?.aborted) throw new ExportCancelled();
    throw e;
  } finally {
    await plan.dispose();
    await reader?.close();
  }
}

/** Check, then write: `onChecked` sees the pre-export report before anything is written. */
export async function exportDataset(input: ExportOptionsInput, runtime: ExportRuntime = {}): Promise<ExportReport> {
  const plan = await checkExport(input, runtime);
  try {
    await runtime.onChecked?.(plan.report);
  } catch (e) {
    await plan.dispose();
    throw e;
  }
  if (plan.options.checkOnly) {
    await plan.dispose();
    return plan.report;
  }
  return writeExport(plan, runtime);
}
