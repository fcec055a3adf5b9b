/**
 * Pure helpers of the detail pane (no React, no DOM): which steps are reflective, how a step's text is cut
 * into marked segments by its cue spans, which runs of steps collapse, and how the extracted answer is
 * compared with the ground truth. Unit tested in test/webview/detail/.
 *
 * All offsets are UTF-16 offsets into `SampleDetail.response`.
 */
import { diffLines, diffWords, type Change } from 'diff';
import type { CueHit, DetailStep, SampleDetail } from '../../../src/protocol/curator';
import { parsePythonish } from '../../../src/core/pyliteral';
import { REFLECTION_TAGS, type Tag } from '../../../src/core/trace/cueSchema';

// ---------------------------------------------------------------------------------------------------
// Reflection navigation

/**
 * Indices of the steps the reflection keys move between, in order: `reflection` = steps carrying
 * verification, backtracking or correction; `backtracking` = steps carrying backtracking. Uses the tags
 * after the curator's edits (`tags`), so a tag the curator added is a stop and one they removed is not.
 */
export function reflectionSteps(detail: Pick<SampleDetail, 'steps'>, kind: 'reflection' | 'backtracking'): number[] {
  const wanted: readonly Tag[] = kind === 'backtracking' ? ['backtracking'] : REFLECTION_TAGS;
  const out: number[] = [];
  for (const s of detail.steps) if (s.tags.some((t) => wanted.includes(t))) out.push(s.index);
  return out;
}

