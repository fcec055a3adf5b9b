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
import { ensureBenchDataset, rng } from './dataset';

const { values } = parseArgs({
  options: { samples: { type: 'string' }, dir: { type: 'string' }, regen: { type: 'boolean' } },
});
const SAMPLES = Number(values.samples ?? 100_000);
const DIR = values.dir ?? path.join(os.tmpdir(), 'helix-bench');
const FILE = path.join(DIR, `sft-${SAMPLES}.jsonl`);

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
    ensureBenchDataset({ samples: SAMPLES, dir: DIR, regen: true });
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
