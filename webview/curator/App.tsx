/**
 * The curator: a status line on top, the filter bar and the virtualised sample list on the left, the
 * selected sample's decision bar, note and detail panes on the right, the keyboard help on `?`.
 *
 * Data flow: host messages go into the CuratorStore (store.ts), which React reads with
 * useSyncExternalStore. The webview's actions post CuratorToHost messages; decisions and notes show
 * optimistically until the next `decisions` snapshot, which is the truth.
 */
import { useEffect, useEffectEvent, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Filter, LIST_VERDICTS, RESOLUTION_STATUSES, type Decision, type ListVerdict, type ResolutionStatus, type SavedView, type Tag } from '../../src/protocol/curator';
import { DetailPane } from './DetailPane';
import { reflectionSteps } from './detailSlot';
import { ErrorBanner } from './ErrorBanner';
import { FilterBar, type ValueCount } from './FilterBar';
import { HelpOverlay } from './HelpOverlay';
import type { CuratorHostApi } from './hostApi';
import { actionFor, isTypingTarget, tagOfAction, type Action } from './keymap';
import { SampleList } from './SampleList';
import { StatusLine } from './StatusLine';
import { InsightView } from '../insight/InsightView';
import { buildInsight } from '../../src/core/insight/build';
import { insightInputOf } from './insightInput';
import { TeamPanel } from './TeamPanel';
import { columnCounts, CuratorStore, decisionCounts, displayEntry, effectiveDecision, isFilterActive, neighbour, NONE_VALUE, normalizeFilter, type ViewMemory } from './store';

/** Minimum time between two `requestSample`s while the selection moves fast (j held down); the first is immediate. */
export const SAMPLE_REQUEST_INTERVAL_MS = 120;

/** Actions that must not repeat while the key is held. */
const NO_REPEAT = new Set<Action>([
  'accept',
  'reject',
  'flag',
  'clear',
  'undo',
  'redo',
  'note',
  'help',
  'tag1',
  'tag2',
  'tag3',
  'tag4',
  'tag5',
  'focusFilter',
  'adjudicateAccept',
  'adjudicateReject',
  'adjudicateFlag',
  'insight',
  'export',
]);

function readMemory(raw: unknown): ViewMemory | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const filter = Filter.safeParse(r['filter']);
  const selected = r['selected'];
  const activeView = r['activeView'];
  return {
    filter: filter.success ? filter.data : {},
    selected: typeof selected === 'number' && Number.isInteger(selected) && selected >= 0 ? selected : null,
    activeView: typeof activeView === 'string' ? activeView : null,
  };
}

