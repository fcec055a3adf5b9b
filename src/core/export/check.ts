/**
 * The pre-export pass: which samples leave, and what is wrong with them, before anything is written.
 *
 * One streaming pass over the dataset's index: each sample's team resolution is looked up by id (no row is
 * read for samples nobody accepted); the accepted ones are loaded one at a time through the reader's batch
 * path, hashed (stale decisions), verified and analysed (`sampleFacts`), converted to a training row (turns,
 * `<image>` tokens, --drop-think), their images opened, their lengths measured and their ids and responses
 * checked for duplicates. The result is an `ExportPlan`: the report (every finding with the sample's id and
 * line, policy in POLICY) and, per exportable sample, its index entry, content hash and metadata. The plan
 * holds no sample: memory grows with the number of accepted samples by a few hundred bytes each (their
 * entry, a 16-hex hash, the response-duplicate key, and the metadata columns when asked for).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sampleFacts, setVerdictFacts, zeroTagCounts, type SampleFacts } from '../facts';
import { contentHash } from '../journal/hash';
import { mergeTagEdits } from '../journal/tags';
import { openDataset } from '../readers/open';
import { iterateSamples, type DatasetIndex, type DatasetReader, type IndexEntry } from '../readers/types';
import type { Sample } from '../sample';
import { analyseTrace } from '../trace/analyse';
import { defaultCueSet, type CueSet } from '../trace/cues';
import { codePointLength } from '../trace/offsets';
import { toTrainingRow } from './convert';
import { checkImage } from './images';
import { CHECK_CODES, effectivePolicy, ExportOptions, MAX_FINDINGS_PER_CODE, POLICY, severityOf, type CheckCode, type ExportOptionsInput, type ExportReport, type Finding, type Policy } from './schema';
import type { MetadataColumns } from './sinks';
import { acceptedBy, conflictWithAccept, decidingLine, loadTeam, type Resolution, type TeamView } from './team';
import { parseExportWhere, type ExportWhere } from './where';

export interface ExportProgress {
  phase: 'index' | 'check' | 'write';
  done: number;
  total: number;
}

export interface ExportRuntime {
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** The cue set for tags (default: the bundled cues). */
  cues?: CueSet;
  /** Called with the pre-export report, before anything is written (exportDataset). */
  onChecked?: (report: ExportReport) => void | Promise<void>;
}

/** An export stopped by its AbortSignal; nothing was left behind. */
export class ExportCancelled extends Error {
  constructor() {
    super('export cancelled');
    this.name = 'ExportCancelled';
  }
}

/** Bad options or an output that may not be written (exists without --force, ...). Nothing was written. */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

export interface PlanItem {
  entry: IndexEntry;
  /** contentHash of the sample at check time: the write pass refuses a sample that changed since. */
  hash: string;
  meta?: MetadataColumns;
}

export interface ExportPlan {
  options: ExportOptions;
  report: ExportReport;
  items: PlanItem[];
  /** The check pass's open reader (closed by writeExport, or by `dispose` when not writing; dispose twice is fine). */
  reader: DatasetReader;
  index: DatasetIndex;
  dispose(): Promise<void>;
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportCancelled();
}

/** Validate the options (zod) and the combinations zod cannot see. Throws ExportError. */
export function parseExportOptions(input: ExportOptionsInput): ExportOptions {
  const parsed = ExportOptions.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new ExportError(`invalid export options: ${where}${issue.message}`);
  }
  const o = parsed.data;
  if (o.imageDataUri && o.format !== 'openai') throw new ExportError('--image-data-uri applies to the openai format only (parquet always embeds the bytes)');
  if (path.resolve(o.output) === path.resolve(o.dataset)) throw new ExportError(`the output would overwrite the dataset itself: ${o.output}`);
  for (const j of o.journals) if (path.resolve(o.output) === path.resolve(j)) throw new ExportError(`the output would overwrite a journal: ${o.output}`);
  return o;
}

/** Refuse an existing output unless --force (before any work). */
export function assertOutputWritable(o: ExportOptions): void {
  if (o.checkOnly) return;
  const out = path.resolve(o.output);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(out);
  } catch {
    return;
  }
  if (stat.isDirectory()) throw new ExportError(`the output is a folder: ${out}`);
  if (!o.force) throw new ExportError(`the output already exists: ${out} (use --force to overwrite it)`);
}

