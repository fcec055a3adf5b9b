/**
 * Kakuro — `kakuro_evaluator` (verifiers.md §6.14).
 *
 * Cells are 0-based (row, col) as in the puzzle and its answer format `(r,c):v`; reasons use that
 * notation ("(1,2)"); locations are 0-based too.
 *
 * reference: one cell-map reader for answer and ground truth (an answer block, then six strategies;
 * the first giving a non-empty map of integer pairs to digits 1..9 wins); correct iff the answer's map
 * equals the stored solution's map. Only when the stored solution cannot be read: the rule check on
 * initial_state (all and only white cells, each clued run sums to its clue with distinct digits).
 * strict: the answer's `(r,c):v` entries read cleanly (no conflicting duplicates, no unreadable
 * fragments), checked against the puzzle from initial_state (or the question's grid): every white cell
 * and only white cells filled with 1..9, every clued run sums to its clue with no repeated digit — any
 * valid filling is accepted. Runs without a clue carry no constraint (the generator's own solutions may
 * repeat digits there). Only without a puzzle is the stored solution compared.
 */
import { PyFloat, PyTuple, type PyDict, type PyValue } from '../../../pyliteral';
import { fail, guarded, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { cellLoc, countWord, duplicates, Problems, show, snippet, summarize } from './grids';
import { dictEntries, findall, findallAt, isHashable, isPyInt, literalEval, pyInt, pyIntOf, pyIntTypeError, pyRe, pyStrip, pyStripChars } from './pyCompat';
import { flat, flatMap } from '../../collections';

// ---------------------------------------------------------------------------------------------------------
// Reference cell-map reader

/** Python raised inside a strategy (the reference catches it and tries the next strategy). */
class PyRaise extends Error {}

interface Entry {
  r: PyValue;
  c: PyValue;
  v: PyValue;
}
/** A Python dict keyed by (r, c) with Python key equality (1 == 1.0 == True). */
type CellDict = Map<string, Entry>;

function norm(v: PyValue): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return String(v);
  if (v instanceof PyFloat) return String(v.value);
  return `s:${show(v, 1000)}`;
}

function put(d: CellDict, r: PyValue, c: PyValue, v: PyValue): void {
  const k = `${norm(r)},${norm(c)}`;
  const prev = d.get(k);
  d.set(k, prev ? { ...prev, v } : { r, c, v });
}

function int(s: string): number {
  const v = pyInt(s);
  if (v === null) throw new PyRaise(`int(${s})`);
  return v;
}

const COORD_PATTERNS = [
  String.raw`\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*:\s*(\d+)`,
  String.raw`\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*=\s*(\d+)`,
  String.raw`\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*->\s*(\d+)`,
  String.raw`\[\s*(\d+)\s*,\s*(\d+)\s*\]\s*:\s*(\d+)`,
  String.raw`(?:cell|Cell)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*[:=]\s*(\d+)`,
  String.raw`(?:pos|position|Position)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*[:=]\s*(\d+)`,
  String.raw`(?:coord|coordinate|Coordinate)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*[:=]\s*(\d+)`,
  String.raw`[Rr](\d+)[Cc](\d+)\s*[:=]\s*(\d+)`,
].map((p) => pyRe(p, 'gi'));

function coordinateValuePatterns(text: string): CellDict | null {
  const d: CellDict = new Map();
  for (const re of COORD_PATTERNS) for (const [r, c, v] of findall(re, text)) put(d, int(r!), int(c!), int(v!));
  return d.size > 0 ? d : null;
}

const DICT_FIRST = pyRe(String.raw`\{[^}]*\}`, 'gs');

/**
 * Every match of the reference's `\{\s*[\s\S]*?\s*\}` (DOTALL; kept in test/verify/regexKakuroBraces.test.ts; `re.findall`), in linear time. As a regular expression the lazy
 * middle and the `\s*` on both sides all take whitespace, so a `{` before a long unclosed whitespace run
 * backtracked cubically. The middle (`[\s\S]` with Python's `\s` and JS's `\S`) takes every character
 * but U+FEFF (JS whitespace, not Python's), so a match runs from a `{` to the first `}` after it, provided
 * no U+FEFF lies between; starts before such a U+FEFF all fail.
 */
