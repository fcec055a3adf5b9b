/**
 * The analysers the dataset engine needs per sample (verify, tag, hash, the detail view): loaded by the
 * engine as a separate chunk (dist/curatorWorker-analysis.js) after the first rows of the index are out,
 * so the worker starts indexing without first compiling every verifier and the cue set.
 */
import { buildBoard } from '../../core/boards';
import { listVerdictOf, sampleFacts, type VerdictStatus } from '../../core/facts';
import { contentHash } from '../../core/journal';
import type { Sample } from '../../core/sample';
import { defaultCueSet, loadCueFile, type CueSet } from '../../core/trace/cues';
import { analyseTrace } from '../../core/trace/analyse';
import { TAGS, type Tag } from '../../core/trace/cueSchema';
import { verifySample } from '../../core/verify/pipeline';
import type { ListVerdict, StepTagEdit } from '../../protocol/curator';
import { buildSampleDetail, type DetailParts } from './detail';

export { contentHash };

/** The list verdict of a sample: mismatch first, then lenient, then the reference status (see core/facts.ts). */
export function listVerdict(sample: Sample, verdict: ReturnType<typeof verifySample>): ListVerdict {
  return listVerdictOf(sample, verdict);
}

/** The cue set: a user's cue file (throws CueFileError) or the bundled one. */
export function cueSet(file: string | null): CueSet {
  return file === null ? defaultCueSet() : loadCueFile(file);
}

export function bundledCues(): CueSet {
  return defaultCueSet();
}

export interface SampleSummary {
  verdict: ListVerdict;
  /** Steps per tag, in TAGS order. */
  counts: number[];
  hash: string;
  reference: VerdictStatus | null;
  strict: VerdictStatus | null;
  steps: number;
  firstReflection: number | null;
}

/** The list's and the insight's columns for one sample (from `sampleFacts`). */
export function summarise(sample: Sample, cues: CueSet): SampleSummary {
  const f = sampleFacts(sample, cues);
  return {
    verdict: f.verdict,
    counts: TAGS.map((t) => f.tags[t]),
    hash: f.hash,
    reference: f.reference,
    strict: f.strict,
    steps: f.steps,
    firstReflection: f.firstReflection === null ? null : Math.min(1, Math.max(0, f.firstReflection)),
  };
}

/** The tagger's tags of every step of the response (for step-tag agreement); null without a response. */
export function autoTags(sample: Sample, cues: CueSet): Tag[][] | null {
  if (sample.response === null) return null;
  return analyseTrace(sample.response, cues).steps.map((s) => s.tags);
}

export function detail(sample: Sample, ordinal: number, cues: CueSet, tagEdits: readonly StepTagEdit[]): DetailParts {
  return buildSampleDetail(sample, ordinal, { cues, contentHash: contentHash(sample), tagEdits, board: buildBoard });
}
