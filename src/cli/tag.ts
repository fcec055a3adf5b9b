/**
 * `helix-curate tag`: every sample's response split into thinking and answer, segmented into steps at
 * blank lines, tagged with reflection behaviours, and measured. With --json one line per sample (file
 * order) `{id, steps: [{index, start, end, tags, cues}], stats}` with offsets in code points into the
 * sample's response; otherwise a summary table per task and per difficulty. Large files are analysed in
 * worker threads across cores.
 */
import * as path from 'node:path';
import { openDataset } from '../core/readers/open';
import { formatWhere, RowError, type IndexEntry, type ReaderOptions } from '../core/readers/types';
import type { DatasetFormat } from '../core/sample';
import { tagLine, type TagLine } from '../core/trace/analyse';
import { defaultCueSet, loadCueFile, type CueSet } from '../core/trace/cues';
import { TAGS } from '../core/trace/cueSchema';
import { TraceDatasetStats, TraceStatsAccumulator, type TraceGroupStats, type TraceStats } from '../core/trace/stats';
import { runLaneWorker, spread, threadCount, type LaneMessage } from './lanes';
import { ProblemPrinter, type SampleProblems } from './problems';
import { indexWithProgress, Progress } from './progress';

/** Files with fewer samples than this are analysed on the main thread (worker start-up would dominate). */
const INLINE_BELOW = 2000;

export interface TagOptions {
  file: string;
  json: boolean;
  /** A cue file (--cues); undefined: the shipped default set. Worker threads load it themselves. */
  cuesFile: string | undefined;
  /** The compiled cue set of `cuesFile`, when the caller has it already. */
  cues?: CueSet;
  workers: number | undefined;
  quiet: boolean;
  reader: ReaderOptions & { format?: DatasetFormat };
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  signal?: AbortSignal;
  /** The script a worker thread runs (the bundled CLI itself); undefined: analyse on the main thread. */
  workerScript: string | undefined;
}

export interface TagSummary {
  stats: TraceDatasetStats;
  /** Whole-file errors of the index pass (a JSON array cut off, ...): rows after them are lost. */
  fileErrors: number;
  /** Problems of samples that read (missing or refused images, ...), each named on stderr (the first 50). */
  problems: number;
  cancelled: boolean;
}

/** What the main thread needs of one analysed sample (workers build it; strings are cheap to post). */
export interface TagRecord {
  ordinal: number;
  /** The --json line (without newline); null without --json. */
  json: string | null;
  task: string | null;
  difficulty: string | null;
  stats: TraceStats | null;
  /** The row could not be read: why (`error`), and the message for stderr with the file and line. */
  error: string | null;
  message: string | null;
  line: number | undefined;
  id: string;
  /** The sample's problems (images, fields); null when it has none or could not be read. */
  problems: SampleProblems | null;
}

export interface TagWorkerRequest {
  kind: 'helix-tag';
  json: boolean;
  cuesFile: string | undefined;
  file: string;
  reader: ReaderOptions & { format?: DatasetFormat };
  entries: IndexEntry[];
}
export type TagWorkerMessage = LaneMessage<TagRecord>;

/** The cue set of a run: the --cues file (throws CueFileError) or the shipped default. */
export function cueSetFor(cuesFile: string | undefined): CueSet {
  return cuesFile === undefined ? defaultCueSet() : loadCueFile(cuesFile);
}

/** The record of a row that cannot be analysed (its --json line says why). */
function badRecord(entry: IndexEntry, detail: string, message: string, json: boolean): TagRecord {
  return { ordinal: entry.ordinal, line: entry.line, id: entry.id, json: json ? JSON.stringify({ id: entry.id, steps: [], stats: null, error: detail } satisfies TagLine) : null, task: entry.task, difficulty: entry.difficulty, stats: null, error: detail, message, problems: null };
}

