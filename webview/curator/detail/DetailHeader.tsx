import type { DecisionEntry, SampleDetail } from '../../../src/protocol/curator';

const DECISION_LOOK = {
  accept: { icon: 'check', word: 'accepted' },
  reject: { icon: 'close', word: 'rejected' },
  flag: { icon: 'flag', word: 'flagged' },
} as const;

/** The sample's identity (id, task, difficulty, line), the curator's decision on it, and its row problems. */
export function DetailHeader({ detail, decision, onOpenLine }: { detail: SampleDetail; decision: DecisionEntry | null; onOpenLine: (line: number) => void }) {
  const line = detail.line;
  const d = decision && decision.decision !== 'clear' ? decision.decision : null;
  const edits = decision?.tagEdits.length ?? 0;
  return (
    <header className="detail-header" data-testid="detail-header">
      <div className="header-row">
        <h2 className="detail-title" title={detail.id}>
          {detail.id}
        </h2>
        {detail.task !== null && (
          <span className="pill" title="Task">
            {detail.task}
          </span>
        )}
        {detail.difficulty !== null && (
          <span className="pill" title="Difficulty">
            difficulty {detail.difficulty}
          </span>
        )}
        {line !== null && (
          <button type="button" className="link-button" data-testid="open-line" title="Open the dataset file at this line" onClick={() => onOpenLine(line)}>
            <span className="codicon codicon-go-to-file" aria-hidden="true" /> line {line}
          </button>
        )}
        <span className="header-spacer" />
        {d ? (
          <span className={`decision-badge decision-${d}`} data-testid="decision-badge" data-decision={d} title={decision ? `${DECISION_LOOK[d].word} ${decision.ts}` : undefined}>
            <span className={`codicon codicon-${DECISION_LOOK[d].icon}`} aria-hidden="true" />
            {DECISION_LOOK[d].word}
          </span>
        ) : (
          <span className="decision-badge decision-none" data-testid="decision-badge" data-decision="">
            undecided
          </span>
        )}
        {decision?.stale && (
          <span className="stale-badge" data-testid="stale-badge" title="The sample's content changed since this decision was made: look again before keeping it">
            <span className="codicon codicon-warning" aria-hidden="true" />
            STALE: the sample changed since this decision
          </span>
        )}
        {edits > 0 && (
          <span className="pill" title="Your tag edits on this sample's steps">
            <span className="codicon codicon-person" aria-hidden="true" /> {edits} tag {edits === 1 ? 'edit' : 'edits'}
          </span>
        )}
      </div>
      {decision && decision.note !== '' && (
        <p className="decision-note" data-testid="decision-note">
          <span className="codicon codicon-note" aria-hidden="true" /> {decision.note}
        </p>
      )}
      {detail.problems.length > 0 && (
        <ul className="problems" aria-label="Problems with this row" data-testid="problems">
          {detail.problems.map((p, i) => (
            <li key={i}>
              <span className="codicon codicon-warning" aria-hidden="true" /> {p}
            </li>
          ))}
        </ul>
      )}
    </header>
  );
}
