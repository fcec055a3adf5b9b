/**
 * `npm run bench:export`: export throughput and peak memory, per format, for 100,000 accepted samples.
 * Never part of `npm test` (test/core/export/memory.test.ts runs a smaller-per-sample variant of the same
 * data under a memory bound).
 *
 * The data: the SFT rows of bench/dataset.ts (`sftRow`: same tasks, step templates, one tiny PNG per task) at a
 * chosen size per sample,
 * plus a journal in which one curator accepts every sample (content hashes from the same normaliser the
 * readers use, so no decision is stale). Generated once under $TMPDIR/helix-bench-export and reused.
 *
 * Each format runs in a child process of its own, so its peak resident memory (getrusage maxrss) is its
 * own and not the generator's. Prints samples/s, input MB/s (dataset bytes of the exported rows per second),
 * output size and peak RSS. Options: --samples N (100000), --size BYTES (6900, bench/dataset.ts's size),
 * --formats sharegpt,openai,parquet, --no-verify (skip the verdict check), --regen.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { exportDataset, type ExportFormat } from '../src/core/export';
import { contentHash } from '../src/core/journal/hash';
import { journalLine } from '../src/core/journal/schema';
import { normalizeRow } from '../src/core/normalize';
import { PNG, rng, sftRow, TASKS } from './dataset';

export interface ExportBenchData {
  dir: string;
  dataset: string;
  journal: string;
  samples: number;
  bytes: number;
}

/**
 * SFT rows like bench/dataset.ts's at about `size` bytes each, and a journal accepting all of them.
 * Written in 8 MiB blocks; memory stays flat whatever `samples` is.
 */
export function generateExportData(options: { samples: number; size: number; dir: string }): ExportBenchData {
  const { samples, size, dir } = options;
  fs.mkdirSync(path.join(dir, 'images'), { recursive: true });
  for (const t of TASKS) fs.writeFileSync(path.join(dir, 'images', `${t}.png`), PNG);
  const dataset = path.join(dir, `sft-${samples}-${size}.jsonl`);
  const journal = path.join(dir, `sft-${samples}-${size}.helix-journal.jsonl`);
  const fd = fs.openSync(dataset, 'w');
  const jfd = fs.openSync(journal, 'w');
  const r = rng(7);
  let rows: string[] = [];
  let lines: string[] = [];
  let pending = 0;
  let bytes = 0;
  const now = new Date('2025-01-01T00:00:00Z');
  const flush = (): void => {
    const data = rows.join('');
    fs.writeSync(fd, data);
    fs.writeSync(jfd, lines.join(''));
    bytes += Buffer.byteLength(data);
    rows = [];
    lines = [];
    pending = 0;
  };
  for (let i = 0; i < samples; i++) {
    const row = sftRow(i, r, size);
    const text = `${JSON.stringify(row)}\n`;
    rows.push(text);
    pending += text.length;
    const sample = normalizeRow(row, { file: dataset, format: 'jsonl', datasetDir: dir, ordinal: i, checkImages: false });
    lines.push(`${JSON.stringify(journalLine({ curator: 'bench', sampleId: row.id, contentHash: contentHash(sample), decision: 'accept' }, now))}\n`);
    if (pending > 8 * 1024 * 1024) flush();
  }
  flush();
  fs.closeSync(fd);
  fs.closeSync(jfd);
  return { dir, dataset, journal, samples, bytes };
}