export function braceBlocks(s: string): string[] {
  const out: string[] = [];
  let from = 0;
  let close = -1;
  let bom = -1;
  for (let i = s.indexOf('{', from); i >= 0; i = s.indexOf('{', from)) {
    if (close <= i) close = s.indexOf('}', i + 1);
    if (close < 0) break;
    if (bom >= 0 && bom <= i) bom = -1;
    if (bom < 0) bom = s.indexOf('\ufeff', i + 1);
    if (bom >= 0 && bom < close) {
      from = bom + 1;
      continue;
    }
    out.push(s.slice(i, close + 1));
    from = close + 1;
  }
  return out;
}
const DICT_FINDERS: Array<(text: string) => string[]> = [(t) => findall(DICT_FIRST, t).map((m) => m[0]!), braceBlocks];
const MALFORMED_SPLIT = pyRe(String.raw`,(?=\s*["'(])`, 'g');
const KV_PATTERNS = [
  String.raw`["']?\(\s*(\d+)\s*,\s*(\d+)\s*\)["']?\s*:\s*(\d+)`,
  String.raw`["']?(\d+)\s*,\s*(\d+)["']?\s*:\s*(\d+)`,
  String.raw`\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*:\s*(\d+)`,
].map((p) => pyRe(p));

/** `map(int, s.split(','))` unpacked into two names: ValueError unless exactly two int()-able parts. */
function twoInts(s: string): [number, number] {
  const parts = s.split(',');
  const a = int(parts[0]!);
  if (parts.length < 2) throw new PyRaise('not enough values to unpack');
  const b = int(parts[1]!);
  if (parts.length > 2) {
    int(parts[2]!);
    throw new PyRaise('too many values to unpack');
  }
  return [a, b];
}

/** int(v) where the reference catches ValueError but not TypeError. */
function intValue(v: PyValue, typeErrorEscapes: { escaped: boolean }): number {
  const x = pyIntOf(v);
  if (x === null) {
    if (pyIntTypeError(v)) typeErrorEscapes.escaped = true;
    throw new PyRaise('int()');
  }
  return x;
}

function dictLiteral(text: string): CellDict | null {
  for (const find of DICT_FINDERS) {
    for (const src of find(text)) {
      const lit = literalEval(src);
      if (lit !== undefined && !isHashableLiteral(lit)) throw new PyRaise('unhashable key or set item');
      let valueError = lit === undefined;
      if (lit !== undefined && isPyDict(lit)) {
        const result: CellDict = new Map();
        const escapes = { escaped: false };
        try {
          for (const [k, v] of dictEntries(lit)) {
            if (typeof k === 'string' && k.startsWith('(') && k.endsWith(')')) {
              const [r, c] = twoInts(pyStripChars(k, '()'));
              put(result, r, c, intValue(v, escapes));
            } else if (k instanceof PyTuple && k.items.length === 2) {
              put(result, k.items[0]!, k.items[1]!, intValue(v, escapes));
            } else if (typeof k === 'string' && k.includes(',')) {
              const [r, c] = twoInts(k);
              put(result, r, c, intValue(v, escapes));
            }
          }
        } catch (e) {
          if (escapes.escaped || !(e instanceof PyRaise)) throw e;
          valueError = true;
        }
        if (!valueError && result.size > 0) return result;
      }
      if (valueError) {
        const m = malformedDict(src);
        if (m) return m;
      }
    }
  }
  return null;
}

function isPyDict(v: PyValue): v is PyDict {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof PyTuple) && !(v instanceof PyFloat) && '__pydict' in v;
}

/** literal_eval raises TypeError for a dict key or set item that is not hashable. */
function isHashableLiteral(v: PyValue): boolean {
  if (Array.isArray(v)) return v.every(isHashableLiteral);
  if (v instanceof PyTuple) return v.items.every(isHashableLiteral);
  if (v !== null && typeof v === 'object' && 'items' in v && !(v instanceof PyTuple)) return v.items.every((x) => isHashable(x) && isHashableLiteral(x));
  if (isPyDict(v)) return v.entries.every(([k, x]) => isHashable(k) && isHashableLiteral(k) && isHashableLiteral(x));
  return true;
}

