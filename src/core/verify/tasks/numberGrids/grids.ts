/**
 * Shared pieces of the number-grid verifiers: a problem collector that turns violations into a located
 * Check, the strict reader of an integer grid from an answer (usable by any grid-shaped task), Latin-square
 * checks with "row 3 has two 5s" reasons, and reference-style descriptions of why a row is not {1..n}.
 *
 * Wording: rows and columns are 1-based in reasons ("row 3", "column 2"); `locations` are 0-based.
 */
import { PyFloat, PyTuple, type PyValue } from '../../../pyliteral';
import { fail, parseError, pass, type Check, type Location } from '../../types';
import { flatMap, pushTo } from '../../collections';
import { literalEval } from './pyCompat';

// ---------------------------------------------------------------------------------------------------------
// Problems -> Check

export interface Problem {
  reason: string;
  locations: Location[];
}

/** Collects rule violations; the Check names the first few and carries every location. */
export class Problems {
  readonly items: Problem[] = [];

  add(reason: string, locations: Location[] = []): void {
    this.items.push({ reason, locations });
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  toCheck(passReason?: string): Check {
    if (this.items.length === 0) return pass(passReason);
    return fail(summarize(this.items), flatMap(this.items, (p) => p.locations));
  }
}

export function summarize(items: readonly Problem[], max = 3): string {
  const shown = items.slice(0, max).map((p) => p.reason);
  const more = items.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '');
}

export function cellLoc(row: number, col: number, label?: string): Location {
  return label === undefined ? { kind: 'cell', row, col } : { kind: 'cell', row, col, label };
}
export function rowLoc(row: number, label?: string): Location {
  return label === undefined ? { kind: 'row', row } : { kind: 'row', row, label };
}
export function colLoc(col: number, label?: string): Location {
  return label === undefined ? { kind: 'col', col } : { kind: 'col', col, label };
}

const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
export function countWord(n: number): string {
  return COUNT_WORDS[n] ?? String(n);
}
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A short, bounded rendering of a value for reasons. */
export function show(v: unknown, max = 40): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (v instanceof PyFloat) s = Number.isInteger(v.value) ? `${v.value}.0` : String(v.value);
  else if (v instanceof PyTuple) s = `(${v.items.map((x) => show(x, max)).join(', ')})`;
  else if (Array.isArray(v)) s = `[${v.map((x) => show(x, max)).join(', ')}]`;
  else if (v === null || v === undefined) s = 'None';
  else if (typeof v === 'boolean') s = v ? 'True' : 'False';
  else if (typeof v === 'number') s = String(v);
  else s = JSON.stringify(v) ?? Object.prototype.toString.call(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function snippet(s: string, max = 40): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return JSON.stringify(t.length > max ? `${t.slice(0, max - 1)}…` : t);
}

// ---------------------------------------------------------------------------------------------------------
// Latin-square checks

/**
 * Duplicates and out-of-range values of the rows and columns of an n×n grid (values must be 1..n), e.g.
 * "row 3 has two 5s (columns 2 and 4)". The grid must already be n×n.
 */
export function latinProblems(grid: readonly (readonly number[])[], n: number, problems: Problems, opts: { range?: boolean; ignore?: number } = {}): void {
  if (opts.range !== false) {
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const v = grid[r]![c]!;
        if (!Number.isInteger(v) || v < 1 || v > n) problems.add(`row ${r + 1}, column ${c + 1} holds ${v}, outside 1..${n}`, [cellLoc(r, c, `${v} is outside 1..${n}`)]);
      }
    }
  }
  for (let r = 0; r < n; r++) {
    for (const [v, cols] of duplicates(grid[r]!)) {
      if (v === opts.ignore) continue;
      const label = `row ${r + 1} has ${countWord(cols.length)} ${v}s`;
      problems.add(`${label} (columns ${cols.map((c) => c + 1).join(' and ')})`, cols.map((c) => cellLoc(r, c, label)));
    }
  }
  for (let c = 0; c < n; c++) {
    const column = grid.map((row) => row[c]!);
    for (const [v, rows] of duplicates(column)) {
      if (v === opts.ignore) continue;
      const label = `column ${c + 1} has ${countWord(rows.length)} ${v}s`;
      problems.add(`${label} (rows ${rows.map((r) => r + 1).join(' and ')})`, rows.map((r) => cellLoc(r, c, label)));
    }
  }
}

