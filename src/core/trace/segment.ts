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

/**
 * The next separator (what `/\r?\n[ \t]*(?:\r?\n)+/g` finds: a line break, optional spaces and tabs, one or more line
 * breaks, each line break optionally after a CR) starting at or after `from`, as [start, end), or null.
 * By hand with `indexOf`, which finds line breaks much faster than a regular expression scan, and
 * stopping at `limit` (the regular expression would go on to the end of the text): a separator
 * starting at or after `limit` is not looked for.
 */
function nextSeparator(text: string, from: number, limit: number, out: [number, number]): boolean {
  for (let i = text.indexOf('\n', from); i >= 0; i = text.indexOf('\n', i + 1)) {
    const start = i > from && text.charCodeAt(i - 1) === 0x0d ? i - 1 : i;
    if (start >= limit) return false;
    let j = i + 1;
    for (let c = text.charCodeAt(j); c === 0x20 || c === 0x09; c = text.charCodeAt(++j));
    // One or more line breaks (each optionally after a CR), greedily.
    let k = j;
    for (;;) {
      const c = text.charCodeAt(k);
      if (c === 0x0a) k++;
      else if (c === 0x0d && text.charCodeAt(k + 1) === 0x0a) k += 2;
      else break;
    }
    if (k > j) {
      out[0] = start;
      out[1] = k;
      return true;
    }
  }
  return false;
}

/** The steps of the given thinking spans of `text`. */
export function segmentSteps(text: string, think: readonly Span[]): StepSpan[] {
  const out: StepSpan[] = [];
  const sep: [number, number] = [0, 0];
  think.forEach((span, block) => {
    let pos = span.start;
    for (let from = span.start; nextSeparator(text, from, span.end, sep); from = sep[1]) {
      pushTrimmed(text, pos, sep[0], block, out);
      pos = Math.min(span.end, sep[1]);
    }
    pushTrimmed(text, pos, span.end, block, out);
  });
  return out;
}
