/**
 * The reference binairo matrix extraction (verifiers.md §6.9): a cascade of strategies, the first that
 * yields a rectangular 0/1 matrix with ≥ 2 rows and ≥ 2 columns wins. Each strategy is a faithful port
 * of the reference's patterns (Python backtracking semantics carry over to JS regexes; MULTILINE `^`/`$`
 * and `\Z` are spelled out, DOTALL `.` is `[\s\S]`).
 */
import { BOL, END, EOL, findAll0, findAll1, matchAll, pySplitWs, pyStrip } from './common';
import { arrayOf, flat } from '../../collections';

export type Matrix = number[][];

const LIT_NL = '\\n';

function replaceAll(s: string, from: string, to: string): string {
  return s.split(from).join(to);
}

/** `_parse_matrix_row`: separators to spaces, non-digits to spaces, keep the tokens equal to 0 or 1. */
export function parseMatrixRow(s: string): number[] | null {
  if (s === '') return null;
  const cleaned = s.replace(/[,|\t\-+=]+/g, ' ').replace(/[^\d\s]/g, ' ');
  const row: number[] = [];
  for (const tok of pySplitWs(cleaned)) {
    if (!/^\d+$/.test(tok)) continue;
    if (/^0+$/.test(tok)) row.push(0);
    else if (/^0*1$/.test(tok)) row.push(1);
  }
  return row.length >= 2 ? row : null;
}

/** `_parse_matrix_string`: one row per line, rows whose length differs from the first kept row skipped. */
export function parseMatrixString(s0: string): Matrix | null {
  if (s0 === '') return null;
  let s = replaceAll(s0, LIT_NL, '\n');
  s = replaceAll(s, '\\r\\n', '\n');
  s = replaceAll(s, '\\r', '\n');
  const matrix: Matrix = [];
  let expected: number | null = null;
  for (const raw of pyStrip(s).split(/[\n\r]+/)) {
    const r = pyStrip(raw);
    if (r === '') continue;
    const row = parseMatrixRow(r);
    if (row === null || row.length === 0) continue;
    if (expected === null) expected = row.length;
    else if (row.length !== expected) continue;
    matrix.push(row);
  }
  return matrix.length >= 2 ? matrix : null;
}

export function isValidMatrix(m: Matrix | null): m is Matrix {
  if (m === null || m.length === 0) return false;
  const w = m[0]!.length;
  if (w === 0) return false;
  for (const row of m) {
    if (row.length !== w) return false;
    for (const c of row) if (c !== 0 && c !== 1) return false;
  }
  return m.length >= 2 && w >= 2;
}

function firstParsed(re: RegExp | ((s: string) => Iterable<{ 1?: string }>), output: string, unescape: boolean): Matrix | null {
  for (const m of typeof re === 'function' ? re(output) : matchAll(re, output)) {
    const content = unescape ? replaceAll(m[1] ?? '', LIT_NL, '\n') : (m[1] ?? '');
    const matrix = parseMatrixString(content);
    if (matrix !== null) return matrix;
  }
  return null;
}

function searchParsed(patterns: RegExp[], output: string): Matrix | null {
  for (const re of patterns) {
    const m = re.exec(output);
    if (m) {
      const matrix = parseMatrixString(replaceAll(m[1] ?? '', LIT_NL, '\n'));
      if (matrix !== null) return matrix;
    }
  }
  return null;
}