/** value -> indexes where it occurs, for values occurring more than once (in first-occurrence order). */
export function duplicates(values: readonly number[]): Array<[number, number[]]> {
  // Short lists (grid rows) usually hold no repeat: check pairwise (SameValueZero, as Map keys compare) first.
  if (values.length <= 16) {
    let repeated = false;
    for (let i = 1; i < values.length && !repeated; i++) {
      const v = values[i]!;
      for (let j = 0; j < i; j++) {
        const w = values[j]!;
        if (v === w || (v !== v && w !== w)) {
          repeated = true;
          break;
        }
      }
    }
    if (!repeated) return [];
  }
  const at = new Map<number, number[]>();
  for (let i = 0; i < values.length; i++) pushTo(at, values[i]!, i);
  return [...at.entries()].filter(([, idx]) => idx.length > 1);
}

/** Why a list of numbers is not exactly the set {1..n} (reference wording): "has two 3s, lacks 2". */
export function whyNotOneToN(values: readonly unknown[], n: number): string {
  const parts: string[] = [];
  const nums = values.filter((v): v is number => typeof v === 'number');
  const out = [...new Set(nums.filter((v) => !Number.isInteger(v) || v < 1 || v > n))];
  if (out.length > 0) parts.push(`holds ${out.join(', ')} (outside 1..${n})`);
  for (const [v, idx] of duplicates(nums)) if (v >= 1 && v <= n) parts.push(`has ${countWord(idx.length)} ${v}s`);
  const present = new Set(nums);
  const missing: number[] = [];
  for (let v = 1; v <= n; v++) if (!present.has(v)) missing.push(v);
  if (missing.length > 0) parts.push(`lacks ${missing.join(', ')}`);
  return parts.length > 0 ? parts.join(', ') : `is not {1..${n}}`;
}

/** Shape problems of a grid expected to be rows×cols (no silently cropped or missing rows/columns). */
export function shapeProblems(grid: readonly (readonly unknown[])[], rows: number, cols: number, problems: Problems, what = 'grid'): boolean {
  let ok = true;
  if (grid.length !== rows) {
    ok = false;
    const extra = grid.length > rows ? `: row${grid.length - rows > 1 ? 's' : ''} ${range(rows, grid.length).map((r) => r + 1).join(', ')} ${grid.length - rows > 1 ? 'are' : 'is'} extra` : '';
    problems.add(`the ${what} has ${plural(grid.length, 'row')}, the puzzle has ${rows}${extra}`, range(rows, grid.length).map((r) => rowLoc(r, 'extra row')));
  }
  grid.forEach((row, r) => {
    if (row.length !== cols) {
      ok = false;
      problems.add(`row ${r + 1} has ${plural(row.length, 'entry').replace('entrys', 'entries')}, the puzzle has ${cols} columns`, [rowLoc(r, `${row.length} entries, expected ${cols}`)]);
    }
  });
  return ok;
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i < b; i++) out.push(i);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Strict grid reading

export type GridRead =
  | { ok: true; grid: number[][]; how: string; /** Stray material beside the grid: rule problems to report with the grid's own. */ problems: Problem[] }
  | { ok: false; status: 'error' | 'fail'; reason: string; locations?: Location[] };

export interface GridReadOptions {
  /** Expected size when known (square n×n); enables reading a flat list of n² numbers. */
  n?: number | undefined;
  /** What the puzzle calls a cell value, for messages ("number", "digit", "0/1 value"). */
  what?: string;
  /**
   * Also read runs of single digits without separators ("534678912" rows, an 81-digit string, ["321", ...]).
   * Default: on when the size is known and at most 9 (every value is one digit).
   */
  digitRuns?: boolean;
}

