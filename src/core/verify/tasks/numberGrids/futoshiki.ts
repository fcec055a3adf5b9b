/**
 * Futoshiki — `futoshiki_evaluator` (verifiers.md §6.12).
 *
 * Cells are 0-based (row, col) in the puzzle (givens grid and inequalities); reasons write cells in that
 * notation, e.g. "cell (1,2)", and lines 1-based ("row 2"). Locations are 0-based.
 *
 * reference: the six-method grid extraction (first valid nested list; any balanced [...] list of lists;
 * integers per line; the same after removing brackets; a size hint or the most common per-line count; all
 * integers as a square or the first rows×cols factorisation), then n×n, 1..n, givens, Latin square,
 * inequalities (Python indexing: negative indexes wrap). Never raises: any error is "incorrect".
 * strict: a cleanly read n×n grid, every given, Latin square, every inequality (all failures reported).
 */
import { PyTuple, type PyValue } from '../../../pyliteral';
import { fail, guarded, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { cellLoc, colLoc, field, compareWithStored, gridReadCheck, isIntGrid, latinProblems, problemsFrom, readIntGrid, rowLoc, shapeProblems, show, sizeFromQuestion, whyNotOneToN } from './grids';
import { findall, literalEval, pyEquals, pyInt, pyIntOf, pyRe, pySetOrderOfInts, pyStrip } from './pyCompat';

// ---------------------------------------------------------------------------------------------------------
// Reference extraction

type Grid = unknown[][];

/** The reference's second nested-list pattern as written (the equivalence test builds it). */
export const NESTED_SECOND_ORIGINAL = String.raw`\[(?:\s*\[\s*\d+(?:\s*,\s*\d+)*\s*\](?:\s*,\s*)?)+\s*\]`;
/**
 * The reference's nested-list patterns. The second is written with the whitespace between rows in one
 * place (`\[\s*(?:ROW\s*(?:,\s*)?)+\]` for `\[(?:\s*ROW(?:\s*,\s*)?)+\s*\]`): the same strings, but a row's
 * trailing `\s*,?\s*` and the next row's leading `\s*` no longer split a whitespace run in every way per
 * row (exponential on many rows followed by no closing bracket).
 */
export const NESTED_SECOND = String.raw`\[\s*(?:\[\s*\d+(?:\s*,\s*\d+)*\s*\]\s*(?:,\s*)?)+\]`;
const NESTED_PATTERNS = [
  String.raw`\[\s*(?:\[\s*(?:\d+(?:\s*,\s*\d+)*)\s*\](?:\s*,\s*)?)+\s*\]`,
  NESTED_SECOND,
  String.raw`\[\s*\[[\d\s,]+\](?:\s*,\s*\[[\d\s,]+\])*\s*\]`,
].map((p) => pyRe(p, 'g'));
const DIGITS = pyRe(String.raw`\d+`, 'g');
const HAS_DIGIT = pyRe(String.raw`\d`);
const SIZE_HINT = pyRe(String.raw`(\d+)\s*[×x]\s*(\d+)`, 'g');

function ints(text: string): number[] {
  return findall(DIGITS, text).map((m) => pyInt(m[0]!) ?? 0);
}

/** `_is_valid_grid`: a non-empty list of equally long lists (not tuples), every cell int()-able, ≥ 2×2. */
function isValidGrid(g: unknown): g is Grid {
  if (!Array.isArray(g) || g.length === 0) return false;
  if (!g.every((row) => Array.isArray(row))) return false;
  const rows = g as unknown[][];
  const w = rows[0]!.length;
  if (!rows.every((row) => row.length === w)) return false;
  for (const row of rows) for (const cell of row) if (pyIntOf(cell as PyValue) === null) return false;
  return rows.length >= 2 && w >= 2;
}

function literalGrid(src: string): Grid | null {
  const v = literalEval(src);
  return v !== undefined && isValidGrid(v) ? v : null;
}

function chunkRows(nums: number[], rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(nums.slice(i * cols, (i + 1) * cols));
  return out;
}

/** `max(set(counts), key=counts.count)`: the first most frequent value in CPython set order. */
function mostCommon(counts: number[]): number {
  let best = -1;
  let bestCount = -1;
  for (const v of pySetOrderOfInts(counts)) {
    const c = counts.filter((x) => x === v).length;
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

export function extractFutoshikiGrid(text: string): { grid: Grid; how: string } | null {
  // 1. nested list patterns
  for (const re of NESTED_PATTERNS) {
    for (const m of findall(re, text)) {
      const g = literalGrid(m[0]!);
      if (g) return { grid: g, how: 'a nested list' };
    }
  }
  // 2. balanced top-level [...] regions
  const regions: string[] = [];
  const stack: number[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') {
      if (stack.length === 0) start = i;
      stack.push(i);
    } else if (c === ']' && stack.length > 0) {
      stack.pop();
      if (stack.length === 0 && start !== -1) regions.push(text.slice(start, i + 1));
    }
  }
  for (const r of regions) {
    const g = literalGrid(r);
    if (g) return { grid: g, how: 'a list of lists' };
  }
  const lines = pyStrip(text).split('\n');
  // 3. integers per line
  const t3 = lines.filter((l) => pyStrip(l) !== '').map(ints).filter((r) => r.length > 0);
  if (isValidGrid(t3)) return { grid: t3, how: 'the integers of each line' };
  // 4. the same after deleting brackets and parentheses
  const t4 = lines.filter((l) => HAS_DIGIT.test(l)).map((l) => ints(l.replace(/[[\]()]/g, ''))).filter((r) => r.length > 0);
  if (isValidGrid(t4)) return { grid: t4, how: 'the integers of each line (brackets removed)' };
  // 5. a size hint, or the most common per-line count
  const g5 = inferred(text);
  if (g5) return g5;
  // 6. all integers: a square, else the first rows×cols factorisation
  const all = ints(text);
  if (all.length > 0) {
    const total = all.length;
    const sizes: Array<[number, number]> = [];
    for (let s = 2; s < Math.floor(Math.sqrt(total)) + 2; s++) if (s * s === total) sizes.push([s, s]);
    for (let r = 2; r < Math.floor(total / 2) + 1; r++) if (total % r === 0 && total / r >= 2) sizes.push([r, total / r]);
    for (const [r, c] of sizes) {
      const g = chunkRows(all, r, c);
      if (isValidGrid(g)) return { grid: g, how: `all ${total} integers of the text as ${r}×${c}` };
    }
  }
  return null;
}

function inferred(text: string): { grid: Grid; how: string } | null {
  const hints = findall(SIZE_HINT, text);
  let rows: number;
  let cols: number;
  let how: string;
  if (hints.length > 0) {
    rows = pyInt(hints[0]![0]!) ?? 0;
    cols = pyInt(hints[0]![1]!) ?? 0;
    how = `the size hint ${rows}×${cols}`;
  } else {
    const counts = text
      .split('\n')
      .map((l) => findall(DIGITS, l).length)
      .filter((c) => c > 0);
    if (counts.length === 0) return null;
    cols = mostCommon(counts);
    rows = counts.length;
    how = `${rows} lines of ${cols} integers`;
  }
  const all = ints(text);
  if (all.length !== rows * cols) return null;
  const g = chunkRows(all, rows, cols);
  return isValidGrid(g) ? { grid: g, how } : null;
}

// ---------------------------------------------------------------------------------------------------------
// Reference check

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function pyLen(v: unknown): number | null {
  if (Array.isArray(v)) return v.length;
  if (typeof v === 'string') return [...v].length;
  if (isDict(v)) return Object.keys(v).length;
  return null;
}

/** Python `seq[i]` for a list and an int index (negative wraps); undefined when it raises. */
function pyIndex(seq: unknown, i: unknown): { ok: true; v: unknown } | { ok: false } {
  if (!Array.isArray(seq)) return { ok: false };
  let k: number;
  if (typeof i === 'boolean') k = i ? 1 : 0;
  else if (typeof i === 'number' && Number.isInteger(i)) k = i;
  else return { ok: false };
  if (k < 0) k += seq.length;
  return k >= 0 && k < seq.length ? { ok: true, v: seq[k] } : { ok: false };
}

function toPy(v: unknown): PyValue {
  return v as PyValue;
}

export function futoshikiReference(input: VerifyInput): Check {
  const ex = extractFutoshikiGrid(input.answer);
  if (!ex || ex.grid.length === 0) return fail('could not read a grid from the answer: no nested list, no lines of integers and no rectangular arrangement of its integers');
  const grid = ex.grid;
  const st = input.initialState;
  if (!isDict(st)) return fail('initial_state is not a dict (the reference treats that as incorrect)');
  const initialGrid = field(st, 'grid') ?? (Object.prototype.hasOwnProperty.call(st, 'grid') ? null : []);
  const inequalities = field(st, 'inequalities') ?? (Object.prototype.hasOwnProperty.call(st, 'inequalities') ? null : []);
  const gridLen = pyLen(initialGrid);
  if (gridLen === null) return fail('the puzzle grid has no length (the reference treats the error as incorrect)');
  const sizeV = field(st, 'size');
  const size: unknown = sizeV === undefined ? gridLen : sizeV;
  const sizeNum = typeof size === 'boolean' ? Number(size) : size;
  const read = `the grid read from ${ex.how}`;
  if (grid.length !== sizeNum) return fail(`${read} has ${grid.length} rows, the puzzle is ${show(size)}×${show(size)}`);
  const badRow = grid.findIndex((row) => row.length !== sizeNum);
  if (badRow >= 0) return fail(`row ${badRow + 1} of ${read} has ${grid[badRow]!.length} entries, the puzzle is ${show(size)}×${show(size)}`, [rowLoc(badRow)]);
  const n = grid.length;
  const g: number[][] = [];
  for (const row of grid) {
    const out: number[] = [];
    for (const cell of row) {
      const v = pyIntOf(toPy(cell));
      if (v === null) return fail(`the cell value ${show(cell)} is not an integer`);
      out.push(v);
    }
    g.push(out);
  }
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const v = g[r]![c]!;
      if (v < 1 || v > n) return fail(`cell (${r},${c}) holds ${v}, outside 1..${n} (0-based (row,col))`, [cellLoc(r, c)]);
    }
  }
  // givens
  if (!Array.isArray(initialGrid)) return fail('the puzzle grid is not a list (the reference treats the error as incorrect)');
  if (g.length !== initialGrid.length) return fail(`the answer has ${g.length} rows but the puzzle grid has ${initialGrid.length}`);
  for (let i = 0; i < initialGrid.length; i++) {
    const irow: unknown = initialGrid[i];
    const ilen = pyLen(irow);
    if (ilen === null || !Array.isArray(irow)) return fail(`row ${i + 1} of the puzzle grid is not a list (the reference treats the error as incorrect)`);
    if (g[i]!.length !== ilen) return fail(`row ${i + 1} has ${g[i]!.length} entries but the puzzle grid row has ${ilen}`, [rowLoc(i)]);
    for (let j = 0; j < ilen; j++) {
      const given = toPy(irow[j]);
      if (!pyEquals(given, 0) && !pyEquals(g[i]![j]!, given)) {
        return fail(`cell (${i},${j}) is given as ${show(given)} but the answer has ${g[i]![j]!} (0-based (row,col))`, [cellLoc(i, j, `given ${show(given)}`)]);
      }
    }
  }
  for (let r = 0; r < n; r++) {
    if (!exactlyOneToN(g[r]!, g.length)) return fail(`row ${r + 1} ${whyNotOneToN(g[r]!, g.length)}: every row must hold 1..${g.length} exactly once`, [rowLoc(r)]);
  }
  for (let c = 0; c < g.length; c++) {
    const col = g.map((row) => row[c]!);
    if (!exactlyOneToN(col, g.length)) return fail(`column ${c + 1} ${whyNotOneToN(col, g.length)}: every column must hold 1..${g.length} exactly once`, [colLoc(c)]);
  }
  // inequalities
  if (!Array.isArray(inequalities)) {
    if (isDict(inequalities) && Object.keys(inequalities).length === 0) return pass();
    if (typeof inequalities === 'string' && inequalities.length === 0) return pass();
    return fail('the inequalities are not a list of constraints (the reference treats the error as incorrect)');
  }
  for (let k = 0; k < inequalities.length; k++) {
    const q: unknown = inequalities[k];
    const bad = (why: string): Check => fail(`inequality ${k + 1} ${why} (the reference treats it as incorrect)`);
    if (!isDict(q)) return bad('is not a {cell1, cell2, symbol} dict');
    if (!('cell1' in q) || !('cell2' in q) || !('symbol' in q)) return bad('lacks cell1, cell2 or symbol');
    const c1 = q['cell1'];
    const c2 = q['cell2'];
    const sym = q['symbol'];
    const i1 = pyIndex(c1, 0);
    const j1 = pyIndex(c1, 1);
    const i2 = pyIndex(c2, 0);
    const j2 = pyIndex(c2, 1);
    if (!i1.ok || !j1.ok || !i2.ok || !j2.ok) return bad('has a malformed cell');
    const row1 = pyIndex(g, i1.v);
    const row2 = pyIndex(g, i2.v);
    const v1 = row1.ok ? pyIndex(row1.v, j1.v) : row1;
    const v2 = row2.ok ? pyIndex(row2.v, j2.v) : row2;
    if (!v1.ok || !v2.ok) return bad(`refers to a cell outside the grid (${show(c1)} or ${show(c2)})`);
    const a = v1.v as number;
    const b = v2.v as number;
    const name = `cell (${show(i1.v)},${show(j1.v)}) ${String(sym)} cell (${show(i2.v)},${show(j2.v)})`;
    const locs: Location[] = [];
    if (typeof i1.v === 'number' && typeof j1.v === 'number' && i1.v >= 0 && j1.v >= 0) locs.push(cellLoc(i1.v, j1.v));
    if (typeof i2.v === 'number' && typeof j2.v === 'number' && i2.v >= 0 && j2.v >= 0) locs.push(cellLoc(i2.v, j2.v));
    if (sym === '<') {
      if (a >= b) return fail(`inequality ${k + 1}: ${name} fails (${a} < ${b} is false; 0-based (row,col))`, locs);
    } else if (sym === '>') {
      if (a <= b) return fail(`inequality ${k + 1}: ${name} fails (${a} > ${b} is false; 0-based (row,col))`, locs);
    } else {
      return bad(`has the unknown symbol ${show(sym)}`);
    }
  }
  return pass();
}

