/**
 * Campsite (Tents): the trees, the row counts on the left and the column counts on top, the candidate's
 * tents, and every broken rule: a tent on a tree or without a tree next to it, tents touching (also
 * diagonally), counts that do not match, tents that cannot each have a tree of their own (the strict
 * campsite verifier's rules; tents are [row, column] from 1, as the question asks).
 */
import { isTree, matchTents, readPuzzle } from '../verify/tasks/puzzles/campsite';
import { pyEq, readPairListStrict } from '../verify/tasks/puzzles/common';
import { emptyCells, gridBoard, sizeOk, Violations, type BoardContext } from './common';
import type { Board, Coord, EdgeClue } from './model';

const fmt = ([r, c]: readonly [number, number]): string => `[${r + 1}, ${c + 1}]`;
const ORTHO: Array<[number, number]> = [[-1, 0], [1, 0], [0, -1], [0, 1]];
const AROUND: Array<[number, number]> = [[-1, -1], [-1, 0], [-1, 1], [0, -1], [0, 1], [1, -1], [1, 0], [1, 1]];

export function campsiteBoard(ctx: BoardContext): Board | null {
  const p = readPuzzle(ctx.input.initialState);
  if (typeof p === 'string') return null;
  const rows = p.grid.length;
  const cols = p.grid[0]?.length ?? 0;
  if (!sizeOk(rows, cols)) return null;
  const tree = (r: number, c: number): boolean => r >= 0 && r < rows && c >= 0 && c < cols && isTree(p.grid[r]?.[c]);
  const cells = emptyCells(rows, cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (tree(r, c)) cells[r]![c] = { fill: 'tree', given: true };
  const clues = (want: unknown, n: number): EdgeClue[][] => Array.from({ length: n }, (_, i) => (Array.isArray(want) && i < want.length ? [{ text: String(want[i]) }] : []));
  const left = clues(p.rowConstraints, rows);
  const top = clues(p.colConstraints, cols);
  const v = new Violations();
  if (ctx.hasAnswer) {
    const text = /^\s*(?:none|no tents?|empty)\.?\s*$/i.test(ctx.input.answer) ? '[]' : ctx.input.answer;
    const read = readPairListStrict(text, { allowLinePairs: true });
    if (!read.ok) v.add(`could not read a list of [row, column] tents from the answer: ${read.reason}`);
    else {
      const seen = new Set<string>();
      const tents: Array<[number, number]> = [];
      let readable = true;
      for (const [r1, c1] of read.pairs) {
        if (r1 < 1 || c1 < 1) {
          v.add(`tent [${r1}, ${c1}] has a coordinate below 1: coordinates are 1-based [row, column]`);
          readable = false;
          continue;
        }
        const t: [number, number] = [r1 - 1, c1 - 1];
        if (t[0] >= rows || t[1] >= cols) {
          v.add(`tent ${fmt(t)} is outside the ${rows}×${cols} grid ([row, column], 1-based)`);
          readable = false;
          continue;
        }
        if (seen.has(`${t[0]},${t[1]}`)) {
          v.add(`tent ${fmt(t)} is listed twice`, [t]);
          readable = false;
          continue;
        }
        seen.add(`${t[0]},${t[1]}`);
        tents.push(t);
        cells[t[0]]![t[1]] = { fill: 'tent' };
      }
      if (readable) {
        const before = v.list.length;
        for (const t of tents) {
          if (tree(t[0], t[1])) v.add(`tent ${fmt(t)} is placed on a tree`, [t]);
          else if (!ORTHO.some(([dr, dc]) => tree(t[0] + dr, t[1] + dc))) v.add(`tent ${fmt(t)} is not orthogonally next to a tree`, [t]);
        }
        const reported = new Set<string>();
        for (const t of tents) {
          for (const [dr, dc] of AROUND) {
            const o: [number, number] = [t[0] + dr, t[1] + dc];
            const pairKey = [fmt(t), fmt(o)].sort().join();
            if (seen.has(`${o[0]},${o[1]}`) && !reported.has(pairKey)) {
              reported.add(pairKey);
              v.add(`tents ${fmt(t)} and ${fmt(o)} touch (tents may not be adjacent, even diagonally)`, [t, o]);
            }
          }
        }
        counts(tents, rows, cols, p.rowConstraints, 'row', v, left);
        counts(tents, rows, cols, p.colConstraints, 'column', v, top);
        if (v.list.length === before) {
          const { unmatched } = matchTents(tents, tree);
          if (unmatched.length > 0) {
            v.add(`the tents cannot each be paired with their own tree: ${unmatched.map(fmt).join(', ')} ${unmatched.length === 1 ? 'has' : 'have'} no tree left after the others are paired (one tent per tree)`, unmatched);
          }
        }
      }
    }
  }
  return gridBoard({
    title: `Campsite ${rows}×${cols}${ctx.hasAnswer ? ': candidate answer' : ': puzzle'}`,
    rows,
    cols,
    cells,
    left,
    top,
    violations: v.list,
    legend: ['trees are the puzzle\'s, tents the candidate\'s; left: tents per row, top: tents per column'],
  });
}

function counts(tents: Array<[number, number]>, rows: number, cols: number, want: unknown, axis: 'row' | 'column', v: Violations, clues: EdgeClue[][]): void {
  const n = axis === 'row' ? rows : cols;
  const got = Array<number>(n).fill(0);
  for (const t of tents) got[axis === 'row' ? t[0] : t[1]]!++;
  if (pyEq(got, want)) return;
  if (!Array.isArray(want)) {
    v.add(`the ${axis} constraints are not a list`);
    return;
  }
  if (want.length !== n) {
    v.add(`there are ${want.length} ${axis} constraints for ${n} ${axis}s`);
    return;
  }
  for (let i = 0; i < n; i++) {
    if (pyEq(got[i], want[i])) continue;
    clues[i] = clues[i]!.map((e) => ({ ...e, bad: true }));
    const line: Coord[] = [];
    for (let k = 0; k < (axis === 'row' ? cols : rows); k++) line.push(axis === 'row' ? [i, k] : [k, i]);
    v.add(`${axis} ${i + 1} has ${got[i]!} tent${got[i] === 1 ? '' : 's'} but its constraint is ${String(want[i])}`, line, { clue: { side: axis === 'row' ? 'left' : 'top', index: i } });
  }
}
