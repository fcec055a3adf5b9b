/**
 * Kukurasu — `kukurasu_evaluator` (verifiers.md §6.2).
 *
 * A black cell (1) in row i, column j weighs j (in its row) and i (in its column), 1-based. Reasons use
 * 1-based rows/columns like the puzzle; locations are 0-based.
 *
 * reference: the FIRST 2-D integer list of the answer (JSON), n×n, cells 0/1, weighted row and column sums.
 * strict: a cleanly read n×n 0/1 grid (list, tuple rows or one row per line), every row and column
 * sum checked and reported with the black cells' positions.
 */
import { crash, fail, guarded, pass, type Check, type TaskVerifier, type VerifyInput } from '../../types';
import { INT_GRID_PATTERN, pyNumEq } from './calcudoku';
import { cellLoc, colLoc, field, compareWithStored, gridReadCheck, isIntArray, problemsFrom, readIntGrid, rowLoc, shapeProblems, show, sizeFromQuestion } from './grids';
import { findall, pyRe } from './pyCompat';

const FIRST_GRID_RE = pyRe(INT_GRID_PATTERN, 'g');

/** The first 2-D integer list of the text, JSON-parsed, or [] (shared by Kukurasu and Skyscrapers). */
export function extractFirstIntGrid(text: string): number[][] {
  const m = findall(FIRST_GRID_RE, text)[0];
  if (!m) return [];
  try {
    const v = JSON.parse(m[0]!) as unknown;
    if (Array.isArray(v) && v.every((row) => Array.isArray(row) && row.every((x) => typeof x === 'number' && Number.isInteger(x)))) return v as number[][];
    return [];
  } catch {
    return [];
  }
}

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function blackPositions(cells: readonly number[]): number[] {
  const out: number[] = [];
  cells.forEach((v, i) => {
    if (v === 1) out.push(i + 1);
  });
  return out;
}

export function describeSum(kind: 'row' | 'column', idx: number, positions: number[], total: number, clue: unknown): string {
  const other = kind === 'row' ? 'columns' : 'rows';
  const where = positions.length === 0 ? 'has no black cell (sum 0)' : `has black cells in ${other} ${positions.join(', ')} (sum ${total})`;
  return `${kind} ${idx + 1} ${where}, clue says ${show(clue)}`;
}

export function kukurasuReference(input: VerifyInput): Check {
  const grid = extractFirstIntGrid(input.answer);
  if (grid.length === 0) return fail('could not read a grid from the answer: the reference reads only the first 2-D list of integers like [[1, 0], [0, 1]], and there is none');
  const params = input.initialState;
  if (!isDict(params)) return crash('initial_state is not a dict (the reference calls params.get on it)');
  const rsV = field(params, 'row_sums');
  const csV = field(params, 'col_sums');
  const rowSums: unknown = rsV === undefined ? [] : rsV;
  const colSums: unknown = csV === undefined ? [] : csV;
  // params.get("size", len(row_sums)): the default is evaluated even when size is present.
  const rowSumsLen = Array.isArray(rowSums) || typeof rowSums === 'string' ? rowSums.length : isDict(rowSums) ? Object.keys(rowSums).length : null;
  if (rowSumsLen === null) return crash(`row_sums is ${show(rowSums)}, which has no len()`);
  const sizeV = field(params, 'size');
  const size: unknown = sizeV === undefined ? rowSumsLen : sizeV;
  if (!pyNumEq(grid.length, size)) return fail(`the first 2-D list has ${grid.length} rows, the puzzle is ${show(size)}×${show(size)}`);
  const badRow = grid.findIndex((row) => !pyNumEq(row.length, size));
  if (badRow >= 0) return fail(`row ${badRow + 1} has ${grid[badRow]!.length} entries, the puzzle is ${show(size)}×${show(size)}`, [rowLoc(badRow)]);
  for (let r = 0; r < grid.length; r++) {
    const c = grid[r]!.findIndex((v) => v !== 0 && v !== 1);
    if (c >= 0) return fail(`row ${r + 1}, column ${c + 1} holds ${grid[r]![c]!}: cells must be 0 (white) or 1 (black)`, [cellLoc(r, c)]);
  }
  const n = grid.length;
  const sumsAt = (sums: unknown, i: number): { ok: true; v: unknown } | { ok: false } => {
    if (Array.isArray(sums) || typeof sums === 'string') return i < sums.length ? { ok: true, v: sums[i] } : { ok: false };
    return { ok: false };
  };
  for (let r = 0; r < n; r++) {
    const pos = blackPositions(grid[r]!);
    const total = pos.reduce((a, b) => a + b, 0);
    const clue = sumsAt(rowSums, r);
    if (!clue.ok) return crash(`row_sums has no entry for row ${r + 1} (IndexError)`);
    if (!pyNumEq(total, clue.v)) return fail(describeSum('row', r, pos, total, clue.v), [rowLoc(r), ...pos.map((c) => cellLoc(r, c - 1))]);
  }
  for (let c = 0; c < n; c++) {
    const pos = blackPositions(grid.map((row) => row[c]!));
    const total = pos.reduce((a, b) => a + b, 0);
    const clue = sumsAt(colSums, c);
    if (!clue.ok) return crash(`col_sums has no entry for column ${c + 1} (IndexError)`);
    if (!pyNumEq(total, clue.v)) return fail(describeSum('column', c, pos, total, clue.v), [colLoc(c), ...pos.map((r) => cellLoc(r - 1, c))]);
  }
  return pass();
}

