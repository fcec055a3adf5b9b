/**
 * Shared pieces of the game verifiers (verifiers.md §7): Python string/regex semantics the reference
 * relies on (Unicode `\b`, `\d`, `\s`, `str.split()`, `int()`), the strict move-list reader and small
 * helpers for reasons and locations.
 */
import type { Location } from '../../types';

export { pyStrip } from '../../extract';

export type Dir = 'up' | 'down' | 'left' | 'right';
export const DIRS = ['up', 'down', 'left', 'right'] as const satisfies readonly Dir[];
export const STEP: Readonly<Record<Dir, readonly [number, number]>> = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1] };
export const OPPOSITE: Readonly<Record<Dir, Dir>> = { up: 'down', down: 'up', left: 'right', right: 'left' };

export function isDir(s: string): s is Dir {
  return s === 'up' || s === 'down' || s === 'left' || s === 'right';
}

// ---------------------------------------------------------------------------------------------
// Python semantics

/** The characters of Python's str.isspace() (what `\s`, `str.split()` and `str.strip()` use), as a regex class body. */
export const PY_WS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** Python's `\w` for str patterns (letters, digits and numerics of any script, underscore). */
export const PY_WORD = '[\\p{L}\\p{N}_]';
/** Python's `\d` for str patterns (any Unicode decimal digit). */
export const PY_DIGIT = '\\p{Nd}';

/** A global, Unicode regex matching the alternatives as whole words, the way Python's `\b(?:…)\b` does. */
export function pyWordsRegex(alternatives: string, flags = 'gu'): RegExp {
  return new RegExp(`(?<!${PY_WORD})(?:${alternatives})(?!${PY_WORD})`, flags);
}

const PY_WS_RUN = new RegExp(`[${PY_WS}]+`, 'u');
const PY_INT_RE = new RegExp(`^[${PY_WS}]*([+-]?)(\\p{Nd}+(?:_\\p{Nd}+)*)[${PY_WS}]*$`, 'u');

/** Python's `str.split()` with no argument. */
export function pySplit(s: string): string[] {
  return s.split(PY_WS_RUN).filter((t) => t !== '');
}

/** Python's `str.strip(chars)`. */
export function pyStripChars(s: string, chars: string): string {
  const set = new Set(Array.from(chars));
  const cps = Array.from(s);
  let a = 0;
  let b = cps.length;
  while (a < b && set.has(cps[a]!)) a++;
  while (b > a && set.has(cps[b - 1]!)) b--;
  return cps.slice(a, b).join('');
}

const ND = /^\p{Nd}$/u;

