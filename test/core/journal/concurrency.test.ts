/** Two processes appending to one journal at once: every line arrives whole, exactly once. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../../src/core/journal';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-journal-conc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('concurrent appenders', () => {
  it('2 processes x 300 lines: all 600 parse, each exactly once, in each writer\'s order', async () => {
    const script = path.join(dir, 'appender.cjs');
    buildSync({ entryPoints: [path.join(__dirname, 'appender.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: script, logLevel: 'warning' });
    const file = path.join(dir, 'shared', 'eval.helix-journal.jsonl');
    const startAt = String(Date.now() + 1500);
    const results = await Promise.all(['ana', 'bo'].map((who) => run(script, [file, who, '300', startAt])));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });

    const read = await readJournal(file);
    expect(read.problems).toEqual([]);
    expect(read.tornTail).toBe(false);
    expect(read.lines).toHaveLength(600);
    // Every line is whole: 600 non-blank lines. A few blank lines may appear: an appender that looks at the
    // last byte while the other's write is in progress sees a line without its newline (buffered writes
    // grow the file page by page), takes it for a torn tail and starts its own line with '\n'. Writes never
    // interleave, so that only ever adds an empty line, which readers skip.
    const text = fs.readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const rows = text.slice(0, -1).split('\n');
    expect(rows.filter((r) => r !== '')).toHaveLength(600);
    expect(rows.filter((r) => r === '').length).toBeLessThan(150);

    for (const who of ['ana', 'bo']) {
      const mine = read.lines.filter((l) => l.curator === who);
      expect(mine.map((l) => l.sampleId)).toEqual(Array.from({ length: 300 }, (_, i) => `${who}-${i}`));
      mine.forEach((l, i) => {
        expect(l.note).toBe(`${who}:${i}:`.padEnd(100 + ((i * 7919) % 20_000), who[0]));
      });
    }
    // the two writers did overlap (otherwise the test proves little): some line of one lies between lines of the other
    const order = read.lines.map((l) => l.curator).join(',');
    expect(order).toMatch(/ana,bo.*ana|bo,ana.*bo/);
  }, 60_000);
});
