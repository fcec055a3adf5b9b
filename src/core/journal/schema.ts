/**
 * The curation journal's line schema. The journal is an append-only JSONL file; each line is the FULL
 * current state of one (sample, curator) pair: decision, the complete list of step-tag edits (net edits
 * relative to the automatic tags) and the note. The latest line per sample and curator wins (file order,
 * see state.ts); nothing is ever rewritten in place.
 *
 * Lines are read with `.loose()` objects, so fields written by a later version survive a read-modify-append
 * (e.g. a restored line in undo keeps them).
 */
import { z } from 'zod';
import { Tag } from '../trace/cueSchema';

export const JOURNAL_VERSION = 1;

export const DECISIONS = ['accept', 'reject', 'flag', 'clear'] as const;
/** `clear` withdraws a decision: the sample is undecided again (its tag edits and note may remain). */
export const Decision = z.enum(DECISIONS);
export type Decision = z.infer<typeof Decision>;

export const TAG_EDIT_OPS = ['add', 'remove'] as const;

/** One curator correction of the automatic tagger: add or remove `tag` on step `step` (0-based). */
export const StepTagEdit = z.object({
  step: z.number().int().nonnegative(),
  tag: Tag,
  op: z.enum(TAG_EDIT_OPS),
});
export type StepTagEdit = z.infer<typeof StepTagEdit>;

/** Longest line `appendJournal` writes (and `readJournal` reads; longer lines are reported and skipped). */
export const MAX_JOURNAL_LINE_BYTES = 1024 * 1024;

export const JournalLine = z.looseObject({
  /** Line format version. */
  v: z.literal(JOURNAL_VERSION),
  /** When the line was written (ISO 8601). Informational only: order is file order, not `ts`. */
  ts: z.iso.datetime({ offset: true }),
  curator: z.string().min(1),
  sampleId: z.string(),
  /** `contentHash(sample)` (hash.ts) when the decision was taken: a mismatch later means the decision is stale. */
  contentHash: z.string().regex(/^[0-9a-f]{8,128}$/, 'expected lowercase hex (8 to 128 digits)'),
  decision: Decision,
  /** Net step-tag edits relative to the automatic tags (at most one per step and tag). */
  tags: z.array(StepTagEdit),
  note: z.string(),
  /** The dataset's file name (no folder), for journals kept in a shared folder. */
  dataset: z
    .string()
    .min(1)
    .refine((s) => !/[/\\]/.test(s), 'expected a file name without a folder')
    .optional(),
  /**
   * The curator's FINAL decision for the team (an adjudicator's ruling over conflicting votes, see
   * src/core/team): the latest non-clear adjudication line of any curator decides the sample.
   */
  adjudication: z.literal(true).optional(),
});
export type JournalLine = z.infer<typeof JournalLine>;

export interface NewLineFields {
  curator: string;
  sampleId: string;
  contentHash: string;
  decision: Decision;
  tags?: readonly StepTagEdit[];
  note?: string;
  /** The dataset file name (a path is reduced to its base name by the caller: see `journalDatasetName`). */
  dataset?: string;
  /** An adjudicator's ruling (the team's final decision), see `JournalLine.adjudication`. */
  adjudication?: true;
}

/** A fresh journal line (version and timestamp filled in). */
export function journalLine(fields: NewLineFields, now: Date = new Date()): JournalLine {
  const line: JournalLine = {
    v: JOURNAL_VERSION,
    ts: now.toISOString(),
    curator: fields.curator,
    sampleId: fields.sampleId,
    contentHash: fields.contentHash,
    decision: fields.decision,
    tags: [...(fields.tags ?? [])],
    note: fields.note ?? '',
  };
  if (fields.dataset !== undefined) line.dataset = fields.dataset;
  if (fields.adjudication === true) line.adjudication = true;
  return line;
}

/** The first problem with an edit list that would make the line ambiguous (two edits of one step and tag), or null. */
export function tagEditsProblem(edits: readonly StepTagEdit[]): string | null {
  const seen = new Set<string>();
  for (const e of edits) {
    const key = `${e.step}\u0000${e.tag}`;
    if (seen.has(key)) return `two edits of tag "${e.tag}" on step ${e.step} (a line holds the net edits, at most one per step and tag)`;
    seen.add(key);
  }
  return null;
}

/** A zod issue as `field \`a.b[0]\`: message`. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return where ? `field \`${where}\`: ${issue.message}` : issue.message;
}
