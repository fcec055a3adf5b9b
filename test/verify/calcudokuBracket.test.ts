/** Calcudoku's bracketed-line test, decided in linear time, agrees with the reference's regular expression. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBracketLine } from '../../src/core/verify/tasks/numberGrids/calcudoku';
import { pyRe } from '../../src/core/verify/tasks/numberGrids/pyCompat';

const ORIGINAL = pyRe(String.raw`\[\s*\d+.*\d+\s*\]`);
// Brackets, ASCII / Arabic-Indic / astral digits, Python whitespace (incl. CR, U+2028), other text.
const ALPHABET = ['[', ']', '1', '7', '٣', '𝟎', ' ', '\t', '\r', '\u2028', '\u00a0', 'x', ',', '.'];

describe('calcudoku isBracketLine', () => {
  it('matches exactly where the original pattern does (lines without LF)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 24 }), (chars) => {
        const line = chars.join('');
        expect(isBracketLine(line)).toBe(ORIGINAL.test(line));
      }),
      { numRuns: 20_000 },
    );
  });

  it('known cases', () => {
    for (const [line, want] of [['[1, 2]', true], ['[12]', true], ['[1]', false], ['[ 3 ] x', false], ['a [1, 2, 3] b', true], ['[x 1 2]', false], ['] 1 [ 2', false], ['[1 ]2]', true]] as const) {
      expect(isBracketLine(line), line).toBe(want);
      expect(ORIGINAL.test(line), line).toBe(want);
    }
  });

  it('stays linear on a line that fails (200 KB of "[1, ")', () => {
    const line = '[1, '.repeat(50_000);
    const t0 = performance.now();
    expect(isBracketLine(line)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2_000); // was 20-33 s with the regular expression
  });
});
