/**
 * Number-grid verifiers against the reference verdicts of test/fixtures/mmhelix-dev: every fixture case of
 * Calcudoku, Kukurasu, Skyscrapers, futoshiki, kakuro and sudoku must get the reference verdict, and every
 * non-pass (both modes) must carry a reason.
 */
import { describe, expect, it } from 'vitest';
import { verifiers } from '../../src/core/verify/tasks/numberGrids';
import { casesFor } from './fixtureCases';

const CATEGORIES = ['Calcudoku', 'Kukurasu', 'Skyscrapers', 'futoshiki', 'kakuro', 'sudoku'];

describe('number-grid verifiers: registry entries', () => {
  it('one verifier per score function, covering the six categories', () => {
    expect(verifiers.map((v) => v.scoreFunction).sort()).toEqual(['calcudoku_evaluator', 'futoshiki_evaluator', 'kakuro_evaluator', 'kukurasu_evaluator', 'skyscrapers_evaluator', 'sudoku_evaluator']);
    expect(verifiers.flatMap((v) => v.categories).sort()).toEqual([...CATEGORIES].sort());
  });
});

describe('reference agreement with the MM-HELIX verdicts', () => {
  for (const category of CATEGORIES) {
    const verifier = verifiers.find((v) => v.categories.includes(category))!;
    const cases = casesFor(category);
    it(`${category}: all ${cases.length} fixture cases`, () => {
      expect(cases.length).toBeGreaterThan(0);
      const disagreements: string[] = [];
      for (const c of cases) {
        expect(c.scoreFunction, c.name).toBe(verifier.scoreFunction);
        const got = verifier.reference(c.input);
        if ((got.status === 'pass') !== c.response.verdict) {
          disagreements.push(`${c.name}: extracted ${JSON.stringify(c.input.answer).slice(0, 160)}; reference verdict ${c.response.verdict}, ours ${got.status} (${got.reason ?? ''})`);
        }
      }
      expect(disagreements).toEqual([]);
    });
  }
});

describe('every fail/error has a reason (both modes, all fixture cases)', () => {
  for (const category of CATEGORIES) {
    const verifier = verifiers.find((v) => v.categories.includes(category))!;
    it(category, () => {
      for (const c of casesFor(category)) {
        for (const mode of ['reference', 'strict'] as const) {
          const check = verifier[mode](c.input);
          if (check.status !== 'pass') {
            expect(check.reason, `${mode} ${c.name}`).toBeTruthy();
            expect(check.reason!.trim().length, `${mode} ${c.name}`).toBeGreaterThan(0);
          }
          expect(check.reason ?? '', `${mode} ${c.name}`).not.toMatch(/undefined|NaN|\[object Object\]/);
        }
      }
    });
  }
});
