/** contentHash: stable across readers and reads, sensitive to content, blind to where the sample sits. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentHash, CONTENT_HASH_LENGTH } from '../../../src/core/journal';
import { normalizeRow, type RowContext } from '../../../src/core/normalize';
import { openDataset } from '../../../src/core/readers/open';
import type { DatasetReader } from '../../../src/core/readers/types';
import type { Sample } from '../../../src/core/sample';
import { writeHfParquet } from '../../helpers/hfParquet';
import { makePng } from '../../helpers/png';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-journal-hash-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.mkdirSync(path.join(dir, 'img'));
fs.writeFileSync(path.join(dir, 'img/a.png'), makePng(2, 2, [1, 2, 3]));
const PNG = new Uint8Array(makePng(3, 2, [200, 10, 10]));

const ROW = {
  id: 'maze-7',
  category: 'maze',
  difficulty: 3,
  question: '<image>Find the path.',
  question_text: 'Find the path.',
  answer: 'up, left',
  initial_state: { grid: ['+-+', '| |'], start: [0, 1], meta: { b: 1, a: null } },
  metric_info: "{'score_function': 'maze_evaluator'}",
  images: ['img/a.png'],
  prediction: '<think>Go up. Wait, let me verify: up works.</think> up, left',
  model: 'some-model',
};

const ctx = (over: Partial<RowContext> = {}): RowContext => ({ file: path.join(dir, 'eval.jsonl'), format: 'jsonl', datasetDir: dir, ordinal: 0, line: 1, ...over });

async function firstSample(file: string): Promise<Sample> {
  const reader: DatasetReader = openDataset(file);
  try {
    const index = await reader.buildIndex();
    return await reader.loadSample(index.entries[0]!);
  } finally {
    await reader.close();
  }
}

describe('contentHash', () => {
  it('is 16 hex digits and deterministic', () => {
    const h = contentHash(normalizeRow(ROW, ctx()));
    expect(h).toMatch(new RegExp(`^[0-9a-f]{${CONTENT_HASH_LENGTH}}$`));
    expect(contentHash(normalizeRow(structuredClone(ROW), ctx()))).toBe(h);
  });

  it('a JSONL row read by the reader hashes like the same object through the normaliser elsewhere', async () => {
    const file = path.join(dir, 'eval.jsonl');
    fs.writeFileSync(file, `${JSON.stringify(ROW)}\n{"id":"other"}\n`);
    const fromReader = await firstSample(file);
    expect(fromReader.id).toBe('maze-7');
    // same content, different file, format, ordinal, line, and key order
    const reordered = Object.fromEntries(Object.entries(ROW).reverse());
    const elsewhere = normalizeRow(reordered, ctx({ file: path.join(dir, 'copy.parquet'), format: 'parquet', ordinal: 41, line: 99 }));
    expect(contentHash(elsewhere)).toBe(contentHash(fromReader));
  });

  it('the same rows as Parquet (bytes, bigint) and as JSONL (base64) hash equal', async () => {
    const rows = [0, 1].map((i) => ({
      id: `s${i}`,
      category: 'maze',
      difficulty: BigInt(i + 1),
      question: `<image>q${i}`,
      answer: `a${i}`,
      messages: [
        { role: 'user', content: `<image>q${i}` },
        { role: 'assistant', content: `trace ${i}` },
      ],
      images: [{ bytes: PNG, path: i === 0 ? 'p.png' : null }],
      seed: 2n ** 60n + BigInt(i),
    }));
    const pq = writeHfParquet(path.join(dir, 'd.parquet'), rows);
    const jl = path.join(dir, 'd.jsonl');
    const jsonRows = rows.map((r) => ({ ...r, difficulty: Number(r.difficulty), seed: String(r.seed), images: [{ bytes: Buffer.from(r.images[0]!.bytes).toString('base64'), path: r.images[0]!.path }] }));
    fs.writeFileSync(jl, jsonRows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const a = await firstSample(pq);
    const b = await firstSample(jl);
    expect(a.source.format).toBe('parquet');
    expect(a.images[0]!.kind).toBe('bytes');
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('a data URI and the same bytes embedded raw hash equal', () => {
    const uri = `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`;
    const a = normalizeRow({ id: 'x', images: [uri], response: 'r' }, ctx());
    const b = normalizeRow({ id: 'x', images: [PNG], response: 'r' }, ctx());
    expect(a.images[0]!.kind).toBe('dataUri');
    expect(b.images[0]!.kind).toBe('bytes');
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('changes when the content changes', () => {
    const base = contentHash(normalizeRow(ROW, ctx()));
    const variants: Record<string, unknown>[] = [
      { ...ROW, prediction: `${ROW.prediction} ` },
      { ...ROW, id: 'maze-8' },
      { ...ROW, category: 'sudoku' },
      { ...ROW, difficulty: 4 },
      { ...ROW, question: 'other' },
      { ...ROW, question_text: 'other' },
      { ...ROW, answer: 'down' },
      { ...ROW, initial_state: { ...ROW.initial_state, start: [1, 0] } },
      { ...ROW, initial_state: '+-+' },
      { ...ROW, images: ['img/b.png'] },
      { ...ROW, images: [] },
    ];
    const hashes = variants.map((v) => contentHash(normalizeRow(v, ctx())));
    for (const h of hashes) expect(h).not.toBe(base);
    expect(new Set(hashes).size).toBe(hashes.length);

    // embedded bytes count by content
    const png2 = PNG.slice();
    png2[png2.length - 5] = png2[png2.length - 5]! ^ 1;
    expect(contentHash(normalizeRow({ ...ROW, images: [PNG] }, ctx()))).not.toBe(contentHash(normalizeRow({ ...ROW, images: [png2] }, ctx())));
    // chat messages count
    const chat = (last: string): string => contentHash(normalizeRow({ id: 'c', messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'q' }, { role: 'assistant', content: last }] }, ctx()));
    expect(chat('a')).not.toBe(chat('b'));
  });

  it('does not change with absPath, source location, image errors, extra fields or stored verdicts', () => {
    const s = normalizeRow(ROW, ctx());
    const h = contentHash(s);
    const moved: Sample = {
      ...s,
      images: s.images.map((img) => (img.kind === 'file' ? { ...img, absPath: '/somewhere/else/img/a.png', error: 'image not found' } : img)),
      source: { file: '/other/place.parquet', format: 'parquet', ordinal: 1000, rowGroup: 3, rowInGroup: 7 },
      extra: { model: 'another-model', seed: 5 },
      storedVerdict: { field: 'correct', value: true, pass: true },
      problems: [{ severity: 'warning', message: 'x' }],
      metricInfo: null,
      scoreFunction: null,
    };
    expect(contentHash(moved)).toBe(h);
    // a checked read (absPath set, existence checked) hashes like an unchecked one from another folder
    const otherDir = normalizeRow(ROW, ctx({ datasetDir: path.join(dir, 'nowhere'), checkImages: true }));
    expect(otherDir.images[0]!.kind === 'file' && otherDir.images[0]!.error).toBeTruthy();
    expect(contentHash(otherDir)).toBe(h);
  });

  it('canonical values: object key order does not matter, bigint and safe number agree', () => {
    const a = normalizeRow({ ...ROW, initial_state: { x: 1, y: [1, 2], z: { q: 1, p: 2 } } }, ctx());
    const b = normalizeRow({ ...ROW, initial_state: { z: { p: 2, q: 1 }, y: [1, 2], x: 1 } }, ctx());
    expect(contentHash(a)).toBe(contentHash(b));
    const big = normalizeRow({ ...ROW, initial_state: { n: 5n } }, ctx());
    const num = normalizeRow({ ...ROW, initial_state: { n: 5 } }, ctx());
    expect(contentHash(big)).toBe(contentHash(num));
    const arr = normalizeRow({ ...ROW, initial_state: [1, 2] }, ctx());
    const str = normalizeRow({ ...ROW, initial_state: '[1,2]' }, ctx());
    expect(contentHash(arr)).not.toBe(contentHash(str));
  });
});
