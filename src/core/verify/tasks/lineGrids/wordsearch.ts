/**
 * wordsearch — `wordsearch_evaluator` (verifiers.md §6.18).
 *
 * Positions are the puzzle's `(x, y)`: x = column, y = row, 1-based; locations are 0-based
 * (row = y - 1, col = x - 1). Directions: N up, S down, E right, W left, NE up-right, …
 *
 * reference: `WORD DIR @ (x, y)` entries of the answer and of the stored answer (the last `\boxed{}` or
 * `<answer>` block, escapes removed) must be the same word → (direction, start) map.
 * strict: the entries are read in either order (`WORD DIR @ (x, y)` or the question's own
 * `WORD DIR (x, y) @`); the words must be the stored answer's words, and each must really be spelled in
 * the grid of initial_state from its start in its direction (any correct placement counts); a word given
 * twice with different placements is rejected.
 */
import { fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { decodeList, excerpt, findAll, plural, pyDigits, pyRe, pyStrip } from './common';
import { flatMap } from '../../collections';

interface Placement {
  word: string;
  dir: string;
  x: number;
  y: number;
}

const place = (p: Pick<Placement, 'dir' | 'x' | 'y'>): string => `${p.dir} @ (${p.x}, ${p.y})`;

// ---------------------------------------------------------------------------------------------------
// reference

const BOXED = pyRe(String.raw`\\boxed\{(.*?)\}`, 'gs');
const ANSWER_TAG = pyRe(String.raw`<answer>(.*?)</answer>`, 'gsi');
const UNESCAPE = pyRe(String.raw`\\(.)`, 'g');
const ENTRY = pyRe(String.raw`([A-Za-z]+)\s+(N|S|E|W|NE|NW|SE|SW)\s+@\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)`, 'gi');

/** The reference `extract_answer`: lower-cased word → (upper-cased direction, (x, y)), later entries win. */
export function referenceMap(text: string): Map<string, Placement> {
  let t = pyStrip(text);
  const boxed = findAll(BOXED, t);
  if (boxed.length > 0) t = pyStrip(boxed[boxed.length - 1]![1]!);
  else {
    const tags = findAll(ANSWER_TAG, t);
    if (tags.length > 0) t = pyStrip(tags[tags.length - 1]![1]!);
  }
  t = t.replace(UNESCAPE, '$1');
  const out = new Map<string, Placement>();
  for (const m of findAll(ENTRY, t)) {
    const word = m[1]!.toLowerCase();
    out.set(word, { word, dir: m[2]!.toUpperCase(), x: pyDigits(m[3]!), y: pyDigits(m[4]!) });
  }
  return out;
}

function reference(input: VerifyInput): Check {
  const a = referenceMap(input.answer);
  const g = referenceMap(input.groundTruth);
  if (a.size === 0) return fail(`could not read a "WORD DIR @ (x, y)" entry from the answer (the @ must come between the direction and the coordinates): ${excerpt(input.answer)}`);
  if (g.size === 0) return fail(`the stored answer ${excerpt(input.groundTruth, 60)} has no "WORD DIR @ (x, y)" entry, so the reference can never match it`);
  const missing = [...g.keys()].filter((w) => !a.has(w));
  const extra = [...a.keys()].filter((w) => !g.has(w));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [missing.length > 0 ? `missing ${missing.map((w) => w.toUpperCase()).join(', ')}` : '', extra.length > 0 ? `not in the stored answer: ${extra.map((w) => w.toUpperCase()).join(', ')}` : ''].filter(Boolean);
    return fail(`the answer's words must be exactly the stored answer's words: ${parts.join('; ')}`, [...missing, ...extra].map((w, index) => ({ kind: 'word', index, label: w.toUpperCase() })));
  }
  for (const [w, gp] of g) {
    const ap = a.get(w)!;
    if (ap.dir !== gp.dir || ap.x !== gp.x || ap.y !== gp.y) {
      return fail(`${w.toUpperCase()} is given as ${place(ap)} but the stored answer has ${place(gp)} (x = column, y = row, 1-based); only the stored placement counts`, [
        { kind: 'cell', row: ap.y - 1, col: ap.x - 1, label: `${w.toUpperCase()} start as answered` },
      ]);
    }
  }
  return pass();
}

