/**
 * tapa — `tapa_evaluator` (verifiers.md §6.17).
 *
 * Cells are the puzzle's `(row, col)`, 0-based, in reasons and in locations.
 *
 * reference: black cells read as `(r,c)` pairs (then `[r,c]`, `{r,c}`, bare `r,c`, …, then a B/W grid),
 * none on a clue, one orthogonally connected black group, no 2×2 black block, and for each clue the black
 * cells among its 8 neighbours grouped by 8-connectivity must have the clue's sizes.
 * strict: the real Tapa clue rule — the black neighbours are grouped by contiguity around the ring of 8
 * cells (N and E with a white NE corner are two groups, not one); an answer with no cells is an error
 * unless it explicitly says none; otherwise the same rules, every violation located.
 */
import { fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { cellLoc, components, excerpt, findAll, isExplicitEmpty, plural, pyDigits, pyRe, pyStrip, readCells } from './common';
import { flat, flatMap } from '../../collections';

type Cell = [number, number];
const key = (r: number, c: number): string => `${r},${c}`;
const at = (r: number, c: number): string => `(${r},${c})`;
const CONV = ' (cells as (row, col), 0-based)';
const ND = /^\p{Nd}$/u;

// ---------------------------------------------------------------------------------------------------
// Reference extraction

const FENCE_OPEN = pyRe('```[a-z]*\\n?', 'g');
const PAREN = pyRe(String.raw`\(\s*(\d+)\s*,\s*(\d+)\s*\)`, 'g');
const ALTERNATIVES = [String.raw`\[\s*(\d+)\s*,\s*(\d+)\s*\]`, String.raw`\{\s*(\d+)\s*,\s*(\d+)\s*\}`, String.raw`(?:^|[^\d])\s*(\d+)\s*,\s*(\d+)\s*(?=[^\d]|$)`].map((p) => pyRe(p, 'g'));
const DESCRIPTIVE = [String.raw`(?:row|r)\s*(\d+)\s*(?:col|column|c)\s*(\d+)`, String.raw`(?:position|pos)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)`].map((p) => pyRe(p, 'gi'));
const GRID_LINES = [String.raw`^[BWbw0-9\s]+$`, String.raw`^[BWbw0-9\s,]+$`, String.raw`^[BWbw0-9\s'"]+$`, String.raw`^[BWbw0-9\s._-]+$`].map((p) => pyRe(p));
const GRID_CLEAN = pyRe(String.raw`[,\s'"_-]`, 'g');
const GRID_VALID = pyRe(String.raw`^[BW0-9]+$`);
const GRID_CHAR = pyRe(String.raw`[BWbw0-9]`, 'g');

type Extracted = { type: 'coordinates'; data: Cell[]; how: string } | { type: 'grid'; data: string[][] };

function referenceCoordinates(text: string): { data: Cell[]; how: string } | null {
  const ok = (m: RegExpExecArray): Cell | null => {
    const r = pyDigits(m[1]!);
    const c = pyDigits(m[2]!);
    return r <= 99 && c <= 99 ? [r, c] : null;
  };
  const coords: Cell[] = [];
  for (const m of findAll(PAREN, text)) {
    const cell = ok(m);
    if (cell) coords.push(cell);
  }
  if (coords.length > 0) return { data: coords, how: '(r,c) pairs' };
  for (const [i, re] of [...ALTERNATIVES, ...DESCRIPTIVE].entries()) {
    const ms = findAll(re, text);
    if (ms.length === 0) continue;
    for (const m of ms) {
      const cell = ok(m);
      if (cell) coords.push(cell);
    }
    if (coords.length > 0) return { data: coords, how: ['[r,c] pairs', '{r,c} pairs', 'bare "r,c" pairs', '"row r col c" phrases', '"position (r,c)" phrases'][i]! };
  }
  return null;
}

function referenceGridAnswer(text: string): string[][] | null {
  const lines = text.split('\n');
  const gridLines: string[] = [];
  for (const raw of lines) {
    const line = pyStrip(raw);
    if (!line) continue;
    if (GRID_LINES.some((re) => re.test(line))) {
      const clean = line.replace(GRID_CLEAN, '').toUpperCase();
      if (GRID_VALID.test(clean)) gridLines.push(clean);
    }
  }
  if (gridLines.length === 0) {
    for (const raw of lines) {
      const line = pyStrip(raw);
      if ((line.match(/[BWbw]/g) ?? []).length >= 3) {
        const chars = findAll(GRID_CHAR, line).map((m) => m[0]);
        if (chars.length > 0) gridLines.push(chars.join('').toUpperCase());
      }
    }
  }
  if (gridLines.length === 0) return null;
  const grid = gridLines.map((l) => [...l]);
  const width = grid[0]!.length;
  return grid.map((row) => (row.length < width ? [...row, ...Array<string>(width - row.length).fill('W')] : row.slice(0, width)));
}

export function referenceExtract(output: string): Extracted | null {
  if (!output) return null;
  const text = pyStrip(output).replace(FENCE_OPEN, '').replace(/```/g, '');
  const coords = referenceCoordinates(text);
  if (coords) return { type: 'coordinates', ...coords };
  const grid = referenceGridAnswer(text);
  return grid ? { type: 'grid', data: grid } : null;
}

// ---------------------------------------------------------------------------------------------------
// Rules

interface Puzzle {
  rows: number;
  cols: number;
  /** Clue value by cell key, in row-major order. */
  clues: Map<string, { r: number; c: number; value: number }>;
}

function cluesOf(lines: string[]): Puzzle['clues'] {
  const clues: Puzzle['clues'] = new Map();
  for (const [r, line] of lines.entries()) {
    for (const [c, ch] of [...line].entries()) if (ND.test(ch)) clues.set(key(r, c), { r, c, value: pyDigits(ch) });
  }
  return clues;
}

const NEIGHBOURS8: Cell[] = [
  [-1, 0],
  [-1, 1],
  [0, 1],
  [1, 1],
  [1, 0],
  [1, -1],
  [0, -1],
  [-1, -1],
];

function blackGroups(black: Set<string>, rows: number, cols: number): Cell[][] {
  const cells: Cell[] = [...black].map((k) => k.split(',').map(Number) as Cell);
  return components(
    cells,
    ([r, c]) => key(r, c),
    ([r, c]) =>
      (
        [
          [r - 1, c],
          [r + 1, c],
          [r, c - 1],
          [r, c + 1],
        ] as Cell[]
      ).filter(([nr, nc]) => nr >= 0 && nr < rows && nc >= 0 && nc < cols && black.has(key(nr, nc))),
  );
}

function blocks2x2(black: Set<string>, rows: number, cols: number): Cell[] {
  const out: Cell[] = [];
  for (let r = 0; r + 1 < rows; r++)
    for (let c = 0; c + 1 < cols; c++) if (black.has(key(r, c)) && black.has(key(r, c + 1)) && black.has(key(r + 1, c)) && black.has(key(r + 1, c + 1))) out.push([r, c]);
  return out;
}

/** Group sizes of a clue's black neighbours: by 8-connectivity (reference) or around the ring (real rule). */
function clueGroups(black: Set<string>, rows: number, cols: number, r: number, c: number, ring: boolean): { sizes: number[]; cells: Cell[] } {
  const around = NEIGHBOURS8.map(([dr, dc]): Cell => [r + dr, c + dc]);
  const isBlack = ([nr, nc]: Cell): boolean => nr >= 0 && nr < rows && nc >= 0 && nc < cols && black.has(key(nr, nc));
  const cells = around.filter(isBlack);
  if (ring) {
    const flags = around.map(isBlack);
    if (flags.every(Boolean)) return { sizes: [8], cells };
    const start = flags.indexOf(false);
    const sizes: number[] = [];
    let run = 0;
    for (let i = 1; i <= 8; i++) {
      if (flags[(start + i) % 8]) run++;
      else if (run > 0) {
        sizes.push(run);
        run = 0;
      }
    }
    return { sizes: sizes.sort((a, b) => a - b), cells };
  }
  const set = new Set(cells.map(([a, b]) => key(a, b)));
  const groups = components(
    cells,
    ([a, b]) => key(a, b),
    ([a, b]) => NEIGHBOURS8.map(([dr, dc]): Cell => [a + dr, b + dc]).filter(([x, y]) => set.has(key(x, y))),
  );
  return { sizes: groups.map((g) => g.length).sort((a, b) => a - b), cells };
}

/** The rule checks on a black set (clue cells already excluded), in the reference's order. */
function checkRules(black: Set<string>, p: Puzzle, ring: boolean, note: string): Check {
  const groups = blackGroups(black, p.rows, p.cols);
  if (groups.length > 1) {
    const sorted = [...groups].sort((a, b) => b.length - a.length);
    const cut = flat(sorted.slice(1));
    return fail(
      `the black cells are not one orthogonally connected group: ${groups.length} groups; ${cut
        .slice(0, 6)
        .map(([r, c]) => at(r, c))
        .join(', ')}${cut.length > 6 ? ', …' : ''} ${cut.length === 1 ? 'is' : 'are'} cut off from the largest group of ${sorted[0]!.length}${CONV}${note}`,
      cut.map(([r, c]) => cellLoc(r, c, 'cut off')),
    );
  }
  const blocks = blocks2x2(black, p.rows, p.cols);
  if (blocks.length > 0) {
    const [r, c] = blocks[0]!;
    return fail(
      `2×2 block of black cells at ${at(r, c)}, ${at(r, c + 1)}, ${at(r + 1, c)}, ${at(r + 1, c + 1)}${blocks.length > 1 ? ` (and ${blocks.length - 1} more)` : ''}${CONV}${note}`,
      flatMap(blocks, ([a, b]) => [cellLoc(a, b, '2×2 black'), cellLoc(a, b + 1, '2×2 black'), cellLoc(a + 1, b, '2×2 black'), cellLoc(a + 1, b + 1, '2×2 black')]),
    );
  }
  const problems: Array<{ reason: string; locations: Location[] }> = [];
  for (const clue of p.clues.values()) {
    const { sizes, cells } = clueGroups(black, p.rows, p.cols, clue.r, clue.c, ring);
    const expected = clue.value === 0 ? [] : [clue.value];
    const ok = clue.value === 0 ? cells.length === 0 : sizes.length === expected.length && sizes.every((s, i) => s === expected[i]);
    if (ok) continue;
    const how = ring ? 'around the clue' : 'grouped by 8-connectivity, as the reference does';
    const reason =
      clue.value === 0
        ? `clue 0 at ${at(clue.r, clue.c)} has ${plural(cells.length, 'black neighbour')}`
        : `clue ${clue.value} at ${at(clue.r, clue.c)}: its black neighbours form ${sizes.length === 0 ? 'no group' : `groups of ${sizes.join(', ')}`} (${how}); it needs one group of ${clue.value}`;
    problems.push({ reason, locations: [{ kind: 'clue', row: clue.r, col: clue.c, label: reason }, ...cells.map(([r, c]) => cellLoc(r, c, `black neighbour of clue ${at(clue.r, clue.c)}`))] });
    if (!ring) break; // the reference stops at the first failing clue
  }
  if (problems.length > 0) {
    return fail(`${problems.slice(0, 4).map((x) => x.reason).join('; ')}${problems.length > 4 ? `; and ${problems.length - 4} more` : ''}${CONV}${note}`, flatMap(problems, (x) => x.locations));
  }
  return pass();
}

// ---------------------------------------------------------------------------------------------------
// reference

function reference(input: VerifyInput): Check {
  const ex = referenceExtract(input.answer);
  if (ex === null) return fail(`could not read black cells from the answer (no (r,c) pairs, no B/W grid): ${excerpt(input.answer)}`);
  const st = input.initialState;
  if (typeof st !== 'string') return fail('the puzzle\'s initial_state is not a text grid, which the reference requires');
  const lines = pyStrip(st).split('\n');
  const rows = lines.length;
  const cols = [...lines[0]!].length;
  if (rows === 0 || cols === 0) return fail('the puzzle\'s initial_state grid is empty');
  const p: Puzzle = { rows, cols, clues: cluesOf(lines) };
  const black = new Set<string>();
  let note: string;
  if (ex.type === 'coordinates') {
    note = ex.how === '(r,c) pairs' ? '' : ` — read as ${ex.how}: ${plural(ex.data.length, 'cell')}`;
    for (const [r, c] of ex.data) {
      if (!(r < rows && c < cols)) return fail(`black cell ${at(r, c)} is outside the ${rows}×${cols} grid${CONV}${note}`, [cellLoc(r, c, 'outside the grid')]);
      if (p.clues.has(key(r, c))) return fail(`black cell ${at(r, c)} is on the clue ${p.clues.get(key(r, c))!.value}: clue cells stay white${CONV}${note}`, [cellLoc(r, c, 'clue cell shaded')]);
      black.add(key(r, c));
    }
  } else {
    note = ` — read as a B/W grid of ${plural(ex.data.length, 'row')}`;
    const grid = ex.data;
    if (grid.length !== rows || (grid.length > 0 && grid[0]!.length !== cols)) return fail(`the answer grid is ${grid.length}×${grid[0]?.length ?? 0}, the puzzle is ${rows}×${cols}${note}`);
    for (let i = 0; i < grid.length; i++) {
      const init = [...lines[i]!];
      if (grid[i]!.length !== init.length) return fail(`row ${i} of the answer grid has ${grid[i]!.length} cells, the puzzle's row has ${init.length}${note}`, [{ kind: 'row', row: i }]);
      for (let j = 0; j < init.length; j++) {
        const want = init[j]!;
        const got = grid[i]![j]!;
        if (ND.test(want) && got !== want) return fail(`the answer grid has ${JSON.stringify(got)} at the clue ${want} cell ${at(i, j)}${CONV}${note}`, [cellLoc(i, j, 'clue changed')]);
        if (want === '.' && got !== 'B' && got !== 'W') return fail(`the answer grid has ${JSON.stringify(got)} at ${at(i, j)}, which must be B or W${CONV}${note}`, [cellLoc(i, j, 'not B/W')]);
      }
    }
    for (let i = 0; i < grid.length; i++) for (let j = 0; j < grid[i]!.length; j++) if (grid[i]![j] === 'B' && !p.clues.has(key(i, j))) black.add(key(i, j));
  }
  return checkRules(black, p, false, note);
}

