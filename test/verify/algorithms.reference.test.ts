/**
 * The algorithm verifiers against the reference verdicts of test/fixtures/mmhelix-dev: every fixture case
 * of 24Points, CryptoMath and the simple_str_match categories must get the reference's verdict, and every
 * non-pass (both modes) must carry a reason.
 */
import { describe, expect, it } from 'vitest';
import { cryptoMathVerifier, matchFromListVerifier, simpleStrMatchVerifier, twentyFourVerifier, verifiers } from '../../src/core/verify/tasks/algorithms';
import type { TaskVerifier } from '../../src/core/verify/types';
import { casesFor, type FixtureCase } from './fixtureCases';

const TASKS: Array<[string, TaskVerifier]> = [
  ['24Points', twentyFourVerifier],
  ['CryptoMath', cryptoMathVerifier],
  ...simpleStrMatchVerifier.categories.map((c): [string, TaskVerifier] => [c, simpleStrMatchVerifier]),
];

function disagreement(c: FixtureCase, v: TaskVerifier): string | null {
  const got = v.reference(c.input);
  if ((got.status === 'pass') === c.response.verdict) return null;
  return `${c.name}: extracted ${JSON.stringify(c.response.extracted).slice(0, 160)} -> ours ${got.status === 'pass'} (${got.reason ?? ''}), reference ${c.response.verdict}`;
}

describe('registration', () => {
  it('exports one verifier per score function with the right categories', () => {
    expect(verifiers.map((v) => v.scoreFunction)).toEqual(['24points_evaluator', 'cryptomath_evaluator', 'simple_str_match', 'match_from_list']);
    expect([...simpleStrMatchVerifier.categories].sort()).toEqual(
      ['BestTimeToBuyAndSellStock', 'ContainerWithMostWater', 'CountHillsAndValleys', 'HIndex', 'LargestRectangleInHistogram', 'longest_increasing_subsequence', 'trapping_rain_water', 'graph_isomorphism', 'max_flow', 'shortest_distance_weighted'].sort(),
    );
    expect(matchFromListVerifier.categories).toEqual([]);
  });
});

describe('reference agreement on the fixtures', () => {
  for (const [category, v] of TASKS) {
    it(`${category}: every case gets the reference verdict`, () => {
      const cases = casesFor(category);
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) expect(c.scoreFunction).toBe(v.scoreFunction);
      const wrong = cases.map((c) => disagreement(c, v)).filter((x): x is string => x !== null);
      expect(wrong, `${wrong.length} of ${cases.length} disagree`).toEqual([]);
    });
  }
});

describe('every fail/error has a reason (fixtures, both modes)', () => {
  for (const [category, v] of TASKS) {
    it(category, () => {
      const missing: string[] = [];
      for (const c of casesFor(category)) {
        for (const mode of ['reference', 'strict'] as const) {
          const r = v[mode](c.input);
          if (r.status !== 'pass' && !(r.reason && r.reason.trim().length > 0)) missing.push(`${c.name} (${mode})`);
        }
      }
      expect(missing).toEqual([]);
    });
  }
});

describe('strict mode on the fixtures', () => {
  for (const [category, v] of TASKS) {
    it(`${category}: the stored ground truth (gt_* responses) passes strictly`, () => {
      const bad = casesFor(category)
        .filter((c) => c.response.kind.startsWith('gt_'))
        .map((c) => ({ c, r: v.strict(c.input) }))
        .filter(({ r }) => r.status !== 'pass')
        .map(({ c, r }) => `${c.name}: ${r.status} ${r.reason ?? ''}`);
      expect(bad).toEqual([]);
    });
    it(`${category}: strict never passes what the reference fails, except the listed leniencies`, () => {
      // Strict may accept a numerically equal answer ("4.0", "$4$") or "Yes." where the reference needs the exact text.
      const allowed = new Set(['fmt_float', 'fmt_dollar', 'fmt_sentence']);
      const bad = casesFor(category)
        .filter((c) => !c.response.verdict && v.strict(c.input).status === 'pass' && !allowed.has(c.response.kind))
        .map((c) => `${c.name}: ${JSON.stringify(c.response.extracted).slice(0, 120)}`);
      expect(bad).toEqual([]);
    });
  }
});
