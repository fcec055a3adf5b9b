/**
 * 24Points — `24points_evaluator` (verifiers.md §4.1).
 *
 * reference: the reference's candidate selection (LaTeX-operator runs, else the whole answer, else its
 * text heuristics), operator normalisation, the multiset check of all digit runs against `numbers`, the
 * character check and a Python evaluation (true division, `**`, `//`, unary signs) compared with 24 within
 * 1e-6. A non-dict initial_state makes the reference raise (crash).
 *
 * strict: the expression itself, read token by token: only the four operators (+ - × ÷, also written
 * * / \times \div \cdot · and the typographic minus −) and parentheses; no `**`, `//`, `^`, no unary
 * signs, no decimals or leading zeros, no implicit multiplication; each given number exactly once; exact
 * rational arithmetic equal to 24. A trailing `= 24` is allowed. Reasons count the expression's tokens
 * from 1 ("token 3"); locations carry kind `token` with the 0-based index in the same token list.
 */
import type { Check, Location, TaskVerifier, VerifyInput } from '../../types';
import { crash, fail, parseError, pass } from '../../types';
import { isDict, listText, numberList, pyTruthy, times } from './common';
import { PyEvalError, pyEval, pyNumText } from './pyexpr';
import { PY_D, PY_WS, PY_WS_CHARS, pyDigitsToBigInt, pyLen, pyStrip, pyWordRe, quote } from './pytext';
import { Frac } from './rational';
import { flatMap } from '../../collections';

const PY_WS_CHAR = new RegExp(PY_WS, 'u');

// ---------------------------------------------------------------------------------------------------
// reference: candidate selection

/** Characters of a LaTeX-operator run: ( ) digits whitespace + - × ÷ * / \ a-z. */
const RUN_RE = new RegExp(String.raw`[()${PY_D}${PY_WS_CHARS}+\-×÷*/\\a-z]+`, 'gu');
const FAMILIES: ReadonlyArray<[string, string]> = [
  ['imes', '\\times'],
  ['div', '\\div'],
  ['cdot', '\\cdot'],
];
const DIGITS_RE = new RegExp(`${PY_D}+`, 'gu');
const HAS_DIGIT_RE = new RegExp(PY_D, 'u');
const KEYWORDS = ['imes', 'div', 'cdot', '+', '-', '*', '/', '×', '÷'];

/** Expression characters of the heuristics: ( ) digits whitespace + - × ÷ * / \ letters. */
const EC = String.raw`[()${PY_D}${PY_WS_CHARS}+\-×÷*/\\a-zA-Z]`;
const FINAL_ANSWER_RES = [
  new RegExp(String.raw`(?:final answer|answer is|the answer is)[^\n]*?[=:]?${PY_WS}*(${EC}+)`, 'giu'),
  // `(?:so|thus|hence)[^\n]*?[=:]?\s*(EC+)\s*=\s*24`: found by soThusHenceGroups (index 1 is a placeholder).
  /(?!)/gu,
  new RegExp(String.raw`That's it!${PY_WS}*(?:The)?${PY_WS}*(?:answer|expression)${PY_WS}*(?:is)?${PY_WS}*:?${PY_WS}*(${EC}+)`, 'giu'),
];
/**
 * The reference's `(EC+)\s*=\s*24`, found without the regex: EC holds whitespace, so as a regular expression
 * it backtracks over every split of a run between `EC+` and `\s*`, from every start (cubic: 4,000 spaces took
 * 19 s). Since `=` is not an EC character, a match's group is a maximal EC run (from the previous match's end
 * at the earliest) directly followed by `=\s*24`; a run not followed by that holds no match at all.
 */
