/**
 * `helix-curate verify`: every sample with a response, verified in worker threads across cores, results
 * printed in file order; a per-task and per-group accuracy table at the end. Ctrl-C stops the workers and
 * never leaves a half-written output file (`-o` writes to a temporary name and renames when complete).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDataset } from '../core/readers/open';
import { RowError, type IndexEntry, type ReaderOptions } from '../core/readers/types';
import type { DatasetFormat } from '../core/sample';
import { aggregate, type Aggregate } from '../core/verify/aggregate';
import { toVerifyLine, verifyEntries, type VerifyResult } from '../core/verify/batch';
import { modeVerdict, type Verdict, type VerifyMode } from '../core/verify/pipeline';
import { runLaneWorker, spread, threadCount, type LaneMessage } from './lanes';
import { ProblemPrinter, type SampleProblems } from './problems';
import { indexWithProgress, Progress } from './progress';

/** Files with fewer samples than this are verified on the main thread (worker start-up would dominate). */
const INLINE_BELOW = 400;

export interface VerifyOptions {
  file: string;
  mode: VerifyMode;
  json: boolean;
  workers: number | undefined;
  output: string | undefined;
  quiet: boolean;
  reader: ReaderOptions & { format?: DatasetFormat };
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Aborted by Ctrl-C (the bin wires SIGINT to it). */
  signal?: AbortSignal;
  /** The script a worker thread runs (the bundled CLI itself); undefined: verify on the main thread. */
  workerScript: string | undefined;
}

export interface VerifySummary {
  samples: number;
  verified: number;
  noResponse: number;
  unreadable: number;
  /** Whole-file errors of the index pass (a JSON array cut off, ...): rows after them are lost. */
  fileErrors: number;
  /** Problems of samples that read (missing or refused images, ...), each named on stderr (the first 50). */
  problems: number;
  counts: Record<'pass' | 'fail' | 'error' | 'unsupported', number>;
  lenient: number;
  mismatches: number;
  aggregate: Aggregate;
  cancelled: boolean;
}

/** Workers receive their slice of the index and post results in batches. */
export interface WorkerRequest {
  kind: 'helix-verify';
  mode: VerifyMode;
  json: boolean;
  file: string;
  reader: ReaderOptions & { format?: DatasetFormat };
  entries: IndexEntry[];
}
export type WorkerMessage = LaneMessage<VerifyRecord>;

/**
 * What the main thread needs of one verified sample: the finished JSON line and the few fields of the
 * summary. Workers build it, so the main thread only orders and writes strings (cheap to post, too).
 */
export interface VerifyRecord {
  ordinal: number;
  /** The `--json` line (without newline); null when there is nothing to print. */
  json: string | null;
  /** The chosen mode's status; null: no response, or unreadable (see error). */
  status: 'pass' | 'fail' | 'error' | 'unsupported' | null;
  lenient: boolean;
  mismatch: boolean;
  category: string | null;
  /** Pairing key for graph_isomorphism (its question text); '' otherwise. */
  pairKey: string;
  error: string | null;
  /** The sample's problems (images, fields); null when it has none or could not be read. */
  problems: SampleProblems | null;
}

export function toRecord(r: VerifyResult, mode: VerifyMode, json: boolean): VerifyRecord {
  const v: Verdict | null = r.verdict;
  return {
    ordinal: r.ordinal,
    json: json && v ? JSON.stringify(toVerifyLine({ ...r, verdict: v }, mode)) : null,
    status: v ? modeVerdict(v, mode).status : null,
    lenient: v?.lenient != null,
    mismatch: v?.mismatch != null,
    category: r.category,
    pairKey: r.category === 'graph_isomorphism' ? r.questionText : '',
    error: r.error,
    problems: r.problems.length > 0 ? { line: r.line ?? undefined, ordinal: r.ordinal, id: r.id, problems: r.problems.map((p) => ({ ...(p.field !== undefined ? { field: p.field } : {}), message: p.message })) } : null,
  };
}

