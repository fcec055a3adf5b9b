/**
 * Issue #8, core layer: every kind of the hostile corpus through the readers, the verify pipeline and the
 * trace analysers. For each case: the file indexes (or is refused with a DatasetError naming it, when the
 * case expects a whole-file refusal); each bad row is reported naming the file and its line/row; every good
 * sample of the same file still loads and verifies as the fixture's reference did; the hostile samples load,
 * split/segment/tag and verify in bounded time; nothing but RowError/DatasetError leaves a reader; nothing
 * executes and no prototype is polluted.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../src/core/readers/open';
import { DatasetError, iterateSamples, RowError, type DatasetIndex, type DatasetReader, type IndexEntry } from '../../src/core/readers/types';
import type { Sample } from '../../src/core/sample';
import { analyseTrace } from '../../src/core/trace';
import { verifySample } from '../../src/core/verify/pipeline';
import { buildCorpus, CORPUS_KINDS, fullCorpusRequested, GOOD_REFERENCE, MARKER_NAME, type HostileBad, type HostileCase } from './corpus';

const FULL = fullCorpusRequested();
let dir = '';
let cases = new Map<string, HostileCase>();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-hostile-readers-'));
  cases = new Map(buildCorpus(dir, { full: FULL }).map((c) => [c.kind, c]));
}, 180_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Per-case time bound (2 busy cores): the big files get more, but seconds, not minutes. */
function bound(kind: string): number {
  if (kind === 'json-array-200mb') return 240_000;
  if (kind === 'jsonl-million-lines') return 60_000;
  // regex-backtracking: 126 bait samples (each bounded by SAMPLE_MS on its own).
  if (kind === 'json-array-20mb' || kind.startsWith('board-1000-') || kind === 'jsonl-line-50mb' || kind === 'regex-backtracking') return 60_000;
  return 20_000;
}
/** Per-sample bound for loading + analysing + verifying one hostile sample. */
const SAMPLE_MS = 8_000;


function where(e: IndexEntry): string {
  return e.line !== undefined ? `:${e.line}` : ` row ${e.ordinal + 1}`;
}

/** Load a sample; a RowError comes back as the error (anything else fails the test). */
async function load(reader: DatasetReader, entry: IndexEntry): Promise<{ sample?: Sample; error?: RowError }> {
  try {
    return { sample: await reader.loadSample(entry) };
  } catch (e) {
    if (e instanceof RowError) return { error: e };
    throw e;
  }
}

function locate(index: DatasetIndex, bad: HostileBad): IndexEntry | undefined {
  return index.entries.find((e) => (bad.line !== undefined ? e.line === bad.line : bad.ordinal !== undefined ? e.ordinal === bad.ordinal : e.id === bad.id));
}

