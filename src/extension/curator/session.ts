/**
 * One open dataset in the curator: the engine (index, samples, background analysis), the curation journal
 * (read on open, appended on every decision, re-read when another window or process appends), undo/redo,
 * saved views, and the webview panels showing it (several editors may show one dataset).
 *
 * vscode-free: the provider (provider.ts) supplies the panels, the backend, the views store and the
 * logger, so the whole message flow is unit-tested without VS Code (test/extension/curatorSession.test.ts).
 *
 * Protocol: src/protocol/curator.ts. Everything a panel needs is replayed on its `ready` (snapshots), so a
 * webview that was hidden and recreated, or a second editor on the same file, catches up.
 *
 * The dataset file changing on disk while open (a row edited, rows inserted or deleted, the file truncated
 * or replaced): the session watches the file (and the engine refuses to read through a stale index, see
 * engine.ts), asks the engine to index it again, sends the new index to the panels, and checks the
 * decided samples' content hashes again. Until a decided sample's hash has been checked against the new
 * content its decision shows as stale (never silently carried over to whatever now sits at its row);
 * decisions whose sample is no longer in the file are reported, and their journal lines are kept.
 *
 * Read-only (Workspace Trust's Restricted Mode, see host.ts): the dataset, the analysis and the team view
 * are shown as usual, but decisions, notes, tag edits, rulings and undo/redo are refused with a message
 * (and the panel's optimistic change is taken back by a fresh decisions snapshot); nothing is appended to
 * the journal. `setReadOnly(null)` lifts it (trust granted).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  appendJournal,
  DecisionHistory,
  journalDatasetName,
  journalLine,
  JournalState,
  mergeTagEdits,
  readJournal,
  toggleTagEdit,
  type JournalLine,
} from '../../core/journal';
import { JOURNAL_SUFFIX } from '../../core/journal/paths';
import { decisionAgreement, TeamJournal, tagAgreement, type AgreementReport, type JournalSource, type SourceProblems } from '../../core/team';
import type { Tag } from '../../core/trace/cueSchema';
import {
  CuratorToHost,
  type Decision,
  type DecisionEntry,
  type HostToCurator,
  type IndexChunk,
  type SampleDetail,
  type SavedView,
  type SummaryChunk,
  type TeamEntry,
  type TeamMessage,
} from '../../protocol/curator';
import type { TargetMix } from '../../core/insight/schema';
import type { DatasetBackend } from './backend';
import { filterScope } from './filterWhere';
import type { DetailImageSource } from './detail';
import type { EngineEvent } from './engine';

/** A command the webview asked for, with the samples of its current list when a filter is active. */
export type CommandListener = (command: 'export' | 'openJournal', scope: { label: string; ids: string[] } | null) => void;

export interface CuratorPanel {
  post(message: HostToCurator): void;
  /** A webview URI for an image file inside the dataset's folder, or null when it cannot be shown. */
  imageUri(absPath: string): string | null;
  /** Open the dataset as text at a 1-based line. */
  openLine(line: number): void;
}

export interface SavedViewsStore {
  load(): SavedView[];
  save(views: SavedView[]): Promise<void>;
}

export interface SessionLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface SessionOptions {
  datasetPath: string;
  journalPath: string;
  curator: string;
  autoAdvance: boolean;
  backend: DatasetBackend;
  views: SavedViewsStore;
  log: SessionLog;
  /** Watch the journal file for appends by other windows/processes (default true). */
  watchJournal?: boolean;
  /** Watch the dataset file for changes and re-index it (default true). */
  watchDataset?: boolean;
  /**
   * The team's journals of this dataset (every curator's, own included or not; see core/team discover):
   * merged with the own journal into the team view. Default: the own journal only.
   */
  discoverJournals?: () => Promise<string[]>;
  /** The wanted mix of the accepted set (setting `helixCurator.insight.targetMix`). */
  targetMix?: TargetMix;
  /** Open read-only, with this reason shown when an edit is refused (Restricted Mode). Default: writable. */
  readOnly?: string | null;
}

/** An edit refused because the session is read-only (Restricted Mode). */
export class ReadOnlyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadOnlyError';
  }
}

export interface TaskProgress {
  task: string;
  total: number;
  accept: number;
  reject: number;
  flag: number;
  left: number;
}

export interface SessionCounts {
  total: number;
  accept: number;
  reject: number;
  flag: number;
  left: number;
  stale: number;
  indexing: boolean;
}

interface PanelState {
  ready: boolean;
  /** The last sample the panel asked for, and its detail once loaded (for tag toggles). */
  ordinal: number | null;
  detail: SampleDetail | null;
  reveal: number | null;
}

type Pending =
  | { kind: 'sample'; panel: CuratorPanel }
  | { kind: 'hash'; resolve: (hash: string) => void; reject: (e: Error) => void }
  | { kind: 'hashes'; resolve: (hashes: (string | null)[]) => void; reject: (e: Error) => void }
  | { kind: 'autoTags'; resolve: (tags: (Tag[][] | null)[]) => void; reject: (e: Error) => void };

