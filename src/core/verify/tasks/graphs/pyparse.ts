/**
 * The graph verifiers' answer parse, emulating the reference's `safe_parse_answer` exactly (verifiers.md
 * §2.3): `text.strip().lower() == "no"` -> No; else Python's `json.loads`; else `ast.literal_eval`; a
 * failure of either (ValueError / SyntaxError) gives None, while any other exception (an unhashable set
 * item or dict key: TypeError) escapes to the caller.
 *
 * `json.loads` is emulated by a small parser of our own (JavaScript's JSON.parse would lose `1.0` vs `1`
 * and rejects Python's `NaN`/`Infinity`); `ast.literal_eval` by a pre-scan that applies the Python
 * tokenizer's rules pyliteral does not know (comments, line continuations, leading zeros, underscores in
 * numbers, hex/octal/binary ints, `5.`, unary minus followed by spaces, whitespace Python does not accept,
 * indentation) and hands the cleaned text to `parsePyLiteral`.
 *
 * Also here: Python's `str()` of decoded values (node ids are compared through it), `str.strip()`, and
 * the few container operations the reference applies to the graph (`in`, `[]`, iteration, `.items()`),
 * which raise `PyError` where Python raises.
 */
import { parsePyLiteral, PyFloat, PySet, PyTuple, type PyDict, type PyValue } from '../../../pyliteral';

const JSON_NUMBER = /(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?/y;

/** A Python exception the reference would raise (and, in the graph verifiers, catch and score 0). */
export class PyError extends Error {
  constructor(
    readonly pyType: string,
    message: string,
  ) {
    super(`${pyType}: ${message}`);
    this.name = 'PyError';
  }
}

// ---------------------------------------------------------------------------------------------------
// str.strip(), str()

/** Characters for which Python's str.isspace() is true (what str.strip() removes). */
const PY_SPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  ...Array.from({ length: 11 }, (_, k) => 0x2000 + k),
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

export function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && PY_SPACE.has(s.charCodeAt(a))) a++;
  while (b > a && PY_SPACE.has(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** `text.strip().lower() == "no"` (only ASCII N/n, O/o lower-case to n, o). */
export function isNoText(text: string): boolean {
  return /^[Nn][Oo]$/.test(pyStrip(text));
}

/** Python's repr() of a float. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let body: string;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1);
      body = `${int}.${frac === '' ? '0' : frac}`;
    } else {
      body = `0.${'0'.repeat(-exp - 1)}${digits}`;
    }
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return neg ? `-${body}` : body;
}

export function isPyDict(v: unknown): v is PyDict {
  return typeof v === 'object' && v !== null && (v as { __pydict?: unknown }).__pydict === true;
}

/** A plain JS object (a dict decoded by JSON.parse, e.g. the pipeline's initial_state). */
export function isPlainDict(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !isPyDict(v) &&
    !(v instanceof PyTuple) &&
    !(v instanceof PySet) &&
    !(v instanceof PyFloat)
  );
}

function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return q + out + q;
}

/** Python's repr() of a decoded value (PyValue or plain JSON value). */
export function pyReprAny(v: unknown): string {
  if (typeof v === 'string') return pyStrRepr(v);
  if (v instanceof PyTuple) return v.items.length === 1 ? `(${pyReprAny(v.items[0])},)` : `(${v.items.map(pyReprAny).join(', ')})`;
  if (v instanceof PySet) return v.items.length === 0 ? 'set()' : `{${v.items.map(pyReprAny).join(', ')}}`;
  if (Array.isArray(v)) return `[${v.map(pyReprAny).join(', ')}]`;
  if (isPyDict(v)) return `{${v.entries.map(([k, x]) => `${pyReprAny(k)}: ${pyReprAny(x)}`).join(', ')}}`;
  if (isPlainDict(v)) return `{${Object.entries(v).map(([k, x]) => `${pyStrRepr(k)}: ${pyReprAny(x)}`).join(', ')}}`;
  return pyStrAny(v);
}

/**
 * Python's str() of a decoded value: what the graph verifiers compare node ids by (`3` and `"3"` are the
 * same node, `3.0` is not). Plain JS numbers (from JSON.parse) print as ints when integral.
 */
export function pyStrAny(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : pyFloatRepr(v);
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  return pyReprAny(v);
}

