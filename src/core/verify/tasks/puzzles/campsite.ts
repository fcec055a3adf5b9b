/**
 * campsite — `campsite_evaluator` (verifiers.md §6.11). Tents are [row, column], 1-based, as the question
 * asks; reasons use that convention, locations are 0-based cells.
 *
 * Reference: the answer (newlines/tabs to spaces, whitespace collapsed) is read by the first step that
 * yields a list: (1) a text starting with `[` and ending with `]` parsed as a Python literal (retried
 * after removing stray commas; then JSON), accepted as a list of 2-element lists/tuples with all entries
 * ≥ 1 — any entry ≤ 0 rejects this step; (2) every `a, b` digit pair, pairs with a 0 silently dropped;
 * (3) all integers read in pairs when their count is even (≤ 30 pairs; none at all = no tents);
 * (4) phrases ("answer: …", "tents: …", 坐标/答案 …); (5) "none"/"empty" keywords = no tents, digit runs,
 * 第r行第c列, "row r column c", R1C2; (6) `;`/`|` separated parts, bare integers in pairs. Then, as a
 * set: no tents is correct iff every count is 0; each tent in bounds, orthogonally next to a tree, not
 * touching another tent (8-neighbourhood); row and column counts equal the constraints exactly. Any
 * exception inside makes the reference return False.
 *
 * Strict: the answer is read as a list of [row, column] pairs (a coordinate 0 is reported, not dropped;
 * a tent listed twice is reported), then: in bounds, not on a tree, orthogonally next to a tree, no two
 * tents touching, the counts, and a one-to-one pairing of tents with adjacent trees (a matching).
 */
import { fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { cellLoc, colLoc, findAll0, findAll2, isPlainObject, pyEq, pyInt, pyStrip, quote, readPairListStrict, rowLoc } from './common';
import { parsePyLiteral, PyTuple } from '../../../pyliteral';

type Pair = [number, number];

/** The reference's `_validate_coordinate_format` on a decoded value. */
function coordinateFormat(v: unknown): Pair[] | null {
  if (!Array.isArray(v)) return null;
  const out: Pair[] = [];
  for (const coord of v as unknown[]) {
    const items = coord instanceof PyTuple ? coord.items : Array.isArray(coord) ? (coord as unknown[]) : null;
    if (items === null || items.length !== 2) return null;
    const r = pyInt(items[0]);
    const c = pyInt(items[1]);
    if (r === undefined || c === undefined) return null;
    if (!(r > 0 && c > 0)) return null;
    out.push([r, c]);
  }
  return out;
}

function directParsing(output: string): Pair[] | null {
  let cleaned = pyStrip(output);
  if (cleaned.startsWith('[') && cleaned.endsWith(']')) {
    try {
      return coordinateFormat(parsePyLiteral(cleaned));
    } catch {
      /* retry below */
    }
    cleaned = cleaned.replace(/\s+/g, ' ').replace(/,\s*]/g, ']').replace(/\[\s*,/g, '[').replace(/,,+/g, ',');
    try {
      return coordinateFormat(parsePyLiteral(cleaned));
    } catch {
      /* JSON below */
    }
  }
  try {
    return coordinateFormat(JSON.parse(cleaned));
  } catch {
    return null;
  }
}

function regexPairs(output: string): Pair[] | null {
  const numbers = findAll2(/(\d+)\s*,\s*(\d+)/g, output);
  if (numbers.length === 0) return null;
  return numbers.map(([a, b]) => [Number(a), Number(b)] as Pair).filter(([r, c]) => r > 0 && c > 0);
}

function numberPairing(output: string): Pair[] | null {
  const nums = findAll0(/\d+/g, output);
  if (nums.length >= 2 && nums.length % 2 === 0) {
    const coords: Pair[] = [];
    for (let i = 0; i < nums.length; i += 2) {
      const p: Pair = [Number(nums[i]), Number(nums[i + 1])];
      if (p[0] > 0 && p[1] > 0) coords.push(p);
    }
    return coords.length <= 30 ? coords : null;
  }
  return nums.length === 0 ? [] : null;
}

const SPECIAL = [
  /坐标[为是]?\s*[:：]?\s*(.+)/i,
  /答案[是为]?\s*[:：]?\s*(.+)/i,
  /positions?\s+(?:are|is)\s*[:：]?\s*(.+)/i,
  /coordinates?\s*[:：]?\s*(.+)/i,
  /result\s*[:：]?\s*(.+)/i,
  /answer\s*[:：]?\s*(.+)/i,
  /solution\s*[:：]?\s*(.+)/i,
  /tents?\s*[:：]?\s*(.+)/i,
  /final\s+answer\s*[:：]?\s*(.+)/i,
  /tent\s+coordinates?\s*[:：]?\s*(.+)/i,
  /tent\s+positions?\s*[:：]?\s*(.+)/i,
];

function specialFormats(output: string): Pair[] | null {
  for (const re of SPECIAL) {
    const m = re.exec(output);
    if (m) {
      const part = pyStrip(m[1]!);
      const r = directParsing(part) ?? regexPairs(part);
      if (r !== null) return r;
    }
  }
  return null;
}

function keepPairs(matches: Array<[string, string]>): Pair[] | null {
  const coords = matches.map(([a, b]) => [Number(a), Number(b)] as Pair).filter(([r, c]) => r > 0 && c > 0);
  return coords.length > 0 ? coords : null;
}

function aggressive(output: string): Pair[] | null {
  const lower = output.toLowerCase();
  for (const k of ['空', '无', 'none', 'empty', 'null', '没有', 'no tents', 'no tent', 'zero tent']) if (lower.includes(k)) return [];
  for (const seq of findAll0(/(?:\d+\s*,?\s*){2,}/g, output)) {
    const nums = findAll0(/\d+/g, seq);
    if (nums.length >= 2 && nums.length % 2 === 0) {
      const coords: Pair[] = [];
      for (let i = 0; i < nums.length; i += 2) {
        const p: Pair = [Number(nums[i]), Number(nums[i + 1])];
        if (p[0] >= 1 && p[0] <= 30 && p[1] >= 1 && p[1] <= 30) coords.push(p);
      }
      if (coords.length > 0) return coords;
    }
  }
  return keepPairs(findAll2(/第(\d+)行第(\d+)列/g, output)) ?? keepPairs(findAll2(/row\s+(\d+)\s+column\s+(\d+)/gi, output)) ?? keepPairs(findAll2(/R(\d+)C(\d+)/gi, output));
}

function mixedFormats(output: string): Pair[] | null {
  for (const sep of [';', '|', '\n', '\t', '  ']) {
    if (!output.includes(sep)) continue;
    const coords: Pair[] = [];
    for (const part0 of output.split(sep)) {
      const part = pyStrip(part0);
      if (part === '') continue;
      const nums = findAll0(/\d+/g, part);
      if (nums.length === 2) {
        const p: Pair = [Number(nums[0]), Number(nums[1])];
        if (p[0] > 0 && p[1] > 0) coords.push(p);
      }
    }
    if (coords.length > 0) return coords;
  }
  // (The per-line reading never applies: the text has no line breaks left.)
  const nums = findAll0(/(?<![\p{L}\p{N}_])\d+(?![\p{L}\p{N}_])/gu, output);
  if (nums.length >= 2 && nums.length % 2 === 0 && nums.length <= 60) {
    const coords: Pair[] = [];
    for (let i = 0; i < nums.length; i += 2) {
      const p: Pair = [Number(nums[i]), Number(nums[i + 1])];
      if (p[0] >= 1 && p[0] <= 30 && p[1] >= 1 && p[1] <= 30) coords.push(p);
    }
    if (coords.length === nums.length / 2) return coords;
  }
  return null;
}

/** The reference's `extract_answer`: 1-based [row, col] tents, or null when nothing is found. */
export function extractCampsiteReference(answer: string): { tents: Pair[]; how: string } | null {
  const output = pyStrip(answer).replace(/\n/g, ' ').replace(/\t/g, ' ').replace(/\s+/g, ' ');
  const steps: Array<[(s: string) => Pair[] | null, string]> = [
    [directParsing, 'the answer as a list literal'],
    [regexPairs, 'the "a, b" pairs in the answer'],
    [numberPairing, 'all integers of the answer read in pairs'],
    [specialFormats, 'a phrase such as "answer: …"'],
    [aggressive, 'a keyword or digit run'],
    [mixedFormats, 'separated parts of the answer'],
  ];
  for (const [step, how] of steps) {
    const r = step(output);
    if (r !== null) return { tents: r, how };
  }
  return null;
}

export interface CampsitePuzzle {
  grid: unknown[][];
  rowConstraints: unknown;
  colConstraints: unknown;
}

export function readPuzzle(state: VerifyInput['initialState']): CampsitePuzzle | string {
  let data: unknown = state;
  if (typeof state === 'string') {
    try {
      data = JSON.parse(state);
    } catch {
      return 'initial_state is not JSON';
    }
  }
  if (!isPlainObject(data)) return 'initial_state is not a dict';
  for (const key of ['input_grid', 'row_constraints', 'col_constraints']) if (!(key in data)) return `initial_state has no "${key}"`;
  const grid = data['input_grid'];
  // Rows may be lists of cells or strings of cell characters (Python indexes both alike).
  if (!Array.isArray(grid) || !grid.every((r) => Array.isArray(r) || typeof r === 'string')) return 'input_grid is not a list of rows';
  const rows = grid.map((r: unknown) => (typeof r === 'string' ? Array.from(r) : (r as unknown[])));
  return { grid: rows, rowConstraints: data['row_constraints'], colConstraints: data['col_constraints'] };
}

const fmt = ([r, c]: Pair) => `[${r + 1}, ${c + 1}]`;
const ORTHO: Pair[] = [[-1, 0], [1, 0], [0, -1], [0, 1]];
const AROUND: Pair[] = [[-1, -1], [-1, 0], [-1, 1], [0, -1], [0, 1], [1, -1], [1, 0], [1, 1]];

/** Count constraints as a list compare (Python `==` between lists). */
function countsCheck(tents: Pair[], rows: number, cols: number, p: CampsitePuzzle, all: boolean): { reasons: string[]; locs: Location[] } {
  const reasons: string[] = [];
  const locs: Location[] = [];
  for (const [axis, n, want, idx] of [
    ['row', rows, p.rowConstraints, 0],
    ['column', cols, p.colConstraints, 1],
  ] as const) {
    const counts = Array<number>(n).fill(0);
    for (const t of tents) counts[t[idx]]!++;
    if (pyEq(counts, want)) continue;
    if (!Array.isArray(want)) {
      reasons.push(`the ${axis} constraints are not a list`);
    } else if (want.length !== n) {
      reasons.push(`there are ${want.length} ${axis} constraints for ${n} ${axis}s`);
    } else {
      for (let i = 0; i < n; i++) {
        if (!pyEq(counts[i], want[i])) {
          reasons.push(`${axis} ${i + 1} has ${counts[i]} tent${counts[i] === 1 ? '' : 's'} but its constraint is ${String(want[i])}`);
          locs.push(axis === 'row' ? rowLoc(i, `${counts[i]} of ${String(want[i])}`) : colLoc(i, `${counts[i]} of ${String(want[i])}`));
        }
      }
    }
    if (!all) break;
  }
  return { reasons, locs };
}

export const isTree = (v: unknown) => v === 'T';

function referenceCheck(input: VerifyInput): Check {
  const puzzle = readPuzzle(input.initialState);
  if (typeof puzzle === 'string') return fail(`the puzzle cannot be read: ${puzzle}`);
  const read = extractCampsiteReference(input.answer);
  if (read === null) return fail(`could not read a list of tents from the answer: no coordinate pairs in ${quote(input.answer)}`);
  if (read.tents.length === 0) {
    const zero = (v: unknown) => Array.isArray(v) && v.every((c) => pyEq(c, 0));
    if (zero(puzzle.rowConstraints) && zero(puzzle.colConstraints)) return pass('no tents, and every constraint is 0');
    return fail(`no tents were read from the answer (${read.how}), but the row/column constraints are not all 0`);
  }
  const rows = puzzle.grid.length;
  const first = puzzle.grid[0];
  if (first === undefined) return fail('input_grid is empty (the reference fails reading it)');
  const cols = first.length;
  const keys = new Map<string, Pair>();
  for (const [r, c] of read.tents) keys.set(`${r - 1},${c - 1}`, [r - 1, c - 1]);
  const tents = [...keys.values()];
  for (const t of tents) {
    if (t[0] < 0 || t[0] >= rows || t[1] < 0 || t[1] >= cols) return fail(`tent ${fmt(t)} is outside the ${rows}×${cols} grid ([row, column], 1-based)`);
  }
  for (const t of tents) {
    let tree = false;
    for (const [dr, dc] of ORTHO) {
      const nr = t[0] + dr;
      const nc = t[1] + dc;
      if (nr >= 0 && nr < rows && nc >= 0 && nc < cols) {
        const row = puzzle.grid[nr]!;
        if (nc >= row.length) return fail(`input_grid row ${nr + 1} is shorter than row 1 (the reference fails reading it)`);
        if (isTree(row[nc])) {
          tree = true;
          break;
        }
      }
    }
    if (!tree) return fail(`tent ${fmt(t)} is not orthogonally next to a tree`, [cellLoc(t[0], t[1], 'no tree next to it')]);
  }
  for (const t of tents) {
    for (const [dr, dc] of AROUND) {
      const o = keys.get(`${t[0] + dr},${t[1] + dc}`);
      if (o) return fail(`tents ${fmt(t)} and ${fmt(o)} touch (tents may not be adjacent, even diagonally)`, [cellLoc(t[0], t[1], 'touching'), cellLoc(o[0], o[1], 'touching')]);
    }
  }
  const counts = countsCheck(tents, rows, cols, puzzle, false);
  if (counts.reasons.length > 0) return fail(counts.reasons.join('; '), counts.locs);
  return pass();
}

// ----------------------------------------------------------------------------------------------------
// Strict
// ----------------------------------------------------------------------------------------------------

/** A tent-saturating matching of tents to distinct orthogonally adjacent trees (Kuhn's algorithm). */
export function matchTents(tents: Pair[], trees: (r: number, c: number) => boolean): { unmatched: Pair[] } {
  const owner = new Map<string, number>();
  const options = tents.map(([r, c]) => ORTHO.map(([dr, dc]) => [r + dr, c + dc] as Pair).filter(([tr, tc]) => trees(tr, tc)));
  const tryAssign = (i: number, seen: Set<string>): boolean => {
    for (const [tr, tc] of options[i]!) {
      const k = `${tr},${tc}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const o = owner.get(k);
      if (o === undefined || tryAssign(o, seen)) {
        owner.set(k, i);
        return true;
      }
    }
    return false;
  };
  const unmatched: Pair[] = [];
  tents.forEach((t, i) => {
    if (!tryAssign(i, new Set())) unmatched.push(t);
  });
  return { unmatched };
}

function strictCheck(input: VerifyInput): Check {
  const puzzle = readPuzzle(input.initialState);
  if (typeof puzzle === 'string') return parseError(`the puzzle cannot be read: ${puzzle}`);
  const rows = puzzle.grid.length;
  const cols = puzzle.grid[0]?.length ?? 0;
  const text = /^\s*(?:none|no tents?|empty)\.?\s*$/i.test(input.answer) ? '[]' : input.answer;
  const read = readPairListStrict(text, { allowLinePairs: true });
  if (!read.ok) return parseError(`could not read a list of [row, column] tents from the answer: ${read.reason}`);
  const seen = new Set<string>();
  const tents: Pair[] = [];
  for (const [r1, c1] of read.pairs) {
    if (r1 < 1 || c1 < 1) return fail(`tent [${r1}, ${c1}] has a coordinate below 1: coordinates are 1-based [row, column]`, r1 >= 0 && c1 >= 0 && r1 < rows && c1 < cols ? [cellLoc(r1, c1, 'read as 0-based?')] : []);
    const t: Pair = [r1 - 1, c1 - 1];
    if (t[0] >= rows || t[1] >= cols) return fail(`tent ${fmt(t)} is outside the ${rows}×${cols} grid ([row, column], 1-based)`);
    if (seen.has(`${t[0]},${t[1]}`)) return fail(`tent ${fmt(t)} is listed twice`, [cellLoc(t[0], t[1], 'listed twice')]);
    seen.add(`${t[0]},${t[1]}`);
    tents.push(t);
  }
  const tree = (r: number, c: number) => r >= 0 && r < rows && c >= 0 && c < cols && isTree(puzzle.grid[r]?.[c]);
  const reasons: string[] = [];
  const locs: Location[] = [];
  for (const t of tents) {
    if (tree(t[0], t[1])) {
      reasons.push(`tent ${fmt(t)} is placed on a tree`);
      locs.push(cellLoc(t[0], t[1], 'on a tree'));
    } else if (!ORTHO.some(([dr, dc]) => tree(t[0] + dr, t[1] + dc))) {
      reasons.push(`tent ${fmt(t)} is not orthogonally next to a tree`);
      locs.push(cellLoc(t[0], t[1], 'no tree next to it'));
    }
  }
  const reported = new Set<string>();
  for (const t of tents) {
    for (const [dr, dc] of AROUND) {
      const o: Pair = [t[0] + dr, t[1] + dc];
      const pairKey = [fmt(t), fmt(o)].sort().join();
      if (seen.has(`${o[0]},${o[1]}`) && !reported.has(pairKey)) {
        reported.add(pairKey);
        reasons.push(`tents ${fmt(t)} and ${fmt(o)} touch (tents may not be adjacent, even diagonally)`);
        locs.push(cellLoc(t[0], t[1], 'touching'), cellLoc(o[0], o[1], 'touching'));
      }
    }
  }
  const counts = countsCheck(tents, rows, cols, puzzle, true);
  reasons.push(...counts.reasons);
  locs.push(...counts.locs);
  if (reasons.length === 0) {
    const { unmatched } = matchTents(tents, tree);
    if (unmatched.length > 0) {
      reasons.push(`the tents cannot each be paired with their own tree: ${unmatched.map(fmt).join(', ')} ${unmatched.length === 1 ? 'has' : 'have'} no tree left after the others are paired (one tent per tree)`);
      locs.push(...unmatched.map(([r, c]) => cellLoc(r, c, 'no tree of its own')));
    }
  }
  if (reasons.length > 0) return fail(reasons.length === 1 ? reasons[0]! : `${reasons[0]!} (and ${reasons.length - 1} more: ${reasons.slice(1, 4).join('; ')}${reasons.length > 4 ? '; …' : ''})`, locs);
  return pass();
}

export const campsiteVerifier: TaskVerifier = {
  scoreFunction: 'campsite_evaluator',
  categories: ['campsite'],
  reference: referenceCheck,
  strict: strictCheck,
};