// ---------------------------------------------------------------------------------------------------
// strict

const DIRS: Record<string, [number, number]> = { N: [0, -1], S: [0, 1], E: [1, 0], W: [-1, 0], NE: [1, -1], NW: [-1, -1], SE: [1, 1], SW: [-1, 1] };
const ORDERED_DIRS = ['NE', 'NW', 'SE', 'SW', 'N', 'S', 'E', 'W'];
/** A word, its direction (spaced, after a `:`/`,`, or glued to the word), an optional @, the coordinates, an optional @. */
const STRICT_ENTRY = pyRe(String.raw`([A-Za-z]+)(?:\s*[:,]?\s+([A-Za-z]{1,2}))?\s*@?\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)(?:[^\S\r\n]*@)?`, 'g');

function splitWordDir(word: string, dir: string | undefined, known: readonly string[]): { word: string; dir: string } | null {
  if (dir !== undefined) {
    const d = dir.toUpperCase();
    return d in DIRS ? { word: word.toLowerCase(), dir: d } : null;
  }
  // Word and direction written together (`SHEEPSE`): split after a word the puzzle asks for; only when
  // the words are unknown, split off a trailing direction.
  for (const w of known) {
    const rest = word.slice(w.length).toUpperCase();
    if (word.toLowerCase().startsWith(w) && rest in DIRS) return { word: w, dir: rest };
  }
  if (known.length === 0) {
    for (const d of ORDERED_DIRS) {
      if (word.length > d.length && word.toUpperCase().endsWith(d)) return { word: word.slice(0, -d.length).toLowerCase(), dir: d };
    }
  }
  return { word: word.toLowerCase(), dir: '' };
}

export function strictEntries(text: string, known: readonly string[]): Placement[] {
  const t = text.replace(UNESCAPE, '$1');
  const out: Placement[] = [];
  for (const m of findAll(STRICT_ENTRY, t)) {
    const wd = splitWordDir(m[1]!, m[2], known);
    if (wd) out.push({ ...wd, x: pyDigits(m[3]!), y: pyDigits(m[4]!) });
  }
  return out;
}

/** The letter grid from initial_state, else the `[['A', ...], ...]` list in the question. */
function strictGrid(input: VerifyInput): string[][] | null {
  const ok = (v: unknown[] | undefined): string[][] | null =>
    v && v.length > 0 && v.every((row) => Array.isArray(row) && row.length > 0 && row.every((ch) => typeof ch === 'string')) ? (v as string[][]).map((row) => row.map((ch) => ch.toUpperCase())) : null;
  const fromState = ok(decodeList(input.initialState));
  if (fromState) return fromState;
  const m = /\[\s*\[[^\n]*\]\s*\]/.exec(input.question);
  return m ? ok(decodeList(m[0])) : null;
}

function spelled(grid: string[][], p: Placement): { text: string; cells: Array<[number, number]> } {
  const [dx, dy] = DIRS[p.dir]!;
  let text = '';
  const cells: Array<[number, number]> = [];
  for (let i = 0; i < p.word.length; i++) {
    const r = p.y - 1 + dy * i;
    const c = p.x - 1 + dx * i;
    const ch = grid[r]?.[c];
    if (ch === undefined) break;
    text += ch;
    cells.push([r, c]);
  }
  return { text, cells };
}

function findWord(grid: string[][], word: string): Placement[] {
  const out: Placement[] = [];
  for (let r = 0; r < grid.length; r++)
    for (let c = 0; c < grid[r]!.length; c++)
      for (const dir of ORDERED_DIRS) {
        const p = { word, dir, x: c + 1, y: r + 1 };
        if (spelled(grid, p).text.toLowerCase() === word) out.push(p);
      }
  return out;
}

