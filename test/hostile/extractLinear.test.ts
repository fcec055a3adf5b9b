/**
 * The answer extractor matches the reference's regular expressions by hand, in linear time (a response of
 * 200,000 `\boxed{` took six minutes with the regexes). These tests hold the hand-written matching to the
 * original patterns on random token soups, and time the inputs that made the regexes crawl.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractAnswer } from '../../src/core/verify/extract';

/** The reference's patterns, as the extractor used them before (and as verifiers.md §1.3 gives them). */
const RE = {
  box: /<\|begin_of_box\|>([\s\S]*?)<\|end_of_box\|>/dg,
  tag: /<answer>([\s\S]*?)<\/answer>/dg,
  boxed: /\\boxed\{((?:[^{}]|\{[^}]*\})*)\}/dg,
  array: /\\begin\{array\}([\s\S]*?)\\end\{array\}/dg,
};
function lastGroup(text: string, re: RegExp): [number, number] | null {
  let last: [number, number] | null = null;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const g = m.indices?.[1];
    if (g) last = [g[0], g[1]];
    if (m[0].length === 0) re.lastIndex++;
  }
  return last;
}

const TOKENS = ['\\boxed{', '{', '}', 'a', ' ', '\\', '<answer>', '</answer>', '<|begin_of_box|>', '<|end_of_box|>', '\\begin{array}', '\\end{array}', 'x}', '{y'];
const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join(''));

describe('linear answer extraction agrees with the reference regexes', () => {
  it('picks the same rule and span as the regexes on random token soups', () => {
    fc.assert(
      fc.property(soup, (text) => {
        const got = extractAnswer(text);
        const box = lastGroup(text, RE.box);
        const tag = lastGroup(text, RE.tag);
        const boxed = lastGroup(text, RE.boxed);
        if (got.rule === 'empty_fallback' || got.rule === 'whole_response') {
          // Either nothing matched, or the match was empty after strip.
          if (box || tag || boxed) expect(got.rule).toBe('empty_fallback');
          return;
        }
        if (box) {
          expect(got.rule).toBe('box_token');
          expect(text.slice(box[0], box[1]).trim()).toBe(got.answer);
        } else if (tag) {
          expect(got.rule).toBe('answer_tag');
          expect(text.slice(tag[0], tag[1]).trim()).toBe(got.answer);
        } else if (boxed) {
          expect(got.rule).toBe('boxed');
          const body = text.slice(boxed[0], boxed[1]);
          const arr = lastGroup(body, RE.array);
          if (!body.includes('text{') && !body.includes('bmatrix')) expect(got.answer).toBe((arr ? body.slice(arr[0], arr[1]) : body).trim());
        } else expect(['answer_colon', 'no_response']).toContain(got.rule);
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the last \\boxed{} exactly where the regex does, nested and unbalanced', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('\\boxed{', '{', '}', 'a', '{a}'), { maxLength: 30 }).map((t) => t.join('')), (text) => {
        const boxed = lastGroup(text, RE.boxed);
        const got = extractAnswer(text);
        if (boxed && text.slice(boxed[0], boxed[1]).trim() !== '') {
          expect(got.rule).toBe('boxed');
          expect(got.span).toEqual([boxed[0], boxed[1]]);
        } else expect(got.rule).not.toBe('boxed');
      }),
      { numRuns: 5000 },
    );
  });

  const cases: Array<[string, string]> = [
    ['200,000 unclosed \\boxed{', '\\boxed{'.repeat(200_000)],
    ['\\boxed{ chains that all end at one }', `${'\\boxed{'.repeat(100_000)}}`],
    ['100,000 <answer> and <think> never closed', '<answer>'.repeat(100_000) + '<think>'.repeat(100_000)],
    ['100,000 box tokens never closed', '<|begin_of_box|>'.repeat(100_000)],
    ['units that never close', `\\boxed{${'a{b}'.repeat(100_000)}{`.repeat(3)],
    ['arrays never closed in a boxed body', `\\boxed{${'\\begin{array}'.repeat(50_000)}}`],
  ];
  for (const [name, text] of cases) {
    it(`stays fast on ${name} (${(text.length / 1e6).toFixed(1)} M characters)`, () => {
      const t0 = performance.now();
      extractAnswer(text);
      expect(performance.now() - t0).toBeLessThan(1500);
    });
  }
});
