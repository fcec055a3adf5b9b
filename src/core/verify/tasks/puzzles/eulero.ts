/**
 * eulero — `eulero_evaluator` (verifiers.md §6.5): a Graeco-Latin square of letter+number pairs.
 *
 * Reference: answer lines (blank lines dropped, each stripped) are split on `|` (spaces around it
 * allowed) or, on lines without `|`, the `L#` pairs are picked out of the line; any cell that is not a
 * pair, or any non-empty line without a pair, makes the answer unreadable; all rows must have the same
 * length. n = number of rows. Then: letters among the first n, numbers "1".."n" (no leading zeros);
 * letters distinct per row, then per column (rows shorter than n make the column check raise); numbers
 * likewise; all pairs distinct; the givens of the initial grid (coerced to n×n) kept.
 *
 * Strict: the same rules on a grid of exactly the puzzle's size (no coercion of the initial grid), read
 * with a tolerant reader (code fences and a leading/trailing `|` ignored, cells may be separated by
 * spaces or commas); an empty or malformed cell is reported by position. Reasons say "row r, column c"
 * (1-based); locations are 0-based cells.
 */
import { crash, fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { cellLoc, dropFenceLines, findAll0, isPlainObject, plural, pySplitLines, pyStrip, quote, rowLoc } from './common';
import { arrayOf, flatMap } from '../../collections';

type Grid = string[][];
type Givens = Array<Array<string | null>>;
type GridRead = { ok: true; grid: Grid } | { ok: false; reason: string };

const PAIR = /^[A-Za-z]\d+$/;

/** The reference's `_parse_grid`. */
export function parseEuleroReference(s: string): GridRead {
  if (s === '') return { ok: false, reason: 'the answer is empty' };
  const lines = s
    .split(/\r?\n/)
    .filter((l) => pyStrip(l) !== '')
    .map(pyStrip);
  if (lines.length === 0) return { ok: false, reason: 'the answer has no non-blank line' };
  const rows: Grid = [];
  for (const [i, raw] of lines.entries()) {
    const cells = raw.includes('|') ? raw.split(/\s*\|\s*/).map(pyStrip) : findAll0(/[A-Za-z]\d+/g, raw);
    if (cells.length === 0) return { ok: false, reason: `line ${i + 1} (${quote(raw)}) holds no letter-number pair` };
    const parsed: string[] = [];
    for (const [j, cell] of cells.entries()) {
      if (!PAIR.test(cell)) {
        return { ok: false, reason: `line ${i + 1}, cell ${j + 1} (${quote(cell, 30)}) is not a letter-number pair${cell === '' ? ' (a leading, trailing or doubled "|" makes an empty cell)' : ''}` };
      }
      parsed.push(cell[0]!.toUpperCase() + cell.slice(1));
    }
    rows.push(parsed);
  }
  const width = rows[0]!.length;
  const bad = rows.findIndex((r) => r.length !== width);
  if (bad >= 0) return { ok: false, reason: `row ${bad + 1} has ${rows[bad]!.length} cells but row 1 has ${width}` };
  return { ok: true, grid: rows };
}

function normalizeGivenList(grid: unknown[][]): Givens {
  return grid.map((row) =>
    row.map((cell) => {
      if (typeof cell !== 'string') return null;
      const t = pyStrip(cell);
      return PAIR.test(t) ? t[0]!.toUpperCase() + t.slice(1) : null;
    }),
  );
}

/** The reference's `_parse_initial_state`: the givens (null = blank), or [] when it cannot be read. */
export function parseEuleroInitial(state: unknown): Givens {
  if (Array.isArray(state) && state.every((r) => Array.isArray(r))) return normalizeGivenList(state as unknown[][]);
  if (typeof state === 'string') {
    const s = state.replace(/^[\n\r]+|[\n\r]+$/g, '');
    const lines = pySplitLines(s).map(pyStrip);
    if (lines.some((l) => l.includes('|'))) {
      return lines.map((ln) =>
        pyStrip(ln)
          .split(/\s*\|\s*/)
          .map((cell) => {
            const t = pyStrip(cell);
            return PAIR.test(t) ? t[0]!.toUpperCase() + t.slice(1) : null;
          }),
      );
    }
    let data: unknown;
    let parsed = true;
    try {
      data = JSON.parse(s);
    } catch {
      parsed = false;
    }
    if (parsed) return parseEuleroInitial(data);
    const g = parseEuleroReference(s);
    if (g.ok) return g.grid;
  }
  return [];
}

function coerce(grid: Givens, n: number): Givens {
  let g = grid;
  if (g.length < n) {
    const width = g.length > 0 ? Math.max(...g.map((r) => r.length)) : n;
    g = [...g, ...arrayOf(n - g.length, () => Array<string | null>(width).fill(null))];
  } else if (g.length > n) g = g.slice(0, n);
  return g.map((r) => (r.length < n ? [...r, ...Array<string | null>(n - r.length).fill(null)] : r.length > n ? r.slice(0, n) : r));
}

const letterName = (i: number) => String.fromCharCode(65 + i);

function referenceCheck(input: VerifyInput): Check {
  const read = parseEuleroReference(input.answer);
  if (!read.ok) return fail(`could not read a grid from the answer: ${read.reason}`);
  const grid = read.grid;
  const n = grid.length;
  let givens = parseEuleroInitial(input.initialState);
  givens = givens.length === 0 ? arrayOf(n, () => Array<string | null>(n).fill(null)) : coerce(givens, n);

  const letters = new Set(arrayOf(n, (i) => letterName(i)));
  const numbers = new Set(arrayOf(n, (i) => String(i + 1)));
  for (const [r, row] of grid.entries()) {
    for (const [c, cell] of row.entries()) {
      if (!letters.has(cell[0]!) || !numbers.has(cell.slice(1))) {
        return fail(`row ${r + 1}, column ${c + 1} holds ${cell}: a ${n}×${n} grid uses the letters A–${letterName(n - 1)} and the numbers 1–${n}`, [cellLoc(r, c, `${cell} is out of range`)]);
      }
    }
  }
  for (const [part, pick] of [
    ['letter', (cell: string) => cell[0]!],
    ['number', (cell: string) => cell.slice(1)],
  ] as const) {
    for (const [r, row] of grid.entries()) {
      const dup = firstDuplicate(row.map(pick));
      if (dup) return fail(`row ${r + 1} has the ${part} ${dup.value} twice (columns ${dup.first + 1} and ${dup.second + 1})`, [cellLoc(r, dup.first), cellLoc(r, dup.second)]);
    }
    for (let c = 0; c < n; c++) {
      const col: string[] = [];
      for (let r = 0; r < n; r++) {
        const cell = grid[r]![c];
        if (cell === undefined) {
          return crash(`the rows have ${grid[0]!.length} cells but there are ${n} rows: the column check reads column ${c + 1}, which does not exist (IndexError)`);
        }
        col.push(pick(cell));
      }
      const dup = firstDuplicate(col);
      if (dup) return fail(`column ${c + 1} has the ${part} ${dup.value} twice (rows ${dup.first + 1} and ${dup.second + 1})`, [cellLoc(dup.first, c), cellLoc(dup.second, c)]);
    }
  }
  const flat = flatMap(grid, (row, r) => row.map((cell, c) => ({ cell, r, c })));
  const seen = new Map<string, { r: number; c: number }>();
  for (const { cell, r, c } of flat) {
    const prev = seen.get(cell);
    if (prev) return fail(`the pair ${cell} appears twice (row ${prev.r + 1}, column ${prev.c + 1} and row ${r + 1}, column ${c + 1})`, [cellLoc(prev.r, prev.c), cellLoc(r, c)]);
    seen.set(cell, { r, c });
  }
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const g = givens[r]![c];
      if (g !== null && g !== undefined && g !== '' && grid[r]![c] !== g) {
        return fail(`row ${r + 1}, column ${c + 1} is given as ${g} but the answer has ${grid[r]![c]}`, [cellLoc(r, c, `given ${g}`)]);
      }
    }
  }
  return pass();
}

