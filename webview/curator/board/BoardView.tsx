/**
 * The verifier panel's board: the puzzle with the candidate answer drawn over it and what breaks marked
 * (src/core/boards builds the Board). Grid boards and Hanoi pegs are SVG; move sequences (sokoban, sliding
 * puzzle, hanoi) get a frame stepper (buttons, a slider, ←/→/Home/End keys when focused, a strip of the
 * moves). The violations are listed below in words; hovering or focusing one highlights its cells.
 *
 * Accessibility: the drawing is `role="img"` with a summary as its label; the violations list is text.
 * Every string shown comes from the board data and is rendered as text (never as HTML).
 */
import './board.css';
import { useId, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { Board, Frame, GridBoard, PegsBoard, SequenceBoard, Violation } from '../../../src/core/boards/model';
import { GridSvg } from './GridSvg';
import { PegsSvg } from './PegsSvg';

function summary(title: string, violations: readonly Violation[]): string {
  if (violations.length === 0) return `${title}. No rule is broken.`;
  const first = violations[0]!.message;
  return `${title}. ${violations.length} problem${violations.length === 1 ? '' : 's'}: ${first}${violations.length > 1 ? ' …' : ''}`;
}

/** A stable, CSS-safe id prefix for the SVG patterns of one board. */
function useSvgId(): string {
  return `board${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
}

/**
 * The most cells (grid) or discs (pegs) a board is drawn with. Every cell is a few SVG elements: a
 * 100×100 grid draws in about a second, while the model's largest (200×200) took 5 to 40 s in Chromium,
 * freezing the whole curator, and a board handed over beyond the model's limits would never finish.
 * Real MM-HELIX boards are far smaller (at most a few hundred cells).
 */
export const MAX_DRAWN_CELLS = 10_000;

/** The cells or discs drawing `board` takes: what its data holds (a hostile board may hold more than rows × cols say). */
function drawnSize(board: GridBoard | PegsBoard): { count: number; what: string } {
  if (board.kind === 'pegs') {
    let discs = 0;
    for (const peg of board.pegs) discs += peg.length;
    return { count: discs, what: `${board.pegs.length} pegs, ${discs.toLocaleString('en-US')} discs` };
  }
  let cells = 0;
  for (const row of board.cells) cells += row.length;
  const count = Math.max(cells, board.rows * board.cols);
  return { count, what: `${board.rows} × ${board.cols}, ${count.toLocaleString('en-US')} cells` };
}

function Drawing({ board, highlight, label }: { board: GridBoard | PegsBoard; highlight: Violation | null; label: string }): ReactElement {
  const uid = useSvgId();
  const size = drawnSize(board);
  if (size.count > MAX_DRAWN_CELLS) {
    return (
      <p className="board-too-large note" data-testid="board-too-large" role="note">
        <span className="codicon codicon-info" aria-hidden="true" /> Board too large to draw ({size.what}; the limit is {MAX_DRAWN_CELLS.toLocaleString('en-US')}): showing its problems only.
      </p>
    );
  }
  return (
    <div className="board-drawing" role="img" aria-label={label}>
      {board.kind === 'grid' ? <GridSvg board={board} highlight={highlight} uid={uid} /> : <PegsSvg board={board} uid={uid} />}
    </div>
  );
}

/** The most violations listed (a hostile board may carry thousands; each is a focusable list item). */
export const MAX_LISTED_VIOLATIONS = 300;

function ViolationList({ violations, active, onActive, onPick }: { violations: readonly Violation[]; active: number | null; onActive: (i: number | null) => void; onPick?: (v: Violation) => void }): ReactElement {
  if (violations.length === 0) {
    return (
      <p className="board-ok" data-testid="board-ok">
        <span className="codicon codicon-pass" aria-hidden="true" /> No rule is broken.
      </p>
    );
  }
  const shown = violations.length > MAX_LISTED_VIOLATIONS ? violations.slice(0, MAX_LISTED_VIOLATIONS) : violations;
  return (
    <ul className="board-violations" aria-label="What breaks">
      {shown.map((v, i) => (
        <li
          key={i}
          tabIndex={0}
          data-testid="violation"
          className={active === i ? 'active' : undefined}
          onMouseEnter={() => onActive(i)}
          onMouseLeave={() => onActive(null)}
          onFocus={() => onActive(i)}
          onBlur={() => onActive(null)}
          onClick={onPick ? () => onPick(v) : undefined}
          onKeyDown={onPick ? (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onPick(v)) : undefined}
        >
          <span className="codicon codicon-error" aria-hidden="true" />
          {v.step !== undefined && !v.message.startsWith(`move ${v.step + 1} `) && <span className="violation-step">move {v.step + 1}</span>}
          <span className="violation-message">{v.message}</span>
        </li>
      ))}
      {shown.length < violations.length && (
        <li className="more-violations" data-testid="more-violations">
          … and {(violations.length - shown.length).toLocaleString('en-US')} more problems (the first {MAX_LISTED_VIOLATIONS} are listed)
        </li>
      )}
    </ul>
  );
}

function Legend({ lines }: { lines: readonly string[] | undefined }): ReactElement | null {
  if (!lines || lines.length === 0) return null;
  return (
    <div className="board-legend">
      {lines.map((l, i) => (
        <p key={i}>{l}</p>
      ))}
    </div>
  );
}

function frameLegend(frame: Frame | undefined): readonly string[] | undefined {
  return frame?.board.kind === 'grid' ? frame.board.legend : undefined;
}

function SequenceView({ board }: { board: SequenceBoard }): ReactElement {
  const last = Math.max(0, board.frames.length - 1);
  const focus = Math.min(board.focusFrame, last);
  // The frame shown, reset to the focus frame whenever a new board arrives.
  const [state, setState] = useState({ board, frame: focus });
  const frame = state.board === board ? Math.min(state.frame, last) : focus;
  const go = (f: number): void => setState({ board, frame: Math.max(0, Math.min(last, f)) });
  const [active, setActive] = useState<number | null>(null);
  const current = board.frames[frame];
  const highlight = active === null ? null : (board.violations[active] ?? null);
  const frameOfMove = new Map<number, number>();
  board.frames.forEach((f, i) => f.move !== undefined && frameOfMove.set(f.move, i));
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if ((e.target as HTMLElement).tagName === 'INPUT') return; // the slider steps by itself
    const to = e.key === 'ArrowLeft' ? frame - 1 : e.key === 'ArrowRight' ? frame + 1 : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (to === null) return;
    e.preventDefault();
    go(to);
  };
  const pick = (v: Violation): void => {
    const f = v.step !== undefined ? frameOfMove.get(v.step) : undefined;
    go(f ?? focus);
  };
  return (
    <div className="board-sequence" tabIndex={0} onKeyDown={onKey} data-testid="sequence" aria-label={`${board.title}: ${board.frames.length} frames; left and right arrow keys step through them`}>
      <div className="sequence-controls" role="group" aria-label="Frames">
        <button type="button" className="icon-button" onClick={() => go(0)} disabled={frame === 0} title="First frame (Home)" aria-label="First frame">
          <span className="codicon codicon-debug-restart" aria-hidden="true" />
        </button>
        <button type="button" className="icon-button" onClick={() => go(frame - 1)} disabled={frame === 0} title="Previous frame (←)" aria-label="Previous frame">
          <span className="codicon codicon-chevron-left" aria-hidden="true" />
        </button>
        <input type="range" min={0} max={last} value={frame} onChange={(e) => go(Number(e.target.value))} aria-label="Frame" aria-valuetext={current?.label ?? ''} />
        <button type="button" className="icon-button" onClick={() => go(frame + 1)} disabled={frame === last} title="Next frame (→)" aria-label="Next frame">
          <span className="codicon codicon-chevron-right" aria-hidden="true" />
        </button>
        {focus !== last || board.badMove !== undefined ? (
          <button type="button" className="icon-button" onClick={() => go(focus)} disabled={frame === focus} title="Go to the frame where it breaks" aria-label="Go to the frame where it breaks">
            <span className="codicon codicon-error" aria-hidden="true" />
          </button>
        ) : (
          <button type="button" className="icon-button" onClick={() => go(last)} disabled={frame === last} title="Last frame (End)" aria-label="Last frame">
            <span className="codicon codicon-debug-continue" aria-hidden="true" />
          </button>
        )}
        <span className="sequence-label" data-testid="frame-label" aria-live="polite">
          <span className="frame-count">
            {frame + 1}/{board.frames.length}
          </span>{' '}
          <span className={current?.bad ? 'frame-name bad' : 'frame-name'}>{current?.label ?? ''}</span>
        </span>
      </div>
      {board.moves.length > 0 && (
        <ol className="sequence-moves" aria-label="Moves">
          {board.moves.map((m, k) => {
            const f = frameOfMove.get(k);
            const cls = ['move', k === current?.move ? 'current' : '', k === board.badMove ? 'bad' : '', f === undefined ? 'unplayed' : ''].filter(Boolean).join(' ');
            return (
              <li key={k}>
                <button type="button" className={cls} disabled={f === undefined} onClick={() => f !== undefined && go(f)} title={`move ${k + 1}: ${m}${k === board.badMove ? ' (where it breaks)' : f === undefined ? ' (not played)' : ''}`}>
                  {m}
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {current && <Drawing board={current.board} highlight={highlight} label={summary(`${board.title}, frame ${frame + 1} of ${board.frames.length}: ${current.label}`, current.board.violations)} />}
      <ViolationList violations={board.violations} active={active} onActive={setActive} onPick={pick} />
      <Legend lines={frameLegend(current)} />
    </div>
  );
}

function StaticView({ board }: { board: GridBoard | PegsBoard }): ReactElement {
  const [active, setActive] = useState<number | null>(null);
  const highlight = active === null ? null : (board.violations[active] ?? null);
  return (
    <>
      <Drawing board={board} highlight={highlight} label={summary(board.title, board.violations)} />
      <ViolationList violations={board.violations} active={active} onActive={setActive} />
      <Legend lines={board.kind === 'grid' ? board.legend : undefined} />
    </>
  );
}

export function BoardView({ board }: { board: Board }): ReactElement {
  return (
    <figure className="board" data-testid="board" data-kind={board.kind} data-violations={board.violations.length}>
      <figcaption className="board-title">{board.title}</figcaption>
      {board.kind === 'sequence' ? <SequenceView board={board} /> : <StaticView board={board} />}
    </figure>
  );
}
