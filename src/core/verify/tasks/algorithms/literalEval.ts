/**
 * `ast.literal_eval` as the CryptoMath reference applies it to the first `{…}` of an answer, with the
 * Python tokenizer's own rules where the shared pyliteral parser is more lenient: entries must be
 * separated by commas, only Python's whitespace (space, tab, form feed, line breaks, backslash-newline)
 * separates tokens, `#` comments, bytes literals are not strings, leading-zero integers and `--1` are
 * errors, hex/octal/binary ints, underscores in numbers, complex literals, and unhashable dict keys raise.
 * The result keeps Python's types.
 */

export type Lit =
  | { t: 'str'; v: string }
  | { t: 'bytes'; v: string }
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'complex' }
  | { t: 'bool'; v: boolean }
  | { t: 'none' }
  | { t: 'tuple' | 'list' | 'set'; items: Lit[] }
  | { t: 'dict'; entries: Array<[Lit, Lit]> };

export class LiteralError extends Error {
  constructor(
    readonly pyType: 'SyntaxError' | 'ValueError' | 'TypeError',
    message: string,
  ) {
    super(`${pyType}: ${message}`);
    this.name = 'LiteralError';
  }
}

/** Python's hash identity of a literal used as a dict key; throws TypeError for unhashable values. */
export function litHashKey(v: Lit): string {
  switch (v.t) {
    case 'str': return `s:${v.v}`;
    case 'bytes': return `b:${v.v}`;
    case 'bool': return `n:${v.v ? 1 : 0}`;
    case 'int': return `n:${v.v}`;
    case 'float': return Number.isInteger(v.v) ? `n:${BigInt(v.v)}` : `n:${v.v}`;
    case 'complex': return 'c';
    case 'none': return 'None';
    case 'tuple': return `t:(${v.items.map(litHashKey).join(',')})`;
    default: throw new LiteralError('TypeError', `unhashable type: '${v.t}'`);
  }
}

const NUMBER_RE =
  /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.?)(?:[eE][+-]?[0-9](?:_?[0-9])*)?[jJ]?)/;

class P {
  i = 0;
  constructor(private readonly s: string) {}

  private err(msg: string): never {
    throw new LiteralError('SyntaxError', `${msg} at offset ${this.i}`);
  }

