/**
 * Sample -> Verdict: escape normalisation, extraction, initial_state decoding, dispatch, both modes,
 * the lenient-pass explanation and the stored-verdict mismatch check. Pure: no I/O beyond what a task
 * verifier needs (the WordLadder word list, loaded once).
 */
import { z } from 'zod';
import type { Sample } from '../sample';
import { extractAnswer, EXTRACTION_RULES } from './extract';
import { decodeInitialState, normalizeEscapes } from './input';
import { TASKS, verifierForCategory, verifierForScoreFunction } from './registry';
import { guarded, type Check, type TaskVerifier, type VerifyInput } from './types';

export const LocationSchema = z.object({
  kind: z.enum(['cell', 'row', 'col', 'region', 'move', 'edge', 'node', 'word', 'token', 'line', 'clue']),
  row: z.number().int().optional(),
  col: z.number().int().optional(),
  index: z.number().int().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  label: z.string().optional(),
});

export const ModeVerdict = z.object({
  status: z.enum(['pass', 'fail', 'error', 'unsupported']),
  reason: z.string().nullable(),
  locations: z.array(LocationSchema),
  crashed: z.boolean(),
});
export type ModeVerdict = z.infer<typeof ModeVerdict>;

export const Verdict = z.object({
  id: z.string(),
  task: z.string().nullable(),
  /** The score function that judged the sample (null when unsupported). */
  scoreFunction: z.string().nullable(),
  reference: ModeVerdict,
  strict: ModeVerdict,
  extracted: z.string(),
  /** Span of the extracted answer in the sample's response, `[start, end)` (UTF-16 offsets). */
  extractedSpan: z.tuple([z.number().int(), z.number().int()]).nullable(),
  rule: z.enum(EXTRACTION_RULES),
  /** Reference passes but strict does not: why (a curator must see this before the trace enters an SFT set). */
  lenient: z.string().nullable(),
  stored: z.object({ field: z.string(), value: z.unknown(), pass: z.boolean().nullable() }).nullable(),
  /** The stored verdict disagrees with the re-run reference verdict. */
  mismatch: z.object({ stored: z.boolean(), rerun: z.boolean() }).nullable(),
});
export type Verdict = z.infer<typeof Verdict>;

export type VerifyMode = 'reference' | 'strict';

function toMode(check: Check): ModeVerdict {
  const reason = check.reason ?? (check.status === 'pass' ? null : 'the verifier rejected the answer');
  return { status: check.status, reason, locations: check.locations ?? [], crashed: check.crashed ?? false };
}

function unsupported(reason: string): ModeVerdict {
  return { status: 'unsupported', reason, locations: [], crashed: false };
}

/** Which verifier judges a sample, per §1.5 (score_function from metric_info), falling back to the category. */
export function resolveVerifier(sample: Pick<Sample, 'scoreFunction' | 'task' | 'metricInfo'>): { verifier: TaskVerifier | undefined; referenceVerifier: TaskVerifier | undefined; note: string | null } {
  if (sample.scoreFunction !== null) {
    const v = verifierForScoreFunction(sample.scoreFunction);
    if (v) return { verifier: v, referenceVerifier: v, note: null };
    // §1.5: an unknown score function selects simple_str_match in the reference.
    return {
      verifier: undefined,
      referenceVerifier: verifierForScoreFunction('simple_str_match'),
      note: `unknown score function "${sample.scoreFunction}" (the reference falls back to simple_str_match)`,
    };
  }
  if (sample.metricInfo !== null) {
    // metric_info present but without a score function: the reference uses simple_str_match.
    const v = verifierForScoreFunction('simple_str_match');
    return { verifier: v, referenceVerifier: v, note: null };
  }
  if (sample.task !== null) {
    const v = verifierForCategory(sample.task) ?? (TASKS[sample.task] ? verifierForScoreFunction(TASKS[sample.task]!.scoreFunction) : undefined);
    if (v) return { verifier: v, referenceVerifier: v, note: null };
    return { verifier: undefined, referenceVerifier: undefined, note: `no verifier for task "${sample.task}" and no metric_info.score_function` };
  }
  return { verifier: undefined, referenceVerifier: undefined, note: 'the sample names no task and no metric_info.score_function' };
}

export function verifyInput(sample: Sample, answer: string): VerifyInput {
  return {
    answer,
    groundTruth: normalizeEscapes(sample.groundTruth ?? ''),
    initialState: decodeInitialState(sample.initialState),
    category: sample.task ?? '',
    question: normalizeEscapes(sample.questionText ?? sample.question ?? ''),
  };
}

/** Verify one sample; null when it has no response to verify. */
export function verifySample(sample: Sample): Verdict | null {
  return verifyWith(sample, true) as Verdict | null;
}

/**
 * A verdict whose strict check may not have been run: `strict` is null when the reference verdict is not
 * a pass. Strict only matters then for display (a lenient pass needs a reference pass), so the language
 * server's passes skip it (about a fifth of the verifying time on real data) and a hover that shows it
 * verifies the line again.
 */