function exactlyOneToN(values: readonly number[], n: number): boolean {
  const s = new Set(values);
  if (s.size !== n) return false;
  for (let v = 1; v <= n; v++) if (!s.has(v)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Strict

export interface Inequality {
  a: [number, number];
  b: [number, number];
  symbol: '<' | '>';
}

export interface FutoshikiPuzzle {
  n: number;
  givens: number[][];
  inequalities: Inequality[];
  source: string;
}

function asCell(v: unknown): [number, number] | null {
  const items = Array.isArray(v) ? v : v instanceof PyTuple ? v.items : null;
  if (!items || items.length !== 2) return null;
  const [a, b] = items as [unknown, unknown];
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isInteger(a) || !Number.isInteger(b)) return null;
  return [a, b];
}

export function futoshikiPuzzle(input: VerifyInput): FutoshikiPuzzle | null {
  const st = input.initialState;
  if (isDict(st)) {
    const grid = field(st, 'grid');
    const ineqs = field(st, 'inequalities');
    const size = field(st, 'size');
    if (isIntGrid(grid) && (ineqs === undefined || Array.isArray(ineqs))) {
      const list: Inequality[] = [];
      let ok = true;
      for (const q of (ineqs ?? []) as unknown[]) {
        const a = isDict(q) ? asCell(q['cell1']) : null;
        const b = isDict(q) ? asCell(q['cell2']) : null;
        const s = isDict(q) ? q['symbol'] : null;
        if (!a || !b || (s !== '<' && s !== '>')) {
          ok = false;
          break;
        }
        list.push({ a, b, symbol: s });
      }
      const n = typeof size === 'number' && Number.isInteger(size) ? size : grid.length;
      if (ok) return { n, givens: grid, inequalities: list, source: 'initial_state' };
    }
  }
  // Question text: "Grid (_ for empty cells):" then n lines; "Cell (0,2) > Cell (0,3)".
  const gm = /Grid \(_ for empty cells\):\s*\n((?:[ \t]*[\d_](?:[ \t]+[\d_])*[ \t]*\n?)+)/.exec(input.question);
  if (gm) {
    const givens = gm[1]!
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .map((l) => l.split(/\s+/).map((t) => (t === '_' ? 0 : Number(t))));
    const inequalities = [...input.question.matchAll(/Cell\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*([<>])\s*Cell\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)/g)].map(
      (m): Inequality => ({ a: [Number(m[1]), Number(m[2])], b: [Number(m[4]), Number(m[5])], symbol: m[3] as '<' | '>' }),
    );
    const n = givens.length;
    if (n > 0 && givens.every((r) => r.length === n)) return { n, givens, inequalities, source: 'question' };
  }
  return null;
}

