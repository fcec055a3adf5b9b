/**
 * sokoban — `sokoban_evaluator` (verifiers.md §7.1).
 *
 * Coordinates in reasons: "row r, column c" of the board text, counted from 1 at the top-left; locations
 * are 0-based (row, col) of the same text.
 */
import { crash, fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { afterMoves, cellLoc, listing, moveLoc, plural, pyStrip, pyWordsRegex, readMoveList, STEP, type Dir } from './common';
import { arrayOf } from '../../collections';

type Pos = readonly [number, number];
const key = (r: number, c: number): string => `${r},${c}`;
const unkey = (k: string): Pos => k.split(',').map(Number) as unknown as Pos;
const at = (r: number, c: number): string => `row ${r + 1}, column ${c + 1}`;
const CONVENTION = 'rows and columns of the board text, counted from 1 at the top-left';

export interface SokobanBoard {
  height: number;
  width: number;
  wall: boolean[][];
  /** The reference's player: the last `@`/`+` in reading order. */
  player: Pos | null;
  players: number;
  boxes: Set<string>;
  goals: Set<string>;
}

/** Board characters: `#` wall, `@` player, `$` box, `.` goal, `*` box on goal, `+` player on goal; anything else is floor. */
export function parseSokobanBoard(lines: readonly string[]): SokobanBoard {
  const rows = lines.map((l) => Array.from(l));
  const height = rows.length;
  const width = Math.max(0, ...rows.map((r) => r.length));
  const wall = arrayOf(height, () => new Array<boolean>(width).fill(false));
  let player: Pos | null = null;
  let players = 0;
  const boxes = new Set<string>();
  const goals = new Set<string>();
  rows.forEach((row, r) =>
    row.forEach((ch, c) => {
      if (ch === '#') wall[r]![c] = true;
      if (ch === '@' || ch === '+') {
        player = [r, c];
        players++;
      }
      if (ch === '$' || ch === '*') boxes.add(key(r, c));
      if (ch === '.' || ch === '*' || ch === '+') goals.add(key(r, c));
    }),
  );
  return { height, width, wall, player, players, boxes, goals };
}

export type StepResult = { ok: true; pushed: boolean } | { ok: false; why: string; loc: Pos };

/** One move of the reference simulator (mutates `boxes`, returns the new player position through `state`). */
export function step(board: SokobanBoard, state: { player: Pos; boxes: Set<string> }, dir: Dir): StepResult {
  const [dr, dc] = STEP[dir];
  const [r, c] = state.player;
  const nr = r + dr;
  const nc = c + dc;
  const inside = (y: number, x: number): boolean => y >= 0 && y < board.height && x >= 0 && x < board.width;
  if (!inside(nr, nc)) return { ok: false, why: `walks off the board from ${at(r, c)}`, loc: [r, c] };
  if (board.wall[nr]![nc]) return { ok: false, why: `walks into a wall at ${at(nr, nc)}`, loc: [nr, nc] };
  let pushed = false;
  if (state.boxes.has(key(nr, nc))) {
    const br = nr + dr;
    const bc = nc + dc;
    if (!inside(br, bc)) return { ok: false, why: `pushes the box at ${at(nr, nc)} off the board`, loc: [nr, nc] };
    if (board.wall[br]![bc]) return { ok: false, why: `pushes the box at ${at(nr, nc)} into a wall at ${at(br, bc)}`, loc: [nr, nc] };
    if (state.boxes.has(key(br, bc))) return { ok: false, why: `pushes the box at ${at(nr, nc)} into another box at ${at(br, bc)}`, loc: [nr, nc] };
    state.boxes.delete(key(nr, nc));
    state.boxes.add(key(br, bc));
    pushed = true;
  }
  state.player = [nr, nc];
  return { ok: true, pushed };
}

export function solved(boxes: ReadonlySet<string>, goals: ReadonlySet<string>): boolean {
  if (boxes.size !== goals.size) return false;
  for (const b of boxes) if (!goals.has(b)) return false;
  return true;
}

function unsolvedReason(moves: number, boxes: ReadonlySet<string>, goals: ReadonlySet<string>): { reason: string; locations: Location[] } {
  const off = [...boxes].filter((b) => !goals.has(b)).map(unkey);
  const empty = [...goals].filter((g) => !boxes.has(g)).map(unkey);
  const parts: string[] = [];
  if (off.length > 0) parts.push(`${off.length === 1 ? 'the box' : 'boxes'} at ${listing(off.map(([r, c]) => at(r, c)))} ${off.length === 1 ? 'is' : 'are'} not on a target`);
  if (empty.length > 0) parts.push(`${empty.length === 1 ? 'the target' : 'targets'} at ${listing(empty.map(([r, c]) => at(r, c)))} ${empty.length === 1 ? 'has' : 'have'} no box`);
  return {
    reason: `${afterMoves(moves)} the puzzle is not solved: ${parts.join('; ')} (${CONVENTION})`,
    locations: [...off.map(([r, c]) => cellLoc(r, c, 'box not on a target')), ...empty.map(([r, c]) => cellLoc(r, c, 'empty target'))],
  };
}

// ---------------------------------------------------------------------------------------------
// reference

const REF_MOVES = pyWordsRegex('up|u|down|d|left|l|right|r');
const ANSWER_TAG = /<answer>([\s\S]*?)<\/answer>/;
const LETTER: Readonly<Record<string, Dir>> = { u: 'up', d: 'down', l: 'left', r: 'right' };

/** The reference's own move reader: the first `<answer>` tag's content if any, lower-cased; whole-word up/u/down/d/left/l/right/r. */
export function referenceSokobanMoves(text: string): Dir[] {
  const tag = ANSWER_TAG.exec(text);
  const content = pyStrip(tag ? tag[1]! : text).toLowerCase();
  return [...content.matchAll(REF_MOVES)].map((m) => LETTER[m[0][0]!]!);
}

function reference(input: VerifyInput): Check {
  const state0 = input.initialState;
  if (typeof state0 !== 'string' || state0 === '') return fail('the item has no text board (initial_state) to play on, so the reference scores it 0');
  const moves = referenceSokobanMoves(input.answer);
  const board = parseSokobanBoard(pyStrip(state0).split('\n'));
  if (board.player === null && moves.length > 0) return crash('the board has no player (@ or +): the reference crashes on the first move');
  if (board.player !== null) {
    const state = { player: board.player, boxes: new Set(board.boxes) };
    for (const [i, dir] of moves.entries()) {
      const r = step(board, state, dir);
      if (!r.ok) {
        const label = `move ${i + 1} (${dir}) ${r.why}`;
        return fail(`${label} (${CONVENTION})`, [moveLoc(i, label), cellLoc(r.loc[0], r.loc[1], label)]);
      }
    }
    if (solved(state.boxes, board.goals)) return pass();
    if (moves.length === 0) return fail('could not read a move list from the answer: no up/down/left/right (or u/d/l/r) words, and the board is not already solved');
    const u = unsolvedReason(moves.length, state.boxes, board.goals);
    return fail(u.reason, u.locations);
  }
  // No player and no moves: the reference checks the board, then replays the stored solution, which crashes.
  if (input.groundTruth !== '' && referenceSokobanMoves(input.groundTruth).length > 0) {
    return crash('the board has no player (@ or +): the reference crashes replaying the stored solution');
  }
  if (solved(board.boxes, board.goals)) return pass();
  return fail('could not read a move list from the answer: no up/down/left/right (or u/d/l/r) words, and the board is not already solved');
}

// ---------------------------------------------------------------------------------------------
// strict

function strict(input: VerifyInput): Check {
  const state0 = input.initialState;
  if (typeof state0 !== 'string' || state0.trim() === '') return fail('the puzzle has no text board (initial_state): the moves cannot be checked');
  // Keep the indentation of every line (the reference trims the first line's); drop blank lines around the board.
  const lines = state0.split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const board = parseSokobanBoard(lines);
  if (board.players !== 1) return fail(`the board is malformed: it has ${plural(board.players, 'player')} (@ or +) instead of one`);
  if (board.boxes.size === 0 || board.boxes.size !== board.goals.size) {
    return fail(`the board is malformed: it has ${plural(board.boxes.size, 'box', 'boxes')} and ${plural(board.goals.size, 'target')}`);
  }

  const read = readMoveList(input.answer, { letters: true });
  if (!read.ok) return parseError(read.reason);
  const moves = read.moves;
  const state = { player: board.player!, boxes: new Set(board.boxes) };
  if (solved(state.boxes, board.goals)) return fail('the board is already solved before any move');
  for (const [i, dir] of moves.entries()) {
    const r = step(board, state, dir);
    if (!r.ok) {
      const label = `move ${i + 1} (${dir}) ${r.why}`;
      return fail(`${label} (${CONVENTION})`, [moveLoc(i, label), cellLoc(r.loc[0], r.loc[1], label)]);
    }
    if (solved(state.boxes, board.goals) && i < moves.length - 1) {
      const extra = moves.length - 1 - i;
      const label = `move ${i + 2} (${moves[i + 1]!}) comes after the puzzle is solved`;
      return fail(`the puzzle is solved by move ${i + 1}, but the answer goes on with ${plural(extra, 'more move')} (from move ${i + 2}, ${moves[i + 1]!})`, [moveLoc(i + 1, label)]);
    }
  }
  if (solved(state.boxes, board.goals)) return pass(`all boxes are on targets after ${plural(moves.length, 'move')}`);
  const u = unsolvedReason(moves.length, state.boxes, board.goals);
  return fail(u.reason, u.locations);
}

export const sokoban: TaskVerifier = {
  scoreFunction: 'sokoban_evaluator',
  categories: ['sokoban'],
  reference,
  strict,
};
