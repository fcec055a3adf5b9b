/**
 * Small datasets and journals for the export tests, made in a temporary folder: real PNGs (makePng), real
 * journal lines (journalLine + appendJournal) whose content hashes come from reading the dataset back.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendJournal } from '../../../src/core/journal/io';
import { contentHash } from '../../../src/core/journal/hash';
import { journalLine, type StepTagEdit } from '../../../src/core/journal/schema';
import { openDataset } from '../../../src/core/readers/open';
import { iterateSamples } from '../../../src/core/readers/types';
import type { Sample } from '../../../src/core/sample';
import { makePng } from '../../helpers/png';

export function tempDir(prefix = 'helix-export-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Distinct small PNGs: colour from the seed. */
export function png(seed: number): Buffer {
  return makePng(2 + (seed % 3), 2, [(seed * 53) % 256, (seed * 97) % 256, (seed * 29) % 256]);
}

export function writeJsonl(file: string, rows: readonly object[]): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return file;
}

/** An SFT row in LLaMA-Factory form with `n` image files written under `dir/images/`. */
export function sftRow(dir: string, id: string, opts: { images?: number; seed?: number; task?: string; response?: string; user?: string; tokens?: number } = {}): Record<string, unknown> {
  const n = opts.images ?? 1;
  const images: string[] = [];
  for (let i = 0; i < n; i++) {
    const rel = `images/${id}-${i}.png`;
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), png((opts.seed ?? 0) * 10 + i));
    images.push(rel);
  }
  const tokens = opts.tokens ?? n;
  return {
    id,
    category: opts.task ?? 'maze',
    difficulty: '2',
    images,
    messages: [
      { role: 'user', content: `${'<image>'.repeat(tokens)}${opts.user ?? `Solve puzzle ${id}.`}` },
      { role: 'assistant', content: opts.response ?? `<think>\nLet me look at ${id}.\n\nWait, let me verify.\n</think>\n\nThe answer is \\boxed{${id}}` },
    ],
  };
}

/** Every sample of a file, in order; rows that cannot be read throw, or are skipped with `skipErrors`. */
export async function loadAll(file: string, skipErrors = false): Promise<Sample[]> {
  const reader = openDataset(file);
  try {
    const index = await reader.buildIndex();
    const out: Sample[] = [];
    for await (const l of iterateSamples(reader, index.entries)) {
      if (l.error) {
        if (skipErrors) continue;
        throw l.error;
      }
      out.push(l.sample);
    }
    return out;
  } finally {
    await reader.close();
  }
}

export async function hashes(file: string): Promise<Map<string, string>> {
  return new Map((await loadAll(file, true)).map((s) => [s.id, contentHash(s)]));
}

export interface Decision {
  id: string;
  decision: 'accept' | 'reject' | 'flag' | 'clear';
  curator?: string;
  /** Default: the sample's current hash (a fresh decision); 'stale' writes a wrong one. */
  hash?: string;
  ts?: string;
  adjudication?: true;
  note?: string;
  tags?: StepTagEdit[];
}

/** Append decisions to a journal, hashed against `dataset` as it reads now. */
export async function writeJournal(file: string, dataset: string, decisions: readonly Decision[]): Promise<string> {
  const h = await hashes(dataset);
  for (const d of decisions) {
    const hash = d.hash === 'stale' ? '0123456789abcdef' : (d.hash ?? h.get(d.id) ?? 'ffffffffffffffff');
    const line = journalLine(
      { curator: d.curator ?? 'ann', sampleId: d.id, contentHash: hash, decision: d.decision, note: d.note ?? '', tags: d.tags ?? [], ...(d.adjudication ? { adjudication: true as const } : {}) },
      d.ts ? new Date(d.ts) : new Date(),
    );
    await appendJournal(file, line);
  }
  return file;
}

/** Every file under `dir` (relative paths, sorted). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}