export function App({ api }: { api: CuratorHostApi }) {
  const [store] = useState(() => new CuratorStore(readMemory(api.getState())));
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const [focus, setFocus] = useState<{ ordinal: number; step: number | null } | null>(null);
  const [help, setHelp] = useState(false);
  const [insight, setInsight] = useState(false);
  const [noteFor, setNoteFor] = useState<number | null>(null);
  const textRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const unsubscribe = api.subscribe((message) => store.receive(message));
    api.post({ type: 'ready' });
    return unsubscribe;
  }, [api, store]);

  const { rows, filtered, selected, filter, init } = state;

  // Remember filter, view and selection across webview reloads.
  useEffect(() => {
    api.setState({ filter, activeView: state.activeView, selected } satisfies ViewMemory);
  }, [api, filter, state.activeView, selected]);

  // Load the selected sample: at once, then at most every SAMPLE_REQUEST_INTERVAL_MS while the selection keeps moving.
  const lastRequest = useRef(-Infinity);
  useEffect(() => {
    if (selected === null) return;
    const post = () => {
      lastRequest.current = performance.now();
      api.post({ type: 'requestSample', ordinal: selected });
    };
    const wait = lastRequest.current + SAMPLE_REQUEST_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      post();
      return;
    }
    const timer = setTimeout(post, wait);
    return () => clearTimeout(timer);
  }, [api, selected]);

  const counts = useMemo(() => decisionCounts(rows), [rows]);
  const columns = useMemo(() => {
    const c = columnCounts(rows);
    const values = (names: readonly string[], n: Uint32Array): ValueCount[] => {
      const out = names.map((name, i) => ({ value: name, label: name, count: n[i] ?? 0 }));
      const none = n[names.length] ?? 0;
      if (none > 0) out.push({ value: NONE_VALUE, label: '(none)', count: none });
      return out;
    };
    const verdicts = Object.fromEntries(LIST_VERDICTS.map((v, i) => [v, c.verdicts[i] ?? 0])) as Record<ListVerdict, number>;
    return { tasks: values(rows.tasks, c.tasks), difficulties: values(rows.difficulties, c.difficulties), verdicts };
  }, [rows]);

  const sample = state.sample;
  const shownDetail = sample?.detail ?? null;
  const current = shownDetail !== null && shownDetail.ordinal === selected ? shownDetail : null;
  const focusedStep = current !== null && focus?.ordinal === current.ordinal ? focus.step : null;
  const selectedDecision = selected === null ? null : effectiveDecision(state, selected);

  const focusStep = (step: number | null) => {
    if (current) setFocus({ ordinal: current.ordinal, step });
  };

  const decide = (decision: Decision) => {
    if (selected === null) return;
    api.post({ type: 'decide', ordinal: selected, decision });
    store.optimisticDecide(selected, decision);
    if (decision !== 'clear' && init?.autoAdvance) {
      const next = neighbour(store.getState().filtered, selected, 1);
      if (next !== null) store.select(next);
    }
  };

  /** Record the team's final decision on the selection (a journal line marked as an adjudication). */
  const adjudicate = (decision: Decision) => {
    if (selected === null) return;
    api.post({ type: 'adjudicate', ordinal: selected, decision });
  };

  /** Ask the host to export; with a filter on, the list's samples are offered as a scope. */
  const requestExport = () => {
    if (!isFilterActive(filter)) {
      api.post({ type: 'command', command: 'export' });
      return;
    }
    const ids: string[] = [];
    for (const o of filtered) ids.push(rows.ids[o] ?? '');
    const view = state.activeView ? ` (view “${state.activeView}”)` : '';
    api.post({ type: 'command', command: 'export', scope: { label: `The ${ids.length.toLocaleString('en-US')} sample${ids.length === 1 ? '' : 's'} in the curator's list${view}`, ids } });
  };

  const toggleTag = (step: number, tag: Tag) => {
    if (!shownDetail) return;
    api.post({ type: 'toggleTag', ordinal: shownDetail.ordinal, step, tag });
  };

  const openLine = (line: number) => {
    if (line >= 1) api.post({ type: 'openLine', line });
  };

  /** The next / previous of `steps` (ascending step indices) from the focused step. */
  const moveStep = (steps: readonly number[], direction: 1 | -1) => {
    if (!current || steps.length === 0) return;
    const from = focusedStep;
    let target: number | undefined;
    if (direction === 1) target = from === null ? steps[0] : steps.find((s) => s > from);
    else target = from === null ? steps[steps.length - 1] : [...steps].reverse().find((s) => s < from);
    if (target !== undefined) focusStep(target);
  };

  const run = (action: Action) => {
    switch (action) {
      case 'next':
      case 'prev': {
        const next = neighbour(filtered, selected, action === 'next' ? 1 : -1);
        if (next !== null) store.select(next);
        return;
      }
      case 'first':
        if (filtered.length) store.select(filtered[0]!);
        return;
      case 'last':
        if (filtered.length) store.select(filtered[filtered.length - 1]!);
        return;
      case 'accept':
      case 'reject':
      case 'flag':
      case 'clear':
        return decide(action);
      case 'adjudicateAccept':
        return adjudicate('accept');
      case 'adjudicateReject':
        return adjudicate('reject');
      case 'adjudicateFlag':
        return adjudicate('flag');
      case 'insight':
        setInsight((v) => !v);
        return;
      case 'export':
        return requestExport();
      case 'undo':
        return api.post({ type: 'undo' });
      case 'redo':
        return api.post({ type: 'redo' });
      case 'note':
        if (selected !== null) setNoteFor(selected);
        return;
      case 'nextReflection':
      case 'prevReflection':
        return current ? moveStep(reflectionSteps(current, 'reflection'), action === 'nextReflection' ? 1 : -1) : undefined;
      case 'nextBacktrack':
      case 'prevBacktrack':
        return current ? moveStep(reflectionSteps(current, 'backtracking'), action === 'nextBacktrack' ? 1 : -1) : undefined;
      case 'nextStep':
      case 'prevStep':
        return current ? moveStep(current.steps.map((s) => s.index), action === 'nextStep' ? 1 : -1) : undefined;
      case 'tag1':
      case 'tag2':
      case 'tag3':
      case 'tag4':
      case 'tag5': {
        const tag = tagOfAction(action);
        if (tag && current && focusedStep !== null) toggleTag(focusedStep, tag);
        return;
      }
      case 'focusFilter':
        textRef.current?.focus();
        textRef.current?.select();
        return;
      case 'help':
        setHelp((h) => !h);
        return;
      case 'escape':
        if (help) setHelp(false);
        else if (insight) setInsight(false);
        else if (noteFor !== null) setNoteFor(null);
        else if (focusedStep !== null) focusStep(null);
        return;
    }
  };

  const onKeyDown = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing || isTypingTarget(e.target)) return;
    const action = actionFor(e);
    if (action === null) return;
    if (help && action !== 'help' && action !== 'escape') return;
    e.preventDefault();
    if (e.repeat && NO_REPEAT.has(action)) return;
    run(action);
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKeyDown(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const saveView = (name: string) => {
    const view: SavedView = { name, filter: normalizeFilter(filter) };
    api.post({ type: 'saveView', view });
    store.setActiveView(name);
  };
  const applyView = (view: SavedView) => store.setFilter(view.filter, view.name);
  const deleteView = (name: string) => {
    api.post({ type: 'deleteView', name });
    if (state.activeView === name) store.setActiveView(null);
  };

  const filterKey = useMemo(() => JSON.stringify(filter), [filter]);
  // The insight is computed from the rows the list holds, only while it is shown (about 10 ms for 100,000 rows).
  const targetMix = init?.targetMix;
  const insightReport = useMemo(
    () => (insight ? buildInsight(insightInputOf(rows, state.team, state.teamEntries, targetMix)) : null),
    [insight, rows, state.team, state.teamEntries, targetMix],
  );
  /** A click on a chart filters the list (the view's name no longer applies). */
  const filterFromInsight = (f: Filter) => {
    store.setFilter(normalizeFilter(f), null);
    const first = store.getState().filtered[0];
    if (first !== undefined) store.select(first);
  };
  const team = state.team;
  const teamCounts = useMemo(() => {
    if (!team || team.curators.length < 2) return null;
    const c = Object.fromEntries(RESOLUTION_STATUSES.map((s) => [s, 0])) as Record<ResolutionStatus, number>;
    for (let i = 0; i < rows.count; i++) if (rows.known[i]) c[RESOLUTION_STATUSES[rows.team[i] ?? 0] ?? 'undecided']++;
    return c;
  }, [team, rows]);
  const selectedLine = selected !== null ? rows.line[selected] || null : null;
  const entryOfShown = shownDetail ? displayEntry(state, shownDetail.ordinal, shownDetail.id) : null;

  return (
    <div className="curator" data-testid="curator">
      <StatusLine
        init={init}
        progress={state.progress}
        rowCount={rows.count}
        counts={counts}
        sampleMs={state.sampleMs}
        onHelp={() => setHelp(true)}
        insight={insight}
        onInsight={() => setInsight((v) => !v)}
        onExport={requestExport}
      />
      <ErrorBanner
        errors={state.errors}
        fileErrors={state.progress.index?.fileErrors ?? []}
        journalProblems={state.journalProblems}
        onDismiss={(key) => store.dismissError(key)}
        onOpenLine={openLine}
      />
      <div className="curator-body">
        <aside className="curator-left">
          <FilterBar
            filter={filter}
            onChange={(f) => store.setFilter(f)}
            tasks={columns.tasks}
            difficulties={columns.difficulties}
            verdictCounts={columns.verdicts}
            matched={filtered.length}
            total={rows.count}
            savedViews={state.savedViews}
            activeView={state.activeView}
            onApplyView={applyView}
            onSaveView={saveView}
            onDeleteView={deleteView}
            textRef={textRef}
            teamCounts={teamCounts}
          />
          <SampleList rows={rows} ordinals={filtered} selected={selected} filterKey={filterKey} onSelect={(o) => store.select(o)} listRef={listRef} />
        </aside>
        {insightReport ? (
          <main className="insight-pane" data-testid="insight-pane" aria-label="Dataset insight">
            <InsightView
              report={insightReport}
              onFilter={filterFromInsight}
              subtitle={`${init?.fileName ?? ''}: click a bar to filter the list; i or Escape goes back to the sample.`}
            />
          </main>
        ) : (
          <DetailPane
            selected={selected}
            selectedId={selected !== null ? (rows.ids[selected] ?? '') : ''}
            selectedLine={selectedLine}
            sample={sample}
            decision={selectedDecision?.decision ?? null}
            stale={selectedDecision?.stale ?? false}
            note={selectedDecision?.note ?? ''}
            entryOfShown={entryOfShown}
            focusedStep={focusedStep}
            canUndo={state.canUndo}
            canRedo={state.canRedo}
            noteEditing={noteFor !== null && noteFor === selected}
            onDecide={decide}
            onUndo={() => api.post({ type: 'undo' })}
            onRedo={() => api.post({ type: 'redo' })}
            onEditNote={(open) => setNoteFor(open ? selected : null)}
            onSaveNote={(note) => {
              if (selected === null) return;
              api.post({ type: 'setNote', ordinal: selected, note });
              store.optimisticNote(selected, note);
              setNoteFor(null);
            }}
            onFocusStep={focusStep}
            onToggleTag={toggleTag}
            onOpenLine={openLine}
            team={
              team && selected !== null ? (
                <TeamPanel entry={state.teamEntries.get(selected) ?? null} curators={team.curators} me={init?.curator ?? ''} onAdjudicate={adjudicate} />
              ) : null
            }
          />
        )}
      </div>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