export type PartialVerdict = Omit<Verdict, 'strict'> & { strict: ModeVerdict | null };

/** `verifySample`, with the strict check only where the reference passes (see PartialVerdict). */
export function verifySampleLazyStrict(sample: Sample): PartialVerdict | null {
  return verifyWith(sample, false);
}

function verifyWith(sample: Sample, alwaysStrict: boolean): PartialVerdict | null {
  if (sample.response === null) return null;
  // Verifiers signal many expected parse failures by throwing; only messages are ever reported, so skip
  // the (costly) stack capture while verifying.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return verifySampleInner(sample, sample.response, alwaysStrict);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * The most characters a verifier input (the extracted answer, the ground truth, the question, the
 * initial state) may have. MM-HELIX's largest are a few hundred to about 1,500 characters (a word-search
 * question, a futoshiki state, a maze path); Hanoi's longest move lists stay near 10,000. Anything past
 * this is a broken or hostile row (a 1000 x 1000 board is megabytes), and the task parsers and checks,
 * linear or not, would spend seconds on it: it gets an `error` verdict saying so instead.
 */
export const MAX_VERIFY_INPUT_CHARS = 100_000;

/** Why a sample's verifier inputs are too large to verify, or null. */
export function oversizedInput(sample: Sample, answer: string): string | null {
  const limit = MAX_VERIFY_INPUT_CHARS.toLocaleString('en-US');
  const why = (what: string, size: string) => `not verified: ${what} is ${size}, over the verifiers' limit of ${limit} characters (MM-HELIX inputs have at most a few thousand): a broken or hostile row`;
  const exact: Array<[string, number]> = [
    ['the extracted answer', answer.length],
    ['the ground truth', sample.groundTruth?.length ?? 0],
    ['the question', Math.max(sample.questionText?.length ?? 0, sample.question?.length ?? 0)],
  ];
  for (const [what, n] of exact) if (n > MAX_VERIFY_INPUT_CHARS) return why(what, `${n.toLocaleString('en-US')} characters`);
  if (approxChars(sample.initialState, MAX_VERIFY_INPUT_CHARS + 1) > MAX_VERIFY_INPUT_CHARS) return why('the initial_state', `over ${limit} characters as JSON`);
  return null;
}

/**
 * About how many characters `value` takes as JSON (strings by their length, numbers and literals by a
 * few), walking no further than `stop`: a huge nested state costs no more than the limit to measure.
 */
function approxChars(value: unknown, stop: number): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && n < stop) {
    const v = stack.pop();
    if (typeof v === 'string') n += v.length + 2;
    else if (Array.isArray(v)) {
      n += 2 + v.length;
      for (let i = v.length - 1; i >= 0 && n < stop; i--) stack.push(v[i]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        n += k.length + 4;
        stack.push(x);
        if (n >= stop) break;
      }
    } else n += 4;
  }
  return Math.min(n, stop);
}

function verifySampleInner(sample: Sample, response: string, alwaysStrict: boolean): PartialVerdict {
  const extraction = extractAnswer(response);
  const { verifier, referenceVerifier, note } = resolveVerifier(sample);
  const tooLarge = oversizedInput(sample, extraction.answer);
  const input = tooLarge === null ? verifyInput(sample, extraction.answer) : null;
  const refused = (v: TaskVerifier | undefined): ModeVerdict => (v ? { status: 'error', reason: tooLarge, locations: [], crashed: false } : unsupported(note ?? 'unsupported'));

  const reference = input === null ? refused(referenceVerifier) : referenceVerifier ? toMode(guarded(() => referenceVerifier.reference(input), `${referenceVerifier.scoreFunction} (reference)`)) : unsupported(note ?? 'unsupported');
  const strict = !alwaysStrict && reference.status !== 'pass' ? null : input === null ? refused(verifier) : verifier ? toMode(guarded(() => verifier.strict(input), `${verifier.scoreFunction} (strict)`)) : unsupported(note ?? 'unsupported');

  const lenient = reference.status === 'pass' && strict !== null && strict.status !== 'pass' && strict.status !== 'unsupported' ? `lenient pass: the reference accepts this answer, but ${strict.reason ?? 'the strict rules reject it'}` : null;

  const stored = sample.storedVerdict;
  const rerun = reference.status === 'pass';
  const mismatch = stored && stored.pass !== null && reference.status !== 'unsupported' && stored.pass !== rerun ? { stored: stored.pass, rerun } : null;

  return {
    id: sample.id,
    task: sample.task,
    scoreFunction: referenceVerifier?.scoreFunction ?? null,
    reference,
    strict,
    extracted: extraction.answer,
    extractedSpan: extraction.span,
    rule: extraction.rule,
    lenient,
    stored: stored ? { field: stored.field, value: stored.value, pass: stored.pass } : null,
    mismatch,
  };
}

/** The verdict of one mode. */
export function modeVerdict(v: Verdict, mode: VerifyMode): ModeVerdict {
  return mode === 'strict' ? v.strict : v.reference;
}
