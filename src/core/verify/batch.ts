/**
 * Verifying many samples: the loop a worker thread (or the main thread, for small files) runs over a
 * slice of a dataset's index, and the JSON line the CLI prints per sample.
 */
import { z } from 'zod';
import { iterateSamples, type DatasetReader, type IndexEntry } from '../readers/types';
import type { Problem } from '../sample';
import { OffsetConverter } from '../trace/offsets';
import { EXTRACTION_RULES } from './extract';
import { modeVerdict, verifySample, type Verdict, type VerifyMode } from './pipeline';

export interface VerifyResult {
  ordinal: number;
  id: string;
  line: number | null;
  category: string | null;
  questionText: string;
  /** null: the sample has no response (nothing to verify) or could not be read (see `error`). */
  verdict: Verdict | null;
  /** The row could not be read: the reader's message (file and line). */
  error: string | null;
  /** The extracted answer's span in Unicode code points (what leaves the process as data, as in `tag --json`). */
  codePointSpan: [number, number] | null;
  /** The sample's problems (missing or refused images, ...); [] when it could not be read. */
  problems: Problem[];
}

/** A verdict's extracted span converted to code points of the response. */
export function codePointSpan(response: string | null, span: [number, number] | null): [number, number] | null {
  if (!span || response === null) return span;
  const c = new OffsetConverter(response);
  return c.identity ? span : [c.toCodePoint(span[0]), c.toCodePoint(span[1])];
}

export async function verifyEntries(reader: DatasetReader, entries: readonly IndexEntry[], onResult: (r: VerifyResult) => void, signal?: AbortSignal): Promise<void> {
  for await (const { entry, sample, error } of iterateSamples(reader, entries)) {
    if (signal?.aborted) return;
    const base = { ordinal: entry.ordinal, id: entry.id, line: entry.line ?? null };
    if (error) onResult({ ...base, category: entry.task, questionText: '', verdict: null, error: error.message, codePointSpan: null, problems: [] });
    else {
      const verdict = verifySample(sample);
      onResult({ ...base, category: sample.task, questionText: sample.questionText ?? '', verdict, error: null, codePointSpan: codePointSpan(sample.response, verdict?.extractedSpan ?? null), problems: sample.problems });
    }
  }
}

/** One line of `helix-curate verify --json`. */
export const VerifyLine = z.object({
  id: z.string(),
  task: z.string().nullable(),
  line: z.number().int().nullable(),
  /** The verdict of the chosen mode (default reference). */
  verdict: z.enum(['pass', 'fail', 'error', 'unsupported']),
  /** The strict verdict (always computed). */
  strict: z.enum(['pass', 'fail', 'error', 'unsupported']),
  reference: z.enum(['pass', 'fail', 'error', 'unsupported']),
  extracted: z.string(),
  /** `[start, end)` of the extracted answer in the response, in Unicode code points (as Python indexes). */
  extractedSpan: z.tuple([z.number().int(), z.number().int()]).nullable(),
  rule: z.enum(EXTRACTION_RULES),
  /** The reason of the chosen mode's verdict (null on a plain pass). */
  reason: z.string().nullable(),
  strictReason: z.string().nullable(),
  lenient: z.string().nullable(),
  mismatch: z.object({ stored: z.boolean(), rerun: z.boolean() }).nullable(),
});
export type VerifyLine = z.infer<typeof VerifyLine>;

export function toVerifyLine(r: VerifyResult & { verdict: Verdict }, mode: VerifyMode): VerifyLine {
  const v = r.verdict;
  const chosen = modeVerdict(v, mode);
  return {
    id: v.id,
    task: v.task,
    line: r.line,
    verdict: chosen.status,
    strict: v.strict.status,
    reference: v.reference.status,
    extracted: v.extracted,
    extractedSpan: r.codePointSpan,
    rule: v.rule,
    reason: chosen.reason,
    strictReason: v.strict.reason,
    lenient: v.lenient,
    mismatch: v.mismatch,
  };
}