function malformedDict(src: string): CellDict | null {
  const d: CellDict = new Map();
  const content = pyStripChars(src, '{}');
  for (const raw of content.split(MALFORMED_SPLIT)) {
    const item = pyStrip(raw);
    for (const re of KV_PATTERNS) {
      const m = re.exec(item);
      if (m) {
        put(d, int(m[1]!), int(m[2]!), int(m[3]!));
        break;
      }
    }
  }
  return d.size > 0 ? d : null;
}

const LIST_PATTERNS = [
  String.raw`\[\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*,\s*(\d+)\s*\]`,
  String.raw`\(\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*,\s*(\d+)\s*\)`,
  String.raw`\[\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\]`,
].map((p) => pyRe(p, 'g'));
const LINE_COORD = pyRe(String.raw`\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*[:=]\s*(\d+)`, 'g');

function structuredFormats(text: string): CellDict | null {
  const d: CellDict = new Map();
  for (const re of LIST_PATTERNS) for (const [r, c, v] of findall(re, text)) put(d, int(r!), int(c!), int(v!));
  for (const line of text.split('\n')) {
    const l = pyStrip(line);
    if (l === '') continue;
    for (const [r, c, v] of findall(LINE_COORD, l)) put(d, int(r!), int(c!), int(v!));
  }
  return d.size > 0 ? d : null;
}

const TABLE_PATTERNS = [
  String.raw`\|\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*\|\s*(\d+)\s*\|`,
  String.raw`(\d+)\s*,\s*(\d+)\s*\|\s*(\d+)`,
  String.raw`\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*\|\s*(\d+)`,
].map((p) => pyRe(p, 'g'));

function tableFormat(text: string): CellDict | null {
  const d: CellDict = new Map();
  for (const line of text.split('\n')) {
    const l = pyStrip(line);
    if (l === '' || l.startsWith('|') || l.startsWith('-') || l.startsWith('+')) continue;
    for (const re of TABLE_PATTERNS) for (const [r, c, v] of findall(re, l)) put(d, int(r!), int(c!), int(v!));
  }
  return d.size > 0 ? d : null;
}

const ROW_COL = pyRe(String.raw`(?:row|r)\s*[:=]?\s*(\d+).*?(?:col|column|c)\s*[:=]?\s*(\d+).*?(?:value|val|v)\s*[:=]?\s*(\d+)`, 'gi');
const COL_ROW = pyRe(String.raw`(?:col|column|c)\s*[:=]?\s*(\d+).*?(?:row|r)\s*[:=]?\s*(\d+).*?(?:value|val|v)\s*[:=]?\s*(\d+)`, 'gi');
const V_TOKEN = pyRe(String.raw`(?:value|val|v)\s*[:=]?\s*(\d+)`, 'gi');
const NUMBER_SEQ = pyRe(String.raw`\b(\d+)\s*[,\s]\s*(\d+)\s*[,\s:=]\s*(\d+)\b`, 'g');

function loosePatterns(text: string): CellDict | null {
  const d: CellDict = new Map();
  for (const line of text.split('\n')) {
    const l = pyStrip(line);
    if (l === '') continue;
    // Both patterns end with a value token, so no match ends after the last one: searching only up to it
    // gives the same matches and keeps a long line without value tokens from costing cubic time.
    const vEnds = findallAt(V_TOKEN, l);
    const upTo = vEnds.length > 0 ? l.slice(0, vEnds[vEnds.length - 1]!.end) : '';
    for (const [r, c, v] of findall(ROW_COL, upTo)) put(d, int(r!), int(c!), int(v!));
    for (const [c, r, v] of findall(COL_ROW, upTo)) put(d, int(r!), int(c!), int(v!));
    for (const [rs, cs, vs] of findall(NUMBER_SEQ, l)) {
      const r = int(rs!);
      const c = int(cs!);
      const v = int(vs!);
      if (r >= 0 && r <= 20 && c >= 0 && c <= 20 && v >= 1 && v <= 9) put(d, r, c, v);
    }
  }
  return d.size > 0 ? d : null;
}