async function analyseEntries(file: string, reader: ReaderOptions & { format?: DatasetFormat }, entries: readonly IndexEntry[], cues: CueSet, json: boolean, onRecord: (r: TagRecord) => void, signal?: AbortSignal): Promise<void> {
  const r = openDataset(file, reader);
  try {
    for (const entry of entries) {
      if (signal?.aborted) return;
      const base = { ordinal: entry.ordinal, line: entry.line, id: entry.id };
      const bad = (detail: string, message: string): void => onRecord(badRecord(entry, detail, message, json));
      if (entry.error) {
        bad(entry.error, `${file}${formatWhere(entry.line !== undefined ? { line: entry.line } : { ordinal: entry.ordinal })}: ${entry.error}`);
        continue;
      }
      try {
        const sample = await r.loadSample(entry);
        const line = tagLine(sample, cues);
        const problems: SampleProblems | null = sample.problems.length > 0 ? { ...base, problems: sample.problems.map((p) => ({ ...(p.field !== undefined ? { field: p.field } : {}), message: p.message })) } : null;
        onRecord({ ...base, json: json ? JSON.stringify(line) : null, task: sample.task, difficulty: sample.difficulty, stats: line.stats, error: null, message: null, problems });
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        bad(e.detail, e.message);
      }
    }
  } finally {
    await r.close();
  }
}

/** The body of a tag worker thread. */
export function runTagWorker(request: TagWorkerRequest, post: (m: TagWorkerMessage) => void): Promise<void> {
  return runLaneWorker<TagRecord>(post, 128, (emit) => analyseEntries(request.file, request.reader, request.entries, cueSetFor(request.cuesFile), request.json, emit));
}

/** Unreadable rows named on stderr before the rest are only counted. */
export const UNREADABLE_LINES = 50;

export async function runTag(o: TagOptions): Promise<TagSummary> {
  const cues = o.cues ?? cueSetFor(o.cuesFile);
  const reader = openDataset(o.file, o.reader);
  const index = await indexWithProgress(reader, o).finally(() => reader.close());
  for (const e of index.fileErrors) o.err.write(`${o.file}: ${e}\n`);

  const acc = new TraceStatsAccumulator(index.file, cues.source);
  const results: Array<TagRecord | undefined> = new Array<TagRecord | undefined>(index.entries.length);
  let nextToWrite = 0;
  let done = 0;
  const tprogress = new Progress('tagging', !o.quiet);
  const problems = new ProblemPrinter(o.file, o.err);
  let unreadable = 0;
  const knownBad = (entry: IndexEntry, detail: string): TagRecord => badRecord(entry, detail, `${o.file}${formatWhere(entry.line !== undefined ? { line: entry.line } : { ordinal: entry.ordinal })}: ${detail}`, o.json);
  const flush = (): void => {
    let text = '';
    while (nextToWrite < results.length) {
      const entry = index.entries[nextToWrite]!;
      // Unreadable by the index already: reported from it (not loaded, nor sent to a worker).
      const r = entry.error !== undefined ? knownBad(entry, entry.error) : results[nextToWrite];
      if (r === undefined) break;
      results[nextToWrite] = undefined;
      nextToWrite++;
      if (r.error !== null) {
        // The first ones by name: a file of a million junk lines would otherwise print a million lines.
        if (++unreadable <= UNREADABLE_LINES) o.err.write(`${r.message ?? r.error}\n`);
        acc.addBad({ ordinal: r.ordinal, ...(r.line !== undefined ? { line: r.line } : {}), id: r.id, error: r.error });
      } else {
        if (r.problems) problems.add(r.problems);
        acc.add(r.task, r.difficulty, r.stats);
      }
      if (r.json !== null) text += `${r.json}\n`;
      if (text.length > 1 << 20) {
        o.out.write(text);
        text = '';
      }
    }
    if (text) o.out.write(text);
  };
  const readable = index.entries.some((e) => e.error !== undefined) ? index.entries.filter((e) => e.error === undefined) : index.entries;
  const accept = (r: TagRecord): void => {
    results[r.ordinal] = r;
    done++;
    tprogress.update(done, readable.length, 'samples');
  };

  // Threads that analyse: the main thread is one of them (as in verify).
  const threads = threadCount(o.workerScript, readable.length, INLINE_BELOW, o.workers);
  const inline = (entries: readonly IndexEntry[]): Promise<void> =>
    analyseEntries(o.file, o.reader, entries, cues, o.json, (r) => {
      accept(r);
      if (done % 256 === 0) flush();
    }, o.signal);
  try {
    await spread<TagWorkerRequest, TagRecord>(readable, threads, {
      workerScript: o.workerScript!,
      signal: o.signal,
      request: (lane) => ({ kind: 'helix-tag', json: o.json, cuesFile: o.cuesFile === undefined ? undefined : path.resolve(o.cuesFile), file: path.resolve(o.file), reader: o.reader, entries: lane }),
      inline,
      onBatch: (batch) => {
        for (const r of batch) accept(r);
        flush();
      },
    });
    flush();
  } finally {
    tprogress.done();
  }
  const unlisted = unreadable - UNREADABLE_LINES;
  if (unlisted > 0) o.err.write(`${o.file}: ${unlisted.toLocaleString('en-US')} more unreadable row${unlisted === 1 ? '' : 's'} not listed\n`);
  problems.finish();
  const stats = acc.result();
  const cancelled = o.signal?.aborted ?? false;
  if (!o.json) o.out.write(renderTagSummary(stats, cancelled));
  else if (cancelled) o.err.write('CANCELLED: lines were written only for the samples analysed before Ctrl-C\n');
  return { stats, fileErrors: index.fileErrors.length, problems: problems.total, cancelled };
}


