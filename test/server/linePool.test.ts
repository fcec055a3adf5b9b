/**
 * Line checks in worker threads (linePool.ts, documentCheck.ts runPassParallel) against the in-process
 * pass: the same diagnostics, the same cached results (verdicts included: hovers read them), the same
 * counts, on the server fixture and on a generated 2,000-line dataset of real MM-HELIX rows (every
 * instance of test/fixtures/mmhelix-dev with its candidate responses, plus broken JSON, missing images,
 * wrong types, blank and repeated lines). Then the maxProblems cut-off, cancellation, and the fallback
 * when workers cannot start or a batch fails.
 *
 * The workers run the built bundle (dist/server.js, `npx webpack --config-name server`), as in the server.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/extension/settings';
import { diagnosticsOptions, type JsonlDiagnosticsOptions } from '../../src/server/diagnostics';
import { LineCache, lineKey, lineSpans, PassCancelled, runPass, runPassParallel, type LineChecker } from '../../src/server/documentCheck';
import { checkLine, type LineResult } from '../../src/server/lineCheck';
import { defaultPoolSize, LinePool, warmUpFile, type PoolLog } from '../../src/server/linePool';

const serverJs = path.resolve(__dirname, '../../dist/server.js');
const fixture = path.resolve(__dirname, '../fixtures/server/dataset.jsonl');
const mmhelix = path.resolve(__dirname, '../fixtures/mmhelix-dev');

let dir: string;
let generated: string;
let pool: LinePool;
const logged: string[] = [];
const log: PoolLog = { info: (m) => logged.push(`info: ${m}`), warn: (m) => logged.push(`warn: ${m}`) };

/** 2,000 lines: real rows with their responses and stored verdicts, and some broken ones. */
function generate(): string {
  const read = (name: string) =>
    fs
      .readFileSync(path.join(mmhelix, name), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const instances = new Map(read('instances.jsonl').map((r) => [r['id'] as string, r]));
  const responses = read('responses.jsonl');
  fs.mkdirSync(path.join(dir, 'images'), { recursive: true });
  for (const inst of instances.values()) {
    for (const image of (inst['images'] as string[] | undefined) ?? []) fs.copyFileSync(path.join(mmhelix, image), path.join(dir, image));
  }
  const out: string[] = [];
  for (let i = 0; out.length < 2000; i++) {
    const r = responses[(i * 7) % responses.length]!;
    const inst = { ...instances.get(r['instance_id'] as string)! };
    delete inst['source'];
    const row: Record<string, unknown> = { ...inst, id: `${r['instance_id'] as string}-${i}`, prediction: r['response'], verdict: r['verdict'] };
    if (i % 37 === 4) row['verdict'] = r['verdict'] !== true; // a stored verdict that disagrees
    if (i % 89 === 5) row['images'] = ['images/missing.png'];
    if (i % 71 === 3) row['images'] = 5;
    if (i % 113 === 7) {
      row['category'] = 'no_such_task';
      delete row['metric_info'];
    }
    let line = JSON.stringify(row);
    if (i % 97 === 11) line = line.slice(0, line.length - 20);
    out.push(line);
    if (i % 50 === 1) out.push('');
    if (i % 61 === 2) out.push(line); // a repeated line: checked once
  }
  return `${out.join('\n')}\n`;
}

beforeAll(() => {
  if (!fs.existsSync(serverJs)) throw new Error('dist/server.js is missing: run `npx webpack --config-name server` before this test');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-linepool-'));
  generated = generate();
  fs.writeFileSync(path.join(dir, 'generated.jsonl'), generated);
  pool = new LinePool(serverJs, 2, log);
});
afterAll(async () => {
  await pool.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function optionsFor(file: string, o: Partial<JsonlDiagnosticsOptions> = {}): JsonlDiagnosticsOptions {
  return { ...diagnosticsOptions(`file://${file}`, DEFAULT_SETTINGS), maxProblems: 100_000, ...o };
}

const never = () => false;

/** The in-process results of every distinct non-blank line, by key. */
function inProcess(text: string, options: JsonlDiagnosticsOptions): Map<string, LineResult> {
  const out = new Map<string, LineResult>();
  for (const { start, end } of lineSpans(text)) {
    const line = text.slice(start, end);
    if (line.trim() !== '' && !out.has(lineKey(line))) out.set(lineKey(line), checkLine(line, options));
  }
  return out;
}

describe('runPassParallel with worker threads', () => {
  it.each([
    ['the server fixture', () => ({ text: fs.readFileSync(fixture, 'utf8'), file: fixture })],
    ['a generated 2,000-line dataset', () => ({ text: generated, file: path.join(dir, 'generated.jsonl') })],
  ])('gives the in-process diagnostics and line results on %s', async (_name, get) => {
    const { text, file } = get();
    const options = optionsFor(file);
    const serial = runPass(text, options, new LineCache());
    const cache = new LineCache();
    const parallel = await runPassParallel(text, options, cache, never, { checker: pool, minLines: 1, token: 'equal' });
    expect(serial.items.length).toBeGreaterThan(5);
    expect(parallel.items).toEqual(serial.items);
    expect(parallel.inWorkers).toBe(serial.checked);
    expect({ ...parallel, inWorkers: undefined, items: undefined }).toEqual({ ...serial, inWorkers: undefined, items: undefined });
    // The cached results (verdicts with reasons and spans, ids, tasks), line by line.
    const expected = inProcess(text, options);
    expect(cache.size).toBe(expected.size);
    for (const [key, result] of expected) expect(cache.peekKey(key), key).toEqual(result);
    expect(pool.running).toBe(2);
  });

  it('covers every kind of problem in the generated dataset', () => {
    const ds = runPass(generated, optionsFor(path.join(dir, 'generated.jsonl')), new LineCache()).items;
    const codes = new Set(ds.map((d) => d.code));
    for (const code of ['invalid-json', 'wrong-type', 'image', 'unknown-task', 'answer-fails', 'verdict-mismatch']) expect(codes, code).toContain(code);
  });

  it('counts lines as the in-process pass does: a repeated line once, then reused; a second pass all reused', async () => {
    const options = optionsFor(path.join(dir, 'generated.jsonl'));
    const cache = new LineCache();
    const first = await runPassParallel(generated, options, cache, never, { checker: pool, minLines: 1, token: 'counts' });
    const distinct = inProcess(generated, options).size;
    expect(first.samples).toBeGreaterThan(distinct); // there are repeats
    expect(first).toMatchObject({ checked: distinct, reused: first.samples - distinct, inWorkers: distinct });
    const second = await runPassParallel(generated, options, cache, never, { checker: pool, minLines: 1, token: 'counts-2' });
    expect(second).toMatchObject({ checked: 0, reused: first.samples, inWorkers: 0, items: first.items });
  });

  it('stops sending lines past maxProblems, with the in-process result', async () => {
    const options = optionsFor(path.join(dir, 'generated.jsonl'), { maxProblems: 40 });
    const serial = runPass(generated, options, new LineCache());
    expect(serial.truncated).toBe(true);
    const parallel = await runPassParallel(generated, options, new LineCache(), never, { checker: pool, minLines: 1, token: 'cut' });
    expect(parallel.items).toEqual(serial.items);
    expect(parallel.truncated).toBe(true);
    // The serial pass checked lines up to the cut; the workers got some batches more (those sent while the
    // batch holding the cut was still out), far from the whole document.
    expect(parallel.inWorkers).toBeGreaterThanOrEqual(serial.checked);
    expect(serial.checked).toBeLessThan(200);
    expect(parallel.inWorkers).toBeLessThan(600);
  });

  it('runs in process below minLines, and when the verifier is off', async () => {
    const options = optionsFor(path.join(dir, 'generated.jsonl'));
    const small = await runPassParallel(generated, options, new LineCache(), never, { checker: pool, minLines: 100_000, token: 'small' });
    expect(small).toMatchObject({ inWorkers: 0 });
    const structure = await runPassParallel(generated, { ...options, verify: false }, new LineCache(), never, { checker: pool, minLines: 1, token: 'structure' });
    expect(structure.inWorkers).toBe(0);
    expect(small.items).toEqual(runPass(generated, options, new LineCache()).items);
  });

  it('is cancelled when the document changes; results in flight still land in the cache for the next pass', async () => {
    const options = optionsFor(path.join(dir, 'generated.jsonl'));
    const cache = new LineCache();
    let batches = 0;
    const counting: LineChecker = {
      usable: true,
      capacity: pool.capacity,
      check: (lines, ctx, token) => {
        batches++;
        return pool.check(lines, ctx, token);
      },
    };
    // Cancelled once a few batches have been sent.
    await expect(runPassParallel(generated, options, cache, () => batches >= 6, { checker: counting, minLines: 1, token: 'cancel' })).rejects.toBeInstanceOf(PassCancelled);
    const sent = batches;
    await new Promise((r) => setTimeout(r, 1500)); // the batches in flight come back
    expect(cache.size).toBeGreaterThan(0);
    expect(cache.size).toBeLessThanOrEqual(sent * 32);
    const next = await runPassParallel(generated, options, cache, never, { checker: pool, minLines: 1, token: 'after-cancel' });
    expect(next.reused).toBeGreaterThan(0);
    expect(next.items).toEqual(runPass(generated, options, new LineCache()).items);
  });
});

describe('falling back to the in-process pass', () => {
  it('when the workers cannot start: logged once, then never tried again', async () => {
    const messages: string[] = [];
    const broken = new LinePool(path.join(dir, 'no-such-server.js'), 2, { info: (m) => messages.push(m), warn: (m) => messages.push(m) });
    const options = optionsFor(path.join(dir, 'generated.jsonl'));
    const fallbacks: unknown[] = [];
    const result = await runPassParallel(generated, options, new LineCache(), never, { checker: broken, minLines: 1, token: 'broken', onFallback: (e) => fallbacks.push(e) });
    expect(result.items).toEqual(runPass(generated, options, new LineCache()).items);
    expect(result.inWorkers).toBe(0);
    expect(fallbacks).toHaveLength(1);
    expect(broken.usable).toBe(false);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/line check workers: .*no-such-server\.js.*; checking in process from now on/s);
    // The next pass does not try again.
    await runPassParallel(generated, options, new LineCache(), never, { checker: broken, minLines: 1, token: 'broken-2', onFallback: (e) => fallbacks.push(e) });
    expect(fallbacks).toHaveLength(1);
    await broken.dispose();
  });

  it('when a batch fails midway: the rest is checked in process, same diagnostics', async () => {
    const options = optionsFor(path.join(dir, 'generated.jsonl'));
    let n = 0;
    const flaky: LineChecker = {
      usable: true,
      capacity: 2,
      check: (lines, ctx, token) => (++n === 5 ? Promise.reject(new Error('worker died')) : pool.check(lines, ctx, token)),
    };
    const fallbacks: unknown[] = [];
    const result = await runPassParallel(generated, options, new LineCache(), never, { checker: flaky, minLines: 1, token: 'flaky', onFallback: (e) => fallbacks.push(e) });
    expect(fallbacks.map(String)).toEqual(['Error: worker died']);
    expect(result.inWorkers).toBeGreaterThan(0);
    expect(result.inWorkers).toBeLessThan(result.checked);
    expect(result.items).toEqual(runPass(generated, options, new LineCache()).items);
  });
});

describe('the pool', () => {
  it('sizes itself from HELIX_LSP_WORKERS, else the cores but one (1 to 3)', () => {
    expect(defaultPoolSize({ HELIX_LSP_WORKERS: '0' })).toBe(0);
    expect(defaultPoolSize({ HELIX_LSP_WORKERS: '3' })).toBe(3);
    const auto = defaultPoolSize({});
    expect(auto).toBe(Math.min(3, Math.max(1, os.availableParallelism() - 1)));
    expect(defaultPoolSize({ HELIX_LSP_WORKERS: 'many' })).toBe(auto);
  });

  it('warms its workers up with the bundled sample dataset, results unchanged', async () => {
    const sample = warmUpFile(serverJs);
    expect(sample).toBe(path.resolve(__dirname, '../../media/sample/mmhelix-eval.jsonl'));
    expect(warmUpFile(path.join(dir, 'dist', 'server.js'))).toBeUndefined();
    const warmed = new LinePool(serverJs, 1, log, 60_000, sample);
    warmed.start();
    expect(warmed.running).toBe(1);
    const options = optionsFor(fixture);
    const lines = fs.readFileSync(fixture, 'utf8').split('\n').filter((l) => l.trim());
    expect(await warmed.check(lines, options, 'warm')).toEqual(lines.map((l) => checkLine(l, options)));
    await warmed.dispose();
  });

  it('stops its workers after the idle time and starts them again on demand', async () => {
    const quick = new LinePool(serverJs, 1, log, 200);
    const options = optionsFor(fixture);
    const lines = fs.readFileSync(fixture, 'utf8').split('\n').filter((l) => l.trim());
    expect(await quick.check(lines, options, 'idle')).toEqual(lines.map((l) => checkLine(l, options)));
    expect(quick.running).toBe(1);
    await new Promise((r) => setTimeout(r, 600));
    expect(quick.running).toBe(0);
    expect(await quick.check(lines.slice(0, 1), options, 'again')).toEqual([checkLine(lines[0]!, options)]);
    expect(quick.usable).toBe(true);
    await quick.dispose();
  });
});
