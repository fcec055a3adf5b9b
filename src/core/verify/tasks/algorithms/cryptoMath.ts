/**
 * CryptoMath — `cryptomath_evaluator` (verifiers.md §4.2).
 *
 * reference: the letter→digit mapping is read by the first successful of five methods (the first `{…}`
 * as a Python literal, a JSON-style object, a `["A"=1, …]` list, `A=1` pairs, `A is 1` phrases); every
 * letter of the equation must be a key, all values distinct (extra keys included) and 0–9, no word's first
 * letter 0; the keys are substituted into the equation text in mapping order and both sides evaluated as
 * Python would. A non-dict initial_state makes the reference raise (crash).
 *
 * strict: a real bijection between the equation's letters and digits: every letter exactly one digit,
 * no key that is not a letter of the equation (case-sensitive), no letter given two different digits,
 * whole-number digits 0–9, no two letters on one digit, no leading zero, and the equation holding with
 * big integers; for a sum of words the first failing column is named (columns counted from the right,
 * 1 = units; locations use kind `col` with index 0 = units).
 */
import type { Check, Location, TaskVerifier, VerifyInput } from '../../types';
import { crash, fail, parseError, pass } from '../../types';
import { isDict, listText, pyTruthy } from './common';
import { LiteralError, litHashKey, literalEval, type Lit } from './literalEval';
import { PyEvalError, pyEval, pyNumEquals, pyNumText, type PyNum } from './pyexpr';
import { PY_D, PY_WS, pyDigitsToBigInt, pyIntOfString, pyIsAlpha, quote } from './pytext';
import { flatMap, pushTo } from '../../collections';

type Mapping = Map<string, bigint>;

// ---------------------------------------------------------------------------------------------------
// reference: mapping extraction

/** Python `int(v)` of a literal; null where it raises. */
function pyIntOfLit(v: Lit): bigint | null {
  switch (v.t) {
    case 'bool': return v.v ? 1n : 0n;
    case 'int': return v.v;
    case 'float': return Number.isFinite(v.v) ? BigInt(Math.trunc(v.v)) : null;
    case 'str':
    case 'bytes': return pyIntOfString(v.v);
    default: return null;
  }
}

/** `ast.literal_eval` of the first brace group, or null where it raises. */
function firstBraces(s: string): Lit | null {
  const m = /\{[^{}]*\}/.exec(s);
  if (!m) return null;
  try {
    return literalEval(m[0]);
  } catch (e) {
    if (e instanceof LiteralError) return null;
    throw e;
  }
}

/** Method 1: `ast.literal_eval` of the first brace group; a dict gives its alphabetic string keys. */
function fromFirstBraces(s: string): Mapping | null {
  const v = firstBraces(s);
  if (v === null || v.t !== 'dict') return null;
  const dict = new Map<string, [Lit, Lit]>();
  for (const [k, val] of v.entries) {
    const h = litHashKey(k);
    const prev = dict.get(h);
    dict.set(h, [prev ? prev[0] : k, val]);
  }
  const out: Mapping = new Map();
  for (const [k, val] of dict.values()) {
    if (k.t !== 'str' || !pyIsAlpha(k.v)) continue;
    const n = pyIntOfLit(val);
    if (n === null) return null;
    out.set(k.v, n);
  }
  return out;
}

/** The reference's JSON-object pattern as written (kept for the equivalence test; not used). */
export const JSON_OBJECT_ORIGINAL = String.raw`\{(?:${PY_WS}*['"]([A-Za-z])['"]:${PY_WS}*(${PY_D}+)${PY_WS}*,?${PY_WS}*)+\}`;
/**
 * The same language without overlapping whitespace runs: in the reference's form the trailing
 * `\s*,?\s*` of one item and the leading `\s*` of the next split a whitespace run in many ways per item,
 * so an object that fails at its end backtracked exponentially. The leading whitespace moves out of the
 * loop and the comma takes its own trailing whitespace; each item starts with a quote, so the items are
 * split in one way only and the match and its groups (the last item's) are the reference's.
 */
