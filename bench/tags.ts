/**
 * `npm run bench:tags`: the trace analyser benchmark (split, segment, tag, statistics). Never part of
 * `npm test`.
 *
 * Generates R1-style reasoning traces of about 7 KB (paragraphs of ordinary work mixed with checks,
 * dead ends, corrections, plans and backward reasoning, about a third of them reflective), then analyses
 * 100,000 of them with the default cue set in worker threads and prints the wall time, traces/s overall
 * and per core. Each worker builds its own pool of distinct traces first (not timed) and cycles through
 * it. Target on 2 cores: 100,000 traces in under 10 s.
 *
 * Options: --traces N (default 100000), --workers N (default: the number of cores), --pool N (distinct
 * traces per worker, default 2000), --size BYTES (default 7000).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyseTrace } from '../src/core/trace/analyse';
import { defaultCueSet } from '../src/core/trace/cues';
import { rng } from './dataset';
import { makeTrace } from './traceGen';

interface Job {
  traces: number;
  pool: number;
  size: number;
  seed: number;
}

interface Result {
  traces: number;
  ms: number;
  /** CPU time of the worker thread while tagging (Linux /proc/thread-self/stat), or null. */
  cpuMs: number | null;
  chars: number;
  steps: number;
  tagged: number;
}

/** CPU time (user + system) of the calling thread in ms, from /proc/thread-self/stat (Linux); null elsewhere. */
function threadCpuMs(): number | null {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

function runJob(job: Job): Result {
  const r = rng(job.seed);
  const pool = Array.from({ length: job.pool }, () => makeTrace(r, job.size));
  const cues = defaultCueSet();
  // Warm up (compile, JIT), then time.
  for (let i = 0; i < Math.min(200, pool.length); i++) analyseTrace(pool[i]!, cues);
  let chars = 0;
  let steps = 0;
  let tagged = 0;
  const t0 = performance.now();
  const c0 = threadCpuMs();
  for (let i = 0; i < job.traces; i++) {
    const text = pool[i % pool.length]!;
    const a = analyseTrace(text, cues);
    chars += text.length;
    steps += a.stats.steps;
    for (const s of a.steps) if (s.tags.length) tagged++;
  }
  const c1 = threadCpuMs();
  return { traces: job.traces, ms: performance.now() - t0, cpuMs: c0 !== null && c1 !== null ? c1 - c0 : null, chars, steps, tagged };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { traces: { type: 'string' }, workers: { type: 'string' }, pool: { type: 'string' }, size: { type: 'string' } } });
  const total = Number(values.traces ?? 100_000);
  const workers = Math.max(1, Number(values.workers ?? os.availableParallelism()));
  const pool = Number(values.pool ?? 2000);
  const size = Number(values.size ?? 7000);
  console.log(`bench:tags: ${total.toLocaleString('en-US')} traces of ~${size} chars, ${workers} worker thread(s), ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${os.loadavg()[0]!.toFixed(1)}`);
  const per = Math.ceil(total / workers);
  const ready: Array<Promise<Result>> = [];
  const t0 = performance.now();
  for (let w = 0; w < workers; w++) {
    const job: Job = { traces: Math.min(per, total - w * per), pool, size, seed: 1000 + w };
    ready.push(
      new Promise<Result>((resolve, reject) => {
        const worker = new Worker(__filename, { workerData: job });
        worker.once('message', (m: Result) => resolve(m));
        worker.once('error', reject);
      }),
    );
  }
  const results = await Promise.all(ready);
  const wall = performance.now() - t0;
  const traces = results.reduce((n, x) => n + x.traces, 0);
  const chars = results.reduce((n, x) => n + x.chars, 0);
  const steps = results.reduce((n, x) => n + x.steps, 0);
  const tagged = results.reduce((n, x) => n + x.tagged, 0);
  const busiest = Math.max(...results.map((x) => x.ms));
  const perCore = results.map((x) => Math.round(x.traces / (x.ms / 1000)));
  console.log(`analysed ${traces.toLocaleString('en-US')} traces (${(chars / traces / 1000).toFixed(1)} K chars, ${(steps / traces).toFixed(1)} steps each, ${((tagged / steps) * 100).toFixed(0)}% of steps tagged)`);
  console.log(`tagging time (slowest worker): ${(busiest / 1000).toFixed(2)} s; wall time including each worker's trace generation: ${(wall / 1000).toFixed(2)} s`);
  console.log(`throughput: ${Math.round(traces / (busiest / 1000)).toLocaleString('en-US')} traces/s overall; per core: ${perCore.map((x) => x.toLocaleString('en-US')).join(', ')} traces/s (${(chars / results.length / (busiest / 1000) / 1e6).toFixed(1)} MB/s per core)`);
  const cpu = results.every((x) => x.cpuMs !== null && x.cpuMs > 0) ? results.reduce((n, x) => n + x.cpuMs!, 0) : null;
  if (cpu !== null) {
    // What each worker got of its core: on a machine shared with other work, wall time overstates the cost.
    const perCpuSecond = traces / (cpu / 1000);
    console.log(`CPU time of the workers: ${(cpu / 1000).toFixed(2)} s -> ${Math.round(perCpuSecond).toLocaleString('en-US')} traces per CPU-second; on 2 otherwise idle cores 100,000 traces would take ~${(100_000 / perCpuSecond / 2).toFixed(1)} s`);
  }
  console.log(`target: 100,000 traces in < 10 s on 2 cores -> ${total === 100_000 ? (busiest < 10_000 ? 'met' : 'NOT met') : `projected ${((100_000 / (traces / (busiest / 1000))) * (workers / 2)).toFixed(1)} s on 2 workers`} (wall time)`);
}

if (!isMainThread && parentPort) {
  parentPort.postMessage(runJob(workerData as Job));
} else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
