import type { DatasetStats } from '../../src/core/stats';
import { formatCount } from '../format';
import { LineList } from './LineList';
import { ResponseLengths } from './ResponseLengths';
import { StoredVerdicts } from './StoredVerdicts';
import { Summary } from './Summary';
import { TaskDifficultyTable } from './TaskDifficultyTable';

export interface StatsViewProps {
  fileName: string;
  stats: DatasetStats;
  onOpenLine: (line: number) => void;
}

export function StatsView({ fileName, stats, onOpenLine }: StatsViewProps) {
  const textFormat = stats.format !== 'parquet';
  return (
    <main className="stats">
      <header>
        <h1>
          <span className="codicon codicon-graph" aria-hidden="true" /> {fileName}
        </h1>
        <p className="path">{stats.file}</p>
      </header>

      {stats.fileErrors.length > 0 && (
        <section aria-labelledby="file-errors-heading" className="file-errors">
          <h2 id="file-errors-heading">Problems with the file</h2>
          <ul>
            {stats.fileErrors.map((e, i) => (
              <li key={i} className="error-text">
                <span className="codicon codicon-error" aria-hidden="true" /> {e}
              </li>
            ))}
          </ul>
        </section>
      )}

      <Summary stats={stats} />
      <TaskDifficultyTable counts={stats.byTaskDifficulty} />
      {stats.full && <ResponseLengths distribution={stats.responseChars} />}
      {stats.full && <StoredVerdicts verdicts={stats.storedVerdicts} />}

      <section aria-labelledby="bad-rows-heading">
        <h2 id="bad-rows-heading">Bad rows ({formatCount(stats.bad)})</h2>
        {stats.badRows.length === 0 ? (
          <p className="note">Every row could be read.</p>
        ) : (
          <LineList
            label="Bad rows"
            icon="error"
            onOpenLine={onOpenLine}
            items={stats.badRows.map((r) => ({ key: `${r.ordinal}`, line: r.line, ordinal: r.ordinal, id: r.id, message: r.error }))}
          />
        )}
        {stats.badRowsOmitted > 0 && <p className="note">…and {formatCount(stats.badRowsOmitted)} more not listed.</p>}
      </section>

      {stats.full && stats.problemExamples.length > 0 && (
        <section aria-labelledby="problems-heading">
          <h2 id="problems-heading">
            Sample problems ({formatCount(stats.samplesWithProblems)} {stats.samplesWithProblems === 1 ? 'sample' : 'samples'})
          </h2>
          <LineList
            label="Sample problems"
            icon="warning"
            onOpenLine={onOpenLine}
            items={stats.problemExamples.map((p, i) => ({ key: `${i}`, line: p.line, id: p.id, message: p.message }))}
          />
        </section>
      )}

      {stats.duplicateIds.length > 0 && (
        <section aria-labelledby="duplicates-heading">
          <h2 id="duplicates-heading">Duplicate ids ({formatCount(stats.duplicateIds.length)})</h2>
          <LineList
            label="Duplicate ids"
            icon="warning"
            onOpenLine={onOpenLine}
            items={stats.duplicateIds.map((d) => ({
              key: d.id,
              // Parquet has no lines: rows only, and nothing to open.
              line: textFormat ? (d.lines[1] ?? d.lines[0]) : undefined,
              id: d.id,
              message: `${formatCount(d.count)} rows, ${d.lines.length ? `lines ${d.lines.join(', ')}` : `rows ${d.rows.join(', ')}`}${d.count > d.rows.length ? ', …' : ''}`,
            }))}
          />
        </section>
      )}
    </main>
  );
}