/** Python's type name, for exception messages. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (v instanceof PyFloat) return 'float';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PySet) return 'set';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

// ---------------------------------------------------------------------------------------------------
// Container operations, as Python applies them to whatever the graph decoded to

/** `key in container` for a str key. */
export function pyContains(container: unknown, key: string): boolean {
  if (isPlainDict(container)) return Object.prototype.hasOwnProperty.call(container, key);
  if (isPyDict(container)) return container.entries.some(([k]) => k === key);
  if (Array.isArray(container)) return container.some((x) => x === key);
  if (container instanceof PyTuple || container instanceof PySet) return container.items.some((x) => x === key);
  if (typeof container === 'string') return container.includes(key);
  throw new PyError('TypeError', `argument of type '${pyTypeName(container)}' is not iterable`);
}

/** `container[key]` for a str key already known to be `in` the container. */
export function pyGetItem(container: unknown, key: string): unknown {
  if (isPlainDict(container)) return container[key];
  if (isPyDict(container)) {
    let found: unknown;
    for (const [k, v] of container.entries) if (k === key) found = v;
    return found;
  }
  if (Array.isArray(container) || container instanceof PyTuple || typeof container === 'string') {
    throw new PyError('TypeError', `${pyTypeName(container)} indices must be integers or slices, not str`);
  }
  throw new PyError('TypeError', `'${pyTypeName(container)}' object is not subscriptable`);
}

/** `for x in value`. */
export function pyIter(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value instanceof PyTuple || value instanceof PySet) return value.items;
  if (typeof value === 'string') return [...value];
  if (isPlainDict(value)) return Object.keys(value);
  if (isPyDict(value)) return value.entries.map(([k]) => k);
  throw new PyError('TypeError', `'${pyTypeName(value)}' object is not iterable`);
}

/** `graph.items()` (or `.keys()`, for the message): only a dict has it. */
export function pyItems(graph: unknown, attr: 'items' | 'keys' = 'items'): Array<[unknown, unknown]> {
  if (isPlainDict(graph)) return Object.entries(graph);
  if (isPyDict(graph)) {
    // A literal with repeated keys keeps the last value at the first key's place.
    const out = new Map<unknown, unknown>();
    for (const [k, v] of graph.entries) out.set(k, v);
    return [...out.entries()];
  }
  throw new PyError('AttributeError', `'${pyTypeName(graph)}' object has no attribute '${attr}'`);
}

// ---------------------------------------------------------------------------------------------------
// json.loads

class JsonError extends Error {}

/** Python's json.loads (strict mode), producing PyValues (ints vs floats kept apart). Throws JsonError. */
export function pyJsonLoads(text: string): PyValue {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (msg: string): never => {
    throw new JsonError(`${msg} at ${i}`);
  };
  const value = (): PyValue => {
    const c = text[i];
    if (c === '"') return str();
    if (c === '{') {
      i++;
      ws();
      const entries = new Map<string, PyValue>();
      if (text[i] === '}') {
        i++;
        return { __pydict: true, entries: [] };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expecting property name');
        const k = str();
        ws();
        if (text[i] !== ':') fail("expecting ':'");
        i++;
        ws();
        entries.set(k, value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { __pydict: true, entries: [...entries.entries()] };
        }
        fail("expecting ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      const items: PyValue[] = [];
      if (text[i] === ']') {
        i++;
        return items;
      }
      for (;;) {
        ws();
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return items;
        }
        fail("expecting ',' or ']'");
      }
    }
    if (text.startsWith('null', i)) return (i += 4), null;
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    JSON_NUMBER.lastIndex = i;
    const m = JSON_NUMBER.exec(text);
    if (m) {
      i += m[0].length;
      if (m[2] === undefined && m[3] === undefined) return Number(m[1]);
      return new PyFloat(Number(m[0]));
    }
    if (text.startsWith('NaN', i)) return (i += 3), new PyFloat(NaN);
    if (text.startsWith('Infinity', i)) return (i += 8), new PyFloat(Infinity);
    if (text.startsWith('-Infinity', i)) return (i += 9), new PyFloat(-Infinity);
    return fail('expecting value');
  };
  const str = (): string => {
    i++; // opening quote
    let out = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) return fail('unterminated string');
      if (c === '"') {
        i++;
        return out;
      }
      if (c.charCodeAt(0) < 0x20) fail('invalid control character');
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e]!;
          i += 2;
          continue;
        }
        if (e === 'u') {
          const h = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('invalid \\uXXXX escape');
          out += String.fromCharCode(parseInt(h, 16));
          i += 6;
          continue;
        }
        fail('invalid escape');
      }
      out += c;
      i++;
    }
  };
  ws();
  const v = value();
  ws();
  if (i !== text.length) fail('extra data');
  return v;
}

// ---------------------------------------------------------------------------------------------------
// ast.literal_eval

