/**
 * aquarium — `aquarium_evaluator` (verifiers.md §6.8). Cells are (x, y) = (column, row), 0-based, as the
 * question states; reasons use that convention and name rows as "row y=2".
 *
 * Reference: the answer text is whitespace-collapsed; any `[]` means "no water"; else pairs are read
 * from the last answer block (`[answer]…[/answer]`, `<answer>…</answer>`, `Answer: …`, `答案: …`,
 * `Final answer: …`); else from the first `[...]` / `{...}` group that yields a pair (only the last 100
 * characters of a text longer than 500 are searched; a nested list `[[0, 1], [1, 1]]` yields only its
 * first inner pair); else scattered pairs anywhere; else the first line with an even number of integers;
 * else phrases like "cells at (1, 2)". Values outside 0..50 are dropped, duplicates removed. Then: all
 * pairs in bounds, row and column counts equal to the clues, and per region: no floating water (a filled
 * cell over a same-region cell requires it filled) and level water (each row of a region all filled or
 * all empty, the filled rows contiguous).
 *
 * The list pattern of step 3 backtracks exponentially on an unterminated list (`[(0, 1), (1, 1), …`
 * with no `]`): the reference then times out (> 10 s, scored 0). It is re-implemented here without
 * backtracking; an unterminated group with 25 or more parenthesised pairs is reported as that timeout.
 *
 * Strict: every cell of the answer is read (nested lists, tuples, bare pairs), a cell listed twice or
 * outside the grid is reported, then the same puzzle rules.
 */
import { crash, fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { cellLoc, colLoc, findAll0, findAll1, findAll2, isPlainObject, pyEq, pyStrip, quote, readPairListStrict, rowLoc } from './common';
import { arrayOf } from '../../collections';

type Pair = [number, number];

/** Unterminated list groups with this many parenthesised pairs make the reference time out. */
export const TIMEOUT_GROUPS = 25;

class ReferenceTimeout extends Error {}

function normalizeText(text: string): string {
  return pyStrip(text).replace(/\s+/g, ' ').replace(/，/g, ',').replace(/（/g, '(').replace(/）/g, ')').replace(/【/g, '[').replace(/】/g, ']');
}

function dedupe(pairs: Pair[]): Pair[] {
  const seen = new Set<string>();
  return pairs.filter(([x, y]) => {
    const k = `${x},${y}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const inRange = ([x, y]: Pair) => x >= 0 && x <= 50 && y >= 0 && y <= 50;

/** The reference's `_parse_coordinates_from_text`: null when nothing is found. */
function coordinatesFromText(text: string): Pair[] | null {
  const out: Pair[] = [];
  for (const re of [/\((\d+)\s*,\s*(\d+)\)/g, /\((\d+)\s+(\d+)\)/g, /(\d+)\s*,\s*(\d+)/g, /(\d+)\s*-\s*(\d+)/g]) {
    for (const [a, b] of findAll2(re, text)) {
      const p: Pair = [Number(a), Number(b)];
      if (inRange(p)) out.push(p);
    }
  }
  return out.length > 0 ? dedupe(out) : null;
}

/**
 * The contents of every match of `\[([^\[\]]*(?:\([^)]*\)[^\[\]]*)*)\]` (or the brace variant), as
 * Python's findall returns them, computed without backtracking. Between the brackets, other brackets may
 * only appear inside a parenthesised run `( … )` (which ends at its first `)`), so the end of a match is
 * unique: the first closing bracket not covered by such a run.
 */
export function groupContents(text: string, open: string, close: string): string[] {
  const out: string[] = [];
  let s = text.indexOf(open);
  while (s >= 0) {
    let pos = s + 1;
    let end = -1;
    let lastFail = text.length;
    for (;;) {
      let b = pos;
      while (b < text.length && text[b] !== open && text[b] !== close) b++;
      if (b >= text.length) {
        lastFail = text.length;
        break;
      }
      if (text[b] === close) {
        end = b;
        break;
      }
      // An opening bracket: it must sit inside a `( … )` run that starts after the last `)` before it.
      const lastClose = text.lastIndexOf(')', b - 1);
      const from = Math.max(pos, lastClose + 1);
      const paren = text.indexOf('(', from);
      const r = text.indexOf(')', b + 1);
      if (paren < 0 || paren >= b || r < 0) {
        lastFail = b;
        break;
      }
      pos = r + 1;
    }
    if (end >= 0) {
      out.push(text.slice(s + 1, end));
      s = text.indexOf(open, end + 1);
    } else {
      // A failed attempt explores every way of splitting the parenthesised runs it passed over.
      const groups = (text.slice(s + 1, lastFail).match(/\(/g) ?? []).length;
      if (groups >= TIMEOUT_GROUPS) throw new ReferenceTimeout(`the list opened at character ${s + 1} is never closed and holds ${groups} parenthesised pairs: the reference's list pattern backtracks exponentially on it and times out (> 10 s)`);
      s = text.indexOf(open, s + 1);
    }
  }
  return out;
}

