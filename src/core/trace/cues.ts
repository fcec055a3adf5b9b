/**
 * Loading, validating, merging and compiling cue files into a `CueSet` the tagger runs on.
 *
 * Every problem in a cue file is a `CueFileError` whose message names the file and the entry, e.g.
 * `my-cues.json: tags.correction.cues[3] ("oops"): pattern is not a valid regular expression: ...`.
 *
 * Speed: each cue gets anchors, literal texts every match must contain (see anchors.ts), and the tagger
 * runs a cue's regular expression only on the sentences that hold them.
 */
import * as fs from 'node:fs';
import { z } from 'zod';
import defaultCueJson from '../../../media/cues/default.json';
import { AnchorMatcher, requiredAnchorSets, type Anchor } from './anchors';
import { CueFile, TAGS, type CueEntry, type Tag, type TagRules } from './cueSchema';

export class CueFileError extends Error {
  constructor(
    readonly file: string,
    readonly entry: string,
    readonly detail: string,
  ) {
    super(`${file}: ${entry ? `${entry}: ` : ''}${detail}`);
    this.name = 'CueFileError';
  }
}

export interface CompiledCue {
  tag: Tag;
  id: string;
  weight: number;
  group: string;
  /** Number of the group in `CueSet.groupIds` (-1: none). */
  groupId: number;
  at: 'anywhere' | 'sentence-start' | 'step-start';
  negatable: boolean;
  after: string | undefined;
  /** Number of the `after` group; -1: no condition; -2: a group no cue belongs to (never satisfied). */
  afterId: number;
  posMin: number;
  posMax: number;
  note: string | undefined;
  /** Position in `CueSet.cues`. */
  index: number;
  /** The pattern mentions a line break (`\n`, `^` or `$`), so it is run over the whole step, not sentence by sentence. */
  multiline: boolean;
  /** Sticky, case-insensitive: tried at the start of a step (`at: step-start`). */
  sticky: RegExp;
  /** Global, case-insensitive: scanned over a step. */
  global: RegExp;
  /** The same, not global: a step's first match (see the tagger's search). */
  first: RegExp;
  /**
   * Anchors (see anchors.ts), in disjunctive form: alternatives of anchor sets; a step can match only if
   * for some alternative it contains an anchor of each set. Null: unknown, the cue runs on every step.
   */
  anchors: Anchor[][][] | null;
  /** One mask per alternative: the bits of its anchor sets. */
  anchorMasks: number[];
  /**
   * Whether the anchor-set bits found satisfy the cue, by the bits found (the cue's bits are its lowest
   * ones, so they index the table), when the cue has at most 12 bits; otherwise null and `anchorMasks`
   * decide.
   */
  satisfiedBy: Uint8Array | null;
}

/** Pseudo-cue offsets (after the last cue) of the negation and conditional words in the matcher's entries. */
export const NEGATION_WORD = 0;
export const CONDITIONAL_WORD = 1;
/** The pseudo-cue of "answer" and "\\boxed{", where the statistics look for stated answers (see stats.ts answerStatements). */
export const ANSWER_WORD = 2;

export interface CompiledTag {
  tag: Tag;
  threshold: number;
  cues: CompiledCue[];
}

