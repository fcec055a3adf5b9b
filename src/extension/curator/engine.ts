/**
 * The dataset engine behind one open curator: it indexes the file (streaming the index to the host in
 * chunks, so the first rows show before indexing ends), loads and analyses the sample the curator looks at,
 * and in the background verifies and tags every sample for the list's verdict and tag columns.
 *
 * vscode-free. It runs in a worker thread (datasetWorker.ts), so the extension host's main thread never
 * parses the dataset; tests run it in-process. It speaks `EngineRequest` / `EngineEvent` (plain,
 * structured-clone-safe objects).
 *
 * The file may change on disk while it is open (a row edited by hand, rows inserted or deleted, the file
 * truncated or replaced). The index holds byte offsets, so reading the changed file through it would give
 * one sample's content under another's id. Two guards: before answering a sample or hash request the engine
 * checks that the file is still the one it indexed (size, modification time, inode) and otherwise answers
 * with an error and emits `changed`; and `reindex` (sent by the session when it sees the file change, or
 * after `changed`) drops the index and builds a new one. `reset` marks the boundary in the event stream:
 * nothing from before the reindex is emitted after it.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { openDataset } from '../../core/readers/open';
import { iterateSamples, RowError, type DatasetIndex, type DatasetReader, type IndexEntry } from '../../core/readers/types';
import type { Sample } from '../../core/sample';
import type { CueSet } from '../../core/trace/cues';
import { TAGS, type Tag } from '../../core/trace/cueSchema';
import type { ListVerdict, SampleDetail, StepTagEdit, VerdictStatus } from '../../protocol/curator';
import type { DetailImageSource } from './detail';

type Analysis = typeof import('./analysis');

/** The analysers, as a lazily loaded chunk (see analysis.ts). */
function loadAnalysis(): Promise<Analysis> {
  return import(/* webpackChunkName: "analysis" */ './analysis');
}

export interface EngineOptions {
  file: string;
  maxRowBytes: number;
  checkImages: boolean;
  /** A user cue file, or null for the bundled cues. */
  cuesFile: string | null;
  /** Run the background analysis of every sample (default true). */
  analyseAll?: boolean;
}

export type EngineRequest =
  | { type: 'sample'; reqId: number; ordinal: number; tagEdits: StepTagEdit[] }
  | { type: 'hash'; reqId: number; ordinal: number }
  /** The tagger's step tags of several samples (null for a sample that cannot be read or has no response). */
  | { type: 'autoTags'; reqId: number; ordinals: number[] }
  /** Content hashes of several samples (null for a row that cannot be read). */
  | { type: 'hashes'; reqId: number; ordinals: number[] }
  /** The file changed on disk: drop the index and build it again (then analyse again). */
  | { type: 'reindex' }
  | { type: 'close' };

export type EngineEvent =
  | { type: 'indexChunk'; start: number; ids: string[]; tasks: (string | null)[]; difficulties: (string | null)[]; lines: (number | null)[]; errors: (string | null)[] }
  | { type: 'indexStatus'; samples: number; bytesDone: number; bytesTotal: number; done: boolean; fileErrors: string[] }
  | {
      type: 'summaryChunk';
      start: number;
      verdicts: ListVerdict[];
      tagCounts: number[][];
      chars: number[];
      reference: (VerdictStatus | null)[];
      strict: (VerdictStatus | null)[];
      steps: number[];
      firstReflection: (number | null)[];
      hashes: (string | null)[];
    }
  | { type: 'summaryStatus'; done: number; total: number; finished: boolean }
  | { type: 'sample'; reqId: number; ordinal: number; detail: SampleDetail | null; imageSources: DetailImageSource[]; error: string | null; ms: number }
  | { type: 'hash'; reqId: number; ordinal: number; hash: string | null; error: string | null }
  | { type: 'autoTags'; reqId: number; tags: (Tag[][] | null)[] }
  | { type: 'hashes'; reqId: number; hashes: (string | null)[] }
  /** A reindex began: every event after this one belongs to the new index. */
  | { type: 'reset' }
  /** The file is no longer the one indexed (found while answering a request, or after indexing). */
  | { type: 'changed'; detail: string }
  | { type: 'cues'; source: string; error: string | null }
  | { type: 'fatal'; message: string };


const SUMMARY_CHUNK = 500;
/** The background analysis gives the event loop (sample requests) a turn at least this often, ms. */
const SLICE_MS = 8;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What identifies the file's content cheaply: a change of any of these means it was written. */
interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

