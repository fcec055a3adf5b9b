/**
 * Every export format round-trips: export, read the output back with the product's own readers
 * (openDataset), and compare messages, image bytes and ids with the source.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asyncBufferFromFile, parquetMetadataAsync, parquetSchema } from 'hyparquet';
import { exportDataset, type ExportOptionsInput } from '../../../src/core/export';
import { imageBytes } from '../../../src/core/images';
import type { Sample } from '../../../src/core/sample';
import { loadAll, sftRow, tempDir, writeJournal, writeJsonl } from './fixture';

let dir: string;
let dataset: string;
let journal: string;
let source: Sample[];
const ACCEPTED = ['s-1', 's-2', 's-4', 's-5'];

beforeAll(async () => {
  dir = tempDir();
  const data = path.join(dir, 'data');
  const rows = [
    sftRow(data, 's-1', { images: 1, seed: 1 }),
    sftRow(data, 's-2', { images: 2, seed: 2, user: 'Compare the two boards.' }),
    sftRow(data, 's-3', { images: 1, seed: 3 }),
    { ...sftRow(data, 's-4', { images: 0, seed: 4 }), images: [] },
    // A benchmark row (question + prediction): no <image> token, one image.
    { id: 's-5', category: 'maze', difficulty: 3, question: 'Find the way out.', prediction: '<think>left, then up</think> \\boxed{LU}', images: [sftRow(data, 'x5', { seed: 5 })['images'] as string[]].flat() },
  ];
  dataset = writeJsonl(path.join(data, 'train.jsonl'), rows);
  journal = await writeJournal(path.join(data, 'train.helix-journal.jsonl'), dataset, [
    ...ACCEPTED.map((id) => ({ id, decision: 'accept' as const })),
    { id: 's-3', decision: 'reject' },
  ]);
  source = await loadAll(dataset);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function bytesOf(s: Sample): string[] {
  return s.images.map((i) => Buffer.from(imageBytes(i) ?? new Uint8Array()).toString('hex'));
}

/** The messages the export should produce for a source sample (an <image> token per image up front when it had none). */
function expectedMessages(s: Sample): Array<{ role: string; content: string }> {
  const msgs = s.messages ? s.messages.map((m) => ({ role: m.role, content: m.content })) : [{ role: 'user', content: s.question! }, { role: 'assistant', content: s.response! }];
  const tokens = msgs.reduce((n, m) => n + (m.content.match(/<image>/g)?.length ?? 0), 0);
  if (tokens === 0 && s.images.length > 0) msgs[0] = { role: 'user', content: '<image>'.repeat(s.images.length) + msgs[0]!.content };
  return msgs;
}

async function run(format: ExportOptionsInput['format'], name: string, extra: Partial<ExportOptionsInput> = {}) {
  const output = path.join(dir, 'out', name);
  const report = await exportDataset({ dataset, journals: [journal], format, output, metadata: true, verify: false, ...extra });
  return { output, report, back: await loadAll(output) };
}

function compare(back: Sample[]): void {
  const want = source.filter((s) => ACCEPTED.includes(s.id));
  expect(back.map((s) => s.extra['helix_id'] ?? s.id)).toEqual(want.map((s) => s.id));
  back.forEach((b, i) => {
    const s = want[i]!;
    expect(b.messages?.map((m) => ({ role: m.role, content: m.content }))).toEqual(expectedMessages(s));
    expect(b.images.every((im) => !im.error)).toBe(true);
    expect(bytesOf(b)).toEqual(bytesOf(s));
  });
}

describe('round trip through the product readers', () => {
  it('sharegpt: messages, image files, ids; dataset_info.json entry', async () => {
    const { output, report, back } = await run('sharegpt', 'sft.jsonl');
    expect(report.stage).toBe('written');
    expect(report.counts.written).toBe(4);
    compare(back);
    const info = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'dataset_info.json'), 'utf8'));
    expect(info.sft).toEqual({
      file_name: 'sft.jsonl',
      formatting: 'sharegpt',
      columns: { messages: 'messages', images: 'images' },
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' },
    });
    const first = JSON.parse(fs.readFileSync(output, 'utf8').split('\n')[0]!);
    expect(first.images[0]).toMatch(/^images\/s-1-0-[0-9a-f]{8}\.png$/);
  });

  it('openai: image_url parts with relative paths, and with data URIs', async () => {
    const files = await run('openai', 'chat.jsonl');
    compare(files.back);
    const line = JSON.parse(fs.readFileSync(files.output, 'utf8').split('\n')[1]!) as { messages: Array<{ content: Array<{ type: string; image_url: { url: string } }> }> };
    expect(line.messages[0]!.content.slice(0, 2).map((p) => p.type)).toEqual(['image_url', 'image_url']);
    expect(line.messages[0]!.content[0]!.image_url.url).toMatch(/^images\/s-2-0-/);
    const uris = await run('openai', 'chat-uri.jsonl', { imageDataUri: true });
    compare(uris.back);
    expect(fs.readFileSync(uris.output, 'utf8')).toContain('data:image/png;base64,');
  });

  it('parquet: embedded bytes, HF schema and features', async () => {
    const { output, back } = await run('parquet', 'sft.parquet');
    compare(back);
    const md = await parquetMetadataAsync(await asyncBufferFromFile(output));
    const schema = parquetSchema(md);
    const names = (n: { element: { name: string }; children: unknown[] }): unknown => (n.children.length ? { [n.element.name]: n.children.map((c) => names(c as never)) } : n.element.name);
    expect(names(schema as never)).toMatchObject({ schema: expect.arrayContaining([{ messages: [{ list: [{ element: ['role', 'content'] }] }] }, { images: [{ list: [{ element: ['bytes', 'path'] }] }] }]) });
    const hf = JSON.parse(md.key_value_metadata!.find((k) => k.key === 'huggingface')!.value!);
    expect(hf.info.features.images).toEqual({ feature: { _type: 'Image' }, _type: 'Sequence' });
  });
});