export interface CueSet {
  /** Where it came from (a file path, or `default`). */
  source: string;
  name: string;
  tags: Record<Tag, CompiledTag>;
  negation: { pattern: RegExp; boundary: RegExp; window: number; conditional: { pattern: RegExp; tags: ReadonlySet<Tag> } | null };
  recompute: { tag: Tag; group: string; weight: number } | null;
  /**
   * Whether the anchor matcher also reports the words every match of the negation pattern (and of the
   * conditional pattern) contains, under the cue indexes `cues.length` and `cues.length + 1` (see
   * `NEGATION_WORD`): where none is near a match, the tagger need not run those patterns.
   */
  negationWords: boolean;
  conditionalWords: boolean;
  /** Every cue of every tag; `CompiledCue.index` is the position here. */
  cues: CompiledCue[];
  /** Finds all anchors of all cues in one pass. */
  matcher: AnchorMatcher;
  /** Matcher state -> its entries in `stateEntries`: [stateFrom[s], stateFrom[s + 1]). */
  stateFrom: Int32Array;
  /**
   * For every anchor ending in a matcher state, quadruples (cue index, bit of the cue's anchor set,
   * flags: 1 = needs a word start, 2 = needs a word end, 4 = the cue runs on whole steps, so only
   * whether the anchor is in the step matters; anchor length), grouped by state.
   */
  stateEntries: Int32Array;
  /** Cues without anchors: run on every step. */
  unanchored: CompiledCue[];
  /**
   * Per cue index, what the tagger's hot loops read, in typed arrays (no cue object to load): where the
   * cue's `satisfiedBy` table starts in `satisfiedFlat` (-1: none, use `anchorMasks`), its position
   * range and its `afterId`.
   */
  satisfiedAt: Int32Array;
  satisfiedFlat: Uint8Array;
  posMins: Float64Array;
  posMaxs: Float64Array;
  afterIds: Int32Array;
  /** Per cue index, how it is searched: 0 sentence by sentence, 1 at the start of a step (`at: step-start`), 2 over the whole step (a pattern mentioning line breaks, or no anchors). */
  searchModes: Int8Array;
  /** Per cue index: |weight|, and a number for its (tag, group) pair (scoring keeps one match per pair, the one of largest |weight|). */
  absWeights: Float64Array;
  tagGroups: Int32Array;
  tagGroupCount: number;
  /** Every group name (of any tag, and of the re-computation detector) -> its number. */
  groupIds: Map<string, number>;
  groupCount: number;
  /** Look up a cue's note by tag and id (for explanations). */
  cue(tag: Tag, id: string): CompiledCue | undefined;
}

// ---------------------------------------------------------------------------------------------------
// Phrases

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A phrase as a regular expression: flexible whitespace, straight or curly apostrophe, optional hyphen. */
export function phraseToPattern(phrase: string): string {
  const body = phrase
    .trim()
    .split(/\s+/)
    .map((word) =>
      [...word]
        .map((ch) => (ch === "'" || ch === '’' ? "'" : ch === '-' ? '[- ]?' : escapeRegex(ch)))
        .join(''),
    )
    .join('\\s+');
  const first = phrase.trim()[0] ?? '';
  const last = phrase.trim().slice(-1);
  return `${/\w/.test(first) ? '\\b' : ''}${body}${/\w/.test(last) ? '\\b' : ''}`;
}

// ---------------------------------------------------------------------------------------------------
// Loading and compiling

function zodEntry(issue: z.core.$ZodIssue, json: unknown): string {
  const parts: string[] = [];
  let node: unknown = json;
  let label = '';
  for (const key of issue.path) {
    if (typeof key === 'number') parts.push(`[${key}]`);
    else parts.push(parts.length ? `.${String(key)}` : String(key));
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key as string | number] : undefined;
    if (node !== null && typeof node === 'object' && typeof (node as { id?: unknown }).id === 'string') {
      label = ` ("${(node as { id: string }).id}")`;
    }
  }
  return parts.length ? `${parts.join('')}${label}` : '';
}