export class CuratorSession {
  private readonly panels = new Map<CuratorPanel, PanelState>();
  private readonly indexChunks: IndexChunk[] = [];
  private indexStatus: Extract<HostToCurator, { type: 'indexStatus' }> = { type: 'indexStatus', samples: 0, bytesDone: 0, bytesTotal: 0, done: false, fileErrors: [] };
  private readonly summaryChunks = new Map<number, SummaryChunk>();
  private summaryStatus: Extract<HostToCurator, { type: 'summaryStatus' }> = { type: 'summaryStatus', done: 0, total: 0, finished: false };
  private readonly ids: string[] = [];
  private readonly tasks: (string | null)[] = [];
  private readonly hashes: (string | null)[] = [];
  private readonly ordinalsById = new Map<string, number[]>();
  private journal = new JournalState();
  /** The own journal's lines in file order (adjudications included), for the team view. */
  private ownLines: JournalLine[] = [];
  /** The other journals of the team (not the own one), as last read. */
  private otherSources: JournalSource[] = [];
  private otherProblems: SourceProblems[] = [];
  private team: TeamJournal | null = null;
  private teamTimer: NodeJS.Timeout | null = null;
  private lastTeam: TeamMessage | null = null;
  /** Tagger output per ordinal (for step-tag agreement), keyed with the content hash it was computed on. */
  private readonly autoTagCache = new Map<number, { hash: string | null; tags: Tag[][] | null }>();
  private journalProblems: string[] = [];
  private readonly history: DecisionHistory;
  private cueSource = 'default';
  private reqId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly changeListeners: (() => void)[] = [];
  private watcher: fs.FSWatcher | null = null;
  private rereadTimer: NodeJS.Timeout | null = null;
  /** Our own appends in flight: a watcher event while > 0 is (probably) ours; re-read after anyway. */
  private appending = 0;
  private disposed = false;
  private failed = false;
  private datasetWatcher: fs.FSWatcher | null = null;
  private datasetTimer: NodeJS.Timeout | null = null;
  /** Re-indexes started because the dataset changed on disk (0: the index is the one built on open). */
  private reindexes = 0;
  /** `reindex` requests whose `reset` the engine has not sent yet: events until then belong to the old index. */
  private awaitingReset = 0;
  /** Why edits are refused (Restricted Mode), or null when the session may write the journal. */
  private readOnlyReason: string | null;
  /** Own decisions whose sample is not in the file (as last indexed). */
  private missing: { sampleId: string; decision: Decision }[] = [];
  private readonly pendingIndex: IndexChunk[] = [];
  private indexTimer: NodeJS.Timeout | null = null;
  private readonly pendingSummary: SummaryChunk[] = [];
  private summaryTimer: NodeJS.Timeout | null = null;
  readonly loaded: Promise<void>;

  constructor(private readonly o: SessionOptions) {
    this.history = new DecisionHistory(o.curator);
    this.readOnlyReason = o.readOnly ?? null;
    o.backend.onEvent((event) => this.onEngineEvent(event));
    this.loaded = Promise.all([this.reloadJournal(), this.reloadOtherJournals()]).then(() => {
      this.rebuildTeam();
      if (o.watchJournal !== false) this.watchJournal();
    });
    if (o.watchDataset !== false) this.watchDataset();
  }

  get datasetPath(): string {
    return this.o.datasetPath;
  }
  get journalPath(): string {
    return this.o.journalPath;
  }
  get curator(): string {
    return this.o.curator;
  }

  /** Why edits are refused, or null when they are recorded. */
  get readOnly(): string | null {
    return this.readOnlyReason;
  }

  /** Refuse (a reason) or allow (null) edits from now on: Workspace Trust granted lifts Restricted Mode. */
  setReadOnly(reason: string | null): void {
    if (reason === this.readOnlyReason) return;
    this.readOnlyReason = reason;
    this.o.log.info(reason === null ? `curator: ${path.basename(this.o.datasetPath)}: edits are recorded again` : `curator: ${path.basename(this.o.datasetPath)} is read-only: ${reason}`);
    this.changed();
  }

  /** Throws ReadOnlyError when edits are refused: called before anything is computed or appended. */
  private assertWritable(what: string): void {
    if (this.readOnlyReason !== null) throw new ReadOnlyError(`${what} was not recorded: ${this.readOnlyReason}`);
  }

  /** Called when decisions, the index or the analysis change (the tree view and the status bar listen). */
  onDidChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  private commandListener: CommandListener | null = null;

  /** The webview asked for one of the extension's commands on this dataset (export, open the journal). */
  onCommand(listener: CommandListener): void {
    this.commandListener = listener;
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }

  // -------------------------------------------------------------------------------------------------
  // Panels

  attach(panel: CuratorPanel, reveal: number | null = null): void {
    this.panels.set(panel, { ready: false, ordinal: null, detail: null, reveal });
  }

  detach(panel: CuratorPanel): void {
    this.panels.delete(panel);
  }

  get panelCount(): number {
    return this.panels.size;
  }

  /** Select a sample in every panel (e.g. "Open in Helix Curator" at a line). */
  reveal(ordinal: number): void {
    for (const [panel, state] of this.panels) {
      state.reveal = ordinal;
      if (state.ready) panel.post({ type: 'reveal', ordinal });
    }
  }

