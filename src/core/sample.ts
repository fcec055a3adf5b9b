/**
 * The one normalised shape every part of Helix Curator speaks.
 *
 * Readers turn rows (JSONL lines, JSON array elements, Parquet rows, TSV records) into `Sample`s via
 * `normalizeRow` (normalize.ts). Analysers, views, the CLI and the language server only ever see `Sample`.
 */
import { z } from 'zod';

export const DATASET_FORMATS = ['jsonl', 'json', 'parquet', 'tsv', 'csv'] as const;
export const DatasetFormat = z.enum(DATASET_FORMATS);
export type DatasetFormat = z.infer<typeof DatasetFormat>;

/** Which row shape a sample came from. */
export const ROW_KINDS = ['benchmark', 'evaluation', 'sharegpt', 'openai', 'response', 'unknown'] as const;
export const RowKind = z.enum(ROW_KINDS);
export type RowKind = z.infer<typeof RowKind>;

/**
 * An image reference, resolved against the dataset's folder.
 * - `file`: a relative path inside the dataset folder; `absPath` is set when it resolved safely.
 * - `bytes`: embedded bytes (Parquet `{bytes, path}` structs, base64 in JSON).
 * - `dataUri`: a `data:image/...;base64,...` URI.
 * `error` says why the image cannot be shown (refused path, missing file, bad encoding); the sample
 * itself stays usable.
 */
export const ImageRef = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    path: z.string(),
    absPath: z.string().optional(),
    error: z.string().optional(),
  }),
  z.object({
    kind: z.literal('bytes'),
    bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes'),
    mime: z.string(),
    path: z.string().optional(),
    error: z.string().optional(),
  }),
  z.object({
    kind: z.literal('dataUri'),
    uri: z.string(),
    mime: z.string(),
    error: z.string().optional(),
  }),
]);
export type ImageRef = z.infer<typeof ImageRef>;

/** A chat turn, normalised from ShareGPT (`from`/`value`), LLaMA-Factory/OpenAI (`role`/`content`, content parts). */
export const Message = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool', 'other']),
  /** The text of the turn; image parts become `<image>` tokens, so counts stay comparable with `images`. */
  content: z.string(),
  /** The role as written in the file, when it is not one of the normalised roles (e.g. `gpt`, `human`). */
  rawRole: z.string().optional(),
});
export type Message = z.infer<typeof Message>;

/** A verdict, score or reward already stored in the row. */
export const StoredVerdict = z.object({
  /** The column it came from (`verdict`, `correct`, `is_correct`, `score`, `reward`, `verified`, `hit`, ...). */
  field: z.string(),
  /** The value exactly as stored. */
  value: z.unknown(),
  /** Its reading as pass (true) / fail (false), or null when it cannot be read as either. */
  pass: z.boolean().nullable(),
});
export type StoredVerdict = z.infer<typeof StoredVerdict>;

export const Problem = z.object({
  severity: z.enum(['error', 'warning']),
  /** The field concerned, e.g. `images[1]`, `messages`. */
  field: z.string().optional(),
  message: z.string(),
});
export type Problem = z.infer<typeof Problem>;

export const SampleSource = z.object({
  /** Absolute path of the dataset file. */
  file: z.string(),
  format: DatasetFormat,
  /** 0-based position of the sample in the file. */
  ordinal: z.number().int().nonnegative(),
  /** 1-based line where the row starts (JSONL, JSON, TSV/CSV). */
  line: z.number().int().positive().optional(),
  /** Byte range of the row in the file, `[start, end)`. */
  byteStart: z.number().int().nonnegative().optional(),
  byteEnd: z.number().int().nonnegative().optional(),
  /** Parquet: row group and row within it. */
  rowGroup: z.number().int().nonnegative().optional(),
  rowInGroup: z.number().int().nonnegative().optional(),
});
export type SampleSource = z.infer<typeof SampleSource>;

export const Sample = z.object({
  id: z.string(),
  /** MM-HELIX `category` (e.g. `maze`, `24Points`), or the row's `task`. */
  task: z.string().nullable(),
  /** Difficulty as a string (`"1"`..`"5"` in MM-HELIX; benchmark rows store integers). */
  difficulty: z.string().nullable(),
  kind: RowKind,
  /** The question shown to the model (with `<image>` tokens for SFT rows). */
  question: z.string().nullable(),
  /** MM-HELIX `question_text`: the text-only version of the question. */
  questionText: z.string().nullable(),
  images: z.array(ImageRef),
  /** The ground-truth answer (MM-HELIX `answer`), as a string. */
  groundTruth: z.string().nullable(),
  /** MM-HELIX `initial_state`, as stored (a string, an object, or null). */
  initialState: z.unknown(),
  /** MM-HELIX `metric_info`, decoded when it was a string holding a dict. */
  metricInfo: z.record(z.string(), z.unknown()).nullable(),
  /** `metric_info.score_function`: which verifier judges the answer. */
  scoreFunction: z.string().nullable(),
  /** The response/trace: the `prediction`, the last assistant message, or the `response` field. */
  response: z.string().nullable(),
  /** Where `response` came from: the field name, or `messages[i]`. */
  responseField: z.string().nullable(),
  messages: z.array(Message).nullable(),
  storedVerdict: StoredVerdict.nullable(),
  /** Every field the normaliser did not consume, untouched. */
  extra: z.record(z.string(), z.unknown()),
  /** Problems found while normalising (missing image, unreadable field); the sample is still usable. */
  problems: z.array(Problem),
  source: SampleSource,
});
export type Sample = z.infer<typeof Sample>;
