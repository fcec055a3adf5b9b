/**
 * What the insight is computed from: one row per sample, held column by column so both producers fill it
 * without building 100,000 objects. The curator webview already keeps its rows as typed columns with
 * dictionary-coded tasks and difficulties (webview/curator/store.ts): it hands those arrays over as they are.
 * The CLI streams `SampleFacts` into an `InsightInputBuilder`.
 *
 * Codes: `verdict` indexes INSIGHT_VERDICTS (the protocol's LIST_VERDICTS order), `reference`/`strict`
 * index MODE_STATUSES (-1 = null), `resolution` indexes RESOLUTION_STATUSES, `decision` is DECISION_CODES
 * (0 = none, the curator store's codes), task/difficulty index their name lists (-1 = none).
 */
import { TAGS, type Tag } from '../trace/cueSchema';
import {
  INSIGHT_VERDICTS,
  MODE_STATUSES,
  RESOLUTION_STATUSES,
  type AgreementReport,
  type InsightVerdict,
  type ModeStatus,
  type ResolutionStatus,
  type ResolvedDecision,
  type TargetMix,
} from './schema';

/** Codes of the `decision` column (the curator store's: 0 none, then accept, reject, flag). */
export const DECISION_CODES = { none: 0, accept: 1, reject: 2, flag: 3 } as const;

export type Column = ArrayLike<number>;

export interface InsightInput {
  /** Rows (samples). Every column holds at least `count` values (`tagCounts`: count x TAGS.length). */
  count: number;
  taskNames: readonly string[];
  /** Index into `taskNames`, -1 for none. */
  task: Column;
  difficultyNames: readonly string[];
  difficulty: Column;
  /** Index into INSIGHT_VERDICTS (`pending`: not analysed yet). */
  verdict: Column;
  /** Index into MODE_STATUSES, -1 for null (no response, or not analysed). */
  reference: Column;
  strict: Column;
  /** Steps carrying each tag, TAGS order, TAGS.length values per row. */
  tagCounts: Column;
  /** Response length in code points (0: none). */
  chars: Column;
  steps: Column;
  /** Relative position of the first reflective step (0..1); NaN (or any negative) for none. */
  firstReflection: Column;
  /** Index into RESOLUTION_STATUSES. */
  resolution: Column;
  /** DECISION_CODES: the resolved decision (none when undecided or in conflict). */
  decision: Column;
  /** 1 when the decision was taken on content that changed since. */
  stale: Column;
  /** Agreement figures computed by the caller (contract B), when two or more curators decided. */
  agreement?: { decisions?: AgreementReport | null; tags?: AgreementReport | null };
  /** The wanted mix of the accepted set (default 'uniform'). */
  targetMix?: TargetMix;
}

/** Thrown for an input whose columns do not fit together: names the column and the row. */
export class InsightInputError extends Error {}

/** Check lengths and codes; throws InsightInputError naming the first bad column and row. */
export function checkInput(input: InsightInput): void {
  const n = input.count;
  if (!Number.isInteger(n) || n < 0) throw new InsightInputError(`count must be a whole number >= 0, got ${n}`);
  const lens: Array<[string, Column, number]> = [
    ['task', input.task, n],
    ['difficulty', input.difficulty, n],
    ['verdict', input.verdict, n],
    ['reference', input.reference, n],
    ['strict', input.strict, n],
    ['tagCounts', input.tagCounts, n * TAGS.length],
    ['chars', input.chars, n],
    ['steps', input.steps, n],
    ['firstReflection', input.firstReflection, n],
    ['resolution', input.resolution, n],
    ['decision', input.decision, n],
    ['stale', input.stale, n],
  ];
  for (const [name, col, want] of lens) {
    if (col.length < want) throw new InsightInputError(`column ${name} has ${col.length} values, expected ${want} (${n} rows)`);
  }
  const codes: Array<[string, Column, number, number]> = [
    ['task', input.task, -1, input.taskNames.length - 1],
    ['difficulty', input.difficulty, -1, input.difficultyNames.length - 1],
    ['verdict', input.verdict, 0, INSIGHT_VERDICTS.length - 1],
    ['reference', input.reference, -1, MODE_STATUSES.length - 1],
    ['strict', input.strict, -1, MODE_STATUSES.length - 1],
    ['resolution', input.resolution, 0, RESOLUTION_STATUSES.length - 1],
    ['decision', input.decision, 0, 3],
  ];
  for (const [name, col, lo, hi] of codes) {
    for (let i = 0; i < n; i++) {
      const c = col[i]!;
      if (!(c >= lo && c <= hi) || c !== Math.floor(c)) throw new InsightInputError(`column ${name}, row ${i}: code ${c} is out of range ${lo}..${hi}`);
    }
  }
}

/** One sample as the builder takes it: a `SampleFacts` (contract A) plus the team's resolution. */
export interface InsightRow {
  task: string | null;
  difficulty: string | null;
  verdict: InsightVerdict;
  reference: ModeStatus | null;
  strict: ModeStatus | null;
  tags: Readonly<Record<Tag, number>>;
  chars: number;
  steps: number;
  firstReflection: number | null;
  resolution?: ResolutionStatus;
  decision?: ResolvedDecision | null;
  stale?: boolean;
}

