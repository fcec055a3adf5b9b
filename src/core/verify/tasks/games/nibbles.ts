/**
 * nibbles — `nibbles_evaluator` (verifiers.md §7.6).
 *
 * Coordinates are the puzzle's own: (row, col), 0-based, as the initial state writes them; locations use
 * the same 0-based cells. Moves are numbered from 1 in reasons (0-based index in locations).
 */
import { fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { afterMoves, cellLoc, digitsValue, isDir, listing, moveLoc, OPPOSITE, plural, PY_DIGIT, pyInt, pySplit, pyStrip, quote, readMoveList, STEP, type Dir } from './common';

const CONVENTION = '(coordinates are (row, col), counted from 0 as in the puzzle)';
type Cell = [number, number];
const key = ([r, c]: Cell): string => `${r},${c}`;
const show = ([r, c]: Cell): string => `(${r}, ${c})`;

export interface NibblesState {
  rows: number;
  cols: number;
  snake: Cell[];
  direction: string;
  apples: Cell[];
}

/** `\((\d+),(\d+)\)` with Python's Unicode `\d`. */
const COORD = new RegExp(`\\((${PY_DIGIT}+),(${PY_DIGIT}+)\\)`, 'gu');

function coords(s: string): Cell[] {
  return [...s.matchAll(COORD)].map((m) => [digitsValue(m[1]!), digitsValue(m[2]!)]);
}

/** The reference's `_parse_initial_state`: later lines override earlier ones; a malformed Grid line is an error (null). */
export function parseNibblesState(text: string): NibblesState | string {
  let rows: number | undefined;
  let cols: number | undefined;
  let snake: Cell[] | undefined;
  let direction: string | undefined;
  let apples: Cell[] | undefined;
  for (const raw of pyStrip(text).split('\n')) {
    const line = pyStrip(raw);
    const value = (): string => pyStrip(line.split(':')[1] ?? '');
    if (line.startsWith('Grid:')) {
      const size = value();
      if (size.includes('x')) {
        const parts = size.split('x');
        const nums = parts.map(pyInt);
        if (parts.length !== 2 || nums[0] === null || nums[1] === null) return `the Grid line ${quote(line)} is not "rows x cols"`;
        rows = nums[0];
        cols = nums[1];
      }
    } else if (line.startsWith('Snake:')) snake = coords(value());
    else if (line.startsWith('Direction:')) direction = value().toLowerCase();
    else if (line.startsWith('Apples:')) {
      const seen = new Map<string, Cell>();
      for (const a of coords(value())) seen.set(key(a), a);
      apples = [...seen.values()];
    }
  }
  const missing = [
    ...(rows === undefined ? ['Grid'] : []),
    ...(snake === undefined ? ['Snake'] : []),
    ...(direction === undefined ? ['Direction'] : []),
    ...(apples === undefined ? ['Apples'] : []),
  ];
  if (missing.length > 0) return `the initial state has no ${listing(missing)} line`;
  return { rows: rows!, cols: cols!, snake: snake!, direction: direction!, apples: apples! };
}

/** The reference's check that the stated direction matches head − neck; a reason when it does not. */
function directionProblem(st: NibblesState): string | null {
  const [head, neck] = st.snake;
  if (!head || !neck) return isDir(st.direction) ? null : `the stated direction ${quote(st.direction)} is not up, down, left or right`;
  const dr = head[0] - neck[0];
  const dc = head[1] - neck[1];
  const inferred = (Object.keys(STEP) as Dir[]).find((d) => STEP[d][0] === dr && STEP[d][1] === dc);
  if (!inferred) return `the snake's head ${show(head)} is not next to its neck ${show(neck)}`;
  return inferred === st.direction ? null : `the stated direction ${quote(st.direction)} does not match the snake, whose head ${show(head)} and neck ${show(neck)} point ${inferred}`;
}

type SimResult = { ok: true; eaten: number; wonAt: number | null; uneaten: Cell[] } | { ok: false; reason: string; locations: Location[] };

/** The reference simulation; with `stopAtWin`, moves after the last apple are an error (strict). */
function simulate(st: NibblesState, moves: readonly Dir[], stopAtWin: boolean): SimResult {
  const snake = st.snake.map((c): Cell => [c[0], c[1]]);
  const apples = new Map(st.apples.map((a) => [key(a), a]));
  const total = apples.size;
  let eaten = 0;
  let direction = st.direction;
  let wonAt: number | null = null;
  const head0 = snake[0];
  if (!head0) return { ok: false, reason: 'the snake in the initial state has no segments', locations: [] };
  for (const [i, move] of moves.entries()) {
    const name = `move ${i + 1} (${move})`;
    if (stopAtWin && eaten === total && wonAt !== null) {
      const label = `${name} comes after the last apple is eaten`;
      return { ok: false, reason: `every apple is eaten by move ${wonAt + 1}, but the answer goes on with ${plural(moves.length - wonAt - 1, 'more move')} (from ${name})`, locations: [moveLoc(i, label)] };
    }
    if (isDir(direction) && move === OPPOSITE[direction]) {
      const label = `${name} reverses the snake, which is heading ${direction}`;
      return { ok: false, reason: label, locations: [moveLoc(i, label), cellLoc(snake[0]![0], snake[0]![1], 'head')] };
    }
    direction = move;
    const [hr, hc] = snake[0]!;
    const next: Cell = [hr + STEP[move][0], hc + STEP[move][1]];
    if (!(next[0] >= 0 && next[0] < st.rows && next[1] >= 0 && next[1] < st.cols)) {
      const label = `${name} runs the head from ${show([hr, hc])} off the ${st.rows}×${st.cols} grid`;
      return { ok: false, reason: `${label} ${CONVENTION}`, locations: [moveLoc(i, label), cellLoc(hr, hc, label)] };
    }
    const hit = snake.findIndex((s) => s[0] === next[0] && s[1] === next[1]);
    if (hit >= 0) {
      const part = hit === snake.length - 1 ? 'tail' : 'body';
      const label = `${name} runs into the snake's own ${part} at ${show(next)}`;
      return { ok: false, reason: `${label} ${CONVENTION}`, locations: [moveLoc(i, label), cellLoc(next[0], next[1], label)] };
    }
    snake.unshift(next);
    if (apples.delete(key(next))) {
      eaten++;
      if (eaten === total) wonAt = i;
    } else snake.pop();
  }
  return { ok: true, eaten, wonAt, uneaten: [...apples.values()] };
}

function outcome(st: NibblesState, moves: readonly Dir[], stopAtWin: boolean): Check {
  const r = simulate(st, moves, stopAtWin);
  if (!r.ok) return fail(r.reason, r.locations);
  if (r.uneaten.length === 0) return pass(`every apple is eaten after ${plural(moves.length, 'move')}`);
  const total = r.eaten + r.uneaten.length;
  return fail(
    `${afterMoves(moves.length)} the snake has eaten ${r.eaten} of ${plural(total, 'apple')}; still on the grid: ${listing(r.uneaten.map(show), 6)} ${CONVENTION}`,
    r.uneaten.map((a) => cellLoc(a[0], a[1], 'uneaten apple')),
  );
}

function reference(input: VerifyInput): Check {
  // The reference wraps everything in try/except: every problem is a plain "incorrect".
  if (typeof input.initialState !== 'string') return fail('the initial state is not the Grid/Snake/Direction/Apples text, so the reference scores the item 0');
  const st = parseNibblesState(input.initialState);
  if (typeof st === 'string') return fail(`${st}, so the reference scores the item 0`);
  const bad = directionProblem(st);
  if (bad) return fail(`${bad}, so the reference scores the item 0`);
  const moves = pySplit(pyStrip(input.answer))
    .map((t) => t.toLowerCase())
    .filter(isDir);
  if (moves.length === 0) return fail('could not read a move list from the answer: no whitespace-separated up/down/left/right tokens (tokens with punctuation attached, such as "up,", do not count)');
  const result = outcome(st, moves, false);
  if (result.status === 'pass') return result;
  const dropped = pySplit(pyStrip(input.answer)).filter((t) => !isDir(t.toLowerCase()) && /^\W*(?:up|down|left|right)\W*$/i.test(t));
  if (dropped.length === 0) return result;
  const note = ` (the reference read only ${plural(moves.length, 'move')}: it drops ${plural(dropped.length, 'token')} with punctuation attached, such as ${quote(dropped[0]!, 12)})`;
  return { ...result, reason: `${result.reason ?? ''}${note}` };
}

function strict(input: VerifyInput): Check {
  if (typeof input.initialState !== 'string') return fail('the puzzle has no Grid/Snake/Direction/Apples text: the moves cannot be checked');
  const st = parseNibblesState(input.initialState);
  if (typeof st === 'string') return fail(`${st}: the moves cannot be checked`);
  const bad = directionProblem(st);
  if (bad) return fail(`the puzzle is inconsistent: ${bad}`);
  if (st.snake.length === 0) return fail('the snake in the initial state has no segments');
  if (st.apples.length === 0) return fail('the initial state lists no apples');
  const read = readMoveList(input.answer, { letters: false });
  if (!read.ok) return parseError(read.reason);
  return outcome(st, read.moves, true);
}

export const nibbles: TaskVerifier = {
  scoreFunction: 'nibbles_evaluator',
  categories: ['nibbles'],
  reference,
  strict,
};
