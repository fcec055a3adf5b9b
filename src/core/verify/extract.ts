/**
 * The reference answer extractor (verifiers.md §1.3), returning the extracted answer, the rule that
 * matched and the answer's span. The extractor runs on the escape-normalised prediction (§1.2); spans
 * are given both in that text and in the original response.
 */
import { mapSpan, normalizeEscapesWithMap } from './input';

export const EXTRACTION_RULES = ['box_token', 'answer_tag', 'boxed', 'answer_colon', 'whole_response', 'empty_fallback', 'no_response'] as const;
export type ExtractionRule = (typeof EXTRACTION_RULES)[number];

export const RULE_LABELS: Record<ExtractionRule, string> = {
  box_token: '<|begin_of_box|>…<|end_of_box|> (last)',
  answer_tag: '<answer>…</answer> (last)',
  boxed: '\\boxed{…} (last)',
  answer_colon: 'text after the first "Answer:"',
  whole_response: 'no answer marker: the whole response',
  empty_fallback: 'the marked answer was empty: the whole response',
  no_response: 'empty response',
};

export interface Extraction {
  /** The string handed to the verifier. */
  answer: string;
  rule: ExtractionRule;
  /** Span of the answer in the normalised response, `[start, end)`; null when not one contiguous span. */
  normalizedSpan: [number, number] | null;
  /** The same span in the original response text. */
  span: [number, number] | null;
  /** The escape-normalised response the extractor read. */
  normalized: string;
}

/** Python's str.isspace (what `strip()` removes), which differs from JS `\s` at the edges. */
function isPySpace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) || c === 0x85 || c === 0xa0) return true;
  if (c < 0x1680) return false;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** `text[start, end)` stripped as Python's strip() would, as a span. */
function stripSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && isPySpace(text[start]!)) start++;
  while (end > start && isPySpace(text[end - 1]!)) end--;
  return [start, end];
}

export function pyStrip(s: string): string {
  const [a, b] = stripSpan(s, 0, s.length);
  return s.slice(a, b);
}

interface Found {
  answer: string;
  span: [number, number] | null;
}

/** Span of group 1 of the last non-overlapping match of `re` (a global regex with the `d` flag). */
function lastGroup(text: string, re: RegExp): { start: number; end: number } | null {
  let last: { start: number; end: number } | null = null;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const g = m.indices?.[1];
    if (g) last = { start: g[0], end: g[1] };
    if (m[0].length === 0) re.lastIndex++;
  }
  return last;
}

function stripped(text: string, start: number, end: number): Found {
  const [a, b] = stripSpan(text, start, end);
  return { answer: text.slice(a, b), span: [a, b] };
}

const ESCAPE_PAIR = /\\[nt"']/;
const TEXT_BS = /\\text\{([^}]*)\}/dg;
const EXT = /ext\{([^}]*)\}/dg;
const TEXT_WRAPPER = /\\*text\{([^}]*)\}/g;
const ANSWER_COLON = /Answer[:：]\s*([\s\S]*)/i;

/*
 * The reference's patterns `OPEN([\s\S]*?)CLOSE` (box tokens, answer tags, arrays, bmatrix) and
 * `\\boxed\{((?:[^{}]|\{[^}]*\})*)\}` are matched by hand below, with the same matches, in linear time:
 * as regular expressions they rescan the rest of the text from every unclosed opener, so a response of
 * 200,000 `\boxed{` (or `<answer>`) took minutes.
 */

/**
 * Group 1 of the last non-overlapping match of `OPEN([\s\S]*?)CLOSE`. The lazy group ends at the first CLOSE
 * after the opener; when an opener has no CLOSE after it, no later opener has one either, so the scan stops.
 */
function lastLazyPair(text: string, open: string, close: string): { start: number; end: number } | null {
  let last: { start: number; end: number } | null = null;
  let pos = 0;
  for (;;) {
    const i = text.indexOf(open, pos);
    if (i < 0) return last;
    const j = text.indexOf(close, i + open.length);
    if (j < 0) return last;
    last = { start: i + open.length, end: j };
    pos = j + close.length;
  }
}

const BOXED_OPEN = '\\boxed{';

/** The first occurrence of `ch` at or after a position, remembering the last answer (queries mostly fall in the same gap). */
function charFinder(text: string, ch: string): (x: number) => number {
  const lastAt = text.lastIndexOf(ch);
  let gapFrom = 0;
  let gapAt = -1;
  return (x) => {
    if (x > lastAt) return -1;
    if (x >= gapFrom && x <= gapAt) return gapAt;
    gapFrom = x;
    gapAt = text.indexOf(ch, x);
    return gapAt;
  };
}

/**
 * Group 1 of the last non-overlapping match of the reference's `\\boxed\{((?:[^{}]|\{[^}]*\})*)\}`.
 * From a `\boxed{` the group is one deterministic walk: a character other than a brace is taken alone, a `{`
 * runs to the first `}` after it (`[^}]*` cannot pass a `}`, so no shorter choice can succeed), and the walk
 * ends at a `}` (the match) or at a `{` with no `}` after it (no match: backtracking only reaches positions the
 * walk passed, none of which holds a `}`). Walks that come out of a `{...}` unit at the same place go on the
 * same way, so the outcome from each such place is computed once (`memo`): the whole search stays linear.
 */
