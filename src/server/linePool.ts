/**
 * Worker threads for the line checks of a large pass (documentCheck.ts runPassParallel): the first pass
 * over a 10,000-line dataset spends most of its time in the task verifiers, one line at a time, and lines
 * are independent, so batches of lines go to a small pool of threads running the same `checkLine`.
 *
 * The workers are the built server bundle itself (dist/server.js; server.ts starts the worker body when
 * it runs as a worker with LineWorkerData, as src/cli/bin.ts does for the CLI). The server starts them
 * when the client has initialized it (the first document is on its way: a 20 MB document takes the
 * client and the server most of a second to send and parse, time the workers use to start and warm up,
 * see warmUpFile), or on the first pass that needs them; they stop after a minute without work (a
 * document's later passes re-check a few edited lines, in process). A worker's stdout and stderr never reach the process's own (over stdio that
 * is the protocol channel): they go to the log.
 *
 * If a worker cannot start or dies, the pool says so once and is not used again: the passes run in
 * process (the batch in question is rejected, and runPassParallel finishes the pass itself).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker, type MessagePort } from 'node:worker_threads';
import type { LineChecker } from './documentCheck';
import { checkLine, type ImageMemo, type LineCheckContext, type LineResult } from './lineCheck';

export const LINE_WORKER_KIND = 'helix-lsp-lines';

/** A worker's workerData. */
export interface LineWorkerData {
  kind: typeof LINE_WORKER_KIND;
  /** A JSONL file of samples to check (and forget) once at start-up: see warmUpFile. */
  warmUp?: string | undefined;
}

export function isLineWorkerData(v: unknown): v is LineWorkerData {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === LINE_WORKER_KIND;
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

/**
 * The bundled sample dataset next to the bundle (media/sample/mmhelix-eval.jsonl: one sample of each of
 * the 42 tasks, shipped in the .vsix), if it is there. A worker checks it once when it starts: a fresh
 * thread's first thousand lines cost about twice the later ones (the verifiers' code is compiled and their
 * data, such as the WordLadder word list, loaded on first use), and the pool starts its workers while the
 * client is still sending the document, so that cost is paid before the pass needs them.
 */
export function warmUpFile(bundle: string): string | undefined {
  const file = path.join(path.dirname(bundle), '..', 'media', 'sample', 'mmhelix-eval.jsonl');
  return fs.existsSync(file) ? file : undefined;
}

function warmUp(file: string): void {
  try {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const ctx: LineCheckContext = { file, datasetDir: path.dirname(file), checkImages: true, maxRowBytes: 64 * 1024 * 1024, verify: true };
    for (let round = 0; round < 2; round++) for (const line of lines) checkLine(line, ctx);
  } catch {
    // Only a head start: a failure here changes no result.
  }
}

/** The worker body: check each batch, image file checks shared within a pass (its token and context). */
export function runLineWorker(port: MessagePort, data: LineWorkerData): void {
  if (data.warmUp !== undefined) warmUp(data.warmUp);
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
 * How many workers: HELIX_LSP_WORKERS when set (0 turns them off), else one per core but one, at least
 * one and at most 3.
 *
 * Measured on the 2-vCPU machine (bench:server, 10,000 real rows, end to end over stdio): in process
 * 3.1-4.0 s, one worker 2.9-3.3 s, two workers 3.9-4.0 s. Two busy threads there get little more done than
 * one (two copies of the in-process pass run side by side take 1.85 times as long each), and the second
 * worker's start-up and warm-up compete with receiving the document and with V8's own compiler and GC
 * threads; the core left over also keeps the main thread (hovers, the protocol) and the editor's
 * processes responsive. One worker still helps on two cores: it warms up while the document arrives and
 * the main thread stays free. At most 3: each worker holds its own copy of the verifiers' data.
 */
export function defaultPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const set = env['HELIX_LSP_WORKERS'];
  if (set !== undefined && set !== '' && Number.isInteger(Number(set)) && Number(set) >= 0) return Number(set);
  return Math.min(3, Math.max(1, os.availableParallelism() - 1));
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
    private readonly warmUpWith: string | undefined = undefined,
  ) {}

  /** Start the workers now (they warm up), if not running: the next check finds them ready. */
  start(): void {
    if (!this.usable || this.slots.length > 0) return;
    try {
      for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
    } catch (e) {
      this.fail(`cannot start: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.scheduleIdle();
  }

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
    this.start();
    if (!this.usable) return Promise.reject(new Error(`worker threads unavailable: ${this.failed ?? 'none configured'}`));
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
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
    const data: LineWorkerData = { kind: LINE_WORKER_KIND, warmUp: this.warmUpWith };
    const worker = new Worker(this.script, { workerData: data, stdout: true, stderr: true });
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
