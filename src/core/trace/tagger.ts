/**
 * The rule-based, explainable reflection tagger. For every step it finds the cues of a `CueSet` that
 * match, drops those inside quotes and those cancelled by a negation earlier in the same clause ("no need
 * to double-check", "I won't backtrack"), applies the position and previous-step conditions, and adds up
 * the weights per tag (each group of cues counts once, with its largest weight; negative weights
 * suppress). A tag is given when its sum reaches the tag's threshold; the cues that made it are kept with
 * their spans, so a viewer can highlight them and say why.
 *
 * Spans are UTF-16 offsets into the original response text.
 */
import { SentenceBounds } from './anchors';
import { changedUnits } from './codes';
import { ANSWER_WORD, CONDITIONAL_WORD, NEGATION_WORD, type CompiledCue, type CueSet } from './cues';
import { TAGS, type Tag } from './cueSchema';
import type { StepSpan } from './segment';

export interface CueHit {
  tag: Tag;
  /** The cue's id in the cue set. */
  cue: string;
  group: string;
  weight: number;
  start: number;
  end: number;
}

export interface TaggedStep extends StepSpan {
  tags: Tag[];
  /** The cues behind `tags` (per tag, the strongest match of each group with a positive weight). */
  cues: CueHit[];
  /** Score per tag (sum of the groups' weights), including tags below their threshold. */
  scores: Partial<Record<Tag, number>>;
}

