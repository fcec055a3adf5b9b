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

type Gen = (r: () => number) => string;
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const d = (r: () => number, n = 9) => 1 + Math.floor(r() * n);

const WORK: Gen[] = [
  (r) => `Looking at row ${d(r)}, the numbers already placed are ${d(r)}, ${d(r)} and ${d(r)}, so the empty cell at column ${d(r)} can only be ${d(r)} or ${d(r)}. Column ${d(r)} already has a ${d(r)}, which leaves ${d(r)} for that cell.`,
  (r) => `So from (${d(r, 6)},${d(r, 6)}) I can go ${pick(r, ['left', 'right', 'up', 'down'])} to (${d(r, 6)},${d(r, 6)}), and from there the corridor continues ${pick(r, ['left', 'right', 'up', 'down'])} for two more cells until it reaches a junction with openings to the ${pick(r, ['north', 'south', 'east', 'west'])} and ${pick(r, ['north', 'south', 'east', 'west'])}.`,
  (r) => `${d(r, 12)} × ${d(r, 12)} = ${d(r, 99)}, and then ${d(r, 30)} - ${d(r, 9)} = ${d(r, 30)}. Combining those gives ${d(r, 60)}, which is not quite what I want yet, but the remaining number ${d(r, 13)} might help if I divide by it.`,
  (r) => `Now move disk ${d(r, 4)} from peg ${d(r, 3)} to peg ${d(r, 3)}. After that the pegs are: peg 1 has [${d(r, 5)}, ${d(r, 3)}], peg 2 has [${d(r, 4)}], and peg 3 is empty. The smallest disk is on top of peg 1.`,
  (r) => `Node ${d(r, 8)} has neighbors ${d(r, 8)} (weight ${d(r)}), ${d(r, 8)} (weight ${d(r)}) and ${d(r, 8)} (weight ${d(r)}). The tentative distance to node ${d(r, 8)} becomes ${d(r, 20)} + ${d(r)} = ${d(r, 30)}, which is smaller than the current value, so I update it.`,
  (r) => `Okay, so the next cell to consider is r${d(r)}c${d(r)}. Its row contains ${d(r)}, ${d(r)}, ${d(r)} and ${d(r)}; its column contains ${d(r)} and ${d(r)}; and the box has ${d(r)}, ${d(r)}, ${d(r)}. The candidates are therefore {${d(r)}, ${d(r)}}.`,
  (r) => `Hmm, let me think about which vertex to visit next. From ${d(r, 7)} the unvisited neighbors are ${d(r, 7)} and ${d(r, 7)}. I'll take the smaller one first, so the path is now [${d(r, 7)}, ${d(r, 7)}, ${d(r, 7)}, ${d(r, 7)}].`,
  (r) => `The clue for column ${d(r, 5)} is [${d(r, 3)}, ${d(r, 3)}], so there must be a block of ${d(r, 3)} filled cells, a gap, and another block. With row ${d(r, 5)} already filled in that column, the first block starts at row ${d(r, 5)}.`,
  (r) => `Then ${d(r, 20)} + ${d(r, 20)} = ${d(r, 40)} and ${d(r, 40)} ÷ ${d(r, 4)} = ${d(r, 10)}. So far I have used ${d(r, 13)} and ${d(r, 13)}, and the cards left are ${d(r, 13)} and ${d(r, 13)}.`,
  () => `Hmm, okay. Moving on to the next part of the grid, where the constraints are a bit tighter and there are fewer empty cells to worry about.`,
];

const REFLECT: Gen[] = [
  (r) => `Wait, let me double-check that. Row ${d(r)} has ${d(r)}, ${d(r)}, ${d(r)}, so ${d(r)} is indeed missing. Yes, that's correct.`,
  (r) => `Let me verify the path so far: (${d(r, 6)},${d(r, 6)}) → (${d(r, 6)},${d(r, 6)}) → (${d(r, 6)},${d(r, 6)}). No walls are crossed, and every move goes through an opening. ✓`,
  (r) => `That doesn't work, because ${d(r, 13)} × ${d(r, 13)} is already too big. Let me try a different combination, starting from the original four numbers again.`,
  (r) => `So this path is a dead end: (${d(r, 6)},${d(r, 6)}) is closed on every other side. Going back to the junction at (${d(r, 6)},${d(r, 6)}) and taking the other branch instead.`,
  (r) => `Hold on, I made a mistake: ${d(r, 9)} + ${d(r, 9)} is ${d(r, 18)}, not ${d(r, 18)}. Correcting that, the distance to node ${d(r, 8)} is ${d(r, 30)}.`,
  () => `First, I need to figure out which cells are forced, then fill them in, and only after that start guessing. Let me break this down by rows.`,
  (r) => `Working backwards from the goal: to end at the exit, the last move must come from (${d(r, 6)},${d(r, 6)}), and that cell can only be reached from above.`,
  (r) => `Hmm, that doesn't seem right. Let me recount the disks on peg ${d(r, 3)}: there are ${d(r, 4)}, not ${d(r, 4)}. So I should have moved disk ${d(r, 4)} first.`,
  () => `Alternatively, maybe I can make 24 as 3 × 8 and get the 8 from the remaining cards, since the subtraction idea went nowhere.`,
  (r) => `Let me plug the values back in to confirm: ${d(r, 9)} + ${d(r, 9)} = ${d(r, 18)}, and ${d(r, 18)} × ${d(r, 3)} = ${d(r, 54)}. That matches the target, so the expression works.`,
  () => `Okay, wait, one thing at a time. Let me keep going with the current row before worrying about that.`,
];

function makeTrace(r: () => number, size: number): string {
  const parts: string[] = [];
  let len = 0;
  while (len < size) {
    const p = r() < 0.3 ? pick(r, REFLECT)(r) : `${pick(r, WORK)(r)} ${pick(r, WORK)(r)}`;
    parts.push(p);
    len += p.length + 2;
  }
  return `<think>\nOkay, let me look at this puzzle carefully.\n\n${parts.join('\n\n')}\n</think>\n\nThe final answer is \\boxed{${Math.floor(r() * 1000)}}.`;
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
