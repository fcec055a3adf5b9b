/** Problems from the host: `error` messages, samples that cannot be read, file-level index errors, journal lines that could not be read. */
import type { BannerError } from './store';

export interface ErrorBannerProps {
  errors: readonly BannerError[];
  fileErrors: readonly string[];
  journalProblems: readonly string[];
  onDismiss: (key: number) => void;
  onOpenLine: (line: number) => void;
}

export function ErrorBanner({ errors, fileErrors, journalProblems, onDismiss, onOpenLine }: ErrorBannerProps) {
  if (errors.length === 0 && fileErrors.length === 0 && journalProblems.length === 0) return null;
  return (
    <div className="shell-banners">
      {(errors.length > 0 || fileErrors.length > 0) && (
        <div className="shell-banner shell-banner-error" role="alert" data-testid="error-banner">
          <span className="codicon codicon-error" aria-hidden="true" />
          <ul>
            {fileErrors.map((e, i) => (
              <li key={`f${i}`}>{e}</li>
            ))}
            {errors.map((e) => (
              <li key={e.key}>
                <span className="shell-banner-text">{e.text}</span>
                {e.line !== null && (
                  <button type="button" className="shell-link" onClick={() => onOpenLine(e.line!)}>
                    Open line {e.line}
                  </button>
                )}
                <button type="button" className="shell-button" aria-label="Dismiss" title="Dismiss" onClick={() => onDismiss(e.key)}>
                  <span className="codicon codicon-close" aria-hidden="true" />
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {journalProblems.length > 0 && (
        <div className="shell-banner shell-banner-warning" role="status" data-testid="journal-problems">
          <span className="codicon codicon-warning" aria-hidden="true" />
          <details>
            <summary>
              {journalProblems.length} journal line{journalProblems.length === 1 ? '' : 's'} could not be read
            </summary>
            <ul>
              {journalProblems.slice(0, 50).map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </details>
        </div>
      )}
    </div>
  );
}