export function futoshikiStrict(input: VerifyInput): Check {
  const puzzle = futoshikiPuzzle(input);
  const read = readIntGrid(input.answer, { n: puzzle?.n ?? sizeFromQuestion(input.question), what: 'grid' });
  if (!read.ok) return gridReadCheck(read);
  const grid = read.grid;
  const problems = problemsFrom(read);
  if (!puzzle) return compareWithStored(grid, input.groundTruth, problems);
  const { n } = puzzle;
  if (!shapeProblems(grid, n, n, problems)) return problems.toCheck();
  if (puzzle.givens.length !== n || puzzle.givens.some((r) => r.length !== n)) problems.add(`the puzzle's givens grid is not ${n}×${n} (puzzle data)`);
  latinProblems(grid, n, problems);
  puzzle.givens.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== 0 && r < n && c < n && grid[r]![c] !== v) {
        const label = `given ${v}`;
        problems.add(`cell (${r},${c}) is given as ${v} but the answer has ${grid[r]![c]!} (0-based (row,col) as in the puzzle)`, [cellLoc(r, c, label)]);
      }
    }),
  );
  puzzle.inequalities.forEach((q, k) => {
    const [r1, c1] = q.a;
    const [r2, c2] = q.b;
    const name = `cell (${r1},${c1}) ${q.symbol} cell (${r2},${c2})`;
    if ([r1, c1, r2, c2].some((x) => x < 0 || x >= n)) {
      problems.add(`inequality ${k + 1} (${name}) refers to a cell outside the ${n}×${n} grid (puzzle data)`);
      return;
    }
    const a = grid[r1]![c1]!;
    const b = grid[r2]![c2]!;
    const holds = q.symbol === '<' ? a < b : a > b;
    if (!holds) {
      const label = `${name}: ${a} ${q.symbol} ${b} is false`;
      problems.add(`inequality ${k + 1}: ${label} (0-based (row,col) as in the puzzle)`, [cellLoc(r1, c1, label), cellLoc(r2, c2, label)]);
    }
  });
  return problems.toCheck(`a valid ${n}×${n} solution: givens kept, Latin square, all ${puzzle.inequalities.length} inequalities hold (puzzle from ${puzzle.source}; any valid solution is accepted)`);
}

export const futoshikiVerifier: TaskVerifier = {
  scoreFunction: 'futoshiki_evaluator',
  categories: ['futoshiki'],
  reference: (input) => guarded(() => futoshikiReference(input), 'futoshiki reference check'),
  strict: (input) => guarded(() => futoshikiStrict(input), 'futoshiki strict check'),
};
