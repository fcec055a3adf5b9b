/**
 * A tiny evaluator for the Python arithmetic the reference verifiers hand to Python's `eval` (24 points after
 * its character check, CryptoMath after substituting digits): integer and decimal literals, unary + and -,
 * `+ - * / // **` and parentheses, with Python semantics — exact big integers, true division to a float,
 * floor division, right-associative `**` binding tighter than a unary minus on its left, `08` a syntax
 * error, division by zero an error, float overflow in `**` an error. Anything else (calls such as `3(4)`,
 * empty parentheses, `...`) is an error too, as it is for the reference (the verdict is then "incorrect").
 * No `eval`, no `Function`.
 */

export type PyNum = { t: 'int'; v: bigint } | { t: 'float'; v: number };

export class PyEvalError extends Error {
  constructor(
    readonly kind: 'syntax' | 'zero-division' | 'overflow' | 'type' | 'complex' | 'too-large',
    message: string,
  ) {
    super(message);
    this.name = 'PyEvalError';
  }
}

type Tok = { k: 'num'; text: string; pos: number } | { k: 'op'; text: string; pos: number } | { k: 'end'; pos: number };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = src.length;
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  while (i < n) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      // Python's eval accepts a trailing line break, nothing after it.
      if (/^[\r\n \t\f]*$/.test(src.slice(i))) break;
      throw new PyEvalError('syntax', `a line break inside the expression at offset ${i}`);
    }
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1]))) {
      const start = i;
      while (isDigit(src[i])) i++;
      let isFloat = false;
      if (src[i] === '.') {
        isFloat = true;
        i++;
        while (isDigit(src[i])) i++;
      }
      const text = src.slice(start, i);
      if (!isFloat && /^0+[1-9]/.test(text)) {
        throw new PyEvalError('syntax', `leading zeros in the integer ${text} (a syntax error in Python)`);
      }
      out.push({ k: 'num', text, pos: start });
      continue;
    }
    if (c === '*' || c === '/') {
      if (src[i + 1] === c) {
        out.push({ k: 'op', text: c + c, pos: i });
        i += 2;
      } else {
        out.push({ k: 'op', text: c, pos: i });
        i++;
      }
      continue;
    }
    if (c === '+' || c === '-' || c === '(' || c === ')') {
      out.push({ k: 'op', text: c, pos: i });
      i++;
      continue;
    }
    if (src.startsWith('...', i)) throw new PyEvalError('type', `"..." (Ellipsis) at offset ${i} is not a number`);
    throw new PyEvalError('syntax', `invalid character ${JSON.stringify(c)} at offset ${i}`);
  }
  out.push({ k: 'end', pos: n });
  return out;
}

