/**
 * Per-trace statistics (steps, size, tags, first reflection, backtracks, reflection density, whether the
 * final answer was revised) and dataset-level statistics over a reader's index (distributions per task
 * and per difficulty). Every output has a zod schema.
 *
 * Units: `chars` are code points (Python's `len`); `approxTokens` is a word-piece estimate, not a real
 * tokenizer: each run of letters counts 1 token per started 7 letters (so most words are one token),
 * each digit 1 (the Qwen / DeepSeek-R1 tokenizers split numbers into digits), each other symbol 1, each
 * CJK character 1, each astral character (emoji) 2, each run of line breaks 1, spaces 0.
 */
import { z } from 'zod';
import { distribution, Distribution } from '../stats';
import { REFLECTION_TAGS, TAGS, type Tag } from './cueSchema';
import { changedUnits, CodeUnits } from './codes';
import { codePointLength } from './offsets';
import { SPLIT_MODES, type TraceSplit } from './split';
import type { TaggedStep } from './tagger';

const TagCounts = z.object({
  verification: z.number().int(),
  backtracking: z.number().int(),
  subgoal: z.number().int(),
  backward_chaining: z.number().int(),
  correction: z.number().int(),
});
export type TagCounts = z.infer<typeof TagCounts>;

export const TraceStats = z.object({
  /** How the response was split (see split.ts): `unclosed` means the thinking was cut off. */
  split: z.enum(SPLIT_MODES),
  steps: z.number().int(),
  /** Code points of the whole response, of the thinking (all blocks) and of the final answer. */
  chars: z.number().int(),
  thinkChars: z.number().int(),
  answerChars: z.number().int(),
  /** Word-piece estimate of the response's tokens (see the module comment), and of the thinking's. */
  approxTokens: z.number().int(),
  thinkTokens: z.number().int(),
  /** Steps carrying each tag. */
  tags: TagCounts,
  /** Steps with at least one reflection tag (verification, backtracking, correction). */
  reflectiveSteps: z.number().int(),
  /** The first reflective step: its index and its relative position (index / (steps - 1); 0 for one step). */
  firstReflection: z.object({ step: z.number().int(), relative: z.number() }).nullable(),
  /** Steps tagged backtracking. */
  backtracks: z.number().int(),
  /** reflectiveSteps / steps (0 without steps). */
  reflectionDensity: z.number(),
  /** Distinct final answers stated in the trace ("the answer is ...", `\boxed{}`), the final one included. */
  answerCandidates: z.number().int(),
  /** Whether the trace stated a different answer before settling on its final one. */
  answerRevised: z.boolean(),
});
export type TraceStats = z.infer<typeof TraceStats>;

/** Character kinds for the token estimate: 0 space, 1 letter, 2 line break, 3 other, 4 high surrogate. */
const KIND = (() => {
  const k = new Uint8Array(65536).fill(3);
  const letters = (a: number, b: number) => k.fill(1, a, b + 1);
  letters(0x41, 0x5a);
  letters(0x61, 0x7a);
  letters(0xc0, 0x24f);
  letters(0x370, 0x52f);
  k[0xd7] = 3; // ×
  k[0xf7] = 3; // ÷
  k[0x20] = 0;
  k[0x09] = 0;
  k[0x0a] = 2;
  k[0x0d] = 2;
  k.fill(4, 0xd800, 0xdbff + 1);
  return k;
})();

/**
 * `KIND` with 8 added for the units the tagger's match text changes (see codes.ts changedUnits): the
 * token count then also learns whether a text is plain for the tagger, from the same look-up. Built on
 * first use.
 */
let kindsAndChanges: Uint8Array | null = null;

function kindTableWithChanges(): Uint8Array {
  if (!kindsAndChanges) {
    const changed = changedUnits();
    kindsAndChanges = KIND.map((k, c) => k | (changed[c]! << 3));
  }
  return kindsAndChanges;
}

/**
 * The token estimate as a state machine (no data-dependent branches in the loop): states 0 (after a
 * space or symbol), 1..7 (inside a run of letters, its length mod 7, 7 for 0), 8 (after a line break)
 * and 9 (right after a high surrogate: the next unit belongs to the astral character and is skipped).
 * `TOKEN_STEP[state * 16 + kind]` is the next state times 16 plus 256 times the tokens it adds: a run of
 * letters adds one at its 1st, 8th, 15th... letter, so ceil(length / 7) in all. Kinds 8 to 12 (a unit
 * the match text changes, see `kindTableWithChanges`) step as kinds 0 to 4.
 */