async function stampOf(file: string): Promise<FileStamp | null> {
  try {
    const st = await fs.promises.stat(file);
    return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
  } catch {
    return null;
  }
}

function describeChange(before: FileStamp | null, now: FileStamp | null): string | null {
  if (before === null) return null;
  if (now === null) return 'the file was deleted or cannot be read';
  if (now.ino !== before.ino) return 'the file was replaced';
  if (now.size !== before.size) return `its size changed (${before.size} -> ${now.size} bytes)`;
  if (now.mtimeMs !== before.mtimeMs) return 'it was written';
  return null;
}

export class DatasetEngine {
  private reader: DatasetReader | null = null;
  private index: DatasetIndex | null = null;
  private entries: IndexEntry[] = [];
  private indexDone!: Promise<void>;
  private abort = new AbortController();
  /** Bumped by every reindex: loops and callbacks of an older index stop emitting. */
  private generation = 0;
  /** The file as it was when the current index was started (null before, or when it could not be read). */
  private stamp: FileStamp | null = null;
  /** A change was already reported for the current index (reported once). */
  private changeReported = false;
  /** The analysers and the compiled cue set, loaded once the first rows are out (see `warm`). */
  private analysisReady: Promise<{ a: Analysis; cues: CueSet }> | null = null;
  private closed = false;
  /** Requests being answered: the background analysis waits while there are any (the curator is looking). */
  private inflight = 0;

  constructor(
    private readonly options: EngineOptions,
    private readonly emit: (event: EngineEvent) => void,
  ) {}

  /** Load the cues, index the file (chunks stream out as they come), then analyse everything in the background. */
  start(): Promise<void> {
    this.indexDone = this.buildIndex();
    return this.indexDone.then(() => (this.options.analyseAll === false ? undefined : this.analyseAll()));
  }

  /**
   * Drop the index (and the background analysis of it) and build a new one from the file as it is now.
   * Emits `reset` first; nothing of the old index is emitted after it. Requests that arrive meanwhile wait
   * for the new index.
   */
  private async reindex(): Promise<void> {
    if (this.closed) return;
    this.generation++;
    this.abort.abort();
    this.abort = new AbortController();
    const old = this.reader;
    this.reader = null;
    this.index = null;
    this.entries = [];
    this.stamp = null;
    this.changeReported = false;
    this.emit({ type: 'reset' });
    this.indexDone = this.buildIndex();
    const gen = this.generation;
    void this.indexDone.then(() => (this.options.analyseAll === false || gen !== this.generation ? undefined : this.analyseAll())).catch(() => undefined);
    // In-flight reads of the old reader fail or finish; its answers are dropped by the session.
    await old?.close().catch(() => undefined);
  }

  /** Null while the file is the one indexed; else what changed (and `changed` is emitted, once per index). */
  private async fileChange(): Promise<string | null> {
    if (this.stamp === null || this.index === null) return null;
    const what = describeChange(this.stamp, await stampOf(this.options.file));
    if (what !== null && !this.changeReported) {
      this.changeReported = true;
      this.emit({ type: 'changed', detail: what });
    }
    return what === null ? null : `${this.options.file} changed on disk since it was indexed (${what}); it is being read again`;
  }

  /**
   * Load the analysers and compile the cue set (a few hundred ms): started right after the first index
   * chunk is out, so it overlaps with the host and the webview showing the first rows, and the first sample
   * the curator asks for does not wait for it. The user's cue file, when set and valid (a problem is
   * reported once, and the bundled cues are used).
   */
  private warm(): Promise<{ a: Analysis; cues: CueSet }> {
    this.analysisReady ??= loadAnalysis().then((a) => {
      if (this.options.cuesFile !== null) {
        try {
          const cues = a.cueSet(this.options.cuesFile);
          this.emit({ type: 'cues', source: cues.source, error: null });
          return { a, cues };
        } catch (e) {
          this.emit({ type: 'cues', source: 'default', error: `${e instanceof Error ? e.message : String(e)}; using the bundled cues` });
        }
      }
      return { a, cues: a.bundledCues() };
    });
    return this.analysisReady;
  }

