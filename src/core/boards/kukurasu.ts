/**
 * Kukurasu: a black cell in column j weighs j in its row, in row i weighs i in its column (1-based). The
 * row sums on the right, the column sums below; the candidate's black cells; every sum that does not
 * match its clue (`kukurasuStrict`'s rules).
 */
import { blackPositions, describeSum, kukurasuPuzzle } from '../verify/tasks/numberGrids/kukurasu';
import { emptyCells, gridBoard, numberClues, readAnswerGrid, sizeOk, Violations, type BoardContext } from './common';
import type { Board, EdgeClue } from './model';

export function kukurasuBoard(ctx: BoardContext): Board | null {
  const puzzle = kukurasuPuzzle(ctx.input);
  if (!puzzle || !sizeOk(puzzle.n, puzzle.n)) return null;
  const { n } = puzzle;
  const cells = emptyCells(n, n);
  const v = new Violations();
  const right: EdgeClue[][] = [];
  const bottom: EdgeClue[][] = [];
  for (let i = 0; i < n; i++) {
    right.push(numberClues([puzzle.rowSums[i]])[0]!);
    bottom.push(numberClues([puzzle.colSums[i]])[0]!);
  }
  // The weights (1..n) along the top and the left, so the sums can be read off the board.
  const weights = Array.from({ length: n }, (_, i) => [{ text: String(i + 1) }]);
  if (puzzle.rowSums.length !== n || puzzle.colSums.length !== n) {
    v.add(`the puzzle data is inconsistent: ${puzzle.rowSums.length} row clues and ${puzzle.colSums.length} column clues for a ${n}×${n} grid`);
  }
  const read = readAnswerGrid(ctx, n, n, v, { n, what: 'grid' });
  if (read) {
    const grid = read.grid;
    let binary = true;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const x = grid[r]?.[c];
        const cell = cells[r]![c]!;
        if (x === undefined) cell.missing = true;
        else if (x === 1) cell.fill = 'black';
        else if (x === 0) cell.fill = 'white';
        else {
          cell.text = String(x);
          binary = false;
          if (read.ok) v.add(`row ${r + 1}, column ${c + 1} holds ${x}: only 0 (white) and 1 (black) are allowed`, [[r, c]]);
        }
      }
    }
    if (read.ok && binary && puzzle.rowSums.length === n && puzzle.colSums.length === n) {
      for (let r = 0; r < n; r++) {
        const pos = blackPositions(grid[r]!);
        const total = pos.reduce((a, b) => a + b, 0);
        if (total !== puzzle.rowSums[r]) {
          right[r] = [{ text: String(puzzle.rowSums[r]), bad: true }];
          v.add(describeSum('row', r, pos, total, puzzle.rowSums[r]), grid[r]!.map((_, c) => [r, c] as const), { clue: { side: 'right', index: r } });
        }
      }
      for (let c = 0; c < n; c++) {
        const pos = blackPositions(grid.map((row) => row[c]!));
        const total = pos.reduce((a, b) => a + b, 0);
        if (total !== puzzle.colSums[c]) {
          bottom[c] = [{ text: String(puzzle.colSums[c]), bad: true }];
          v.add(describeSum('column', c, pos, total, puzzle.colSums[c]), grid.map((_, r) => [r, c] as const), { clue: { side: 'bottom', index: c } });
        }
      }
    }
  }
  return gridBoard({
    title: `Kukurasu ${n}×${n}${ctx.hasAnswer ? ': candidate answer' : ': puzzle'}`,
    rows: n,
    cols: n,
    cells,
    top: weights,
    left: weights,
    right,
    bottom,
    violations: v.list,
    legend: ['■ black (1), □ white (0)', 'top and left: the weight of a black cell in that column / row; right and bottom: the required sums'],
  });
}
