/**
 * Sokoban: the board after each of the candidate's moves, up to and including the first illegal one
 * (walking into a wall, pushing a box into a wall or another box, walking off the board), a move made
 * after the puzzle is solved, or the final state with the boxes not on targets (the strict sokoban
 * verifier's rules; rows and columns of the board text counted from 1 in messages).
 */
import { parseSokobanBoard, solved, step, type SokobanBoard } from '../verify/tasks/games/sokoban';
import { afterMoves, listing, plural, readMoveList, type Dir } from '../verify/tasks/games/common';
import { emptyCells, FrameList, gridBoard, sequenceBoard, sizeOk, unreadable, Violations, type BoardContext } from './common';
import type { Board, Coord, GridBoard, Violation } from './model';

type Pos = readonly [number, number];
const CONVENTION = 'rows and columns of the board text, counted from 1 at the top-left';
const at = (r: number, c: number): string => `row ${r + 1}, column ${c + 1}`;
export const MOVE_LABEL: Readonly<Record<Dir, string>> = { up: 'U', down: 'D', left: 'L', right: 'R' };

function snapshot(board: SokobanBoard, player: Pos, boxes: ReadonlySet<string>, violations: Violation[]): GridBoard {
  const cells = emptyCells(board.height, board.width);
  for (let r = 0; r < board.height; r++) {
    for (let c = 0; c < board.width; c++) {
      const k = `${r},${c}`;
      const goal = board.goals.has(k);
      const cell = cells[r]![c]!;
      if (board.wall[r]![c]) cell.fill = 'wall';
      else if (boxes.has(k)) cell.fill = goal ? 'boxOnTarget' : 'box';
      else if (player[0] === r && player[1] === c) cell.fill = goal ? 'playerOnTarget' : 'player';
      else if (goal) cell.fill = 'target';
      else cell.fill = 'floor';
    }
  }
  return gridBoard({ title: 'Sokoban', rows: board.height, cols: board.width, cells, violations });
}

export function sokobanBoard(ctx: BoardContext): Board | null {
  const st = ctx.input.initialState;
  if (typeof st !== 'string' || st.trim() === '') return null;
  const lines = st.split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const board = parseSokobanBoard(lines);
  if (board.players !== 1 || board.player === null || board.boxes.size === 0 || board.boxes.size !== board.goals.size) return null;
  if (!sizeOk(board.height, board.width)) return null;
  const title = `Sokoban ${board.height}×${board.width}`;
  const frames = new FrameList();
  const v = new Violations();
  const state: { player: Pos; boxes: Set<string> } = { player: board.player, boxes: new Set(board.boxes) };
  let badMove: number | undefined;
  if (!ctx.hasAnswer) {
    frames.push('start', snapshot(board, state.player, state.boxes, []));
    return sequenceBoard(`${title}: puzzle`, [], frames, [], undefined);
  }
  const read = readMoveList(ctx.input.answer, { letters: true });
  if (!read.ok) {
    const bad = v.add(unreadable('a list of moves', read.reason));
    frames.push('start', snapshot(board, state.player, state.boxes, [bad]), true);
    return sequenceBoard(`${title}: candidate moves`, [], frames, v.list, undefined);
  }
  const moves = read.moves;
  if (solved(state.boxes, board.goals)) {
    const bad = v.add('the board is already solved before any move');
    frames.push('start', snapshot(board, state.player, state.boxes, [bad]), true);
    return sequenceBoard(`${title}: candidate moves`, moves.map((d) => MOVE_LABEL[d]), frames, v.list, undefined);
  }
  frames.push('start', snapshot(board, state.player, state.boxes, []));
  let finished = false;
  for (const [i, dir] of moves.entries()) {
    const r = step(board, state, dir);
    if (!r.ok) {
      const bad = v.add(`move ${i + 1} (${dir}) ${r.why} (${CONVENTION})`, [r.loc, state.player], { step: i });
      frames.push(`move ${i + 1}: ${dir} (illegal)`, snapshot(board, state.player, state.boxes, [bad]), true, i);
      badMove = i;
      finished = true;
      break;
    }
    frames.push(`move ${i + 1}: ${dir}${r.pushed ? ' (push)' : ''}`, snapshot(board, state.player, state.boxes, []), false, i);
    if (solved(state.boxes, board.goals) && i < moves.length - 1) {
      const next = moves[i + 1]!;
      const bad = v.add(`the puzzle is solved by move ${i + 1}, but the answer goes on with ${plural(moves.length - 1 - i, 'more move')} (from move ${i + 2}, ${next})`, [], { step: i + 1 });
      frames.push(`move ${i + 2}: ${next} (after the puzzle is solved)`, snapshot(board, state.player, state.boxes, [bad]), true, i + 1);
      badMove = i + 1;
      finished = true;
      break;
    }
  }
  if (!finished && !solved(state.boxes, board.goals)) {
    const unkey = (k: string): Coord => k.split(',').map(Number) as Coord;
    const off = [...state.boxes].filter((b) => !board.goals.has(b)).map(unkey);
    const empty = [...board.goals].filter((g) => !state.boxes.has(g)).map(unkey);
    const parts: string[] = [];
    if (off.length > 0) parts.push(`${off.length === 1 ? 'the box' : 'boxes'} at ${listing(off.map(([r, c]) => at(r, c)))} ${off.length === 1 ? 'is' : 'are'} not on a target`);
    if (empty.length > 0) parts.push(`${empty.length === 1 ? 'the target' : 'targets'} at ${listing(empty.map(([r, c]) => at(r, c)))} ${empty.length === 1 ? 'has' : 'have'} no box`);
    const bad = v.add(`${afterMoves(moves.length)} the puzzle is not solved: ${parts.join('; ')} (${CONVENTION})`, [...off, ...empty]);
    frames.replaceLast(`${frames.frames.at(-1)!.label} (final state, not solved)`, snapshot(board, state.player, state.boxes, [bad]));
  }
  return sequenceBoard(`${title}: candidate moves`, moves.map((d) => MOVE_LABEL[d]), frames, v.list, badMove);
}
