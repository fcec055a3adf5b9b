/**
 * slidingpuzzle — `sliding_puzzle_evaluator` (verifiers.md §7.5).
 *
 * Positions in reasons use the question's coordinate system: (row, column) counted from 1 at the top-left;
 * locations are 0-based cells. Direction words name the tile's movement: `up` = the tile below the blank
 * moves up.
 */
import { parsePyLiteral, PyFloat, PySet, PyTuple, type PyValue } from '../../../pyliteral';
import { crash, fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { afterMoves, cellLoc, listing, moveLoc, plural, pyInt, pySplit, pyStripChars, pyWordsRegex, readMoveList, type Dir } from './common';
import { flat } from '../../collections';

export const GOAL = [
  [1, 2, 3, 4],
  [5, 6, 7, 8],
  [9, 10, 11, 12],
  [13, 14, 15, 0],
];
const CONVENTION = '(positions are (row, column), counted from 1 at the top-left as in the question)';
const pos = (r: number, c: number): string => `(${r + 1}, ${c + 1})`;

/** Where the tile that moves comes from, relative to the blank, per direction word (the tile's movement). */
export const TILE_FROM: Readonly<Record<Dir, readonly [number, number]>> = { up: [1, 0], down: [-1, 0], left: [0, 1], right: [0, -1] };
export const TILE_SIDE: Readonly<Record<Dir, string>> = { up: 'below', down: 'above', left: 'to the right of', right: 'to the left of' };

export type Moves = { kind: 'tiles'; tiles: number[] } | { kind: 'directions'; dirs: Dir[] };

// ---------------------------------------------------------------------------------------------
// reference: a faithful model of `puzzle_15_check` on whatever the initial state decodes to

/** The reference would raise here (IndexError/TypeError): the item scores 0. */
class PyCrash extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'PyCrash';
  }
}

interface Row {
  /** list rows can be assigned to; tuple/str rows raise on assignment. */
  kind: 'list' | 'tuple' | 'str';
  items: PyValue[];
}

function pyNumber(v: PyValue | undefined): number | null {
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** `[row[:] for row in initial_state]`. */
function copyRows(v: PyValue): Row[] {
  let outer: PyValue[];
  if (Array.isArray(v)) outer = v;
  else if (v instanceof PyTuple || v instanceof PySet) outer = v.items;
  else if (typeof v === 'string') outer = Array.from(v);
  else if (v !== null && typeof v === 'object' && !(v instanceof PyFloat)) outer = v.entries.map(([k]) => k);
  else throw new PyCrash(v === null ? 'the initial state is missing or None' : 'the initial state is not a list of rows');
  return outer.map((row, i) => {
    if (Array.isArray(row)) return { kind: 'list', items: [...row] };
    if (row instanceof PyTuple) return { kind: 'tuple', items: [...row.items] };
    if (typeof row === 'string') return { kind: 'str', items: Array.from(row) };
    throw new PyCrash(`row ${i + 1} of the initial state is not a list`);
  });
}

function cell(rows: Row[], i: number, j: number): PyValue {
  const row = rows[i];
  if (!row) throw new PyCrash(`the board has no row ${i + 1}`);
  if (j >= row.items.length) throw new PyCrash(`row ${i + 1} of the board has no column ${j + 1}`);
  return row.items[j]!;
}

function assign(rows: Row[], i: number, j: number, v: PyValue): void {
  const row = rows[i]!;
  if (row.kind !== 'list') throw new PyCrash(`row ${i + 1} of the board is a ${row.kind === 'tuple' ? 'tuple' : 'string'} and cannot be changed`);
  row.items[j] = v;
}

/** The first cell of the 4×4 scan (row-major) equal to `n`. */
function scan(rows: Row[], n: number): [number, number] | null {
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (pyNumber(cell(rows, i, j)) === n) return [i, j];
  return null;
}

function isGoal(rows: Row[]): boolean {
  return rows.length === 4 && rows.every((row, i) => row.kind === 'list' && row.items.length === 4 && row.items.every((v, j) => pyNumber(v) === GOAL[i]![j]));
}

const REF_DIRECTIONS = pyWordsRegex('up|down|left|r[iı]ght');

/** The reference's answer reading: a comma-separated integer list (tile mode), else direction words. */
export function referenceSlidingMoves(answer: string): Moves | null {
  const pieces = pyStripChars(answer, '()[]{}')
    .split(',')
    .filter((x) => pySplit(x).length > 0);
  const tiles = pieces.map(pyInt);
  if (tiles.every((t) => t !== null)) return { kind: 'tiles', tiles };
  const dirs = [...answer.toLowerCase().matchAll(REF_DIRECTIONS)].map((m) => (m[0].startsWith('r') ? 'right' : (m[0] as Dir)));
  return dirs.length > 0 ? { kind: 'directions', dirs } : null;
}

function moveName(moves: Moves, k: number): string {
  return moves.kind === 'tiles' ? `move ${k + 1} (tile ${moves.tiles[k]!})` : `move ${k + 1} (${moves.dirs[k]!})`;
}

function unsolved(count: number, rows: Row[]): Check {
  const wrong: Location[] = [];
  const texts: string[] = [];
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const v = rows[i]?.items[j];
      if (pyNumber(v) !== GOAL[i]![j]) {
        texts.push(`${pos(i, j)} holds ${v === undefined ? 'nothing' : pyNumber(v) === 0 ? 'the blank' : String(pyNumber(v) ?? JSON.stringify(v))} instead of ${GOAL[i]![j] === 0 ? 'the blank' : GOAL[i]![j]!}`);
        wrong.push(cellLoc(i, j, 'out of place'));
      }
    }
  }
  const detail = texts.length > 0 ? `: ${listing(texts, 4)}` : '';
  return fail(`${afterMoves(count)} the board is not solved${detail} ${CONVENTION}`, wrong);
}

