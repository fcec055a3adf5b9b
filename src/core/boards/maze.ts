/**
 * Maze: the maze text (cells at odd line/character positions, walls between them) as a grid with walls,
 * the candidate's path as a polyline from S, and where it breaks: the step through a wall or out of the
 * maze, a move after E is reached, or where the path stops when it does not end on E (the strict maze
 * verifier's rules; cells counted from 1 at the top-left in messages).
 */
import { CELL_CHARS } from '../verify/tasks/games/maze';
import { afterMoves, plural, readMoveList, STEP, type Dir } from '../verify/tasks/games/common';
import { emptyCells, gridBoard, sizeOk, unreadable, Violations, type BoardContext } from './common';
import type { Board, Coord, GridBoard } from './model';

const CONVENTION = 'maze cells counted from 1 at the top-left';
const SIDE: Readonly<Record<Dir, string>> = { up: 'top', down: 'bottom', left: 'left', right: 'right' };

/** A text position as its maze cell (cells sit at odd positions). */
const cellOf = (i: number, j: number): Coord => [(i - 1) / 2, (j - 1) / 2];
const where = (i: number, j: number): string => (i % 2 === 1 && j % 2 === 1 ? `row ${(i + 1) / 2}, column ${(j + 1) / 2}` : `line ${i + 1}, character ${j + 1} of the maze text`);

export function mazeBoard(ctx: BoardContext): Board | null {
  const st = ctx.input.initialState;
  if (typeof st !== 'string' || st.trim() === '') return null;
  const lines = st.split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const maze = lines.map((l) => Array.from(l));
  const find = (ch: string): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    maze.forEach((l, i) => l.forEach((x, j) => x === ch && out.push([i, j])));
    return out;
  };
  const starts = find('S');
  const ends = find('E');
  if (starts.length !== 1 || ends.length !== 1) return null;
  const [si, sj] = starts[0]!;
  const [ei, ej] = ends[0]!;
  if (si % 2 !== 1 || sj % 2 !== 1 || ei % 2 !== 1 || ej % 2 !== 1) return null;
  const rows = Math.floor(maze.length / 2);
  const cols = Math.floor(Math.max(...maze.map((l) => l.length)) / 2);
  if (!sizeOk(rows, cols)) return null;

  const cells = emptyCells(rows, cols);
  const walls: NonNullable<GridBoard['walls']> = [];
  const ch = (i: number, j: number): string | undefined => maze[i]?.[j];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const [i, j] = [2 * r + 1, 2 * c + 1];
      const x = ch(i, j);
      if (x === 'S') cells[r]![c] = { fill: 'start', text: 'S', given: true };
      else if (x === 'E') cells[r]![c] = { fill: 'goal', text: 'E', given: true };
      else if (x === undefined || !CELL_CHARS.has(x)) cells[r]![c] = { fill: 'wall' };
      // A wall wherever the character between two cells (or a cell and the outside) is not a space.
      if (c === 0 && ch(i, j - 1) !== ' ') walls.push([[r, c], [r, c - 1]]);
      if (r === 0 && ch(i - 1, j) !== ' ') walls.push([[r, c], [r - 1, c]]);
      if (ch(i, j + 1) !== ' ') walls.push([[r, c], [r, c + 1]]);
      if (ch(i + 1, j) !== ' ') walls.push([[r, c], [r + 1, c]]);
    }
  }

  const v = new Violations();
  const path: Coord[] = [cellOf(si, sj)];
  let badFrom: number | undefined;
  if (ctx.hasAnswer) {
    const read = readMoveList(ctx.input.answer, { letters: false });
    if (!read.ok) v.add(unreadable('a list of moves', read.reason));
    else {
      const moves = read.moves;
      let [i, j] = [si, sj];
      let stopped = false;
      for (const [k, dir] of moves.entries()) {
        const [di, dj] = STEP[dir];
        const between = ch(i + di, j + dj);
        const target = ch(i + 2 * di, j + 2 * dj);
        if (between === undefined || target === undefined || !CELL_CHARS.has(target)) {
          path.push(cellOf(i + 2 * di, j + 2 * dj));
          badFrom = k;
          v.add(`move ${k + 1} (${dir}) leaves the maze from ${where(i, j)} (${CONVENTION})`, [cellOf(i, j)], { step: k });
          stopped = true;
          break;
        }
        if (between !== ' ') {
          path.push(cellOf(i + 2 * di, j + 2 * dj));
          badFrom = k;
          v.add(`move ${k + 1} (${dir}) walks into a wall at ${where(i, j)} (the wall on that cell's ${SIDE[dir]} side; ${CONVENTION})`, [cellOf(i, j)], { step: k });
          stopped = true;
          break;
        }
        i += 2 * di;
        j += 2 * dj;
        path.push(cellOf(i, j));
        if (i === ei && j === ej && k < moves.length - 1) {
          const next = moves[k + 1]!;
          const [ni, nj] = STEP[next];
          path.push(cellOf(i + 2 * ni, j + 2 * nj));
          badFrom = k + 1;
          v.add(`the path reaches the end E at move ${k + 1}, but the answer goes on with ${plural(moves.length - 1 - k, 'more move')} (from move ${k + 2}, ${next})`, [cellOf(ei, ej)], { step: k + 1 });
          stopped = true;
          break;
        }
      }
      if (!stopped && !(i === ei && j === ej)) {
        v.add(`${afterMoves(moves.length)} the path ends at ${where(i, j)}, not on the end E at ${where(ei, ej)} (${CONVENTION})`, [cellOf(i, j)]);
      }
    }
  }
  return gridBoard({
    title: `Maze ${rows}×${cols}${ctx.hasAnswer ? ': candidate path' : ': puzzle'}`,
    rows,
    cols,
    cells,
    walls,
    path: badFrom === undefined ? { cells: path } : { cells: path, badFrom },
    violations: v.list,
    legend: ['S start, E end; the line is the candidate\'s path (broken where a move is illegal)'],
  });
}