const EC_RUN_RE = new RegExp(`${EC}+`, 'gu');
const EQ_24_TAIL_RE = new RegExp(String.raw`=${PY_WS}*24`, 'uy');
function equals24Groups(s: string): string[] {
  const out: string[] = [];
  EC_RUN_RE.lastIndex = 0;
  for (let m = EC_RUN_RE.exec(s); m !== null; m = EC_RUN_RE.exec(s)) {
    const end = m.index + m[0].length;
    EQ_24_TAIL_RE.lastIndex = end;
    if (EQ_24_TAIL_RE.test(s)) {
      out.push(m[0]);
      EC_RUN_RE.lastIndex = EQ_24_TAIL_RE.lastIndex;
    }
  }
  return out;
}
/** The reference's `so/thus/hence … = 24` heuristic as written (the equivalence test builds it). */
export const SO_THUS_HENCE_ORIGINAL_SOURCE = String.raw`(?:so|thus|hence)[^\n]*?[=:]?${PY_WS}*(${EC}+)${PY_WS}*=${PY_WS}*24`;
const SO_THUS_HENCE_RE = /(?:so|thus|hence)/giu;
const EC_CHAR_RE = new RegExp(`^${EC}$`, 'iu');
const WS_CHAR_RE = new RegExp(`^${PY_WS}$`, 'u');

/**
 * The group 1 of every match of SO_THUS_HENCE_ORIGINAL_SOURCE (Python `findall`), in linear time. As a regular
 * expression, `[^\n]*?`, `\s*` and `EC+` all take whitespace, so a keyword before a long run that does not
 * end in `= 24` backtracked cubically. For one end `p` of the lazy part the rest is deterministic: `[=:]?`
 * takes a `=`/`:` at `p`; the greedy `\s*` takes the whitespace run (giving back its last character when the
 * next one is no EC character, as `EC+` needs one); `EC+` then runs to the first non-EC character, which
 * must begin `=\s*24` (`=` is no EC character, so no shorter group can reach one). The lazy part takes the
 * first such `p` on the keyword's line, found through `nextOk` (computed once, right to left).
 */
export function soThusHenceGroups(s: string): string[] {
  const n = s.length;
  const runEnd = new Int32Array(n + 1).fill(n);
  const wsEnd = new Int32Array(n + 1).fill(n);
  const nextOk = new Int32Array(n + 2).fill(-1);
  const tailEnd = (q: number): number => {
    if (s[q] !== '=') return -1;
    const t = wsEnd[q + 1]!;
    return s.startsWith('24', t) ? t + 2 : -1;
  };
  const groupStart = (p: number): number => {
    const p1 = s[p] === '=' || s[p] === ':' ? p + 1 : p;
    const w = wsEnd[p1]!;
    if (w < n && runEnd[w]! > w) return w;
    return w > p1 ? w - 1 : -1;
  };
  for (let j = n - 1; j >= 0; j--) {
    const c = s.charCodeAt(j);
    const midPair = c >= 0xdc00 && c <= 0xdfff && j > 0 && s.charCodeAt(j - 1) >= 0xd800 && s.charCodeAt(j - 1) <= 0xdbff;
    if (midPair) {
      runEnd[j] = j;
      wsEnd[j] = j;
      nextOk[j] = nextOk[j + 1]!;
      continue;
    }
    const cp = s.codePointAt(j)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = String.fromCodePoint(cp);
    runEnd[j] = EC_CHAR_RE.test(ch) ? runEnd[j + width]! : j;
    wsEnd[j] = WS_CHAR_RE.test(ch) ? wsEnd[j + 1]! : j;
    const g = groupStart(j);
    nextOk[j] = g >= 0 && tailEnd(runEnd[g]!) >= 0 ? j : nextOk[j + width]!;
  }
  const out: string[] = [];
  SO_THUS_HENCE_RE.lastIndex = 0;
  for (let k = SO_THUS_HENCE_RE.exec(s); k !== null; k = SO_THUS_HENCE_RE.exec(s)) {
    const p0 = k.index + k[0].length;
    const p = nextOk[p0]!;
    const nl = s.indexOf('\n', p0);
    if (p >= 0 && (nl < 0 || p <= nl)) {
      const g = groupStart(p);
      const q = runEnd[g]!;
      out.push(s.slice(g, q));
      SO_THUS_HENCE_RE.lastIndex = tailEnd(q);
    } else SO_THUS_HENCE_RE.lastIndex = k.index + 1;
  }
  return out;
}
/** A `= 24` somewhere: without one, the heuristics that end in `= 24` cannot match (and are not run). */
const HAS_EQ_24_RE = new RegExp(String.raw`=${PY_WS}*24`, 'u');
const LONG_EXPR_RE = new RegExp(`${EC}{7,}`, 'gu');
const OPERATOR_RES = [
  /[+\-×÷*/]/iu,
  /\\times|\\div|\\cdot/iu,
  new RegExp(`${pyWordRe('imes')}|${pyWordRe('div')}|${pyWordRe('cdot')}`, 'iu'),
  new RegExp(`${pyWordRe('mul')}|${pyWordRe('times')}|${pyWordRe('plus')}|${pyWordRe('minus')}`, 'iu'),
];

