/**
 * The worker thread entry of a curator's dataset engine (bundled as dist/curatorWorker.js). `workerData`
 * holds the EngineOptions; requests arrive as messages; events go back as messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DatasetEngine, type EngineOptions, type EngineRequest } from './engine';

const port = parentPort;
if (!port) throw new Error('curatorWorker.js must run in a worker thread');
const engine = new DatasetEngine(workerData as EngineOptions, (event) => port.postMessage(event));
port.on('message', (request: EngineRequest) => {
  void engine.handle(request).then(() => {
    if (request.type === 'close') port.close();
  });
});
engine.start().catch((e: unknown) => port.postMessage({ type: 'fatal', message: e instanceof Error ? e.message : String(e) }));
