/** The curator store: columns from chunks, decisions (snapshot vs optimistic), selection, reveal, errors. */
import { describe, expect, it } from 'vitest';
import { applyFilter, CuratorStore, decisionCounts, displayEntry, effectiveDecision, isFilterActive, normalizeFilter, PENDING, rowDecision, TAG_COUNT } from '../../../webview/curator/store';
import { LIST_VERDICTS } from '../../../src/protocol/curator';
import { checked, datasetMessages, decisionEntry, decisionsMessage, indexChunk, initMessage, rowSpec, sampleDetail, summaryChunk, teamMessage } from './fixtures';

function loaded(n: number): CuratorStore {
  const store = new CuratorStore();
  store.receive(initMessage());
  for (const m of datasetMessages(n, 50)) store.receive(m);
  return store;
}

describe('CuratorStore: index and summary columns', () => {
  it('grows the columns as chunks arrive and shows rows before the index is done', () => {
    const store = new CuratorStore();
    store.receive(initMessage());
    store.receive(checked(indexChunk(0, 3)));
    let s = store.getState();
    expect(s.rows.count).toBe(3);
    expect(s.rows.ids.slice(0, 3)).toEqual([rowSpec(0).id, rowSpec(1).id, rowSpec(2).id]);
    expect([...s.filtered]).toEqual([0, 1, 2]);
    expect(s.rows.verdict[0]).toBe(PENDING);

    store.receive(checked(indexChunk(3, 2000)));
    s = store.getState();
    expect(s.rows.count).toBe(2003);
    expect(s.rows.tasks[s.rows.task[1998]!]).toBe(rowSpec(1998).task);
    expect(s.rows.task[1999]).toBe(-1); // no task
    expect(s.rows.line[1999]).toBe(2000);
    expect(s.filtered.length).toBe(2003);
  });

  it('replaces rows by ordinal range (a chunk twice is harmless) and tolerates out-of-order chunks', () => {
    const store = new CuratorStore();
    store.receive(initMessage());
    store.receive(indexChunk(10, 5));
    let s = store.getState();
    expect(s.rows.count).toBe(15);
    // Rows 0..9 are not known yet: not listed.
    expect([...s.filtered]).toEqual([10, 11, 12, 13, 14]);
    store.receive(indexChunk(0, 10));
    store.receive(indexChunk(0, 10));
    s = store.getState();
    expect(s.filtered.length).toBe(15);
    store.receive({ ...indexChunk(2, 1), ids: ['renamed'] });
    expect(store.getState().rows.ids[2]).toBe('renamed');
    expect(store.getState().rows.idsLower[2]).toBe('renamed');
  });

  it('keeps summaries per row; rows without one are pending', () => {
    const store = new CuratorStore();
    store.receive(initMessage());
    store.receive(indexChunk(0, 10));
    store.receive(checked(summaryChunk(0, 4)));
    const r = store.getState().rows;
    expect(LIST_VERDICTS[r.verdict[3]!]).toBe(rowSpec(3).verdict);
    expect(r.verdict[4]).toBe(PENDING);
    expect([...r.tagCounts.subarray(3 * TAG_COUNT, 4 * TAG_COUNT)]).toEqual(rowSpec(3).tags);
  });

  it('truncates to a finished index that is shorter, and starts over for another file', () => {
    const store = loaded(100);
    store.receive({ type: 'indexStatus', samples: 60, bytesDone: 1, bytesTotal: 1, done: true, fileErrors: [] });
    expect(store.getState().rows.count).toBe(60);
    expect(store.getState().filtered.length).toBe(60);
    store.receive(initMessage({ filePath: '/data/other.jsonl', fileName: 'other.jsonl' }));
    expect(store.getState().rows.count).toBe(0);
    expect(store.getState().init?.fileName).toBe('other.jsonl');
  });

  it('publishes a new rows object on every change (React memos see it)', () => {
    const store = loaded(10);
    const before = store.getState().rows;
    store.receive(summaryChunk(0, 2));
    expect(store.getState().rows).not.toBe(before);
    expect(store.getState().rows.version).toBeGreaterThan(before.version);
  });
});

