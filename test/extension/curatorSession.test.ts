/**
 * The curator's host-side message flow (src/extension/curator/session.ts) without VS Code: a real
 * DatasetEngine in-process over a copy of the bundled sample dataset, a real journal on disk, and fake
 * panels that record (and validate) what the host posts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendJournal, journalLine, readJournal } from '../../src/core/journal';
import { curatorJournalPath, discoverJournals } from '../../src/core/team';
import { InProcessBackend } from '../../src/extension/curator/backend';
import { CuratorSession } from '../../src/extension/curator/session';
import type { SavedView } from '../../src/protocol/curator';
import { writeHfParquet, type HfRow } from '../helpers/hfParquet';
import { FakePanel, until } from '../helpers/curatorPanel';
import { makePng } from '../helpers/png';

const SAMPLE_DIR = path.resolve(__dirname, '../../media/sample');

let dir: string;
let dataset: string;
let journal: string;
const sessions: CuratorSession[] = [];

function open(options: { curator?: string; views?: SavedView[]; team?: boolean } = {}): { session: CuratorSession; store: { views: SavedView[] } } {
  const store = { views: options.views ?? [] };
  const session = new CuratorSession({
    datasetPath: dataset,
    journalPath: journal,
    curator: options.curator ?? 'alice',
    autoAdvance: true,
    backend: new InProcessBackend({ file: dataset, maxRowBytes: 32 << 20, checkImages: true, cuesFile: null }),
    views: { load: () => store.views, save: (v) => Promise.resolve(void (store.views = v)) },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    ...(options.team ? { discoverJournals: () => discoverJournals(dataset) } : {}),
  });
  sessions.push(session);
  return { session, store };
}

async function readyPanel(session: CuratorSession): Promise<FakePanel> {
  const panel = new FakePanel();
  session.attach(panel);
  await session.receive(panel, { type: 'ready' });
  return panel;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-session-'));
  dataset = path.join(dir, 'mmhelix-eval.jsonl');
  fs.copyFileSync(path.join(SAMPLE_DIR, 'mmhelix-eval.jsonl'), dataset);
  fs.cpSync(path.join(SAMPLE_DIR, 'images'), path.join(dir, 'images'), { recursive: true });
  journal = path.join(dir, 'mmhelix-eval.helix-journal.jsonl');
});

afterEach(() => {
  for (const s of sessions.splice(0)) s.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const TOTAL = fs.readFileSync(path.join(SAMPLE_DIR, 'mmhelix-eval.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').length;

describe('curator session', () => {
  it('answers ready with init, the index, the analysis, decisions and saved views; every message valid', async () => {
    const { session } = open();
    const panel = await readyPanel(session);
    expect(panel.messages[0]?.type).toBe('init');
    const init = panel.of('init')[0]!;
    expect(init).toMatchObject({ fileName: 'mmhelix-eval.jsonl', curator: 'alice', journalPath: journal, autoAdvance: true });
    await until('index done', () => panel.last('indexStatus')?.done);
    const rows = panel.of('indexChunk').reduce((n, c) => n + c.ids.length, 0);
    expect(rows).toBe(TOTAL);
    expect(panel.last('indexStatus')?.samples).toBe(TOTAL);
    await until('analysis done', () => panel.last('summaryStatus')?.finished);
    const verdicts = panel.of('summaryChunk').flatMap((c) => c.verdicts);
    expect(verdicts).toHaveLength(TOTAL);
    expect(verdicts).not.toContain('pending');
    expect(new Set(verdicts).has('pass')).toBe(true);
    // The insight columns agree with the list verdict: lenient = reference pass + strict fail, pass = both pass.
    const chunks = panel.of('summaryChunk');
    const reference = chunks.flatMap((c) => c.reference);
    const strict = chunks.flatMap((c) => c.strict);
    const steps = chunks.flatMap((c) => c.steps);
    const first = chunks.flatMap((c) => c.firstReflection);
    verdicts.forEach((v, i) => {
      if (v === 'pass') expect([reference[i], strict[i]]).toEqual(['pass', 'pass']);
      if (v === 'lenient') expect([reference[i], strict[i]]).toEqual(['pass', 'fail']);
      if (v === 'fail') expect(reference[i]).toBe('fail');
      if (v === 'none') expect([reference[i], strict[i], steps[i]]).toEqual([null, null, 0]);
    });
    expect(steps.filter((n) => n > 0).length).toBeGreaterThan(TOTAL / 2);
    expect(first.every((f) => f === null || (f >= 0 && f <= 1))).toBe(true);
    expect(panel.of('decisions')[0]?.entries).toEqual([]);
    expect(panel.of('savedViews')[0]?.views).toEqual([]);
  });

  it('a second panel (or a reloaded webview) gets the same full replay', async () => {
    const { session } = open();
    const first = await readyPanel(session);
    await until('analysis done', () => first.last('summaryStatus')?.finished);
    const second = await readyPanel(session);
    expect(second.of('indexChunk').reduce((n, c) => n + c.ids.length, 0)).toBe(TOTAL);
    expect(second.of('summaryChunk').flatMap((c) => c.verdicts)).toEqual(first.of('summaryChunk').flatMap((c) => c.verdicts));
  });

  it('loads a sample with its steps, verdict, board and images as webview URIs', async () => {
    const { session } = open();
    const panel = await readyPanel(session);
    await until('index done', () => panel.last('indexStatus')?.done);
    const ids = panel.of('indexChunk').flatMap((c) => c.ids);
    const maze = ids.findIndex((id) => id.includes('maze'));
    expect(maze).toBeGreaterThanOrEqual(0);
    await session.receive(panel, { type: 'requestSample', ordinal: maze });
    const msg = await until('sample', () => panel.last('sample'));
    expect(msg.error).toBeNull();
    const d = msg.detail!;
    expect(d.id).toBe(ids[maze]);
    expect(d.verdict).not.toBeNull();
    expect(d.images.length).toBeGreaterThan(0);
    expect(d.images[0]!.src).toMatch(/^https:\/\/webview\.test\//);
    expect(d.board).not.toBeNull();
    expect(d.contentHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('records accept, accept, reject in the journal, in order, and shows them as decisions', async () => {
    const { session } = open();
    const panel = await readyPanel(session);
    await until('index done', () => panel.last('indexStatus')?.done);
    const ids = panel.of('indexChunk').flatMap((c) => c.ids);
    await session.receive(panel, { type: 'decide', ordinal: 0, decision: 'accept' });
    await session.receive(panel, { type: 'decide', ordinal: 1, decision: 'accept' });
    await session.receive(panel, { type: 'decide', ordinal: 2, decision: 'reject', note: 'answer cropped' });
    const read = await readJournal(journal);
    expect(read.problems).toEqual([]);
    expect(read.lines.map((l) => [l.sampleId, l.decision, l.curator])).toEqual([
      [ids[0], 'accept', 'alice'],
      [ids[1], 'accept', 'alice'],
      [ids[2], 'reject', 'alice'],
    ]);
    expect(read.lines[2]!.note).toBe('answer cropped');
    expect(read.lines.every((l) => l.dataset === 'mmhelix-eval.jsonl')).toBe(true);
    const decisions = panel.last('decisions')!;
    expect(decisions.entries.map((e) => [e.ordinal, e.decision])).toEqual([
      [0, 'accept'],
      [1, 'accept'],
      [2, 'reject'],
    ]);
    expect(decisions.canUndo).toBe(true);
    expect(session.counts()).toMatchObject({ total: TOTAL, accept: 2, reject: 1, flag: 0, left: TOTAL - 3 });
    const byTask = session.progressByTask();
    expect(byTask.reduce((n, t) => n + t.total, 0)).toBe(TOTAL);
    expect(byTask.reduce((n, t) => n + t.accept, 0)).toBe(2);
  });

  it('undo and redo append lines (never rewrite) and restore the previous state', async () => {
    const { session } = open();
    const panel = await readyPanel(session);
    await until('index done', () => panel.last('indexStatus')?.done);
    await session.receive(panel, { type: 'decide', ordinal: 0, decision: 'accept' });
    await session.receive(panel, { type: 'decide', ordinal: 0, decision: 'reject' });
    await session.receive(panel, { type: 'undo' });
    expect(panel.last('decisions')!.entries.map((e) => e.decision)).toEqual(['accept']);
    await session.receive(panel, { type: 'undo' });
    expect(panel.last('decisions')!.entries).toEqual([]);
    expect(panel.last('decisions')!.canUndo).toBe(false);
    await session.receive(panel, { type: 'redo' });
    expect(panel.last('decisions')!.entries.map((e) => e.decision)).toEqual(['accept']);
    const read = await readJournal(journal);
    expect(read.lines.map((l) => l.decision)).toEqual(['accept', 'reject', 'accept', 'clear', 'accept']);
  });

  it('toggling a tag on a step records a step-tag edit and re-sends the detail with it', async () => {
    const { session } = open();
    const panel = await readyPanel(session);
    await until('index done', () => panel.last('indexStatus')?.done);
    await session.receive(panel, { type: 'requestSample', ordinal: 0 });
    const d = await until('sample', () => panel.last('sample')?.detail ?? undefined);
    const step = d.steps[0]!;
    const adds = !step.autoTags.includes('subgoal');
    const before = panel.of('sample').length;
    await session.receive(panel, { type: 'toggleTag', ordinal: 0, step: step.index, tag: 'subgoal' });
    await until('re-sent detail', () => panel.of('sample').length > before);
    const again = panel.last('sample')!.detail!;
    expect(again.steps[0]!.tags.includes('subgoal')).toBe(adds);
    const read = await readJournal(journal);
    expect(read.lines.at(-1)!.tags).toEqual([{ step: step.index, tag: 'subgoal', op: adds ? 'add' : 'remove' }]);
    expect(read.lines.at(-1)!.decision).toBe('clear');
    // A later decision keeps the tag edit.
    await session.receive(panel, { type: 'decide', ordinal: 0, decision: 'accept' });
    expect((await readJournal(journal)).lines.at(-1)!.tags).toHaveLength(1);
  });

  it('reopening shows earlier decisions; a sample changed on disk makes its decision stale', async () => {
    const first = open();
    const p1 = await readyPanel(first.session);
    await until('index done', () => p1.last('indexStatus')?.done);
    await first.session.receive(p1, { type: 'decide', ordinal: 0, decision: 'accept' });
    await first.session.receive(p1, { type: 'decide', ordinal: 1, decision: 'flag' });
    first.session.dispose();
    // Change the response of the first row.
    const lines = fs.readFileSync(dataset, 'utf8').split('\n');
    const row = JSON.parse(lines[0]!) as Record<string, unknown>;
    row['prediction'] = `${typeof row['prediction'] === 'string' ? row['prediction'] : ''} (edited)`;
    lines[0] = JSON.stringify(row);
    fs.writeFileSync(dataset, lines.join('\n'));
    const second = open();
    const p2 = await readyPanel(second.session);
    await until('analysis done', () => p2.last('summaryStatus')?.finished);
    const entries = p2.last('decisions')!.entries;
    expect(entries.map((e) => [e.ordinal, e.decision, e.stale])).toEqual([
      [0, 'accept', true],
      [1, 'flag', false],
    ]);
    expect(second.session.counts().stale).toBe(1);
  });

  it('shows decisions another process appends to the journal', async () => {
    const { session } = open();
    const panel = await readyPanel(session);
    await until('index done', () => panel.last('indexStatus')?.done);
    const id = panel.of('indexChunk')[0]!.ids[3]!;
    await appendJournal(journal, journalLine({ curator: 'alice', sampleId: id, contentHash: '0123456789abcdef', decision: 'reject' }));
    const entries = await until('decision from disk', () => panel.last('decisions')?.entries.find((e) => e.ordinal === 3));
    expect(entries.decision).toBe('reject');
  });

  it('keeps only this curator’s decisions; other curators do not leak in', async () => {
    await appendJournal(journal, journalLine({ curator: 'bob', sampleId: 'dev-shortest_distance_weighted-1', contentHash: '0123456789abcdef', decision: 'reject' }));
    const { session } = open({ curator: 'alice' });
    const panel = await readyPanel(session);
    await until('index done', () => panel.last('indexStatus')?.done);
    expect(panel.last('decisions')!.entries).toEqual([]);
  });

  it('reports a torn journal tail and still records new decisions', async () => {
    fs.writeFileSync(journal, '{"v":1,"ts":"2026-01-01T00:00:00.000Z","curator":"alice","sampleId":"x","conte');
    const { session } = open();
    const panel = await readyPanel(session);
    expect(panel.last('decisions')!.journalProblems.join('\n')).toMatch(/line 1/);
    await until('index done', () => panel.last('indexStatus')?.done);
    await session.receive(panel, { type: 'decide', ordinal: 0, decision: 'accept' });
    const read = await readJournal(journal);
    expect(read.lines.map((l) => l.decision)).toEqual(['accept']);
  });

  it('saves and deletes views, persisted through the store', async () => {
    const { session, store } = open();
    const panel = await readyPanel(session);
    const view: SavedView = { name: 'failing mazes', filter: { tasks: ['maze'], verdicts: ['fail'] } };
    await session.receive(panel, { type: 'saveView', view });
    expect(store.views).toEqual([view]);
    expect(panel.last('savedViews')!.views).toEqual([view]);
    await session.receive(panel, { type: 'deleteView', name: 'failing mazes' });
    expect(store.views).toEqual([]);
  });

  it('ignores invalid messages and reports a bad row with its file and line', async () => {
    fs.appendFileSync(dataset, '{"id": "broken", "category": "maze", \n');
    const { session } = open();
    const panel = await readyPanel(session);
    await session.receive(panel, { type: 'decide', ordinal: -1, decision: 'accept' });
    await session.receive(panel, { type: 'nonsense' });
    expect(fs.existsSync(journal)).toBe(false);
    await until('index done', () => panel.last('indexStatus')?.done);
    const errors = panel.of('indexChunk').flatMap((c) => c.errors);
    expect(errors.filter((e) => e !== null)).toHaveLength(1);
    await session.receive(panel, { type: 'requestSample', ordinal: TOTAL });
    const msg = await until('sample', () => panel.last('sample'));
    expect(msg.detail).toBeNull();
    expect(msg.error).toContain('mmhelix-eval.jsonl');
    expect(msg.error).toMatch(/mmhelix-eval\.jsonl:\d+: /);
    // It has no content hash: a decision on it is refused with a message naming the file.
    await session.receive(panel, { type: 'decide', ordinal: TOTAL, decision: 'accept' });
    expect(panel.last('error')?.message).toMatch(/mmhelix-eval\.jsonl/);
  });

  it('decideById records a decision without a panel (the extension API)', async () => {
    const { session } = open();
    await session.loaded;
    const line = await session.decideById('dev-shortest_distance_weighted-1', 'accept', 'ok');
    expect(line).toMatchObject({ decision: 'accept', note: 'ok', curator: 'alice' });
    await expect(session.decideById('no-such-id', 'accept')).rejects.toThrow(/no sample with id "no-such-id"/);
  });
});

describe('curator session on a Hugging Face Parquet file', () => {
  it('indexes row groups, shows embedded images as data: URIs, and journals decisions beside it', async () => {
    const png = makePng(4, 3, [200, 30, 30]);
    const rows: HfRow[] = Array.from({ length: 5 }, (_, i) => ({
      id: `pq-${i}`,
      category: 'maze',
      difficulty: BigInt(1 + (i % 3)),
      question: '<image>Find the path.',
      answer: 'R D',
      messages: [
        { role: 'user', content: '<image>Find the path.' },
        { role: 'assistant', content: `<think>\nFirst, go right.\n\nWait, let me double-check that: the cell below is a wall.\n</think>\nThe answer is R D` },
      ],
      images: [{ bytes: new Uint8Array(png), path: `maze-${i}.png` }],
      seed: BigInt(i),
    }));
    const file = writeHfParquet(path.join(dir, 'train.parquet'), rows, { rowGroupSize: 2 });
    const journalFile = path.join(dir, 'train.helix-journal.jsonl');
    const session = new CuratorSession({
      datasetPath: file,
      journalPath: journalFile,
      curator: 'carol',
      autoAdvance: true,
      backend: new InProcessBackend({ file, maxRowBytes: 32 << 20, checkImages: true, cuesFile: null }),
      views: { load: () => [], save: () => Promise.resolve() },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    sessions.push(session);
    const panel = await readyPanel(session);
    await until('index done', () => panel.last('indexStatus')?.done);
    expect(panel.of('indexChunk').flatMap((c) => c.ids)).toEqual(rows.map((r) => r.id));
    expect(panel.of('indexChunk').flatMap((c) => c.lines)).toEqual([null, null, null, null, null]);
    await session.receive(panel, { type: 'requestSample', ordinal: 3 });
    const d = await until('sample', () => panel.last('sample')?.detail ?? undefined);
    expect(d.id).toBe('pq-3');
    expect(d.images[0]!.src).toMatch(/^data:image\/png;base64,/);
    expect(d.steps.some((s) => s.tags.includes('verification'))).toBe(true);
    await session.receive(panel, { type: 'decide', ordinal: 3, decision: 'reject' });
    expect((await readJournal(journalFile)).lines.map((l) => [l.sampleId, l.decision, l.dataset])).toEqual([['pq-3', 'reject', 'train.parquet']]);
  });

  describe('team curation: every curator\'s journal merged', () => {
    /** Bob's and carol's own journals (per-curator files beside the dataset), with votes on rows 0..3. */
    async function otherCurators(session: CuratorSession, panel: FakePanel): Promise<string[]> {
      await until('index done', () => panel.last('indexStatus')?.done);
      const ids = panel.of('indexChunk').flatMap((c) => c.ids);
      const hash = async (i: number) => (await session.decide(i, 'clear')).contentHash;
      const hashes = [await hash(0), await hash(1), await hash(2), await hash(3)];
      const vote = (curator: string, i: number, decision: 'accept' | 'reject' | 'flag') =>
        appendJournal(curatorJournalPath(dataset, curator), journalLine({ curator, sampleId: ids[i]!, contentHash: hashes[i]!, decision }));
      await vote('bob', 0, 'accept');
      await vote('bob', 1, 'reject');
      await vote('bob', 2, 'accept');
      await vote('carol', 0, 'accept');
      await vote('carol', 1, 'accept');
      return ids;
    }

    it('merges the journals on open: agreement, conflicts, votes per curator, kappa', async () => {
      const first = open({ team: true });
      const p0 = await readyPanel(first.session);
      const ids = await otherCurators(first.session, p0);
      await first.session.decide(0, 'accept');
      await first.session.decide(1, 'accept');
      await first.session.decide(2, 'reject');
      first.session.dispose();

      const { session } = open({ team: true });
      const panel = await readyPanel(session);
      await until('index done', () => panel.last('indexStatus')?.done);
      const team = await until('team entries', () => {
        const t = panel.last('team');
        return t && t.entries.length >= 3 ? t : undefined;
      });
      expect(new Set(team.curators)).toEqual(new Set(['alice', 'bob', 'carol']));
      expect(team.journals).toHaveLength(3);
      const byOrdinal = new Map(team.entries.map((e) => [e.ordinal, e]));
      expect(byOrdinal.get(0)).toMatchObject({ status: 'agreed', decision: 'accept' });
      expect(byOrdinal.get(0)!.votes.map((v) => v.curator).sort()).toEqual(['alice', 'bob', 'carol']);
      expect(byOrdinal.get(1)).toMatchObject({ status: 'conflict', decision: null });
      expect(byOrdinal.get(2)).toMatchObject({ status: 'conflict' });
      expect(byOrdinal.has(3)).toBe(false);
      // Alice's own decisions stay hers alone.
      expect(panel.last('decisions')!.entries.map((e) => [e.sampleId, e.decision])).toEqual([
        [ids[0], 'accept'],
        [ids[1], 'accept'],
        [ids[2], 'reject'],
      ]);
      // Rows 0 and 1 were decided by all three: Fleiss' kappa over 2 items.
      const overall = team.decisionAgreement!.overall;
      expect(overall).toMatchObject({ method: 'fleiss', raters: 3, items: 2 });
    });

    it('adjudicate records the final decision with who decided, apart from the curator\'s own vote', async () => {
      const { session } = open({ team: true });
      const panel = await readyPanel(session);
      const ids = await otherCurators(session, panel);
      await session.decide(1, 'reject');
      await session.receive(panel, { type: 'adjudicate', ordinal: 1, decision: 'accept' });
      const entry = await until('adjudicated', () => panel.last('team')?.entries.find((e) => e.ordinal === 1 && e.status === 'adjudicated'));
      expect(entry).toMatchObject({ decision: 'accept', adjudicator: 'alice' });
      // Alice's own vote is still reject: the ruling is a separate track.
      expect(panel.last('decisions')!.entries.find((e) => e.ordinal === 1)?.decision).toBe('reject');
      const lines = (await readJournal(journal)).lines.filter((l) => l.sampleId === ids[1]);
      expect(lines.at(-1)).toMatchObject({ curator: 'alice', decision: 'accept', adjudication: true });
      // Withdrawing the ruling brings the conflict back.
      await session.receive(panel, { type: 'adjudicate', ordinal: 1, decision: 'clear' });
      await until('conflict again', () => panel.last('team')?.entries.find((e) => e.ordinal === 1 && e.status === 'conflict'));
    });

    it('picks up another curator\'s journal appearing while open, and computes step-tag agreement', async () => {
      const { session } = open({ team: true });
      const panel = await readyPanel(session);
      await until('index done', () => panel.last('indexStatus')?.done);
      await session.decide(0, 'accept');
      await session.decide(1, 'accept');
      // The team snapshot follows the appends (coalesced on a timer): alice alone first.
      expect(await until('alice in the team', () => panel.last('team')?.curators.includes('alice') && panel.last('team')!.curators)).toEqual(['alice']);
      await otherCurators(session, panel);
      const team = await until('bob and carol seen', () => {
        const t = panel.last('team');
        return t && t.curators.length === 3 && t.tagAgreement ? t : undefined;
      });
      expect(team.entries.find((e) => e.ordinal === 1)?.status).toBe('conflict');
      // Nobody edited tags: everyone keeps the tagger's tags, so the tag agreement rests on real steps.
      expect(team.tagAgreement!.overall.items).toBeGreaterThan(0);
    });
  });
});
