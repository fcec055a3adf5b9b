/**
 * `helix-curate verify`: JSON lines (schema, file order, chosen mode), the accuracy table, -o written
 * atomically, worker threads (through the built bin) giving the same lines as the main thread.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/main';
import { runCli } from '../helpers/cli';
import { VerifyLine } from '../../src/core/verify/batch';
import { cases } from '../verify/fixtureCases';

const ROOT = path.resolve(__dirname, '../..');
const FIX = path.join(ROOT, 'test/fixtures/mmhelix-dev');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-verify-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const run = runCli;

/** The fixture responses joined with their instances: an evaluation file as VLMEvalKit writes it (in JSONL). */
const joined = path.join(FIX, '..', 'joined-eval.tmp.jsonl');
const rows = cases.map((c, i) => ({ ...c.instance, id: `${c.instance.id}~${i}`, prediction: c.response.response, verdict: c.response.verdict }));
fs.writeFileSync(joined, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
afterAll(() => fs.rmSync(joined, { force: true }));

describe('verify --json (main thread)', () => {
  it('one schema-valid line per sample, in file order, agreeing with the reference; table on stderr', async () => {
    const r = await run('verify', joined, '--json', '--workers', '0');
    expect(r.code).toBe(EXIT.ok);
    const lines = r.out.trim().split('\n').map((l) => VerifyLine.parse(JSON.parse(l)));
    expect(lines.map((l) => l.id)).toEqual(rows.map((x) => x.id));
    expect(lines.map((l) => l.verdict === 'pass')).toEqual(cases.map((c) => c.response.verdict));
    expect(lines.every((l) => l.mismatch === null)).toBe(true);
    expect(lines.every((l) => l.verdict === l.reference)).toBe(true);
    expect(r.err).toMatch(/overall\s+mean of tasks/);
    expect(r.err).toMatch(/graph_problems/);
  });

  it('--mode strict reports the strict verdict as "verdict"', async () => {
    const r = await run('verify', joined, '--json', '--workers', '0', '--mode', 'strict');
    const lines = r.out.trim().split('\n').map((l) => VerifyLine.parse(JSON.parse(l)));
    expect(lines.every((l) => l.verdict === l.strict)).toBe(true);
    expect(lines.some((l) => l.strict !== l.reference)).toBe(true);
  });

  it('a stored verdict that disagrees with the re-run is a mismatch with both values', async () => {
    const f = path.join(FIX, '..', 'mismatch.tmp.jsonl');
    const c = cases.find((x) => x.response.verdict)!;
    fs.writeFileSync(f, `${JSON.stringify({ ...c.instance, prediction: c.response.response, is_correct: false })}\n`);
    try {
      const r = await run('verify', f, '--json');
      const [line] = r.out.trim().split('\n').map((l) => VerifyLine.parse(JSON.parse(l)));
      expect(line!.mismatch).toEqual({ stored: false, rerun: true });
      expect(r.err).toContain('stored-verdict mismatches: 1');
    } finally {
      fs.rmSync(f, { force: true });
    }
  });

  it('samples without a response are skipped, unknown tasks are unsupported, unreadable rows reported', async () => {
    const f = path.join(tmp, 'mixed.jsonl');
    fs.writeFileSync(f, [JSON.stringify({ id: 'no-response', category: 'maze' }), JSON.stringify({ id: 'u', category: 'chess', prediction: 'e4' }), '{"id": "broken",'].join('\n'));
    const r = await run('verify', f, '--json');
    expect(r.code).toBe(EXIT.badRows);
    const lines = r.out.trim().split('\n').map((l) => VerifyLine.parse(JSON.parse(l)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ id: 'u', verdict: 'unsupported', reason: 'no verifier for task "chess" and no metric_info.score_function' });
    expect(r.err).toContain(`${f}:3: `);
  });

  it('extractedSpan is in code points of the response (as tag --json and Python index it)', async () => {
    const f = path.join(tmp, 'emoji.jsonl');
    const response = '🙂🙂 Let me think. \\boxed{15}';
    fs.writeFileSync(f, `${JSON.stringify({ id: 'e', category: 'max_flow', answer: '15', metric_info: { score_function: 'simple_str_match' }, prediction: response })}\n`);
    const r = await run('verify', f, '--json');
    const [line] = r.out.trim().split('\n').map((l) => VerifyLine.parse(JSON.parse(l)));
    const cp = [...response];
    expect(line!.extracted).toBe('15');
    expect(cp.slice(line!.extractedSpan![0], line!.extractedSpan![1]).join('')).toBe('15');
    expect(line!.extractedSpan).toEqual([response.length - 3 - 2, response.length - 1 - 2]);
  });

  it('-o writes the lines atomically to the output file; usage errors', async () => {
    const out = path.join(tmp, 'verdicts.jsonl');
    const r = await run('verify', joined, '--json', '-o', out);
    expect(r.code).toBe(EXIT.ok);
    expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(rows.length);
    expect(fs.readdirSync(tmp).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await run('verify', joined, '--mode', 'lenient')).code).toBe(EXIT.usage);
    expect((await run('verify', joined, '--workers', 'two')).code).toBe(EXIT.usage);
  });
});

describe('verify with worker threads (the built bin)', () => {
  const bin = path.join(ROOT, 'dist/cli.js');
  it('gives exactly the main-thread lines, in order, with 2 workers', async () => {
    expect(fs.existsSync(bin), 'dist/cli.js is missing: `npm test` builds it first').toBe(true);
    const threaded = spawnSync(process.execPath, [bin, 'verify', joined, '--json', '--workers', '2', '--quiet'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(threaded.status, threaded.stderr).toBe(0);
    const inline = await run('verify', joined, '--json', '--workers', '0');
    expect(threaded.stdout).toBe(inline.out);
  });

  it('Ctrl-C (SIGINT) leaves no output file behind and exits 130', async () => {
    const big = path.join(tmp, 'big.jsonl');
    fs.writeFileSync(big, `${Array.from({ length: 30 }, () => fs.readFileSync(joined, 'utf8').trim()).join('\n')}\n`);
    const out = path.join(tmp, 'cancelled.jsonl');
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [bin, 'verify', big, '--json', '--no-image-check', '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Interrupt once the run has started writing (its temporary output file exists).
    const started = () => fs.readdirSync(tmp).some((n) => n.startsWith('.cancelled.jsonl.') && n.endsWith('.tmp'));
    for (let i = 0; i < 1000 && !started(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(started()).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(EXIT.cancelled);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(tmp).filter((n) => n.includes('cancelled'))).toEqual([]);
  });
});