function jsonLikeFormats(text: string): CellDict | null {
  const d: CellDict = new Map();
  for (const find of DICT_FINDERS) {
    for (const src of find(text)) {
      let data: unknown;
      try {
        data = JSON.parse(src) as unknown;
      } catch {
        continue;
      }
      if (data === null || typeof data !== 'object' || Array.isArray(data)) continue;
      const escapes = { escaped: false };
      try {
        for (const [k, v] of Object.entries(data)) {
          const pv = (typeof v === 'number' && !Number.isInteger(v) ? new PyFloat(v) : v) as PyValue;
          if (k.startsWith('(') && k.endsWith(')')) {
            const [r, c] = twoInts(pyStripChars(k, '()'));
            put(d, r, c, intValue(pv, escapes));
          } else if (k.includes(',')) {
            const [r, c] = twoInts(k);
            put(d, r, c, intValue(pv, escapes));
          }
        }
      } catch (e) {
        if (escapes.escaped || !(e instanceof PyRaise)) throw e;
        continue;
      }
      if (d.size > 0) return d;
    }
  }
  return d.size > 0 ? d : null;
}

const STRATEGIES: Array<[string, (t: string) => CellDict | null]> = [
  ['(r,c):v entries', coordinateValuePatterns],
  ['a dict literal', dictLiteral],
  ['[(r,c), v] / [r, c, v] entries', structuredFormats],
  ['table rows', tableFormat],
  ['row/col/value phrases or number triples', loosePatterns],
  ['a JSON object', jsonLikeFormats],
];

function isValidFormat(d: CellDict | null): d is CellDict {
  if (!d || d.size === 0) return false;
  for (const e of d.values()) {
    if (!isPyInt(e.r) || !isPyInt(e.c)) return false;
    if (!isPyInt(e.v)) return false;
    const v = Number(e.v);
    if (v < 1 || v > 9) return false;
  }
  return true;
}

const ANSWER_BLOCK = pyRe(String.raw`\[answer\](.*?)\[/answer\]`, 'gsi');
const DELIMITERS = [
  String.raw`<answer>(.*?)</answer>`,
  String.raw`answer:\s*(.*?)(?:\n\n|\n$|$)`,
  String.raw`solution:\s*(.*?)(?:\n\n|\n$|$)`,
  String.raw`final answer:\s*(.*?)(?:\n\n|\n$|$)`,
  String.raw`my answer:\s*(.*?)(?:\n\n|\n$|$)`,
].map((p) => pyRe(p, 'gsi'));

/** A normalised cell map: "r,c" -> digit. */
export type CellMap = Map<string, number>;

/** The reference `extract_answer` + `_normalize_answer`: null when nothing valid is found. */
export function readKakuroMap(text: string): { map: CellMap; how: string } | null {
  if (text === '') return null;
  const t = pyStrip(text);
  let blocks = findall(ANSWER_BLOCK, t).map((m) => m[0]!);
  if (blocks.length === 0) {
    for (const re of DELIMITERS) {
      const ms = findall(re, t).map((m) => m[0]!);
      if (ms.length > 0) {
        blocks = ms;
        break;
      }
    }
  }
  if (blocks.length === 0) blocks = [t];
  const last = pyStrip(blocks[blocks.length - 1]!);
  for (const [how, strategy] of STRATEGIES) {
    let d: CellDict | null;
    try {
      d = strategy(last);
    } catch {
      continue;
    }
    if (isValidFormat(d)) {
      const map: CellMap = new Map();
      for (const e of d.values()) map.set(`${Number(e.r)},${Number(e.c)}`, Number(e.v));
      return { map, how };
    }
  }
  return null;
}

function cellOf(key: string): [number, number] {
  const [r, c] = key.split(',').map(Number);
  return [r!, c!];
}

function locOf(key: string, label?: string): Location {
  const [r, c] = cellOf(key);
  return cellLoc(r, c, label);
}