  /** Skip Python inter-token whitespace (inside brackets line breaks are free), comments, continuations. */
  ws(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\f' || c === '\n' || c === '\r') this.i++;
      else if (c === '\\' && (this.s[this.i + 1] === '\n' || this.s[this.i + 1] === '\r')) this.i += 2;
      else if (c === '#') while (this.i < this.s.length && this.s[this.i] !== '\n' && this.s[this.i] !== '\r') this.i++;
      else return;
    }
  }

  parseAll(): Lit {
    this.ws();
    const v = this.expr();
    this.ws();
    if (this.i < this.s.length) this.err('unexpected text');
    return v;
  }

  /** A value: a container, a constant, a signed number, or `num ± complex`. */
  private expr(): Lit {
    const c = this.s[this.i];
    if (c === '-' || c === '+') {
      this.i++;
      this.ws();
      const operand = this.atom();
      if (operand.t !== 'int' && operand.t !== 'float' && operand.t !== 'complex') throw new LiteralError('ValueError', 'malformed node or string');
      let v: Lit = operand;
      if (c === '-') v = operand.t === 'int' ? { t: 'int', v: -operand.v } : operand.t === 'float' ? { t: 'float', v: -operand.v } : operand;
      return this.maybeComplexTail(v);
    }
    const v = this.atom();
    return v.t === 'int' || v.t === 'float' ? this.maybeComplexTail(v) : v;
  }

  private maybeComplexTail(left: Lit): Lit {
    const save = this.i;
    this.ws();
    const op = this.s[this.i];
    if (op !== '+' && op !== '-') {
      this.i = save;
      return left;
    }
    this.i++;
    this.ws();
    const right = this.atom();
    if (right.t !== 'complex' || (left.t !== 'int' && left.t !== 'float')) throw new LiteralError('ValueError', 'malformed node or string');
    return { t: 'complex' };
  }

  private atom(): Lit {
    const c = this.s[this.i];
    if (c === undefined) this.err('unexpected end');
    if (c === '(') return this.seq('(', ')', 'tuple');
    if (c === '[') return this.seq('[', ']', 'list');
    if (c === '{') return this.braces();
    if (/[0-9.]/.test(c)) return this.number();
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i))?.[0];
    if (word !== undefined) {
      const q = this.s[this.i + word.length];
      if ((q === '"' || q === "'") && /^(?:[rRuUbBfF]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])$/.test(word)) return this.strings();
      this.i += word.length;
      if (word === 'True' || word === 'False') return { t: 'bool', v: word === 'True' };
      if (word === 'None') return { t: 'none' };
      throw new LiteralError('ValueError', `malformed node or string: name ${word}`);
    }
    if (c === '"' || c === "'") return this.strings();
    this.err(`invalid character ${JSON.stringify(c)}`);
  }

  private number(): Lit {
    const m = NUMBER_RE.exec(this.s.slice(this.i));
    if (!m || m[0] === '.' || m[0] === '') this.err('invalid number');
    const text = m[0];
    this.i += text.length;
    if (/[A-Za-z0-9_]/.test(this.s[this.i] ?? '')) this.err('invalid decimal literal');
    const clean = text.replace(/_/g, '');
    if (/[jJ]$/.test(clean)) return { t: 'complex' };
    if (/^0[xXoObB]/.test(clean)) return { t: 'int', v: BigInt(clean.toLowerCase()) };
    if (/[.eE]/.test(clean)) return { t: 'float', v: Number(clean) };
    if (/^0+[1-9]/.test(clean)) this.err('leading zeros in decimal integer literals are not permitted');
    return { t: 'int', v: BigInt(clean) };
  }

  /** One or more adjacent string literals (all str or all bytes). */
  private strings(): Lit {
    let out = '';
    let kind: 'str' | 'bytes' | null = null;
    for (;;) {
      const pre = /^[A-Za-z]{0,2}/.exec(this.s.slice(this.i))![0];
      const q = this.s[this.i + pre.length];
      if (q !== '"' && q !== "'") break;
      if (/[fF]/.test(pre)) throw new LiteralError('ValueError', 'malformed node or string: f-string');
      const k = /[bB]/.test(pre) ? 'bytes' : 'str';
      if (kind !== null && kind !== k) this.err('cannot mix bytes and nonbytes literals');
      kind = k;
      out += this.oneString(pre, q);
      const save = this.i;
      this.ws();
      if (!/^[A-Za-z]{0,2}["']/.test(this.s.slice(this.i))) {
        this.i = save;
        break;
      }
    }
    return { t: kind ?? 'str', v: out };
  }

  private oneString(pre: string, q: string): string {
    const raw = /[rR]/.test(pre);
    const bytes = /[bB]/.test(pre);
    this.i += pre.length;
    const triple = this.s.startsWith(q.repeat(3), this.i);
    const delim = triple ? q.repeat(3) : q;
    this.i += delim.length;
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) this.err('unterminated string literal');
      if (this.s.startsWith(delim, this.i)) {
        this.i += delim.length;
        return out;
      }
      const c = this.s[this.i]!;
      if ((c === '\n' || c === '\r') && !triple) this.err('unterminated string literal');
      if (bytes && c.charCodeAt(0) > 0x7f) this.err('bytes can only contain ASCII literal characters');
      if (c === '\\') {
        const n = this.s[this.i + 1];
        if (n === undefined) this.err('unterminated string literal');
        this.i += 2;
        if (raw) {
          out += c + n;
          continue;
        }
        out += this.escape(n, bytes);
        continue;
      }
      out += c;
      this.i++;
    }
  }

  private escape(n: string, bytes: boolean): string {
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };
    if (n in simple) return simple[n]!;
    if (/[0-7]/.test(n)) {
      let digits = n;
      while (digits.length < 3 && /[0-7]/.test(this.s[this.i] ?? '')) digits += this.s[this.i++];
      return String.fromCharCode(parseInt(digits, 8));
    }
    const hexLen = n === 'x' ? 2 : !bytes && n === 'u' ? 4 : !bytes && n === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const h = this.s.slice(this.i, this.i + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(h)) this.err('truncated escape');
      this.i += hexLen;
      return String.fromCodePoint(parseInt(h, 16));
    }
    if (!bytes && n === 'N') {
      const m = /^\{[^}]*\}/.exec(this.s.slice(this.i));
      if (!m) this.err('malformed \\N escape');
      this.i += m[0].length;
      return '\uFFFD';
    }
    return `\\${n}`;
  }

  private seq(open: string, close: string, t: 'tuple' | 'list'): Lit {
    this.i++;
    const items: Lit[] = [];
    let sawComma = false;
    this.ws();
    while (this.s[this.i] !== close) {
      if (this.i >= this.s.length) this.err(`'${open}' was never closed`);
      items.push(this.expr());
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        sawComma = true;
        this.ws();
      } else if (this.s[this.i] !== close) {
        this.err('invalid syntax. Perhaps you forgot a comma?');
      }
    }
    this.i++;
    if (t === 'tuple' && items.length === 1 && !sawComma) return items[0]!;
    return { t, items };
  }

  private braces(): Lit {
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return { t: 'dict', entries: [] };
    }
    const first = this.expr();
    this.ws();
    if (this.s[this.i] === ':') {
      const entries: Array<[Lit, Lit]> = [];
      let key = first;
      for (;;) {
        this.i++; // ':'
        this.ws();
        entries.push([key, this.expr()]);
        this.ws();
        if (this.s[this.i] === ',') {
          this.i++;
          this.ws();
          if (this.s[this.i] === '}') break;
        } else if (this.s[this.i] === '}') {
          break;
        } else {
          this.err("'{' was never closed or a comma is missing");
        }
        key = this.expr();
        this.ws();
        if (this.s[this.i] !== ':') this.err("expected ':'");
      }
      this.i++;
      for (const [k] of entries) litHashKey(k);
      return { t: 'dict', entries };
    }
    const items: Lit[] = [first];
    for (;;) {
      if (this.s[this.i] === ',') {
        this.i++;
        this.ws();
        if (this.s[this.i] === '}') break;
      } else if (this.s[this.i] === '}') {
        break;
      } else {
        this.err("'{' was never closed or a comma is missing");
      }
      items.push(this.expr());
      this.ws();
    }
    this.i++;
    for (const it of items) litHashKey(it);
    return { t: 'set', items };
  }
}

/** `ast.literal_eval(text)`; throws LiteralError (SyntaxError / ValueError / TypeError) where Python raises. */
export function literalEval(text: string): Lit {
  return new P(text.replace(/^[ \t]+/, '')).parseAll();
}
