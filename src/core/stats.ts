/**
 * Dataset statistics: counts per task x difficulty from the index, and (in a full pass that loads every
 * sample) response lengths, stored verdicts, row kinds, sample problems and bad rows with their lines.
 */
import { z } from 'zod';
import { DatasetFormat } from './sample';
import type { DatasetIndex, DatasetReader, IndexEntry } from './readers/types';
import { RowError } from './readers/types';

export const MAX_LISTED = 1000;

export const Distribution = z.object({
  count: z.number().int(),
  min: z.number(),
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
  max: z.number(),
  mean: z.number(),
});
export type Distribution = z.infer<typeof Distribution>;

export const BadRow = z.object({
  ordinal: z.number().int(),
  line: z.number().int().optional(),
  id: z.string(),
  error: z.string(),
});
export type BadRow = z.infer<typeof BadRow>;

/** The output of `helix-curate stats --json` (validated before it is printed). */
export const DatasetStats = z.object({
  file: z.string(),
  format: DatasetFormat,
  fileBytes: z.number().int(),
  /** Whether every sample was loaded (false: counts come from the index only). */
  full: z.boolean(),
  samples: z.number().int(),
  valid: z.number().int(),
  bad: z.number().int(),
  /** task -> difficulty -> count. Rows without a task are under `(none)`, without a difficulty under `(none)`. */
  byTaskDifficulty: z.record(z.string(), z.record(z.string(), z.number().int())),
  kinds: z.record(z.string(), z.number().int()),
  responseChars: Distribution.nullable(),
  withResponse: z.number().int(),
  /** Stored verdicts found in rows: field -> pass / fail / unreadable counts. */
  storedVerdicts: z.record(z.string(), z.object({ pass: z.number().int(), fail: z.number().int(), unreadable: z.number().int() })),
  images: z.object({ total: z.number().int(), withError: z.number().int() }),
  /** Samples with at least one problem (missing image, image/token count mismatch, ...). */
  samplesWithProblems: z.number().int(),
  problemExamples: z.array(z.object({ id: z.string(), line: z.number().int().optional(), message: z.string() })),
  /** Ids shared by several samples: their 1-based sample numbers (`#N`) and, in text formats, their lines (first 20). */
  duplicateIds: z.array(z.object({ id: z.string(), count: z.number().int(), rows: z.array(z.number().int()), lines: z.array(z.number().int()) })),
  badRows: z.array(BadRow),
  /** Listed bad rows are capped at MAX_LISTED; this is how many were left out. */
  badRowsOmitted: z.number().int(),
  fileErrors: z.array(z.string()),
});
export type DatasetStats = z.infer<typeof DatasetStats>;

const NONE = '(none)';

export function distribution(values: number[]): Distribution | null {
  if (values.length === 0) return null;
  const v = Float64Array.from(values).sort();
  const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * (v.length - 1) + 0.5))]!;
  let sum = 0;
  for (const x of v) sum += x;
  return { count: v.length, min: v[0]!, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: v[v.length - 1]!, mean: Math.round((sum / v.length) * 10) / 10 };
}

function where(entry: IndexEntry): { line?: number } {
  return entry.line !== undefined ? { line: entry.line } : {};
}

export interface StatsOptions {
  /** Load every sample (response lengths, verdicts, problems). Default true. */
  full?: boolean;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export async function computeStats(reader: DatasetReader, index: DatasetIndex, options: StatsOptions = {}): Promise<DatasetStats> {
  const full = options.full ?? true;
  const byTaskDifficulty: Record<string, Record<string, number>> = {};
  const kinds: Record<string, number> = {};
  const storedVerdicts: DatasetStats['storedVerdicts'] = {};
  const lengths: number[] = [];
  const badRows: BadRow[] = [];
  let bad = 0;
  let imagesTotal = 0;
  let imagesWithError = 0;
  let samplesWithProblems = 0;
  const problemExamples: DatasetStats['problemExamples'] = [];
  const idPlaces = new Map<string, IndexEntry[]>();

  const total = index.entries.length;
  let lastProgress = 0;
  for (const entry of index.entries) {
    if (options.signal?.aborted) throw new Error('cancelled');
    const task = entry.task ?? NONE;
    const diff = entry.difficulty ?? NONE;
    const row = (byTaskDifficulty[task] ??= {});
    row[diff] = (row[diff] ?? 0) + 1;
    const places = idPlaces.get(entry.id);
    if (places) places.push(entry);
    else idPlaces.set(entry.id, [entry]);

    let error = entry.error;
    if (!error && full) {
      try {
        const s = await reader.loadSample(entry);
        kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
        if (s.response !== null) lengths.push(s.response.length);
        if (s.storedVerdict) {
          const sv = (storedVerdicts[s.storedVerdict.field] ??= { pass: 0, fail: 0, unreadable: 0 });
          if (s.storedVerdict.pass === true) sv.pass++;
          else if (s.storedVerdict.pass === false) sv.fail++;
          else sv.unreadable++;
        }
        imagesTotal += s.images.length;
        imagesWithError += s.images.filter((i) => i.error).length;
        if (s.problems.length > 0) {
          samplesWithProblems++;
          if (problemExamples.length < MAX_LISTED) {
            for (const p of s.problems) {
              if (problemExamples.length >= MAX_LISTED) break;
              problemExamples.push({ id: s.id, ...where(entry), message: `${p.field ? `${p.field}: ` : ''}${p.message}` });
            }
          }
        }
      } catch (e) {
        error = e instanceof RowError ? e.detail : e instanceof Error ? e.message : String(e);
      }
    }
    if (error) {
      bad++;
      if (badRows.length < MAX_LISTED) badRows.push({ ordinal: entry.ordinal, ...where(entry), id: entry.id, error });
    }
    if (options.onProgress && entry.ordinal - lastProgress >= 1000) {
      lastProgress = entry.ordinal;
      options.onProgress(entry.ordinal, total);
    }
  }
  options.onProgress?.(total, total);

  const duplicateIds: DatasetStats['duplicateIds'] = [];
  for (const [id, places] of idPlaces) {
    if (places.length > 1 && duplicateIds.length < MAX_LISTED) {
      const first = places.slice(0, 20);
      duplicateIds.push({ id, count: places.length, rows: first.map((e) => e.ordinal + 1), lines: first.flatMap((e) => (e.line !== undefined ? [e.line] : [])) });
    }
  }

  return DatasetStats.parse({
    file: index.file,
    format: index.format,
    fileBytes: index.fileBytes,
    full,
    samples: total,
    valid: total - bad,
    bad,
    byTaskDifficulty,
    kinds,
    responseChars: distribution(lengths),
    withResponse: lengths.length,
    storedVerdicts,
    images: { total: imagesTotal, withError: imagesWithError },
    samplesWithProblems,
    problemExamples,
    duplicateIds,
    badRows,
    badRowsOmitted: bad - badRows.length,
    fileErrors: index.fileErrors,
  });
}
