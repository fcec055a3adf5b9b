/**
 * `npm run bench:verify`: verify 100,000 responses (the dev fixture responses joined with their instances,
 * repeated) with the built CLI (`dist/cli.js verify`), with 1 worker and with one per core, and print
 * the wall time and throughput per core. Target: all 100k in under 10 s on 2 cores. Never part of `npm test`.
 *
 * Options: --samples N (default 100000), --dir DIR (default $TMPDIR/helix-bench).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { samples: { type: 'string' }, dir: { type: 'string' } } });
const SAMPLES = Number(values.samples ?? 100_000);
const DIR = values.dir ?? path.join(os.tmpdir(), 'helix-bench');
const ROOT = path.resolve(__dirname, '..');
const FIX = path.join(ROOT, 'test/fixtures/mmhelix-dev');
const FILE = path.join(DIR, `verify-${SAMPLES}.jsonl`);
const CLI = path.join(ROOT, 'dist/cli.js');

function generate(): void {
  const read = (f: string) => fs.readFileSync(path.join(FIX, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
  const instances = new Map(read('instances.jsonl').map((i) => [i['id'] as string, i]));
  const responses = read('responses.jsonl');
  fs.mkdirSync(DIR, { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const r = responses[i % responses.length]!;
    const inst = instances.get(r['instance_id'] as string)!;
    lines.push(JSON.stringify({ ...inst, id: `${inst['id'] as string}-${i}`, prediction: r['response'], verdict: r['verdict'] }));
  }
  fs.writeFileSync(FILE, `${lines.join('\n')}\n`);
}

function run(workers: number): number {
  const out = path.join(DIR, `verify-out-${workers}.jsonl`);
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [CLI, 'verify', FILE, '--json', '--quiet', '--no-image-check', '--workers', String(workers), '-o', out], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const secs = (performance.now() - t0) / 1000;
  if (res.status !== 0) throw new Error(`verify exited ${res.status}: ${res.stderr.slice(0, 2000)}`);
  const lines = fs.readFileSync(out, 'utf8').trim().split('\n').length;
  if (lines !== SAMPLES) throw new Error(`expected ${SAMPLES} verdict lines, got ${lines}`);
  return secs;
}

if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
if (!fs.existsSync(FILE)) generate();
const cores = os.availableParallelism();
console.log(`file: ${FILE} (${SAMPLES.toLocaleString('en-US')} responses), node ${process.version}, ${cores} cores`);
const one = run(1);
const all = run(cores);
const row = (name: string, secs: number, n: number) =>
  console.log(`${name.padEnd(24)} ${secs.toFixed(2).padStart(7)} s   ${Math.round(SAMPLES / secs).toLocaleString('en-US').padStart(9)} responses/s   ${Math.round(SAMPLES / secs / n).toLocaleString('en-US').padStart(9)} per core`);
console.log('');
row('1 worker', one, 1);
row(`${cores} workers`, all, cores);
console.log(`\ntarget: 100k in under 10 s on 2 cores -> ${all * (100_000 / SAMPLES) < 10 ? 'ok' : 'MISSED'}`);