class LiteralSyntaxError extends Error {}

const STRING_PREFIX = /^(?:[rRuUbBfF]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])$/;
const NUMBER = {
  radix: /^0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/,
  exponentFloat: /^(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.?)[eE][-+]?[0-9](?:_?[0-9])*/,
  pointFloat: /^(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.)/,
  decInteger: /^(?:[1-9](?:_?[0-9])*|0+(?:_?0)*)/,
};

/**
 * Apply the Python tokenizer's rules to a literal_eval input and return an equivalent text for
 * parsePyLiteral; throws LiteralSyntaxError where Python raises SyntaxError/IndentationError (or where
 * the literal would need something parsePyLiteral does not read, such as complex numbers).
 */
export function pythonLiteralText(input: string): string {
  const s = input.replace(/^[ \t]+/, ''); // literal_eval: node_or_string.lstrip(" \t")
  let out = '';
  let i = 0;
  let depth = 0;
  let seenContent = false; // an expression token has been emitted
  let ended = false; // a NEWLINE closed the logical line after content
  let atLineStart = true; // at the start of a physical line at depth 0
  const bad = (msg: string): never => {
    throw new LiteralSyntaxError(`${msg} at ${i}`);
  };
  // What the previous significant token was: two operands in a row (`1 2`, `{1 2}`, `[1] [2]`) are a
  // syntax error (or, for `x[1]`/`f(1)`, not a literal), except adjacent strings, which concatenate.
  let prev: 'none' | 'operand' | 'string' = 'none';
  const content = (): void => {
    if (ended) bad('unexpected text after the expression');
    seenContent = true;
  };
  const operand = (kind: 'operand' | 'string'): void => {
    content();
    if (prev === 'operand' || (prev === 'string' && kind !== 'string')) bad('invalid syntax');
    prev = kind;
  };
  while (i < s.length) {
    if (atLineStart && depth === 0) {
      // Indentation of a physical line: blank and comment lines do not count.
      let col = 0;
      let j = i;
      while (j < s.length && (s[j] === ' ' || s[j] === '\t' || s[j] === '\f')) {
        col = s[j] === '\f' ? 0 : col + 1;
        j++;
      }
      const next = s[j];
      if (next === undefined) {
        if (col > 0) bad('unexpected indent');
        break;
      }
      if (next !== '\n' && next !== '\r' && next !== '#' && col > 0) bad('unexpected indent');
      i = j;
      atLineStart = false;
      continue;
    }
    const c = s[i]!;
    if (c === '#') {
      while (i < s.length && s[i] !== '\n' && s[i] !== '\r') i++;
      continue;
    }
    if (c === '\\') {
      const nl = s.startsWith('\r\n', i + 1) ? 2 : s[i + 1] === '\n' || s[i + 1] === '\r' ? 1 : 0;
      if (nl === 0) bad('unexpected character after line continuation character');
      i += 1 + nl;
      if (i >= s.length) bad('unexpected EOF');
      out += ' ';
      continue;
    }
    if (c === '\n' || c === '\r') {
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      if (depth > 0) {
        out += '\n';
      } else {
        if (seenContent) ended = true;
        atLineStart = true;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f') {
      out += ' ';
      i++;
      continue;
    }
    if (/\s/.test(c) || c.charCodeAt(0) < 0x20 || c === '\x7f') bad(`invalid character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    if (c === '(' || c === '[' || c === '{') {
      operand('operand');
      prev = 'none';
      depth++;
      out += c;
      i++;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      content();
      prev = 'operand';
      depth--;
      if (depth < 0) bad(`unmatched '${c}'`);
      out += c;
      i++;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(s[i + 1] ?? ''))) {
      operand('operand');
      const rest = s.slice(i);
      let tok: string;
      let emit: string;
      const radix = NUMBER.radix.exec(rest);
      const expo = NUMBER.exponentFloat.exec(rest);
      const point = NUMBER.pointFloat.exec(rest);
      const dec = NUMBER.decInteger.exec(rest);
      if (radix) {
        tok = radix[0];
        emit = BigInt(tok.replace(/_/g, '')).toString();
      } else if (expo) {
        tok = expo[0];
        const [m = '', e = ''] = tok.replace(/_/g, '').split(/[eE]/);
        emit = `${m.endsWith('.') ? `${m}0` : m}e${e}`;
      } else if (point) {
        tok = point[0];
        const t = tok.replace(/_/g, '');
        emit = t.endsWith('.') ? `${t}0` : t;
      } else if (dec) {
        tok = dec[0];
        emit = tok.replace(/_/g, '');
      } else {
        return bad('invalid number');
      }
      const after = s[i + tok.length] ?? '';
      if (/[jJ]/.test(after)) bad('complex numbers are not supported');
      if (/[A-Za-z0-9_.]/.test(after) || after.charCodeAt(0) > 0x7f) bad('invalid decimal literal');
      out += emit;
      i += tok.length;
      continue;
    }
    if (c === '-' || c === '+') {
      operand('operand');
      prev = 'none';
      out += c;
      i++;
      // Python allows spaces (and, inside brackets, line breaks) between a sign and its operand.
      while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\f' || (depth > 0 && (s[i] === '\n' || s[i] === '\r')))) i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c) || c === '"' || c === "'") {
      let j = i;
      while (j < s.length && /[A-Za-z0-9_]/.test(s[j]!)) j++;
      const word = s.slice(i, j);
      const q = s[j];
      if ((word === '' || STRING_PREFIX.test(word)) && (q === '"' || q === "'")) {
        // A string literal: copy it verbatim (parsePyLiteral reads the escapes), find its end.
        const triple = s.startsWith(q.repeat(3), j);
        const delim = triple ? q.repeat(3) : q;
        let k = j + delim.length;
        for (;;) {
          if (k >= s.length) bad('unterminated string literal');
          if (s[k] === '\\') {
            k += 2;
            continue;
          }
          if (!triple && (s[k] === '\n' || s[k] === '\r')) bad('unterminated string literal');
          if (s.startsWith(delim, k)) {
            k += delim.length;
            break;
          }
          k++;
        }
        if (/[fF]/.test(word)) bad('f-strings are not literals');
        operand('string');
        out += s.slice(i, k);
        i = k;
        continue;
      }
      operand('operand');
      out += word;
      i = j;
      continue;
    }
    content();
    prev = 'none';
    out += c;
    i++;
  }
  if (depth > 0) bad('unexpected EOF');
  if (!seenContent) bad('empty expression');
  return out;
}

function hashable(v: PyValue): boolean {
  if (Array.isArray(v) || v instanceof PySet || isPyDict(v)) return false;
  if (v instanceof PyTuple) return v.items.every(hashable);
  return true;
}

/** Raise TypeError like Python for an unhashable set item or dict key. */
function checkHashable(v: PyValue): void {
  if (v instanceof PySet) {
    for (const x of v.items) {
      if (!hashable(x)) throw new PyError('TypeError', `unhashable type: '${pyTypeName(x)}'`);
      checkHashable(x);
    }
  } else if (isPyDict(v)) {
    for (const [k, x] of v.entries) {
      if (!hashable(k)) throw new PyError('TypeError', `unhashable type: '${pyTypeName(k)}'`);
      checkHashable(k);
      checkHashable(x);
    }
  } else if (Array.isArray(v)) {
    v.forEach(checkHashable);
  } else if (v instanceof PyTuple) {
    v.items.forEach(checkHashable);
  }
}

/** ast.literal_eval; throws LiteralSyntaxError (SyntaxError/ValueError) or PyError (TypeError). */
export function pyLiteralEval(text: string): PyValue {
  const cleaned = pythonLiteralText(text);
  let v: PyValue;
  try {
    v = parsePyLiteral(cleaned);
  } catch (e) {
    throw new LiteralSyntaxError(e instanceof Error ? e.message : String(e));
  }
  checkHashable(v);
  return v;
}

// ---------------------------------------------------------------------------------------------------
// safe_parse_answer

export type SafeParse =
  /** The text is "no" (after strip and lower-casing). */
  | { kind: 'no' }
  /** It decoded to a value other than None. */
  | { kind: 'value'; value: Exclude<PyValue, null> }
  /** It decoded to None/null, or decoded neither as JSON nor as a Python literal. */
  | { kind: 'none'; why: string }
  /** Parsing raised something safe_parse_answer does not catch (TypeError: unhashable). */
  | { kind: 'raise'; error: PyError };

export function safeParseAnswer(text: string): SafeParse {
  if (isNoText(text)) return { kind: 'no' };
  let v: PyValue;
  try {
    v = pyJsonLoads(text);
  } catch {
    try {
      v = pyLiteralEval(text);
    } catch (e) {
      if (e instanceof PyError) return { kind: 'raise', error: e };
      return { kind: 'none', why: pyStrip(text) === '' ? 'the answer is empty' : 'it is neither JSON nor a Python literal' };
    }
  }
  if (v === null) return { kind: 'none', why: 'it decodes to None/null' };
  return { kind: 'value', value: v };
}