/** Collects findings: counts every one, keeps the first MAX_FINDINGS_PER_CODE per code. */
class Findings {
  readonly list: Finding[] = [];
  readonly counts = new Map<CheckCode, { total: number; listed: number }>();

  constructor(private readonly options: ExportOptions) {}

  policy(code: CheckCode): Policy {
    return effectivePolicy(code, this.options);
  }

  /** Add a finding; returns true when it blocks the sample. */
  add(code: CheckCode, where: { id: string | null; line: number | null; row: number | null }, message: string): boolean {
    const policy = this.policy(code);
    let c = this.counts.get(code);
    if (!c) this.counts.set(code, (c = { total: 0, listed: 0 }));
    c.total++;
    if (c.listed < MAX_FINDINGS_PER_CODE) {
      c.listed++;
      this.list.push({ code, severity: severityOf(policy), id: where.id, line: where.line, row: where.row, message });
    }
    return policy === 'blocks';
  }
}

function whereOf(entry: IndexEntry): { id: string; line: number | null; row: number } {
  return { id: entry.id, line: entry.line ?? null, row: entry.ordinal + 1 };
}

function describe(entry: { line: number | null; row: number }): string {
  return entry.line !== null ? `line ${entry.line}` : `row ${entry.row}`;
}

/** Facts without analysis (for `--where` on id/task/difficulty only, and --no-verify). */
function lightFacts(sample: Sample, hash: string): SampleFacts {
  return {
    id: sample.id, task: sample.task, difficulty: sample.difficulty, verdict: 'none', reference: null, strict: null, mismatch: false, lenient: false,
    tags: zeroTagCounts(), steps: 0, chars: sample.response === null ? 0 : codePointLength(sample.response), tokens: 0, reflectiveSteps: 0,
    backtracks: 0, firstReflection: null, revised: false, images: sample.images.length, hash,
  };
}

/**
 * Facts with the verdict but without the trace analysis: what the fail / lenient-pass check needs. The same
 * function sampleFacts uses for its verdict (setVerdictFacts), without the tagger, which costs
 * several times the verifier on long traces and is only needed for --metadata tags and --where on tags.
 */
function verdictFacts(sample: Sample, hash: string): SampleFacts {
  const facts = lightFacts(sample, hash);
  if (sample.response !== null) setVerdictFacts(facts, sample);
  return facts;
}

function metadataOf(sample: Sample, facts: SampleFacts | null, team: TeamView, r: Resolution, cues: CueSet): MetadataColumns {
  const lines = team.forSample(sample.id);
  const curators = new Set<string>(r.votes.map((v) => v.curator));
  if (r.adjudicator) curators.add(r.adjudicator);
  const notes: string[] = [];
  for (const c of curators) {
    const note = lines.get(c)?.note ?? '';
    if (note.trim() !== '') notes.push(`${c}: ${note}`);
  }
  let tags: string[][] | null = null;
  if (facts && sample.response !== null) {
    try {
      const auto = analyseTrace(sample.response, cues).steps.map((s) => s.tags);
      tags = mergeTagEdits(auto, decidingLine(team, sample.id, r)?.tags ?? []);
    } catch {
      tags = null;
    }
  }
  return {
    helix_id: sample.id,
    task: sample.task,
    difficulty: sample.difficulty,
    verdict: facts && facts.reference !== null ? facts.verdict : null,
    strict: facts?.strict ?? null,
    tags,
    curators: [...curators],
    notes,
    decision_status: r.status,
  };
}

function responseKey(text: string): string {
  return createHash('sha256').update(text).digest('base64').slice(0, 22);
}

/**
 * Run the checks and decide which samples leave. Nothing is written. Throws ExportError for bad options or
 * an existing output without --force (before reading anything), ExportCancelled when the signal fires.
 */
