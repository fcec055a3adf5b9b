/**
 * appendJournalLines: many lines in few writes (one fdatasync each), all validated before anything is
 * written, a torn tail closed first, in call order with single appends, and whole lines when another
 * process appends at the same time.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { appendJournal, appendJournalLines, JournalError, journalLine, MAX_JOURNAL_LINE_BYTES, readJournal, type JournalLine } from '../../../src/core/journal';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-journal-batch-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const H = '0123456789abcdef';
const mk = (i: number, note = ''): JournalLine => journalLine({ curator: 'ana', sampleId: `s${i}`, contentHash: H, decision: i % 3 === 0 ? 'accept' : i % 3 === 1 ? 'reject' : 'flag', note });

describe('appendJournalLines', () => {
  it('packs whole lines into batches of at most batchBytes and reads back in order', async () => {
    const file = path.join(dir, 'a', 'j.jsonl');
    const lines = Array.from({ length: 1000 }, (_, i) => mk(i, 'x'.repeat(i % 50)));
    const bytes = lines.reduce((n, l) => n + Buffer.byteLength(`${JSON.stringify(l)}\n`), 0);
    const s = await appendJournalLines(file, lines, 16 * 1024);
    expect(s).toMatchObject({ lines: 1000, bytes });
    // Whole lines only: never more than batchBytes per batch, so at least ceil(bytes / batchBytes) batches, and few more.
    expect(s.batches).toBeGreaterThanOrEqual(Math.ceil(bytes / (16 * 1024)));
    expect(s.batches).toBeLessThanOrEqual(Math.ceil(bytes / (16 * 1024)) + 1);
    expect(fs.statSync(file).size).toBe(bytes);
    const read = await readJournal(file);
    expect(read.problems).toEqual([]);
    expect(read.lines.map((l) => l.sampleId)).toEqual(lines.map((l) => l.sampleId));
    expect(await appendJournalLines(file, [])).toEqual({ lines: 0, bytes: 0, batches: 0 });
  });

  it('a bad line anywhere: JournalError naming it, nothing written', async () => {
    const file = path.join(dir, 'bad.jsonl');
    const lines = [mk(1), mk(2), { ...mk(3), contentHash: 'NOT HEX' }, mk(4)];
    const err = await appendJournalLines(file, lines).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect((err as Error).message).toMatch(/line 3 of 4 to append \(sample "s3"\): invalid journal line: field `contentHash`.*nothing was written/);
    expect(fs.existsSync(file)).toBe(false);
    const long = { ...mk(5), note: 'n'.repeat(MAX_JOURNAL_LINE_BYTES) };
    await expect(appendJournalLines(file, [mk(1), long])).rejects.toThrow(/line 2 of 2.*too long/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('closes a torn tail first and keeps call order with single appends', async () => {
    const file = path.join(dir, 'torn.jsonl');
    fs.writeFileSync(file, `${JSON.stringify(mk(0))}\n{"v":1,"ts":`);
    const a = appendJournal(file, mk(1));
    const b = appendJournalLines(file, [mk(2), mk(3)]);
    const c = appendJournal(file, mk(4));
    await Promise.all([a, b, c]);
    const read = await readJournal(file);
    expect(read.lines.map((l) => l.sampleId)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]!.message).toMatch(/line 2: malformed JSON/);
  });

  it('with another process appending single lines at the same time, every line arrives whole', async () => {
    const script = path.join(dir, 'appender.cjs');
    buildSync({ entryPoints: [path.join(__dirname, 'appender.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: script, logLevel: 'warning' });
    const file = path.join(dir, 'shared.jsonl');
    const startAt = Date.now() + 1000;
    const child = new Promise<number | null>((resolve, reject) => {
      const p = spawn(process.execPath, [script, file, 'bo', '1500', String(startAt)], { stdio: 'ignore' });
      p.on('error', reject);
      p.on('close', resolve);
    });
    while (Date.now() < startAt) await new Promise((r) => setTimeout(r, 5));
    const mine = Array.from({ length: 3000 }, (_, i) => mk(i, `ana:${i}:`.padEnd(200 + ((i * 7919) % 3000), 'a')));
    // Small batches, so the two writers take turns many times.
    await appendJournalLines(file, mine, 64 * 1024);
    expect(await child).toBe(0);
    const read = await readJournal(file);
    expect(read.problems).toEqual([]);
    expect(read.lines.filter((l) => l.curator === 'ana').map((l) => l.note)).toEqual(mine.map((l) => l.note));
    expect(read.lines.filter((l) => l.curator === 'bo').map((l) => l.sampleId)).toEqual(Array.from({ length: 1500 }, (_, i) => `bo-${i}`));
    // The writers did overlap: some line of bo lies between batches of ana.
    const who = read.lines.map((l) => l.curator);
    const firstAna = who.indexOf('ana');
    const lastAna = who.lastIndexOf('ana');
    expect(who.slice(firstAna, lastAna).includes('bo'), 'no line of bo between the first and last line of ana').toBe(true);
  }, 60_000);
});