function group1All(re: RegExp, s: string): string[] {
  return [...s.matchAll(re)].map((m) => m[1] ?? '');
}

function countChar(s: string, c: string): number {
  return s.split(c).length - 1;
}

function isValidExpressionFormat(expr: string): boolean {
  return HAS_DIGIT_RE.test(expr) && OPERATOR_RES.some((re) => re.test(expr)) && countChar(expr, '(') === countChar(expr, ')');
}

export interface Candidate {
  candidate: string;
  /** Which selection rule produced it. */
  how: string;
}

/** The reference's choice of the expression inside the answer (§4.1 "Candidate selection"). */
export function selectCandidate(s: string): Candidate {
  for (const [token, latex] of FAMILIES) {
    let best: string | null = null;
    for (const m of s.matchAll(RUN_RE)) {
      const run = m[0];
      if (!run.includes(token)) continue;
      if (best === null || pyLen(run) > pyLen(best)) best = run;
    }
    if (best !== null && (best.match(DIGITS_RE) ?? []).length >= 3) {
      return { candidate: pyStrip(best), how: `the longest run around ${latex}` };
    }
  }
  if (HAS_DIGIT_RE.test(s) && KEYWORDS.some((k) => s.includes(k))) return { candidate: pyStrip(s), how: 'the whole answer' };

  const processed = s.split('\times').join('\\times').split('\\\\div').join('\\div').split('\\\\cdot').join('\\cdot');
  const hasEq24 = HAS_EQ_24_RE.test(processed);
  for (const re of FINAL_ANSWER_RES) {
    if (re === FINAL_ANSWER_RES[1] && !hasEq24) continue;
    const found = re === FINAL_ANSWER_RES[1] ? soThusHenceGroups(processed) : group1All(re, processed);
    if (found.length > 0) return { candidate: pyStrip(found[found.length - 1]!), how: 'a "final answer …" phrase' };
  }
  const eq24 = hasEq24 ? equals24Groups(processed) : [];
  if (eq24.length > 0) return { candidate: pyStrip(eq24[eq24.length - 1]!), how: 'the last "… = 24"' };
  const lines = processed.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const valid = (lines[i]!.match(LONG_EXPR_RE) ?? []).filter(isValidExpressionFormat);
    if (valid.length > 0) return { candidate: pyStrip(valid[valid.length - 1]!), how: 'the last expression-like line' };
  }
  const all = (processed.match(LONG_EXPR_RE) ?? []).filter(isValidExpressionFormat);
  if (all.length > 0) {
    const key = (x: string): [number, number, number] => [
      x.includes('(') && x.includes(')') ? 1 : 0,
      (x.match(DIGITS_RE) ?? []).length,
      -Math.abs(pyLen(x) - 15),
    ];
    const greater = (a: [number, number, number], b: [number, number, number]): boolean =>
      a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] > b[2];
    let best = all[0]!;
    for (const x of all) if (greater(key(x), key(best))) best = x;
    return { candidate: pyStrip(best), how: 'the most expression-like text' };
  }
  if (isValidExpressionFormat(processed)) return { candidate: pyStrip(processed), how: 'the whole answer' };
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = pyStrip(lines[i]!);
    if (line) return { candidate: line, how: 'the last non-empty line' };
  }
  return { candidate: pyStrip(processed), how: 'the whole answer' };
}

