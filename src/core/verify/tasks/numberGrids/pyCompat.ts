/**
 * Small pieces of Python semantics the number-grid reference verifiers depend on: `re` patterns
 * (Unicode `\d`/`\s`, `.` without DOTALL, `$` before a final newline, Unicode `\b`), `re.findall`,
 * `int()` of a string, `str.strip()/split()`, `ast.literal_eval` (via ../../../pyliteral with Python's
 * leading-zero rule) and the iteration order of a small `set` of ints (used by `max(set(l), key=l.count)`).
 * Pure functions, no evaluation of code.
 */
import { parsePyLiteral, PyFloat, PySet, PyTuple, type PyDict, type PyValue } from '../../../pyliteral';

/** Python's whitespace (`str.isspace`, `re` `\s` on str), as the inside of a character class. */
const WS_CLASS = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WS_RE = new RegExp(`[${WS_CLASS}]`, 'u');
const WS_RUN = new RegExp(`[${WS_CLASS}]+`, 'gu');
const WORD = '\\p{L}\\p{N}\\p{Mn}\\p{Mc}_';

export function isPySpace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return false; // printable ASCII: never whitespace
  return WS_RE.test(ch);
}

/** Python `str.strip()` (no argument). */
export function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isPySpace(s[a]!)) a++;
  while (b > a && isPySpace(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** Python `str.strip(chars)`. */
export function pyStripChars(s: string, chars: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s[a]!)) a++;
  while (b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** Python `str.split()` (no argument): split on whitespace runs, no empty strings. */
export function pySplitWs(s: string): string[] {
  return s.split(WS_RUN).filter((t) => t !== '');
}

/**
 * Translate a Python `re` pattern to a JS RegExp with the same matching on str: `\d` = Unicode
 * decimal digits, `\s` = Python whitespace, `.` excludes only LF (or nothing with DOTALL), `$` also
 * matches before a final LF, `\b` uses Unicode word characters. Always compiled with the `u` flag.
 * Flags: 'i' (IGNORECASE), 's' (DOTALL), 'g' (for findall).
 */
export function pyRe(source: string, flags = ''): RegExp {
  const dotall = flags.includes('s');
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      i++;
      if (n === 'd') out += inClass ? '\\p{Nd}' : '\\p{Nd}';
      else if (n === 's') out += inClass ? WS_CLASS : `[${WS_CLASS}]`;
      else if (n === 'b' && !inClass) out += `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`;
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
      if (source[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '.') out += dotall ? '[\\s\\S]' : '[^\\n]';
    else if (c === '$') out += '(?=\\n?$)';
    else if (c === '{' && !/^\{\d*(,\d*)?\}/.test(source.slice(i))) out += '\\{';
    else if (c === '}' && !/\{\d*(,\d*)?$/.test(source.slice(0, i))) out += '\\}';
    else out += c;
  }
  const jsFlags = `u${flags.includes('i') ? 'i' : ''}${flags.includes('g') ? 'g' : ''}`;
  return new RegExp(out, jsFlags);
}

/** Python `re.findall`: whole matches when the pattern has no group, else the groups ('' when unmatched). */
export function findall(re: RegExp, text: string): string[][] {
  const g = re.global ? re : new RegExp(re.source, `${re.flags}g`);
  g.lastIndex = 0;
  const out: string[][] = [];
  for (;;) {
    const m = g.exec(text);
    if (!m) break;
    out.push(m.length > 1 ? m.slice(1).map((x) => x ?? '') : [m[0]]);
    if (m[0] === '') g.lastIndex++;
  }
  return out;
}

/** Like findall but with the match offsets (for locating what was read). */
export function findallAt(re: RegExp, text: string): Array<{ groups: string[]; index: number; end: number }> {
  const g = re.global ? re : new RegExp(re.source, `${re.flags}g`);
  g.lastIndex = 0;
  const out: Array<{ groups: string[]; index: number; end: number }> = [];
  for (;;) {
    const m = g.exec(text);
    if (!m) break;
    out.push({ groups: m.slice(1).map((x) => x ?? ''), index: m.index, end: m.index + m[0].length });
    if (m[0] === '') g.lastIndex++;
  }
  return out;
}

const ND = /\p{Nd}/u;

/** The value of one Unicode decimal digit (digits come in contiguous runs 0..9). */
function digitValue(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  let start = cp;
  while (start > 0 && ND.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** What `int(str)` strips: ASCII whitespace and non-ASCII Unicode whitespace (not U+001C..U+001F). */
const INT_WS = '\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const ASCII_DIGITS = /^[0-9]{1,15}$/;
const INT_RE = new RegExp(`^[${INT_WS}]*([+-]?)(\\p{Nd}(?:_?\\p{Nd})*)[${INT_WS}]*$`, 'u');

/** Python `int(str)`: optional whitespace and sign, Unicode decimal digits, single `_` between digits. null when Python raises. */
export function pyInt(s: string): number | null {
  if (ASCII_DIGITS.test(s)) return Number(s); // the common case, exact below 2^53
  const m = INT_RE.exec(s);
  if (!m) return null;
  let v = 0;
  for (const ch of m[2]!.replace(/_/g, '')) v = v * 10 + digitValue(ch);
  return m[1] === '-' ? -v : v;
}

/** Python `int(x)` of a decoded literal value; null when Python raises (TypeError/ValueError/OverflowError). */
export function pyIntOf(v: PyValue | undefined): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (v instanceof PyFloat) return Number.isFinite(v.value) ? Math.trunc(v.value) : null;
  if (typeof v === 'string') return pyInt(v);
  return null;
}

/** Whether `int(x)` would raise TypeError (as opposed to ValueError) — some reference code catches only one of them. */
export function pyIntTypeError(v: PyValue | undefined): boolean {
  return !(typeof v === 'boolean' || typeof v === 'number' || v instanceof PyFloat || typeof v === 'string');
}

/** `isinstance(v, int)` (bool included, as in Python). */
export function isPyInt(v: unknown): v is number | boolean {
  return typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));
}

/**
 * `ast.literal_eval` of a string: the shared Python-literal parser, after a token pass for the
 * tokenizer rules that parser does not model: comments are dropped; a decimal integer may not have
 * leading zeros (`05` is a SyntaxError, `00` and `0.5` are fine) and underscores only sit between
 * digits; `8.` is a float; a unary sign may be followed by whitespace; only space, tab, form feed and
 * line breaks separate tokens (U+000B, U+00A0, U+001C, ... outside a string literal are a SyntaxError);
 * the items of a `{...}` display must be separated by commas.
 * Returns undefined where literal_eval raises.
 */
export function literalEval(text: string): PyValue | undefined {
  const src = pythonSource(text.replace(/^[ \t]+/, ''));
  if (src === null) return undefined;
  try {
    return parsePyLiteral(src);
  } catch {
    return undefined;
  }
}

/** Whitespace that Python's tokenizer rejects outside string literals. */
function isBadSourceWs(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c === 0x0b || (c >= 0x1c && c <= 0x1f) || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
const NUMBER = /(\d(?:_?\d)*)?(\.(\d(?:_?\d)*)?)?([eE][-+]?\d(?:_?\d)*)?/y;
const WORD_START = /^[A-Za-z_]\w*/;
const STRING_PREFIX = /^(?:[rRbBuU]|[rR][bB]|[bB][rR])$/;

/** The text prepared for the shared parser, or null when Python's tokenizer/parser would reject it. */
function pythonSource(s: string): string | null {
  // The output is mostly the input verbatim: keep the current verbatim run as [runStart, runEnd) and copy
  // it only when something else (a rewritten number, a skipped comment or blank) interrupts it.
  let out = '';
  let runStart = 0;
  let runEnd = 0;
  const keep = (from: number, to: number): void => {
    if (from !== runEnd) {
      out += s.slice(runStart, runEnd);
      runStart = from;
    }
    runEnd = to;
  };
  let i = 0;
  const stack: string[] = [];
  let valueEnded = false;
  let lastWasString = false;
  /** In a {...} display two values need a ',' or ':' between them (the shared parser does not insist). */
  const startsValue = (isString: boolean): boolean => !(valueEnded && stack[stack.length - 1] === '{' && !(isString && lastWasString));
  while (i < s.length) {
    const c = s[i]!;
    const cc = s.charCodeAt(i);
    // Only an ASCII letter or '_' can start a word: skip the regex (and its slice) for everything else.
    const word = (cc >= 0x41 && cc <= 0x5a) || (cc >= 0x61 && cc <= 0x7a) || cc === 0x5f ? WORD_START.exec(s.slice(i, i + 64)) : null;
    const prefixed = word !== null && STRING_PREFIX.test(word[0]) && /["']/.test(s[i + word[0].length] ?? '');
    if (c === '"' || c === "'" || prefixed) {
      if (!startsValue(true)) return null;
      const q = prefixed ? i + word[0].length : i;
      const quote = s[q]!;
      const triple = s.startsWith(quote.repeat(3), q);
      const delim = triple ? quote.repeat(3) : quote;
      let j = q + delim.length;
      while (j < s.length && !s.startsWith(delim, j)) j += s[j] === '\\' ? 2 : 1;
      j = Math.min(s.length, j + delim.length);
      keep(i, j);
      i = j;
      valueEnded = true;
      lastWasString = true;
      continue;
    }
    if (c === '#') {
      while (i < s.length && s[i] !== '\n' && s[i] !== '\r') i++;
      continue;
    }
    if (isBadSourceWs(c)) return null;
    if (c === ' ' || c === '\t' || c === '\f' || c === '\n' || c === '\r') {
      keep(i, i + 1);
      i++;
      continue;
    }
    if ((cc >= 0x30 && cc <= 0x39) || (c === '.' && /\d/.test(s[i + 1] ?? ''))) {
      if (!startsValue(false)) return null;
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(s)!;
      const [all, intPart, point, , exp] = m;
      if (/\w/.test(s[i + all.length] ?? '')) return null; // 4._0, 1__0, 1e, 5j ...
      if (point === undefined && exp === undefined && intPart !== undefined && /^0[0_]*[1-9]/.test(intPart)) return null;
      if (point === '.') {
        out += `${s.slice(runStart, runEnd)}${intPart ?? ''}.0${exp ?? ''}`;
        runStart = runEnd = i + all.length;
      } else keep(i, i + all.length);
      i += all.length;
      valueEnded = true;
      lastWasString = false;
      continue;
    }
    if (word) {
      if (!startsValue(false)) return null;
      keep(i, i + word[0].length);
      i += word[0].length;
      valueEnded = true;
      lastWasString = false;
      continue;
    }
    if ((c === '-' || c === '+') && /^[-+][ \t\f\r\n]+[\d.]/.test(s.slice(i, i + 80))) {
      // A unary sign may be separated from its number (`- 5`, `-\n2` inside brackets).
      if (!startsValue(false)) return null;
      keep(i, i + 1);
      i++;
      while (/[ \t\f\r\n]/.test(s[i] ?? '')) i++;
      valueEnded = false;
      continue;
    }
    if (c === '[' || c === '(' || c === '{' || c === '-' || c === '+') {
      if (!startsValue(false)) return null;
      if (c !== '-' && c !== '+') stack.push(c);
    } else if (c === ']' || c === ')' || c === '}') {
      stack.pop();
    }
    keep(i, i + 1);
    i++;
    valueEnded = c === ']' || c === ')' || c === '}';
    lastWasString = false;
  }
  return out + s.slice(runStart, runEnd);
}

/** A decoded Python dict as entries with Python key equality (later duplicates overwrite, first key kept). */
export function dictEntries(d: PyDict): Array<[PyValue, PyValue]> {
  const out: Array<[PyValue, PyValue]> = [];
  for (const [k, v] of d.entries) {
    const i = out.findIndex(([k2]) => pyEquals(k2, k));
    if (i >= 0) out[i] = [out[i]![0], v];
    else out.push([k, v]);
  }
  return out;
}

/** Whether a value is hashable in Python (no list/dict/set inside). */
export function isHashable(v: PyValue): boolean {
  if (Array.isArray(v) || v instanceof PySet) return false;
  if (v instanceof PyTuple) return v.items.every(isHashable);
  if (v !== null && typeof v === 'object' && !(v instanceof PyFloat)) return false;
  return true;
}

function numOf(v: PyValue): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.value;
  return null;
}

/** Python `==` for decoded literal values (1 == 1.0 == True; tuples never equal lists). */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  const na = numOf(a);
  const nb = numOf(b);
  if (na !== null || nb !== null) return na !== null && nb !== null && na === nb;
  if (typeof a === 'string' || typeof b === 'string' || a === null || b === null) return a === b;
  if (a instanceof PyTuple && b instanceof PyTuple) return a.items.length === b.items.length && a.items.every((x, i) => pyEquals(x, b.items[i]!));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]!));
  return false;
}

