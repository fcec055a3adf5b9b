/**
 * The verifier contract. One `TaskVerifier` per MM-HELIX score function (one module per task or small
 * family under ./tasks), registered by score_function and by category in ./registry.ts.
 *
 * Every verifier computes two verdicts from the same input:
 * - `reference`: exactly what the reference MM-HELIX evaluation decides (verifiers.md), including its
 *   leniencies, exact-string comparisons and crash-means-fail cases. Benchmark numbers use this.
 * - `strict`: the puzzle's real rules (walls in a maze, the required start vertex, no moves after the
 *   game is won, no silently cropped rows, only allowed operators, any valid solution accepted, ...).
 * A `fail` always carries a reason a person understands, naming the rule and where it breaks, and
 * where possible `locations` a view can highlight.
 */

/** `error`: the answer cannot be parsed at all; `unsupported`: no verifier for the task. Both score 0. */
export type CheckStatus = 'pass' | 'fail' | 'error';
export type VerdictStatus = CheckStatus | 'unsupported';

/** A place in the puzzle a verdict talks about (0-based unless the label says otherwise). */
export interface Location {
  kind: 'cell' | 'row' | 'col' | 'region' | 'move' | 'edge' | 'node' | 'word' | 'token' | 'line' | 'clue';
  row?: number;
  col?: number;
  /** Move number, token index, line index, region index, ... (0-based). */
  index?: number;
  /** Edges: the two node ids as the puzzle names them. */
  from?: string;
  to?: string;
  /** Short text shown on hover, e.g. "row 3 has two 5s". */
  label?: string;
}

export interface Check {
  status: CheckStatus;
  /** Required for `fail` and `error`; for `pass` optional (e.g. "any valid path is accepted"). */
  reason?: string;
  locations?: Location[];
  /**
   * reference mode only: the reference verifier would have raised (crash-means-fail); the reason says
   * what made it crash.
   */
  crashed?: boolean;
}

/** What a verifier receives: the reference pipeline's inputs after §1.2 normalisation and §1.4 decoding. */
export interface VerifyInput {
  /** The extracted answer (from §1.3 on the escape-normalised prediction). */
  answer: string;
  /** The ground-truth answer, escape-normalised. */
  groundTruth: string;
  /**
   * The decoded initial_state per §1.4: a plain object when the row's initial_state decodes to a dict
   * (JSON or Python literal), otherwise the normalised string (or null when absent).
   */
  initialState: Record<string, unknown> | string | null;
  /** The row's category (task name), e.g. `maze`. */
  category: string;
  /** The question text (question_text, else question), escape-normalised: strict rules may read it (start vertex, ...). */
  question: string;
}

export interface TaskVerifier {
  /** The reference score_function name, e.g. `maze_evaluator`. */
  scoreFunction: string;
  /** MM-HELIX categories that use it, e.g. ['maze']. */
  categories: readonly string[];
  reference(input: VerifyInput): Check;
  strict(input: VerifyInput): Check;
}

export function pass(reason?: string): Check {
  return reason === undefined ? { status: 'pass' } : { status: 'pass', reason };
}

export function fail(reason: string, locations?: Location[]): Check {
  return locations && locations.length > 0 ? { status: 'fail', reason, locations } : { status: 'fail', reason };
}

export function parseError(reason: string): Check {
  return { status: 'error', reason };
}

/** The reference verifier raised: the item scores 0 (reported as fail with `crashed`). */
export function crash(reason: string): Check {
  return { status: 'fail', reason, crashed: true };
}

/** Run a check, turning an unexpected exception into a fail with a reason (never a thrown error). */
export function guarded(fn: () => Check, what: string): Check {
  try {
    return fn();
  } catch (e) {
    return { status: 'fail', reason: `${what} failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`, crashed: true };
  }
}
