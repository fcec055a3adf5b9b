/** The answer extractor against the reference's own extracted strings, plus spans and rules. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractAnswer } from '../../src/core/verify/extract';
import { normalizeEscapes, normalizeEscapesWithMap } from '../../src/core/verify/input';
import { responses } from './fixtureCases';

describe('extractAnswer: reference agreement', () => {
  it('extracts exactly the reference string for all 1,769 fixture responses', () => {
    const wrong: string[] = [];
    for (const [i, r] of responses.entries()) {
      const got = extractAnswer(r.response).answer;
      if (got !== r.extracted) wrong.push(`#${i + 1} ${r.instance_id} ${r.kind}: got ${JSON.stringify(got).slice(0, 200)}, reference ${JSON.stringify(r.extracted).slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('extractAnswer: rules and spans', () => {
  const cases: Array<[string, string, string]> = [
    ['<|begin_of_box|> a <|end_of_box|> <answer>b</answer>', 'a', 'box_token'],
    ['<answer>x</answer> then \\boxed{y} <answer> z </answer>', 'z', 'answer_tag'],
    ['\\boxed{1} and \\boxed{\\frac{1}{2}}', '\\frac{1}{2}', 'boxed'],
    ['\\boxed{a{b{c}}}', 'a{b{c}', 'boxed'],
    ['\\boxed{\\text{up} \\text{down}}', 'down', 'boxed'],
    ['\\boxed{(1,2)\\text{ and }(3,4)}', 'and', 'boxed'],
    ['\\boxed{\\begin{array}{cc} 1 & 2 \\end{array}}', '{cc} 1 & 2', 'boxed'],
    ['Answer: 4\nAnswer: 5', '4\nAnswer: 5', 'answer_colon'],
    ['answer：  7 ', '7', 'answer_colon'],
    ['just text', 'just text', 'whole_response'],
    ['  spaced  ', '  spaced  ', 'whole_response'],
    ['\\boxed{}', '\\boxed{}', 'empty_fallback'],
    ['\\boxed{unterminated', '\\boxed{unterminated', 'whole_response'],
  ];
  for (const [response, answer, rule] of cases) {
    it(`${JSON.stringify(response)} -> ${JSON.stringify(answer)} by ${rule}`, () => {
      const e = extractAnswer(response);
      expect(e.answer).toBe(answer);
      expect(e.rule).toBe(rule);
    });
  }

  it('the escape normalisation mangles \\times and \\text as the reference does', () => {
    expect(normalizeEscapes('3 \\times 8')).toBe('3 \u0009imes 8');
    expect(extractAnswer('\\boxed{\\text{up}}').answer).toBe('up'); // via the ext{ branch
    expect(extractAnswer('\\boxed{\\text{up}}').normalized).toBe('\\boxed{\text{up}}');
  });

  it('spans point into the original response, across replaced escapes', () => {
    const response = 'Line one\\nline two \\boxed{ \\"x\\" } end';
    const e = extractAnswer(response);
    expect(e.answer).toBe('"x"');
    expect(e.span).not.toBeNull();
    expect(response.slice(e.span![0], e.span![1])).toBe('\\"x\\"');
    expect(e.normalized.slice(e.normalizedSpan![0], e.normalizedSpan![1])).toBe('"x"');
  });

  it('property: the offset map is consistent with the normalised text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '\\', 'n', 't', '"', "'", 'é', '\n'), { maxLength: 40 }), (chars) => {
        const s = chars.join('');
        const { text, origin } = normalizeEscapesWithMap(s);
        expect(text).toBe(normalizeEscapes(s));
        expect(origin.length).toBe(text.length + 1);
        expect(origin[text.length]).toBe(s.length);
        for (let i = 1; i < origin.length; i++) expect(origin[i]!).toBeGreaterThan(origin[i - 1]!);
      }),
    );
  });

  it('property: the span of a non-fallback extraction holds the answer (modulo escapes)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), fc.constantFrom('boxed', 'tag', 'colon'), (pre, ans, how) => {
        const body = ans.replace(/[{}<>:：]/g, '').replace(/\\/g, '');
        fc.pre(body.trim() !== '' && !/answer/i.test(pre + body) && !pre.includes('\\') && !/[<>{}]/.test(pre));
        const response = how === 'boxed' ? `${pre}\\boxed{${body}}` : how === 'tag' ? `${pre}<answer>${body}</answer>` : `${pre}Answer: ${body}`;
        const e = extractAnswer(response);
        expect(e.span).not.toBeNull();
        expect(normalizeEscapes(response.slice(e.span![0], e.span![1]))).toBe(e.answer);
      }),
    );
  });
});
