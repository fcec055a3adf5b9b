/**
 * Binairo (takuzu): the givens, the candidate's 0s and 1s, and every broken rule: a changed given, a row
 * or column with unequal counts, three equal cells in a row, identical rows or columns (the rules of the
 * strict binairo verifier).
 */
import { binairoGivens, readBinairoStrict } from '../verify/tasks/puzzles/binairo';
import { plural } from '../verify/tasks/puzzles/common';
import { emptyCells, gridBoard, sizeOk, Violations, type BoardContext } from './common';
import type { Board, Coord } from './model';

export function binairoBoard(ctx: BoardContext): Board | null {
  const { input } = ctx;
  const givens = input.initialState === null ? null : binairoGivens(input.initialState);
  const puzzle = givens !== null && typeof givens !== 'string' && givens.length > 0 ? givens : null;
  const truthRows = input.groundTruth.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const read = ctx.hasAnswer ? readBinairoStrict(input.answer) : null;
  const rows = puzzle ? puzzle.length : truthRows.length > 0 ? truthRows.length : read?.ok ? read.grid.length : 0;
  const cols = puzzle ? puzzle[0]!.length : truthRows.length > 0 ? truthRows[0]!.split(/\s+/).length : read?.ok ? (read.grid[0]?.length ?? 0) : 0;
  if (!sizeOk(rows, cols)) return null;
  const cells = emptyCells(rows, cols);
  if (puzzle) {
    puzzle.forEach((row, r) =>
      row.forEach((g, c) => {
        if (g !== null && r < rows && c < cols) cells[r]![c] = { text: String(g), given: true };
      }),
    );
  }
  const v = new Violations();
  if (read && !read.ok) v.add(read.reason);
  if (read?.ok) {
    const grid = read.grid;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const x = grid[r]?.[c];
        const cell = cells[r]![c]!;
        if (x === undefined) {
          if (!cell.given) cell.missing = true;
        } else if (!cell.given || Number(cell.text) !== x) cells[r]![c] = { text: String(x) };
      }
    }
    const shapeOk = check(grid, rows, cols, v);
    if (shapeOk) rules(grid, rows, cols, puzzle, v);
  }
  return gridBoard({ title: `Binairo ${rows}×${cols}${ctx.hasAnswer ? ': candidate answer' : ': puzzle'}`, rows, cols, cells, violations: v.list });
}

/** The shape and 0/1 checks the strict verifier makes first (it stops at the first). */
function check(grid: number[][], rows: number, cols: number, v: Violations): boolean {
  if (grid.length !== rows) {
    v.add(`the answer has ${plural(grid.length, 'row')}; the puzzle is ${rows}×${cols}`);
    return false;
  }
  for (const [r, row] of grid.entries()) {
    if (row.length !== cols) {
      v.add(`row ${r + 1} has ${plural(row.length, 'cell')}; the puzzle has ${cols} columns`, row.map((_, c) => [r, c] as const).filter(([, c]) => c < cols));
      return false;
    }
  }
  let ok = true;
  for (const [r, row] of grid.entries()) {
    for (const [c, x] of row.entries()) {
      if (x !== 0 && x !== 1) {
        v.add(`row ${r + 1}, column ${c + 1} holds ${x}; cells must be 0 or 1`, [[r, c]]);
        ok = false;
      }
    }
  }
  return ok;
}

function rules(grid: number[][], rows: number, cols: number, puzzle: Array<Array<number | null>> | null, v: Violations): void {
  if (puzzle) {
    for (const [r, prow] of puzzle.entries()) {
      for (const [c, g] of prow.entries()) {
        if (g !== null && grid[r]?.[c] !== g) v.add(`row ${r + 1}, column ${c + 1} is given as ${g} but the answer has ${grid[r]?.[c] ?? 'nothing'}`, r < rows && c < cols ? [[r, c]] : []);
      }
    }
  }
  const lineCells = (kind: 'row' | 'column', i: number): Coord[] => (kind === 'row' ? grid[i]!.map((_, c) => [i, c] as Coord) : grid.map((_, r) => [r, i] as Coord));
  const balanced = (line: number[]): boolean => {
    const ones = line.filter((x) => x === 1).length;
    return line.length % 2 === 0 ? ones === line.length / 2 : Math.abs(line.length - 2 * ones) <= 1;
  };
  const column = (c: number): number[] => grid.map((row) => row[c]!);
  for (let r = 0; r < rows; r++) {
    if (!balanced(grid[r]!)) {
      const ones = grid[r]!.filter((x) => x === 1).length;
      v.add(`row ${r + 1} has ${grid[r]!.length - ones} zeros and ${ones} ones`, lineCells('row', r));
    }
  }
  for (let c = 0; c < cols; c++) {
    const col = column(c);
    if (!balanced(col)) {
      const ones = col.filter((x) => x === 1).length;
      v.add(`column ${c + 1} has ${col.length - ones} zeros and ${ones} ones`, lineCells('column', c));
    }
  }
  const triples = (line: number[], at: (i: number) => Coord, name: string, along: string): void => {
    let start = 0;
    for (let i = 1; i <= line.length; i++) {
      if (i < line.length && line[i] === line[start]) continue;
      const len = i - start;
      if (len >= 3) {
        const run: Coord[] = [];
        for (let k = start; k < i; k++) run.push(at(k));
        v.add(`${name} has ${len === 3 ? 'three' : String(len)} ${line[start]!}s in a row (${along} ${start + 1}–${i})`, run);
      }
      start = i;
    }
  };
  for (let r = 0; r < rows; r++) triples(grid[r]!, (c) => [r, c], `row ${r + 1}`, 'columns');
  for (let c = 0; c < cols; c++) triples(column(c), (r) => [r, c], `column ${c + 1}`, 'rows');
  const same = (keys: string[], kind: 'rows' | 'columns'): void => {
    const seen = new Map<string, number>();
    keys.forEach((k, i) => {
      const j = seen.get(k);
      if (j === undefined) seen.set(k, i);
      else v.add(`${kind} ${j + 1} and ${i + 1} are identical`, [...lineCells(kind === 'rows' ? 'row' : 'column', j), ...lineCells(kind === 'rows' ? 'row' : 'column', i)]);
    });
  };
  same(grid.map((row) => row.join('')), 'rows');
  same(Array.from({ length: cols }, (_, c) => column(c).join('')), 'columns');
}
