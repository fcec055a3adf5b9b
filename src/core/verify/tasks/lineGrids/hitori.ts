/**
 * hitori — `hitori_evaluator` (verifiers.md §6.13).
 *
 * Cells are the puzzle's `(row, col)`, 0-based, in reasons and in locations.
 *
 * reference: a set of shaded cells read by a cascade of patterns (pairs inside `{…}` first, then `[…]`,
 * then explicit forms, …; nothing found = no shaded cells), checked against the grid in initial_state.
 * strict: every `(r, c)` of the answer is read (nothing silently ignored outside the braces); an answer
 * without any cell is an error unless it explicitly says "none"; the same rules, with every violation
 * located.
 */
import { crash, fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { cellLoc, components, decodeList, excerpt, findAll, isExplicitEmpty, jsonLoads, plural, pyDigits, pyInt, pyRe, readCells } from './common';
import { arrayOf, flat, pushTo } from '../../collections';

type Cell = [number, number];
const key = (r: number, c: number): string => `${r},${c}`;
const at = (r: number, c: number): string => `(${r}, ${c})`;
const CONV = ' (cells as (row, col), 0-based)';

// ---------------------------------------------------------------------------------------------------
// Reference extraction

const PAIR = pyRe(String.raw`[(\[]?\s*(\d+)\s*[,，]\s*(\d+)\s*[)\]]?`, 'g');
const BRACES = pyRe(String.raw`\{([^}]*)\}`, 'g');
/**
 * The reference's `\[\s*([^]]*)\s*\]` (and the same inside `( … )`, which can only add pairs the first
 * already found): `\[([^\]]*)\]` matches the same brackets without quadratic backtracking; the leading
 * whitespace it keeps in the group does not change the pairs read from it.
 */
const BRACKETS = [pyRe(String.raw`\[([^\]]*)\]`, 'g')];
/** Explicit forms; `swap` when the pattern names the column first. */
const EXPLICIT: Array<{ re: RegExp; swap: boolean }> = [
  { re: pyRe(String.raw`\(\s*(\d+)\s*[,，]\s*(\d+)\s*\)`, 'gi'), swap: false },
  { re: pyRe(String.raw`\[\s*(\d+)\s*[,，]\s*(\d+)\s*\]`, 'gi'), swap: false },
  { re: pyRe(String.raw`(?:坐标|位置|cell|点)\s*[：:]\s*\(?(\d+)\s*[,，]\s*(\d+)\s*\)?`, 'gi'), swap: false },
  { re: pyRe(String.raw`(?:row|行)\s*[=：:]\s*(\d+)\s*[,，\s]+(?:col|column|列)\s*[=：:]\s*(\d+)`, 'gi'), swap: false },
  { re: pyRe(String.raw`(?:col|column|列)\s*[=：:]\s*(\d+)\s*[,，\s]+(?:row|行)\s*[=：:]\s*(\d+)`, 'gi'), swap: true },
  // The reference's `(?:第|第\s*)?(\d+)…` (HITORI_ORDINAL_ORIGINALS) tried again from every digit of a long
  // run (quadratic). A start inside a digit run ends as the start one digit earlier did (a failure, or that
  // match would have consumed it), so only the first digit of a run may start: same matches, linear.
  { re: pyRe(String.raw`(?:第|第\s*|(?<!\d))(\d+)\s*行[，,\s]*(?:第|第\s*)?(\d+)\s*列`, 'gi'), swap: false },
  { re: pyRe(String.raw`(?:第|第\s*|(?<!\d))(\d+)\s*列[，,\s]*(?:第|第\s*)?(\d+)\s*行`, 'gi'), swap: true },
];
/** The reference's 第…行…列 patterns as written (kept for the equivalence test). */
export const HITORI_ORDINAL_ORIGINALS = [
  String.raw`(?:第|第\s*)?(\d+)\s*行[，,\s]*(?:第|第\s*)?(\d+)\s*列`,
  String.raw`(?:第|第\s*)?(\d+)\s*列[，,\s]*(?:第|第\s*)?(\d+)\s*行`,
] as const;
/** The linear forms, in the same order (for the equivalence test). */
export const HITORI_ORDINAL_RES = [EXPLICIT[5]!.re, EXPLICIT[6]!.re] as const;
const JSON_LISTS = [pyRe(String.raw`\[\s*\[.*?\]\s*\]`, 'g'), pyRe(String.raw`\[\s*\(.*?\)\s*\]`, 'g')];
const TUPLE = pyRe(String.raw`\(\s*(\d+)\s*,\s*(\d+)\s*\)`, 'g');
const BARE = pyRe(String.raw`(\d+)\s*[,，]\s*(\d+)`, 'g');
const TABLES = [
  String.raw`(?:shaded|black|涂黑|选择)[^:]*[:：]\s*([^.\n]+)`,
  String.raw`(?:answer|答案|结果)[^:]*[:：]\s*([^.\n]+)`,
  String.raw`(?:coordinates|坐标)[^:]*[:：]\s*([^.\n]+)`,
].map((p) => pyRe(p, 'gis'));

const valid = (r: number, c: number): boolean => r >= 0 && r < 100 && c >= 0 && c < 100;

class CellSet {
  readonly cells: Cell[] = [];
  private readonly keys = new Set<string>();
  add(r: number, c: number): void {
    if (!valid(r, c) || this.keys.has(key(r, c))) return;
    this.keys.add(key(r, c));
    this.cells.push([r, c]);
  }
  has(r: number, c: number): boolean {
    return this.keys.has(key(r, c));
  }
  get size(): number {
    return this.cells.length;
  }
}

function pairsIn(text: string, into: CellSet): void {
  for (const m of findAll(PAIR, text)) into.add(pyDigits(m[1]!), pyDigits(m[2]!));
}

/** The reference `extract_answer`: the shaded set and which step produced it. */
export function referenceShaded(output: string): { set: CellSet; step: string } {
  const set = new CellSet();
  const cleaned = output.replace(/["`]/g, '').replace(/\\[nt]/g, ' ');
  for (const m of findAll(BRACES, cleaned)) pairsIn(m[1]!, set);
  if (set.size > 0) return { set, step: 'the pairs inside {…}' };
  for (const re of BRACKETS) for (const m of findAll(re, cleaned)) pairsIn(m[1]!, set);
  if (set.size > 0) return { set, step: 'the pairs inside […]' };
  for (const { re, swap } of EXPLICIT) {
    for (const m of findAll(re, cleaned)) {
      const a = pyDigits(m[1]!);
      const b = pyDigits(m[2]!);
      if (swap) set.add(b, a);
      else set.add(a, b);
    }
  }
  if (set.size > 0) return { set, step: 'explicit (r, c) cells' };
  for (const re of JSON_LISTS) {
    for (const m of findAll(re, cleaned)) {
      const parsed = jsonLoads(m[0].replace(TUPLE, '[$1,$2]'));
      if (!parsed || !Array.isArray(parsed.value)) continue;
      for (const item of parsed.value) {
        if (!Array.isArray(item) || item.length !== 2) continue;
        const r = pyInt(item[0]);
        const c = pyInt(item[1]);
        if (r !== undefined && c !== undefined) set.add(r, c);
      }
    }
  }
  if (set.size > 0) return { set, step: 'a JSON list of cells' };
  const bare = findAll(BARE, cleaned)
    .map((m) => [pyDigits(m[1]!), pyDigits(m[2]!)] as Cell)
    .filter(([r, c]) => valid(r, c));
  if (bare.length >= 1 && bare.length <= 50) for (const [r, c] of bare) set.add(r, c);
  if (set.size > 0) return { set, step: 'bare "r, c" pairs' };
  for (const re of TABLES) for (const m of findAll(re, cleaned)) pairsIn(m[1]!, set);
  return { set, step: set.size > 0 ? 'pairs after a "shaded:/answer:" label' : 'nothing (no shaded cells)' };
}

/** The reference `_parse_initial_state`: a rectangular JSON grid of numbers, else null. */
function referenceGrid(state: VerifyInput['initialState']): number[][] | null {
  const text = typeof state === 'string' ? state : state === null ? 'None' : '';
  if (typeof state === 'object' && state !== null) {
    // str(dict) is a Python repr: JSON-decodable only for {} (a dict, not a list).
    return null;
  }
  const d = jsonLoads(text);
  if (!d) return null;
  const g = d.value;
  if (!Array.isArray(g) || g.length === 0 || !g.every((row) => Array.isArray(row))) return null;
  const rows = g as unknown[][];
  if (!rows.every((row) => row.length === rows[0]!.length)) return null;
  if (!rows.every((row) => row.every((v) => typeof v === 'number' || typeof v === 'boolean'))) return null;
  return rows.map((row) => row.map((v) => pyInt(v) ?? Number.NaN));
}

// ---------------------------------------------------------------------------------------------------
// Rules (shared by both modes; `reference` reproduces the reference's square-grid loops)

function adjacentPairs(shaded: Cell[], has: (r: number, c: number) => boolean, inside: (r: number, c: number) => boolean): Array<[Cell, Cell]> {
  const out: Array<[Cell, Cell]> = [];
  const seen = new Set<string>();
  for (const [r, c] of shaded) {
    for (const [nr, nc] of [
      [r + 1, c],
      [r, c + 1],
      [r - 1, c],
      [r, c - 1],
    ] as const) {
      if (!inside(nr, nc) || !has(nr, nc)) continue;
      const k = [key(r, c), key(nr, nc)].sort().join('|');
      if (seen.has(k)) continue;
      seen.add(k);
      out.push([
        [r, c],
        [nr, nc],
      ]);
    }
  }
  return out;
}

/** First line (rows, then columns) with a repeated unshaded value over `lines` (each a list of cells). */
function duplicates(grid: number[][], lines: Array<{ name: string; cells: Cell[] }>, has: (r: number, c: number) => boolean): { reason: string; locations: Location[] } | null {
  for (const line of lines) {
    const byValue = new Map<number, Cell[]>();
    for (const [r, c] of line.cells) {
      if (has(r, c)) continue;
      const v = grid[r]![c]!;
      pushTo(byValue, v, [r, c]);
    }
    for (const [v, cells] of byValue) {
      if (cells.length > 1) {
        return {
          reason: `${line.name} has ${cells.length} unshaded ${v}s, at ${cells.map(([r, c]) => at(r, c)).join(' and ')}: numbers in unshaded cells must be unique${CONV}`,
          locations: cells.map(([r, c]) => cellLoc(r, c, `unshaded ${v} repeated in ${line.name}`)),
        };
      }
    }
  }
  return null;
}

function whiteRegions(grid: number[][], has: (r: number, c: number) => boolean): Cell[][] {
  const white: Cell[] = [];
  for (let r = 0; r < grid.length; r++) for (let c = 0; c < grid[r]!.length; c++) if (!has(r, c)) white.push([r, c]);
  return components(
    white,
    ([r, c]) => key(r, c),
    ([r, c]) =>
      (
        [
          [r + 1, c],
          [r - 1, c],
          [r, c + 1],
          [r, c - 1],
        ] as Cell[]
      ).filter(([nr, nc]) => nr >= 0 && nr < grid.length && nc >= 0 && nc < grid[nr]!.length && !has(nr, nc)),
  );
}

function disconnected(regions: Cell[][]): Check {
  const [main, ...rest] = [...regions].sort((a, b) => b.length - a.length);
  const cut = flat(rest);
  return fail(
    `the unshaded cells are not one orthogonally connected region: ${plural(cut.length, 'cell')} (${cut
      .slice(0, 6)
      .map(([r, c]) => at(r, c))
      .join(', ')}${cut.length > 6 ? ', …' : ''}) are cut off from the other ${main?.length ?? 0}${CONV}`,
    cut.map(([r, c]) => cellLoc(r, c, 'cut off')),
  );
}

// ---------------------------------------------------------------------------------------------------
// reference

function reference(input: VerifyInput): Check {
  const { set, step } = referenceShaded(input.answer);
  const grid = referenceGrid(input.initialState);
  if (grid === null) return fail('the puzzle\'s initial_state is not a rectangular JSON grid of numbers, which the reference requires');
  const size = grid.length;
  const note = set.size === 0 ? ' — no shaded cell could be read from the answer, so the reference checked the grid with none shaded' : ` — read from ${step}: ${plural(set.size, 'shaded cell')}`;
  for (const [r, c] of set.cells) {
    if (!(r < size && c < grid[r]!.length)) return fail(`shaded cell ${at(r, c)} is outside the ${size}×${grid[0]!.length} grid${CONV}${note}`, [cellLoc(r, c, 'outside the grid')]);
  }
  if (grid[0]!.length < size) return crash(`the grid has ${size} rows but only ${grid[0]!.length} columns: the reference's row check indexes column ${grid[0]!.length} and raises IndexError`);
  const has = (r: number, c: number): boolean => set.has(r, c);
  const lines: Array<{ name: string; cells: Cell[] }> = [];
  for (let i = 0; i < size; i++) lines.push({ name: `row ${i}`, cells: arrayOf(size, (j) => [i, j] as Cell) });
  for (let j = 0; j < size; j++) lines.push({ name: `column ${j}`, cells: arrayOf(size, (i) => [i, j] as Cell) });
  const dup = duplicates(grid, lines, has);
  if (dup) return fail(`${dup.reason}${note}`, dup.locations);
  const adj = adjacentPairs(set.cells, has, (r, c) => r >= 0 && r < size && c >= 0 && c < size);
  if (adj.length > 0) {
    const [[a, b], [c, d]] = adj[0]!;
    return fail(`shaded cells ${at(a, b)} and ${at(c, d)} are orthogonally adjacent${CONV}${note}`, flat(adj).map(([r, cc]) => cellLoc(r, cc, 'adjacent shaded cells')));
  }
  const regions = whiteRegions(grid, has);
  if (regions.length === 0) return fail(`every cell is shaded: there must be unshaded cells${note}`);
  if (regions.length > 1) {
    const f = disconnected(regions);
    return { ...f, reason: `${f.reason ?? ''}${note}` };
  }
  return pass();
}

// ---------------------------------------------------------------------------------------------------
// strict

/** The grid from initial_state (JSON or Python literal), else the question's "Initial State" block. */
export function strictGrid(input: VerifyInput): number[][] | null {
  const list = decodeList(input.initialState);
  if (list && list.length > 0 && list.every((row) => Array.isArray(row) && row.length > 0 && row.every((v) => typeof v === 'number' && Number.isInteger(v)))) return list as number[][];
  const block = /Initial State:?\s*\n(?:```\w*\n)?((?:[ \t]*\d+(?:[ \t]+\d+)*[ \t]*\n?)+)/i.exec(input.question);
  if (!block) return null;
  const rows = block[1]!
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.split(/\s+/).map(Number));
  return rows.length > 0 ? rows : null;
}

export function strictShaded(answer: string): Cell[] | null {
  const cells = readCells(answer);
  return cells.length === 0 && !isExplicitEmpty(answer) ? null : cells;
}

function strict(input: VerifyInput): Check {
  const cells = strictShaded(input.answer);
  if (cells === null) return parseError(`could not read a set of shaded (row, col) cells from the answer: ${excerpt(input.answer)}`);
  const keys = new Set(cells.map(([r, c]) => key(r, c)));
  const has = (r: number, c: number): boolean => keys.has(key(r, c));
  const grid = strictGrid(input);
  if (grid === null) {
    const stored = strictShaded(input.groundTruth);
    if (stored === null) return parseError('the puzzle grid is unknown (no initial_state grid, none in the question) and the stored solution has no cells to compare with');
    const g = new Set(stored.map(([r, c]) => key(r, c)));
    const same = g.size === keys.size && [...g].every((k) => keys.has(k));
    return same ? pass('the grid is unknown: the shaded cells equal the stored solution') : fail('the grid is unknown, so the answer is compared with the stored solution: the shaded cells differ');
  }
  const rows = grid.length;
  const inside = (r: number, c: number): boolean => r >= 0 && r < rows && c >= 0 && c < grid[r]!.length;
  const out = cells.filter(([r, c]) => !inside(r, c));
  if (out.length > 0) return fail(`shaded ${out.length === 1 ? 'cell' : 'cells'} ${out.map(([r, c]) => at(r, c)).join(', ')} ${out.length === 1 ? 'is' : 'are'} outside the ${rows}×${grid[0]!.length} grid${CONV}`, out.map(([r, c]) => cellLoc(r, c, 'outside the grid')));
  const adj = adjacentPairs(cells, has, inside);
  if (adj.length > 0) {
    const list = adj.map(([[a, b], [c, d]]) => `${at(a, b)}–${at(c, d)}`).join(', ');
    return fail(`shaded cells must not touch orthogonally: ${list}${CONV}`, flat(adj).map(([r, c]) => cellLoc(r, c, 'adjacent shaded cells')));
  }
  const lines: Array<{ name: string; cells: Cell[] }> = [];
  for (let i = 0; i < rows; i++) lines.push({ name: `row ${i}`, cells: grid[i]!.map((_, j) => [i, j] as Cell) });
  const cols = Math.max(...grid.map((r) => r.length));
  for (let j = 0; j < cols; j++) {
    const col: Cell[] = [];
    for (let i = 0; i < rows; i++) if (j < grid[i]!.length) col.push([i, j]);
    lines.push({ name: `column ${j}`, cells: col });
  }
  const dup = duplicates(grid, lines, has);
  if (dup) return fail(dup.reason, dup.locations);
  const regions = whiteRegions(grid, has);
  if (regions.length === 0) return fail('every cell is shaded: there must be unshaded cells');
  if (regions.length > 1) return disconnected(regions);
  return pass();
}

export const hitoriVerifier: TaskVerifier = {
  scoreFunction: 'hitori_evaluator',
  categories: ['hitori'],
  reference,
  strict,
};
