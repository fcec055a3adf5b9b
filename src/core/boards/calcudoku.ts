/**
 * Calcudoku (KenKen): the cages with their targets, the candidate's numbers, duplicates in rows and
 * columns, and every cage whose arithmetic does not give its target (`calcudokuStrict`'s rules).
 */
import { calcudokuPuzzle, strictCageProblem } from '../verify/tasks/numberGrids/calcudoku';
import { emptyCells, fillNumbers, gridBoard, latinViolations, readAnswerGrid, sizeOk, Violations, type BoardContext } from './common';
import type { Board, Coord, GridBoard } from './model';

const OP_SYMBOL: Readonly<Record<string, string>> = { '+': '+', '*': '×', '×': '×', x: '×', X: '×', '-': '−', '−': '−', '÷': '÷', '/': '÷' };

export function calcudokuBoard(ctx: BoardContext): Board | null {
  const puzzle = calcudokuPuzzle(ctx.input);
  if (!puzzle || !sizeOk(puzzle.n, puzzle.n)) return null;
  const { n } = puzzle;
  const cells = emptyCells(n, n);
  const regions = cells.map((row, r) => row.map((_, c) => -1 - (r * n + c)));
  const v = new Violations();
  const read = readAnswerGrid(ctx, n, n, v, { n, what: 'grid' });
  const grid = read?.ok ? read.grid : null;
  if (read) fillNumbers(cells, read.grid, n, n);
  if (grid) latinViolations(grid, n, v);
  const cages: NonNullable<GridBoard['cages']> = [];
  puzzle.cages.forEach((cage, i) => {
    const name = `cage at ${cage.cells.map(([r, c]) => `(${r},${c})`).join(', ')}`;
    const outside = cage.cells.find(([r, c]) => r < 1 || r > n || c < 1 || c > n);
    if (outside) {
      v.add(`${name} refers to (${outside[0]},${outside[1]}), outside the ${n}×${n} grid (puzzle data)`);
      return;
    }
    const at: Coord[] = cage.cells.map(([r, c]) => [r - 1, c - 1] as Coord).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [r, c] of at) regions[r]![c] = i;
    const label = `${cage.target}${OP_SYMBOL[cage.op] ?? cage.op}`;
    let bad = false;
    if (grid) {
      const why = strictCageProblem(cage, cage.cells.map(([r, c]) => grid[r - 1]![c - 1]!));
      if (why !== null) {
        bad = true;
        v.add(`${name} ${why} (cells are 1-based (row,col) as in the puzzle)`, at);
      }
    }
    cages.push(bad ? { cells: at, label, bad: true } : { cells: at, label });
  });
  return gridBoard({ title: `Calcudoku ${n}×${n}${ctx.hasAnswer ? ': candidate answer' : ': puzzle'}`, rows: n, cols: n, cells, regions, cages, violations: v.list });
}