interface Candidate {
  grid: number[][];
  how: string;
  start: number;
  end: number;
  fromList: boolean;
}

/**
 * Read one integer grid from an answer, strictly: a 2-D list literal (rows may be tuples), one row per
 * line (numbers separated consistently by spaces, commas, `;` or `|`, optionally bracketed, optionally
 * "Row 3:"-prefixed), or — when the size is known — n² numbers in a row. Several different grids, a grid
 * followed by stray list items, a truncated or malformed list, or rows holding something other than
 * integers are reported instead of being silently repaired.
 */
export function readIntGrid(answer: string, options: GridReadOptions = {}): GridRead {
  const opts: GridReadOptions = { ...options, digitRuns: options.digitRuns ?? (options.n !== undefined && options.n <= 9) };
  // Unicode spaces (a no-break space inside a list) read as plain spaces; offsets are unchanged.
  const text = answer.replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ');
  const n = opts.n;
  const good: Candidate[] = [];
  const bad: string[] = [];
  let unclosed: number | null = null;

  // 1. Top-level [...] regions, then (...) regions outside them (a tuple of rows).
  const { regions, openAt } = topLevelRegions(text, '[', ']');
  if (openAt !== null && /\d/.test(text.slice(openAt))) unclosed = openAt;
  const parenRegions = topLevelRegions(text, '(', ')').regions.filter(([a, b]) => !regions.some(([c, d]) => a < d && b > c));

  /** Regions consumed here (as a grid or as a malformed grid); the others stay visible to the line reader. */
  const consumed: Array<[number, number]> = [];
  const consider = (a: number, b: number, paren: boolean): void => {
    const src = text.slice(a, b);
    const v = literalEval(src);
    if (v === undefined) {
      if (paren) return;
      const numpy = numpyRows(src);
      if (numpy) {
        consumed.push([a, b]);
        good.push({ grid: numpy, how: 'a 2-D list without commas', start: a, end: b, fromList: true });
      } else if ((src.match(/[[(]/g) ?? []).length >= 2 || /\d\s*,|,\s*\d/.test(src)) {
        bad.push(`the list ${snippet(src)} is not a valid list literal`);
        consumed.push([a, b]);
      }
      return;
    }
    const items = Array.isArray(v) ? v : paren && v instanceof PyTuple ? v.items : null;
    if (!items) return;
    const isRow = (x: PyValue): boolean => Array.isArray(x) || x instanceof PyTuple || (opts.digitRuns === true && typeof x === 'string' && /^\d+$/.test(x));
    const rowsLike = items.filter(isRow);
    if (rowsLike.length === items.length && items.length > 0) {
      consumed.push([a, b]);
      const rows: number[][] = [];
      let problem: string | null = null;
      items.forEach((row, r) => {
        if (problem !== null) return;
        const cells: PyValue[] = typeof row === 'string' ? [...row] : Array.isArray(row) ? row : (row as PyTuple).items;
        const out: number[] = [];
        cells.forEach((x, k) => {
          if (problem !== null) return;
          const num = cellNumber(x);
          if (num !== null) out.push(num);
          else problem = `row ${r + 1}, item ${k + 1} of the list is ${show(x)}, not an integer`;
        });
        rows.push(out);
      });
      if (problem !== null) bad.push(problem);
      else good.push({ grid: rows, how: paren ? 'a tuple of rows' : 'a 2-D list', start: a, end: b, fromList: true });
    } else if (rowsLike.length > 0 && !paren) {
      consumed.push([a, b]);
      const k = items.findIndex((x) => !isRow(x));
      bad.push(`item ${k + 1} of the list ${snippet(src)} is ${show(items[k])}, not a row`);
    } else if (!paren && n !== undefined && n > 1 && items.length === n * n && items.every((x) => cellNumber(x) !== null)) {
      consumed.push([a, b]);
      good.push({ grid: chunk(items.map((x) => cellNumber(x)!), n), how: `a flat list of ${n * n} numbers read row by row`, start: a, end: b, fromList: true });
    }
  };
  for (const [a, b] of regions) consider(a, b, false);
  for (const [a, b] of parenRegions) consider(a, b, true);

  // 2. One row per line (outside the lists consumed above).
  let masked = text;
  for (const [a, b] of consumed) masked = masked.slice(0, a) + masked.slice(a, b).replace(/[^\n]/g, ' ') + masked.slice(b);
  if (unclosed !== null) masked = masked.slice(0, unclosed) + masked.slice(unclosed).replace(/[^\n]/g, ' ');
  const lines = masked.split('\n');
  let offset = 0;
  let run: Array<{ row: number[]; start: number; end: number }> = [];
  const flush = (): void => {
    if (run.length >= 2) {
      good.push({ grid: run.map((x) => x.row), how: 'one row per line', start: run[0]!.start, end: run[run.length - 1]!.end, fromList: false });
    } else if (run.length === 1 && n !== undefined && n > 1 && run[0]!.row.length === n * n) {
      good.push({ grid: chunk(run[0]!.row, n), how: `${n * n} numbers read row by row`, start: run[0]!.start, end: run[0]!.end, fromList: false });
    }
    run = [];
  };
  lines.forEach((line, k) => {
    const r = lineRow(line, opts);
    if (r && 'row' in r) run.push({ row: r.row, start: offset, end: offset + line.length });
    else {
      if (r) bad.push(`line ${k + 1} ${snippet(line, 30)} ${r.bad}`);
      flush();
    }
    offset += line.length + 1;
  });
  flush();

  // 3. Numbers in running text (no brackets at all, no row lines): exactly n² of them.
  if (good.length === 0 && bad.length === 0 && unclosed === null && n !== undefined && n > 1 && !/[[\]{}]|\([^)]*\d/.test(text)) {
    const nums = [...text.matchAll(NUMBER_IN_TEXT)];
    if (nums.length === n * n) {
      const last = nums[nums.length - 1]!;
      good.push({ grid: chunk(nums.map((m) => Number(m[0])), n), how: `the ${n * n} numbers of the text read row by row`, start: nums[0]!.index, end: last.index + last[0].length, fromList: false });
    } else if (opts.digitRuns === true) {
      const runs = [...text.matchAll(/\d+/g)];
      if (runs.length === 1 && runs[0]![0].length === n * n) {
        const m = runs[0]!;
        good.push({ grid: chunk([...m[0]].map(Number), n), how: `${n * n} digits without separators read row by row`, start: m.index, end: m.index + m[0].length, fromList: false });
      }
    }
  }

  const distinct = new Map<string, Candidate>();
  if (good.length === 1) distinct.set('', good[0]!);
  else {
    for (const c of good) {
      const k = JSON.stringify(c.grid);
      if (!distinct.has(k)) distinct.set(k, c);
    }
  }
  const what = opts.what ?? 'grid';
  if (distinct.size > 1) {
    return { ok: false, status: 'fail', reason: `the answer holds ${distinct.size} different ${what}s; which one is the answer is ambiguous` };
  }
  const only = [...distinct.values()][0];
  if (!only) {
    if (bad.length > 0) return { ok: false, status: 'error', reason: `could not read a ${what} from the answer: ${bad[0]!}` };
    if (unclosed !== null) return { ok: false, status: 'error', reason: `could not read a ${what} from the answer: the list starting ${snippet(text.slice(unclosed), 30)} is never closed (truncated?)` };
    if (n !== undefined && n > 1) {
      const counts = countNumbers(text, opts);
      if (counts > 0) return { ok: false, status: 'fail', reason: `the answer holds ${plural(counts, 'number')} in a row, a ${n}×${n} ${what} needs ${n * n}` };
    }
    return { ok: false, status: 'error', reason: `could not read a ${what} from the answer: no list of rows or lines of numbers found` };
  }
  // Stray material glued to the grid: extra items after it, or the grid nested in a larger list.
  const problems: Problem[] = [];
  const after = text.slice(only.end);
  const before = text.slice(0, only.start);
  if (only.fromList && /^\s*(?:,\s*[-\d[(]|[\])])/.test(after)) {
    problems.push({ reason: `the ${what} is followed by extra list items ${snippet(after, 24)} that are not part of any row`, locations: [] });
  }
  if (only.fromList && /(?:[\d\])]\s*,|[[(])\s*$/.test(before)) {
    problems.push({ reason: `the ${what} is part of a larger list (${snippet(before.slice(-24), 24)} comes before it)`, locations: [] });
  }
  if (unclosed !== null) problems.push({ reason: `the answer also holds an unclosed list ${snippet(text.slice(unclosed), 30)} (truncated?)`, locations: [] });
  if (bad.length > 0) problems.push({ reason: `besides the ${what}, ${bad[0]!}`, locations: [] });
  return { ok: true, grid: only.grid, how: only.how, problems };
}

const NUMBER_IN_TEXT = /(?<![\w.])-?\d+(?!\w|\.\d)/g;

/** Spans of the top-level `open`...`close` groups (unmatched closers ignored) and where a group is left open. */
function topLevelRegions(text: string, open: string, close: string): { regions: Array<[number, number]>; openAt: number | null } {
  const regions: Array<[number, number]> = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === open) {
      if (depth === 0) start = i;
      depth++;
    } else if (c === close && depth > 0) {
      depth--;
      if (depth === 0) regions.push([start, i + 1]);
    }
  }
  return { regions, openAt: depth > 0 ? start : null };
}

