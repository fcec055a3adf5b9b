/**
 * numbrix — `numbrix_evaluator` (verifiers.md §6.6).
 *
 * Reference: answer, initial_state and ground truth are read alike (trimmed lines, blank lines dropped,
 * one leading and one trailing `|` removed, split on `|`, all-digit cells are numbers, anything else is
 * blank = 0, short rows padded with 0). Then: positive values distinct; the initial grid must fit in the
 * answer and its givens be kept; if the ground truth differs in shape but fits, the answer is cropped
 * to it; an answer equal to the ground truth is correct; otherwise 1..max must all be present and
 * consecutive numbers orthogonally adjacent (blank cells allowed). Any exception inside makes the
 * reference return False (so there is no crash case).
 *
 * Strict: the answer must have exactly the puzzle's shape (no cropping, no missing rows), every cell is
 * a number or blank (text in a cell is an error), givens kept, values distinct and within 1..rows·cols,
 * the chain 1..max complete and orthogonally connected, and every cell filled unless the question says
 * cells may stay empty ("Not every empty cell needs to be filled"). Reasons say "row r, column c"
 * (1-based); locations are 0-based cells.
 */
import { fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { cellLoc, dropFenceLines, isDigits, plural, pyStrip, quote, rowLoc } from './common';
import { flat } from '../../collections';

type Grid = number[][];

export function normalize(s: string): string {
  if (s === '') return '';
  return pyStrip(s)
    .split('\n')
    .map(pyStrip)
    .join('\n');
}

/** The reference's `_parse_grid`; null where it raises (no rows: `max()` of an empty sequence). */
export function parseNumbrixReference(s: string): Grid | null {
  const lines = pyStrip(s)
    .split('\n')
    .filter((l) => pyStrip(l) !== '');
  if (lines.length === 0) return null;
  const rows: Grid = lines.map((line0) => {
    let line = line0;
    if (line.startsWith('|')) line = line.slice(1);
    if (line.endsWith('|')) line = line.slice(0, -1);
    return line.split('|').map((cell0) => {
      const cell = pyStrip(cell0);
      return cell !== '' && isDigits(cell) ? Number(cell) : 0;
    });
  });
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array<number>(width - r.length).fill(0)]);
}

function findValue(grid: Grid, v: number): [number, number] | null {
  for (const [r, row] of grid.entries()) {
    const c = row.indexOf(v);
    if (c >= 0) return [r, c];
  }
  return null;
}

function duplicateValue(grid: Grid): { value: number; cells: Array<[number, number]> } | null {
  const seen = new Map<number, [number, number]>();
  for (const [r, row] of grid.entries()) {
    for (const [c, v] of row.entries()) {
      if (v <= 0) continue;
      const prev = seen.get(v);
      if (prev) return { value: v, cells: [prev, [r, c]] };
      seen.set(v, [r, c]);
    }
  }
  return null;
}

/** The chain rule: 1..max present and consecutive numbers orthogonally adjacent. */
function chainCheck(grid: Grid): Check {
  const values = flat(grid).filter((v) => v > 0);
  if (values.length === 0) return fail('the grid holds no number');
  const max = Math.max(...values);
  const present = new Set(values);
  const missing: number[] = [];
  for (let k = 1; k <= max && missing.length < 5; k++) if (!present.has(k)) missing.push(k);
  if (missing.length > 0) return fail(`the chain 1..${max} is missing ${missing.join(', ')}${missing.length === 5 ? ', …' : ''}`);
  for (let k = 1; k < max; k++) {
    const a = findValue(grid, k)!;
    const b = findValue(grid, k + 1)!;
    if (Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) !== 1) {
      return fail(`${k} (row ${a[0] + 1}, column ${a[1] + 1}) and ${k + 1} (row ${b[0] + 1}, column ${b[1] + 1}) are not orthogonally adjacent`, [cellLoc(a[0], a[1], String(k)), cellLoc(b[0], b[1], String(k + 1))]);
    }
  }
  return pass();
}

function shape(g: Grid): [number, number] {
  return [g.length, g[0]?.length ?? 0];
}