export async function checkExport(input: ExportOptionsInput, runtime: ExportRuntime = {}): Promise<ExportPlan> {
  const started = performance.now();
  const o = parseExportOptions(input);
  assertOutputWritable(o);
  const where: ExportWhere | null = o.where !== undefined ? wrapWhere(o.where) : null;
  for (const j of o.journals) if (!fs.existsSync(j)) throw new ExportError(`journal not found: ${j}`);
  const signal = runtime.signal;
  const cues = runtime.cues ?? defaultCueSet();

  const team = await loadTeam(o.journals.map((j) => path.resolve(j)));
  // Images are checked here (checkImage: exists, opens, is an image, no link out of the folder), not by the
  // reader, whose check resolves two real paths per image and costs more than the rest of a small sample.
  const reader = openDataset(o.dataset, { ...(o.readerFormat ? { format: o.readerFormat } : {}), ...(o.maxRowBytes ? { maxRowBytes: o.maxRowBytes } : {}), checkImages: false });
  const realDatasetDir = fs.realpathSync.native(path.dirname(path.resolve(o.dataset)));
  let ok = false;
  try {
    const index = await reader.buildIndex({
      ...(signal ? { signal } : {}),
      onProgress: (p) => runtime.onProgress?.({ phase: 'index', done: p.bytesDone, total: p.bytesTotal }),
    }).catch((e: unknown) => {
      throwIfCancelled(signal);
      throw e;
    });
    throwIfCancelled(signal);

    const findings = new Findings(o);
    for (const p of team.problems) findings.add('journal-problem', { id: null, line: p.line, row: null }, `${p.file}: ${p.message}`);
    const idFilter = o.ids ? new Set(o.ids) : null;
    const counts = { samples: index.entries.length, accepted: 0, filteredOut: 0, exportable: 0, excluded: 0, conflicts: 0, written: 0 };

    // Pass over the index: the team's decision by id alone.
    const datasetIds = new Set<string>();
    const candidates: IndexEntry[] = [];
    for (const entry of index.entries) {
      datasetIds.add(entry.id);
      const r = team.resolve(entry.id);
      if (r.status === 'conflict') counts.conflicts++;
      const wanted = acceptedBy(r, true);
      if (!wanted) continue;
      counts.accepted++;
      if (idFilter && !idFilter.has(entry.id)) {
        counts.filteredOut++;
        continue;
      }
      if (!acceptedBy(r, o.allowConflicts) && conflictWithAccept(r)) {
        findings.add('conflict', whereOf(entry), conflictMessage(r));
        counts.excluded++;
        continue;
      }
      candidates.push(entry);
    }
    for (const id of team.sampleIds()) {
      if (datasetIds.has(id) || !acceptedBy(team.resolve(id), true)) continue;
      findings.add('not-in-dataset', { id, line: null, row: null }, `accepted in the journals but the dataset has no sample "${id}"`);
    }
    datasetIds.clear();

    // Pass over the accepted samples, one at a time.
    const items: PlanItem[] = [];
    // First occurrence of each id / response, as the ordinal of its index entry (a number, not an object:
    // these maps hold one key per accepted sample).
    const seenIds = new Map<string, number>();
    const seenResponses = new Map<string, number>();
    const at = (ordinal: number): { id: string; line: number | null; row: number } => whereOf(index.entries[ordinal]!);
    // Full facts (verdict + trace analysis) only where tags are needed; the verdict alone otherwise.
    const needAnalysis = o.metadata || (where?.needsAnalysis ?? false);
    let done = 0;
    for await (const loaded of iterateSamples(reader, candidates)) {
      throwIfCancelled(signal);
      runtime.onProgress?.({ phase: 'check', done: ++done, total: candidates.length });
      const w = whereOf(loaded.entry);
      if (loaded.error) {
        findings.add('unreadable-row', w, loaded.error.detail);
        counts.excluded++;
        continue;
      }
      const sample = loaded.sample;
      let facts: SampleFacts | null = null;
      let hash: string;
      if (needAnalysis) {
        facts = sampleFacts(sample, cues);
        hash = facts.hash;
      } else {
        hash = contentHash(sample);
        if (o.verify) facts = verdictFacts(sample, hash);
      }
      const r = team.resolve(sample.id, hash);
      if (where && !where.test(facts ?? lightFacts(sample, hash), { ...(r.decision ? { decision: r.decision } : {}), resolution: r.status })) {
        counts.filteredOut++;
        continue;
      }
      let blocked = false;
      if (r.status === 'conflict') blocked = findings.add('conflict', w, conflictMessage(r)) || blocked;
      if (r.stale) blocked = findings.add('stale-decision', w, staleMessage(r)) || blocked;

      const converted = toTrainingRow(sample, { dropThink: o.dropThink });
      if (!converted.ok) blocked = findings.add(converted.issue.code, w, converted.issue.message) || blocked;
      else {
        for (const note of converted.notes) blocked = findings.add(note.code, w, note.message) || blocked;
        const chars = codePointLength(converted.row.response);
        if (o.maxChars !== undefined && chars > o.maxChars) {
          blocked = findings.add('over-length', w, `the response has ${chars.toLocaleString('en-US')} characters, over the limit of ${o.maxChars.toLocaleString('en-US')}`) || blocked;
        }
      }
      for (let i = 0; i < sample.images.length; i++) {
        const problem = checkImage(sample.images[i]!, realDatasetDir);
        if (problem) blocked = findings.add('missing-image', w, `images[${i}]: ${problem}`) || blocked;
      }
      const prevId = seenIds.get(sample.id);
      if (prevId !== undefined) blocked = findings.add('duplicate-id', w, `the id "${sample.id}" is also at ${describe(at(prevId))}`) || blocked;
      else seenIds.set(sample.id, loaded.entry.ordinal);
      if (sample.response !== null && sample.response !== '') {
        const key = responseKey(sample.response);
        const prev = seenResponses.get(key);
        if (prev !== undefined) {
          const p = at(prev);
          blocked = findings.add('duplicate-response', w, `the same response as "${p.id}" (${describe(p)})`) || blocked;
        } else seenResponses.set(key, loaded.entry.ordinal);
      }
      if (facts && o.verify) {
        if (facts.reference === 'fail') blocked = findings.add('verdict-fail', w, `accepted, but the ${facts.task ?? 'task'} verifier says fail${facts.mismatch ? ' (the stored verdict disagrees)' : ''}`) || blocked;
        else if (facts.lenient) blocked = findings.add('verdict-lenient', w, 'accepted on a lenient pass: the reference verifier passes it, the strict one does not') || blocked;
      }
      if (blocked) {
        counts.excluded++;
        continue;
      }
      const item: PlanItem = { entry: loaded.entry, hash };
      if (o.metadata) item.meta = metadataOf(sample, facts, team, r, cues);
      items.push(item);
    }
    counts.exportable = items.length;

    const findingCounts: ExportReport['findingCounts'] = {};
    for (const [code, c] of findings.counts) findingCounts[code] = c;
    const policy: ExportReport['policy'] = {};
    for (const code of CHECK_CODES) policy[code] = findings.policy(code);
    const report: ExportReport = {
      version: 1,
      dataset: path.resolve(o.dataset),
      journals: o.journals.map((j) => path.resolve(j)),
      format: o.format,
      output: path.resolve(o.output),
      options: {
        images: o.images, imageDataUri: o.imageDataUri, dropThink: o.dropThink, metadata: o.metadata, ids: o.ids?.length ?? null,
        where: o.where ?? null, maxChars: o.maxChars ?? null, allowConflicts: o.allowConflicts, allowStale: o.allowStale, verify: o.verify,
      },
      stage: 'checked',
      counts,
      findingCounts,
      findings: findings.list,
      policy,
      written: null,
      timings: { checkMs: Math.round(performance.now() - started), writeMs: 0 },
    };
    ok = true;
    let closed = false;
    const dispose = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      await reader.close();
    };
    return { options: o, report, items, reader, index, dispose };
  } finally {
    if (!ok) await reader.close();
  }
}

function wrapWhere(expr: string): ExportWhere {
  try {
    return parseExportWhere(expr);
  } catch (e) {
    throw new ExportError(`--where: ${(e as Error).message}`);
  }
}

function conflictMessage(r: Resolution): string {
  const votes = r.votes.map((v) => `${v.curator}: ${v.decision}`).join(', ');
  return `curators disagree (${votes}) and nobody adjudicated`;
}

function staleMessage(r: Resolution): string {
  const who = r.status === 'adjudicated' && r.ruling ? [r.ruling] : r.votes.filter((v) => v.stale === true);
  return `the decision${who.length > 1 ? 's' : ''} of ${who.map((v) => `${v.curator} (${v.ts})`).join(', ')} ${who.length > 1 ? 'were' : 'was'} taken on other content: the sample changed since`;
}

/** Why POLICY says what it says, for the human report. */
export function policyLines(policy: ExportReport['policy']): string[] {
  return CHECK_CODES.map((code) => `- \`${code}\` (${policy[code] ?? POLICY[code].policy}): ${POLICY[code].what}`);
}
