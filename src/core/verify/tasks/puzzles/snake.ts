/**
 * snake — `snake_evaluator` (verifiers.md §6.7). Cells are (row, col), 0-based, as the question asks.
 *
 * Reference: every `(r, c)` pair (digits, optional spaces around the comma, none after `(` or before
 * `)`) is collected from the answer and from the stored path; correct iff the two sets are equal. Order,
 * duplicates and surrounding text are ignored; another valid snake is not accepted.
 *
 * Strict: the answer is read as an ordered path and checked against the puzzle: grid size, S and E from
 * initial_state (a list grid holding "S" and "E") or the question, row and column counts from the
 * question ("Row counts: 1, 1, 4", "Column counts: ..."). The path must start at S and end at E, move
 * orthogonally one cell per step, never revisit a cell, never touch itself (no two cells more than two
 * steps apart may be orthogonally or diagonally adjacent; the diagonal of a turn is allowed) and match
 * every count. Any path that does is accepted. When the counts are not available the puzzle cannot be
 * reconstructed and the path must cover the stored path's cells (as a valid path).
 */
import { fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { cellLoc, colLoc, findAll2, readPairListStrict, rowLoc } from './common';
import { parsePythonish } from '../../../pyliteral';

const PAIR = /\((\d+)\s*,\s*(\d+)\)/g;

function pairSet(s: string): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const [a, b] of findAll2(PAIR, s)) {
    const p: [number, number] = [Number(a), Number(b)];
    out.set(`${p[0]},${p[1]}`, p);
  }
  return out;
}

function referenceCheck(input: VerifyInput): Check {
  const truth = pairSet(input.groundTruth);
  const answer = pairSet(input.answer);
  const missing = [...truth.entries()].filter(([k]) => !answer.has(k)).map(([, p]) => p);
  const extra = [...answer.entries()].filter(([k]) => !truth.has(k)).map(([, p]) => p);
  if (missing.length === 0 && extra.length === 0) return pass(truth.size === 0 ? 'neither the answer nor the stored path holds a (r, c) pair' : 'same cells as the stored path');
  if (answer.size === 0) return fail(`could not read a path from the answer: no (row, col) pairs in it`);
  const show = (ps: Array<[number, number]>) => ps.slice(0, 6).map(([r, c]) => `(${r},${c})`).join(' ') + (ps.length > 6 ? ' …' : '');
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`it lacks ${missing.length} cell${missing.length > 1 ? 's' : ''} of the stored path: ${show(missing)}`);
  if (extra.length > 0) parts.push(`it has ${extra.length} cell${extra.length > 1 ? 's' : ''} not on the stored path: ${show(extra)}`);
  return fail(`the answer's cells (0-based row, col) differ from the stored path: ${parts.join('; ')}`, [...missing, ...extra].map(([r, c]) => cellLoc(r, c, truth.has(`${r},${c}`) ? 'missing' : 'not on the path')));
}

// ----------------------------------------------------------------------------------------------------
// Strict
// ----------------------------------------------------------------------------------------------------

export interface SnakePuzzle {
  rows: number;
  cols: number;
  start: [number, number] | null;
  end: [number, number] | null;
  rowCounts: number[] | null;
  colCounts: number[] | null;
}

function numberList(s: string | undefined): number[] | null {
  if (s === undefined) return null;
  const nums = s.match(/\d+/g);
  return nums ? nums.map(Number) : null;
}

/** The puzzle as far as initial_state and the question describe it. */
export function snakePuzzle(input: VerifyInput): SnakePuzzle | null {
  let rows = 0;
  let cols = 0;
  let start: [number, number] | null = null;
  let end: [number, number] | null = null;
  const grid = typeof input.initialState === 'string' ? parsePythonish(input.initialState) : undefined;
  if (Array.isArray(grid) && grid.length > 0 && grid.every((r) => Array.isArray(r))) {
    rows = grid.length;
    cols = Math.max(...grid.map((r) => (r as unknown[]).length));
    grid.forEach((row, r) => (row as unknown[]).forEach((v, c) => {
      if (v === 'S') start = [r, c];
      if (v === 'E') end = [r, c];
    }));
  }
  const size = /Grid size:\s*(\d+)\s*[×xX*]\s*(\d+)/.exec(input.question);
  if (size) {
    rows = Number(size[1]);
    cols = Number(size[2]);
  }
  const rowCounts = numberList(/Row counts?:\s*([\d,\s]+)/i.exec(input.question)?.[1]);
  const colCounts = numberList(/Col(?:umn)? counts?:\s*([\d,\s]+)/i.exec(input.question)?.[1]);
  if (rows === 0 && rowCounts) rows = rowCounts.length;
  if (cols === 0 && colCounts) cols = colCounts.length;
  if (rows === 0 || cols === 0) return null;
  return { rows, cols, start, end, rowCounts, colCounts };
}

/** The rules of a snake path on a rows×cols grid (start/end/counts when known). */
/** A fail whose reason states the coordinate convention. */
function sfail(reason: string, locations: Location[]): Check {
  return fail(`${reason} [cells as (row, col), 0-based]`, locations);
}

