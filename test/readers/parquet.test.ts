/**
 * ParquetReader against files written in the test with hyparquet-writer, in the layout Hugging Face
 * `datasets` writes: `images` as list<struct<bytes: binary, path: string>> (`datasets.Image()`), `messages`
 * as list<struct<role, content>>, the `huggingface` key-value metadata in the footer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { parquetMetadata, type CompressionCodec } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { ParquetReader } from '../../src/core/readers/parquet';
import { DatasetError, RowError, type IndexEntry, type IndexProgress } from '../../src/core/readers/types';
import { makePng as makePngBuffer } from '../helpers/png';
import { HF_METADATA, str, writeHfParquet, type HfRow } from '../helpers/hfParquet';

const makePng = (w: number, h: number, rgb: [number, number, number]): Uint8Array => new Uint8Array(makePngBuffer(w, h, rgb));

// ---------------------------------------------------------------------------------------------------
// Test data

/** A real MM-HELIX puzzle image when the dev fixtures are there, else a generated PNG. */
function puzzlePng(): { bytes: Uint8Array; name: string } {
  const dir = path.resolve(__dirname, '../fixtures/mmhelix-dev/images');
  try {
    const name = fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort()[0];
    if (name) return { bytes: new Uint8Array(fs.readFileSync(path.join(dir, name))), name };
  } catch {
    // no fixtures: fall through
  }
  return { bytes: makePng(6, 4, [200, 30, 30]), name: 'generated-puzzle.png' };
}

const PUZZLE = puzzlePng();
const TINY = makePng(2, 2, [0, 128, 255]);
const CATEGORIES = ['maze', '24Points', 'sudoku'];

function hfRows(n: number): HfRow[] {
  return Array.from({ length: n }, (_, i): HfRow => {
    const category = CATEGORIES[i % CATEGORIES.length]!;
    const images = i % 5 === 4 ? null : i % 2 === 0 ? [{ bytes: PUZZLE.bytes, path: `images/${category}-${i}.png` }] : [{ bytes: TINY, path: null }];
    return {
      id: `${category}-${i}`,
      category,
      difficulty: BigInt((i % 5) + 1),
      question: `<image>Solve puzzle ${i}.`,
      answer: `answer ${i}`,
      messages:
        i % 7 === 6
          ? null
          : [
              { role: 'system', content: 'You are a careful solver.' },
              { role: 'user', content: `<image>Solve puzzle ${i}.` },
              { role: 'assistant', content: `<think>Let me check row ${i}... wait, re-check.</think> answer ${i}` },
            ],
      images,
      seed: 2n ** 60n + BigInt(i), // beyond Number.MAX_SAFE_INTEGER: must stay a bigint
    };
  });
}

/** Store-only ZSTD frame (raw blocks): enough to exercise the reader's ZSTD path without a zstd encoder. */
function zstdStore(input: Uint8Array): Uint8Array {
  const out: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0xa0];
  for (let s = 0; s < 32; s += 8) out.push((input.length >>> s) & 0xff);
  const max = 128 * 1024;
  let off = 0;
  do {
    const size = Math.min(max, input.length - off);
    const header = (off + size >= input.length ? 1 : 0) | (size << 3);
    out.push(header & 0xff, (header >>> 8) & 0xff, (header >>> 16) & 0xff);
    for (let i = 0; i < size; i++) out.push(input[off + i]!);
    off += size;
  } while (off < input.length);
  return new Uint8Array(out);
}

/** LZ4 block holding only literals: valid LZ4_RAW without an LZ4 encoder. */
function lz4Literals(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  if (input.length < 15) out.push(input.length << 4);
  else {
    out.push(0xf0);
    let rest = input.length - 15;
    for (; rest >= 255; rest -= 255) out.push(255);
    out.push(rest);
  }
  for (const b of input) out.push(b);
  return new Uint8Array(out);
}

const WRITE_COMPRESSORS = {
  GZIP: (x: Uint8Array) => new Uint8Array(zlib.gzipSync(x)),
  BROTLI: (x: Uint8Array) => new Uint8Array(zlib.brotliCompressSync(x)),
  ZSTD: zstdStore,
  LZ4_RAW: lz4Literals,
};

