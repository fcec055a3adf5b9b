/**
 * Sudoku (9×9) — `sudoku_evaluator` (verifiers.md §6.19).
 *
 * Reasons use 1-based rows, columns and boxes (boxes numbered 1..9 left to right, top to bottom);
 * locations are 0-based.
 *
 * reference: grid reading shared by answer and initial_state (a Python list literal of rows, each cell
 * int()-ed; else exactly 81 whitespace-separated integer tokens, `.` = 0, other tokens ignored), 9×9,
 * cells 1..9, givens kept, rows/columns/boxes {1..9}.
 * strict: a cleanly read 9×9 grid of digits (list, lines, 81 numbers or 81 digits), every given kept,
 * every duplicate in a row, column or box reported.
 */
import { PyFloat, PySet, PyTuple, type PyValue } from '../../../pyliteral';
import { fail, guarded, pass, type Check, type TaskVerifier, type VerifyInput } from '../../types';
import { cellLoc, chunk, colLoc, countWord, duplicates, gridReadCheck, latinProblems, problemsFrom, readIntGrid, rowLoc, shapeProblems, show, whyNotOneToN } from './grids';
import { literalEval, pyInt, pyIntOf, pySetOrderOfInts, pySplitWs, pyStrip } from './pyCompat';

// ---------------------------------------------------------------------------------------------------------
// Reference

/** The items Python yields when iterating a decoded value; null when it is not iterable. */
function pyIter(v: PyValue): PyValue[] | null {
  if (Array.isArray(v)) return v;
  if (v instanceof PyTuple) return v.items;
  if (v instanceof PySet) {
    const items = v.items;
    if (items.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) return pySetOrderOfInts(items as number[]);
    return items;
  }
  if (typeof v === 'string') return [...v];
  if (v !== null && typeof v === 'object' && !(v instanceof PyFloat)) return v.entries.map(([k]) => k);
  return null;
}

export type SudokuRead = { grid: number[][]; how: string } | { grid: null; why: string };

/** `_parse_grid_like` on a string. */
export function parseSudokuGrid(text: string): SudokuRead {
  const s = pyStrip(text);
  const lit = literalEval(s);
  if (Array.isArray(lit)) {
    const grid: number[][] = [];
    for (let r = 0; r < lit.length; r++) {
      const items = pyIter(lit[r]!);
      if (items === null) return { grid: null, why: `it is a list but item ${r + 1} (${show(lit[r])}) is not a row` };
      const row: number[] = [];
      for (const x of items) {
        const v = pyIntOf(x);
        if (v === null) return { grid: null, why: `it is a list but row ${r + 1} holds ${show(x)}, not an integer` };
        row.push(v);
      }
      grid.push(row);
    }
    return { grid, how: 'a list of rows' };
  }
  const tokens: number[] = [];
  for (const tok of pySplitWs(s)) {
    if (tok === '.') tokens.push(0);
    else {
      const v = pyInt(tok);
      if (v !== null) tokens.push(v);
    }
  }
  if (tokens.length === 81) return { grid: chunk(tokens, 9), how: '81 whitespace-separated numbers' };
  return { grid: null, why: `it is not a list of rows and holds ${tokens.length} whitespace-separated integer tokens instead of 81` };
}

export function boxName(b: number): string {
  const br = Math.floor(b / 3) * 3;
  const bc = (b % 3) * 3;
  return `box ${b + 1} (rows ${br + 1}-${br + 3}, columns ${bc + 1}-${bc + 3})`;
}

export function boxCells(b: number): Array<[number, number]> {
  const br = Math.floor(b / 3) * 3;
  const bc = (b % 3) * 3;
  const out: Array<[number, number]> = [];
  for (let r = br; r < br + 3; r++) for (let c = bc; c < bc + 3; c++) out.push([r, c]);
  return out;
}

function isOneToNine(values: readonly number[]): boolean {
  const s = new Set(values);
  if (s.size !== 9) return false;
  for (let v = 1; v <= 9; v++) if (!s.has(v)) return false;
  return true;
}

export function sudokuReference(input: VerifyInput): Check {
  const pred = parseSudokuGrid(input.answer);
  const st = input.initialState;
  const init: SudokuRead = typeof st === 'string' ? parseSudokuGrid(st) : { grid: null, why: st === null ? 'it is missing' : 'it is a dict' };
  if (pred.grid === null) return fail(`could not read a 9×9 grid from the answer: ${pred.why}`);
  if (init.grid === null) return fail(`could not read the puzzle's initial grid: ${init.why}`);
  const g = pred.grid;
  if (g.length !== 9) return fail(`the grid read from ${pred.how} has ${g.length} rows, not 9`);
  const badRow = g.findIndex((r) => r.length !== 9);
  if (badRow >= 0) return fail(`row ${badRow + 1} has ${g[badRow]!.length} cells, not 9`, [rowLoc(badRow)]);
  const ig = init.grid;
  if (ig.length !== 9 || ig.some((r) => r.length !== 9)) return fail('the initial grid is not 9×9');
  for (let r = 0; r < 9; r++) {
    for (let c = 0; c < 9; c++) {
      const v = g[r]![c]!;
      if (v < 1 || v > 9) return fail(`row ${r + 1}, column ${c + 1} holds ${v}: every cell must be 1..9`, [cellLoc(r, c)]);
    }
  }
  for (let r = 0; r < 9; r++) {
    for (let c = 0; c < 9; c++) {
      const given = ig[r]![c]!;
      if (given !== 0 && g[r]![c] !== given) return fail(`row ${r + 1}, column ${c + 1} is a given ${given} but the answer has ${g[r]![c]!}`, [cellLoc(r, c, `given ${given}`)]);
    }
  }
  for (let r = 0; r < 9; r++) if (!isOneToNine(g[r]!)) return fail(`row ${r + 1} ${whyNotOneToN(g[r]!, 9)}`, [rowLoc(r)]);
  for (let c = 0; c < 9; c++) {
    const col = g.map((row) => row[c]!);
    if (!isOneToNine(col)) return fail(`column ${c + 1} ${whyNotOneToN(col, 9)}`, [colLoc(c)]);
  }
  for (let b = 0; b < 9; b++) {
    const cells = boxCells(b);
    const vals = cells.map(([r, c]) => g[r]![c]!);
    if (!isOneToNine(vals)) return fail(`${boxName(b)} ${whyNotOneToN(vals, 9)}`, cells.map(([r, c]) => cellLoc(r, c)));
  }
  return pass();
}