/** The body of a verify worker thread. */
export async function runVerifyWorker(request: WorkerRequest, post: (m: WorkerMessage) => void): Promise<void> {
  const reader = openDataset(request.file, request.reader);
  try {
    await runLaneWorker<VerifyRecord>(post, 256, (emit) => verifyEntries(reader, request.entries, (r) => emit(toRecord(r, request.mode, request.json))));
  } finally {
    await reader.close();
  }
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function renderAggregate(a: Aggregate, s: VerifySummary, mode: VerifyMode): string {
  const rows: string[] = [];
  const w = Math.max(12, ...a.tasks.map((t) => t.task.length));
  rows.push(`${'task'.padEnd(w)}  ${'group'.padEnd(18)}  ${'items'.padStart(6)}  ${'correct'.padStart(7)}  ${'accuracy'.padStart(8)}`);
  for (const t of a.tasks) rows.push(`${t.task.padEnd(w)}  ${t.group.padEnd(18)}  ${String(t.items).padStart(6)}  ${String(t.correct).padStart(7)}  ${pct(t.accuracy).padStart(8)}`);
  rows.push('');
  for (const g of a.groups) rows.push(`${g.group.padEnd(w)}  ${`${g.tasks} tasks`.padEnd(18)}  ${''.padStart(6)}  ${''.padStart(7)}  ${pct(g.accuracy).padStart(8)}`);
  if (a.overall !== null) rows.push(`${'overall'.padEnd(w)}  ${'mean of tasks'.padEnd(18)}  ${String(a.items).padStart(6)}  ${''.padStart(7)}  ${pct(a.overall).padStart(8)}`);
  rows.push('');
  rows.push(
    `${mode} mode: ${s.counts.pass} pass, ${s.counts.fail} fail, ${s.counts.error} error, ${s.counts.unsupported} unsupported` +
      ` of ${s.verified} verified (${s.noResponse} without a response, ${s.unreadable} unreadable rows)`,
  );
  if (s.fileErrors > 0) rows.push(`${s.fileErrors} file error${s.fileErrors === 1 ? '' : 's'} (listed first): rows after ${s.fileErrors === 1 ? 'it' : 'them'} may be lost`);
  if (s.problems > 0) rows.push(`${s.problems} sample problem${s.problems === 1 ? '' : 's'} (images, fields; listed on stderr)`);
  rows.push(`lenient passes (reference passes, strict does not): ${s.lenient}; stored-verdict mismatches: ${s.mismatches}`);
  if (a.pairingAdjusted) rows.push(`graph_isomorphism pairing changed ${a.pairingAdjusted} item score(s)`);
  if (s.cancelled) rows.push('CANCELLED: the figures cover only the samples verified before Ctrl-C');
  return `${rows.join('\n')}\n`;
}

/** Unreadable rows named on stderr before the rest are only counted. */
export const UNREADABLE_LINES = 50;

export async function runVerify(o: VerifyOptions): Promise<VerifySummary> {
  const reader = openDataset(o.file, o.reader);
  const index = await indexWithProgress(reader, o);
  for (const e of index.fileErrors) o.err.write(`${o.file}: ${e}\n`);

  // Output: stdout, or a temporary file renamed into place only when complete.
  const tmp = o.output ? path.join(path.dirname(path.resolve(o.output)), `.${path.basename(o.output)}.${process.pid}.tmp`) : undefined;
  const sink: NodeJS.WritableStream = tmp ? fs.createWriteStream(tmp) : o.out;
  const results: Array<VerifyRecord | undefined> = new Array<VerifyRecord | undefined>(index.entries.length);
  let nextToWrite = 0;
  const summary: VerifySummary = {
    samples: index.entries.length, verified: 0, noResponse: 0, unreadable: 0, fileErrors: index.fileErrors.length, problems: 0,
    counts: { pass: 0, fail: 0, error: 0, unsupported: 0 }, lenient: 0, mismatches: 0,
    aggregate: aggregate([]), cancelled: false,
  };
  const scored: Array<{ category: string | null; questionText: string; pass: boolean }> = [];
  const problems = new ProblemPrinter(o.file, o.err);
  const vprogress = new Progress('verifying', !o.quiet);
  let done = 0;

  const flush = (): void => {
    let text = '';
    while (nextToWrite < results.length) {
      const known = index.entries[nextToWrite]!.error;
      if (known !== undefined) {
        // Unreadable by the index already (not loaded, nor sent to a worker): named here, in file order.
        nextToWrite++;
        summary.unreadable++;
        if (summary.unreadable <= UNREADABLE_LINES) o.err.write(`${unreadable(index.entries[nextToWrite - 1]!, known)}\n`);
        continue;
      }
      if (results[nextToWrite] === undefined) break;
      const r = results[nextToWrite]!;
      results[nextToWrite] = undefined;
      nextToWrite++;
      if (r.error !== null) {
        summary.unreadable++;
        // The first ones by name (a file of a million junk lines would otherwise print a million lines).
        if (summary.unreadable <= UNREADABLE_LINES) o.err.write(`${r.error}\n`);
        continue;
      }
      if (r.problems) problems.add(r.problems);
      if (r.status === null) {
        summary.noResponse++;
        continue;
      }
      summary.verified++;
      summary.counts[r.status]++;
      if (r.lenient) summary.lenient++;
      if (r.mismatch) summary.mismatches++;
      if (r.status !== 'unsupported') scored.push({ category: r.category, questionText: r.pairKey, pass: r.status === 'pass' });
      if (r.json !== null) text += `${r.json}\n`;
    }
    if (text) sink.write(text);
  };
  // Rows the index already found unreadable (malformed, invalid UTF-8, too large) are only reported: a
  // file of a million junk lines is not a million loads and worker messages.
  const readable = index.entries.some((e) => e.error !== undefined) ? index.entries.filter((e) => e.error === undefined) : index.entries;
  const unreadable = (e: IndexEntry, detail: string): string => new RowError(o.file, e.line !== undefined ? { line: e.line } : { ordinal: e.ordinal }, detail).message;
  const accept = (r: VerifyRecord): void => {
    results[r.ordinal] = r;
    done++;
    vprogress.update(done, readable.length, 'samples');
  };

  // Threads that verify: the main thread is one of them (it would otherwise sit idle waiting for workers).
  const threads = threadCount(o.workerScript, readable.length, INLINE_BELOW, o.workers);
  const inline = (entries: readonly IndexEntry[]): Promise<void> =>
    verifyEntries(reader, entries, (r) => {
      accept(toRecord(r, o.mode, o.json));
      if (done % 256 === 0) flush();
    }, o.signal);
  try {
    await spread<WorkerRequest, VerifyRecord>(readable, threads, {
      workerScript: o.workerScript!,
      signal: o.signal,
      request: (lane) => ({ kind: 'helix-verify', mode: o.mode, json: o.json, file: path.resolve(o.file), reader: o.reader, entries: lane }),
      inline,
      onBatch: (batch) => {
        for (const r of batch) accept(r);
        flush();
      },
    });
    flush();
  } finally {
    vprogress.done();
    await reader.close();
  }
  problems.finish();
  summary.problems = problems.total;
  summary.cancelled = o.signal?.aborted ?? false;
  summary.aggregate = aggregate(scored);

  if (tmp) {
    await new Promise<void>((resolve, reject) => (sink as fs.WriteStream).end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (summary.cancelled) fs.rmSync(tmp, { force: true });
    else fs.renameSync(tmp, path.resolve(o.output!));
  }
  const unlisted = summary.unreadable - UNREADABLE_LINES;
  if (unlisted > 0) o.err.write(`${o.file}: ${unlisted.toLocaleString('en-US')} more unreadable row${unlisted === 1 ? '' : 's'} not listed\n`);
  const table = renderAggregate(summary.aggregate, summary, o.mode);
  (o.json && !o.output ? o.err : o.out).write(table);
  return summary;
}

