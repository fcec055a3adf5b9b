/**
 * The curator webview's state: everything the host sent (snapshots, see src/protocol/curator.ts) plus the
 * optimistic decisions and notes the webview posted and has not yet seen confirmed.
 *
 * The two large tables (index and summaries) are held column by column in typed or plain arrays that grow
 * as chunks arrive (`RowTable`); a chunk overwrites the rows of its ordinal range. The table is mutated in
 * place, but every change publishes a new `RowTable` object (same arrays unless they had to grow) and a new
 * `CuratorState`, so React memos keyed on `state.rows` see the change.
 *
 * `applyFilter` is the list's filter: a pure function over the columns returning the matching ordinals in
 * ascending order. It allocates one Int32Array (or none, when given one to fill) and a few small masks.
 */
import {
  LIST_VERDICTS,
  TAG_ORDER,
  type Decision,
  type DecisionEntry,
  type Filter,
  type HostToCurator,
  type IndexChunk,
  type IndexStatus,
  type InitMessage,
  type ListVerdict,
  type SampleMessage,
  type SavedView,
  type SummaryChunk,
  type SummaryStatus,
  type TeamEntry,
  type TeamMessage,
  RESOLUTION_STATUSES,
  VERDICT_STATUSES,
} from '../../src/protocol/curator';

export const TAG_COUNT = TAG_ORDER.length;
export const PENDING = LIST_VERDICTS.indexOf('pending');

/** Codes of the decision column. `clear` is stored as NONE (undecided). */
export const DECISION_NONE = 0;
export const DECISION_CODES = { accept: 1, reject: 2, flag: 3 } as const;
export const DECISION_NAMES = ['', 'accept', 'reject', 'flag'] as const;
export type ListDecision = (typeof DECISION_NAMES)[number];

const decisionCode = (d: Decision): number => (d === 'clear' ? DECISION_NONE : DECISION_CODES[d]);

/** Codes of the reference / strict columns: index into VERDICT_STATUSES, -1 for none (no response, not analysed). */
export const STATUS_NONE = -1;
export const statusCode = (s: string | null): number => (s === null ? STATUS_NONE : VERDICT_STATUSES.indexOf(s as (typeof VERDICT_STATUSES)[number]));
/** Codes of the team column: index into RESOLUTION_STATUSES (0 undecided). */
export const teamCode = (s: TeamEntry['status']): number => RESOLUTION_STATUSES.indexOf(s);

/** The columnar rows. Ordinals `0 .. count - 1`; arrays may be longer (capacity). */
export interface RowTable {
  /** Rows known: the end of the furthest index chunk (truncated by a finished index). */
  readonly count: number;
  /** 1 when an index chunk has covered the row (chunks may arrive out of order). */
  readonly known: Uint8Array;
  readonly ids: string[];
  /** `ids`, lower-cased (the text filter). */
  readonly idsLower: string[];
  /** Index into `tasks` / `difficulties`, -1 for none. */
  readonly task: Int32Array;
  readonly difficulty: Int32Array;
  readonly tasks: readonly string[];
  readonly difficulties: readonly string[];
  /** 1-based line, 0 for none. */
  readonly line: Int32Array;
  /** Why the index pass found the row unusable (sparse). */
  readonly rowError: (string | null | undefined)[];
  /** Index into LIST_VERDICTS; `pending` until a summary chunk covers the row. */
  readonly verdict: Uint8Array;
  /** `count * TAG_COUNT` counts, TAG_ORDER per row. */
  readonly tagCounts: Uint32Array;
  readonly chars: Uint32Array;
  /** Reference and strict verdicts (STATUS_NONE / statusCode). */
  readonly reference: Int8Array;
  readonly strict: Int8Array;
  readonly steps: Uint32Array;
  /** Relative position of the first reflective step (0..1), NaN for none. */
  readonly firstReflection: Float32Array;
  /** The team's resolution (teamCode), 0 = undecided. */
  readonly team: Uint8Array;
  /** DECISION_NONE / DECISION_CODES, optimistic decisions included. */
  readonly decision: Uint8Array;
  /** 1 when the row's decision is stale (content changed since). */
  readonly stale: Uint8Array;
  /** Bumped on every change. */
  readonly version: number;
}

