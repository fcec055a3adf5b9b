/**
 * `npx tsx bench/insight.ts` (or esbuild + node, as the other benches): buildInsight on 100,000 generated
 * rows (the 42 tasks, 5 difficulties, every verdict, tags, lengths from 100 to 200k characters, a quarter
 * decided). Prints the median and worst of 20 runs after 3 warm-ups, and the time to fill the columns from
 * row objects (what the CLI does while it streams facts). Target: well under 100 ms a build.
 *
 * Options: --samples N (default 100000).
 */
import { parseArgs } from 'node:util';
import { BENCHMARK_TASKS, buildInsight, INSIGHT_VERDICTS, InsightInputBuilder, InsightReport, RESOLUTION_STATUSES, type InsightRow } from '../src/core/insight';
import { rng } from './dataset';

const { values } = parseArgs({ options: { samples: { type: 'string' } } });
const N = Number(values.samples ?? 100_000);

const r = rng(7);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const rows: InsightRow[] = [];
for (let i = 0; i < N; i++) {
  const verdict = r() < 0.02 ? 'pending' : pick(INSIGHT_VERDICTS.slice(0, 7));
  const response = verdict !== 'none' && verdict !== 'pending';
  const resolution = r() < 0.75 ? 'undecided' : pick(RESOLUTION_STATUSES.slice(1));
  rows.push({
    task: pick(BENCHMARK_TASKS),
    difficulty: String(1 + (i % 5)),
    verdict,
    reference: response ? pick(['pass', 'fail', 'error', 'unsupported'] as const) : null,
    strict: response ? pick(['pass', 'fail', 'error', 'unsupported'] as const) : null,
    tags: { verification: Math.floor(r() * 4), backtracking: Math.floor(r() * 2), subgoal: Math.floor(r() * 3), backward_chaining: r() < 0.1 ? 1 : 0, correction: Math.floor(r() * 2) },
    chars: response ? Math.round(100 * 2000 ** r()) : 0,
    steps: response ? Math.floor(r() * 80) : 0,
    firstReflection: response && r() < 0.8 ? r() : null,
    resolution,
    decision: resolution === 'undecided' || resolution === 'conflict' ? null : pick(['accept', 'reject', 'flag'] as const),
    stale: r() < 0.01,
  });
}

let t0 = performance.now();
const b = new InsightInputBuilder();
for (const row of rows) b.add(row);
const input = b.build();
const fillMs = performance.now() - t0;

// Wall time, and CPU time of the process (what the build costs when other work shares the cores).
const times: number[] = [];
const cpu: number[] = [];
let report: InsightReport | undefined;
for (let k = 0; k < 23; k++) {
  t0 = performance.now();
  const c0 = process.cpuUsage();
  report = buildInsight(input);
  const c = process.cpuUsage(c0);
  if (k >= 3) {
    times.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
t0 = performance.now();
InsightReport.parse(report);
const parseMs = performance.now() - t0;
const json = JSON.stringify(report);
console.log(`buildInsight, ${N.toLocaleString('en-US')} rows: median ${times[times.length >> 1]!.toFixed(1)} ms, worst ${times.at(-1)!.toFixed(1)} ms (20 runs after 3 warm-ups); CPU time median ${cpu[cpu.length >> 1]!.toFixed(1)} ms`);
console.log(`filling the columns from row objects: ${fillMs.toFixed(1)} ms; InsightReport.parse: ${parseMs.toFixed(1)} ms; report JSON ${(json.length / 1024).toFixed(0)} KB`);