function referenceCheck(input: VerifyInput): Check {
  const predicted0 = parseNumbrixReference(normalize(input.answer));
  if (predicted0 === null) return fail(`could not read a grid from the answer: no non-blank line in ${quote(input.answer)}`);
  let predicted = predicted0;
  const dup = duplicateValue(predicted);
  if (dup) {
    const [a, b] = dup.cells;
    return fail(`the number ${dup.value} appears twice (row ${a![0] + 1}, column ${a![1] + 1} and row ${b![0] + 1}, column ${b![1] + 1})`, dup.cells.map(([r, c]) => cellLoc(r, c, `${dup.value} again`)));
  }
  const state = input.initialState;
  // Python truthiness: an empty string or dict skips the givens check.
  if (state !== null && state !== '' && !(typeof state === 'object' && Object.keys(state).length === 0)) {
    if (typeof state !== 'string') return fail('initial_state is a dict, not a grid (the reference fails reading it)');
    const initial = parseNumbrixReference(normalize(state));
    if (initial === null) return fail('initial_state holds no grid (the reference fails reading it)');
    const [ir, ic] = shape(initial);
    const [pr, pc] = shape(predicted);
    if (ir > pr || ic > pc) return fail(`the answer is ${pr}×${pc} but the puzzle is ${ir}×${ic}`, ir > pr ? [rowLoc(pr - 1, 'rows missing below')] : []);
    for (let i = 0; i < ir; i++) {
      for (let j = 0; j < ic; j++) {
        const g = initial[i]![j]!;
        if (g !== 0 && predicted[i]![j] !== g) {
          return fail(`row ${i + 1}, column ${j + 1} is given as ${g} but the answer has ${predicted[i]![j] === 0 ? 'a blank' : predicted[i]![j]}`, [cellLoc(i, j, `given ${g}`)]);
        }
      }
    }
  }
  const truthText = normalize(input.groundTruth);
  if (truthText !== '') {
    const truth = parseNumbrixReference(truthText);
    if (truth === null) return fail('the ground truth holds no grid (the reference fails reading it)');
    const [tr, tc] = shape(truth);
    const [pr, pc] = shape(predicted);
    if (tr !== pr || tc !== pc) {
      if (tr <= pr && tc <= pc) predicted = predicted.slice(0, tr).map((row) => row.slice(0, tc));
      else return fail(`the answer is ${pr}×${pc}, smaller than the ${tr}×${tc} solution grid`);
    }
    if (predicted.every((row, r) => row.every((v, c) => v === truth[r]![c]))) return pass(tr !== pr || tc !== pc ? 'equal to the stored solution after cropping the extra rows/columns' : 'equal to the stored solution');
  }
  return chainCheck(predicted);
}

// ----------------------------------------------------------------------------------------------------
// Strict
// ----------------------------------------------------------------------------------------------------

/** Strict grid: null entries are blanks; text cells are reported. */
type StrictGrid = Array<Array<number | null>>;
type StrictRead = { ok: true; grid: StrictGrid } | { ok: false; kind: 'parse' | 'rule'; reason: string; locations?: Location[] };

export function readNumbrixStrict(answer: string): StrictRead {
  const lines = dropFenceLines(answer.split(/\r?\n/)).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return { ok: false, kind: 'parse', reason: 'could not read a grid from the answer: it is empty' };
  const grid: StrictGrid = [];
  for (const [r, line] of lines.entries()) {
    let cells: string[];
    if (line.includes('|')) {
      const body = line.replace(/^\|/, '').replace(/\|$/, '');
      cells = body.split('|').map((c) => c.trim());
    } else if (/^[\d\s,._-]+$/.test(line)) {
      cells = line.split(/[\s,]+/).filter((c) => c !== '');
    } else {
      return { ok: false, kind: 'parse', reason: `could not read a grid from the answer: line ${r + 1} (${quote(line)}) is not a row of numbers` };
    }
    const row: Array<number | null> = [];
    for (const [c, cell] of cells.entries()) {
      if (cell === '' || /^[._-]$/.test(cell)) row.push(null);
      else if (isDigits(cell)) row.push(Number(cell));
      else return { ok: false, kind: 'rule', reason: `row ${r + 1}, column ${c + 1} holds ${quote(cell, 20)}, not a number`, locations: [cellLoc(r, c, 'not a number')] };
    }
    grid.push(row);
  }
  return { ok: true, grid };
}