export interface Progress {
  index: IndexStatus | null;
  summary: SummaryStatus | null;
}

export interface BannerError {
  key: number;
  text: string;
  /** The row's line, for an "open line" button. */
  line: number | null;
}

export interface CuratorState {
  init: InitMessage | null;
  rows: RowTable;
  progress: Progress;
  /** The decisions snapshot (truth) by ordinal. */
  decisions: ReadonlyMap<number, DecisionEntry>;
  /** Posted but not yet confirmed by a snapshot. */
  optimistic: ReadonlyMap<number, { decision?: Decision; note?: string }>;
  canUndo: boolean;
  canRedo: boolean;
  journalProblems: readonly string[];
  savedViews: readonly SavedView[];
  /** The latest `sample` message (detail or error) for the selection. */
  sample: SampleMessage | null;
  /** Host time of the last sample load (a re-send after a tag edit, ms 0, keeps the previous figure). */
  sampleMs: number | null;
  errors: readonly BannerError[];
  /** The list's filter, the saved view it came from (if any), and the ordinals matching it (ascending). */
  filter: Filter;
  activeView: string | null;
  filtered: Int32Array;
  /** The selected sample (need not match the filter), or null. */
  selected: number | null;
  /** The team snapshot (all curators' journals merged); null until the host sends one. */
  team: TeamMessage | null;
  /** The team entries by ordinal. */
  teamEntries: ReadonlyMap<number, TeamEntry>;
}

/** What the webview keeps across reloads (VS Code getState/setState). */
export interface ViewMemory {
  filter: Filter;
  activeView: string | null;
  selected: number | null;
}

/** The mutable columns behind a RowTable. */
class Columns {
  capacity = 0;
  count = 0;
  known = new Uint8Array(0);
  ids: string[] = [];
  idsLower: string[] = [];
  task = new Int32Array(0);
  difficulty = new Int32Array(0);
  tasks: string[] = [];
  taskIndex = new Map<string, number>();
  difficulties: string[] = [];
  difficultyIndex = new Map<string, number>();
  line = new Int32Array(0);
  rowError: (string | null | undefined)[] = [];
  verdict = new Uint8Array(0);
  tagCounts = new Uint32Array(0);
  chars = new Uint32Array(0);
  reference = new Int8Array(0);
  strict = new Int8Array(0);
  steps = new Uint32Array(0);
  firstReflection = new Float32Array(0);
  team = new Uint8Array(0);
  decision = new Uint8Array(0);
  stale = new Uint8Array(0);
  version = 0;

  ensure(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, this.capacity * 2, 1024);
    const grow = <T extends Uint8Array | Int8Array | Int32Array | Uint32Array | Float32Array>(a: T, make: (len: number) => T, size: number, fill?: number): T => {
      const b = make(cap * size);
      b.set(a);
      if (fill !== undefined) b.fill(fill, a.length);
      return b;
    };
    this.known = grow(this.known, (l) => new Uint8Array(l), 1);
    this.task = grow(this.task, (l) => new Int32Array(l), 1, -1);
    this.difficulty = grow(this.difficulty, (l) => new Int32Array(l), 1, -1);
    this.line = grow(this.line, (l) => new Int32Array(l), 1);
    this.verdict = grow(this.verdict, (l) => new Uint8Array(l), 1, PENDING);
    this.tagCounts = grow(this.tagCounts, (l) => new Uint32Array(l), TAG_COUNT);
    this.chars = grow(this.chars, (l) => new Uint32Array(l), 1);
    this.reference = grow(this.reference, (l) => new Int8Array(l), 1, STATUS_NONE);
    this.strict = grow(this.strict, (l) => new Int8Array(l), 1, STATUS_NONE);
    this.steps = grow(this.steps, (l) => new Uint32Array(l), 1);
    this.firstReflection = grow(this.firstReflection, (l) => new Float32Array(l), 1, NaN);
    this.team = grow(this.team, (l) => new Uint8Array(l), 1);
    this.decision = grow(this.decision, (l) => new Uint8Array(l), 1);
    this.stale = grow(this.stale, (l) => new Uint8Array(l), 1);
    this.capacity = cap;
  }

  code(value: string | null, list: string[], index: Map<string, number>): number {
    if (value === null) return -1;
    let c = index.get(value);
    if (c === undefined) {
      c = list.length;
      list.push(value);
      index.set(value, c);
    }
    return c;
  }

  table(): RowTable {
    this.version++;
    return {
      count: this.count,
      known: this.known,
      ids: this.ids,
      idsLower: this.idsLower,
      task: this.task,
      difficulty: this.difficulty,
      tasks: this.tasks,
      difficulties: this.difficulties,
      line: this.line,
      rowError: this.rowError,
      verdict: this.verdict,
      tagCounts: this.tagCounts,
      chars: this.chars,
      reference: this.reference,
      strict: this.strict,
      steps: this.steps,
      firstReflection: this.firstReflection,
      team: this.team,
      decision: this.decision,
      stale: this.stale,
      version: this.version,
    };
  }
}

