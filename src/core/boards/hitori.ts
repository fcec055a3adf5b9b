/**
 * Hitori: the number grid with the candidate's shaded cells, and every broken rule: shaded cells that
 * touch, numbers repeated among the unshaded cells of a row or column (all their cells), and unshaded
 * cells cut off from the rest (the strict hitori verifier's rules; cells are (row, col) from 0).
 */
import { strictGrid, strictShaded } from '../verify/tasks/lineGrids/hitori';
import { components, excerpt } from '../verify/tasks/lineGrids/common';
import { emptyCells, gridBoard, sizeOk, Violations, type BoardContext } from './common';
import type { Board, Coord } from './model';

const CONV = ' (cells as (row, col), 0-based)';
const at = (r: number, c: number): string => `(${r}, ${c})`;

export function hitoriBoard(ctx: BoardContext): Board | null {
  const grid = strictGrid(ctx.input);
  if (grid === null) return null;
  const rows = grid.length;
  const cols = Math.max(...grid.map((r) => r.length));
  if (!sizeOk(rows, cols)) return null;
  const cells = emptyCells(rows, cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) cells[r]![c] = c < grid[r]!.length ? { text: String(grid[r]![c]!), given: true } : { fill: 'unknown' };
  }
  const v = new Violations();
  const shaded = ctx.hasAnswer ? strictShaded(ctx.input.answer) : [];
  if (shaded === null) v.add(`could not read a set of shaded (row, col) cells from the answer: ${excerpt(ctx.input.answer)}`);
  else if (ctx.hasAnswer) {
    const inside = (r: number, c: number): boolean => r >= 0 && r < rows && c >= 0 && c < grid[r]!.length;
    const keys = new Set(shaded.map(([r, c]) => `${r},${c}`));
    const has = (r: number, c: number): boolean => keys.has(`${r},${c}`);
    for (const [r, c] of shaded) if (inside(r, c)) cells[r]![c]!.fill = 'black';
    const out = shaded.filter(([r, c]) => !inside(r, c));
    if (out.length > 0) v.add(`shaded ${out.length === 1 ? 'cell' : 'cells'} ${out.map(([r, c]) => at(r, c)).join(', ')} ${out.length === 1 ? 'is' : 'are'} outside the ${rows}×${grid[0]!.length} grid${CONV}`);
    // Shaded neighbours, each touching group once.
    const touching = components(
      shaded.filter(([r, c]) => inside(r, c)),
      ([r, c]) => `${r},${c}`,
      ([r, c]) => ([[r + 1, c], [r - 1, c], [r, c + 1], [r, c - 1]] as Coord[]).filter(([nr, nc]) => inside(nr, nc) && has(nr, nc)),
    ).filter((g) => g.length > 1);
    for (const g of touching) v.add(`shaded cells ${g.map(([r, c]) => at(r, c)).join(', ')} touch orthogonally: shaded cells must not be adjacent${CONV}`, g);
    // Repeated numbers among the unshaded cells of each row and column.
    const lines: Array<{ name: string; cells: Coord[] }> = [];
    for (let i = 0; i < rows; i++) lines.push({ name: `row ${i}`, cells: grid[i]!.map((_, j) => [i, j] as Coord) });
    for (let j = 0; j < cols; j++) {
      const col: Coord[] = [];
      for (let i = 0; i < rows; i++) if (j < grid[i]!.length) col.push([i, j]);
      lines.push({ name: `column ${j}`, cells: col });
    }
    for (const line of lines) {
      const byValue = new Map<number, Coord[]>();
      for (const [r, c] of line.cells) {
        if (has(r, c)) continue;
        const x = grid[r]![c]!;
        const list = byValue.get(x);
        if (list) list.push([r, c]);
        else byValue.set(x, [[r, c]]);
      }
      for (const [x, same] of byValue) {
        if (same.length > 1) v.add(`${line.name} has ${same.length} unshaded ${x}s, at ${same.map(([r, c]) => at(r, c)).join(' and ')}: numbers in unshaded cells must be unique${CONV}`, same);
      }
    }
    const white: Coord[] = [];
    for (let r = 0; r < rows; r++) for (let c = 0; c < grid[r]!.length; c++) if (!has(r, c)) white.push([r, c]);
    const regions = components(
      white,
      ([r, c]) => `${r},${c}`,
      ([r, c]) => ([[r + 1, c], [r - 1, c], [r, c + 1], [r, c - 1]] as Coord[]).filter(([nr, nc]) => inside(nr, nc) && !has(nr, nc)),
    );
    if (regions.length === 0) v.add('every cell is shaded: there must be unshaded cells');
    else if (regions.length > 1) {
      const [main, ...rest] = [...regions].sort((a, b) => b.length - a.length);
      const cut = rest.flat();
      const shown = cut.slice(0, 6).map(([r, c]) => at(r, c)).join(', ') + (cut.length > 6 ? ', …' : '');
      v.add(`the unshaded cells are not one orthogonally connected region: ${cut.length} cell${cut.length === 1 ? '' : 's'} (${shown}) ${cut.length === 1 ? 'is' : 'are'} cut off from the other ${main?.length ?? 0}${CONV}`, cut);
    }
  }
  return gridBoard({
    title: `Hitori ${rows}×${cols}${ctx.hasAnswer ? ': candidate answer' : ': puzzle'}`,
    rows,
    cols,
    cells,
    violations: v.list,
    legend: ['■ shaded (the candidate\'s answer); cells are (row, col) from 0'],
  });
}
