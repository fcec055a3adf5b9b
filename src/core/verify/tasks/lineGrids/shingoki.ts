/**
 * shingoki — `shingoki_evaluator` (verifiers.md §6.16).
 *
 * Points are the puzzle's lattice points `(row, col)`, 0-based, in reasons and in locations.
 *
 * reference: segments read by the first of a cascade of patterns that matches (so unspaced
 * `(r,c)-(r,c)` segments hide spaced ones), points allowed up to row R and column C inclusive, then one
 * loop (every point of degree 2, connected), every circle on it, white straight, black turning, and the
 * value = the two straight runs out of the circle.
 * strict: every segment of the answer is read (spaced or not, chains `a-b-c` too); points must lie on
 * the puzzle's R×C lattice (0..R-1, 0..C-1, as the question's layout numbers them); no segment listed
 * twice; the same loop and circle rules, with every violation located.
 */
import { fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { answerCore, components, excerpt, findAll, isDict, jsonLoads, plural, pyDigits, pyInt, pyNumEq, pyRe, pyStrip, pyTruthy } from './common';
import { pushTo } from '../../collections';

type Pt = [number, number];
type Seg = [Pt, Pt];
const key = (p: Pt): string => `${p[0]},${p[1]}`;
const at = (p: Pt): string => `(${p[0]},${p[1]})`;
const segText = (s: Seg): string => `${at(s[0])}-${at(s[1])}`;
const pointLoc = (p: Pt, label?: string): Location => (label === undefined ? { kind: 'node', row: p[0], col: p[1] } : { kind: 'node', row: p[0], col: p[1], label });
const segLoc = (s: Seg, index: number, label?: string): Location => {
  const l: Location = { kind: 'edge', from: at(s[0]), to: at(s[1]), index };
  if (label !== undefined) l.label = label;
  return l;
};
const CONV = ' (points as (row, col), 0-based)';

// ---------------------------------------------------------------------------------------------------
// Reference extraction

const SEGMENT_PATTERNS = [
  String.raw`\((\d+),(\d+)\)-\((\d+),(\d+)\)`,
  String.raw`\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*[-–—]\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)`,
  String.raw`(\d+),(\d+)[-–—](\d+),(\d+)`,
  String.raw`\[(\d+),(\d+)\][-–—]\[(\d+),(\d+)\]`,
  String.raw`(\d+),(\d+)\s*(?:[-–—]|to|->|→|=>)\s*(\d+),(\d+)`,
  String.raw`\{(\d+),(\d+)\}[-–—]\{(\d+),(\d+)\}`,
  String.raw`(\d+)[,;|:](\d+)\s*[-–—]\s*(\d+)[,;|:](\d+)`,
].map((p) => pyRe(p, 'g'));
const WS_RUN = pyRe(String.raw`\s+`, 'g');
const JSON_ANSWER = pyRe(String.raw`\{[^}]*"answer"[^}]*\}`, 'g');
const COORD = pyRe(String.raw`\(?(\d+)[,;:\s]+(\d+)\)?`, 'g');
const FROM_TO = pyRe(String.raw`from\s*\(?(\d+)[,\s]+(\d+)\)?\s*to\s*\(?(\d+)[,\s]+(\d+)\)?`, 'gi');
const NUMBERED = pyRe(String.raw`\d+\.\s*\(?(\d+)[,\s]+(\d+)\)?\s*(?:to|->|→)\s*\(?(\d+)[,\s]+(\d+)\)?`, 'g');
const NUMBER = pyRe(String.raw`\d+`, 'g');

const segOf = (m: RegExpExecArray): Seg => [
  [pyDigits(m[1]!), pyDigits(m[2]!)],
  [pyDigits(m[3]!), pyDigits(m[4]!)],
];

/** The reference `extract_answer`: segments and the strategy that produced them; null when none. */
export function referenceSegments(output: string): { segs: Seg[]; how: string } | null {
  if (!output) return null;
  const cleaned = pyStrip(output).replace(WS_RUN, ' ');
  for (const [i, re] of SEGMENT_PATTERNS.entries()) {
    const ms = findAll(re, cleaned);
    if (ms.length > 0) return { segs: ms.map(segOf), how: i === 0 ? 'unspaced (r,c)-(r,c) segments' : `segment pattern ${i + 1}` };
  }
  for (const m of findAll(JSON_ANSWER, cleaned)) {
    const d = jsonLoads(m[0]);
    if (!d || !isDict(d.value) || !('answer' in d.value)) continue;
    const a = d.value['answer'];
    if (typeof a === 'string') return referenceSegments(a);
    if (Array.isArray(a)) {
      const segs: Seg[] = [];
      for (const item of a) if (typeof item === 'string') segs.push(...(referenceSegments(item)?.segs ?? []));
      if (segs.length > 0) return { segs, how: 'a JSON "answer" list' };
    }
  }
  const coords = findAll(COORD, cleaned).map((m): Pt => [pyDigits(m[1]!), pyDigits(m[2]!)]);
  if (coords.length >= 2) return { segs: coords.slice(1).map((p, i): Seg => [coords[i]!, p]), how: 'a chain of points (consecutive points joined)' };
  for (const [re, how] of [
    [FROM_TO, '"from … to …" phrases'],
    [NUMBERED, 'a numbered list'],
  ] as const) {
    const ms = findAll(re, cleaned);
    if (ms.length > 0) return { segs: ms.map(segOf), how };
  }
  const nums = findAll(NUMBER, cleaned).map((m) => pyDigits(m[0]));
  if (nums.length >= 4 && nums.length % 4 === 0) {
    const segs: Seg[] = [];
    for (let i = 0; i < nums.length; i += 4)
      segs.push([
        [nums[i]!, nums[i + 1]!],
        [nums[i + 2]!, nums[i + 3]!],
      ]);
    return { segs, how: 'all integers in groups of four' };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Loop analysis shared by both modes

interface Graph {
  adj: Map<string, Pt[]>;
  points: Map<string, Pt>;
}

function graphOf(segs: Seg[]): Graph {
  const adj = new Map<string, Pt[]>();
  const points = new Map<string, Pt>();
  for (const [a, b] of segs) {
    points.set(key(a), a);
    points.set(key(b), b);
    pushTo(adj, key(a), b);
    pushTo(adj, key(b), a);
  }
  return { adj, points };
}

function straightRun(g: Graph, from: Pt, next: Pt): number {
  const dir: Pt = [next[0] - from[0], next[1] - from[1]];
  let cur = next;
  let length = 1;
  const visited = new Set([key(from)]);
  for (;;) {
    visited.add(key(cur));
    const n = (g.adj.get(key(cur)) ?? []).find((p) => !visited.has(key(p)) && p[0] - cur[0] === dir[0] && p[1] - cur[1] === dir[1]);
    if (!n) return length;
    cur = n;
    length++;
  }
}

interface Circle {
  pos: Pt;
  type: unknown;
  value: unknown;
}

/** Circle rule violations (white straight, black turn, value), in circle order. */
function circleProblems(g: Graph, circles: Circle[]): Array<{ reason: string; loc: Location }> {
  const out: Array<{ reason: string; loc: Location }> = [];
  for (const c of circles) {
    const nb = g.adj.get(key(c.pos));
    if (!nb) {
      out.push({ reason: `the loop does not pass through the ${String(c.type)} circle at ${at(c.pos)}`, loc: pointLoc(c.pos, 'circle not on the loop') });
      continue;
    }
    if (nb.length !== 2) continue;
    const [n1, n2] = nb as [Pt, Pt];
    const straight = n1[0] - c.pos[0] + (n2[0] - c.pos[0]) === 0 && n1[1] - c.pos[1] + (n2[1] - c.pos[1]) === 0;
    if (c.type === 'white' && !straight) {
      out.push({ reason: `the loop turns at the white circle ${at(c.pos)}; it must go straight through`, loc: pointLoc(c.pos, 'white circle: must go straight') });
      continue;
    }
    if (c.type === 'black' && straight) {
      out.push({ reason: `the loop goes straight through the black circle ${at(c.pos)}; it must turn there`, loc: pointLoc(c.pos, 'black circle: must turn') });
      continue;
    }
    const a = straightRun(g, c.pos, n1);
    const b = straightRun(g, c.pos, n2);
    if (!pyNumEq(a + b, c.value)) {
      out.push({ reason: `the ${String(c.type)} circle at ${at(c.pos)} has value ${JSON.stringify(c.value)} but its two straight lines are ${a} + ${b} = ${a + b} long`, loc: pointLoc(c.pos, `lines ${a}+${b}, value ${JSON.stringify(c.value)}`) });
    }
  }
  return out;
}

function loopProblems(g: Graph): Check | null {
  const bad = [...g.points.values()].filter((p) => (g.adj.get(key(p)) ?? []).length !== 2);
  if (bad.length > 0) {
    const parts = bad.slice(0, 5).map((p) => {
      const d = g.adj.get(key(p))!.length;
      return d === 1 ? `${at(p)} is a dead end (1 segment)` : `${at(p)} has ${d} segments meeting`;
    });
    return fail(`not a single loop: every point on it needs exactly 2 segments, but ${parts.join(', ')}${bad.length > 5 ? ', …' : ''}${CONV}`, bad.map((p) => pointLoc(p, `${g.adj.get(key(p))!.length} segments`)));
  }
  const comps = components(
    [...g.points.values()],
    key,
    (p) => g.adj.get(key(p)) ?? [],
  );
  if (comps.length > 1) {
    const small = [...comps].sort((a, b) => a.length - b.length)[0]!;
    return fail(`the segments form ${comps.length} separate loops, not one (e.g. the loop through ${at(small[0]!)} with ${small.length} points)${CONV}`, small.map((p) => pointLoc(p, 'separate loop')));
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// reference

function pyLen(v: unknown): number | undefined {
  if (Array.isArray(v)) return v.length;
  if (typeof v === 'string') return [...v].length;
  if (isDict(v)) return Object.keys(v).length;
  return undefined;
}

const numeric = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : undefined);

/** Circles parsed from grid cells `W<v>` / `B<v>`; `error` where the reference would raise. */
function circlesFromGrid(grid: unknown): Record<string, { type: string; value: number }> | { error: string } {
  const out: Record<string, { type: string; value: number }> = {};
  const rows = Array.isArray(grid) ? grid : typeof grid === 'string' ? [...grid] : [];
  for (const [r, row] of rows.entries()) {
    const cells: unknown[] | undefined = Array.isArray(row) ? row : typeof row === 'string' ? [...row] : undefined;
    if (cells === undefined) return { error: `row ${r} of the grid is not a sequence` };
    for (const [c, cell] of cells.entries()) {
      if (!pyTruthy(cell) || cell === '.') continue;
      if (typeof cell !== 'string') return { error: `grid cell (${r},${c}) is not a string` };
      const type = cell.startsWith('W') ? 'white' : cell.startsWith('B') ? 'black' : null;
      if (type === null) continue;
      const value = pyInt(cell.slice(1));
      if (value === undefined) continue;
      out[`${r},${c}`] = { type, value };
    }
  }
  return out;
}

function reference(input: VerifyInput): Check {
  const read = referenceSegments(input.answer);
  if (read === null) return fail(`could not read any (r1,c1)-(r2,c2) segment from the answer: ${excerpt(input.answer)}`);
  const segs = read.segs;
  const st = input.initialState;
  if (st === null) return fail('the puzzle has no initial_state, which the reference requires');
  let state: Record<string, unknown>;
  if (typeof st === 'string') {
    const d = jsonLoads(st);
    if (!d) return fail('the puzzle\'s initial_state is not JSON, so the reference cannot read the grid');
    if (Array.isArray(d.value)) state = { grid: d.value };
    else if (isDict(d.value)) state = d.value;
    else return fail('the puzzle\'s initial_state is neither a grid nor a dict');
  } else state = st;

  let rows: unknown;
  let cols: unknown;
  if ('grid' in state) {
    const grid = state['grid'];
    rows = pyLen(grid);
    if (rows === undefined || (isDict(grid) && rows !== 0)) return fail('the puzzle\'s grid is not a list of rows, so the reference cannot size it');
    const first: unknown = Array.isArray(grid) ? grid[0] : typeof grid === 'string' ? grid[0] : undefined;
    cols = rows === 0 ? 0 : pyLen(first);
    if (cols === undefined) return fail('the first row of the puzzle\'s grid is not a sequence, so the reference cannot size it');
  } else {
    rows = state['rows'] ?? 0;
    cols = state['cols'] ?? 0;
  }
  if (numeric(rows) === 0 || numeric(cols) === 0) return fail('the puzzle\'s grid has no rows or no columns');

  let circles: unknown;
  if ('circles' in state) circles = state['circles'];
  else if ('grid' in state) {
    const c = circlesFromGrid(state['grid']);
    if ('error' in c && typeof c.error === 'string') return fail(`the reference cannot read the circles: ${c.error}`);
    circles = c;
  }
  if (!pyTruthy(circles)) {
    return fail('the puzzle has no circles, which the reference rejects');
  }

  const R = numeric(rows);
  const C = numeric(cols);
  if (R === undefined || C === undefined) return fail('the puzzle\'s rows/cols are not numbers, so the reference cannot check the bounds');
  const note = read.how === 'unspaced (r,c)-(r,c) segments' ? '' : ` — read as ${read.how}: ${plural(segs.length, 'segment')}`;
  for (const [i, s] of segs.entries()) {
    const [[r1, c1], [r2, c2]] = s;
    if (!(r1 >= 0 && r1 <= R && c1 >= 0 && c1 <= C && r2 >= 0 && r2 <= R && c2 >= 0 && c2 <= C)) {
      return fail(`segment ${i + 1} ${segText(s)} leaves the grid (the reference allows rows 0..${R} and columns 0..${C})${CONV}${note}`, [segLoc(s, i, 'out of bounds')]);
    }
    if (Math.abs(r1 - r2) + Math.abs(c1 - c2) !== 1) return fail(`segment ${i + 1} ${segText(s)} does not join two adjacent points${CONV}${note}`, [segLoc(s, i, 'not a unit segment')]);
  }
  const g = graphOf(segs);
  const loop = loopProblems(g);
  if (loop) return { ...loop, reason: `${loop.reason ?? ''}${note}` };

  if (!isDict(circles)) return fail('the puzzle\'s circles are not a {"r,c": {...}} dict, which the reference requires');
  const list: Circle[] = [];
  for (const [k, info] of Object.entries(circles)) {
    const parts = k.split(',');
    const r = parts.length === 2 ? pyInt(parts[0]) : undefined;
    const c = parts.length === 2 ? pyInt(parts[1]) : undefined;
    if (r === undefined || c === undefined) return fail(`the puzzle's circle key ${JSON.stringify(k)} is not "row,col"`);
    list.push({ pos: [r, c], type: undefined, value: info });
  }
  const missing = list.filter((c) => !g.adj.has(key(c.pos)));
  if (missing.length > 0) {
    return fail(`the loop does not pass through every circle: ${missing.map((c) => at(c.pos)).join(', ')} ${missing.length === 1 ? 'is' : 'are'} off the loop${CONV}${note}`, missing.map((c) => pointLoc(c.pos, 'circle not on the loop')));
  }
  for (const c of list) {
    const info = c.value;
    if (!isDict(info) || !('type' in info) || !('value' in info)) return fail(`the puzzle's circle at ${at(c.pos)} has no type/value`);
    const problems = circleProblems(g, [{ pos: c.pos, type: info['type'], value: info['value'] }]);
    if (problems.length > 0) return fail(`${problems[0]!.reason}${CONV}${note}`, [problems[0]!.loc]);
  }
  return pass();
}

// ---------------------------------------------------------------------------------------------------
// strict

const POINT = pyRe(String.raw`[(\[{]?\s*(\d+)\s*[,;]\s*(\d+)\s*[)\]}]?`, 'g');
const JOIN = pyRe(String.raw`^\s*(?:[-–—]+\s*>?|->|→|=>|to)\s*$`, 'i');

/**
 * Every segment of the answer: consecutive points (`(r,c)`, `[r,c]`, `{r,c}`, `r,c`, `r;c`) joined by a
 * dash, an arrow or "to" (so chains `a-b-c` give several segments, and "from a to b" one); an answer that
 * is only a closed list of points (first = last) reads as the loop through them.
 */
export function strictSegments(answer: string): Seg[] {
  const pts = findAll(POINT, answer);
  const point = (m: RegExpExecArray): Pt => [pyDigits(m[1]!), pyDigits(m[2]!)];
  const joined = pts.map((a, i) => i + 1 < pts.length && JOIN.test(answer.slice(a.index + a[0].length, pts[i + 1]!.index)));
  const segs: Seg[] = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    if (!joined[i]) continue;
    const a = point(pts[i]!);
    const b = point(pts[i + 1]!);
    // "a-b -> b-c": the arrow between a segment's end and the next segment's start adds no segment.
    if (key(a) === key(b) && i > 0 && joined[i - 1] && joined[i + 1]) continue;
    segs.push([a, b]);
  }
  if (segs.length === 0 && pts.length >= 4 && /^[\s\d,;()[\]{}]*$/.test(answerCore(answer))) {
    // A closed sequence of points (first = last) is a loop written point by point.
    const seq = pts.map(point);
    if (key(seq[0]!) === key(seq[seq.length - 1]!)) return seq.slice(1).map((p, i): Seg => [seq[i]!, p]);
  }
  return segs;
}

interface Puzzle {
  rows: number;
  cols: number;
  circles: Circle[];
}

function puzzleFromState(st: unknown): Puzzle | null {
  let v = st;
  if (typeof v === 'string') v = jsonLoads(v)?.value;
  if (Array.isArray(v)) v = { grid: v };
  if (!isDict(v)) return null;
  const grid = v['grid'];
  let rows: number | undefined;
  let cols: number | undefined;
  if (Array.isArray(grid) && grid.length > 0 && Array.isArray(grid[0])) {
    rows = grid.length;
    cols = (grid[0] as unknown[]).length;
  } else {
    rows = pyInt(v['rows']);
    cols = pyInt(v['cols']);
  }
  if (!rows || !cols) return null;
  const circles: Circle[] = [];
  const raw = isDict(v['circles']) ? v['circles'] : Array.isArray(grid) ? circlesFromGrid(grid) : null;
  if (raw === null || 'error' in raw) return null;
  for (const [k, info] of Object.entries(raw)) {
    const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(k);
    if (!m || !isDict(info)) return null;
    const t = typeof info['type'] === 'string' ? info['type'].toLowerCase() : info['type'];
    const type = t === 'w' || t === 'white' ? 'white' : t === 'b' || t === 'black' ? 'black' : t;
    circles.push({ pos: [Number(m[1]), Number(m[2])], type, value: pyInt(info['value']) ?? info['value'] });
  }
  return circles.length > 0 ? { rows, cols, circles } : null;
}

/** The question's "Grid size: R rows × C columns" and "Grid Layout:" table. */
function puzzleFromQuestion(q: string): Puzzle | null {
  const size = /Grid size:\s*(\d+)\s*rows?\s*[×x*]\s*(\d+)\s*col/i.exec(q);
  const layout = /Grid Layout:\s*\n([\s\S]*?)(?:\n\s*\n|$)/i.exec(q);
  if (!size || !layout) return null;
  const circles: Circle[] = [];
  for (const line of layout[1]!.split('\n')) {
    const m = /^\s*(\d+)\s+(\S.*)$/.exec(line);
    if (!m || !/^(?:[.WB]\d*\s*)+$/.test(m[2]!.trim())) continue;
    for (const [c, tok] of m[2]!.trim().split(/\s+/).entries()) {
      const t = /^([WB])(\d+)$/.exec(tok);
      if (t) circles.push({ pos: [Number(m[1]), c], type: t[1] === 'W' ? 'white' : 'black', value: Number(t[2]) });
    }
  }
  return circles.length > 0 ? { rows: Number(size[1]), cols: Number(size[2]), circles } : null;
}

function strict(input: VerifyInput): Check {
  const segs = strictSegments(input.answer);
  if (segs.length === 0) {
    const listsPoints = findAll(POINT, input.answer).length >= 2;
    return parseError(`could not read any (r1,c1)-(r2,c2) segment from the answer${listsPoints ? ' (it lists points, not segments joined by "-")' : ''}: ${excerpt(input.answer)}`);
  }
  const puzzle = puzzleFromState(input.initialState) ?? puzzleFromQuestion(input.question);
  if (puzzle === null) {
    const stored = strictSegments(input.groundTruth);
    if (stored.length === 0) return parseError('the puzzle is unknown (no grid or circles in initial_state or the question) and the stored solution has no segments to compare with');
    const norm = (ss: Seg[]): Set<string> => new Set(ss.map((s) => [key(s[0]), key(s[1])].sort().join('|')));
    const a = norm(segs);
    const b = norm(stored);
    const same = a.size === b.size && [...a].every((k) => b.has(k)) && a.size === segs.length;
    return same ? pass('the puzzle is unknown: the segments equal the stored solution') : fail('the puzzle is unknown, so the answer is compared with the stored solution: the segments differ');
  }
  const { rows: R, cols: C } = puzzle;
  for (const [i, s] of segs.entries()) {
    const off = s.find(([r, c]) => r < 0 || r >= R || c < 0 || c >= C);
    if (off) return fail(`segment ${i + 1} ${segText(s)} uses the point ${at(off)}, outside the ${R}×${C} grid of points (rows 0..${R - 1}, columns 0..${C - 1})${CONV}`, [segLoc(s, i, 'outside the grid')]);
    if (Math.abs(s[0][0] - s[1][0]) + Math.abs(s[0][1] - s[1][1]) !== 1) return fail(`segment ${i + 1} ${segText(s)} does not join two adjacent points${CONV}`, [segLoc(s, i, 'not a unit segment')]);
  }
  const seen = new Map<string, number>();
  for (const [i, s] of segs.entries()) {
    const k = [key(s[0]), key(s[1])].sort().join('|');
    const prev = seen.get(k);
    if (prev !== undefined) return fail(`segment ${segText(s)} is listed twice (segments ${prev + 1} and ${i + 1})${CONV}`, [segLoc(segs[prev]!, prev), segLoc(s, i, 'listed again')]);
    seen.set(k, i);
  }
  const g = graphOf(segs);
  const loop = loopProblems(g);
  if (loop) return loop;
  const problems = circleProblems(g, puzzle.circles);
  if (problems.length > 0) {
    return fail(`${problems.slice(0, 4).map((p) => p.reason).join('; ')}${problems.length > 4 ? `; and ${problems.length - 4} more` : ''}${CONV}`, problems.map((p) => p.loc));
  }
  return pass();
}

export const shingokiVerifier: TaskVerifier = {
  scoreFunction: 'shingoki_evaluator',
  categories: ['shingoki'],
  reference,
  strict,
};
