/** Bridges' tag-block patterns, rewritten to run in linear time, agree with the reference's regular expressions. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BRIDGES_ORIGINAL_TAG_PATTERNS, BRIDGES_TAG_BLOCKS } from '../../src/core/verify/tasks/lineGrids/bridges';
import { pyRe } from '../../src/core/verify/tasks/lineGrids/common';

const ORIGINAL = BRIDGES_ORIGINAL_TAG_PATTERNS.map((p) => pyRe(p, 'si'));
// Pieces of the tags, case variants (ſ folds to s under Unicode IGNORECASE), Python whitespace, other text.
const ALPHABET = ['<answer>', '</answer>', '<ANSWER>', '</anſwer>', '<', '/', '>', '[answer]', '[/answer]', '[', ']', '```', '`', 'text', 'bridges', 'Bridge', 'ſ', 'x', ' ', '\n', '\t', '\u2028', '\u00a0', '\r', '\u001c'];

function view(m: { 0: string; 1?: string } | null): [string, string | undefined] | null {
  return m ? [m[0], m[1]] : null;
}

describe('bridges tag blocks', () => {
  BRIDGES_ORIGINAL_TAG_PATTERNS.forEach((source, i) => {
    it(`${source}: same block and content as the original on random strings`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 16 }), (parts) => {
          const s = parts.join('');
          expect(view(BRIDGES_TAG_BLOCKS[i]!.exec(s))).toEqual(view(ORIGINAL[i]!.exec(s)));
        }),
        { numRuns: 20_000 },
      );
    });
  });

  it('known cases', () => {
    expect(view(BRIDGES_TAG_BLOCKS[0]!.exec('x <answer>\n (0,0)-(0,2):1 \n</answer> <answer>y</answer>'))).toEqual(['<answer>\n (0,0)-(0,2):1 \n</answer>', '(0,0)-(0,2):1']);
    expect(view(BRIDGES_TAG_BLOCKS[2]!.exec('```bridges\n a \n```'))).toEqual(['```bridges\n a \n```', 's\n a']);
    expect(BRIDGES_TAG_BLOCKS[1]!.exec('[answer] no close')).toBeNull();
  });

  it('an unclosed block followed by 200,000 spaces fails in linear time (the regular expressions hung)', () => {
    for (const [open, i] of [['<answer>', 0], ['[answer]', 1], ['```', 2]] as const) {
      const s = `${open}${' '.repeat(200_000)}!`;
      const t0 = performance.now();
      expect(BRIDGES_TAG_BLOCKS[i]!.exec(s)).toBeNull();
      expect(performance.now() - t0).toBeLessThan(1_000);
    }
  });

  it('the original hangs on the pumped input (so the timing test above can fail)', () => {
    const s = `<answer>${' '.repeat(1_200)}!`;
    const t0 = performance.now();
    ORIGINAL[0]!.exec(s);
    expect(performance.now() - t0).toBeGreaterThan(50); // cubic: ~0.5 s here on a loaded 2-core machine
  });
});
