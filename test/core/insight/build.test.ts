/**
 * buildInsight on eight hand-made samples whose every figure was worked out by hand (the comments give the
 * arithmetic), the same data as typed columns (as the curator webview holds them), target mixes, and the
 * errors for inputs that do not fit together.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BENCHMARK_TASKS,
  buildInsight,
  InsightInputError,
  insightInputFromRows,
  InsightReport,
  INSIGHT_VERDICTS,
  MODE_STATUSES,
  RESOLUTION_STATUSES,
  type InsightInput,
  type InsightRow,
} from '../../../src/core/insight';
import { TAGS, type Tag } from '../../../src/core/trace/cueSchema';

const tags = (t: Partial<Record<Tag, number>> = {}): Record<Tag, number> => ({ verification: 0, backtracking: 0, subgoal: 0, backward_chaining: 0, correction: 0, ...t });

const ROWS: InsightRow[] = [
  /* r0 */ { task: 'maze', difficulty: '1', verdict: 'pass', reference: 'pass', strict: 'pass', tags: tags({ verification: 2 }), chars: 100, steps: 4, firstReflection: 0.25, resolution: 'single', decision: 'accept' },
  /* r1 */ { task: 'maze', difficulty: '1', verdict: 'lenient', reference: 'pass', strict: 'fail', tags: tags({ verification: 1, backtracking: 1 }), chars: 1000, steps: 10, firstReflection: 0.5, resolution: 'agreed', decision: 'accept' },
  /* r2 */ { task: 'maze', difficulty: '2', verdict: 'fail', reference: 'fail', strict: 'fail', tags: tags(), chars: 50, steps: 2, firstReflection: null, resolution: 'conflict', decision: null },
  /* r3 */ { task: 'sudoku', difficulty: '2', verdict: 'mismatch', reference: 'fail', strict: 'fail', tags: tags({ correction: 3 }), chars: 5000, steps: 20, firstReflection: 0.95, resolution: 'single', decision: 'reject' },
  /* r4 */ { task: 'sudoku', difficulty: '3', verdict: 'error', reference: 'error', strict: 'error', tags: tags(), chars: 10, steps: 1, firstReflection: null, resolution: 'undecided', decision: null },
  /* r5 */ { task: 'sudoku', difficulty: '3', verdict: 'pending', reference: null, strict: null, tags: tags(), chars: 0, steps: 0, firstReflection: null, resolution: 'single', decision: 'flag', stale: true },
  /* r6 */ { task: null, difficulty: null, verdict: 'none', reference: null, strict: null, tags: tags(), chars: 0, steps: 0, firstReflection: null, resolution: 'undecided', decision: null },
  /* r7 */ { task: 'mystery', difficulty: '5', verdict: 'unsupported', reference: 'unsupported', strict: 'unsupported', tags: tags({ subgoal: 1 }), chars: 300, steps: 3, firstReflection: 1, resolution: 'adjudicated', decision: 'accept', stale: true },
];

const zeros = Object.fromEntries(INSIGHT_VERDICTS.map((v) => [v, 0]));

