/**
 * The filter bar: free text (id/task), task and difficulty multi-selects, verdict and decision toggles,
 * per-tag conditions (present / count >= N / absent), "N of M samples", clear-all, and the saved views
 * (save the current filter under a name, apply one, delete one; the host persists them).
 */
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { LIST_VERDICTS, RESOLUTION_STATUSES, TAG_ORDER, type Filter, type ListVerdict, type ResolutionStatus, type SavedView, type Tag } from '../../src/protocol/curator';
import { compareLabels, formatCount } from '../format';
import { DECISION_FILTER_LABEL, DECISION_FILTERS, TEAM_LOOK, VERDICT_LOOK, tagLabel } from './labels';
import { isFilterActive, NONE_VALUE, sameFilter } from './store';

export interface ValueCount {
  value: string;
  label: string;
  count: number;
}

export interface FilterBarProps {
  filter: Filter;
  onChange: (filter: Filter) => void;
  tasks: readonly ValueCount[];
  difficulties: readonly ValueCount[];
  verdictCounts: Readonly<Record<ListVerdict, number>>;
  matched: number;
  total: number;
  savedViews: readonly SavedView[];
  activeView: string | null;
  onApplyView: (view: SavedView) => void;
  onSaveView: (name: string) => void;
  onDeleteView: (name: string) => void;
  textRef: RefObject<HTMLInputElement | null>;
  /** Rows per team resolution; null hides the agreement chips (fewer than two curators). */
  teamCounts?: Readonly<Record<ResolutionStatus, number>> | null;
}

type DecisionFilter = (typeof DECISION_FILTERS)[number];

/** `filter` with `key` set, or removed when `value` is undefined / an empty list. */
function withField<K extends keyof Filter>(filter: Filter, key: K, value: Filter[K] | undefined): Filter {
  const next: Filter = { ...filter };
  if (value === undefined || (Array.isArray(value) && value.length === 0) || value === '') delete next[key];
  else next[key] = value;
  return next;
}

function toggle<T>(list: readonly T[] | undefined, value: T): T[] {
  const l = list ?? [];
  return l.includes(value) ? l.filter((v) => v !== value) : [...l, value];
}

export function FilterBar({
  filter,
  onChange,
  tasks,
  difficulties,
  verdictCounts,
  matched,
  total,
  savedViews,
  activeView,
  onApplyView,
  onSaveView,
  onDeleteView,
  textRef,
  teamCounts = null,
}: FilterBarProps) {
  const active = isFilterActive(filter);
  return (
    <section className="filter-bar" aria-label="Filter">
      <div className="filter-line">
        <span className="search-box">
          <span className="codicon codicon-search" aria-hidden="true" />
          <input
            ref={textRef}
            type="search"
            data-testid="filter-text"
            aria-label="Filter by id or task"
            placeholder="Id or task  ( / )"
            value={filter.text ?? ''}
            onChange={(e) => onChange(withField(filter, 'text', e.target.value))}
            onKeyDown={(e) => {
              if (e.key === 'Escape' || e.key === 'Enter') {
                e.preventDefault();
                e.currentTarget.blur();
              }
            }}
          />
        </span>
        <span className="match-count" data-testid="match-count" aria-live="polite">
          {formatCount(matched)} of {formatCount(total)} samples
        </span>
        <button type="button" className="shell-button" data-testid="clear-filter" disabled={!active} onClick={() => onChange({})} title="Clear all filters">
          <span className="codicon codicon-clear-all" aria-hidden="true" /> Clear
        </button>
      </div>

      <div className="filter-line">
        <MultiSelect label="Task" testId="filter-task" options={tasks} selected={filter.tasks ?? []} onChange={(v) => onChange(withField(filter, 'tasks', v))} />
        <MultiSelect
          label="Difficulty"
          testId="filter-difficulty"
          options={difficulties}
          selected={filter.difficulties ?? []}
          onChange={(v) => onChange(withField(filter, 'difficulties', v))}
        />
        <TagFilter filter={filter} onChange={onChange} />
      </div>

      <div className="filter-line chips" role="group" aria-label="Verdict">
        {LIST_VERDICTS.map((v) => {
          const on = filter.verdicts?.includes(v) ?? false;
          return (
            <button
              key={v}
              type="button"
              className={`filter-chip${on ? ' on' : ''}`}
              aria-pressed={on}
              data-testid={`filter-verdict-${v}`}
              title={VERDICT_LOOK[v].description}
              onClick={() => onChange(withField(filter, 'verdicts', toggle(filter.verdicts, v)))}
            >
              <span className={`codicon ${VERDICT_LOOK[v].icon} verdict-icon verdict-${v}`} aria-hidden="true" />
              {VERDICT_LOOK[v].label}
              <span className="chip-count">{formatCount(verdictCounts[v])}</span>
            </button>
          );
        })}
      </div>

      <div className="filter-line chips" role="group" aria-label="Decision">
        {DECISION_FILTERS.map((d: DecisionFilter) => {
          const on = filter.decisions?.includes(d) ?? false;
          return (
            <button
              key={d}
              type="button"
              className={`filter-chip${on ? ' on' : ''}`}
              aria-pressed={on}
              data-testid={`filter-decision-${d}`}
              onClick={() => onChange(withField(filter, 'decisions', toggle(filter.decisions, d)))}
            >
              {DECISION_FILTER_LABEL[d]}
            </button>
          );
        })}
      </div>

      {teamCounts && (
        <div className="filter-line chips" role="group" aria-label="Team agreement" data-testid="filter-team">
          {RESOLUTION_STATUSES.map((a) => {
            const on = filter.agreement?.includes(a) ?? false;
            return (
              <button
                key={a}
                type="button"
                className={`filter-chip${on ? ' on' : ''}`}
                aria-pressed={on}
                data-testid={`filter-agreement-${a}`}
                title={TEAM_LOOK[a].description}
                onClick={() => onChange(withField(filter, 'agreement', toggle(filter.agreement, a)))}
              >
                <span className={`codicon ${TEAM_LOOK[a].icon} team-${a}`} aria-hidden="true" />
                {TEAM_LOOK[a].label}
                <span className="chip-count">{formatCount(teamCounts[a])}</span>
              </button>
            );
          })}
        </div>
      )}

      <SavedViews filter={filter} savedViews={savedViews} activeView={activeView} onApplyView={onApplyView} onSaveView={onSaveView} onDeleteView={onDeleteView} />
    </section>
  );
}

