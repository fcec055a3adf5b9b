/**
 * `buildInsight`: the dataset insight report from columnar per-sample input, in one pass over the rows
 * into flat integer accumulators (per task, per difficulty, per task x difficulty cell), plus a sort of the
 * traced lengths for the quantiles. 100,000 rows take a few milliseconds (bench/insight.ts), so the
 * curator webview can rebuild it on every summary chunk.
 *
 * Definitions (what a number in the report means):
 * - pass rate: reference passes / samples whose reference verdict is pass or fail (error, unsupported, no
 *   response and pending rows are counted in `verdicts` but not judged); the strict rate likewise.
 * - traced: analysed (not pending) samples with a response (chars > 0): the denominator of tag shares,
 *   positions, mismatch shares and the length histogram.
 * - decisions: the team's resolved decision (contract B); a conflict has none and is counted apart.
 * - balance: the accepted set (resolved decision accept, stale or not) against the target mix; the target
 *   count of a task is its share of the current accepted total, the shortfall what is missing to reach it.
 */
import { TAGS } from '../trace/cueSchema';
import { checkInput, DECISION_CODES, InsightInputError, type InsightInput } from './input';
import {
  AgreementReport,
  CROSS_STATUSES,
  DIFFICULTIES,
  INSIGHT_REPORT_VERSION,
  INSIGHT_VERDICTS,
  MODE_STATUSES,
  RESOLUTION_STATUSES,
  type BalanceRow,
  type CellRate,
  type DecisionRow,
  type GroupRate,
  type InsightReport,
  type InsightVerdict,
  type TargetMix,
  type VerdictCounts,
} from './schema';
import { BENCHMARK_TASKS, compareDifficulties, compareTasks } from './tasks';

export interface InsightOptions {
  /** Bins of the first-reflection position histogram over [0, 1] (default 10). */
  positionBins?: number;
  /** Length histogram bins per factor of ten (default 4). */
  binsPerDecade?: number;
}

const NV = INSIGHT_VERDICTS.length;
const NT = TAGS.length;
const PENDING = INSIGHT_VERDICTS.indexOf('pending');
const MISMATCH = INSIGHT_VERDICTS.indexOf('mismatch');
const PASS = MODE_STATUSES.indexOf('pass');
const FAIL = MODE_STATUSES.indexOf('fail');
const CROSS_NONE = CROSS_STATUSES.indexOf('none');
const CONFLICT = RESOLUTION_STATUSES.indexOf('conflict');
const NR = RESOLUTION_STATUSES.length;

/** Per-group counters, `groups` groups side by side in flat arrays. */
class RateAcc {
  readonly verdicts: Int32Array;
  readonly judged: Int32Array;
  readonly refPass: Int32Array;
  readonly strictJudged: Int32Array;
  readonly strictPass: Int32Array;
  constructor(groups: number) {
    this.verdicts = new Int32Array(groups * NV);
    this.judged = new Int32Array(groups);
    this.refPass = new Int32Array(groups);
    this.strictJudged = new Int32Array(groups);
    this.strictPass = new Int32Array(groups);
  }
  add(g: number, v: number, ref: number, strict: number): void {
    this.verdicts[g * NV + v]!++;
    if (ref === PASS || ref === FAIL) {
      this.judged[g]!++;
      if (ref === PASS) this.refPass[g]!++;
    }
    if (strict === PASS || strict === FAIL) {
      this.strictJudged[g]!++;
      if (strict === PASS) this.strictPass[g]!++;
    }
  }
  samples(g: number): number {
    let s = 0;
    for (let v = 0; v < NV; v++) s += this.verdicts[g * NV + v]!;
    return s;
  }
  rate(g: number, key: string): GroupRate {
    const verdicts = {} as VerdictCounts;
    INSIGHT_VERDICTS.forEach((v, i) => (verdicts[v] = this.verdicts[g * NV + i]!));
    const judged = this.judged[g]!;
    const strictJudged = this.strictJudged[g]!;
    return {
      key,
      samples: this.samples(g),
      judged,
      referencePass: this.refPass[g]!,
      strictJudged,
      strictPass: this.strictPass[g]!,
      rate: judged ? this.refPass[g]! / judged : null,
      strictRate: strictJudged ? this.strictPass[g]! / strictJudged : null,
      verdicts,
    };
  }
}