describe('buildInsight on hand-checked samples', () => {
  const report = InsightReport.parse(buildInsight(insightInputFromRows(ROWS)));

  it('counts samples and pending ones', () => {
    expect(report.samples).toBe(8);
    expect(report.pending).toBe(1);
  });

  it('pass rate overall, per task (registry order, then others, then none) and per difficulty', () => {
    // Judged (reference pass/fail): r0 p, r1 p, r2 f, r3 f -> 2/4; strict: r0 p, r1 f, r2 f, r3 f -> 1/4.
    expect(report.passRate.overall).toMatchObject({ samples: 8, judged: 4, referencePass: 2, rate: 0.5, strictJudged: 4, strictPass: 1, strictRate: 0.25 });
    // sudoku comes before maze in the registry.
    expect(report.passRate.byTask.map((r) => r.key)).toEqual(['sudoku', 'maze', 'mystery', '']);
    const maze = report.passRate.byTask[1]!;
    expect(maze).toMatchObject({ samples: 3, judged: 3, referencePass: 2, strictPass: 1 });
    expect(maze.rate).toBeCloseTo(2 / 3, 12);
    expect(maze.strictRate).toBeCloseTo(1 / 3, 12);
    expect(maze.verdicts).toEqual({ ...zeros, pass: 1, lenient: 1, fail: 1 });
    expect(report.passRate.byTask[0]).toMatchObject({ key: 'sudoku', samples: 3, judged: 1, rate: 0, strictRate: 0, verdicts: { ...zeros, mismatch: 1, error: 1, pending: 1 } });
    expect(report.passRate.byTask[2]).toMatchObject({ key: 'mystery', judged: 0, rate: null, strictRate: null });
    expect(report.passRate.byDifficulty.map((r) => [r.key, r.samples, r.rate, r.strictRate])).toEqual([
      ['1', 2, 1, 0.5],
      ['2', 2, 0, 0],
      ['3', 2, null, null],
      ['5', 1, null, null],
      ['', 1, null, null],
    ]);
  });

  it('task x difficulty cells only where there are samples, tasks then difficulties in order', () => {
    expect(report.passRate.cells.map((c) => [c.task, c.difficulty, c.samples, c.rate])).toEqual([
      ['sudoku', '2', 1, 0],
      ['sudoku', '3', 2, null],
      ['maze', '1', 2, 1],
      ['maze', '2', 1, 0],
      ['mystery', '5', 1, null],
      ['', '', 1, null],
    ]);
  });

  it('reference x strict cross table over analysed samples', () => {
    expect(report.cross.statuses).toEqual(['pass', 'fail', 'error', 'unsupported', 'none']);
    expect(report.cross.cells).toEqual([
      [1, 1, 0, 0, 0], // r0, r1 (lenient)
      [0, 2, 0, 0, 0], // r2, r3
      [0, 0, 1, 0, 0], // r4
      [0, 0, 0, 1, 0], // r7
      [0, 0, 0, 0, 1], // r6 (r5 is pending)
    ]);
    expect(report.cross.disagree).toBe(1);
  });

  it('mismatches per task, over traced samples', () => {
    expect(report.mismatches.total).toBe(1);
    expect(report.mismatches.byTask).toEqual([
      { key: 'sudoku', checked: 2, mismatches: 1, share: 0.5 },
      { key: 'maze', checked: 3, mismatches: 0, share: 0 },
      { key: 'mystery', checked: 1, mismatches: 0, share: 0 },
      { key: '', checked: 0, mismatches: 0, share: null },
    ]);
  });

  it('tag frequencies: share of traced samples with the tag and mean tagged steps per traced sample', () => {
    // Traced: r0 r1 r2 r3 r4 r7 = 6. Steps 4+10+2+20+1+3 = 40.
    expect(report.tags.traced).toBe(6);
    expect(report.tags.meanSteps).toBeCloseTo(40 / 6, 12);
    const by = Object.fromEntries(report.tags.tags.map((t) => [t.tag, t]));
    expect(by['verification']).toMatchObject({ samples: 2, meanSteps: 0.5 }); // (2 + 1) / 6
    expect(by['verification']!.share).toBeCloseTo(2 / 6, 12);
    expect(by['backtracking']).toMatchObject({ samples: 1 });
    expect(by['backtracking']!.meanSteps).toBeCloseTo(1 / 6, 12);
    expect(by['subgoal']!.samples).toBe(1);
    expect(by['backward_chaining']).toMatchObject({ samples: 0, share: 0, meanSteps: 0 });
    expect(by['correction']).toMatchObject({ samples: 1, meanSteps: 0.5 }); // 3 / 6
    expect(report.tags.tags.map((t) => t.tag)).toEqual([...TAGS]);
    const maze = report.tags.byTask.find((r) => r.key === 'maze')!;
    expect(maze.traced).toBe(3);
    expect(maze.shares[0]).toBeCloseTo(2 / 3, 12);
    expect(maze.shares[1]).toBeCloseTo(1 / 3, 12);
    expect(report.tags.byTask.find((r) => r.key === 'sudoku')!.shares).toEqual([0, 0, 0, 0, 0.5]);
    expect(report.tags.byTask.find((r) => r.key === '')!.shares).toEqual([null, null, null, null, null]);
  });

  it('first-reflection positions: ten bins, 1.0 in the last, median by nearest rank', () => {
    // 0.25 -> bin 2, 0.5 -> bin 5, 0.95 and 1 -> bin 9.
    expect(report.positions.bins.map((b) => b.count)).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 0, 2]);
    expect(report.positions.bins[9]).toMatchObject({ from: 0.9, to: 1 });
    expect(report.positions).toMatchObject({ withReflection: 4, without: 2, median: 0.5 });
  });

  it('lengths: four log bins a decade from 10 to 10^(15/4), per verdict, with quantiles', () => {
    const L = report.lengths;
    expect(L.binsPerDecade).toBe(4);
    expect(L.empty).toBe(1); // r6 (r5 is pending)
    expect(L.bins).toHaveLength(11);
    expect(L.bins[0]!.from).toBeCloseTo(10, 9);
    expect(L.bins[10]!.to).toBeCloseTo(10 ** 3.75, 6);
    // 10 -> bin 0, 50 (log 1.70 -> 6.8) -> bin 2, 100 -> 4, 300 (9.9) -> 5, 1000 -> 8, 5000 (14.8) -> 10.
    expect(L.bins.map((b) => b.count)).toEqual([1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1]);
    expect(L.bins[0]!.verdicts.error).toBe(1);
    expect(L.bins[2]!.verdicts.fail).toBe(1);
    expect(L.bins[4]!.verdicts.pass).toBe(1);
    expect(L.bins[5]!.verdicts.unsupported).toBe(1);
    expect(L.bins[8]!.verdicts.lenient).toBe(1);
    expect(L.bins[10]!.verdicts.mismatch).toBe(1);
    // Sorted 10 50 100 300 1000 5000: p50 = 3rd, p90 = 6th.
    expect(L.overall).toEqual({ count: 6, p50: 100, p90: 5000, max: 5000 });
    expect(L.byVerdict.pass).toEqual({ count: 1, p50: 100, p90: 100, max: 100 });
    expect(L.byVerdict.pending).toEqual({ count: 0, p50: null, p90: null, max: null });
  });

  it('decisions per task (resolved), conflicts apart, stale counted, resolution statuses', () => {
    const D = report.decisions;
    expect(D.overall).toEqual({ key: '', samples: 8, accept: 3, reject: 1, flag: 1, conflict: 1, undecided: 2, stale: 2 });
    expect(D.byTask.find((r) => r.key === 'maze')).toEqual({ key: 'maze', samples: 3, accept: 2, reject: 0, flag: 0, conflict: 1, undecided: 0, stale: 0 });
    expect(D.byTask.find((r) => r.key === 'sudoku')).toEqual({ key: 'sudoku', samples: 3, accept: 0, reject: 1, flag: 1, conflict: 0, undecided: 1, stale: 1 });
    expect(D.resolution).toEqual({ undecided: 2, single: 3, agreed: 1, conflict: 1, adjudicated: 1 });
    expect(D.resolutionByTask.find((r) => r.key === 'maze')!.counts).toEqual({ undecided: 0, single: 1, agreed: 1, conflict: 1, adjudicated: 0 });
    expect(D.agreement).toEqual({ decisions: null, tags: null });
  });

  it('balance of the accepted set against the uniform mix', () => {
    const B = report.balance;
    expect(B.accepted).toBe(3); // r0 r1 (maze), r7 (mystery)
    expect(B.mix).toBe('uniform');
    expect(B.tasks).toHaveLength(42);
    expect(B.tasks.map((r) => r.key)).toEqual([...BENCHMARK_TASKS]);
    const maze = B.tasks.find((r) => r.key === 'maze')!;
    expect(maze.actual).toBe(2);
    expect(maze.actualShare).toBeCloseTo(2 / 3, 12);
    expect(maze.targetShare).toBeCloseTo(1 / 42, 12);
    expect(maze.target).toBeCloseTo(3 / 42, 12);
    expect(maze.shortfall).toBe(0);
    expect(B.tasks.find((r) => r.key === 'sudoku')).toMatchObject({ actual: 0, actualShare: 0, shortfall: 1 });
    expect(B.taskShortfall).toBe(41);
    expect(B.otherTasks).toBe(1);
    // Difficulties: '1' x2, '5' x1; target 3/5 = 0.6 each.
    expect(B.difficulties.map((r) => [r.key, r.actual, r.shortfall])).toEqual([
      ['1', 2, 0],
      ['2', 0, 1],
      ['3', 0, 1],
      ['4', 0, 1],
      ['5', 1, 0],
    ]);
    expect(B.difficulties[0]!.target).toBeCloseTo(0.6, 12);
    expect(B.difficultyShortfall).toBe(3);
    expect(B.otherDifficulties).toBe(0);
  });
});

