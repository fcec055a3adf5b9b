/**
 * Nonogram: the row clues on the left, the column clues on top, the candidate's filled cells, and every
 * row or column whose blocks do not match its clue (the clue is marked; hovering shows the line).
 */
import { clues, readGrid, runs, splitSingleLine } from '../verify/tasks/lineGrids/nonogram';
import { excerpt, plural } from '../verify/tasks/lineGrids/common';
import { emptyCells, gridBoard, sizeOk, Violations, type BoardContext } from './common';
import type { Board, Coord, EdgeClue } from './model';

const show = (xs: readonly number[]): string => `[${xs.join(', ')}]`;
const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export function nonogramBoard(ctx: BoardContext): Board | null {
  const cl = clues(ctx.input);
  if (cl === null) return null;
  const R = cl.rows.length;
  const W = cl.cols.length;
  if (!sizeOk(R, W)) return null;
  const cells = emptyCells(R, W);
  const left: EdgeClue[][] = cl.rows.map((xs) => (xs.length === 0 ? [{ text: '0' }] : xs.map((x) => ({ text: String(x) }))));
  const top: EdgeClue[][] = cl.cols.map((xs) => (xs.length === 0 ? [{ text: '0' }] : xs.map((x) => ({ text: String(x) }))));
  const v = new Violations();
  if (ctx.hasAnswer) {
    let grid = readGrid(ctx.input.answer);
    if (grid && grid.length === 1 && grid[0]!.length !== W) grid = splitSingleLine(ctx.input.answer, R, W) ?? grid;
    if (grid === null) v.add(`could not read a grid of X (filled) and . (empty) from the answer: ${excerpt(ctx.input.answer)}`);
    else {
      for (let r = 0; r < R; r++) {
        for (let c = 0; c < W; c++) {
          const x = grid[r]?.[c];
          if (x === undefined) cells[r]![c]!.missing = true;
          else if (x) cells[r]![c]!.fill = 'black';
        }
      }
      if (grid.length !== R) v.add(`the grid has ${plural(grid.length, 'row')}, the puzzle has ${R}`);
      const wrongWidth = grid.map((row, i) => ({ row, i })).filter(({ row }) => row.length !== W);
      for (const { row, i } of wrongWidth) {
        const line: Coord[] = [];
        for (let c = 0; c < Math.min(W, row.length); c++) if (i < R) line.push([i, c]);
        v.add(`row ${i + 1} has ${plural(row.length, 'cell')}, the puzzle is ${W} wide (rows are numbered from 1 at the top)`, line);
      }
      if (grid.length === R && wrongWidth.length === 0) {
        for (let i = 0; i < R; i++) {
          const got = runs(grid[i]!);
          if (!same(got, cl.rows[i]!)) {
            left[i] = left[i]!.map((e) => ({ ...e, bad: true }));
            v.add(`row ${i + 1} has blocks ${show(got)} but its clue is ${show(cl.rows[i]!)}`, grid[i]!.map((_, c) => [i, c] as Coord), { clue: { side: 'left', index: i } });
          }
        }
        for (let j = 0; j < W; j++) {
          const got = runs(grid.map((row) => row[j]!));
          if (!same(got, cl.cols[j]!)) {
            top[j] = top[j]!.map((e) => ({ ...e, bad: true }));
            v.add(`column ${j + 1} has blocks ${show(got)} but its clue is ${show(cl.cols[j]!)}`, grid.map((_, r) => [r, j] as Coord), { clue: { side: 'top', index: j } });
          }
        }
      }
    }
  }
  return gridBoard({ title: `Nonogram ${R}×${W}${ctx.hasAnswer ? ': candidate answer' : ': puzzle'}`, rows: R, cols: W, cells, left, top, violations: v.list });
}
