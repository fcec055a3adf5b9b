/**
 * Think/answer split, step segmentation and code point offsets: the rules of the dev gold (Python
 * `re.split(r'\n[ \t]*\n+', thinking)`, pieces `.strip()`ped, offsets as Python string offsets).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, OffsetConverter } from '../../src/core/trace/offsets';
import { isPyWhitespace, segmentSteps } from '../../src/core/trace/segment';
import { splitResponse } from '../../src/core/trace/split';
import { analyseTrace, toCodePointSteps } from '../../src/core/trace/analyse';

/** The steps of a response as [text] (what the spans cut out). */
function stepTexts(response: string): string[] {
  const split = splitResponse(response);
  return segmentSteps(response, split.think).map((s) => response.slice(s.start, s.end));
}

/** The Python rule, written out naively on a thinking string: pieces between separators, stripped. */
function pythonRule(thinking: string): string[] {
  const pieces = thinking.split(/\n[ \t]*\n+/);
  const strip = (s: string) => {
    let a = 0;
    let b = s.length;
    while (a < b && isPyWhitespace(s.charCodeAt(a))) a++;
    while (b > a && isPyWhitespace(s.charCodeAt(b - 1))) b--;
    return s.slice(a, b);
  };
  return pieces.map(strip).filter((p) => p.length > 0);
}

describe('splitResponse', () => {
  it('splits <think>...</think> answer', () => {
    const r = '<think>\nabc\n</think>\n\nThe answer is 4.';
    const s = splitResponse(r);
    expect(s.mode).toBe('tagged');
    expect(s.think).toEqual([{ start: 7, end: 12 }]);
    expect(r.slice(s.answer.start, s.answer.end)).toBe('\n\nThe answer is 4.');
  });

  it('takes the text before a closing tag as thinking when the opening tag is missing', () => {
    const r = 'Let me think.\n\nSo 4.\n</think>\nAnswer: 4';
    const s = splitResponse(r);
    expect(s.mode).toBe('no-open-tag');
    expect(r.slice(s.think[0]!.start, s.think[0]!.end)).toBe('Let me think.\n\nSo 4.\n');
    expect(r.slice(s.answer.start)).toBe('\nAnswer: 4');
  });

  it('runs an unclosed thinking block to the end (a cut-off generation)', () => {
    const r = '<think>\nStep one.\n\nStep two, and then the text stops';
    const s = splitResponse(r);
    expect(s.mode).toBe('unclosed');
    expect(s.think).toEqual([{ start: 7, end: r.length }]);
    expect(s.answer).toEqual({ start: r.length, end: r.length });
    expect(stepTexts(r)).toEqual(['Step one.', 'Step two, and then the text stops']);
  });

  it('treats a response without tags as all thinking', () => {
    const r = 'First idea.\n\nSecond idea.\n\nAnswer: 3';
    const s = splitResponse(r);
    expect(s.mode).toBe('untagged');
    expect(s.think).toEqual([{ start: 0, end: r.length }]);
    expect(stepTexts(r)).toEqual(['First idea.', 'Second idea.', 'Answer: 3']);
  });

  it('keeps every block of several assistant turns joined into one text', () => {
    const r = '<think>a\n\nb</think>first answer\n<think>c</think>final answer';
    const s = splitResponse(r);
    expect(s.mode).toBe('tagged');
    expect(s.think.map((b) => r.slice(b.start, b.end))).toEqual(['a\n\nb', 'c']);
    expect(r.slice(s.answer.start, s.answer.end)).toBe('final answer');
    const steps = segmentSteps(r, s.think);
    expect(steps.map((x) => [r.slice(x.start, x.end), x.block, x.index])).toEqual([
      ['a', 0, 0],
      ['b', 0, 1],
      ['c', 1, 2],
    ]);
  });

  it('accepts <thinking>, any letter case, and Kimi-style ◁think▷ tags', () => {
    expect(splitResponse('<THINKING>x</THINKING>y').think).toEqual([{ start: 10, end: 11 }]);
    const k = '◁think▷plan\n\ncheck◁/think▷done';
    expect(stepTexts(k)).toEqual(['plan', 'check']);
    expect(splitResponse(k).mode).toBe('tagged');
  });

  it('leaves a stray closing tag after the block in the answer', () => {
    const r = '<think>a</think>b</think>c';
    const s = splitResponse(r);
    expect(r.slice(s.answer.start, s.answer.end)).toBe('b</think>c');
  });
});