// ---------------------------------------------------------------------------------------------------------
// Strict

export function sudokuGivens(input: VerifyInput): { givens: number[][]; source: string } | null {
  const st = input.initialState;
  const ok = (g: number[][] | null): g is number[][] => g !== null && g.length === 9 && g.every((r) => r.length === 9 && r.every((v) => Number.isInteger(v) && v >= 0 && v <= 9));
  if (typeof st === 'string') {
    const r = parseSudokuGrid(st);
    if (ok(r.grid)) return { givens: r.grid, source: 'initial_state' };
  } else if (st !== null) {
    for (const key of ['grid', 'puzzle', 'board', 'initial_grid']) {
      const v = st[key];
      const g = typeof v === 'string' ? parseSudokuGrid(v).grid : Array.isArray(v) ? (v as unknown[]).map((row) => (Array.isArray(row) ? row.map((x) => (typeof x === 'number' ? x : -1)) : [])) : null;
      if (ok(g)) return { givens: g, source: 'initial_state' };
    }
  }
  // The question prints the grid: 9 lines of 9 tokens (digits, '.', '0', '_').
  const lines = input.question.split('\n').map((l) => l.trim().split(/\s+/));
  for (let i = 0; i + 9 <= lines.length; i++) {
    const block = lines.slice(i, i + 9);
    if (block.every((t) => t.length === 9 && t.every((x) => /^[\d._]$/.test(x)))) {
      return { givens: block.map((t) => t.map((x) => (/^\d$/.test(x) ? Number(x) : 0))), source: 'question' };
    }
  }
  return null;
}

function countGivens(givens: readonly (readonly number[])[]): number {
  let n = 0;
  for (const row of givens) for (const v of row) if (v !== 0) n++;
  return n;
}

export function sudokuStrict(input: VerifyInput): Check {
  const read = readIntGrid(input.answer, { n: 9, what: 'grid', digitRuns: true });
  if (!read.ok) return gridReadCheck(read);
  const g = read.grid;
  const problems = problemsFrom(read);
  if (!shapeProblems(g, 9, 9, problems)) return problems.toCheck();
  const puzzle = sudokuGivens(input);
  if (!puzzle) {
    const stored = parseSudokuGrid(input.groundTruth);
    if (stored.grid === null || stored.grid.length !== 9) return fail('the puzzle givens are unavailable and the stored solution cannot be read');
    stored.grid.forEach((row, r) =>
      row.forEach((v, c) => {
        if (g[r]![c] !== v) problems.add(`row ${r + 1}, column ${c + 1} holds ${g[r]![c]!}, the stored solution has ${v}`, [cellLoc(r, c)]);
      }),
    );
    return problems.toCheck('matches the stored solution (puzzle givens unavailable, so only it is accepted)');
  }
  for (let r = 0; r < 9; r++) {
    for (let c = 0; c < 9; c++) {
      const v = g[r]![c]!;
      if (v === 0) problems.add(`row ${r + 1}, column ${c + 1} is empty (0): every cell must hold a digit 1-9`, [cellLoc(r, c, 'empty')]);
      else if (v < 1 || v > 9) problems.add(`row ${r + 1}, column ${c + 1} holds ${v}, not a digit 1-9`, [cellLoc(r, c, `${v} is not 1-9`)]);
    }
  }
  puzzle.givens.forEach((row, r) =>
    row.forEach((given, c) => {
      if (given !== 0 && g[r]![c] !== given) problems.add(`row ${r + 1}, column ${c + 1} is a given ${given} but the answer has ${g[r]![c]!}`, [cellLoc(r, c, `given ${given}`)]);
    }),
  );
  latinProblems(g, 9, problems, { range: false, ignore: 0 });
  for (let b = 0; b < 9; b++) {
    const cells = boxCells(b);
    for (const [v, idx] of duplicates(cells.map(([r, c]) => g[r]![c]!))) {
      if (v === 0) continue;
      const label = `${boxName(b)} has ${countWord(idx.length)} ${v}s`;
      problems.add(`${label} (at ${idx.map((i) => `row ${cells[i]![0] + 1} column ${cells[i]![1] + 1}`).join(' and ')})`, idx.map((i) => cellLoc(cells[i]![0], cells[i]![1], label)));
    }
  }
  return problems.toCheck(`a valid sudoku keeping all ${countGivens(puzzle.givens)} givens (from ${puzzle.source}; any valid solution is accepted)`);
}

export const sudokuVerifier: TaskVerifier = {
  scoreFunction: 'sudoku_evaluator',
  categories: ['sudoku'],
  reference: (input) => guarded(() => sudokuReference(input), 'sudoku reference check'),
  strict: (input) => guarded(() => sudokuStrict(input), 'sudoku strict check'),
};