/** The bench data for these settings, generated when missing. */
export function ensureExportData(samples: number, size: number, regen = false): ExportBenchData {
  const dir = path.join(os.tmpdir(), 'helix-bench-export');
  const dataset = path.join(dir, `sft-${samples}-${size}.jsonl`);
  const journal = path.join(dir, `sft-${samples}-${size}.helix-journal.jsonl`);
  if (!regen && fs.existsSync(dataset) && fs.existsSync(journal)) return { dir, dataset, journal, samples, bytes: fs.statSync(dataset).size };
  const t0 = performance.now();
  const data = generateExportData({ samples, size, dir });
  console.log(`generated ${dataset} (${(data.bytes / 1048576).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return data;
}

export interface OneResult {
  format: ExportFormat;
  samples: number;
  ms: number;
  checkMs: number;
  writeMs: number;
  outputBytes: number;
  /** Resident memory just before the export, the highest sampled during it (every 10 ms and every 1,000 samples), and getrusage's peak. */
  baseRssMb: number;
  peakRssMb: number;
  maxRssMb: number;
}

/** One export in this process (the child's side); prints its result as JSON. */
export async function runOne(format: ExportFormat, data: { dataset: string; journal: string }, verify: boolean): Promise<void> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-bench-export-out-'));
  const output = path.join(outDir, format === 'parquet' ? 'out.parquet' : 'out.jsonl');
  try {
    const base = process.memoryUsage().rss;
    let peak = base;
    let calls = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const t0 = performance.now();
    const report = await exportDataset(
      { dataset: data.dataset, journals: [data.journal], format, output, verify },
      {
        onProgress: () => {
          if (++calls % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
        },
      },
    ).finally(() => clearInterval(timer));
    const ms = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage().rss);
    const result: OneResult = {
      format,
      samples: report.counts.written,
      ms,
      checkMs: report.timings.checkMs,
      writeMs: report.timings.writeMs,
      outputBytes: report.written?.outputBytes ?? 0,
      baseRssMb: base / 1048576,
      peakRssMb: peak / 1048576,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
    console.log(JSON.stringify(result));
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

async function benchMain(): Promise<void> {
  const { values } = parseArgs({
    options: {
      samples: { type: 'string' },
      size: { type: 'string' },
      formats: { type: 'string' },
      'no-verify': { type: 'boolean' },
      regen: { type: 'boolean' },
      child: { type: 'string' },
      dataset: { type: 'string' },
      journal: { type: 'string' },
    },
  });
  const verify = values['no-verify'] !== true;
  if (values.child) {
    await runOne(values.child as ExportFormat, { dataset: values.dataset!, journal: values.journal! }, verify);
    return;
  }
  const samples = Number(values.samples ?? 100_000);
  const size = Number(values.size ?? 6900);
  const formats = (values.formats ?? 'sharegpt,openai,parquet').split(',') as ExportFormat[];
  const data = ensureExportData(samples, size, values.regen === true);
  const mb = data.bytes / 1048576;
  console.log(`export bench: ${samples.toLocaleString('en-US')} accepted samples, ${mb.toFixed(0)} MB JSONL, verify ${verify ? 'on' : 'off'}, ${os.cpus().length} cores`);
  console.log(`${'format'.padEnd(9)} ${'total s'.padStart(8)} ${'check s'.padStart(8)} ${'write s'.padStart(8)} ${'samples/s'.padStart(10)} ${'in MB/s'.padStart(8)} ${'out MB'.padStart(8)} ${'peak RSS MB'.padStart(12)}`);
  for (const format of formats) {
    const args = [process.argv[1]!, '--child', format, '--dataset', data.dataset, '--journal', data.journal, ...(verify ? [] : ['--no-verify'])];
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      console.log(`${format}: failed (exit ${child.status})\n${child.stderr}`);
      continue;
    }
    const r = JSON.parse(line) as OneResult;
    const s = r.ms / 1000;
    console.log(
      `${format.padEnd(9)} ${s.toFixed(1).padStart(8)} ${(r.checkMs / 1000).toFixed(1).padStart(8)} ${(r.writeMs / 1000).toFixed(1).padStart(8)} ${Math.round(r.samples / s).toLocaleString('en-US').padStart(10)} ${(mb / s).toFixed(1).padStart(8)} ${(r.outputBytes / 1048576).toFixed(0).padStart(8)} ${r.maxRssMb.toFixed(0).padStart(12)}`,
    );
  }
}

// Run only as the bench's own script (the memory test imports the generator).
if (/bench-export\.js$/.test(process.argv[1] ?? '')) {
  benchMain().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
