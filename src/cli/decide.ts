/**
 * `helix-curate decide FILE (--ids a,b | --where EXPR) accept|reject|flag|clear`: bulk decisions from the
 * command line, written to the journal exactly as the curator webview writes them (one line per sample,
 * with the sample's content hash, the curator's current tag edits and note carried over), so a bulk accept
 * and a click in the curator are the same thing to every reader of the journal.
 *
 * Only the work the selection needs is done: `--ids` and an expression over id/task/difficulty/decision/
 * agreement are decided from the index (only the chosen samples are read, for their content hash); an
 * expression over verdicts or tags verifies and tags every sample, in worker threads when there are many
 * (as verify and tag do). Samples already carrying the decision (same content, same note) are left alone,
 * so running a decide twice appends nothing the second time. All lines go out in a few large appends
 * (appendJournalLines), not one fdatasync per line.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { sampleFacts, zeroTagCounts, type SampleFacts } from '../core/facts';
import { appendJournalLines, contentHash, Decision, JournalError, journalDatasetName, journalLine, journalPath, readJournal, type JournalLine } from '../core/journal';
import { parseWhere, QueryError, type QueryExtra, type WhereQuery } from '../core/query';
import { openDataset } from '../core/readers/open';
import { formatWhere, iterateSamples, type IndexEntry, type ReaderOptions } from '../core/readers/types';
import type { DatasetFormat, Sample } from '../core/sample';
import { discoverJournals, readTeamJournals, TeamJournal } from '../core/team';
import type { CueSet } from '../core/trace/cues';
import { runLaneWorker, spread, threadCount, type LaneMessage } from './lanes';
import { indexWithProgress, Progress } from './progress';
import { cueSetFor } from './tag';

/** Files with fewer samples to analyse than this are analysed on the main thread unless --workers asks. */
const INLINE_BELOW = 400;

/** Fields a --where expression can use without reading the samples (the index and the journals have them). */
const INDEX_FIELDS = new Set(['id', 'task', 'difficulty', 'decision', 'agreement']);

/** Ids listed in an unknown-ids error before "and N more". */
const LIST_UNKNOWN = 20;

export const DecideSummary = z.object({
  file: z.string(),
  journal: z.string(),
  curator: z.string(),
  decision: Decision,
  adjudication: z.boolean(),
  dryRun: z.boolean(),
  /** The --where expression (canonical form), or null with --ids. */
  where: z.string().nullable(),
  /** Samples in the dataset. */
  samples: z.number().int(),
  /** Samples the selection matched. */
  matched: z.number().int(),
  /** Lines appended (with --dry-run: lines that would be). */
  decided: z.number().int(),
  /** Matched samples that already carry this decision on the same content (and note): nothing appended. */
  unchanged: z.number().int(),
  /** Rows that could not be read (never matched; listed on stderr). */
  unreadable: z.number().int(),
  /** Rows skipped because an earlier row has the same id (a decision is per id). */
  duplicateIds: z.number().int(),
  /** Whether the samples were verified and tagged (the expression needed it). */
  analysed: z.boolean(),
  /** Threads that read or analysed samples. */
  threads: z.number().int(),
  /** Writes to the journal (each one fdatasync). */
  batches: z.number().int(),
  /** The ids decided (with --dry-run: that would be), in file order. */
  ids: z.array(z.string()),
  cancelled: z.boolean(),
});
export type DecideSummary = z.infer<typeof DecideSummary>;

export interface DecideOptions {
  file: string;
  /** The journal to append to; default the dataset's own journal beside it. */
  journal: string | undefined;
  ids: string[] | undefined;
  where: string | undefined;
  decision: Decision;
  /** --note: replaces the note; undefined keeps the curator's current note (as the webview does). */
  note: string | undefined;
  curator: string;
  adjudicate: boolean;
  dryRun: boolean;
  json: boolean;
  quiet: boolean;
  workers: number | undefined;
  cuesFile: string | undefined;
  reader: ReaderOptions & { format?: DatasetFormat };
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  signal?: AbortSignal;
  workerScript: string | undefined;
}

