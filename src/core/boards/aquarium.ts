/**
 * Aquarium: the tanks (regions) with thick borders, the row counts on the left and the column counts on
 * top, the candidate's water, and every broken rule: a count that does not match, water floating over an
 * empty cell of its tank, a tank filled unevenly in a row, water in non-contiguous rows (the strict
 * aquarium verifier's rules; cells are (x, y) = (column, row) from 0, as the puzzle says).
 */
import { readPuzzle } from '../verify/tasks/puzzles/aquarium';
import { pyEq, readPairListStrict } from '../verify/tasks/puzzles/common';
import { emptyCells, gridBoard, sizeOk, Violations, type BoardContext } from './common';
import type { Board, Coord, EdgeClue } from './model';

const at = (x: number, y: number): string => `(x=${x}, y=${y})`;

export function aquariumBoard(ctx: BoardContext): Board | null {
  const p = readPuzzle(ctx.input.initialState);
  if (typeof p === 'string') return null;
  if (p.rowClues.length !== p.rows || p.colClues.length !== p.cols || p.regions.length !== p.rows || p.regions.some((r) => r.length !== p.cols)) return null;
  if (!sizeOk(p.rows, p.cols)) return null;
  const { rows, cols } = p;
  const ids = new Map<unknown, number>();
  const regions = p.regions.map((row) =>
    row.map((id) => {
      const k = typeof id === 'object' ? JSON.stringify(id) : id;
      let n = ids.get(k);
      if (n === undefined) {
        n = ids.size;
        ids.set(k, n);
      }
      return n;
    }),
  );
  const cells = emptyCells(rows, cols);
  const clueText = (x: unknown): EdgeClue[] => [{ text: typeof x === 'number' || typeof x === 'string' ? String(x) : JSON.stringify(x) }];
  const left = p.rowClues.map(clueText);
  const top = p.colClues.map(clueText);
  const v = new Violations();
  if (ctx.hasAnswer) {
    const text = ctx.input.answer.replace(/，/g, ',').replace(/（/g, '(').replace(/）/g, ')').replace(/【/g, '[').replace(/】/g, ']');
    const read = readPairListStrict(text);
    if (!read.ok) v.add(`could not read a list of cells from the answer: ${read.reason}`);
    else {
      const filled = regions.map((row) => row.map(() => false));
      const seen = new Set<string>();
      let readable = true;
      for (const [x, y] of read.pairs) {
        if (!(x >= 0 && x < cols && y >= 0 && y < rows)) {
          v.add(`cell ${at(x, y)} is outside the ${cols}×${rows} grid (x = column, y = row, 0-based)`);
          readable = false;
          continue;
        }
        if (seen.has(`${x},${y}`)) {
          v.add(`cell ${at(x, y)} is listed twice`, [[y, x]]);
          readable = false;
        }
        seen.add(`${x},${y}`);
        filled[y]![x] = true;
        cells[y]![x]!.fill = 'water';
      }
      if (readable) rules(filled, regions, p.rowClues, p.colClues, rows, cols, v, left, top);
    }
  }
  return gridBoard({
    title: `Aquarium ${rows}×${cols}${ctx.hasAnswer ? ': candidate answer' : ': puzzle'}`,
    rows,
    cols,
    cells,
    regions,
    left,
    top,
    violations: v.list,
    legend: ['water cells are the candidate\'s answer; thick borders separate the tanks; cells are (x, y) = (column, row) from 0'],
  });
}

function rules(filled: boolean[][], regions: number[][], rowClues: unknown[], colClues: unknown[], rows: number, cols: number, v: Violations, left: EdgeClue[][], top: EdgeClue[][]): void {
  for (let y = 0; y < rows; y++) {
    const n = filled[y]!.filter(Boolean).length;
    if (!pyEq(n, rowClues[y])) {
      left[y] = left[y]!.map((e) => ({ ...e, bad: true }));
      v.add(`row y=${y} has ${n} filled cell${n === 1 ? '' : 's'} but its clue is ${String(rowClues[y])}`, filled[y]!.map((_, x) => [y, x] as Coord), { clue: { side: 'left', index: y } });
    }
  }
  for (let x = 0; x < cols; x++) {
    const n = filled.filter((row) => row[x]).length;
    if (!pyEq(n, colClues[x])) {
      top[x] = top[x]!.map((e) => ({ ...e, bad: true }));
      v.add(`column x=${x} has ${n} filled cell${n === 1 ? '' : 's'} but its clue is ${String(colClues[x])}`, filled.map((_, y) => [y, x] as Coord), { clue: { side: 'top', index: x } });
    }
  }
  // Tank id -> its cells in reading order, tanks in order of first appearance (the verifier's order).
  const tanks = new Map<number, Array<[number, number]>>();
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const id = regions[y]![x]!;
      const list = tanks.get(id);
      if (list) list.push([x, y]);
      else tanks.set(id, [[x, y]]);
    }
  }
  for (const [id, tank] of tanks) {
    const float = tank.find(([x, y]) => filled[y]![x] && y + 1 < rows && regions[y + 1]![x] === id && !filled[y + 1]![x]);
    if (float) {
      const [x, y] = float;
      v.add(`${at(x, y)} holds water but ${at(x, y + 1)} below it, in the same tank, is empty (water cannot float)`, [[y, x], [y + 1, x]]);
      continue;
    }
    const levels = new Map<number, number[]>();
    for (const [x, y] of tank) {
      const xs = levels.get(y);
      if (xs) xs.push(x);
      else levels.set(y, [x]);
    }
    let uneven = false;
    for (const [y, xs] of levels) {
      const n = xs.filter((x) => filled[y]![x]).length;
      if (n > 0 && n < xs.length) {
        v.add(`a tank is filled unevenly in row y=${y}: ${n} of its ${xs.length} cells there hold water (the water level must be flat)`, xs.map((x) => [y, x] as Coord));
        uneven = true;
        break;
      }
    }
    if (uneven) continue;
    const wet = [...levels].filter(([y, xs]) => xs.some((x) => filled[y]![x])).map(([y]) => y).sort((a, b) => a - b);
    if (wet.length > 0 && wet[wet.length - 1]! - wet[0]! + 1 !== wet.length) {
      v.add(`a tank holds water in rows y=${wet.join(', ')}, which are not contiguous`, tank.map(([x, y]) => [y, x] as Coord));
    }
  }
}