export interface KukurasuPuzzle {
  n: number;
  rowSums: number[];
  colSums: number[];
  source: string;
}

export function kukurasuPuzzle(input: VerifyInput): KukurasuPuzzle | null {
  const st = input.initialState;
  if (isDict(st)) {
    const rs = field(st, 'row_sums');
    const cs = field(st, 'col_sums');
    const size = field(st, 'size');
    if (isIntArray(rs) && isIntArray(cs)) {
      const n = typeof size === 'number' && Number.isInteger(size) ? size : rs.length;
      return { n, rowSums: rs, colSums: cs, source: 'initial_state' };
    }
  }
  const rows = [...input.question.matchAll(/^\s*Row\s+(\d+)\s*:\s*(\d+)\s*$/gim)];
  const cols = [...input.question.matchAll(/^\s*Column\s+(\d+)\s*:\s*(\d+)\s*$/gim)];
  if (rows.length > 0 && cols.length > 0) {
    const rowSums: number[] = [];
    const colSums: number[] = [];
    for (const m of rows) rowSums[Number(m[1]) - 1] = Number(m[2]);
    for (const m of cols) colSums[Number(m[1]) - 1] = Number(m[2]);
    const n = sizeFromQuestion(input.question) ?? rowSums.length;
    if (rowSums.length === n && colSums.length === n && rowSums.every((x) => x !== undefined) && colSums.every((x) => x !== undefined)) {
      return { n, rowSums, colSums, source: 'question' };
    }
  }
  return null;
}

export function kukurasuStrict(input: VerifyInput): Check {
  const puzzle = kukurasuPuzzle(input);
  const read = readIntGrid(input.answer, { n: puzzle?.n ?? sizeFromQuestion(input.question), what: 'grid' });
  if (!read.ok) return gridReadCheck(read);
  const grid = read.grid;
  const problems = problemsFrom(read);
  if (!puzzle) return compareWithStored(grid, input.groundTruth, problems);
  const { n } = puzzle;
  if (puzzle.rowSums.length !== n || puzzle.colSums.length !== n) {
    return fail(`the puzzle data is inconsistent: ${puzzle.rowSums.length} row clues and ${puzzle.colSums.length} column clues for a ${n}×${n} grid`);
  }
  if (!shapeProblems(grid, n, n, problems)) return problems.toCheck();
  const readProblems = problems.items.length;
  grid.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== 0 && v !== 1) problems.add(`row ${r + 1}, column ${c + 1} holds ${v}: only 0 (white) and 1 (black) are allowed`, [cellLoc(r, c, `${v} is not 0 or 1`)]);
    }),
  );
  if (problems.items.length > readProblems) return problems.toCheck();
  for (let r = 0; r < n; r++) {
    const pos = blackPositions(grid[r]!);
    const total = pos.reduce((a, b) => a + b, 0);
    if (total !== puzzle.rowSums[r]) {
      const label = describeSum('row', r, pos, total, puzzle.rowSums[r]);
      problems.add(label, [rowLoc(r, label), ...pos.map((c) => cellLoc(r, c - 1, label))]);
    }
  }
  for (let c = 0; c < n; c++) {
    const pos = blackPositions(grid.map((row) => row[c]!));
    const total = pos.reduce((a, b) => a + b, 0);
    if (total !== puzzle.colSums[c]) {
      const label = describeSum('column', c, pos, total, puzzle.colSums[c]);
      problems.add(label, [colLoc(c, label), ...pos.map((r) => cellLoc(r - 1, c, label))]);
    }
  }
  return problems.toCheck(`every row and column sum matches (clues from ${puzzle.source}; any valid solution is accepted)`);
}

export const kukurasuVerifier: TaskVerifier = {
  scoreFunction: 'kukurasu_evaluator',
  categories: ['Kukurasu'],
  reference: (input) => guarded(() => kukurasuReference(input), 'kukurasu reference check'),
  strict: (input) => guarded(() => kukurasuStrict(input), 'kukurasu strict check'),
};