/** Holds the state; `receive` applies host messages, the other methods the webview's own actions. */
export class CuratorStore {
  private cols = new Columns();
  private state: CuratorState;
  private readonly listeners = new Set<() => void>();
  private errorKey = 0;
  /** Whether a selection was made or restored (else the first row gets selected when rows arrive). */
  private selectedOnce = false;

  constructor(memory?: ViewMemory) {
    this.state = CuratorStore.empty(this.cols.table(), memory);
    this.selectedOnce = memory?.selected != null;
  }

  private static empty(rows: RowTable, memory?: ViewMemory): CuratorState {
    const filter = memory?.filter ?? {};
    return {
      init: null,
      rows,
      progress: { index: null, summary: null },
      decisions: new Map(),
      optimistic: new Map(),
      canUndo: false,
      canRedo: false,
      journalProblems: [],
      savedViews: [],
      sample: null,
      sampleMs: null,
      errors: [],
      filter,
      activeView: memory?.activeView ?? null,
      filtered: applyFilter({ rows }, filter),
      selected: memory?.selected ?? null,
      team: null,
      teamEntries: new Map(),
    };
  }

  readonly getState = (): CuratorState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<CuratorState>): void {
    const next = { ...this.state, ...patch };
    if (patch.rows !== undefined || patch.filter !== undefined) next.filtered = applyFilter(next, next.filter);
    if (next.selected === null && !this.selectedOnce && next.init !== null && next.filtered.length > 0) {
      next.selected = next.filtered[0]!;
      this.selectedOnce = true;
    }
    this.state = next;
    for (const l of this.listeners) l();
  }

  /** The webview's memory (for getState/setState). */
  memory(): ViewMemory {
    return { filter: this.state.filter, activeView: this.state.activeView, selected: this.state.selected };
  }

  select(ordinal: number | null): void {
    if (ordinal === this.state.selected) return;
    this.selectedOnce = true;
    this.set({ selected: ordinal });
  }

  /** A new filter; `view` names the saved view it came from (null: none; undefined: keep the name, e.g. after saving). */
  setFilter(filter: Filter, view?: string | null): void {
    this.set({ filter, ...(view !== undefined ? { activeView: view } : {}) });
  }

  setActiveView(name: string | null): void {
    this.set({ activeView: name });
  }

  /** Select a row the host asked for; when the filter hides it, the filter is cleared so it shows. */
  private reveal(ordinal: number): void {
    this.selectedOnce = true;
    const rows = this.state.rows;
    const hidden = ordinal < rows.count && rows.known[ordinal] === 1 && this.state.filtered[lowerBound(this.state.filtered, ordinal)] !== ordinal;
    this.set(hidden ? { selected: ordinal, filter: {}, activeView: null } : { selected: ordinal });
  }

  receive(message: HostToCurator): void {
    switch (message.type) {
      case 'init':
        return this.onInit(message);
      case 'indexChunk':
        return this.onIndexChunk(message);
      case 'indexStatus':
        return this.onIndexStatus(message);
      case 'summaryChunk':
        return this.onSummaryChunk(message);
      case 'summaryStatus':
        return this.set({ progress: { ...this.state.progress, summary: message } });
      case 'decisions':
        return this.onDecisions(message.entries, message.canUndo, message.canRedo, message.journalProblems);
      case 'savedViews':
        return this.set({ savedViews: message.views });
      case 'sample':
        return this.onSample(message);
      case 'reveal':
        return this.reveal(message.ordinal);
      case 'error':
        return this.addError(message.message, null);
      case 'team':
        return this.onTeam(message);
    }
  }

  private onInit(message: InitMessage): void {
    if (this.state.init && this.state.init.filePath !== message.filePath) {
      // Another dataset: nothing held so far applies to it.
      this.cols = new Columns();
      this.state = CuratorStore.empty(this.cols.table());
      this.selectedOnce = false;
    }
    this.set({ init: message });
    if (message.reveal !== null) this.reveal(message.reveal);
  }

  private onIndexChunk(c: IndexChunk): void {
    const cols = this.cols;
    const n = c.ids.length;
    const end = c.start + n;
    cols.ensure(end);
    for (let k = 0; k < n; k++) {
      const i = c.start + k;
      const id = c.ids[k] ?? '';
      cols.known[i] = 1;
      cols.ids[i] = id;
      cols.idsLower[i] = id.toLowerCase();
      cols.task[i] = cols.code(c.tasks[k] ?? null, cols.tasks, cols.taskIndex);
      cols.difficulty[i] = cols.code(c.difficulties[k] ?? null, cols.difficulties, cols.difficultyIndex);
      cols.line[i] = c.lines[k] ?? 0;
      const err = c.errors[k] ?? null;
      if (err !== null || cols.rowError[i] != null) cols.rowError[i] = err;
    }
    if (end > cols.count) {
      // Rows between the old end and this chunk's start that no chunk covered yet get placeholder ids.
      for (let i = cols.count; i < c.start; i++) {
        if (!cols.known[i]) {
          cols.ids[i] = '';
          cols.idsLower[i] = '';
        }
      }
      cols.count = end;
    }
    this.set({ rows: cols.table() });
  }

  private onIndexStatus(s: IndexStatus): void {
    const cols = this.cols;
    if (s.done && s.samples < cols.count) {
      // The finished index is shorter than what we held (the file shrank and was re-indexed).
      cols.count = s.samples;
      cols.ids.length = Math.min(cols.ids.length, s.samples);
      cols.idsLower.length = Math.min(cols.idsLower.length, s.samples);
      cols.known.fill(0, s.samples);
      this.set({ progress: { ...this.state.progress, index: s }, rows: cols.table() });
      return;
    }
    this.set({ progress: { ...this.state.progress, index: s } });
  }

  private onSummaryChunk(c: SummaryChunk): void {
    const cols = this.cols;
    const n = c.verdicts.length;
    cols.ensure(c.start + n);
    for (let k = 0; k < n; k++) {
      const i = c.start + k;
      const v = LIST_VERDICTS.indexOf(c.verdicts[k] ?? 'pending');
      cols.verdict[i] = v < 0 ? PENDING : v;
      const counts = c.tagCounts[k];
      const base = i * TAG_COUNT;
      for (let t = 0; t < TAG_COUNT; t++) cols.tagCounts[base + t] = counts?.[t] ?? 0;
      cols.chars[i] = c.chars[k] ?? 0;
      cols.reference[i] = statusCode(c.reference[k] ?? null);
      cols.strict[i] = statusCode(c.strict[k] ?? null);
      cols.steps[i] = c.steps[k] ?? 0;
      cols.firstReflection[i] = c.firstReflection[k] ?? NaN;
    }
    this.set({ rows: cols.table() });
  }

  private onDecisions(entries: readonly DecisionEntry[], canUndo: boolean, canRedo: boolean, journalProblems: readonly string[]): void {
    const cols = this.cols;
    const map = new Map<number, DecisionEntry>();
    let max = 0;
    for (const e of entries) {
      map.set(e.ordinal, e);
      if (e.ordinal + 1 > max) max = e.ordinal + 1;
    }
    cols.ensure(max);
    cols.decision.fill(DECISION_NONE);
    cols.stale.fill(0);
    for (const e of entries) {
      cols.decision[e.ordinal] = decisionCode(e.decision);
      cols.stale[e.ordinal] = e.stale ? 1 : 0;
    }
    // The snapshot is the truth: optimistic decisions and notes end here.
    this.set({ decisions: map, optimistic: new Map(), canUndo, canRedo, journalProblems, rows: cols.table() });
  }

  private onTeam(m: TeamMessage): void {
    const cols = this.cols;
    const map = new Map<number, TeamEntry>();
    let max = 0;
    for (const e of m.entries) {
      map.set(e.ordinal, e);
      if (e.ordinal + 1 > max) max = e.ordinal + 1;
    }
    cols.ensure(max);
    cols.team.fill(0);
    for (const e of m.entries) cols.team[e.ordinal] = teamCode(e.status);
    this.set({ team: m, teamEntries: map, rows: cols.table() });
  }

  /** The sample of the selection is shown; a late answer for a row the selection has left is not (its error still is). */
  private onSample(m: SampleMessage): void {
    if (m.error !== null) {
      const line = m.detail?.line ?? (this.cols.line[m.ordinal] || null);
      this.addError(m.error, line);
    }
    if (m.ordinal !== this.state.selected && this.state.selected !== null) return;
    const refresh = m.ms === 0 && this.state.sample?.ordinal === m.ordinal;
    this.set({ sample: m, sampleMs: refresh ? this.state.sampleMs : m.ms });
  }

  addError(text: string, line: number | null): void {
    if (this.state.errors.some((e) => e.text === text)) return;
    this.set({ errors: [...this.state.errors, { key: ++this.errorKey, text, line }].slice(-5) });
  }

  dismissError(key: number): void {
    this.set({ errors: this.state.errors.filter((e) => e.key !== key) });
  }

  /** The webview posted `decide` (and maybe a note): show it until the next snapshot. */
  optimisticDecide(ordinal: number, decision: Decision): void {
    const cols = this.cols;
    cols.ensure(ordinal + 1);
    cols.decision[ordinal] = decisionCode(decision);
    cols.stale[ordinal] = 0;
    const optimistic = new Map(this.state.optimistic);
    optimistic.set(ordinal, { ...optimistic.get(ordinal), decision });
    this.set({ optimistic, rows: cols.table() });
  }

  optimisticNote(ordinal: number, note: string): void {
    const optimistic = new Map(this.state.optimistic);
    optimistic.set(ordinal, { ...optimistic.get(ordinal), note });
    this.set({ optimistic });
  }
}

