/**
 * Verifier parsers that crawled on hostile answers (found by the hostile corpus), held to the reference's
 * behaviour and timed on the inputs that made them crawl.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectCandidate } from '../../src/core/verify/tasks/algorithms/twentyFour';
import { PY_D, PY_WS, PY_WS_CHARS, pyStrip } from '../../src/core/verify/tasks/algorithms/pytext';
import { verifierForScoreFunction } from '../../src/core/verify/registry';

const EC = String.raw`[()${PY_D}${PY_WS_CHARS}+\-×÷*/\\a-zA-Z]`;
/** The reference's pattern, as the 24 Points candidate selection used it before. */
const EQUALS_24_RE = new RegExp(String.raw`(${EC}+)${PY_WS}*=${PY_WS}*24`, 'gu');

describe('24 Points candidate selection', () => {
  it('picks the same "… = 24" candidate as the reference regex', () => {
    const text = fc.array(fc.constantFrom(' ', '=', '24', '1', '7', '+', 'x', '\n', '*', '(', ')', ',', '.', '= 24', 'é'), { maxLength: 30 }).map((t) => t.join(''));
    fc.assert(
      fc.property(text, (s) => {
        const c = selectCandidate(s);
        if (c.how !== 'the last "… = 24"') return;
        const groups = [...s.matchAll(EQUALS_24_RE)].map((m) => m[1] ?? '');
        expect(c.candidate).toBe(pyStrip(groups[groups.length - 1]!));
      }),
      { numRuns: 5000 },
    );
  });

  it('selects in linear time from 50,000 spaces (the regex took 19 s for 4,000)', () => {
    const v = verifierForScoreFunction('24points_evaluator')!;
    for (const answer of [`${' '.repeat(50_000)}x`, `${' '.repeat(50_000)}x = 24`, `${'1 '.repeat(50_000)}= 2`]) {
      const t0 = performance.now();
      v.reference({ answer, groundTruth: '24', initialState: { numbers: [3, 5, 9, 13] }, category: '24Points', question: '' });
      expect(performance.now() - t0).toBeLessThan(2000);
    }
  });
});