function literalNewlines(output: string): Matrix | null {
  const patterns = [
    /([01](?:\s+[01])+(?:\\n[01](?:\s+[01])+)*)/g,
    /([01](?:[,\s]+[01])+(?:\\n[01](?:[,\s]+[01])+)*)/g,
    /([01](?:[,\s]+[01])+(?:[\s]*\\n[\s]*[01](?:[,\s]+[01])+)*)/g,
    /([01](?:\s*[01])+(?:\\n[01](?:\s*[01])+)*)/g,
  ];
  for (const re of patterns) {
    for (const m of matchAll(re, output)) {
      let s = m[1] ?? '';
      for (const nl of [LIT_NL, '\\r\\n', '\\r']) s = replaceAll(s, nl, '\n');
      const matrix = parseMatrixString(s);
      if (matrix !== null) return matrix;
    }
  }
  for (const nl of [LIT_NL, '\\r\\n', '\\r']) {
    if (output.includes(nl)) {
      const matrix = parseMatrixString(replaceAll(output, nl, '\n'));
      if (matrix !== null) return matrix;
    }
  }
  return null;
}

function codeBlocks(output: string): Matrix | null {
  return (
    firstParsed(/```(?:python|text|matrix|grid|answer|solution)?\s*\n?([\d\s,|\t\\]+?)```/g, output, true) ??
    firstParsed(bareDigitFences, output, true)
  );
}

const JS_SPACE = /\s/;
const FENCE_CHAR = /[\d\s,|\t\\]/;

/**
 * Every match of the reference's /```\s*([\d\s,|\t\\]+?)\s*```/g (kept in test/verify/regexBinairoFence.test.ts; as `matchAll` gives them: `[0]` and `[1]`), found in linear time.
 * As a regular expression the lazy group holds whitespace, as do the `\s*` on both sides, so a fence
 * opening a long whitespace run that is never closed backtracked cubically. Here, from each fence in turn:
 * the greedy `\s*` takes the whitespace run, the group's characters run to the first other character,
 * which must start the closing fence; the lazy group then ends before the run's trailing whitespace
 * (keeping at least one character, which is whitespace when the run held nothing else).
 */
export function* bareDigitFences(s: string): Generator<{ 0: string; 1: string; index: number }> {
  let from = 0;
  for (let i = s.indexOf('```', from); i >= 0; i = s.indexOf('```', from)) {
    let w = i + 3;
    while (w < s.length && JS_SPACE.test(s[w]!)) w++;
    let q = w;
    while (q < s.length && FENCE_CHAR.test(s[q]!)) q++;
    const g = w < q ? w : w - 1;
    if (g >= i + 3 && s.startsWith('```', q)) {
      let e = q;
      while (e > g + 1 && JS_SPACE.test(s[e - 1]!)) e--;
      yield { 0: s.slice(i, q + 3), 1: s.slice(g, e), index: i };
      from = q + 3;
    } else from = i + 1;
  }
}

const C = '([01][\\d\\s,|\\t\\\\]+?)';
const STOP_Z = `(?:\\n\\s*\\n|${END})`;
const STOP_M = `(?:\\n\\s*\\n|${EOL})`;
const ROWS_TAIL = '([01](?:\\s+[01])+(?:[\\\\n\\n][01](?:\\s+[01])+)*)';

const ANSWER_SECTION = [
  `(?:answer|solution|result):\\s*${C}${STOP_Z}`,
  `(?:answer|solution|result)\\s*[=:]\\s*${C}${STOP_Z}`,
  `(?:final\\s+)?(?:answer|solution|result)\\s*[=:]?\\s*\\n?${C}${STOP_Z}`,
  `(?:my\\s+)?(?:answer|solution|result)\\s*[=:]?\\s*\\n?${C}${STOP_Z}`,
  `(?:the\\s+)?(?:correct\\s+)?(?:answer|solution|result)\\s*[=:]?\\s*\\n?${C}${STOP_Z}`,
  `(?:here\\s+is\\s+)?(?:my\\s+)?(?:answer|solution|result)\\s*[=:]?\\s*\\n?${C}${STOP_Z}`,
  `(?:answer|solution|result)[\\s\\S]*?${ROWS_TAIL}\\s*${EOL}`,
].map((p) => new RegExp(p, 'i'));