function lastCodePoints(text: string, n: number): string {
  const cps = Array.from(text);
  return cps.length > 500 ? cps.slice(-n).join('') : text;
}

/** The reference's extraction: pairs, or null when nothing is found. Throws ReferenceTimeout. */
export function extractAquariumReference(answer: string): { pairs: Pair[]; how: string } | null {
  const text = normalizeText(answer);
  if (/\[\s*\]/.test(text)) return { pairs: [], how: 'an empty list "[]"' };
  for (const [re, how] of [
    [/\[answer\]([\s\S]*?)\[\/answer\]/gi, '[answer] block'],
    [/<answer>([\s\S]*?)<\/answer>/gi, '<answer> block'],
    [/Answer:\s*([\s\S]*?)(?:\n|$)/gi, '"Answer:" text'],
    [/答案[：:]\s*([\s\S]*?)(?:\n|$)/gi, '"答案:" text'],
    [/Final answer:\s*([\s\S]*?)(?:\n|$)/gi, '"Final answer:" text'],
  ] as const) {
    const ms = findAll1(re, text);
    if (ms.length > 0) {
      const c = coordinatesFromText(pyStrip(ms[ms.length - 1]!));
      if (c) return { pairs: c, how };
    }
  }
  const tail = lastCodePoints(text, 100);
  // Tried in order, lazily: a later pattern only runs when the earlier ones found nothing.
  const candidates: Array<[() => string[], string]> = [
    [() => groupContents(tail, '[', ']'), 'the first [...] group'],
    [() => groupContents(tail, '{', '}'), 'the first {...} group'],
    [() => findAll1(/list\s*[:=]\s*\[([^[\]]*)\]/gi, tail), '"list: [...]"'],
    [() => findAll1(/coordinates?\s*[:=]\s*\[([^[\]]*)\]/gi, tail), '"coordinates: [...]"'],
  ];
  for (const [matches, how] of candidates) {
    for (const m of matches()) {
      const c = coordinatesFromText(m);
      if (c) return { pairs: c, how };
    }
  }
  const scattered: Pair[] = [];
  for (const re of [/\((\d+)\s*,\s*(\d+)\)/gi, /\((\d+)\s+(\d+)\)/gi, /(\d+)\s*,\s*(\d+)/gi, /cell\s*\((\d+),\s*(\d+)\)/gi, /position\s*\((\d+),\s*(\d+)\)/gi, /(\d+)-(\d+)/gi]) {
    for (const [a, b] of findAll2(re, text)) {
      const p: Pair = [Number(a), Number(b)];
      if (inRange(p)) scattered.push(p);
    }
  }
  if (scattered.length > 0) return { pairs: dedupe(scattered), how: 'pairs scattered in the text' };
  for (const line of text.split('\n')) {
    const nums = findAll0(/\d+/g, line);
    if (nums.length >= 2 && nums.length % 2 === 0) {
      const c: Pair[] = [];
      for (let i = 0; i < nums.length; i += 2) {
        const p: Pair = [Number(nums[i]), Number(nums[i + 1])];
        if (inRange(p)) c.push(p);
      }
      if (c.length > 0) return { pairs: c, how: 'a line of integers read in pairs' };
    }
  }
  for (const found of [
    fillPhraseGroups,
    (t: string) => findAll1(/(?:solution|answer)(?:\s+is)?[:\s]*([^\n.!?]*(?:\(\d+,\s*\d+\)[^\n.!?]*)+)/gi, t),
    (t: string) => findAll1(/(?:coordinates?|positions?)[:\s]*([^\n.!?]*(?:\(\d+,\s*\d+\)[^\n.!?]*)+)/gi, t),
  ]) {
    for (const m of found(text)) {
      const c = coordinatesFromText(m);
      if (c) return { pairs: c, how: 'a phrase such as "cells at …"' };
    }
  }
  return null;
}