/** The question allows blank cells ("Not every empty cell needs to be filled", "some cells may remain empty"). */
export function allowsEmptyCells(question: string): boolean {
  return /not every (?:empty )?cell (?:needs|has) to be filled|cells? (?:may|can) (?:remain|stay|be left) (?:empty|blank)/i.test(question);
}

function strictCheck(input: VerifyInput): Check {
  const read = readNumbrixStrict(input.answer);
  if (!read.ok) return read.kind === 'parse' ? parseError(read.reason) : fail(read.reason, read.locations);
  const grid = read.grid;
  const puzzle = typeof input.initialState === 'string' ? parseNumbrixReference(normalize(input.initialState)) : null;
  const truth = input.groundTruth !== '' ? parseNumbrixReference(normalize(input.groundTruth)) : null;
  const ref = puzzle ?? truth;
  const rows = ref ? ref.length : grid.length;
  const cols = ref ? ref[0]!.length : (grid[0]?.length ?? 0);
  if (grid.length !== rows) {
    return fail(`the answer has ${plural(grid.length, 'row')}; the puzzle has ${rows}${grid.length > rows ? ' (extra rows are not cropped in strict mode)' : ''}`, grid.length > rows ? [rowLoc(rows, 'extra row')] : [rowLoc(grid.length - 1, 'rows missing below')]);
  }
  for (const [r, row] of grid.entries()) {
    if (row.length !== cols) return fail(`row ${r + 1} has ${plural(row.length, 'cell')}; the puzzle has ${cols} columns`, [rowLoc(r, `${row.length} cells`)]);
  }
  const values: Grid = grid.map((row) => row.map((v) => v ?? 0));
  const dup = duplicateValue(values);
  if (dup) {
    const [a, b] = dup.cells;
    return fail(`the number ${dup.value} appears twice (row ${a![0] + 1}, column ${a![1] + 1} and row ${b![0] + 1}, column ${b![1] + 1})`, dup.cells.map(([r, c]) => cellLoc(r, c, `${dup.value} again`)));
  }
  for (const [r, row] of values.entries()) {
    for (const [c, v] of row.entries()) {
      if (v === 0 && grid[r]![c] !== null) return fail(`row ${r + 1}, column ${c + 1} holds 0; numbers start at 1`, [cellLoc(r, c, '0')]);
      if (v > rows * cols) return fail(`row ${r + 1}, column ${c + 1} holds ${v}, more than the ${rows * cols} cells of the grid`, [cellLoc(r, c, String(v))]);
    }
  }
  if (puzzle) {
    for (const [r, prow] of puzzle.entries()) {
      for (const [c, g] of prow.entries()) {
        if (g !== 0 && values[r]![c] !== g) return fail(`row ${r + 1}, column ${c + 1} is given as ${g} but the answer has ${grid[r]![c] ?? 'a blank'}`, [cellLoc(r, c, `given ${g}`)]);
      }
    }
  }
  if (!allowsEmptyCells(input.question)) {
    const blanks: Location[] = [];
    values.forEach((row, r) => row.forEach((v, c) => { if (v === 0) blanks.push(cellLoc(r, c, 'empty')); }));
    if (blanks.length > 0) {
      const first = blanks[0]!;
      return fail(`${blanks.length} cell${blanks.length > 1 ? 's are' : ' is'} empty (first: row ${first.row! + 1}, column ${first.col! + 1}); the chain must cover all ${rows * cols} cells`, blanks);
    }
  }
  return chainCheck(values);
}

export const numbrixVerifier: TaskVerifier = {
  scoreFunction: 'numbrix_evaluator',
  categories: ['numbrix'],
  reference: referenceCheck,
  strict: strictCheck,
};
