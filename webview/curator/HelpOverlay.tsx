/** The keyboard help (`?`): every binding of the KEYMAP table. Escape, `?` or the close button close it. */
import { useEffect, useRef } from 'react';
import { KEYMAP } from './keymap';

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="overlay-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="help-overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help-overlay" tabIndex={-1} ref={ref}>
        <div className="help-head">
          <h2 id="help-title">Keyboard shortcuts</h2>
          <button type="button" className="shell-button" aria-label="Close" title="Close (Escape)" onClick={onClose}>
            <span className="codicon codicon-close" aria-hidden="true" />
          </button>
        </div>
        <table className="help-table">
          <tbody>
            {KEYMAP.map((b) => (
              <tr key={b.action} data-action={b.action}>
                <td className="help-keys">
                  {b.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && <span className="muted"> or </span>}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </td>
                <td>{b.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">Keys are ignored while typing in a text field. Accept, reject and flag move on to the next sample when auto-advance is on.</p>
      </div>
    </div>
  );
}
