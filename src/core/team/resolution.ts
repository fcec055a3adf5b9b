/**
 * The resolution vocabulary of team curation, without any I/O (the query parser and the webview import it
 * without pulling in the journal reader).
 */
export const RESOLUTION_STATUSES = ['undecided', 'single', 'agreed', 'conflict', 'adjudicated'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];
export type VoteDecision = 'accept' | 'reject' | 'flag';

export interface Vote {
  curator: string;
  decision: VoteDecision;
  /** Taken on other content than the sample has now; null when the current hash is not known. */
  stale: boolean | null;
  ts: string;
  note: string;
}

export interface Resolution {
  status: ResolutionStatus;
  /** The team's decision; null when undecided or in conflict. */
  decision: VoteDecision | null;
  /** The latest non-clear, non-adjudication decision of each curator who has one (in order of first line). */
  votes: Vote[];
  /** Who ruled, when status is `adjudicated`. */
  adjudicator: string | null;
  /** The ruling itself (decision, note, staleness) when adjudicated, else null. */
  ruling: Vote | null;
  /** Any vote or ruling used was taken on other content (only known with a current hash). */
  stale: boolean;
}
