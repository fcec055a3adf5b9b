/** The `helix-curate` executable (bundled by webpack as dist/cli.js); also the body of its worker threads. */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runDecideWorker, type DecideWorkerRequest } from './decide';
import { EXIT, main } from './main';
import { runInsightWorker, type InsightWorkerRequest } from './report';
import { runTagWorker, type TagWorkerRequest } from './tag';
import { runVerifyWorker, type WorkerRequest } from './verify';

function isVerifyRequest(v: unknown): v is WorkerRequest {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'helix-verify';
}

function isDecideRequest(v: unknown): v is DecideWorkerRequest {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'helix-decide';
}

function isTagRequest(v: unknown): v is TagWorkerRequest {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'helix-tag';
}

function isInsightRequest(v: unknown): v is InsightWorkerRequest {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'helix-insight';
}

if (!isMainThread && parentPort && isVerifyRequest(workerData)) {
  const port = parentPort;
  void runVerifyWorker(workerData, (m) => port.postMessage(m));
} else if (!isMainThread && parentPort && isTagRequest(workerData)) {
  const port = parentPort;
  void runTagWorker(workerData, (m) => port.postMessage(m));
} else if (!isMainThread && parentPort && isInsightRequest(workerData)) {
  const port = parentPort;
  void runInsightWorker(workerData, (m) => port.postMessage(m));
} else if (!isMainThread && parentPort && isDecideRequest(workerData)) {
  const port = parentPort;
  void runDecideWorker(workerData, (m) => port.postMessage(m));
} else {
  // `helix-curate stats big.jsonl | head` closes stdout early: stop quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok);
  });
  // Ctrl-C: stop the work, let the command clean up (no half-written output), exit 130.
  const cancel = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nhelix-curate: cancelling...\n');
    cancel.abort();
    process.once('SIGINT', () => process.exit(EXIT.cancelled));
  });
  main(process.argv.slice(2), process.stdout, process.stderr, { workerScript: __filename, signal: cancel.signal }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`helix-curate: internal error: ${String(e)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