describe('target mix', () => {
  it('weights: unlisted keys get 0, shares normalised, shortfall rounded up', () => {
    const r = buildInsight(insightInputFromRows(ROWS, { targetMix: { tasks: { maze: 3, sudoku: 1 }, difficulties: { '1': 1, '2': 1 } } }));
    // Accepted 3: maze target 0.75 x 3 = 2.25 (has 2: short 1), sudoku 0.75 (has 0: short 1).
    const maze = r.balance.tasks.find((x) => x.key === 'maze')!;
    expect(maze.targetShare).toBe(0.75);
    expect(maze.target).toBe(2.25);
    expect(maze.shortfall).toBe(1);
    expect(r.balance.tasks.find((x) => x.key === 'sudoku')).toMatchObject({ targetShare: 0.25, target: 0.75, shortfall: 1 });
    expect(r.balance.tasks.find((x) => x.key === 'hanoi')).toMatchObject({ targetShare: 0, target: 0, shortfall: 0 });
    expect(r.balance.taskShortfall).toBe(2);
    // '1' 1.5 (has 2), '2' 1.5 (has 0: short 2).
    expect(r.balance.difficulties.map((x) => x.shortfall)).toEqual([0, 2, 0, 0, 0]);
    expect(r.balance.mix).toEqual({ tasks: { maze: 3, sudoku: 1 }, difficulties: { '1': 1, '2': 1 } });
  });

  it('only difficulties given: tasks stay uniform', () => {
    const r = buildInsight(insightInputFromRows(ROWS, { targetMix: { difficulties: { '5': 1 } } }));
    expect(r.balance.tasks[0]!.targetShare).toBeCloseTo(1 / 42, 12);
    expect(r.balance.difficulties.map((x) => x.targetShare)).toEqual([0, 0, 0, 0, 1]);
    expect(r.balance.difficulties[4]!.shortfall).toBe(2); // target 3, has 1
  });

  it('an exact target asks for nothing more (no float rounding up)', () => {
    // 30 accepted mazes; maze weight 1 of 10 -> target 3.0000000000000004 for hanoi with 3.
    const rows: InsightRow[] = [];
    for (let i = 0; i < 27; i++) rows.push({ ...ROWS[0]! });
    for (let i = 0; i < 3; i++) rows.push({ ...ROWS[0]!, task: 'hanoi' });
    const r = buildInsight(insightInputFromRows(rows, { targetMix: { tasks: { maze: 9, hanoi: 1 } } }));
    expect(r.balance.tasks.find((x) => x.key === 'hanoi')!.shortfall).toBe(0);
  });

  it('unknown task, bad weight, all zero: clear errors', () => {
    expect(() => buildInsight(insightInputFromRows(ROWS, { targetMix: { tasks: { Maze: 1 } } }))).toThrow(/target mix: unknown task "Maze"/);
    expect(() => buildInsight(insightInputFromRows(ROWS, { targetMix: { difficulties: { hard: 1 } } }))).toThrow(/unknown difficulty "hard"/);
    expect(() => buildInsight(insightInputFromRows(ROWS, { targetMix: { tasks: { maze: 0 } } }))).toThrow(/task weights add up to 0/);
    expect(() => buildInsight(insightInputFromRows(ROWS, { targetMix: { tasks: { maze: -1 } } }))).toThrow(/must be a number >= 0/);
  });
});

