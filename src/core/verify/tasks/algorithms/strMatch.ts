/**
 * `simple_str_match` (verifiers.md §2.1, §4.3, §5.6–5.8) for the integer-answer algorithm tasks and the
 * yes/no and number graph tasks, and `match_from_list` (§2.2, used by no task).
 *
 * reference: lower-case both, delete all (Python) whitespace, compare.
 *
 * strict: the true answer is recomputed from the puzzle — from initial_state for the algorithm tasks,
 * from the question's adjacency lists for max_flow, shortest_distance_weighted and graph_isomorphism —
 * and the answer must equal it numerically (`7.0` passes for 7; so do `$7$`). When the stored ground
 * truth disagrees with the recomputed value the reason says so. When the puzzle cannot be reconstructed,
 * the answer is compared numerically with the stored ground truth. graph_isomorphism: a case-insensitive
 * yes/no with surrounding punctuation and whitespace ignored (the pairing rule belongs to aggregation).
 */
import { parsePythonish } from '../../../pyliteral';
import type { Check, TaskVerifier, VerifyInput } from '../../types';
import { fail, parseError, pass } from '../../types';
import { isDict, numberList } from './common';
import { isomorphic, maxFlow, parseGraphPair, parseWeightedGraph, shortestDistance } from './graphText';
import { quote, removePyWhitespace } from './pytext';
import { ALGORITHM_TASKS } from './trueValues';

export const SIMPLE_STR_MATCH_CATEGORIES = [
  'BestTimeToBuyAndSellStock',
  'ContainerWithMostWater',
  'CountHillsAndValleys',
  'HIndex',
  'LargestRectangleInHistogram',
  'longest_increasing_subsequence',
  'trapping_rain_water',
  'graph_isomorphism',
  'max_flow',
  'shortest_distance_weighted',
] as const;

/** §2.1's normal form: lower-cased, every whitespace character removed. */
export function strMatchForm(s: string): string {
  return removePyWhitespace(s.toLowerCase());
}

export function referenceStrMatch(input: VerifyInput): Check {
  const a = strMatchForm(input.answer);
  const g = strMatchForm(input.groundTruth);
  if (a === g) return pass(`matches the stored answer ${quote(input.groundTruth)} (lower-cased, whitespace removed)`);
  if (a === '') return fail(`could not read an answer: the answer is empty (the stored answer is ${quote(input.groundTruth)})`);
  return fail(`the answer ${quote(input.answer)} is not the stored answer ${quote(input.groundTruth)}: compared lower-cased with all whitespace removed, ${quote(a)} ≠ ${quote(g)}`);
}

// ---------------------------------------------------------------------------------------------------
// strict

/** Strip math-mode wrappers and a `\text{}` around a short answer. */
function unwrap(s: string): string {
  let t = s.trim();
  for (;;) {
    const m = /^\$\$?([\s\S]*?)\$?\$$/.exec(t) ?? /^\\\(([\s\S]*)\\\)$/.exec(t) ?? /^\\\[([\s\S]*)\\\]$/.exec(t) ?? /^(?:\\t|\t)?ext(?:bf)?\{([^{}]*)\}$/.exec(t) ?? /^\\math(?:rm|bf)\{([^{}]*)\}$/.exec(t);
    if (!m) return t;
    t = m[1]!.trim();
  }
}

/** A plain number (integer, decimal, or a simple fraction a/b); null when the text is not just a number. */
export function readNumber(s: string): number | null {
  const t = unwrap(s).replace(/\s+/g, '');
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) return Number(t);
  const f = /^([+-]?\d+)\/(\d+)$/.exec(t) ?? /^\\[dt]?frac\{([+-]?\d+)\}\{(\d+)\}$/.exec(t);
  if (f && Number(f[2]) !== 0) return Number(f[1]) / Number(f[2]);
  return null;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
}

function numText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}

interface Truth {
  value: number;
  /** How it was obtained, for reasons. */
  source: string;
}

function trueNumber(input: VerifyInput): Truth | null | 'unreachable' {
  const algo = ALGORITHM_TASKS[input.category];
  if (algo) {
    const st = input.initialState;
    const list = isDict(st) ? numberList(st[algo.key]) : null;
    return list ? { value: algo.compute(list), source: `${algo.what} recomputed from initial_state.${algo.key}` } : null;
  }
  if (input.category === 'max_flow') {
    const g = parseWeightedGraph(input.question, true);
    return g ? { value: maxFlow(g), source: `the maximum flow from node ${g.source} to node ${g.target} recomputed from the question's adjacency list` } : null;
  }
  if (input.category === 'shortest_distance_weighted') {
    const g = parseWeightedGraph(input.question, false);
    if (!g) return null;
    const d = shortestDistance(g);
    return d === null ? 'unreachable' : { value: d, source: `the shortest distance from node ${g.source} to node ${g.target} recomputed from the question's adjacency list` };
  }
  return null;
}