/** The step whose `[start, end)` holds `offset`, or -1. Steps are sorted by start (binary search). */
export function stepAt(steps: readonly Pick<DetailStep, 'start' | 'end'>[], offset: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = steps[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------
// Marked segments

/** A stretch of a step's (or the answer's) text, with the cue spans and the extracted-answer span over it. */
export interface Segment {
  start: number;
  end: number;
  /** The cues whose span covers the whole segment, strongest first. Empty: plain text. */
  cues: CueHit[];
  /** The segment is part of the extracted answer. */
  extracted: boolean;
}

/**
 * Cut `[start, end)` into contiguous segments at every cue span and extracted-span boundary that falls
 * inside it. Spans are clipped to `[start, end)` (a cue span may cross the step's bounds); empty,
 * reversed and outside spans are ignored; overlapping spans give segments covered by several cues.
 * With no spans this is one plain segment (or none for an empty range).
 */
export function markSegments(start: number, end: number, cues: readonly CueHit[], extracted: readonly [number, number] | null = null): Segment[] {
  if (end <= start) return [];
  const clipped: CueHit[] = [];
  for (const c of cues) {
    const s = Math.max(start, c.start);
    const e = Math.min(end, c.end);
    if (e > s) clipped.push(s === c.start && e === c.end ? c : { ...c, start: s, end: e });
  }
  let ex: [number, number] | null = null;
  if (extracted) {
    const s = Math.max(start, extracted[0]);
    const e = Math.min(end, extracted[1]);
    if (e > s) ex = [s, e];
  }
  if (clipped.length === 0 && !ex) return [{ start, end, cues: [], extracted: false }];

  const cuts = new Set<number>([start, end]);
  for (const c of clipped) {
    cuts.add(c.start);
    cuts.add(c.end);
  }
  if (ex) {
    cuts.add(ex[0]);
    cuts.add(ex[1]);
  }
  const points = [...cuts].sort((a, b) => a - b);
  // Strongest first, so the first cue of a segment decides its colour.
  clipped.sort((a, b) => b.weight - a.weight || a.start - b.start);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const s = points[i]!;
    const e = points[i + 1]!;
    const covering = clipped.filter((c) => c.start <= s && c.end >= e);
    const inEx = ex !== null && ex[0] <= s && ex[1] >= e;
    const prev = out.at(-1);
    // Neighbours with the same marks are one segment (a span that ends where an identical one starts).
    if (prev && prev.extracted === inEx && sameCues(prev.cues, covering)) prev.end = e;
    else out.push({ start: s, end: e, cues: covering, extracted: inEx });
  }
  return out;
}

function sameCues(a: readonly CueHit[], b: readonly CueHit[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/** The tooltip of a cue mark: per cue its id, tag, weight and explanation. */
export function cueTitle(cues: readonly CueHit[]): string {
  return cues.map((c) => `${c.cue} (${c.tag}, weight ${formatWeight(c.weight)}): ${c.explanation}`).join('\n');
}

export function formatWeight(w: number): string {
  return Number.isInteger(w) ? w.toFixed(1) : String(Math.round(w * 100) / 100);
}

// ---------------------------------------------------------------------------------------------------
// Collapsing runs of steps without reflection

export type TraceItem = { kind: 'step'; step: number } | { kind: 'run'; first: number; last: number; count: number; chars: number };

/** A step neither the tagger nor the curator tagged (a step whose automatic tag was removed stays visible). */
export function isPlainStep(s: Pick<DetailStep, 'tags' | 'autoTags'>): boolean {
  return s.tags.length === 0 && s.autoTags.length === 0;
}

/**
 * The trace as a list of steps and collapsible runs: every stretch of at least `minRun` consecutive plain
 * steps is one `run` item (positions into `steps`, inclusive; `chars` = the length of the steps' text),
 * every other step is a `step` item.
 */
export function collapseRuns(steps: readonly Pick<DetailStep, 'start' | 'end' | 'tags' | 'autoTags'>[], minRun = 3): TraceItem[] {
  const out: TraceItem[] = [];
  let i = 0;
  while (i < steps.length) {
    if (!isPlainStep(steps[i]!)) {
      out.push({ kind: 'step', step: i });
      i++;
      continue;
    }
    let j = i;
    let chars = 0;
    while (j < steps.length && isPlainStep(steps[j]!)) {
      chars += steps[j]!.end - steps[j]!.start;
      j++;
    }
    if (j - i >= minRun) out.push({ kind: 'run', first: i, last: j - 1, count: j - i, chars });
    else for (let k = i; k < j; k++) out.push({ kind: 'step', step: k });
    i = j;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The extracted answer against the ground truth

export type AnswerCompareMode = 'equal' | 'side-by-side' | 'words' | 'lines';

/** Short single-line answers are shown side by side; longer ones as a diff. */
export const SHORT_ANSWER = 60;
/** Beyond this many characters (either side) no diff is attempted: side by side. */
export const MAX_DIFF_CHARS = 20_000;

/**
 * How to show the extracted answer against the ground truth: `equal` (same after trimming), `side-by-side`
 * (both short and on one line, or too long to diff), `lines` (either spans 3+ lines: a line diff, with
 * word diffs inside changed lines) or `words` (a word diff).
 */
export function answerCompareMode(extracted: string, truth: string): AnswerCompareMode {
  const a = extracted.trim();
  const b = truth.trim();
  if (a === b) return 'equal';
  if (a.length > MAX_DIFF_CHARS || b.length > MAX_DIFF_CHARS) return 'side-by-side';
  if (a.length <= SHORT_ANSWER && b.length <= SHORT_ANSWER && !a.includes('\n') && !b.includes('\n')) return 'side-by-side';
  const lines = (s: string) => s.split('\n').length;
  return lines(a) >= 3 || lines(b) >= 3 ? 'lines' : 'words';
}

export interface DiffPart {
  /** `del`: only in the ground truth; `ins`: only in the extracted answer. */
  op: 'same' | 'del' | 'ins';
  text: string;
}

const DIFF_LIMIT = { timeout: 250 } as const;

/**
 * The diff from the ground truth to the extracted answer (both trimmed), or null when it would take too
 * long (then show them side by side). `lines` mode diffs lines, then words inside each removed+added pair.
 */
export function answerDiff(extracted: string, truth: string, mode: 'words' | 'lines'): DiffPart[] | null {
  const a = truth.trim();
  const b = extracted.trim();
  if (mode === 'words') {
    const changes = diffWords(a, b, DIFF_LIMIT);
    return changes ? toParts(changes) : null;
  }
  const changes = diffLines(a, b, DIFF_LIMIT);
  if (!changes) return null;
  const out: DiffPart[] = [];
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    const next = changes[i + 1];
    if (c.removed && next?.added) {
      const inner = diffWords(c.value, next.value, DIFF_LIMIT);
      if (inner) out.push(...toParts(inner));
      else out.push({ op: 'del', text: c.value }, { op: 'ins', text: next.value });
      i++;
    } else out.push({ op: c.added ? 'ins' : c.removed ? 'del' : 'same', text: c.value });
  }
  return merge(out);
}

function toParts(changes: readonly Change[]): DiffPart[] {
  return slideToWords(merge(changes.map((c) => ({ op: c.added ? 'ins' : c.removed ? 'del' : 'same', text: c.value }))));
}

/**
 * jsdiff splits punctuation into tokens of its own, so a dropped move "(1,3) " between "(3,1) (" and
 * "(2,1)" comes out as the deletion "1,3) (". A lone insertion or deletion between two kept parts is
 * shifted left (which gives the same texts) when that makes it start at a word boundary: "(1,3) ".
 */
export function slideToWords(parts: DiffPart[]): DiffPart[] {
  for (let i = 1; i + 1 < parts.length; i++) {
    const prev = parts[i - 1]!;
    const cur = parts[i]!;
    const next = parts[i + 1]!;
    if (cur.op === 'same' || prev.op !== 'same' || next.op !== 'same') continue;
    if (/^\s/.test(cur.text) || /\s$/.test(prev.text)) continue;
    for (let k = 1; k <= Math.min(prev.text.length, cur.text.length); k++) {
      if (prev.text[prev.text.length - k] !== cur.text[cur.text.length - k]) break;
      const rest = prev.text.slice(0, -k);
      if (rest === '' || /\s$/.test(rest)) {
        const moved = prev.text.slice(-k);
        prev.text = rest;
        next.text = cur.text.slice(-k) + next.text;
        cur.text = moved + cur.text.slice(0, -k);
        break;
      }
    }
  }
  return parts.filter((p) => p.text !== '');
}

function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    if (p.text === '') continue;
    const prev = out.at(-1);
    if (prev && prev.op === p.op) prev.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The structured answer

/**
 * The extracted answer pretty-printed when it reads as a structured value (a JSON or Python-literal list
 * or dict, as the reference parses answers), else null (shown as written). Lists of scalars stay on one
 * line, so a grid prints one row per line.
 */
export function prettyAnswer(extracted: string): string | null {
  const t = extracted.trim();
  if (!(t.startsWith('[') || t.startsWith('{') || t.startsWith('('))) return null;
  const v = parsePythonish(t);
  if (v === null || typeof v !== 'object') return null;
  const pretty = formatValue(v, '');
  return pretty === t ? null : pretty;
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function formatValue(v: unknown, indent: string): string {
  if (isScalar(v)) return JSON.stringify(v) ?? String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every(isScalar)) {
      const flat = `[${v.map((x) => formatValue(x, inner)).join(', ')}]`;
      if (flat.length <= 120) return flat;
    }
    return `[\n${v.map((x) => inner + formatValue(x, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${formatValue(x, inner)}`).join(',\n')}\n${indent}}`;
}

const COUNT = new Intl.NumberFormat('en-US');

/** 1234 -> "1,234" (one shared formatter: `toLocaleString` builds one per call, which is slow). */
export function formatCount(n: number): string {
  return COUNT.format(n);
}