  /** A message from a panel's webview: validated here. */
  async receive(panel: CuratorPanel, raw: unknown): Promise<void> {
    const parsed = CuratorToHost.safeParse(raw);
    if (!parsed.success) {
      this.o.log.warn(`curator: ignored an invalid message from the webview: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    const state = this.panels.get(panel);
    if (!state) return;
    const m = parsed.data;
    try {
      switch (m.type) {
        case 'ready':
          // Broadcasts reach the panel only after its replay: before the journals are read, a snapshot would
          // show a partial team (or no decisions) that the replay then contradicts.
          await this.loaded;
          state.ready = true;
          this.replay(panel, state);
          return;
        case 'requestSample':
          state.ordinal = m.ordinal;
          this.requestSample(panel, m.ordinal);
          return;
        case 'decide':
          await this.decide(m.ordinal, m.decision, m.note);
          return;
        case 'setNote':
          await this.setNote(m.ordinal, m.note);
          return;
        case 'toggleTag':
          await this.toggleTag(panel, state, m.ordinal, m.step, m.tag);
          return;
        case 'adjudicate':
          await this.adjudicate(m.ordinal, m.decision);
          return;
        case 'command':
          this.commandListener?.(m.command, m.scope ?? null);
          return;
        case 'undo':
          await this.undoRedo('undo');
          return;
        case 'redo':
          await this.undoRedo('redo');
          return;
        case 'saveView': {
          const views = this.o.views.load().filter((v) => v.name !== m.view.name);
          views.push(m.view);
          views.sort((a, b) => a.name.localeCompare(b.name));
          await this.o.views.save(views);
          this.broadcast({ type: 'savedViews', views });
          return;
        }
        case 'deleteView': {
          const views = this.o.views.load().filter((v) => v.name !== m.name);
          await this.o.views.save(views);
          this.broadcast({ type: 'savedViews', views });
          return;
        }
        case 'openLine':
          panel.openLine(m.line);
          return;
        case 'metric':
          this.o.log.info(`curator: ${m.name} = ${m.value.toFixed(1)}`);
          return;
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof ReadOnlyError) {
        this.o.log.info(`curator: ${message}`);
        panel.post({ type: 'error', message });
        // The webview showed the change optimistically: the snapshot takes it back.
        panel.post(this.decisionsMessage());
        return;
      }
      this.o.log.error(`curator: ${m.type} failed: ${message}`);
      panel.post({ type: 'error', message });
    }
  }

  private replay(panel: CuratorPanel, state: PanelState): void {
    panel.post({
      type: 'init',
      fileName: path.basename(this.o.datasetPath),
      filePath: this.o.datasetPath,
      curator: this.o.curator,
      journalPath: this.o.journalPath,
      autoAdvance: this.o.autoAdvance,
      cueSource: this.cueSource,
      reveal: state.reveal,
      ...(this.o.targetMix !== undefined ? { targetMix: this.o.targetMix } : {}),
    });
    for (const chunk of this.indexChunks) panel.post(chunk);
    panel.post(this.indexStatus);
    for (const chunk of [...this.summaryChunks.values()].sort((a, b) => a.start - b.start)) panel.post(chunk);
    if (this.summaryStatus.total > 0) panel.post(this.summaryStatus);
    panel.post(this.decisionsMessage());
    panel.post(this.teamMessage());
    panel.post({ type: 'savedViews', views: this.o.views.load() });
    if (this.indexStatus.done && this.missing.length > 0) panel.post({ type: 'error', message: this.missingMessage() });
    if (this.readOnlyReason !== null) panel.post({ type: 'error', message: `Read-only: ${this.readOnlyReason}` });
  }

  private broadcast(message: HostToCurator): void {
    for (const [panel, state] of this.panels) if (state.ready) panel.post(message);
  }

  // -------------------------------------------------------------------------------------------------
  // Engine events

  private onEngineEvent(event: EngineEvent): void {
    if (this.disposed) return;
    if (event.type === 'reset') {
      this.awaitingReset = Math.max(0, this.awaitingReset - 1);
      return;
    }
    if (event.type === 'changed') {
      this.o.log.info(`curator: ${path.basename(this.o.datasetPath)} changed on disk (${event.detail})`);
      this.scheduleReindex(0);
      return;
    }
    // Events of an index that was dropped (sent before the engine saw the `reindex`).
    if (this.awaitingReset > 0 && event.type !== 'fatal' && event.type !== 'cues') return;
    switch (event.type) {
      case 'indexChunk': {
        const chunk: IndexChunk = { ...event };
        event.ids.forEach((id, i) => {
          const ordinal = event.start + i;
          this.ids[ordinal] = id;
          this.tasks[ordinal] = event.tasks[i] ?? null;
          const list = this.ordinalsById.get(id);
          if (list) list.push(ordinal);
          else this.ordinalsById.set(id, [ordinal]);
        });
        this.queueIndex(chunk);
        return;
      }
      case 'indexStatus':
        this.indexStatus = { ...event };
        if (event.done) {
          this.flushIndex();
          this.broadcast(this.indexStatus);
          // The team's entries map sample ids to ordinals: complete now.
          this.lastTeam = null;
          this.scheduleTeam(0);
          this.changed();
          void this.afterIndex();
        } else if (this.indexTimer === null) {
          // Progress rides along with the next flush of rows.
          this.broadcast(this.indexStatus);
        }
        return;
      case 'summaryChunk': {
        const { hashes, ...rest } = event;
        hashes.forEach((h, i) => (this.hashes[event.start + i] = h));
        this.queueSummary({ ...rest, type: 'summaryChunk' });
        return;
      }
      case 'summaryStatus':
        this.summaryStatus = { ...event };
        if (event.finished) this.flushSummary();
        this.broadcast(this.summaryStatus);
        this.changed();
        return;
      case 'sample': {
        const p = this.pending.get(event.reqId);
        this.pending.delete(event.reqId);
        if (!p || p.kind !== 'sample') return;
        const state = this.panels.get(p.panel);
        if (!state) return;
        let detail = event.detail;
        if (detail) {
          this.hashes[event.ordinal] = detail.contentHash;
          detail = { ...detail, images: detail.images.map((img, i) => withImageSrc(img, event.imageSources[i], p.panel)) };
          if (state.ordinal === event.ordinal) state.detail = detail;
        }
        p.panel.post({ type: 'sample', ordinal: event.ordinal, detail, error: event.error, ms: event.ms });
        return;
      }
      case 'hash': {
        const p = this.pending.get(event.reqId);
        this.pending.delete(event.reqId);
        if (!p || p.kind !== 'hash') return;
        if (event.hash !== null) {
          this.hashes[event.ordinal] = event.hash;
          p.resolve(event.hash);
        } else p.reject(new Error(event.error ?? 'the sample could not be read'));
        return;
      }
      case 'autoTags': {
        const p = this.pending.get(event.reqId);
        this.pending.delete(event.reqId);
        if (p?.kind === 'autoTags') p.resolve(event.tags);
        return;
      }
      case 'hashes': {
        const p = this.pending.get(event.reqId);
        this.pending.delete(event.reqId);
        if (p?.kind === 'hashes') p.resolve(event.hashes);
        return;
      }
      case 'cues':
        this.cueSource = event.source;
        if (event.error !== null) {
          this.o.log.warn(`curator: ${event.error}`);
          this.broadcast({ type: 'error', message: event.error });
        }
        return;
      case 'fatal':
        this.failed = true;
        this.changed();
        this.o.log.error(`curator: ${event.message}`);
        this.broadcast({ type: 'error', message: event.message });
        return;
    }
  }

  // The engine streams many small chunks; the webview gets them merged, at most every INDEX_FLUSH_MS
  // (the first one at once, so the first rows show as soon as they exist). Fewer, larger messages keep
  // a sample the curator asks for from queueing behind a hundred chunks.

  private queueIndex(chunk: IndexChunk): void {
    const first = this.indexChunks.length === 0 && this.pendingIndex.length === 0;
    this.pendingIndex.push(chunk);
    if (first) this.flushIndex();
    else this.indexTimer ??= setTimeout(() => this.flushIndex(), INDEX_FLUSH_MS);
  }

  private flushIndex(): void {
    if (this.indexTimer !== null) clearTimeout(this.indexTimer);
    this.indexTimer = null;
    if (this.pendingIndex.length === 0) return;
    const merged = mergeIndexChunks(this.pendingIndex.splice(0));
    this.indexChunks.push(merged);
    this.broadcast(merged);
    this.broadcast(this.indexStatus);
    // Decisions of rows that just arrived can now be shown.
    if (this.journal.lineCount > 0) this.broadcast(this.decisionsMessage());
    this.changed();
  }

  private queueSummary(chunk: SummaryChunk): void {
    this.pendingSummary.push(chunk);
    this.summaryTimer ??= setTimeout(() => this.flushSummary(), SUMMARY_FLUSH_MS);
  }

  private flushSummary(): void {
    if (this.summaryTimer !== null) clearTimeout(this.summaryTimer);
    this.summaryTimer = null;
    if (this.pendingSummary.length === 0) return;
    const merged = mergeSummaryChunks(this.pendingSummary.splice(0));
    this.summaryChunks.set(merged.start, merged);
    this.broadcast(merged);
    // Stale flags depend on the hashes.
    if (this.journal.lineCount > 0) this.broadcast(this.decisionsMessage());
    if (this.teamJournal().lineCount > 0) {
      this.lastTeam = null;
      this.scheduleTeam(1000);
    }
  }

  private requestSample(panel: CuratorPanel, ordinal: number): void {
    const reqId = ++this.reqId;
    this.pending.set(reqId, { kind: 'sample', panel });
    const id = this.ids[ordinal];
    const line = id !== undefined ? this.journal.latest(id, this.o.curator) : undefined;
    this.o.backend.send({ type: 'sample', reqId, ordinal, tagEdits: line ? [...line.tags] : [] });
  }

  private contentHashOf(ordinal: number): Promise<string> {
    const known = this.hashes[ordinal];
    if (known) return Promise.resolve(known);
    return new Promise<string>((resolve, reject) => {
      const reqId = ++this.reqId;
      this.pending.set(reqId, { kind: 'hash', resolve, reject });
      this.o.backend.send({ type: 'hash', reqId, ordinal });
    });
  }

  // -------------------------------------------------------------------------------------------------
  // Decisions

  private sampleIdOf(ordinal: number): string {
    const id = this.ids[ordinal];
    if (id === undefined && this.reindexes > 0 && !this.indexStatus.done) throw new Error(`${path.basename(this.o.datasetPath)} changed on disk and is being read again: nothing was recorded; try again once it is indexed`);
    if (id === undefined) throw new Error(`there is no sample #${ordinal + 1} in ${path.basename(this.o.datasetPath)} (yet)`);
    return id;
  }

  /** Append a line that changes the curator's state of a sample (recorded for undo). */
  private async change(ordinal: number, update: (before: JournalLine | undefined) => { decision: Decision; tags: JournalLine['tags']; note: string }, what: string): Promise<JournalLine> {
    this.assertWritable(what);
    const sampleId = this.sampleIdOf(ordinal);
    const hash = await this.contentHashOf(ordinal);
    const before = this.journal.latest(sampleId, this.o.curator);
    const next = update(before);
    const line = journalLine({ curator: this.o.curator, sampleId, contentHash: hash, decision: next.decision, tags: next.tags, note: next.note, dataset: journalDatasetName(this.o.datasetPath) });
    await this.append(line);
    this.history.record(before, line);
    this.afterJournalChange();
    return line;
  }

  async decide(ordinal: number, decision: Decision, note?: string): Promise<JournalLine> {
    return this.change(ordinal, (before) => ({ decision, tags: before ? [...before.tags] : [], note: note ?? before?.note ?? '' }), `the decision (${decision})`);
  }

  /** Decide by sample id (the extension API, the CLI-like path): every row with that id is the same sample. */
  async decideById(sampleId: string, decision: Decision, note?: string): Promise<JournalLine> {
    this.assertWritable(`the decision (${decision})`);
    await this.waitForId(sampleId);
    const ordinal = this.ordinalsById.get(sampleId)?.[0];
    if (ordinal === undefined) throw new Error(`${path.basename(this.o.datasetPath)} has no sample with id "${sampleId}"`);
    return this.decide(ordinal, decision, note);
  }

  private async waitForId(sampleId: string): Promise<void> {
    while (!this.ordinalsById.has(sampleId) && !this.indexStatus.done && !this.disposed) await new Promise((r) => setTimeout(r, 20));
  }

  /**
   * Record the team's final decision on a sample (a line marked `adjudication`, by this curator). Not part
   * of the undo history: a ruling is withdrawn by ruling `clear`.
   */
  async adjudicate(ordinal: number, decision: Decision): Promise<JournalLine> {
    this.assertWritable(`the ruling (${decision})`);
    const sampleId = this.sampleIdOf(ordinal);
    const hash = await this.contentHashOf(ordinal);
    const line = journalLine({ curator: this.o.curator, sampleId, contentHash: hash, decision, tags: [], note: '', dataset: journalDatasetName(this.o.datasetPath), adjudication: true });
    await this.append(line);
    this.afterJournalChange();
    return line;
  }

  async adjudicateById(sampleId: string, decision: Decision): Promise<JournalLine> {
    this.assertWritable(`the ruling (${decision})`);
    await this.waitForId(sampleId);
    const ordinal = this.ordinalsById.get(sampleId)?.[0];
    if (ordinal === undefined) throw new Error(`${path.basename(this.o.datasetPath)} has no sample with id "${sampleId}"`);
    return this.adjudicate(ordinal, decision);
  }

  async setNote(ordinal: number, note: string): Promise<JournalLine> {
    return this.change(ordinal, (before) => ({ decision: before?.decision ?? 'clear', tags: before ? [...before.tags] : [], note }), 'the note');
  }

  private async toggleTag(panel: CuratorPanel, state: PanelState, ordinal: number, step: number, tag: Tag): Promise<void> {
    this.assertWritable(`the tag edit (${tag} on step ${step + 1})`);
    const detail = state.detail?.ordinal === ordinal ? state.detail : null;
    const s = detail?.steps.find((x) => x.index === step);
    if (!detail || !s) throw new Error(`step ${step + 1} of sample #${ordinal + 1} is not loaded; select the sample first`);
    const line = await this.change(
      ordinal,
      (before) => ({
        decision: before?.decision ?? 'clear',
        tags: toggleTagEdit(before?.tags ?? [], s.autoTags, step, tag),
        note: before?.note ?? '',
      }),
      `the tag edit (${tag} on step ${step + 1})`,
    );
    this.refreshDetailTags(panel, state, ordinal, line);
  }

  /** Re-send the cached detail with the tags of `line` merged in (no reload needed). */
  private refreshDetailTags(panel: CuratorPanel, state: PanelState, ordinal: number, line: JournalLine | undefined): void {
    const detail = state.detail;
    if (!detail || detail.ordinal !== ordinal) return;
    const edits = line?.tags ?? [];
    const tags = mergeTagEdits(
      detail.steps.map((s) => s.autoTags),
      edits,
    );
    state.detail = { ...detail, steps: detail.steps.map((s, i) => ({ ...s, tags: tags[i] ?? [] })) };
    panel.post({ type: 'sample', ordinal, detail: state.detail, error: null, ms: 0 });
  }

  private async undoRedo(which: 'undo' | 'redo'): Promise<void> {
    this.assertWritable(which === 'undo' ? 'the undo' : 'the redo');
    const line = which === 'undo' ? this.history.undo() : this.history.redo();
    if (!line) return;
    try {
      await this.append(line);
    } catch (e) {
      // Put the stacks back as they were.
      if (which === 'undo') this.history.redo();
      else this.history.undo();
      throw e;
    }
    this.afterJournalChange();
    for (const [panel, state] of this.panels) {
      if (state.ready && state.detail && this.ids[state.detail.ordinal] === line.sampleId) this.refreshDetailTags(panel, state, state.detail.ordinal, line);
    }
  }

  private async append(line: JournalLine): Promise<void> {
    // The last guard: nothing reaches the journal from a read-only session, whatever path led here.
    this.assertWritable(`the ${line.adjudication === true ? 'ruling' : 'change'} on "${line.sampleId}"`);
    this.appending++;
    try {
      await appendJournal(this.o.journalPath, line);
      this.ownLines.push(line);
      if (line.adjudication !== true) this.journal.apply(line);
    } finally {
      this.appending--;
    }
  }

  private afterJournalChange(): void {
    this.broadcast(this.decisionsMessage());
    this.scheduleTeam(0);
    this.changed();
  }

  /**
   * A decision on the sample at `ordinal` taken on content `decided`: stale when the sample's hash now
   * differs. On the index built at open, a hash not computed yet (or a row that cannot be read) counts as
   * not stale, as before; after the file changed on disk it counts as stale until checked.
   */
  private isStale(ordinal: number, decided: string): boolean {
    const hash = this.hashes[ordinal];
    if (typeof hash === 'string') return hash !== decided;
    return this.reindexes > 0;
  }

  private decisionsMessage(): Extract<HostToCurator, { type: 'decisions' }> {
    const entries: DecisionEntry[] = [];
    for (const [sampleId, line] of this.journal.decisionsOf(this.o.curator)) {
      const ordinals = this.ordinalsById.get(sampleId);
      if (!ordinals) continue;
      if (line.decision === 'clear' && line.tags.length === 0 && line.note === '') continue;
      for (const ordinal of ordinals) {
        entries.push({ ordinal, sampleId, decision: line.decision, ts: line.ts, note: line.note, tagEdits: [...line.tags], stale: this.isStale(ordinal, line.contentHash) });
      }
    }
    entries.sort((a, b) => a.ordinal - b.ordinal);
    return { type: 'decisions', entries, canUndo: this.history.canUndo, canRedo: this.history.canRedo, journalProblems: this.journalProblems };
  }

  // -------------------------------------------------------------------------------------------------
  // Journal file

  private async reloadJournal(): Promise<void> {
    const read = await readJournal(this.o.journalPath);
    this.ownLines = read.lines;
    // Rulings (adjudication lines) are the team's, not this curator's own decision: the team view has them.
    this.journal = JournalState.from(read.lines.filter((l) => l.adjudication !== true));
    this.journalProblems = read.problems.map((p) => `${path.basename(this.o.journalPath)}: ${p.message}`);
    for (const p of this.journalProblems) this.o.log.warn(`curator: ${p}`);
  }

  private watchJournal(): void {
    const dir = path.dirname(this.o.journalPath);
    const base = path.basename(this.o.journalPath);
    const stem = path.parse(this.o.datasetPath).name;
    try {
      this.watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
        const file = name?.toString() ?? null;
        if (file !== null && file !== base) {
          // Another curator's journal of this dataset (or a new one): re-read the team's journals.
          if (file.startsWith(`${stem}.`) && file.endsWith(JOURNAL_SUFFIX) && this.o.discoverJournals) {
            if (this.otherTimer) clearTimeout(this.otherTimer);
            this.otherTimer = setTimeout(() => void this.onOtherJournalsChanged(), 200);
          }
          return;
        }
        if (this.rereadTimer) clearTimeout(this.rereadTimer);
        this.rereadTimer = setTimeout(() => void this.onJournalChangedOnDisk(), 150);
      });
      this.watcher.on('error', () => undefined);
    } catch (e) {
      this.o.log.warn(`curator: cannot watch ${dir} for journal changes: ${String(e)}`);
    }
  }