const FILL_KEYWORD = /(?:fill|water|cells?)/gi;
/** Everything after `\s+` is optional, so the greedy first try succeeds: a sticky exec never backtracks. */
const FILL_LEAD = /\s+(?:at|in)?\s*[:\s]*/iy;
const COORD_PAIR = /\(\d+,\s*\d+\)/g;
const PHRASE_STOP = /[\n.!?]/;

/**
 * The group 1 of every match of the reference's `(?:fill|water|cells?)\s+(?:at|in)?\s*[:\s]*([^\n.!?]*(?:\(\d+,\s*\d+\)[^\n.!?]*)+)`
 * (`re.findall`; the original is kept in test/verify/regexAquariumPhrase.test.ts), in linear time. As a regular expression
 * `\s+`, `\s*` and `[:\s]*` split a whitespace run in every way, each split then rescanning the phrase
 * (cubic: a keyword before a few thousand spaces hung). The group's pieces are all phrase characters
 * (not `\n.!?`) and a `(r, c)` pair is made of phrase characters only, so the group is the whole phrase
 * run from where the greedy lead ends, provided the run holds a pair; when it holds none, no shorter
 * lead helps (what a shorter lead gives back is whitespace, `:`, `at` or `in`, never a pair).
 */
export function fillPhraseGroups(text: string): string[] {
  const n = text.length;
  const nextStop = new Int32Array(n + 1).fill(n);
  for (let i = n - 1; i >= 0; i--) nextStop[i] = PHRASE_STOP.test(text[i]!) ? i : nextStop[i + 1]!;
  const nextPair = new Int32Array(n + 1).fill(n);
  const starts = [...text.matchAll(COORD_PAIR)].map((m) => m.index);
  for (let i = n - 1, k = starts.length - 1; i >= 0; i--) {
    nextPair[i] = k >= 0 && starts[k] === i ? i : nextPair[i + 1]!;
    if (k >= 0 && starts[k] === i) k--;
  }
  const out: string[] = [];
  FILL_KEYWORD.lastIndex = 0;
  for (let k = FILL_KEYWORD.exec(text); k !== null; k = FILL_KEYWORD.exec(text)) {
    FILL_LEAD.lastIndex = k.index + k[0].length;
    const lead = FILL_LEAD.exec(text);
    const g = lead ? lead.index + lead[0].length : -1;
    if (g >= 0 && nextPair[g]! < nextStop[g]!) {
      out.push(text.slice(g, nextStop[g]));
      FILL_KEYWORD.lastIndex = nextStop[g]!;
    } else FILL_KEYWORD.lastIndex = k.index + 1;
  }
  return out;
}

export interface AquariumPuzzle {
  regions: unknown[][];
  rowClues: unknown[];
  colClues: unknown[];
  rows: number;
  cols: number;
}

export function readPuzzle(state: VerifyInput['initialState']): AquariumPuzzle | string {
  let data: unknown = state;
  if (typeof state === 'string') {
    try {
      data = JSON.parse(state);
    } catch {
      return 'initial_state is not JSON';
    }
  }
  if (!isPlainObject(data)) return 'initial_state is not a dict';
  for (const key of ['regions', 'row_clues', 'col_clues', 'grid_size']) if (!(key in data)) return `initial_state has no "${key}"`;
  const size = data['grid_size'];
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'grid_size is not a [rows, cols] pair';
  const regions = data['regions'];
  const rowClues = data['row_clues'];
  const colClues = data['col_clues'];
  if (!Array.isArray(regions) || !regions.every((r) => Array.isArray(r)) || !Array.isArray(rowClues) || !Array.isArray(colClues)) return 'regions/row_clues/col_clues are not lists';
  if ((size[0] as number) <= 0 || (size[1] as number) <= 0) return 'grid_size is empty';
  return { regions: regions as unknown[][], rowClues, colClues, rows: size[0] as number, cols: size[1] as number };
}

