/**
 * The 100,000-sample benchmark dataset shared by the benchmarks (`npm run bench`, `npm run bench:curator`):
 * an SFT-style JSONL of about 750 MB with reflective traces and one tiny PNG per task, generated once
 * (deterministically) under the OS temp folder and reused.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const TARGET_BYTES_PER_SAMPLE = 6_900;

export const TASKS = ['maze', 'sudoku', '24Points', 'hanoi', 'nonogram', 'sokoban', 'hamiltonian_path', 'WordLadder', 'kakuro', 'shortest_distance_weighted'];

/** A deterministic pseudo-random generator, so the file is the same on every machine. */
export function rng(seed: number): () => number {
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

/** Sample `i` as an SFT row (id, category, difficulty, images, messages, answer, correct) of about `size` bytes. */
export function sftRow(i: number, r: () => number, size: number) {
  const task = TASKS[i % TASKS.length]!;
  const parts: string[] = [];
  let len = 0;
  const want = size * (0.5 + r());
  while (len < want) {
    const s = STEPS[Math.floor(r() * STEPS.length)]!(r);
    parts.push(s);
    len += s.length + 2;
  }
  const answer = Array.from({ length: 16 }, () => 1 + Math.floor(r() * 4)).join(' ');
  const trace = `<think>\n${parts.join('\n\n')}\n</think>\n\nThe solution is \\boxed{${answer}}`;
  return {
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
  };
}

function makeRow(i: number, r: () => number): string {
  return JSON.stringify(sftRow(i, r, TARGET_BYTES_PER_SAMPLE));
}

/** The one-pixel PNG every task's image is. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

function generate(DIR: string, FILE: string, SAMPLES: number): void {
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


export interface BenchDataset {
  dir: string;
  file: string;
  samples: number;
}

/** The benchmark file for `samples` rows in `dir` (default $TMPDIR/helix-bench), generated when missing or with `regen`. */
export function ensureBenchDataset(options: { samples?: number; dir?: string; regen?: boolean } = {}): BenchDataset {
  const samples = options.samples ?? 100_000;
  const dir = options.dir ?? path.join(os.tmpdir(), 'helix-bench');
  const file = path.join(dir, `sft-${samples}.jsonl`);
  if (options.regen || !fs.existsSync(file)) generate(dir, file, samples);
  return { dir, file, samples };
}
