/**
 * Merging several curators' journals: latest line per (sample, curator) within and across files, votes
 * and rulings kept apart, resolution (undecided / single / agreed / conflict / adjudicated), clear
 * withdrawing, stale flags, problems per file, and finding the journals on disk.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { journalLine, journalPath, serializeJournalLine, type Decision, type JournalLine } from '../../../src/core/journal';
import { curatorJournalPath, discoverJournals, readTeamJournals, TeamJournal } from '../../../src/core/team';

const H = '0123456789abcdef';
const H2 = 'fedcba9876543210';
let clock = Date.parse('2025-03-01T10:00:00.000Z');
function line(curator: string, sampleId: string, decision: Decision, over: Partial<JournalLine> & { at?: string } = {}): JournalLine {
  clock += 1000;
  const { at, ...rest } = over;
  return { ...journalLine({ curator, sampleId, contentHash: H, decision }, at ? new Date(at) : new Date(clock)), ...rest };
}
const rule = (curator: string, sampleId: string, decision: Decision, over: Partial<JournalLine> & { at?: string } = {}) => line(curator, sampleId, decision, { ...over, adjudication: true });
const one = (...lines: JournalLine[]) => TeamJournal.fromLines([{ path: 'shared.jsonl', lines }]);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-team-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('resolve', () => {
  it('undecided, single, agreed, conflict', () => {
    const t = one(line('ana', 's1', 'accept'), line('ana', 's2', 'accept'), line('bo', 's2', 'accept'), line('ana', 's3', 'accept'), line('bo', 's3', 'flag'));
    expect(t.resolve('nope')).toMatchObject({ status: 'undecided', decision: null, votes: [], stale: false });
    expect(t.resolve('s1')).toMatchObject({ status: 'single', decision: 'accept' });
    expect(t.resolve('s2')).toMatchObject({ status: 'agreed', decision: 'accept' });
    const c = t.resolve('s3');
    expect(c).toMatchObject({ status: 'conflict', decision: null, adjudicator: null });
    expect(c.votes.map((v) => [v.curator, v.decision])).toEqual([['ana', 'accept'], ['bo', 'flag']]);
    expect(t.curators()).toEqual(['ana', 'bo']);
    expect(t.sampleIds()).toEqual(['s1', 's2', 's3']);
  });

  it('the latest line per curator wins, and clear withdraws a vote', () => {
    const t = one(line('ana', 's1', 'accept'), line('ana', 's1', 'reject', { note: 'wrong' }), line('bo', 's1', 'reject'), line('ana', 's2', 'accept'), line('ana', 's2', 'clear'));
    expect(t.resolve('s1')).toMatchObject({ status: 'agreed', decision: 'reject' });
    expect(t.resolve('s1').votes[0]!.note).toBe('wrong');
    expect(t.resolve('s2').status).toBe('undecided');
    // A conflict that one curator withdraws becomes that of the other alone.
    const u = one(line('ana', 's', 'accept'), line('bo', 's', 'reject'), line('bo', 's', 'clear'));
    expect(u.resolve('s')).toMatchObject({ status: 'single', decision: 'accept' });
  });

  it('an adjudication overrides the votes, is not a vote itself, and can be withdrawn', () => {
    const lines = [line('ana', 's', 'accept'), line('bo', 's', 'reject'), line('lead', 's', 'flag'), rule('lead', 's', 'reject', { note: 'rule 3 broken' })];
    const r = one(...lines).resolve('s');
    expect(r).toMatchObject({ status: 'adjudicated', decision: 'reject', adjudicator: 'lead' });
    expect(r.ruling).toMatchObject({ curator: 'lead', decision: 'reject', note: 'rule 3 broken' });
    // lead's own vote (flag) stays a vote beside the ruling.
    expect(r.votes.map((v) => `${v.curator}:${v.decision}`)).toEqual(['ana:accept', 'bo:reject', 'lead:flag']);
    // Withdrawing the ruling: back to the conflict.
    expect(one(...lines, rule('lead', 's', 'clear')).resolve('s')).toMatchObject({ status: 'conflict', decision: null });
    // A later ordinary line of the adjudicator does not withdraw the ruling.
    expect(one(...lines, line('lead', 's', 'accept')).resolve('s')).toMatchObject({ status: 'adjudicated', decision: 'reject' });
    // An adjudication on an agreed sample still decides.
    expect(one(line('ana', 'x', 'accept'), line('bo', 'x', 'accept'), rule('cy', 'x', 'reject')).resolve('x')).toMatchObject({ status: 'adjudicated', decision: 'reject', adjudicator: 'cy' });
  });

  it('two adjudicators: the latest ruling wins; withdrawing it restores the other', () => {
    const lines = [line('ana', 's', 'accept'), line('bo', 's', 'reject'), rule('lead', 's', 'accept'), rule('chief', 's', 'reject')];
    expect(one(...lines).resolve('s')).toMatchObject({ decision: 'reject', adjudicator: 'chief' });
    expect(one(...lines, rule('chief', 's', 'clear')).resolve('s')).toMatchObject({ decision: 'accept', adjudicator: 'lead' });
  });

  it('stale only with a current hash: per vote, and for the resolution from the votes or ruling used', () => {
    const t = one(line('ana', 's', 'accept'), line('bo', 's', 'accept', { contentHash: H2 }));
    expect(t.resolve('s').votes.map((v) => v.stale)).toEqual([null, null]);
    expect(t.resolve('s').stale).toBe(false);
    const r = t.resolve('s', H);
    expect(r.votes.map((v) => v.stale)).toEqual([false, true]);
    expect(r.stale).toBe(true);
    // Adjudicated: only the ruling counts.
    const a = one(line('ana', 's', 'accept', { contentHash: H2 }), rule('lead', 's', 'accept'));
    expect(a.resolve('s', H)).toMatchObject({ status: 'adjudicated', stale: false });
    expect(a.resolve('s', H2)).toMatchObject({ status: 'adjudicated', stale: true });
  });
});

describe('merging files', () => {
  it('across files the later ts wins (ties: the later source); within a file, file order wins', () => {
    const a = { path: 'data.ana.helix-journal.jsonl', lines: [line('ana', 's1', 'accept', { at: '2025-03-02T10:00:00Z' }), line('ana', 's2', 'accept', { at: '2025-03-02T10:00:00Z' })] };
    const shared = {
      path: 'data.helix-journal.jsonl',
      lines: [
        line('ana', 's1', 'reject', { at: '2025-03-02T09:00:00Z' }), // earlier than a's line: loses although later in the list
        line('ana', 's2', 'reject', { at: '2025-03-02T10:00:00Z' }), // same ts: the later source wins
        line('ana', 's3', 'flag', { at: '2025-03-05T00:00:00Z' }),
        line('ana', 's3', 'accept', { at: '2025-03-01T00:00:00Z' }), // file order beats its own clock
      ],
    };
    const t = TeamJournal.fromLines([a, shared]);
    expect(t.resolve('s1').decision).toBe('accept');
    expect(t.resolve('s2').decision).toBe('reject');
    expect(t.resolve('s3').decision).toBe('accept');
    expect(TeamJournal.fromLines([shared, a]).resolve('s2').decision).toBe('accept');
    expect(t.lineCount).toBe(6);
    expect(t.sources).toEqual([a.path, shared.path]);
  });

  it('readTeamJournals reads files, keeps torn lines per file and reads missing files as empty', async () => {
    const fa = path.join(tmp, 'r.ana.helix-journal.jsonl');
    const fb = path.join(tmp, 'r.bo.helix-journal.jsonl');
    fs.writeFileSync(fa, serializeJournalLine(fa, line('ana', 's1', 'accept')));
    fs.writeFileSync(fb, `${serializeJournalLine(fb, line('bo', 's1', 'reject'))}{"v":1,"ts":"2025-`);
    const t = await readTeamJournals([fa, fb, path.join(tmp, 'missing.jsonl')]);
    expect(t.resolve('s1')).toMatchObject({ status: 'conflict' });
    expect(t.problems).toHaveLength(1);
    expect(t.problems[0]).toMatchObject({ path: fb, tornTail: true });
    expect(t.problems[0]!.problems[0]!.message).toMatch(/line 2: incomplete last line/);
    expect(t.forSample('s1').get('bo')?.decision).toBe('reject');
  });
});

describe('discoverJournals', () => {
  it('the dataset journal and per-curator journals beside it; not another dataset own journal', async () => {
    const dir = path.join(tmp, 'beside');
    fs.mkdirSync(dir);
    const data = path.join(dir, 'data.jsonl');
    for (const f of ['data.jsonl', 'data.helix-journal.jsonl', 'data.ana.helix-journal.jsonl', 'data.bo.helix-journal.jsonl', 'data.bob.jsonl', 'data.bob.helix-journal.jsonl', 'other.ana.helix-journal.jsonl', 'data.x.y.helix-journal.jsonl']) {
      fs.writeFileSync(path.join(dir, f), '');
    }
    fs.mkdirSync(path.join(dir, 'data.dir.helix-journal.jsonl'));
    expect(await discoverJournals(data)).toEqual(['data.ana.helix-journal.jsonl', 'data.bo.helix-journal.jsonl', 'data.helix-journal.jsonl'].map((f) => path.join(dir, f)));
    expect(curatorJournalPath(data, 'ana')).toBe(path.join(dir, 'data.ana.helix-journal.jsonl'));
    expect(curatorJournalPath(data, 'ana.b@x.org')).toBe(path.join(dir, 'data.ana_b@x_org.helix-journal.jsonl'));
    // Nothing there yet: empty.
    expect(await discoverJournals(path.join(tmp, 'nowhere', 'd.jsonl'))).toEqual([]);
  });

  it('in a journal folder: the hashed names', async () => {
    const dir = path.join(tmp, 'ds');
    fs.mkdirSync(dir);
    const data = path.join(dir, 'data.jsonl');
    fs.writeFileSync(data, '');
    const main = journalPath(data, '../journals');
    const ana = curatorJournalPath(data, 'ana', '../journals');
    expect(path.dirname(ana)).toBe(path.dirname(main));
    fs.mkdirSync(path.dirname(main), { recursive: true });
    fs.writeFileSync(main, '');
    fs.writeFileSync(ana, '');
    fs.writeFileSync(path.join(path.dirname(main), 'data.00000000.bo.helix-journal.jsonl'), ''); // another dataset named data
    expect(await discoverJournals(data, '../journals')).toEqual([ana, main].sort());
  });
});