function referenceRun(input: VerifyInput): Check {
  const st = input.initialState;
  let board: PyValue;
  if (typeof st === 'string') {
    try {
      board = parsePyLiteral(st);
    } catch {
      return fail('the initial state is not a Python literal, so the reference scores the item 0');
    }
  } else if (st === null) {
    board = null; // iterating a missing state raises, once the answer has been read
  } else {
    board = { __pydict: true, entries: Object.keys(st).map((k) => [k, null] as [PyValue, PyValue]) };
  }
  const moves = referenceSlidingMoves(input.answer);
  if (moves === null) return fail('could not read a move list from the answer: neither a comma-separated list of tile numbers nor up/down/left/right words');
  const rows = copyRows(board);
  let blank = scan(rows, 0);
  const count = moves.kind === 'tiles' ? moves.tiles.length : moves.dirs.length;
  for (let k = 0; k < count; k++) {
    const name = moveName(moves, k);
    let from: [number, number];
    if (moves.kind === 'tiles') {
      const tile = moves.tiles[k]!;
      const at = scan(rows, tile);
      if (!at) return fail(`${name}: there is no tile ${tile} on the board`, [moveLoc(k, `${name}: no such tile`)]);
      if (!blank) throw new PyCrash('the board has no blank (0)');
      if (Math.abs(at[0] - blank[0]) + Math.abs(at[1] - blank[1]) !== 1) {
        const label = `${name}: tile ${tile} at ${pos(at[0], at[1])} is not next to the blank at ${pos(blank[0], blank[1])}`;
        return fail(`${label} ${CONVENTION}`, [moveLoc(k, label), cellLoc(at[0], at[1], label)]);
      }
      from = at;
      assign(rows, blank[0], blank[1], tile);
      assign(rows, from[0], from[1], 0);
    } else {
      const dir = moves.dirs[k]!;
      if (!blank) throw new PyCrash('the board has no blank (0)');
      const [dr, dc] = TILE_FROM[dir];
      const r = blank[0] + dr;
      const c = blank[1] + dc;
      if (r < 0 || r > 3 || c < 0 || c > 3) {
        const label = `${name}: there is no tile ${TILE_SIDE[dir]} the blank at ${pos(blank[0], blank[1])}`;
        return fail(`${label} ${CONVENTION}`, [moveLoc(k, label), cellLoc(blank[0], blank[1], label)]);
      }
      from = [r, c];
      const tile = cell(rows, r, c);
      assign(rows, blank[0], blank[1], tile);
      assign(rows, r, c, 0);
    }
    blank = from;
  }
  if (isGoal(rows)) return pass();
  if (count === 0) return fail('could not read a move list from the answer: it holds no tile numbers or direction words (the reference reads it as an empty tile list, which leaves the board unsolved)');
  return unsolved(count, rows);
}

