/**
 * The dataset file changing on disk while the curator has it open (src/extension/curator/session.ts and
 * engine.ts): a row edited, rows inserted before others (line numbers shift), a row deleted, the file
 * truncated mid-row, the file replaced by a rename. Each time the open session indexes the file again,
 * sends the new index, and checks decided samples by content hash: a decision follows its sample (by id)
 * when the content is unchanged, turns stale when it changed, and is reported (never dropped from the
 * journal) when its sample is gone. Never is a decision carried over to whatever now sits at its old row.
 *
 * Same harness as curatorSession.test.ts: a real DatasetEngine in-process over a copy of the bundled sample
 * dataset, a real journal on disk, fake panels that validate what the host posts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash, readJournal } from '../../src/core/journal';
import { openDataset } from '../../src/core/readers/open';
import { InProcessBackend } from '../../src/extension/curator/backend';
import { CuratorSession } from '../../src/extension/curator/session';
import { FakePanel as BasePanel, until } from '../helpers/curatorPanel';

const SAMPLE_DIR = path.resolve(__dirname, '../../media/sample');

class FakePanel extends BasePanel {
  /** The index as the webview holds it after the message at `from` (chunks replace rows by ordinal). */
  index(from = 0): { ids: string[]; lines: (number | null)[]; errors: (string | null)[] } {
    const out = { ids: [] as string[], lines: [] as (number | null)[], errors: [] as (string | null)[] };
    let count = Infinity;
    for (const m of this.messages.slice(from)) {
      if (m.type === 'indexStatus' && m.done) count = m.samples;
      if (m.type !== 'indexChunk') continue;
      m.ids.forEach((id, k) => {
        out.ids[m.start + k] = id;
        out.lines[m.start + k] = m.lines[k] ?? null;
        out.errors[m.start + k] = m.errors[k] ?? null;
      });
    }
    // The finished index is shorter than what was sent before it (the webview cuts its rows the same way).
    for (const a of [out.ids, out.lines, out.errors]) a.length = Math.min(a.length, count);
    return out;
  }
}

let dir: string;
let dataset: string;
let journal: string;
let logs: string[];
const sessions: CuratorSession[] = [];

function open(options: { watchDataset?: boolean } = {}): CuratorSession {
  const session = new CuratorSession({
    datasetPath: dataset,
    journalPath: journal,
    curator: 'alice',
    autoAdvance: true,
    backend: new InProcessBackend({ file: dataset, maxRowBytes: 32 << 20, checkImages: true, cuesFile: null }),
    views: { load: () => [], save: () => Promise.resolve() },
    log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) },
    ...options,
  });
  sessions.push(session);
  return session;
}

async function readyPanel(session: CuratorSession): Promise<FakePanel> {
  const panel = new FakePanel();
  session.attach(panel);
  await session.receive(panel, { type: 'ready' });
  await until('index done', () => panel.last('indexStatus')?.done);
  return panel;
}

/** Wait for the n-th completed re-index (the session logs it once the decided samples were re-checked). */
function reindexed(n = 1): Promise<string> {
  return until(`re-index #${n}`, () => logs.filter((l) => / indexed again: /.test(l))[n - 1]);
}

const rows = () => fs.readFileSync(dataset, 'utf8').split('\n').filter((l) => l.trim() !== '');
const writeRows = (list: string[]) => fs.writeFileSync(dataset, `${list.join('\n')}\n`);
const decisions = (panel: FakePanel) => panel.last('decisions')!.entries.map((e) => [e.ordinal, e.sampleId, e.decision, e.stale]);

function edited(row: string, suffix: string): string {
  const o = JSON.parse(row) as Record<string, unknown>;
  o['prediction'] = `${typeof o['prediction'] === 'string' ? o['prediction'] : ''}${suffix}`;
  return JSON.stringify(o);
}

function renamed(row: string, id: string): string {
  return JSON.stringify({ ...(JSON.parse(row) as Record<string, unknown>), id });
}

/** The content hash of the sample with `id` as the file reads now (independently of the session). */
async function hashNow(id: string): Promise<string> {
  const reader = openDataset(dataset);
  try {
    const index = await reader.buildIndex();
    const entry = index.entries.find((e) => e.id === id);
    if (!entry) throw new Error(`no ${id}`);
    return contentHash(await reader.loadSample(entry));
  } finally {
    await reader.close();
  }
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-dataset-change-'));
  dataset = path.join(dir, 'mmhelix-eval.jsonl');
  fs.copyFileSync(path.join(SAMPLE_DIR, 'mmhelix-eval.jsonl'), dataset);
  fs.cpSync(path.join(SAMPLE_DIR, 'images'), path.join(dir, 'images'), { recursive: true });
  journal = path.join(dir, 'mmhelix-eval.helix-journal.jsonl');
  logs = [];
});