  private otherTimer: NodeJS.Timeout | null = null;

  /** The other journals of the team (discovered; the own journal left out), read. */
  private async reloadOtherJournals(): Promise<void> {
    if (!this.o.discoverJournals) return;
    const own = path.resolve(this.o.journalPath);
    const paths = (await this.o.discoverJournals()).filter((p) => path.resolve(p) !== own);
    const reads = await Promise.all(paths.map((p) => readJournal(p)));
    this.otherSources = reads.map((r) => ({ path: r.file, lines: r.lines }));
    this.otherProblems = reads.filter((r) => r.problems.length > 0).map((r) => ({ path: r.file, problems: r.problems, tornTail: r.tornTail }));
    for (const p of this.otherProblems) for (const q of p.problems) this.o.log.warn(`curator: ${path.basename(p.path)}: ${q.message}`);
  }

  private async onOtherJournalsChanged(): Promise<void> {
    if (this.disposed) return;
    try {
      await this.reloadOtherJournals();
    } catch (e) {
      this.o.log.warn(`curator: re-reading the team's journals failed: ${String(e)}`);
      return;
    }
    this.scheduleTeam(0);
    this.changed();
  }

  // -------------------------------------------------------------------------------------------------
  // The team: every curator's journal merged

  private rebuildTeam(): void {
    this.team = TeamJournal.fromLines([...this.otherSources, { path: this.o.journalPath, lines: this.ownLines }], this.otherProblems);
    this.lastTeam = null;
  }