/** Validate the JSON of a cue file (throws CueFileError naming the entry). */
export function validateCueFile(json: unknown, source: string): CueFile {
  const r = CueFile.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more problem${r.error.issues.length > 2 ? 's' : ''})` : '';
    throw new CueFileError(source, zodEntry(issue, json), `${issue.message}${more}`);
  }
  return r.data;
}

function compileRegex(source: string, flags: string, file: string, entry: string, what = 'pattern'): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new CueFileError(file, entry, `${what} is not a valid regular expression: ${(e as Error).message}`);
  }
}

/** For every combination of `bits` anchor-set bits, whether it covers one of the masks (see `CompiledCue.satisfiedBy`). */
function satisfactionTable(masks: readonly number[], bits: number): Uint8Array {
  const table = new Uint8Array(1 << bits);
  for (let got = 0; got < table.length; got++) table[got] = masks.some((m) => (got & m) === m) ? 1 : 0;
  return table;
}

function compileCue(tag: Tag, c: CueEntry, file: string, entry: string, index: number): CompiledCue {
  const source = c.pattern ?? (c.phrases ?? []).map(phraseToPattern).join('|');
  const global = compileRegex(source, 'gi', file, entry);
  if (global.test('')) throw new CueFileError(file, entry, 'pattern matches the empty string');
  const sticky = compileRegex(source, 'iy', file, entry);
  const pos = c.position ?? {};
  const multiline = /\\n|\\r|\^|\$/.test(source.replace(/\[\^/g, '['));
  // A cue run on whole steps checks more anchor sets first: one search of a step costs more than the
  // look-ups.
  const anchors = requiredAnchorSets(source, multiline ? 8 : 3, 10, multiline);
  // Every set of every alternative gets a bit of a 32-bit mask: keep at most 31 sets (dropping later,
  // less selective sets of the alternatives that have the most; fewer sets only let more text through).
  for (let total = anchors?.reduce((n, alt) => n + alt.length, 0) ?? 0; anchors && total > 31; total--) {
    const widest = anchors.reduce((w, alt) => (alt.length > w.length ? alt : w));
    widest.pop();
  }
  const anchorMasks: number[] = [];
  let bit = 0;
  for (const alt of anchors ?? []) {
    let mask = 0;
    for (let k = 0; k < alt.length; k++) mask |= 1 << bit++;
    anchorMasks.push(mask);
  }
  if (pos.min !== undefined && pos.max !== undefined && pos.min > pos.max) throw new CueFileError(file, entry, 'position.min is larger than position.max');
  return {
    tag,
    id: c.id,
    weight: c.weight,
    group: c.group ?? c.id,
    groupId: -1,
    afterId: -1,
    at: c.at ?? 'anywhere',
    negatable: c.negatable ?? true,
    after: c.after,
    posMin: pos.min ?? 0,
    posMax: pos.max ?? 1,
    note: c.note,
    index,
    multiline,
    sticky,
    global,
    first: new RegExp(source, 'i'),
    anchors,
    anchorMasks,
    satisfiedBy: bit <= 12 ? satisfactionTable(anchorMasks, bit) : null,
  };
}

interface Merged {
  name: string;
  negation: NonNullable<CueFile['negation']>;
  recompute: CueSet['recompute'];
  tags: Record<Tag, { threshold: number; cues: Array<{ cue: CueEntry; file: string; entry: string }> }>;
}

function applyFile(base: Merged | null, file: CueFile, source: string): Merged {
  const negation = file.negation ?? base?.negation;
  if (!negation) throw new CueFileError(source, 'negation', 'missing (required unless the file has "extends": "default")');
  let recompute = base?.recompute ?? null;
  const det = file.detectors?.recompute;
  if (det) recompute = det.enabled ? { tag: det.tag, group: det.group, weight: det.weight } : null;
  const tags = {} as Merged['tags'];
  for (const tag of TAGS) {
    const rules: TagRules | undefined = file.tags[tag];
    const inherited = base?.tags[tag];
    const threshold = rules?.threshold ?? inherited?.threshold;
    if (threshold === undefined) throw new CueFileError(source, `tags.${tag}`, base ? 'missing threshold' : 'missing (every tag needs a threshold unless the file has "extends": "default")');
    const disabled = new Set(rules?.disable ?? []);
    for (const id of disabled) {
      if (!inherited?.cues.some((c) => c.cue.id === id)) throw new CueFileError(source, `tags.${tag}.disable`, `no inherited cue "${id}" to disable`);
    }
    const cues = (inherited?.cues ?? []).filter((c) => !disabled.has(c.cue.id));
    const seen = new Set<string>();
    (rules?.cues ?? []).forEach((cue, i) => {
      const entry = `tags.${tag}.cues[${i}] ("${cue.id}")`;
      if (seen.has(cue.id)) throw new CueFileError(source, entry, `duplicate id "${cue.id}" in ${tag}`);
      seen.add(cue.id);
      const at = cues.findIndex((c) => c.cue.id === cue.id);
      if (at >= 0) cues[at] = { cue, file: source, entry };
      else cues.push({ cue, file: source, entry });
    });
    tags[tag] = { threshold, cues };
  }
  return { name: file.name ?? base?.name ?? source, negation, recompute, tags };
}

function compile(m: Merged, source: string): CueSet {
  const negFile = source;
  const negation = {
    pattern: compileRegex(m.negation.pattern, 'i', negFile, 'negation.pattern', 'negation.pattern'),
    boundary: compileRegex(m.negation.boundary, 'gi', negFile, 'negation.boundary', 'negation.boundary'),
    window: m.negation.window,
    conditional: m.negation.conditional
      ? { pattern: compileRegex(m.negation.conditional.pattern, 'i', negFile, 'negation.conditional.pattern', 'negation.conditional.pattern'), tags: new Set(m.negation.conditional.tags) }
      : null,
  };
  const tags = {} as Record<Tag, CompiledTag>;
  const all: CompiledCue[] = [];
  const lookup = new Map<string, CompiledCue>();
  for (const tag of TAGS) {
    const t = m.tags[tag];
    const cues = t.cues.map((c) => compileCue(tag, c.cue, c.file, c.entry, all.length + t.cues.indexOf(c)));
    tags[tag] = { tag, threshold: t.threshold, cues };
    for (const cue of cues) lookup.set(`${tag}\u0000${cue.id}`, cue);
    all.push(...cues);
  }
  // Number the groups (across tags: `after` refers to a group of any tag).
  const groupIds = new Map<string, number>();
  for (const cue of all) if (!groupIds.has(cue.group)) groupIds.set(cue.group, groupIds.size);
  if (m.recompute && !groupIds.has(m.recompute.group)) groupIds.set(m.recompute.group, groupIds.size);
  for (const cue of all) {
    cue.groupId = groupIds.get(cue.group)!;
    cue.afterId = cue.after === undefined ? -1 : (groupIds.get(cue.after) ?? -2);
  }
  const anchorIds = new Map<string, number>();
  const anchorCues: Array<{ length: number; cues: Array<{ cue: number; bit: number; wordStart: boolean; wordEnd: boolean }> }> = [];
  const unanchored: CompiledCue[] = [];
  for (const cue of all) {
    if (!cue.anchors) {
      unanchored.push(cue);
      continue;
    }
    let k = 0;
    for (const alt of cue.anchors) {
      for (const set of alt) {
        for (const a of set) {
          let id = anchorIds.get(a.text);
          if (id === undefined) {
            id = anchorCues.length;
            anchorIds.set(a.text, id);
            anchorCues.push({ length: a.text.length, cues: [] });
          }
          anchorCues[id]!.cues.push({ cue: cue.index, bit: 1 << k, wordStart: a.wordStart, wordEnd: a.wordEnd });
        }
        k++;
      }
    }
  }
  // The words of the negation and conditional patterns, with the pseudo-cues all.length and all.length + 1.
  const wordsOf = (pseudo: number, source: string | undefined): boolean => {
    const sets = source === undefined ? null : requiredAnchorSets(source, 1, 1000);
    if (!sets) return false;
    for (const alt of sets) {
      for (const a of alt[0]!) {
        let id = anchorIds.get(a.text);
        if (id === undefined) {
          id = anchorCues.length;
          anchorIds.set(a.text, id);
          anchorCues.push({ length: a.text.length, cues: [] });
        }
        anchorCues[id]!.cues.push({ cue: pseudo, bit: 0, wordStart: a.wordStart, wordEnd: a.wordEnd });
      }
    }
    return true;
  };
  const negationWords = wordsOf(all.length + NEGATION_WORD, m.negation.pattern);
  const conditionalWords = wordsOf(all.length + CONDITIONAL_WORD, m.negation.conditional?.pattern);
  // Where an answer may be stated (the statistics' ANSWER_HINT, /answer|\\boxed\{/i), found in the same pass.
  wordsOf(all.length + ANSWER_WORD, 'answer|\\\\boxed\\{');
  const matcher = new AnchorMatcher([...anchorIds.keys()]);
  const stateFrom = new Int32Array(matcher.states + 1);
  const quads: number[] = [];
  for (let st = 0; st < matcher.states; st++) {
    stateFrom[st] = quads.length;
    const seen = new Set<string>();
    for (const id of matcher.idsOf(st)) {
      const a = anchorCues[id]!;
      for (const c of a.cues) {
        // 4: the cue runs on whole steps, so where its anchors are in the step does not matter.
        const flags = (c.wordStart ? 1 : 0) | (c.wordEnd ? 2 : 0) | (all[c.cue]?.multiline ? 4 : 0);
        const key = `${c.cue}:${c.bit}:${flags}:${a.length}`;
        if (seen.has(key)) continue;
        seen.add(key);
        quads.push(c.cue, c.bit, flags, a.length);
      }
    }
  }
  stateFrom[matcher.states] = quads.length;
  const tagGroupIds = new Map<string, number>();
  for (const cue of all) {
    const key = `${cue.tag}\u0000${cue.group}`;
    if (!tagGroupIds.has(key)) tagGroupIds.set(key, tagGroupIds.size);
  }
  const satisfiedAt = new Int32Array(all.length).fill(-1);
  let flatLength = 0;
  for (const cue of all) {
    if (!cue.satisfiedBy) continue;
    satisfiedAt[cue.index] = flatLength;
    flatLength += cue.satisfiedBy.length;
  }
  const satisfiedFlat = new Uint8Array(flatLength);
  for (const cue of all) if (cue.satisfiedBy) satisfiedFlat.set(cue.satisfiedBy, satisfiedAt[cue.index]);
  return {
    source,
    name: m.name,
    tags,
    negation,
    recompute: m.recompute,
    negationWords,
    conditionalWords,
    cues: all,
    matcher,
    stateFrom,
    stateEntries: Int32Array.from(quads),
    unanchored,
    satisfiedAt,
    satisfiedFlat,
    posMins: Float64Array.from(all, (c) => c.posMin),
    posMaxs: Float64Array.from(all, (c) => c.posMax),
    afterIds: Int32Array.from(all, (c) => c.afterId),
    searchModes: Int8Array.from(all, (c) => (c.at === 'step-start' ? 1 : c.multiline || c.anchors === null ? 2 : 0)),
    absWeights: Float64Array.from(all, (c) => Math.abs(c.weight)),
    tagGroups: Int32Array.from(all, (c) => tagGroupIds.get(`${c.tag}\u0000${c.group}`)!),
    tagGroupCount: tagGroupIds.size,
    groupIds,
    groupCount: groupIds.size,
    cue: (tag, id) => lookup.get(`${tag}\u0000${id}`),
  };
}

let defaultMerged: Merged | null = null;
let defaultSet: CueSet | null = null;

function defaultBase(): Merged {
  defaultMerged ??= applyFile(null, validateCueFile(defaultCueJson, 'media/cues/default.json'), 'media/cues/default.json');
  return defaultMerged;
}

/** The shipped cue set (media/cues/default.json, bundled), compiled once. */
export function defaultCueSet(): CueSet {
  defaultSet ??= compile(defaultBase(), 'default');
  return defaultSet;
}

/** Compile the JSON of a cue file (already parsed); `source` names it in errors. */
export function cueSetFromJson(json: unknown, source: string): CueSet {
  const file = validateCueFile(json, source);
  const merged = applyFile(file.extends === 'default' ? defaultBase() : null, file, source);
  return compile(merged, source);
}

/** Read, validate and compile a cue file. Throws CueFileError (with the file and the entry) on any problem. */
export function loadCueFile(file: string): CueSet {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CueFileError(file, '', `cannot read: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CueFileError(file, '', `not valid JSON: ${(e as Error).message}`);
  }
  return cueSetFromJson(json, file);
}
