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
import { makePng } from '../helpers/png';
import { PROBLEM_LINES, terminalSafe } from '../../src/cli/problems';
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

  it('names the first 50 unreadable rows, then counts the rest (a file of junk lines does not flood stderr)', async () => {
    const f = path.join(tmp, 'junk.jsonl');
    fs.writeFileSync(f, `${'x\n'.repeat(2_000)}${JSON.stringify({ id: 'u', category: 'chess', prediction: 'e4' })}\n`);
    const r = await run('verify', f, '--json', '--workers', '1');
    expect(r.code).toBe(EXIT.badRows);
    const named = r.err.split('\n').filter((l) => l.startsWith(`${f}:`) && /: expected a JSON object/.test(l));
    expect(named).toHaveLength(50);
    expect(named[0]).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1: `));
    expect(r.err).toContain(`${f}: 1,950 more unreadable rows not listed`);
    expect(r.err).toMatch(/2000 unreadable rows/);
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

describe('verify and tag: sample problems on stderr, exit codes of file-level errors', () => {
  /** A folder with good images, a text file named .png, a 20,000 x 20,000 PNG header, and rows using them. */
  function imageDataset(name: string): { file: string; rows: Array<Record<string, unknown>> } {
    const d = path.join(tmp, name);
    fs.mkdirSync(path.join(d, 'images'), { recursive: true });
    fs.writeFileSync(path.join(d, 'images', 'ok.png'), makePng(3, 3, [0, 0, 0]));
    fs.writeFileSync(path.join(d, 'images', 'text.png'), 'hello, I am not a picture\n');
    const bomb = makePng(1, 1, [0, 0, 0]);
    bomb.writeUInt32BE(20000, 16);
    bomb.writeUInt32BE(20000, 20);
    fs.writeFileSync(path.join(d, 'images', 'huge.png'), bomb);
    const base = rows[0]!;
    const out = [
      { ...base, id: 'good', images: ['images/ok.png'] },
      { ...base, id: 'text', images: ['images/text.png'] },
      { ...base, id: 'huge', images: ['images/ok.png', 'images/huge.png'] },
      { ...base, id: 'gone', images: ['images/missing.png'] },
      { ...base, id: 'abs', images: ['/etc/passwd'] },
    ];
    return { file: path.join(d, 'data.jsonl'), rows: out };
  }

  it('verify and tag name each sample problem as FILE:LINE: ID: field: message, in file order; exit 0 (problems are not bad rows)', async () => {
    const { file, rows: rs } = imageDataset('problems');
    fs.writeFileSync(file, `${rs.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const expected = [
      `${file}:2: text: images[0]: image is not a PNG, JPEG, GIF, WebP or BMP file: images/text.png (starts with "hello, I am not "…)`,
      `${file}:3: huge: images[1]: image is 20000 x 20000 pixels (400 megapixels), over the 64-megapixel limit: images/huge.png`,
      `${file}:4: gone: images[0]: image not found: images/missing.png (looked in ${path.dirname(file)})`,
      `${file}:5: abs: images[0]: absolute image path refused (/etc/passwd); image paths must be relative to the dataset's folder`,
    ];
    for (const cmd of [['verify', file, '--json'], ['verify', file], ['tag', file, '--json'], ['tag', file]]) {
      const r = await run(...cmd);
      expect(r.code, `${cmd.join(' ')}: ${r.err}`).toBe(EXIT.ok);
      const named = r.err.split('\n').filter((l) => /^:\d+: /.test(l.slice(file.length)) && l.startsWith(file));
      expect(named, cmd.join(' ')).toEqual(expected);
    }
    // The verdicts are still there (an image problem does not stop verification).
    const v = await run('verify', file, '--json');
    expect(v.out.trim().split('\n').map((l) => VerifyLine.parse(JSON.parse(l)).id)).toEqual(['good', 'text', 'huge', 'gone', 'abs']);
    expect(v.err).toContain('4 sample problems (images, fields; listed on stderr)');
    // --no-image-check: the files are not looked at; the refused path is still refused (it is never opened).
    const unchecked = await run('verify', file, '--json', '--no-image-check');
    expect(unchecked.err.split('\n').filter((l) => /^:\d+: /.test(l.slice(file.length)) && l.startsWith(file))).toEqual([expected[3]]);
  });

  it('the first 50 problems are listed, then a count of the rest', async () => {
    const { file, rows: rs } = imageDataset('many-problems');
    const many = Array.from({ length: 70 }, (_, i) => ({ ...rs[3]!, id: `gone-${i}`, images: [`images/missing-${i}.png`, 'images/text.png'] }));
    fs.writeFileSync(file, `${[rs[0], ...many].map((r) => JSON.stringify(r)).join('\n')}\n`);
    for (const cmd of ['verify', 'tag']) {
      const r = await run(cmd, file, '--json');
      expect(r.code).toBe(EXIT.ok);
      const named = r.err.split('\n').filter((l) => /^:\d+: /.test(l.slice(file.length)) && l.startsWith(file));
      expect(named).toHaveLength(PROBLEM_LINES);
      expect(named[0]).toBe(`${file}:2: gone-0: images[0]: image not found: images/missing-0.png (looked in ${path.dirname(file)})`);
      expect(named[1]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: gone-0: images\\[1\\]: image is not a PNG`));
      expect(named[49]).toMatch(/:26: gone-24: images\[1\]: /);
      expect(r.err).toContain(`${file}: 90 more sample problems not listed (140 in 70 samples; `);
    }
  });

  it('row text is escaped on the terminal (no line breaks or escape sequences from the file)', async () => {
    const { file, rows: rs } = imageDataset('escapes');
    fs.writeFileSync(file, `${JSON.stringify({ ...rs[0]!, id: 'x\u001b[2J\nfake', images: ['images/a\u001b]0;pwned\u0007\n.png'] })}\n`);
    const r = await run('verify', file, '--json');
    expect(r.err).not.toContain('\u001b');
    expect(r.err).not.toContain('\u0007');
    const named = r.err.split('\n').filter((l) => /^:\d+: /.test(l.slice(file.length)) && l.startsWith(file));
    expect(named).toEqual([`${file}:1: x\\u001b[2J\\nfake: images[0]: image not found: images/a\\u001b]0;pwned\\u0007\\n.png (looked in ${path.dirname(file)})`]);
    expect(terminalSafe('a'.repeat(400))).toHaveLength(301);
  });

  it('a JSON array cut off mid-way: verify and tag exit 1 like stats, naming the break', async () => {
    const file = path.join(tmp, 'cut.json');
    const text = JSON.stringify(rows.slice(0, 4), null, 1);
    fs.writeFileSync(file, text.slice(0, Math.floor(text.length * 0.7)));
    const stats = await run('stats', file, '--json');
    expect(stats.code).toBe(EXIT.badRows);
    for (const cmd of [['verify', file, '--json'], ['verify', file], ['tag', file, '--json'], ['tag', file]]) {
      const r = await run(...cmd);
      expect(r.code, `${cmd.join(' ')}: ${r.err}`).toBe(EXIT.badRows);
      expect(r.err).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line \\d+: `, 'm'));
    }
    const v = await run('verify', file);
    expect(v.out).toMatch(/1 file error \(listed first\): rows after it may be lost/);
    // The rows before the break still verify.
    const lines = (await run('verify', file, '--json')).out.trim().split('\n').map((l) => VerifyLine.parse(JSON.parse(l)));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map((l) => l.id)).toEqual(rows.slice(0, lines.length).map((x) => x.id));
    // The whole array: exit 0.
    const whole = path.join(tmp, 'whole.json');
    fs.writeFileSync(whole, text);
    expect((await run('verify', whole, '--json')).code).toBe(EXIT.ok);
    expect((await run('tag', whole, '--json')).code).toBe(EXIT.ok);
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

  it('worker threads name the same sample problems, in file order, as the main thread (verify and tag)', { timeout: 120_000 }, async () => {
    const d = path.join(tmp, 'threaded-problems');
    fs.mkdirSync(path.join(d, 'images'), { recursive: true });
    fs.writeFileSync(path.join(d, 'images', 'ok.png'), makePng(2, 2, [0, 0, 0]));
    // Over tag's inline threshold (2,000 samples), one in 30 with a missing image.
    const file = path.join(d, 'data.jsonl');
    const many = Array.from({ length: 2100 }, (_, i) => ({ id: `s${i}`, category: 'maze', answer: '1', prediction: `thinking ${i}\n\nWait, check again.\n\n\\boxed{1}`, images: [i % 30 === 7 ? `images/gone-${i}.png` : 'images/ok.png'] }));
    fs.writeFileSync(file, `${many.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const expected = many.filter((_, i) => i % 30 === 7).slice(0, PROBLEM_LINES).map((r, k) => `${file}:${k * 30 + 8}: ${r.id}: images[0]: image not found: images/gone-${k * 30 + 7}.png (looked in ${d})`);
    for (const cmd of ['verify', 'tag']) {
      const threaded = spawnSync(process.execPath, [bin, cmd, file, '--json', '--workers', '2', '--quiet'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      expect(threaded.status, threaded.stderr.slice(0, 500)).toBe(EXIT.ok);
      const named = threaded.stderr.split('\n').filter((l) => l.startsWith(`${file}:`) && /^:\d+: /.test(l.slice(file.length)));
      expect(named, cmd).toEqual(expected);
      expect(threaded.stderr).toContain(`${file}: 20 more sample problems not listed (70 in 70 samples; `);
      const inline = await run(cmd, file, '--json', '--workers', '0');
      expect(inline.err.split('\n').filter((l) => l.startsWith(file))).toEqual(threaded.stderr.split('\n').filter((l) => l.startsWith(file)));
    }
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
