/**
 * binairo — `binairo_evaluator` (verifiers.md §6.9). Rows and columns are numbered from 1 in reasons,
 * as the question does; locations are 0-based cells.
 *
 * Reference: the matrix is read by the reference cascade (binairoExtract.ts); the initial grid (a 2-D
 * list with null blanks, JSON or Python literal, else a text grid) fixes the dimensions and the givens.
 * Rules in order: even row count → every column has rows/2 zeros and ones; even column count → every
 * row cols/2 of each; no three equal cells in a row in any row or column; rows distinct; columns
 * distinct. Any exception inside makes the reference return False.
 *
 * Strict: the grid is read as written (a list literal, or lines of 0/1 digits separated by spaces,
 * commas, `|` or nothing, optionally labelled "Row 1:"); a row of the wrong length or a cell other than
 * 0/1 is reported instead of being dropped; exact puzzle dimensions, givens, balance (odd sizes: the
 * counts differ by at most one), no triples, unique rows and columns — all reported with positions.
 */
import { fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { cellLoc, colLoc, dropFenceLines, plural, quote, rowLoc } from './common';
import { extractBinairoReference, type Matrix } from './binairoExtract';
import { parsePyLiteral, PySet, PyFloat, PyTuple, type PyValue } from '../../../pyliteral';
import { arrayOf, flatMap } from '../../collections';

type Givens = Array<Array<number | null>>;

/** Python iteration over a decoded value (list/tuple/set items, string characters, dict keys). */
function pyIter(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v as unknown[];
  if (v instanceof PyTuple || v instanceof PySet) return v.items;
  if (typeof v === 'string') return Array.from(v);
  if (v !== null && typeof v === 'object' && !(v instanceof PyFloat)) {
    if ('__pydict' in v) return (v as unknown as { entries: Array<[PyValue, PyValue]> }).entries.map(([k]) => k);
    return Object.keys(v);
  }
  return null;
}

function givenCell(cell: unknown): number | null {
  if (cell === null || cell === '' || cell === ' ' || cell === '.' || cell === '_') return null;
  if (typeof cell === 'string') {
    const t = cell.trim();
    return t === '0' || t === '1' ? Number(t) : null;
  }
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  const n = typeof cell === 'number' ? cell : cell instanceof PyFloat ? cell.value : undefined;
  return n === 0 || n === 1 ? n : null;
}

/** The reference's `_normalize_initial_state`; a string result means the reference raises (→ False). */
export function binairoGivens(state: VerifyInput['initialState']): Givens | string {
  let rows: unknown = state;
  if (typeof state === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(state);
    } catch {
      try {
        parsed = parsePyLiteral(state);
      } catch {
        parsed = undefined;
      }
    }
    if (Array.isArray(parsed)) rows = parsed;
    else {
      const lines = state.replace(/\r\n/g, '\n').replace(/\r/g, '\n').split('\n').map((l) => l.trim()).filter((l) => l !== '');
      return lines.map((line) => line.split(/[\s,|]+/).map((tok) => (tok.trim() === '0' || tok.trim() === '1' ? Number(tok.trim()) : null)));
    }
  }
  const outer = pyIter(rows);
  if (outer === null) return 'initial_state is not iterable';
  const out: Givens = [];
  for (const row of outer) {
    const cells = pyIter(row);
    if (cells === null) return `initial_state row ${out.length + 1} is not a list`;
    out.push(cells.map(givenCell));
  }
  return out;
}

/** Column 0..n-1 of a matrix. */
const column = (m: Matrix, c: number) => m.map((row) => row[c]!);

function referenceRules(m: Matrix): Check {
  const rows = m.length;
  const cols = m[0]!.length;
  if (rows % 2 === 0) {
    for (let c = 0; c < cols; c++) {
      const ones = column(m, c).filter((v) => v === 1).length;
      if (ones !== rows / 2 || rows - ones !== rows / 2) return fail(`column ${c + 1} has ${rows - ones} zeros and ${ones} ones; each column needs ${rows / 2} of each`, [colLoc(c, `${rows - ones}×0, ${ones}×1`)]);
    }
  }
  if (cols % 2 === 0) {
    for (const [r, row] of m.entries()) {
      const ones = row.filter((v) => v === 1).length;
      if (ones !== cols / 2) return fail(`row ${r + 1} has ${cols - ones} zeros and ${ones} ones; each row needs ${cols / 2} of each`, [rowLoc(r, `${cols - ones}×0, ${ones}×1`)]);
    }
  }
  const triple = findTriple(m);
  if (triple) return fail(triple.reason, triple.locations);
  const dupRow = firstDuplicate(m.map((row) => row.join('')));
  if (dupRow) return fail(`rows ${dupRow[0] + 1} and ${dupRow[1] + 1} are identical (${m[dupRow[0]]!.join(' ')})`, [rowLoc(dupRow[0]), rowLoc(dupRow[1])]);
  const dupCol = firstDuplicate(arrayOf(cols, (c) => column(m, c).join('')));
  if (dupCol) return fail(`columns ${dupCol[0] + 1} and ${dupCol[1] + 1} are identical`, [colLoc(dupCol[0]), colLoc(dupCol[1])]);
  return pass();
}

