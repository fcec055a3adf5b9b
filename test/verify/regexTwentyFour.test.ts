/** 24 points' `so/thus/hence … = 24` heuristic, found in linear time, gives the groups the reference's regular expression gives. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SO_THUS_HENCE_ORIGINAL_SOURCE, soThusHenceGroups } from '../../src/core/verify/tasks/algorithms/twentyFour';

const SO_THUS_HENCE_ORIGINAL = new RegExp(SO_THUS_HENCE_ORIGINAL_SOURCE, 'giu');

const ALPHABET = ['so', 'thus', 'Hence', 'ſo', 'S', '=', ':', ' = 24', '=24', '24', '2', '4', '(', ')', '+', '×', '*', '/', '\\', 'a', 'K', ' ', '  ', '\n', '\u2028', '\u00a0', '𝟎', '٣', '.', '!', ',', '😀', '\ud800'];
const theirs = (s: string): string[] => [...s.matchAll(SO_THUS_HENCE_ORIGINAL)].map((m) => m[1] ?? '');

describe('twentyFour so/thus/hence … = 24', () => {
  it('same groups as the original on random strings', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 16 }), (parts) => {
        const s = parts.join('');
        expect(soThusHenceGroups(s)).toEqual(theirs(s));
      }),
      { numRuns: 40_000 },
    );
  });

  it('known cases', () => {
    for (const s of ['So (3 + 5) × 3 = 24', 'thus: 8*3 = 24\nhence 4*6=24', 'so = 24', 'so  = 24', 'so, we get 6 × 4 = 24.', 'so\n6*4 = 24']) {
      expect(soThusHenceGroups(s), s).toEqual(theirs(s));
    }
    expect(soThusHenceGroups('So (3 + 5) × 3 = 24')).toEqual(['(3 + 5) × 3 ']);
  });

  it('a keyword before 200,000 spaces and no "= 24" fails in linear time (the regular expression was cubic)', () => {
    const s = `so${' '.repeat(200_000)}!`;
    const t0 = performance.now();
    expect(soThusHenceGroups(s)).toEqual([]);
    const ours = performance.now() - t0;
    const t1 = performance.now();
    theirs(`so${' '.repeat(200)}!`);
    const original = performance.now() - t1;
    console.log(`so + spaces: ${ours.toFixed(1)} ms at 200,000 (rewrite), ${original.toFixed(1)} ms at 200 (original)`);
    expect(ours).toBeLessThan(1_500);
    expect(original).toBeGreaterThan(5);
  });
});
