/**
 * Kakuro: black clue cells with their down/across sums, the candidate's digits in the white cells, and
 * every unfilled white cell, digit put on a black cell, run whose sum is wrong and digit repeated in a run
 * (`kakuroStrict`'s rules; runs without a clue carry no constraint).
 */
import { kakuroPuzzle, readStrictMap } from '../verify/tasks/numberGrids/kakuro';
import { countWord, duplicates } from '../verify/tasks/numberGrids/grids';
import { emptyCells, gridBoard, inGrid, locationCells, sizeOk, unreadable, Violations, type BoardContext } from './common';
import type { Board, Coord, GridCell } from './model';

export function kakuroBoard(ctx: BoardContext): Board | null {
  const puzzle = kakuroPuzzle(ctx.input);
  if (!puzzle || !sizeOk(puzzle.rows, puzzle.cols)) return null;
  const { rows, cols, white } = puzzle;
  const cells = emptyCells(rows, cols);
  const clueAt = new Map<string, { down?: number; across?: number }>();
  for (const run of puzzle.runs) {
    const k = `${run.clueAt[0]},${run.clueAt[1]}`;
    const clue = clueAt.get(k) ?? {};
    if (run.dir === 'across') clue.across = run.target;
    else clue.down = run.target;
    clueAt.set(k, clue);
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (white[r]![c]) continue;
      const cell: GridCell = { fill: 'black' };
      const clue = clueAt.get(`${r},${c}`);
      if (clue) cell.clue = clue;
      cells[r]![c] = cell;
    }
  }
  const v = new Violations();
  let ans: Map<string, number> | null = null;
  if (ctx.hasAnswer) {
    const read = readStrictMap(ctx.input.answer);
    if (!read.ok) v.add(unreadable('a list of (row,col):value cells', read.check.reason ?? 'no (row,col):value entries found'));
    else {
      ans = read.map;
      for (const p of read.problems.items) v.add(p.reason, locationCells(p.locations));
    }
  }
  if (ans) {
    for (const [key, x] of ans) {
      const [r, c] = key.split(',').map(Number) as [number, number];
      if (!inGrid(rows, cols, r, c)) v.add(`(${key}) is outside the ${rows}×${cols} grid`);
      else if (!white[r]![c]) {
        cells[r]![c]!.text = String(x);
        v.add(`(${key}) is a black cell but the answer puts ${x} there`, [[r, c]]);
      } else cells[r]![c]!.text = String(x);
    }
    const missing: Coord[] = [];
    white.forEach((row, r) =>
      row.forEach((w, c) => {
        if (w && !ans.has(`${r},${c}`)) {
          missing.push([r, c]);
          cells[r]![c]!.missing = true;
        }
      }),
    );
    if (missing.length > 0) {
      const shown = missing.slice(0, 6).map(([r, c]) => `(${r},${c})`).join(', ') + (missing.length > 6 ? `, … (${missing.length} in all)` : '');
      v.add(`white cell${missing.length > 1 ? 's' : ''} ${shown} ${missing.length > 1 ? 'are' : 'is'} not filled`, missing);
    }
    for (const run of puzzle.runs) {
      if (run.cells.length === 0) continue;
      const vals = run.cells.map(([r, c]) => ans.get(`${r},${c}`));
      const [cr, cc] = run.clueAt;
      const name = `the ${run.dir} run of the clue at (${cr},${cc})`;
      const full = vals.filter((x): x is number => x !== undefined);
      if (full.length === vals.length) {
        const sum = full.reduce((a, b) => a + b, 0);
        if (sum !== run.target) {
          v.add(`${name} (${run.cells.map(([r, c]) => `(${r},${c})`).join(', ')}) sums to ${full.join(' + ')} = ${sum}, clue says ${run.target}`, [run.clueAt, ...run.cells]);
        }
      }
      const filled = run.cells.filter(([r, c]) => ans.has(`${r},${c}`));
      for (const [x, idx] of duplicates(full)) {
        const at = idx.map((i) => filled[i]!);
        v.add(`${name} has ${countWord(idx.length)} ${x}s (at ${at.map(([r, c]) => `(${r},${c})`).join(' and ')})`, at);
      }
    }
  }
  return gridBoard({
    title: `Kakuro ${rows}×${cols}${ctx.hasAnswer ? ': candidate answer' : ': puzzle'}`,
    rows,
    cols,
    cells,
    violations: v.list,
    legend: ['clue cells: the down sum bottom-left, the across sum top-right; (row,col) counted from 0'],
  });
}
