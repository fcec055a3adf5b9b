/**
 * "Python-literal parse" as the MM-HELIX reference uses it (see verifiers.md): strict JSON first, then a
 * Python literal (`ast.literal_eval` subset): tuples, sets, single- or double-quoted strings (with
 * prefixes r/b/u), True/False/None, ints, floats, negative numbers, trailing commas, nested lists/dicts.
 * No evaluation of anything else: unknown tokens are a parse error.
 *
 * Tuples and sets are kept distinguishable from lists, because several verifiers reject tuples.
 */

export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}
export class PySet {
  constructor(readonly items: PyValue[]) {}
}
/** A Python float that happened to be integral (e.g. `3.0`): kept apart so `str()` prints `3.0`. */
export class PyFloat {
  constructor(readonly value: number) {}
}
export type PyValue = null | boolean | number | string | PyFloat | PyTuple | PySet | PyValue[] | PyDict;
export interface PyDict {
  readonly __pydict: true;
  entries: Array<[PyValue, PyValue]>;
}

export class PyParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'PyParseError';
  }
}

/** Try strict JSON, then a Python literal; return `undefined` when both fail. */
export function parsePythonish(text: string): unknown {
  // Parse failures are expected here (much text is not JSON): skip the stack capture they would cost.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    if (mayBeJson(text)) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        /* fall through */
      }
    }
    try {
      return toPlain(parsePyLiteral(text));
    } catch {
      return undefined;
    }
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** False when JSON.parse would certainly throw: the first non-blank character cannot start a JSON value. */
function mayBeJson(text: string): boolean {
  let i = 0;
  let c = text.charCodeAt(0);
  while (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) c = text.charCodeAt(++i);
  // { [ " - 0-9 t f n
  return c === 0x7b || c === 0x5b || c === 0x22 || c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e;
}

/** Convert to plain JS: dicts with string-able keys become objects, tuples/sets become arrays, PyFloat a number. */
export function toPlain(v: PyValue): unknown {
  if (v instanceof PyTuple || v instanceof PySet) return v.items.map(toPlain);
  if (v instanceof PyFloat) return v.value;
  if (Array.isArray(v)) return v.map(toPlain);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of v.entries) out[pyStr(k)] = toPlain(val);
    return out;
  }
  return v;
}

/** Python's `str()` of a decoded value (used by graph verifiers to compare node ids). */
export function pyStr(v: PyValue): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v instanceof PyFloat) return Number.isInteger(v.value) ? `${v.value}.0` : String(v.value);
  return pyRepr(v);
}

