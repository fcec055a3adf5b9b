/**
 * nonogram — `nonogram_evaluator` (verifiers.md §6.15).
 *
 * Rows and columns are named 1-based in reasons ("row 3" = third row from the top); locations are 0-based.
 *
 * reference: the extracted answer must equal the stored solution string character for character.
 * strict: the answer is read as a grid (`X`/`#`/`■` filled, `.`/`_` empty, case-insensitive, spaces
 * and `|` between cells ignored, code fences dropped) and checked against the row and column clues of
 * initial_state (or the question): any grid meeting every clue passes; the grid must have exactly the
 * puzzle's rows and columns.
 */
import { parsePythonish } from '../../../pyliteral';
import { fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { excerpt, isDict, plural } from './common';

// ---------------------------------------------------------------------------------------------------
// reference

function reference(input: VerifyInput): Check {
  const a = input.answer;
  const g = input.groundTruth;
  if (a === g) return pass();
  if (a === '') return fail('could not read a grid from the answer: it is empty');
  const al = a.split('\n');
  const gl = g.split('\n');
  const rule = 'the answer must equal the stored solution character for character';
  for (let i = 0; i < Math.min(al.length, gl.length); i++) {
    if (al[i] !== gl[i]) {
      const x = al[i]!;
      const y = gl[i]!;
      let j = 0;
      while (j < x.length && j < y.length && x[j] === y[j]) j++;
      const loc: Location = j < y.length ? { kind: 'cell', row: i, col: j, label: 'differs from the stored solution' } : { kind: 'row', row: i, label: 'differs from the stored solution' };
      return fail(`${rule}: line ${i + 1} is ${excerpt(x, 40)}, the stored solution has ${excerpt(y, 40)} (first difference at character ${j + 1})`, [loc]);
    }
  }
  return fail(`${rule}: the answer has ${plural(al.length, 'line')}, the stored solution ${gl.length}`, [{ kind: 'row', row: Math.min(al.length, gl.length), label: 'extra or missing line' }]);
}

// ---------------------------------------------------------------------------------------------------
// strict

const FILLED = new Set(['X', 'x', '#', '■', '█', '●']);
const EMPTY = new Set(['.', '_', '·', '□', '○']);
const SEPARATORS = /[ \t|,]/g;

/** Grid lines of the answer: lines made only of cell symbols (separators between cells allowed). */
export function readGrid(answer: string): boolean[][] | null {
  const text = answer.replace(/```[a-z]*\n?/gi, '').replace(/```/g, '');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const rows: boolean[][] = [];
  for (const raw of lines) {
    const line = raw.replace(/^(?:row\s*)?\d+\s*[:.)]\s*/i, '');
    const cells = [...line.replace(SEPARATORS, '')];
    if (cells.length > 0 && cells.every((ch) => FILLED.has(ch) || EMPTY.has(ch))) rows.push(cells.map((ch) => FILLED.has(ch)));
  }
  return rows.length > 0 ? rows : null;
}

/** One line written with its rows separated by spaces: `XXXX X..X X..X XXXX`. */
export function splitSingleLine(answer: string, rows: number, cols: number): boolean[][] | null {
  const tokens = answer.trim().split(/\s+/);
  if (rows < 2 || tokens.length !== rows || !tokens.every((t) => [...t].length === cols && [...t].every((ch) => FILLED.has(ch) || EMPTY.has(ch)))) return null;
  return tokens.map((t) => [...t].map((ch) => FILLED.has(ch)));
}

export function runs(line: boolean[]): number[] {
  const out: number[] = [];
  let n = 0;
  for (const v of line) {
    if (v) n++;
    else if (n > 0) {
      out.push(n);
      n = 0;
    }
  }
  if (n > 0) out.push(n);
  return out;
}

function asClues(v: unknown): number[][] | null {
  if (!Array.isArray(v)) return null;
  const out: number[][] = [];
  for (const line of v) {
    if (typeof line === 'number' && Number.isInteger(line)) out.push(line === 0 ? [] : [line]);
    else if (Array.isArray(line) && line.every((n) => typeof n === 'number' && Number.isInteger(n))) out.push((line as number[]).filter((n) => n !== 0));
    else return null;
  }
  return out;
}

