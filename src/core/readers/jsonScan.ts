/**
 * A byte-level JSON scanner for the index pass: it walks one JSON object's top level, jumps over string
 * bodies with `indexOf` and over nested values without decoding them, and decodes only the few short
 * top-level scalars it is asked for (id, task, difficulty). This is what lets a 750 MB JSONL index in
 * about the time of reading it, where `JSON.parse` of every line would take several times longer.
 * It checks structure, not every detail of JSON: the full parse happens when a sample is loaded.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/** Longest scalar we decode for the head (ids and task names are short; anything longer is skipped). */
const MAX_HEAD_SCALAR = 4096;

export function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export function skipWs(buf: Uint8Array, pos: number, end: number): number {
  while (pos < end && isWs(buf[pos]!)) pos++;
  return pos;
}

/** `pos` is just after an opening quote; returns the index just after the closing quote, or -1. */
export function skipString(buf: Buffer, pos: number, end: number): number {
  for (;;) {
    const q = buf.indexOf(QUOTE, pos);
    if (q < 0 || q >= end) return -1;
    let bs = 0;
    let k = q - 1;
    while (k >= pos && buf[k] === BACKSLASH) {
      bs++;
      k--;
    }
    if ((bs & 1) === 0) return q + 1;
    pos = q + 1;
  }
}

/** Skip any JSON value starting at `pos` (no leading whitespace). Returns the index after it, or -1. */
export function skipValue(buf: Buffer, pos: number, end: number): number {
  const c = buf[pos];
  if (c === QUOTE) return skipString(buf, pos + 1, end);
  if (c === LBRACE || c === LBRACKET) {
    let depth = 0;
    let i = pos;
    while (i < end) {
      const b = buf[i]!;
      if (b === QUOTE) {
        i = skipString(buf, i + 1, end);
        if (i < 0) return -1;
        continue;
      }
      if (b === LBRACE || b === LBRACKET) depth++;
      else if (b === RBRACE || b === RBRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  // number, true, false, null: up to a delimiter
  let i = pos;
  while (i < end) {
    const b = buf[i]!;
    if (b === COMMA || b === RBRACE || b === RBRACKET || isWs(b)) break;
    i++;
  }
  return i > pos ? i : -1;
}

export type HeadResult =
  | { ok: true; head: Record<string, unknown> }
  | { ok: false; error: string; offset: number; notObject?: string };

function describeFirst(buf: Buffer, pos: number): string {
  const c = buf[pos];
  if (c === LBRACKET) return 'array';
  if (c === QUOTE) return 'string';
  const word = buf.toString('latin1', pos, pos + 6);
  if (/^(true|false)\b/.test(word)) return 'boolean';
  if (/^null\b/.test(word)) return 'null';
  if (c !== undefined && (c === 0x2d || (c >= 0x30 && c <= 0x39))) return 'number';
  return 'something that is not JSON';
}

/**
 * Walk the top level of the JSON object in `buf[start, end)` and decode the short scalar values of
 * `keys`. Checks that the object is structurally complete and that nothing follows it.
 */
export function scanObjectHead(buf: Buffer, start: number, end: number, keys: ReadonlySet<string>): HeadResult {
  const head: Record<string, unknown> = {};
  let pos = skipWs(buf, start, end);
  if (buf[pos] !== LBRACE) {
    const what = describeFirst(buf, pos);
    return { ok: false, error: `expected a JSON object for a sample, got ${what}`, offset: pos - start, notObject: what };
  }
  pos = skipWs(buf, pos + 1, end);
  if (buf[pos] === RBRACE) pos++;
  else {
    for (;;) {
      if (buf[pos] !== QUOTE) return fail(pos, 'expected a quoted key');
      const keyEnd = skipString(buf, pos + 1, end);
      if (keyEnd < 0) return fail(pos, 'unterminated key');
      const rawKey = buf.toString('utf8', pos + 1, keyEnd - 1);
      const key = rawKey.includes('\\') ? safeParse<string>(`"${rawKey}"`) ?? rawKey : rawKey;
      pos = skipWs(buf, keyEnd, end);
      if (buf[pos] !== COLON) return fail(pos, `expected ':' after key "${key}"`);
      pos = skipWs(buf, pos + 1, end);
      const valueStart = pos;
      const valueEnd = skipValue(buf, pos, end);
      if (valueEnd < 0) return fail(pos, `value of "${key}" is not complete`);
      if (keys.has(key) && valueEnd - valueStart <= MAX_HEAD_SCALAR) {
        const c = buf[valueStart];
        if (c !== LBRACE && c !== LBRACKET) {
          const v = safeParse<unknown>(buf.toString('utf8', valueStart, valueEnd));
          if (v === undefined) return fail(valueStart, `value of "${key}" is not valid JSON`);
          if (!(key in head)) head[key] = v;
        }
      }
      pos = skipWs(buf, valueEnd, end);
      if (buf[pos] === COMMA) {
        pos = skipWs(buf, pos + 1, end);
        continue;
      }
      if (buf[pos] === RBRACE) {
        pos++;
        break;
      }
      return fail(pos, "expected ',' or '}'");
    }
  }
  pos = skipWs(buf, pos, end);
  if (pos < end) return fail(pos, 'unexpected text after the object');
  return { ok: true, head };

  function fail(at: number, error: string): HeadResult {
    if (at >= end) return { ok: false, error: 'the object is not closed (truncated row?)', offset: end - start };
    return { ok: false, error: `${error} at column ${at - start + 1}`, offset: at - start };
  }
}

function safeParse<T>(s: string): T | undefined {
  try {
    return JSON.parse(s) as T;
  } catch {
    return undefined;
  }
}

/** A readable description of a JSON.parse failure, with the column where it happened when the engine says. */
export function describeJsonError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(msg);
  const base = msg
    .replace(/^JSON\.parse: /, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ (in JSON )?at position \d+.*$/s, '');
  return m ? `invalid JSON: ${base} at column ${Number(m[1]) + 1}` : `invalid JSON: ${base}`;
}