type Node =
  | { k: 'num'; value: PyNum; pos: number }
  | { k: 'un'; op: string; arg: Node; pos: number }
  | { k: 'bin'; op: string; left: Node; right: Node; pos: number }
  | { k: 'bad'; what: string; pos: number; parts: Node[] };

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.i]!;
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.k === 'op' && t.text === text;
  }

  parseAll(): Node {
    if (this.peek().k === 'end') throw new PyEvalError('syntax', 'empty expression');
    const e = this.expr();
    const t = this.peek();
    if (t.k !== 'end') throw new PyEvalError('syntax', `unexpected ${t.k === 'num' ? `number ${t.text}` : JSON.stringify(t.text)} at offset ${t.pos}`);
    return e;
  }

  private expr(): Node {
    let left = this.term();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.peek();
      this.i++;
      left = { k: 'bin', op: t.k === 'op' ? t.text : '+', left, right: this.term(), pos: t.pos };
    }
    return left;
  }

  private term(): Node {
    let left = this.factor();
    while (this.isOp('*') || this.isOp('/') || this.isOp('//')) {
      const t = this.peek();
      this.i++;
      left = { k: 'bin', op: t.k === 'op' ? t.text : '*', left, right: this.factor(), pos: t.pos };
    }
    return left;
  }

  private factor(): Node {
    if (this.isOp('+') || this.isOp('-')) {
      const t = this.peek();
      this.i++;
      return { k: 'un', op: t.k === 'op' ? t.text : '+', arg: this.factor(), pos: t.pos };
    }
    return this.power();
  }

  private power(): Node {
    const base = this.primary();
    if (this.isOp('**')) {
      const t = this.peek();
      this.i++;
      return { k: 'bin', op: '**', left: base, right: this.factor(), pos: t.pos };
    }
    return base;
  }

  private primary(): Node {
    let node = this.atom();
    // `x(...)` is a call in Python: syntactically fine, a TypeError when evaluated.
    while (this.isOp('(')) {
      const pos = this.peek().pos;
      this.i++;
      const parts: Node[] = [node];
      if (!this.isOp(')')) parts.push(this.expr());
      if (!this.isOp(')')) throw new PyEvalError('syntax', `unclosed "(" at offset ${pos}`);
      this.i++;
      node = { k: 'bad', what: `a number followed by "(" at offset ${pos} (Python reads a call, and a number is not callable)`, pos, parts };
    }
    return node;
  }

  private atom(): Node {
    const t = this.peek();
    if (t.k === 'num') {
      this.i++;
      if (t.text.includes('.')) return { k: 'num', value: { t: 'float', v: Number(t.text) }, pos: t.pos };
      return { k: 'num', value: { t: 'int', v: BigInt(t.text) }, pos: t.pos };
    }
    if (t.k === 'op' && t.text === '(') {
      this.i++;
      if (this.isOp(')')) {
        this.i++;
        return { k: 'bad', what: `empty parentheses at offset ${t.pos} (an empty tuple, not a number)`, pos: t.pos, parts: [] };
      }
      const e = this.expr();
      if (!this.isOp(')')) {
        const u = this.peek();
        throw new PyEvalError('syntax', u.k === 'end' ? `unclosed "(" at offset ${t.pos}` : `expected ")" at offset ${u.pos}`);
      }
      this.i++;
      return e;
    }
    if (t.k === 'end') throw new PyEvalError('syntax', 'the expression ends where a number was expected');
    throw new PyEvalError('syntax', `unexpected ${JSON.stringify(t.text)} at offset ${t.pos} where a number was expected`);
  }
}

/** Parse Python arithmetic (throws PyEvalError('syntax') like Python's compiler would, before evaluating). */
function parse(src: string): Node {
  return new Parser(tokenize(src)).parseAll();
}

const MAX_INT_BITS = 200_000;

function bitLength(v: bigint): number {
  return (v < 0n ? -v : v).toString(2).length;
}

function toFloat(x: PyNum): number {
  if (x.t === 'float') return x.v;
  const f = Number(x.v);
  if (!Number.isFinite(f)) throw new PyEvalError('overflow', 'int too large to convert to float');
  return f;
}

/** Python int / int: the correctly rounded quotient (close enough for huge operands). */
function intTrueDiv(a: bigint, b: bigint): number {
  if (b === 0n) throw new PyEvalError('zero-division', 'division by zero');
  const lim = 2n ** 53n;
  const abs = (v: bigint): bigint => (v < 0n ? -v : v);
  if (abs(a) <= lim && abs(b) <= lim) return Number(a) / Number(b);
  const neg = a < 0n !== b < 0n;
  const A = abs(a);
  const B = abs(b);
  const shift = bitLength(B) - bitLength(A) + 64;
  const q = shift >= 0 ? (A << BigInt(shift)) / B : A / (B << BigInt(-shift));
  const r = Number(q) * 2 ** -shift;
  if (!Number.isFinite(r)) throw new PyEvalError('overflow', 'integer division result too large for a float');
  return neg ? -r : r;
}

function floatFloorDiv(vx: number, wx: number): number {
  if (wx === 0) throw new PyEvalError('zero-division', 'float floor division by zero');
  const mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod && wx < 0 !== mod < 0) div -= 1;
  if (div) {
    let floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
    return floordiv;
  }
  return vx / wx < 0 || Object.is(vx / wx, -0) ? -0 : 0;
}

function floatPow(iv: number, iw: number): number {
  if (iw === 0) return 1;
  if (Number.isNaN(iv)) return iv;
  if (Number.isNaN(iw)) return iv === 1 ? 1 : iw;
  if (iv === 0) {
    if (iw < 0) throw new PyEvalError('zero-division', '0.0 cannot be raised to a negative power');
    return Math.pow(iv, iw);
  }
  if (iv < 0 && Number.isFinite(iw) && iw !== Math.floor(iw)) {
    throw new PyEvalError('complex', 'a negative number raised to a fractional power is a complex number');
  }
  const r = Math.pow(iv, iw);
  if (!Number.isFinite(r) && Number.isFinite(iv) && Number.isFinite(iw)) throw new PyEvalError('overflow', 'numerical result out of range');
  return r;
}

