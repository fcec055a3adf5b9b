/**
 * The cue file: the data the reflection tagger runs on (`media/cues/default.json` is the shipped one).
 * Users copy it and edit it, or write a small file with `"extends": "default"` that adds, replaces
 * (same `id`) or disables cues of the default set. The CLI takes it with `--cues FILE`; the core API takes
 * a compiled `CueSet` (see cues.ts).
 */
import { z } from 'zod';

export const TAGS = ['verification', 'backtracking', 'subgoal', 'backward_chaining', 'correction'] as const;
export const Tag = z.enum(TAGS);
export type Tag = z.infer<typeof Tag>;

/** The behaviours counted as reflection in the statistics (the other two are planning behaviours). */
export const REFLECTION_TAGS: readonly Tag[] = ['verification', 'backtracking', 'correction'];

export const CUE_SCHEMA_VERSION = 1;

export const CueEntry = z
  .object({
    /** Unique in its tag, e.g. `let-me-double-check`; what the webview and the CLI show as the reason. */
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'use letters, digits and . _ / - (no spaces)'),
    /**
     * A JavaScript regular expression (matched case-insensitively, on text where curly quotes are
     * straightened). Give `pattern` or `phrases`, not both.
     */
    pattern: z.string().min(1).optional(),
    /**
     * Literal phrases (case-insensitive; a space matches any whitespace, `'` also matches `’`, a hyphen is
     * optional; whole words at both ends).
     */
    phrases: z.array(z.string().min(1)).min(1).optional(),
    /** Evidence for the tag; negative weights suppress it. */
    weight: z.number().finite(),
    /** Cues of one group count once per step (the largest weight). Default: the cue's own id. */
    group: z.string().min(1).optional(),
    /** Where the match must start: anywhere (default), at the start of a sentence, or of the step. */
    at: z.enum(['anywhere', 'sentence-start', 'step-start']).optional(),
    /** Whether a negation just before it in the same clause ("no need to", "I won't") cancels it. Default true. */
    negatable: z.boolean().optional(),
    /** Only when the previous step matched a cue of this group (in any tag), e.g. `failure`. */
    after: z.string().min(1).optional(),
    /** Only in steps whose relative position in the thinking (0 = first step, 1 = last) is within [min, max]. */
    position: z.object({ min: z.number().min(0).max(1).optional(), max: z.number().min(0).max(1).optional() }).strict().optional(),
    /** Why this cue means what it means (shown to curators). */
    note: z.string().optional(),
  })
  .strict()
  .refine((c) => (c.pattern === undefined) !== (c.phrases === undefined), { message: 'give exactly one of "pattern" and "phrases"' });
export type CueEntry = z.infer<typeof CueEntry>;

export const TagRules = z
  .object({
    /** The step gets the tag when the sum of its groups' weights reaches this. Optional with `extends`. */
    threshold: z.number().positive().optional(),
    cues: z.array(CueEntry).default([]),
    /** With `extends`: ids of inherited cues to drop. */
    disable: z.array(z.string()).optional(),
    note: z.string().optional(),
  })
  .strict();
export type TagRules = z.infer<typeof TagRules>;

export const NegationRules = z
  .object({
    /** A regular expression that, found in the clause before a cue (within `window` characters), cancels it. */
    pattern: z.string().min(1),
    /** A regular expression for clause boundaries: the search for a negation stops at the last one. */
    boundary: z.string().min(1),
    window: z.number().int().positive().max(400),
    /**
     * Conditional or procedural context ("whenever I'm stuck, undo the last choice", "if this fails I'll
     * backtrack"): found earlier in the same sentence, it cancels the cues of these tags.
     */
    conditional: z.object({ pattern: z.string().min(1), tags: z.array(z.enum(TAGS)).min(1) }).strict().optional(),
  })
  .strict();

export const Detectors = z
  .object({
    /**
     * Re-computation: a step that works out an arithmetic expression (`a op b = c`) already worked out in
     * an earlier step is re-checking it. Adds `weight` to `tag` under `group`.
     */
    recompute: z
      .object({ enabled: z.boolean(), tag: Tag, group: z.string().min(1), weight: z.number().finite() })
      .strict()
      .optional(),
  })
  .strict();

export const CueFile = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z.literal(CUE_SCHEMA_VERSION, { message: `schemaVersion must be ${CUE_SCHEMA_VERSION}` }),
    name: z.string().optional(),
    description: z.string().optional(),
    /** `"default"`: start from the shipped cue set and apply this file on top of it. */
    extends: z.literal('default').optional(),
    negation: NegationRules.optional(),
    detectors: Detectors.optional(),
    tags: z
      .object({
        verification: TagRules.optional(),
        backtracking: TagRules.optional(),
        subgoal: TagRules.optional(),
        backward_chaining: TagRules.optional(),
        correction: TagRules.optional(),
      })
      .strict(),
  })
  .strict();
export type CueFile = z.infer<typeof CueFile>;