function listCells(keys: string[], max = 6): string {
  const shown = keys.slice(0, max).map((k) => `(${k})`);
  return shown.join(', ') + (keys.length > max ? `, … (${keys.length} in all)` : '');
}

/** Differences between the answer's map and the stored map (reference wording). */
function mapDiff(pred: CellMap, gt: CellMap): Problems {
  const problems = new Problems();
  const missing = [...gt.keys()].filter((k) => !pred.has(k));
  const extra = [...pred.keys()].filter((k) => !gt.has(k));
  const wrong = [...gt.keys()].filter((k) => pred.has(k) && pred.get(k) !== gt.get(k));
  for (const k of wrong) problems.add(`(${k}) is ${pred.get(k)!} but the stored solution has ${gt.get(k)!}`, [locOf(k, `stored ${gt.get(k)!}`)]);
  if (missing.length > 0) problems.add(`${listCells(missing)} ${missing.length === 1 ? 'is' : 'are'} missing`, missing.map((k) => locOf(k, 'missing')));
  if (extra.length > 0) problems.add(`${listCells(extra)} ${extra.length === 1 ? 'is not a cell' : 'are not cells'} of the stored solution`, extra.map((k) => locOf(k, 'extra')));
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Puzzle (cells of type white / black with right/down clues)

interface KCell {
  type: unknown;
  right?: unknown;
  down?: unknown;
}

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The reference's fallback rule check (`validate_kakuro_solution`) on a decoded initial_state. */
function referenceRuleCheck(pred: CellMap, state: VerifyInput['initialState']): Check {
  let grid: unknown;
  if (typeof state === 'string') {
    try {
      grid = JSON.parse(state) as unknown;
    } catch {
      return fail('the stored solution cannot be read and initial_state is not JSON (the reference rule check fails)');
    }
  } else grid = state;
  if (!Array.isArray(grid)) {
    if (isDict(grid) && Object.keys(grid).length === 0) return fail(`${pred.size > 0 ? 'every answer cell is' : 'the answer is'} outside the empty puzzle grid`);
    return { status: 'fail', reason: 'initial_state is not a list of rows (the reference rule check raises)', crashed: true };
  }
  const rows = grid.length;
  const first: unknown = grid[0];
  const cols = rows > 0 ? (Array.isArray(first) ? first.length : -1) : 0;
  if (cols < 0) return fail('initial_state rows are not lists');
  const at = (r: number, c: number): KCell => {
    const row: unknown = grid[r];
    const cell: unknown = Array.isArray(row) ? row[c] : undefined;
    if (!isDict(cell) || !('type' in cell)) throw new PyRaise(`cell (${r},${c}) of initial_state has no type`);
    return cell as unknown as KCell;
  };
  for (const [k] of pred) {
    const [r, c] = cellOf(k);
    if (r < 0 || r >= rows || c < 0 || c >= cols) return fail(`(${k}) is outside the ${rows}×${cols} grid`, [locOf(k)]);
    if (at(r, c).type !== 'white') return fail(`(${k}) is not a white cell`, [locOf(k)]);
  }
  const white: string[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (at(r, c).type === 'white') white.push(`${r},${c}`);
  const missing = white.filter((k) => !pred.has(k));
  if (missing.length > 0 || white.length !== pred.size) return fail(`not every white cell is filled: ${listCells(missing)} missing`, missing.map((k) => locOf(k)));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const cell = at(r, c);
      if (cell.type !== 'black') continue;
      for (const dir of ['right', 'down'] as const) {
        if (!(dir in cell)) continue;
        const hint = cell[dir];
        let target: number | null;
        let length: number | null = null;
        if (Array.isArray(hint) && hint.length === 2) {
          target = pyIntOf(hint[0] as PyValue);
          length = pyIntOf(hint[1] as PyValue);
          if (target === null || length === null) return fail(`the ${dir} clue of (${r},${c}) is not a number`);
        } else {
          target = pyIntOf(hint as PyValue);
          if (target === null) return fail(`the ${dir} clue of (${r},${c}) is not a number`);
        }
        const run: string[] = [];
        for (let k = (dir === 'right' ? c : r) + 1; k < (dir === 'right' ? cols : rows); k++) {
          const rr = dir === 'right' ? r : k;
          const cc = dir === 'right' ? k : c;
          if (at(rr, cc).type !== 'white') break;
          run.push(`${rr},${cc}`);
        }
        if (length !== null && run.length !== length) return fail(`the ${dir} run of (${r},${c}) has ${run.length} cells, the clue says ${length}`);
        const vals = run.map((k) => pred.get(k)!);
        const sum = vals.reduce((a, b) => a + b, 0);
        if (sum !== target) return fail(`the ${dir === 'right' ? 'across' : 'down'} run of (${r},${c}) sums to ${sum}, clue says ${target}`, run.map((k) => locOf(k)));
        if (new Set(vals).size !== vals.length) return fail(`the ${dir === 'right' ? 'across' : 'down'} run of (${r},${c}) repeats a digit`, run.map((k) => locOf(k)));
      }
    }
  }
  return pass();
}