/** Nearest-rank index of quantile p among n values. */
const rank = (n: number, p: number): number => Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1));

/**
 * Rearranges a[lo, hi) so that a[k] holds the value it would hold sorted, smaller-or-equal values before it
 * and larger-or-equal after (Hoare's selection): linear time, where a sort of 100,000 lengths took longer
 * than the rest of the report.
 */
function select(a: Float64Array, k: number, lo: number, hi: number): number {
  let l = lo;
  let r = hi - 1;
  while (r > l) {
    const pivot = a[(l + r) >> 1]!;
    let i = l;
    let j = r;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else break;
  }
  return a[k]!;
}

/** p50, p90 (nearest rank) and max of a[lo, hi), which it reorders. */
function lengthStats(a: Float64Array, lo: number, hi: number): { count: number; p50: number | null; p90: number | null; max: number | null } {
  const n = hi - lo;
  if (n <= 0) return { count: 0, p50: null, p90: null, max: null };
  const k50 = lo + rank(n, 0.5);
  const k90 = lo + rank(n, 0.9);
  const p50 = select(a, k50, lo, hi);
  // Everything after k50 is >= p50, so p90 and the maximum are found among those.
  const p90 = select(a, k90, k50, hi);
  let max = p90;
  for (let i = k90; i < hi; i++) if (a[i]! > max) max = a[i]!;
  return { count: n, p50, p90, max };
}

/** Normalised target weights over `keys` (throws naming the unknown key or an all-zero mix). */
function targetShares(keys: readonly string[], weights: Record<string, number> | undefined, what: string): number[] {
  if (weights === undefined) return keys.map(() => 1 / keys.length);
  const known = new Set(keys);
  for (const [k, w] of Object.entries(weights)) {
    if (!known.has(k)) throw new InsightInputError(`target mix: unknown ${what} "${k}" (expected one of ${keys.join(', ')})`);
    if (!(Number.isFinite(w) && w >= 0)) throw new InsightInputError(`target mix: the weight of ${what} "${k}" must be a number >= 0, got ${w}`);
  }
  const ws = keys.map((k) => weights[k] ?? 0);
  const total = ws.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new InsightInputError(`target mix: the ${what} weights add up to 0`);
  return ws.map((w) => w / total);
}

/** Throws InsightInputError when the mix names an unknown task or difficulty, or a group's weights add up to 0. */
export function checkTargetMix(mix: TargetMix): void {
  if (mix === 'uniform') return;
  targetShares(BENCHMARK_TASKS, mix.tasks, 'task');
  targetShares(DIFFICULTIES, mix.difficulties, 'difficulty');
}

function balanceRows(keys: readonly string[], actual: readonly number[], shares: readonly number[], accepted: number): BalanceRow[] {
  return keys.map((key, i) => {
    const target = shares[i]! * accepted;
    const a = actual[i]!;
    return {
      key,
      actual: a,
      actualShare: accepted ? a / accepted : null,
      targetShare: shares[i]!,
      target,
      // The epsilon keeps 0.1 x 30 = 3.0000000000000004 from asking for a fourth sample.
      shortfall: Math.max(0, Math.ceil(target - a - 1e-9)),
    };
  });
}

/** src/core/team's key for samples without a task (team/agreement.ts NO_TASK; not imported: that module reads files). */
const TEAM_NO_TASK = '(no task)';

/** The caller's agreement figures with the report's keys (`''` for no task) and only the report's fields. */
function agreementOf(a: AgreementReport | null | undefined): AgreementReport | null {
  if (!a) return null;
  const perTask: Record<string, AgreementReport['overall']> = {};
  for (const [k, f] of Object.entries(a.perTask)) perTask[k === TEAM_NO_TASK ? '' : k] = f;
  const keys = Object.keys(perTask).sort(compareTasks);
  return AgreementReport.parse({ ...a, perTask: Object.fromEntries(keys.map((k) => [k, perTask[k]])) });
}

