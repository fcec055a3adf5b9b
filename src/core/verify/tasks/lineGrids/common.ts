/**
 * Helpers shared by the line/grid puzzle verifiers (bridges, hitori, nonogram, shingoki, tapa,
 * wordsearch): Python `re` semantics on JS regexes, Python `int()`/truthiness of decoded values,
 * coordinates and reason formatting.
 */
import { parsePythonish } from '../../../pyliteral';
import type { Location } from '../../types';

export { pyStrip } from '../../extract';

/** Python's `\s` for str patterns (str.isspace), as the body of a character class. */
const PY_SPACE = String.raw`\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;

/**
 * A JS RegExp that behaves like Python's `re.compile(source)` for the constructs the reference verifiers
 * use: `\d` is any Unicode decimal digit (Nd), `\s` is Python's whitespace set, `.` (without DOTALL)
 * excludes only LF, and `$` (without MULTILINE) also matches before a final LF. Always compiled with the
 * `u` flag (so IGNORECASE folds case like Python's Unicode matching). `flags` may hold g, i, s, y.
 * Sources must be valid in `u` mode: escape `{`, `}`, and never escape characters like `:` or `,`.
 */
export function pyRe(source: string, flags = ''): RegExp {
  const dotAll = flags.includes('s');
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      i++;
      if (n === 'd') out += String.raw`\p{Nd}`;
      else if (n === 's') out += inClass ? PY_SPACE : `[${PY_SPACE}]`;
      else out += `\\${n}`;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') {
        out += '^';
        i++;
      }
      continue;
    }
    if (c === '.' && !dotAll) out += String.raw`[^\n]`;
    else if (c === '$') out += String.raw`(?=\n?$)`;
    else out += c;
  }
  return new RegExp(out, [...new Set(`${flags}u`)].join(''));
}

/** Python `re.findall`-style iteration: every non-overlapping match, left to right. */
export function findAll(re: RegExp, text: string): RegExpExecArray[] {
  const g = re.global ? re : new RegExp(re.source, `${re.flags}g`);
  g.lastIndex = 0;
  const out: RegExpExecArray[] = [];
  for (let m = g.exec(text); m !== null; m = g.exec(text)) {
    out.push(m);
    if (m[0].length === 0) g.lastIndex += 1;
  }
  return out;
}

const ND = /\p{Nd}/u;

function digitValue(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp >= 48 && cp <= 57) return cp - 48;
  // Unicode decimal digits come in runs of ten starting at a zero.
  let start = cp;
  while (start > 0 && ND.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** Python `int()` of a string of Unicode decimal digits (what a `\d+` group matched). */
export function pyDigits(s: string): number {
  let v = 0;
  for (const ch of s) v = v * 10 + digitValue(ch);
  return v;
}

/**
 * Python `int(v)` of a decoded JSON/Python value: bools are 0/1, floats truncate, strings must be an
 * (optionally signed, whitespace-padded) integer literal. `undefined` where Python raises
 * ValueError/TypeError.
 */
export function pyInt(v: unknown): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  if (typeof v === 'string') {
    const m = PY_INT_RE.exec(v);
    if (!m) return undefined;
    const n = pyDigits(m[2]!.replace(/_/g, ''));
    return m[1] === '-' ? -n : n;
  }
  return undefined;
}

const PY_INT_RE = pyRe(String.raw`^\s*([+-]?)(\d+(?:_\d+)*)\s*$`);

/** Python truthiness of a decoded value. */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

export function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Python `x == y` for a computed int against a decoded JSON value (ints equal floats, True == 1). */
export function pyNumEq(n: number, v: unknown): boolean {
  if (typeof v === 'number') return n === v;
  if (typeof v === 'boolean') return n === (v ? 1 : 0);
  return false;
}

/** A short quoted excerpt of a text for reasons. */
export function excerpt(s: string, max = 80): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max - 1)}…` : flat);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A cell location (0-based row/col). */
export function cellLoc(row: number, col: number, label?: string): Location {
  return label === undefined ? { kind: 'cell', row, col } : { kind: 'cell', row, col, label };
}

/** A 2-D grid decoded from a state: a list of rows (lists), via JSON then Python literal. */
export function decodeList(state: unknown): unknown[] | undefined {
  const v: unknown = typeof state === 'string' ? parsePythonish(state.trim()) : state;
  return Array.isArray(v) ? (v as unknown[]) : undefined;
}

/** Strict JSON decode (Python `json.loads`); `undefined` when it fails. */
export function jsonLoads(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Python's type name of a decoded JSON value, for crash reasons. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

/** Connected components of a set of keyed nodes under an adjacency function. */
export function components<T>(nodes: readonly T[], key: (n: T) => string, neighbours: (n: T) => T[]): T[][] {
  const seen = new Set<string>();
  const out: T[][] = [];
  for (const start of nodes) {
    if (seen.has(key(start))) continue;
    const comp: T[] = [];
    const stack = [start];
    seen.add(key(start));
    while (stack.length > 0) {
      const n = stack.pop()!;
      comp.push(n);
      for (const m of neighbours(n)) {
        const k = key(m);
        if (!seen.has(k)) {
          seen.add(k);
          stack.push(m);
        }
      }
    }
    out.push(comp);
  }
  return out;
}

/** The answer looks like an explicit "nothing" (empty set/list, none, no cells). */
export function isExplicitEmpty(answer: string): boolean {
  const t = answer.trim().toLowerCase().replace(/[.!]$/, '');
  return /^(?:\{\s*\}|\[\s*\]|\(\s*\)|set\(\s*\)|none|empty|nothing|no cells?|no black cells|no shaded cells)$/.test(t);
}

/**
 * The answer without its usual wrappers (code fences, `<answer>`/`[answer]` tags, `\boxed{}`, a JSON
 * `"answer"` field, quotes) and labels such as `Answer:` / `Black cells:`.
 */
export function answerCore(text: string): string {
  return text
    .replace(/```[a-z]*/gi, ' ')
    .replace(/<\/?answer>|\[\/?answer\]/gi, ' ')
    .replace(/\\boxed\{/g, '{')
    .replace(/"answer"\s*:/gi, ' ')
    .replace(/["'`]/g, ' ')
    .replace(/[A-Za-z][A-Za-z \t]{0,30}[:：]/g, ' ');
}