  /** Rebuild the team view and send it, after `ms` (coalescing bursts: a fast curator, a watcher storm). */
  private scheduleTeam(ms: number): void {
    if (this.teamTimer) return;
    this.teamTimer = setTimeout(() => {
      this.teamTimer = null;
      if (this.disposed) return;
      this.rebuildTeam();
      this.broadcast(this.teamMessage());
      // Closing the session rejects the engine request in flight: that is not a failure to report.
      this.refreshTagAgreement().catch((e: unknown) => {
        if (!this.disposed) this.o.log.warn(`curator: step-tag agreement: ${e instanceof Error ? e.message : String(e)}`);
      });
    }, ms);
  }

  /** The saved views of this dataset as export scopes (see filterWhere.ts). */
  savedViewScopes(): { label: string; where?: string; ids?: string[] }[] {
    return this.o.views.load().flatMap((v) => {
      const s = filterScope(v.filter, { ids: this.ids, tasks: this.tasks });
      if (s.where === null && s.ids === null) return [];
      const left = s.unsupported.length ? ` (without ${s.unsupported.join(', ')})` : '';
      return [{ label: `Saved view “${v.name}”${left}`, ...(s.where !== null ? { where: s.where } : {}), ...(s.ids !== null ? { ids: s.ids } : {}) }];
    });
  }

