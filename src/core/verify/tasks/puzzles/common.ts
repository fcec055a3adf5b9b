/**
 * Helpers shared by the puzzle verifiers (WordLadder, eulero, numbrix, snake, aquarium, binairo,
 * campsite): Python string semantics the reference relies on, located reasons, and the strict-mode
 * readers of coordinate lists and grids.
 *
 * Python-regex ports: the reference patterns are re-written as JS regular expressions with the same
 * backtracking semantics. Python's MULTILINE `^`/`$` only break at LF (JS also breaks at CR, U+2028,
 * U+2029), so they are spelled out with look-arounds (`BOL`, `EOL`); `\Z` is `END`; `.` without DOTALL
 * is `[^\n]`. `\d` is ASCII (as verifiers.md states); `\s` is JS whitespace (it differs from Python's
 * only on exotic control/format characters).
 */
import { parsePyLiteral, PyFloat, PySet, PyTuple, type PyValue } from '../../../pyliteral';
import type { Location } from '../../types';

/** Python MULTILINE `^`: start of text or after a LF. */
export const BOL = '(?:(?<![\\s\\S])|(?<=\\n))';
/** Python MULTILINE `$`: end of text or before a LF. */
export const EOL = '(?=\\n|(?![\\s\\S]))';
/** Python `\Z`: end of text. */
export const END = '(?![\\s\\S])';

/** Python `str.isspace()` for one character: JS whitespace plus the separators U+001C–U+001F and U+0085. */
function isPySpace(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code > 0x20 && code < 0x7f) return false; // printable ASCII: never whitespace
  return (code >= 0x1c && code <= 0x1f) || code === 0x85 || /\s/.test(ch);
}

/** Python `str.strip()` (no argument). */
export function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isPySpace(s[a]!)) a++;
  while (b > a && isPySpace(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** Python `str.split()` (no argument): whitespace runs, no empty pieces. */
export function pySplitWs(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (isPySpace(ch)) {
      if (cur !== '') out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** Line boundaries of Python `str.splitlines()`: LF, CR, CRLF, VT, FF, FS, GS, RS, NEL, LS, PS. */
const LINE_BREAKS = new Set([0x0a, 0x0d, 0x0b, 0x0c, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029]);

/** Python `str.splitlines()`. */
export function pySplitLines(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (!LINE_BREAKS.has(code)) continue;
    out.push(s.slice(start, i));
    if (code === 0x0d && s.charCodeAt(i + 1) === 0x0a) i++;
    start = i + 1;
  }
  if (start < s.length) out.push(s.slice(start));
  return out;
}

/** Python `str.isdigit()` restricted to ASCII digits (what the benchmark answers contain). */
export function isDigits(s: string): boolean {
  return /^[0-9]+$/.test(s);
}

/** Python `int(x)` for a str: optional sign, digits with single underscores, surrounding whitespace. */
export function pyIntOfString(s: string): number | undefined {
  const m = /^\s*([+-]?)(\d+(?:_\d+)*)\s*$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[2]!.replace(/_/g, ''));
  return m[1] === '-' ? -n : n;
}

/** Python `int(v)` for a decoded literal value; undefined where Python raises. */
export function pyInt(v: unknown): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  if (v instanceof PyFloat) return Number.isFinite(v.value) ? Math.trunc(v.value) : undefined;
  if (typeof v === 'string') return pyIntOfString(v);
  return undefined;
}

/** All matches of a global regex (Python `re.finditer`). */
export function matchAll(re: RegExp, s: string): RegExpExecArray[] {
  if (!re.global) throw new Error('matchAll needs a global regex');
  re.lastIndex = 0;
  const out: RegExpExecArray[] = [];
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    out.push(m);
    if (m[0] === '') re.lastIndex++;
  }
  re.lastIndex = 0;
  return out;
}

/** Python `re.findall` for a pattern with exactly one group. */
export function findAll1(re: RegExp, s: string): string[] {
  return matchAll(re, s).map((m) => m[1] ?? '');
}

/** Python `re.findall` for a pattern with two groups. */
export function findAll2(re: RegExp, s: string): Array<[string, string]> {
  return matchAll(re, s).map((m) => [m[1] ?? '', m[2] ?? '']);
}

/** Python `re.findall` for a pattern without groups. */
export function findAll0(re: RegExp, s: string): string[] {
  return matchAll(re, s).map((m) => m[0]);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Python `==` between two decoded JSON scalars (1 == 1.0 == True). */
export function pyEq(a: unknown, b: unknown): boolean {
  const num = (x: unknown): number | undefined => (typeof x === 'number' ? x : typeof x === 'boolean' ? (x ? 1 : 0) : undefined);
  const na = num(a);
  const nb = num(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
  return a === b;
}

/** A short quotation of a piece of an answer for a reason. */
export function quote(s: string, max = 60): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > max ? `${one.slice(0, max - 1)}…` : one);
}