function findTriple(m: Matrix, all = false): { reason: string; locations: Location[] } | null {
  const found: Array<{ reason: string; locations: Location[] }> = [];
  for (const [r, row] of m.entries()) {
    for (let i = 0; i + 2 < row.length; i++) {
      if (row[i] === row[i + 1] && row[i] === row[i + 2]) {
        found.push({ reason: `row ${r + 1} has three ${row[i]}s in a row (columns ${i + 1}–${i + 3})`, locations: [cellLoc(r, i), cellLoc(r, i + 1), cellLoc(r, i + 2)] });
        if (!all) return found[0]!;
        break;
      }
    }
  }
  for (let c = 0; c < (m[0]?.length ?? 0); c++) {
    const col = column(m, c);
    for (let i = 0; i + 2 < col.length; i++) {
      if (col[i] === col[i + 1] && col[i] === col[i + 2]) {
        found.push({ reason: `column ${c + 1} has three ${col[i]}s in a row (rows ${i + 1}–${i + 3})`, locations: [cellLoc(i, c), cellLoc(i + 1, c), cellLoc(i + 2, c)] });
        if (!all) return found[0]!;
        break;
      }
    }
  }
  if (found.length === 0) return null;
  return { reason: found.map((f) => f.reason).join('; '), locations: flatMap(found, (f) => f.locations) };
}

function firstDuplicate(values: string[]): [number, number] | null {
  const seen = new Map<string, number>();
  for (const [i, v] of values.entries()) {
    const j = seen.get(v);
    if (j !== undefined) return [j, i];
    seen.set(v, i);
  }
  return null;
}

function referenceCheck(input: VerifyInput): Check {
  const read = extractBinairoReference(input.answer);
  if (read === null) return fail(`could not read a 0/1 grid from the answer: none of the reference's grid formats matches ${quote(input.answer)}`);
  const m = read.matrix;
  const size = `${m.length}×${m[0]!.length}`;
  if (input.initialState === null) return referenceRules(m);
  const givens = binairoGivens(input.initialState);
  if (typeof givens === 'string') return fail(`the puzzle cannot be read: ${givens}`);
  if (m.length !== givens.length) return fail(`the grid read from the answer (${read.how}) is ${size}, but the puzzle has ${givens.length} rows`, m.length > givens.length ? [rowLoc(givens.length, 'extra row')] : []);
  if (m.length === 0) return fail('the grid is empty');
  const width = givens[0]!.length;
  if (m[0]!.length !== width) return fail(`the grid read from the answer (${read.how}) is ${size}, but the puzzle has ${width} columns`);
  for (let i = 0; i < givens.length; i++) {
    for (let j = 0; j < width; j++) {
      const g = givens[i]![j];
      if (g === undefined) return fail(`the puzzle's row ${i + 1} is shorter than its first row (the reference fails reading it)`);
      if (g !== null && g !== m[i]![j]) return fail(`row ${i + 1}, column ${j + 1} is given as ${g} but the answer has ${m[i]![j]}`, [cellLoc(i, j, `given ${g}`)]);
    }
  }
  return referenceRules(m);
}

// ----------------------------------------------------------------------------------------------------
// Strict
// ----------------------------------------------------------------------------------------------------

type StrictRead = { ok: true; grid: number[][] } | { ok: false; reason: string };

/** One line as a grid row: its digits, when the line is a row of digits (with an optional label or prose around it). */
function rowOfLine(line0: string): number[] | null {
  let line = line0.trim().replace(/^(?:row\s*\d+\s*[:.)]|\d+\s*[:.)])\s*/i, '');
  line = line.replace(/^[[(|]+|[\])|,]+$/g, '').trim();
  if (/^\d(?:[ \t,|;]*\d)*$/.test(line)) return [...line.replace(/[^\d]/g, '')].map(Number);
  // Prose around a single run of digits: "The answer should be 0 1 1 0", "1 0 0 1 I think".
  const runs = line.match(/\d(?:[ \t,|;]*\d)*/g) ?? [];
  if (runs.length === 1 && runs[0].replace(/[^\d]/g, '').length >= 2) return [...runs[0].replace(/[^\d]/g, '')].map(Number);
  return null;
}

