/** Binairo's bare code-fence pattern, found by hand in linear time, gives the matches the reference's regular expression gives. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bareDigitFences } from '../../src/core/verify/tasks/puzzles/binairoExtract';

/** The reference's pattern (kept here, not in src: the regex hunt would find it there). */
const BARE_DIGIT_FENCE_ORIGINAL = /```\s*([\d\s,|\t\\]+?)\s*```/g;

const ALPHABET = ['```', '`', '``', '0', '1', '23', ' ', '  ', '\n', '\t', '\u00a0', '\ufeff', ',', '|', '\\', 'x', 'python', '.'];
const ours = (s: string): Array<[number, string, string]> => [...bareDigitFences(s)].map((m) => [m.index, m[0], m[1]]);
const theirs = (s: string): Array<[number, string, string]> => [...s.matchAll(BARE_DIGIT_FENCE_ORIGINAL)].map((m) => [m.index, m[0], m[1]!]);

describe('binairo bare code fences', () => {
  it('same matches (index, text, group) as the original on random strings', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 18 }), (parts) => {
        const s = parts.join('');
        expect(ours(s)).toEqual(theirs(s));
      }),
      { numRuns: 30_000 },
    );
  });

  it('known cases', () => {
    const s = 'a ```\n0 1\n1 0\n``` b ```  ``` c ``````';
    expect(ours(s)).toEqual(theirs(s));
    expect(ours(s).map((m) => m[2])).toEqual(['0 1\n1 0', ' ']);
  });

  it('an unclosed fence before 200,000 spaces fails in linear time (the regular expression was cubic)', () => {
    const s = `\`\`\`${' '.repeat(200_000)}!`;
    const t0 = performance.now();
    expect(ours(s)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(1_000);
    const t1 = performance.now();
    theirs(`\`\`\`${' '.repeat(700)}!`);
    expect(performance.now() - t1).toBeGreaterThan(20);
  });
});
