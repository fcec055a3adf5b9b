/**
 * The per-sample facts every batch feature filters and aggregates on: `helix-curate decide --where`, the
 * export checks, the dataset insight and the curator list's summary columns. One place computes the verdict
 * (verify) and the trace measures (split, segment, tag), so a count in the insight report, a filter in the
 * curator and a `--where` expression can never disagree on what "mismatch" or "two backtracks" means.
 *
 * Pure and total: analyser failures never escape (a verifier that throws makes the verdict `error`, a tagger
 * failure leaves zero tags), so one odd row never stops a batch run over 100k samples.
 */
import { contentHash } from './journal/hash';
import type { Sample } from './sample';
import { analyseTrace } from './trace/analyse';
import type { CueSet } from './trace/cues';
import { TAGS, type Tag } from './trace/cueSchema';
import { codePointLength } from './trace/offsets';
import { approxTokens } from './trace/stats';
import { verifySample, type Verdict } from './verify/pipeline';

/**
 * A sample's verdict as one status (the curator protocol's `ListVerdict` without `pending`): a stored
 * verdict that disagrees with the re-run (`mismatch`) first, then a lenient pass, then the reference status;
 * `none` when there is no response to judge.
 */
export const FACT_VERDICTS = ['pass', 'fail', 'lenient', 'mismatch', 'error', 'unsupported', 'none'] as const;
export type ListVerdict = (typeof FACT_VERDICTS)[number];

export const VERDICT_STATUSES = ['pass', 'fail', 'error', 'unsupported'] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

export interface SampleFacts {
  id: string;
  task: string | null;
  difficulty: string | null;
  /** mismatch > lenient > reference status; `none` without a response. */
  verdict: ListVerdict;
  /** Status of each verifier mode; null without a response. */
  reference: VerdictStatus | null;
  strict: VerdictStatus | null;
  mismatch: boolean;
  lenient: boolean;
  /** Steps carrying each tag. */
  tags: Record<Tag, number>;
  steps: number;
  /** Code points of the response (Python's `len`). */
  chars: number;
  /** `approxTokens` of the response (a word-piece estimate, see trace/stats.ts). */
  tokens: number;
  reflectiveSteps: number;
  backtracks: number;
  /** Relative position of the first reflective step (0..1); null without one. */
  firstReflection: number | null;
  /** The trace stated a different answer before its final one. */
  revised: boolean;
  images: number;
  /** `contentHash(sample)`: what a journal decision on this sample is compared against. */
  hash: string;
}

/** The list verdict of a sample from its verdict (`verifySample`'s result; null without a response). */
export function listVerdictOf(sample: Pick<Sample, 'response'>, verdict: Verdict | null): ListVerdict {
  if (sample.response === null || verdict === null) return 'none';
  if (verdict.mismatch) return 'mismatch';
  if (verdict.lenient !== null) return 'lenient';
  return verdict.reference.status;
}

/** Zero steps for every tag, in TAGS order. */
export function zeroTagCounts(): Record<Tag, number> {
  return Object.fromEntries(TAGS.map((t) => [t, 0])) as Record<Tag, number>;
}

/** Verify, analyse and hash one sample. Never throws on content (see the module comment). */
/**
 * Verify the sample and fill in the verdict fields of `facts` (verdict, reference, strict, mismatch,
 * lenient). A verifier that throws makes the sample `error` (the detail view reports the failure). For a
 * sample with a response; callers that need the verdict without the tagger (the export) use it alone.
 */
export function setVerdictFacts(facts: SampleFacts, sample: Sample): void {
  try {
    const v = verifySample(sample);
    facts.verdict = listVerdictOf(sample, v);
    if (v) {
      facts.reference = v.reference.status;
      facts.strict = v.strict.status;
      facts.mismatch = v.mismatch !== null;
      facts.lenient = v.lenient !== null;
    }
  } catch {
    facts.verdict = 'error';
    facts.reference = 'error';
    facts.strict = 'error';
  }
}

export function sampleFacts(sample: Sample, cues: CueSet): SampleFacts {
  const facts: SampleFacts = {
    id: sample.id,
    task: sample.task,
    difficulty: sample.difficulty,
    verdict: 'none',
    reference: null,
    strict: null,
    mismatch: false,
    lenient: false,
    tags: zeroTagCounts(),
    steps: 0,
    chars: 0,
    tokens: 0,
    reflectiveSteps: 0,
    backtracks: 0,
    firstReflection: null,
    revised: false,
    images: sample.images.length,
    hash: contentHash(sample),
  };
  const response = sample.response;
  if (response === null) return facts;
  setVerdictFacts(facts, sample);

  try {
    const { stats } = analyseTrace(response, cues);
    for (const t of TAGS) facts.tags[t] = stats.tags[t];
    facts.steps = stats.steps;
    facts.chars = stats.chars;
    facts.tokens = stats.approxTokens;
    facts.reflectiveSteps = stats.reflectiveSteps;
    facts.backtracks = stats.backtracks;
    facts.firstReflection = stats.firstReflection?.relative ?? null;
    facts.revised = stats.answerRevised;
  } catch {
    // Counted as no tags and no steps; the sizes do not depend on the tagger.
    facts.chars = codePointLength(response);
    facts.tokens = approxTokens(response);
  }
  return facts;
}
