/**
 * 100,000 accepted samples export within a memory bound: the export streams (the index, a few hundred
 * bytes of bookkeeping per accepted sample, one sample or one Parquet row group at a time); it never holds
 * the samples.
 *
 * Data: bench/export.ts's generator (bench/dataset.ts's SFT rows and step templates) at ~3,500 bytes per
 * sample instead of 6,900, so the run fits a test budget on 2 cores: ~380 MB of JSONL and a journal
 * accepting all 100,000. Parquet is the format under test (its row groups are the largest buffer); verify is
 * off (the verifier adds time, not memory).
 *
 * The export runs in a child process (bench/export.ts bundled by esbuild, `--child parquet`), so neither the
 * generator's garbage nor vitest's own heap blurs the baseline. The child samples its resident memory every
 * 10 ms and every 1,000 samples.
 *
 * The bound, 300 MB of resident growth over the child's level just before the export (measured: ~230 MB,
 * the same at 1,500 and 4,000 bytes per sample, i.e. independent of the samples' size):
 * - bookkeeping that grows with the number of accepted samples, ~1.2 KB each: the merged journal (100,000
 *   lines, ~600 B each), the reader's index entry (~250 B), the duplicate-id / duplicate-response keys and
 *   the plan item (~350 B): ~120 MB live, more as resident heap;
 * - buffers: the reader's read block, one row group (<= 1,000 rows, <= 32 MiB payload) and its encoding.
 * Holding the samples would not fit: their ~380 MB of text alone is over the bound.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, expect, it } from 'vitest';
import { generateExportData, type OneResult } from '../../../bench/export';
import { tempDir } from './fixture';

const SAMPLES = 100_000;
const BOUND_MB = 300;
const ROOT = path.resolve(__dirname, '../../..');
const dir = tempDir('helix-export-mem-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it(`exports ${SAMPLES.toLocaleString('en-US')} samples with resident memory growth under ${BOUND_MB} MB`, () => {
  const data = generateExportData({ samples: SAMPLES, size: 3500, dir });
  expect(data.bytes).toBeGreaterThan(300 * 1024 * 1024);
  const script = path.join(dir, 'bench-export.js');
  buildSync({ entryPoints: [path.join(ROOT, 'bench/export.ts')], bundle: true, platform: 'node', target: 'node20', outfile: script, logLevel: 'error' });
  const child = spawnSync(process.execPath, [script, '--child', 'parquet', '--no-verify', '--dataset', data.dataset, '--journal', data.journal], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as OneResult;
  const growth = r.peakRssMb - r.baseRssMb;
  console.log(`export memory (parquet, ${SAMPLES} samples, ${(data.bytes / 1048576).toFixed(0)} MB): base ${r.baseRssMb.toFixed(0)} MB, peak ${r.peakRssMb.toFixed(0)} MB, growth ${growth.toFixed(0)} MB, getrusage peak ${r.maxRssMb.toFixed(0)} MB, ${(r.ms / 1000).toFixed(1)} s`);
  expect(r.samples).toBe(SAMPLES);
  expect(growth).toBeLessThan(BOUND_MB);
}, 300_000);
