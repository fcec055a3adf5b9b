/**
 * Eulero (Graeco-Latin square): the givens and the candidate's letter-number pairs, and every letter or
 * number out of range, repeated in a row or a column, every pair used twice and every changed given (the
 * strict eulero verifier's rules; rows and columns counted from 1 in messages).
 */
import { isPlainObject, plural } from '../verify/tasks/puzzles/common';
import { parseEuleroInitial, readEuleroStrict } from '../verify/tasks/puzzles/eulero';
import { emptyCells, gridBoard, locationCells, sizeOk, Violations, type BoardContext } from './common';
import type { Board, Coord } from './model';

const letterName = (i: number): string => String.fromCharCode(65 + i);

export function euleroBoard(ctx: BoardContext): Board | null {
  const { input } = ctx;
  const givens = isPlainObject(input.initialState) ? [] : parseEuleroInitial(input.initialState);
  const read = ctx.hasAnswer ? readEuleroStrict(input.answer) : null;
  const n = givens.length > 0 ? givens.length : read?.ok ? read.grid.length : 0;
  if (!sizeOk(n, n)) return null;
  const cells = emptyCells(n, n);
  givens.forEach((row, r) => row.forEach((g, c) => g !== null && r < n && c < n && (cells[r]![c] = { text: g, given: true })));
  const v = new Violations();
  if (read && !read.ok) v.add(read.reason, locationCells(read.locations ?? []));
  if (read?.ok) {
    const grid = read.grid;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const x = grid[r]?.[c];
        if (x === undefined) {
          if (!cells[r]![c]!.given) cells[r]![c]!.missing = true;
        } else if (cells[r]![c]!.text !== x) cells[r]![c] = { text: x };
      }
    }
    let shapeOk = grid.length === n;
    if (!shapeOk) v.add(`the answer has ${plural(grid.length, 'row')}; the puzzle is ${n}×${n}`);
    for (const [r, row] of grid.entries()) {
      if (row.length !== n) {
        shapeOk = false;
        v.add(`row ${r + 1} has ${plural(row.length, 'cell')}; the puzzle is ${n}×${n}`);
      }
    }
    if (shapeOk) {
      grid.forEach((row, r) =>
        row.forEach((cell, c) => {
          const li = cell.charCodeAt(0) - 65;
          const num = cell.slice(1);
          if (li < 0 || li >= n) v.add(`row ${r + 1}, column ${c + 1} uses the letter ${cell[0]!} (allowed: A–${letterName(n - 1)})`, [[r, c]]);
          if (!/^[1-9]\d*$/.test(num) || Number(num) > n) v.add(`row ${r + 1}, column ${c + 1} uses the number ${num} (allowed: 1–${n})`, [[r, c]]);
        }),
      );
      const repeats = (line: Coord[], name: string, along: string, pick: (cell: string) => string, part: string): void => {
        const by = new Map<string, Coord[]>();
        for (const [r, c] of line) {
          const k = pick(grid[r]![c]!);
          // Appended in place: copying the list per cell was quadratic (a 200×200 grid of one letter took minutes).
          const list = by.get(k);
          if (list) list.push([r, c]);
          else by.set(k, [[r, c]]);
        }
        for (const [k, where] of by) {
          if (where.length > 1) v.add(`${name} has the ${part} ${k} ${where.length === 2 ? 'twice' : `${where.length} times`} (${along} ${where.map(([r, c]) => (along === 'columns' ? c : r) + 1).join(' and ')})`, where);
        }
      };
      for (const [part, pick] of [
        ['letter', (cell: string) => cell[0]!],
        ['number', (cell: string) => String(Number(cell.slice(1)))],
      ] as const) {
        for (let r = 0; r < n; r++) repeats(Array.from({ length: n }, (_, c) => [r, c] as Coord), `row ${r + 1}`, 'columns', pick, part);
        for (let c = 0; c < n; c++) repeats(Array.from({ length: n }, (_, r) => [r, c] as Coord), `column ${c + 1}`, 'rows', pick, part);
      }
      const pairs = new Map<string, Coord[]>();
      grid.forEach((row, r) => row.forEach((cell, c) => {
        const k = cell[0]! + String(Number(cell.slice(1)));
        const list = pairs.get(k);
        if (list) list.push([r, c]);
        else pairs.set(k, [[r, c]]);
      }));
      for (const [k, where] of pairs) {
        if (where.length > 1) v.add(`the pair ${k} appears ${where.length === 2 ? 'twice' : `${where.length} times`} (${where.map(([r, c]) => `row ${r + 1}, column ${c + 1}`).join(' and ')})`, where);
      }
      givens.forEach((grow, r) =>
        grow.forEach((g, c) => {
          if (g !== null && r < n && c < n && grid[r]![c] !== g) {
            cells[r]![c] = { text: grid[r]![c]! };
            v.add(`row ${r + 1}, column ${c + 1} is given as ${g} but the answer has ${grid[r]![c]!}`, [[r, c]]);
          }
        }),
      );
    }
  }
  return gridBoard({ title: `Eulero ${n}×${n}${ctx.hasAnswer ? ': candidate answer' : ': puzzle'}`, rows: n, cols: n, cells, violations: v.list });
}