// ---------------------------------------------------------------------------------------------------
// strict

/** The puzzle from the initial_state text grid, else from the question's clue list and grid size. */
function strictPuzzle(input: VerifyInput): Puzzle | null {
  const st = input.initialState;
  if (typeof st === 'string' && st.trim() !== '') {
    const lines = pyStrip(st).split('\n');
    if (lines.every((l) => /^[.\p{Nd}#BW ]+$/u.test(l))) return { rows: lines.length, cols: [...lines[0]!].length, clues: cluesOf(lines) };
  }
  const size = /(\d+)\s*x\s*(\d+)\s*(?:matrix|grid)/i.exec(input.question);
  const found = [...input.question.matchAll(/Cell \((\d+),\s*(\d+)\) has clue '(\d)'/g)];
  if (!size || found.length === 0) return null;
  const clues: Puzzle['clues'] = new Map();
  for (const m of found) clues.set(key(Number(m[1]), Number(m[2])), { r: Number(m[1]), c: Number(m[2]), value: Number(m[3]) });
  return { rows: Number(size[1]), cols: Number(size[2]), clues };
}

const BLACK = new Set(['B', 'b', '#', '■', '█', '●']);
const WHITE = new Set(['W', 'w', '.', '_', '□', '○']);

/**
 * Black cells of the answer: (row,col) cells in any of the usual notations, else a grid of B/W (clue
 * digits allowed) of the puzzle's size, else an explicit "none"; an error names what was found instead.
 */
function strictBlack(raw: string, p: Puzzle | null): { cells: Cell[] } | { error: string } {
  const answer = raw.replace(/```[a-z]*/gi, '');
  const cells = readCells(answer);
  if (cells.length > 0) return { cells };
  const rows = answer
    .split('\n')
    .map((l) => [...l.replace(/[ \t|,]/g, '')])
    .filter((l) => l.length > 0 && l.every((ch) => BLACK.has(ch) || WHITE.has(ch) || ND.test(ch)) && l.some((ch) => !ND.test(ch)));
  if (rows.length > 0 && p) {
    const bad = rows.findIndex((r) => r.length !== p.cols);
    if (rows.length !== p.rows || bad >= 0) return { error: `the answer's B/W grid is ${rows.length}×${rows[bad < 0 ? 0 : bad]!.length}, the puzzle is ${p.rows}×${p.cols}` };
    rows.forEach((row, r) => row.forEach((ch, c) => BLACK.has(ch) && cells.push([r, c])));
    return { cells };
  }
  if (isExplicitEmpty(answer)) return { cells: [] };
  return { error: `could not read black cells from the answer (no (row,col) cells, no B/W grid): ${excerpt(raw)}` };
}

function strict(input: VerifyInput): Check {
  const p = strictPuzzle(input);
  const read = strictBlack(input.answer, p);
  if ('error' in read) return parseError(read.error);
  const cells = read.cells;
  if (p === null) {
    const sr = strictBlack(input.groundTruth, null);
    if ('error' in sr) return parseError('the puzzle is unknown (no initial_state grid, no clues in the question) and the stored solution has no cells to compare with');
    const stored = sr.cells;
    const a = new Set(cells.map((c) => key(...c)));
    const same = a.size === stored.length && stored.every((c) => a.has(key(...c)));
    return same ? pass('the puzzle is unknown: the black cells equal the stored solution') : fail('the puzzle is unknown, so the answer is compared with the stored solution: the black cells differ');
  }
  const out = cells.filter(([r, c]) => r >= p.rows || c >= p.cols);
  if (out.length > 0) return fail(`black ${out.length === 1 ? 'cell' : 'cells'} ${out.map(([r, c]) => at(r, c)).join(', ')} outside the ${p.rows}×${p.cols} grid${CONV}`, out.map(([r, c]) => cellLoc(r, c, 'outside the grid')));
  const onClue = cells.filter(([r, c]) => p.clues.has(key(r, c)));
  if (onClue.length > 0) return fail(`clue cells stay white, but ${onClue.map(([r, c]) => `${at(r, c)} (clue ${p.clues.get(key(r, c))!.value})`).join(', ')} ${onClue.length === 1 ? 'is' : 'are'} black${CONV}`, onClue.map(([r, c]) => cellLoc(r, c, 'clue cell shaded')));
  return checkRules(new Set(cells.map((c) => key(...c))), p, true, '');
}

export const tapaVerifier: TaskVerifier = {
  scoreFunction: 'tapa_evaluator',
  categories: ['tapa'],
  reference,
  strict,
};