/** The decision the list shows for a row ('' for none or clear). */
export function rowDecision(rows: RowTable, ordinal: number): ListDecision {
  return DECISION_NAMES[rows.decision[ordinal] ?? 0] ?? '';
}

/** The decision and note shown for a sample: the optimistic one if any, else the snapshot's. */
export function effectiveDecision(state: Pick<CuratorState, 'decisions' | 'optimistic'>, ordinal: number): { decision: Decision | null; note: string; stale: boolean; entry: DecisionEntry | null } {
  const entry = state.decisions.get(ordinal) ?? null;
  const o = state.optimistic.get(ordinal);
  return {
    decision: o?.decision ?? entry?.decision ?? null,
    note: o?.note ?? entry?.note ?? '',
    stale: o?.decision !== undefined ? false : (entry?.stale ?? false),
    entry,
  };
}

/**
 * The decision entry the detail panes show: the snapshot's, with the optimistic decision and note laid
 * over it (a synthetic entry when the sample has none yet), so the detail agrees with the list.
 */
export function displayEntry(state: Pick<CuratorState, 'decisions' | 'optimistic'>, ordinal: number, sampleId: string): DecisionEntry | null {
  const entry = state.decisions.get(ordinal) ?? null;
  const o = state.optimistic.get(ordinal);
  if (!o) return entry;
  const base: DecisionEntry = entry ?? { ordinal, sampleId, decision: 'clear', ts: '', note: '', tagEdits: [], stale: false };
  return { ...base, ...(o.decision !== undefined ? { decision: o.decision, stale: false } : {}), ...(o.note !== undefined ? { note: o.note } : {}) };
}

