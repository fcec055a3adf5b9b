/**
 * Worker threads for the line checks of a large pass (documentCheck.ts runPassParallel): the first pass
 * over a 10,000-line dataset spends most of its time in the task verifiers, one line at a time, and lines
 * are independent, so batches of lines go to a small pool of threads running the same `checkLine`.
 *
 * The workers are the built server bundle itself (dist/server.js; server.ts starts the worker body when
 * it runs as a worker with LINE_WORKER_DATA, as src/cli/bin.ts does for the CLI). They start on the first
 * pass that needs them and stop after a minute without work (a document's later passes re-check a few
 * edited lines, in process). A worker's stdout and stderr never reach the process's own (over stdio that
 * is the protocol channel): they go to the log.
 *
 * If a worker cannot start or dies, the pool says so once and is not used again: the passes run in
 * process (the batch in question is rejected, and runPassParallel finishes the pass itself).
 */
import * as os from 'node:os';
import { Worker, type MessagePort } from 'node:worker_threads';
import type { LineChecker } from './documentCheck';
import { checkLine, type ImageMemo, type LineCheckContext, type LineResult } from './lineCheck';

export const LINE_WORKER_DATA = { kind: 'helix-lsp-lines' } as const;

export function isLineWorkerData(v: unknown): v is typeof LINE_WORKER_DATA {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === LINE_WORKER_DATA.kind;
}

/** Main thread -> worker. */
export interface CheckBatch {
  type: 'check';
  batch: number;
  token: string;
  ctx: LineCheckContext;
  lines: string[];
}

/** Worker -> main thread. */
export type BatchReply = { type: 'results'; batch: number; results: LineResult[] } | { type: 'failed'; batch: number; message: string };

/** The worker body: check each batch, image file checks shared within a pass (its token and context). */
export function runLineWorker(port: MessagePort): void {
  let memoKey = '';
  let images: ImageMemo = new Map();
  port.on('message', (m: CheckBatch) => {
    // The memo holds verdicts on paths relative to the dataset folder: never shared across passes or folders.
    const key = JSON.stringify([m.token, m.ctx.datasetDir, m.ctx.checkImages]);
    if (key !== memoKey) {
      memoKey = key;
      images = new Map();
    }
    let reply: BatchReply;
    try {
      reply = { type: 'results', batch: m.batch, results: m.lines.map((line) => checkLine(line, m.ctx, images)) };
    } catch (e) {
      // The same error would end the pass in process: the main thread redoes the batch there.
      reply = { type: 'failed', batch: m.batch, message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
}

/**
 * How many workers: HELIX_LSP_WORKERS when set (0 turns them off), else one per core, at most 4.
 *
 * Why not one per core minus one: while the workers run, the main thread only hands out batches and
 * stores results (it sleeps most of the pass), so it needs no core of its own; a hover arriving meanwhile
 * waits for the scheduler, not for a 20 ms slice of checks as on the in-process path. On a 2-core machine
 * "minus one" would leave one worker, no faster than the in-process pass. At most 4: beyond that the
 * main thread's own work (hashing, sending 20 MB of lines, building diagnostics) dominates, and each
 * worker holds a copy of the verifiers' data.
 */
export function defaultPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const set = env['HELIX_LSP_WORKERS'];
  if (set !== undefined && set !== '' && Number.isInteger(Number(set)) && Number(set) >= 0) return Number(set);
  return Math.min(4, Math.max(1, os.availableParallelism()));
}

export interface PoolLog {
  info(message: string): void;
  warn(message: string): void;
}

interface Pending {
  resolve: (results: LineResult[]) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Set when the pool ends the worker itself (idle, dispose): its exit is no failure. */
  stopping: boolean;
}

export class LinePool implements LineChecker {
  private slots: Slot[] = [];
  private failed: string | undefined;
  private nextBatch = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly script: string,
    readonly size: number,
    private readonly log: PoolLog,
    private readonly idleMs = 60_000,
  ) {}

  get usable(): boolean {
    return this.failed === undefined && this.size > 0;
  }

  get capacity(): number {
    return this.size * 2;
  }

  /** Workers running now (tests). */
  get running(): number {
    return this.slots.length;
  }

  check(lines: string[], ctx: LineCheckContext, token: string): Promise<LineResult[]> {
    if (!this.usable) return Promise.reject(new Error(`worker threads unavailable: ${this.failed ?? 'none configured'}`));
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
    if (this.slots.length === 0) {
      try {
        for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
      } catch (e) {
        this.fail(`cannot start: ${e instanceof Error ? e.message : String(e)}`);
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.pending.size < slot.pending.size) slot = s;
    const batch = this.nextBatch++;
    const message: CheckBatch = { type: 'check', batch, token, ctx, lines };
    return new Promise<LineResult[]>((resolve, reject) => {
      slot.pending.set(batch, { resolve, reject });
      slot.worker.postMessage(message);
    });
  }

  /** End the workers (server shutdown, tests). The pool starts them again when asked to check. */
  async dispose(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const slots = this.slots;
    this.slots = [];
    for (const s of slots) {
      s.stopping = true;
      for (const p of s.pending.values()) p.reject(new Error('the worker pool was disposed'));
      s.pending.clear();
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, { workerData: LINE_WORKER_DATA, stdout: true, stderr: true });
    const slot: Slot = { worker, pending: new Map(), stopping: false };
    // Never what keeps the process alive (the connection is).
    worker.unref();
    const forward = (stream: NodeJS.ReadableStream, say: (m: string) => void) =>
      stream.on('data', (d: Buffer) => {
        const text = d.toString().trimEnd();
        if (text) say(`line worker: ${text}`);
      });
    forward(worker.stdout, (m) => this.log.info(m));
    forward(worker.stderr, (m) => this.log.warn(m));
    worker.on('message', (m: BatchReply) => {
      const p = slot.pending.get(m.batch);
      if (!p) return;
      slot.pending.delete(m.batch);
      if (m.type === 'results') p.resolve(m.results);
      else p.reject(new Error(m.message));
      this.scheduleIdle();
    });
    worker.on('error', (e) => this.fail(`a worker failed: ${e.message}`));
    worker.on('exit', (code) => {
      if (!slot.stopping) this.fail(`a worker exited (code ${code})`);
    });
    return slot;
  }

  private scheduleIdle(): void {
    if (this.idleTimer || this.slots.some((s) => s.pending.size > 0)) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (!this.slots.some((s) => s.pending.size > 0)) void this.dispose();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  /** Give up on the workers for good: reject what is pending, end them, say so once. */
  private fail(reason: string): void {
    if (this.failed === undefined) {
      this.failed = reason;
      this.log.warn(`line check workers: ${reason}; checking in process from now on`);
    }
    void this.dispose();
  }
}