function lastBoxed(text: string): { start: number; end: number } | null {
  const closeAfter = charFinder(text, '}');
  const openAfter = charFinder(text, '{');
  /** Position after a `{...}` unit -> index of the `}` that ends the walk from there, or -1 (no match). */
  const memo = new Map<number, number>();
  const walk = (from: number): number => {
    const pending: number[] = [];
    let p = from;
    let result = -1;
    for (;;) {
      const known = memo.get(p);
      if (known !== undefined) {
        result = known;
        break;
      }
      if (p !== from) pending.push(p);
      const close = closeAfter(p);
      if (close < 0) break;
      const open = openAfter(p);
      if (open < 0 || close < open) {
        result = close;
        break;
      }
      const unitEnd = closeAfter(open + 1);
      if (unitEnd < 0) break;
      p = unitEnd + 1;
    }
    for (const q of pending) memo.set(q, result);
    return result;
  };
  let last: { start: number; end: number } | null = null;
  let pos = 0;
  for (;;) {
    const s = text.indexOf(BOXED_OPEN, pos);
    if (s < 0) return last;
    const end = walk(s + BOXED_OPEN.length);
    if (end < 0 && closeAfter(s) < 0) return last;
    if (end >= 0) {
      last = { start: s + BOXED_OPEN.length, end };
      pos = end + 1;
    } else pos = s + 1;
  }
}

/** The body post-processing of §1.3 step 3, on `text[bodyStart, bodyEnd)`. */
function boxedBody(text: string, bodyStart: number, bodyEnd: number): Found {
  const body = text.slice(bodyStart, bodyEnd);
  const inBody = (re: RegExp): Found | null => {
    const g = lastGroup(body, re);
    return g ? stripped(text, bodyStart + g.start, bodyStart + g.end) : null;
  };
  TEXT_BS.lastIndex = 0;
  if (TEXT_BS.test(body)) return inBody(TEXT_BS)!;
  EXT.lastIndex = 0;
  if (EXT.test(body)) return inBody(EXT)!;
  if (body.includes('text{')) {
    const replaced = body.replace(TEXT_WRAPPER, '$1');
    if (replaced !== body) return { answer: pyStrip(replaced), span: null };
  }
  const array = lastLazyPair(body, '\\begin{array}', '\\end{array}');
  if (array) return stripped(text, bodyStart + array.start, bodyStart + array.end);
  const bmatrix = lastLazyPair(body, '\\begin{bmatrix}', '\\end{bmatrix}');
  if (bmatrix) return stripped(text, bodyStart + bmatrix.start, bodyStart + bmatrix.end);
  return stripped(text, bodyStart, bodyEnd);
}

function findAnswer(text: string): { found: Found; rule: ExtractionRule } | null {
  const box = lastLazyPair(text, '<|begin_of_box|>', '<|end_of_box|>');
  if (box) return { found: stripped(text, box.start, box.end), rule: 'box_token' };
  const tag = lastLazyPair(text, '<answer>', '</answer>');
  if (tag) return { found: stripped(text, tag.start, tag.end), rule: 'answer_tag' };
  const boxed = lastBoxed(text);
  if (boxed) return { found: boxedBody(text, boxed.start, boxed.end), rule: 'boxed' };
  const colon = ANSWER_COLON.exec(text);
  if (colon) {
    const start = colon.index + colon[0].length - (colon[1] ?? '').length;
    return { found: stripped(text, start, text.length), rule: 'answer_colon' };
  }
  return null;
}

/** Extract the answer from a full model response, exactly as the reference does. */
export function extractAnswer(response: string | null | undefined): Extraction {
  if (response === null || response === undefined || response === '') {
    return { answer: '', rule: 'no_response', normalizedSpan: null, span: null, normalized: '' };
  }
  // Without an escape pair (backslash + n, t, ", ') the normalisation is the identity, and so is the offset map.
  const { text, origin } = ESCAPE_PAIR.test(response) ? normalizeEscapesWithMap(response) : { text: response, origin: null };
  const hit = findAnswer(text);
  let answer: string;
  let rule: ExtractionRule;
  let normalizedSpan: [number, number] | null;
  if (!hit) {
    answer = text;
    rule = 'whole_response';
    normalizedSpan = [0, text.length];
  } else if (hit.found.answer === '' && text !== '') {
    answer = text;
    rule = 'empty_fallback';
    normalizedSpan = [0, text.length];
  } else {
    answer = hit.found.answer;
    rule = hit.rule;
    normalizedSpan = hit.found.span;
  }
  return { answer, rule, normalizedSpan, span: normalizedSpan ? (origin ? mapSpan(origin, normalizedSpan[0], normalizedSpan[1]) : [normalizedSpan[0], normalizedSpan[1]]) : null, normalized: text };
}