function strict(input: VerifyInput): Check {
  const stored = strictEntries(input.groundTruth, []);
  const known = [...new Set(stored.map((p) => p.word))];
  const entries = strictEntries(input.answer, known);
  if (entries.length === 0) return parseError(`could not read a "WORD DIRECTION (x, y)" entry from the answer: ${excerpt(input.answer)}`);

  const byWord = new Map<string, Placement>();
  for (const [i, e] of entries.entries()) {
    const prev = byWord.get(e.word);
    if (prev && (prev.dir !== e.dir || prev.x !== e.x || prev.y !== e.y)) {
      return fail(`${e.word.toUpperCase()} is given twice with different placements: ${place(prev)} and ${place(e)}`, [{ kind: 'word', index: i, label: e.word.toUpperCase() }]);
    }
    byWord.set(e.word, e);
  }
  const grid = strictGrid(input);
  if (grid === null) {
    if (stored.length === 0) return parseError('the grid is unknown (no letter grid in initial_state or the question) and the stored answer has no entries to compare with');
    const diff = [...new Set([...stored.map((s) => s.word), ...byWord.keys()])].filter((w) => {
      const a = byWord.get(w);
      const s = stored.find((x) => x.word === w);
      return !a || !s || a.dir !== s.dir || a.x !== s.x || a.y !== s.y;
    });
    return diff.length === 0 ? pass('the grid is unknown: the placements equal the stored answer') : fail(`the grid is unknown, so the answer is compared with the stored answer: ${diff.map((w) => w.toUpperCase()).join(', ')} differ`);
  }

  const problems: Array<{ reason: string; locations: Location[] }> = [];
  for (const [i, e] of [...byWord.values()].entries()) {
    const W = e.word.toUpperCase();
    if (known.length > 0 && !known.includes(e.word)) {
      problems.push({ reason: `${W} is not a word the puzzle asks for (${known.map((w) => w.toUpperCase()).join(', ')})`, locations: [{ kind: 'word', index: i, label: W }] });
      continue;
    }
    if (e.dir === '') {
      problems.push({ reason: `${W} @ (${e.x}, ${e.y}) has no direction (N, S, E, W, NE, NW, SE or SW)`, locations: [{ kind: 'word', index: i, label: W }] });
      continue;
    }
    const inside = e.x >= 1 && e.y >= 1 && e.y <= grid.length && e.x <= (grid[e.y - 1]?.length ?? 0);
    const got = inside ? spelled(grid, e) : { text: '', cells: [] };
    if (got.text.toLowerCase() === e.word) continue;
    const found = findWord(grid, e.word);
    const hint = found.length > 0 ? `; ${W} is at ${found.map(place).join(' or ')}` : `; ${W} is not in the grid at all`;
    const what = !inside ? `starts outside the ${grid[0]!.length}×${grid.length} grid` : got.text.length < W.length ? `runs off the grid after ${JSON.stringify(got.text)}` : `reads ${JSON.stringify(got.text)} there`;
    problems.push({
      reason: `${W} ${place(e)} ${what}${hint}`,
      locations: [{ kind: 'word', index: i, label: W }, ...got.cells.map(([r, c]): Location => ({ kind: 'cell', row: r, col: c, label: `${W} as answered` }))],
    });
  }
  const missing = known.filter((w) => !byWord.has(w));
  if (missing.length > 0) problems.push({ reason: `${plural(missing.length, 'word')} not given: ${missing.map((w) => w.toUpperCase()).join(', ')}`, locations: missing.map((w) => ({ kind: 'word', label: w.toUpperCase() })) });
  if (problems.length > 0) return fail(`${problems.map((p) => p.reason).join('; ')} (x = column, y = row, 1-based)`, flatMap(problems, (p) => p.locations));
  return pass(known.length === 0 ? 'the stored answer names no words: every named word is spelled at its stated place' : undefined);
}

export const wordsearchVerifier: TaskVerifier = {
  scoreFunction: 'wordsearch_evaluator',
  categories: ['wordsearch'],
  reference,
  strict,
};