export const JSON_OBJECT_RE = new RegExp(String.raw`\{${PY_WS}*(?:['"]([A-Za-z])['"]:${PY_WS}*(${PY_D}+)${PY_WS}*(?:,${PY_WS}*)?)+\}`, 'u');
/** The reference's bracket-list pattern as written (kept for the equivalence test; not used). */
export const BRACKET_LIST_ORIGINAL = String.raw`\[${PY_WS}*(?:['"]([A-Za-z])['"]="?(${PY_D}+)"?${PY_WS}*,?${PY_WS}*)+\]`;
/** As JSON_OBJECT_RE: `\s*,?\s*` split a whitespace run in many ways per item; `\s*(?:,\s*)?` in one. */
export const BRACKET_LIST_RE = new RegExp(String.raw`\[${PY_WS}*(?:['"]([A-Za-z])['"]="?(${PY_D}+)"?${PY_WS}*(?:,${PY_WS}*)?)+\]`, 'u');
const BRACKET_PAIR_RE = new RegExp(String.raw`['"]([A-Za-z])['"]="?(${PY_D}+)"?`, 'gu');
const EQ_PAIR_RE = new RegExp(String.raw`([A-Za-z])${PY_WS}*=${PY_WS}*(${PY_D}+)`, 'gu');
const IS_PAIR_RE = new RegExp(String.raw`([A-Za-z])${PY_WS}+is${PY_WS}+(${PY_D}+)`, 'gu');

function pairs(re: RegExp, s: string): Mapping {
  const out: Mapping = new Map();
  for (const m of s.matchAll(re)) out.set(m[1]!, pyDigitsToBigInt(m[2]!));
  return out;
}

export interface ReadMapping {
  mapping: Mapping;
  method: string;
}

/** The reference's `extract_answer` (first successful method wins; possibly an empty mapping). */
export function extractMapping(s: string): ReadMapping {
  const m1 = fromFirstBraces(s);
  if (m1) return { mapping: m1, method: 'the first {…} read as a Python dict' };
  const m2 = JSON_OBJECT_RE.exec(s);
  if (m2) {
    try {
      const obj = JSON.parse(m2[0]) as Record<string, number>;
      const out: Mapping = new Map();
      for (const [k, v] of Object.entries(obj)) out.set(k, BigInt(Math.trunc(v)));
      return { mapping: out, method: 'a JSON object' };
    } catch {
      /* fall through */
    }
  }
  if (BRACKET_LIST_RE.test(s)) return { mapping: pairs(BRACKET_PAIR_RE, s), method: 'a ["A"=1, …] list' };
  const m4 = pairs(EQ_PAIR_RE, s);
  if (m4.size > 0) return { mapping: m4, method: '"A=1" pairs' };
  const m5 = pairs(IS_PAIR_RE, s);
  if (m5.size > 0) return { mapping: m5, method: '"A is 1" phrases' };
  return { mapping: new Map(), method: 'nothing' };
}

