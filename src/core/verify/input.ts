/**
 * The reference pipeline's preparation steps (verifiers.md §1.2, §1.4, §1.5): escape normalisation
 * (with a map back to the original offsets, so spans point into the text the curator sees),
 * initial_state decoding and score-function dispatch.
 */
import { parsePythonish } from '../pyliteral';

const REPLACEMENTS: ReadonlyArray<[string, string]> = [
  ['\\n', '\n'],
  ['\\t', '\t'],
  ['\\"', '"'],
  ["\\'", "'"],
];

/**
 * §1.2: replace backslash+n, backslash+t, backslash+", backslash+' in this order, each over the whole
 * string (so the result is that of four successive `str.replace` calls).
 */
export function normalizeEscapes(s: string): string {
  let out = s;
  for (const [from, to] of REPLACEMENTS) if (out.includes(from)) out = out.split(from).join(to);
  return out;
}

/**
 * The same normalisation, also returning for every index of the result the index in the original
 * string where that character came from (plus one final entry for the end).
 *
 * One left-to-right pass gives the result of the four successive replacements: a pair is a backslash and
 * one of n t " ', its second character is never a backslash, so pairs never overlap, and no replacement
 * creates a new pair.
 */
export function normalizeEscapesWithMap(s: string): { text: string; origin: Int32Array } {
  const origin = new Int32Array(s.length + 1);
  if (!s.includes('\\')) {
    for (let i = 0; i <= s.length; i++) origin[i] = i;
    return { text: s, origin };
  }
  const parts: string[] = [];
  let from = 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 0x5c) {
      const next = s[i + 1];
      const to = next === 'n' ? '\n' : next === 't' ? '\t' : next === '"' ? '"' : next === "'" ? "'" : null;
      if (to !== null) {
        parts.push(s.slice(from, i), to);
        for (let k = from; k < i; k++) origin[n++] = k;
        origin[n++] = i;
        from = i + 2;
        i++;
        continue;
      }
    }
  }
  parts.push(s.slice(from));
  for (let k = from; k < s.length; k++) origin[n++] = k;
  origin[n] = s.length;
  return { text: parts.join(''), origin: origin.subarray(0, n + 1) };
}

/** Map a `[start, end)` span of the normalised text back to the original text. */
export function mapSpan(origin: Int32Array, start: number, end: number): [number, number] {
  return [origin[start]!, origin[end]!];
}

/**
 * §1.4: a string initial_state is decoded (JSON, then Python literal); a dict is passed on as a plain
 * object, anything else as the normalised string. A non-string value (already decoded by the reader)
 * follows the same rule: objects pass, lists and scalars become their text.
 */
export function decodeInitialState(raw: unknown): Record<string, unknown> | string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') {
    const s = normalizeEscapes(raw);
    const v = parsePythonish(s);
    return isDict(v) ? v : s;
  }
  if (isDict(raw)) return normalizeDeep(raw) as Record<string, unknown>;
  // Lists/numbers stored as JSON values: the reference row would hold their text (pandas reads the column as str).
  return JSON.stringify(raw);
}

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function normalizeDeep(v: unknown): unknown {
  if (typeof v === 'string') return normalizeEscapes(v);
  if (Array.isArray(v)) return v.map(normalizeDeep);
  if (isDict(v)) {
    // fromEntries defines own properties: a `__proto__` key from the row stays data (an assignment
    // would make its value the prototype of the decoded state, which verifiers then read through).
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalizeDeep(x)]));
  }
  return v;
}

/** §1.5: the score function named by metric_info, or `simple_str_match` when missing or undecodable. */
export function scoreFunctionOf(metricInfo: unknown): string {
  let v = metricInfo;
  if (typeof v === 'string') v = parsePythonish(v);
  if (isDict(v) && typeof v['score_function'] === 'string') return v['score_function'];
  return 'simple_str_match';
}