function intPow(a: bigint, b: bigint): PyNum {
  if (b < 0n) {
    if (a === 0n) throw new PyEvalError('zero-division', '0.0 cannot be raised to a negative power');
    return { t: 'float', v: floatPow(toFloat({ t: 'int', v: a }), toFloat({ t: 'int', v: b })) };
  }
  if (a === 0n || a === 1n) return { t: 'int', v: b === 0n ? 1n : a };
  if (a === -1n) return { t: 'int', v: b % 2n === 0n ? 1n : -1n };
  if (b > BigInt(MAX_INT_BITS) || Number(b) * (bitLength(a) - 1) > MAX_INT_BITS) {
    throw new PyEvalError('too-large', `the power has more than ${MAX_INT_BITS} bits`);
  }
  return { t: 'int', v: a ** b };
}

function binop(op: string, x: PyNum, y: PyNum): PyNum {
  if (x.t === 'int' && y.t === 'int') {
    const a = x.v;
    const b = y.v;
    switch (op) {
      case '+': return { t: 'int', v: a + b };
      case '-': return { t: 'int', v: a - b };
      case '*': return { t: 'int', v: a * b };
      case '/': return { t: 'float', v: intTrueDiv(a, b) };
      case '//': {
        if (b === 0n) throw new PyEvalError('zero-division', 'integer division by zero');
        let q = a / b;
        if (a % b !== 0n && a < 0n !== b < 0n) q -= 1n;
        return { t: 'int', v: q };
      }
      case '**': return intPow(a, b);
    }
  }
  const a = toFloat(x);
  const b = toFloat(y);
  switch (op) {
    case '+': return { t: 'float', v: a + b };
    case '-': return { t: 'float', v: a - b };
    case '*': return { t: 'float', v: a * b };
    case '/':
      if (b === 0) throw new PyEvalError('zero-division', 'float division by zero');
      return { t: 'float', v: a / b };
    case '//': return { t: 'float', v: floatFloorDiv(a, b) };
    case '**': return { t: 'float', v: floatPow(a, b) };
  }
  throw new PyEvalError('syntax', `unknown operator ${op}`);
}

function evalNode(n: Node): PyNum {
  switch (n.k) {
    case 'num':
      return n.value;
    case 'un': {
      const v = evalNode(n.arg);
      if (n.op === '+') return v;
      return v.t === 'int' ? { t: 'int', v: -v.v } : { t: 'float', v: -v.v };
    }
    case 'bin': {
      const l = evalNode(n.left);
      const r = evalNode(n.right);
      return binop(n.op, l, r);
    }
    case 'bad':
      for (const p of n.parts) evalNode(p);
      throw new PyEvalError('type', n.what);
  }
}

/** Python's `eval` of an arithmetic expression; throws PyEvalError where Python raises. */
export function pyEval(src: string): PyNum {
  // Python's eval skips leading spaces and tabs.
  return evalNode(parse(src.replace(/^[ \t]+/, '')));
}

/** Python's `==` between two numbers (int and float compare exactly). */
export function pyNumEquals(x: PyNum, y: PyNum): boolean {
  if (x.t === 'int' && y.t === 'int') return x.v === y.v;
  if (x.t === 'float' && y.t === 'float') return x.v === y.v;
  const i = x.t === 'int' ? x.v : (y as { t: 'int'; v: bigint }).v;
  const f = x.t === 'float' ? x.v : (y as { t: 'float'; v: number }).v;
  return Number.isInteger(f) && BigInt(f) === i;
}

/** Python's repr of a number, for reasons. */
export function pyNumText(x: PyNum): string {
  if (x.t === 'int') return x.v.toString();
  if (Number.isInteger(x.v) && Math.abs(x.v) < 1e16) return `${x.v}.0`;
  if (Number.isNaN(x.v)) return 'nan';
  if (!Number.isFinite(x.v)) return x.v > 0 ? 'inf' : '-inf';
  return String(x.v);
}