const TOKEN_STEP = (() => {
  const t = new Uint16Array(10 * 16);
  const set = (s: number, kind: number, next: number, inc: number) => {
    t[s * 16 + kind] = next * 16 + inc * 256;
    t[s * 16 + kind + 8] = next * 16 + inc * 256;
  };
  for (let s = 0; s <= 8; s++) {
    set(s, 0, 0, 0);
    set(s, 1, s >= 1 && s <= 6 ? s + 1 : 1, s >= 1 && s <= 6 ? 0 : 1);
    set(s, 2, 8, s === 8 ? 0 : 1);
    set(s, 3, 0, 1);
    set(s, 4, 9, 2);
  }
  // After a high surrogate, whatever comes next is skipped (it is the astral character's second half).
  for (let kind = 0; kind <= 4; kind++) set(9, kind, 0, 0);
  return t;
})();

/**
 * Two steps of `TOKEN_STEP` at once, for two characters: `PAIR_STEP[state * 256 + (kind1 << 4 | kind2)]`
 * is the state after both times 256 (the row of the next pair) plus 4096 times the tokens both add. Half
 * as many look-ups wait on one another.
 */
const PAIR_STEP = (() => {
  const t = new Uint16Array(10 * 256);
  for (let s = 0; s <= 9; s++) {
    for (let k1 = 0; k1 < 16; k1++) {
      for (let k2 = 0; k2 < 16; k2++) {
        if ((k1 & 7) > 4 || (k2 & 7) > 4) continue;
        const first = TOKEN_STEP[s * 16 + k1]!;
        const mid = (first & 255) / 16;
        const second = TOKEN_STEP[mid * 16 + k2]!;
        const next = (second & 255) / 16;
        t[s * 256 + (k1 << 4) + k2] = next * 256 + ((first >> 8) + (second >> 8)) * 4096;
      }
    }
  }
  return t;
})();

/**
 * Whether the last `countTokens` call met a high surrogate (an astral character): without any, code
 * points are UTF-16 units. And whether it met a unit the tagger's match text changes (see codes.ts
 * changedUnits), when its kind table says so (`kindTableWithChanges`).
 */
let metSurrogate = false;
let metChanged = false;

/**
 * `approxTokens` over code units (see codes.ts), also setting `metSurrogate` and `metChanged`; `kinds`
 * is `KIND` or `kindTableWithChanges()`.
 */
function countTokens(text: Uint16Array, start: number, end: number, kinds: Uint8Array = KIND): number {
  // Two halves at once, split after a space or tab near the middle: the state after one is 0 whatever
  // came before, so the halves add up exactly, and the two chains of look-ups overlap in the processor
  // (each step of one waits for its previous step, not for the other's).
  let mid = (start + end) >>> 1;
  const stop = Math.min(end, mid + 64);
  while (mid < stop && kinds[text[mid]!] !== 0) mid++;
  if (end - start < 256 || mid >= stop) return countRun(text, start, end, kinds);
  let nA = 0;
  let nB = 0;
  const lenA = mid + 1 - start;
  const lenB = end - mid - 1;
  const both = Math.min(lenA, lenB) >> 1;
  let a = start;
  let b = mid + 1;
  // Two characters per step of each half (PAIR_STEP rows are 256 apart: states times 256).
  let pairs = 0;
  let rowA = 0;
  let rowB = 0;
  for (let k = 0; k < both; k++, a += 2, b += 2) {
    const pairA = (kinds[text[a]!]! << 4) | kinds[text[a + 1]!]!;
    const pairB = (kinds[text[b]!]! << 4) | kinds[text[b + 1]!]!;
    const stepA = PAIR_STEP[rowA + pairA]!;
    const stepB = PAIR_STEP[rowB + pairB]!;
    pairs |= pairA | pairB;
    rowA = stepA & 0xf00;
    nA += stepA >> 12;
    rowB = stepB & 0xf00;
    nB += stepB >> 12;
  }
  let seen = (pairs >> 4) | (pairs & 15);
  // Back to single steps (TOKEN_STEP rows are 16 apart).
  let sA = rowA >> 4;
  let sB = rowB >> 4;
  for (; a <= mid; a++) {
    const kind = kinds[text[a]!]!;
    const step = TOKEN_STEP[sA + kind]!;
    seen |= kind;
    sA = step & 255;
    nA += step >> 8;
  }
  for (; b < end; b++) {
    const kind = kinds[text[b]!]!;
    const step = TOKEN_STEP[sB + kind]!;
    seen |= kind;
    sB = step & 255;
    nB += step >> 8;
  }
  // Kind 4 (a high surrogate, 12 with the change bit) is the only kind with bit 2.
  metSurrogate = (seen & 4) !== 0;
  metChanged = (seen & 8) !== 0;
  return nA + nB;
}