describe('segmentSteps', () => {
  it('matches the dev gold spans for the first fixture trace', () => {
    const r = '<think>\nLet me restate.\n\nPlan: fill rows.\n\n\n  r1c2 is 4.  \n \t\nDone.\n</think>\n\nx';
    const steps = segmentSteps(r, splitResponse(r).think);
    expect(steps.map((s) => r.slice(s.start, s.end))).toEqual(['Let me restate.', 'Plan: fill rows.', 'r1c2 is 4.', 'Done.']);
    expect(steps[0]!.start).toBe(8);
  });

  it('splits CRLF text at its blank lines and trims the CRs', () => {
    const r = '<think>\r\nFirst step.\r\n\r\nSecond step,\r\nstill second.\r\n \r\n\r\nThird.\r\n</think>';
    expect(stepTexts(r)).toEqual(['First step.', 'Second step,\r\nstill second.', 'Third.']);
  });

  it('trims trailing spaces and tabs and keeps a single line break inside a step', () => {
    const r = '<think>a line   \nnext line\t\n\n   b   </think>';
    const steps = segmentSteps(r, splitResponse(r).think);
    expect(steps.map((s) => r.slice(s.start, s.end))).toEqual(['a line   \nnext line', 'b']);
  });

  it('treats runs of blank lines and whitespace-only lines as one break', () => {
    expect(stepTexts('<think>a\n\n\n\n \n\t\n\nb</think>')).toEqual(['a', 'b']);
  });

  it('keeps a very long paragraph as one step', () => {
    const long = 'word '.repeat(20_000).trim();
    expect(stepTexts(`<think>${long}\n\nnext</think>`)).toEqual([long, 'next']);
  });

  it('uses Python whitespace for trimming (U+0085 and U+001F strip, U+FEFF does not)', () => {
    expect(stepTexts('<think>\u0085a\u001f\n\n\ufeffb</think>')).toEqual(['a', '\ufeffb']);
  });

  it('gives code point offsets after astral characters (emoji)', () => {
    const r = '<think>\n😀 first 🧩\n\nsecond ✓\n</think>';
    const a = analyseTrace(r);
    const cp = toCodePointSteps(r, a.steps);
    // Python: r.index('second') == 19 (each emoji is one code point); UTF-16 says 21.
    expect(a.steps[1]!.start).toBe(21);
    expect(cp[1]!.start).toBe(19);
    expect([...r].slice(cp[1]!.start, cp[1]!.end).join('')).toBe('second ✓');
    expect([...r].slice(cp[0]!.start, cp[0]!.end).join('')).toBe('😀 first 🧩');
  });

  it('agrees with the Python rule on random text (property)', () => {
    const alphabet = fc.constantFrom('a', 'b', ' ', '\t', '\n', '\n', '\r\n', '😀', 'é', '\u0085', '\u00a0', '.');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (chars) => {
        const thinking = chars.join('').replace(/\r/g, '');
        const r = `<think>${thinking}</think>`;
        expect(stepTexts(r)).toEqual(pythonRule(thinking));
      }),
      { numRuns: 400 },
    );
  });
});

describe('OffsetConverter', () => {
  it('is the identity without astral characters', () => {
    const c = new OffsetConverter('plain text, CRLF\r\n and ✓ (BMP)');
    expect(c.identity).toBe(true);
    expect(c.toCodePoint(17)).toBe(17);
    expect(c.toUtf16(17)).toBe(17);
  });

  it('converts both ways around surrogate pairs', () => {
    const s = 'a😀b🧩c';
    const c = new OffsetConverter(s);
    // UTF-16: a0 😀1-2 b3 🧩4-5 c6 ; code points: a0 😀1 b2 🧩3 c4
    expect([0, 1, 3, 4, 6, 7].map((u) => c.toCodePoint(u))).toEqual([0, 1, 2, 3, 4, 5]);
    expect([0, 1, 2, 3, 4, 5].map((p) => c.toUtf16(p))).toEqual([0, 1, 3, 4, 6, 7]);
    // An offset inside a pair maps to the pair's start.
    expect(c.toCodePoint(2)).toBe(1);
    expect(codePointLength(s)).toBe(5);
    expect(codePointLength(s, 1, 4)).toBe(2);
  });

  it('round-trips every code point offset (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const c = new OffsetConverter(s);
        const n = [...s].length;
        for (let p = 0; p <= n; p++) expect(c.toCodePoint(c.toUtf16(p))).toBe(p);
        expect(codePointLength(s)).toBe(n);
      }),
    );
  });
});