/** A cell of a literal grid as an integer: ints, integral floats (3.0) and digit strings ("3"); null otherwise. */
function cellNumber(x: PyValue): number | null {
  if (typeof x === 'number' && Number.isInteger(x)) return x;
  if (x instanceof PyFloat && Number.isInteger(x.value)) return x.value;
  if (typeof x === 'string' && /^\s*-?\d+\s*$/.test(x)) return Number(x);
  return null;
}

/** `[[3 2 1], [2 1 3]]` or numpy's `[[3 2 1]\n [2 1 3]]`: rows of space-separated integers. */
function numpyRows(src: string): number[][] | null {
  if (!/^\[\s*(?:\[\s*-?\d+(?:\s+-?\d+)*\s*\]\s*,?\s*)+\]$/.test(src)) return null;
  return [...src.slice(1, -1).matchAll(/\[([^[\]]*)\]/g)].map((m) => [...m[1]!.matchAll(/-?\d+/g)].map((x) => Number(x[0])));
}

/** The size of the longest line of numbers (or of all numbers of a text without brackets), when no grid was read. */
function countNumbers(text: string, opts: GridReadOptions): number {
  let best = 0;
  for (const line of text.split('\n')) {
    const r = lineRow(line, opts);
    if (r && 'row' in r) best = Math.max(best, r.row.length);
  }
  if (best === 0 && !/[[\]{}]|\([^)]*\d/.test(text)) best = [...text.matchAll(NUMBER_IN_TEXT)].length;
  return best >= 2 ? best : 0;
}