const CURLY = /[‘’ʼ′`´“”„″«»]/g;

/**
 * The text the cues run on: lower-case, with curly quotes and apostrophes straightened. It has exactly
 * the length of the original, so every offset is shared.
 */
export function matchText(text: string): string {
  let low = text.toLowerCase();
  if (low.length !== text.length) {
    // A few characters lower-case to two code units (e.g. U+0130): lower-case one unit at a time.
    let s = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      const l = c.toLowerCase();
      s += l.length === 1 ? l : c;
    }
    low = s;
  }
  return low.replace(CURLY, (c) => (c === '“' || c === '”' || c === '„' || c === '″' || c === '«' || c === '»' ? '"' : "'"));
}

/** JavaScript's `\w`, which is what `\b` in a cue pattern refers to. */
function isJsWord(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isWordCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c > 0x7f;
}

/**
 * Quoted stretches of a step: "..." pairs, and '...' pairs whose opening quote starts a word and whose
 * closing quote ends one (apostrophes inside words, as in "don't", are not quotes). The quotes are found
 * with `indexOf` (most of a step is neither), `t` being the code units of `text`.
 */
function quotedRanges(text: string, t: Uint16Array, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  // Searched in the step's own slice: `indexOf` on the whole text would run past the step to the next
  // quote, maybe the end of the text, for every step (quadratic over many short steps).
  const step = text.slice(start, end);
  let open = -1;
  // The first blank line at or after `open` (-1: none), moved on only when `open` passes it.
  let blank = -2;
  for (let i = step.indexOf('"'); i >= 0; i = step.indexOf('"', i + 1)) {
    // A blank line between an opening quote and this one ends the quote unclosed.
    if (open >= 0) {
      if (blank === -2 || (blank >= 0 && blank < open)) blank = step.indexOf('\n\n', open);
      if (blank >= 0 && blank < i) open = -1;
    }
    if (open < 0) open = i;
    else {
      out.push([start + open, start + i + 1]);
      open = -1;
    }
  }
  let sq = -1;
  for (let k = step.indexOf("'"); k >= 0; k = step.indexOf("'", k + 1)) {
    const i = start + k;
    const before = i > start ? t[i - 1]! : 0x20;
    const after = i + 1 < end ? t[i + 1]! : 0x20;
    if (sq < 0) {
      if (!isWordCode(before) && isWordCode(after)) sq = i;
    } else if (isWordCode(before) && !isWordCode(after)) {
      out.push([sq, i + 1]);
      sq = -1;
    } else if (!isWordCode(before) && isWordCode(after) && i - sq > 200) sq = i;
  }
  return out;
}

/** Exported for the tests: `quotedRanges` of text[start, end). */
export function quotedRangesOf(text: string, start: number, end: number): Array<[number, number]> {
  const t = new Uint16Array(text.length + 1);
  for (let i = 0; i < text.length; i++) t[i] = text.charCodeAt(i);
  return quotedRanges(text, t, start, end);
}

// Both in either letter case: the tagger runs on the text itself when only ASCII letters would change in lower case (see plainText).
const INTERJECTION = /^(?:hmm+|okay|ok|oh|ah|aha|so|but|and|well|alright|all right|right|wait|no|yes|hold on|now|then|also|actually|hm+|huh|ugh|oops|yeah|yep|great|good)$/i;

/** Whether `pos` starts a sentence: after the step start or `.!?:;` / a new line, skipping interjections ("Hmm, wait, ..."). */
function atSentenceStart(t: string, stepStart: number, pos: number): boolean {
  let i = pos;
  for (let guard = 0; guard < 6; guard++) {
    // Skip spaces and list / markdown / opening punctuation.
    while (i > stepStart && ' \t*#>-"\'(_'.includes(t[i - 1]!)) i--;
    if (i <= stepStart) return true;
    const c = t[i - 1]!;
    if ('.!?:;\n'.includes(c)) return true;
    if (c === ',' || c === '—' || c === '–') {
      // "Hmm, alternatively": allow one interjection word before the comma.
      let j = i - 1;
      while (j > stepStart && t[j - 1] === ' ') j--;
      let k = j;
      while (k > stepStart && /[a-zA-Z ]/.test(t[k - 1]!) && j - k < 12) k--;
      const word = t.slice(k, j).trim();
      if (!INTERJECTION.test(word)) return false;
      i = k;
      continue;
    }
    return false;
  }
  return false;
}

/**
 * The negation and conditional words the anchor matcher found in a step (see `CueSet.negationWords`):
 * [kind, start, end, failed word boundaries (1 start, 2 end)] per occurrence, in the order found (that
 * of their ends).
 */
class StepWords {
  list = new Int32Array(64);
  n = 0;

  add(kind: number, start: number, end: number, failed: number): void {
    if (this.n + 4 > this.list.length) {
      const grown = new Int32Array(2 * this.list.length);
      grown.set(this.list);
      this.list = grown;
    }
    const l = this.list;
    l[this.n] = kind;
    l[this.n + 1] = start;
    l[this.n + 2] = end;
    l[this.n + 3] = failed;
    this.n += 4;
  }

  /**
   * Whether a word of this kind lies in text[from, to) as a pattern run on that slice would see it: a
   * word boundary that failed in the whole text holds at the slice's edges.
   */
  within(kind: number, from: number, to: number): boolean {
    const l = this.list;
    // The words come in the order of their ends: find the first ending after `from` (a binary search,
    // so that a long step full of negations stays linear), then go on while they end by `to`.
    let lo = 0;
    let hi = this.n / 4;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (l[4 * mid + 2]! <= from) lo = mid + 1;
      else hi = mid;
    }
    for (let k = 4 * lo; k < this.n; k += 4) {
      const end = l[k + 2]!;
      if (end > to) break;
      if (l[k] !== kind) continue;
      const start = l[k + 1]!;
      if (start < from) continue;
      const failed = l[k + 3]!;
      if ((failed & 1) !== 0 && start !== from) continue;
      if ((failed & 2) !== 0 && end !== to) continue;
      return true;
    }
    return false;
  }
}

/**
 * Whether a negation ("no need to", "I won't") precedes `pos` in its clause (within the negation
 * window). `words`: the step's negation words, when the cue set has them (none there: no negation).
 */
function negated(t: string, set: CueSet, stepStart: number, pos: number, words: StepWords | null): boolean {
  const from = Math.max(stepStart, pos - set.negation.window);
  if (words && !words.within(NEGATION_WORD, from, pos)) return false;
  const before = t.slice(from, pos);
  // Usually there is no negation word at all; only then look for the clause the cue is in.
  if (!set.negation.pattern.test(before)) return false;
  // Only the clause the cue is in: after the last boundary.
  const re = set.negation.boundary;
  re.lastIndex = 0;
  let cut = 0;
  for (let m = re.exec(before); m !== null; m = re.exec(before)) {
    cut = m.index + m[0].length;
    if (m[0].length === 0) re.lastIndex++;
  }
  const clause = before.slice(cut);
  return clause.length > 0 && set.negation.pattern.test(clause);
}

const SENTENCE_END = /[.!?;\n]/g;

/** Whether a conditional ("whenever ...", "if I get stuck ...") precedes `pos` in its sentence (`words` as for `negated`). */
function conditional(t: string, set: CueSet, stepStart: number, pos: number, words: StepWords | null): boolean {
  const cond = set.negation.conditional;
  if (!cond) return false;
  const from = Math.max(stepStart, pos - 200);
  if (words && !words.within(CONDITIONAL_WORD, from, pos)) return false;
  const before = t.slice(from, pos);
  if (!cond.pattern.test(before)) return false;
  SENTENCE_END.lastIndex = 0;
  let cut = 0;
  for (let m = SENTENCE_END.exec(before); m !== null; m = SENTENCE_END.exec(before)) cut = m.index + 1;
  return cond.pattern.test(before.slice(cut));
}

/**
 * The sentence boundaries of text[start, end): [start, b1, ..., end], each sentence running from one
 * boundary to the next. A sentence ends after `.`, `!` or `?` followed by spaces (which belong to it),
 * or after a line break. Cues match within one sentence (unless their pattern mentions line breaks).
 */
function sentenceBounds(t: Uint16Array, start: number, end: number): number[] {
  // By hand, what `/[.!?][ \t]+|\n/g` finds: a line break, or one of `.!?` and the spaces and tabs after it.
  const out = [start];
  let i = start;
  while (i < end) {
    const c = t[i]!;
    let b: number;
    if (c === 0x0a) b = i + 1;
    else if ((c === 0x2e || c === 0x21 || c === 0x3f) && isSpaceOrTab(t[i + 1]!)) {
      b = i + 2;
      while (isSpaceOrTab(t[b]!)) b++;
    } else {
      i++;
      continue;
    }
    if (b >= end) break;
    out.push(b);
    i = b;
  }
  out.push(end);
  return out;
}

function isSpaceOrTab(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Anchor occurrences per cue for one step: singly linked lists in growable typed arrays. */
class Occurrences {
  head: Int32Array;
  /** Per occurrence k: start at 4k, end at 4k + 1, anchor-set bit at 4k + 2, the cue's next occurrence at 4k + 3. */
  private list = new Int32Array(4096);
  /** 4 times the number of occurrences. */
  private n = 0;

  constructor(cues: number) {
    this.head = new Int32Array(cues).fill(-1);
  }

  reset(): void {
    this.n = 0;
  }

  add(cue: number, start: number, end: number, bit: number): void {
    let list = this.list;
    if (this.n === list.length) {
      const grown = new Int32Array(2 * list.length);
      grown.set(list);
      this.list = list = grown;
    }
    const k = this.n;
    this.n = k + 4;
    list[k] = start;
    list[k + 1] = end;
    list[k + 2] = bit;
    list[k + 3] = this.head[cue]!;
    this.head[cue] = k;
  }

  /** Sentence indexes filled by `sentences`, and the anchor-set bits found in each. */
  ids = new Int32Array(64);
  idBits = new Int32Array(64);

  /**
   * Put the indexes (in `bounds`) of the sentences holding the cue's occurrences into `ids` (distinct),
   * with the bits of the anchor sets seen in each into `idBits`; return how many.
   */
  sentences(cue: number, bounds: SentenceBounds): number {
    let n = 0;
    // Where each sentence already is in `ids` (valid when its stamp is this call's): a linear search
    // there made a step with many cue sentences quadratic (a 5 MB paragraph took minutes).
    if (this.slot.length < bounds.count) {
      this.slot = new Int32Array(2 * bounds.count);
      this.slotStamp = new Int32Array(2 * bounds.count);
    }
    if (this.stampNo === 0x7fffffff) {
      this.slotStamp.fill(0);
      this.stampNo = 0;
    }
    const stamp = ++this.stampNo;
    const list = this.list;
    for (let k = this.head[cue]!; k >= 0; k = list[k + 3]!) {
      const a = sentenceOf(bounds, list[k]!);
      const b = sentenceOf(bounds, list[k + 1]! - 1);
      for (let i = a; i <= b; i++) {
        let j: number;
        if (this.slotStamp[i] === stamp) j = this.slot[i]!;
        else {
          if (n === this.ids.length) {
            const grown = new Int32Array(n * 2);
            grown.set(this.ids);
            this.ids = grown;
            const grownBits = new Int32Array(n * 2);
            grownBits.set(this.idBits);
            this.idBits = grownBits;
          }
          j = n++;
          this.ids[j] = i;
          this.idBits[j] = 0;
          this.slot[i] = j;
          this.slotStamp[i] = stamp;
        }
        this.idBits[j]! |= list[k + 2]!;
      }
    }
    // Ascending, so that a cue's first match is its earliest one (as a plain search would find).
    if (n > 16) {
      // Many sentences: a numeric sort (insertion sort of the descending list would be quadratic).
      const bits = this.idBits.slice(0, n);
      this.ids.subarray(0, n).sort();
      for (let j = 0; j < n; j++) this.idBits[j] = bits[this.slot[this.ids[j]!]!]!;
      return n;
    }
    for (let i = 1; i < n; i++) {
      const id = this.ids[i]!;
      const b = this.idBits[i]!;
      let j = i - 1;
      while (j >= 0 && this.ids[j]! > id) {
        this.ids[j + 1] = this.ids[j]!;
        this.idBits[j + 1] = this.idBits[j]!;
        j--;
      }
      this.ids[j + 1] = id;
      this.idBits[j + 1] = b;
    }
    return n;
  }

  /** Per sentence index: its position in `ids`, valid when `slotStamp` holds the current call's stamp. */
  private slot = new Int32Array(64);
  private slotStamp = new Int32Array(64);
  private stampNo = 0;
}

function sentenceOf(bounds: SentenceBounds, pos: number): number {
  const at = bounds.at;
  let lo = 0;
  let hi = bounds.count - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (at[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface Match {
  cue: CompiledCue;
  start: number;
  end: number;
}

/**
 * Scans the steps of one trace. Everything it needs per step lives here and is reused from step to
 * step (the tagger is hot: 100,000 traces of 7 KB should take seconds).
 */
class StepScanner {
  private readonly marks: Uint32Array;
  private readonly occ: Occurrences;
  /**
   * Per (tag, group) of the cue set, the match scoring keeps so far in the step whose stamp `groupBestIn`
   * holds (see `outranks`): its |weight|, weight, start and cue index.
   */
  private readonly groupBest: Float64Array;
  private readonly groupBestWeight: Float64Array;
  private readonly groupBestStart: Int32Array;
  private readonly groupBestIndex: Int32Array;
  private readonly groupBestIn: Int32Array;
  /** Where "answer" or "\\boxed{" starts (any case), over all steps, when the caller asked (see `tagStepsOf`). */
  answerHints: number[] | null = null;
  /** The step's negation and conditional words. */
  private readonly words = new StepWords();
  /** Per group id: the stamp of the step in which the group last matched, for `after` conditions. */
  private readonly groupSeen: Int32Array;
  /**
   * Per step: the cues with an anchor in it, and the cues to try (a count of each is kept in `scan`;
   * the arrays are never emptied, which would drop their storage).
   */
  private readonly touched: Int32Array;
  /** The indexes of the cues to try in the step. */
  private readonly candidates: Int32Array;
  private hits = new Int32Array(8192);
  private readonly found: Match[] = [];
  /** Per cue: the stamp of the step in which it was found, so `found` needs no lookups. */
  private readonly foundIn: Int32Array;
  // The step being scanned.
  private step: StepSpan = { index: 0, start: 0, end: 0, block: 0 };
  private stamp = 0;
  private quotes: Array<[number, number]> | null = null;
  /** The sentence boundaries of the step (see `sentenceBounds`). */
  private readonly stepBounds = new SentenceBounds();
  /** The slices of the step's sentences made so far: `sentences[id]` is valid when `sentenceMade[id]` is the step's stamp. */
  private readonly sentences: string[] = [];
  private sentenceMade = new Int32Array(64);
  private sub: string | null = null;

  constructor(
    private t: string,
    /** The code units of `t`. */
    private codes: Uint16Array,
    private readonly set: CueSet,
    private exhaustive: boolean,
  ) {
    this.marks = new Uint32Array(set.cues.length);
    this.touched = new Int32Array(set.cues.length);
    this.candidates = new Int32Array(set.cues.length);
    this.groupBest = new Float64Array(set.tagGroupCount);
    this.groupBestWeight = new Float64Array(set.tagGroupCount);
    this.groupBestStart = new Int32Array(set.tagGroupCount);
    this.groupBestIndex = new Int32Array(set.tagGroupCount);
    this.groupBestIn = new Int32Array(set.tagGroupCount);
    this.occ = new Occurrences(set.cues.length);
    this.groupSeen = new Int32Array(set.groupCount + 1);
    this.foundIn = new Int32Array(set.cues.length);
  }

  /** Start on another text (the scanner's buffers are reused from trace to trace). */
  reset(t: string, codes: Uint16Array, exhaustive: boolean): void {
    this.t = t;
    this.codes = codes;
    this.exhaustive = exhaustive;
    // Stamps restart at every text: forget the previous text's.
    this.groupSeen.fill(0);
    this.foundIn.fill(0);
    this.groupBestIn.fill(0);
    this.sentenceMade.fill(0);
    this.marks.fill(0);
  }

  /** The cues that match in the step, after the position, previous-step, quote and negation rules. */
  scan(step: StepSpan, relPos: number, recompute: { start: number; end: number } | null): Match[] {
    const { t, set } = this;
    this.step = step;
    // Stamps start at 2, so that the previous step's stamp (stamp - 1) is never the initial 0.
    this.stamp = step.index + 2;
    this.quotes = null;
    this.sub = null;
    this.found.length = 0;

    // The cues to try: those with an anchor of each set of one of their alternatives in the step.
    const { marks, occ, touched, candidates } = this;
    let touchedCount = 0;
    let candidateCount = 0;
    occ.reset();
    const codes = this.codes;
    // The anchors, and the sentences (found in the same pass).
    const bounds = this.stepBounds;
    let count = set.matcher.scanSentences(codes, step.start, step.end, this.hits, bounds);
    if (count >= this.hits.length - 1) {
      // A long step: scan again with room for every occurrence.
      this.hits = new Int32Array(2 * (step.end - step.start) + 2);
      count = set.matcher.scanSentences(codes, step.start, step.end, this.hits, bounds);
    }
    if (this.exhaustive) {
      // The reference way, so that comparing with the fast way checks the boundaries as well.
      bounds.count = 0;
      for (const b of sentenceBounds(codes, step.start, step.end)) bounds.push(b);
    }
    const { stateFrom, stateEntries } = set;
    const cueCount = set.cues.length;
    const words = this.words;
    words.n = 0;
    const hits = this.hits;
    const tlen = t.length;
    for (let h = 0; h < count; h += 2) {
      const end = hits[h]!;
      const state = hits[h + 1]!;
      const endOk = end >= tlen || !isJsWord(codes[end]!) || !isJsWord(codes[end - 1]!);
      for (let e = stateFrom[state]!, stop = stateFrom[state + 1]!; e < stop; e += 4) {
        const ci = stateEntries[e]!;
        const bit = stateEntries[e + 1]!;
        const flags = stateEntries[e + 2]!;
        if (ci >= cueCount) {
          // A negation or conditional word: kept with the word boundaries it failed.
          const start = end - stateEntries[e + 3]!;
          const startFailed = (flags & 1) !== 0 && start > 0 && isJsWord(codes[start - 1]!) && isJsWord(codes[start]!);
          const kind = ci - cueCount;
          if (kind === ANSWER_WORD) this.answerHints?.push(start);
          else words.add(kind, start, end, (startFailed ? 1 : 0) | ((flags & 2) !== 0 && !endOk ? 2 : 0));
          continue;
        }
        if ((flags & 2) !== 0 && !endOk) continue;
        const start = end - stateEntries[e + 3]!;
        // Word boundaries, as `\b` sees them (a boundary between a word character and a non-word one).
        if ((flags & 1) !== 0 && start > 0 && isJsWord(codes[start - 1]!) && isJsWord(codes[start]!)) continue;
        if (marks[ci] === 0) {
          touched[touchedCount++] = ci;
          occ.head[ci] = -1;
        }
        marks[ci]! |= bit;
        // Where the cue's anchors are: its regular expression runs on the sentences that hold them.
        if ((flags & 4) === 0) occ.add(ci, start, end, bit);
      }
    }
    if (this.exhaustive) for (let ci = 0; ci < cueCount; ci++) candidates[candidateCount++] = ci;
    else {
      for (const cue of set.unanchored) candidates[candidateCount++] = cue.index;
      const { satisfiedAt, satisfiedFlat } = set;
      for (let k = 0; k < touchedCount; k++) {
        const ci = touched[k]!;
        const at = satisfiedAt[ci]!;
        if (at >= 0 ? satisfiedFlat[at + marks[ci]!] === 1 : satisfied(set.cues[ci]!, marks[ci]!)) candidates[candidateCount++] = ci;
      }
    }
    for (let k = 0; k < touchedCount; k++) marks[touched[k]!] = 0;

    const { posMins, posMaxs, afterIds, absWeights, tagGroups, searchModes } = set;
    if (!this.exhaustive) {
      // The heaviest cues first (a stable sort: equal weights keep their order), so that a lighter cue of
      // a group that already has a heavier match need not be searched: scoring keeps one match per
      // group, the one of largest |weight|, so the lighter one could change nothing.
      for (let i = 1; i < candidateCount; i++) {
        const ci = candidates[i]!;
        const w = absWeights[ci]!;
        let j = i - 1;
        while (j >= 0 && absWeights[candidates[j]!]! < w) {
          candidates[j + 1] = candidates[j]!;
          j--;
        }
        candidates[j + 1] = ci;
      }
    }
    const { groupBest, groupBestIn } = this;
    for (let c = 0; c < candidateCount; c++) {
      const ci = candidates[c]!;
      if (relPos < posMins[ci]! || relPos > posMaxs[ci]!) continue;
      const afterId = afterIds[ci]!;
      if (afterId !== -1 && (afterId < 0 || this.groupSeen[afterId] !== this.stamp - 1)) continue;
      const cue = set.cues[ci]!;
      // Where a match of this cue could still change the score: anywhere, unless its (tag, group) has a
      // match already. Then a lighter cue, or one as heavy with the other sign, cannot; one of the same
      // weight only by starting earlier (the earliest of equal weights is kept).
      let limit = step.end;
      const tg = tagGroups[ci]!;
      if (!this.exhaustive && groupBestIn[tg] === this.stamp) {
        // See `outranks`: only a match that would outrank the kept one matters.
        const heaviest = groupBest[tg]!;
        if (heaviest > absWeights[ci]!) continue;
        if (heaviest === absWeights[ci]) {
          const kept = this.groupBestWeight[tg]!;
          if (cue.weight < kept) continue;
          if (cue.weight === kept) limit = this.groupBestStart[tg]! + (ci < this.groupBestIndex[tg]! ? 1 : 0);
        }
      }
      const mode = searchModes[ci]!;
      if (mode === 1) {
        if (step.start >= limit) continue;
        const re = cue.sticky;
        re.lastIndex = step.start;
        const m = re.exec(t);
        if (m && step.start + m[0].length <= step.end) this.consider(cue, step.start, step.start + m[0].length);
        continue;
      }
      if (mode === 2) {
        // Patterns that mention line breaks, and cues without anchors: the whole step.
        this.search(cue, (this.sub ??= t.slice(step.start, step.end)), step.start, limit);
        continue;
      }
      // Cues match within a sentence: search the sentences that hold the cue's anchors, each as a slice
      // (made once per step) so that the search stops at its end.
      const bounds = this.stepBounds;
      if (this.exhaustive) {
        for (let id = 0; id + 1 < bounds.count && this.foundIn[cue.index] !== this.stamp; id++) this.search(cue, this.sentence(id), bounds.at[id]!, limit);
        continue;
      }
      const n = occ.sentences(cue.index, bounds);
      for (let k = 0; k < n && this.foundIn[cue.index] !== this.stamp; k++) {
        // Only sentences that hold an anchor of every set of one of the cue's alternatives can match.
        if (!satisfied(cue, occ.idBits[k]!)) continue;
        const id = occ.ids[k]!;
        // Sentences come in order: past the limit, none can matter.
        if (bounds.at[id]! >= limit) break;
        this.search(cue, this.sentence(id), bounds.at[id]!, limit);
      }
    }
    // The re-computation detector's match spans the first repeated expression.
    if (recompute && set.recompute) this.found.push({ cue: recomputeCue(set), start: recompute.start, end: recompute.end });
    for (const m of this.found) if (m.cue.groupId >= 0) this.groupSeen[m.cue.groupId] = this.stamp;
    return this.found;
  }

  private sentence(id: number): string {
    if (id >= this.sentenceMade.length) {
      const grown = new Int32Array(2 * id + 2);
      grown.set(this.sentenceMade);
      this.sentenceMade = grown;
    }
    if (this.sentenceMade[id] === this.stamp) return this.sentences[id]!;
    const bounds = this.stepBounds;
    const text = bounds.count === 2 ? (this.sub ??= this.t.slice(this.step.start, this.step.end)) : this.t.slice(bounds.at[id], bounds.at[id + 1]);
    this.sentences[id] = text;
    this.sentenceMade[id] = this.stamp;
    return text;
  }

  /** Search `text` (at `from` in the step) for the cue's first match that `consider` takes, among those starting before `limit`. */
  private search(cue: CompiledCue, text: string, from: number, limit: number): void {
    // The first match with the non-global expression (a little faster: most searches find nothing),
    // the next ones, when `consider` refuses one, with the global expression from where it ended.
    let m = cue.first.exec(text);
    if (m === null) return;
    const re = cue.global;
    for (; m !== null; m = re.exec(text)) {
      if (from + m.index >= limit) return;
      this.consider(cue, from + m.index, from + m.index + m[0].length);
      if (this.foundIn[cue.index] === this.stamp) return;
      re.lastIndex = m.index + Math.max(1, m[0].length);
    }
  }

  private consider(cue: CompiledCue, start: number, end: number): void {
    const { t, set, step } = this;
    if (cue.at === 'sentence-start' && !atSentenceStart(t, step.start, start)) return;
    this.quotes ??= quotedRanges(t, this.codes, step.start, step.end);
    for (const [qs, qe] of this.quotes) if (start > qs && end <= qe) return;
    if (cue.negatable && negated(t, set, step.start, start, set.negationWords && !this.exhaustive ? this.words : null)) return;
    if (cue.weight > 0 && set.negation.conditional?.tags.has(cue.tag) && conditional(t, set, step.start, start, set.conditionalWords && !this.exhaustive ? this.words : null)) return;
    this.foundIn[cue.index] = this.stamp;
    this.found.push({ cue, start, end });
    if (cue.index >= 0) {
      // The match scoring would keep for the cue's (tag, group) so far (see score).
      const tg = set.tagGroups[cue.index]!;
      const w = Math.abs(cue.weight);
      if (this.groupBestIn[tg] !== this.stamp || outranks(cue.weight, start, cue.index, this.groupBestWeight[tg]!, this.groupBestStart[tg]!, this.groupBestIndex[tg]!)) {
        this.groupBest[tg] = w;
        this.groupBestWeight[tg] = cue.weight;
        this.groupBestStart[tg] = start;
        this.groupBestIndex[tg] = cue.index;
        this.groupBestIn[tg] = this.stamp;
      }
    }
  }
}

/** Whether the anchor-set bits found cover every set of one of the cue's alternatives. */
function satisfied(cue: CompiledCue, got: number): boolean {
  const table = cue.satisfiedBy;
  if (table !== null) return table[got] === 1;
  const masks = cue.anchorMasks;
  for (let i = 0; i < masks.length; i++) if ((got & masks[i]!) === masks[i]) return true;
  return false;
}

// The re-computation detector -------------------------------------------------------------------------

const EQUATION = /(\d+(?:\.\d+)?)\s*([-+×xX*÷/−])\s*(\d+(?:\.\d+)?)\s*=/g;
const recomputeCues = new WeakMap<CueSet, CompiledCue>();

function recomputeCue(set: CueSet): CompiledCue {
  let cue = recomputeCues.get(set);
  if (!cue) {
    const r = set.recompute!;
    cue = {
      tag: r.tag,
      id: 'recompute',
      weight: r.weight,
      group: r.group,
      groupId: set.groupIds.get(r.group) ?? -1,
      at: 'anywhere',
      negatable: false,
      after: undefined,
      afterId: -1,
      posMin: 0,
      posMax: 1,
      note: 'Works out again an expression already worked out in an earlier step.',
      sticky: /(?!)/y,
      global: /(?!)/g,
      first: /(?!)/,
      index: -1,
      anchors: null,
      anchorMasks: [],
      satisfiedBy: null,
      multiline: false,
    };
    recomputeCues.set(set, cue);
  }
  return cue;
}

function opKey(op: string): string {
  if (op === '×' || op === 'x' || op === 'X' || op === '*') return '*';
  if (op === '÷' || op === '/') return '/';
  if (op === '−') return '-';
  return op;
}

/** Find the step's expressions; return the first one already worked out in an earlier step, if any. */
function findRecompute(t: string, step: StepSpan, seen: Set<string>, eq: { next: number }): { start: number; end: number } | null {
  // Expressions need "=": skip steps without one (`eq.next` is the next "=" at or after the step, -1
  // when there is none left, so the text is searched once overall).
  if (eq.next >= 0 && eq.next < step.start) eq.next = t.indexOf('=', step.start);
  if (eq.next < 0 || eq.next >= step.end) return null;
  // The step's own slice: a search of the whole text from the step would run on past it (to the end
  // of the text when nothing matches), for every step.
  const sub = t.slice(step.start, step.end);
  EQUATION.lastIndex = 0;
  let hit: { start: number; end: number } | null = null;
  const mine: string[] = [];
  for (let m = EQUATION.exec(sub); m !== null; m = EQUATION.exec(sub)) {
    const key = `${m[1]}${opKey(m[2]!)}${m[3]}`;
    if (!hit && seen.has(key)) hit = { start: step.start + m.index, end: step.start + m.index + m[0].length };
    mine.push(key);
  }
  for (const k of mine) seen.add(k);
  return hit;
}

// Scoring ------------------------------------------------------------------------------------------

/**
 * Whether a match (weight, start, cue index) outranks another of its (tag, group), which keeps one: the
 * larger |weight|; then the positive weight; then the earlier start; then the cue listed first. An
 * order of its own, so that the kept match never depends on the order the cues were tried in.
 */
function outranks(w: number, start: number, index: number, w0: number, start0: number, index0: number): boolean {
  const a = Math.abs(w);
  const a0 = Math.abs(w0);
  if (a !== a0) return a > a0;
  if (w !== w0) return w > w0;
  if (start !== start0) return start < start0;
  return index < index0;
}

function score(matches: readonly Match[], set: CueSet, step: StepSpan): TaggedStep {
  const tags: Tag[] = [];
  const cues: CueHit[] = [];
  const scores: Partial<Record<Tag, number>> = {};
  const result: TaggedStep = { index: step.index, start: step.start, end: step.end, block: step.block, tags, cues, scores };
  if (matches.length === 0) return result;
  for (const tag of TAGS) {
    // Per group: the strongest positive match, or the most negative one when a group only suppresses.
    let best: Match[] | null = null;
    for (const m of matches) {
      if (m.cue.tag !== tag) continue;
      best ??= [];
      let k = best.length - 1;
      while (k >= 0 && best[k]!.cue.group !== m.cue.group) k--;
      if (k < 0) best.push(m);
      else if (outranks(m.cue.weight, m.start, m.cue.index, best[k]!.cue.weight, best[k]!.start, best[k]!.cue.index)) best[k] = m;
    }
    if (!best) continue;
    let sum = 0;
    for (const m of best) sum += m.cue.weight;
    sum = Math.round(sum * 1000) / 1000;
    scores[tag] = sum;
    if (sum >= set.tags[tag].threshold) {
      tags.push(tag);
      const hits = best.length === 1 ? best : best.filter((m) => m.cue.weight > 0).sort((x, y) => x.start - y.start || x.cue.index - y.cue.index);
      for (const m of hits) if (m.cue.weight > 0) cues.push({ tag, cue: m.cue.id, group: m.cue.group, weight: m.cue.weight, start: m.start, end: m.end });
    }
  }
  return result;
}

export interface TagOptions {
  /**
   * Try every cue on every sentence, without the anchor prefilter (slow; the tests use it to show that
   * the prefilter never changes a result).
   */
  exhaustive?: boolean;
  /** Always run on the lower-cased text (the tests compare it with running on the text itself). */
  lowerCase?: boolean;
}

/** A scanner per cue set, reused from call to call (`tagSteps` runs to completion, never re-entered). */
const scanners = new WeakMap<CueSet, StepScanner>();

/**
 * Whether the cues can run on the text itself instead of `matchText(text)`: when lower-casing would only
 * change ASCII capitals. The cues' expressions ignore case (the `i` flag: for ASCII letters, matching
 * the text and its lower case is the same), the anchor matcher reads a capital as its small letter, and
 * the tagger's own checks take both cases; so the result is the same, without copying the text twice.
 */
function plainText(codes: Uint16Array, n: number): boolean {
  const changed = changedUnits();
  let any = 0;
  for (let i = 0; i < n; i++) any |= changed[codes[i]!]!;
  return any === 0;
}

/** Tag the steps of `text` (already segmented) with the behaviours of the cue set. */
export function tagSteps(text: string, steps: readonly StepSpan[], set: CueSet, options: TagOptions = {}): TaggedStep[] {
  return tagStepsOf(text, steps, set, options, undefined);
}

/**
 * `tagSteps`, told whether the text is plain (see `plainText`) when the caller knows it already (the
 * analyser learns it while counting tokens); with `answerHints`, also where "answer" and "\\boxed{"
 * start in the steps (any case), ascending, for the statistics (see stats.ts answerStatements).
 */
export function tagStepsOf(text: string, steps: readonly StepSpan[], set: CueSet, options: TagOptions, knownPlain: boolean | undefined, answerHints?: number[]): TaggedStep[] {
  const exhaustive = options.exhaustive === true;
  // The code units go where the anchor matcher scans them fastest (see anchors.ts load).
  const own = set.matcher.load(text);
  const plain = options.lowerCase !== true && (knownPlain ?? plainText(own, text.length));
  const t = plain ? text : matchText(text);
  const codes = plain ? own : set.matcher.load(t);
  let scanner = scanners.get(set);
  if (scanner) scanner.reset(t, codes, exhaustive);
  else scanners.set(set, (scanner = new StepScanner(t, codes, set, exhaustive)));
  scanner.answerHints = answerHints ?? null;
  const out: TaggedStep[] = [];
  const seen = new Set<string>();
  const eq = { next: t.indexOf('=') };
  const n = steps.length;
  for (const step of steps) {
    const relPos = n > 1 ? step.index / (n - 1) : 0;
    const recompute = set.recompute !== null ? findRecompute(t, step, seen, eq) : null;
    out.push(score(scanner.scan(step, relPos, recompute), set, step));
  }
  scanner.answerHints = null;
  return out;
}
