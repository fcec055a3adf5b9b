/**
 * Skyscrapers: the view clues around the grid, the candidate's heights, duplicates in rows and columns,
 * and every clue whose count of visible buildings is wrong (`skyscrapersStrict`'s rules).
 */
import { clueText, lineOfSight, SIDES, skyscrapersPuzzle, type Side } from '../verify/tasks/numberGrids/skyscrapers';
import { emptyCells, fillNumbers, gridBoard, latinViolations, readAnswerGrid, sizeOk, Violations, type BoardContext } from './common';
import type { Board, EdgeClue } from './model';

export function skyscrapersBoard(ctx: BoardContext): Board | null {
  const puzzle = skyscrapersPuzzle(ctx.input);
  if (!puzzle || !sizeOk(puzzle.n, puzzle.n)) return null;
  const { n } = puzzle;
  const cells = emptyCells(n, n);
  const v = new Violations();
  const clues: Record<Side, EdgeClue[][]> = { top: [], bottom: [], left: [], right: [] };
  for (const side of SIDES) {
    const list = puzzle.clues[side];
    for (let i = 0; i < n; i++) {
      const x = list[i];
      clues[side].push(x === undefined || x <= 0 ? [] : [{ text: String(x) }]);
    }
  }
  const read = readAnswerGrid(ctx, n, n, v, { n, what: 'grid' });
  if (read && !read.ok) fillNumbers(cells, read.grid, n, n);
  if (read?.ok) {
    const grid = read.grid;
    fillNumbers(cells, grid, n, n);
    latinViolations(grid, n, v);
    for (const side of SIDES) {
      const list = puzzle.clues[side];
      if (list.length !== 0 && list.length !== n) v.add(`the puzzle has ${list.length} ${side} clues for a ${n}×${n} grid (puzzle data)`);
      list.forEach((clue, i) => {
        if (clue <= 0 || i >= n) return;
        const { cells: sight, visible } = lineOfSight(grid, side, i);
        if (visible.length !== clue) {
          clues[side][i] = [{ text: String(clue), bad: true }];
          v.add(`${clueText(side, i)}: ${visible.length} visible (${visible.join(', ')}), clue says ${clue}`, sight, { clue: { side, index: i } });
        }
      });
    }
  }
  return gridBoard({
    title: `Skyscrapers ${n}×${n}${ctx.hasAnswer ? ': candidate answer' : ': puzzle'}`,
    rows: n,
    cols: n,
    cells,
    top: clues.top,
    bottom: clues.bottom,
    left: clues.left,
    right: clues.right,
    violations: v.list,
  });
}
