/**
 * Reference agreement for the puzzle verifiers (WordLadder, eulero, numbrix, snake, aquarium, binairo,
 * campsite): on every fixture case the reference mode reproduces the reference verdict, and every
 * non-pass verdict of either mode carries a reason.
 */
import { describe, expect, it } from 'vitest';
import { verifiers } from '../../src/core/verify/tasks/puzzles';
import { casesFor } from './fixtureCases';

const CATEGORIES = ['WordLadder', 'eulero', 'numbrix', 'snake', 'aquarium', 'binairo', 'campsite'];

describe('puzzle verifiers: reference agreement on the fixtures', () => {
  for (const category of CATEGORIES) {
    const verifier = verifiers.find((v) => v.categories.includes(category))!;
    const cases = casesFor(category);

    it(`${category}: ${cases.length} cases, reference verdict for every one`, () => {
      expect(cases.length).toBeGreaterThan(0);
      const disagreements: string[] = [];
      for (const c of cases) {
        expect(verifier.scoreFunction, c.name).toBe(c.scoreFunction);
        const got = verifier.reference(c.input);
        if ((got.status === 'pass') !== c.response.verdict) {
          disagreements.push(`${c.name}: extracted ${JSON.stringify(c.response.extracted).slice(0, 200)}; reference verdict ${c.response.verdict}, ours ${got.status} (${got.reason ?? ''})`);
        }
      }
      expect(disagreements).toEqual([]);
    });

    it(`${category}: every fail/error carries a reason, in both modes`, () => {
      for (const c of cases) {
        for (const check of [verifier.reference(c.input), verifier.strict(c.input)]) {
          if (check.status !== 'pass') expect(check.reason?.trim(), c.name).toBeTruthy();
        }
      }
    });
  }
});
