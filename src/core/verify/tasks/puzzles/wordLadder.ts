/**
 * WordLadder — `wordladder_evaluator` (verifiers.md §6.4).
 *
 * Reference: the path is extracted by the reference's cascade (quoted lists, `->` chains, comma chains,
 * one word per line, list items, all words of 3+ letters), lower-cased, then checked: ≥ 2 words, starts
 * at start_word, ends at target_word, each step changes exactly one letter (same length), no word
 * repeated, every word in the dictionary (web2 = NLTK `words` 'en', case-sensitive as spelled).
 * initial_state must be a dict (the reference calls `.get` on it once a path of ≥ 2 words was read).
 *
 * Strict: the same rules plus the step range the question states ("a solution path with 4 to 6 steps",
 * steps = words − 1); the Unicode arrow `→` is read; a list element that is not a single alphabetic word
 * is an error rather than being skipped. Words are numbered from 1 in reasons; locations use `word`
 * entries with the 0-based word index.
 */
import { crash, fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { findAll0, findAll1, isPlainObject, matchAll, pyStrip, quote } from './common';
import { defaultWordList, type WordList } from './wordList';
import { parsePythonish } from '../../../pyliteral';

const MISSING = 'the word list media/data/web2.gz is missing';
const COMMON = new Set(['the', 'and', 'word', 'ladder', 'solution', 'puzzle', 'step', 'steps', 'path', 'example', 'format', 'answer']);

/** The reference's path extraction (lower-cased words; [] when nothing is found). */
export function extractLadderReference(out: string): { words: string[]; how: string } {
  const dq = findAll0(/\[\s*"[a-zA-Z]+"(?:\s*,\s*"[a-zA-Z]+")*\s*\]/g, out);
  if (dq.length > 0) return { words: (JSON.parse(dq[dq.length - 1]!) as string[]).map((w) => w.toLowerCase()), how: 'a double-quoted list' };
  const sq = findAll0(/\[\s*'[a-zA-Z]+'(?:\s*,\s*'[a-zA-Z]+')*\s*\]/g, out);
  if (sq.length > 0) return { words: (JSON.parse(sq[sq.length - 1]!.replace(/'/g, '"')) as string[]).map((w) => w.toLowerCase()), how: 'a single-quoted list' };
  for (const [re, sep, how] of [
    [/[a-zA-Z]+(?:\s*->\s*[a-zA-Z]+)+/g, '->', 'an arrow chain'],
    [/[a-zA-Z]+(?:\s*,\s*[a-zA-Z]+)+/g, ',', 'a comma chain'],
  ] as const) {
    const ms = findAll0(re, out);
    if (ms.length > 0) {
      let best = ms[0]!;
      for (const m of ms) if (m.length > best.length) best = m;
      return { words: best.split(sep).map((w) => pyStrip(w).toLowerCase()), how };
    }
  }
  const lines = out.split('\n').map(pyStrip).filter((l) => /^[a-zA-Z]+$/.test(l));
  if (lines.length >= 2) return { words: lines.map((l) => l.toLowerCase()), how: 'one word per line' };
  const items = findAll1(/(?:^|\n)(?:\d+\.\s+|\*\s+|-\s+|\(\d+\)\s+)([a-zA-Z]+)/g, out);
  if (items.length >= 2) return { words: items.map((w) => w.toLowerCase()), how: 'list items' };
  // Python `\b` is Unicode-aware: a letter run glued to a non-ASCII letter or digit is not a word.
  const all = findAll0(/(?<![\p{L}\p{N}_])[a-zA-Z]{3,}(?![\p{L}\p{N}_])/gu, out).filter((w) => !COMMON.has(w.toLowerCase()));
  if (all.length >= 2) return { words: all.map((w) => w.toLowerCase()), how: 'all words of three or more letters' };
  return { words: [], how: 'nothing' };
}

interface Puzzle {
  start: string;
  target: string;
}

/** Reference: start/target as the reference reads them; a string means "crash", null means "not named". */
function referencePuzzle(state: VerifyInput['initialState']): Puzzle | string | null {
  if (!isPlainObject(state)) return `initial_state is ${state === null ? 'missing' : 'not a dict'} (the reference calls .get on it)`;
  const lower = (v: unknown, key: string): string | { crash: string } => {
    if (v === undefined) return '';
    if (typeof v !== 'string') return { crash: `${key} is not a string (the reference calls .lower() on it)` };
    return v.toLowerCase();
  };
  let start = lower(state['start_word'], 'start_word');
  let target = lower(state['target_word'], 'target_word');
  if (typeof start !== 'string') return start.crash;
  if (typeof target !== 'string') return target.crash;
  if (start === '' || target === '') {
    const nested = state['initial_state'] === undefined ? {} : state['initial_state'];
    if (!isPlainObject(nested)) return 'initial_state.initial_state is not a dict (the reference calls .get on it)';
    start = lower(nested['start_word'], 'start_word');
    target = lower(nested['target_word'], 'target_word');
    if (typeof start !== 'string') return start.crash;
    if (typeof target !== 'string') return target.crash;
  }
  if (start === '' || target === '') return null;
  return { start, target };
}

function wordLoc(index: number, label: string): Location {
  return { kind: 'word', index, label };
}

/** The ladder rules shared by both modes, in the reference's order. */
function checkLadder(words: string[], puzzle: Puzzle, dict: Set<string>): Check {
  const first = words[0]!;
  const last = words[words.length - 1]!;
  if (first !== puzzle.start) return fail(`the ladder starts with "${first}", not the start word "${puzzle.start}"`, [wordLoc(0, `should be "${puzzle.start}"`)]);
  if (last !== puzzle.target) return fail(`the ladder ends with "${last}", not the target word "${puzzle.target}"`, [wordLoc(words.length - 1, `should be "${puzzle.target}"`)]);
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i]!;
    const b = words[i + 1]!;
    const where = `step ${i + 1} (word ${i + 1} "${a}" -> word ${i + 2} "${b}")`;
    if (a.length !== b.length) return fail(`${where} changes the word length from ${a.length} to ${b.length} letters`, [wordLoc(i + 1, 'length changes')]);
    let diff = 0;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) diff++;
    if (diff !== 1) return fail(`${where} changes ${diff === 0 ? 'no letter' : `${diff} letters`}; exactly one letter must change per step`, [wordLoc(i + 1, `${diff} letters changed`)]);
  }
  const seen = new Map<string, number>();
  for (const [i, w] of words.entries()) {
    const j = seen.get(w);
    if (j !== undefined) return fail(`the word "${w}" is used twice (words ${j + 1} and ${i + 1})`, [wordLoc(j, 'repeated'), wordLoc(i, 'repeated')]);
    seen.set(w, i);
  }
  for (const [i, w] of words.entries()) {
    if (!dict.has(w)) return fail(`word ${i + 1} "${w}" is not an English word (not in the web2 word list as spelled)`, [wordLoc(i, 'not in the word list')]);
  }
  return pass();
}

function referenceCheck(input: VerifyInput, wordList: WordList): Check {
  // Without the dictionary the reference rejects every answer.
  const dict = wordList.get();
  if (dict === null) return fail(MISSING);
  const { words, how } = extractLadderReference(input.answer);
  if (words.length === 0) return fail(`could not read a word ladder from the answer: no word list, arrow chain or word lines in ${quote(input.answer)}`);
  if (words.length < 2) return fail(`the ladder read from ${how} has only one word ("${words[0]}")`);
  const puzzle = referencePuzzle(input.initialState);
  if (typeof puzzle === 'string') return crash(puzzle);
  if (puzzle === null) return fail('the puzzle names no start_word/target_word, so the reference rejects every answer');
  return checkLadder(words, puzzle, dict);
}

// ----------------------------------------------------------------------------------------------------
// Strict
// ----------------------------------------------------------------------------------------------------

type StrictPath = { ok: true; words: string[] } | { ok: false; reason: string };

/** Strict path reading: a list literal of strings, a `->`/`→` chain, a comma chain, or one word per line. */
export function readLadderStrict(answer: string): StrictPath {
  const text = answer.trim();
  const checkWords = (raw: string[], what: string): StrictPath => {
    const words: string[] = [];
    for (const [i, w] of raw.entries()) {
      const t = w.trim();
      if (!/^[A-Za-z]+$/.test(t)) return { ok: false, reason: `item ${i + 1} of ${what} (${quote(t, 30)}) is not a single word` };
      words.push(t.toLowerCase());
    }
    return { ok: true, words };
  };
  // A list literal (the format the question asks for), the last one in the text.
  const lists = matchAll(/\[[^[\]]*\]/g, text);
  for (let i = lists.length - 1; i >= 0; i--) {
    const v = parsePythonish(lists[i]![0]);
    if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return checkWords(v, 'the list');
  }
  const arrows = findAll0(/[A-Za-z]+(?:\s*(?:->|→|⟶|=>)\s*[A-Za-z]+)+/g, text);
  if (arrows.length > 0) {
    let best = arrows[0]!;
    for (const m of arrows) if (m.length > best.length) best = m;
    return checkWords(best.split(/->|→|⟶|=>/), 'the chain');
  }
  // A comma list only as the whole answer: in prose, "sorry, I cannot" is not a ladder.
  const bare = text.replace(/^[[(]\s*|\s*[\])]?\.?$/g, '');
  if (/^[A-Za-z]+(?:\s*,\s*[A-Za-z]+)+$/.test(bare)) return checkWords(bare.split(','), 'the comma list');
  const lines = text.split('\n').map((l) => l.trim().replace(/^(?:\d+[.)]|[-*]|\(\d+\))\s+/, '')).filter((l) => l !== '');
  if (lines.length >= 2 && lines.every((l) => /^[A-Za-z]+$/.test(l))) return { ok: true, words: lines.map((l) => l.toLowerCase()) };
  return { ok: false, reason: `could not read a word ladder from the answer: no word list or chain in ${quote(text)}` };
}

function strictPuzzle(input: VerifyInput): Puzzle | null {
  const s = input.initialState;
  if (isPlainObject(s) && typeof s['start_word'] === 'string' && typeof s['target_word'] === 'string' && s['start_word'] !== '' && s['target_word'] !== '') {
    return { start: s['start_word'].toLowerCase(), target: s['target_word'].toLowerCase() };
  }
  const start = /Starting word:\s*([A-Za-z]+)/i.exec(input.question)?.[1];
  const target = /Target word:\s*([A-Za-z]+)/i.exec(input.question)?.[1];
  return start && target ? { start: start.toLowerCase(), target: target.toLowerCase() } : null;
}

/** The step range the question states: "a solution path with 4 to 6 steps". */
export function stepRange(question: string): [number, number] | null {
  const m = /with\s+(\d+)\s+to\s+(\d+)\s+steps/i.exec(question);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function strictCheck(input: VerifyInput, wordList: WordList): Check {
  const dict = wordList.get();
  if (dict === null) return fail(MISSING);
  const read = readLadderStrict(input.answer);
  if (!read.ok) return parseError(read.reason);
  const words = read.words;
  if (words.length < 2) return fail(`the ladder has only one word ("${words[0] ?? ''}")`);
  const puzzle = strictPuzzle(input);
  if (puzzle === null) return parseError('the puzzle names no start and target word (neither initial_state nor the question)');
  const rules = checkLadder(words, puzzle, dict);
  if (rules.status !== 'pass') return rules;
  const range = stepRange(input.question);
  const steps = words.length - 1;
  if (range && (steps < range[0] || steps > range[1])) {
    return fail(`the ladder takes ${steps} steps; the question asks for ${range[0]} to ${range[1]} steps`, [wordLoc(words.length - 1, `${steps} steps`)]);
  }
  return pass();
}

export function makeWordLadderVerifier(wordList: WordList = defaultWordList): TaskVerifier {
  return {
    scoreFunction: 'wordladder_evaluator',
    categories: ['WordLadder'],
    reference: (input) => referenceCheck(input, wordList),
    strict: (input) => strictCheck(input, wordList),
  };
}

export const wordLadderVerifier = makeWordLadderVerifier();
