/**
 * The analyser's hand-written fast paths against the plain code they replaced (kept here as the
 * reference): each must give exactly the same result on any input, including CRLF, stray CRs, tabs,
 * runs of blank lines, partial and nested think tags in any letter case, and text around the edges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentSteps, type StepSpan } from '../../src/core/trace/segment';
import { isPyWhitespace } from '../../src/core/trace/segment';
import { splitResponse, type Span, type TraceSplit } from '../../src/core/trace/split';
import { quotedRangesOf } from '../../src/core/trace/tagger';

// References (the original implementations) ----------------------------------------------------------

const SEPARATOR = /\r?\n[ \t]*(?:\r?\n)+/g;

function referenceSegment(text: string, think: readonly Span[]): StepSpan[] {
  const out: StepSpan[] = [];
  const push = (start: number, end: number, block: number) => {
    while (start < end && isPyWhitespace(text.charCodeAt(start))) start++;
    while (end > start && isPyWhitespace(text.charCodeAt(end - 1))) end--;
    if (end > start) out.push({ index: out.length, start, end, block });
  };
  think.forEach((span, block) => {
    let pos = span.start;
    SEPARATOR.lastIndex = span.start;
    for (let m = SEPARATOR.exec(text); m !== null && m.index < span.end; m = SEPARATOR.exec(text)) {
      push(pos, m.index, block);
      pos = Math.min(span.end, m.index + m[0].length);
    }
    push(pos, span.end, block);
  });
  return out;
}

const TAG = /<(\/?)(?:think|thinking)>|◁(\/?)think▷/gi;

function referenceSplit(text: string): TraceSplit {
  const think: Span[] = [];
  let open: number | null = null;
  let sawClose = false;
  let lastClose = -1;
  let sawOpen = false;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m !== null; m = TAG.exec(text)) {
    const closing = (m[1] ?? m[2] ?? '') === '/';
    if (!closing) {
      if (open === null) {
        open = m.index + m[0].length;
        sawOpen = true;
      }
      continue;
    }
    if (open !== null) {
      think.push({ start: open, end: m.index });
      open = null;
    } else if (!sawClose && !sawOpen) think.push({ start: 0, end: m.index });
    else continue;
    sawClose = true;
    lastClose = m.index + m[0].length;
  }
  if (open !== null) {
    think.push({ start: open, end: text.length });
    return { think, answer: { start: text.length, end: text.length }, mode: 'unclosed' };
  }
  if (!sawClose) return { think: [{ start: 0, end: text.length }], answer: { start: text.length, end: text.length }, mode: 'untagged' };
  return { think, answer: { start: lastClose, end: text.length }, mode: sawOpen ? 'tagged' : 'no-open-tag' };
}

/** The tagger's quoted stretches, a character at a time (as first written). */
function referenceQuoted(text: string, start: number, end: number): Array<[number, number]> {
  const t = (i: number) => (i < text.length ? text.charCodeAt(i) : 0);
  const isWord = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c > 0x7f;
  const out: Array<[number, number]> = [];
  let open = -1;
  for (let i = start; i < end; i++) {
    const c = t(i);
    if (c === 0x22) {
      if (open < 0) open = i;
      else {
        out.push([open, i + 1]);
        open = -1;
      }
    } else if (c === 0x0a && open >= 0 && t(i + 1) === 0x0a) open = -1;
  }
  let sq = -1;
  for (let i = start; i < end; i++) {
    if (t(i) !== 0x27) continue;
    const before = i > start ? t(i - 1) : 0x20;
    const after = i + 1 < end ? t(i + 1) : 0x20;
    if (sq < 0) {
      if (!isWord(before) && isWord(after)) sq = i;
    } else if (isWord(before) && !isWord(after)) {
      out.push([sq, i + 1]);
      sq = -1;
    } else if (!isWord(before) && isWord(after) && i - sq > 200) sq = i;
  }
  return out;
}

// Inputs -----------------------------------------------------------------------------------------------

/** Text made of the pieces that matter to the splitter and the segmenter. */
const pieces = fc.constantFrom(
  '\n', '\n', '\r', '\r\n', ' ', '\t', '\u00a0', '\u2028', 'a', 'Wait.', 'x y', '<', '>', '/', '◁', '▷',
  '<think>', '</think>', '<THINK>', '</Thinking>', '<thinking>', '◁think▷', '◁/think▷', '<think', 'think>', '</thin', '◁/think',
);
const texts = fc.array(pieces, { maxLength: 60 }).map((xs) => xs.join(''));

describe('fast paths agree with the reference code', () => {
  it('splitResponse (indexOf for "<" and "◁", then the tag tried there)', () => {
    fc.assert(
      fc.property(texts, (t) => {
        expect(splitResponse(t)).toEqual(referenceSplit(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('quoted stretches of a step (quotes found with indexOf)', () => {
    const quoteText = fc
      .array(fc.constantFrom('"', "'", '\n', '\n\n', ' ', 'a', "don't", 'x"y', "'tis", 'é', '.', 'word '.repeat(45)), { maxLength: 40 })
      .map((xs) => xs.join(''));
    fc.assert(
      fc.property(quoteText, fc.nat(), fc.nat(), (t, a, b) => {
        const start = Math.min(a, b) % (t.length + 1);
        const end = Math.max(start, Math.max(a, b) % (t.length + 1));
        expect(quotedRangesOf(t, start, end)).toEqual(referenceQuoted(t, start, end));
      }),
      { numRuns: 5000 },
    );
  });

  it('segmentSteps (separators found with indexOf, stopping at the end of each block)', () => {
    fc.assert(
      fc.property(texts, fc.array(fc.tuple(fc.nat(80), fc.nat(80)), { maxLength: 4 }), (t, raw) => {
        // Both the real thinking spans and arbitrary ones (a block may end inside a CRLF or a separator).
        const spans = raw.map(([a, b]) => ({ start: Math.min(a, b, t.length), end: Math.min(Math.max(a, b), t.length) }));
        expect(segmentSteps(t, spans)).toEqual(referenceSegment(t, spans));
        const think = splitResponse(t).think;
        expect(segmentSteps(t, think)).toEqual(referenceSegment(t, think));
      }),
      { numRuns: 5000 },
    );
  });
});
