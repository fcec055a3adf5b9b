/**
 * 15-puzzle: the 4×4 board after each of the candidate's moves (tile numbers or the direction a tile
 * slides), up to and including the first illegal move, a move made after the board is solved, or the
 * final state with the tiles out of place (the strict sliding-puzzle verifier's rules; positions (row,
 * column) counted from 1 in messages).
 */
import { GOAL, readBoard, TILE_FROM, TILE_LIST, TILE_SIDE, type Moves } from '../verify/tasks/games/slidingPuzzle';
import { afterMoves, listing, plural, readMoveList } from '../verify/tasks/games/common';
import { emptyCells, FrameList, gridBoard, sequenceBoard, unreadable, Violations, type BoardContext } from './common';
import type { Board, Coord, GridBoard, Violation } from './model';
import { MOVE_LABEL } from './sokoban';

const CONVENTION = '(positions are (row, column), counted from 1 at the top-left as in the question)';
const pos = (r: number, c: number): string => `(${r + 1}, ${c + 1})`;

function snapshot(board: number[][], violations: Violation[]): GridBoard {
  const cells = emptyCells(4, 4);
  board.forEach((row, r) =>
    row.forEach((x, c) => {
      cells[r]![c] = x === 0 ? { fill: 'floor' } : { text: String(x), fill: 'box' };
    }),
  );
  return gridBoard({ title: '15-puzzle', rows: 4, cols: 4, cells, violations });
}

export function slidingPuzzleBoard(ctx: BoardContext): Board | null {
  const board = readBoard(ctx.input.initialState);
  if (!board) return null;
  const title = 'Sliding puzzle 4×4';
  const frames = new FrameList();
  const v = new Violations();
  if (!ctx.hasAnswer) {
    frames.push('start', snapshot(board, []));
    return sequenceBoard(`${title}: puzzle`, [], frames, [], undefined);
  }
  let moves: Moves;
  const answer = ctx.input.answer;
  if (TILE_LIST.test(answer)) moves = { kind: 'tiles', tiles: (answer.match(/\d+/g) ?? []).map(Number) };
  else {
    const read = readMoveList(answer, { letters: false });
    if (!read.ok) {
      const bad = v.add(unreadable('a list of moves', `${read.reason}; a list of tile numbers such as 12, 15 would also do`));
      frames.push('start', snapshot(board, [bad]), true);
      return sequenceBoard(`${title}: candidate moves`, [], frames, v.list, undefined);
    }
    moves = { kind: 'directions', dirs: read.moves };
  }
  const labels = moves.kind === 'tiles' ? moves.tiles.map(String) : moves.dirs.map((d) => MOVE_LABEL[d]);
  const count = labels.length;
  const name = (k: number): string => (moves.kind === 'tiles' ? `move ${k + 1} (tile ${moves.tiles[k]!})` : `move ${k + 1} (${moves.dirs[k]!})`);
  const isSolved = (): boolean => board.every((row, i) => row.every((x, j) => x === GOAL[i]![j]));
  if (isSolved()) {
    const bad = v.add('the initial board is already solved');
    frames.push('start', snapshot(board, [bad]), true);
    return sequenceBoard(`${title}: candidate moves`, labels, frames, v.list, undefined);
  }
  frames.push('start', snapshot(board, []));
  let blank: Coord = [0, 0];
  board.forEach((row, r) => row.forEach((x, c) => x === 0 && (blank = [r, c])));
  let badMove: number | undefined;
  let finished = false;
  for (let k = 0; k < count; k++) {
    let from: Coord;
    let why: { message: string; cells: Coord[] } | null = null;
    if (moves.kind === 'tiles') {
      const tile = moves.tiles[k]!;
      const i = board.flat().indexOf(tile);
      if (tile === 0 || i < 0) {
        why = { message: `${name(k)}: there is no tile ${tile} on the board (tiles are 1–15)`, cells: [] };
        from = blank;
      } else {
        from = [Math.floor(i / 4), i % 4];
        if (Math.abs(from[0] - blank[0]) + Math.abs(from[1] - blank[1]) !== 1) {
          why = { message: `${name(k)}: tile ${tile} at ${pos(from[0], from[1])} is not next to the blank at ${pos(blank[0], blank[1])} ${CONVENTION}`, cells: [from, blank] };
        }
      }
    } else {
      const dir = moves.dirs[k]!;
      const [dr, dc] = TILE_FROM[dir];
      from = [blank[0] + dr, blank[1] + dc];
      if (from[0] < 0 || from[0] > 3 || from[1] < 0 || from[1] > 3) {
        why = { message: `${name(k)}: there is no tile ${TILE_SIDE[dir]} the blank at ${pos(blank[0], blank[1])} ${CONVENTION}`, cells: [blank] };
      }
    }
    if (why) {
      const bad = v.add(why.message, why.cells, { step: k });
      frames.push(`move ${k + 1}: ${labels[k]!} (illegal)`, snapshot(board, [bad]), true, k);
      badMove = k;
      finished = true;
      break;
    }
    board[blank[0]]![blank[1]] = board[from[0]]![from[1]]!;
    board[from[0]]![from[1]] = 0;
    blank = from;
    frames.push(`move ${k + 1}: ${moves.kind === 'tiles' ? `tile ${labels[k]!}` : moves.dirs[k]!}`, snapshot(board, []), false, k);
    if (isSolved() && k < count - 1) {
      const bad = v.add(`the puzzle is solved by move ${k + 1}, but the answer goes on with ${plural(count - 1 - k, 'more move')} (from ${name(k + 1)})`, [], { step: k + 1 });
      frames.push(`move ${k + 2}: ${labels[k + 1]!} (after the puzzle is solved)`, snapshot(board, [bad]), true, k + 1);
      badMove = k + 1;
      finished = true;
      break;
    }
  }
  if (!finished && !isSolved()) {
    const wrong: Coord[] = [];
    const texts: string[] = [];
    board.forEach((row, i) =>
      row.forEach((x, j) => {
        const want = GOAL[i]![j]!;
        if (x !== want) {
          wrong.push([i, j]);
          texts.push(`${pos(i, j)} holds ${x === 0 ? 'the blank' : x} instead of ${want === 0 ? 'the blank' : want}`);
        }
      }),
    );
    const bad = v.add(`${afterMoves(count)} the board is not solved: ${listing(texts, 4)} ${CONVENTION}`, wrong);
    frames.replaceLast(`${frames.frames.at(-1)!.label} (final state, not solved)`, snapshot(board, [bad]));
  }
  return sequenceBoard(`${title}: candidate moves`, labels, frames, v.list, badMove);
}