/** The rows as the curator webview's store holds them: typed columns, dictionary-coded names. */
function typedColumns(rows: readonly InsightRow[]): InsightInput {
  const taskNames = ['sudoku', 'mystery', 'maze', 'unused'];
  const difficultyNames = ['5', '3', '2', '1'];
  const n = rows.length;
  const tagCounts = new Uint32Array(n * TAGS.length);
  rows.forEach((r, i) => TAGS.forEach((t, k) => (tagCounts[i * TAGS.length + k] = r.tags[t])));
  return {
    count: n,
    taskNames,
    task: Int32Array.from(rows, (r) => (r.task === null ? -1 : taskNames.indexOf(r.task))),
    difficultyNames,
    difficulty: Int32Array.from(rows, (r) => (r.difficulty === null ? -1 : difficultyNames.indexOf(r.difficulty))),
    verdict: Uint8Array.from(rows, (r) => INSIGHT_VERDICTS.indexOf(r.verdict)),
    reference: Int8Array.from(rows, (r) => (r.reference === null ? -1 : MODE_STATUSES.indexOf(r.reference))),
    strict: Int8Array.from(rows, (r) => (r.strict === null ? -1 : MODE_STATUSES.indexOf(r.strict))),
    tagCounts,
    chars: Uint32Array.from(rows, (r) => r.chars),
    steps: Uint32Array.from(rows, (r) => r.steps),
    firstReflection: Float32Array.from(rows, (r) => r.firstReflection ?? -1),
    resolution: Uint8Array.from(rows, (r) => RESOLUTION_STATUSES.indexOf(r.resolution!)),
    decision: Uint8Array.from(rows, (r) => ({ accept: 1, reject: 2, flag: 3 })[r.decision ?? 'x' as 'accept'] ?? 0),
    stale: Uint8Array.from(rows, (r) => (r.stale ? 1 : 0)),
  };
}