const at = (x: number, y: number) => `(x=${x}, y=${y})`;

/** Row and column clues, then every region's gravity and level rule (the reference's order). */
function checkRules(filled: boolean[][], p: AquariumPuzzle, collect: boolean): Check {
  const reasons: string[] = [];
  const locs: Location[] = [];
  const done = () => fail(reasons.length === 1 ? reasons[0]! : `${reasons[0]!} (and ${reasons.length - 1} more: ${reasons.slice(1, 4).join('; ')}${reasons.length > 4 ? '; …' : ''})`, locs);
  for (let y = 0; y < p.rows; y++) {
    if (y >= p.rowClues.length) return crash(`row_clues has ${p.rowClues.length} entries for ${p.rows} rows (IndexError)`);
    const n = filled[y]!.filter(Boolean).length;
    if (!pyEq(n, p.rowClues[y])) {
      reasons.push(`row y=${y} has ${n} filled cell${n === 1 ? '' : 's'} but its clue is ${String(p.rowClues[y])}`);
      locs.push(rowLoc(y, `${n} of ${String(p.rowClues[y])}`));
      if (!collect) return done();
    }
  }
  for (let x = 0; x < p.cols; x++) {
    if (x >= p.colClues.length) return crash(`col_clues has ${p.colClues.length} entries for ${p.cols} columns (IndexError)`);
    const n = filled.filter((row) => row[x]).length;
    if (!pyEq(n, p.colClues[x])) {
      reasons.push(`column x=${x} has ${n} filled cell${n === 1 ? '' : 's'} but its clue is ${String(p.colClues[x])}`);
      locs.push(colLoc(x, `${n} of ${String(p.colClues[x])}`));
      if (!collect) return done();
    }
  }
  const regionOf = (x: number, y: number): unknown => p.regions[y]?.[x];
  for (let y = 0; y < p.rows; y++) for (let x = 0; x < p.cols; x++) if (p.regions[y]?.[x] === undefined) return crash(`regions has no cell ${at(x, y)} (IndexError)`);
  // Region id -> its cells (row-major), regions in order of first appearance.
  const regionCells = new Map<unknown, Pair[]>();
  for (let y = 0; y < p.rows; y++) {
    for (let x = 0; x < p.cols; x++) {
      const id = regionOf(x, y);
      const list = regionCells.get(id);
      if (list) list.push([x, y]);
      else regionCells.set(id, [[x, y]]);
    }
  }
  for (const [id, cells] of regionCells) {
    const rid = (): string => JSON.stringify(id); // only reasons use it
    let bad = false;
    for (const [x, y] of cells) {
      if (filled[y]![x] && y + 1 < p.rows && regionOf(x, y + 1) === id && !filled[y + 1]![x]) {
        reasons.push(`${at(x, y)} holds water but ${at(x, y + 1)} below it, in the same region ${rid()}, is empty (water cannot float)`);
        locs.push(cellLoc(y, x, 'floating'), cellLoc(y + 1, x, 'empty below'));
        bad = true;
        break;
      }
    }
    if (bad) {
      if (!collect) return done();
      continue;
    }
    const levels = new Map<number, number[]>();
    for (const [x, y] of cells) {
      const xs = levels.get(y);
      if (xs) xs.push(x);
      else levels.set(y, [x]);
    }
    for (const [y, xs] of levels) {
      const n = xs.filter((x) => filled[y]![x]).length;
      if (n > 0 && n < xs.length) {
        reasons.push(`region ${rid()} is filled unevenly in row y=${y}: ${n} of its ${xs.length} cells there hold water (the water level must be flat)`);
        locs.push(...xs.map((x) => cellLoc(y, x, filled[y]![x] ? 'water' : 'dry')));
        bad = true;
        break;
      }
    }
    if (!bad) {
      const wet: number[] = [];
      for (const [y, xs] of levels) if (xs.some((x) => filled[y]![x])) wet.push(y);
      // Rows were met top to bottom, so wet is usually sorted already.
      if (wet.some((y, i) => i > 0 && y < wet[i - 1]!)) wet.sort((a, b) => a - b);
      if (wet.length > 0 && wet[wet.length - 1]! - wet[0]! + 1 !== wet.length) {
        reasons.push(`region ${rid()} holds water in rows y=${wet.join(', ')}, which are not contiguous`);
        locs.push(...cells.map(([x, y]) => cellLoc(y, x)));
        bad = true;
      }
    }
    if (bad && !collect) return done();
  }
  if (reasons.length > 0) return done();
  return pass();
}

