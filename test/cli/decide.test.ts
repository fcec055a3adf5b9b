/**
 * `helix-curate decide` through the real main(): bulk decisions by --where and --ids on the fixture traces,
 * read back from the journal (content hashes, carried tag edits and notes), idempotent re-runs, dry runs,
 * unknown ids, bad expressions, team agreement and adjudication, and worker threads (the bundled bin).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecideSummary } from '../../src/cli/decide';
import { EXIT } from '../../src/cli/main';
import { sampleFacts, type SampleFacts } from '../../src/core/facts';
import { appendJournal, contentHash, journalLine, readJournal, type JournalLine } from '../../src/core/journal';
import { openDataset } from '../../src/core/readers/open';
import { iterateSamples } from '../../src/core/readers/types';
import type { Sample } from '../../src/core/sample';
import { readTeamJournals } from '../../src/core/team';
import { defaultCueSet } from '../../src/core/trace/cues';
import { runCli } from '../helpers/cli';

const ROOT = path.resolve(__dirname, '../..');
const DATA = path.join(ROOT, 'test/fixtures/traces-dev/samples.jsonl');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-decide-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
const journal = () => path.join(tmp, `j${++n}.helix-journal.jsonl`);
const summaryOf = (out: string): DecideSummary => DecideSummary.parse(JSON.parse(out));
const linesOf = async (file: string): Promise<JournalLine[]> => {
  const r = await readJournal(file);
  expect(r.problems).toEqual([]);
  return r.lines;
};

const samples: Sample[] = [];
let facts: SampleFacts[] = [];
const byId = new Map<string, Sample>();
beforeAll(async () => {
  const reader = openDataset(DATA);
  const index = await reader.buildIndex();
  for await (const l of iterateSamples(reader, index.entries)) samples.push(l.sample!);
  await reader.close();
  const cues = defaultCueSet();
  facts = samples.map((s) => sampleFacts(s, cues));
  for (const s of samples) byId.set(s.id, s);
});

describe('decide --where', () => {
  it('bulk-accepts every passing trace with at least two backtracks: one line each, hash of the sample', async () => {
    const j = journal();
    const want = facts.filter((f) => f.verdict === 'pass' && f.backtracks >= 2).map((f) => f.id);
    expect(want.length).toBeGreaterThan(2);
    expect(want.length).toBeLessThan(samples.length);
    const r = await runCli('decide', DATA, '--journal', j, '--where', 'verdict == pass and backtracks >= 2', 'accept', '--curator', 'ana', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    const s = summaryOf(r.out);
    expect(s).toMatchObject({ matched: want.length, decided: want.length, unchanged: 0, samples: 60, analysed: true, decision: 'accept', curator: 'ana', journal: j, dryRun: false, adjudication: false, batches: 1 });
    expect(s.where).toBe('verdict == "pass" and backtracks >= 2');
    expect(s.ids).toEqual(want);
    const lines = await linesOf(j);
    expect(lines.map((l) => l.sampleId)).toEqual(want);
    for (const l of lines) {
      expect(l).toMatchObject({ curator: 'ana', decision: 'accept', tags: [], note: '', dataset: 'samples.jsonl' });
      expect(l.contentHash).toBe(contentHash(byId.get(l.sampleId)!));
      expect(l.adjudication).toBeUndefined();
    }

    // Again: everything already accepted on the same content, nothing appended.
    const again = summaryOf((await runCli('decide', DATA, '--journal', j, '--where', 'verdict == pass and backtracks >= 2', 'accept', '--curator', 'ana', '--json')).out);
    expect(again).toMatchObject({ matched: want.length, decided: 0, unchanged: want.length, batches: 0 });
    expect(await linesOf(j)).toHaveLength(want.length);

    // The curator's own decision is a field: flag what ana accepted among the sudoku ones.
    const flagged = summaryOf((await runCli('decide', DATA, '--journal', j, '--where', 'decision == accept and task == sudoku', 'flag', '--curator', 'ana', '--json')).out);
    expect(flagged.ids).toEqual(want.filter((id) => byId.get(id)!.task === 'sudoku'));
    expect(flagged.analysed).toBe(false);
  });

  it('an expression over index fields reads only the chosen samples and never analyses', async () => {
    const j = journal();
    const r = await runCli('decide', DATA, '--journal', j, '--where', "task in (maze, 'hanoi') && difficulty >= 3", 'reject', '--curator', 'bo', '--json', '--note', 'too easy?');
    const s = summaryOf(r.out);
    const want = samples.filter((x) => (x.task === 'maze' || x.task === 'hanoi') && Number(x.difficulty) >= 3).map((x) => x.id);
    expect(want.length).toBeGreaterThan(0);
    expect(s).toMatchObject({ analysed: false, matched: want.length, decided: want.length });
    expect((await linesOf(j)).map((l) => [l.sampleId, l.note, l.contentHash])).toEqual(want.map((id) => [id, 'too easy?', contentHash(byId.get(id)!)]));
  });

  it('--dry-run lists what would be decided and writes nothing', async () => {
    const j = journal();
    const r = await runCli('decide', DATA, '--journal', j, '--where', 'mismatch == false and correction >= 1 and task == maze', 'reject', '--curator', 'ana', '--dry-run');
    expect(r.code).toBe(EXIT.ok);
    const want = facts.filter((f) => f.task === 'maze' && f.tags.correction >= 1).map((f) => f.id);
    expect(want.length).toBeGreaterThan(0);
    expect(r.out).toContain(`dry run: would have decided reject on ${want.length} sample(s) as ana in ${j}`);
    for (const id of want) expect(r.out).toMatch(new RegExp(`\\n  ${id}\\s+maze\\s+clear -> reject\\n`));
    expect(fs.existsSync(j)).toBe(false);
  });

  it('a bad expression is a usage error with a caret, before anything is read', async () => {
    const j = journal();
    const r = await runCli('decide', DATA, '--journal', j, '--where', 'verdict == pass and backtraks > 1', 'accept');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('--where: unknown field "backtraks" (did you mean backtracks?) at column 21');
    expect(r.err).toContain('                      ^^^^^^^^^');
    expect(fs.existsSync(j)).toBe(false);
  });
});

describe('decide --ids', () => {
  it('unknown ids: an error listing them, nothing appended', async () => {
    const j = journal();
    const r = await runCli('decide', DATA, '--journal', j, '--ids', `${samples[0]!.id},nope-1,${samples[1]!.id},nope-2`, 'accept');
    expect(r.code).toBe(EXIT.notFound);
    expect(r.err).toContain('no sample with id "nope-1", "nope-2" (2 of 4 ids unknown; nothing was decided)');
    expect(fs.existsSync(j)).toBe(false);
  });

  it('keeps the curator tag edits and note as the webview does; --note replaces the note; clear withdraws', async () => {
    const j = journal();
    const [a, b, c] = samples;
    const edits = [{ step: 1, tag: 'backtracking' as const, op: 'add' as const }];
    await appendJournal(j, journalLine({ curator: 'ana', sampleId: a!.id, contentHash: contentHash(a!), decision: 'clear', tags: edits, note: 'look at step 2' }));
    await appendJournal(j, journalLine({ curator: 'bo', sampleId: b!.id, contentHash: contentHash(b!), decision: 'accept', tags: edits, note: 'bo' }));
    const r = await runCli('decide', DATA, '--journal', j, '--ids', `${a!.id}, ${b!.id}`, 'reject', '--curator', 'ana', '--json');
    expect(summaryOf(r.out)).toMatchObject({ matched: 2, decided: 2, ids: [a!.id, b!.id] });
    let lines = await linesOf(j);
    expect(lines.slice(2).map((l) => [l.sampleId, l.curator, l.decision, l.tags, l.note])).toEqual([
      [a!.id, 'ana', 'reject', edits, 'look at step 2'],
      [b!.id, 'ana', 'reject', [], ''], // bo's edits are bo's
    ]);
    await runCli('decide', DATA, '--journal', j, '--ids', a!.id, 'reject', '--curator', 'ana', '--note', 'wrong path');
    lines = await linesOf(j);
    expect(lines.at(-1)).toMatchObject({ sampleId: a!.id, decision: 'reject', note: 'wrong path', tags: edits });
    // clear: withdraws a's; c was never decided: nothing to withdraw.
    const cleared = summaryOf((await runCli('decide', DATA, '--journal', j, '--ids', `${a!.id},${c!.id}`, 'clear', '--curator', 'ana', '--json')).out);
    expect(cleared).toMatchObject({ matched: 2, decided: 1, unchanged: 1, ids: [a!.id] });
    expect((await linesOf(j)).at(-1)).toMatchObject({ sampleId: a!.id, decision: 'clear', tags: edits });
  });

  it('the curator defaults to $HELIX_CURATOR', async () => {
    const j = journal();
    const before = process.env['HELIX_CURATOR'];
    process.env['HELIX_CURATOR'] = 'env-curator';
    try {
      await runCli('decide', DATA, '--journal', j, '--ids', samples[5]!.id, 'flag');
    } finally {
      if (before === undefined) delete process.env['HELIX_CURATOR'];
      else process.env['HELIX_CURATOR'] = before;
    }
    expect((await linesOf(j)).map((l) => l.curator)).toEqual(['env-curator']);
  });

  it('usage errors', async () => {
    expect((await runCli('decide', DATA, 'accept')).err).toMatch(/exactly one of --ids/);
    expect((await runCli('decide', DATA, '--ids', 'a', '--where', 'steps > 1', 'accept')).err).toMatch(/exactly one of --ids/);
    expect((await runCli('decide', DATA, '--ids', 'a', 'approve')).err).toMatch(/"approve" is not a decision/);
    expect((await runCli('decide', DATA, '--ids', ' , ', 'accept')).code).toBe(EXIT.usage);
  });
});

describe('team: agreement and adjudication', () => {
  it('rules on the conflicts between two curators per-curator journals', async () => {
    const dir = path.join(tmp, 'team');
    fs.mkdirSync(dir);
    const data = path.join(dir, 'data.jsonl');
    fs.copyFileSync(DATA, data);
    const ids = samples.slice(0, 6).map((s) => s.id);
    const ana = path.join(dir, 'data.ana.helix-journal.jsonl');
    const bo = path.join(dir, 'data.bo.helix-journal.jsonl');
    await runCli('decide', data, '--no-image-check', '--journal', ana, '--ids', ids.join(','), 'accept', '--curator', 'ana');
    await runCli('decide', data, '--no-image-check', '--journal', bo, '--ids', ids.slice(0, 3).join(','), 'accept', '--curator', 'bo');
    await runCli('decide', data, '--no-image-check', '--journal', bo, '--ids', ids.slice(3, 5).join(','), 'reject', '--curator', 'bo');
    // 0-2 agreed, 3-4 conflict, 5 single.
    const lead = path.join(dir, 'data.lead.helix-journal.jsonl');
    const r = await runCli('decide', data, '--no-image-check', '--journal', lead, '--where', 'agreement == conflict', 'reject', '--curator', 'lead', '--adjudicate', '--json');
    expect(r.err).toBe('');
    const s = summaryOf(r.out);
    expect(s).toMatchObject({ adjudication: true, ids: ids.slice(3, 5), analysed: false });
    const lines = await linesOf(lead);
    expect(lines.every((l) => l.adjudication === true && l.curator === 'lead' && l.decision === 'reject')).toBe(true);
    const team = await readTeamJournals([ana, bo, lead]);
    expect(ids.map((id) => team.resolve(id).status)).toEqual(['agreed', 'agreed', 'agreed', 'adjudicated', 'adjudicated', 'single']);
    expect(team.resolve(ids[3]!)).toMatchObject({ decision: 'reject', adjudicator: 'lead' });
    // Nothing left in conflict.
    const again = summaryOf((await runCli('decide', data, '--no-image-check', '--journal', lead, '--where', 'agreement == conflict', 'reject', '--curator', 'lead', '--adjudicate', '--json')).out);
    expect(again.matched).toBe(0);
  });
});

describe('worker threads (the bundled bin)', () => {
  it('--workers 3 gives the lines the main thread gives', () => {
    const bin = path.join(tmp, 'cli.cjs');
    buildSync({ entryPoints: [path.join(ROOT, 'src/cli/bin.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: bin, logLevel: 'error', loader: { '.json': 'json' } });
    const expr = 'verification >= 2 or (verdict != pass and steps > 10)';
    const run = (workers: string, j: string) => spawnSync(process.execPath, [bin, 'decide', DATA, '--journal', j, '--where', expr, 'flag', '--curator', 'w', '--workers', workers, '--json', '--quiet'], { encoding: 'utf8' });
    const j1 = journal();
    const j3 = journal();
    const one = run('0', j1);
    const three = run('3', j3);
    expect(one.status, one.stderr).toBe(0);
    expect(three.status, three.stderr).toBe(0);
    const s1 = summaryOf(one.stdout);
    const s3 = summaryOf(three.stdout);
    expect(s1.threads).toBe(1);
    expect(s3.threads).toBe(3);
    const want = facts.filter((f) => f.tags.verification >= 2 || (f.verdict !== 'pass' && f.steps > 10)).map((f) => f.id);
    expect(s1.ids).toEqual(want);
    expect(s3.ids).toEqual(want);
    const strip = (ls: JournalLine[]) => ls.map(({ ts: _ts, ...rest }) => rest);
    expect(strip(readJournalSyncLines(j3))).toEqual(strip(readJournalSyncLines(j1)));
  }, 120_000);
});

function readJournalSyncLines(file: string): JournalLine[] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as JournalLine);
}
