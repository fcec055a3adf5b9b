/**
 * Games (verifiers.md §7): reference agreement on every fixture case of the six game tasks, and a
 * non-empty reason on every non-pass in both modes.
 */
import { describe, expect, it } from 'vitest';
import { verifiers } from '../../src/core/verify/tasks/games';
import { casesFor } from './fixtureCases';

describe('games: reference agreement with the fixture verdicts', () => {
  for (const verifier of verifiers) {
    for (const category of verifier.categories) {
      const cases = casesFor(category);
      it(`${category}: ${cases.length} cases agree with the reference`, () => {
        expect(cases.length).toBeGreaterThan(0);
        const disagreements: string[] = [];
        for (const c of cases) {
          const check = verifier.reference(c.input);
          const ours = check.status === 'pass';
          if (ours !== c.response.verdict) {
            disagreements.push(
              `${c.name}: extracted ${JSON.stringify(c.input.answer).slice(0, 200)}; reference verdict ${c.response.verdict}, ours ${check.status} (${check.reason ?? ''})`,
            );
          }
        }
        expect(disagreements).toEqual([]);
      });
    }
  }
});

describe('games: every fail/error carries a reason (both modes)', () => {
  for (const verifier of verifiers) {
    for (const category of verifier.categories) {
      it(category, () => {
        for (const c of casesFor(category)) {
          for (const mode of ['reference', 'strict'] as const) {
            const check = verifier[mode](c.input);
            if (check.status !== 'pass') expect(check.reason?.trim(), `${c.name} (${mode})`).toBeTruthy();
            for (const loc of check.locations ?? []) {
              expect(loc.kind, `${c.name} (${mode})`).toBeTruthy();
            }
          }
        }
      });
    }
  }
});
