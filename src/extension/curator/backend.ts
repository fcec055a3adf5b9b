/**
 * Where a curator's DatasetEngine runs: a worker thread (the extension: the host's main thread never
 * parses the dataset) or in-process (tests, and a fallback when the worker bundle is missing).
 */
import { Worker } from 'node:worker_threads';
import { DatasetEngine, type EngineEvent, type EngineOptions, type EngineRequest } from './engine';

export interface DatasetBackend {
  send(request: EngineRequest): void;
  /** Events from the engine, in order. */
  onEvent(listener: (event: EngineEvent) => void): void;
  dispose(): void;
}

abstract class ListenerBackend implements DatasetBackend {
  private readonly listeners: ((event: EngineEvent) => void)[] = [];
  protected deliver(event: EngineEvent): void {
    for (const l of this.listeners) l(event);
  }
  onEvent(listener: (event: EngineEvent) => void): void {
    this.listeners.push(listener);
  }
  abstract send(request: EngineRequest): void;
  abstract dispose(): void;
}

/** The engine on the calling thread. Events are delivered asynchronously (as from a worker). */
export class InProcessBackend extends ListenerBackend {
  private readonly engine: DatasetEngine;
  constructor(options: EngineOptions, onError: (e: unknown) => void = () => undefined) {
    super();
    this.engine = new DatasetEngine(options, (event) => queueMicrotask(() => this.deliver(event)));
    setImmediate(() => void this.engine.start().catch(onError));
  }
  send(request: EngineRequest): void {
    this.engine.handle(request).catch(() => undefined);
  }
  dispose(): void {
    void this.engine.close();
  }
}

/** The engine in a worker thread running `workerScript` (dist/curatorWorker.js). */
export class WorkerBackend extends ListenerBackend {
  private readonly worker: Worker;
  private exited = false;
  constructor(workerScript: string, options: EngineOptions, onError: (e: unknown) => void) {
    super();
    this.worker = new Worker(workerScript, { workerData: options });
    this.worker.on('message', (event: EngineEvent) => this.deliver(event));
    this.worker.on('error', (e) => {
      onError(e);
      this.deliver({ type: 'fatal', message: `the dataset worker failed: ${e instanceof Error ? e.message : String(e)}` });
    });
    this.worker.on('exit', () => (this.exited = true));
  }
  send(request: EngineRequest): void {
    if (!this.exited) this.worker.postMessage(request);
  }
  dispose(): void {
    if (this.exited) return;
    this.worker.postMessage({ type: 'close' } satisfies EngineRequest);
    // Give it a moment to close its file handles, then make sure it is gone.
    setTimeout(() => void this.worker.terminate(), 2000).unref();
  }
}