  private async buildIndex(): Promise<void> {
    const gen = this.generation;
    const current = () => gen === this.generation && !this.closed;
    try {
      const stamp = await stampOf(this.options.file);
      if (!current()) return;
      this.stamp = stamp;
      const reader = openDataset(this.options.file, { maxRowBytes: this.options.maxRowBytes, checkImages: this.options.checkImages });
      this.reader = reader;
      let lastStatus = 0;
      const index = await reader.buildIndex({
        signal: this.abort.signal,
        onEntries: (batch) => {
          if (!current()) return;
          const start = this.entries.length;
          if (start === 0) setImmediate(() => void this.warm());
          for (const e of batch) this.entries.push(e);
          this.emit({
            type: 'indexChunk',
            start,
            ids: batch.map((e) => e.id),
            tasks: batch.map((e) => e.task),
            difficulties: batch.map((e) => e.difficulty),
            lines: batch.map((e) => e.line ?? null),
            errors: batch.map((e) => e.error ?? null),
          });
        },
        onProgress: (p) => {
          if (!current()) return;
          const now = Date.now();
          if (now - lastStatus < 100) return;
          lastStatus = now;
          this.emit({ type: 'indexStatus', samples: p.samples, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, done: false, fileErrors: [] });
        },
      });
      if (!current()) return;
      this.index = index;
      // Readers that do not stream batches (or stream only some) still give the full list at the end.
      if (this.index.entries.length > this.entries.length) {
        const rest = this.index.entries.slice(this.entries.length);
        const start = this.entries.length;
        for (let i = 0; i < rest.length; i += 5000) {
          const part = rest.slice(i, i + 5000);
          for (const e of part) this.entries.push(e);
          this.emit({
            type: 'indexChunk',
            start: start + i,
            ids: part.map((e) => e.id),
            tasks: part.map((e) => e.task),
            difficulties: part.map((e) => e.difficulty),
            lines: part.map((e) => e.line ?? null),
            errors: part.map((e) => e.error ?? null),
          });
        }
      }
      this.emit({ type: 'indexStatus', samples: this.entries.length, bytesDone: this.index.fileBytes, bytesTotal: this.index.fileBytes, done: true, fileErrors: this.index.fileErrors.map((e) => `${path.basename(this.options.file)}: ${e}`) });
      // Written while it was being indexed: the index may mix old and new rows.
      await this.fileChange();
    } catch (e) {
      if (!current()) return;
      const message = e instanceof Error ? e.message : String(e);
      this.emit({ type: 'indexStatus', samples: this.entries.length, bytesDone: 0, bytesTotal: 0, done: true, fileErrors: [message] });
      this.emit({ type: 'fatal', message });
    }
  }

  /** Verify and tag every sample, in order, a chunk at a time; yields to requests between chunks. */
  private async analyseAll(): Promise<void> {
    const gen = this.generation;
    try {
      await this.analyseEntries(gen);
    } catch (e) {
      // The reader of a dropped index was closed under it.
      if (gen === this.generation && !this.closed) throw e;
    }
  }

  private async analyseEntries(gen: number): Promise<void> {
    const reader = this.reader;
    const stopped = () => this.closed || gen !== this.generation;
    if (!reader || stopped()) return;
    const { a, cues } = await this.warm();
    if (stopped()) return;
    const total = this.entries.length;
    this.emit({ type: 'summaryStatus', done: 0, total, finished: false });
    for (let from = 0; from < total; from += SUMMARY_CHUNK) {
      if (stopped()) return;
      const slice = this.entries.slice(from, from + SUMMARY_CHUNK);
      const verdicts: ListVerdict[] = [];
      const tagCounts: number[][] = [];
      const chars: number[] = [];
      const hashes: (string | null)[] = [];
      const reference: (VerdictStatus | null)[] = [];
      const strict: (VerdictStatus | null)[] = [];
      const steps: number[] = [];
      const firstReflection: (number | null)[] = [];
      let sliceStart = performance.now();
      for await (const loaded of iterateSamples(reader, slice)) {
        if (stopped()) return;
        if (performance.now() - sliceStart > SLICE_MS) {
          await nextTurn();
          while (this.inflight > 0 && !stopped()) await new Promise((r) => setTimeout(r, 2));
          sliceStart = performance.now();
        }
        if (loaded.error || loaded.entry.error !== undefined) {
          verdicts.push('error');
          tagCounts.push(new Array<number>(TAGS.length).fill(0));
          chars.push(0);
          hashes.push(null);
          reference.push(null);
          strict.push(null);
          steps.push(0);
          firstReflection.push(null);
          continue;
        }
        const sample = loaded.sample;
        const s = a.summarise(sample, cues);
        verdicts.push(s.verdict);
        tagCounts.push(s.counts);
        chars.push(sample.response?.length ?? 0);
        hashes.push(s.hash);
        reference.push(s.reference);
        strict.push(s.strict);
        steps.push(s.steps);
        firstReflection.push(s.firstReflection);
      }
      if (stopped()) return;
      this.emit({ type: 'summaryChunk', start: from, verdicts, tagCounts, chars, reference, strict, steps, firstReflection, hashes });
      this.emit({ type: 'summaryStatus', done: from + slice.length, total, finished: false });
      await nextTurn();
    }
    if (stopped()) return;
    this.emit({ type: 'summaryStatus', done: total, total, finished: true });
  }