export interface Counts {
  total: number;
  accepted: number;
  rejected: number;
  flagged: number;
  stale: number;
  /** Rows without accept/reject/flag. */
  left: number;
}

export function decisionCounts(rows: RowTable): Counts {
  let accepted = 0;
  let rejected = 0;
  let flagged = 0;
  let stale = 0;
  const d = rows.decision;
  for (let i = 0; i < rows.count; i++) {
    const c = d[i];
    if (c === DECISION_CODES.accept) accepted++;
    else if (c === DECISION_CODES.reject) rejected++;
    else if (c === DECISION_CODES.flag) flagged++;
    if (rows.stale[i]) stale++;
  }
  return { total: rows.count, accepted, rejected, flagged, stale, left: rows.count - accepted - rejected - flagged };
}

/** Rows per task / difficulty code (index `tasks.length` counts the rows without one), and per verdict. */
export function columnCounts(rows: RowTable): { tasks: Uint32Array; difficulties: Uint32Array; verdicts: Uint32Array } {
  const tasks = new Uint32Array(rows.tasks.length + 1);
  const difficulties = new Uint32Array(rows.difficulties.length + 1);
  const verdicts = new Uint32Array(LIST_VERDICTS.length);
  const noTask = rows.tasks.length;
  const noDifficulty = rows.difficulties.length;
  for (let i = 0; i < rows.count; i++) {
    if (!rows.known[i]) continue;
    const t = rows.task[i] ?? -1;
    tasks[t < 0 ? noTask : t]!++;
    const d = rows.difficulty[i] ?? -1;
    difficulties[d < 0 ? noDifficulty : d]!++;
    verdicts[rows.verdict[i] ?? PENDING]!++;
  }
  return { tasks, difficulties, verdicts };
}