let tmp: string;

function writeHf(name: string, rows: HfRow[], opts: { rowGroupSize?: number; codec?: CompressionCodec } = {}): string {
  return writeHfParquet(path.join(tmp, name), rows, { codec: opts.codec ?? 'SNAPPY', compressors: WRITE_COMPRESSORS, rowGroupSize: opts.rowGroupSize ?? 1000 });
}

async function withReader<T>(file: string, fn: (r: ParquetReader) => Promise<T>, options: ConstructorParameters<typeof ParquetReader>[1] = {}): Promise<T> {
  const reader = new ParquetReader(file, options);
  try {
    return await fn(reader);
  } finally {
    await reader.close();
  }
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-parquet-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------

describe('ParquetReader: index', () => {
  it('writes the HF layout with footer metadata (sanity check of the fixture)', () => {
    const file = writeHf('sanity.parquet', hfRows(3));
    const md = parquetMetadata(new Uint8Array(fs.readFileSync(file)));
    expect(md.key_value_metadata?.find((kv) => kv.key === 'huggingface')?.value).toBe(HF_METADATA);
    expect(md.schema.map((s) => s.name)).toContain('bytes');
  });

  it('indexes ids, tasks and difficulties across several row groups', async () => {
    const rows = hfRows(10);
    const file = writeHf('groups.parquet', rows, { rowGroupSize: 4 });
    const batches: IndexEntry[][] = [];
    const progress: IndexProgress[] = [];
    const index = await withReader(file, (r) =>
      r.buildIndex({ onEntries: (b) => batches.push([...b]), onProgress: (p) => progress.push(p) }),
    );
    expect(index.format).toBe('parquet');
    expect(index.file).toBe(file);
    expect(index.fileBytes).toBe(fs.statSync(file).size);
    expect(index.columns).toEqual(['id', 'category', 'difficulty', 'question', 'answer', 'messages', 'images', 'seed']);
    expect(index.fileErrors).toEqual([]);
    expect(index.entries.map((e) => e.id)).toEqual(rows.map((r) => r.id));
    expect(index.entries.map((e) => e.task)).toEqual(rows.map((r) => r.category));
    expect(index.entries.map((e) => e.difficulty)).toEqual(rows.map((r) => String(r.difficulty)));
    expect(index.entries.map((e) => e.ordinal)).toEqual(rows.map((_, i) => i));
    expect(index.entries.map((e) => [e.rowGroup, e.rowInGroup])).toEqual(rows.map((_, i) => [Math.floor(i / 4), i % 4]));
    for (const e of index.entries) {
      expect(e.bytes).toBeGreaterThan(0);
      expect(e.error).toBeUndefined();
      expect(e.line).toBeUndefined();
    }
    // one batch per row group, in order
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flat()).toEqual(index.entries);
    // progress: monotonic, ends at the file size
    expect(progress.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.bytesDone).toBeGreaterThanOrEqual(progress[i - 1]!.bytesDone);
    expect(progress.at(-1)).toEqual({ bytesDone: index.fileBytes, bytesTotal: index.fileBytes, samples: 10 });
  });

  it('gives #N ids when the file has no identity columns', async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'prompt', data: ['a', 'b', 'c'], type: 'STRING' },
        { name: 'response', data: ['x', 'y', 'z'], type: 'STRING' },
      ],
    });
    const file = path.join(tmp, 'noid.parquet');
    fs.writeFileSync(file, new Uint8Array(buf));
    await withReader(file, async (r) => {
      const index = await r.buildIndex();
      expect(index.entries.map((e) => [e.id, e.task, e.difficulty])).toEqual([
        ['#1', null, null],
        ['#2', null, null],
        ['#3', null, null],
      ]);
      const s = await r.loadSample(index.entries[1]!);
      expect(s.id).toBe('#2');
      expect(s.response).toBe('y');
      expect(s.kind).toBe('response');
    });
  });

  it('reads an unannotated binary id column as text, in the index and in the row alike', async () => {
    const enc = new TextEncoder();
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'uid', data: ['u-1', 'u-2'].map((s) => enc.encode(s)) },
        { name: 'task', data: ['maze', null] },
        { name: 'level', data: [3, 4] },
        { name: 'blob', data: [enc.encode('raw'), enc.encode('bytes')] },
      ],
      schema: [
        { name: 'schema', num_children: 4 },
        { name: 'uid', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
        str('task'),
        { name: 'level', type: 'INT32', repetition_type: 'OPTIONAL' },
        { name: 'blob', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
      ],
    });
    const file = path.join(tmp, 'binary-id.parquet');
    fs.writeFileSync(file, new Uint8Array(buf));
    await withReader(file, async (r) => {
      const index = await r.buildIndex();
      expect(index.entries.map((e) => [e.id, e.task, e.difficulty])).toEqual([
        ['u-1', 'maze', '3'],
        ['u-2', null, '4'],
      ]);
      const row = await r.loadRow(index.entries[0]!);
      expect(row['uid']).toBe('u-1');
      expect(row['blob']).toBeInstanceOf(Uint8Array); // other binary columns stay bytes
      const s = await r.loadSample(index.entries[1]!);
      expect([s.id, s.task, s.difficulty]).toEqual(['u-2', null, '4']);
    });
  });

  it('gives an empty index and a file error for a 0-row file', async () => {
    const file = writeHf('empty-rows.parquet', []);
    const index = await withReader(file, (r) => r.buildIndex());
    expect(index.entries).toEqual([]);
    expect(index.columns).toContain('images');
    expect(index.fileErrors.join('\n')).toMatch(/no rows/);
  });

  it('marks rows larger than maxRowBytes and refuses to load them', async () => {
    const file = writeHf('large.parquet', hfRows(3));
    await withReader(
      file,
      async (r) => {
        const index = await r.buildIndex();
        expect(index.entries).toHaveLength(3);
        for (const e of index.entries) expect(e.error).toMatch(/row too large/);
        await expect(r.loadRow(index.entries[0]!)).rejects.toThrow(RowError);
      },
      { maxRowBytes: 16 },
    );
  });
});