describe('columnar input', () => {
  it('typed columns with other name codes (unused names, -1 for none) give the same report', () => {
    const a = buildInsight(insightInputFromRows(ROWS));
    const b = buildInsight(typedColumns(ROWS));
    // Float32 positions differ in the last bits from the float64 ones: compare everything else exactly.
    expect({ ...b, positions: null }).toEqual({ ...a, positions: null });
    expect(b.positions.bins).toEqual(a.positions.bins);
  });

  it('agreement figures pass through, src/core/team\'s "(no task)" key becomes \'\', tasks in report order', () => {
    const fig = { kappa: 0.5, method: 'cohen' as const, raters: 2, items: 10, observed: 0.75 };
    const other = { ...fig, kappa: -0.25 };
    const team = { curators: ['ana', 'bo'], overall: fig, perTask: { '(no task)': other, maze: fig, sudoku: other }, perTaskTag: {} };
    const r = buildInsight(insightInputFromRows(ROWS, { agreement: { decisions: team } }));
    expect(r.decisions.agreement.decisions?.perTask['maze']?.kappa).toBe(0.5);
    expect(Object.keys(r.decisions.agreement.decisions!.perTask)).toEqual(['sudoku', 'maze', '']);
    expect(r.decisions.agreement.decisions?.curators).toEqual(['ana', 'bo']);
    expect(r.decisions.agreement.decisions).not.toHaveProperty('perTaskTag');
    expect(r.decisions.agreement.tags).toBeNull();
    expect(() => InsightReport.parse(r)).not.toThrow();
  });

  it('an empty input is a valid report', () => {
    const r = InsightReport.parse(buildInsight(insightInputFromRows([])));
    expect(r.samples).toBe(0);
    expect(r.passRate.byTask).toEqual([]);
    expect(r.lengths.bins).toEqual([]);
    expect(r.positions.median).toBeNull();
    expect(r.balance.accepted).toBe(0);
    expect(r.balance.tasks[0]).toMatchObject({ actualShare: null, shortfall: 0 });
  });

  it('a short column or an out-of-range code names the column and row', () => {
    const good = typedColumns(ROWS);
    expect(() => buildInsight({ ...good, chars: new Uint32Array(3) })).toThrow(InsightInputError);
    expect(() => buildInsight({ ...good, chars: new Uint32Array(3) })).toThrow('column chars has 3 values, expected 8 (8 rows)');
    expect(() => buildInsight({ ...good, tagCounts: new Uint32Array(8) })).toThrow('column tagCounts has 8 values, expected 40');
    const verdict = Uint8Array.from(good.verdict as Uint8Array);
    verdict[5] = 9;
    expect(() => buildInsight({ ...good, verdict })).toThrow('column verdict, row 5: code 9 is out of range 0..7');
    expect(() => buildInsight({ ...good, task: Int32Array.from([0, 0, 0, 0, 0, 0, 0, 4]) })).toThrow('column task, row 7: code 4 is out of range -1..3');
    expect(() => buildInsight({ ...good, taskNames: ['sudoku', 'mystery', 'sudoku', 'x'] })).toThrow('taskNames holds a name twice');
  });

  it('the builder names the sample for an unknown verdict', () => {
    expect(() => insightInputFromRows([{ ...ROWS[0]!, verdict: 'passed' as 'pass' }])).toThrow('row 0: unknown verdict "passed"');
  });
});

