/**
 * `helix-curate stats` and `show` on every kind of input, the JSON output schemas, and the exit codes.
 * Most tests call main() in-process; a few run the built bin (dist/cli.js, built by `pretest`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/main';
import { runCli } from '../helpers/cli';
import { SampleJson } from '../../src/core/sampleJson';
import { DatasetStats } from '../../src/core/stats';
import { writeHfParquet, type HfRow } from '../helpers/hfParquet';
import { makePng } from '../helpers/png';

const ROOT = path.resolve(__dirname, '../..');
const FIX = path.join(ROOT, 'test/fixtures');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const run = runCli;

async function statsJson(file: string): Promise<DatasetStats> {
  const r = await run('stats', file, '--json');
  expect(r.err).toBe('');
  return DatasetStats.parse(JSON.parse(r.out));
}

const PNG = makePng(3, 3, [10, 200, 10]);

function parquetFile(): string {
  const rows: HfRow[] = ['maze', 'sudoku', 'maze'].map((category, i) => ({
    id: `pq-${i}`,
    category,
    difficulty: BigInt(i + 1),
    question: '<image>Solve it.',
    answer: 'x',
    messages: [
      { role: 'user', content: '<image>Solve it.' },
      { role: 'assistant', content: `<think>try ${i}</think> \\boxed{x}` },
    ],
    images: [{ bytes: new Uint8Array(PNG), path: `p${i}.png` }],
    seed: BigInt(i),
  }));
  return writeHfParquet(path.join(tmp, 'hf.parquet'), rows, { rowGroupSize: 2 });
}

function tsvFile(): string {
  const q = (s: string) => (/[\t"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = [
    ['index', 'category', 'question', 'answer', 'prediction', 'metric_info', 'image', 'hit'],
    ['0', 'maze', 'Find the path', 'right down', 'Let me think.\nWait, "down" first?\n\nAnswer: right down', "{'score_function': 'maze_evaluator'}", PNG.toString('base64'), '1'],
    ['1', 'hanoi', 'Move the disks', '(1,3)', 'I give up', "{'score_function': 'hanoi_evaluator'}", PNG.toString('base64'), '0'],
  ];
  const f = path.join(tmp, 'MMHELIX_model.tsv');
  fs.writeFileSync(f, `${rows.map((r) => r.map(q).join('\t')).join('\n')}\n`);
  return f;
}

function jsonArrayFile(): string {
  const f = path.join(tmp, 'annotations.json');
  fs.copyFileSync(path.join(FIX, 'traces-dev/images/maze_5x5_101.png'), path.join(tmp, 'maze.png'));
  fs.writeFileSync(f, JSON.stringify([
    { id: 'j1', category: 'maze', images: ['maze.png'], conversations: [{ from: 'human', value: '<image>go' }, { from: 'gpt', value: '<think>hm</think> up' }] },
    { id: 'j2', category: 'maze', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.toString('base64')}` } }, { type: 'text', text: 'go' }] }, { role: 'assistant', content: 'down' }] },
  ], null, 2));
  return f;
}

describe('stats --json', () => {
  it('mmhelix-dev instances: 84 samples, 42 tasks, difficulties, no response', async () => {
    const s = await statsJson(path.join(FIX, 'mmhelix-dev/instances.jsonl'));
    expect(s).toMatchObject({ format: 'jsonl', samples: 84, valid: 84, bad: 0, full: true, withResponse: 0, kinds: { benchmark: 84 } });
    expect(Object.keys(s.byTaskDifficulty)).toHaveLength(42);
    expect(Object.values(s.byTaskDifficulty).reduce((n, d) => n + Object.values(d).reduce((a, b) => a + b, 0), 0)).toBe(84);
    expect(s.byTaskDifficulty['maze']).toEqual({ '3': 1, '5': 1 }); // dev-maze-1 and dev-maze-2
    expect(s.images).toEqual({ total: 86, withError: 0 });
  });

  it('mmhelix-dev responses: stored verdict counts, response lengths, duplicate ids', async () => {
    const s = await statsJson(path.join(FIX, 'mmhelix-dev/responses.jsonl'));
    const raw = fs.readFileSync(path.join(FIX, 'mmhelix-dev/responses.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { verdict: boolean; response: string });
    expect(s.samples).toBe(1769);
    expect(s.storedVerdicts['verdict']).toEqual({ pass: raw.filter((r) => r.verdict).length, fail: raw.filter((r) => !r.verdict).length, unreadable: 0 });
    expect(s.responseChars!.max).toBe(Math.max(...raw.map((r) => r.response.length)));
    expect(s.responseChars!.min).toBe(Math.min(...raw.map((r) => r.response.length)));
    expect(s.duplicateIds.length).toBe(84); // several candidate responses per instance
  });

  it('traces-dev, parquet, TSV and JSON array files', async () => {
    const traces = await statsJson(path.join(FIX, 'traces-dev/samples.jsonl'));
    expect(traces).toMatchObject({ samples: 60, kinds: { sharegpt: 60 }, withResponse: 60, images: { total: 60, withError: 0 } });
    const pq = await statsJson(parquetFile());
    expect(pq).toMatchObject({ format: 'parquet', samples: 3, byTaskDifficulty: { maze: { '1': 1, '3': 1 }, sudoku: { '2': 1 } }, images: { total: 3, withError: 0 } });
    const tsv = await statsJson(tsvFile());
    expect(tsv).toMatchObject({ format: 'tsv', samples: 2, kinds: { evaluation: 2 }, storedVerdicts: { hit: { pass: 1, fail: 1, unreadable: 0 } } });
    const arr = await statsJson(jsonArrayFile());
    expect(arr).toMatchObject({ format: 'json', samples: 2, kinds: { sharegpt: 1, openai: 1 }, images: { total: 2, withError: 0 } });
  });

  it('bad rows are listed with their lines and the exit code says so', async () => {
    const f = path.join(tmp, 'bad.jsonl');
    fs.writeFileSync(f, ['{"id": "a", "images": ["nope.png"]}', '{"id": "b",', '{"id": "c", "messages": 3}', '{"id": "a"}'].join('\n'));
    const r = await run('stats', f, '--json');
    expect(r.code).toBe(EXIT.badRows);
    const s = DatasetStats.parse(JSON.parse(r.out));
    expect(s.badRows.map((b) => [b.line, b.error])).toEqual([
      [2, expect.stringMatching(/not closed/)],
      [3, 'field `messages` has the wrong type: expected array or null, got number'],
    ]);
    expect(s.samplesWithProblems).toBe(1);
    expect(s.problemExamples[0]).toEqual({ id: 'a', line: 1, message: `images[0]: image not found: nope.png (looked in ${tmp})` });
    expect(s.duplicateIds).toEqual([{ id: 'a', count: 2, rows: [1, 4], lines: [1, 4] }]);
    const human = await run('stats', f);
    expect(human.out).toContain(`${f}:2: `);
    expect(human.out).toContain('2 bad rows:');
  });

  it('--index-only is fast and says so', async () => {
    const r = await run('stats', path.join(FIX, 'mmhelix-dev/responses.jsonl'), '--json', '--index-only');
    const s = DatasetStats.parse(JSON.parse(r.out));
    expect(s.full).toBe(false);
    expect(s.responseChars).toBeNull();
    expect(s.samples).toBe(1769);
  });
});

describe('show', () => {
  it('by id and by #N, as JSON matching the SampleJson schema', async () => {
    const r = await run('show', path.join(FIX, 'mmhelix-dev/instances.jsonl'), 'dev-maze-1', '--json');
    expect(r.code).toBe(EXIT.ok);
    const s = SampleJson.parse(JSON.parse(r.out));
    expect(s).toMatchObject({ id: 'dev-maze-1', task: 'maze', scoreFunction: 'maze_evaluator', source: { format: 'jsonl' } });
    const byN = SampleJson.parse(JSON.parse((await run('show', path.join(FIX, 'traces-dev/samples.jsonl'), '#3', '--json')).out));
    expect(byN.source.ordinal).toBe(2);
    expect(byN.response).toMatch(/^<think>/);
  });

  it('parquet embedded images report their size, or base64 with --with-bytes', async () => {
    const f = parquetFile();
    const plain = SampleJson.parse(JSON.parse((await run('show', f, 'pq-1', '--json')).out));
    expect(plain.images).toEqual([{ kind: 'bytes', mime: 'image/png', byteLength: PNG.length, path: 'p1.png' }]);
    expect(plain.response).toBe('<think>try 1</think> \\boxed{x}');
    const withBytes = SampleJson.parse(JSON.parse((await run('show', f, '#2', '--json', '--with-bytes')).out));
    expect(withBytes.images[0]).toMatchObject({ base64: PNG.toString('base64') });
  });

  it('TSV and JSON array samples, human-readable', async () => {
    const t = await run('show', tsvFile(), '0');
    expect(t.out).toContain('score function: maze_evaluator');
    expect(t.out).toContain('stored verdict: hit = "1" (pass)');
    expect(t.out).toContain('Wait, "down" first?');
    const j = await run('show', jsonArrayFile(), 'j2');
    expect(j.out).toContain('shape: openai');
    expect(j.out).toContain('image/png data URI');
  });

  it('exit codes: not found, malformed sample, usage, unreadable file', async () => {
    const f = path.join(tmp, 'two.jsonl');
    fs.writeFileSync(f, '{"id": "a"}\n{"id": "b", oops}\n');
    expect((await run('show', f, 'zzz')).code).toBe(EXIT.notFound);
    expect((await run('show', f, '#9')).code).toBe(EXIT.notFound);
    const bad = await run('show', f, '#2');
    expect(bad.code).toBe(EXIT.badSample);
    expect(bad.err).toContain(`${f}:2: `);
    expect((await run('show', f)).code).toBe(EXIT.usage);
    expect((await run('frobnicate', f)).code).toBe(EXIT.usage);
    expect((await run('stats', f, '--format', 'xml')).code).toBe(EXIT.usage);
    const missing = await run('stats', path.join(tmp, 'nope.jsonl'));
    expect(missing.code).toBe(EXIT.unreadable);
    expect(missing.err).toMatch(/nope\.jsonl: cannot read/);
    fs.writeFileSync(path.join(tmp, 'x.parquet'), 'not parquet');
    expect((await run('stats', path.join(tmp, 'x.parquet'))).code).toBe(EXIT.unreadable);
    fs.writeFileSync(path.join(tmp, 'empty.jsonl'), '');
    const empty = await run('stats', path.join(tmp, 'empty.jsonl'), '--json');
    expect(empty.code).toBe(EXIT.badRows);
    expect(DatasetStats.parse(JSON.parse(empty.out)).fileErrors).toEqual(['the file is empty']);
  });
});

describe('the built bin (dist/cli.js)', () => {
  const bin = path.join(ROOT, 'dist/cli.js');
  it('runs as an executable with a shebang and real exit codes', () => {
    expect(fs.existsSync(bin), 'dist/cli.js is missing: `npm test` builds it first (pretest); run `npm run build`').toBe(true);
    expect(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    const ok = spawnSync(process.execPath, [bin, 'stats', path.join(ROOT, 'media/sample/mmhelix-eval.jsonl'), '--json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(DatasetStats.parse(JSON.parse(ok.stdout)).samples).toBe(42);
    const nf = spawnSync(process.execPath, [bin, 'show', path.join(ROOT, 'media/sample/traces.jsonl'), 'no-such-id'], { encoding: 'utf8' });
    expect(nf.status).toBe(EXIT.notFound);
    expect(nf.stderr).toContain('no sample with id "no-such-id"');
  });
});