function firstDuplicate(values: string[]): { value: string; first: number; second: number } | null {
  const seen = new Map<string, number>();
  for (const [i, v] of values.entries()) {
    const j = seen.get(v);
    if (j !== undefined) return { value: v, first: j, second: i };
    seen.set(v, i);
  }
  return null;
}

// ----------------------------------------------------------------------------------------------------
// Strict
// ----------------------------------------------------------------------------------------------------

type StrictRead = { ok: true; grid: Grid } | { ok: false; kind: 'parse' | 'rule'; reason: string; locations?: Location[] };

/** Strict reader: fences and blank lines dropped, surrounding `|` tolerated, cells split on `|`, spaces or commas. */
export function readEuleroStrict(answer: string): StrictRead {
  const lines = dropFenceLines(answer.split(/\r?\n/)).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return { ok: false, kind: 'parse', reason: 'could not read a grid from the answer: it is empty' };
  const grid: Grid = [];
  for (const [i, line] of lines.entries()) {
    if (!/[A-Za-z]\d/.test(line)) return { ok: false, kind: 'parse', reason: `could not read a grid from the answer: line ${i + 1} (${quote(line)}) is not a row of letter-number pairs` };
    const body = line.replace(/^\|/, '').replace(/\|$/, '');
    const cells = body.includes('|') ? body.split('|').map((c) => c.trim()) : body.split(/[\s,;]+/).filter((c) => c !== '');
    const row: string[] = [];
    for (const [j, cell] of cells.entries()) {
      if (!PAIR.test(cell)) {
        return { ok: false, kind: 'rule', reason: `row ${i + 1}, column ${j + 1} ${cell === '' ? 'is empty' : `holds ${quote(cell, 20)}, not a letter-number pair`}`, locations: [cellLoc(i, j, 'not a pair')] };
      }
      row.push(cell[0]!.toUpperCase() + cell.slice(1));
    }
    grid.push(row);
  }
  return { ok: true, grid };
}