function reference(input: VerifyInput): Check {
  try {
    return referenceRun(input);
  } catch (e) {
    if (e instanceof PyCrash) return crash(`${e.why}: the reference crashes`);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// strict: a 4×4 permutation, legal moves only, solved at the end and nothing after

export function readBoard(st: VerifyInput['initialState']): number[][] | null {
  if (typeof st !== 'string') return null;
  let v: PyValue;
  try {
    v = parsePyLiteral(st);
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length !== 4) return null;
  const rows = v.map((r) => (Array.isArray(r) && r.length === 4 && r.every((x) => typeof x === 'number' && Number.isInteger(x)) ? (r as number[]) : null));
  if (rows.some((r) => r === null)) return null;
  const board = rows as number[][];
  const seen = new Set(flat(board));
  return seen.size === 16 && [...seen].every((n) => n >= 0 && n <= 15) ? board.map((r) => [...r]) : null;
}

/**
 * Tile numbers separated by commas and/or spaces, optionally bracketed. The separator is a comma with
 * optional spaces around it, or spaces alone: written as two alternatives (not `\s*[,\s]\s*`, whose three
 * ways to split a run of spaces made a long run followed by a stray character backtrack for minutes).
 */
export const TILE_LIST = /^[\s([{]*\d+(?:\s*,\s*\d+|\s+\d+)*[\s)\]}]*$/u;

function strict(input: VerifyInput): Check {
  const board = readBoard(input.initialState);
  if (!board) return fail('the initial state is not a 4×4 board holding the tiles 1–15 and the blank 0 once each: the moves cannot be checked');
  let moves: Moves;
  if (TILE_LIST.test(input.answer)) {
    moves = { kind: 'tiles', tiles: (input.answer.match(/\d+/g) ?? []).map(Number) };
  } else {
    const read = readMoveList(input.answer, { letters: false });
    if (!read.ok) return parseError(`${read.reason}; a list of tile numbers such as 12, 15 would also do`);
    moves = { kind: 'directions', dirs: read.moves };
  }
  const solved = (): boolean => board.every((row, i) => row.every((v, j) => v === GOAL[i]![j]));
  if (solved()) return fail('the initial board is already solved');
  let blank = scan(board.map((items) => ({ kind: 'list', items })), 0)!;
  const count = moves.kind === 'tiles' ? moves.tiles.length : moves.dirs.length;
  for (let k = 0; k < count; k++) {
    const name = moveName(moves, k);
    let from: [number, number];
    if (moves.kind === 'tiles') {
      const tile = moves.tiles[k]!;
      const i = flat(board).indexOf(tile);
      if (tile === 0 || i < 0) return fail(`${name}: there is no tile ${tile} on the board (tiles are 1–15)`, [moveLoc(k, `${name}: no such tile`)]);
      from = [Math.floor(i / 4), i % 4];
      if (Math.abs(from[0] - blank[0]) + Math.abs(from[1] - blank[1]) !== 1) {
        const label = `${name}: tile ${tile} at ${pos(from[0], from[1])} is not next to the blank at ${pos(blank[0], blank[1])}`;
        return fail(`${label} ${CONVENTION}`, [moveLoc(k, label), cellLoc(from[0], from[1], label)]);
      }
    } else {
      const dir = moves.dirs[k]!;
      const [dr, dc] = TILE_FROM[dir];
      from = [blank[0] + dr, blank[1] + dc];
      if (from[0] < 0 || from[0] > 3 || from[1] < 0 || from[1] > 3) {
        const label = `${name}: there is no tile ${TILE_SIDE[dir]} the blank at ${pos(blank[0], blank[1])}`;
        return fail(`${label} ${CONVENTION}`, [moveLoc(k, label), cellLoc(blank[0], blank[1], label)]);
      }
    }
    board[blank[0]]![blank[1]] = board[from[0]]![from[1]]!;
    board[from[0]]![from[1]] = 0;
    blank = from;
    if (solved() && k < count - 1) {
      const next = moveName(moves, k + 1);
      return fail(`the puzzle is solved by move ${k + 1}, but the answer goes on with ${plural(count - 1 - k, 'more move')} (from ${next})`, [moveLoc(k + 1, `${next} comes after the puzzle is solved`)]);
    }
  }
  if (solved()) return pass(`solved after ${plural(count, 'move')}`);
  return unsolved(count, board.map((items) => ({ kind: 'list', items })));
}

export const slidingPuzzle: TaskVerifier = {
  scoreFunction: 'sliding_puzzle_evaluator',
  categories: ['slidingpuzzle'],
  reference,
  strict,
};