/**
 * The iteration order of `set(values)` for non-negative ints in CPython (hash(i) == i; open addressing
 * with 9 linear probes then perturbation; resize to 4x used when fill*5 >= mask*3).
 */
export function pySetOrderOfInts(values: readonly number[]): number[] {
  const LINEAR_PROBES = 9;
  let mask = 7;
  let table: Array<number | undefined> = new Array<number | undefined>(8);
  let used = 0;
  const place = (tbl: Array<number | undefined>, m: number, key: number, checkEqual: boolean): boolean => {
    let perturb = key;
    let i = key & m;
    for (;;) {
      const probes = i + LINEAR_PROBES <= m ? LINEAR_PROBES : 0;
      for (let j = i; j <= i + probes; j++) {
        const e = tbl[j];
        if (e === undefined) {
          tbl[j] = key;
          return true;
        }
        if (checkEqual && e === key) return false;
      }
      perturb = Math.floor(perturb / 32);
      i = (i * 5 + 1 + perturb) & m;
    }
  };
  for (const v of values) {
    if (!place(table, mask, v, true)) continue;
    used++;
    if (used * 5 < mask * 3) continue;
    const minused = used > 50000 ? used * 2 : used * 4;
    let size = 8;
    while (size <= minused) size *= 2;
    const old = table;
    table = new Array<number | undefined>(size);
    mask = size - 1;
    for (const k of old) if (k !== undefined) place(table, mask, k, false);
  }
  return table.filter((k): k is number => k !== undefined);
}
