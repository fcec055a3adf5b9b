/**
 * `helix-curate tag` in-process through main(): JSON lines (schema, code point offsets, file order),
 * the summary table, --cues (extending, and a bad file naming its entry), exit codes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/main';
import { runCli } from '../helpers/cli';
import { TagLine } from '../../src/core/trace/analyse';

const ROOT = path.resolve(__dirname, '../..');
const DEV = path.join(ROOT, 'test/fixtures/traces-dev/samples.jsonl');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-tag-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const run = runCli;

function lines(out: string): TagLine[] {
  return out
    .trim()
    .split('\n')
    .map((l) => TagLine.parse(JSON.parse(l)));
}

describe('helix-curate tag', () => {
  it('prints one JSON line per sample, in file order, with gold step spans', async () => {
    const r = await run('tag', DEV, '--json');
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toBe('');
    const got = lines(r.out);
    const gold = fs
      .readFileSync(path.join(ROOT, 'test/fixtures/traces-dev/gold.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; steps: Array<{ index: number; start: number; end: number }> });
    expect(got.map((l) => l.id)).toEqual(gold.map((g) => g.id));
    got.forEach((l, i) => expect(l.steps.map((s) => [s.index, s.start, s.end])).toEqual(gold[i]!.steps.map((s) => [s.index, s.start, s.end])));
    const tagged = got.flatMap((l) => l.steps).filter((s) => s.tags.length);
    expect(tagged.length).toBeGreaterThan(200);
    for (const s of tagged) {
      expect(s.cues.length).toBeGreaterThan(0);
      for (const c of s.cues) expect(c.start >= s.start && c.end <= s.end).toBe(true);
    }
    expect(got[0]!.stats?.steps).toBe(gold[0]!.steps.length);
  });

  it('gives code point offsets into the response (emoji, CRLF, no think tag)', async () => {
    const f = path.join(tmp, 'astral.jsonl');
    const a = '<think>\r\n🧩 Plan: first the rows, then the columns.\r\n\r\nWait, I made a mistake: 😀 is 3, not 4.\r\n</think>\r\n\r\n\\boxed{3}';
    const b = 'No tags here.\n\nLet me double-check: 2 + 2 = 4 ✓';
    fs.writeFileSync(f, `${JSON.stringify({ id: 'a', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: a }] })}\n${JSON.stringify({ id: 'b', prediction: b })}\n${JSON.stringify({ id: 'c', question: 'no response' })}\n`);
    const r = await run('tag', f, '--json');
    expect(r.code).toBe(EXIT.ok);
    const [la, lb, lc] = lines(r.out);
    const cps = [...a];
    expect(la!.steps.map((s) => cps.slice(s.start, s.end).join(''))).toEqual(['🧩 Plan: first the rows, then the columns.', 'Wait, I made a mistake: 😀 is 3, not 4.']);
    expect(la!.steps.map((s) => s.tags)).toEqual([['subgoal'], ['correction']]);
    const cue = la!.steps[1]!.cues.find((c) => c.cue === 'i-made-a-mistake')!;
    expect(cps.slice(cue.start, cue.end).join('')).toBe('I made a mistake');
    expect(lb!.steps.map((s) => [...b].slice(s.start, s.end).join(''))).toEqual(['No tags here.', 'Let me double-check: 2 + 2 = 4 ✓']);
    expect(lb!.stats?.split).toBe('untagged');
    expect(lc).toEqual({ id: 'c', steps: [], stats: null });
  });

  it('prints a summary table per task and difficulty without --json', async () => {
    const r = await run('tag', DEV);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/60 samples: 60 analysed, 0 without a response, 0 unreadable; cues: default/);
    expect(r.out).toMatch(/^task\s+samples\s+steps\s+tokens\s+verif\s+backtr\s+subgoal\s+bwd\s+corr\s+density\s+1st refl\s+revised$/m);
    for (const t of ['24Points', 'hamiltonian_path', 'hanoi', 'maze', 'shortest_distance_weighted', 'sudoku', 'all']) expect(r.out).toMatch(new RegExp(`^${t}\\s+\\d+`, 'm'));
    expect(r.out).toMatch(/^difficulty\s+samples/m);
  });

  it('uses a --cues file that extends the default', async () => {
    const cues = path.join(tmp, 'more.json');
    fs.writeFileSync(cues, JSON.stringify({ schemaVersion: 1, extends: 'default', tags: { verification: { cues: [{ id: 'house-check', phrases: ['sanity pass'], weight: 1 }] } } }));
    const f = path.join(tmp, 'one.jsonl');
    fs.writeFileSync(f, `${JSON.stringify({ id: 'x', prediction: 'Work.\n\nA sanity pass over the grid.' })}\n`);
    const plain = lines((await run('tag', f, '--json')).out);
    const extended = await run('tag', f, '--json', '--cues', cues);
    expect(plain[0]!.steps[1]!.tags).toEqual([]);
    expect(lines(extended.out)[0]!.steps[1]!.cues.map((c) => c.cue)).toEqual(['house-check']);
    expect((await run('tag', f, '--cues', cues)).out).toContain(`cues: ${cues}`);
  });

  it('rejects a bad cue file with exit 2, naming the file and the entry', async () => {
    const cues = path.join(tmp, 'bad.json');
    fs.writeFileSync(cues, JSON.stringify({ schemaVersion: 1, extends: 'default', tags: { backtracking: { cues: [{ id: 'dead', pattern: '(dead end', weight: 1 }] } } }));
    const r = await run('tag', DEV, '--cues', cues);
    expect(r.code).toBe(EXIT.usage);
    expect(r.out).toBe('');
    expect(r.err).toContain(`bad cue file: ${cues}: tags.backtracking.cues[0] ("dead"): pattern is not a valid regular expression`);
  });

  it('reports unreadable rows with their line, keeps going, and exits 1', async () => {
    const f = path.join(tmp, 'bad-row.jsonl');
    fs.writeFileSync(f, `${JSON.stringify({ id: 'ok', prediction: 'Let me verify: 1 + 1 = 2 ✓' })}\n{"id": "broken", \n${JSON.stringify({ id: 'ok2', prediction: 'fine' })}\n`);
    const r = await run('tag', f, '--json');
    expect(r.code).toBe(EXIT.badRows);
    const ls = lines(r.out);
    expect(ls.map((l) => l.id)).toEqual(['ok', '#2', 'ok2']);
    expect(ls[1]!.error).toBeTruthy();
    expect(r.err).toMatch(/bad-row\.jsonl:2/);
    const t = await run('tag', f);
    expect(t.code).toBe(EXIT.badRows);
    expect(t.out).toMatch(/3 samples: 2 analysed, 0 without a response, 1 unreadable/);
  });

  it('uses the usual exit codes for usage errors and unreadable files', async () => {
    expect((await run('tag')).code).toBe(EXIT.usage);
    expect((await run('tag', DEV, DEV)).code).toBe(EXIT.usage);
    expect((await run('tag', DEV, '--workers', '-1')).code).toBe(EXIT.usage);
    const missing = await run('tag', path.join(tmp, 'nope.jsonl'));
    expect(missing.code).toBe(EXIT.unreadable);
    const help = await run('--help');
    expect(help.out).toContain('helix-curate tag FILE [--json] [--cues CUES.json]');
    expect(help.out).toContain('code point offsets');
  });
});

describe('helix-curate tag in worker threads (the built bin, dist/cli.js, built by `pretest`)', () => {
  it('gives the same lines as the main thread', async () => {
    const bin = path.join(ROOT, 'dist/cli.js');
    expect(fs.existsSync(bin), 'run `npm run build` first').toBe(true);
    const src = fs.readFileSync(DEV, 'utf8').trim().split('\n');
    const f = path.join(tmp, 'big.jsonl');
    // 2,400 samples (more than the inline threshold), ids made unique.
    const rows: string[] = [];
    for (let i = 0; i < 2400; i++) {
      const row = JSON.parse(src[i % src.length]!) as { id: string };
      row.id = `${row.id}-${i}`;
      rows.push(JSON.stringify(row));
    }
    fs.writeFileSync(f, `${rows.join('\n')}\n`);
    const { spawnSync } = await import('node:child_process');
    const threaded = spawnSync(process.execPath, [bin, 'tag', f, '--json', '--workers', '2', '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(threaded.status).toBe(0);
    const inline = await run('tag', f, '--json', '--workers', '0');
    expect(threaded.stdout.length).toBeGreaterThan(0);
    expect(threaded.stdout).toBe(inline.out);
  }, 60_000);
});