// ---------------------------------------------------------------------------------------------------
// reference: normalisation and check

const WORD_OPS: ReadonlyArray<[RegExp, string]> = [
  [new RegExp(pyWordRe('div'), 'giu'), '/'],
  [new RegExp(pyWordRe('mul'), 'giu'), '*'],
  [new RegExp(pyWordRe('times'), 'giu'), '*'],
  [new RegExp(pyWordRe('plus'), 'giu'), '+'],
  [new RegExp(pyWordRe('minus'), 'giu'), '-'],
];

/** `re.sub(r'=.*$', '', s)`: `.` stops at a line break, `$` is the end or just before a final line break. */
function cutAtEquals(s: string): string {
  let from = 0;
  for (;;) {
    const i = s.indexOf('=', from);
    if (i < 0) return s;
    const nl = s.indexOf('\n', i);
    const j = nl < 0 ? s.length : nl;
    if (j === s.length) return s.slice(0, i);
    if (j === s.length - 1) return s.slice(0, i) + '\n';
    from = i + 1;
  }
}

/** The reference's `_normalize_expression`. */
export function normalizeExpression(candidate: string): string {
  let e = candidate.split('\\times').join('*').split('\\div').join('/').split('\\cdot').join('*');
  e = e.split('\times').join('*').split('imes').join('*');
  e = e.split('×').join('*').split('÷').join('/');
  for (const [re, sym] of WORD_OPS) e = e.replace(re, sym);
  e = e.split(' ').join('');
  return cutAtEquals(e);
}

const EVAL_CHARS_RE = new RegExp(String.raw`^[${PY_D}+\-*/().]+\n?$`, 'u');

/** Compare the used numbers with initial_state.numbers as Python's `sorted(a) != sorted(b)` would. */
function sameNumbers(used: bigint[], given: unknown): boolean {
  const list = numberList(given);
  if (list === null) return false; // strings, dicts, mixed types: unequal or a TypeError (caught) -> incorrect
  if (list.length !== used.length) return false;
  const a = [...used].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const b = [...list].sort((x, y) => x - y);
  return a.every((v, i) => Number.isInteger(b[i]) && BigInt(b[i]!) === v);
}

