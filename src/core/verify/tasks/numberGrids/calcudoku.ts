/**
 * Calcudoku (KenKen) — `calcudoku_evaluator` (verifiers.md §6.1).
 *
 * Cages are given with 1-based (row, col) cells, as in the puzzle text; reasons use that notation for
 * cage cells and "row 3"/"column 2" (1-based) for lines. Locations are 0-based.
 *
 * reference: the three-step grid extraction (last 2-D list; bracketed lines; a square count of all
 * integers), n×n with every row/column {1..n}, cages with `÷` as floor division max // min and `-`/`÷`
 * only for two cells (else 0).
 * strict: a cleanly read n×n grid (no stray items, no silently ignored rows), Latin square, every cage
 * with exact arithmetic (÷ means max = target × min), `-`/`÷` cages must have two cells.
 */
import { crash, fail, guarded, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { cellLoc, compareWithStored, field, gridReadCheck, latinProblems, problemsFrom, readIntGrid, shapeProblems, show, sizeFromQuestion, whyNotOneToN } from './grids';
import { findall, pyInt, pyRe } from './pyCompat';

// ---------------------------------------------------------------------------------------------------------
// Reference

/** The reference's 2-D non-negative-integer list pattern as written (the equivalence test builds it). */
export const INT_GRID_ORIGINAL = String.raw`\[\s*\[(?:\s*\d+\s*,\s*)*\s*\d+\s*\](?:\s*,\s*\[\s*(?:\d+\s*,\s*)*\d+\s*\])*\s*\]`;
/**
 * The reference's 2-D non-negative-integer list pattern (rows of digits, no trailing commas), its first
 * row written as the others are (`\[\s*(?:\d+\s*,\s*)*\d+` for `\[(?:\s*\d+\s*,\s*)*\s*\d+`): the same
 * strings, but the whitespace after a comma is no longer split between two `\s*` in every way per number
 * (exponential on a long first row that is never closed).
 */
export const INT_GRID_PATTERN = String.raw`\[\s*\[\s*(?:\d+\s*,\s*)*\d+\s*\](?:\s*,\s*\[\s*(?:\d+\s*,\s*)*\d+\s*\])*\s*\]`;
const INT_GRID_RE = pyRe(INT_GRID_PATTERN, 'g');
/**
 * The reference keeps the lines matching `\[\s*\d+.*\d+\s*\]`. As a regular expression that is
 * quadratic on a line that fails it (a 200 KB line of "[1, " took 20-33 s), so it is decided in two
 * linear searches with the same `\s` and `\d`: within a line (`.` is anything but LF, and lines are
 * split at LF) the pattern matches exactly when some `\d\s*\]` starts at or after the end of the first
 * `\[\s*\d` (the first one ends earliest; `.*` takes whatever lies between).
 */
const BRACKET_OPEN_RE = pyRe(String.raw`\[\s*\d`, 'g');
const BRACKET_CLOSE_RE = pyRe(String.raw`\d\s*\]`, 'g');

export function isBracketLine(line: string): boolean {
  BRACKET_OPEN_RE.lastIndex = 0;
  const open = BRACKET_OPEN_RE.exec(line);
  if (!open) return false;
  BRACKET_CLOSE_RE.lastIndex = open.index + open[0].length;
  return BRACKET_CLOSE_RE.test(line);
}
const NOT_JSON_GRID_CHAR = pyRe(String.raw`[^\[\],\d\s]`, 'g');
const DIGITS_RE = pyRe(String.raw`\d+`, 'g');

function jsonLoads(s: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(s) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The reference extraction: the value and how it was found (for reasons). */
export function extractCalcudokuGrid(text: string): { value: unknown; how: string } {
  const matches = findall(INT_GRID_RE, text);
  const last = matches[matches.length - 1];
  if (last) {
    const j = jsonLoads(last[0]!);
    if (j.ok) return { value: j.value, how: 'the last 2-D list' };
  }
  const lines = text.split('\n').filter(isBracketLine);
  if (lines.length > 0) {
    const j = jsonLoads(`[${lines.join(',')}]`.replace(NOT_JSON_GRID_CHAR, ''));
    if (j.ok) return { value: j.value, how: `the ${lines.length} line(s) holding a bracketed list` };
  }
  const nums = findall(DIGITS_RE, text).map((m) => pyInt(m[0]!) ?? 0);
  const k = nums.length > 0 ? Math.floor(Math.sqrt(nums.length)) : 0;
  if (k > 0 && k * k === nums.length) {
    const grid: number[][] = [];
    for (let i = 0; i < nums.length; i += k) grid.push(nums.slice(i, i + k));
    return { value: grid, how: `all ${nums.length} integers of the text as a ${k}×${k} grid` };
  }
  return { value: [], how: `no 2-D list, no bracketed line, and ${nums.length} integers (not a square count)` };
}

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Python `a == b` for a computed int and a decoded JSON value. */
export function pyNumEq(a: number, b: unknown): boolean {
  if (typeof b === 'boolean') return a === (b ? 1 : 0);
  return typeof b === 'number' && a === b;
}

function pyLen(v: unknown): number | null {
  if (Array.isArray(v)) return v.length;
  if (typeof v === 'string') return [...v].length;
  if (isDict(v)) return Object.keys(v).length;
  return null;
}

/** The reference cage arithmetic (`÷` = max // min, `-`/`÷` only for 2 cells, unknown operator = 0). */
function referenceCage(values: number[], op: unknown): { result: number; how: string } {
  if (values.length === 0) return { result: 0, how: 'an empty cage gives 0' };
  if (op === '+') return { result: values.reduce((a, b) => a + b, 0), how: values.join(' + ') };
  if (op === '*') return { result: values.reduce((a, b) => a * b, 1), how: values.join(' × ') };
  if (op === '-') {
    if (values.length === 2) return { result: Math.abs(values[0]! - values[1]!), how: `|${values[0]!} − ${values[1]!}|` };
    return { result: 0, how: `'-' with ${values.length} cells gives 0` };
  }
  if (op === '÷') {
    if (values.length === 2) {
      const hi = Math.max(...values);
      const lo = Math.min(...values);
      return lo === 0 ? { result: 0, how: 'division by 0 gives 0' } : { result: Math.floor(hi / lo), how: `${hi} // ${lo}` };
    }
    return { result: 0, how: `'÷' with ${values.length} cells gives 0` };
  }
  return { result: 0, how: `unknown operator ${show(op)} gives 0` };
}

function cageName(cells: readonly unknown[]): string {
  const shown = cells.slice(0, 6).map((c) => (Array.isArray(c) ? `(${c.map((x) => show(x)).join(',')})` : show(c)));
  return `at ${shown.join(', ')}${cells.length > 6 ? ', …' : ''}`;
}

export function calcudokuReference(input: VerifyInput): Check {
  const { value: grid, how } = extractCalcudokuGrid(input.answer);
  if (!Array.isArray(grid) || grid.length === 0) return fail(`could not read a grid from the answer: ${how}`);
  const params = input.initialState;
  if (!isDict(params)) return crash('initial_state is not a dict (the reference calls params.get on it)');
  const sizeV = field(params, 'size');
  const size: unknown = sizeV === undefined ? grid.length : sizeV;
  const regionsV = field(params, 'regions');
  const regions: unknown = regionsV === undefined ? [] : regionsV;
  if (!pyNumEq(grid.length, size)) return fail(`the grid read from ${how} has ${grid.length} rows, the puzzle size is ${show(size)}`, []);
  for (let r = 0; r < grid.length; r++) {
    const row: unknown = grid[r];
    const len = pyLen(row);
    if (len === null) return crash(`row ${r + 1} of the extracted grid is ${show(row)}, not a list (len() raises)`);
    if (!pyNumEq(len, size) || !Array.isArray(row)) return fail(`row ${r + 1} has ${len} entries, the puzzle size is ${show(size)}`, [{ kind: 'row', row: r }]);
  }
  const n = size as number;
  const rows = grid as unknown[][];
  for (let r = 0; r < n; r++) {
    const bad = rows[r]!.find((x) => typeof x !== 'number');
    if (bad !== undefined) return crash(`row ${r + 1} holds ${show(bad)} (unhashable in set(row))`);
    if (!isExactlyOneToN(rows[r] as number[], n)) return fail(`row ${r + 1} ${whyNotOneToN(rows[r]!, n)}: every row must hold 1..${n} exactly once`, [{ kind: 'row', row: r }]);
  }
  for (let c = 0; c < n; c++) {
    const col = rows.map((row) => row[c] as number);
    if (!isExactlyOneToN(col, n)) return fail(`column ${c + 1} ${whyNotOneToN(col, n)}: every column must hold 1..${n} exactly once`, [{ kind: 'col', col: c }]);
  }
  if (!Array.isArray(regions)) return crash(`regions is ${show(regions)}, not a list`);
  for (let i = 0; i < regions.length; i++) {
    const region: unknown = regions[i];
    if (!isDict(region)) return crash(`region ${i + 1} is not a dict`);
    const cellsV = field(region, 'cells');
    const cells: unknown = cellsV === undefined ? [] : cellsV;
    const opV = field(region, 'operator');
    const op = opV === undefined ? '+' : opV;
    const targetV = field(region, 'target');
    const target = targetV === undefined ? 0 : targetV;
    if (!Array.isArray(cells)) return crash(`region ${i + 1} cells is ${show(cells)}, not a list`);
    const values: number[] = [];
    const locs: Location[] = [];
    for (const cell of cells) {
      if (!Array.isArray(cell) || cell.length !== 2) return crash(`region ${i + 1} has cell ${show(cell)}, not a (row, col) pair`);
      const [r, c] = cell as [unknown, unknown];
      if (typeof r !== 'number' || typeof c !== 'number' || !Number.isInteger(r) || !Number.isInteger(c)) return crash(`region ${i + 1} has cell ${show(cell)} with a non-integer coordinate`);
      if (r - 1 < 0 || r - 1 >= n || c - 1 < 0 || c - 1 >= n) return fail(`cage ${cageName(cells)} refers to cell (${r},${c}), outside the ${n}×${n} grid`, []);
      values.push(rows[r - 1]![c - 1] as number);
      locs.push(cellLoc(r - 1, c - 1));
    }
    const { result, how: calc } = referenceCage(values, op);
    if (!pyNumEq(result, target)) {
      const label = `cage ${cageName(cells)} (1-based row,col) gives ${calc} = ${result}, target ${show(target)}${typeof op === 'string' ? op.replace('*', '×') : ''}`;
      return fail(label, [{ kind: 'region', index: i, label }, ...locs.map((l) => ({ ...l, label }))]);
    }
  }
  return pass();
}

function isExactlyOneToN(values: readonly number[], n: number): boolean {
  const s = new Set(values);
  if (s.size !== n) return false;
  for (let v = 1; v <= n; v++) if (!s.has(v)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Strict

export interface Cage {
  /** 1-based (row, col). */
  cells: Array<[number, number]>;
  op: string;
  target: number;
}

export interface CalcudokuPuzzle {
  n: number;
  cages: Cage[];
  source: string;
}

const OPS: Record<string, string> = { '+': '+', '*': '×', '×': '×', x: '×', X: '×', '-': '−', '−': '−', '÷': '÷', '/': '÷' };

export function calcudokuPuzzle(input: VerifyInput): CalcudokuPuzzle | null {
  const st = input.initialState;
  if (isDict(st)) {
    const regions = field(st, 'regions');
    const size = field(st, 'size');
    if (Array.isArray(regions)) {
      const cages: Cage[] = [];
      let ok = true;
      for (const reg of regions) {
        const cells = isDict(reg) ? field(reg, 'cells') : undefined;
        const op = isDict(reg) ? field(reg, 'operator') : undefined;
        const target = isDict(reg) ? field(reg, 'target') : undefined;
        if (!Array.isArray(cells) || typeof op !== 'string' || typeof target !== 'number' || !cells.every((c) => Array.isArray(c) && c.length === 2 && c.every((x) => Number.isInteger(x)))) {
          ok = false;
          break;
        }
        cages.push({ cells: cells as Array<[number, number]>, op, target });
      }
      // A loop, not Math.max(...coords): a spread of a 1000 x 1000 board's coordinates overflows the stack.
      let maxCoord = 0;
      for (const c of cages) for (const [r, col] of c.cells) maxCoord = Math.max(maxCoord, r, col);
      const n = typeof size === 'number' && Number.isInteger(size) ? size : (sizeFromQuestion(input.question) ?? (maxCoord > 0 ? maxCoord : undefined));
      if (ok && n !== undefined) return { n, cages, source: 'initial_state' };
    }
  }
  // The question lists "Region at (3,1), (2,1), (1,1): 6+".
  const n = sizeFromQuestion(input.question);
  const cages: Cage[] = [];
  for (const m of input.question.matchAll(/Region at ((?:\(\s*\d+\s*,\s*\d+\s*\)\s*,?\s*)+):\s*(\d+)\s*([-+*×x÷/−])/g)) {
    const cells = [...m[1]!.matchAll(/\(\s*(\d+)\s*,\s*(\d+)\s*\)/g)].map((c): [number, number] => [Number(c[1]), Number(c[2])]);
    cages.push({ cells, op: m[3]!, target: Number(m[2]) });
  }
  if (n !== undefined && cages.length > 0) return { n, cages, source: 'question' };
  return null;
}

/** Exact cage arithmetic; null when the cage holds. */
export function strictCageProblem(cage: Cage, values: number[]): string | null {
  const op = OPS[cage.op];
  const t = cage.target;
  switch (op) {
    case '+': {
      const s = values.reduce((a, b) => a + b, 0);
      return s === t ? null : `sums to ${values.join(' + ')} = ${s}, target ${t}+`;
    }
    case '×': {
      const p = values.reduce((a, b) => a * b, 1);
      return p === t ? null : `multiplies to ${values.join(' × ')} = ${p}, target ${t}×`;
    }
    case '−': {
      if (values.length !== 2) return `is a − cage with ${values.length} cells (subtraction needs exactly 2)`;
      const d = Math.abs(values[0]! - values[1]!);
      return d === t ? null : `gives |${values[0]!} − ${values[1]!}| = ${d}, target ${t}−`;
    }
    case '÷': {
      if (values.length !== 2) return `is a ÷ cage with ${values.length} cells (division needs exactly 2)`;
      const hi = Math.max(...values);
      const lo = Math.min(...values);
      if (hi === t * lo) return null;
      return `gives ${hi} ÷ ${lo}${hi % lo === 0 ? ` = ${hi / lo}` : ' (not a whole number)'}, target ${t}÷`;
    }
    default:
      return `has an unknown operator ${JSON.stringify(cage.op)}`;
  }
}

export function calcudokuStrict(input: VerifyInput): Check {
  const puzzle = calcudokuPuzzle(input);
  const n = puzzle?.n ?? sizeFromQuestion(input.question);
  const read = readIntGrid(input.answer, { n, what: 'grid' });
  if (!read.ok) return gridReadCheck(read);
  const grid = read.grid;
  const problems = problemsFrom(read);
  if (!puzzle) return compareWithStored(grid, input.groundTruth, problems);
  if (!shapeProblems(grid, puzzle.n, puzzle.n, problems)) return problems.toCheck();
  latinProblems(grid, puzzle.n, problems);
  puzzle.cages.forEach((cage, i) => {
    const name = `cage at ${cage.cells.map(([r, c]) => `(${r},${c})`).join(', ')}`;
    const outside = cage.cells.find(([r, c]) => r < 1 || r > puzzle.n || c < 1 || c > puzzle.n);
    if (outside) {
      problems.add(`${name} refers to (${outside[0]},${outside[1]}), outside the ${puzzle.n}×${puzzle.n} grid (puzzle data)`);
      return;
    }
    const values = cage.cells.map(([r, c]) => grid[r - 1]![c - 1]!);
    const why = strictCageProblem(cage, values);
    if (why !== null) {
      const label = `${name} ${why}`;
      problems.add(`${label} (cells are 1-based (row,col) as in the puzzle)`, [{ kind: 'region', index: i, label }, ...cage.cells.map(([r, c]) => cellLoc(r - 1, c - 1, label))]);
    }
  });
  return problems.toCheck(`a valid ${puzzle.n}×${puzzle.n} solution (clues from ${puzzle.source}; any valid solution is accepted)`);
}

export const calcudokuVerifier: TaskVerifier = {
  scoreFunction: 'calcudoku_evaluator',
  categories: ['Calcudoku'],
  reference: (input) => guarded(() => calcudokuReference(input), 'calcudoku reference check'),
  strict: (input) => guarded(() => calcudokuStrict(input), 'calcudoku strict check'),
};
