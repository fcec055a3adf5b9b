/**
 * Small pieces of Python text semantics the reference verifiers rely on: the `\s`, `\d` and `\b` of
 * Python's `re` on str patterns (Unicode-aware, with a whitespace set that differs from JavaScript's at
 * the edges), `str.strip()`, `int()` of a digit string and `len()` in code points.
 */

/** Python's `\s` (str.isspace): JS `\s` minus U+FEFF plus U+001C..U+001F and U+0085. For use inside `[...]` with the `u` flag. */
export const PY_WS_CHARS = String.raw`\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;
/** Python's `\s` as a class. */
export const PY_WS = `[${PY_WS_CHARS}]`;
/** Python's `\d` (Unicode decimal digits). */
export const PY_D = String.raw`\p{Nd}`;
/** Python's `\w` (letters, numbers, underscore). For use inside `[...]` with the `u` flag. */
export const PY_W_CHARS = String.raw`\p{L}\p{N}_`;

/** `\bword\b` with Python's Unicode word boundary, as regex source (use with the `u` flag). */
export function pyWordRe(word: string): string {
  return `(?<![${PY_W_CHARS}])${word}(?![${PY_W_CHARS}])`;
}

const WS_RE = new RegExp(`^${PY_WS}+|${PY_WS}+$`, 'gu');
/** Python's `str.strip()`. */
export function pyStrip(s: string): string {
  return s.replace(WS_RE, '');
}

const ALL_WS_RE = new RegExp(`${PY_WS}+`, 'gu');
/** `re.sub(r'\s+', '', s)`. */
export function removePyWhitespace(s: string): string {
  return s.replace(ALL_WS_RE, '');
}

/** Python's `len()` (code points). */
export function pyLen(s: string): number {
  return Array.from(s).length;
}

const ND_RE = /^\p{Nd}$/u;
/** The value of one Unicode decimal digit (runs of Nd characters come in aligned blocks of ten). */
function digitValue(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  let start = cp;
  while (start > 0 && ND_RE.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** `int(s)` of a run of Unicode decimal digits (Python's `int()` accepts any Nd digits). */
export function pyDigitsToBigInt(s: string): bigint {
  let v = 0n;
  for (const ch of s) v = v * 10n + BigInt(digitValue(ch));
  return v;
}

const INT_STRING_RE = new RegExp(`^[+-]?${PY_D}+(?:_${PY_D}+)*$`, 'u');
/** Python's `int(str)` for base 10: surrounding whitespace, a sign, underscores between digits; null when it raises. */
export function pyIntOfString(s: string): bigint | null {
  const t = pyStrip(s);
  if (!INT_STRING_RE.test(t)) return null;
  const neg = t.startsWith('-');
  const v = pyDigitsToBigInt(t.replace(/^[+-]/, '').replace(/_/g, ''));
  return neg ? -v : v;
}

/** Python `str.isalpha()`. */
export function pyIsAlpha(s: string): boolean {
  return /^\p{L}+$/u.test(s);
}

/** Quote a piece of answer text for a reason, shortened. */
export function quote(s: string, max = 80): string {
  const one = s.length > max ? `${s.slice(0, max)}…` : s;
  return JSON.stringify(one);
}
