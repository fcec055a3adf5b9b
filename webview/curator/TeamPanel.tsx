/**
 * The team line of the selected sample: every curator's vote (from all journals of the dataset, merged by
 * the host), how they resolve (agreed, conflict, adjudicated) and the adjudicate buttons that record the
 * team's final decision (Shift+A / Shift+R / Shift+F). Shown once a second curator is involved or a
 * ruling exists; a lone curator sees nothing new.
 */
import type { Decision, TeamEntry } from '../../src/protocol/curator';
import { DECISION_LOOK, TEAM_LOOK } from './labels';

export interface TeamPanelProps {
  entry: TeamEntry | null;
  /** Curators seen in the dataset's journals. */
  curators: readonly string[];
  /** Who this window records as. */
  me: string;
  onAdjudicate: (decision: Decision) => void;
}

const KEYS = { accept: 'Shift+A', reject: 'Shift+R', flag: 'Shift+F' } as const;

export function TeamPanel({ entry, curators, me, onAdjudicate }: TeamPanelProps) {
  const others = curators.filter((c) => c !== me);
  if (others.length === 0 && entry?.status !== 'adjudicated') return null;
  const status = entry?.status ?? 'undecided';
  const look = TEAM_LOOK[status];
  const voted = new Set(entry?.votes.map((v) => v.curator) ?? []);
  const waiting = curators.filter((c) => !voted.has(c));
  return (
    <div className={`team-line team-line-${status}`} data-testid="team-panel" data-team={status} role="group" aria-label="Team decisions">
      <span className={`team-status team-${status}`} title={look.description}>
        <span className={`codicon ${look.icon}`} aria-hidden="true" /> {look.label}
        {entry?.status === 'adjudicated' && entry.decision && entry.adjudicator && (
          <>
            {': '}
            <strong>{DECISION_LOOK[entry.decision].past}</strong> by {entry.adjudicator}
          </>
        )}
      </span>
      <ul className="team-votes" aria-label="Votes">
        {entry?.votes.map((v) => (
          <li key={v.curator} className={`team-vote badge-${v.decision}`} data-testid="team-vote" data-curator={v.curator} data-decision={v.decision} title={v.note || undefined}>
            <span className={`codicon ${DECISION_LOOK[v.decision].icon}`} aria-hidden="true" />
            {v.curator}
            {v.curator === me ? ' (you)' : ''}
            {v.stale && <span className="codicon codicon-history stale-mark" role="img" aria-label="stale" title="The sample changed since this vote" />}
          </li>
        ))}
        {waiting.length > 0 && <li className="team-vote muted">not yet: {waiting.join(', ')}</li>}
      </ul>
      <span className="spacer" />
      <span className="team-adjudicate" role="group" aria-label="Adjudicate">
        {(['accept', 'reject', 'flag'] as const).map((d) => (
          <button
            key={d}
            type="button"
            className="shell-button"
            data-testid={`adjudicate-${d}`}
            aria-pressed={entry?.status === 'adjudicated' && entry.decision === d}
            title={`Record the team's final decision: ${d} (${KEYS[d]})`}
            onClick={() => onAdjudicate(d)}
          >
            <span className="codicon codicon-law" aria-hidden="true" /> {DECISION_LOOK[d].label}
          </button>
        ))}
        {entry?.status === 'adjudicated' && (
          <button type="button" className="shell-button" data-testid="adjudicate-clear" title="Withdraw the ruling" onClick={() => onAdjudicate('clear')}>
            <span className="codicon codicon-circle-large-outline" aria-hidden="true" /> withdraw
          </button>
        )}
      </span>
    </div>
  );
}