// Rendering -------------------------------------------------------------------------------------------

const SHORT: Record<(typeof TAGS)[number], string> = { verification: 'verif', backtracking: 'backtr', subgoal: 'subgoal', backward_chaining: 'bwd', correction: 'corr' };

function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const num = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(0)}k` : x >= 1000 ? `${(x / 1000).toFixed(1)}k` : String(Math.round(x * 10) / 10));

function groupRow(name: string, g: TraceGroupStats): string[] {
  if (g.samples === 0) return [name, String(g.withoutResponse), '-', '-', ...TAGS.map(() => '-'), '-', '-', '-'];
  return [
    name,
    String(g.samples + g.withoutResponse),
    num(g.steps?.p50 ?? 0),
    num(g.thinkTokens?.p50 ?? 0),
    ...TAGS.map((t) => pct(g.samplesWithTag[t])),
    (g.reflectionDensity?.mean ?? 0).toFixed(2),
    g.firstReflection ? g.firstReflection.p50.toFixed(2) : '-',
    String(g.answerRevised),
  ];
}

/** The summary table of `tag` without --json: per task, then per difficulty. */
export function renderTagSummary(s: TraceDatasetStats, cancelled = false): string {
  const out: string[] = [];
  out.push(`${s.file}`);
  out.push(`${s.samples.toLocaleString('en-US')} samples: ${s.analysed.toLocaleString('en-US')} analysed, ${s.withoutResponse.toLocaleString('en-US')} without a response, ${s.bad.toLocaleString('en-US')} unreadable; cues: ${s.cues}`);
  out.push('');
  const head = ['task', 'samples', 'steps', 'tokens', ...TAGS.map((t) => SHORT[t]), 'density', '1st refl', 'revised'];
  out.push(table([head, ...Object.entries(s.byTask).map(([k, g]) => groupRow(k, g)), groupRow('all', s.overall)]));
  out.push('');
  out.push(table([['difficulty', ...head.slice(1)], ...Object.entries(s.byDifficulty).map(([k, g]) => groupRow(k, g))]));
  out.push('');
  out.push('steps and tokens (word-piece estimate of the thinking): medians; tag columns: share of samples with at least one step carrying the tag;');
  out.push('density: reflective steps (verification, backtracking, correction) / steps, mean; 1st refl: relative position of the first reflective step, median;');
  out.push('revised: samples that stated a different answer before their final one.');
  if (s.overall.unclosedThink) out.push(`${s.overall.unclosedThink.toLocaleString('en-US')} samples have thinking cut off (<think> without </think>).`);
  if (cancelled) out.push('CANCELLED: the figures cover only the samples analysed before Ctrl-C');
  return `${out.join('\n')}\n`;
}