describe('ParquetReader: rows and samples', () => {
  const rows = hfRows(12);
  let file: string;
  beforeAll(() => {
    file = writeHf('hf.parquet', rows, { rowGroupSize: 5 });
  });

  it('loads raw rows: binary as Uint8Array, strings as strings, safe INT64 as numbers', async () => {
    await withReader(file, async (r) => {
      const index = await r.buildIndex();
      const row = await r.loadRow(index.entries[6]!);
      expect(Object.keys(row)).toEqual(['id', 'category', 'difficulty', 'question', 'answer', 'messages', 'images', 'seed']);
      expect(row['id']).toBe('maze-6');
      expect(row['difficulty']).toBe(2);
      expect(row['seed']).toBe(2n ** 60n + 6n);
      const images = row['images'] as Array<{ bytes: unknown; path: unknown }>;
      expect(images).toHaveLength(1);
      expect(images[0]!.bytes).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(images[0]!.bytes as Uint8Array).equals(Buffer.from(PUZZLE.bytes))).toBe(true);
      // copied out of hyparquet's page buffer: holding an image does not hold the page
      expect((images[0]!.bytes as Uint8Array).buffer.byteLength).toBe(PUZZLE.bytes.length);
      expect(images[0]!.path).toBe('images/maze-6.png');
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    });
  });

  it('loads samples: images as bytes with the path kept, messages normalised, the last assistant turn as response', async () => {
    await withReader(file, async (r) => {
      const index = await r.buildIndex();
      const s = await r.loadSample(index.entries[8]!); // row group 1, row 3
      expect(s.id).toBe('sudoku-8');
      expect(s.task).toBe('sudoku');
      expect(s.difficulty).toBe('4');
      expect(s.kind).toBe('sharegpt');
      expect(s.question).toBe('<image>Solve puzzle 8.');
      expect(s.groundTruth).toBe('answer 8');
      expect(s.images).toHaveLength(1);
      const img = s.images[0]!;
      expect(img.kind).toBe('bytes');
      if (img.kind !== 'bytes') throw new Error('unreachable');
      expect(img.mime).toBe('image/png');
      expect(img.path).toBe('images/sudoku-8.png');
      expect(img.error).toBeUndefined();
      expect(Buffer.from(img.bytes).equals(Buffer.from(PUZZLE.bytes))).toBe(true);
      expect(s.messages?.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
      expect(s.response).toBe('<think>Let me check row 8... wait, re-check.</think> answer 8');
      expect(s.responseField).toBe('messages[2]');
      expect(s.extra).toEqual({ seed: 2n ** 60n + 8n });
      expect(s.problems).toEqual([]);
      expect(s.source).toEqual({ file, format: 'parquet', ordinal: 8, rowGroup: 1, rowInGroup: 3 });
    });
  });

  it('handles images without a path, and null lists', async () => {
    await withReader(file, async (r) => {
      const index = await r.buildIndex();
      const odd = await r.loadSample(index.entries[1]!);
      expect(odd.images).toHaveLength(1);
      expect(odd.images[0]).toMatchObject({ kind: 'bytes', mime: 'image/png' });
      expect(odd.images[0]!.kind === 'bytes' && odd.images[0]!.path).toBe(undefined);
      const noImages = await r.loadSample(index.entries[4]!);
      expect(noImages.images).toEqual([]);
      const noMessages = await r.loadSample(index.entries[6]!);
      expect(noMessages.messages).toBeNull();
      expect(noMessages.kind).toBe('benchmark');
      expect(noMessages.response).toBeNull();
    });
  });

  it('gives the same rows in any access order, cached or read row by row', async () => {
    const expected = await withReader(file, async (r) => {
      const index = await r.buildIndex();
      const out: Array<Record<string, unknown>> = [];
      for (const e of index.entries) out.push(await r.loadRow(e));
      return { index, out };
    });
    // random order, concurrent, with the row-group cache
    await withReader(file, async (r) => {
      const order = [11, 0, 5, 4, 10, 1, 9, 2, 8, 3, 7, 6];
      const got = await Promise.all(order.map((i) => r.loadRow(expected.index.entries[i]!)));
      got.forEach((row, k) => expect(row).toEqual(expected.out[order[k]!]));
    });
    // row-by-row reads (row groups too big to cache)
    await withReader(file, async (r) => {
      r.rowGroupCacheMaxBytes = 0;
      for (const i of [7, 0, 11, 5]) expect(await r.loadRow(expected.index.entries[i]!)).toEqual(expected.out[i]);
    });
    // rows of a cached group are copies: changing one does not change the next load
    await withReader(file, async (r) => {
      const e = expected.index.entries[2]!;
      const a = await r.loadRow(e);
      a['id'] = 'changed';
      expect((await r.loadRow(e))['id']).toBe(rows[2]!.id);
    });
  });

  it('loads rows without a prior buildIndex, and again after close()', async () => {
    const r = new ParquetReader(file);
    const entry: IndexEntry = { ordinal: 9, id: 'x', task: null, difficulty: null, rowGroup: 1, rowInGroup: 4, bytes: 0 };
    expect((await r.loadRow(entry))['id']).toBe('maze-9');
    await r.close();
    await r.close(); // idempotent
    expect((await r.loadSample(entry)).id).toBe('maze-9');
    await r.close();
  });

  it('gives a RowError for rows outside the file or an index that no longer fits', async () => {
    await withReader(file, async (r) => {
      await expect(r.loadRow({ ordinal: 12, id: '#13', task: null, difficulty: null, bytes: 0 })).rejects.toThrow(RowError);
      await expect(r.loadRow({ ordinal: 12, id: '#13', task: null, difficulty: null, bytes: 0 })).rejects.toThrow(/row 13: no such row: the file holds 12 rows/);
      await expect(r.loadRow({ ordinal: 3, id: '#4', task: null, difficulty: null, rowGroup: 1, rowInGroup: 3, bytes: 0 })).rejects.toThrow(/changed since it was indexed/);
    });
  });

  it('round-trips arbitrary rows (property)', async () => {
    const text = fc.string({ maxLength: 20 });
    const rowArb = fc.record({
      id: text,
      category: fc.option(fc.constantFrom(...CATEGORIES), { nil: null }),
      difficulty: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      messages: fc.option(fc.array(fc.record({ role: fc.constantFrom('user', 'assistant', 'gpt'), content: text }), { maxLength: 4 }), { nil: null }),
      images: fc.option(
        fc.array(fc.record({ bytes: fc.option(fc.uint8Array({ minLength: 1, maxLength: 40 }), { nil: null }), path: fc.option(text, { nil: null }) }), { maxLength: 3 }),
        { nil: null },
      ),
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 5 }), async (generated, rowGroupSize) => {
        const full: HfRow[] = generated.map((g, i) => ({ ...g, category: g.category as string, question: `q${i}`, answer: `a${i}`, seed: BigInt(i) }));
        const f = writeHf(`prop-${n++}.parquet`, full, { rowGroupSize });
        await withReader(f, async (r) => {
          const index = await r.buildIndex();
          expect(index.entries).toHaveLength(full.length);
          for (const [i, g] of full.entries()) {
            const e = index.entries[i]!;
            const d = g.difficulty;
            expect(e.id).toBe(g.id === '' ? `#${i + 1}` : g.id);
            expect(e.task).toBe(g.category ?? null);
            expect(e.difficulty).toBe(String(d));
            const row = await r.loadRow(e);
            expect(row['difficulty']).toEqual(d >= BigInt(Number.MIN_SAFE_INTEGER) && d <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(d) : d);
            expect(row['messages']).toEqual(g.messages);
            expect(row['images']).toEqual(g.images);
          }
        });
        fs.rmSync(f);
      }),
      { numRuns: 30 },
    );
  });
});

