/**
 * Line/grid puzzles against the reference verdicts of the fixture corpus: every case of bridges, hitori,
 * nonogram, shingoki, tapa and wordsearch must get the reference's verdict, and every fail/error in
 * either mode must carry a reason.
 */
import { describe, expect, it } from 'vitest';
import { verifiers } from '../../src/core/verify/tasks/lineGrids';
import { casesFor } from './fixtureCases';

describe('line/grid verifiers: reference agreement on the fixture corpus', () => {
  for (const v of verifiers) {
    const cases = casesFor(...v.categories);

    it(`${v.scoreFunction}: every fixture case gets the reference verdict`, () => {
      expect(cases.length).toBeGreaterThan(0);
      const disagreements: string[] = [];
      for (const c of cases) {
        const check = v.reference(c.input);
        if ((check.status === 'pass') !== c.response.verdict) {
          disagreements.push(`${c.name}: extracted ${JSON.stringify(c.input.answer).slice(0, 200)}; reference verdict ${c.response.verdict}, ours ${check.status} (${check.reason ?? ''})`);
        }
      }
      expect(disagreements, `${disagreements.length} of ${cases.length} cases disagree`).toEqual([]);
    });

    it(`${v.scoreFunction}: every fail/error carries a reason, in both modes`, () => {
      for (const c of cases) {
        for (const mode of ['reference', 'strict'] as const) {
          const check = v[mode](c.input);
          if (check.status !== 'pass') expect(check.reason, `${c.name} (${mode})`).toBeTruthy();
          for (const loc of check.locations ?? []) expect(loc.kind, `${c.name} (${mode})`).toBeTruthy();
        }
      }
    });
  }
});
