/** The 2-D integer list pattern of calcudoku and kukurasu, first row rewritten, matches exactly as the reference's. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INT_GRID_ORIGINAL, INT_GRID_PATTERN } from '../../src/core/verify/tasks/numberGrids/calcudoku';
import { pyRe } from '../../src/core/verify/tasks/numberGrids/pyCompat';

const ORIGINAL = pyRe(INT_GRID_ORIGINAL, 'g');
const NOW = pyRe(INT_GRID_PATTERN, 'g');
const ALPHABET = ['[', ']', '[[', ']]', '1', '23', '٣', ',', ', ', ' ', '  ', '\n', '\u2028', '[[1, 2], [3, 4]]', 'x'];
const all = (re: RegExp, s: string): string[][] => [...s.matchAll(re)].map((m) => [String(m.index), m[0]]);

describe('calcudoku/kukurasu integer grids', () => {
  it('same matches as the original on random strings', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 16 }), (parts) => {
        const s = parts.join('');
        expect(all(NOW, s)).toEqual(all(ORIGINAL, s));
      }),
      { numRuns: 30_000 },
    );
  });

  it('known cases', () => {
    const s = 'x [[1, 2],\n [2, 1]] y [ [ 3 ,4 ] ] [[5,]]';
    expect(all(NOW, s)).toEqual(all(ORIGINAL, s));
    expect(all(NOW, s).map((m) => m[1])).toEqual(['[[1, 2],\n [2, 1]]', '[ [ 3 ,4 ] ]']);
  });

  it('a long first row that is never closed fails in linear time (the original was exponential)', () => {
    const t0 = performance.now();
    expect(all(NOW, `[[${'1,  '.repeat(50_000)}!`)).toEqual([]);
    const ours = performance.now() - t0;
    const t1 = performance.now();
    all(ORIGINAL, `[[${'1,  '.repeat(14)}!`);
    const original = performance.now() - t1;
    console.log(`first row: ${ours.toFixed(1)} ms for 50,000 numbers (rewrite), ${original.toFixed(1)} ms for 14 (original; x3 per number)`);
    expect(ours).toBeLessThan(1_500);
  });
});
