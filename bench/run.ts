/**
 * `npm run bench`: the reader benchmark of the foundation issue. Never part of `npm test`.
 *
 * Generates once (under the OS temp folder) a 100,000-sample SFT-style JSONL of about 750 MB with
 * reflective traces, then measures in this process: time to first sample, full index time, random-access
 * load time p50/p95 (load + normalise, images checked), peak RSS, and `wc -l` on the same file.
 * Targets on 2 cores: first sample < 0.3 s, index < 1.5 s, random access p95 < 5 ms, RSS < 150 MB.
 *
 * Options: --samples N (default 100000), --dir DIR (default $TMPDIR/helix-bench), --regen.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { JsonlReader } from '../src/core/readers/jsonl';
import type { IndexEntry } from '../src/core/readers/types';

const { values } = parseArgs({
  options: { samples: { type: 'string' }, dir: { type: 'string' }, regen: { type: 'boolean' } },
});
const SAMPLES = Number(values.samples ?? 100_000);
const DIR = values.dir ?? path.join(os.tmpdir(), 'helix-bench');
const FILE = path.join(DIR, `sft-${SAMPLES}.jsonl`);
const TARGET_BYTES_PER_SAMPLE = 6_900;

const TASKS = ['maze', 'sudoku', '24Points', 'hanoi', 'nonogram', 'sokoban', 'hamiltonian_path', 'WordLadder', 'kakuro', 'shortest_distance_weighted'];

/** A deterministic pseudo-random generator, so the file is the same on every machine. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STEPS = [
  (r: () => number) => `First, let me understand the puzzle. The grid is ${2 + Math.floor(r() * 8)} by ${2 + Math.floor(r() * 8)} and I need to fill every cell.`,
  (r: () => number) => `Subgoal: place the forced values first, starting with row ${1 + Math.floor(r() * 9)}, then work column by column.`,
  (r: () => number) => `Row ${1 + Math.floor(r() * 9)} already has ${1 + Math.floor(r() * 9)} and ${1 + Math.floor(r() * 9)}, so the only candidate left for cell (${Math.floor(r() * 9)}, ${Math.floor(r() * 9)}) is ${1 + Math.floor(r() * 9)}.`,
  () => `Wait, let me double-check that. Looking at the column again, the value is already used there, so this placement is wrong.`,
  () => `That leads to a contradiction. Let me backtrack to the last choice point and try the other option instead.`,
  () => `Let me verify the whole row: every digit appears exactly once, and the sums match the clues. Yes, this is consistent.`,
  (r: () => number) => `Working backwards from the goal: to reach the exit at (${Math.floor(r() * 9)}, ${Math.floor(r() * 9)}) I must come from the cell above it, so the previous move is "down".`,
  () => `Hmm, actually I made an arithmetic slip above: 7 + 8 is 15, not 16. Correcting that, the remaining sum is 9.`,
  (r: () => number) => `Now the second region. It needs a total of ${5 + Math.floor(r() * 30)} across ${2 + Math.floor(r() * 4)} cells, and the combinations that work are limited: \\"${Math.floor(r() * 1000)}\\" is the only one left.`,
];

function makeRow(i: number, r: () => number): string {
  const task = TASKS[i % TASKS.length]!;
  const parts: string[] = [];
  let len = 0;
  const want = TARGET_BYTES_PER_SAMPLE * (0.5 + r());
  while (len < want) {
    const s = STEPS[Math.floor(r() * STEPS.length)]!(r);
    parts.push(s);
    len += s.length + 2;
  }
  const answer = Array.from({ length: 16 }, () => 1 + Math.floor(r() * 4)).join(' ');
  const trace = `<think>\n${parts.join('\n\n')}\n</think>\n\nThe solution is \\boxed{${answer}}`;
  return JSON.stringify({
    id: `bench-${task}-${i}`,
    category: task,
    difficulty: String(1 + (i % 5)),
    images: [`images/${task}.png`],
    messages: [
      { role: 'user', content: `<image>Solve this ${task} puzzle. Put the final answer in \\boxed{}.` },
      { role: 'assistant', content: trace },
    ],
    answer,
    correct: r() < 0.7,
  });
}

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

function generate(): void {
  fs.mkdirSync(path.join(DIR, 'images'), { recursive: true });
  for (const t of TASKS) fs.writeFileSync(path.join(DIR, 'images', `${t}.png`), PNG);
  const tmp = `${FILE}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  const r = rng(42);
  let buf: string[] = [];
  let size = 0;
  const t0 = performance.now();
  for (let i = 0; i < SAMPLES; i++) {
    const line = `${makeRow(i, r)}\n`;
    buf.push(line);
    size += line.length;
    if (size > 8 * 1024 * 1024) {
      fs.writeSync(fd, buf.join(''));
      buf = [];
      size = 0;
    }
  }
  fs.writeSync(fd, buf.join(''));
  fs.closeSync(fd);
  fs.renameSync(tmp, FILE);
  console.log(`generated ${FILE} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function timeWc(): number {
  const t0 = performance.now();
  const res = spawnSync('wc', ['-l', FILE], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`wc failed: ${res.stderr}`);
  return (performance.now() - t0) / 1000;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1) + 0.5))]!;
}

async function main(): Promise<void> {
  if (values.regen || !fs.existsSync(FILE)) {
    generate();
    // Measure in a fresh process, so the generator's memory does not count in the peak RSS.
    const res = spawnSync(process.execPath, [process.argv[1]!, '--samples', String(SAMPLES), '--dir', DIR], { stdio: 'inherit' });
    process.exitCode = res.status ?? 1;
    return;
  }
  const size = fs.statSync(FILE).size;
  console.log(`file: ${FILE} (${(size / 1e6).toFixed(0)} MB, ${SAMPLES.toLocaleString('en-US')} samples), node ${process.version}, ${os.cpus().length} cores`);
  timeWc(); // warm the page cache, as the targets assume

  const reader = new JsonlReader(FILE);
  const t0 = performance.now();
  let firstSample = -1;
  let firstEntry: IndexEntry | undefined;
  let firstLoad: Promise<unknown> | undefined;
  const index = await reader.buildIndex({
    onEntries: (batch) => {
      if (firstEntry === undefined && batch.length > 0) {
        firstEntry = batch[0]!;
        firstLoad = reader.loadSample(firstEntry).then(() => {
          firstSample = (performance.now() - t0) / 1000;
        });
      }
    },
  });
  const indexTime = (performance.now() - t0) / 1000;
  await firstLoad;
  const bad = index.entries.filter((e) => e.error).length;

  const r = rng(7);
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const e = index.entries[Math.floor(r() * index.entries.length)]!;
    const s0 = performance.now();
    const s = await reader.loadSample(e);
    times.push(performance.now() - s0);
    if (s.id !== e.id || s.response === null) throw new Error(`bad load of ${e.id}`);
  }
  times.sort((a, b) => a - b);
  await reader.close();
  const wc = timeWc();
  const rssMb = process.resourceUsage().maxRSS / 1024;

  const row = (name: string, value: string, target: string, ok: boolean) => console.log(`${name.padEnd(28)} ${value.padStart(12)}   target ${target.padEnd(10)} ${ok ? 'ok' : 'MISSED'}`);
  console.log('');
  row('samples indexed', index.entries.length.toLocaleString('en-US'), `${SAMPLES}`, index.entries.length === SAMPLES && bad === 0);
  row('time to first sample', `${firstSample.toFixed(3)} s`, '< 0.3 s', firstSample < 0.3);
  row('full index', `${indexTime.toFixed(3)} s`, '< 1.5 s', indexTime < 1.5);
  row('random access p50', `${pct(times, 0.5).toFixed(3)} ms`, '', true);
  row('random access p95', `${pct(times, 0.95).toFixed(3)} ms`, '< 5 ms', pct(times, 0.95) < 5);
  row('peak RSS', `${rssMb.toFixed(0)} MB`, '< 150 MB', rssMb < 150);
  row('wc -l (same file)', `${wc.toFixed(3)} s`, '', true);
  row('index / wc -l', `${(indexTime / wc).toFixed(2)}x`, '', true);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
