/**
 * bridges (Hashiwokakero) — `bridges_evaluator` (verifiers.md §6.10).
 *
 * Coordinates are the puzzle's `(x,y)`: x = column, y = row, 0-based; locations use row = y, col = x.
 *
 * reference: one bridge per line (`(x1,y1)-(x2,y2):c`, only the first bridge of a line is read), a block
 * chosen by keyword patterns when the lines are not already canonical, then the island rules.
 * strict: every bridge written anywhere in the answer is read; counts must be 1 or 2 and each connection
 * is listed once; island numbers, no bridge over an island, no crossings, one connected network.
 */
import { crash, fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { excerpt, findAll, isDict, jsonLoads, plural, pyDigits, pyInt, pyRe, pyStrip, pyTruthy, pyTypeName } from './common';
import { pushTo } from '../../collections';

interface Bridge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  count: number;
}

interface Island {
  x: number;
  y: number;
  num: number;
}

const key = (x: number, y: number): string => `${x},${y}`;
const CONV = ' (islands as (x,y) = (column,row), 0-based)';
const pt = (x: number, y: number): string => `(${x},${y})`;
const bridgeText = (b: Bridge): string => `${pt(b.x1, b.y1)}-${pt(b.x2, b.y2)}`;
const cell = (x: number, y: number, label?: string): Location => (label === undefined ? { kind: 'cell', row: y, col: x } : { kind: 'cell', row: y, col: x, label });
const edge = (b: Bridge, index: number, label?: string): Location => {
  const loc: Location = { kind: 'edge', from: pt(b.x1, b.y1), to: pt(b.x2, b.y2), index };
  if (label !== undefined) loc.label = label;
  return loc;
};

// ---------------------------------------------------------------------------------------------------
// Reference extraction

/** One reference block pattern: `exec` gives the whole block as `[0]` and its content as `[1]`, or null. */
interface BlockPattern {
  exec(text: string): { 0: string; 1?: string } | null;
}

const PY_SPACE_CHAR = pyRe(String.raw`^\s$`);

/**
 * The reference's `OPEN\s*(.*?)\s*CLOSE` (DOTALL, IGNORECASE) decided in linear time. As a regular
 * expression the whitespace runs on both sides of the lazy group overlap it, so an unclosed block
 * followed by a long whitespace run backtracked cubically. The match is the same in two steps: the first
 * OPEN (a later one cannot succeed where the first fails: its CLOSE would come after the first's too),
 * then `after` (the optional tag word, tried in the same order) and the whitespace the greedy `\s*` takes,
 * then the first CLOSE from there; the group is that span without its trailing whitespace.
 * `open` and `close` must be global, `after` sticky; none of them may match whitespace or each other's text.
 */
function wsTrimmedBlock(open: RegExp, close: RegExp, after?: RegExp): BlockPattern {
  return {
    exec(text) {
      open.lastIndex = 0;
      const o = open.exec(text);
      if (!o) return null;
      let a = o.index + o[0].length;
      if (after) {
        after.lastIndex = a;
        a += after.exec(text)?.[0].length ?? 0;
      }
      while (a < text.length && PY_SPACE_CHAR.test(text[a]!)) a++;
      close.lastIndex = a;
      const c = close.exec(text);
      if (!c) return null;
      let e = c.index;
      while (e > a && PY_SPACE_CHAR.test(text[e - 1]!)) e--;
      return { 0: text.slice(o.index, c.index + c[0].length), 1: text.slice(a, e) };
    },
  };
}

/** The reference's block patterns before the linear rewrites (kept for the equivalence tests). */
export const BRIDGES_ORIGINAL_TAG_PATTERNS = [
  String.raw`<answer>\s*(.*?)\s*</answer>`,
  String.raw`\[answer\]\s*(.*?)\s*\[/answer\]`,
  '```(?:text|bridge|bridges)?\\s*(.*?)\\s*```',
] as const;