function countMap(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

function multisetDiff(used: string[], given: string[]): { extra: Map<string, number>; missing: Map<string, number> } {
  const u = countMap(used);
  const g = countMap(given);
  const extra = new Map<string, number>();
  const missing = new Map<string, number>();
  for (const [k, n] of u) if (n > (g.get(k) ?? 0)) extra.set(k, n - (g.get(k) ?? 0));
  for (const [k, n] of g) if (n > (u.get(k) ?? 0)) missing.set(k, n - (u.get(k) ?? 0));
  return { extra, missing };
}

/** Reason text for a number multiset mismatch. */
function numbersReason(usedTexts: string[], givenTexts: string[], counts: { used: Map<string, number>; given: Map<string, number> }): string {
  const { extra, missing } = multisetDiff(usedTexts, givenTexts);
  const parts: string[] = [];
  for (const [k] of extra) {
    const g = counts.given.get(k) ?? 0;
    const u = counts.used.get(k) ?? 0;
    parts.push(g === 0 ? `${k} is not among the numbers` : `the expression uses ${k} ${times(u)} but it is given ${times(g)}`);
  }
  for (const [k, n] of missing) parts.push(`the expression does not use ${n > 1 ? `${n} of the ${k}s` : k}`);
  return parts.join('; ');
}

function givenText(given: unknown): string {
  return Array.isArray(given) ? `[${given.map((x) => String(x)).join(', ')}]` : JSON.stringify(given);
}

export function reference24(input: VerifyInput): Check {
  const { candidate, how } = selectCandidate(input.answer);
  if (!candidate) return fail(`could not read an expression from the answer: ${quote(input.answer)}`);
  const st = input.initialState;
  if (!isDict(st)) return crash('initial_state is not a dict, so the reference raises reading params.get("numbers")');
  const given = st['numbers'];
  if (!pyTruthy(given)) {
    if (input.groundTruth !== '') return crash('initial_state has no "numbers", so the reference raises calling .get on the ground-truth string');
    return fail('initial_state has no "numbers" to check the expression against');
  }
  const expr = normalizeExpression(candidate);
  const shown = `${quote(expr)} (${how}, normalised)`;
  const used = (expr.match(DIGITS_RE) ?? []).map(pyDigitsToBigInt);
  if (used.length === 0) return fail(`could not read an expression from the answer: ${shown} contains no numbers`);
  if (!sameNumbers(used, given)) {
    const usedTexts = used.map(String);
    const list = numberList(given);
    if (list === null) return fail(`initial_state "numbers" is not a list of numbers (${givenText(given)}), so no expression can match it`);
    const givenTexts = list.map(String);
    const why = numbersReason(usedTexts, givenTexts, { used: countMap(usedTexts), given: countMap(givenTexts) });
    return fail(`each given number must be used exactly once: ${why || 'the numbers differ'} (numbers ${givenText(given)}, expression ${shown})`);
  }
  if (!EVAL_CHARS_RE.test(expr)) {
    const allBad = [...new Set([...expr].filter((c) => !/[\p{Nd}+\-*/().]/u.test(c)))].map((c) => JSON.stringify(c));
    const bad = allBad.length > 8 ? [...allBad.slice(0, 8), `${allBad.length - 8} more`] : allBad;
    return fail(`the expression may contain only digits, + - * / ( ) and "." after normalisation, but contains ${listText(bad)}: ${shown}`);
  }
  try {
    const v = pyEval(expr);
    const ok = v.t === 'int' ? v.v === 24n : Math.abs(v.v - 24) < 1e-6;
    if (ok) return pass(`uses every number once and evaluates to ${pyNumText(v)}`);
    return fail(`the expression evaluates to ${pyNumText(v)}, not 24: ${shown}`);
  } catch (e) {
    if (e instanceof PyEvalError) return fail(`the expression cannot be evaluated (${e.message}): ${shown}`);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------
// strict

type STok =
  | { k: 'num'; text: string; value: bigint; pos: number }
  | { k: 'op'; op: '+' | '-' | '*' | '/'; text: string; pos: number }
  | { k: 'lp' | 'rp'; text: string; pos: number };

interface Violation {
  reason: string;
  locations: Location[];
}

/** The puzzle's numbers: initial_state.numbers, else the question's `Numbers: [..]`. */
export function numbersOf(input: VerifyInput): number[] | null {
  const st = input.initialState;
  if (isDict(st)) {
    const l = numberList(st['numbers']);
    if (l && l.length > 0 && l.every((x) => Number.isInteger(x))) return l;
  }
  const m = /Numbers:\s*\[([^\]]*)\]/i.exec(input.question);
  if (m) {
    const l = m[1]!.split(',').map((x) => x.trim()).filter((x) => x !== '');
    if (l.length > 0 && l.every((x) => /^\d+$/.test(x))) return l.map(Number);
  }
  return null;
}

const OPERATOR_SPELLINGS: ReadonlyArray<[string, '+' | '-' | '*' | '/']> = [
  ['\\times', '*'],
  ['\\div', '/'],
  ['\\cdot', '*'],
  ['\times', '*'],
  ['imes', '*'],
  ['×', '*'],
  ['÷', '/'],
  ['·', '*'],
  ['⋅', '*'],
  ['−', '-'],
  ['+', '+'],
  ['-', '-'],
];

/** Unwrap `$…$`, `\(…\)`, `\[…\]` and LaTeX sizing of parentheses. */
function unwrapMath(s: string): string {
  let t = pyStrip(s);
  for (;;) {
    const m = /^\$\$?([\s\S]*?)\$?\$$/.exec(t) ?? /^\\\(([\s\S]*)\\\)$/.exec(t) ?? /^\\\[([\s\S]*)\\\]$/.exec(t);
    if (!m) break;
    t = pyStrip(m[1]!);
  }
  return t.replace(/\\left\s*\(/g, '(').replace(/\\right\s*\)/g, ')').replace(/\\[,;!: ]/g, ' ');
}

type Lexed = { tokens: STok[]; violations: Violation[]; rhs: string | null } | { unreadable: string };

function lexStrict(text: string): Lexed {
  // A sentence-final period after the expression is not part of it.
  let body = text.replace(/(?<=[0-9)])\.\s*$/, '');
  let rhs: string | null = null;
  const eq = body.indexOf('=');
  if (eq >= 0) {
    rhs = pyStrip(body.slice(eq + 1));
    body = body.slice(0, eq);
  }
  const tokens: STok[] = [];
  const violations: Violation[] = [];
  const at = (): Location => ({ kind: 'token', index: tokens.length });
  let i = 0;
  outer: while (i < body.length) {
    const c = body[i]!;
    if (PY_WS_CHAR.test(c)) {
      i++;
      continue;
    }
    if (/[0-9.]/.test(c)) {
      const m = /^[0-9]*(?:\.[0-9]*)?/.exec(body.slice(i))![0];
      if (!/[0-9]/.test(m)) return { unreadable: `a stray "." at offset ${i}` };
      if (m.includes('.')) {
        violations.push({ reason: `uses the decimal number ${m}; only the given whole numbers may appear`, locations: [{ ...at(), label: `decimal ${m}` }] });
      } else if (m.length > 1 && m.startsWith('0')) {
        violations.push({ reason: `writes ${BigInt(m)} as "${m}" with a leading zero`, locations: [{ ...at(), label: `leading zero in ${m}` }] });
      }
      const digits = m.replace(/\..*$/, '') || '0';
      tokens.push({ k: 'num', text: m, value: BigInt(digits), pos: i });
      i += m.length;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ k: c === '(' ? 'lp' : 'rp', text: c, pos: i });
      i++;
      continue;
    }
    for (const bad of ['**', '//', '^', '%']) {
      if (body.startsWith(bad, i)) {
        const name = bad === '**' || bad === '^' ? 'exponentiation' : bad === '//' ? 'floor division' : 'remainder';
        violations.push({ reason: `uses the operator ${bad} (${name}), which is not allowed`, locations: [{ ...at(), label: `operator ${bad}` }] });
        tokens.push({ k: 'op', op: '*', text: bad, pos: i });
        i += bad.length;
        continue outer;
      }
    }
    if (c === '*' || c === '/') {
      tokens.push({ k: 'op', op: c, text: c, pos: i });
      i++;
      continue;
    }
    for (const [spelling, op] of OPERATOR_SPELLINGS) {
      if (body.startsWith(spelling, i)) {
        tokens.push({ k: 'op', op, text: spelling, pos: i });
        i += spelling.length;
        continue outer;
      }
    }
    const word = /^(plus|minus|times|mul|div)(?![A-Za-z])/i.exec(body.slice(i))?.[1];
    if (word !== undefined && !/[A-Za-z]/.test(body[i - 1] ?? '')) {
      const lw = word.toLowerCase();
      const sym = lw === 'plus' ? '+' : lw === 'minus' ? '-' : lw === 'div' ? '/' : '*';
      violations.push({ reason: `writes the operator as the word "${word}"; only the symbols + - × ÷ are allowed`, locations: [{ ...at(), label: `word operator ${word}` }] });
      tokens.push({ k: 'op', op: sym, text: word, pos: i });
      i += word.length;
      continue;
    }
    if ((c === 'x' || c === 'X') && tokens.length > 0 && !/[A-Za-z]/.test(body[i + 1] ?? '') && !/[A-Za-z]/.test(body[i - 1] ?? '')) {
      violations.push({ reason: `uses "${c}" as a multiplication sign; only × (or *) is allowed`, locations: [{ ...at(), label: `"${c}" as an operator` }] });
      tokens.push({ k: 'op', op: '*', text: c, pos: i });
      i++;
      continue;
    }
    if (c === '[' || c === ']' || c === '{' || c === '}') {
      violations.push({ reason: `uses the bracket "${c}"; only parentheses are allowed`, locations: [{ ...at(), label: `bracket ${c}` }] });
      tokens.push({ k: c === '[' || c === '{' ? 'lp' : 'rp', text: c, pos: i });
      i++;
      continue;
    }
    return { unreadable: `unexpected ${JSON.stringify(c)} at offset ${i}` };
  }
  return { tokens, violations, rhs };
}

