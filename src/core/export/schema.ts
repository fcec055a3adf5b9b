/**
 * The export's boundary shapes: the options (from the CLI, the extension's command, a script) and the
 * report (printed by `helix-curate export --json`, written beside the output as `OUT.report.json`, shown by
 * the extension before it asks to go on). Both are zod schemas so a bad option or a report that drifted from
 * its documented shape fails loudly at the boundary instead of writing a wrong training file.
 */
import { z } from 'zod';
import { DatasetFormat } from '../sample';

export const EXPORT_FORMATS = ['sharegpt', 'openai', 'parquet'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

/**
 * How images leave: `copy` into `images/` beside the output; `link` symlinks there (a copy where the file
 * system refuses links); `reference` keeps each file where it is, written as a path relative to the output's
 * folder. Embedded images (bytes, data URIs) have no file to link or reference: they become files in
 * `images/` in every mode. Parquet always embeds the bytes; `--image-data-uri` (OpenAI) embeds data URIs.
 */
export const IMAGE_MODES = ['copy', 'link', 'reference'] as const;
export const ImageMode = z.enum(IMAGE_MODES);
export type ImageMode = z.infer<typeof ImageMode>;

export const ExportOptions = z.object({
  /** The dataset file (any format the readers take). */
  dataset: z.string().min(1),
  /** Journals to merge (one per curator, or one shared). At least one. */
  journals: z.array(z.string().min(1)).min(1, 'at least one journal (--journal J) is needed: it says which samples were accepted'),
  format: ExportFormat,
  /** The output file (`.jsonl` for sharegpt/openai, `.parquet` for parquet). */
  output: z.string().min(1),
  images: ImageMode.default('copy'),
  /** OpenAI format: images as `data:` URIs inside the messages instead of files. */
  imageDataUri: z.boolean().default(false),
  /** Remove the `<think>…</think>` block from the assistant's answer (default: keep the trace). */
  dropThink: z.boolean().default(false),
  /** Add metadata columns (helix_id, task, difficulty, verdict, strict, tags, curators, notes, decision_status). */
  metadata: z.boolean().default(false),
  /** Only these sample ids (e.g. a saved view's samples). */
  ids: z.array(z.string()).optional(),
  /** Only samples matching this `--where` expression (src/core/query). */
  where: z.string().min(1).optional(),
  /** Responses longer than this many code points (as exported) are excluded. */
  maxChars: z.number().int().positive().optional(),
  /** Run the checks and report; write nothing (an existing output is then no error). */
  checkOnly: z.boolean().default(false),
  /** Overwrite an existing output (without it, an existing output is an error before any work). */
  force: z.boolean().default(false),
  /** Export samples in conflict (curators disagree) when at least one curator accepted them. */
  allowConflicts: z.boolean().default(false),
  /** Export samples whose decision was taken on other content (the row changed since). */
  allowStale: z.boolean().default(false),
  /** Verify every accepted sample for the fail / lenient-pass check (false: skip the check, faster). */
  verify: z.boolean().default(true),
  /** The `dataset_info.json` entry name (sharegpt). Default: the output's file name without extension. */
  datasetName: z.string().min(1).optional(),
  /** Reader options. */
  readerFormat: DatasetFormat.optional(),
  maxRowBytes: z.number().int().positive().optional(),
});
export type ExportOptions = z.infer<typeof ExportOptions>;
export type ExportOptionsInput = z.input<typeof ExportOptions>;

/**
 * What the checks find. Each code has one policy (POLICY): `blocks` excludes the sample, `warns` exports it
 * and reports it, `info` only notes an automatic fix.
 */
export const CHECK_CODES = [
  'unreadable-row',
  'no-response',
  'bad-turns',
  'image-token-mismatch',
  'image-tokens-inserted',
  'missing-image',
  'duplicate-id',
  'duplicate-response',
  'stale-decision',
  'verdict-fail',
  'verdict-lenient',
  'conflict',
  'over-length',
  'think-unclosed',
  'not-in-dataset',
  'journal-problem',
] as const;
export const CheckCode = z.enum(CHECK_CODES);
export type CheckCode = z.infer<typeof CheckCode>;

export type Policy = 'blocks' | 'warns' | 'info';

/**
 * The blocking policy, one line per check (also written into OUT.report.md):
 * - a sample that cannot become a training row blocks: unreadable row, no response, turns that are not
 *   user/assistant alternating, an image/token count that cannot be repaired, a missing or unreadable image,
 *   an unclosed `<think>` with --drop-think (nothing would be left), a response over the length limit;
 * - a decision that may not hold blocks unless asked: stale decisions (--allow-stale), curators in
 *   conflict (--allow-conflicts: exported when at least one curator accepted);
 * - what a curator may have accepted on purpose warns: a failing or lenient verdict, duplicate ids and
 *   duplicate responses (every copy is exported), accepted ids the dataset does not have, journal lines
 *   that could not be read;
 * - `<image>` tokens inserted where the source had none is an automatic fix (info).
 */
export const POLICY: Record<CheckCode, { policy: Policy; allowedBy?: 'allowStale' | 'allowConflicts'; what: string }> = {
  'unreadable-row': { policy: 'blocks', what: 'the row cannot be read (malformed, invalid UTF-8, too large)' },
  'no-response': { policy: 'blocks', what: 'no response (nothing for the assistant turn) or no question' },
  'bad-turns': { policy: 'blocks', what: 'the turns are not user/assistant alternating, ending with the assistant' },
  'image-token-mismatch': { policy: 'blocks', what: 'the messages hold a different non-zero number of <image> tokens than the sample has images' },
  'image-tokens-inserted': { policy: 'info', what: 'the messages had no <image> token: one per image was put at the start of the first user turn' },
  'missing-image': { policy: 'blocks', what: 'an image is missing, refused or unreadable' },
  'duplicate-id': { policy: 'warns', what: 'another accepted sample has the same id (both are exported)' },
  'duplicate-response': { policy: 'warns', what: 'another accepted sample has the same response text (both are exported)' },
  'stale-decision': { policy: 'blocks', allowedBy: 'allowStale', what: 'the decision was taken on other content (the row changed since); --allow-stale exports it' },
  'verdict-fail': { policy: 'warns', what: 'accepted although the verifier says fail' },
  'verdict-lenient': { policy: 'warns', what: 'accepted on a lenient pass (reference passes, strict does not)' },
  conflict: { policy: 'blocks', allowedBy: 'allowConflicts', what: 'curators disagree and nobody adjudicated; --allow-conflicts exports it when one of them accepted' },
  'over-length': { policy: 'blocks', what: 'the response (as exported) is longer than the length limit' },
  'think-unclosed': { policy: 'blocks', what: '--drop-think on a response whose <think> block never closes (no answer would be left)' },
  'not-in-dataset': { policy: 'warns', what: 'a journal accepts an id the dataset does not have' },
  'journal-problem': { policy: 'warns', what: 'a journal line could not be read (it is ignored)' },
};

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const Finding = z.object({
  code: CheckCode,
  /** error: the sample is excluded; warning: exported and reported; info: an automatic fix. */
  severity: Severity,
  /** The sample id; null for findings about a journal file. */
  id: z.string().nullable(),
  /** 1-based line of the row in the dataset (text formats), or of the journal line (journal-problem). */
  line: z.number().int().nullable(),
  /** 1-based sample number in the dataset (`#N`); null when the sample is not in the dataset. */
  row: z.number().int().nullable(),
  message: z.string(),
});
export type Finding = z.infer<typeof Finding>;

/** Findings kept per code (the counts are always complete). Bounds the report on 100k-sample exports. */
export const MAX_FINDINGS_PER_CODE = 1000;

export const ExportCounts = z.object({
  /** Samples in the dataset. */
  samples: z.number().int(),
  /** Samples with a team decision of accept (or a conflict with an accept vote), before the checks. */
  accepted: z.number().int(),
  /** Of those, left out by --ids / --where. */
  filteredOut: z.number().int(),
  /** Samples the checks let through (what is, or would be, written). */
  exportable: z.number().int(),
  /** Samples a blocking check excluded. */
  excluded: z.number().int(),
  /** Samples whose curators disagree (any decision). */
  conflicts: z.number().int(),
  /** Samples actually written (0 for --check-only and before writing). */
  written: z.number().int(),
});
export type ExportCounts = z.infer<typeof ExportCounts>;

export const WrittenFiles = z.object({
  output: z.string(),
  outputBytes: z.number().int(),
  /** Image files written into images/ (new or rewritten), symlinks included. */
  imageFiles: z.number().int(),
  imageBytes: z.number().int(),
  /** images/ folder (null when no file went there). */
  imagesDir: z.string().nullable(),
  /** dataset_info.json (sharegpt), else null. */
  datasetInfo: z.string().nullable(),
  reportJson: z.string(),
  reportMd: z.string(),
  /** Images that could not be symlinked and were copied instead (link mode). */
  linkFallbacks: z.number().int(),
});
export type WrittenFiles = z.infer<typeof WrittenFiles>;

export const ExportReport = z.object({
  version: z.literal(1),
  dataset: z.string(),
  journals: z.array(z.string()),
  format: ExportFormat,
  output: z.string(),
  options: z.object({
    images: ImageMode,
    imageDataUri: z.boolean(),
    dropThink: z.boolean(),
    metadata: z.boolean(),
    ids: z.number().int().nullable(),
    where: z.string().nullable(),
    maxChars: z.number().int().nullable(),
    allowConflicts: z.boolean(),
    allowStale: z.boolean(),
    verify: z.boolean(),
  }),
  /** `checked`: the pre-export report (nothing written); `written`: after a complete export; `cancelled`. */
  stage: z.enum(['checked', 'written', 'cancelled']),
  counts: ExportCounts,
  /** Per check code: how many findings in all, and how many are listed in `findings`. */
  findingCounts: z.record(z.string(), z.object({ total: z.number().int(), listed: z.number().int() })),
  findings: z.array(Finding),
  /** The policy in force for each code (blocks / warns / info), after --allow-* options. */
  policy: z.record(z.string(), z.enum(['blocks', 'warns', 'info'])),
  written: WrittenFiles.nullable(),
  timings: z.object({ checkMs: z.number(), writeMs: z.number() }),
});
export type ExportReport = z.infer<typeof ExportReport>;

/** The effective policy of a code under the options (an --allow-* option turns a block into a warning). */
export function effectivePolicy(code: CheckCode, options: Pick<ExportOptions, 'allowStale' | 'allowConflicts'>): Policy {
  const p = POLICY[code];
  if (p.allowedBy && options[p.allowedBy]) return 'warns';
  return p.policy;
}

export function severityOf(policy: Policy): Severity {
  return policy === 'blocks' ? 'error' : policy === 'warns' ? 'warning' : 'info';
}