  /** Wait until `ordinal` is indexed (the index streams), or the index is complete. */
  private async entry(ordinal: number): Promise<IndexEntry> {
    while (ordinal >= this.entries.length && !this.index && !this.closed) {
      await Promise.race([this.indexDone, new Promise((r) => setTimeout(r, 20))]);
    }
    const entry = this.entries[ordinal];
    if (!entry) throw new Error(`${this.options.file}: there is no sample #${ordinal + 1} (the file has ${this.entries.length})`);
    return entry;
  }

  private async load(ordinal: number): Promise<Sample> {
    const entry = await this.entry(ordinal);
    if (!this.reader) throw new Error(`${this.options.file}: the dataset could not be opened`);
    return this.reader.loadSample(entry);
  }

  /**
   * `load`, refused when the file is no longer the one indexed: the entry's byte range would now hold
   * other content (or another row), which must not be shown or hashed under this entry's id.
   */
  private async loadChecked(ordinal: number): Promise<Sample> {
    const gen = this.generation;
    let sample: Sample | null = null;
    let error: unknown = null;
    try {
      sample = await this.load(ordinal);
    } catch (e) {
      error = e; // a range that now holds half of another row does not parse: the change is the real reason
    }
    const change = gen === this.generation ? await this.fileChange() : `${this.options.file} changed on disk while the sample was read; it is being read again`;
    if (change !== null) throw new Error(change);
    if (sample === null) throw error;
    return sample;
  }

  async handle(request: EngineRequest): Promise<void> {
    if (request.type === 'close') {
      await this.close();
      return;
    }
    if (request.type === 'reindex') {
      await this.reindex();
      return;
    }
    this.inflight++;
    try {
      await this.answer(request);
    } finally {
      this.inflight--;
    }
  }

  private async answer(request: Exclude<EngineRequest, { type: 'close' | 'reindex' }>): Promise<void> {
    switch (request.type) {
      case 'sample': {
        const t0 = performance.now();
        try {
          const [sample, { a, cues }] = await Promise.all([this.loadChecked(request.ordinal), this.warm()]);
          const { detail, imageSources } = a.detail(sample, request.ordinal, cues, request.tagEdits);
          this.emit({ type: 'sample', reqId: request.reqId, ordinal: request.ordinal, detail, imageSources, error: null, ms: performance.now() - t0 });
        } catch (e) {
          const error = e instanceof RowError ? e.message : e instanceof Error ? e.message : String(e);
          this.emit({ type: 'sample', reqId: request.reqId, ordinal: request.ordinal, detail: null, imageSources: [], error, ms: performance.now() - t0 });
        }
        return;
      }
      case 'autoTags': {
        const { a, cues } = await this.warm();
        const tags: (Tag[][] | null)[] = [];
        for (const ordinal of request.ordinals) {
          try {
            tags.push(a.autoTags(await this.load(ordinal), cues));
          } catch {
            tags.push(null);
          }
        }
        this.emit({ type: 'autoTags', reqId: request.reqId, tags });
        return;
      }
      case 'hashes': {
        const { a } = await this.warm();
        const gen = this.generation;
        const hashes: (string | null)[] = [];
        for (const ordinal of request.ordinals) {
          try {
            hashes.push(a.contentHash(await this.load(ordinal)));
          } catch {
            hashes.push(null);
          }
        }
        // One check for the whole batch: if the file changed meanwhile, none of them can be trusted (the
        // session re-indexes on `changed` and drops this answer).
        const changed = gen !== this.generation || (await this.fileChange()) !== null;
        this.emit({ type: 'hashes', reqId: request.reqId, hashes: changed ? hashes.map(() => null) : hashes });
        return;
      }
      case 'hash': {
        try {
          const [sample, { a }] = await Promise.all([this.loadChecked(request.ordinal), this.warm()]);
          this.emit({ type: 'hash', reqId: request.reqId, ordinal: request.ordinal, hash: a.contentHash(sample), error: null });
        } catch (e) {
          this.emit({ type: 'hash', reqId: request.reqId, ordinal: request.ordinal, hash: null, error: e instanceof Error ? e.message : String(e) });
        }
        return;
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    await this.reader?.close().catch(() => undefined);
  }
}
