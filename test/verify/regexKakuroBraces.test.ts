/** Kakuro's `{ … }` dict pattern, found in linear time, gives the matches the reference's regular expression gives. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { braceBlocks } from '../../src/core/verify/tasks/numberGrids/kakuro';
import { pyRe } from '../../src/core/verify/tasks/numberGrids/pyCompat';

const BRACE_BLOCK_ORIGINAL = pyRe(String.raw`\{\s*[\s\S]*?\s*\}`, 'gs');

// U+FEFF is JS whitespace but not Python's: the pattern's middle does not take it.
const ALPHABET = ['{', '}', ' ', '  ', '\n', '\t', '\u00a0', '\ufeff', '\u0085', '\u001c', '(1, 2): 3', ',', 'x', '😀', '\ud800'];
const theirs = (s: string): string[] => [...s.matchAll(BRACE_BLOCK_ORIGINAL)].map((m) => m[0]);

describe('kakuro brace blocks', () => {
  it('same matches as the original on random strings', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 18 }), (parts) => {
        const s = parts.join('');
        expect(braceBlocks(s)).toEqual(theirs(s));
      }),
      { numRuns: 30_000 },
    );
  });

  it('known cases', () => {
    const s = 'a { (1, 2): 3 } b {\ufeff} {{x}';
    expect(braceBlocks(s)).toEqual(theirs(s));
    expect(braceBlocks(s)).toEqual(['{ (1, 2): 3 }', '{{x}']);
  });

  it('a { before 200,000 spaces and no } fails in linear time (the regular expression was cubic)', () => {
    const t0 = performance.now();
    expect(braceBlocks(`{${' '.repeat(200_000)}!`)).toEqual([]);
    expect(braceBlocks(`${'{\ufeff'.repeat(100_000)}}`)).toEqual([]);
    const ours = performance.now() - t0;
    const t1 = performance.now();
    theirs(`{${' '.repeat(800)}!`);
    const original = performance.now() - t1;
    console.log(`{ + spaces: ${ours.toFixed(1)} ms at 200,000 (rewrite), ${original.toFixed(1)} ms at 800 (original)`);
    expect(ours).toBeLessThan(1_500);
  });
});