afterEach(() => {
  for (const s of sessions.splice(0)) s.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the dataset changes on disk while the curator is open', () => {
  it('a row edited in place: its decision turns stale, the others stay, the index is sent again', async () => {
    const session = open();
    const panel = await readyPanel(session);
    const ids = panel.index().ids;
    await session.decide(0, 'accept');
    await session.decide(1, 'flag');
    await session.decide(2, 'reject');
    const journalBefore = fs.readFileSync(journal, 'utf8');
    const before = rows();
    const mark = panel.messages.length;
    writeRows([edited(before[0]!, ' (edited by hand)'), ...before.slice(1)]);
    await reindexed();
    expect(decisions(panel)).toEqual([
      [0, ids[0], 'accept', true],
      [1, ids[1], 'flag', false],
      [2, ids[2], 'reject', false],
    ]);
    expect(session.counts()).toMatchObject({ stale: 1, accept: 1, flag: 1, reject: 1 });
    // The panel was told the index restarted, and got the whole new index.
    expect(panel.of('indexStatus').some((s) => !s.done && s.samples === 0)).toBe(true);
    expect(panel.index(mark).ids).toEqual(ids);
    // The journal was not touched: nothing is rewritten.
    expect(fs.readFileSync(journal, 'utf8')).toBe(journalBefore);
    // A second panel opened now gets the new state in its replay.
    const second = await readyPanel(session);
    expect(decisions(second)).toEqual(decisions(panel));
    expect(second.of('indexChunk').flatMap((c) => c.ids)).toEqual(ids);
  });

  it('rows inserted before: decisions follow their samples to the new ordinals (not stale), line numbers shift, a new decision records the new row', async () => {
    const session = open();
    const panel = await readyPanel(session);
    const ids = panel.index().ids;
    await session.decide(0, 'accept');
    await session.decide(1, 'reject');
    // Look at row 0, so the panel's detail must follow the change.
    await session.receive(panel, { type: 'requestSample', ordinal: 0 });
    await until('sample 0', () => panel.last('sample')?.detail?.id === ids[0]);
    const before = rows();
    const mark = panel.messages.length;
    writeRows([renamed(before[5]!, 'inserted-a'), renamed(before[6]!, 'inserted-b'), ...before]);
    await reindexed();
    const index = panel.index(mark);
    expect(index.ids.slice(0, 4)).toEqual(['inserted-a', 'inserted-b', ids[0], ids[1]]);
    expect(index.lines.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(decisions(panel)).toEqual([
      [2, ids[0], 'accept', false],
      [3, ids[1], 'reject', false],
    ]);
    // The panel showing ordinal 0 got that ordinal's new sample, not the old one under the old id.
    const shown = await until('sample 0 reloaded', () => panel.last('sample')?.detail?.id === 'inserted-a' && panel.last('sample')!.detail!);
    expect(shown.contentHash).toBe(await hashNow('inserted-a'));
    // A decision now lands on the row that is at ordinal 0 now, with its own content hash.
    const line = await session.decide(0, 'flag');
    expect([line.sampleId, line.contentHash]).toEqual(['inserted-a', await hashNow('inserted-a')]);
    expect(session.missingDecisions()).toEqual([]);
  });

  it('a row deleted: its decision is reported (sample id named), its journal line kept; it comes back with the row', async () => {
    const session = open();
    const panel = await readyPanel(session);
    const ids = panel.index().ids;
    await session.decide(0, 'accept');
    await session.decide(1, 'flag');
    await session.decide(2, 'reject');
    const original = rows();
    writeRows([original[0]!, ...original.slice(2)]);
    await reindexed();
    expect(decisions(panel)).toEqual([
      [0, ids[0], 'accept', false],
      [1, ids[2], 'reject', false],
    ]);
    expect(session.missingDecisions()).toEqual([{ sampleId: ids[1], decision: 'flag' }]);
    const banner = panel.last('error')!.message;
    expect(banner).toContain(`"${ids[1]}" (flag)`);
    expect(banner).toMatch(/changed on disk/);
    expect(banner).toMatch(/journal lines are kept/);
    expect(logs.some((l) => l.startsWith('warn') && l.includes(ids[1]!))).toBe(true);
    expect((await readJournal(journal)).lines.map((l) => l.sampleId)).toEqual([ids[0], ids[1], ids[2]]);
    expect(session.counts()).toMatchObject({ total: original.length - 1, flag: 0 });
    // Put the row back: the decision is there again, not stale.
    writeRows(original);
    await reindexed(2);
    expect(decisions(panel)).toEqual([
      [0, ids[0], 'accept', false],
      [1, ids[1], 'flag', false],
      [2, ids[2], 'reject', false],
    ]);
    expect(session.missingDecisions()).toEqual([]);
  });

  it('truncated in the middle of a row: the cut row is an error naming its line, its decision does not carry over, later decisions are reported', async () => {
    const session = open();
    const panel = await readyPanel(session);
    const ids = panel.index().ids;
    await session.decide(0, 'accept');
    await session.decide(2, 'reject');
    await session.decide(5, 'flag');
    const text = fs.readFileSync(dataset, 'utf8');
    // Cut in the middle of the third row (line 3).
    let at = 0;
    for (let k = 0; k < 2; k++) at = text.indexOf('\n', at) + 1;
    const mark = panel.messages.length;
    fs.truncateSync(dataset, at + 200);
    await reindexed();
    const index = panel.index(mark);
    expect(index.ids).toHaveLength(3);
    expect(index.errors[2]).toMatch(/./);
    expect(panel.last('indexStatus')).toMatchObject({ done: true, samples: 3 });
    // The cut row has no readable id any more (the index names it by position): the decision on the sample
    // that was there is reported with the rows cut off, not carried over to '#3'.
    expect(index.ids[2]).toBe('#3');
    expect(index.errors[2]).toMatch(/not complete/);
    const entries = panel.last('decisions')!.entries;
    expect(entries.map((e) => [e.ordinal, e.sampleId, e.stale])).toEqual([[0, ids[0], false]]);
    expect(session.missingDecisions()).toEqual([
      { sampleId: ids[2], decision: 'reject' },
      { sampleId: ids[5], decision: 'flag' },
    ]);
    expect(entries.every((e) => e.sampleId === index.ids[e.ordinal])).toBe(true);
    // The cut row's problem names the file and line 3 when it is loaded.
    await session.receive(panel, { type: 'requestSample', ordinal: 2 });
    const msg = await until('sample 2', () => panel.of('sample').find((m) => m.ordinal === 2 && m.error !== null));
    expect(msg.error).toMatch(/mmhelix-eval\.jsonl:3: /);
  });

  it('a decided row edited so that it no longer reads (a field of the wrong type): its decision shows as stale, the row\'s error names its line', async () => {
    const session = open();
    const panel = await readyPanel(session);
    const ids = panel.index().ids;
    await session.decide(1, 'accept');
    const before = rows();
    const mark = panel.messages.length;
    writeRows([before[0]!, JSON.stringify({ ...(JSON.parse(before[1]!) as Record<string, unknown>), question: 42 }), ...before.slice(2)]);
    await reindexed();
    const index = panel.index(mark);
    expect(index.ids[1]).toBe(ids[1]);
    expect(decisions(panel)).toEqual([[1, ids[1], 'accept', true]]);
    await session.receive(panel, { type: 'requestSample', ordinal: 1 });
    const msg = await until('sample 1', () => panel.of('sample').find((m) => m.ordinal === 1 && m.error !== null));
    expect(msg.error).toMatch(/mmhelix-eval\.jsonl:2: /);
  });

  it('replaced by a rename (an editor\'s atomic save): noticed even though the old file is still open', async () => {
    const session = open();
    const panel = await readyPanel(session);
    const ids = panel.index().ids;
    await session.decide(3, 'accept');
    await session.decide(4, 'accept');
    const before = rows();
    const tmp = path.join(dir, '.mmhelix-eval.jsonl.tmp');
    fs.writeFileSync(tmp, `${[...before.slice(0, 4), edited(before[4]!, ' (regenerated)'), ...before.slice(5)].join('\n')}\n`);
    fs.renameSync(tmp, dataset);
    await reindexed();
    expect(decisions(panel)).toEqual([
      [3, ids[3], 'accept', false],
      [4, ids[4], 'accept', true],
    ]);
    await session.receive(panel, { type: 'requestSample', ordinal: 4 });
    const d = await until('sample 4', () => panel.of('sample').find((m) => m.ordinal === 4 && m.detail)?.detail ?? undefined);
    expect(d.contentHash).toBe(await hashNow(ids[4]!));
  });

  it('without the watcher, the engine refuses to read through the stale index and the session indexes again', async () => {
    const session = open({ watchDataset: false });
    const panel = await readyPanel(session);
    const ids = panel.index().ids;
    await session.decide(0, 'accept');
    const before = rows();
    writeRows([renamed(before[1]!, 'inserted-c'), ...before]);
    // The byte range of ordinal 1 now holds another row: loading it is refused with a clear message...
    await session.receive(panel, { type: 'requestSample', ordinal: 1 });
    const refused = await until('refused', () => panel.of('sample').find((m) => m.ordinal === 1 && m.error !== null));
    expect(refused.error).toMatch(/mmhelix-eval\.jsonl changed on disk since it was indexed \(its size changed/);
    // ...and the file is indexed again; the panel then gets ordinal 1's new sample (the old row 0).
    await reindexed();
    await until('sample 1 reloaded', () => panel.of('sample').find((m) => m.ordinal === 1 && m.detail?.id === ids[0]));
    expect(decisions(panel)).toEqual([[1, ids[0], 'accept', false]]);
  });

  it('a decision asked for while the file is being indexed again is refused with a clear message, nothing recorded', async () => {
    const session = open();
    const panel = await readyPanel(session);
    await session.decide(0, 'accept');
    writeRows(rows().slice(1));
    session.reindex(); // what the watcher does once the file is quiet
    await session.receive(panel, { type: 'decide', ordinal: 0, decision: 'reject' });
    expect(panel.last('error')?.message).toMatch(/mmhelix-eval\.jsonl changed on disk and is being read again: nothing was recorded/);
    expect((await readJournal(journal)).lines.map((l) => l.decision)).toEqual(['accept']);
    await reindexed();
  });
});
