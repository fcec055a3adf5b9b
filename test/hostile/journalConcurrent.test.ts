/**
 * Two processes appending to one journal at the same time, for a few seconds (3 s; 20 s with
 * HELIX_HOSTILE_FULL=1): each writer (journalWriter.ts) mixes single awaited decisions, several in flight
 * at once and bulk decisions, lines of 80 B to 60 KB, through the product's `appendJournal` /
 * `appendJournalLines`, and acknowledges each decision once its append resolved.
 *
 * Afterwards every acknowledged decision is present exactly once, each writer's decisions are in the
 * order it made them, nothing is torn or malformed, and the two writers really did interleave. A few
 * blank lines are allowed (see io.ts: an appender that looks at the last byte while the other's write is
 * in progress closes what looks like a torn line; writes never interleave, so that only adds an empty line,
 * which readers skip).
 *
 * (test/core/journal/concurrency.test.ts does the fixed-count version: 2 x 300 lines.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/core/journal';
import { buildWriter, startWriter } from './journalHarness';

const FULL = process.env['HELIX_HOSTILE_FULL'] === '1';
const SECONDS = FULL ? 20 : 3;
const SEED = Number(process.env['HELIX_HOSTILE_SEED'] ?? Date.now() % 1_000_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-journal-concurrent-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe(`journal: two processes appending for ${SECONDS} s`, () => {
  it('every acknowledged decision is present exactly once, in each writer\'s order, and the file reads back clean', async () => {
    const script = buildWriter(dir);
    const file = path.join(dir, 'shared', 'hostile.helix-journal.jsonl');
    // Both start at the same moment (after node has started), both stop SECONDS later.
    const startAt = Date.now() + 1500;
    const until = startAt + SECONDS * 1000;
    const writers = ['ana', 'bo'];
    const runs = writers.map((w, i) => startWriter(script, [file, w, String(SEED + i), '--start-at', String(startAt), '--until', String(until)]));
    const exits = await Promise.all(runs.map((r) => r.exited));
    exits.forEach((e, i) => expect(e, `${writers[i]}: ${e.stderr}`).toMatchObject({ code: 0, signal: null }));

    const read = await readJournal(file);
    expect(read.problems).toEqual([]);
    expect(read.tornTail).toBe(false);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const rows = text.slice(0, -1).split('\n');
    const blank = rows.filter((r) => r === '').length;
    expect(rows.length - blank).toBe(read.lines.length);

    let total = 0;
    for (const [i, who] of writers.entries()) {
      const run = runs[i]!;
      const made = exits[i]!.done!;
      expect(made).toBeGreaterThan(10);
      // A writer that finished had every append resolved: all it made is acknowledged...
      expect(new Set(run.acked).size).toBe(made);
      const mine = read.lines.filter((l) => l.curator === who);
      // ...and present exactly once, in the order it made them, each line whole (its note starts with its id).
      expect(mine.map((l) => l.sampleId)).toEqual(Array.from({ length: made }, (_, k) => `${who}-${k}`));
      mine.forEach((l, k) => expect(l.note.startsWith(`${who}:${k}:`), l.sampleId).toBe(true));
      total += made;
    }
    expect(read.lines).toHaveLength(total);
    // The two writers did overlap: the file switches from one writer to the other many times.
    let switches = 0;
    for (let k = 1; k < read.lines.length; k++) if (read.lines[k]!.curator !== read.lines[k - 1]!.curator) switches++;
    expect(switches).toBeGreaterThan(10);
    expect(blank).toBeLessThan(total / 4);

    console.log(
      `journal concurrent test (seed ${SEED}): 2 writers for ${SECONDS} s, ${total} decisions acknowledged (${writers.map((w, i) => `${w} ${exits[i]!.done}`).join(', ')}), ` +
        `all present once, ${switches} switches between writers, ${blank} blank lines, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB`,
    );
  }, FULL ? 120_000 : 60_000);
});