describe.each(CORPUS_KINDS.map((k) => [k]))('hostile corpus, core: %s', (kind) => {
  it('reports every bad row by file and line, keeps every good sample, and stays bounded', { timeout: bound(kind) }, async (ctx) => {
    const c = cases.get(kind);
    if (!c) {
      expect(kind === 'json-array-200mb' && !FULL, `kind ${kind} was not generated`).toBe(true);
      ctx.skip();
      return;
    }
    let reader: DatasetReader;
    let index: DatasetIndex;
    try {
      reader = openDataset(c.file);
      index = await reader.buildIndex();
    } catch (e) {
      // Only a whole-file refusal may leave the reader, and it names the file.
      expect(e).toBeInstanceOf(DatasetError);
      expect((e as Error).message).toContain(c.file);
      expect(c.fileError, `unexpected refusal: ${(e as Error).message}`).toBeDefined();
      expect((e as Error).message).toMatch(c.fileError!);
      return;
    }
    try {
      if (c.fileError) expect(index.fileErrors.join('\n')).toMatch(c.fileError);

      // Every bad row: reported, naming the file and its place.
      for (const bad of c.bad) {
        const label = `${c.kind}: bad ${JSON.stringify({ ...bad, message: String(bad.message) })}`;
        const reports: string[] = [];
        const entry = locate(index, bad);
        if (bad.line !== undefined) reports.push(...index.fileErrors.filter((f) => f.startsWith(`line ${bad.line}:`)));
        if (entry) {
          if (bad.id !== undefined) expect(entry.id, label).toBe(bad.id);
          if (entry.error) reports.push(entry.error);
          const { sample, error } = await load(reader, entry);
          if (error) {
            expect(error.message, label).toContain(`${c.file}${where(entry)}: `);
            reports.push(error.message);
          }
          if (sample) {
            reports.push(...sample.problems.map((p) => p.message));
            const v = verifySample(sample);
            if (v) reports.push(v.reference.reason ?? '', v.strict.reason ?? '');
          }
        }
        expect(reports.some((r) => bad.message.test(r)), `${label} not reported; got ${JSON.stringify(reports).slice(0, 600)}`).toBe(true);
      }

      // Every good sample: loads and verifies as the reference did.
      const byId = new Map(index.entries.map((e) => [e.id, e]));
      for (const id of c.good) {
        const entry = byId.get(id);
        expect(entry, `${c.kind}: good sample ${id} missing from the index`).toBeDefined();
        expect(entry!.error, `${c.kind}: good sample ${id}`).toBeUndefined();
        const { sample, error } = await load(reader, entry!);
        expect(error?.message, `${c.kind}: good sample ${id}`).toBeUndefined();
        expect(sample!.problems.filter((p) => p.severity === 'error'), `${c.kind}: good sample ${id}`).toEqual([]);
        const v = verifySample(sample!);
        expect(v, `${c.kind}: good sample ${id} has no response`).not.toBeNull();
        expect(v!.reference.status, `${c.kind}: ${id}: ${v!.reference.reason}`).not.toBe('error');
        const ref = GOOD_REFERENCE.get(id);
        if (ref !== undefined) expect(v!.reference.status === 'pass', `${c.kind}: ${id} against the fixture's reference verdict (${v!.reference.reason})`).toBe(ref);
        const trace = analyseTrace(sample!.response!);
        expect(trace.steps.length).toBeGreaterThan(0);
      }

      // Hostile samples: open, analyse and verify, each in bounded time.
      for (const id of c.hostileIds ?? []) {
        const entry = byId.get(id);
        expect(entry, `${c.kind}: hostile sample ${id} missing from the index`).toBeDefined();
        const t0 = performance.now();
        const { sample, error } = await load(reader, entry!);
        expect(error?.message, `${c.kind}: hostile sample ${id} should open`).toBeUndefined();
        if (sample!.response !== null) {
          const trace = analyseTrace(sample!.response);
          expect(trace.split.answer.end).toBeLessThanOrEqual(sample!.response.length);
        }
        const v = verifySample(sample!);
        if (v) expect(['pass', 'fail', 'error', 'unsupported']).toContain(v.strict.status);
        const ms = performance.now() - t0;
        expect(ms, `${c.kind}: hostile sample ${id} took ${ms.toFixed(0)} ms`).toBeLessThan(SAMPLE_MS);
      }

      // The batch path (what verify/tag/stats use): every entry yields a sample or a RowError naming file and place.
      const sweep = index.entries.length > 20_000 ? [...index.entries.slice(0, 2_000), ...index.entries.slice(-2_000)] : index.entries;
      let seen = 0;
      for await (const r of iterateSamples(reader, sweep)) {
        seen++;
        if (r.error) expect(r.error.message.startsWith(`${c.file}${where(r.entry)}: `), r.error.message.slice(0, 200)).toBe(true);
      }
      expect(seen).toBe(sweep.length);
    } finally {
      await reader.close();
    }

    // Nothing executed, nothing polluted.
    expect(fs.existsSync(path.join(path.dirname(c.file), MARKER_NAME))).toBe(false);
    expect((Object.prototype as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('the hostile corpus itself', () => {
  it('has at least 30 kinds, each with something to check', () => {
    const all = [...cases.values()];
    expect(all.length).toBeGreaterThanOrEqual(30);
    for (const c of all) expect(c.bad.length + c.good.length + (c.hostileIds?.length ?? 0) + (c.fileError ? 1 : 0), c.kind).toBeGreaterThan(0);
    expect(new Set(all.map((c) => c.kind)).size).toBe(all.length);
  });
});