const SOLUTION_SECTION = [
  `(?:the\\s+)?(?:solution|matrix|grid)\\s+is:?\\s*\\n?${C}${STOP_Z}`,
  `(?:completed|filled|final)\\s+(?:matrix|grid):?\\s*\\n?${C}${STOP_Z}`,
  `(?:solution|matrix|grid)[\\s\\S]*?${ROWS_TAIL}`,
].map((p) => new RegExp(p, 'i'));

const RESULT_SECTION = [
  `(?:here\\s+is\\s+the\\s+)?(?:result|output):?\\s*\\n?${C}${STOP_Z}`,
  `(?:the\\s+)?(?:final|complete)\\s+(?:result|output):?\\s*\\n?${C}${STOP_Z}`,
].map((p) => new RegExp(p, 'i'));

const MATRIX_KEYWORDS = [
  `(?:the\\s+)?(?:completed|final|solved|answer)\\s+(?:matrix|grid|puzzle)\\s*[:\\-]?\\s*\\n?${C}${STOP_M}`,
  `(?:matrix|grid|puzzle)\\s+(?:solution|answer|result)\\s*[:\\-]?\\s*\\n?${C}${STOP_M}`,
  `(?:here\\s+is\\s+the\\s+)?(?:matrix|grid|solution|answer)\\s*[:\\-]?\\s*\\n${C}${STOP_M}`,
  `(?:binairo|takuzu)\\s+(?:solution|answer)\\s*[:\\-]?\\s*\\n?${C}${STOP_M}`,
].map((p) => new RegExp(p, 'i'));

function isMatrixRow(line: string): boolean {
  const t = pyStrip(line);
  if (t === '') return false;
  if (!/^[\d\s,|\t]+$/.test(t)) return false;
  const nums = findAll0(/\d+/g, line);
  return nums.length >= 2 && nums.every((n) => n === '0' || n === '1');
}

function matrixPatterns(output: string): Matrix | null {
  const lines = replaceAll(output, LIT_NL, '\n').split('\n');
  const candidates: Matrix[] = [];
  let current: Matrix = [];
  for (const line0 of lines) {
    const line = pyStrip(line0);
    const row = isMatrixRow(line) ? parseMatrixRow(line) : null;
    if (row !== null) current.push(row);
    else {
      if (current.length >= 2) candidates.push(current);
      current = [];
    }
  }
  if (current.length >= 2) candidates.push(current);
  const sorted = candidates.map((m, i) => ({ m, i })).sort((a, b) => b.m.length - a.m.length || a.i - b.i);
  for (const { m } of sorted) if (isValidMatrix(m)) return m;
  return null;
}

function rowsOf(matches: string[], minLen: number): Matrix {
  const out: Matrix = [];
  for (const m of matches) {
    const row = parseMatrixRow(m);
    if (row !== null && row.length >= minLen) out.push(row);
  }
  return out;
}

function tableFormat(output: string): Matrix | null {
  for (const re of [/\|[\d\s|]+\|/g, /[\d\s]+\|[\d\s|]+/g]) {
    const matches = findAll0(re, output);
    if (matches.length === 0) continue;
    const matrix = rowsOf(matches.map((m) => pyStrip(m.replace(/[|\s]+/g, ' '))), 0);
    if (matrix.length >= 2 && isValidMatrix(matrix)) return matrix;
  }
  return null;
}

function bracketFormat(output: string): Matrix | null {
  for (const re of [
    /\[\s*\[\s*([01](?:\s*,\s*[01])*)\s*\](?:\s*,\s*\[\s*([01](?:\s*,\s*[01])*)\s*\])*\s*\]/g,
    /(?:\[\s*([01](?:\s*,\s*[01])*)\s*\](?:\s*,?\s*\n?)){2,}/g,
  ]) {
    for (const m of matchAll(re, output)) {
      const contents = findAll1(/\[\s*([01](?:\s*,\s*[01])*)\s*\]/g, m[0]);
      if (contents.length < 2) continue;
      const matrix: Matrix = [];
      for (const c of contents) {
        const row = c.split(',').map((x) => pyStrip(x)).filter((x) => /^\d+$/.test(x)).map(Number);
        if (row.length > 0 && row.every((x) => x === 0 || x === 1)) matrix.push(row);
      }
      if (matrix.length >= 2 && isValidMatrix(matrix)) return matrix;
    }
  }
  return null;
}

