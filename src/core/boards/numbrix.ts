/**
 * Numbrix: the givens, the candidate's numbers, and the chain 1, 2, 3, … drawn as a path through the grid,
 * broken where two consecutive numbers are not orthogonally adjacent; duplicates, changed givens, empty
 * cells (unless the question allows them) and numbers missing from the chain (the strict numbrix
 * verifier's rules; rows and columns counted from 1 in messages).
 */
import { allowsEmptyCells, normalize, parseNumbrixReference, readNumbrixStrict } from '../verify/tasks/puzzles/numbrix';
import { plural } from '../verify/tasks/puzzles/common';
import { emptyCells, gridBoard, locationCells, sizeOk, Violations, type BoardContext } from './common';
import type { Board, Coord } from './model';

export function numbrixBoard(ctx: BoardContext): Board | null {
  const { input } = ctx;
  const puzzle = typeof input.initialState === 'string' ? parseNumbrixReference(normalize(input.initialState)) : null;
  const truth = input.groundTruth !== '' ? parseNumbrixReference(normalize(input.groundTruth)) : null;
  const ref = puzzle ?? truth;
  if (!ref) return null;
  const rows = ref.length;
  const cols = ref[0]!.length;
  if (!sizeOk(rows, cols)) return null;
  const cells = emptyCells(rows, cols);
  if (puzzle) puzzle.forEach((row, r) => row.forEach((g, c) => g !== 0 && (cells[r]![c] = { text: String(g), given: true })));
  const v = new Violations();
  let path: Coord[] | undefined;
  let badFrom: number | undefined;
  const read = ctx.hasAnswer ? readNumbrixStrict(input.answer) : null;
  if (read && !read.ok) v.add(read.reason, locationCells(read.locations ?? []));
  if (read?.ok) {
    const grid = read.grid;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const x = grid[r]?.[c];
        const cell = cells[r]![c]!;
        if (x === undefined || x === null) {
          if (!cell.given) cell.missing = true;
        } else if (!cell.given || cell.text !== String(x)) cells[r]![c] = { text: String(x) };
      }
    }
    let shapeOk = grid.length === rows;
    if (!shapeOk) v.add(`the answer has ${plural(grid.length, 'row')}; the puzzle has ${rows}${grid.length > rows ? ' (extra rows are not cropped in strict mode)' : ''}`);
    for (const [r, row] of grid.entries()) {
      if (row.length !== cols) {
        shapeOk = false;
        v.add(`row ${r + 1} has ${plural(row.length, 'cell')}; the puzzle has ${cols} columns`);
      }
    }
    if (shapeOk) {
      const values = grid.map((row) => row.map((x) => x ?? 0));
      const at = new Map<number, Coord[]>();
      // Appended in place: copying the list per cell was quadratic (a 200×200 grid of one number took minutes).
      values.forEach((row, r) =>
        row.forEach((x, c) => {
          if (x <= 0) return;
          const list = at.get(x);
          if (list) list.push([r, c]);
          else at.set(x, [[r, c]]);
        }),
      );
      for (const [x, where] of at) {
        if (where.length > 1) v.add(`the number ${x} appears ${where.length === 2 ? 'twice' : `${where.length} times`} (${where.map(([r, c]) => `row ${r + 1}, column ${c + 1}`).join(' and ')})`, where);
      }
      values.forEach((row, r) =>
        row.forEach((x, c) => {
          if (x === 0 && grid[r]![c] !== null) v.add(`row ${r + 1}, column ${c + 1} holds 0; numbers start at 1`, [[r, c]]);
          if (x > rows * cols) v.add(`row ${r + 1}, column ${c + 1} holds ${x}, more than the ${rows * cols} cells of the grid`, [[r, c]]);
        }),
      );
      if (puzzle) {
        puzzle.forEach((prow, r) =>
          prow.forEach((g, c) => {
            if (g !== 0 && values[r]![c] !== g) {
              cells[r]![c] = grid[r]![c] === null ? { missing: true } : { text: String(grid[r]![c]) };
              v.add(`row ${r + 1}, column ${c + 1} is given as ${g} but the answer has ${grid[r]![c] ?? 'a blank'}`, [[r, c]]);
            }
          }),
        );
      }
      if (!allowsEmptyCells(input.question)) {
        const blanks: Coord[] = [];
        values.forEach((row, r) => row.forEach((x, c) => x === 0 && blanks.push([r, c])));
        if (blanks.length > 0) v.add(`${blanks.length} cell${blanks.length > 1 ? 's are' : ' is'} empty (first: row ${blanks[0]![0] + 1}, column ${blanks[0]![1] + 1}); the chain must cover all ${rows * cols} cells`, blanks);
      }
      // The chain 1..max: drawn as a path, broken at the first gap between consecutive numbers.
      const nums = [...at.keys()];
      if (nums.length === 0) v.add('the grid holds no number');
      else {
        const max = Math.max(...nums);
        const missing: number[] = [];
        for (let k = 1; k <= max; k++) if (!at.has(k)) missing.push(k);
        if (missing.length > 0) v.add(`the chain 1..${max} is missing ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
        path = [];
        for (let k = 1; k <= max && at.has(k); k++) path.push(at.get(k)![0]!);
        for (let k = 1; k < path.length; k++) {
          const [a, b] = [path[k - 1]!, path[k]!];
          if (Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) !== 1) {
            badFrom ??= k - 1;
            v.add(`${k} (row ${a[0] + 1}, column ${a[1] + 1}) and ${k + 1} (row ${b[0] + 1}, column ${b[1] + 1}) are not orthogonally adjacent`, [a, b]);
          }
        }
      }
    }
  }
  return gridBoard({
    title: `Numbrix ${rows}×${cols}${ctx.hasAnswer ? ': candidate answer' : ': puzzle'}`,
    rows,
    cols,
    cells,
    ...(path && path.length > 0 ? { path: badFrom === undefined ? { cells: path } : { cells: path, badFrom } } : {}),
    violations: v.list,
    legend: ['the line follows the candidate\'s chain 1, 2, 3, …'],
  });
}
