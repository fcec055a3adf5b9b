/** Per-trace statistics and the dataset-level accumulator. */
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { openDataset } from '../../src/core/readers/open';
import { analyseTrace, computeTraceDatasetStats, type TagLine } from '../../src/core/trace/analyse';
import { answerStatements, approxTokens, TraceDatasetStats, TraceStats, TraceStatsAccumulator } from '../../src/core/trace/stats';

const TRACE = [
  '<think>',
  'Okay, so I need to make 24 from 3, 3, 8, 8.',
  '',
  "Let's break this down: first list what pairs make, then combine them.",
  '',
  '3 × 8 = 24, but then 3 and 8 are left over. That does not work, let me try a different approach.',
  '',
  'So the answer is 3 × 8 = 24.',
  '',
  'Wait, I made a mistake: that leaves two cards unused. The answer is 8 ÷ (3 - 8 ÷ 3).',
  '',
  'Let me verify: 8 ÷ 3 = 8/3, 3 - 8/3 = 1/3, 8 ÷ 1/3 = 24. ✓',
  '</think>',
  '',
  'The final answer is \\boxed{8 ÷ (3 - 8 ÷ 3)}.',
].join('\n');

describe('traceStats', () => {
  const a = analyseTrace(TRACE);
  const s = a.stats;

  it('counts steps, characters and tokens', () => {
    expect(TraceStats.parse(s)).toEqual(s);
    expect(s.split).toBe('tagged');
    expect(s.steps).toBe(6);
    expect(s.chars).toBe([...TRACE].length);
    expect(s.thinkChars + s.answerChars + '<think>'.length + '</think>'.length).toBe(s.chars);
    expect(s.approxTokens).toBeGreaterThan(s.thinkTokens);
    expect(s.thinkTokens).toBeGreaterThan(50);
  });

  it('counts tags, reflective steps, backtracks and the first reflection', () => {
    expect(a.steps.map((x) => x.tags)).toEqual([[], ['subgoal'], ['backtracking'], [], ['correction'], ['verification']]);
    expect(s.tags).toEqual({ verification: 1, backtracking: 1, subgoal: 1, backward_chaining: 0, correction: 1 });
    expect(s.reflectiveSteps).toBe(3);
    expect(s.backtracks).toBe(1);
    expect(s.firstReflection).toEqual({ step: 2, relative: 0.4 });
    expect(s.reflectionDensity).toBe(0.5);
  });

  it('sees that the final answer was revised inside the trace', () => {
    expect(s.answerCandidates).toBe(2);
    expect(s.answerRevised).toBe(true);
    const steady = analyseTrace('<think>\nSo the answer is 12.\n\nChecking: yes.\n</think>\n\nThe answer is \\boxed{12}.');
    expect(steady.stats.answerRevised).toBe(false);
    expect(steady.stats.answerCandidates).toBe(1);
  });

  it('handles a trace without steps or reflection', () => {
    const e = analyseTrace('').stats;
    expect(e.steps).toBe(0);
    expect(e.firstReflection).toBeNull();
    expect(e.reflectionDensity).toBe(0);
    const plain = analyseTrace('<think>one\n\ntwo</think>x').stats;
    expect(plain.firstReflection).toBeNull();
    expect(plain.reflectiveSteps).toBe(0);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(analyseTrace('<think>😀😀</think>').stats.chars).toBe(17);
  });
});

describe('approxTokens', () => {
  it('counts word pieces, digits, symbols and line breaks', () => {
    expect(approxTokens('')).toBe(0);
    expect(approxTokens('the cat sat')).toBe(3);
    expect(approxTokens('Hamiltonian')).toBe(2); // 11 letters: two pieces
    expect(approxTokens('123')).toBe(3);
    expect(approxTokens('a, b.')).toBe(4);
    expect(approxTokens('a\n\n\nb')).toBe(3);
    expect(approxTokens('😀')).toBe(2);
  });
});

describe('answerStatements', () => {
  it('reads boxed values and "the answer is" statements, not prose about the answer', () => {
    const t = 'So the answer is 42. Hmm, the answer is the move list, written out. Final answer: \\boxed{left up}. The answer is that we cannot.';
    expect(answerStatements(t, 0, t.length)).toEqual(['42', 'leftup']);
  });
});

describe('TraceStatsAccumulator', () => {
  it('gives distributions per task and difficulty, and counts bad rows', () => {
    const acc = new TraceStatsAccumulator('f.jsonl', 'default');
    const s1 = analyseTrace(TRACE).stats;
    const s2 = analyseTrace('<think>plain\n\nwork</think>').stats;
    acc.add('24Points', '2', s1);
    acc.add('24Points', '3', s2);
    acc.add('maze', null, null);
    acc.addBad({ ordinal: 3, line: 4, id: '#4', error: 'malformed JSON' });
    const r = TraceDatasetStats.parse(acc.result());
    expect(r.samples).toBe(4);
    expect(r.analysed).toBe(2);
    expect(r.withoutResponse).toBe(1);
    expect(r.bad).toBe(1);
    expect(r.badRows[0]).toEqual({ ordinal: 3, line: 4, id: '#4', error: 'malformed JSON' });
    expect(Object.keys(r.byTask)).toEqual(['24Points', 'maze']);
    expect(Object.keys(r.byDifficulty)).toEqual(['2', '3', '(none)']);
    const g = r.byTask['24Points']!;
    expect(g.samples).toBe(2);
    expect(g.samplesWithTag.correction).toBe(0.5);
    expect(g.stepsWithTag.verification).toBe(1);
    expect(g.withoutReflection).toBe(1);
    expect(g.answerRevised).toBe(1);
    expect(g.steps).toMatchObject({ count: 2, min: 2, max: 6 });
    expect(r.byTask['maze']).toMatchObject({ samples: 0, withoutResponse: 1, steps: null });
  });
});

describe('computeTraceDatasetStats', () => {
  it('analyses every sample of a reader index', async () => {
    const reader = openDataset(path.resolve(__dirname, '../fixtures/traces-dev/samples.jsonl'), { checkImages: false });
    try {
      const index = await reader.buildIndex();
      const lines: TagLine[] = [];
      const r = await computeTraceDatasetStats(reader, index, { onLine: (l) => lines.push(l) });
      expect(r.samples).toBe(60);
      expect(r.analysed).toBe(60);
      expect(Object.keys(r.byTask)).toEqual(['24Points', 'hamiltonian_path', 'hanoi', 'maze', 'shortest_distance_weighted', 'sudoku']);
      expect(Object.keys(r.byDifficulty)).toEqual(['1', '2', '3', '4', '5']);
      expect(r.overall.stepsWithTag.backtracking).toBe(59);
      expect(lines.map((l) => l.id)).toEqual(index.entries.map((e) => e.id));
    } finally {
      await reader.close();
    }
  });
});