  /** The merged team view (own journal and every other journal found). */
  teamJournal(): TeamJournal {
    if (!this.team) this.rebuildTeam();
    return this.team!;
  }

  /** The team snapshot for the webview (cached until the journals or the hashes change). */
  teamMessage(): TeamMessage {
    if (this.lastTeam) return this.lastTeam;
    const team = this.teamJournal();
    const entries: TeamEntry[] = [];
    for (const sampleId of team.sampleIds()) {
      const ordinals = this.ordinalsById.get(sampleId);
      if (!ordinals) continue;
      for (const ordinal of ordinals) {
        const hash = this.hashes[ordinal];
        const r = team.resolve(sampleId, hash ?? undefined);
        if (r.status === 'undecided' && r.votes.length === 0) continue;
        entries.push({
          ordinal,
          status: r.status,
          decision: r.decision,
          votes: r.votes.map((v) => ({ curator: v.curator, decision: v.decision, stale: v.stale === true, note: v.note })),
          adjudicator: r.adjudicator,
        });
      }
    }
    entries.sort((a, b) => a.ordinal - b.ordinal);
    const curators = team.curators();
    const taskOf = (id: string) => {
      const o = this.ordinalsById.get(id)?.[0];
      return o === undefined ? null : (this.tasks[o] ?? null);
    };
    const decisionsAgreement = curators.length >= 2 ? agreementView(decisionAgreement(team, { taskOf })) : null;
    const tagsAgreement = curators.length >= 2 ? this.tagAgreementView(team, taskOf) : null;
    this.lastTeam = {
      type: 'team',
      curators,
      journals: [...this.otherSources.map((s) => s.path), this.o.journalPath],
      entries,
      decisionAgreement: decisionsAgreement,
      tagAgreement: tagsAgreement,
    };
    return this.lastTeam;
  }

  /** Step-tag agreement over the samples with tagger output at hand (see refreshTagAgreement); null before. */
  private tagAgreementView(team: TeamJournal, taskOf: (id: string) => string | null): TeamMessage['tagAgreement'] {
    const autoTags = (id: string): Tag[][] | null => {
      const o = this.ordinalsById.get(id)?.[0];
      return o === undefined ? null : (this.autoTagCache.get(o)?.tags ?? null);
    };
    if (this.autoTagCache.size === 0) return null;
    return agreementView(tagAgreement(team, { taskOf, autoTags }));
  }

  /**
   * Step-tag agreement needs the tagger's output for every sample two or more curators decided: ask the
   * engine for the ones not cached yet, then send the team snapshot again.
   */
  private async refreshTagAgreement(): Promise<void> {
    const team = this.teamJournal();
    if (team.curators().length < 2) return;
    const wanted: number[] = [];
    for (const sampleId of team.sampleIds()) {
      if (team.resolve(sampleId).votes.length < 2) continue;
      const o = this.ordinalsById.get(sampleId)?.[0];
      if (o === undefined) continue;
      const cached = this.autoTagCache.get(o);
      if (!cached || cached.hash !== (this.hashes[o] ?? null)) wanted.push(o);
    }
    if (wanted.length === 0) return;
    const tags = await this.requestAutoTags(wanted);
    wanted.forEach((o, i) => this.autoTagCache.set(o, { hash: this.hashes[o] ?? null, tags: tags[i] ?? null }));
    this.lastTeam = null;
    this.broadcast(this.teamMessage());
  }

  private requestAutoTags(ordinals: number[]): Promise<(Tag[][] | null)[]> {
    return new Promise((resolve, reject) => {
      const reqId = ++this.reqId;
      this.pending.set(reqId, { kind: 'autoTags', resolve, reject });
      this.o.backend.send({ type: 'autoTags', reqId, ordinals });
    });
  }

  /** Another window or process appended: re-read the file (the truth) and show it. */
  private async onJournalChangedOnDisk(): Promise<void> {
    if (this.disposed) return;
    if (this.appending > 0) {
      this.rereadTimer = setTimeout(() => void this.onJournalChangedOnDisk(), 150);
      return;
    }
    const before = this.journal.lineCount;
    try {
      await this.reloadJournal();
    } catch (e) {
      this.o.log.warn(`curator: re-reading the journal failed: ${String(e)}`);
      return;
    }
    if (this.journal.lineCount !== before) this.afterJournalChange();
  }

