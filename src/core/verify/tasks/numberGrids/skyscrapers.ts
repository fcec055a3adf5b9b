/**
 * Skyscrapers — `skyscrapers_evaluator` (verifiers.md §6.3).
 *
 * Clues: `top[j]` looks down column j, `bottom[j]` up column j, `left[i]` right along row i, `right[i]`
 * left along row i; 0 = no clue. Reasons use 1-based rows/columns; locations are 0-based.
 *
 * reference: the FIRST 2-D integer list (JSON); n = `n` (default 4); Latin square; every non-zero clue.
 * strict: a cleanly read n×n grid, Latin square with the duplicated cells named, every clue checked
 * (all failures reported with the visible buildings).
 */
import { crash, fail, guarded, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { pyNumEq } from './calcudoku';
import { cellLoc, colLoc, field, compareWithStored, gridReadCheck, isIntArray, latinProblems, problemsFrom, readIntGrid, rowLoc, shapeProblems, show, sizeFromQuestion, whyNotOneToN } from './grids';
import { extractFirstIntGrid } from './kukurasu';

export type Side = 'top' | 'bottom' | 'left' | 'right';
export const SIDES: readonly Side[] = ['top', 'bottom', 'left', 'right'];

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The heights seen from a side, in viewing order, and the visible ones. */
export function lineOfSight(grid: readonly (readonly number[])[], side: Side, idx: number): { cells: Array<[number, number]>; visible: number[] } {
  const n = grid.length;
  const cells: Array<[number, number]> = [];
  for (let k = 0; k < n; k++) {
    if (side === 'top') cells.push([k, idx]);
    else if (side === 'bottom') cells.push([n - 1 - k, idx]);
    else if (side === 'left') cells.push([idx, k]);
    else cells.push([idx, (grid[idx]?.length ?? n) - 1 - k]);
  }
  if (side === 'left' || side === 'right') cells.length = grid[idx]?.length ?? 0;
  const visible: number[] = [];
  let max = 0;
  for (const [r, c] of cells) {
    const h = grid[r]![c]!;
    if (h > max) {
      visible.push(h);
      max = h;
    }
  }
  return { cells, visible };
}

export function clueText(side: Side, idx: number): string {
  switch (side) {
    case 'top':
      return `the top clue of column ${idx + 1} (looking down)`;
    case 'bottom':
      return `the bottom clue of column ${idx + 1} (looking up)`;
    case 'left':
      return `the left clue of row ${idx + 1} (looking right)`;
    case 'right':
      return `the right clue of row ${idx + 1} (looking left)`;
  }
}

function clueLocations(side: Side, idx: number, label: string): Location[] {
  return [{ kind: 'clue', index: idx, label: `${side} ${idx + 1}: ${label}` }, side === 'top' || side === 'bottom' ? colLoc(idx, label) : rowLoc(idx, label)];
}

export function skyscrapersReference(input: VerifyInput): Check {
  const grid = extractFirstIntGrid(input.answer);
  if (grid.length === 0) return fail('could not read a grid from the answer: the reference reads only the first 2-D list of integers like [[1, 2], [2, 1]], and there is none');
  const params = input.initialState;
  if (!isDict(params)) return crash('initial_state is not a dict (the reference calls params.get on it)');
  const nV = field(params, 'n');
  const n: unknown = nV === undefined ? 4 : nV;
  const clues: Record<Side, unknown> = { top: [], bottom: [], left: [], right: [] };
  for (const s of SIDES) {
    const v = field(params, s);
    if (v !== undefined) clues[s] = v;
  }
  if (!pyNumEq(grid.length, n)) return fail(`the first 2-D list has ${grid.length} rows, the puzzle is ${show(n)}×${show(n)}${nV === undefined ? ' (n defaults to 4)' : ''}`);
  const badRow = grid.findIndex((row) => !pyNumEq(row.length, n));
  if (badRow >= 0) return fail(`row ${badRow + 1} has ${grid[badRow]!.length} entries, the puzzle is ${show(n)}×${show(n)}`, [rowLoc(badRow)]);
  const size = grid.length;
  const oneToN = (vals: number[]): boolean => new Set(vals).size === size && vals.every((v) => v >= 1 && v <= size);
  for (let r = 0; r < size; r++) if (!oneToN(grid[r]!)) return fail(`row ${r + 1} ${whyNotOneToN(grid[r]!, size)}: every row must hold 1..${size} exactly once`, [rowLoc(r)]);
  for (let c = 0; c < size; c++) {
    const col = grid.map((row) => row[c]!);
    if (!oneToN(col)) return fail(`column ${c + 1} ${whyNotOneToN(col, size)}: every column must hold 1..${size} exactly once`, [colLoc(c)]);
  }
  for (const side of SIDES) {
    const list = clues[side];
    if (!Array.isArray(list)) {
      if (typeof list === 'string' && list.length > 0) return crash(`${side} clues are a string ('>' between str and int raises)`);
      if (typeof list === 'string' || (isDict(list) && Object.keys(list).length === 0)) continue;
      if (isDict(list)) return crash(`${side} clues are a dict ('>' between str and int raises)`);
      return crash(`${side} clues are ${show(list)}, not iterable`);
    }
    for (let i = 0; i < list.length; i++) {
      const clue: unknown = list[i];
      if (typeof clue !== 'number' && typeof clue !== 'boolean') return crash(`${side} clue ${i + 1} is ${show(clue)} (comparing it with 0 raises)`);
      const cv = typeof clue === 'boolean' ? Number(clue) : clue;
      if (!(cv > 0)) continue;
      if (i >= size) return crash(`${side} clue ${i + 1} has no ${side === 'top' || side === 'bottom' ? 'column' : 'row'} in a ${size}×${size} grid (IndexError)`);
      const { visible } = lineOfSight(grid, side, i);
      if (visible.length !== cv) {
        const label = `${visible.length} visible (${visible.join(', ')}), clue says ${cv}`;
        return fail(`${clueText(side, i)}: ${label}`, clueLocations(side, i, label));
      }
    }
  }
  return pass();
}

export interface SkyscrapersPuzzle {
  n: number;
  clues: Record<Side, number[]>;
  source: string;
}

export function skyscrapersPuzzle(input: VerifyInput): SkyscrapersPuzzle | null {
  const st = input.initialState;
  if (isDict(st)) {
    const clues = { top: [], bottom: [], left: [], right: [] } as Record<Side, number[]>;
    let ok = true;
    for (const s of SIDES) {
      const v = field(st, s);
      if (v === undefined) continue;
      if (isIntArray(v)) clues[s] = v;
      else ok = false;
    }
    const nV = field(st, 'n');
    const n = typeof nV === 'number' && Number.isInteger(nV) ? nV : (sizeFromQuestion(input.question) ?? (clues.top.length || undefined));
    if (ok && n !== undefined) return { n, clues, source: 'initial_state' };
  }
  // "Grid Layout:" block: top clues, n rows "l X X X r", bottom clues.
  const m = /Grid Layout:\s*\n((?:[ \t]*[\dX][\dX \t]*\n?)+)/.exec(input.question);
  if (m) {
    const lines = m[1]!.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const body = lines.filter((l) => l.includes('X'));
    const n = body.length;
    const top = lines[0]?.includes('X') === false ? lines[0].split(/\s+/).map(Number) : [];
    const bottomLine = lines[lines.length - 1];
    const bottom = bottomLine !== undefined && !bottomLine.includes('X') && lines.length > 1 ? bottomLine.split(/\s+/).map(Number) : [];
    const left: number[] = [];
    const right: number[] = [];
    for (const l of body) {
      const t = l.split(/\s+/);
      left.push(t[0] === 'X' ? 0 : Number(t[0]));
      right.push(t[t.length - 1] === 'X' ? 0 : Number(t[t.length - 1]));
    }
    if (n > 0 && top.length === n && bottom.length === n) return { n, clues: { top, bottom, left, right }, source: 'question' };
  }
  return null;
}

export function skyscrapersStrict(input: VerifyInput): Check {
  const puzzle = skyscrapersPuzzle(input);
  const read = readIntGrid(input.answer, { n: puzzle?.n ?? sizeFromQuestion(input.question), what: 'grid' });
  if (!read.ok) return gridReadCheck(read);
  const grid = read.grid;
  const problems = problemsFrom(read);
  if (!puzzle) return compareWithStored(grid, input.groundTruth, problems);
  const { n } = puzzle;
  if (!shapeProblems(grid, n, n, problems)) return problems.toCheck();
  latinProblems(grid, n, problems);
  for (const side of SIDES) {
    const list = puzzle.clues[side];
    if (list.length !== 0 && list.length !== n) problems.add(`the puzzle has ${list.length} ${side} clues for a ${n}×${n} grid (puzzle data)`);
    list.forEach((clue, i) => {
      if (clue <= 0 || i >= n) return;
      const { cells, visible } = lineOfSight(grid, side, i);
      if (visible.length !== clue) {
        const label = `${visible.length} visible (${visible.join(', ')}), clue says ${clue}`;
        problems.add(`${clueText(side, i)}: ${label}`, [...clueLocations(side, i, label), ...cells.map(([r, c]) => cellLoc(r, c))]);
      }
    });
  }
  return problems.toCheck(`every row and column holds 1..${n} once and every clue matches (clues from ${puzzle.source}; any valid solution is accepted)`);
}

export const skyscrapersVerifier: TaskVerifier = {
  scoreFunction: 'skyscrapers_evaluator',
  categories: ['Skyscrapers'],
  reference: (input) => guarded(() => skyscrapersReference(input), 'skyscrapers reference check'),
  strict: (input) => guarded(() => skyscrapersStrict(input), 'skyscrapers strict check'),
};
