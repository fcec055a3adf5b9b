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
const BOX_TOKEN = /<\|begin_of_box\|>([\s\S]*?)<\|end_of_box\|>/dg;
const ANSWER_TAG = /<answer>([\s\S]*?)<\/answer>/dg;
const BOXED = /\\boxed\{((?:[^{}]|\{[^}]*\})*)\}/dg;
const TEXT_BS = /\\text\{([^}]*)\}/dg;
const EXT = /ext\{([^}]*)\}/dg;
const TEXT_WRAPPER = /\\*text\{([^}]*)\}/g;
const ARRAY = /\\begin\{array\}([\s\S]*?)\\end\{array\}/dg;
const BMATRIX = /\\begin\{bmatrix\}([\s\S]*?)\\end\{bmatrix\}/dg;
const ANSWER_COLON = /Answer[:：]\s*([\s\S]*)/i;

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
  ARRAY.lastIndex = 0;
  if (ARRAY.test(body)) return inBody(ARRAY)!;
  BMATRIX.lastIndex = 0;
  if (BMATRIX.test(body)) return inBody(BMATRIX)!;
  return stripped(text, bodyStart, bodyEnd);
}

function findAnswer(text: string): { found: Found; rule: ExtractionRule } | null {
  const box = lastGroup(text, BOX_TOKEN);
  if (box) return { found: stripped(text, box.start, box.end), rule: 'box_token' };
  const tag = lastGroup(text, ANSWER_TAG);
  if (tag) return { found: stripped(text, tag.start, tag.end), rule: 'answer_tag' };
  const boxed = lastGroup(text, BOXED);
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
