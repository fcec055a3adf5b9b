/**
 * Speed for the tagger. Each cue's regular expression only runs where it can match: the literal texts
 * every match must contain are worked out from the pattern (its *anchors*: for
 * `\b(?:the|my) (?:\w+ )?(?:guess|assumption) was wrong` those are "guess"/"assumption" and "wrong",
 * rarer than "the "), all anchors of a cue set are found in one Aho–Corasick pass over a step, and a cue
 * is tried only on the sentences that hold an anchor of each of its anchor sets (for one of its
 * top-level alternatives). Cues whose anchors cannot be worked out run on every sentence: correct,
 * only slower. Cues whose patterns run on whole steps (they mention line breaks) also require their
 * less selective sets: a search of a whole step costs more than looking for them. All of it is worked
 * out when a cue set is compiled, so a user's cue file gets the same prefilter as the default one.
 * `test/trace/tagger.test.ts` and `test/trace/prefilter.test.ts` check that the prefilter never
 * changes a result.
 *
 * Anchors are compared with the tagger's match text (lower case, straight quotes), every whitespace
 * character counting as a space. A letter outside ASCII is never part of an anchor (under the `i` flag
 * it may match other letters than its lower case), so anchors hold only what they match exactly.
 */

import { CodeUnits } from './codes';
import { CLASS_AT, COUNT_AT, DELTA_AT, ENDS_AT, scanModule, SENTENCE_CLASS_AT, SENTENCE_STEP_AT } from './wasm';

// ---------------------------------------------------------------------------------------------------
// Required literals of a regular expression

type Node =
  | { kind: 'alt'; seqs: Node[][] }
  | { kind: 'chars'; chars: string[] | null; min: number; max: number }
  | { kind: 'group'; alt: Node; min: number; max: number }
  | { kind: 'zero'; wordBoundary: boolean };

/** A literal every match contains; `wordStart` / `wordEnd`: a `\b` stands right before / after it. */
export interface Anchor {
  text: string;
  wordStart: boolean;
  wordEnd: boolean;
}

class Unknown extends Error {}