/** The value 0–9 of one Unicode decimal digit (decimal digits come in contiguous runs of ten, 0 first). */
export function digitValue(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  let start = cp;
  while (start > 0 && ND.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** Python's `int()` of a run of decimal digits (any script), as a JS number. */
export function digitsValue(digits: string): number {
  let n = 0;
  for (const ch of digits) n = n * 10 + digitValue(ch);
  return n;
}

const ASCII_DIGITS = /^[0-9]*$/;

/** The same digits as a canonical ASCII decimal string (exact for any length): the identity Python's int gives. */
export function digitsKey(digits: string): string {
  const ascii = ASCII_DIGITS.test(digits) ? digits : Array.from(digits, (ch) => String(digitValue(ch))).join('');
  return ascii.replace(/^0+(?=\d)/, '');
}

/** Python's `int(s)` for a str (surrounding whitespace, sign, digits of any script, single underscores between digits); null on ValueError. */
export function pyInt(s: string): number | null {
  const m = PY_INT_RE.exec(s);
  if (!m) return null;
  const v = digitsValue(m[2]!.replace(/_/g, ''));
  return m[1] === '-' ? -v : v;
}

// ---------------------------------------------------------------------------------------------
// Reasons and locations

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "after no moves" / "after its only move" / "after all 12 moves". */
export function afterMoves(n: number): string {
  return n === 0 ? 'after no moves' : n === 1 ? 'after its only move' : `after all ${n} moves`;
}

/** A short quotation of answer text for a reason. */
export function quote(s: string, max = 60): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

/** "a, b and c" (at most `max` items, then "and N more"). */
export function listing(items: readonly string[], max = 4): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]!}`;
}

export function moveLoc(index: number, label: string): Location {
  return { kind: 'move', index, label };
}

export function cellLoc(row: number, col: number, label?: string): Location {
  return label === undefined ? { kind: 'cell', row, col } : { kind: 'cell', row, col, label };
}

// ---------------------------------------------------------------------------------------------
// Strict answer reading

/** LaTeX commands and their escape-mangled forms (§1.2 turns `\to`, `\text` into TAB + `o`, TAB + `ext`). */
const LATEX_NOISE = /\\[A-Za-z]+|\\[,;:! ]|\t(?:o|ext|extbf|extrm|extit|imes)(?![\p{L}\p{N}_])/gu;
/** "1." / "2)" step numbers in front of moves. */
const NUMBERING = /(?<![\p{L}\p{N}_])\d+[.):](?![\p{L}\p{N}_])/gu;
/** A leading label such as "Moves:" or "Solution:". */
const LABEL = /^\s*(?:final\s+)?(?:answer|moves?|solution|path|sequence)\s*[:：]/iu;
const TOKEN = /[\p{L}\p{N}_]+/gu;

/** The word-like tokens left in `text` once the wanted items, LaTeX noise and step numbers are removed. */
export function leftoverTokens(text: string, items: RegExp): string[] {
  const rest = text.replace(LABEL, ' ').replace(LATEX_NOISE, ' ').replace(items, ' ').replace(NUMBERING, ' ');
  return rest.match(TOKEN) ?? [];
}

function tokenList(tokens: readonly string[]): string {
  return listing(tokens.map((t) => quote(t, 20)), 3);
}

export type MoveRead = { ok: true; moves: Dir[]; notation: 'words' | 'letters' } | { ok: false; reason: string };

const DIR_WORDS = /(?<![\p{L}\p{N}_])(up|down|left|right)(?![\p{L}\p{N}_])/giu;
const LETTER_DIR: Readonly<Record<string, Dir>> = { u: 'up', d: 'down', l: 'left', r: 'right' };

/**
 * Strict reading of a move list: the words up/down/left/right in any case, separated by anything that is
 * not a letter or digit (spaces, commas, arrows, a JSON list, step numbers). With `letters`, an answer made
 * only of the letters U/D/L/R (Sokoban's LURD notation: `U R`, `urDL`) is read too. Any other word in the
 * answer makes it unreadable: the moves could not be told apart from commentary.
 */
export function readMoveList(answer: string, opts: { letters: boolean }): MoveRead {
  const text = answer.replace(LABEL, ' ').replace(LATEX_NOISE, ' ');
  const moves = [...text.matchAll(DIR_WORDS)].map((m) => m[1]!.toLowerCase() as Dir);
  const left = leftoverTokens(text, DIR_WORDS);
  if (moves.length > 0 && left.length === 0) return { ok: true, moves, notation: 'words' };
  if (moves.length > 0) {
    return { ok: false, reason: `could not read a move list from the answer: besides the moves it contains ${tokenList(left)}` };
  }
  if (left.length === 0) return { ok: false, reason: `could not read a move list from the answer: no up/down/left/right moves in ${quote(answer)}` };
  if (left.every((t) => /^[udlr]+$/i.test(t))) {
    if (opts.letters) return { ok: true, moves: Array.from(left.join('').toLowerCase(), (c) => LETTER_DIR[c]!), notation: 'letters' };
    return { ok: false, reason: 'could not read a move list from the answer: it uses the letters U/D/L/R, but the question asks for the words up, down, left, right' };
  }
  if (left.length === 1 && /^(?:up|down|left|right){2,}$/i.test(left[0]!)) {
    return { ok: false, reason: `could not read a move list from the answer: the moves are run together without separators (${quote(left[0]!, 30)})` };
  }
  return { ok: false, reason: `could not read a move list from the answer: no up/down/left/right moves, only ${tokenList(left)}` };
}
