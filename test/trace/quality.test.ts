/**
 * The tagger's quality on the gold sets, so that a regression fails the tests (`npm run eval:tags`
 * prints the full per-tag tables). The dev set is synthetic and narrow; the realistic set is hand-written
 * R1-style traces with hand labels (test/fixtures/traces-realistic/README.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataset } from '../../src/core/readers/open';
import { evaluateTagger, GoldTrace } from '../../src/core/trace/evaluate';

const FIX = path.resolve(__dirname, '../fixtures');

async function load(dir: string): Promise<Array<{ gold: GoldTrace; response: string }>> {
  const gold = fs
    .readFileSync(path.join(FIX, dir, 'gold.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => GoldTrace.parse(JSON.parse(l)));
  const reader = openDataset(path.join(FIX, dir, 'samples.jsonl'), { checkImages: false });
  try {
    const idx = await reader.buildIndex();
    const byId = new Map<string, string>();
    for (const e of idx.entries) {
      const s = await reader.loadSample(e);
      if (s.response !== null) byId.set(s.id, s.response);
    }
    return gold.map((g) => ({ gold: g, response: byId.get(g.id)! }));
  } finally {
    await reader.close();
  }
}

describe('tagger quality', () => {
  it('reproduces every gold step span and keeps dev macro-F1 >= 0.80', async () => {
    const r = evaluateTagger(await load('traces-dev'));
    expect(r.traces).toBe(60);
    expect(r.steps).toBe(799);
    expect(r.spanMismatches).toBe(0);
    expect(r.macroF1).toBeGreaterThanOrEqual(0.8);
    for (const t of Object.values(r.perTag)) expect(t.f1).toBeGreaterThanOrEqual(0.7);
  });

  it('keeps macro-F1 >= 0.80 on the realistic set', async () => {
    const r = evaluateTagger(await load('traces-realistic'));
    expect(r.spanMismatches).toBe(0);
    expect(r.steps).toBeGreaterThanOrEqual(80);
    expect(r.macroF1).toBeGreaterThanOrEqual(0.8);
  });
});
