/**
 * The sample list: a virtualised listbox over the filtered ordinals (only the rows in view, plus a few,
 * are in the DOM). Columns: id, task, difficulty, verdict icon, decision badge, tag count chips.
 * Selection is by ordinal and lives in the app; the list scrolls the selected row into view when the
 * selection (or the filter) changes.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, type RefObject } from 'react';
import { LIST_VERDICTS, RESOLUTION_STATUSES, TAG_ORDER } from '../../src/protocol/curator';
import { DECISION_LOOK, TAG_ABBR, TEAM_LOOK, VERDICT_LOOK, tagLabel } from './labels';
import { lowerBound, rowDecision, TAG_COUNT, type RowTable } from './store';

export const ROW_HEIGHT = 24;

export interface SampleListProps {
  rows: RowTable;
  /** The filtered ordinals, ascending. */
  ordinals: Int32Array;
  selected: number | null;
  /** Changes when the filter changes (the selection is scrolled into view again). */
  filterKey: string;
  onSelect: (ordinal: number) => void;
  listRef?: RefObject<HTMLDivElement | null>;
}

export const rowElementId = (ordinal: number) => `sample-row-${ordinal}`;

export function SampleList({ rows, ordinals, selected, filterKey, onSelect, listRef }: SampleListProps) {
  const ownRef = useRef<HTMLDivElement | null>(null);
  const scrollRef = listRef ?? ownRef;
  // TanStack Virtual returns functions that cannot be memoised (the React Compiler skips this component).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: ordinals.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => ordinals[index] ?? -index - 1,
    useFlushSync: false,
  });

  // Scroll the selection into view once per (selection, filter), as soon as the row is in the list.
  const scrolledFor = useRef('');
  const selectedIndex = selected === null ? -1 : indexOf(ordinals, selected);
  useEffect(() => {
    const key = `${selected}|${filterKey}`;
    if (selectedIndex < 0 || scrolledFor.current === key) return;
    scrolledFor.current = key;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selected, selectedIndex, filterKey, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const activeRendered = selectedIndex >= 0 && items.some((it) => it.index === selectedIndex);

  return (
    <div className="sample-list-frame">
      <div className="sample-row sample-header" aria-hidden="true">
        <span>Id</span>
        <span>Task</span>
        <span>Diff.</span>
        <span title="Verdict">
          <span className="codicon codicon-beaker" />
        </span>
        <span>Decision</span>
        <span>Tags</span>
      </div>
      <div
        ref={scrollRef}
        className="sample-list"
        role="listbox"
        aria-label="Samples"
        tabIndex={0}
        aria-activedescendant={activeRendered && selected !== null ? rowElementId(selected) : undefined}
        data-testid="sample-list"
      >
        <div className="sample-list-inner" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const ordinal = ordinals[item.index]!;
            return (
              <SampleRow
                key={item.key}
                rows={rows}
                version={rows.version}
                ordinal={ordinal}
                position={item.index}
                setSize={ordinals.length}
                top={item.start}
                selected={ordinal === selected}
                onSelect={onSelect}
              />
            );
          })}
        </div>
        {ordinals.length === 0 && <p className="empty-list">{rows.count === 0 ? 'No samples yet.' : 'No sample matches the filter.'}</p>}
      </div>
    </div>
  );
}

function indexOf(ordinals: Int32Array, ordinal: number): number {
  const p = lowerBound(ordinals, ordinal);
  return ordinals[p] === ordinal ? p : -1;
}

interface SampleRowProps {
  rows: RowTable;
  /** rows.version: re-render when the table changed. */
  version: number;
  ordinal: number;
  position: number;
  setSize: number;
  top: number;
  selected: boolean;
  onSelect: (ordinal: number) => void;
}

const SampleRow = memo(function SampleRow({ rows, ordinal, position, setSize, top, selected, onSelect }: SampleRowProps) {
  const id = rows.ids[ordinal] ?? '';
  const t = rows.task[ordinal] ?? -1;
  const task = t >= 0 ? (rows.tasks[t] ?? '') : '';
  const d = rows.difficulty[ordinal] ?? -1;
  const difficulty = d >= 0 ? (rows.difficulties[d] ?? '') : '';
  const verdict = LIST_VERDICTS[rows.verdict[ordinal] ?? 7] ?? 'pending';
  const decision = rowDecision(rows, ordinal);
  const stale = rows.stale[ordinal] === 1;
  const rowError = rows.rowError[ordinal];
  const team = RESOLUTION_STATUSES[rows.team[ordinal] ?? 0] ?? 'undecided';
  const teamLook = team === 'conflict' || team === 'agreed' || team === 'adjudicated' ? TEAM_LOOK[team] : null;
  const look = VERDICT_LOOK[verdict];
  return (
    <div
      id={rowElementId(ordinal)}
      role="option"
      aria-selected={selected}
      aria-posinset={position + 1}
      aria-setsize={setSize}
      data-testid="sample-row"
      data-ordinal={ordinal}
      data-sample-id={id}
      data-decision={decision}
      data-stale={stale ? 'true' : undefined}
      data-verdict={verdict}
      data-team={team}
      className={`sample-row${selected ? ' selected' : ''}${rowError ? ' row-error' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(ordinal)}
      title={rowError ?? undefined}
    >
      <span className="col-id">{id}</span>
      <span className="col-task">{task}</span>
      <span className="col-difficulty">{difficulty}</span>
      <span className="col-verdict">
        <span className={`codicon ${look.icon} verdict-icon verdict-${verdict}`} role="img" aria-label={look.label} title={look.description} />
      </span>
      <span className="col-decision">
        {decision !== '' && (
          <span className={`row-badge badge-${decision}`}>
            <span className={`codicon ${DECISION_LOOK[decision].icon}`} aria-hidden="true" />
            {DECISION_LOOK[decision].label}
          </span>
        )}
        {stale && <span className="codicon codicon-history stale-mark" role="img" aria-label="stale" title="Stale: the sample changed since the decision" />}
        {teamLook && <span className={`codicon ${teamLook.icon} team-mark team-${team}`} role="img" aria-label={teamLook.label} title={teamLook.description} />}
      </span>
      <span className="col-tags">
        <TagChips rows={rows} ordinal={ordinal} />
      </span>
    </div>
  );
});

function TagChips({ rows, ordinal }: { rows: RowTable; ordinal: number }) {
  const base = ordinal * TAG_COUNT;
  const chips = [];
  for (let k = 0; k < TAG_COUNT; k++) {
    const n = rows.tagCounts[base + k] ?? 0;
    if (n === 0) continue;
    const tag = TAG_ORDER[k]!;
    chips.push(
      <span key={tag} className={`tag-chip tag-bg-${tag}`} title={`${tagLabel(tag)}: ${n} step${n === 1 ? '' : 's'}`} aria-label={`${tagLabel(tag)} ${n}`}>
        {TAG_ABBR[tag]}
        {n}
      </span>,
    );
  }
  return <>{chips}</>;
}