export function checkSnakePath(path: Array<[number, number]>, p: SnakePuzzle): Check {
  const fmt = ([r, c]: [number, number]) => `(${r},${c})`;
  for (const [i, cell] of path.entries()) {
    const [r, c] = cell;
    if (r < 0 || c < 0 || r >= p.rows || c >= p.cols) return sfail(`cell ${i + 1} of the path ${fmt(cell)} is outside the ${p.rows}×${p.cols} grid`, [{ kind: 'move', index: i, label: 'off the grid' }]);
  }
  const seen = new Map<string, number>();
  for (const [i, cell] of path.entries()) {
    const j = seen.get(fmt(cell));
    if (j !== undefined) return sfail(`the path visits ${fmt(cell)} twice (cells ${j + 1} and ${i + 1} of the path)`, [cellLoc(cell[0], cell[1], 'visited twice')]);
    seen.set(fmt(cell), i);
  }
  const first = path[0]!;
  const last = path[path.length - 1]!;
  if (p.start && (first[0] !== p.start[0] || first[1] !== p.start[1])) return sfail(`the path starts at ${fmt(first)}, not at S ${fmt(p.start)}`, [cellLoc(first[0], first[1], 'start'), cellLoc(p.start[0], p.start[1], 'S')]);
  if (p.end && (last[0] !== p.end[0] || last[1] !== p.end[1])) return sfail(`the path ends at ${fmt(last)}, not at E ${fmt(p.end)}`, [cellLoc(last[0], last[1], 'end'), cellLoc(p.end[0], p.end[1], 'E')]);
  for (let i = 0; i + 1 < path.length; i++) {
    const a = path[i]!;
    const b = path[i + 1]!;
    if (Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) !== 1) {
      return sfail(`step ${i + 1} goes from ${fmt(a)} to ${fmt(b)}, which are not orthogonal neighbours`, [cellLoc(a[0], a[1], `step ${i + 1}`), cellLoc(b[0], b[1], `step ${i + 1}`)]);
    }
  }
  for (let i = 0; i < path.length; i++) {
    for (let j = i + 3; j < path.length; j++) {
      const a = path[i]!;
      const b = path[j]!;
      if (Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1])) <= 1) {
        return sfail(`the snake touches itself: ${fmt(a)} (cell ${i + 1}) and ${fmt(b)} (cell ${j + 1}) are adjacent`, [cellLoc(a[0], a[1], 'touches'), cellLoc(b[0], b[1], 'touches')]);
      }
    }
  }
  const locs: Location[] = [];
  const reasons: string[] = [];
  if (p.rowCounts) {
    for (let r = 0; r < p.rows; r++) {
      const n = path.filter(([pr]) => pr === r).length;
      const want = p.rowCounts[r] ?? 0;
      if (n !== want) {
        reasons.push(`row ${r} has ${n} snake cell${n === 1 ? '' : 's'} but its count is ${want}`);
        locs.push(rowLoc(r, `${n} of ${want}`));
      }
    }
  }
  if (p.colCounts) {
    for (let c = 0; c < p.cols; c++) {
      const n = path.filter(([, pc]) => pc === c).length;
      const want = p.colCounts[c] ?? 0;
      if (n !== want) {
        reasons.push(`column ${c} has ${n} snake cell${n === 1 ? '' : 's'} but its count is ${want}`);
        locs.push(colLoc(c, `${n} of ${want}`));
      }
    }
  }
  if (reasons.length > 0) return fail(`${reasons.join('; ')} (rows and columns 0-based)`, locs);
  return pass();
}

function strictCheck(input: VerifyInput): Check {
  const read = readPairListStrict(input.answer);
  if (!read.ok) return parseError(`could not read a path from the answer: ${read.reason}`);
  const path = read.pairs;
  if (path.length === 0) return fail('the path is empty');
  const puzzle = snakePuzzle(input);
  if (puzzle && puzzle.rowCounts && puzzle.colCounts) {
    const c = checkSnakePath(path, puzzle);
    return c.status === 'pass' ? pass('a valid snake from S to E matching every row and column count') : c;
  }
  // The puzzle cannot be reconstructed: a valid path over the stored path's cells.
  const truth = pairSet(input.groundTruth);
  if (truth.size === 0) return parseError('the puzzle gives no row/column counts and the stored path holds no cells: nothing to check the answer against');
  const maxR = Math.max(...[...truth.values(), ...path].map(([r]) => r)) + 1;
  const maxC = Math.max(...[...truth.values(), ...path].map(([, c]) => c)) + 1;
  const c = checkSnakePath(path, { rows: puzzle?.rows ?? maxR, cols: puzzle?.cols ?? maxC, start: puzzle?.start ?? null, end: puzzle?.end ?? null, rowCounts: null, colCounts: null });
  if (c.status !== 'pass') return c;
  const cells = new Set(path.map(([r, cc]) => `${r},${cc}`));
  const missing = [...truth.entries()].filter(([k]) => !cells.has(k)).map(([, p]) => p);
  const extra = path.filter(([r, cc]) => !truth.has(`${r},${cc}`));
  if (missing.length > 0 || extra.length > 0) {
    return fail(`without row/column counts the path is compared with the stored one, and it ${missing.length > 0 ? `lacks ${missing.map(([r, cc]) => `(${r},${cc})`).join(' ')}` : ''}${missing.length > 0 && extra.length > 0 ? ' and ' : ''}${extra.length > 0 ? `has extra cells ${extra.map(([r, cc]) => `(${r},${cc})`).join(' ')}` : ''}`, [...missing, ...extra].map(([r, cc]) => cellLoc(r, cc)));
  }
  return pass('a valid path over the stored path\'s cells (the puzzle gives no counts to check another path against)');
}

export const snakeVerifier: TaskVerifier = {
  scoreFunction: 'snake_evaluator',
  categories: ['snake'],
  reference: referenceCheck,
  strict: strictCheck,
};