/** Linear forms of BRIDGES_ORIGINAL_TAG_PATTERNS, in the same order. */
export const BRIDGES_TAG_BLOCKS: readonly BlockPattern[] = [
  wsTrimmedBlock(pyRe(String.raw`<answer>`, 'gi'), pyRe(String.raw`</answer>`, 'gi')),
  wsTrimmedBlock(pyRe(String.raw`\[answer\]`, 'gi'), pyRe(String.raw`\[/answer\]`, 'gi')),
  wsTrimmedBlock(/```/g, /```/g, pyRe(String.raw`(?:text|bridge|bridges)?`, 'iy')),
];

const BLOCK_PATTERNS: BlockPattern[] = [
  BRIDGES_TAG_BLOCKS[0]!,
  BRIDGES_TAG_BLOCKS[1]!,
  ...[
    String.raw`"answer"\s*:\s*"(.*?)"`,
    String.raw`(?:Answer|Solution|答案)[:\s]*\n?(.*?)(?:\n\n|$)`,
    String.raw`答案[：:\s]*\n?(.*?)(?:\n\n|$)`,
    String.raw`(?:Bridge|Bridges)[:\s]*\n?(.*?)(?:\n\n|$)`,
  ].map((p) => pyRe(p, 'si')),
  BRIDGES_TAG_BLOCKS[2]!,
  pyRe(String.raw`(?:Final answer|最终答案)[:\s]*\n?(.*?)(?:\n\n|$)`, 'si'),
];

// The reference writes `\s*[:\s]*\s*` before the count; `[:\s]*` matches the same text with the same
// groups, without the cubic backtracking on long whitespace runs.
const C = String.raw`\(\s*\d+\s*,\s*\d+\s*\)`;
const CG = String.raw`\(\s*(\d+)\s*,\s*(\d+)\s*\)`;
const BRIDGE_LINE_PATTERNS = [
  String.raw`${C}\s*[-–—]\s*${C}[:\s]*\d+`,
  String.raw`${C}\s*(?:to|TO)\s*${C}[:\s]*\d+`,
  String.raw`${C}\s*[→>]\s*${C}[:\s]*\d+`,
  String.raw`(?:bridge|Bridge|BRIDGE)[:\s]*${C}\s*[-–—]\s*${C}[:\s]*\d+`,
  String.raw`(?:connect|Connect)\s*${C}\s*(?:to|TO)\s*${C}\s*(?:with|using)\s*\d+`,
  String.raw`${C}\s*[-–—]\s*${C}\s+\d+`,
].map((p) => pyRe(p, 'i'));
const NORMALIZE_PATTERNS = [
  String.raw`${CG}\s*[-–—]\s*${CG}[:\s]*(\d+)`,
  String.raw`${CG}\s*(?:to|TO)\s*${CG}[:\s]*(\d+)`,
  String.raw`${CG}\s*[→>]\s*${CG}[:\s]*(\d+)`,
  String.raw`(?:connect|Connect)\s*${CG}\s*(?:to|TO)\s*${CG}\s*(?:with|using)\s*(\d+)`,
  String.raw`${CG}\s*[-–—]\s*${CG}\s+(\d+)`,
].map((p) => pyRe(p, 'i'));
const CANONICAL = pyRe(String.raw`^\(\d+,\d+\)-\(\d+,\d+\):\d+`);
const CANONICAL_ANY = pyRe(String.raw`\(\d+,\d+\)-\(\d+,\d+\):\d+`, 'g');
const CANONICAL_G = pyRe(String.raw`^\((\d+),(\d+)\)-\((\d+),(\d+)\):(\d+)`);

function strippedLines(text: string): string[] {
  return text
    .split('\n')
    .map(pyStrip)
    .filter((l) => l !== '');
}