function spaceSeparated(output: string): Matrix | null {
  const matrix: Matrix = [];
  for (const raw of output.split(/[\n\r]+/)) {
    const line = pyStrip(raw);
    if (line === '') continue;
    if (/^[01\s,|\-+.\t]*$/.test(line)) {
      const bits = line.match(/[01]/g) ?? [];
      if (bits.length >= 2) matrix.push(bits.map(Number));
    }
  }
  return matrix.length >= 2 && isValidMatrix(matrix) ? matrix : null;
}

/**
 * `_extract_from_json_like` never yields a usable matrix: its first pattern hands the reference's eval
 * the first row's contents only ("0, 1, 1, 0" — a tuple, not a list of lists) and its second captures
 * at most one inner list (its character class excludes `[`), which is never ≥ 2 rows.
 */
function jsonLike(): Matrix | null {
  return null;
}

function numericBlocks(output: string): Matrix | null {
  for (const re of [
    new RegExp(`(?:${BOL}|\\n)\\s*([01](?:[,\\s]+[01])+)\\s*(?:\\n|${EOL})`, 'g'),
    new RegExp(`(?:${BOL}|\\n)\\s*([01](?:\\s*[01])+)\\s*(?:\\n|${EOL})`, 'g'),
  ]) {
    const matches = findAll1(re, output);
    if (matches.length < 2) continue;
    const matrix = rowsOf(matches, 2);
    if (matrix.length >= 2 && isValidMatrix(matrix)) return matrix;
  }
  return null;
}

function gridFormat(output: string): Matrix | null {
  for (const re of [/(?:\+[-+]+\+\s*\n)([01\s|]+)(?:\n\+[-+]+\+)?/g, /(?:\|[01\s|]+\|\s*\n){2,}/g]) {
    for (const m of matchAll(re, output)) {
      const rows = findAll1(/\|([01\s]+)\|/g, m[0]);
      if (rows.length < 2) continue;
      const matrix = rowsOf(rows, 0);
      if (matrix.length >= 2 && isValidMatrix(matrix)) return matrix;
    }
  }
  return null;
}

function anyGridPattern(output: string): Matrix | null {
  const text = replaceAll(output, LIT_NL, '\n');
  const matches = findAll1(new RegExp(`(?:${BOL}|\\n)\\s*([01](?:[\\s,|\\t]+[01]){1,20})\\s*(?:\\n|${EOL})`, 'g'), text);
  if (matches.length < 2) return null;
  const matrix = rowsOf(matches, 2);
  return matrix.length >= 2 && isValidMatrix(matrix) ? matrix : null;
}

function singleLine(output: string): Matrix | null {
  for (const m of matchAll(/([01](?:[,\s]*[01]){5,})/g, output)) {
    const nums = (m[1]!.match(/[01]/g) ?? []).map(Number);
    if (nums.length < 4) continue;
    const limit = Math.floor(Math.sqrt(nums.length)) + 2;
    for (let rows = 2; rows < limit; rows++) {
      if (nums.length % rows !== 0) continue;
      const cols = nums.length / rows;
      if (cols < 2) continue;
      const matrix = arrayOf(rows, (i) => nums.slice(i * cols, (i + 1) * cols));
      if (isValidMatrix(matrix)) return matrix;
    }
  }
  return null;
}

function mixedFormat(output: string): Matrix | null {
  return (
    firstParsed(/([01](?:[\s|,\t]+[01])+(?:\n[01](?:[\s|,\t]+[01])+)*)/g, output, false) ??
    firstParsed(/([01](?:[|]+[01])+(?:\n[01](?:[|]+[01])+)*)/g, output, false)
  );
}