/** A dropdown (a disclosure button and a popup) that closes on Escape and on a click outside. */
function Dropdown({ label, summary, testId, children }: { label: string; summary: string; testId: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const popupId = useId();
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  return (
    <div
      className="dropdown"
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
          ref.current?.querySelector('button')?.focus();
        }
      }}
    >
      <button type="button" className={`dropdown-button${summary ? ' on' : ''}`} aria-expanded={open} aria-controls={popupId} data-testid={testId} onClick={() => setOpen(!open)}>
        {label}
        {summary && <span className="dropdown-summary">: {summary}</span>}
        <span className="codicon codicon-chevron-down" aria-hidden="true" />
      </button>
      {open && (
        <div className="dropdown-popup" id={popupId} role="group" aria-label={label}>
          {children}
        </div>
      )}
    </div>
  );
}

function MultiSelect({ label, testId, options, selected, onChange }: { label: string; testId: string; options: readonly ValueCount[]; selected: readonly string[]; onChange: (v: string[]) => void }) {
  const sorted = [...options].sort((a, b) => (a.value === NONE_VALUE ? 1 : b.value === NONE_VALUE ? -1 : compareLabels(a.label, b.label)));
  const summary = selected.length === 0 ? '' : selected.length === 1 ? (options.find((o) => o.value === selected[0])?.label ?? selected[0]!) : `${selected.length}`;
  return (
    <Dropdown label={label} summary={summary} testId={testId}>
      {sorted.length === 0 && <p className="dropdown-empty">None yet</p>}
      {sorted.map((o) => (
        <label key={o.value} className="check-line">
          <input type="checkbox" checked={selected.includes(o.value)} onChange={() => onChange(toggle(selected, o.value))} />
          <span className="check-label">{o.label}</span>
          <span className="chip-count">{formatCount(o.count)}</span>
        </label>
      ))}
      {selected.length > 0 && (
        <button type="button" className="shell-link" onClick={() => onChange([])}>
          Any {label.toLowerCase()}
        </button>
      )}
    </Dropdown>
  );
}

type TagMode = 'any' | 'present' | 'atLeast' | 'absent';

function TagFilter({ filter, onChange }: { filter: Filter; onChange: (f: Filter) => void }) {
  const conditions = filter.tags ?? [];
  const setTag = (tag: Tag, cond: { min: number; absent?: boolean } | null) => {
    const rest = conditions.filter((c) => c.tag !== tag);
    const next = cond ? [...rest, { tag, ...cond }].sort((a, b) => TAG_ORDER.indexOf(a.tag) - TAG_ORDER.indexOf(b.tag)) : rest;
    onChange(withField(filter, 'tags', next));
  };
  const count = conditions.filter((c) => c.absent || c.min > 0).length;
  return (
    <Dropdown label="Tags" summary={count ? String(count) : ''} testId="filter-tags">
      {TAG_ORDER.map((tag) => (
        <TagFilterRow key={tag} tag={tag} condition={conditions.find((c) => c.tag === tag) ?? null} onSet={(c) => setTag(tag, c)} />
      ))}
    </Dropdown>
  );
}