/** In filters, the empty string stands for "no task" / "no difficulty". */
export const NONE_VALUE = '';

/** A mask over a dictionary: 1 for each code whose value is selected. Index `values.length` is "none". */
function dictionaryMask(values: readonly string[], selected: readonly string[]): Uint8Array {
  const mask = new Uint8Array(values.length + 1);
  const wanted = new Set(selected);
  for (let c = 0; c < values.length; c++) if (wanted.has(values[c]!)) mask[c] = 1;
  if (wanted.has(NONE_VALUE)) mask[values.length] = 1;
  return mask;
}

/**
 * The ordinals of the rows matching `filter`, ascending. Absent fields (and empty lists) match anything.
 * Rows no index chunk has covered yet never match. `out` (at least `rows.count` long) is filled and a
 * view of it returned, so a caller can reuse one buffer; without it one Int32Array is allocated.
 */
export function applyFilter(state: { rows: RowTable }, filter: Filter, out?: Int32Array): Int32Array {
  const rows = state.rows;
  const n = rows.count;
  const result = out && out.length >= n ? out : new Int32Array(n);

  const tasks = filter.tasks?.length ? dictionaryMask(rows.tasks, filter.tasks) : null;
  const noTask = rows.tasks.length;
  const difficulties = filter.difficulties?.length ? dictionaryMask(rows.difficulties, filter.difficulties) : null;
  const noDifficulty = rows.difficulties.length;

  let verdictMask = 0;
  if (filter.verdicts?.length) for (const v of filter.verdicts) verdictMask |= 1 << LIST_VERDICTS.indexOf(v);

  // Decision mask over the codes (bit 0 undecided, 1 accept, 2 reject, 3 flag); stale separately.
  let decisionMask = 0;
  let wantStale = false;
  const decisions = filter.decisions?.length ? filter.decisions : null;
  if (decisions) {
    for (const d of decisions) {
      if (d === 'undecided') decisionMask |= 1 << DECISION_NONE;
      else if (d === 'stale') wantStale = true;
      else decisionMask |= 1 << DECISION_CODES[d];
    }
  }

  // Tag conditions: per tag, a minimum count, or a maximum of 0 (absent).
  const tagMin = new Int32Array(TAG_COUNT);
  const tagAbsent = new Uint8Array(TAG_COUNT);
  let tagConditions = 0;
  for (const t of filter.tags ?? []) {
    const k = TAG_ORDER.indexOf(t.tag);
    if (k < 0) continue;
    if (t.absent) {
      tagAbsent[k] = 1;
      tagConditions++;
    } else if (t.min > 0) {
      tagMin[k] = Math.max(tagMin[k]!, t.min);
      tagConditions++;
    }
  }

  let teamMask = 0;
  if (filter.agreement?.length) for (const a of filter.agreement) teamMask |= 1 << teamCode(a);

  const text = filter.text?.trim().toLowerCase() ?? '';
  // Tasks whose name contains the text: decided once per task, not per row.
  let taskText: Uint8Array | null = null;
  if (text) {
    taskText = new Uint8Array(rows.tasks.length + 1);
    for (let c = 0; c < rows.tasks.length; c++) if (rows.tasks[c]!.toLowerCase().includes(text)) taskText[c] = 1;
  }

  const { known, task, difficulty, verdict, decision, stale, tagCounts, idsLower, team } = rows;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!known[i]) continue;
    if (tasks) {
      const t = task[i]!;
      if (!tasks[t < 0 ? noTask : t]) continue;
    }
    if (difficulties) {
      const d = difficulty[i]!;
      if (!difficulties[d < 0 ? noDifficulty : d]) continue;
    }
    if (verdictMask && !(verdictMask & (1 << verdict[i]!))) continue;
    if (decisions && !(decisionMask & (1 << decision[i]!)) && !(wantStale && stale[i])) continue;
    if (teamMask && !(teamMask & (1 << team[i]!))) continue;
    if (tagConditions) {
      const base = i * TAG_COUNT;
      let ok = true;
      for (let t = 0; t < TAG_COUNT; t++) {
        const c = tagCounts[base + t]!;
        if ((tagAbsent[t] && c !== 0) || c < tagMin[t]!) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
    }
    if (taskText) {
      const t = task[i]!;
      if (!(t >= 0 && taskText[t]) && !idsLower[i]!.includes(text)) continue;
    }
    result[k++] = i;
  }
  return result.subarray(0, k);
}