export function kakuroReference(input: VerifyInput): Check {
  const gt = readKakuroMap(input.groundTruth);
  const pred = readKakuroMap(input.answer);
  if (gt) {
    if (!pred) return fail('could not read a cell map like (r,c):v from the answer');
    const diff = mapDiff(pred.map, gt.map);
    if (diff.empty) return pass();
    const check = diff.toCheck();
    return { ...check, reason: `the answer's cells differ from the stored solution (the reference accepts only it): ${check.reason ?? ''}` };
  }
  if (!pred) return fail('could not read a cell map like (r,c):v from the answer');
  try {
    return referenceRuleCheck(pred.map, input.initialState);
  } catch (e) {
    return { status: 'fail', reason: `the reference rule check raised: ${e instanceof Error ? e.message : String(e)}`, crashed: true };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Strict

export interface Run {
  dir: 'across' | 'down';
  clueAt: [number, number];
  target: number;
  cells: Array<[number, number]>;
}

export interface KakuroPuzzle {
  rows: number;
  cols: number;
  white: boolean[][];
  runs: Run[];
  source: string;
}

function buildPuzzle(cells: KCell[][], source: string): KakuroPuzzle | null {
  const rows = cells.length;
  const cols = cells[0]?.length ?? 0;
  if (rows === 0 || cells.some((r) => r.length !== cols)) return null;
  const white = cells.map((r) => r.map((c) => c.type === 'white'));
  const runs: Run[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const cell = cells[r]![c]!;
      if (cell.type === 'white') continue;
      for (const [dir, key] of [['across', 'right'], ['down', 'down']] as const) {
        const hint: unknown = cell[key];
        const target: unknown = Array.isArray(hint) ? (hint as unknown[])[0] : hint;
        if (typeof target !== 'number' || !Number.isInteger(target)) continue;
        const run: Array<[number, number]> = [];
        for (let k = (dir === 'across' ? c : r) + 1; k < (dir === 'across' ? cols : rows); k++) {
          const rr = dir === 'across' ? r : k;
          const cc = dir === 'across' ? k : c;
          if (!white[rr]![cc]) break;
          run.push([rr, cc]);
        }
        runs.push({ dir, clueAt: [r, c], target, cells: run });
      }
    }
  }
  return { rows, cols, white, runs, source };
}

export function kakuroPuzzle(input: VerifyInput): KakuroPuzzle | null {
  const st = input.initialState;
  if (typeof st === 'string') {
    let grid: unknown;
    try {
      grid = JSON.parse(st) as unknown;
    } catch {
      grid = undefined;
    }
    if (Array.isArray(grid) && grid.every((row) => Array.isArray(row) && row.every((c) => isDict(c) && typeof c['type'] === 'string'))) {
      const p = buildPuzzle(grid as KCell[][], 'initial_state');
      if (p) return p;
    }
  }
  // The question's text grid: "[ 5\ 7][    ][ 1\  ]" rows (black cells "down\right", white cells blank).
  const block = /## Initial State\s*\n([\s\S]*?)(?:\n##|$)/.exec(input.question);
  if (block) {
    const cells: KCell[][] = [];
    for (const line of block[1]!.split('\n')) {
      const items = [...line.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!);
      if (items.length === 0) continue;
      cells.push(
        items.map((s): KCell => {
          if (!s.includes('\\')) return { type: 'white' };
          const [d, r] = s.split('\\').map((x) => x.trim());
          const cell: KCell = { type: 'black' };
          if (d) cell.down = Number(d);
          if (r) cell.right = Number(r);
          return cell;
        }),
      );
    }
    const p = buildPuzzle(cells, 'question');
    if (p) return p;
  }
  return null;
}

/** `(r,c):v`, `(r, c) = v`, `(r,c) -> v`, `[r,c]:v`, `R1C2=v`, `"(r,c)": v`, `"r,c": v`, `[(r,c), v]`, `((r,c), v)`, `[r, c, v]`. */
const STRICT_ENTRIES: Array<{ re: RegExp; pick: (m: RegExpMatchArray) => [string, string, string] }> = [
  {
    re: /(["']?)(?:\(\s*(\d+)\s*,\s*(\d+)\s*\)|\[\s*(\d+)\s*,\s*(\d+)\s*\]|[Rr](\d+)[Cc](\d+))\1\s*(?::|=|->)\s*(["']?)(-?\d+(?:\.\d+)?)\8/g,
    pick: (m) => [m[2] ?? m[4] ?? m[6]!, m[3] ?? m[5] ?? m[7]!, m[9]!],
  },
  { re: /(["'])\s*(\d+)\s*,\s*(\d+)\s*\1\s*:\s*(["']?)(-?\d+(?:\.\d+)?)\4/g, pick: (m) => [m[2]!, m[3]!, m[5]!] },
  { re: /[[(]\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*,\s*(-?\d+(?:\.\d+)?)\s*[\])]/g, pick: (m) => [m[1]!, m[2]!, m[3]!] },
  { re: /\[\s*(\d+)\s*,\s*(\d+)\s*,\s*(-?\d+(?:\.\d+)?)\s*\]/g, pick: (m) => [m[1]!, m[2]!, m[3]!] },
];
const FRAGMENT = /\d\s*\)|\(\s*\d|[:=]\s*\d/;

/** The answer's entries read strictly: conflicting duplicates, non-digits and unreadable coordinate fragments are problems. */
export function readStrictMap(text: string): { ok: true; map: Map<string, number>; problems: Problems } | { ok: false; check: Check } {
  const found: Array<{ index: number; end: number; r: number; c: number; raw: string }> = [];
  for (const { re, pick } of STRICT_ENTRIES) {
    for (const m of text.matchAll(re)) {
      const [r, c, raw] = pick(m);
      found.push({ index: m.index, end: m.index + m[0].length, r: Number(r), c: Number(c), raw });
    }
  }
  found.sort((a, b) => a.index - b.index || b.end - a.end);
  const map = new Map<string, number>();
  const seen = new Map<string, string>();
  const problems = new Problems();
  let rest = '';
  let last = 0;
  for (const e of found) {
    if (e.index < last) continue; // overlaps an entry already read
    rest += `${text.slice(last, e.index)} `;
    last = e.end;
    const key = `${e.r},${e.c}`;
    const v = /^\d$/.test(e.raw) ? Number(e.raw) : NaN;
    if (Number.isNaN(v) || v < 1) problems.add(`(${key}) is given ${e.raw}, not a digit 1-9`, [cellLoc(e.r, e.c, `${e.raw} is not 1-9`)]);
    const prev = seen.get(key);
    if (prev !== undefined && prev !== e.raw) problems.add(`(${key}) is given twice, as ${prev} and as ${e.raw}`, [cellLoc(e.r, e.c, 'given twice')]);
    seen.set(key, e.raw);
    if (!Number.isNaN(v) && v >= 1) map.set(key, v);
  }
  rest += text.slice(last);
  if (seen.size === 0) return { ok: false, check: parseError('could not read a cell map from the answer: no (row,col):value entries found') };
  const frag = FRAGMENT.exec(rest);
  if (frag) {
    const at = Math.max(0, frag.index - 8);
    problems.add(`the answer holds an unreadable fragment ${snippet(rest.slice(at, frag.index + 12), 24)} besides the (row,col):value entries`);
  }
  return { ok: true, map, problems };
}

export function kakuroStrict(input: VerifyInput): Check {
  const read = readStrictMap(input.answer);
  if (!read.ok) return read.check;
  const ans = read.map;
  const problems = read.problems;
  const puzzle = kakuroPuzzle(input);
  if (!puzzle) {
    const stored = readStrictMap(input.groundTruth);
    if (!stored.ok) return fail('the puzzle is unavailable and the stored solution cannot be read');
    const diff = mapDiff(ans, stored.map);
    if (!diff.empty) problems.add(`the puzzle is unavailable, and compared with the stored solution: ${summarize(diff.items)}`, flatMap(diff.items, (p) => p.locations));
    return problems.toCheck('matches the stored solution (puzzle unavailable, so only it is accepted)');
  }
  for (const [key, v] of ans) {
    const [r, c] = cellOf(key);
    if (r < 0 || r >= puzzle.rows || c < 0 || c >= puzzle.cols) problems.add(`(${key}) is outside the ${puzzle.rows}×${puzzle.cols} grid`);
    else if (!puzzle.white[r]![c]) problems.add(`(${key}) is a black cell but the answer puts ${v} there`, [cellLoc(r, c, 'black cell')]);
  }
  const missing: string[] = [];
  puzzle.white.forEach((row, r) =>
    row.forEach((w, c) => {
      if (w && !ans.has(`${r},${c}`)) missing.push(`${r},${c}`);
    }),
  );
  if (missing.length > 0) problems.add(`white cell${missing.length > 1 ? 's' : ''} ${listCells(missing)} ${missing.length > 1 ? 'are' : 'is'} not filled`, missing.map((k) => locOf(k, 'not filled')));
  for (const run of puzzle.runs) {
    if (run.cells.length === 0) continue;
    const vals = run.cells.map(([r, c]) => ans.get(`${r},${c}`));
    const [cr, cc] = run.clueAt;
    const name = `the ${run.dir} run of the clue at (${cr},${cc})`;
    const locs = run.cells.map(([r, c]) => cellLoc(r, c));
    const full = vals.filter((v): v is number => v !== undefined);
    if (full.length === vals.length) {
      const sum = full.reduce((a, b) => a + b, 0);
      if (sum !== run.target) {
        const label = `${run.dir} run of (${cr},${cc}) sums to ${sum}, clue says ${run.target}`;
        const how = full.length === 1 ? `is a single cell (${run.cells[0]![0]},${run.cells[0]![1]}) holding ${sum}` : `(${run.cells.map(([r, c]) => `(${r},${c})`).join(', ')}) sums to ${full.join(' + ')} = ${sum}`;
        problems.add(`${name} ${how}, clue says ${run.target}`, [{ kind: 'clue', row: cr, col: cc, label }, ...locs.map((l) => ({ ...l, label }))]);
      }
    }
    const filled = run.cells.filter(([r, c]) => ans.has(`${r},${c}`));
    for (const [v, idx] of duplicates(full)) {
      const at = idx.map((i) => filled[i]!);
      const label = `${run.dir} run of (${cr},${cc}) has ${countWord(idx.length)} ${v}s`;
      problems.add(`${name} has ${countWord(idx.length)} ${v}s (at ${at.map(([r, c]) => `(${r},${c})`).join(' and ')})`, at.map(([r, c]) => cellLoc(r, c, label)));
    }
  }
  const whites = flat(puzzle.white).filter(Boolean).length;
  return problems.toCheck(`all ${whites} white cells filled; every clued run sums to its clue without a repeated digit (puzzle from ${puzzle.source}; any valid filling is accepted)`);
}

export const kakuroVerifier: TaskVerifier = {
  scoreFunction: 'kakuro_evaluator',
  categories: ['kakuro'],
  reference: (input) => guarded(() => kakuroReference(input), 'kakuro reference check'),
  strict: (input) => guarded(() => kakuroStrict(input), 'kakuro strict check'),
};