describe('CuratorStore: decisions', () => {
  it('shows optimistic decisions until the next snapshot, which is the truth', () => {
    const store = loaded(10);
    store.optimisticDecide(0, 'accept');
    store.optimisticDecide(1, 'reject');
    let s = store.getState();
    expect(rowDecision(s.rows, 0)).toBe('accept');
    expect(rowDecision(s.rows, 1)).toBe('reject');
    expect(effectiveDecision(s, 0).decision).toBe('accept');

    store.receive(checked(decisionsMessage([decisionEntry(0, 'flag', { note: 'look again' }), decisionEntry(2, 'accept', { stale: true })])));
    s = store.getState();
    expect(rowDecision(s.rows, 0)).toBe('flag');
    expect(rowDecision(s.rows, 1)).toBe('');
    expect(rowDecision(s.rows, 2)).toBe('accept');
    expect(s.rows.stale[2]).toBe(1);
    expect(effectiveDecision(s, 0)).toMatchObject({ decision: 'flag', note: 'look again' });
    expect(s.canUndo).toBe(true);
    expect(decisionCounts(s.rows)).toEqual({ total: 10, accepted: 1, rejected: 0, flagged: 1, stale: 1, left: 8 });
  });

  it('gives the detail panes the snapshot entry with the optimistic changes laid over', () => {
    const store = loaded(5);
    store.receive(decisionsMessage([decisionEntry(1, 'reject', { stale: true, note: 'old', tagEdits: [{ step: 0, tag: 'subgoal', op: 'add' }] })]));
    expect(displayEntry(store.getState(), 0, 'a')).toBeNull();
    store.optimisticDecide(0, 'accept');
    expect(displayEntry(store.getState(), 0, 'a')).toMatchObject({ ordinal: 0, sampleId: 'a', decision: 'accept', note: '', tagEdits: [], stale: false });
    store.optimisticNote(1, 'new');
    expect(displayEntry(store.getState(), 1, 'b')).toMatchObject({ decision: 'reject', note: 'new', stale: true, tagEdits: [{ step: 0, tag: 'subgoal', op: 'add' }] });
    store.optimisticDecide(1, 'flag');
    expect(displayEntry(store.getState(), 1, 'b')).toMatchObject({ decision: 'flag', note: 'new', stale: false });
  });

  it('treats clear as undecided, and an optimistic note shows until the snapshot', () => {
    const store = loaded(5);
    store.receive(decisionsMessage([decisionEntry(3, 'clear')]));
    expect(rowDecision(store.getState().rows, 3)).toBe('');
    store.optimisticNote(3, 'typo in the question');
    expect(effectiveDecision(store.getState(), 3).note).toBe('typo in the question');
    store.receive(decisionsMessage([]));
    expect(effectiveDecision(store.getState(), 3).note).toBe('');
  });
});