const ESCAPED_LITERAL = new Set([...'.\\/?*+()[]{}|^$-\'"!,:;#&%@=<>~`']);
const MAX_SET = 64;
/** Selectivity of a set whose members are all at least three letters long and not frequent words. */
const GOOD_SELECTIVITY = 1500;

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  alt(): Node {
    const seqs: Node[][] = [];
    for (;;) {
      const seq: Node[] = [];
      while (this.pos < this.s.length && this.s[this.pos] !== '|' && this.s[this.pos] !== ')') seq.push(this.item());
      seqs.push(seq);
      if (this.s[this.pos] === '|') {
        this.pos++;
        continue;
      }
      return { kind: 'alt', seqs };
    }
  }

  private item(): Node {
    const s = this.s;
    const c = s[this.pos]!;
    if (c === '^' || c === '$') {
      this.pos++;
      return { kind: 'zero', wordBoundary: false };
    }
    if (c === '(') {
      const kind = s.slice(this.pos + 1, this.pos + 4);
      if (kind.startsWith('?=') || kind.startsWith('?!') || kind === '?<=' || kind === '?<!') {
        this.pos += kind.startsWith('?<') ? 4 : 3;
        this.alt();
        if (s[this.pos] !== ')') throw new Unknown();
        this.pos++;
        this.quantifier();
        return { kind: 'zero', wordBoundary: false };
      }
      this.pos++;
      if (s[this.pos] === '?') {
        if (s[this.pos + 1] === ':') this.pos += 2;
        else if (s[this.pos + 1] === '<') {
          const end = s.indexOf('>', this.pos);
          if (end < 0) throw new Unknown();
          this.pos = end + 1;
        } else throw new Unknown();
      }
      const alt = this.alt();
      if (s[this.pos] !== ')') throw new Unknown();
      this.pos++;
      const [min, max] = this.quantifier();
      return { kind: 'group', alt, min, max };
    }
    let chars: string[] | null;
    if (c === '[') chars = this.charClass();
    else if (c === '\\') {
      const e = s[this.pos + 1];
      if (e === undefined) throw new Unknown();
      this.pos += 2;
      if (e === 'b' || e === 'B') return { kind: 'zero', wordBoundary: e === 'b' };
      if (ESCAPED_LITERAL.has(e)) chars = [e];
      else if (e === 's') chars = [' '];
      else if (e === 'u' || e === 'x' || e === 'c' || e === 'k' || (e >= '1' && e <= '9')) throw new Unknown();
      else chars = null;
    } else if ('*+?{'.includes(c)) throw new Unknown();
    else {
      this.pos++;
      chars = c === '.' ? null : [c];
    }
    const [min, max] = this.quantifier();
    // A letter outside ASCII may match other letters than its lower case under the `i` flag (σ also
    // matches ς, in a text where "Σ" lower-cased to the final form): read it as "any character".
    if (chars !== null && !chars.every(caseSafe)) chars = null;
    return { kind: 'chars', chars: chars && [...new Set(chars.map((x) => x.toLowerCase()))], min, max };
  }

  private charClass(): string[] | null {
    const s = this.s;
    let j = this.pos + 1;
    const chars: string[] = [];
    let simple = s[j] !== '^';
    while (j < s.length && s[j] !== ']') {
      if (s[j] === '\\') {
        const e = s[j + 1];
        if (e === undefined) throw new Unknown();
        if (ESCAPED_LITERAL.has(e)) chars.push(e);
        else if (e === 's') chars.push(' ');
        else simple = false;
        j += 2;
        continue;
      }
      if (s[j + 1] === '-' && s[j + 2] !== undefined && s[j + 2] !== ']') {
        simple = false;
        j += 3;
        continue;
      }
      chars.push(s[j]!);
      j++;
    }
    if (j >= s.length) throw new Unknown();
    this.pos = j + 1;
    return simple && chars.length > 0 && chars.length <= 8 ? chars : null;
  }

  private quantifier(): [number, number] {
    const s = this.s;
    const c = s[this.pos];
    let q: [number, number] = [1, 1];
    if (c === '?') q = [0, 1];
    else if (c === '*') q = [0, Infinity];
    else if (c === '+') q = [1, Infinity];
    else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(s.slice(this.pos));
      if (!m) return q;
      this.pos += m[0].length;
      if (s[this.pos] === '?') this.pos++;
      const min = Number(m[1]);
      return [min, m[2] ? (m[3] ? Number(m[3]) : Infinity) : min];
    } else return q;
    this.pos++;
    if (s[this.pos] === '?') this.pos++;
    return q;
  }
}

/** The most frequent English words: an anchor made of one of them is found in almost every step. */
const VERY_COMMON = new Set(
  "a an the i me my we us our you it its it's is are was were be am and or but so if as at by in of on to for with from not no do does did can will this that these those there then than have has had let let's i'm i'll".split(
    ' ',
  ),
);
/** Frequent words: better than the above, worse than a rare word. */
const COMMON = new Set(
  'other another back over first need must should would could way more most each every up down out now here what which who how when where why just also only very all any some one two been being into about next get make go try same'.split(' '),
);

/**
 * How selective a set of anchors is: its least selective member decides. What counts is how often the
 * text occurs as a substring (every occurrence costs a little in the scan), so short texts and frequent
 * words score low whatever their word boundaries; boundaries only break ties.
 */
function selectivity(set: readonly Anchor[]): number {
  let worst = Infinity;
  for (const a of set) {
    const bounds = (a.wordStart ? 0.1 : 0) + (a.wordEnd ? 0.1 : 0);
    worst = Math.min(worst, textScore(a.text.trim()) + bounds);
  }
  return worst * 1000 - set.length;
}

/**
 * Whether a pattern character, lower-cased, is exactly what it matches in the (lower-cased) match text
 * under the `i` flag: ASCII, or a character without case (digits, punctuation, ×, ✓).
 */
function caseSafe(c: string): boolean {
  if (c.length !== 1) return false;
  if (c.charCodeAt(0) < 0x80) return true;
  return c.toLowerCase() === c && c.toUpperCase() === c;
}