const VERDICT_CODE = new Map<string, number>(INSIGHT_VERDICTS.map((v, i) => [v, i]));
const MODE_CODE = new Map<string, number>(MODE_STATUSES.map((v, i) => [v, i]));
const RESOLUTION_CODE = new Map<string, number>(RESOLUTION_STATUSES.map((v, i) => [v, i]));

/** Fills the columns row by row (growing typed arrays), for producers that stream samples. */
export class InsightInputBuilder {
  private n = 0;
  private cap = 0;
  private readonly taskIndex = new Map<string, number>();
  private readonly difficultyIndex = new Map<string, number>();
  private readonly taskNames: string[] = [];
  private readonly difficultyNames: string[] = [];
  private task = new Int32Array(0);
  private difficulty = new Int32Array(0);
  private verdict = new Uint8Array(0);
  private reference = new Int8Array(0);
  private strict = new Int8Array(0);
  private tagCounts = new Uint32Array(0);
  private chars = new Float64Array(0);
  private steps = new Uint32Array(0);
  private firstReflection = new Float64Array(0);
  private resolution = new Uint8Array(0);
  private decision = new Uint8Array(0);
  private stale = new Uint8Array(0);

  get count(): number {
    return this.n;
  }

  private grow(): void {
    const cap = Math.max(1024, this.cap * 2);
    const g = <T extends Int32Array | Uint8Array | Int8Array | Uint32Array | Float64Array>(a: T, per = 1): T => {
      const b = new (a.constructor as new (n: number) => T)(cap * per);
      b.set(a);
      return b;
    };
    this.task = g(this.task);
    this.difficulty = g(this.difficulty);
    this.verdict = g(this.verdict);
    this.reference = g(this.reference);
    this.strict = g(this.strict);
    this.tagCounts = g(this.tagCounts, TAGS.length);
    this.chars = g(this.chars);
    this.steps = g(this.steps);
    this.firstReflection = g(this.firstReflection);
    this.resolution = g(this.resolution);
    this.decision = g(this.decision);
    this.stale = g(this.stale);
    this.cap = cap;
  }

  private static code(names: string[], index: Map<string, number>, key: string | null): number {
    if (key === null) return -1;
    let c = index.get(key);
    if (c === undefined) {
      c = names.length;
      names.push(key);
      index.set(key, c);
    }
    return c;
  }

  /** Append one sample; throws InsightInputError naming `where` (e.g. the sample id) for an unknown code. */
  add(row: InsightRow, where?: string): void {
    if (this.n === this.cap) this.grow();
    const i = this.n;
    const at = (): string => where ?? `row ${i}`;
    const verdict = VERDICT_CODE.get(row.verdict);
    if (verdict === undefined) throw new InsightInputError(`${at()}: unknown verdict "${row.verdict}"`);
    const mode = (s: ModeStatus | null, name: string): number => {
      if (s === null) return -1;
      const c = MODE_CODE.get(s);
      if (c === undefined) throw new InsightInputError(`${at()}: unknown ${name} status "${s}"`);
      return c;
    };
    const resolution = RESOLUTION_CODE.get(row.resolution ?? (row.decision ? 'single' : 'undecided'));
    if (resolution === undefined) throw new InsightInputError(`${at()}: unknown resolution "${row.resolution}"`);
    this.task[i] = InsightInputBuilder.code(this.taskNames, this.taskIndex, row.task);
    this.difficulty[i] = InsightInputBuilder.code(this.difficultyNames, this.difficultyIndex, row.difficulty);
    this.verdict[i] = verdict;
    this.reference[i] = mode(row.reference, 'reference');
    this.strict[i] = mode(row.strict, 'strict');
    for (let t = 0; t < TAGS.length; t++) this.tagCounts[i * TAGS.length + t] = row.tags[TAGS[t]!] ?? 0;
    this.chars[i] = row.chars;
    this.steps[i] = row.steps;
    this.firstReflection[i] = row.firstReflection ?? Number.NaN;
    this.resolution[i] = resolution;
    this.decision[i] = row.decision ? DECISION_CODES[row.decision] : DECISION_CODES.none;
    this.stale[i] = row.stale ? 1 : 0;
    this.n++;
  }

  /** The columns (views onto the builder's arrays: add no more rows after this). */
  build(extra: Pick<InsightInput, 'agreement' | 'targetMix'> = {}): InsightInput {
    const n = this.n;
    return {
      count: n,
      taskNames: this.taskNames,
      task: this.task.subarray(0, n),
      difficultyNames: this.difficultyNames,
      difficulty: this.difficulty.subarray(0, n),
      verdict: this.verdict.subarray(0, n),
      reference: this.reference.subarray(0, n),
      strict: this.strict.subarray(0, n),
      tagCounts: this.tagCounts.subarray(0, n * TAGS.length),
      chars: this.chars.subarray(0, n),
      steps: this.steps.subarray(0, n),
      firstReflection: this.firstReflection.subarray(0, n),
      resolution: this.resolution.subarray(0, n),
      decision: this.decision.subarray(0, n),
      stale: this.stale.subarray(0, n),
      ...extra,
    };
  }
}

/** An input from rows (tests, small callers). */
export function insightInputFromRows(rows: readonly InsightRow[], extra: Pick<InsightInput, 'agreement' | 'targetMix'> = {}): InsightInput {
  const b = new InsightInputBuilder();
  rows.forEach((r, i) => b.add(r, `row ${i}`));
  return b.build(extra);
}
