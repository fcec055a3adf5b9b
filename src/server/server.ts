/**
 * The language server bundle's entry (dist/server.js): the language server (languageServer.ts) on the
 * main thread; run as a worker thread with LineWorkerData, the body of a line-check worker instead
 * (linePool.ts), so the one bundle serves as its own worker script, as src/cli/bin.ts does for the CLI.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startLanguageServer } from './languageServer';
import { isLineWorkerData, runLineWorker } from './linePool';

if (!isMainThread && parentPort && isLineWorkerData(workerData)) runLineWorker(parentPort, workerData);
else startLanguageServer(__filename);
