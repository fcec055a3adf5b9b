/**
 * Segment thinking into steps at blank lines (the ProcessBench / PRM800K convention), exactly as the
 * gold of `test/fixtures/traces-dev` was made in Python:
 *
 *     re.split(r'\n[ \t]*\n+', thinking)  ->  each piece .strip()ped, empty pieces dropped
 *
 * with one extension: a CR before a line feed is allowed, so CRLF text splits at its blank lines too
 * (on LF-only text this changes nothing). Trimming uses Python's `str.strip()` whitespace set, which
 * differs from JavaScript's `trim()` (Python strips U+001C..U+001F and U+0085, not U+FEFF). A very long
 * paragraph stays one step. Offsets are `[start, end)` UTF-16 offsets into the original response.
 */
import type { Span } from './split';

export interface StepSpan {
  /** 0-based, counted across all thinking blocks. */
  index: number;
  start: number;
  end: number;
  /** Which thinking block (0 unless the response has several). */
  block: number;
}

const SEPARATOR = /\r?\n[ \t]*(?:\r?\n)+/g;

/** Python's `str.isspace()` for one UTF-16 code unit (all such characters are in the BMP). */
export function isPyWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function pushTrimmed(text: string, start: number, end: number, block: number, out: StepSpan[]): void {
  while (start < end && isPyWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isPyWhitespace(text.charCodeAt(end - 1))) end--;
  if (end > start) out.push({ index: out.length, start, end, block });
}

/** The steps of the given thinking spans of `text`. */
export function segmentSteps(text: string, think: readonly Span[]): StepSpan[] {
  const out: StepSpan[] = [];
  think.forEach((span, block) => {
    let pos = span.start;
    SEPARATOR.lastIndex = span.start;
    for (let m = SEPARATOR.exec(text); m !== null && m.index < span.end; m = SEPARATOR.exec(text)) {
      pushTrimmed(text, pos, m.index, block, out);
      pos = Math.min(span.end, m.index + m[0].length);
    }
    pushTrimmed(text, pos, span.end, block, out);
  });
  return out;
}
