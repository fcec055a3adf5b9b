/**
 * Spreading a batch command (verify, tag) over threads: the index is cut into interleaved chunks, one
 * lane per thread, so every thread stays busy to the end and results arrive roughly in file order.
 * Lane 0 may run on the main thread; the others run the bundled CLI as worker threads.
 */
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { IndexEntry } from '../core/readers/types';

/** What a worker posts back: batches of records, then done (or a fatal error). */
export type LaneMessage<R> = { type: 'results'; records: R[] } | { type: 'done' } | { type: 'fatal'; message: string };

/**
 * The body of a lane's worker thread: `work` emits records, which go to the main thread in batches of
 * `batchSize`, then `done`; an exception ends the lane with `fatal` and its message.
 */
export async function runLaneWorker<R>(post: (m: LaneMessage<R>) => void, batchSize: number, work: (emit: (record: R) => void) => Promise<void>): Promise<void> {
  let batch: R[] = [];
  try {
    await work((record) => {
      batch.push(record);
      if (batch.length >= batchSize) {
        post({ type: 'results', records: batch });
        batch = [];
      }
    });
    if (batch.length) post({ type: 'results', records: batch });
    post({ type: 'done' });
  } catch (e) {
    post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
  }
}

const CHUNK = 200;

/**
 * How many threads work on `entries`: the main thread alone when there is no worker script or the job is
 * smaller than `inlineBelow` (worker start-up would dominate), else `requested` or one per core (max 8).
 */
export function threadCount(workerScript: string | undefined, entries: number, inlineBelow: number, requested: number | undefined): number {
  if (workerScript === undefined || entries < inlineBelow) return 1;
  return Math.max(1, requested ?? Math.min(os.availableParallelism(), 8));
}

/** `entries` cut into `n` lanes of interleaved chunks. */
export function interleave(entries: readonly IndexEntry[], n: number): IndexEntry[][] {
  const lanes: IndexEntry[][] = Array.from({ length: n }, () => []);
  for (let c = 0, k = 0; c < entries.length; c += CHUNK, k++) lanes[k % n]!.push(...entries.slice(c, c + CHUNK));
  return lanes;
}

export interface LaneOptions<Req, R> {
  workerScript: string;
  signal?: AbortSignal | undefined;
  /** The worker's request for its lane (its workerData). */
  request: (lane: IndexEntry[]) => Req;
  onBatch: (records: R[]) => void;
  /** Run lane 0 on the main thread instead of in a worker. */
  inline?: (lane: readonly IndexEntry[]) => Promise<void>;
}

/** Run every lane to the end; Ctrl-C (the signal) terminates the workers. */
export async function runLanes<Req, R>(lanes: IndexEntry[][], o: LaneOptions<Req, R>): Promise<void> {
  const inlineLane = o.inline ? lanes[0] : undefined;
  const workerLanes = (o.inline ? lanes.slice(1) : lanes).filter((l) => l.length > 0);
  const running = workerLanes.map(
    (lane) =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(o.workerScript, { workerData: o.request(lane) });
        const stop = (): void => {
          void worker.terminate();
        };
        o.signal?.addEventListener('abort', stop, { once: true });
        worker.on('message', (m: LaneMessage<R>) => {
          if (m.type === 'results') o.onBatch(m.records);
          else if (m.type === 'fatal') reject(new Error(m.message));
        });
        worker.on('error', reject);
        worker.on('exit', () => {
          o.signal?.removeEventListener('abort', stop);
          resolve();
        });
      }),
  );
  await Promise.all([...running, ...(o.inline && inlineLane ? [o.inline(inlineLane)] : [])]);
}

/** Spread `entries` over `threads` (the main thread running `inline` for its lane, or for all of them). */
export async function spread<Req, R>(entries: readonly IndexEntry[], threads: number, o: LaneOptions<Req, R> & { inline: (lane: readonly IndexEntry[]) => Promise<void> }): Promise<void> {
  if (threads <= 1) await o.inline(entries);
  else await runLanes(interleave(entries, threads), o);
}
