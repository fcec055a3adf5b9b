/**
 * The header: the dataset's name (path on hover), indexing / analysis progress bars, the decision counts,
 * who decides (journal path on hover), the last sample's load time, and the help button.
 */
import type { InitMessage } from '../../src/protocol/curator';
import { formatCount } from '../format';
import type { Counts, Progress } from './store';

export interface StatusLineProps {
  init: InitMessage | null;
  progress: Progress;
  rowCount: number;
  counts: Counts;
  sampleMs: number | null;
  onHelp: () => void;
  /** Whether the insight (plots) is shown instead of the sample, and its toggle; absent: no button. */
  insight?: boolean;
  onInsight?: () => void;
  onExport?: () => void;
}

export function StatusLine({ init, progress, rowCount, counts, sampleMs, onHelp, insight, onInsight, onExport }: StatusLineProps) {
  const index = progress.index;
  const indexing = init !== null && (index === null || !index.done);
  const summary = progress.summary;
  const analysing = summary !== null && !summary.finished;
  return (
    <header className="status-line" data-testid="status-line">
      <span className="file-name" title={init?.filePath}>
        <span className="codicon codicon-file" aria-hidden="true" />
        <strong>{init?.fileName ?? 'Waiting for the dataset…'}</strong>
      </span>
      {indexing && (
        <ProgressBar
          testId="index-progress"
          label={`indexing… ${formatCount(index?.samples ?? rowCount)} samples`}
          done={index?.bytesDone ?? 0}
          total={index?.bytesTotal ?? 0}
        />
      )}
      {analysing && <ProgressBar testId="summary-progress" label={`analysing… ${formatCount(summary.done)} of ${formatCount(summary.total)}`} done={summary.done} total={summary.total} />}
      {!indexing && init !== null && <span className="muted">{formatCount(rowCount)} samples</span>}
      <span className="counts" data-testid="decision-counts">
        <span className="count-accept" title="Accepted">
          <span className="codicon codicon-check" aria-hidden="true" /> {formatCount(counts.accepted)} accepted
        </span>
        <span className="count-reject" title="Rejected">
          <span className="codicon codicon-close" aria-hidden="true" /> {formatCount(counts.rejected)} rejected
        </span>
        <span className="count-flag" title="Flagged">
          <span className="codicon codicon-flag" aria-hidden="true" /> {formatCount(counts.flagged)} flagged
        </span>
        <span className="count-left" title="Not yet accepted, rejected or flagged">
          {formatCount(counts.left)} left
        </span>
        {counts.stale > 0 && (
          <span className="count-stale" title="Decisions on samples that changed since">
            {formatCount(counts.stale)} stale
          </span>
        )}
      </span>
      <span className="spacer" />
      {sampleMs !== null && (
        <span className="muted" data-testid="sample-ms" title="Host time to load, analyse and verify the sample">
          {Math.round(sampleMs)} ms
        </span>
      )}
      {init && (
        <span className="curator-name" title={`Journal: ${init.journalPath}`} data-testid="curator-name">
          <span className="codicon codicon-account" aria-hidden="true" /> {init.curator}
        </span>
      )}
      {onInsight && (
        <button type="button" className="shell-button" data-testid="insight-toggle" aria-pressed={insight === true} onClick={onInsight} title="Dataset insight: plots of verdicts, reflection tags, lengths, decisions and balance (i)" aria-label="Dataset insight">
          <span className="codicon codicon-graph" aria-hidden="true" />
        </button>
      )}
      {onExport && (
        <button type="button" className="shell-button" data-testid="export-button" onClick={onExport} title="Export the accepted samples… (Shift+E)" aria-label="Export the accepted samples">
          <span className="codicon codicon-export" aria-hidden="true" />
        </button>
      )}
      <button type="button" className="shell-button" onClick={onHelp} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
        <span className="codicon codicon-keyboard" aria-hidden="true" />
      </button>
    </header>
  );
}

function ProgressBar({ label, done, total, testId }: { label: string; done: number; total: number; testId: string }) {
  const pct = total > 0 ? Math.min(100, Math.round((100 * done) / total)) : null;
  return (
    <span className="progress" data-testid={testId}>
      <span
        className={`progress-track${pct === null ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={label}
      >
        <span className="progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
      </span>
      <span className="progress-label">{label}</span>
    </span>
  );
}