function strictNumber(input: VerifyInput): Check {
  const answer = readNumber(input.answer);
  if (answer === null) return parseError(`could not read a number from the answer: ${quote(input.answer)}`);
  const stored = readNumber(input.groundTruth);
  const truth = trueNumber(input);
  if (truth === null || truth === 'unreachable') {
    const why = truth === 'unreachable' ? 'the target is unreachable in the question graph, so' : 'the puzzle could not be reconstructed, so';
    if (stored === null) return parseError(`${why} the answer can only be compared with the stored answer, which is not a number: ${quote(input.groundTruth)}`);
    if (close(answer, stored)) return pass(`${why} compared with the stored answer: ${numText(answer)} equals ${input.groundTruth.trim()}`);
    return fail(`${why} compared with the stored answer: the answer is ${numText(answer)} but the stored answer is ${input.groundTruth.trim()}`);
  }
  const t = truth.value;
  const gtWrong = stored === null || !close(stored, t);
  const gtNote = gtWrong ? `the stored ground truth is ${quote(input.groundTruth.trim())} but the true value is ${numText(t)}` : '';
  if (close(answer, t)) {
    const textDiffers = strMatchForm(input.answer) !== strMatchForm(input.groundTruth);
    const note = gtWrong ? ` (note: ${gtNote})` : textDiffers ? ` (strict compares numerically; the reference needs the exact text ${quote(input.groundTruth.trim())})` : '';
    return pass(`${numText(answer)} equals the true value ${numText(t)}, ${truth.source}${note}`);
  }
  if (gtWrong && stored !== null && close(answer, stored)) {
    return fail(`${gtNote} (${truth.source}); the answer ${numText(answer)} agrees with the wrong stored value`);
  }
  return fail(`the answer is ${numText(answer)} but the true value is ${numText(t)}, ${truth.source}${gtWrong ? `; also ${gtNote}` : ''}`);
}

const EDGE_PUNCT_RE = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

function yesNo(s: string): 'yes' | 'no' | null {
  const t = unwrap(s).toLowerCase().replace(EDGE_PUNCT_RE, '');
  return t === 'yes' ? 'yes' : t === 'no' ? 'no' : null;
}

function strictIsomorphism(input: VerifyInput): Check {
  const answer = yesNo(input.answer);
  if (answer === null) return parseError(`could not read Yes or No from the answer: ${quote(input.answer)}`);
  const stored = yesNo(input.groundTruth);
  const pair = parseGraphPair(input.question);
  const iso = pair ? isomorphic(pair[0], pair[1]) : null;
  if (iso === null) {
    if (stored === null) return parseError(`the graphs could not be read from the question and the stored answer is not Yes/No: ${quote(input.groundTruth)}`);
    if (answer === stored) return pass(`${answer} matches the stored answer (the graphs could not be read from the question)`);
    return fail(`the answer is ${answer} but the stored answer is ${stored} (the graphs could not be read from the question)`);
  }
  const truth = iso ? 'yes' : 'no';
  const fact = iso ? 'G1 and G2 are isomorphic' : 'G1 and G2 are not isomorphic';
  const gtNote = stored !== truth ? `the stored ground truth is ${quote(input.groundTruth.trim())} but the true value is ${truth} (${fact})` : '';
  if (answer === truth) return pass(`${answer}: ${fact}, checked from the question's adjacency lists${gtNote ? ` (note: ${gtNote})` : ''}`);
  if (gtNote && answer === stored) return fail(`${gtNote}; the answer agrees with the wrong stored value`);
  return fail(`the answer is ${answer}, but ${fact} (checked from the question's adjacency lists)${gtNote ? `; also ${gtNote}` : ''}`);
}

export function strictStrMatch(input: VerifyInput): Check {
  if (input.category === 'graph_isomorphism') return strictIsomorphism(input);
  return strictNumber(input);
}

export const simpleStrMatchVerifier: TaskVerifier = {
  scoreFunction: 'simple_str_match',
  categories: SIMPLE_STR_MATCH_CATEGORIES,
  reference: referenceStrMatch,
  strict: strictStrMatch,
};

// ---------------------------------------------------------------------------------------------------
// match_from_list

/**
 * reference: the pipeline hands the ground truth over as a string, and the reference iterates it —
 * over its characters. So the answer matches when it equals (lower-cased, whitespace removed) any single
 * character of the ground truth; a whitespace character cleans to "" and then matches an empty answer.
 */
export function referenceMatchFromList(input: VerifyInput): Check {
  if (input.groundTruth === '') return fail('the ground-truth list is empty, so no answer can match');
  const a = strMatchForm(input.answer);
  for (const ch of input.groundTruth) if (strMatchForm(ch) === a) return pass(`matches the element ${quote(ch)} of the ground truth (its characters, as the reference iterates the string)`);
  return fail(`the answer ${quote(input.answer)} matches no element of the ground truth (the reference iterates the ground-truth string character by character)`);
}

/** strict: the ground truth read as a list (JSON / Python literal); a non-list is one element. */
export function strictMatchFromList(input: VerifyInput): Check {
  const decoded = parsePythonish(input.groundTruth);
  const items = Array.isArray(decoded) ? decoded.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))) : [input.groundTruth];
  if (items.length === 0) return fail('the ground-truth list is empty, so no answer can match');
  const a = strMatchForm(input.answer);
  if (a === '') return parseError('could not read an answer: the answer is empty');
  const hit = items.find((x) => strMatchForm(x) === a);
  if (hit !== undefined) return pass(`matches the accepted answer ${quote(hit)}`);
  return fail(`the answer ${quote(input.answer)} is none of the ${items.length} accepted answers`);
}

export const matchFromListVerifier: TaskVerifier = {
  scoreFunction: 'match_from_list',
  categories: [],
  reference: referenceMatchFromList,
  strict: strictMatchFromList,
};
