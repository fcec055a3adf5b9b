/** Reading and appending the journal file: round trip, torn tails, bad lines, the append queue. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendJournal, JournalError, journalLine, MAX_JOURNAL_LINE_BYTES, readJournal, type JournalLine } from '../../../src/core/journal';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-journal-io-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => path.join(dir, `j${++n}.helix-journal.jsonl`);
const T0 = new Date('2025-03-01T10:00:00.000Z');

function line(sampleId: string, over: Partial<JournalLine> = {}): JournalLine {
  return { ...journalLine({ curator: 'ana', sampleId, contentHash: '0123456789abcdef', decision: 'accept' }, T0), ...over };
}

describe('appendJournal / readJournal', () => {
  it('round trip: every field, unicode and newlines in the note, one line per append', async () => {
    const file = fresh();
    const a = line('maze-1', { tags: [{ step: 2, tag: 'verification', op: 'remove' }], note: 'two\nlines, “quotes”, emoji 🧩, \u2028 sep', dataset: 'eval.jsonl' });
    const b = line('maze-2', { decision: 'flag', curator: 'bo' });
    await appendJournal(file, a);
    await appendJournal(file, b);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect(text.endsWith('\n')).toBe(true);
    const read = await readJournal(file);
    expect(read).toEqual({ file, lines: [a, b], problems: [], tornTail: false });
  });

  it('a missing file reads as empty; the folder is created on the first append', async () => {
    const file = path.join(dir, 'deep', 'er', 'x.helix-journal.jsonl');
    expect(await readJournal(file)).toEqual({ file, lines: [], problems: [], tornTail: false });
    await appendJournal(file, line('a'));
    expect((await readJournal(file)).lines).toHaveLength(1);
  });

  it('unknown fields of a later version survive reading (and re-appending)', async () => {
    const file = fresh();
    fs.writeFileSync(file, `${JSON.stringify({ ...line('s'), adjudicatedBy: 'lead', final: true })}\n`);
    const [got] = (await readJournal(file)).lines;
    expect(got).toMatchObject({ sampleId: 's', adjudicatedBy: 'lead', final: true });
    await appendJournal(file, { ...got!, decision: 'reject' });
    expect((await readJournal(file)).lines[1]).toMatchObject({ decision: 'reject', adjudicatedBy: 'lead', final: true });
  });

  it('torn tail: reported with its line number and ignored; the next append starts on a new line', async () => {
    const file = fresh();
    await appendJournal(file, line('a'));
    await appendJournal(file, line('b'));
    const full = JSON.stringify(line('c'));
    fs.appendFileSync(file, full.slice(0, 40)); // a crash mid-write
    const before = await readJournal(file);
    expect(before.lines.map((l) => l.sampleId)).toEqual(['a', 'b']);
    expect(before.tornTail).toBe(true);
    expect(before.problems).toEqual([{ line: 3, message: 'line 3: incomplete last line (a write was interrupted); ignored' }]);

    await appendJournal(file, line('d'));
    const after = await readJournal(file);
    expect(after.lines.map((l) => l.sampleId)).toEqual(['a', 'b', 'd']);
    expect(after.tornTail).toBe(false);
    expect(after.problems).toHaveLength(1);
    expect(after.problems[0]!.line).toBe(3);
    expect(after.problems[0]!.message).toMatch(/^line 3: malformed JSON .*; ignored$/);
  });

  it('a torn tail cut inside a multi-byte character is still a torn tail', async () => {
    const file = fresh();
    const bytes = Buffer.from(`${JSON.stringify(line('a'))}\n${JSON.stringify(line('b', { note: 'ééé' }))}`);
    fs.writeFileSync(file, bytes.subarray(0, bytes.indexOf('é') + 1));
    const read = await readJournal(file);
    expect(read.tornTail).toBe(true);
    expect(read.problems.map((p) => p.line)).toEqual([2]);
  });

  it('a last line without a newline that is complete is read (and the next append adds the newline)', async () => {
    const file = fresh();
    fs.writeFileSync(file, `${JSON.stringify(line('a'))}\n${JSON.stringify(line('b'))}`);
    expect((await readJournal(file)).lines.map((l) => l.sampleId)).toEqual(['a', 'b']);
    await appendJournal(file, line('c'));
    const read = await readJournal(file);
    expect(read.lines.map((l) => l.sampleId)).toEqual(['a', 'b', 'c']);
    expect(read.problems).toEqual([]);
  });

  it('bad lines in the middle are reported with their line numbers; the rest is read', async () => {
    const file = fresh();
    const good = (id: string): string => JSON.stringify(line(id));
    fs.writeFileSync(
      file,
      [
        good('a'),
        '{"v":1,"ts":', // malformed JSON
        JSON.stringify({ ...line('x'), decision: 'maybe' }), // schema: decision
        '',
        JSON.stringify({ ...line('y'), tags: [{ step: -1, tag: 'verification', op: 'add' }] }), // schema: tags[0].step
        JSON.stringify({ ...line('z'), v: 2 }), // a later format
        '[1,2]',
        JSON.stringify({ ...line('w'), curator: '' }),
        good('b') + '\r', // CRLF is fine
        good('c'),
        '',
      ].join('\n'),
    );
    const read = await readJournal(file);
    expect(read.lines.map((l) => l.sampleId)).toEqual(['a', 'b', 'c']);
    expect(read.tornTail).toBe(false);
    expect(read.problems.map((p) => p.line)).toEqual([2, 3, 5, 6, 7, 8]);
    const [json, decision, step, version, notObject, curator] = read.problems.map((p) => p.message);
    expect(json).toMatch(/^line 2: malformed JSON \(.+\); ignored$/);
    expect(decision).toMatch(/^line 3: field `decision`: .*"accept"\|"reject"\|"flag"\|"clear".*; ignored$/);
    expect(step).toMatch(/^line 5: field `tags\[0\]\.step`: .*>=0.*; ignored$/);
    expect(version).toBe('line 6: journal line version 2 is not supported (this version reads version 1); ignored');
    expect(notObject).toBe('line 7: expected a JSON object; ignored');
    expect(curator).toMatch(/^line 8: field `curator`: /);
  });

  it('invalid UTF-8 and over-long lines are reported without stopping the read', async () => {
    const file = fresh();
    const bad = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    fs.writeFileSync(file, Buffer.concat([Buffer.from(`${JSON.stringify(line('a'))}\n`), bad, Buffer.from(`\n${'x'.repeat(5000)}\n${JSON.stringify(line('b'))}\n`)]));
    const read = await readJournal(file, { maxLineBytes: 1000 });
    expect(read.lines.map((l) => l.sampleId)).toEqual(['a', 'b']);
    expect(read.problems).toEqual([
      { line: 2, message: 'line 2: invalid UTF-8; ignored' },
      { line: 3, message: 'line 3: longer than 1000 bytes; ignored' },
    ]);
  });

  it('a byte order mark left by an editor is ignored', async () => {
    const file = fresh();
    fs.writeFileSync(file, `\ufeff${JSON.stringify(line('a'))}\n`);
    expect(await readJournal(file)).toMatchObject({ lines: [{ sampleId: 'a' }], problems: [] });
  });

  it('lines spanning read chunks are put together', async () => {
    const file = fresh();
    const big = Array.from({ length: 5 }, (_, i) => line(`s${i}`, { note: 'n'.repeat(400_000 + i) }));
    fs.writeFileSync(file, big.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const read = await readJournal(file);
    expect(read.problems).toEqual([]);
    expect(read.lines).toEqual(big);
  });

  it('refuses invalid lines before writing anything, naming the file and the field', async () => {
    const file = fresh();
    await expect(appendJournal(file, { ...line('a'), decision: 'nope' } as unknown as JournalLine)).rejects.toThrow(JournalError);
    await expect(appendJournal(file, { ...line('a'), contentHash: 'XYZ' })).rejects.toThrow(/contentHash/);
    await expect(appendJournal(file, { ...line('a'), dataset: '/abs/eval.jsonl' })).rejects.toThrow(/`dataset`.*file name/);
    await expect(
      appendJournal(file, {
        ...line('a'),
        tags: [
          { step: 1, tag: 'subgoal', op: 'add' },
          { step: 1, tag: 'subgoal', op: 'remove' },
        ],
      }),
    ).rejects.toThrow(/two edits of tag "subgoal" on step 1/);
    await expect(appendJournal(file, line('a', { note: 'x'.repeat(MAX_JOURNAL_LINE_BYTES) }))).rejects.toThrow(/too long/);
    await expect(appendJournal(file, line('a'))).resolves.toBeUndefined();
    expect((await readJournal(file)).lines).toHaveLength(1);
  });

  it('appends from one process land in call order (per-file queue), even fired all at once', async () => {
    const file = fresh();
    const lines = Array.from({ length: 200 }, (_, i) => line(`s${i}`, { note: 'x'.repeat((i * 997) % 3000) }));
    await Promise.all(lines.map((l) => appendJournal(file, l)));
    expect((await readJournal(file)).lines).toEqual(lines);
  });

  it('a failed append does not block the queue', async () => {
    const file = path.join(dir, 'blocker');
    fs.writeFileSync(file, 'a file, not a folder');
    const inside = path.join(file, 'j.helix-journal.jsonl');
    const p1 = appendJournal(inside, line('a'));
    const p2 = appendJournal(inside, line('b'));
    await expect(p1).rejects.toThrow(JournalError);
    await expect(p2).rejects.toThrow(/cannot open the journal/);
    const ok = fresh();
    await appendJournal(ok, line('c'));
    expect((await readJournal(ok)).lines).toHaveLength(1);
  });

  it('reads 100k lines (many read chunks) in one streaming pass', async () => {
    const file = fresh();
    const base = line('x', { tags: [{ step: 1, tag: 'verification', op: 'remove' }], note: 'looks right' });
    const rows: string[] = [];
    for (let i = 0; i < 100_000; i++) rows.push(JSON.stringify({ ...base, sampleId: `maze-${i}`, curator: i % 2 ? 'ana' : 'bo' }));
    fs.writeFileSync(file, `${rows.join('\n')}\n`);
    const read = await readJournal(file);
    expect(read.lines).toHaveLength(100_000);
    expect(read.lines[99_999]).toMatchObject({ sampleId: 'maze-99999', curator: 'ana' });
    expect(read.problems).toEqual([]);
  });
});