describe('ParquetReader: codecs', () => {
  const codecs: CompressionCodec[] = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4_RAW'];
  it.each(codecs)('reads %s files', async (codec) => {
    const rows = hfRows(7);
    const file = writeHf(`codec-${codec}.parquet`, rows, { codec, rowGroupSize: 3 });
    const md = parquetMetadata(new Uint8Array(fs.readFileSync(file)));
    expect(new Set(md.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)))).toEqual(new Set([codec]));
    await withReader(file, async (r) => {
      const index = await r.buildIndex();
      expect(index.entries.map((e) => e.id)).toEqual(rows.map((x) => x.id));
      const s = await r.loadSample(index.entries[2]!);
      expect(s.id).toBe('sudoku-2');
      expect(s.images[0]).toMatchObject({ kind: 'bytes', mime: 'image/png', path: 'images/sudoku-2.png' });
      expect(s.response).toMatch(/answer 2$/);
    });
  });
});

describe('ParquetReader: bad files', () => {
  async function indexError(file: string): Promise<unknown> {
    return withReader(file, (r) => r.buildIndex()).then(
      () => new Error('expected buildIndex to fail'),
      (e: unknown) => e,
    );
  }

  it('refuses a file that is not Parquet', async () => {
    const file = path.join(tmp, 'not.parquet');
    fs.writeFileSync(file, '{"id": "a", "question": "this is JSON, not Parquet"}\n');
    const e = await indexError(file);
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as Error).message).toMatch(/not a Parquet file/);
    expect((e as Error).message).toContain(file);
    // loading a row gives a RowError (the reader contract), with the same reason
    await withReader(file, async (r) => {
      await expect(r.loadRow({ ordinal: 0, id: '#1', task: null, difficulty: null, bytes: 0 })).rejects.toThrow(RowError);
    });
  });

  it('refuses an empty file and a missing file', async () => {
    const empty = path.join(tmp, 'empty.parquet');
    fs.writeFileSync(empty, '');
    expect(await indexError(empty)).toBeInstanceOf(DatasetError);
    const missing = await indexError(path.join(tmp, 'missing.parquet'));
    expect(missing).toBeInstanceOf(DatasetError);
    expect((missing as Error).message).toMatch(/cannot open/);
  });

  it('refuses a truncated file', async () => {
    const whole = fs.readFileSync(writeHf('whole.parquet', hfRows(6), { rowGroupSize: 2 }));
    for (const keep of [whole.length - 1, Math.floor(whole.length / 2), 100]) {
      const file = path.join(tmp, `truncated-${keep}.parquet`);
      fs.writeFileSync(file, whole.subarray(0, keep));
      const e = await indexError(file);
      expect(e).toBeInstanceOf(DatasetError);
      expect((e as Error).message).toMatch(/truncated or damaged/);
    }
  });

  it('refuses a file whose data was cut out but whose footer is intact', async () => {
    const whole = fs.readFileSync(writeHf('whole2.parquet', hfRows(6), { rowGroupSize: 2 }));
    const metaLen = whole.readUInt32LE(whole.length - 8);
    const footer = whole.subarray(whole.length - 8 - metaLen);
    const file = path.join(tmp, 'cut.parquet');
    fs.writeFileSync(file, Buffer.concat([whole.subarray(0, 4), whole.subarray(4, 40), footer]));
    const e = await indexError(file);
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as Error).message).toMatch(/lies outside the file's data/);
  });

  it('refuses a damaged footer', async () => {
    const whole = Buffer.from(fs.readFileSync(writeHf('whole3.parquet', hfRows(2))));
    const metaLen = whole.readUInt32LE(whole.length - 8);
    whole.fill(0xff, whole.length - 8 - metaLen, whole.length - 8);
    const file = path.join(tmp, 'damaged-footer.parquet');
    fs.writeFileSync(file, whole);
    const e = await indexError(file);
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as Error).message).toMatch(/damaged Parquet footer/);
  });

  it('reports a damaged row as a RowError naming the row', async () => {
    const file = writeHf('damaged-row.parquet', hfRows(4), { rowGroupSize: 2, codec: 'UNCOMPRESSED' });
    const ok = await withReader(file, (r) => r.buildIndex());
    const bytes = Buffer.from(fs.readFileSync(file));
    // wreck the column chunks of the second row group (but not the footer)
    const md = parquetMetadata(new Uint8Array(bytes));
    const rg = md.row_groups[1]!;
    for (const c of rg.columns) {
      const start = Number(c.meta_data!.dictionary_page_offset || c.meta_data!.data_page_offset);
      bytes.fill(0xfe, start, start + Math.min(12, Number(c.meta_data!.total_compressed_size)));
    }
    fs.writeFileSync(file, bytes);
    await withReader(file, async (r) => {
      expect((await r.loadRow(ok.entries[1]!))['id']).toBe('24Points-1');
      await expect(r.loadRow(ok.entries[2]!)).rejects.toThrow(RowError);
      await expect(r.loadRow(ok.entries[2]!)).rejects.toThrow(/row 3: cannot decode the Parquet row/);
      // the index still lists every row, those of the damaged row group marked
      const index = await r.buildIndex();
      expect(index.entries).toHaveLength(4);
      expect(index.entries[0]!.error).toBeUndefined();
      expect(index.entries[2]!.error).toMatch(/cannot decode row group 1/);
      expect(index.fileErrors.join('\n')).toMatch(/row group 1/);
    });
  });
});

describe('ParquetReader: cancelling', () => {
  it('throws when the signal is already aborted', async () => {
    const file = writeHf('abort1.parquet', hfRows(4));
    const ac = new AbortController();
    ac.abort();
    await expect(withReader(file, (r) => r.buildIndex({ signal: ac.signal }))).rejects.toThrow(/abort/i);
  });

  it('stops between row groups when aborted', async () => {
    const file = writeHf('abort2.parquet', hfRows(20), { rowGroupSize: 2 });
    const ac = new AbortController();
    let batches = 0;
    const reason = new Error('user cancelled');
    await expect(
      withReader(file, (r) =>
        r.buildIndex({
          signal: ac.signal,
          onEntries: () => {
            batches++;
            if (batches === 2) ac.abort(reason);
          },
        }),
      ),
    ).rejects.toBe(reason);
    expect(batches).toBe(2);
  });
});