describe('invariants on random inputs', () => {
  const row = fc.record({
    task: fc.constantFrom('maze', 'sudoku', 'hanoi', 'odd', null),
    difficulty: fc.constantFrom('1', '2', '5', 'x', null),
    verdict: fc.constantFrom(...INSIGHT_VERDICTS),
    reference: fc.constantFrom(...MODE_STATUSES, null),
    strict: fc.constantFrom(...MODE_STATUSES, null),
    tags: fc.record(Object.fromEntries(TAGS.map((t) => [t, fc.nat(5)])) as Record<Tag, fc.Arbitrary<number>>),
    chars: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2_000_000 })),
    steps: fc.nat(200),
    firstReflection: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    resolution: fc.constantFrom(...RESOLUTION_STATUSES),
    decision: fc.constantFrom('accept' as const, 'reject' as const, 'flag' as const, null),
    stale: fc.boolean(),
  });

  it('every sample counted once per section; bins hold every traced length', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 200 }), (rows) => {
        const r = InsightReport.parse(buildInsight(insightInputFromRows(rows)));
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        expect(sum(r.passRate.byTask.map((x) => x.samples))).toBe(rows.length);
        expect(sum(r.passRate.byDifficulty.map((x) => x.samples))).toBe(rows.length);
        expect(sum(r.passRate.cells.map((x) => x.samples))).toBe(rows.length);
        const analysed = rows.filter((x) => x.verdict !== 'pending');
        expect(sum(r.cross.cells.flat())).toBe(analysed.length);
        const traced = analysed.filter((x) => x.chars > 0).length;
        expect(r.tags.traced).toBe(traced);
        expect(sum(r.lengths.bins.map((b) => b.count))).toBe(traced);
        expect(r.lengths.empty).toBe(analysed.length - traced);
        expect(r.positions.withReflection + r.positions.without).toBe(traced);
        expect(sum(r.positions.bins.map((b) => b.count))).toBe(r.positions.withReflection);
        expect(r.decisions.overall.samples).toBe(rows.length);
        expect(sum(Object.values(r.decisions.resolution))).toBe(rows.length);
        expect(r.balance.accepted).toBe(rows.filter((x) => x.decision === 'accept').length);
        for (const b of r.lengths.bins) expect(b.from).toBeLessThan(b.to);
      }),
      { numRuns: 200 },
    );
  });
});
