/**
 * The trace analyser: one pure function from a response text to its split, its tagged steps and its
 * statistics, plus the same over a whole dataset. Spans are UTF-16 offsets into the response; use
 * `toCodePointSteps` (or `OffsetConverter`) for output that leaves the process.
 */
import { z } from 'zod';
import type { DatasetIndex, DatasetReader } from '../readers/types';
import { RowError } from '../readers/types';
import type { Sample } from '../sample';
import { defaultCueSet, type CueSet } from './cues';
import { Tag } from './cueSchema';
import { OffsetConverter } from './offsets';
import { segmentSteps } from './segment';
import { splitResponse, type TraceSplit } from './split';
import { measureTokens, TraceDatasetStats, TraceStats, TraceStatsAccumulator, traceStats } from './stats';
import { tagStepsOf, type TaggedStep } from './tagger';

export interface TraceAnalysis {
  split: TraceSplit;
  steps: TaggedStep[];
  stats: TraceStats;
}

/** Split, segment, tag and measure one response. */
export function analyseTrace(response: string, cues: CueSet = defaultCueSet()): TraceAnalysis {
  const split = splitResponse(response);
  // The token count reads every character anyway: it also says whether the tagger may run on the text itself.
  const tokens = measureTokens(response, split);
  // The anchor matcher also finds where answers may be stated in the thinking, for the statistics.
  const hints: number[] = [];
  const steps = tagStepsOf(response, segmentSteps(response, split.think), cues, {}, !tokens.changed, hints);
  return { split, steps, stats: traceStats(response, split, steps, tokens, hints) };
}

/** One cue behind a tag, in an output line. */
export const CueHitJson = z.object({ tag: Tag, cue: z.string(), start: z.number().int(), end: z.number().int(), weight: z.number() });

export const StepJson = z.object({
  index: z.number().int(),
  /** `[start, end)` in code points of the response. */
  start: z.number().int(),
  end: z.number().int(),
  tags: z.array(Tag),
  cues: z.array(CueHitJson),
});
export type StepJson = z.infer<typeof StepJson>;

/** A line of `helix-curate tag --json`: offsets in code points into the sample's response. */
export const TagLine = z.object({
  id: z.string(),
  steps: z.array(StepJson),
  /** null when the sample has no response, or its row cannot be read (then `error` says why). */
  stats: TraceStats.nullable(),
  error: z.string().optional(),
});
export type TagLine = z.infer<typeof TagLine>;

/** The steps with code point offsets (Python string offsets), for output. */
export function toCodePointSteps(response: string, steps: readonly TaggedStep[]): StepJson[] {
  const conv = new OffsetConverter(response);
  const cp = (n: number) => conv.toCodePoint(n);
  return steps.map((s) => ({
    index: s.index,
    start: cp(s.start),
    end: cp(s.end),
    tags: [...s.tags],
    cues: s.cues.map((c) => ({ tag: c.tag, cue: c.cue, start: cp(c.start), end: cp(c.end), weight: c.weight })),
  }));
}

/** The output line for a sample (its `response`, or no steps when it has none). */
export function tagLine(sample: Pick<Sample, 'id' | 'response'>, cues: CueSet = defaultCueSet()): TagLine {
  if (sample.response === null) return { id: sample.id, steps: [], stats: null };
  const a = analyseTrace(sample.response, cues);
  return { id: sample.id, steps: toCodePointSteps(sample.response, a.steps), stats: a.stats };
}

export interface TraceDatasetOptions {
  cues?: CueSet;
  onProgress?: (done: number, total: number) => void;
  /** Each sample's line, in file order (the CLI prints them). */
  onLine?: (line: TagLine) => void;
  signal?: AbortSignal;
}

/** Analyse every sample of an index: per-task and per-difficulty distributions. Bad rows are counted, not fatal. */
export async function computeTraceDatasetStats(reader: DatasetReader, index: DatasetIndex, options: TraceDatasetOptions = {}): Promise<TraceDatasetStats> {
  const cues = options.cues ?? defaultCueSet();
  const acc = new TraceStatsAccumulator(index.file, cues.source);
  const total = index.entries.length;
  let last = 0;
  for (const entry of index.entries) {
    if (options.signal?.aborted) throw new Error('cancelled');
    const where = entry.line !== undefined ? { line: entry.line } : {};
    if (entry.error) {
      acc.addBad({ ordinal: entry.ordinal, ...where, id: entry.id, error: entry.error });
      options.onLine?.({ id: entry.id, steps: [], stats: null, error: entry.error });
    } else {
      let sample: Sample | null = null;
      try {
        sample = await reader.loadSample(entry);
      } catch (e) {
        const error = e instanceof RowError ? e.detail : e instanceof Error ? e.message : String(e);
        acc.addBad({ ordinal: entry.ordinal, ...where, id: entry.id, error });
        options.onLine?.({ id: entry.id, steps: [], stats: null, error });
      }
      if (sample) {
        const line = tagLine(sample, cues);
        acc.add(sample.task, sample.difficulty, line.stats);
        options.onLine?.(line);
      }
    }
    if (options.onProgress && entry.ordinal - last >= 200) {
      last = entry.ordinal;
      options.onProgress(entry.ordinal, total);
    }
  }
  options.onProgress?.(total, total);
  return acc.result();
}
