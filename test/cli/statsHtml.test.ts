/**
 * `helix-curate stats FILE --html OUT.html --journal J ...`: the insight page written from the fixture
 * dataset (mmhelix-dev + traces-realistic + an unreadable row) and three curators' journals. The report in
 * the page is read back and checked against counts made independently from the fixture's decision rules
 * and against the kappa functions; the usage errors, the target mix file, the atomic write, Ctrl-C, and the
 * worker threads of the built CLI (dist/cli.js, same report as the main thread alone).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main } from '../../src/cli/main';
import { InsightReport } from '../../src/core/insight';
import { expectedDecisions, makeFixtureDataset, type FixtureDataset } from '../core/insight/fixtureDataset';
import { runCli, Sink } from '../helpers/cli';

const ROOT = path.resolve(__dirname, '../..');

/** The report JSON inside a page. */
function reportOf(html: string): InsightReport {
  const m = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html);
  if (!m) throw new Error('no #report-data in the page');
  return InsightReport.parse(JSON.parse(m[1]!));
}

describe('stats --html', () => {
  let f: FixtureDataset;
  let out: string;
  let result: { code: number; out: string; err: string };
  let report: InsightReport;
  let html: string;

  beforeAll(async () => {
    f = await makeFixtureDataset();
    out = path.join(f.dir, 'out', 'insight.html');
    fs.mkdirSync(path.dirname(out));
    result = await runCli('stats', f.file, '--html', out, ...f.journals.flatMap((j) => ['--journal', j]), '--workers', '0');
    html = fs.readFileSync(out, 'utf8');
    report = reportOf(html);
  }, 120_000);
  afterAll(() => f?.cleanup());

  it('writes one page with the report, exits 1 for the unreadable row and names it', () => {
    expect(result.code).toBe(EXIT.badRows);
    expect(result.err).toMatch(/eval\.jsonl:1800: .*not closed/);
    expect(result.err).toContain('1 decided sample ids in the journals are not in');
    expect(result.out).toMatch(new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: 1,800 samples \\(1 unreadable\\), [\\d,]+ accepted, 3 curators, \\d+ KB\\n$`));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-');
    // Self-contained: the script and style inline, no src= or href= to load anything.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect(html).toContain('url("data:font/ttf;base64,');
    // Written atomically: nothing but the page in its folder.
    expect(fs.readdirSync(path.dirname(out))).toEqual(['insight.html']);
  });

  it('counts every row; the unreadable one as an error of its task', () => {
    expect(report.samples).toBe(f.rows);
    expect(report.pending).toBe(0);
    expect(report.passRate.overall.verdicts.error).toBeGreaterThanOrEqual(1);
    // 1,769 evaluation rows over the 42 tasks; the traces' own tasks; every 97th stored verdict flipped.
    expect(report.passRate.byTask.filter((r) => report.balance.tasks.some((b) => b.key === r.key))).toHaveLength(42);
    expect(report.mismatches.total).toBe(Math.floor((1769 - 5 - 1) / 97) + 1);
    // The reflective traces carry tags.
    expect(report.tags.tags.find((t) => t.tag === 'backtracking')!.samples).toBeGreaterThan(5);
    expect(report.positions.withReflection).toBeGreaterThan(5);
  });

  it('decisions: the journals merged and resolved as the fixture rules say', () => {
    const want = expectedDecisions(f);
    const d = report.decisions;
    expect({ accept: d.overall.accept, reject: d.overall.reject, flag: d.overall.flag, conflict: d.overall.conflict, stale: d.overall.stale }).toEqual({
      accept: want.accept,
      reject: want.reject,
      flag: want.flag,
      conflict: want.conflict,
      stale: want.stale,
    });
    expect(d.resolution).toEqual({ ...want.status, undecided: f.rows - f.decided.size });
    expect(report.balance.accepted).toBe(want.accept);
  });

  it("agreement: Cohen's kappa of ana and bo on the samples both decided, as computed from the votes", () => {
    const a = report.decisions.agreement.decisions!;
    const pairs = [...f.decided.values()].filter((d) => d.ana && d.bo);
    // Cohen's kappa by hand: observed agreement against the agreement the two curators' margins predict.
    const cats = ['accept', 'reject', 'flag'];
    const n = pairs.length;
    const po = pairs.filter((p) => p.ana === p.bo).length / n;
    const pe = cats.reduce((s, c) => s + (pairs.filter((p) => p.ana === c).length / n) * (pairs.filter((p) => p.bo === c).length / n), 0);
    const kappa = (po - pe) / (1 - pe);
    expect(n).toBeGreaterThan(100);
    expect(a.curators).toEqual(['ana', 'bo']);
    expect(a.overall.method).toBe('cohen');
    expect(a.overall.items).toBe(pairs.length);
    expect(a.overall.kappa).toBeCloseTo(kappa, 12);
    expect(a.overall.observed).toBeCloseTo(po, 12);
    expect(Object.keys(a.perTask).length).toBeGreaterThan(10);
    expect(report.decisions.agreement.tags!.overall.items).toBeGreaterThan(0);
  });

  it('--target-mix: weights from a JSON file; bad files are usage errors naming the file', async () => {
    const mix = path.join(f.dir, 'mix.json');
    fs.writeFileSync(mix, JSON.stringify({ tasks: { maze: 3, sudoku: 1 }, difficulties: { '1': 1 } }));
    const o2 = path.join(f.dir, 'mix.html');
    const r = await runCli('stats', f.file, '--html', o2, '--journal', f.journals[0]!, '--target-mix', mix, '--workers', '0');
    expect(r.code).toBe(EXIT.badRows);
    const b = reportOf(fs.readFileSync(o2, 'utf8')).balance;
    expect(b.mix).toEqual({ tasks: { maze: 3, sudoku: 1 }, difficulties: { '1': 1 } });
    const maze = b.tasks.find((t) => t.key === 'maze')!;
    expect(maze.targetShare).toBe(0.75);
    expect(maze.shortfall).toBe(Math.max(0, Math.ceil(0.75 * b.accepted - maze.actual - 1e-9)));
    expect(b.difficulties.map((d) => d.targetShare)).toEqual([1, 0, 0, 0, 0]);

    fs.writeFileSync(mix, JSON.stringify({ tasks: { Maze: 1 } }));
    const bad = await runCli('stats', f.file, '--html', o2, '--target-mix', mix);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.err).toContain(`${mix}: target mix: unknown task "Maze"`);
    fs.writeFileSync(mix, '{"tasks": {"maze": -1}}');
    expect((await runCli('stats', f.file, '--html', o2, '--target-mix', mix)).err).toMatch(/mix\.json: not a target mix .*tasks\.maze/);
    fs.writeFileSync(mix, 'uniform');
    expect((await runCli('stats', f.file, '--html', o2, '--target-mix', mix)).err).toContain('mix.json: not JSON');
  });

  it('usage: --journal and --target-mix need --html; --html not with --json', async () => {
    const r = await runCli('stats', f.file, '--journal', f.journals[0]!);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('--journal and --target-mix go with --html OUT.html');
    expect((await runCli('stats', f.file, '--html', path.join(f.dir, 'x.html'), '--json')).code).toBe(EXIT.usage);
  });

  it('without --journal: the journals found beside the dataset', async () => {
    const o3 = path.join(f.dir, 'found.html');
    const r = await runCli('stats', f.file, '--html', o3, '--workers', '0');
    expect(r.out).toContain('3 curators');
    expect(reportOf(fs.readFileSync(o3, 'utf8')).decisions).toEqual(report.decisions);
  });

  it('Ctrl-C: exit 130 and no page', async () => {
    const stop = new AbortController();
    stop.abort();
    const o4 = path.join(f.dir, 'cancelled.html');
    const code = await main(['stats', f.file, '--html', o4, '--quiet', '--workers', '0'], new Sink(), new Sink(), { signal: stop.signal });
    expect(code).toBe(EXIT.cancelled);
    expect(fs.existsSync(o4)).toBe(false);
    expect(fs.readdirSync(f.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('the built CLI spreads the facts over worker threads: same report as the main thread alone', () => {
    const bin = path.join(ROOT, 'dist/cli.js');
    if (!fs.existsSync(bin)) throw new Error('dist/cli.js is missing: run `npm run build` before this test');
    // Twice the rows (over the 2,000 below which the main thread works alone).
    const big = path.join(f.dir, 'big.jsonl');
    const text = fs.readFileSync(f.file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('{"id": "broken"'));
    fs.writeFileSync(big, `${[...text, ...text].join('\n')}\n`);
    const args = (o: string, workers: string) => [bin, 'stats', big, '--html', o, '--workers', workers, '--quiet', ...f.journals.flatMap((j) => ['--journal', j])];
    const threaded = spawnSync(process.execPath, args(path.join(f.dir, 'w2.html'), '2'), { encoding: 'utf8' });
    expect(threaded.stderr).toBe(`1 decided sample ids in the journals are not in ${big} (left out)\n`);
    expect(threaded.status).toBe(EXIT.ok);
    const inline = spawnSync(process.execPath, args(path.join(f.dir, 'w0.html'), '0'), { encoding: 'utf8' });
    expect(inline.status).toBe(EXIT.ok);
    const a = reportOf(fs.readFileSync(path.join(f.dir, 'w2.html'), 'utf8'));
    const b = reportOf(fs.readFileSync(path.join(f.dir, 'w0.html'), 'utf8'));
    expect(a.samples).toBe(2 * (f.rows - 1));
    expect(a).toEqual(b);
  }, 120_000);
});

describe('stats --html on a file that cannot be read', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-stats-html-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a missing dataset exits 3; a journal that is a folder exits 3 naming it; nothing is written', async () => {
    const o = path.join(dir, 'x.html');
    expect((await runCli('stats', path.join(dir, 'nope.jsonl'), '--html', o)).code).toBe(EXIT.unreadable);
    const data = path.join(dir, 'd.jsonl');
    fs.writeFileSync(data, '{"id": "a", "category": "maze", "prediction": "x"}\n');
    const r = await runCli('stats', data, '--html', o, '--journal', dir);
    expect(r.code).toBe(EXIT.unreadable);
    expect(r.err).toContain(`${dir}: cannot read the journal`);
    expect(fs.existsSync(o)).toBe(false);
  });
});