type SNode = { k: 'num'; tok: number; value: bigint } | { k: 'bin'; op: '+' | '-' | '*' | '/'; tok: number; left: SNode; right: SNode };

class StrictParser {
  i = 0;
  constructor(readonly toks: STok[]) {}
  private describe(t: STok | undefined): string {
    return t === undefined ? 'the end' : t.k === 'num' ? `the number ${t.text}` : `"${t.text}"`;
  }
  private err(reason: string, index: number): never {
    throw Object.assign(new Error(reason), { violation: { reason, locations: [{ kind: 'token', index, label: reason }] } satisfies Violation });
  }
  parseAll(): SNode {
    const e = this.expr();
    const t = this.toks[this.i];
    if (t !== undefined) {
      if (t.k === 'rp') this.err(`a ")" at token ${this.i + 1} has no matching "("`, this.i);
      this.err(`missing an operator between ${this.describe(this.toks[this.i - 1])} and ${this.describe(t)} (token ${this.i + 1})`, this.i);
    }
    return e;
  }
  private expr(): SNode {
    let left = this.term();
    for (let t = this.toks[this.i]; t?.k === 'op' && (t.op === '+' || t.op === '-'); t = this.toks[this.i]) {
      const tok = this.i++;
      left = { k: 'bin', op: t.op, tok, left, right: this.term() };
    }
    return left;
  }
  private term(): SNode {
    let left = this.atom();
    for (let t = this.toks[this.i]; t?.k === 'op' && (t.op === '*' || t.op === '/'); t = this.toks[this.i]) {
      const tok = this.i++;
      left = { k: 'bin', op: t.op, tok, left, right: this.atom() };
    }
    return left;
  }
  private atom(): SNode {
    const t = this.toks[this.i];
    if (t === undefined) this.err(`the expression ends where a number was expected (after token ${this.i})`, Math.max(0, this.i - 1));
    if (t.k === 'num') {
      this.i++;
      return { k: 'num', tok: this.i - 1, value: t.value };
    }
    if (t.k === 'lp') {
      const open = this.i++;
      const e = this.expr();
      if (this.toks[this.i]?.k !== 'rp') {
        if (this.toks[this.i] === undefined) this.err(`the "(" at token ${open + 1} is never closed`, open);
        this.err(`missing an operator between ${this.describe(this.toks[this.i - 1])} and ${this.describe(this.toks[this.i])} (token ${this.i + 1})`, this.i);
      }
      this.i++;
      return e;
    }
    if (t.k === 'op' && (t.op === '-' || t.op === '+')) {
      this.err(`uses a unary ${t.op === '-' ? 'minus' : 'plus'} at token ${this.i + 1}; the numbers must be combined with binary operations`, this.i);
    }
    this.err(`expected a number or "(" but found ${this.describe(t)} at token ${this.i + 1}`, this.i);
  }
}