export function readBinairoStrict(answer: string): StrictRead {
  const text = dropFenceLines(answer.split(/\r?\n/)).join('\n').trim();
  if (text === '') return { ok: false, reason: 'could not read a grid from the answer: it is empty' };
  try {
    const v = parsePyLiteral(text);
    if (Array.isArray(v) && v.length > 0 && v.every((r) => Array.isArray(r))) {
      const grid: number[][] = [];
      for (const [r, row] of (v as PyValue[][]).entries()) {
        grid.push(row.map((cell, c) => {
          if (typeof cell !== 'number' || !Number.isInteger(cell)) throw new Error(`row ${r + 1}, column ${c + 1} holds ${typeof cell === 'string' ? JSON.stringify(cell) : 'a value that is not an integer'}`);
          return cell;
        }));
      }
      return { ok: true, grid };
    }
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('row ')) return { ok: false, reason: `the grid's ${e.message}, not 0 or 1` };
  }
  // Blocks of consecutive grid lines (blank lines ignored, any other line ends a block); the last block is the answer.
  const blocks: number[][][] = [];
  let current: number[][] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const row = rowOfLine(line);
    if (row) current.push(row);
    else {
      if (current.length > 0) blocks.push(current);
      current = [];
    }
  }
  if (current.length > 0) blocks.push(current);
  const best = [...blocks].reverse().find((b) => b.length >= 2) ?? blocks[blocks.length - 1];
  if (!best) return { ok: false, reason: `could not read a grid from the answer: no line of 0/1 digits in ${quote(text)}` };
  return { ok: true, grid: best };
}

function strictCheck(input: VerifyInput): Check {
  const read = readBinairoStrict(input.answer);
  if (!read.ok) return parseError(read.reason);
  const grid = read.grid;
  const givens = input.initialState === null ? null : binairoGivens(input.initialState);
  const puzzle = givens !== null && typeof givens !== 'string' && givens.length > 0 ? givens : null;
  const truthRows = input.groundTruth.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const rows = puzzle ? puzzle.length : truthRows.length > 0 ? truthRows.length : grid.length;
  const cols = puzzle ? puzzle[0]!.length : truthRows.length > 0 ? truthRows[0]!.split(/\s+/).length : grid[0]!.length;
  if (grid.length !== rows) return fail(`the answer has ${plural(grid.length, 'row')}; the puzzle is ${rows}×${cols}`, grid.length > rows ? [rowLoc(rows, 'extra row')] : [rowLoc(grid.length - 1, 'rows missing below')]);
  for (const [r, row] of grid.entries()) {
    if (row.length !== cols) return fail(`row ${r + 1} has ${plural(row.length, 'cell')}; the puzzle has ${cols} columns`, [rowLoc(r, `${row.length} cells`)]);
  }
  for (const [r, row] of grid.entries()) {
    for (const [c, v] of row.entries()) {
      if (v !== 0 && v !== 1) return fail(`row ${r + 1}, column ${c + 1} holds ${v}; cells must be 0 or 1`, [cellLoc(r, c, String(v))]);
    }
  }
  const reasons: string[] = [];
  const locs: Location[] = [];
  if (puzzle) {
    for (const [r, prow] of puzzle.entries()) {
      for (const [c, g] of prow.entries()) {
        if (g !== null && grid[r]?.[c] !== g) {
          reasons.push(`row ${r + 1}, column ${c + 1} is given as ${g} but the answer has ${grid[r]?.[c] ?? 'nothing'}`);
          locs.push(cellLoc(r, c, `given ${g}`));
        }
      }
    }
  }
  const balanced = (line: number[]) => {
    const ones = line.filter((v) => v === 1).length;
    return line.length % 2 === 0 ? ones === line.length / 2 : Math.abs(line.length - 2 * ones) <= 1;
  };
  for (const [r, row] of grid.entries()) {
    if (!balanced(row)) {
      const ones = row.filter((v) => v === 1).length;
      reasons.push(`row ${r + 1} has ${row.length - ones} zeros and ${ones} ones`);
      locs.push(rowLoc(r, `${row.length - ones}×0, ${ones}×1`));
    }
  }
  for (let c = 0; c < cols; c++) {
    const col = column(grid, c);
    if (!balanced(col)) {
      const ones = col.filter((v) => v === 1).length;
      reasons.push(`column ${c + 1} has ${col.length - ones} zeros and ${ones} ones`);
      locs.push(colLoc(c, `${col.length - ones}×0, ${ones}×1`));
    }
  }
  const triples = findTriple(grid, true);
  if (triples) {
    reasons.push(triples.reason);
    locs.push(...triples.locations);
  }
  const dupRow = firstDuplicate(grid.map((row) => row.join('')));
  if (dupRow) {
    reasons.push(`rows ${dupRow[0] + 1} and ${dupRow[1] + 1} are identical`);
    locs.push(rowLoc(dupRow[0]), rowLoc(dupRow[1]));
  }
  const dupCol = firstDuplicate(arrayOf(cols, (c) => column(grid, c).join('')));
  if (dupCol) {
    reasons.push(`columns ${dupCol[0] + 1} and ${dupCol[1] + 1} are identical`);
    locs.push(colLoc(dupCol[0]), colLoc(dupCol[1]));
  }
  if (reasons.length > 0) return fail(reasons.length === 1 ? reasons[0]! : `${reasons[0]!} (and ${reasons.length - 1} more: ${reasons.slice(1, 4).join('; ')}${reasons.length > 4 ? '; …' : ''})`, locs);
  return pass();
}

export const binairoVerifier: TaskVerifier = {
  scoreFunction: 'binairo_evaluator',
  categories: ['binairo'],
  reference: referenceCheck,
  strict: strictCheck,
};