/** Python `s.strip(chars)`. */
function stripChars(s: string, chars: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s[a]!)) a++;
  while (b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

function isNormalizedFormat(answer: string): boolean {
  const lines = strippedLines(answer);
  return lines.length > 0 && lines.every((l) => CANONICAL.test(l));
}

function normalizeBridgeFormat(content: string): string {
  if (!content) return '';
  const out: string[] = [];
  for (const line of strippedLines(content)) {
    let m: RegExpExecArray | null = null;
    for (const re of NORMALIZE_PATTERNS) {
      m = re.exec(line);
      if (m) break;
    }
    if (m) {
      const count = pyDigits(m[5]!);
      if (count > 0) out.push(`(${m[1]},${m[2]})-(${m[3]},${m[4]}):${count}`);
    }
  }
  return out.join('\n');
}

/** The reference `extract_answer`: which block it read (for reasons) and the canonical lines. */
function referenceExtract(output: string): { text: string; block: string | null } {
  if (!output) return { text: '', block: null };
  const text = pyStrip(output);
  let content = '';
  let block: string | null = null;
  for (const re of BLOCK_PATTERNS) {
    const m = re.exec(text);
    if (m) {
      content = pyStrip(m[1] ?? '');
      if (content.includes('\\n')) content = content.split('\\n').join('\n');
      content = stripChars(content, `"'`);
      block = m[0];
      break;
    }
  }
  if (!content) {
    block = null;
    content = text
      .split('\n')
      .map(pyStrip)
      .filter((l) => l !== '' && BRIDGE_LINE_PATTERNS.some((re) => re.test(l)))
      .join('\n');
  }
  return { text: normalizeBridgeFormat(content), block };
}

function parseCanonical(answer: string): Bridge[] {
  const out: Bridge[] = [];
  for (const line of strippedLines(answer)) {
    const m = CANONICAL_G.exec(line);
    if (!m) continue;
    const [x1, y1, x2, y2, count] = [m[1], m[2], m[3], m[4], m[5]].map((s) => pyDigits(s!)) as [number, number, number, number, number];
    if (count > 0) out.push({ x1, y1, x2, y2, count });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Shared rule checks (reference order), with located reasons

function islandsOf(raw: unknown): { islands: Island[] } | { error: string } {
  if (!Array.isArray(raw)) return { error: `the puzzle's "islands" is a ${pyTypeName(raw)}, not a list of {x, y, num} objects` };
  const islands: Island[] = [];
  for (const [i, item] of raw.entries()) {
    if (!isDict(item) || !('x' in item) || !('y' in item) || !('num' in item)) return { error: `island ${i + 1} of the puzzle is not an {x, y, num} object` };
    const x = pyInt(item['x']);
    const y = pyInt(item['y']);
    const num = pyInt(item['num']);
    if (x === undefined || y === undefined || num === undefined) return { error: `island ${i + 1} of the puzzle has a non-integer x, y or num` };
    if (num <= 0) return { error: `island ${pt(x, y)} of the puzzle has number ${num} (must be positive)` };
    islands.push({ x, y, num });
  }
  return { islands };
}

/** Connected components of the islands under the bridges; the islands not reachable from the first. */
function unreachable(islands: Island[], bridges: Bridge[]): Island[] {
  const adj = new Map<string, string[]>();
  for (const b of bridges) {
    const a = key(b.x1, b.y1);
    const c = key(b.x2, b.y2);
    pushTo(adj, a, c);
    pushTo(adj, c, a);
  }
  const first = islands[0];
  if (!first) return [];
  const seen = new Set([key(first.x, first.y)]);
  const stack = [key(first.x, first.y)];
  while (stack.length > 0) {
    for (const n of adj.get(stack.pop()!) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  const out: Island[] = [];
  const listed = new Set<string>();
  for (const i of islands) {
    const k = key(i.x, i.y);
    if (!seen.has(k) && !listed.has(k)) {
      listed.add(k);
      out.push(i);
    }
  }
  return out;
}

function crossingPoint(a: Bridge, b: Bridge): [number, number] | null {
  if (a.x1 === a.x2 && b.y1 === b.y2) {
    if (Math.min(a.y1, a.y2) < b.y1 && b.y1 < Math.max(a.y1, a.y2) && Math.min(b.x1, b.x2) < a.x1 && a.x1 < Math.max(b.x1, b.x2)) return [a.x1, b.y1];
  } else if (a.y1 === a.y2 && b.x1 === b.x2) {
    if (Math.min(a.x1, a.x2) < b.x1 && b.x1 < Math.max(a.x1, a.x2) && Math.min(b.y1, b.y2) < a.y1 && a.y1 < Math.max(b.y1, b.y2)) return [b.x1, a.y1];
  }
  return null;
}

function islandOnPath(b: Bridge, positions: Set<string>): [number, number] | null {
  if (b.x1 === b.x2) {
    for (let y = Math.min(b.y1, b.y2) + 1; y < Math.max(b.y1, b.y2); y++) if (positions.has(key(b.x1, y))) return [b.x1, y];
  } else {
    for (let x = Math.min(b.x1, b.x2) + 1; x < Math.max(b.x1, b.x2); x++) if (positions.has(key(x, b.y1))) return [x, b.y1];
  }
  return null;
}

/** The reference `_validate_solution` (same rule order), returning the first violation. */
function validateReference(islands: Island[], bridges: Bridge[], note: string): Check {
  const tail = `${CONV}${note}`;
  const positions = new Set(islands.map((i) => key(i.x, i.y)));
  const need = new Map<string, Island>();
  for (const i of islands) need.set(key(i.x, i.y), i);
  const counts = new Map<string, number>();
  const pairs = new Map<string, { b: Bridge; n: number }>();
  for (const [n, b] of bridges.entries()) {
    const tag = `bridge ${n + 1} ${bridgeText(b)}`;
    for (const [x, y] of [
      [b.x1, b.y1],
      [b.x2, b.y2],
    ] as const) {
      if (!positions.has(key(x, y))) return fail(`${tag}: ${pt(x, y)} is not an island${tail}`, [edge(b, n), cell(x, y, 'not an island')]);
    }
    if (!(b.x1 === b.x2 || b.y1 === b.y2)) return fail(`${tag} is diagonal: its ends share neither x nor y${tail}`, [edge(b, n, 'diagonal')]);
    if (b.x1 === b.x2 && b.y1 === b.y2) return fail(`${tag} joins island ${pt(b.x1, b.y1)} to itself${tail}`, [cell(b.x1, b.y1)]);
    counts.set(key(b.x1, b.y1), (counts.get(key(b.x1, b.y1)) ?? 0) + b.count);
    counts.set(key(b.x2, b.y2), (counts.get(key(b.x2, b.y2)) ?? 0) + b.count);
    const pk = [key(b.x1, b.y1), key(b.x2, b.y2)].sort().join('|');
    const prev = pairs.get(pk);
    pairs.set(pk, { b, n: (prev?.n ?? 0) + b.count });
  }
  const wrong = [...need.values()].filter((i) => (counts.get(key(i.x, i.y)) ?? 0) !== i.num);
  if (wrong.length > 0) {
    const parts = wrong.map((i) => `island ${pt(i.x, i.y)} has ${plural(counts.get(key(i.x, i.y)) ?? 0, 'bridge')} but its number is ${i.num}`);
    return fail(`${parts.join('; ')}${tail}`, wrong.map((i) => cell(i.x, i.y, `${counts.get(key(i.x, i.y)) ?? 0} of ${i.num} bridges`)));
  }
  for (const { b, n } of pairs.values()) {
    if (n > 2) return fail(`islands ${pt(b.x1, b.y1)} and ${pt(b.x2, b.y2)} are joined by ${n} bridges; at most 2 are allowed${tail}`, [edge(b, bridges.indexOf(b), `${n} bridges`)]);
  }
  for (const [i, b] of bridges.entries()) {
    const over = islandOnPath(b, positions);
    if (over) return fail(`bridge ${i + 1} ${bridgeText(b)} passes over island ${pt(over[0], over[1])}${tail}`, [edge(b, i), cell(over[0], over[1], 'island under a bridge')]);
    for (let j = i + 1; j < bridges.length; j++) {
      const b2 = bridges[j]!;
      const at = crossingPoint(b, b2);
      if (at) return fail(`bridges ${i + 1} ${bridgeText(b)} and ${j + 1} ${bridgeText(b2)} cross at ${pt(at[0], at[1])}${tail}`, [edge(b, i), edge(b2, j), cell(at[0], at[1], 'crossing')]);
    }
  }
  const cut = unreachable(islands, bridges);
  if (cut.length > 0) {
    const first = islands[0]!;
    return fail(
      `the islands do not form one connected network: ${cut.map((i) => pt(i.x, i.y)).join(', ')} cannot be reached from ${pt(first.x, first.y)}${tail}`,
      cut.map((i) => cell(i.x, i.y, 'not connected')),
    );
  }
  return pass();
}

// ---------------------------------------------------------------------------------------------------
// reference

function reference(input: VerifyInput): Check {
  const st = input.initialState;
  let data: unknown;
  if (typeof st === 'string') {
    const d = jsonLoads(st);
    if (!d) return fail('the puzzle\'s initial_state is not JSON, so the reference cannot read the islands');
    data = d.value;
  } else if (st !== null && typeof st === 'object') {
    data = st;
  } else {
    return fail('the puzzle has no initial_state (islands), which the reference requires');
  }
  if (!isDict(data)) return crash(`initial_state decodes to a ${pyTypeName(data)}, not a dict: the reference calls .get('islands') on it and raises`);
  const rawIslands = data['islands'] ?? [];
  if (!pyTruthy(rawIslands)) return fail('the puzzle lists no islands, which the reference rejects');

  let answer = input.answer;
  let note = '';
  if (!isNormalizedFormat(answer)) {
    const ex = referenceExtract(answer);
    answer = ex.text;
    const readCount = strippedLines(answer).length;
    note = ex.block !== null ? ` (the reference read only the block ${excerpt(ex.block, 40)}: ${plural(readCount, 'bridge')})` : ` (the reference read ${plural(readCount, 'bridge')}, one per line)`;
  }
  if (pyStrip(answer) === '') return fail(`could not read a bridge list from the answer: no line of the form (x1,y1)-(x2,y2):count in ${excerpt(input.answer)}`);
  const bridges = parseCanonical(answer);
  if (bridges.length === 0) return fail(`could not read a bridge list from the answer: no line of the form (x1,y1)-(x2,y2):count in ${excerpt(input.answer)}`);
  if (note === '' && strippedLines(input.answer).some((l) => findAll(CANONICAL_ANY, l).length > 1)) {
    note = ` (the reference reads only the first bridge of each line: ${plural(bridges.length, 'bridge')} read)`;
  }
  const isl = islandsOf(rawIslands);
  if ('error' in isl) return fail(isl.error);
  return validateReference(isl.islands, bridges, note);
}

// ---------------------------------------------------------------------------------------------------
// strict

interface StrictBridge extends Bridge {
  /** Count as written; null when the bridge has no count. */
  written: number | null;
  text: string;
}

const STRICT_BRIDGE = pyRe(
  String.raw`(?:connect\s*)?${CG}\s*(?:<->|<-->|↔|->|-->|=>|→|[-–—]+|>|\bto\b)\s*${CG}(?:[^\S\r\n]*(?::|=|×|\bx\b|\bwith\b|\busing\b)?[^\S\r\n]*(\d+))?`,
  'gi',
);

function parseStrict(answer: string): StrictBridge[] {
  return findAll(STRICT_BRIDGE, answer).map((m) => {
    const [x1, y1, x2, y2] = [m[1], m[2], m[3], m[4]].map((s) => pyDigits(s!)) as [number, number, number, number];
    const written = m[5] === undefined ? null : pyDigits(m[5]);
    return { x1, y1, x2, y2, count: written ?? 0, written, text: m[0] };
  });
}

const ISLAND_IN_QUESTION = pyRe(String.raw`Island at coordinates \(\s*(\d+)\s*,\s*(\d+)\s*\) has number (\d+)`, 'gi');

/** Islands from initial_state, else from the question's "Island at coordinates (x, y) has number k." lines. */
function strictIslands(input: VerifyInput): Island[] | { error: string } | null {
  let data: unknown = input.initialState;
  if (typeof data === 'string') data = jsonLoads(data)?.value;
  if (isDict(data) && data['islands'] !== undefined) {
    const r = islandsOf(data['islands']);
    return 'error' in r ? r : r.islands;
  }
  const found = findAll(ISLAND_IN_QUESTION, input.question);
  if (found.length > 0) return found.map((m) => ({ x: pyDigits(m[1]!), y: pyDigits(m[2]!), num: pyDigits(m[3]!) }));
  return null;
}

function strict(input: VerifyInput): Check {
  const bridges = parseStrict(input.answer);
  if (bridges.length === 0) return parseError(`could not read a bridge list from the answer: no (x1,y1)-(x2,y2):count in ${excerpt(input.answer)}`);
  const islands = strictIslands(input);
  if (islands !== null && 'error' in islands) return fail(islands.error);
  if (islands === null || islands.length === 0) return compareWithStored(input, bridges);

  for (const [n, b] of bridges.entries()) {
    const tag = `bridge ${n + 1} ${bridgeText(b)}`;
    if (b.written === null) return fail(`${tag} has no count; write it as ${bridgeText(b)}:1 or :2`, [edge(b, n, 'no count')]);
    if (b.written !== 1 && b.written !== 2) return fail(`${tag} has count ${b.written}; a connection holds 1 or 2 bridges`, [edge(b, n, `count ${b.written}`)]);
  }
  const byPair = new Map<string, number>();
  for (const [n, b] of bridges.entries()) {
    const pk = [key(b.x1, b.y1), key(b.x2, b.y2)].sort().join('|');
    const prev = byPair.get(pk);
    if (prev !== undefined) {
      return fail(`the connection ${bridgeText(b)} is listed twice (bridges ${prev + 1} and ${n + 1}); give each connection once with its count`, [edge(bridges[prev]!, prev), edge(b, n, 'listed again')]);
    }
    byPair.set(pk, n);
  }
  return validateReference(islands, bridges, '');
}

/** No islands to check against: compare the connections with the stored solution. */
function compareWithStored(input: VerifyInput, bridges: StrictBridge[]): Check {
  const stored = parseStrict(input.groundTruth);
  if (stored.length === 0) return parseError('the puzzle\'s islands are unknown (no initial_state islands, none in the question) and the stored solution has no bridges to compare with');
  const norm = (bs: Bridge[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const b of bs) {
      const k = [pt(b.x1, b.y1), pt(b.x2, b.y2)].sort().join('-');
      m.set(k, (m.get(k) ?? 0) + (b.count || 1));
    }
    return m;
  };
  const a = norm(bridges);
  const g = norm(stored);
  const diff = [...new Set([...a.keys(), ...g.keys()])].filter((k) => a.get(k) !== g.get(k));
  if (diff.length === 0) return pass('the islands are unknown: the connections equal the stored solution');
  return fail(`the islands are unknown, so the answer is compared with the stored solution: ${diff.map((k) => `${k} has ${a.get(k) ?? 0} (stored ${g.get(k) ?? 0})`).join('; ')}`);
}

export const bridgesVerifier: TaskVerifier = {
  scoreFunction: 'bridges_evaluator',
  categories: ['bridges'],
  reference,
  strict,
};