/** `1 row`, `2 rows`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function cellLoc(row: number, col: number, label?: string): Location {
  return label === undefined ? { kind: 'cell', row, col } : { kind: 'cell', row, col, label };
}

export function rowLoc(row: number, label?: string): Location {
  return label === undefined ? { kind: 'row', row } : { kind: 'row', row, label };
}

export function colLoc(col: number, label?: string): Location {
  return label === undefined ? { kind: 'col', col } : { kind: 'col', col, label };
}

/** Drop Markdown code-fence lines (```, ```text, ...). */
export function dropFenceLines(lines: string[]): string[] {
  return lines.filter((l) => !/^\s*```[\w-]*\s*$/.test(l));
}

// ---------------------------------------------------------------------------------------------------
// Strict reading of coordinate-pair lists: `[(0, 1), (2, 3)]`, `[[1, 2], [3, 4]]`, `(0,1) (1,1)`, ...
// ---------------------------------------------------------------------------------------------------

export type PairRead = { ok: true; pairs: Array<[number, number]>; how: string } | { ok: false; reason: string };

function pairOfValue(v: PyValue): [number, number] | string {
  const items = v instanceof PyTuple ? v.items : Array.isArray(v) ? v : null;
  if (items === null) return `${describePy(v)} is not a coordinate pair`;
  if (items.length !== 2) return `${describePy(v)} has ${items.length} number${items.length === 1 ? '' : 's'}, not 2`;
  const out: number[] = [];
  for (const x of items) {
    if (typeof x !== 'number' || !Number.isInteger(x)) return `${describePy(v)} holds ${describePy(x)}, not an integer`;
    out.push(x);
  }
  return [out[0]!, out[1]!];
}

function describePy(v: PyValue): string {
  if (v instanceof PyTuple) return `(${v.items.map(describePy).join(', ')}${v.items.length === 1 ? ',' : ''})`;
  if (v instanceof PySet) return `{${v.items.map(describePy).join(', ')}}`;
  if (v instanceof PyFloat) return Number.isInteger(v.value) ? `${v.value}.0` : String(v.value);
  if (Array.isArray(v)) return `[${v.map(describePy).join(', ')}]`;
  if (v === null) return 'None';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object') return `{${(v).entries.map(([k, x]) => `${describePy(k)}: ${describePy(x)}`).join(', ')}}`;
  return String(v);
}

const isIntPair = (x: PyValue) => {
  const items = x instanceof PyTuple ? x.items : Array.isArray(x) ? x : null;
  return items !== null && items.length === 2 && items.every((n) => typeof n === 'number');
};

/** A decoded value as a list of pairs, or why it is not one; undefined when it is not a collection at all. */
function pairsOfValue(v: PyValue, topLevel = false): Array<[number, number]> | string | undefined {
  const items = v instanceof PyTuple || v instanceof PySet ? v.items : Array.isArray(v) ? v : undefined;
  if (items === undefined) return undefined;
  // A single bare pair `(1, 2)` / `[1, 2]` is one coordinate, not a list of two.
  if (isIntPair(v)) {
    const p = pairOfValue(v);
    return typeof p === 'string' ? p : [p];
  }
  // A bare top-level sequence `[(0, 1), (1, 1)], (1, 1)`: its lists of pairs and its pairs, in order.
  if (topLevel && v instanceof PyTuple && items.some((it) => !isIntPair(it))) {
    const out: Array<[number, number]> = [];
    for (const [i, it] of items.entries()) {
      if (isIntPair(it)) out.push(pairOfValue(it) as [number, number]);
      else {
        const inner = pairsOfValue(it);
        if (inner === undefined || typeof inner === 'string') return `item ${i + 1} (${describePy(it)}) is neither a coordinate pair nor a list of pairs`;
        out.push(...inner);
      }
    }
    return out;
  }
  const out: Array<[number, number]> = [];
  for (const [i, it] of items.entries()) {
    const p = pairOfValue(it);
    if (typeof p === 'string') return `item ${i + 1}: ${p}`;
    out.push(p);
  }
  return out;
}

/** Outermost balanced `[...]` groups of a text, in order. */
function bracketGroups(s: string): Array<{ start: number; end: number }> {
  const groups: Array<{ start: number; end: number }> = [];
  const stack: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '[') stack.push(i);
    else if (c === ']' && stack.length > 0) {
      const start = stack.pop()!;
      if (stack.length === 0) groups.push({ start, end: i + 1 });
    }
  }
  return groups;
}

const PAIR_SRC = '[([]\\s*-?\\d+(?:\\.\\d+)?\\s*,\\s*-?\\d+(?:\\.\\d+)?\\s*[)\\]]';
const PAIR_TOKEN = new RegExp(PAIR_SRC, 'g');
/** Pairs separated only by commas, semicolons, spaces, "and" or arrows. */
const PAIR_RUN = new RegExp(`${PAIR_SRC}(?:(?:[\\s,;]|and|->|→)*${PAIR_SRC})*`, 'g');

/**
 * Strict: read an ordered list of integer pairs. Accepted: the whole answer as a Python/JSON literal
 * (list, tuple or set of 2-element lists/tuples); else one bracketed list inside surrounding prose (the
 * last one that reads as a pair list) with no stray pairs outside it; else one run of `(a, b)` /
 * `[a, b]` pairs separated by commas, spaces or arrows (prose around it allowed, no other pair
 * elsewhere). Code fences and a trailing period are ignored.
 */
export function readPairListStrict(answer: string, opts: { allowLinePairs?: boolean } = {}): PairRead {
  const text = dropFenceLines(answer.split('\n')).join('\n').trim().replace(/\.$/, '').trim();
  if (text === '') return { ok: false, reason: 'the answer is empty' };
  let whole: PyValue | undefined;
  try {
    whole = parsePyLiteral(text);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) {
    const r = pairsOfValue(whole, true);
    if (typeof r === 'string') return { ok: false, reason: `the answer is a list, but ${r}` };
    if (r !== undefined) return { ok: true, pairs: r, how: 'literal' };
  }
  // One list inside prose.
  const groups = bracketGroups(text);
  for (let g = groups.length - 1; g >= 0; g--) {
    const { start, end } = groups[g]!;
    let v: PyValue;
    try {
      v = parsePyLiteral(text.slice(start, end));
    } catch {
      continue;
    }
    const r = pairsOfValue(v);
    if (typeof r === 'string') return { ok: false, reason: `the list ${quote(text.slice(start, end))} does not read as coordinates: ${r}` };
    // A lone `[a, b]` among several groups is one of a run of bare pairs, read below.
    if (r === undefined || (r.length === 1 && isIntPair(v) && groups.length > 1)) continue;
    const outside = text.slice(0, start) + ' ' + text.slice(end);
    const stray = outside.match(PAIR_TOKEN);
    if (stray) return { ok: false, reason: `the answer has coordinates outside its list: ${stray.slice(0, 3).join(', ')}` };
    const broken = /\d\s*\]|\[\s*\d/.exec(outside);
    if (broken) return { ok: false, reason: `the answer has unbalanced brackets around its list (${quote(outside.slice(Math.max(0, broken.index - 10), broken.index + 10), 30)})` };
    return { ok: true, pairs: r, how: 'list in text' };
  }
  // One run of bare pairs.
  const runs = text.match(PAIR_RUN);
  if (runs && runs.length === 1) {
    const at = text.indexOf(runs[0]);
    const outside = text.slice(0, at) + ' ' + text.slice(at + runs[0].length);
    if (/\d\s*\]|\[\s*\d/.test(outside)) return { ok: false, reason: `the coordinates ${quote(runs[0], 30)} are surrounded by unbalanced brackets` };
    const pairs: Array<[number, number]> = [];
    for (const t of runs[0].match(PAIR_TOKEN)!) {
      const nums = t.match(/-?\d+(?:\.\d+)?/g)!;
      if (nums.some((n) => n.includes('.'))) return { ok: false, reason: `${t} holds a non-integer coordinate` };
      pairs.push([Number(nums[0]), Number(nums[1])]);
    }
    return { ok: true, pairs, how: 'pairs' };
  }
  if (runs && runs.length > 1) return { ok: false, reason: `the answer has ${runs.length} separate runs of coordinates (${runs.map((r) => quote(r, 24)).join(', ')}); expected one list` };
  if (opts.allowLinePairs) {
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    if (lines.length > 0 && lines.every((l) => /^-?\d+[\s,]+-?\d+$/.test(l))) {
      return {
        ok: true,
        pairs: lines.map((l) => {
          const [a, b] = l.split(/[\s,]+/);
          return [Number(a), Number(b)] as [number, number];
        }),
        how: 'lines',
      };
    }
  }
  return { ok: false, reason: `no list of coordinate pairs found in ${quote(text)}` };
}

/** Decode a value that may be a JSON/Python literal text (strings only); otherwise return it unchanged. */
export function literalOf(text: string): PyValue | undefined {
  try {
    return parsePyLiteral(text.trim());
  } catch {
    return undefined;
  }
}
