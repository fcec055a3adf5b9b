/**
 * Futoshiki: the givens and the inequality signs between cells; the candidate's numbers; duplicates in
 * rows and columns, changed givens and every inequality that fails (`futoshikiStrict`'s rules).
 */
import { futoshikiPuzzle } from '../verify/tasks/numberGrids/futoshiki';
import { emptyCells, fillNumbers, gridBoard, inGrid, latinViolations, readAnswerGrid, sizeOk, Violations, type BoardContext } from './common';
import type { Board, GridBoard } from './model';

export function futoshikiBoard(ctx: BoardContext): Board | null {
  const puzzle = futoshikiPuzzle(ctx.input);
  if (!puzzle || !sizeOk(puzzle.n, puzzle.n)) return null;
  const { n } = puzzle;
  const cells = emptyCells(n, n);
  puzzle.givens.forEach((row, r) =>
    row.forEach((g, c) => {
      if (g !== 0 && r < n && c < n) cells[r]![c] = { text: String(g), given: true };
    }),
  );
  const v = new Violations();
  if (puzzle.givens.length !== n || puzzle.givens.some((r) => r.length !== n)) v.add(`the puzzle's givens grid is not ${n}×${n} (puzzle data)`);
  const relations: NonNullable<GridBoard['relations']> = [];
  const read = readAnswerGrid(ctx, n, n, v, { n, what: 'grid' });
  const grid = read?.ok ? read.grid : null;
  if (read && !read.ok) fillNumbers(cells, read.grid, n, n);
  if (grid) {
    fillNumbers(cells, grid, n, n);
    latinViolations(grid, n, v);
    puzzle.givens.forEach((row, r) =>
      row.forEach((g, c) => {
        if (g !== 0 && r < n && c < n && grid[r]![c] !== g) {
          cells[r]![c] = { text: String(grid[r]![c]!) };
          v.add(`cell (${r},${c}) is given as ${g} but the answer has ${grid[r]![c]!} (0-based (row,col) as in the puzzle)`, [[r, c]]);
        }
      }),
    );
  }
  puzzle.inequalities.forEach((q, k) => {
    const [r1, c1] = q.a;
    const [r2, c2] = q.b;
    const name = `cell (${r1},${c1}) ${q.symbol} cell (${r2},${c2})`;
    if (!inGrid(n, n, r1, c1) || !inGrid(n, n, r2, c2)) {
      v.add(`inequality ${k + 1} (${name}) refers to a cell outside the ${n}×${n} grid (puzzle data)`);
      return;
    }
    let bad = false;
    if (grid) {
      const a = grid[r1]![c1]!;
      const b = grid[r2]![c2]!;
      if (!(q.symbol === '<' ? a < b : a > b)) {
        bad = true;
        v.add(`inequality ${k + 1}: ${name}: ${a} ${q.symbol} ${b} is false (0-based (row,col) as in the puzzle)`, [q.a, q.b]);
      }
    }
    relations.push(bad ? { a: [r1, c1], b: [r2, c2], symbol: q.symbol, bad: true } : { a: [r1, c1], b: [r2, c2], symbol: q.symbol });
  });
  return gridBoard({ title: `Futoshiki ${n}×${n}${ctx.hasAnswer ? ': candidate answer' : ': puzzle'}`, rows: n, cols: n, cells, relations, violations: v.list });
}