function pyRepr(v: PyValue): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (v instanceof PyTuple) return v.items.length === 1 ? `(${pyRepr(v.items[0] ?? null)},)` : `(${v.items.map(pyRepr).join(', ')})`;
  if (v instanceof PySet) return `{${v.items.map(pyRepr).join(', ')}}`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v !== null && typeof v === 'object' && !(v instanceof PyFloat)) {
    return `{${v.entries.map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  }
  return pyStr(v);
}

/** Parse one Python literal; throws PyParseError. */
export function parsePyLiteral(text: string): PyValue {
  const p = new Parser(text);
  p.ws();
  let v = p.value();
  p.ws();
  // A bare tuple at the top level (`0, 1, 2`), as ast.literal_eval reads it.
  if (p.pos < text.length && text[p.pos] === ',') {
    const items = [v];
    while (text[p.pos] === ',') {
      p.pos++;
      p.ws();
      if (p.pos >= text.length) break;
      items.push(p.value());
      p.ws();
    }
    v = new PyTuple(items);
  }
  if (p.pos !== text.length) throw new PyParseError('unexpected trailing text', p.pos);
  return v;
}

const NUMBER = /[-+]?(?:(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d+)?|\d[\d_]*\.)/y;

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  ws(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      // ASCII whitespace as /\s/ defines it, else the regex for the rest of Unicode.
      if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) this.pos++;
      else if (c >= 0x80 && /\s/.test(s[this.pos]!)) this.pos++;
      else break;
    }
  }

  value(): PyValue {
    const c = this.s[this.pos];
    if (c === undefined) throw new PyParseError('unexpected end of input', this.pos);
    if (c === '[') return this.seq('[', ']', (items) => items);
    if (c === '(') {
      return this.seq('(', ')', (items, trailingComma) => (items.length === 1 && !trailingComma ? items[0]! : new PyTuple(items)));
    }
    if (c === '{') return this.dictOrSet();
    if (c === '"' || c === "'") return this.str();
    if (/[rRbBuU]/.test(c) && /["']/.test(this.s[this.pos + 1] ?? '')) return this.str();
    if (/[-+\d.]/.test(c)) return this.num();
    const m = /^(True|False|None)\b/.exec(this.s.slice(this.pos, this.pos + 6));
    if (m) {
      this.pos += m[1]!.length;
      return m[1] === 'True' ? true : m[1] === 'False' ? false : null;
    }
    throw new PyParseError(`unexpected character ${JSON.stringify(c)}`, this.pos);
  }

  seq(open: string, close: string, make: (items: PyValue[], trailingComma: boolean) => PyValue): PyValue {
    this.pos++; // open
    const items: PyValue[] = [];
    let trailingComma = false;
    this.ws();
    while (this.s[this.pos] !== close) {
      if (this.pos >= this.s.length) throw new PyParseError(`unterminated ${open}`, this.pos);
      items.push(this.value());
      this.ws();
      if (this.pos >= this.s.length) throw new PyParseError(`unterminated ${open}`, this.pos);
      trailingComma = false;
      if (this.s[this.pos] === ',') {
        this.pos++;
        trailingComma = true;
        this.ws();
      } else if (this.s[this.pos] !== close) {
        throw new PyParseError(`expected , or ${close}`, this.pos);
      }
    }
    this.pos++;
    return make(items, trailingComma);
  }

  dictOrSet(): PyValue {
    this.pos++;
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return { __pydict: true, entries: [] };
    }
    const first = this.value();
    this.ws();
    if (this.s[this.pos] === ':') {
      const entries: Array<[PyValue, PyValue]> = [];
      let key = first;
      for (;;) {
        this.pos++; // ':'
        this.ws();
        entries.push([key, this.value()]);
        this.ws();
        if (this.s[this.pos] === ',') {
          this.pos++;
          this.ws();
        }
        if (this.s[this.pos] === '}') {
          this.pos++;
          return { __pydict: true, entries };
        }
        if (this.pos >= this.s.length) throw new PyParseError('unterminated {', this.pos);
        key = this.value();
        this.ws();
        if (this.s[this.pos] !== ':') throw new PyParseError('expected :', this.pos);
      }
    }
    const items: PyValue[] = [first];
    for (;;) {
      if (this.s[this.pos] === ',') {
        this.pos++;
        this.ws();
      }
      if (this.s[this.pos] === '}') {
        this.pos++;
        return new PySet(items);
      }
      if (this.pos >= this.s.length) throw new PyParseError('unterminated {', this.pos);
      items.push(this.value());
      this.ws();
    }
  }

  str(): string {
    let raw = false;
    while (/[rRbBuU]/.test(this.s[this.pos] ?? '')) {
      if (/[rR]/.test(this.s[this.pos]!)) raw = true;
      this.pos++;
    }
    const q = this.s[this.pos]!;
    const triple = this.s.startsWith(q.repeat(3), this.pos);
    const delim = triple ? q.repeat(3) : q;
    this.pos += delim.length;
    let out = '';
    for (;;) {
      if (this.pos >= this.s.length) throw new PyParseError('unterminated string', this.pos);
      if (this.s.startsWith(delim, this.pos)) {
        this.pos += delim.length;
        break;
      }
      const c = this.s[this.pos]!;
      if (c === '\n' && !triple) throw new PyParseError('line break in string', this.pos);
      if (c === '\\') {
        const n = this.s[this.pos + 1];
        if (n === undefined) throw new PyParseError('unterminated string', this.pos);
        if (raw) {
          out += c + n;
          this.pos += 2;
          continue;
        }
        this.pos += 2;
        out += this.escape(n);
        continue;
      }
      out += c;
      this.pos++;
    }
    // Adjacent string literals concatenate ('a' 'b').
    const save = this.pos;
    this.ws();
    const c = this.s[this.pos];
    if (c === '"' || c === "'") return out + this.str();
    this.pos = save;
    return out;
  }

  escape(n: string): string {
    switch (n) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '0': return '\0';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case '\\': return '\\';
      case "'": return "'";
      case '"': return '"';
      case '\n': return '';
      case 'x': return this.hex(2);
      case 'u': return this.hex(4);
      case 'U': return this.hex(8);
      default: return `\\${n}`;
    }
  }

  hex(len: number): string {
    const h = this.s.slice(this.pos, this.pos + len);
    if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) throw new PyParseError('bad escape', this.pos);
    this.pos += len;
    return String.fromCodePoint(parseInt(h, 16));
  }

  num(): number | PyFloat {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.s);
    if (!m || m[0] === '-' || m[0] === '+') throw new PyParseError('bad number', this.pos);
    // A sign followed by spaces then a number is also valid Python (unary minus).
    this.pos += m[0].length;
    const text = m[0].replace(/_/g, '');
    const isFloat = /[.eE]/.test(text);
    const n = Number(text);
    if (Number.isNaN(n)) throw new PyParseError('bad number', this.pos);
    return isFloat ? new PyFloat(n) : n;
  }
}