/** The exit status and, when the command got that far, its summary. */
export interface DecideResult {
  code: 'ok' | 'usage' | 'notFound' | 'unreadable' | 'cancelled';
  summary: DecideSummary | null;
}

/** Who decisions are recorded as: $HELIX_CURATOR, else the OS user (as the extension's default). */
export function defaultCurator(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['HELIX_CURATOR']?.trim();
  if (configured) return configured;
  try {
    return os.userInfo().username || 'curator';
  } catch {
    return env['USER'] ?? env['USERNAME'] ?? 'curator';
  }
}

/** One sample read (and analysed when the expression needs it), as workers post it. */
export interface DecideRecord {
  ordinal: number;
  facts: SampleFacts | null;
  /** The row could not be read: the message names the file and line. */
  error: string | null;
}

export interface DecideWorkerRequest {
  kind: 'helix-decide';
  file: string;
  reader: ReaderOptions & { format?: DatasetFormat };
  cuesFile: string | undefined;
  analysis: boolean;
  entries: IndexEntry[];
}
export type DecideWorkerMessage = LaneMessage<DecideRecord>;

/** What the expression needs of a sample that is not analysed: everything but the verdict and trace measures. */
function plainFacts(s: Pick<Sample, 'id' | 'task' | 'difficulty'> & { images: unknown[] }, hash: string): SampleFacts {
  return {
    id: s.id, task: s.task, difficulty: s.difficulty, verdict: 'none', reference: null, strict: null, mismatch: false, lenient: false,
    tags: zeroTagCounts(), steps: 0, chars: 0, tokens: 0, reflectiveSteps: 0, backtracks: 0, firstReflection: null, revised: false,
    images: s.images.length, hash,
  };
}

async function readEntries(file: string, reader: ReaderOptions & { format?: DatasetFormat }, entries: readonly IndexEntry[], cues: CueSet | null, onRecord: (r: DecideRecord) => void, signal?: AbortSignal): Promise<void> {
  const r = openDataset(file, reader);
  try {
    for await (const loaded of iterateSamples(r, entries)) {
      if (signal?.aborted) return;
      const { entry } = loaded;
      if (loaded.error) {
        onRecord({ ordinal: entry.ordinal, facts: null, error: loaded.error.message });
        continue;
      }
      onRecord({ ordinal: entry.ordinal, facts: cues ? sampleFacts(loaded.sample, cues) : plainFacts(loaded.sample, contentHash(loaded.sample)), error: null });
    }
  } finally {
    await r.close();
  }
}

/** The body of a decide worker thread. */
export function runDecideWorker(request: DecideWorkerRequest, post: (m: DecideWorkerMessage) => void): Promise<void> {
  return runLaneWorker<DecideRecord>(post, 256, (emit) => readEntries(request.file, request.reader, request.entries, request.analysis ? cueSetFor(request.cuesFile) : null, emit));
}

/** Whether `before` (the curator's latest line of this kind) already says what we would write. */
function unchanged(before: JournalLine | undefined, decision: Decision, hash: string, note: string | undefined): boolean {
  if (!before) return decision === 'clear'; // nothing to withdraw
  if (before.decision !== decision) return false;
  if (decision === 'clear') return true;
  return before.contentHash === hash && (note === undefined || before.note === note);
}

