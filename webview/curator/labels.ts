/** How verdicts, decisions and tags are shown: icons (codicons), words, CSS classes. One table each. */
import type { ListVerdict, ResolutionStatus, Tag } from '../../src/protocol/curator';

export interface VerdictLook {
  icon: string;
  label: string;
  /** The tooltip / accessible description. */
  description: string;
}

export const VERDICT_LOOK: Record<ListVerdict, VerdictLook> = {
  pass: { icon: 'codicon-pass', label: 'pass', description: 'Passes the verifier' },
  fail: { icon: 'codicon-error', label: 'fail', description: 'Fails the verifier' },
  lenient: { icon: 'codicon-warning', label: 'lenient pass', description: 'Passes the reference check but not the strict one' },
  mismatch: { icon: 'codicon-alert', label: 'mismatch', description: 'The stored verdict disagrees with the re-run' },
  error: { icon: 'codicon-bracket-error', label: 'error', description: 'Unreadable row, or the verifier could not judge' },
  unsupported: { icon: 'codicon-circle-slash', label: 'unsupported', description: 'No verifier for this task' },
  none: { icon: 'codicon-dash', label: 'no response', description: 'No response to judge' },
  pending: { icon: 'codicon-loading', label: 'pending', description: 'Not analysed yet' },
};

export const DECISION_LOOK = {
  accept: { icon: 'codicon-check', label: 'accept', past: 'accepted' },
  reject: { icon: 'codicon-close', label: 'reject', past: 'rejected' },
  flag: { icon: 'codicon-flag', label: 'flag', past: 'flagged' },
} as const;

export const DECISION_FILTERS = ['accept', 'reject', 'flag', 'undecided', 'stale'] as const;
export const DECISION_FILTER_LABEL: Record<(typeof DECISION_FILTERS)[number], string> = {
  accept: 'accepted',
  reject: 'rejected',
  flag: 'flagged',
  undecided: 'undecided',
  stale: 'stale',
};

/** The team's resolution of a sample (all curators' journals merged). */
export const TEAM_LOOK: Record<ResolutionStatus, { icon: string; label: string; description: string }> = {
  undecided: { icon: 'codicon-circle-large-outline', label: 'no votes', description: 'No curator has decided yet' },
  single: { icon: 'codicon-person', label: 'one vote', description: 'Decided by one curator' },
  agreed: { icon: 'codicon-pass-filled', label: 'agreed', description: 'Every curator who decided agrees' },
  conflict: { icon: 'codicon-git-compare', label: 'conflict', description: 'Curators disagree: adjudicate (Shift+A / Shift+R / Shift+F)' },
  adjudicated: { icon: 'codicon-law', label: 'adjudicated', description: 'An adjudicator recorded the final decision' },
};

/** Short chip text per tag (the chip's colour is `--helix-tag-<tag>`). */
export const TAG_ABBR: Record<Tag, string> = {
  verification: 'V',
  backtracking: 'B',
  subgoal: 'S',
  backward_chaining: 'BC',
  correction: 'C',
};

export function tagLabel(tag: Tag): string {
  return tag.replace('_', ' ');
}
