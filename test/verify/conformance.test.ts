/**
 * Conformance: the whole pipeline (row -> Sample -> extraction -> dispatch -> verifier) agrees with the
 * reference MM-HELIX evaluation on every fixture response: the extracted string and the verdict, task by
 * task. A failure names the task, the response and both verdicts.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeRow } from '../../src/core/normalize';
import { aggregate, pairedScores } from '../../src/core/verify/aggregate';
import { verifySample } from '../../src/core/verify/pipeline';
import { ALL_VERIFIERS, TASKS } from '../../src/core/verify/registry';
import { cases } from './fixtureCases';

const DIR = path.resolve(__dirname, '../fixtures/mmhelix-dev');

function sampleOf(c: (typeof cases)[number], n: number) {
  const row = { ...c.instance, prediction: c.response.response, verdict: c.response.verdict };
  return normalizeRow(row, { file: path.join(DIR, 'joined.jsonl'), format: 'jsonl', datasetDir: DIR, ordinal: n, line: n + 1 });
}

const verdicts = cases.map((c, n) => ({ c, v: verifySample(sampleOf(c, n))! }));
const tasks = [...new Set(cases.map((c) => c.instance.category))].sort();

describe('registry', () => {
  it('has a verifier for every score function the task index names (42 tasks + connectivity)', () => {
    const registered = new Set(ALL_VERIFIERS.map((v) => v.scoreFunction));
    const missing = [...new Set(Object.values(TASKS).map((t) => t.scoreFunction))].filter((sf) => !registered.has(sf));
    expect(missing).toEqual([]);
    expect(Object.keys(TASKS)).toHaveLength(43);
  });
});

describe('reference agreement, task by task', () => {
  for (const task of tasks) {
    it(task, () => {
      const disagreements: string[] = [];
      for (const { c, v } of verdicts.filter((x) => x.c.instance.category === task)) {
        if (v.extracted !== c.response.extracted) {
          disagreements.push(`${c.name}: extracted ${JSON.stringify(v.extracted).slice(0, 160)} but the reference extracted ${JSON.stringify(c.response.extracted).slice(0, 160)}`);
        }
        const ours = v.reference.status === 'pass';
        if (ours !== c.response.verdict) {
          disagreements.push(`${c.name}: reference verdict ${c.response.verdict}, ours ${v.reference.status} (${v.reference.reason ?? ''}); response ${JSON.stringify(c.response.response).slice(0, 200)}`);
        }
        if (v.reference.status !== 'pass') expect(v.reference.reason, c.name).toBeTruthy();
        if (v.strict.status !== 'pass') expect(v.strict.reason, c.name).toBeTruthy();
        expect(v.mismatch, c.name).toBeNull(); // the stored verdict is the reference's own
      }
      expect(disagreements).toEqual([]);
    });
  }
});

describe('aggregation', () => {
  it('graph isomorphism: a pair counts only if both are correct; a singleton never counts', () => {
    const item = (q: string, pass: boolean) => ({ category: 'graph_isomorphism', questionText: q, pass });
    expect(pairedScores([item('a', true), item('a', true), item('b', true), item('b', false), item('c', true), item('', true)])).toEqual([1, 1, 0, 0, 0, 1]);
    expect(pairedScores([item('d', true), item('d', false), item('d', true)])).toEqual([1, 0, 1]);
  });

  it('per task means, groups as unweighted means of their tasks, overall as the mean of all tasks', () => {
    const a = aggregate([
      { category: 'maze', questionText: '', pass: true },
      { category: 'maze', questionText: '', pass: false },
      { category: 'hanoi', questionText: '', pass: true },
      { category: 'sudoku', questionText: '', pass: false },
    ]);
    expect(a.tasks.map((t) => [t.task, t.accuracy])).toEqual([['hanoi', 1], ['maze', 0.5], ['sudoku', 0]]);
    expect(a.groups).toEqual([{ group: 'puzzles', tasks: 1, accuracy: 0 }, { group: 'games', tasks: 2, accuracy: 0.75 }]);
    expect(a.overall).toBeCloseTo(0.5);
  });

  it('the fixture responses aggregate to per-task accuracies equal to the reference verdicts', () => {
    const ours = aggregate(verdicts.map(({ c, v }) => ({ category: c.instance.category, questionText: c.instance.question_text, pass: v.reference.status === 'pass' })));
    const ref = aggregate(cases.map((c) => ({ category: c.instance.category, questionText: c.instance.question_text, pass: c.response.verdict })));
    expect(ours).toEqual(ref);
  });
});
