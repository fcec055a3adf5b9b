/**
 * The `--where` language: a small hand-written lexer and recursive-descent parser (no eval, no regular
 * expressions; one pass over the text, so any input, however hostile, is rejected or accepted in linear
 * time; nesting deeper than MAX_DEPTH is refused instead of overflowing the stack).
 *
 *   expr       := or
 *   or         := and (("or" | "||") and)*
 *   and        := not (("and" | "&&") not)*
 *   not        := ("not" | "!") not | primary
 *   primary    := "(" expr ")" | FIELD [ OP value | ["not"] "in" "(" value ("," value)* ")" ]
 *   OP         := "==" | "=" | "!=" | "<" | "<=" | ">" | ">="
 *   value      := 'text' | "text" | number | true | false | null | bareword
 *
 * Keywords are case-insensitive. A bare field (no comparison) is allowed for booleans (`mismatch`) and
 * counts (`backtracking`: at least one step). The right-hand side is always a value: a bare word there is
 * text (`verdict == pass`, `task == maze`), never another field. Types are checked while parsing: counts
 * take numbers, enums (verdict, decision...) only their values, text fields only == != in.
 */
import { fieldNames, lookupField, type FieldSpec, type FieldValue, type QueryExtra } from './fields';
import type { SampleFacts } from '../facts';

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type QueryValue = string | number | boolean | null;

export type QueryNode =
  | { kind: 'or' | 'and'; left: QueryNode; right: QueryNode }
  | { kind: 'not'; operand: QueryNode }
  | { kind: 'compare'; field: string; op: CompareOp; value: QueryValue }
  | { kind: 'in'; field: string; values: QueryValue[]; negated: boolean }
  /** A bare boolean or count field: true, or at least one. */
  | { kind: 'truthy'; field: string };

/** Nesting of parentheses and `not` beyond this is refused (the parser recurses). */
export const MAX_DEPTH = 200;

/** A bad expression: `column` (1-based, UTF-16 units) and a message with the expression and a caret line. */
export class QueryError extends Error {
  constructor(
    readonly detail: string,
    readonly expr: string,
    /** 1-based. */
    readonly column: number,
    readonly length: number = 1,
    readonly hint?: string,
  ) {
    super(`${detail} at column ${column}\n${caret(expr, column, length)}${hint ? `\n${hint}` : ''}`);
    this.name = 'QueryError';
  }
}

const WINDOW = 60;

/** The expression (a window of it when long) and a `^^^` line under the offending part. */
function caret(expr: string, column: number, length: number): string {
  let start = 0;
  let end = expr.length;
  if (expr.length > 2 * WINDOW) {
    start = Math.max(0, column - 1 - WINDOW);
    end = Math.min(expr.length, column - 1 + WINDOW);
  }
  const head = start > 0 ? '...' : '';
  const tail = end < expr.length ? '...' : '';
  // Tabs and line breaks would shift the caret: shown as spaces.
  let shown = '';
  for (let i = start; i < end; i++) {
    const c = expr.charCodeAt(i);
    shown += c === 9 || c === 10 || c === 13 ? ' ' : expr[i];
  }
  const pad = ' '.repeat(head.length + column - 1 - start);
  const marks = '^'.repeat(Math.max(1, Math.min(length, end - (column - 1))));
  return `  ${head}${shown}${tail}\n  ${pad}${marks}`;
}

// Lexer --------------------------------------------------------------------------------------------

type TokenKind = '(' | ')' | ',' | 'op' | 'and' | 'or' | 'not' | 'in' | 'string' | 'number' | 'word' | 'true' | 'false' | 'null' | 'eof';

interface Token {
  kind: TokenKind;
  /** Source text (for words and numbers: as written). */
  text: string;
  /** String value of a string token; operator of an op token. */
  value: string;
  num: number;
  /** 0-based offset and length in the expression. */
  start: number;
  end: number;
}

const KEYWORDS = new Map<string, TokenKind>([['and', 'and'], ['or', 'or'], ['not', 'not'], ['in', 'in'], ['true', 'true'], ['false', 'false'], ['null', 'null']]);

function isWordChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x5f || // _
    c === 0x2e || // .
    c === 0x2d || // -
    c === 0x7e || // ~
    c === 0x23 || // #
    c === 0x3a || // :
    c === 0x2f || // /
    c === 0x40 || // @
    c === 0x2b || // +
    c > 0x7f // any non-ASCII (ids in other scripts)
  );
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** Whether `s` is a decimal number: -?digits[.digits]([eE][+-]?digits)? (or .digits), checked by hand. */
export function isNumberText(s: string): boolean {
  let i = 0;
  const n = s.length;
  if (s.charCodeAt(i) === 0x2d) i++;
  let digits = 0;
  for (; i < n && isDigit(s.charCodeAt(i)); i++) digits++;
  if (i < n && s.charCodeAt(i) === 0x2e) {
    i++;
    for (; i < n && isDigit(s.charCodeAt(i)); i++) digits++;
  }
  if (digits === 0) return false;
  if (i < n && (s.charCodeAt(i) === 0x65 || s.charCodeAt(i) === 0x45)) {
    i++;
    if (i < n && (s.charCodeAt(i) === 0x2b || s.charCodeAt(i) === 0x2d)) i++;
    let exp = 0;
    for (; i < n && isDigit(s.charCodeAt(i)); i++) exp++;
    if (exp === 0) return false;
  }
  return i === n;
}

export function lex(expr: string): Token[] {
  const tokens: Token[] = [];
  const n = expr.length;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value = '', num = 0): void => {
    tokens.push({ kind, text: expr.slice(start, end), value, num, start, end });
  };
  while (i < n) {
    const c = expr.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    const start = i;
    const next = i + 1 < n ? expr.charCodeAt(i + 1) : -1;
    switch (c) {
      case 0x28: // (
        push('(', i, ++i);
        continue;
      case 0x29: // )
        push(')', i, ++i);
        continue;
      case 0x2c: // ,
        push(',', i, ++i);
        continue;
      case 0x26: // &
        if (next !== 0x26) throw new QueryError('expected "&&" (or "and")', expr, i + 1);
        i += 2;
        push('and', start, i);
        continue;
      case 0x7c: // |
        if (next !== 0x7c) throw new QueryError('expected "||" (or "or")', expr, i + 1);
        i += 2;
        push('or', start, i);
        continue;
      case 0x21: // !
        if (next === 0x3d) {
          i += 2;
          push('op', start, i, '!=');
        } else push('not', i, ++i);
        continue;
      case 0x3d: // = or ==
        i += next === 0x3d ? 2 : 1;
        push('op', start, i, '==');
        continue;
      case 0x3c: // <
      case 0x3e: {
        // >
        const eq = next === 0x3d;
        i += eq ? 2 : 1;
        push('op', start, i, `${c === 0x3c ? '<' : '>'}${eq ? '=' : ''}`);
        continue;
      }
      case 0x22: // "
      case 0x27: {
        // '
        let value = '';
        i++;
        let closed = false;
        while (i < n) {
          const d = expr.charCodeAt(i);
          if (d === c) {
            closed = true;
            i++;
            break;
          }
          if (d === 0x5c && i + 1 < n) {
            const e = expr[i + 1]!;
            value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
            i += 2;
            continue;
          }
          value += expr[i];
          i++;
        }
        if (!closed) throw new QueryError('unterminated string', expr, start + 1, 1, `close it with ${String.fromCharCode(c)}`);
        push('string', start, i, value);
        continue;
      }
    }
    if (isWordChar(c)) {
      while (i < n && isWordChar(expr.charCodeAt(i))) i++;
      const text = expr.slice(start, i);
      if (isNumberText(text)) {
        push('number', start, i, '', Number(text));
        continue;
      }
      push((text.length <= 5 ? KEYWORDS.get(text.toLowerCase()) : undefined) ?? 'word', start, i, text);
      continue;
    }
    const ch = String.fromCodePoint(expr.codePointAt(i)!);
    throw new QueryError(`unexpected character ${JSON.stringify(ch)}`, expr, i + 1, ch.length, 'quote values that hold it: \'...\' or "..."');
  }
  tokens.push({ kind: 'eof', text: '', value: '', num: 0, start: n, end: n });
  return tokens;
}

