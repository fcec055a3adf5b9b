/**
 * The write pass: overwrite refusal, cancellation leaving nothing behind, dataset_info.json merge, image
 * names and modes (copy / link / reference / embedded sources), --drop-think, metadata columns, Parquet row
 * groups, and the report files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExport, ExportCancelled, ExportError, exportDataset, ExportReport, writeExport, type ExportOptionsInput, type ExportProgress } from '../../../src/core/export';
import { writeHfParquet, type HfRow } from '../../helpers/hfParquet';
import { listFiles, loadAll, png, sftRow, tempDir, writeJournal, writeJsonl } from './fixture';

const root = tempDir();
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let dataDir: string;
let dataset: string;
let journal: string;
let outN = 0;

beforeAll(async () => {
  dataDir = path.join(root, 'data');
  const rows = Array.from({ length: 12 }, (_, i) => sftRow(dataDir, `s/${i}`, { seed: i, images: 1 + (i % 2) }));
  dataset = writeJsonl(path.join(dataDir, 'train.jsonl'), rows);
  journal = await writeJournal(path.join(dataDir, 'train.helix-journal.jsonl'), dataset, rows.map((r) => ({ id: r['id'] as string, decision: 'accept' as const })));
});

function outDir(): string {
  const d = path.join(root, `out-${++outN}`);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

function opts(output: string, extra: Partial<ExportOptionsInput> = {}): ExportOptionsInput {
  return { dataset, journals: [journal], format: 'sharegpt', output, verify: false, ...extra };
}

describe('never overwrites without --force', () => {
  it('an existing output is an error before any work; --force replaces it', async () => {
    const d = outDir();
    const out = path.join(d, 'train.jsonl');
    fs.writeFileSync(out, 'precious\n');
    let progress = 0;
    await expect(exportDataset(opts(out), { onProgress: () => progress++ })).rejects.toThrow(ExportError);
    await expect(exportDataset(opts(out))).rejects.toThrow(/already exists: .*train\.jsonl \(use --force/);
    expect(progress).toBe(0); // refused before indexing
    expect(fs.readFileSync(out, 'utf8')).toBe('precious\n');
    expect(listFiles(d)).toEqual(['train.jsonl']);
    // --check-only writes nothing, so an existing output is fine.
    const checked = await exportDataset(opts(out, { checkOnly: true }));
    expect(checked.stage).toBe('checked');
    expect(listFiles(d)).toEqual(['train.jsonl']);
    const report = await exportDataset(opts(out, { force: true }));
    expect(report.counts.written).toBe(12);
    expect(fs.readFileSync(out, 'utf8').split('\n').length).toBe(13);
  });

  it('an output that appears between the check and the write is not overwritten', async () => {
    const d = outDir();
    const out = path.join(d, 'late.jsonl');
    const plan = await checkExport(opts(out));
    fs.writeFileSync(out, 'someone else\n');
    await expect(writeExport(plan)).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(out, 'utf8')).toBe('someone else\n');
    expect(listFiles(d)).toEqual(['late.jsonl']);
  });

  it('the dataset and the journals are never outputs', async () => {
    await expect(exportDataset(opts(dataset, { force: true }))).rejects.toThrow(/overwrite the dataset/);
    await expect(exportDataset(opts(journal, { force: true }))).rejects.toThrow(/overwrite a journal/);
  });
});

describe('cancellation leaves nothing behind', () => {
  for (const format of ['sharegpt', 'openai', 'parquet'] as const) {
    it(`${format}: aborted half-way through the write`, async () => {
      const d = outDir();
      const out = path.join(d, format === 'parquet' ? 'x.parquet' : 'x.jsonl');
      const ac = new AbortController();
      const phases = new Set<string>();
      const onProgress = (p: ExportProgress): void => {
        phases.add(p.phase);
        if (p.phase === 'write' && p.done === 6) ac.abort();
      };
      await expect(exportDataset(opts(out, { format }), { signal: ac.signal, onProgress })).rejects.toThrow(ExportCancelled);
      expect(phases).toEqual(new Set(['index', 'check', 'write']));
      expect(fs.readdirSync(d)).toEqual([]); // no output, temp file, staging folder, images/ or report
    });
  }

  it('aborted during the check', async () => {
    const d = outDir();
    const ac = new AbortController();
    await expect(exportDataset(opts(path.join(d, 'x.jsonl')), { signal: ac.signal, onProgress: (p) => p.phase === 'check' && p.done === 3 && ac.abort() })).rejects.toThrow(ExportCancelled);
    expect(fs.readdirSync(d)).toEqual([]);
  });

  it('a failure mid-write (an image vanished) removes the temporary files too', async () => {
    const d = outDir();
    const dir = path.join(root, 'vanish');
    const rows = [sftRow(dir, 'a', { seed: 1 }), sftRow(dir, 'b', { seed: 2 })];
    const ds = writeJsonl(path.join(dir, 'v.jsonl'), rows);
    const j = await writeJournal(path.join(dir, 'v.helix-journal.jsonl'), ds, [{ id: 'a', decision: 'accept' }, { id: 'b', decision: 'accept' }]);
    const plan = await checkExport({ dataset: ds, journals: [j], format: 'sharegpt', output: path.join(d, 'v.jsonl'), verify: false });
    fs.rmSync(path.join(dir, 'images', 'b-0.png'));
    await expect(writeExport(plan)).rejects.toThrow(/b-0\.png/);
    expect(fs.readdirSync(d)).toEqual([]);
  });
});

describe('dataset_info.json', () => {
  it('merges the entry into an existing file, keeping the other entries', async () => {
    const d = outDir();
    const other = { mllm_demo: { file_name: 'mllm_demo.json', formatting: 'sharegpt', columns: { messages: 'messages', images: 'images' } } };
    fs.writeFileSync(path.join(d, 'dataset_info.json'), JSON.stringify(other));
    await exportDataset(opts(path.join(d, 'helix_a.jsonl')));
    await exportDataset(opts(path.join(d, 'helix_b.jsonl'), { datasetName: 'helix-b' }));
    const info = JSON.parse(fs.readFileSync(path.join(d, 'dataset_info.json'), 'utf8')) as Record<string, { file_name: string }>;
    expect(Object.keys(info)).toEqual(['mllm_demo', 'helix_a', 'helix-b']);
    expect(info['mllm_demo']).toEqual(other.mllm_demo);
    expect(info['helix-b']?.file_name).toBe('helix_b.jsonl');
  });

  it('refuses an existing dataset_info.json that is not a JSON object, before writing anything', async () => {
    const d = outDir();
    fs.writeFileSync(path.join(d, 'dataset_info.json'), '{ not json');
    await expect(exportDataset(opts(path.join(d, 'x.jsonl')))).rejects.toThrow(/dataset_info\.json: not valid JSON/);
    expect(listFiles(d)).toEqual(['dataset_info.json']);
    expect(fs.readFileSync(path.join(d, 'dataset_info.json'), 'utf8')).toBe('{ not json');
  });
});

describe('images', () => {
  it('copy: stable, collision-free names; a re-export writes no new file', async () => {
    const d = outDir();
    const r1 = await exportDataset(opts(path.join(d, 'a.jsonl')));
    const names = fs.readdirSync(path.join(d, 'images')).sort();
    expect(names).toHaveLength(18);
    for (const n of names) expect(n).toMatch(/^s_\d+~[0-9a-f]{6}-\d-[0-9a-f]{8}\.png$/);
    expect(r1.written?.imageFiles).toBe(18);
    const first = fs.readFileSync(path.join(d, 'a.jsonl'), 'utf8');
    const r2 = await exportDataset(opts(path.join(d, 'a.jsonl'), { force: true }));
    expect(fs.readdirSync(path.join(d, 'images')).sort()).toEqual(names);
    expect(r2.written?.imageFiles).toBe(0);
    expect(fs.readFileSync(path.join(d, 'a.jsonl'), 'utf8')).toBe(first);
  });

  it('link: symlinks into images/ that resolve to the source files', async () => {
    const d = outDir();
    await exportDataset(opts(path.join(d, 'l.jsonl'), { images: 'link' }));
    const names = fs.readdirSync(path.join(d, 'images'));
    expect(names).toHaveLength(18);
    for (const n of names) {
      const p = path.join(d, 'images', n);
      expect(fs.lstatSync(p).isSymbolicLink()).toBe(true);
      expect(fs.realpathSync(p).startsWith(fs.realpathSync(path.join(dataDir, 'images')))).toBe(true);
    }
    // The product's reader refuses links that lead out of the dataset's folder (a security rule), so the
    // bytes are compared through the links directly.
    const rows = fs.readFileSync(path.join(d, 'l.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { images: string[] });
    const source = await loadAll(dataset);
    rows.forEach((row, i) => {
      expect(row.images.map((p) => fs.readFileSync(path.join(d, p)).toString('hex'))).toEqual(source[i]!.images.map((im) => fs.readFileSync((im as { absPath: string }).absPath).toString('hex')));
    });
  });

  it('reference: paths relative to the output folder, no copies', async () => {
    const d = path.join(dataDir, 'exports');
    fs.mkdirSync(d, { recursive: true });
    await exportDataset(opts(path.join(d, 'r.jsonl'), { images: 'reference' }));
    expect(fs.existsSync(path.join(d, 'images'))).toBe(false);
    const first = JSON.parse(fs.readFileSync(path.join(d, 'r.jsonl'), 'utf8').split('\n')[0]!);
    expect(first.images).toEqual(['../images/s/0-0.png']);
  });

  it('embedded bytes in the source (Parquet) become files with the same bytes', async () => {
    const dir = path.join(root, 'embedded');
    fs.mkdirSync(dir, { recursive: true });
    const rows: HfRow[] = [0, 1].map((i) => ({
      id: `e${i}`, category: 'maze', difficulty: 1n, question: '<image>Go.', answer: 'x', seed: 0n,
      messages: [{ role: 'user', content: '<image>Go.' }, { role: 'assistant', content: `<think>t${i}</think>\\boxed{x}` }],
      images: [{ bytes: new Uint8Array(png(40 + i)), path: null }],
    }));
    const ds = writeHfParquet(path.join(dir, 'hf.parquet'), rows);
    const j = await writeJournal(path.join(dir, 'hf.helix-journal.jsonl'), ds, [{ id: 'e0', decision: 'accept' }, { id: 'e1', decision: 'accept' }]);
    const d = outDir();
    await exportDataset({ dataset: ds, journals: [j], format: 'sharegpt', output: path.join(d, 'e.jsonl'), images: 'reference', verify: false });
    const back = await loadAll(path.join(d, 'e.jsonl'));
    expect(back.map((s) => fs.readFileSync((s.images[0] as { absPath: string }).absPath).equals(png(40 + Number(s.messages![1]!.content[8]))))).toEqual([true, true]);
  });
});

describe('content options', () => {
  it('--drop-think keeps only the answer', async () => {
    const d = outDir();
    await exportDataset(opts(path.join(d, 'd.jsonl'), { dropThink: true, ids: ['s/3'] }));
    const row = JSON.parse(fs.readFileSync(path.join(d, 'd.jsonl'), 'utf8'));
    expect(row.messages[1]).toEqual({ role: 'assistant', content: 'The answer is \\boxed{s/3}' });
  });

  it('--metadata: verdict, tags with the curator edits, curators, notes, decision status (JSONL and Parquet)', async () => {
    const dir = path.join(root, 'meta');
    const rows = [sftRow(dir, 'm1', { response: '<think>\nFirst step.\n\nWait, let me verify that again.\n</think>\n\n\\boxed{1}' })];
    const ds = writeJsonl(path.join(dir, 'm.jsonl'), rows);
    const j = await writeJournal(path.join(dir, 'm.helix-journal.jsonl'), ds, [
      // The tags and note of the latest accepting vote (bob's) are the ones exported.
      { id: 'm1', decision: 'accept', curator: 'ann', ts: '2025-01-01T10:00:00Z', tags: [{ step: 1, tag: 'verification', op: 'remove' }] },
      { id: 'm1', decision: 'accept', curator: 'bob', ts: '2025-01-01T11:00:00Z', note: 'clean', tags: [{ step: 0, tag: 'subgoal', op: 'add' }] },
    ]);
    const d = outDir();
    await exportDataset({ dataset: ds, journals: [j], format: 'sharegpt', output: path.join(d, 'm.jsonl'), metadata: true });
    const row = JSON.parse(fs.readFileSync(path.join(d, 'm.jsonl'), 'utf8'));
    expect(row).toMatchObject({ helix_id: 'm1', task: 'maze', difficulty: '2', curators: ['ann', 'bob'], notes: ['bob: clean'], decision_status: 'agreed' });
    expect(typeof row.verdict).toBe('string');
    expect(row.tags[0]).toContain('subgoal');
    expect(row.tags[1]).toContain('verification');
    await exportDataset({ dataset: ds, journals: [j], format: 'parquet', output: path.join(d, 'm.parquet'), metadata: true });
    const [pq] = await parquetReadObjects({ file: await asyncBufferFromFile(path.join(d, 'm.parquet')) });
    expect(pq).toMatchObject({ helix_id: 'm1', curators: ['ann', 'bob'], notes: ['bob: clean'], decision_status: 'agreed', tags: row.tags, verdict: row.verdict });
  });

  it('openai keeps a system turn as text and puts image parts where the tokens were', async () => {
    const dir = path.join(root, 'sys');
    const r = sftRow(dir, 'sys1', { images: 2, tokens: 0 });
    const msgs = r['messages'] as Array<{ role: string; content: string }>;
    msgs[0]!.content = 'Left: <image> right: <image> which differs?';
    const ds = writeJsonl(path.join(dir, 's.jsonl'), [{ ...r, messages: [{ role: 'system', content: 'Be brief.' }, ...msgs] }]);
    const j = await writeJournal(path.join(dir, 's.helix-journal.jsonl'), ds, [{ id: 'sys1', decision: 'accept' }]);
    const d = outDir();
    await exportDataset({ dataset: ds, journals: [j], format: 'openai', output: path.join(d, 's.jsonl'), verify: false });
    const row = JSON.parse(fs.readFileSync(path.join(d, 's.jsonl'), 'utf8')) as { messages: [{ role: string; content: string }, { content: Array<{ type: string; text?: string }> }] };
    expect(row.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(row.messages[1].content.map((p) => p.text ?? p.type)).toEqual(['Left: ', 'image_url', ' right: ', 'image_url', ' which differs?']);
  });
});

describe('Parquet row groups and the report files', () => {
  it('2,500 rows become three row groups (1,000 rows each at most) and read back in order', async () => {
    const dir = path.join(root, 'many');
    fs.mkdirSync(path.join(dir, 'images'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'images', 'one.png'), png(7));
    const rows = Array.from({ length: 2500 }, (_, i) => ({ id: `r${i}`, images: ['images/one.png'], messages: [{ role: 'user', content: `<image>q${i}` }, { role: 'assistant', content: `a${i}` }] }));
    const ds = writeJsonl(path.join(dir, 'many.jsonl'), rows);
    const j = await writeJournal(path.join(dir, 'many.helix-journal.jsonl'), ds, rows.map((r) => ({ id: r.id, decision: 'accept' as const })));
    const d = outDir();
    const report = await exportDataset({ dataset: ds, journals: [j], format: 'parquet', output: path.join(d, 'many.parquet'), verify: false });
    const md = await parquetMetadataAsync(await asyncBufferFromFile(path.join(d, 'many.parquet')));
    expect(md.row_groups.map((g) => Number(g.num_rows))).toEqual([1000, 1000, 500]);
    const back = await loadAll(path.join(d, 'many.parquet'));
    expect(back.map((s) => s.response)).toEqual(rows.map((_, i) => `a${i}`));
    expect(back.every((s) => s.images.length === 1 && s.images[0]!.kind === 'bytes')).toBe(true);
    // The reports beside the output.
    const json = ExportReport.parse(JSON.parse(fs.readFileSync(`${path.join(d, 'many.parquet')}.report.json`, 'utf8')));
    expect(json).toEqual(report);
    expect(json.stage).toBe('written');
    const md2 = fs.readFileSync(`${path.join(d, 'many.parquet')}.report.md`, 'utf8');
    expect(md2).toContain('| 2,500 | 2,500 | 0 | 2,500 | 0 | 0 | 2,500 |');
    expect(listFiles(d)).toEqual(['many.parquet', 'many.parquet.report.json', 'many.parquet.report.md']);
  });
});
