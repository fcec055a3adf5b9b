/**
 * Sudoku 9×9: the givens from initial_state (or the question), the candidate's digits over them, and every
 * broken rule: empty or out-of-range cells, a changed given, and all cells of every duplicate in a row, a
 * column or a box (the strict verifier's rules, `sudokuStrict`).
 */
import { boxCells, boxName, sudokuGivens } from '../verify/tasks/numberGrids/sudoku';
import { countWord, duplicates } from '../verify/tasks/numberGrids/grids';
import { emptyCells, fillNumbers, gridBoard, latinViolations, readAnswerGrid, Violations, type BoardContext } from './common';
import type { Board } from './model';

export function sudokuBoard(ctx: BoardContext): Board | null {
  const puzzle = sudokuGivens(ctx.input);
  if (!puzzle) return null;
  const { givens } = puzzle;
  const cells = emptyCells(9, 9);
  givens.forEach((row, r) =>
    row.forEach((g, c) => {
      if (g !== 0) cells[r]![c] = { text: String(g), given: true };
    }),
  );
  const regions = givens.map((row, r) => row.map((_, c) => Math.floor(r / 3) * 3 + Math.floor(c / 3)));
  const v = new Violations();
  const read = readAnswerGrid(ctx, 9, 9, v, { n: 9, what: 'grid', digitRuns: true });
  if (read) {
    const g = read.grid;
    if (read.ok) {
      for (let r = 0; r < 9; r++) {
        for (let c = 0; c < 9; c++) {
          const x = g[r]![c]!;
          const cell = cells[r]![c]!;
          if (!cell.given) {
            cell.text = x === 0 ? '' : String(x);
            if (x === 0) cell.missing = true;
          }
          if (x === 0) v.add(`row ${r + 1}, column ${c + 1} is empty (0): every cell must hold a digit 1-9`, [[r, c]]);
          else if (x < 1 || x > 9) v.add(`row ${r + 1}, column ${c + 1} holds ${x}, not a digit 1-9`, [[r, c]]);
        }
      }
      givens.forEach((row, r) =>
        row.forEach((given, c) => {
          if (given !== 0 && g[r]![c] !== given) {
            // Show what the candidate wrote over the given.
            cells[r]![c] = { text: String(g[r]![c]!), given: false };
            v.add(`row ${r + 1}, column ${c + 1} is a given ${given} but the answer has ${g[r]![c]!}`, [[r, c]]);
          }
        }),
      );
      latinViolations(g, 9, v, { range: false, ignore: 0 });
      for (let b = 0; b < 9; b++) {
        const bc = boxCells(b);
        for (const [x, idx] of duplicates(bc.map(([r, c]) => g[r]![c]!))) {
          if (x === 0) continue;
          v.add(`${boxName(b)} has ${countWord(idx.length)} ${x}s (at ${idx.map((i) => `row ${bc[i]![0] + 1} column ${bc[i]![1] + 1}`).join(' and ')})`, idx.map((i) => bc[i]!));
        }
      }
    } else {
      fillNumbers(cells, g, 9, 9, (x) => (x === 0 ? '' : String(x)));
    }
  }
  return gridBoard({
    title: `Sudoku 9×9${ctx.hasAnswer ? ': candidate answer' : ': puzzle'}`,
    rows: 9,
    cols: 9,
    cells,
    regions,
    violations: v.list,
  });
}