  // -------------------------------------------------------------------------------------------------
  // The dataset file changing on disk

  /** Watch the dataset's folder (an editor may replace the file by renaming a new one over it). */
  private watchDataset(): void {
    const dir = path.dirname(this.o.datasetPath);
    const base = path.basename(this.o.datasetPath);
    try {
      this.datasetWatcher = fs.watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || name.toString() === base) this.scheduleReindex(DATASET_SETTLE_MS);
      });
      this.datasetWatcher.on('error', () => undefined);
    } catch (e) {
      this.o.log.warn(`curator: cannot watch ${this.o.datasetPath} for changes: ${String(e)}`);
    }
  }

  /** Re-index after the file has been quiet for `ms` (a save is often several writes). */
  private scheduleReindex(ms: number): void {
    if (this.disposed) return;
    if (this.datasetTimer) clearTimeout(this.datasetTimer);
    this.datasetTimer = setTimeout(() => {
      this.datasetTimer = null;
      this.reindex();
    }, ms);
  }

  /**
   * The dataset changed on disk: drop everything derived from the old index (ordinals, ids, hashes,
   * summaries), ask the engine for a new one and tell the panels. Requests in flight are answered with an
   * error (their ordinals meant other rows).
   */
  reindex(): void {
    if (this.disposed) return;
    this.reindexes++;
    this.awaitingReset++;
    this.o.log.info(`curator: ${this.o.datasetPath} changed on disk; indexing it again`);
    this.o.backend.send({ type: 'reindex' });
    this.ids.length = 0;
    this.tasks.length = 0;
    this.hashes.length = 0;
    this.ordinalsById.clear();
    this.indexChunks.length = 0;
    this.pendingIndex.length = 0;
    if (this.indexTimer) clearTimeout(this.indexTimer);
    this.indexTimer = null;
    this.summaryChunks.clear();
    this.pendingSummary.length = 0;
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    this.summaryTimer = null;
    this.autoTagCache.clear();
    this.failed = false;
    this.lastTeam = null;
    const error = new Error(`${path.basename(this.o.datasetPath)} changed on disk and is being read again: nothing was recorded; try again once it is indexed`);
    for (const p of this.pending.values()) if (p.kind !== 'sample') p.reject(error);
    this.pending.clear();
    this.indexStatus = { type: 'indexStatus', samples: 0, bytesDone: 0, bytesTotal: 0, done: false, fileErrors: [] };
    this.summaryStatus = { type: 'summaryStatus', done: 0, total: 0, finished: false };
    this.broadcast(this.indexStatus);
    this.changed();
  }

  /**
   * The index is complete: report decisions whose sample is not in the file; after a change on disk, also
   * reload the sample each panel shows and check the decided samples' content hashes (first, before the
   * background analysis gets to them).
   */
  private async afterIndex(): Promise<void> {
    const generation = this.reindexes;
    await this.loaded;
    if (generation !== this.reindexes || this.disposed) return;
    this.missing = [];
    for (const [sampleId, line] of this.journal.decisionsOf(this.o.curator)) {
      if (line.decision === 'clear' || this.ordinalsById.has(sampleId)) continue;
      this.missing.push({ sampleId, decision: line.decision });
    }
    if (this.missing.length > 0) {
      const message = this.missingMessage();
      this.o.log.warn(`curator: ${message}`);
      this.broadcast({ type: 'error', message });
    }
    if (generation === 0) return;
    for (const [panel, state] of this.panels) {
      if (!state.ready || state.ordinal === null) continue;
      state.detail = null;
      if (state.ordinal < this.ids.length) this.requestSample(panel, state.ordinal);
      else panel.post({ type: 'sample', ordinal: state.ordinal, detail: null, error: `${path.basename(this.o.datasetPath)} changed on disk and has no sample #${state.ordinal + 1} any more`, ms: 0 });
    }
    const wanted = new Set<number>();
    const team = this.teamJournal();
    for (const sampleId of new Set([...this.journal.decisionsOf(this.o.curator).keys(), ...team.sampleIds()])) {
      for (const o of this.ordinalsById.get(sampleId) ?? []) if (this.hashes[o] === undefined) wanted.add(o);
    }
    if (wanted.size > 0) {
      const ordinals = [...wanted].sort((a, b) => a - b);
      let hashes: (string | null)[];
      try {
        hashes = await this.requestHashes(ordinals);
      } catch {
        return; // changed again meanwhile: the next index checks them
      }
      if (generation !== this.reindexes || this.disposed) return;
      ordinals.forEach((o, i) => (this.hashes[o] = hashes[i] ?? null));
    }
    const stale = this.decisionsMessage().entries.filter((e) => e.stale).length;
    this.o.log.info(`curator: ${path.basename(this.o.datasetPath)} indexed again: ${this.ids.length} samples, ${stale} stale decisions, ${this.missing.length} decided samples no longer in the file`);
    this.broadcast(this.decisionsMessage());
    this.lastTeam = null;
    this.scheduleTeam(0);
    this.changed();
  }

  private missingMessage(): string {
    const n = this.missing.length;
    const shown = this.missing.slice(0, 5).map((m) => `"${m.sampleId}" (${m.decision})`);
    return (
      `${path.basename(this.o.datasetPath)}: ${n} decided sample${n === 1 ? ' is' : 's are'} not in the file${this.reindexes > 0 ? ' any more (it changed on disk)' : ''}: ` +
      `${shown.join(', ')}${n > 5 ? ` and ${n - 5} more` : ''}. Their journal lines are kept (${path.basename(this.o.journalPath)}); the decisions come back if the rows do.`
    );
  }

  /** Own decisions whose sample is not in the file, as last indexed (reported, never dropped from the journal). */
  missingDecisions(): { sampleId: string; decision: Decision }[] {
    return [...this.missing];
  }

  private requestHashes(ordinals: number[]): Promise<(string | null)[]> {
    return new Promise((resolve, reject) => {
      const reqId = ++this.reqId;
      this.pending.set(reqId, { kind: 'hashes', resolve, reject });
      this.o.backend.send({ type: 'hashes', reqId, ordinals });
    });
  }

  // -------------------------------------------------------------------------------------------------
  // Progress for the tree view and the status bar

  /** Indexing and background-analysis progress (for VS Code's progress indicator). */
  progress(): { indexDone: boolean; samples: number; bytesDone: number; bytesTotal: number; analysed: number; analysisTotal: number; analysisDone: boolean; failed: boolean } {
    return {
      indexDone: this.indexStatus.done,
      samples: this.indexStatus.samples,
      bytesDone: this.indexStatus.bytesDone,
      bytesTotal: this.indexStatus.bytesTotal,
      analysed: this.summaryStatus.done,
      analysisTotal: this.summaryStatus.total,
      analysisDone: this.summaryStatus.finished,
      failed: this.failed,
    };
  }

  counts(): SessionCounts {
    const total = this.ids.length;
    const c = { total, accept: 0, reject: 0, flag: 0, left: 0, stale: 0, indexing: !this.indexStatus.done };
    const msg = this.decisionsMessage();
    for (const e of msg.entries) {
      if (e.decision === 'accept') c.accept++;
      else if (e.decision === 'reject') c.reject++;
      else if (e.decision === 'flag') c.flag++;
      if (e.stale) c.stale++;
    }
    c.left = total - c.accept - c.reject - c.flag;
    return c;
  }

  progressByTask(): TaskProgress[] {
    const byTask = new Map<string, TaskProgress>();
    const row = (task: string) => {
      let p = byTask.get(task);
      if (!p) byTask.set(task, (p = { task, total: 0, accept: 0, reject: 0, flag: 0, left: 0 }));
      return p;
    };
    for (let i = 0; i < this.ids.length; i++) row(this.tasks[i] ?? '(no task)').total++;
    for (const e of this.decisionsMessage().entries) {
      const p = row(this.tasks[e.ordinal] ?? '(no task)');
      if (e.decision === 'accept') p.accept++;
      else if (e.decision === 'reject') p.reject++;
      else if (e.decision === 'flag') p.flag++;
    }
    for (const p of byTask.values()) p.left = p.total - p.accept - p.reject - p.flag;
    return [...byTask.values()].sort((a, b) => a.task.localeCompare(b.task));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.watcher?.close();
    this.datasetWatcher?.close();
    if (this.datasetTimer) clearTimeout(this.datasetTimer);
    if (this.rereadTimer) clearTimeout(this.rereadTimer);
    if (this.indexTimer) clearTimeout(this.indexTimer);
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    if (this.teamTimer) clearTimeout(this.teamTimer);
    if (this.otherTimer) clearTimeout(this.otherTimer);
    for (const p of this.pending.values()) if (p.kind !== 'sample') p.reject(new Error('the dataset was closed'));
    this.pending.clear();
    this.o.backend.dispose();
  }
}