function strictCheck(input: VerifyInput): Check {
  const read = readEuleroStrict(input.answer);
  if (!read.ok) return read.kind === 'parse' ? parseError(read.reason) : fail(read.reason, read.locations);
  const grid = read.grid;
  const givens = isPlainObject(input.initialState) ? [] : parseEuleroInitial(input.initialState);
  const size = givens.length > 0 ? givens.length : grid.length;
  const n = size;
  if (grid.length !== n) return fail(`the answer has ${plural(grid.length, 'row')}; the puzzle is ${n}×${n}`, grid.length > n ? [rowLoc(n, 'extra row')] : [rowLoc(grid.length - 1, 'rows missing below')]);
  for (const [r, row] of grid.entries()) {
    if (row.length !== n) return fail(`row ${r + 1} has ${plural(row.length, 'cell')}; the puzzle is ${n}×${n}`, [rowLoc(r, `${row.length} cells`)]);
  }
  const violations: Location[] = [];
  const reasons: string[] = [];
  const add = (reason: string, locs: Location[]) => {
    reasons.push(reason);
    violations.push(...locs);
  };
  for (const [r, row] of grid.entries()) {
    for (const [c, cell] of row.entries()) {
      const li = cell.charCodeAt(0) - 65;
      const num = cell.slice(1);
      if (li < 0 || li >= n) add(`row ${r + 1}, column ${c + 1} uses the letter ${cell[0]} (allowed: A–${letterName(n - 1)})`, [cellLoc(r, c, 'letter out of range')]);
      if (!/^[1-9]\d*$/.test(num) || Number(num) > n) add(`row ${r + 1}, column ${c + 1} uses the number ${num} (allowed: 1–${n})`, [cellLoc(r, c, 'number out of range')]);
    }
  }
  for (const [part, pick] of [
    ['letter', (cell: string) => cell[0]!],
    ['number', (cell: string) => String(Number(cell.slice(1)))],
  ] as const) {
    for (const [r, row] of grid.entries()) {
      const dup = firstDuplicate(row.map(pick));
      if (dup) add(`row ${r + 1} has the ${part} ${dup.value} twice (columns ${dup.first + 1} and ${dup.second + 1})`, [cellLoc(r, dup.first), cellLoc(r, dup.second)]);
    }
    for (let c = 0; c < n; c++) {
      const dup = firstDuplicate(grid.map((row) => pick(row[c]!)));
      if (dup) add(`column ${c + 1} has the ${part} ${dup.value} twice (rows ${dup.first + 1} and ${dup.second + 1})`, [cellLoc(dup.first, c), cellLoc(dup.second, c)]);
    }
  }
  const seen = new Map<string, [number, number]>();
  for (const [r, row] of grid.entries()) {
    for (const [c, cell] of row.entries()) {
      const key = cell[0]! + String(Number(cell.slice(1)));
      const prev = seen.get(key);
      if (prev) add(`the pair ${cell} appears twice (row ${prev[0] + 1}, column ${prev[1] + 1} and row ${r + 1}, column ${c + 1})`, [cellLoc(prev[0], prev[1]), cellLoc(r, c)]);
      else seen.set(key, [r, c]);
    }
  }
  for (const [r, grow] of givens.entries()) {
    for (const [c, g] of grow.entries()) {
      if (g !== null && r < n && c < n && grid[r]![c] !== g) add(`row ${r + 1}, column ${c + 1} is given as ${g} but the answer has ${grid[r]![c]}`, [cellLoc(r, c, `given ${g}`)]);
    }
  }
  if (reasons.length > 0) return fail(reasons.length === 1 ? reasons[0]! : `${reasons[0]!} (and ${reasons.length - 1} more violation${reasons.length > 2 ? 's' : ''}: ${reasons.slice(1, 4).join('; ')}${reasons.length > 4 ? '; …' : ''})`, violations);
  return pass();
}

export const euleroVerifier: TaskVerifier = {
  scoreFunction: 'eulero_evaluator',
  categories: ['eulero'],
  reference: referenceCheck,
  strict: strictCheck,
};