/** Row and column clues from initial_state (`[rows, cols]` or a dict), else from the question text. */
export function clues(input: VerifyInput): { rows: number[][]; cols: number[][] } | null {
  let st: unknown = input.initialState;
  if (typeof st === 'string') st = parsePythonish(st.trim());
  if (Array.isArray(st) && st.length === 2) {
    const rows = asClues(st[0]);
    const cols = asClues(st[1]);
    if (rows && cols) return { rows, cols };
  }
  if (isDict(st)) {
    const rows = asClues(st['rows'] ?? st['row_clues'] ?? st['row_hints']);
    const cols = asClues(st['columns'] ?? st['cols'] ?? st['col_clues'] ?? st['column_clues'] ?? st['col_hints']);
    if (rows && cols) return { rows, cols };
  }
  const r = /Row clues:\s*(\[.*\])/i.exec(input.question);
  const c = /Col(?:umn)? clues:\s*(\[.*\])/i.exec(input.question);
  if (r && c) {
    const rows = asClues(parsePythonish(r[1]!));
    const cols = asClues(parsePythonish(c[1]!));
    if (rows && cols) return { rows, cols };
  }
  return null;
}

const show = (xs: number[]): string => `[${xs.join(', ')}]`;
const same = (a: number[], b: number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

function strict(input: VerifyInput): Check {
  const cl = clues(input);
  let grid = readGrid(input.answer);
  if (cl && grid && grid.length === 1 && grid[0]!.length !== cl.cols.length) grid = splitSingleLine(input.answer, cl.rows.length, cl.cols.length) ?? grid;
  if (grid === null) return parseError(`could not read a grid of X (filled) and . (empty) from the answer: ${excerpt(input.answer)}`);

  if (cl === null) {
    const stored = readGrid(input.groundTruth);
    if (stored === null) return parseError('the clues are unknown (no initial_state clues, none in the question) and the stored solution is not a grid to compare with');
    const diff = stored.length !== grid.length || stored.some((row, i) => !same(row.map(Number), (grid[i] ?? []).map(Number)));
    return diff ? fail('the clues are unknown, so the answer is compared with the stored solution: the grids differ') : pass('the clues are unknown: the grid equals the stored solution');
  }

  const R = cl.rows.length;
  const W = cl.cols.length;
  if (grid.length !== R) return fail(`the grid has ${plural(grid.length, 'row')}, the puzzle has ${R}`, [{ kind: 'row', row: Math.min(grid.length, R), label: grid.length > R ? 'extra row' : 'missing row' }]);
  const badWidth = grid.map((row, i) => ({ row, i })).filter(({ row }) => row.length !== W);
  if (badWidth.length > 0) {
    const { row, i } = badWidth[0]!;
    return fail(`row ${i + 1} has ${plural(row.length, 'cell')}, the puzzle is ${W} wide (rows are numbered from 1 at the top)`, badWidth.map((b) => ({ kind: 'row', row: b.i, label: `${b.row.length} cells` })));
  }
  const problems: string[] = [];
  const locations: Location[] = [];
  for (let i = 0; i < R; i++) {
    const got = runs(grid[i]!);
    if (!same(got, cl.rows[i]!)) {
      problems.push(`row ${i + 1} has blocks ${show(got)} but its clue is ${show(cl.rows[i]!)}`);
      locations.push({ kind: 'row', row: i, label: `blocks ${show(got)}, clue ${show(cl.rows[i]!)}` });
    }
  }
  for (let j = 0; j < W; j++) {
    const got = runs(grid.map((row) => row[j]!));
    if (!same(got, cl.cols[j]!)) {
      problems.push(`column ${j + 1} has blocks ${show(got)} but its clue is ${show(cl.cols[j]!)}`);
      locations.push({ kind: 'col', col: j, label: `blocks ${show(got)}, clue ${show(cl.cols[j]!)}` });
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 4).join('; ');
    return fail(`${shown}${problems.length > 4 ? `; and ${problems.length - 4} more` : ''} (rows and columns numbered from 1)`, locations);
  }
  return pass();
}

export const nonogramVerifier: TaskVerifier = {
  scoreFunction: 'nonogram_evaluator',
  categories: ['nonogram'],
  reference,
  strict,
};