/** Binary search in ascending ordinals: the position of the first ordinal >= `ordinal`. */
export function lowerBound(list: Int32Array, ordinal: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < ordinal) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The next / previous ordinal in the filtered list relative to `current` (which need not be in it). */
export function neighbour(list: Int32Array, current: number | null, direction: 1 | -1): number | null {
  if (list.length === 0) return null;
  if (current === null) return direction === 1 ? list[0]! : list[list.length - 1]!;
  if (direction === 1) {
    const p = lowerBound(list, current + 1);
    return p < list.length ? list[p]! : null;
  }
  const p = lowerBound(list, current) - 1;
  return p >= 0 ? list[p]! : null;
}

/** Whether the filter restricts anything. */
export function isFilterActive(filter: Filter): boolean {
  return Boolean(filter.tasks?.length || filter.difficulties?.length || filter.verdicts?.length || filter.decisions?.length || filter.agreement?.length || filter.tags?.some((t) => t.absent || t.min > 0) || filter.text?.trim());
}

/** The filter without empty parts (what gets saved and compared). */
export function normalizeFilter(filter: Filter): Filter {
  const out: Filter = {};
  if (filter.tasks?.length) out.tasks = [...filter.tasks];
  if (filter.difficulties?.length) out.difficulties = [...filter.difficulties];
  if (filter.verdicts?.length) out.verdicts = [...filter.verdicts];
  if (filter.decisions?.length) out.decisions = [...filter.decisions];
  if (filter.agreement?.length) out.agreement = [...filter.agreement];
  const tags = filter.tags?.filter((t) => t.absent || t.min > 0);
  if (tags?.length) out.tags = tags.map((t) => (t.absent ? { tag: t.tag, min: 0, absent: true } : { tag: t.tag, min: t.min }));
  if (filter.text?.trim()) out.text = filter.text;
  return out;
}

export function sameFilter(a: Filter, b: Filter): boolean {
  return JSON.stringify(normalizeFilter(a)) === JSON.stringify(normalizeFilter(b));
}

export type { ListVerdict };