export function buildInsight(input: InsightInput, options: InsightOptions = {}): InsightReport {
  checkInput(input);
  const positionBins = options.positionBins ?? 10;
  const bpd = options.binsPerDecade ?? 4;
  if (!Number.isInteger(positionBins) || positionBins < 1) throw new InsightInputError(`positionBins must be a whole number >= 1, got ${positionBins}`);
  if (!Number.isInteger(bpd) || bpd < 1) throw new InsightInputError(`binsPerDecade must be a whole number >= 1, got ${bpd}`);

  const n = input.count;
  // Group indexes: the names' codes, and one more for "none".
  const T = input.taskNames.length + 1;
  const D = input.difficultyNames.length + 1;
  const byTask = new RateAcc(T);
  const byDiff = new RateAcc(D);
  const byCell = new RateAcc(T * D);
  const overall = new RateAcc(1);
  const cross = new Int32Array(CROSS_STATUSES.length * CROSS_STATUSES.length);
  const checked = new Int32Array(T);
  const mism = new Int32Array(T);
  const traced = new Int32Array(T);
  const tagged = new Int32Array(T * NT);
  const tagSteps = new Float64Array(NT);
  let stepsSum = 0;
  const posCounts = new Int32Array(positionBins);
  const positions = new Float64Array(n);
  let withReflection = 0;
  const lens = new Float64Array(n);
  const lensVerdict = new Uint8Array(n);
  let nLens = 0;
  let empty = 0;
  let minLen = Infinity;
  let maxLen = 0;
  const dec = new Int32Array(T * 6); // accept, reject, flag, conflict, undecided, stale
  const res = new Int32Array(T * NR);
  const acceptedTask = new Int32Array(T);
  const acceptedDiff = new Int32Array(D);
  let pending = 0;

  const { task, difficulty, verdict, reference, strict, tagCounts, chars, steps, firstReflection, resolution, decision, stale } = input;
  for (let i = 0; i < n; i++) {
    const t = task[i]! < 0 ? T - 1 : task[i]!;
    const d = difficulty[i]! < 0 ? D - 1 : difficulty[i]!;
    const v = verdict[i]!;
    const ref = reference[i]!;
    const str = strict[i]!;
    byTask.add(t, v, ref, str);
    byDiff.add(d, v, ref, str);
    byCell.add(t * D + d, v, ref, str);
    overall.add(0, v, ref, str);

    // Decisions do not wait for the analysis.
    const r = resolution[i]!;
    res[t * NR + r]!++;
    const dc = decision[i]!;
    const o = t * 6;
    if (dc === DECISION_CODES.accept) {
      dec[o]!++;
      acceptedTask[t]!++;
      acceptedDiff[d]!++;
    } else if (dc === DECISION_CODES.reject) dec[o + 1]!++;
    else if (dc === DECISION_CODES.flag) dec[o + 2]!++;
    else if (r === CONFLICT) dec[o + 3]!++;
    else dec[o + 4]!++;
    if (stale[i]) dec[o + 5]!++;

    if (v === PENDING) {
      pending++;
      continue;
    }
    const rc = ref < 0 ? CROSS_NONE : ref;
    const sc = str < 0 ? CROSS_NONE : str;
    cross[rc * CROSS_STATUSES.length + sc]!++;

    const c = chars[i]!;
    if (!(c > 0)) {
      empty++;
      continue;
    }
    lens[nLens] = c;
    lensVerdict[nLens++] = v;
    if (c < minLen) minLen = c;
    if (c > maxLen) maxLen = c;
    checked[t]!++;
    if (v === MISMATCH) mism[t]!++;
    traced[t]!++;
    stepsSum += steps[i]!;
    const base = i * NT;
    for (let k = 0; k < NT; k++) {
      const cnt = tagCounts[base + k]!;
      if (cnt > 0) {
        tagged[t * NT + k]!++;
        tagSteps[k]! += cnt;
      }
    }
    const p = firstReflection[i]!;
    if (p >= 0) {
      positions[withReflection++] = p;
      posCounts[Math.min(positionBins - 1, Math.max(0, Math.floor(p * positionBins)))]!++;
    }
  }

  // Keys in display order (groups with samples only).
  const taskKeys: Array<{ g: number; key: string }> = [];
  for (let g = 0; g < T; g++) if (byTask.samples(g) > 0) taskKeys.push({ g, key: g === T - 1 ? '' : input.taskNames[g]! });
  taskKeys.sort((a, b) => compareTasks(a.key, b.key));
  const diffKeys: Array<{ g: number; key: string }> = [];
  for (let g = 0; g < D; g++) if (byDiff.samples(g) > 0) diffKeys.push({ g, key: g === D - 1 ? '' : input.difficultyNames[g]! });
  diffKeys.sort((a, b) => compareDifficulties(a.key, b.key));
  if (new Set(taskKeys.map((k) => k.key)).size !== taskKeys.length) throw new InsightInputError('taskNames holds a name twice');
  if (new Set(diffKeys.map((k) => k.key)).size !== diffKeys.length) throw new InsightInputError('difficultyNames holds a name twice');

  const cells: CellRate[] = [];
  for (const tk of taskKeys) {
    for (const dk of diffKeys) {
      const g = tk.g * D + dk.g;
      if (byCell.samples(g) > 0) cells.push({ ...byCell.rate(g, `${tk.key} × ${dk.key}`), task: tk.key, difficulty: dk.key });
    }
  }

  let tracedAll = 0;
  for (let g = 0; g < T; g++) tracedAll += traced[g]!;
  const taggedAll = new Int32Array(NT);
  for (let g = 0; g < T; g++) for (let k = 0; k < NT; k++) taggedAll[k]! += tagged[g * NT + k]!;

  // Lengths: log-spaced bins over the traced range, per verdict; quantiles per verdict.
  const lengthBins: InsightReport['lengths']['bins'] = [];
  if (nLens > 0) {
    const lo = Math.floor(Math.log10(minLen) * bpd + 1e-9);
    let hi = Math.ceil(Math.log10(maxLen) * bpd - 1e-9);
    if (hi <= lo) hi = lo + 1;
    const nb = hi - lo;
    const edges = Float64Array.from({ length: nb + 1 }, (_, b) => 10 ** ((lo + b) / bpd));
    const counts = new Int32Array(nb * NV);
    for (let j = 0; j < nLens; j++) {
      // The last bin whose lower edge is <= the length (a binary search: cheaper than log10, and exactly
      // consistent with the edges the report gives).
      const c = lens[j]!;
      let a = 0;
      let z = nb - 1;
      while (a < z) {
        const m = (a + z + 1) >> 1;
        if (edges[m]! <= c) a = m;
        else z = m - 1;
      }
      counts[a * NV + lensVerdict[j]!]!++;
    }
    for (let b = 0; b < nb; b++) {
      const verdicts = {} as VerdictCounts;
      let count = 0;
      INSIGHT_VERDICTS.forEach((v, k) => {
        verdicts[v] = counts[b * NV + k]!;
        count += verdicts[v];
      });
      lengthBins.push({ from: edges[b]!, to: edges[b + 1]!, count, verdicts });
    }
  }
  const perVerdict = new Int32Array(NV);
  for (let j = 0; j < nLens; j++) perVerdict[lensVerdict[j]!]!++;
  const starts = new Int32Array(NV + 1);
  for (let k = 0; k < NV; k++) starts[k + 1] = starts[k]! + perVerdict[k]!;
  const grouped = new Float64Array(nLens);
  const fill = starts.slice(0, NV);
  for (let j = 0; j < nLens; j++) grouped[fill[lensVerdict[j]!]!++] = lens[j]!;
  const byVerdict = {} as InsightReport['lengths']['byVerdict'];
  INSIGHT_VERDICTS.forEach((v, k) => (byVerdict[v] = lengthStats(grouped, starts[k]!, starts[k + 1]!)));
  const overallLengths = lengthStats(lens, 0, nLens);
  const medianPosition = withReflection ? select(positions, rank(withReflection, 0.5), 0, withReflection) : null;

  // Decisions and resolution.
  const decisionRow = (g: number | null, key: string): DecisionRow => {
    const sum = (k: number) => (g === null ? Array.from({ length: T }, (_, h) => dec[h * 6 + k]!).reduce((a, b) => a + b, 0) : dec[g * 6 + k]!);
    const row = { key, accept: sum(0), reject: sum(1), flag: sum(2), conflict: sum(3), undecided: sum(4), stale: sum(5) };
    return { ...row, samples: row.accept + row.reject + row.flag + row.conflict + row.undecided };
  };
  const resolutionCounts = (g: number | null) => {
    const out = {} as Record<(typeof RESOLUTION_STATUSES)[number], number>;
    RESOLUTION_STATUSES.forEach((s, k) => {
      let c = 0;
      if (g === null) for (let h = 0; h < T; h++) c += res[h * NR + k]!;
      else c = res[g * NR + k]!;
      out[s] = c;
    });
    return out;
  };

  // Balance of the accepted set.
  const mix: TargetMix = input.targetMix ?? 'uniform';
  const taskShares = targetShares(BENCHMARK_TASKS, mix === 'uniform' ? undefined : mix.tasks, 'task');
  const diffShares = targetShares(DIFFICULTIES, mix === 'uniform' ? undefined : mix.difficulties, 'difficulty');
  let accepted = 0;
  for (let g = 0; g < T; g++) accepted += acceptedTask[g]!;
  const taskCode = new Map(input.taskNames.map((name, g) => [name, g]));
  const diffCode = new Map(input.difficultyNames.map((name, g) => [name, g]));
  const actualTasks = BENCHMARK_TASKS.map((k) => (taskCode.has(k) ? acceptedTask[taskCode.get(k)!]! : 0));
  const actualDiffs = DIFFICULTIES.map((k) => (diffCode.has(k) ? acceptedDiff[diffCode.get(k)!]! : 0));
  const balanceTasks = balanceRows(BENCHMARK_TASKS, actualTasks, taskShares, accepted);
  const balanceDiffs = balanceRows(DIFFICULTIES, actualDiffs, diffShares, accepted);

  return {
    version: INSIGHT_REPORT_VERSION,
    samples: n,
    pending,
    passRate: {
      overall: overall.rate(0, ''),
      byTask: taskKeys.map((k) => byTask.rate(k.g, k.key)),
      byDifficulty: diffKeys.map((k) => byDiff.rate(k.g, k.key)),
      cells,
    },
    cross: {
      statuses: [...CROSS_STATUSES],
      cells: CROSS_STATUSES.map((_, a) => CROSS_STATUSES.map((_, b) => cross[a * CROSS_STATUSES.length + b]!)),
      disagree: (() => {
        let s = 0;
        for (let a = 0; a < CROSS_STATUSES.length; a++) for (let b = 0; b < CROSS_STATUSES.length; b++) if (a !== b) s += cross[a * CROSS_STATUSES.length + b]!;
        return s;
      })(),
    },
    mismatches: {
      total: mism.reduce((a, b) => a + b, 0),
      byTask: taskKeys.map((k) => ({ key: k.key, checked: checked[k.g]!, mismatches: mism[k.g]!, share: checked[k.g] ? mism[k.g]! / checked[k.g]! : null })),
    },
    tags: {
      traced: tracedAll,
      meanSteps: tracedAll ? stepsSum / tracedAll : null,
      tags: TAGS.map((tag, k) => ({ tag, samples: taggedAll[k]!, share: tracedAll ? taggedAll[k]! / tracedAll : null, meanSteps: tracedAll ? tagSteps[k]! / tracedAll : null })),
      byTask: taskKeys.map((k) => ({ key: k.key, traced: traced[k.g]!, shares: TAGS.map((_, j) => (traced[k.g] ? tagged[k.g * NT + j]! / traced[k.g]! : null)) })),
    },
    positions: {
      bins: Array.from({ length: positionBins }, (_, b) => ({ from: b / positionBins, to: (b + 1) / positionBins, count: posCounts[b]! })),
      withReflection,
      without: tracedAll - withReflection,
      median: medianPosition,
    },
    lengths: {
      bins: lengthBins,
      binsPerDecade: bpd,
      empty,
      overall: overallLengths,
      byVerdict,
    },
    decisions: {
      overall: decisionRow(null, ''),
      byTask: taskKeys.map((k) => decisionRow(k.g, k.key)),
      resolution: resolutionCounts(null),
      resolutionByTask: taskKeys.map((k) => ({ key: k.key, counts: resolutionCounts(k.g) })),
      agreement: { decisions: agreementOf(input.agreement?.decisions), tags: agreementOf(input.agreement?.tags) },
    },
    balance: {
      accepted,
      mix,
      tasks: balanceTasks,
      difficulties: balanceDiffs,
      otherTasks: accepted - actualTasks.reduce((a, b) => a + b, 0),
      otherDifficulties: accepted - actualDiffs.reduce((a, b) => a + b, 0),
      taskShortfall: balanceTasks.reduce((a, r) => a + r.shortfall, 0),
      difficultyShortfall: balanceDiffs.reduce((a, r) => a + r.shortfall, 0),
    },
  };
}

/** The verdict names a chart shows for rows that are not pending. */
export const ANALYSED_VERDICTS: readonly InsightVerdict[] = INSIGHT_VERDICTS.filter((_, i) => i !== PENDING);