// Parser -------------------------------------------------------------------------------------------

/** Edit distance (for "did you mean"), bounded to short words. */
function distance(a: string, b: string): number {
  if (a.length > 40 || b.length > 40) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'the end' : JSON.stringify(t.text);
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly expr: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private take(): Token {
    return this.tokens[this.pos++]!;
  }

  private fail(t: Token, detail: string, hint?: string): never {
    throw new QueryError(detail, this.expr, t.start + 1, Math.max(1, t.end - t.start), hint);
  }

  parse(): QueryNode {
    if (this.peek().kind === 'eof') this.fail(this.peek(), 'empty expression', 'e.g. verdict == pass and backtracks >= 2');
    const node = this.or();
    const t = this.peek();
    if (t.kind !== 'eof') this.fail(t, `unexpected ${describe(t)}`, t.kind === ')' ? 'no "(" opens this ")"' : 'join conditions with "and" / "or"');
    return node;
  }

  private nest<T>(t: Token, f: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail(t, `nested more than ${MAX_DEPTH} levels deep`);
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private or(): QueryNode {
    let left = this.and();
    while (this.peek().kind === 'or') {
      this.take();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): QueryNode {
    let left = this.not();
    while (this.peek().kind === 'and') {
      this.take();
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): QueryNode {
    const t = this.peek();
    if (t.kind !== 'not') return this.primary();
    this.take();
    return this.nest(t, () => ({ kind: 'not' as const, operand: this.not() }));
  }

  private primary(): QueryNode {
    const t = this.peek();
    if (t.kind === '(') {
      this.take();
      return this.nest(t, () => {
        const inner = this.or();
        const close = this.peek();
        if (close.kind !== ')') this.fail(close, `expected ")" but found ${describe(close)}`, `the "(" at column ${t.start + 1} is not closed`);
        this.take();
        return inner;
      });
    }
    if (t.kind !== 'word') this.fail(t, `expected a field name, "not" or "(" but found ${describe(t)}`, validFields());
    return this.comparison();
  }

  private field(t: Token): FieldSpec {
    const spec = lookupField(t.text);
    if (spec) return spec;
    const lower = t.text.toLowerCase();
    const near = fieldNames()
      .map((f) => [f, distance(lower, f)] as const)
      .filter(([, d]) => d <= 2)
      .sort((a, b) => a[1] - b[1])[0];
    this.fail(t, `unknown field ${JSON.stringify(t.text)}${near ? ` (did you mean ${near[0]}?)` : ''}`, validFields());
  }

  private comparison(): QueryNode {
    const ft = this.take();
    const spec = this.field(ft);
    const next = this.peek();
    if (next.kind === 'op') {
      this.take();
      const op = next.value as CompareOp;
      const vt = this.peek();
      const value = this.value(spec);
      this.check(spec, op, value, vt, next);
      return { kind: 'compare', field: spec.name, op, value };
    }
    if (next.kind === 'in' || (next.kind === 'not' && this.tokens[this.pos + 1]?.kind === 'in')) {
      const negated = next.kind === 'not';
      this.take();
      if (negated) this.take();
      const open = this.take();
      if (open.kind !== '(') this.fail(open, `expected "(" after "in" but found ${describe(open)}`, `e.g. ${spec.name} in (a, b)`);
      const values: QueryValue[] = [];
      for (;;) {
        const vt = this.peek();
        const v = this.value(spec);
        this.check(spec, '==', v, vt, vt);
        values.push(v);
        const sep = this.take();
        if (sep.kind === ')') break;
        if (sep.kind !== ',') this.fail(sep, `expected "," or ")" in the list but found ${describe(sep)}`);
      }
      return { kind: 'in', field: spec.name, values, negated };
    }
    if (spec.type === 'boolean' || spec.type === 'number') return { kind: 'truthy', field: spec.name };
    this.fail(next.kind === 'eof' ? ft : next, `${spec.name} needs a comparison`, `e.g. ${example(spec)}`);
  }

  private value(spec: FieldSpec): QueryValue {
    const t = this.take();
    switch (t.kind) {
      case 'string':
        return t.value;
      case 'number':
        // Text fields compare with the number as written (id == 123, task == 2048).
        return spec.type === 'string' || spec.type === 'enum' ? t.text : t.num;
      case 'word':
        return t.text;
      case 'true':
        return true;
      case 'false':
        return false;
      case 'null':
        return null;
      default:
        this.fail(t, `expected a value but found ${describe(t)}`, `e.g. ${example(spec)}`);
    }
  }

  /** Type-check one comparison while parsing, so a typo fails before any sample is read. */
  private check(spec: FieldSpec, op: CompareOp, value: QueryValue, vt: Token, opTok: Token): void {
    const ordering = op !== '==' && op !== '!=';
    if (value === null) {
      if (!spec.nullable) this.fail(vt, `${spec.name} is never null`);
      if (ordering) this.fail(opTok, `null can only be compared with == or !=`);
      return;
    }
    switch (spec.type) {
      case 'boolean':
        if (typeof value !== 'boolean') this.fail(vt, `${spec.name} is true or false, not ${describe(vt)}`, `e.g. ${spec.name} == true, or just ${spec.name}`);
        if (ordering) this.fail(opTok, `${spec.name} is true or false: use == or !=`);
        return;
      case 'number':
        if (typeof value !== 'number') this.fail(vt, `${spec.name} is a number, not ${describe(vt)}`, `e.g. ${example(spec)}`);
        return;
      case 'numeric-string':
        if (typeof value === 'boolean') this.fail(vt, `${spec.name} is text or a number, not ${describe(vt)}`);
        return;
      case 'string':
        if (typeof value !== 'string') this.fail(vt, `${spec.name} is text, not ${describe(vt)}`);
        if (ordering) this.fail(opTok, `${spec.name} is text: use ==, != or in`);
        return;
      case 'enum': {
        if (typeof value !== 'string' || !spec.values!.includes(value.toLowerCase())) {
          this.fail(vt, `${spec.name} cannot be ${describe(vt)}`, `${spec.name} is one of: ${spec.values!.join(', ')}${spec.nullable ? ', null' : ''}`);
        }
        if (ordering) this.fail(opTok, `${spec.name} is one of a set of values: use ==, != or in`);
        return;
      }
    }
  }
}

function validFields(): string {
  return `valid fields: ${fieldNames().join(', ')}`;
}

function example(spec: FieldSpec): string {
  switch (spec.type) {
    case 'number':
      return `${spec.name} >= 2`;
    case 'boolean':
      return `${spec.name} == true`;
    case 'enum':
      return `${spec.name} == ${spec.values![0]}`;
    case 'numeric-string':
      return `${spec.name} >= 3`;
    default:
      return `${spec.name} == "text"`;
  }
}

/** Parse an expression into its tree. Throws QueryError (and nothing else) on any bad input. */
export function parseQuery(expr: string): QueryNode {
  return new Parser(expr, lex(expr)).parse();
}

// Printing -----------------------------------------------------------------------------------------

function formatValue(v: QueryValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  let out = '"';
  for (const ch of v) out += ch === '\\' ? '\\\\' : ch === '"' ? '\\"' : ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : ch;
  return `${out}"`;
}

/**
 * The operands of a chain of one operator (`a or b or c` parses as ((a or b) or c)), walked without
 * recursion: a chain of 100k conditions must not overflow the stack when printed or compiled.
 */
function chain(node: QueryNode & { kind: 'or' | 'and' }): QueryNode[] {
  const terms: QueryNode[] = [];
  let n: QueryNode = node;
  while ((n.kind === 'or' || n.kind === 'and') && n.kind === node.kind) {
    terms.push(n.right);
    n = n.left;
  }
  terms.push(n);
  return terms.reverse();
}

const PRECEDENCE: Record<QueryNode['kind'], number> = { or: 1, and: 2, not: 3, compare: 4, in: 4, truthy: 4 };

/** The canonical text of a tree: parsing it gives the same tree back. */
export function formatQuery(node: QueryNode): string {
  const wrap = (child: QueryNode, min: number): string => (PRECEDENCE[child.kind] < min ? `(${formatQuery(child)})` : formatQuery(child));
  switch (node.kind) {
    case 'or':
    case 'and': {
      const p = PRECEDENCE[node.kind];
      // Left-associative: the first term prints bare; later terms of the same operator (a right child
      // grouped by parentheses) keep them.
      return chain(node)
        .map((t, i) => wrap(t, i === 0 ? p : p + 1))
        .join(` ${node.kind} `);
    }
    case 'not':
      return `not ${wrap(node.operand, PRECEDENCE.not)}`;
    case 'compare':
      return `${node.field} ${node.op} ${formatValue(node.value)}`;
    case 'in':
      return `${node.field}${node.negated ? ' not' : ''} in (${node.values.map(formatValue).join(', ')})`;
    case 'truthy':
      return node.field;
  }
}

// Evaluation ---------------------------------------------------------------------------------------

type Predicate = (f: SampleFacts, x: QueryExtra | undefined) => boolean;

function order(a: number | string, b: number | string, op: CompareOp): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** One comparison of a field's value with a literal. */
function compareValues(spec: FieldSpec, have: FieldValue, op: CompareOp, want: QueryValue): boolean {
  if (want === null || have === null) {
    const same = want === have;
    return op === '==' ? same : op === '!=' ? !same : false;
  }
  if (spec.type === 'numeric-string') {
    const h = typeof have === 'number' ? have : isNumberText(String(have).trim()) ? Number(String(have).trim()) : null;
    const w = typeof want === 'number' ? want : isNumberText(String(want).trim()) ? Number(String(want).trim()) : null;
    if (h !== null && w !== null) return order(h, w, op);
    return order(String(have), String(want), op);
  }
  if (spec.type === 'enum') return order(String(have), String(want).toLowerCase(), op);
  if (typeof have === 'boolean' || typeof want === 'boolean') return op === '==' ? have === want : op === '!=' ? have !== want : false;
  return order(have, want, op);
}

export function compile(node: QueryNode): Predicate {
  switch (node.kind) {
    case 'or': {
      const terms = chain(node).map(compile);
      return (f, x) => terms.some((p) => p(f, x));
    }
    case 'and': {
      const terms = chain(node).map(compile);
      return (f, x) => terms.every((p) => p(f, x));
    }
    case 'not': {
      const o = compile(node.operand);
      return (f, x) => !o(f, x);
    }
    case 'compare': {
      const spec = lookupField(node.field)!;
      const { op, value } = node;
      return (f, x) => compareValues(spec, spec.get(f, x), op, value);
    }
    case 'in': {
      const spec = lookupField(node.field)!;
      const { values, negated } = node;
      return (f, x) => {
        const have = spec.get(f, x);
        return values.some((v) => compareValues(spec, have, '==', v)) !== negated;
      };
    }
    case 'truthy': {
      const spec = lookupField(node.field)!;
      return (f, x) => {
        const v = spec.get(f, x);
        return typeof v === 'number' ? v !== 0 : v === true;
      };
    }
  }
}

/** Every field a tree names (canonical names). */
export function fieldsOf(node: QueryNode, out = new Set<string>()): Set<string> {
  switch (node.kind) {
    case 'or':
    case 'and':
      for (const t of chain(node)) fieldsOf(t, out);
      break;
    case 'not':
      fieldsOf(node.operand, out);
      break;
    default:
      out.add(node.field);
  }
  return out;
}
