/**
 * Every file of the real fixtures (test/fixtures/mmhelix-dev, test/fixtures/traces-dev) reads into Samples,
 * with spot-checked fields and resolved image paths.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataset } from '../../src/core/readers/open';
import type { Sample } from '../../src/core/sample';
import { Sample as SampleSchema } from '../../src/core/sample';

const FIX = path.resolve(__dirname, '../fixtures');

async function readAll(file: string): Promise<Sample[]> {
  const reader = openDataset(file);
  try {
    const index = await reader.buildIndex();
    expect(index.fileErrors).toEqual([]);
    expect(index.entries.filter((e) => e.error)).toEqual([]);
    const out: Sample[] = [];
    for (const e of index.entries) out.push(await reader.loadSample(e));
    return out;
  } finally {
    await reader.close();
  }
}

function pyLines(file: string): Array<Record<string, unknown>> {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('mmhelix-dev/instances.jsonl', () => {
  const file = path.join(FIX, 'mmhelix-dev/instances.jsonl');
  it('reads all 84 benchmark rows with their fields and images', async () => {
    const samples = await readAll(file);
    const raw = pyLines(file);
    expect(samples).toHaveLength(84);
    for (const [i, s] of samples.entries()) {
      const r = raw[i]!;
      expect(SampleSchema.safeParse(s).success).toBe(true);
      expect(s.id).toBe(r['id']);
      expect(s.task).toBe(r['category']);
      expect(s.difficulty).toBe(String(r['difficulty']));
      expect(s.kind).toBe('benchmark');
      expect(s.question).toBe(r['question']);
      expect(s.questionText).toBe(r['question_text']);
      expect(s.groundTruth).toBe(r['answer']);
      expect(s.initialState).toEqual(r['initial_state']);
      expect(s.scoreFunction).toBe((r['metric_info'] as { score_function: string }).score_function);
      expect(s.response).toBeNull();
      expect(s.storedVerdict).toBeNull();
      expect(s.extra).toEqual({ source: r['source'] });
      expect(s.problems).toEqual([]);
      expect(s.source).toMatchObject({ format: 'jsonl', ordinal: i, line: i + 1 });
      const imgs = r['images'] as string[];
      expect(s.images).toHaveLength(imgs.length);
      for (const [k, img] of s.images.entries()) {
        expect(img).toEqual({ kind: 'file', path: imgs[k], absPath: path.join(FIX, 'mmhelix-dev', imgs[k]!) });
        expect(fs.existsSync((img as { absPath: string }).absPath)).toBe(true);
      }
    }
    // The graph-isomorphism instances carry two images.
    expect(samples.find((s) => s.id === 'dev-graph_isomorphism-1')!.images).toHaveLength(2);
    // All 42 tasks are present, twice each.
    expect(new Set(samples.map((s) => s.task)).size).toBe(42);
  });
});

describe('mmhelix-dev/responses.jsonl', () => {
  it('reads all 1,769 response rows, with the stored verdict and untouched extras', async () => {
    const file = path.join(FIX, 'mmhelix-dev/responses.jsonl');
    const samples = await readAll(file);
    const raw = pyLines(file);
    expect(samples).toHaveLength(1769);
    for (const [i, s] of samples.entries()) {
      const r = raw[i]!;
      expect(s.id).toBe(r['instance_id']);
      expect(s.kind).toBe('response');
      expect(s.response).toBe(r['response']);
      expect(s.responseField).toBe('response');
      expect(s.storedVerdict).toEqual({ field: 'verdict', value: r['verdict'], pass: r['verdict'] });
      expect(s.extra['kind']).toBe(r['kind']);
      expect(s.extra['extracted']).toBe(r['extracted']);
      if ('ref_error' in r) expect(s.extra['ref_error']).toBe(r['ref_error']);
    }
  });
});

describe('traces-dev', () => {
  it('reads the 60 ShareGPT-style traces: messages, response = assistant turn, images resolved', async () => {
    const file = path.join(FIX, 'traces-dev/samples.jsonl');
    const samples = await readAll(file);
    const raw = pyLines(file);
    expect(samples).toHaveLength(60);
    for (const [i, s] of samples.entries()) {
      const r = raw[i]!;
      const msgs = r['messages'] as Array<{ role: string; content: string }>;
      expect(s.id).toBe(r['id']);
      expect(s.kind).toBe('sharegpt');
      expect(s.task).toBe(r['category']);
      expect(s.difficulty).toBe(r['difficulty']);
      expect(s.messages).toEqual(msgs.map((m) => ({ role: m.role, content: m.content })));
      expect(s.question).toBe(msgs[0]!.content);
      expect(s.response).toBe(msgs[1]!.content);
      expect(s.responseField).toBe('messages[1]');
      expect(s.response!.startsWith('<think>')).toBe(true);
      expect(s.groundTruth).toBe(r['answer']);
      expect(s.extra).toEqual({ meta: r['meta'] });
      expect(s.images).toEqual([{ kind: 'file', path: `images/${s.id}.png`, absPath: path.join(FIX, 'traces-dev/images', `${s.id}.png`) }]);
      expect(s.problems).toEqual([]);
    }
  });

  it('reads gold.jsonl rows (not samples, but rows) keeping their fields', async () => {
    const samples = await readAll(path.join(FIX, 'traces-dev/gold.jsonl'));
    expect(samples).toHaveLength(60);
    expect(samples[0]!.id).toBe('sudoku_4x4_000');
    expect(Array.isArray(samples[0]!.extra['steps'])).toBe(true);
    expect(samples[0]!.response).toBeNull();
  });
});

describe('bundled sample dataset (media/sample)', () => {
  it('reads the evaluation file and the traces with every image present', async () => {
    const dir = path.resolve(__dirname, '../../media/sample');
    const evalRows = await readAll(path.join(dir, 'mmhelix-eval.jsonl'));
    expect(evalRows).toHaveLength(42);
    expect(evalRows.every((s) => s.kind === 'evaluation' && s.response !== null && s.storedVerdict !== null)).toBe(true);
    expect(evalRows.every((s) => s.images.length > 0 && s.images.every((i) => !i.error))).toBe(true);
    const traces = await readAll(path.join(dir, 'traces.jsonl'));
    expect(traces).toHaveLength(60);
    expect(traces.every((s) => s.images.every((i) => !i.error))).toBe(true);
  });
});