/** Punctuation found in most sentences of prose. */
const PROSE_PUNCTUATION = new Set([...'.,;:\'"()-']);

/** Whether a text holds a symbol other than prose punctuation ("?", "=", "✓", "*"): few sentences have one. */
function hasRareSymbol(text: string): boolean {
  for (const c of text) if (!/[a-z0-9_\s]/.test(c) && !PROSE_PUNCTUATION.has(c)) return true;
  return false;
}

/**
 * How rare a word is, roughly: frequent words and short fragments score low, numbers and long words high.
 * A short fragment with a symbol other than prose punctuation ("?", "=", "a*") is rare too.
 */
function wordScore(word: string): number {
  if (word.length <= 2 && hasRareSymbol(word)) return 4;
  if (/^\d+$/.test(word)) return Math.min(word.length + 1, 8);
  if (word.length <= 2 || !/[a-z0-9]/.test(word)) return 0.3;
  if (VERY_COMMON.has(word)) return 1;
  if (COMMON.has(word)) return 2;
  return Math.min(word.length, 8);
}

/** A phrase is about as rare as its rarest word, a little rarer for each further word. */
function textScore(text: string): number {
  const words = text.split(' ').filter((w) => w.length > 0);
  if (words.length <= 1) return wordScore(text);
  let best = 0;
  for (const w of words) best = Math.max(best, VERY_COMMON.has(w) || w.length <= 2 ? 1 : wordScore(w));
  return Math.min(best + 0.5 * (words.length - 1), 8);
}

/** Anchors one of which every match of the node contains (null: unknown). */
function required(node: Node, before: boolean, after: boolean): Anchor[] | null {
  if (node.kind !== 'alt') return null;
  const all: Anchor[] = [];
  for (const seq of node.seqs) {
    const r = requiredSeq(seq, before, after);
    if (!r) return null;
    all.push(...r);
  }
  const seen = new Map<string, Anchor>();
  for (const a of all) seen.set(`${a.text}\u0000${a.wordStart}\u0000${a.wordEnd}`, a);
  const set = [...seen.values()];
  return set.length > 0 && set.length <= MAX_SET * 4 ? set : null;
}

function requiredSeq(seq: readonly Node[], before: boolean, after: boolean): Anchor[] | null {
  const all = requiredSets(seq, before, after);
  return all.length ? all[0]! : null;
}

/** Every anchor set of a sequence (each is required), the most selective first. */
function requiredSets(seq: readonly Node[], before: boolean, after: boolean): Anchor[][] {
  const candidates: Anchor[][] = [];
  let run: string[] = [''];
  let runStart = before; // a \b stands right before the current run
  let boundary = before; // a \b was the last thing seen
  const endRun = (wordEnd: boolean) => {
    const texts = run.filter((x) => x.trim().length > 0);
    if (texts.length === run.length && texts.length > 0) candidates.push(texts.map((text) => ({ text, wordStart: runStart, wordEnd })));
    run = [''];
  };
  const isSpace = (n: Node | undefined) => n?.kind === 'chars' && n.chars !== null && n.min >= 1 && n.chars.every((c) => c === ' ');
  const boundaryAfter = (i: number) => {
    const next = seq[i + 1];
    if (next === undefined) return after;
    return (next.kind === 'zero' && next.wordBoundary) || isSpace(next);
  };
  seq.forEach((n, i) => {
    const last = i === seq.length - 1;
    if (n.kind === 'zero') {
      if (n.wordBoundary) {
        if (run[0] !== '' || run.length > 1) endRun(true);
        boundary = true;
        runStart = true;
      }
      return;
    }
    const startsHere = run.length === 1 && run[0] === '';
    if (startsHere) runStart = boundary;
    boundary = false;
    if (n.kind === 'chars') {
      if (n.chars !== null && n.min === 0 && n.max === 1 && run.length * (n.chars.length + 1) <= MAX_SET) {
        // An optional character ("re-?read"): the run goes on, with and without it.
        const grown: string[] = [];
        for (const r of run) {
          grown.push(r);
          for (const c of n.chars) grown.push(r + c);
        }
        run = grown;
        return;
      }
      if (n.chars === null || n.min === 0) {
        endRun(false);
        return;
      }
      const grown: string[] = [];
      for (const r of run) for (const c of n.chars) grown.push(r + c);
      if (grown.length > MAX_SET) {
        endRun(false);
        return;
      }
      run = grown;
      if (n.max > 1 || n.min > 1) {
        endRun(false);
        // After whitespace in the match, what follows starts a word (as far as \b goes).
        if (isSpace(n)) boundary = true;
      }
      return;
    }
    if (n.kind !== 'group') return;
    const afterSpace = !startsHere && run.length > 0 && run.every((r) => r.endsWith(' '));
    endRun(false);
    if (n.min === 0) return;
    const r = required(n.alt, (startsHere && runStart) || afterSpace, n.max === 1 && (last ? after : boundaryAfter(i)));
    if (r) candidates.push(r);
  });
  endRun(after);
  return candidates.map((c) => ({ c, s: selectivity(c) })).sort((x, y) => y.s - x.s).map((x) => x.c);
}


