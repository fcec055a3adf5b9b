/**
 * maze — `maze_evaluator` (verifiers.md §7.3).
 *
 * The maze text has cells at odd (line, column) positions. Reasons speak of maze cells: "row r, column c"
 * counted from 1 at the top-left; locations are 0-based cell (row, col). A position that is not a cell
 * (possible only in malformed mazes) is named by its line and character in the text.
 */
import { crash, fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { afterMoves, cellLoc, moveLoc, plural, pyStrip, pyWordsRegex, readMoveList, STEP, type Dir } from './common';

const CONVENTION = 'maze cells counted from 1 at the top-left';

function isCell(i: number, j: number): boolean {
  return i % 2 === 1 && j % 2 === 1;
}

/** A text position as a maze cell ("row 3, column 4") or, off the cell lattice, as text line/character. */
function where(i: number, j: number): string {
  return isCell(i, j) ? `row ${(i + 1) / 2}, column ${(j + 1) / 2}` : `line ${i + 1}, character ${j + 1} of the maze text`;
}

function locAt(i: number, j: number, label: string): Location {
  return isCell(i, j) ? cellLoc((i - 1) / 2, (j - 1) / 2, label) : { kind: 'line', index: i, col: j, label };
}

function find(lines: readonly string[][], ch: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  lines.forEach((l, i) => l.forEach((c, j) => c === ch && out.push([i, j])));
  return out;
}

// ---------------------------------------------------------------------------------------------
// reference: `maze_check`

/** Python's IGNORECASE also lets `i` match the dotless `ı` (on the lower-cased answer). */
const REF_MOVES = pyWordsRegex('up|down|left|r[iı]ght');

function reference(input: VerifyInput): Check {
  const st = input.initialState;
  if (typeof st !== 'string') return crash(`the initial state is ${st === null ? 'missing' : 'a dict, not a maze text'}: the reference crashes reading it`);
  const maze = pyStrip(st).split('\n').map((l) => Array.from(l));
  const start = find(maze, 'S')[0];
  if (!start) return fail('the maze has no start cell S, so the reference scores it 0');
  const moves = [...input.answer.toLowerCase().matchAll(REF_MOVES)].map((m) => (m[0].startsWith('r') ? 'right' : (m[0] as Dir)));
  if (moves.length === 0) return fail('could not read a move list from the answer: no up/down/left/right words');

  let [i, j] = start;
  for (const [k, dir] of moves.entries()) {
    // The reference's wall test reads the neighbouring character (never matching, but it can raise).
    const [di, dj] = STEP[dir];
    if (di !== 0 && (di < 0 ? i > 0 : i < maze.length - 1) && j >= maze[i + di]!.length) {
      return crash(`move ${k + 1} (${dir}): line ${i + di + 1} of the maze text is too short to hold column ${j + 1}, and the reference crashes reading it`);
    }
    const ni = i + 2 * di;
    const nj = j + 2 * dj;
    if (ni < 0 || ni >= maze.length || nj < 0 || nj >= maze[ni]!.length) {
      const label = `move ${k + 1} (${dir}) leaves the maze from ${where(i, j)}`;
      return fail(`${label} (${CONVENTION})`, [moveLoc(k, label), locAt(i, j, label)]);
    }
    i = ni;
    j = nj;
  }
  if (maze[i]![j] === 'E') return pass('the path ends on E (the reference does not check walls)');
  const end = find(maze, 'E')[0];
  const label = `the path ends at ${where(i, j)}`;
  const locs = [locAt(i, j, label), ...(end ? [locAt(end[0], end[1], 'the end E')] : [])];
  return fail(`${afterMoves(moves.length)} ${label}, not on the end E${end ? ` at ${where(end[0], end[1])}` : ' (the maze has no E)'} (${CONVENTION})`, locs);
}

// ---------------------------------------------------------------------------------------------
// strict: walls respected, start and end from the maze, nothing after reaching the end

export const CELL_CHARS = new Set(['0', 'S', 'E']);

function strict(input: VerifyInput): Check {
  const st = input.initialState;
  if (typeof st !== 'string' || st.trim() === '') return fail('the puzzle has no maze text (initial_state): the path cannot be checked');
  const lines = st.split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const maze = lines.map((l) => Array.from(l));
  const starts = find(maze, 'S');
  const ends = find(maze, 'E');
  if (starts.length !== 1 || ends.length !== 1) {
    return fail(`the maze is malformed: it has ${plural(starts.length, 'start cell')} S and ${plural(ends.length, 'end cell')} E instead of one each`);
  }
  const read = readMoveList(input.answer, { letters: false });
  if (!read.ok) return parseError(read.reason);
  const moves = read.moves;
  const [ei, ej] = ends[0]!;
  let [i, j] = starts[0]!;
  for (const [k, dir] of moves.entries()) {
    const [di, dj] = STEP[dir];
    const between = maze[i + di]?.[j + dj];
    const target = maze[i + 2 * di]?.[j + 2 * dj];
    if (between === undefined || target === undefined || !CELL_CHARS.has(target)) {
      const label = `move ${k + 1} (${dir}) leaves the maze from ${where(i, j)}`;
      return fail(`${label} (${CONVENTION})`, [moveLoc(k, label), locAt(i, j, label)]);
    }
    if (between !== ' ') {
      const side = { up: 'top', down: 'bottom', left: 'left', right: 'right' }[dir];
      const label = `move ${k + 1} (${dir}) walks into a wall at ${where(i, j)}`;
      return fail(`${label} (the wall on that cell's ${side} side; ${CONVENTION})`, [moveLoc(k, label), locAt(i, j, label)]);
    }
    i += 2 * di;
    j += 2 * dj;
    if (i === ei && j === ej && k < moves.length - 1) {
      const label = `move ${k + 2} (${moves[k + 1]!}) comes after the end E is reached`;
      return fail(`the path reaches the end E at move ${k + 1}, but the answer goes on with ${plural(moves.length - 1 - k, 'more move')} (from move ${k + 2}, ${moves[k + 1]!})`, [moveLoc(k + 1, label), locAt(ei, ej, 'the end E')]);
    }
  }
  if (i === ei && j === ej) return pass(`a wall-free path of ${plural(moves.length, 'move')} from S to E`);
  const label = `the path ends at ${where(i, j)}`;
  return fail(`${afterMoves(moves.length)} ${label}, not on the end E at ${where(ei, ej)} (${CONVENTION})`, [locAt(i, j, label), locAt(ei, ej, 'the end E')]);
}

export const maze: TaskVerifier = {
  scoreFunction: 'maze_evaluator',
  categories: ['maze'],
  reference,
  strict,
};
