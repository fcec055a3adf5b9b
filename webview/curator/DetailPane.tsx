/**
 * The right side: a toolbar (accept / reject / flag / clear, note, undo / redo), the inline note editor
 * (`n`), and the detail panes (detailSlot: SampleDetailView) for the selected sample. The detail header
 * shows the sample's identity, decision and note; until a detail is there (loading, unreadable row) the
 * toolbar shows them itself. While the next sample loads, the previous detail stays, dimmed.
 */
import { useState, type ReactNode } from 'react';
import type { Decision, DecisionEntry, SampleMessage, Tag } from '../../src/protocol/curator';
import { SampleDetailView } from './detailSlot';
import { DECISION_LOOK } from './labels';

export interface DetailPaneProps {
  selected: number | null;
  selectedId: string;
  selectedLine: number | null;
  sample: SampleMessage | null;
  /** The decision shown for the selected sample (optimistic or snapshot). */
  decision: Decision | null;
  stale: boolean;
  note: string;
  /** The decision entry of the sample whose detail is shown (optimistic changes laid over). */
  entryOfShown: DecisionEntry | null;
  focusedStep: number | null;
  canUndo: boolean;
  canRedo: boolean;
  noteEditing: boolean;
  onDecide: (decision: Decision) => void;
  onUndo: () => void;
  onRedo: () => void;
  onEditNote: (open: boolean) => void;
  onSaveNote: (note: string) => void;
  onFocusStep: (step: number | null) => void;
  onToggleTag: (step: number, tag: Tag) => void;
  onOpenLine: (line: number) => void;
  /** The team line (votes of every curator, adjudication); null when there is no team to show. */
  team?: ReactNode;
}

export function DetailPane(p: DetailPaneProps) {
  if (p.selected === null) {
    return (
      <main className="detail-pane empty" aria-label="Sample">
        <p className="muted">Select a sample (j / k, or click one in the list). Press ? for the keyboard shortcuts.</p>
      </main>
    );
  }
  const loaded = p.sample?.ordinal === p.selected ? p.sample : null;
  const shown = p.sample?.detail ?? null;
  const loading = loaded === null;
  const detailOfSelection = loaded?.detail != null;
  const label = p.selectedId || `#${p.selected + 1}`;
  return (
    <main className="detail-pane" aria-label="Sample" aria-busy={loading}>
      <div className="decision-bar" data-testid="decision-bar">
        {!detailOfSelection && (
          <>
            <span className="detail-id" title={p.selectedId}>
              {label}
            </span>
            {p.selectedLine !== null && (
              <button type="button" className="shell-link" onClick={() => p.onOpenLine(p.selectedLine!)} title="Open the dataset file at this line">
                line {p.selectedLine}
              </button>
            )}
          </>
        )}
        <span className="current-decision" data-testid="current-decision" data-decision={p.decision === 'clear' || p.decision === null ? '' : p.decision}>
          {!detailOfSelection &&
            (p.decision && p.decision !== 'clear' ? (
              <span className={`row-badge badge-${p.decision}`}>
                <span className={`codicon ${DECISION_LOOK[p.decision].icon}`} aria-hidden="true" />
                {DECISION_LOOK[p.decision].past}
              </span>
            ) : (
              <span className="muted">undecided</span>
            ))}
          {!detailOfSelection && p.stale && (
            <span className="row-badge badge-stale" title="The sample changed since the decision">
              stale
            </span>
          )}
        </span>
        <span className="spacer" />
        <span className="decision-buttons" role="group" aria-label="Decision">
          <DecideButton d="accept" k="a" current={p.decision} onDecide={p.onDecide} />
          <DecideButton d="reject" k="r" current={p.decision} onDecide={p.onDecide} />
          <DecideButton d="flag" k="f" current={p.decision} onDecide={p.onDecide} />
          <button type="button" className="shell-button" onClick={() => p.onDecide('clear')} title="Clear the decision (x)">
            <span className="codicon codicon-circle-large-outline" aria-hidden="true" /> Clear
          </button>
          <span className="toolbar-separator" aria-hidden="true" />
          <button type="button" className="shell-button" aria-pressed={p.noteEditing} onClick={() => p.onEditNote(!p.noteEditing)} title="Edit the note (n)">
            <span className="codicon codicon-note" aria-hidden="true" /> Note
          </button>
          <button type="button" className="shell-button" disabled={!p.canUndo} onClick={p.onUndo} title="Undo (u)" aria-label="Undo">
            <span className="codicon codicon-discard" aria-hidden="true" />
          </button>
          <button type="button" className="shell-button" disabled={!p.canRedo} onClick={p.onRedo} title="Redo (Shift+U)" aria-label="Redo">
            <span className="codicon codicon-redo" aria-hidden="true" />
          </button>
        </span>
      </div>
      {p.team}
      {(p.noteEditing || (!detailOfSelection && p.note !== '')) && (
        <div className="note-line">
          {p.noteEditing ? (
            <NoteEditor initial={p.note} onSave={p.onSaveNote} onCancel={() => p.onEditNote(false)} />
          ) : (
            <>
              <span className="codicon codicon-note" aria-hidden="true" />
              <span className="note-text">{p.note}</span>
            </>
          )}
        </div>
      )}
      <div className={`detail-scroll${loading ? ' loading' : ''}`}>
        {loading && (
          <p className="loading-line muted">
            <span className="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> Loading {label}…
          </p>
        )}
        {loaded?.error != null && (
          <p className="error-text" role="alert">
            {loaded.error}
          </p>
        )}
        {shown && (
          <SampleDetailView
            detail={shown}
            decision={p.entryOfShown}
            focusedStep={loading ? null : p.focusedStep}
            onFocusStep={p.onFocusStep}
            onToggleTag={p.onToggleTag}
            onOpenLine={p.onOpenLine}
          />
        )}
      </div>
    </main>
  );
}

function DecideButton({ d, k, current, onDecide }: { d: 'accept' | 'reject' | 'flag'; k: string; current: Decision | null; onDecide: (d: Decision) => void }) {
  const look = DECISION_LOOK[d];
  const word = look.label[0]!.toUpperCase() + look.label.slice(1);
  return (
    <button type="button" className={`shell-button decide-${d}`} aria-pressed={current === d} onClick={() => onDecide(d)} title={`${word} (${k})`} data-testid={`decide-${d}`}>
      <span className={`codicon ${look.icon}`} aria-hidden="true" /> {word}
    </button>
  );
}

/** The inline note editor: Enter saves, Shift+Enter is a new line, Escape cancels. */
function NoteEditor({ initial, onSave, onCancel }: { initial: string; onSave: (note: string) => void; onCancel: () => void }) {
  const [text, setText] = useState(initial);
  return (
    <span className="note-editor">
      <textarea
        data-testid="note-editor"
        aria-label="Note (Enter saves, Escape cancels)"
        autoFocus
        rows={2}
        maxLength={10_000}
        value={text}
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            onSave(text);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      <span className="muted">Enter saves · Shift+Enter new line · Escape cancels</span>
    </span>
  );
}