export async function runDecide(o: DecideOptions): Promise<DecideResult> {
  const fail = (code: DecideResult['code'], message: string): DecideResult => {
    o.err.write(`helix-curate: ${message}\n`);
    return { code, summary: null };
  };
  let query: WhereQuery | null = null;
  if (o.where !== undefined) {
    try {
      query = parseWhere(o.where);
    } catch (e) {
      if (e instanceof QueryError) return fail('usage', `--where: ${e.message}`);
      throw e;
    }
  }
  const journal = path.resolve(o.journal ?? journalPath(o.file));

  // The curator's journal: their current state of each sample (decision, tag edits, note) to carry over.
  let own: TeamJournal;
  let team: TeamJournal | null = null;
  try {
    const read = await readJournal(journal);
    for (const p of read.problems) o.err.write(`${journal}: ${p.message}\n`);
    own = TeamJournal.fromLines([{ path: journal, lines: read.lines }]);
    if (query?.needsResolution) {
      // The team's journals beside the dataset, and in the journal's folder when it is kept elsewhere.
      const folder = path.dirname(journal);
      const elsewhere = folder !== path.dirname(path.resolve(o.file)) ? await discoverJournals(o.file, folder) : [];
      const files = [...new Set([...(await discoverJournals(o.file)), ...elsewhere, journal])];
      team = await readTeamJournals(files);
    }
  } catch (e) {
    if (e instanceof JournalError) return fail('unreadable', e.message);
    throw e;
  }
  const extra = (id: string): QueryExtra => {
    const x: QueryExtra = { decision: own.voteOf(id, o.curator) };
    if (team) x.resolution = team.resolve(id).status;
    return x;
  };

  const reader = openDataset(o.file, o.reader);
  const index = await indexWithProgress(reader, o).finally(() => reader.close());
  for (const e of index.fileErrors) o.err.write(`${o.file}: ${e}\n`);

  // One entry per id (a decision is per id; later rows with the same id are the same sample to the journal).
  const byId = new Map<string, IndexEntry>();
  let duplicateIds = 0;
  for (const e of index.entries) {
    if (byId.has(e.id)) duplicateIds++;
    else byId.set(e.id, e);
  }

  let candidates: IndexEntry[];
  if (o.ids) {
    const unknown = o.ids.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      const shown = unknown.slice(0, LIST_UNKNOWN).map((id) => JSON.stringify(id)).join(', ');
      const more = unknown.length > LIST_UNKNOWN ? ` and ${unknown.length - LIST_UNKNOWN} more` : '';
      return fail('notFound', `${o.file}: no sample with id ${shown}${more} (${unknown.length} of ${o.ids.length} ids unknown; nothing was decided)`);
    }
    const wanted = new Set(o.ids);
    candidates = [...byId.values()].filter((e) => wanted.has(e.id));
  } else {
    candidates = [...byId.values()];
  }

  // An expression over index fields only: filter before reading any sample.
  const indexOnly = query !== null && [...query.fields].every((f) => INDEX_FIELDS.has(f));
  if (query && indexOnly) {
    const q = query;
    candidates = candidates.filter((e) => q.test(plainFacts({ ...e, images: [] }, ''), extra(e.id)));
  }
  const analysis = query?.needsAnalysis === true;
  const cues = analysis ? cueSetFor(o.cuesFile) : null;

  // Read (and analyse) the candidates: in worker threads when there are many to analyse, or when asked.
  const records: Array<DecideRecord | undefined> = new Array<DecideRecord | undefined>(index.entries.length);
  let done = 0;
  const rprogress = new Progress(analysis ? 'verifying and tagging' : 'reading samples', !o.quiet);
  const accept = (r: DecideRecord): void => {
    records[r.ordinal] = r;
    done++;
    rprogress.update(done, candidates.length, 'samples');
  };
  const threads =
    o.workerScript === undefined || candidates.length === 0
      ? 1
      : o.workers !== undefined && o.workers > 1
        ? Math.min(o.workers, candidates.length)
        : analysis
          ? threadCount(o.workerScript, candidates.length, INLINE_BELOW, o.workers)
          : 1;
  try {
    await spread<DecideWorkerRequest, DecideRecord>(candidates, threads, {
      workerScript: o.workerScript!,
      signal: o.signal,
      request: (lane) => ({ kind: 'helix-decide', file: path.resolve(o.file), reader: o.reader, cuesFile: o.cuesFile === undefined ? undefined : path.resolve(o.cuesFile), analysis, entries: lane }),
      inline: (lane) => readEntries(o.file, o.reader, lane, cues, accept, o.signal),
      onBatch: (batch) => {
        for (const r of batch) accept(r);
      },
    });
  } finally {
    rprogress.done();
  }
  if (o.signal?.aborted) {
    o.err.write('helix-curate: cancelled; nothing was decided\n');
    return { code: 'cancelled', summary: null };
  }

  // Match in file order, and build the lines.
  const lines: JournalLine[] = [];
  let matched = 0;
  let same = 0;
  let unreadable = 0;
  const dataset = journalDatasetName(o.file);
  const plan: { id: string; task: string | null; from: string }[] = [];
  for (const entry of candidates) {
    const r = records[entry.ordinal];
    if (!r) continue;
    if (r.error !== null || r.facts === null) {
      unreadable++;
      o.err.write(`${r.error ?? `${o.file}${formatWhere({ ordinal: entry.ordinal })}: unreadable`} (not decided)\n`);
      continue;
    }
    const f = r.facts;
    if (query && !indexOnly && !query.test(f, extra(f.id))) continue;
    matched++;
    const before = o.adjudicate ? own.rulingLine(f.id, o.curator) : own.latest(f.id, o.curator);
    if (unchanged(before, o.decision, f.hash, o.note)) {
      same++;
      continue;
    }
    // As the webview: a vote keeps the curator's tag edits and note; a ruling carries no tag edits.
    const tags = o.adjudicate ? [] : [...(before?.tags ?? [])];
    const note = o.note ?? (o.adjudicate ? '' : (before?.note ?? ''));
    lines.push(journalLine({ curator: o.curator, sampleId: f.id, contentHash: f.hash, decision: o.decision, tags, note, dataset, ...(o.adjudicate ? { adjudication: true as const } : {}) }));
    plan.push({ id: f.id, task: f.task, from: before?.decision ?? 'clear' });
  }

  let batches = 0;
  if (!o.dryRun && lines.length > 0) {
    try {
      batches = (await appendJournalLines(journal, lines)).batches;
    } catch (e) {
      if (e instanceof JournalError) return fail('unreadable', e.message);
      throw e;
    }
  }

  const summary: DecideSummary = {
    file: path.resolve(o.file),
    journal,
    curator: o.curator,
    decision: o.decision,
    adjudication: o.adjudicate,
    dryRun: o.dryRun,
    where: query ? query.toString() : null,
    samples: index.entries.length,
    matched,
    decided: lines.length,
    unchanged: same,
    unreadable,
    duplicateIds,
    analysed: analysis,
    threads,
    batches,
    ids: plan.map((p) => p.id),
    cancelled: false,
  };
  if (o.json) o.out.write(`${JSON.stringify(DecideSummary.parse(summary))}\n`);
  else o.out.write(renderDecide(summary, plan));
  return { code: 'ok', summary };
}

