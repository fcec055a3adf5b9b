import type { DatasetStats } from '../../src/core/stats';
import { formatBytes, formatCount, percent } from '../format';

export function Summary({ stats }: { stats: DatasetStats }) {
  const kinds = Object.entries(stats.kinds).sort((a, b) => b[1] - a[1]);
  return (
    <section aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <dl className="summary">
        <dt>Format</dt>
        <dd>
          {stats.format} · {formatBytes(stats.fileBytes)}
        </dd>
        <dt>Samples</dt>
        <dd>{formatCount(stats.samples)}</dd>
        <dt>Valid</dt>
        <dd>
          {formatCount(stats.valid)} ({percent(stats.valid, stats.samples)})
        </dd>
        <dt>Bad rows</dt>
        <dd className={stats.bad > 0 ? 'error-text' : undefined}>{formatCount(stats.bad)}</dd>
        {stats.full && (
          <>
            <dt>With a response</dt>
            <dd>{formatCount(stats.withResponse)}</dd>
            <dt>Images</dt>
            <dd>
              {formatCount(stats.images.total)}
              {stats.images.withError > 0 && <span className="warning-text"> ({formatCount(stats.images.withError)} with problems)</span>}
            </dd>
            <dt>Samples with problems</dt>
            <dd className={stats.samplesWithProblems > 0 ? 'warning-text' : undefined}>{formatCount(stats.samplesWithProblems)}</dd>
            <dt>Row shapes</dt>
            <dd>{kinds.length === 0 ? '–' : kinds.map(([kind, n]) => `${kind} ${formatCount(n)}`).join(' · ')}</dd>
          </>
        )}
      </dl>
      {!stats.full && <p className="note">Counts from the index only: response lengths, verdicts and problems were not computed.</p>}
    </section>
  );
}