function gridOf(pairs: Pair[], p: AquariumPuzzle): boolean[][] {
  const g = arrayOf(Math.max(p.rows, 0), () => Array<boolean>(Math.max(p.cols, 0)).fill(false));
  for (const [x, y] of pairs) g[y]![x] = true;
  return g;
}

function referenceCheck(input: VerifyInput): Check {
  const puzzle = readPuzzle(input.initialState);
  if (typeof puzzle === 'string') return fail(`the puzzle cannot be read: ${puzzle}`);
  let read: ReturnType<typeof extractAquariumReference>;
  try {
    read = extractAquariumReference(input.answer);
  } catch (e) {
    if (e instanceof ReferenceTimeout) return crash(e.message);
    throw e;
  }
  if (read === null) return fail(`could not read a list of cells from the answer: no (x, y) pairs in ${quote(input.answer)}`);
  for (const [x, y] of read.pairs) {
    if (!(x >= 0 && x < puzzle.cols && y >= 0 && y < puzzle.rows)) {
      return fail(`cell ${at(x, y)} (read from ${read.how}) is outside the ${puzzle.cols}×${puzzle.rows} grid (x = column, y = row, 0-based)`);
    }
  }
  const c = checkRules(gridOf(read.pairs, puzzle), puzzle, false);
  if (c.status !== 'pass' && read.pairs.length === 0) return { ...c, reason: `the answer is an empty list (no water), but ${c.reason ?? ''}` };
  return c;
}

function strictCheck(input: VerifyInput): Check {
  const puzzle = readPuzzle(input.initialState);
  if (typeof puzzle === 'string') return parseError(`the puzzle cannot be read: ${puzzle}`);
  if (puzzle.rowClues.length !== puzzle.rows || puzzle.colClues.length !== puzzle.cols || puzzle.regions.length !== puzzle.rows || puzzle.regions.some((r) => r.length !== puzzle.cols)) {
    return parseError(`the puzzle cannot be read: its clues or regions do not match grid_size ${puzzle.rows}×${puzzle.cols}`);
  }
  const text = input.answer.replace(/，/g, ',').replace(/（/g, '(').replace(/）/g, ')').replace(/【/g, '[').replace(/】/g, ']');
  const read = readPairListStrict(text);
  if (!read.ok) return parseError(`could not read a list of cells from the answer: ${read.reason}`);
  const seen = new Set<string>();
  for (const [x, y] of read.pairs) {
    if (!(x >= 0 && x < puzzle.cols && y >= 0 && y < puzzle.rows)) return fail(`cell ${at(x, y)} is outside the ${puzzle.cols}×${puzzle.rows} grid (x = column, y = row, 0-based)`);
    const k = `${x},${y}`;
    if (seen.has(k)) return fail(`cell ${at(x, y)} is listed twice`, [cellLoc(y, x, 'listed twice')]);
    seen.add(k);
  }
  return checkRules(gridOf(read.pairs, puzzle), puzzle, true);
}

export const aquariumVerifier: TaskVerifier = {
  scoreFunction: 'aquarium_evaluator',
  categories: ['aquarium'],
  reference: referenceCheck,
  strict: strictCheck,
};