/** `countTokens` in one chain (short texts, or no space to split at). */
function countRun(text: Uint16Array, start: number, end: number, kinds: Uint8Array): number {
  let seen = 0;
  let n = 0;
  let s = 0;
  for (let i = start; i < end; i++) {
    const kind = kinds[text[i]!]!;
    const step = TOKEN_STEP[s + kind]!;
    seen |= kind;
    s = step & 255;
    n += step >> 8;
  }
  metSurrogate = (seen & 4) !== 0;
  metChanged = (seen & 8) !== 0;
  return n;
}

/** Word-piece token estimate of text[start, end) (see the module comment). */
export function approxTokens(text: string, start = 0, end = text.length): number {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return countTokens(textCodes.load(text.slice(from, to)), 0, to - from);
}

/** The code units of the text being measured (reused from call to call). */
const textCodes = new CodeUnits();

// Answer statements --------------------------------------------------------------------------------

/** Where an answer may be stated: cheap to find, then checked with ANSWER_AT. */
const ANSWER_HINT = /answer|\\boxed\{/gi;
const ANSWER_AT = /\\boxed\{|(?:the\s+)?final\s+answer\s*(?:is|:|would be|should be|will be)\s*|the\s+answer\s+(?:is|should be|would be|will be|must be)\s*:?\s*|answer\s*:\s*/iy;

/** The content of a `\boxed{...}` starting right after `{` at `i` (balanced braces). */
function boxedContent(text: string, i: number): string {
  let depth = 1;
  for (let k = i; k < text.length && k < i + 2000; k++) {
    const c = text[k];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(i, k);
  }
  return text.slice(i, Math.min(text.length, i + 200));
}

function normaliseAnswer(s: string): string {
  return s
    .replace(/\\boxed\{/g, '')
    .replace(/[*`$]|\\[()[\]]/g, '')
    .replace(/\\text\{([^}]*)\}/g, '$1')
    .replace(/[\s{}]+/g, '')
    .replace(/[.,;:!]+$/, '')
    .toLowerCase();
}

/**
 * Where ANSWER_HINT matches from `from` on, one after the other: with `hints` (every start of "answer"
 * and "\\boxed{", any case, ascending: the tagger's anchor matcher finds them), read from the list;
 * otherwise searched. `skipTo` moves past a stretch already read.
 */
class HintCursor {
  private at = 0;
  private next = 0;

  constructor(
    private readonly text: string,
    from: number,
    private readonly hints: readonly number[] | undefined,
  ) {
    this.next = from;
    if (hints) {
      let lo = 0;
      let hi = hints.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (hints[mid]! < from) lo = mid + 1;
        else hi = mid;
      }
      this.at = lo;
    } else ANSWER_HINT.lastIndex = from;
  }

  /** The next hint's start and length, or null. */
  take(): { index: number; boxed: boolean; length: number } | null {
    const hints = this.hints;
    if (!hints) {
      ANSWER_HINT.lastIndex = Math.max(ANSWER_HINT.lastIndex, this.next);
      const h = ANSWER_HINT.exec(this.text);
      if (!h) return null;
      this.next = h.index + h[0].length;
      return { index: h.index, boxed: h[0].startsWith('\\'), length: h[0].length };
    }
    while (this.at < hints.length && hints[this.at]! < this.next) this.at++;
    if (this.at >= hints.length) return null;
    const index = hints[this.at++]!;
    const boxed = this.text.charCodeAt(index) === 0x5c;
    const length = boxed ? 7 : 6;
    this.next = index + length;
    return { index, boxed, length };
  }

  skipTo(pos: number): void {
    this.next = Math.max(this.next, pos);
  }
}

/**
 * Answers stated in text[start, end), normalised, in order. `hints`: where "answer" and "\\boxed{"
 * start in text[start, end) (any case, ascending), when known; they are searched for otherwise.
 */
export function answerStatements(text: string, start: number, end: number, hints?: readonly number[]): string[] {
  const out: string[] = [];
  const cursor = new HintCursor(text, start, hints);
  let after = start;
  for (let h = cursor.take(); h !== null && h.index < end; h = cursor.take()) {
    // The statement may start a little before "answer" ("the final answer is"): try from the start of
    // the words before it, at a word boundary.
    let m: RegExpExecArray | null = null;
    const back = h.boxed ? 0 : 16;
    for (let at = Math.max(after, h.index - back); at <= h.index && !m; at++) {
      if (at > 0 && /\w/.test(text[at - 1]!) && /\w/.test(text[at]!)) continue;
      ANSWER_AT.lastIndex = at;
      m = ANSWER_AT.exec(text);
      if (m && m.index + m[0].length <= h.index) m = null;
    }
    if (!m) continue;
    const from = m.index + m[0].length;
    let value: string;
    let consumed = from;
    if (m[0].startsWith('\\boxed')) {
      value = boxedContent(text, from);
      consumed = from + value.length;
    } else {
      const rest = text.slice(from, Math.min(end, from + 300));
      const boxed = /^\s*\\boxed\{/.exec(rest);
      if (boxed) {
        value = boxedContent(text, from + boxed[0].length);
        consumed = from + boxed[0].length + value.length;
      } else value = /^[^\n]*?(?=\.\s|\.$|\n|$)/.exec(rest)?.[0] ?? '';
    }
    // A boxed value read as part of "the answer is \boxed{...}" is not read again.
    after = consumed;
    cursor.skipTo(consumed);
    const norm = normaliseAnswer(value);
    // Skip empty and long values, and prose about the answer ("the answer is that ...", "the answer is
    // the move list"): a phrase opening with an article or a pronoun and holding no digit, bracket or
    // box is not an answer value.
    const v = value.trim();
    const prose = /^(?:that|to|not|probably|likely|either|one|as follows|below|above|going|in|what|how|whether|which|where|when|clear|simple|easy)\b/i.test(v) || (/^(?:the|a|an|this|these|those|my|our|its|their)\b/i.test(v) && !/[\d[\](){}\\]/.test(v));
    if (norm.length > 0 && norm.length <= 200 && !prose) out.push(norm);
  }
  return out;
}

function revisedAnswer(text: string, split: TraceSplit, hints?: readonly number[]): { candidates: number; revised: boolean } {
  const stated: string[] = [];
  for (const b of split.think) stated.push(...answerStatements(text, b.start, b.end, hints));
  const inAnswer = answerStatements(text, split.answer.start, split.answer.end);
  let final = inAnswer[inAnswer.length - 1];
  if (final === undefined && split.answer.end - split.answer.start > 0 && split.answer.end - split.answer.start <= 200) {
    const short = normaliseAnswer(text.slice(split.answer.start, split.answer.end));
    if (short) final = short;
  }
  const all = final !== undefined ? [...stated, final] : stated;
  const distinct = new Set(all);
  const last = all[all.length - 1];
  return { candidates: distinct.size, revised: last !== undefined && all.some((a) => a !== last) };
}

// Per trace -------------------------------------------------------------------------------------------

function zeroCounts(): TagCounts {
  return { verification: 0, backtracking: 0, subgoal: 0, backward_chaining: 0, correction: 0 };
}

/** The token estimates of a response's parts (see `measureTokens`). */
export interface TokenParts {
  /** Tokens of the text before the first thinking block, of that block, of the text up to the next block, ..., of the text after the last. */
  parts: number[];
  /** Whether the text holds an astral character (then code points are not UTF-16 units). */
  astral: boolean;
  /** Whether the tagger's match text differs from the text other than in ASCII capitals (see codes.ts changedUnits). */
  changed: boolean;
}

/** The token estimates of the parts of a response, learning on the way whether it is plain for the tagger. */
export function measureTokens(text: string, split: TraceSplit): TokenParts {
  const units = textCodes.load(text);
  const changed = kindTableWithChanges();
  let astral = false;
  let any = false;
  const parts: number[] = [];
  let pos = 0;
  for (const b of split.think) {
    parts.push(countTokens(units, pos, b.start, changed));
    astral ||= metSurrogate;
    any ||= metChanged;
    parts.push(countTokens(units, b.start, b.end, changed));
    astral ||= metSurrogate;
    any ||= metChanged;
    pos = b.end;
  }
  parts.push(countTokens(units, pos, text.length, changed));
  astral ||= metSurrogate;
  any ||= metChanged;
  return { parts, astral, changed: any };
}

/**
 * The statistics of a tagged response. `tokens`: its token parts when already counted (see
 * `measureTokens`); `answerHints`: where "answer" and "\\boxed{" start in its thinking, when the tagger
 * found them (see tagger.ts tagStepsOf).
 */
export function traceStats(text: string, split: TraceSplit, steps: readonly TaggedStep[], tokens?: TokenParts, answerHints?: readonly number[]): TraceStats {
  const tags = zeroCounts();
  let reflective = 0;
  let first: { step: number; relative: number } | null = null;
  const n = steps.length;
  for (const s of steps) {
    for (const t of s.tags) tags[t]++;
    if (s.tags.some((t) => REFLECTION_TAGS.includes(t))) {
      reflective++;
      first ??= { step: s.index, relative: n > 1 ? Math.round((s.index / (n - 1)) * 1000) / 1000 : 0 };
    }
  }
  // Tokens of the parts between thinking blocks, and of each block (noting any astral character).
  const { parts, astral } = tokens ?? measureTokens(text, split);
  let pos = 0;
  // Without astral characters, code points are UTF-16 units.
  const cpLen = astral ? codePointLength : (_t: string, a: number, b: number) => b - a;
  let thinkChars = 0;
  let thinkTokens = 0;
  let approx = 0;
  let chars = 0;
  pos = 0;
  split.think.forEach((b, k) => {
    approx += parts[2 * k]!;
    chars += cpLen(text, pos, b.start);
    const bt = parts[2 * k + 1]!;
    const bc = cpLen(text, b.start, b.end);
    thinkTokens += bt;
    thinkChars += bc;
    approx += bt;
    chars += bc;
    pos = b.end;
  });
  approx += parts[parts.length - 1]!;
  chars += cpLen(text, pos, text.length);
  const answer = revisedAnswer(text, split, answerHints);
  return {
    split: split.mode,
    steps: n,
    chars,
    thinkChars,
    answerChars: cpLen(text, split.answer.start, split.answer.end),
    approxTokens: approx,
    thinkTokens,
    tags,
    reflectiveSteps: reflective,
    firstReflection: first,
    backtracks: tags.backtracking,
    reflectionDensity: n > 0 ? Math.round((reflective / n) * 1000) / 1000 : 0,
    answerCandidates: answer.candidates,
    answerRevised: answer.revised,
  };
}

// Over a dataset ------------------------------------------------------------------------------------

const TagShares = z.object({
  verification: z.number(),
  backtracking: z.number(),
  subgoal: z.number(),
  backward_chaining: z.number(),
  correction: z.number(),
});

export const TraceGroupStats = z.object({
  /** Samples with a response (analysed). */
  samples: z.number().int(),
  /** Samples of the group without a response (not analysed). */
  withoutResponse: z.number().int(),
  steps: Distribution.nullable(),
  approxTokens: Distribution.nullable(),
  thinkTokens: Distribution.nullable(),
  reflectionDensity: Distribution.nullable(),
  /** Relative position of the first reflective step, over samples that have one. */
  firstReflection: Distribution.nullable(),
  backtracks: Distribution.nullable(),
  /** Share of samples with at least one step carrying the tag (0..1). */
  samplesWithTag: TagShares,
  /** Steps carrying the tag, summed over the group's samples. */
  stepsWithTag: TagCounts,
  /** Samples with no reflective step at all. */
  withoutReflection: z.number().int(),
  answerRevised: z.number().int(),
  /** Thinking cut off (an opening tag without its closing tag). */
  unclosedThink: z.number().int(),
});
export type TraceGroupStats = z.infer<typeof TraceGroupStats>;

/** The dataset-level output (the stats view, `helix-curate tag` without --json). */
export const TraceDatasetStats = z.object({
  file: z.string(),
  /** The cue set the tags come from (`default`, or the --cues file). */
  cues: z.string(),
  samples: z.number().int(),
  analysed: z.number().int(),
  withoutResponse: z.number().int(),
  /** Rows that could not be read (see `badRows`). */
  bad: z.number().int(),
  badRows: z.array(z.object({ ordinal: z.number().int(), line: z.number().int().optional(), id: z.string(), error: z.string() })),
  overall: TraceGroupStats,
  /** Task (`(none)` when a row has none) -> statistics. */
  byTask: z.record(z.string(), TraceGroupStats),
  /** Difficulty (`(none)` when a row has none) -> statistics. */
  byDifficulty: z.record(z.string(), TraceGroupStats),
});
export type TraceDatasetStats = z.infer<typeof TraceDatasetStats>;

const NONE = '(none)';

class GroupAccumulator {
  samples = 0;
  withoutResponse = 0;
  steps: number[] = [];
  tokens: number[] = [];
  thinkTokens: number[] = [];
  density: number[] = [];
  first: number[] = [];
  backtracks: number[] = [];
  withTag = zeroCounts();
  stepsWithTag = zeroCounts();
  withoutReflection = 0;
  answerRevised = 0;
  unclosed = 0;

  add(s: TraceStats | null): void {
    if (!s) {
      this.withoutResponse++;
      return;
    }
    this.samples++;
    this.steps.push(s.steps);
    this.tokens.push(s.approxTokens);
    this.thinkTokens.push(s.thinkTokens);
    this.density.push(s.reflectionDensity);
    if (s.firstReflection) this.first.push(s.firstReflection.relative);
    else this.withoutReflection++;
    this.backtracks.push(s.backtracks);
    for (const t of TAGS) {
      if (s.tags[t] > 0) this.withTag[t]++;
      this.stepsWithTag[t] += s.tags[t];
    }
    if (s.answerRevised) this.answerRevised++;
    if (s.split === 'unclosed') this.unclosed++;
  }

  result(): TraceGroupStats {
    const share = (t: Tag) => (this.samples ? Math.round((this.withTag[t] / this.samples) * 1000) / 1000 : 0);
    return {
      samples: this.samples,
      withoutResponse: this.withoutResponse,
      steps: distribution(this.steps),
      approxTokens: distribution(this.tokens),
      thinkTokens: distribution(this.thinkTokens),
      reflectionDensity: distribution(this.density),
      firstReflection: distribution(this.first),
      backtracks: distribution(this.backtracks),
      samplesWithTag: { verification: share('verification'), backtracking: share('backtracking'), subgoal: share('subgoal'), backward_chaining: share('backward_chaining'), correction: share('correction') },
      stepsWithTag: { ...this.stepsWithTag },
      withoutReflection: this.withoutReflection,
      answerRevised: this.answerRevised,
      unclosedThink: this.unclosed,
    };
  }
}

export const MAX_BAD_ROWS = 1000;

/** Accumulates per-sample statistics into the dataset-level statistics, one sample at a time. */
export class TraceStatsAccumulator {
  private readonly overall = new GroupAccumulator();
  private readonly byTask = new Map<string, GroupAccumulator>();
  private readonly byDifficulty = new Map<string, GroupAccumulator>();
  private samples = 0;
  private bad = 0;
  private readonly badRows: TraceDatasetStats['badRows'] = [];

  constructor(
    private readonly file: string,
    private readonly cues: string,
  ) {}

  /** A sample: its task and difficulty (null: none) and its statistics (null: it has no response). */
  add(task: string | null, difficulty: string | null, stats: TraceStats | null): void {
    this.samples++;
    this.overall.add(stats);
    const t = task ?? NONE;
    const d = difficulty ?? NONE;
    let gt = this.byTask.get(t);
    if (!gt) this.byTask.set(t, (gt = new GroupAccumulator()));
    gt.add(stats);
    let gd = this.byDifficulty.get(d);
    if (!gd) this.byDifficulty.set(d, (gd = new GroupAccumulator()));
    gd.add(stats);
  }

  /** A row that could not be read. */
  addBad(row: { ordinal: number; line?: number; id: string; error: string }): void {
    this.samples++;
    this.bad++;
    if (this.badRows.length < MAX_BAD_ROWS) this.badRows.push(row);
  }

  result(): TraceDatasetStats {
    const rec = (m: Map<string, GroupAccumulator>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([k, v]) => [k, v.result()]));
    const overall = this.overall.result();
    return TraceDatasetStats.parse({
      file: this.file,
      cues: this.cues,
      samples: this.samples,
      analysed: overall.samples,
      withoutResponse: overall.withoutResponse,
      bad: this.bad,
      badRows: this.badRows,
      overall,
      byTask: rec(this.byTask),
      byDifficulty: rec(this.byDifficulty),
    });
  }
}
