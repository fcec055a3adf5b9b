/**
 * JSONL and JSON-array readers: offsets, line numbers, chunk boundaries (property tests), and the corpus
 * of bad inputs (malformed line, wrong type, invalid UTF-8, empty file, huge line, missing image).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonArrayReader } from '../../src/core/readers/jsonArray';
import { JsonlReader } from '../../src/core/readers/jsonl';
import { iterateSamples, RowError, type IndexEntry } from '../../src/core/readers/types';
import { makePng } from '../helpers/png';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-jsonl-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function write(content: string | Buffer, ext = '.jsonl'): string {
  const f = path.join(tmp, `f${n++}${ext}`);
  fs.writeFileSync(f, content);
  return f;
}

async function indexOf(reader: JsonlReader | JsonArrayReader) {
  const idx = await reader.buildIndex();
  return idx;
}

describe('JsonlReader', () => {
  it('indexes ids, tasks, difficulties, lines and byte ranges; CRLF and blank lines', async () => {
    const lines = [
      '{"id": "a", "category": "maze", "difficulty": 2, "messages": [{"role": "user", "content": "x"}]}',
      '',
      '   ',
      '{"category": "sudoku", "level": "5", "id": 7}',
      '{"messages": []}',
    ];
    const f = write(lines.join('\r\n') + '\r\n');
    const r = new JsonlReader(f);
    const idx = await indexOf(r);
    expect(idx.entries.map((e) => [e.id, e.task, e.difficulty, e.line])).toEqual([
      ['a', 'maze', '2', 1],
      ['7', 'sudoku', '5', 4],
      ['#3', null, null, 5],
    ]);
    const text = fs.readFileSync(f, 'latin1');
    for (const e of idx.entries) {
      const row = text.slice(e.byteStart, e.byteEnd);
      expect(row.endsWith('}')).toBe(true);
      expect(() => JSON.parse(row) as unknown).not.toThrow();
    }
    expect((await r.loadSample(idx.entries[2]!)).id).toBe('#3');
    await r.close();
  });

  it('the id scanner finds keys after long nested values and escaped quotes', async () => {
    const trace = 'He said \\"wait\\" and {[ brackets ]} \\\\ and more '.repeat(2000);
    const f = write(`{"messages": [{"role": "assistant", "content": "${trace}"}], "meta": {"id": "inner"}, "id": "outer", "category": "hanoi"}\n`);
    const idx = await indexOf(new JsonlReader(f));
    expect(idx.entries[0]).toMatchObject({ id: 'outer', task: 'hanoi' });
    expect(idx.entries[0]!.error).toBeUndefined();
  });

  it('property: any set of rows, any chunk size: the index matches JSON.parse line by line', async () => {
    const row = fc.record({
      id: fc.oneof(fc.string(), fc.integer()),
      category: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
      difficulty: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      response: fc.string({ unit: 'binary', maxLength: 300 }),
      nested: fc.jsonValue({ maxDepth: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 30 }), fc.integer({ min: 1, max: 300 }), fc.boolean(), async (rows, chunk, crlf) => {
        const text = rows.map((x) => JSON.stringify(x)).join(crlf ? '\r\n' : '\n');
        const f = write(text);
        const r = new JsonlReader(f);
        r.chunkBytes = chunk;
        const idx = await r.buildIndex();
        expect(idx.entries).toHaveLength(rows.length);
        for (const [i, e] of idx.entries.entries()) {
          const x = rows[i]!;
          expect(e.error).toBeUndefined();
          expect(e.line).toBe(i + 1);
          expect(e.id).toBe(x.id === '' ? `#${i + 1}` : String(x.id));
          expect(e.task).toBe(x.category ? x.category : null);
          expect(await r.loadRow(e)).toEqual(JSON.parse(JSON.stringify(x)));
        }
        await r.close();
        fs.rmSync(f);
      }),
      { numRuns: 150 },
    );
  });

  it('fuzz: arbitrary bytes never crash the index pass; every entry loads or throws a RowError with its line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 1, max: 64 }), async (bytes, chunk) => {
        const f = write(Buffer.from(bytes));
        const r = new JsonlReader(f);
        r.chunkBytes = chunk;
        const idx = await r.buildIndex();
        const single: string[] = [];
        for (const e of idx.entries) {
          try {
            single.push(JSON.stringify((await r.loadSample(e)).extra));
          } catch (err) {
            expect(err).toBeInstanceOf(RowError);
            expect((err as RowError).message).toContain(`${f}:${e.line}:`);
            single.push((err as RowError).message);
          }
        }
        // The batch path (block reads) gives the same samples and errors, in order.
        const batch: string[] = [];
        for await (const x of iterateSamples(r, idx.entries)) batch.push(x.error ? x.error.message : JSON.stringify(x.sample.extra));
        expect(batch).toEqual(single);
        await r.close();
        fs.rmSync(f);
      }),
      { numRuns: 300 },
    );
  });
});

describe('bad input corpus', () => {
  const good = (id: string) => JSON.stringify({ id, category: 'maze', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] });

  async function check(lines: Array<string | Buffer>, expectations: Array<[number, RegExp]>) {
    const parts = lines.map((l) => (typeof l === 'string' ? Buffer.from(l) : l));
    const f = write(Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')])));
    const r = new JsonlReader(f, { maxRowBytes: 1024 * 1024 });
    const idx = await r.buildIndex();
    const errors = new Map<number, string>();
    let ok = 0;
    for (const e of idx.entries) {
      try {
        await r.loadSample(e);
        ok++;
      } catch (err) {
        expect(err).toBeInstanceOf(RowError);
        errors.set(e.line!, (err as Error).message);
      }
    }
    await r.close();
    for (const [line, re] of expectations) {
      expect(errors.get(line), `line ${line}`).toMatch(re);
      expect(errors.get(line)).toContain(`${f}:${line}: `);
    }
    expect(errors.size).toBe(expectations.length);
    expect(ok).toBe(idx.entries.length - expectations.length);
    return { f, idx };
  }

  it('malformed JSON lines name the line and column; the others load', async () => {
    await check([good('a'), '{"id": "b", "x": }', good('c'), '{"id": "d"', '{"id": "e" "f": 1}', 'not json at all', good('g')], [
      [2, /value of "x" is not complete|invalid JSON/],
      [4, /not closed/],
      [5, /expected ',' or '}' at column 12/],
      [6, /expected a JSON object for a sample, got something that is not JSON/],
    ]);
  });

  it('a line that is valid JSON but not an object', async () => {
    await check([good('a'), '[1, 2, 3]', '"just a string"', '42', 'null', good('b')], [
      [2, /got array/],
      [3, /got string/],
      [4, /got number/],
      [5, /got null/],
    ]);
  });

  it('wrong types in known fields name the field', async () => {
    await check(
      [
        good('a'),
        JSON.stringify({ id: 'b', messages: 'hello' }),
        JSON.stringify({ id: 'c', messages: [{ role: 'user', content: 5 }] }),
        JSON.stringify({ id: 'd', images: 17 }),
        JSON.stringify({ id: 'e', question: ['x'] }),
        JSON.stringify({ id: 'f', conversations: [{ from: 'human' }] }),
      ],
      [
        [2, /field `messages` has the wrong type/],
        [3, /field `messages\[0\]\.content` has the wrong type/],
        [4, /field `images` has the wrong type/],
        [5, /field `question` has the wrong type/],
        [6, /field `conversations\[0\]\.value` has the wrong type/],
      ],
    );
  });

  it('invalid UTF-8 names the line and the byte', async () => {
    const bad = Buffer.concat([Buffer.from('{"id": "b", "response": "caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    await check([good('a'), bad, good('c')], [[2, /invalid UTF-8 at byte 29 of the row/]]);
  });

  it('a line over the row limit is reported, never buffered, and the next line still loads', async () => {
    const huge = `{"id": "big", "response": "${'x'.repeat(3 * 1024 * 1024)}"}`;
    const { idx } = await check([good('a'), huge, good('c')], [[2, /line is 3\.0 MB, over the 1\.0 MB row limit/]]);
    expect(idx.entries.map((e) => e.id)).toEqual(['a', '#2', 'c']);
  });

  it('a 50 MB line with the default limit: indexed as one error, other samples fine', async () => {
    const f = write(`${good('a')}\n{"id": "big", "response": "${'y'.repeat(50 * 1024 * 1024)}"}\n${good('c')}\n`);
    const r = new JsonlReader(f);
    const idx = await r.buildIndex();
    expect(idx.entries).toHaveLength(3);
    expect(idx.entries[1]!.error).toMatch(/line is 50\.0 MB, over the 32\.0 MB row limit/);
    await expect(r.loadSample(idx.entries[1]!)).rejects.toThrow(`${f}:2: line is 50.0 MB`);
    expect((await r.loadSample(idx.entries[2]!)).id).toBe('c');
    await r.close();
  });

  it('an empty file and a blank-only file are file errors, not crashes', async () => {
    expect((await new JsonlReader(write('')).buildIndex()).fileErrors).toEqual(['the file is empty']);
    expect((await new JsonlReader(write('\n\n  \n')).buildIndex()).fileErrors).toEqual(['the file holds no samples (only blank lines)']);
  });

  it('a truncated last line (no newline, cut mid-row) is an error on its line', async () => {
    const f = write(`${good('a')}\n${good('b').slice(0, 20)}`);
    const r = new JsonlReader(f);
    const idx = await r.buildIndex();
    expect(idx.entries[1]!.error).toMatch(/not complete|not closed/);
    await expect(r.loadSample(idx.entries[1]!)).rejects.toThrow(`${f}:2:`);
  });

  it('missing, absolute and climbing image paths are sample problems with clear messages', async () => {
    fs.mkdirSync(path.join(tmp, 'img'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'img/ok.png'), makePng(2, 2, [0, 0, 0]));
    const f = write(JSON.stringify({ id: 'x', images: ['img/ok.png', 'img/missing.png', '/etc/passwd', '../outside.png', 'https://example.com/a.png'] }));
    const r = new JsonlReader(f);
    const [entry] = (await r.buildIndex()).entries as [IndexEntry];
    const s = await r.loadSample(entry);
    await r.close();
    expect(s.images.map((i) => i.error ?? 'ok')).toEqual([
      'ok',
      `image not found: img/missing.png (looked in ${tmp})`,
      'absolute image path refused (/etc/passwd); image paths must be relative to the dataset\'s folder',
      "image path climbs out of the dataset's folder (../outside.png)",
      "remote or URL image references are not loaded (https://example.com/a.png); use a path relative to the dataset's folder",
    ]);
    expect(s.problems.map((p) => p.field)).toEqual(['images[1]', 'images[2]', 'images[3]', 'images[4]']);
  });
});

describe('JsonArrayReader', () => {
  const rows = [
    { id: 'a', category: 'maze', difficulty: 1, messages: [{ role: 'user', content: 'q [x] {y} "z"' }] },
    { id: 'b', category: 'hanoi' },
    { id: 'c', answer: 'x' },
  ];

  it('pretty-printed arrays: elements, lines and byte ranges', async () => {
    const f = write(JSON.stringify(rows, null, 2), '.json');
    const r = new JsonArrayReader(f);
    const idx = await r.buildIndex();
    expect(idx.fileErrors).toEqual([]);
    expect(idx.entries.map((e) => [e.id, e.task, e.difficulty, e.line])).toEqual([
      ['a', 'maze', '1', 2],
      ['b', 'hanoi', null, 13],
      ['c', null, null, 17],
    ]);
    expect(await r.loadRow(idx.entries[0]!)).toEqual(rows[0]);
    await r.close();
  });

  it('property: any array, any chunk size, compact or pretty', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ id: fc.string({ minLength: 1 }), v: fc.jsonValue({ maxDepth: 3 }) }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 200 }),
        fc.constantFrom(0, 2),
        async (xs, chunk, indent) => {
          const f = write(JSON.stringify(xs, null, indent), '.json');
          const r = new JsonArrayReader(f);
          r.chunkBytes = chunk;
          const idx = await r.buildIndex();
          expect(idx.entries.map((e) => e.id)).toEqual(xs.map((x) => x.id));
          for (const [i, e] of idx.entries.entries()) expect(await r.loadRow(e)).toEqual(JSON.parse(JSON.stringify(xs[i])));
          await r.close();
          fs.rmSync(f);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a broken array keeps the elements before the break and names the line', async () => {
    const f = write('[\n{"id": "a"},\n{"id": "b"}\n{"id": "c"}\n]', '.json');
    const idx = await new JsonArrayReader(f).buildIndex();
    expect(idx.entries.map((e) => e.id)).toEqual(['a', 'b']);
    expect(idx.fileErrors).toEqual(['line 4: expected "," or "]" between array elements; 2 samples before it are readable, nothing after it']);
  });

  it('a truncated array, a trailing comma, an element that is not an object, an empty array', async () => {
    expect((await new JsonArrayReader(write('[{"id": "a"}, {"id": "b"', '.json')).buildIndex()).fileErrors[0]).toMatch(/line 1: the last element is not complete/);
    expect((await new JsonArrayReader(write('[{"id": "a"},\n]', '.json')).buildIndex()).fileErrors[0]).toMatch(/line 2: unexpected "\]".*trailing/);
    const idx = await new JsonArrayReader(write('[{"id": "a"}, 5, "s"]', '.json')).buildIndex();
    expect(idx.entries.map((e) => e.error ?? 'ok')).toEqual(['ok', 'expected a JSON object for a sample, got number', 'expected a JSON object for a sample, got string']);
    expect((await new JsonArrayReader(write('[ ]', '.json')).buildIndex()).fileErrors).toEqual(['the array is empty']);
    await expect(new JsonArrayReader(write('{"id": 1}', '.json')).buildIndex()).rejects.toThrow(/not a JSON array/);
  });

  it('an element over the row limit is skipped without buffering and the array goes on', async () => {
    const f = write(`[{"id": "a"}, {"id": "big", "t": "${'z'.repeat(300_000)}", "n": [1, {"x": "]"}]}, {"id": "c"}]`, '.json');
    const r = new JsonArrayReader(f, { maxRowBytes: 100_000 });
    r.chunkBytes = 4096;
    const idx = await r.buildIndex();
    expect(idx.fileErrors).toEqual([]);
    expect(idx.entries.map((e) => e.error ? 'big' : e.id)).toEqual(['a', 'big', 'c']);
  });
});