const HAS_DIGIT = /\d/;
const ROW_PREFIX = /^\s*(?:row\s*\d+\s*[:.)=-]\s*|[A-Za-z][A-Za-z ]{0,30}:\s*)?/i;
const INT = String.raw`-?\d+`;
const COMMA_ROW = new RegExp(String.raw`^\s*${INT}(?:\s*,\s*${INT})*\s*,?\s*$`);
const SPACE_ROW = new RegExp(String.raw`^\s*${INT}(?:\s+${INT})*\s*$`);
const PIPE_ROW = new RegExp(String.raw`^\s*\|?\s*${INT}(?:\s*\|\s*${INT})*\s*\|?\s*$`);
const SEMI_ROW = new RegExp(String.raw`^\s*${INT}(?:\s*;\s*${INT})*\s*;?\s*$`);

/**
 * One line as a row of integers: consistently separated (all commas, all spaces, all `|` or all `;`),
 * optionally inside one pair of brackets/parentheses and followed by a comma. A line that looks like a
 * row but mixes separators (`[4, 5, 3 2]`) or holds other tokens is reported; prose lines are ignored.
 */
function lineRow(line: string, opts: GridReadOptions): { row: number[] } | { bad: string } | null {
  // Every outcome but null needs an ASCII digit in the line.
  if (!HAS_DIGIT.test(line)) return null;
  let body = line.replace(ROW_PREFIX, '').trim().replace(/,$/, '').trim();
  const bracketed = /^[[(].*[\])]$/.test(body);
  if (bracketed) body = body.slice(1, -1);
  if (opts.digitRuns === true && opts.n !== undefined && opts.n > 1) {
    const m = /^\s*(\d+)\s*$/.exec(body);
    if (m && m[1]!.length === opts.n) return { row: [...m[1]!].map(Number) };
  }
  if (COMMA_ROW.test(body) || SPACE_ROW.test(body) || PIPE_ROW.test(body) || SEMI_ROW.test(body)) {
    const row = [...body.matchAll(/-?\d+/g)].map((m) => Number(m[0]));
    return row.length >= 2 ? { row } : null;
  }
  if (bracketed && /\d/.test(body)) return { bad: 'is not a valid row of integers' };
  return null;
}

