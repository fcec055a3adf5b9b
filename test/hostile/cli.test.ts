/**
 * Issue #8, CLI layer: `helix-curate verify --json`, `stats --json` and `tag --json` over every kind of the
 * hostile corpus (in-process through main()), and a few kinds through the built bin as a real child process
 * (dist/cli.js, built by `pretest`): exit codes as documented, every unreadable row named on stderr as
 * `FILE:LINE: …` (or `FILE row N: …`), every good sample present with a verdict and a tag line, no internal
 * error, no hang, nothing executed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/main';
import { DatasetStats } from '../../src/core/stats';
import { TagLine } from '../../src/core/trace';
import { VerifyLine } from '../../src/core/verify/batch';
import { runCli } from '../helpers/cli';
import { buildCorpus, CORPUS_KINDS, fullCorpusRequested, GOOD_REFERENCE, MARKER_NAME, type HostileCase } from './corpus';

const ROOT = path.resolve(__dirname, '../..');
const FULL = fullCorpusRequested();
let dir = '';
let cases = new Map<string, HostileCase>();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-hostile-cli-'));
  cases = new Map(buildCorpus(dir, { full: FULL }).map((c) => [c.kind, c]));
}, 180_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function bound(kind: string): number {
  if (kind === 'json-array-200mb') return 400_000;
  if (kind === 'jsonl-million-lines') return FULL ? 300_000 : 60_000;
  if (kind === 'json-array-20mb' || kind.startsWith('board-1000-') || kind === 'jsonl-line-50mb') return 60_000;
  return 20_000;
}

const jsonLines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

describe.each(CORPUS_KINDS.map((k) => [k]))('hostile corpus, CLI: %s', (kind) => {
  it('verify, stats and tag name every bad row, keep every good sample, and exit as documented', { timeout: bound(kind) }, async (ctx) => {
    const c = cases.get(kind);
    if (!c) {
      expect(kind === 'json-array-200mb' && !FULL).toBe(true);
      ctx.skip();
      return;
    }
    if (kind === 'jsonl-million-lines' && !FULL) {
      // verify/tag of a million unreadable rows take about a minute and 1.8 GB (an open bug, see the #8 report):
      // always stats (it names the bad rows), verify and tag with HELIX_HOSTILE_FULL=1.
      const stats = await runCli('stats', c.file, '--json');
      expect(stats.code).toBe(EXIT.badRows);
      const st = DatasetStats.parse(JSON.parse(stats.out));
      expect(st.bad).toBe(1_000_000);
      for (const bad of c.bad.slice(0, 1)) expect(st.badRows.some((b) => b.line === bad.line && bad.message.test(b.error))).toBe(true);
      return;
    }
    const verify = await runCli('verify', c.file, '--json');
    const stats = await runCli('stats', c.file, '--json');
    const tag = await runCli('tag', c.file, '--json');
    for (const [name, r] of [['verify', verify], ['stats', stats], ['tag', tag]] as const) {
      expect(r.err, `${name}: ${r.err.slice(0, 400)}`).not.toContain('internal error');
      expect([EXIT.ok, EXIT.badRows, EXIT.unreadable], `${name} exit ${r.code}`).toContain(r.code);
      if (r.code === EXIT.unreadable) {
        expect(c.fileError, `${name} refused the file: ${r.err}`).toBeDefined();
        expect(r.err).toContain(c.file);
      }
    }
    if (stats.code === EXIT.unreadable) return;

    const st = DatasetStats.parse(JSON.parse(stats.out));
    if (c.fileError) expect(st.fileErrors.join('\n')).toMatch(c.fileError);
    // stats: exit 1 exactly when there are bad rows or file errors (documented).
    expect(stats.code).toBe(st.bad > 0 || st.fileErrors.length > 0 ? EXIT.badRows : EXIT.ok);

    const vlines = jsonLines(verify.out).map((l) => VerifyLine.parse(l));
    const byId = new Map(vlines.map((l) => [l.id, l]));
    const tlines = new Map(jsonLines(tag.out).map((l) => TagLine.parse(l)).map((l) => [l.id, l]));

    // Unreadable rows and file-level errors (a JSON array cut off): verify and tag exit as stats does (1).
    expect(verify.code, `verify exit; stats: ${st.bad} bad rows, file errors ${JSON.stringify(st.fileErrors).slice(0, 300)}`).toBe(stats.code);
    expect(tag.code, 'tag exit').toBe(stats.code);
    // Sample problems (images, fields) are named by verify and tag alike, FILE:LINE: ID: field: message.
    const named = (err: string) => err.split('\n').filter((l) => l.startsWith(c.file) && /^( row \d+|:\d+): /.test(l.slice(c.file.length)));
    expect(named(tag.err)).toEqual(named(verify.err));
    for (const bad of c.bad) {
      const place = bad.line !== undefined ? `${c.file}:${bad.line}: ` : bad.ordinal !== undefined ? `${c.file} row ${bad.ordinal + 1}: ` : null;
      const onStderr = place !== null && verify.err.split('\n').some((l) => l.startsWith(place) && bad.message.test(l));
      const asFileError = bad.line !== undefined && verify.err.includes(`${c.file}: line ${bad.line}: `);
      const v = bad.id !== undefined ? byId.get(bad.id) : undefined;
      const inVerdict = v !== undefined && (bad.message.test(v.reason ?? '') || bad.message.test(v.strictReason ?? ''));
      // A sample problem (an image missing, refused, not an image, too large) is named with the sample's id.
      if (onStderr && bad.id !== undefined && v !== undefined) expect(verify.err.split('\n').some((l) => l.startsWith(`${place}${bad.id}: `) && bad.message.test(l)) || inVerdict).toBe(true);
      expect(onStderr || asFileError || inVerdict, `${c.kind}: bad ${JSON.stringify({ ...bad, message: String(bad.message) })} not named; stderr: ${verify.err.slice(0, 500)}`).toBe(true);
    }

    // Every good sample: a verdict line (not an error, as the fixture's reference decided) and a tag line.
    for (const id of c.good) {
      const v = byId.get(id);
      expect(v, `${c.kind}: no verify line for good sample ${id}`).toBeDefined();
      expect(v!.reference, `${c.kind}: ${id}: ${v!.reason}`).not.toBe('error');
      const ref = GOOD_REFERENCE.get(id);
      if (ref !== undefined) expect(v!.reference === 'pass', `${c.kind}: ${id} (${v!.reason})`).toBe(ref);
      expect(tlines.get(id), `${c.kind}: no tag line for good sample ${id}`).toBeDefined();
    }
    for (const id of c.hostileIds ?? []) {
      expect(byId.has(id) || byId.has(id.trim()), `${c.kind}: no verify line for hostile sample ${id}`).toBe(true);
      expect(tlines.has(id), `${c.kind}: no tag line for hostile sample ${id}`).toBe(true);
    }
    expect(fs.existsSync(path.join(path.dirname(c.file), MARKER_NAME))).toBe(false);
  });
});

describe('the built bin (dist/cli.js) as a child process on hostile files', () => {
  const bin = path.join(ROOT, 'dist/cli.js');
  const kinds = ['code-like', 'boxed-unclosed', 'xss-trace', 'jsonl-invalid-utf8', 'parquet-corrupt-page', 'tsv-unbalanced-quote-middle', 'jsonl-empty', 'board-1000-maze'];
  for (const kind of kinds) {
    it(`${kind}: verify and tag exit cleanly in bounded time, nothing executes`, { timeout: 90_000 }, () => {
      expect(fs.existsSync(bin), 'dist/cli.js is missing: `npm test` builds it first (pretest); run `npx webpack`').toBe(true);
      const c = cases.get(kind)!;
      for (const cmd of [['verify', c.file, '--json', '--quiet'], ['tag', c.file, '--json', '--quiet', '--workers', '2']]) {
        const r = spawnSync(process.execPath, [bin, ...cmd], { encoding: 'utf8', timeout: 40_000, maxBuffer: 256 * 1024 * 1024, cwd: path.dirname(c.file) });
        expect(r.error, `${kind} ${cmd[0]}: ${String(r.error)}`).toBeUndefined();
        expect(r.signal, `${kind} ${cmd[0]} was killed (hang?)`).toBeNull();
        expect([EXIT.ok, EXIT.badRows], `${kind} ${cmd[0]} exit ${r.status}: ${r.stderr.slice(0, 400)}`).toContain(r.status);
        expect(r.stderr).not.toContain('internal error');
      }
      expect(fs.existsSync(path.join(path.dirname(c.file), MARKER_NAME))).toBe(false);
      expect(fs.readdirSync(path.dirname(c.file)).filter((f) => f.includes('MARKER'))).toEqual([]);
    });
  }
});
