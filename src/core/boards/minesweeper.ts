/**
 * Minesweeper: the revealed numbers, the candidate's mines, and every clash: a mine on a number, a number
 * whose count of adjacent mines is wrong, a blank (a revealed 0) next to a mine — the strict verifier's
 * reading of the board. When the board cannot be read that way, the mines are compared with the stored
 * set, as the verifier does. Cells are (row, col) from 0, as the question says.
 */
import { countSolutions, inside, NO_MINES, parseMinesweeperBoard, STRICT_PAIR, violations, type Semantics } from '../verify/tasks/games/minesweeper';
import { leftoverTokens, listing, quote } from '../verify/tasks/games/common';
import { emptyCells, gridBoard, sizeOk, Violations, type BoardContext } from './common';
import type { Board, Coord } from './model';

const CONVENTION = '(coordinates are (row, col), counted from 0 as in the question)';

export function minesweeperBoard(ctx: BoardContext): Board | null {
  const st = ctx.input.initialState;
  const board = typeof st === 'string' ? parseMinesweeperBoard(st) : null;
  if (!board) return null;
  const rows = board.length;
  const cols = board[0]!.length;
  if (!sizeOk(rows, cols)) return null;
  const cells = emptyCells(rows, cols);
  board.forEach((row, r) =>
    row.forEach((x, c) => {
      if (x !== null) cells[r]![c] = { text: String(x), given: true };
    }),
  );
  const v = new Violations();
  if (ctx.hasAnswer) {
    const answer = ctx.input.answer;
    const pairs = [...answer.matchAll(STRICT_PAIR)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]);
    const other = leftoverTokens(answer, STRICT_PAIR);
    if (pairs.length === 0 && !NO_MINES.test(answer)) v.add(`could not read a mine list from the answer: no (row, col) pairs such as (0, 5) in ${quote(answer)}`);
    else if (pairs.length > 0 && other.length > 0) v.add(`could not read a mine list from the answer: besides the (row, col) pairs it contains ${listing(other.map((t) => quote(t, 20)), 3)}`);
    else {
      const mines = new Set(pairs.map(([r, c]) => `${r},${c}`));
      for (const [r, c] of pairs) if (r < rows && c < cols) cells[r]![c] = { ...cells[r]![c]!, fill: 'mine' };
      const truth = new Set([...ctx.input.groundTruth.matchAll(STRICT_PAIR)].map((m) => `${Number(m[1])},${Number(m[2])}`));
      const truthFits = (s: Semantics): boolean => truth.size > 0 && [...truth].every((k) => inside(board, k)) && violations(board, truth, s).length === 0;
      let semantics: Semantics | null = null;
      if (truthFits('full') || (truth.size === 0 && countSolutions(board, 1) > 0)) semantics = 'full';
      else if (truthFits('numbers')) semantics = 'numbers';
      if (semantics === null) {
        const toCell = (k: string): Coord => k.split(',').map(Number) as Coord;
        const missing = [...truth].filter((k) => !mines.has(k)).map(toCell);
        const extra = [...mines].filter((k) => !truth.has(k)).map(toCell);
        for (const [r, c] of missing) if (r < rows && c < cols) cells[r]![c] = { ...cells[r]![c]!, missing: true };
        const why = 'the stored answer does not fit the numbers of the board, so the answer is compared with it';
        if (missing.length > 0) v.add(`the answer misses the stored mine${missing.length === 1 ? '' : 's'} ${listing(missing.map(([r, c]) => `(${r}, ${c})`), 6)} (${why}) ${CONVENTION}`, missing);
        if (extra.length > 0) v.add(`${listing(extra.map(([r, c]) => `(${r}, ${c})`), 6)} ${extra.length === 1 ? 'is' : 'are'} not a mine in the stored answer (${why}) ${CONVENTION}`, extra);
      } else {
        for (const [r, c] of pairs) if (r >= rows || c >= cols) v.add(`the mine (${r}, ${c}) is outside the ${rows}×${cols} board ${CONVENTION}`);
        for (const clash of violations(board, mines, semantics)) {
          const { row, col } = clash.loc;
          v.add(`${clash.text} ${CONVENTION}`, row !== undefined && col !== undefined ? [[row, col]] : []);
        }
      }
    }
  }
  return gridBoard({
    title: `Minesweeper ${rows}×${cols}${ctx.hasAnswer ? ': candidate mines' : ': puzzle'}`,
    rows,
    cols,
    cells,
    violations: v.list,
    legend: ['numbers are the revealed cells; mines are the candidate\'s answer; (row, col) counted from 0'],
  });
}
