/**
 * The analysers the dataset engine needs per sample (verify, tag, hash, the detail view): loaded by the
 * engine as a separate chunk (dist/curatorWorker-analysis.js) after the first rows of the index are out,
 * so the worker starts indexing without first compiling every verifier and the cue set.
 */
import { buildBoard } from '../../core/boards';
import { contentHash } from '../../core/journal';
import type { Sample } from '../../core/sample';
import { analyseTrace } from '../../core/trace/analyse';
import { defaultCueSet, loadCueFile, type CueSet } from '../../core/trace/cues';
import { TAGS } from '../../core/trace/cueSchema';
import { verifySample } from '../../core/verify/pipeline';
import type { ListVerdict, StepTagEdit } from '../../protocol/curator';
import { buildSampleDetail, type DetailParts } from './detail';

export { contentHash };

/** The list verdict of a sample: mismatch first, then lenient, then the reference status. */
export function listVerdict(sample: Sample, verdict: ReturnType<typeof verifySample>): ListVerdict {
  if (sample.response === null || verdict === null) return 'none';
  if (verdict.mismatch) return 'mismatch';
  if (verdict.lenient !== null) return 'lenient';
  return verdict.reference.status;
}

/** The cue set: a user's cue file (throws CueFileError) or the bundled one. */
export function cueSet(file: string | null): CueSet {
  return file === null ? defaultCueSet() : loadCueFile(file);
}

export function bundledCues(): CueSet {
  return defaultCueSet();
}

/** The list's columns for one sample: verdict, steps per tag (in TAGS order), content hash. */
export function summarise(sample: Sample, cues: CueSet): { verdict: ListVerdict; counts: number[]; hash: string } {
  let verdict: ListVerdict;
  try {
    verdict = listVerdict(sample, verifySample(sample));
  } catch {
    verdict = 'error';
  }
  const counts = new Array<number>(TAGS.length).fill(0);
  if (sample.response !== null) {
    try {
      const a = analyseTrace(sample.response, cues);
      TAGS.forEach((t, i) => (counts[i] = a.stats.tags[t]));
    } catch {
      // Counted as no tags; the detail view reports the analyser's failure.
    }
  }
  return { verdict, counts, hash: contentHash(sample) };
}

export function detail(sample: Sample, ordinal: number, cues: CueSet, tagEdits: readonly StepTagEdit[]): DetailParts {
  return buildSampleDetail(sample, ordinal, { cues, contentHash: contentHash(sample), tagEdits, board: buildBoard });
}