export function chunk<T>(flat: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < flat.length; i += n) out.push(flat.slice(i, i + n));
  return out;
}

/** A Problems collector seeded with what the strict read found beside the grid. */
export function problemsFrom(read: Extract<GridRead, { ok: true }>): Problems {
  const p = new Problems();
  for (const x of read.problems) p.add(x.reason, x.locations);
  return p;
}

/** When the puzzle cannot be reconstructed: compare with the stored solution grid, cell by cell. */
export function compareWithStored(grid: number[][], groundTruth: string, problems: Problems): Check {
  const stored = readIntGrid(groundTruth, {});
  if (!stored.ok) return fail('the puzzle clues are unavailable and the stored solution cannot be read, so the answer cannot be checked');
  const g = stored.grid;
  if (!shapeProblems(grid, g.length, g[0]?.length ?? 0, problems)) return problems.toCheck();
  g.forEach((row, r) =>
    row.forEach((v, c) => {
      if (grid[r]![c] !== v) problems.add(`row ${r + 1}, column ${c + 1} holds ${grid[r]![c]!}, the stored solution has ${v}`, [cellLoc(r, c, `stored solution has ${v}`)]);
    }),
  );
  return problems.toCheck('matches the stored solution (puzzle clues unavailable, so only it is accepted)');
}

/** A strict grid read turned into the Check to return when it failed. */
export function gridReadCheck(r: Extract<GridRead, { ok: false }>): Check {
  return r.status === 'error' ? parseError(r.reason) : fail(r.reason, r.locations);
}

// ---------------------------------------------------------------------------------------------------------
// Puzzle-state helpers

/** A plain object's field (initial_state dicts reach verifiers as plain objects). */
export function field(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

export function isIntArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x));
}

export function isIntGrid(v: unknown): v is number[][] {
  return Array.isArray(v) && v.every(isIntArray);
}

/** The "N×N" / "NxN" size a question states, if any. */
export function sizeFromQuestion(question: string): number | undefined {
  const m = /(\d+)\s*[x×]\s*(\d+)/.exec(question);
  if (!m || m[1] !== m[2]) return undefined;
  const n = Number(m[1]);
  return n >= 2 && n <= 30 ? n : undefined;
}