function renderDecide(s: DecideSummary, plan: readonly { id: string; task: string | null; from: string }[]): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const what = `${s.adjudication ? 'ruled' : 'decided'} ${s.decision}`;
  const out: string[] = [];
  if (s.dryRun) {
    out.push(`dry run: would have ${what} on ${n(s.decided)} sample(s) as ${s.curator} in ${s.journal}`);
    const w = Math.max(2, ...plan.map((p) => [...p.id].length));
    for (const p of plan) out.push(`  ${p.id.padEnd(w)}  ${(p.task ?? '-').padEnd(12)}  ${p.from} -> ${s.decision}`);
  } else {
    out.push(`${what} on ${n(s.decided)} sample(s) as ${s.curator} in ${s.journal}`);
  }
  const parts = [`${n(s.matched)} matched of ${n(s.samples)}`];
  if (s.unchanged) parts.push(`${n(s.unchanged)} already ${s.decision} (unchanged)`);
  if (s.unreadable) parts.push(`${n(s.unreadable)} unreadable row(s) skipped`);
  if (s.duplicateIds) parts.push(`${n(s.duplicateIds)} row(s) repeating an earlier id`);
  if (s.where !== null) parts.push(`where ${s.where}`);
  out.push(parts.join('; '));
  return `${out.join('\n')}\n`;
}