function mappingText(m: Mapping): string {
  return `{${[...m].map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
}

export function referenceCrypto(input: VerifyInput): Check {
  const { mapping, method } = extractMapping(input.answer);
  const st = input.initialState;
  if (!isDict(st)) return crash('initial_state is not a dict, so the reference raises reading params.get("equation")');
  const equation = st['equation'];
  if (!pyTruthy(equation)) return fail('initial_state has no equation to check the mapping against');
  if (typeof equation !== 'string') return crash('initial_state "equation" is not a string, so the reference raises scanning it for letters');
  const letters = [...new Set(equation.match(/[A-Za-z]/g) ?? [])];
  if (mapping.size === 0 && letters.length > 0) return fail(`could not read a letter→digit mapping from the answer: ${quote(input.answer)}`);
  const shown = `${mappingText(mapping)} (read from ${method})`;
  const missing = letters.filter((l) => !mapping.has(l));
  if (missing.length > 0) {
    return fail(`every letter of ${equation} needs a digit, but ${listText(missing)} ${missing.length === 1 ? 'has' : 'have'} none in ${shown}`, missing.map((l) => ({ kind: 'token', index: equation.indexOf(l), label: `letter ${l}: no digit` })));
  }
  const byValue = new Map<string, string[]>();
  for (const [k, v] of mapping) pushTo(byValue, v.toString(), k);
  const dup = [...byValue].filter(([, ks]) => ks.length > 1);
  if (dup.length > 0) {
    return fail(`different letters must have different digits, but ${dup.map(([v, ks]) => `${listText(ks)} are ${ks.length === 2 ? 'both' : 'all'} ${v}`).join('; ')} in ${shown}`, flatMap(dup, ([v, ks]) => ks.map((k): Location => ({ kind: 'token', ...(equation.includes(k) ? { index: equation.indexOf(k) } : {}), label: `letter ${k}: shares ${v}` }))));
  }
  const outOfRange = [...mapping].filter(([, v]) => v < 0n || v > 9n);
  if (outOfRange.length > 0) {
    return fail(`every value must be a digit 0–9, but ${outOfRange.map(([k, v]) => `${k} = ${v}`).join(', ')} in ${shown}`, outOfRange.map(([k]): Location => ({ kind: 'token', ...(equation.includes(k) ? { index: equation.indexOf(k) } : {}), label: `letter ${k}: not a digit` })));
  }
  const words = equation.match(/[A-Za-z]+/g) ?? [];
  const zeroLead = words.map((w, i) => ({ w, i })).filter(({ w }) => mapping.get(w[0]!) === 0n);
  if (zeroLead.length > 0) {
    return fail(`no word may start with 0, but ${zeroLead.map(({ w }) => `${w} starts with ${w[0]} = 0`).join('; ')}`, zeroLead.map(({ w, i }) => ({ kind: 'word', index: i, label: `${w} starts with 0` })));
  }
  let evalEquation = equation;
  for (const [k, v] of mapping) evalEquation = evalEquation.split(k).join(v.toString());
  const sides = evalEquation.split('=');
  if (sides.length !== 2) return fail(`the substituted equation ${quote(evalEquation)} does not have exactly one "=" (the reference's split fails)`);
  let left: PyNum;
  let right: PyNum;
  try {
    left = pyEval(sides[0]!);
    right = pyEval(sides[1]!);
  } catch (e) {
    if (e instanceof PyEvalError) return fail(`the substituted equation ${quote(evalEquation)} cannot be evaluated (${e.message})`);
    throw e;
  }
  if (!pyNumEquals(left, right)) return fail(`the equation does not hold: ${evalEquation} gives ${pyNumText(left)} on the left and ${pyNumText(right)} on the right`);
  return pass(`the mapping satisfies ${equation} (${evalEquation})`);
}

// ---------------------------------------------------------------------------------------------------
// strict

/** The puzzle's equation: initial_state.equation, else the question's `Equation: …` line. */
export function equationOf(input: VerifyInput): string | null {
  const st = input.initialState;
  if (isDict(st) && typeof st['equation'] === 'string' && st['equation'].trim() !== '') return st['equation'].trim();
  const m = /Equation:\s*([A-Za-z][A-Za-z+\-*= ]*[A-Za-z])/.exec(input.question);
  return m ? m[1]!.trim() : null;
}

interface RawEntry {
  key: string;
  value: string;
  /** The digit when the value is a whole number 0-9 written as an integer or a digit string. */
  digit: number | null;
}

function rawValue(v: Lit): { text: string; digit: number | null } {
  switch (v.t) {
    case 'int': return { text: v.v.toString(), digit: v.v >= 0n && v.v <= 9n ? Number(v.v) : null };
    case 'str': return { text: JSON.stringify(v.v), digit: /^\s*[0-9]\s*$/.test(v.v) ? Number(v.v.trim()) : null };
    case 'float': return { text: Number.isInteger(v.v) ? `${v.v}.0` : String(v.v), digit: null };
    case 'bool': return { text: v.v ? 'True' : 'False', digit: null };
    case 'none': return { text: 'None', digit: null };
    default: return { text: `a ${v.t}`, digit: null };
  }
}

/** Entries of the answer's mapping as written (keys as given, values with their spelling). */
function readStrictEntries(answer: string): RawEntry[] | null {
  const v = firstBraces(answer);
  if (v !== null && v.t === 'dict' && v.entries.length > 0) {
    return v.entries.map(([k, val]) => {
      const r = rawValue(val);
      return { key: k.t === 'str' ? k.v : rawValue(k).text, value: r.text, digit: r.digit };
    });
  }
  const entries: RawEntry[] = [];
  const re = /(["']?)([A-Za-z]+)\1\s*(?:=|:|\bis\b|->|→)\s*(["']?)(-?[0-9]+(?:\.[0-9]+)?)\3/g;
  for (const m of answer.matchAll(re)) {
    const text = m[4]!;
    entries.push({ key: m[2]!, value: text, digit: /^[0-9]$/.test(text) ? Number(text) : null });
  }
  return entries.length > 0 ? entries : null;
}

type Side = { words: string[]; signs: Array<1 | -1> };

function parseSide(text: string): Side | null {
  const t = text.replace(/\s+/g, '');
  if (!/^[A-Za-z]+(?:[+-][A-Za-z]+)*$/.test(t)) return null;
  const words = t.match(/[A-Za-z]+/g) ?? [];
  const signs: Array<1 | -1> = [1, ...[...t.matchAll(/[+-]/g)].map((m): 1 | -1 => (m[0] === '-' ? -1 : 1))];
  return { words, signs };
}

function wordValue(w: string, digits: Map<string, number>): bigint {
  let v = 0n;
  for (const ch of w) v = v * 10n + BigInt(digits.get(ch) ?? 0);
  return v;
}

/** For `W1 + W2 + … = R`: the first column (from the right) where the addition breaks. */
function columnFailure(lhs: string[], rhs: string, digits: Map<string, number>): { reason: string; col: number } | null {
  const width = Math.max(rhs.length, ...lhs.map((w) => w.length));
  let carry = 0;
  for (let c = 0; c < width + 1; c++) {
    const colLetters = lhs.map((w) => w[w.length - 1 - c]).filter((x): x is string => x !== undefined);
    const sum = carry + colLetters.reduce((s, ch) => s + (digits.get(ch) ?? 0), 0);
    const want = rhs[rhs.length - 1 - c];
    if (c >= width && sum === 0) return null;
    const terms = [...colLetters.map((ch) => `${ch}=${digits.get(ch)}`), ...(carry ? [`carry ${carry}`] : [])];
    const name = c === 0 ? 'column 1 from the right (units)' : `column ${c + 1} from the right`;
    if (want === undefined) {
      if (sum !== 0) return { reason: `${name}: ${terms.join(' + ') || '0'} = ${sum} needs a digit, but ${rhs} has only ${rhs.length} letters`, col: c };
    } else if (sum % 10 !== (digits.get(want) ?? 0)) {
      return { reason: `${name}: ${terms.join(' + ') || '0'} = ${sum} ends in ${sum % 10}, but ${want} = ${digits.get(want)} in ${rhs}`, col: c };
    }
    carry = Math.floor(sum / 10);
  }
  return null;
}

export function strictCrypto(input: VerifyInput): Check {
  const equation = equationOf(input);
  if (equation === null) return parseError('the puzzle cannot be reconstructed: initial_state has no equation and the question shows none');
  const entries = readStrictEntries(input.answer);
  if (entries === null) return parseError(`could not read a letter→digit mapping from the answer: ${quote(input.answer)}`);
  const sidesText = equation.split('=');
  const lhs = sidesText.length === 2 ? parseSide(sidesText[0]!) : null;
  const rhs = sidesText.length === 2 ? parseSide(sidesText[1]!) : null;
  const letters = [...new Set(equation.match(/[A-Za-z]/g) ?? [])];
  const letterSet = new Set(letters);
  const problems: string[] = [];
  const locations: Location[] = [];
  // Letters are located by their first position in the equation text (0-based character index).
  const letterLoc = (l: string, label: string): Location => ({ kind: 'token', index: equation.indexOf(l), label: `letter ${l}: ${label}` });

  const digits = new Map<string, number>();
  const given = new Map<string, string[]>();
  for (const e of entries) pushTo(given, e.key, e.value);
  for (const [k, vals] of given) {
    const distinct = [...new Set(vals)];
    if (distinct.length > 1) {
      problems.push(`${k} is given ${distinct.length} different values (${distinct.join(' and ')})`);
      locations.push(letterLoc(k, 'two values'));
    }
  }
  const extra = [...given.keys()].filter((k) => !letterSet.has(k));
  if (extra.length > 0) {
    const lower = extra.filter((k) => letterSet.has(k.toUpperCase()));
    problems.push(
      `the mapping assigns ${listText(extra.map((k) => JSON.stringify(k)))}, which ${extra.length === 1 ? 'is' : 'are'} not ${extra.length === 1 ? 'a letter' : 'letters'} of ${equation}` +
        (lower.length > 0 ? ' (letters are case-sensitive)' : ''),
    );
    for (const k of extra) locations.push({ kind: 'token', label: `key ${k}: not in the equation` });
  }
  const missing = letters.filter((l) => !given.has(l));
  if (missing.length > 0) {
    problems.push(`${listText(missing)} ${missing.length === 1 ? 'has' : 'have'} no digit`);
    for (const l of missing) locations.push(letterLoc(l, 'no digit'));
  }
  for (const e of entries) {
    if (!letterSet.has(e.key)) continue;
    if (e.digit === null) {
      problems.push(`${e.key} is given ${e.value}, which is not a digit 0–9`);
      locations.push(letterLoc(e.key, 'not a digit'));
    } else if (!digits.has(e.key)) {
      digits.set(e.key, e.digit);
    }
  }
  if (problems.length > 0) return fail(problems.join('; '), locations);

  const byDigit = new Map<number, string[]>();
  for (const [k, d] of digits) pushTo(byDigit, d, k);
  for (const [d, ks] of byDigit) {
    if (ks.length > 1) {
      problems.push(`${listText(ks)} ${ks.length === 2 ? 'both' : 'all'} map to ${d}; different letters need different digits`);
      for (const k of ks) locations.push(letterLoc(k, `shares ${d}`));
    }
  }
  const words = equation.match(/[A-Za-z]+/g) ?? [];
  words.forEach((w, i) => {
    if (digits.get(w[0]!) === 0) {
      problems.push(`the word ${w} starts with ${w[0]} = 0`);
      locations.push({ kind: 'word', index: i, label: `${w} has a leading zero` });
    }
  });
  if (problems.length > 0) return fail(problems.join('; '), locations);

  if (lhs && rhs) {
    const total = (s: Side): bigint => s.words.reduce((acc, w, i) => acc + BigInt(s.signs[i] ?? 1) * wordValue(w, digits), 0n);
    const l = total(lhs);
    const r = total(rhs);
    if (l === r) return pass(`a valid letter→digit bijection: ${lhs.words.map((w) => wordValue(w, digits)).join(' + ')} = ${r}`);
    const show = `${sidesText[0]!.trim()} = ${sidesText[1]!.trim()} reads ${l} on the left but ${r} on the right`;
    const sumForm = lhs.signs.every((s) => s === 1) && rhs.words.length === 1;
    const col = sumForm ? columnFailure(lhs.words, rhs.words[0]!, digits) : null;
    return fail(col ? `${col.reason} (${show})` : show, col ? [{ kind: 'col', index: col.col, label: col.reason }] : []);
  }
  // Another equation shape: substitute and evaluate exactly.
  let sub = equation;
  for (const [k, d] of digits) sub = sub.split(k).join(String(d));
  const parts = sub.split('=');
  if (parts.length !== 2) return parseError(`the equation ${quote(equation)} does not have exactly one "="`);
  try {
    const a = pyEval(parts[0]!);
    const b = pyEval(parts[1]!);
    if (pyNumEquals(a, b)) return pass(`a valid letter→digit bijection: ${sub}`);
    return fail(`the equation does not hold: ${sub} gives ${pyNumText(a)} on the left and ${pyNumText(b)} on the right`);
  } catch (e) {
    if (e instanceof PyEvalError) return parseError(`the equation ${quote(equation)} cannot be evaluated after substitution (${e.message})`);
    throw e;
  }
}

export const cryptoMathVerifier: TaskVerifier = {
  scoreFunction: 'cryptomath_evaluator',
  categories: ['CryptoMath'],
  reference: referenceCrypto,
  strict: strictCrypto,
};