/**
 * Whether an anchor set is worth looking for only to rule out a whole step (see `requiredAnchorSets`):
 * not when a member is a word of one or two letters, or prose punctuation, which nearly every step holds.
 */
function worthForSteps(set: readonly Anchor[]): boolean {
  return set.every((a) => {
    const text = a.text.trim();
    return text.length >= 3 || hasRareSymbol(text);
  });
}

/**
 * The anchors of the regular expression `source` in disjunctive form: every match satisfies one of the
 * returned alternatives, and an alternative is satisfied when the text contains an anchor of each of its
 * sets (up to three sets per alternative, the most selective first). Null when some alternative has no
 * anchor at all.
 *
 * With `wholeSteps` (a cue whose expression runs on whole steps: one search costs a lot), an alternative
 * also gets every further set that is not found nearly everywhere (see `worthForSteps`), up to `maxSets`.
 */
export function requiredAnchorSets(source: string, maxSets = 3, maxAlternatives = 10, wholeSteps = false): Anchor[][][] | null {
  try {
    const p = new Parser(source);
    const tree = p.alt();
    if (p.pos !== source.length || tree.kind !== 'alt') return null;
    if (tree.seqs.length > maxAlternatives) {
      const one = required(tree, false, false);
      return one ? [[one]] : null;
    }
    const out: Anchor[][][] = [];
    for (const seq of tree.seqs) {
      const sets = requiredSets(seq, false, false).filter((x) => x.length <= MAX_SET * 4);
      if (sets.length === 0) return null;
      // The most selective set always; further ones only when they are selective too (a set of common
      // words would be found everywhere and only cost time).
      if (wholeSteps) out.push(sets.filter((x, i) => i === 0 || worthForSteps(x)).slice(0, maxSets));
      else out.push(sets.slice(0, maxSets).filter((x, i) => i === 0 || selectivity(x) >= GOOD_SELECTIVITY));
    }
    return out;
  } catch (e) {
    if (e instanceof Unknown) return null;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------
// Aho–Corasick over all anchors

/** Sentence boundaries [start, b1, ..., end] of a step: `at[0]` to `at[count - 1]` (reused from step to step). */
export class SentenceBounds {
  at = new Int32Array(64);
  count = 0;

  push(b: number): void {
    if (this.count === this.at.length) {
      const grown = new Int32Array(2 * this.count);
      grown.set(this.at);
      this.at = grown;
    }
    this.at[this.count++] = b;
  }

  /** Set the boundaries to `count` values of `from` starting at `start`. */
  copyFrom(from: Int32Array, start: number, count: number): void {
    if (this.at.length < count) this.at = new Int32Array(Math.max(2 * this.at.length, count));
    this.at.set(from.subarray(start, start + count));
    this.count = count;
  }
}

/** A matcher's WebAssembly scan (see wasm.ts): its memory, the regions in it, and views of them. */
interface WasmScan {
  memory: WebAssembly.Memory;
  scan: (text: number, start: number, end: number, hits: number, cap: number, bounds: number, alphabet: number) => number;
  /** Code units the regions have room for. */
  capacity: number;
  /** Entries per row of the transitions (see wasm.ts DELTA_AT). */
  rowSize: number;
  textAt: number;
  hitsAt: number;
  boundsAt: number;
  text: Uint16Array;
  bytes: Buffer;
  ints: Int32Array;
}

/**
 * Sentence boundaries as a state machine over character classes, for `AnchorMatcher.scanSentences`.
 * Classes: 0 other, 1 line break, 2 "." "!" "?", 3 space or tab. States (times 4): 0 in a sentence, 4
 * right after ".", "!" or "?", 8 in the spaces after one. `SENTENCE_STEP[state + class]` is the next
 * state, plus 16 when a sentence starts at this character (it ends the spaces after ".", "!", "?") and
 * 32 when one starts after it (a line break).
 */
const SENTENCE_CLASS = (() => {
  const k = new Uint8Array(65536);
  k[0x0a] = 1;
  k[0x2e] = 2;
  k[0x21] = 2;
  k[0x3f] = 2;
  k[0x20] = 3;
  k[0x09] = 3;
  return k;
})();
const SENTENCE_STEP = (() => {
  const t = new Uint8Array(12);
  for (let s = 0; s < 3; s++) {
    for (let c = 0; c < 4; c++) {
      const next = c === 2 ? 1 : c === 3 && s >= 1 ? 2 : 0;
      const startsHere = s === 2 && c !== 3 ? 16 : 0;
      const startsAfter = c === 1 ? 32 : 0;
      t[s * 4 + c] = next * 4 + startsHere + startsAfter;
    }
  }
  return t;
})();

/**
 * A multi-pattern matcher over lower-case text (given as its code units: see codes.ts); `scan` reports
 * (position after the match, state), `idsOf(state)` the ids of the patterns ending there.
 */
export class AnchorMatcher {
  /**
   * Character classes: every character of an anchor has its own class, whitespace is the class of the
   * space, every other character is class 0. A small alphabet keeps the transition table small.
   */
  private readonly classOf = new Uint8Array(65536);
  private readonly alphabet: number;
  /**
   * Transitions: `delta[row + class]`, where a state's `row` is its number times the alphabet size, is
   * the next state's row times 2, plus 1 when some anchor ends there: one look-up per character, with
   * no multiplication and no second table for "does an anchor end here". States are numbered breadth
   * first, so the rows a scan spends nearly all its time in (the root's and the shallow states') lie
   * together at the start of the table.
   */
  private readonly delta: Int32Array;
  /** For each state, the ids of the anchors ending there (following failure links), or null. */
  private readonly outputs: Array<Int32Array | null>;

  constructor(patterns: readonly string[]) {
    let next = 1;
    for (const p of patterns) {
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        if (this.classOf[c] === 0) {
          if (next > 255) throw new Error('too many distinct characters in cue anchors');
          this.classOf[c] = next++;
        }
      }
    }
    // Whitespace is a space.
    const space = this.classOf[0x20]!;
    for (const ws of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]) this.classOf[ws] = space;
    // A capital is its small letter (the tagger may scan the text itself, see tagger.ts plainText).
    for (let c = 0x41; c <= 0x5a; c++) this.classOf[c] = this.classOf[c + 0x20]!;
    this.alphabet = next;
    const goto: Array<Map<number, number>> = [new Map<number, number>()];
    const out: number[][] = [[]];
    patterns.forEach((p, id) => {
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const k = this.classOf[p.charCodeAt(i)]!;
        let t = goto[s]!.get(k);
        if (t === undefined) {
          t = goto.length;
          goto.push(new Map<number, number>());
          out.push([]);
          goto[s]!.set(k, t);
        }
        s = t;
      }
      out[s]!.push(id);
    });
    const n = goto.length;
    const A = this.alphabet;
    if (n * A * 2 >= 0x7fffffff) throw new Error('too many cue anchors');
    const delta = new Int32Array(n * A);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let k = 0; k < A; k++) {
      const t = goto[0]!.get(k);
      if (t !== undefined) {
        delta[k] = t;
        fail[t] = 0;
        queue.push(t);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      out[s]!.push(...out[fail[s]!]!);
      for (let k = 0; k < A; k++) {
        const t = goto[s]!.get(k);
        if (t !== undefined) {
          fail[t] = delta[fail[s]! * A + k]!;
          delta[s * A + k] = t;
          queue.push(t);
        } else delta[s * A + k] = delta[fail[s]! * A + k]!;
      }
    }
    // Renumber the states breadth first (the order of the queue), the root staying 0.
    const number = new Int32Array(n);
    queue.forEach((s, i) => (number[s] = i + 1));
    this.delta = new Int32Array(n * A);
    this.outputs = new Array<Int32Array | null>(n).fill(null);
    for (let s = 0; s < n; s++) {
      const row = number[s]! * A;
      for (let k = 0; k < A; k++) {
        const t = delta[s * A + k]!;
        this.delta[row + k] = number[t]! * A * 2 + (out[t]!.length > 0 ? 1 : 0);
      }
      const o = out[s]!;
      if (o.length) this.outputs[number[s]!] = Int32Array.from(new Set(o));
    }
  }

  /** The WebAssembly scan, made on the first `load` (null: WebAssembly is not available here). */
  private wasm: WasmScan | null | undefined;
  /** Where `load` puts the code units without WebAssembly. */
  private readonly units = new CodeUnits();

  /**
   * The code units of `text`, where `scanSentences` reads them fastest (its WebAssembly memory), as
   * `CodeUnits.load` gives them (a 0 after the end). Valid until the next `load`.
   */
  load(text: string): Uint16Array {
    if (this.wasm === undefined) this.wasm = this.makeWasm(Math.max(65536, text.length + 1));
    const w = this.wasm;
    if (!w) return this.units.load(text);
    if (text.length + 1 > w.capacity) this.grow(w, Math.max(2 * w.capacity, text.length + 1));
    w.bytes.write(text, w.textAt, 2 * text.length, 'utf16le');
    w.text[text.length] = 0;
    return w.text;
  }

  /** Whether `load` and `scanSentences` use WebAssembly (after the first `load`). */
  get usesWasm(): boolean {
    return this.wasm !== null && this.wasm !== undefined;
  }

  private makeWasm(capacity: number): WasmScan | null {
    // Rows of a multiple of 4 entries, each entry a next row divided by 4 in 16 bits (see wasm.ts DELTA_AT).
    const row = 4 * Math.ceil(this.alphabet / 4);
    const states = this.outputs.length;
    if ((states * row) / 4 >= 65536) return null;
    const module = typeof Buffer === 'undefined' || new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1 ? null : scanModule();
    if (!module) return null;
    try {
      const memory = new WebAssembly.Memory({ initial: 1 });
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      const w: WasmScan = {
        memory,
        scan: instance.exports['scan'] as WasmScan['scan'],
        capacity: 0,
        rowSize: 0,
        textAt: 0,
        hitsAt: 0,
        boundsAt: 0,
        text: new Uint16Array(0),
        bytes: Buffer.alloc(0),
        ints: new Int32Array(0),
      };
      w.rowSize = row;
      this.grow(w, capacity);
      const bytes = new Uint8Array(memory.buffer);
      bytes.set(this.classOf, CLASS_AT);
      bytes.set(SENTENCE_CLASS, SENTENCE_CLASS_AT);
      bytes.set(SENTENCE_STEP, SENTENCE_STEP_AT);
      const A = this.alphabet;
      const delta = new Uint16Array(memory.buffer, DELTA_AT, states * row);
      for (let s = 0; s < states; s++) {
        for (let k = 0; k < A; k++) {
          const d = this.delta[s * A + k]!;
          const next = (d >> 1) / A;
          delta[s * row + k] = (next * row) / 4;
          if ((d & 1) !== 0) bytes[ENDS_AT + (next * row) / 4] = 1;
        }
      }
      return w;
    } catch {
      return null;
    }
  }

  /** Make room for `capacity` code units (and the hits and boundaries of a stretch that long). */
  private grow(w: WasmScan, capacity: number): void {
    const textAt = DELTA_AT + 4 * Math.ceil((2 * this.outputs.length * w.rowSize) / 4);
    const hitsAt = textAt + 4 * Math.ceil((2 * capacity) / 4);
    const boundsAt = hitsAt + 4 * (2 * capacity + 2);
    const total = boundsAt + 4 * (capacity + 2);
    const pages = Math.ceil(total / 65536) - w.memory.buffer.byteLength / 65536;
    if (pages > 0) w.memory.grow(pages);
    const buffer = w.memory.buffer;
    w.capacity = capacity;
    w.textAt = textAt;
    w.hitsAt = hitsAt;
    w.boundsAt = boundsAt;
    w.text = new Uint16Array(buffer, textAt, capacity);
    w.bytes = Buffer.from(buffer);
    w.ints = new Int32Array(buffer);
  }

  /** The number of states (`scan` reports states in [0, states)). */
  get states(): number {
    return this.outputs.length;
  }

  /** The anchor ids ending in a state (see `scan`); empty when none. */
  idsOf(state: number): Int32Array {
    return this.outputs[state] ?? new Int32Array(0);
  }

  /**
   * `scan`, also finding the step's sentence boundaries in the same pass (one loop over the characters
   * instead of two): sets `bounds` to [start, b1, ..., end] exactly as the tagger's `sentenceBounds`
   * would (a sentence ends after a line break, or after ".", "!" or "?" and the spaces and tabs after it;
   * boundaries at or past `end` are left out). Returns the number of pairs written into `hits`.
   */
  scanSentences(text: Uint16Array, start: number, end: number, hits: Int32Array, bounds: SentenceBounds): number {
    const w = this.wasm;
    if (w && text === w.text) {
      // The same loop, compiled (see wasm.ts).
      const n = w.scan(w.textAt, start, end, w.hitsAt, hits.length - 1, w.boundsAt, w.rowSize);
      hits.set(w.ints.subarray(w.hitsAt >> 2, (w.hitsAt >> 2) + n));
      bounds.copyFrom(w.ints, w.boundsAt >> 2, w.ints[COUNT_AT >> 2]!);
      return n;
    }
    return this.scanSentencesJs(text, start, end, hits, bounds);
  }

  /** `scanSentences` in JavaScript (where WebAssembly is missing, and for texts not given by `load`). */
  scanSentencesJs(text: Uint16Array, start: number, end: number, hits: Int32Array, bounds: SentenceBounds): number {
    const A = this.alphabet;
    const delta = this.delta;
    const classOf = this.classOf;
    const cap = hits.length - 1;
    let n = 0;
    let row = 0;
    let state = 0;
    bounds.count = 0;
    bounds.push(start);
    for (let i = start; i < end; i++) {
      const c = text[i]!;
      const d = delta[row + classOf[c]!]!;
      const b = SENTENCE_STEP[state + SENTENCE_CLASS[c]!]!;
      row = d >> 1;
      state = b & 12;
      if ((d & 1) !== 0 && n < cap) {
        hits[n++] = i + 1;
        hits[n++] = row / A;
      }
      if (b >= 16) {
        // A sentence starts here (after ".", "!" or "?" and spaces), and/or after this line break.
        if ((b & 16) !== 0) bounds.push(i);
        if ((b & 32) !== 0 && i + 1 < end) bounds.push(i + 1);
      }
    }
    bounds.push(end);
    return n;
  }

  /**
   * Find anchor occurrences in text[start, end), given as its UTF-16 code units (see codes.ts): writes
   * pairs (position after the occurrence, state) into `hits` and returns the number of pairs (stopping
   * when `hits` is full). `idsOf(state)` gives the ids.
   */
  scan(text: Uint16Array, start: number, end: number, hits: Int32Array): number {
    const A = this.alphabet;
    const delta = this.delta;
    const classOf = this.classOf;
    const cap = hits.length - 1;
    let n = 0;
    let row = 0;
    for (let i = start; i < end; i++) {
      const d = delta[row + classOf[text[i]!]!]!;
      row = d >> 1;
      if ((d & 1) !== 0 && n < cap) {
        hits[n++] = i + 1;
        hits[n++] = row / A;
      }
    }
    return n;
  }
}