/**
 * Labelled cells (`row=1, col=2`, `col 2 row 1`, `r1c2`, `cell: 1,2`, `第1行第2列`) and bracketed pairs
 * (`(1, 2)`, `[1, 2]`, `{1, 2}`), as one left-to-right scan so a label is never paired with the next
 * cell's. Groups: 1-2 row/col, 3-4 col/row, 5-6 r/c, 7-8 行/列, 9-10 列/行, 11-12 cell, 13-14 pair.
 */
/** The labelled-cell alternatives as first written (kept for the equivalence test). */
export const LABELLED_ORIGINAL = [
  String.raw`\brows?\s*[=:]?\s*(\d+)\s*[,;]?\s*(?:col|column)s?\s*[=:]?\s*(\d+)`,
  String.raw`\b(?:col|column)s?\s*[=:]?\s*(\d+)\s*[,;]?\s*rows?\s*[=:]?\s*(\d+)`,
  String.raw`\br(\d+)\s*c(\d+)\b`,
  String.raw`第?\s*(\d+)\s*行[，,\s]*第?\s*(\d+)\s*列`,
  String.raw`第?\s*(\d+)\s*列[，,\s]*第?\s*(\d+)\s*行`,
  String.raw`\bcell\s*[:=]?\s*[([]?\s*(\d+)\s*[,，]\s*(\d+)`,
  String.raw`[([{]\s*(\d+)\s*[,，]\s*(\d+)\s*[)\]}]`,
].join('|');
/**
 * The same alternatives with each `\s*X?\s*` written `\s*(?:X\s*)?` (and `[，,\s]*第?\s*` as
 * `[，,\s]*(?:第\s*)?`): the same strings, but a whitespace run is no longer split between two
 * quantifiers in every way (`cell` before a long whitespace run split it three ways: cubic). What follows
 * each piece cannot start with whitespace, so every split reached the same end: the matches are unchanged.
 * The 行/列 forms may start on whitespace or a digit, so they tried again from every character of a long
 * run (quadratic); a start in the middle of a whitespace run or of a digit run ends as the start one
 * character earlier did (a failure: a success would have consumed it), so only the first of a run is tried.
 */
export const LABELLED = new RegExp(
  [
    String.raw`\brows?\s*(?:[=:]\s*)?(\d+)\s*(?:[,;]\s*)?(?:col|column)s?\s*(?:[=:]\s*)?(\d+)`,
    String.raw`\b(?:col|column)s?\s*(?:[=:]\s*)?(\d+)\s*(?:[,;]\s*)?rows?\s*(?:[=:]\s*)?(\d+)`,
    String.raw`\br(\d+)\s*c(\d+)\b`,
    String.raw`(?:第|(?<!\s)(?=\s)|(?<!\d)(?=\d))\s*(\d+)\s*行[，,\s]*(?:第\s*)?(\d+)\s*列`,
    String.raw`(?:第|(?<!\s)(?=\s)|(?<!\d)(?=\d))\s*(\d+)\s*列[，,\s]*(?:第\s*)?(\d+)\s*行`,
    String.raw`\bcell\s*(?:[:=]\s*)?(?:[([]\s*)?(\d+)\s*[,，]\s*(\d+)`,
    String.raw`[([{]\s*(\d+)\s*[,，]\s*(\d+)\s*[)\]}]`,
  ].join('|'),
  'gi',
);
const SWAPPED = new Set([3, 9]);

/**
 * Strict reading of a list of (row, col) cells: labelled forms and bracketed pairs anywhere; when there
 * are none and the answer is nothing but numbers, commas and brackets (after its wrappers and labels),
 * consecutive `a, b` pairs. Unique, in order.
 */
export function readCells(text: string): Array<[number, number]> {
  const cells: Array<[number, number]> = [];
  const seen = new Set<string>();
  const push = (r: number, c: number): void => {
    const k = `${r},${c}`;
    if (!seen.has(k)) {
      seen.add(k);
      cells.push([r, c]);
    }
  };
  for (const m of findAll(LABELLED, text)) {
    for (let g = 1; g < m.length; g += 2) {
      if (m[g] === undefined) continue;
      const a = Number(m[g]);
      const b = Number(m[g + 1]);
      if (SWAPPED.has(g)) push(b, a);
      else push(a, b);
      break;
    }
  }
  if (cells.length > 0) return cells;
  const core = answerCore(text);
  if (/^[\s\d,，;()[\]{}]*$/.test(core)) for (const m of findAll(/(\d+)\s*[,，]\s*(\d+)/g, core)) push(Number(m[1]), Number(m[2]));
  return cells;
}