const INDEX_FLUSH_MS = 150;
/** The dataset file must be quiet this long before it is indexed again. */
const DATASET_SETTLE_MS = 300;
const SUMMARY_FLUSH_MS = 300;

/** Contiguous chunks (in order, as the engine sends them) as one. */
export function mergeIndexChunks(chunks: readonly IndexChunk[]): IndexChunk {
  const first = chunks[0];
  if (!first) throw new Error('mergeIndexChunks: no chunks');
  if (chunks.length === 1) return first;
  const out: IndexChunk = { type: 'indexChunk', start: first.start, ids: [], tasks: [], difficulties: [], lines: [], errors: [] };
  for (const c of chunks) {
    if (c.start !== out.start + out.ids.length) throw new Error(`mergeIndexChunks: chunk at ${c.start} does not follow ${out.start + out.ids.length}`);
    out.ids.push(...c.ids);
    out.tasks.push(...c.tasks);
    out.difficulties.push(...c.difficulties);
    out.lines.push(...c.lines);
    out.errors.push(...c.errors);
  }
  return out;
}

export function mergeSummaryChunks(chunks: readonly SummaryChunk[]): SummaryChunk {
  const first = chunks[0];
  if (!first) throw new Error('mergeSummaryChunks: no chunks');
  if (chunks.length === 1) return first;
  const out: SummaryChunk = { type: 'summaryChunk', start: first.start, verdicts: [], tagCounts: [], chars: [], reference: [], strict: [], steps: [], firstReflection: [] };
  for (const c of chunks) {
    if (c.start !== out.start + out.verdicts.length) throw new Error(`mergeSummaryChunks: chunk at ${c.start} does not follow ${out.start + out.verdicts.length}`);
    out.verdicts.push(...c.verdicts);
    out.tagCounts.push(...c.tagCounts);
    out.chars.push(...c.chars);
    out.reference.push(...c.reference);
    out.strict.push(...c.strict);
    out.steps.push(...c.steps);
    out.firstReflection.push(...c.firstReflection);
  }
  return out;
}

function withImageSrc(img: SampleDetail['images'][number], source: DetailImageSource | undefined, panel: CuratorPanel): SampleDetail['images'][number] {
  if (!source || source.kind !== 'file') return img;
  const src = panel.imageUri(source.absPath);
  return src === null ? { ...img, src: null, error: img.error ?? `${source.label} is outside the folders this editor may show` } : { ...img, src, error: null };
}

/** The core's agreement report as the protocol carries it. */
function agreementView(r: AgreementReport): NonNullable<TeamMessage['decisionAgreement']> {
  const fig = (f: AgreementReport['overall']) => ({ kappa: f.kappa, method: f.method, raters: f.raters, items: f.items, observed: f.observed, ...(f.note !== undefined ? { note: f.note } : {}) });
  const out: NonNullable<TeamMessage['decisionAgreement']> = { overall: fig(r.overall), perTask: Object.fromEntries(Object.entries(r.perTask).map(([k, v]) => [k, fig(v)])) };
  if (r.perTag) out.perTag = Object.fromEntries(Object.entries(r.perTag).map(([k, v]) => [k, fig(v)]));
  return out;
}
