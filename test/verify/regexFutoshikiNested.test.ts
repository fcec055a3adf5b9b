/** Futoshiki's second nested-list pattern, with the whitespace between rows in one place, matches exactly as the reference's. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NESTED_SECOND, NESTED_SECOND_ORIGINAL } from '../../src/core/verify/tasks/numberGrids/futoshiki';
import { pyRe } from '../../src/core/verify/tasks/numberGrids/pyCompat';

const ORIGINAL = pyRe(NESTED_SECOND_ORIGINAL, 'g');
const NOW = pyRe(NESTED_SECOND, 'g');
const ALPHABET = ['[', ']', '[1', '2]', '1', '23', '٣', ',', ', ', ' ', '  ', '\n', '\u2028', '[[1, 2], [3, 4]]', 'x'];
const all = (re: RegExp, s: string): string[][] => [...s.matchAll(re)].map((m) => [String(m.index), m[0]]);

describe('futoshiki nested lists', () => {
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
    const s = 'grid: [[1, 2],\n [2, 1],] and [ [3] , [4] ] [[5] [6]]';
    expect(all(NOW, s)).toEqual(all(ORIGINAL, s));
    expect(all(NOW, s).map((m) => m[1])).toEqual(['[[1, 2],\n [2, 1],]', '[ [3] , [4] ]', '[[5] [6]]']);
  });

  it('many rows followed by whitespace and no closing bracket fail in linear time (the original was exponential)', () => {
    const t0 = performance.now();
    expect(all(NOW, `[${'[1],  '.repeat(40_000)}!`)).toEqual([]);
    expect(all(NOW, `[[1]${' '.repeat(200_000)}!`)).toEqual([]);
    const ours = performance.now() - t0;
    const t1 = performance.now();
    all(ORIGINAL, `[${'[1],  '.repeat(14)}!`);
    const original = performance.now() - t1;
    console.log(`rows + spaces: ${ours.toFixed(1)} ms (rewrite, 40,000 rows / 200,000 spaces), ${original.toFixed(1)} ms for 14 rows (original; 16 rows: ~0.8 s, x3 per row)`);
    expect(ours).toBeLessThan(1_500);
  });
});