function coordinateFormat(output: string): Matrix | null {
  const ms = matchAll(/R(\d+)C(\d+)\s*[=:]\s*([01])/gi, output);
  if (ms.length === 0) return null;
  const maxRow = Math.max(...ms.map((m) => Number(m[1])));
  const maxCol = Math.max(...ms.map((m) => Number(m[2])));
  if (!(ms.length >= maxRow * maxCol * 0.5)) return null;
  const matrix: Array<Array<number | null>> = arrayOf(maxRow, () => Array<number | null>(maxCol).fill(null));
  for (const m of ms) {
    const r = Number(m[1]) - 1;
    const c = Number(m[2]) - 1;
    if (r >= 0 && r < maxRow && c >= 0 && c < maxCol) matrix[r]![c] = Number(m[3]);
  }
  const filled = flat(matrix).filter((v) => v !== null).length;
  if (filled >= maxRow * maxCol * 0.8) return matrix.map((row) => row.map((v) => v ?? 0));
  return null;
}

/**
 * The reference's patterns have `[\\n\n]` as the row separator; a line feed there is also matched by the
 * `[\s,]+` inside a row, so every line break could go either way and a long quoted run of rows that ends
 * badly backtracked exponentially. A line feed between rows is always taken by `[\s,]+` instead, so
 * `[\\n]` (a backslash or the letter n, as in a literal `\n`) accepts exactly the same strings, in linear time.
 */
function quotedStrings(output: string): Matrix | null {
  return searchParsed(
    [
      /"([01](?:[\s,]+[01])+(?:[\\n][01](?:[\s,]+[01])+)*)"/,
      /'([01](?:[\s,]+[01])+(?:[\\n][01](?:[\s,]+[01])+)*)'/,
      /`([01](?:[\s,]+[01])+(?:[\\n][01](?:[\s,]+[01])+)*)`/,
    ],
    output,
  );
}

function enumeratedFormat(output: string): Matrix | null {
  const matches = findAll1(new RegExp(`(?:${BOL}|\\n)\\s*\\d+[.)]\\s*([01](?:[\\s,]+[01])+)\\s*(?:\\n|${EOL})`, 'g'), output);
  if (matches.length < 2) return null;
  const matrix = rowsOf(matches, 0);
  return matrix.length >= 2 && isValidMatrix(matrix) ? matrix : null;
}

const STRATEGIES: Array<[string, (output: string) => Matrix | null]> = [
  ['digit rows', literalNewlines],
  ['a code block', codeBlocks],
  ['an answer section', (o) => searchParsed(ANSWER_SECTION, o)],
  ['a solution section', (o) => searchParsed(SOLUTION_SECTION, o)],
  ['a result section', (o) => searchParsed(RESULT_SECTION, o)],
  ['a "matrix"/"grid" heading', (o) => searchParsed(MATRIX_KEYWORDS, o)],
  ['consecutive matrix lines', matrixPatterns],
  ['a table with |', tableFormat],
  ['bracketed rows', bracketFormat],
  ['lines of 0s and 1s', spaceSeparated],
  ['a JSON-like list', jsonLike],
  ['numeric blocks', numericBlocks],
  ['a bordered grid', gridFormat],
  ['grid-like lines', anyGridPattern],
  ['all digits of one run split into rows', singleLine],
  ['mixed separators', mixedFormat],
  ['R1C1=v coordinates', coordinateFormat],
  ['a quoted string', quotedStrings],
  ['numbered rows', enumeratedFormat],
];

/** The reference's `extract_answer`: the matrix and the strategy that read it, or null. */
export function extractBinairoReference(answer: string): { matrix: Matrix; how: string } | null {
  if (answer === '') return null;
  const output = pyStrip(answer);
  for (const [how, strategy] of STRATEGIES) {
    const m = strategy(output);
    if (m !== null && isValidMatrix(m)) return { matrix: m, how };
  }
  return null;
}