function violationOf(e: unknown): Violation | null {
  if (e instanceof Error && 'violation' in e) return (e as Error & { violation: Violation }).violation;
  return null;
}

function evalStrict(n: SNode, toks: STok[]): Frac {
  if (n.k === 'num') return Frac.of(n.value);
  const l = evalStrict(n.left, toks);
  const r = evalStrict(n.right, toks);
  switch (n.op) {
    case '+': return l.add(r);
    case '-': return l.sub(r);
    case '*': return l.mul(r);
    case '/':
      if (r.isZero()) {
        const reason = `divides by zero at token ${n.tok + 1} (the divisor evaluates to 0)`;
        throw Object.assign(new Error(reason), { violation: { reason, locations: [{ kind: 'token', index: n.tok, label: 'division by zero' }] } satisfies Violation });
      }
      return l.div(r);
  }
}

export function strict24(input: VerifyInput): Check {
  const numbers = numbersOf(input);
  if (!numbers) return parseError('the puzzle cannot be reconstructed: initial_state has no "numbers" and the question lists none');
  const text = unwrapMath(input.answer);
  if (!/[0-9]/.test(text)) return parseError(`could not read an expression from the answer: ${quote(input.answer)}`);
  const lexed = lexStrict(text);
  if ('unreadable' in lexed) return parseError(`could not read an expression from the answer (${lexed.unreadable}): ${quote(input.answer)}`);
  const { tokens, violations, rhs } = lexed;
  if (rhs !== null) {
    const okRhs = /^24(?:\.0*)?$/.test(rhs.replace(/\s/g, ''));
    if (!okRhs) violations.push({ reason: `the answer claims the expression equals ${quote(rhs)}, not 24`, locations: [{ kind: 'token', index: tokens.length, label: 'right-hand side' }] });
  }
  if (violations.length > 0) {
    return fail(violations.map((v) => v.reason).join('; '), flatMap(violations, (v) => v.locations));
  }
  let tree: SNode;
  try {
    tree = new StrictParser(tokens).parseAll();
  } catch (e) {
    const v = violationOf(e);
    if (v) return fail(`the expression is malformed: ${v.reason}`, v.locations);
    throw e;
  }
  // each given number exactly once
  const numToks = tokens.map((t, i) => ({ t, i })).filter((x): x is { t: Extract<STok, { k: 'num' }>; i: number } => x.t.k === 'num');
  const usedTexts = numToks.map((x) => x.t.value.toString());
  const givenTexts = numbers.map(String);
  const usedCount = countMap(usedTexts);
  const givenCount = countMap(givenTexts);
  const { extra, missing } = multisetDiff(usedTexts, givenTexts);
  if (extra.size > 0 || missing.size > 0) {
    const why = numbersReason(usedTexts, givenTexts, { used: usedCount, given: givenCount });
    const locations: Location[] = numToks.filter((x) => extra.has(x.t.value.toString())).map((x) => ({ kind: 'token', index: x.i, label: `${x.t.text}: ${(givenCount.get(x.t.value.toString()) ?? 0) === 0 ? 'not a given number' : 'used too often'}` }));
    return fail(`each given number must be used exactly once: ${why} (numbers [${givenTexts.join(', ')}])`, locations);
  }
  let value: Frac;
  try {
    value = evalStrict(tree, tokens);
  } catch (e) {
    const v = violationOf(e);
    if (v) return fail(v.reason, v.locations);
    throw e;
  }
  if (!value.equals(Frac.of(24))) return fail(`the expression evaluates to ${value.toString()}, not 24 (exact arithmetic)`);
  return pass(`uses ${givenTexts.join(', ')} once each and evaluates to exactly 24`);
}

export const twentyFourVerifier: TaskVerifier = {
  scoreFunction: '24points_evaluator',
  categories: ['24Points'],
  reference: reference24,
  strict: strict24,
};

/** Exported for tests. */
export { cutAtEquals };