describe('CuratorStore: selection, reveal, samples, errors', () => {
  it('selects the first row once rows arrive, and only once', () => {
    const store = new CuratorStore();
    store.receive(initMessage());
    expect(store.getState().selected).toBeNull();
    store.receive(indexChunk(0, 5));
    expect(store.getState().selected).toBe(0);
    store.select(null);
    store.receive(indexChunk(5, 5));
    expect(store.getState().selected).toBeNull();
  });

  it('restores a remembered filter and selection', () => {
    const store = new CuratorStore({ filter: { text: '_000003' }, activeView: 'mine', selected: 3 });
    store.receive(initMessage());
    store.receive(indexChunk(0, 10));
    expect([...store.getState().filtered]).toEqual([3]);
    expect(store.getState().selected).toBe(3);
    expect(store.memory()).toEqual({ filter: { text: '_000003' }, activeView: 'mine', selected: 3 });
  });

  it('reveals a row: selects it, clearing a filter that hides it', () => {
    const store = loaded(20);
    store.setFilter({ text: rowSpec(4).id }, 'one');
    store.receive({ type: 'reveal', ordinal: 4 });
    expect(store.getState().selected).toBe(4);
    expect(store.getState().filter).toEqual({ text: rowSpec(4).id });
    store.receive({ type: 'reveal', ordinal: 7 });
    expect(store.getState().selected).toBe(7);
    expect(store.getState().filter).toEqual({});
    expect(store.getState().activeView).toBeNull();
  });

  it('selects init.reveal', () => {
    const store = new CuratorStore();
    store.receive(initMessage({ reveal: 12 }));
    store.receive(indexChunk(0, 20));
    expect(store.getState().selected).toBe(12);
  });

  it('keeps the selection\'s sample and turns errors into banner entries with the row line', () => {
    const store = loaded(10);
    store.select(2);
    store.receive(checked({ type: 'sample', ordinal: 2, detail: sampleDetail(2), error: null, ms: 12 }));
    expect(store.getState().sample?.detail?.id).toBe(rowSpec(2).id);
    // A re-send after a tag edit (ms 0) keeps the load time.
    store.receive(checked({ type: 'sample', ordinal: 2, detail: sampleDetail(2), error: null, ms: 0 }));
    expect(store.getState().sampleMs).toBe(12);
    // A late answer for a row the selection left is not shown.
    store.receive(checked({ type: 'sample', ordinal: 4, detail: sampleDetail(4), error: null, ms: 12 }));
    expect(store.getState().sample?.ordinal).toBe(2);
    store.receive(checked({ type: 'sample', ordinal: 5, detail: null, error: 'traces.jsonl:6: invalid JSON', ms: 1 }));
    store.receive({ type: 'error', message: 'The journal could not be written' });
    store.receive({ type: 'error', message: 'The journal could not be written' });
    const errors = store.getState().errors;
    expect(errors.map((e) => [e.text, e.line])).toEqual([
      ['traces.jsonl:6: invalid JSON', 6],
      ['The journal could not be written', null],
    ]);
    store.dismissError(errors[0]!.key);
    expect(store.getState().errors).toHaveLength(1);
  });

  it('holds saved views and progress', () => {
    const store = new CuratorStore();
    store.receive({ type: 'savedViews', views: [{ name: 'fails', filter: { verdicts: ['fail'] } }] });
    store.receive({ type: 'summaryStatus', done: 5, total: 10, finished: false });
    store.receive({ type: 'indexStatus', samples: 10, bytesDone: 5, bytesTotal: 10, done: false, fileErrors: ['x'] });
    const s = store.getState();
    expect(s.savedViews.map((v) => v.name)).toEqual(['fails']);
    expect(s.progress.summary?.done).toBe(5);
    expect(s.progress.index?.fileErrors).toEqual(['x']);
  });
});

describe('CuratorStore: the team snapshot', () => {
  it('keeps the resolution per row and filters on agreement', () => {
    const store = loaded(20);
    store.receive(teamMessage());
    const s = store.getState();
    expect(s.teamEntries.get(1)?.status).toBe('conflict');
    expect([...applyFilter(s, { agreement: ['conflict'] })]).toEqual([1]);
    expect([...applyFilter(s, { agreement: ['agreed', 'adjudicated'] })]).toEqual([0, 2]);
    // Rows nobody decided are "undecided".
    expect(applyFilter(s, { agreement: ['undecided'] }).length).toBe(16);
    expect(isFilterActive({ agreement: ['conflict'] })).toBe(true);
    expect(normalizeFilter({ agreement: [] })).toEqual({});
  });

  it('a new snapshot replaces the old one (a resolved conflict leaves the filter)', () => {
    const store = loaded(20);
    store.receive(teamMessage());
    store.setFilter({ agreement: ['conflict'] });
    expect([...store.getState().filtered]).toEqual([1]);
    store.receive({ type: 'team', curators: ['alice', 'bob'], journals: [], entries: [], decisionAgreement: null, tagAgreement: null });
    expect([...store.getState().filtered]).toEqual([]);
    expect(store.getState().teamEntries.size).toBe(0);
  });

  it('carries the insight columns of summary chunks (reference, strict, steps, first reflection)', () => {
    const store = loaded(20);
    const rows = store.getState().rows;
    const c = summaryChunk(0, 20);
    for (let i = 0; i < 20; i++) {
      expect(rows.steps[i]).toBe(c.steps[i]);
      const f = c.firstReflection[i];
      if (f === null) expect(Number.isNaN(rows.firstReflection[i])).toBe(true);
      else expect(rows.firstReflection[i]).toBeCloseTo(f!, 5);
      expect(rows.reference[i] === -1).toBe(c.reference[i] === null);
    }
  });
});