function TagFilterRow({ tag, condition, onSet }: { tag: Tag; condition: { min: number; absent?: boolean | undefined } | null; onSet: (c: { min: number; absent?: boolean } | null) => void }) {
  // "at least" stays chosen while the user types a number (even 1).
  const [wantsAtLeast, setWantsAtLeast] = useState(false);
  const mode: TagMode = !condition || (!condition.absent && condition.min <= 0) ? 'any' : condition.absent ? 'absent' : condition.min > 1 || wantsAtLeast ? 'atLeast' : 'present';
  const id = useId();
  return (
    <div className="tag-filter-row" data-testid={`filter-tag-${tag}`}>
      <label htmlFor={id} className="tag-filter-label">
        <span className={`tag-swatch tag-bg-${tag}`} aria-hidden="true" />
        {tagLabel(tag)}
      </label>
      <select
        id={id}
        value={mode}
        onChange={(e) => {
          const m = e.target.value as TagMode;
          setWantsAtLeast(m === 'atLeast');
          if (m === 'any') onSet(null);
          else if (m === 'present') onSet({ min: 1 });
          else if (m === 'absent') onSet({ min: 0, absent: true });
          else onSet({ min: Math.max(2, condition?.min ?? 2) });
        }}
      >
        <option value="any">any</option>
        <option value="present">present</option>
        <option value="atLeast">count ≥</option>
        <option value="absent">absent</option>
      </select>
      {mode === 'atLeast' && (
        <input
          type="number"
          min={1}
          max={100000}
          aria-label={`Minimum ${tagLabel(tag)} steps`}
          value={condition?.min ?? 2}
          onChange={(e) => {
            const n = Number.parseInt(e.target.value, 10);
            if (Number.isFinite(n) && n >= 1) onSet({ min: Math.min(n, 100000) });
          }}
        />
      )}
    </div>
  );
}

function SavedViews({
  filter,
  savedViews,
  activeView,
  onApplyView,
  onSaveView,
  onDeleteView,
}: Pick<FilterBarProps, 'filter' | 'savedViews' | 'activeView' | 'onApplyView' | 'onSaveView' | 'onDeleteView'>) {
  const [naming, setNaming] = useState<string | null>(null);
  const current = savedViews.find((v) => v.name === activeView) ?? null;
  const modified = current !== null && !sameFilter(current.filter, filter);
  const save = () => {
    const name = (naming ?? '').trim();
    if (!name) return;
    onSaveView(name.slice(0, 100));
    setNaming(null);
  };
  return (
    <div className="filter-line saved-views">
      <label className="saved-view-pick">
        <span className="codicon codicon-bookmark" aria-hidden="true" />
        <span className="sr-only">Saved view</span>
        <select
          data-testid="saved-view-select"
          value={current ? current.name : ''}
          onChange={(e) => {
            const v = savedViews.find((s) => s.name === e.target.value);
            if (v) onApplyView(v);
          }}
        >
          <option value="">{savedViews.length ? 'Saved views…' : 'No saved views'}</option>
          {savedViews.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {modified && <span className="muted">(modified)</span>}
      {naming === null ? (
        <button type="button" className="shell-button" data-testid="save-view" onClick={() => setNaming(current?.name ?? '')} title="Save the current filter as a view">
          <span className="codicon codicon-save" aria-hidden="true" /> Save view
        </button>
      ) : (
        <span className="save-view-form">
          <input
            type="text"
            data-testid="save-view-name"
            aria-label="View name"
            placeholder="View name"
            maxLength={100}
            autoFocus
            value={naming}
            onChange={(e) => setNaming(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                save();
              } else if (e.key === 'Escape') {
                e.preventDefault();
                setNaming(null);
              }
            }}
          />
          <button type="button" className="shell-button" disabled={!naming.trim()} onClick={save}>
            Save
          </button>
          <button type="button" className="shell-button" onClick={() => setNaming(null)}>
            Cancel
          </button>
        </span>
      )}
      <button type="button" className="shell-button" data-testid="delete-view" disabled={!current} onClick={() => current && onDeleteView(current.name)} title="Delete the selected view">
        <span className="codicon codicon-trash" aria-hidden="true" />
        <span className="sr-only">Delete view</span>
      </button>
    </div>
  );
}
