/** Undo/redo of one curator's session: undo appends, never deletes; a property test against a simple model. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DecisionHistory, JournalLine, journalLine, JournalState, type Decision, type StepTagEdit } from '../../../src/core/journal';

const H = '0123456789abcdef';
const at = (i: number): Date => new Date(Date.UTC(2025, 0, 1, 0, 0, i));

describe('DecisionHistory', () => {
  it('undo restores the previous state by appending; redo re-applies; a new change clears redo', () => {
    const state = new JournalState();
    const history = new DecisionHistory('ana');
    const journal: JournalLine[] = [];
    const append = (l: JournalLine): void => {
      journal.push(l);
      state.apply(l);
    };
    const decide = (sampleId: string, decision: Decision, note = ''): void => {
      const l = journalLine({ curator: 'ana', sampleId, contentHash: H, decision, note, dataset: 'eval.jsonl' }, at(journal.length));
      history.record(state.latest(sampleId, 'ana'), l);
      append(l);
    };

    expect(history.undo()).toBeUndefined();
    decide('s1', 'accept', 'fine');
    decide('s1', 'reject', 'wrong');
    expect(history.canUndo).toBe(true);
    expect(history.nextUndoSample).toBe('s1');

    const u1 = history.undo(at(100))!;
    expect(u1).toMatchObject({ sampleId: 's1', decision: 'accept', note: 'fine', ts: at(100).toISOString() });
    append(u1);
    const u2 = history.undo(at(101))!;
    // there was no line before the first change: a clear line with no tags and no note
    expect(u2).toMatchObject({ curator: 'ana', sampleId: 's1', decision: 'clear', tags: [], note: '', contentHash: H, dataset: 'eval.jsonl' });
    append(u2);
    expect(history.canUndo).toBe(false);
    expect(history.undo()).toBeUndefined();

    const r1 = history.redo(at(102))!;
    expect(r1).toMatchObject({ decision: 'accept', note: 'fine' });
    append(r1);
    expect(history.canRedo).toBe(true);
    decide('s2', 'flag');
    expect(history.canRedo).toBe(false);
    expect(history.redo()).toBeUndefined();

    // nothing was ever removed from the journal
    expect(journal.map((l) => `${l.sampleId}:${l.decision}`)).toEqual(['s1:accept', 's1:reject', 's1:accept', 's1:clear', 's1:accept', 's2:flag']);
    expect(state.latest('s1', 'ana')?.decision).toBe('accept');
  });

  it('refuses lines of another curator and mismatched previous lines', () => {
    const history = new DecisionHistory('ana');
    const bo = journalLine({ curator: 'bo', sampleId: 's', contentHash: H, decision: 'accept' });
    const ana = journalLine({ curator: 'ana', sampleId: 's', contentHash: H, decision: 'accept' });
    expect(() => history.record(undefined, bo)).toThrow(/cannot record a line of "bo"/);
    expect(() => history.record({ ...ana, sampleId: 't' }, ana)).toThrow(/previous line/);
  });

  it('forgets the oldest changes beyond its limit', () => {
    const history = new DecisionHistory('ana', 2);
    for (let i = 0; i < 3; i++) history.record(undefined, journalLine({ curator: 'ana', sampleId: `s${i}`, contentHash: H, decision: 'accept' }));
    expect(history.undo()?.sampleId).toBe('s2');
    expect(history.undo()?.sampleId).toBe('s1');
    expect(history.undo()).toBeUndefined();
  });
});

// ---- property: any sequence of decide / undo / redo, replayed from the journal, matches a simple model ----

interface ModelState {
  decision: Decision;
  tags: StepTagEdit[];
  note: string;
}
type Op =
  | { kind: 'decide'; sample: number; decision: Decision; tags: StepTagEdit[]; note: string }
  | { kind: 'other'; sample: number; decision: Decision } // another curator, outside this session's history
  | { kind: 'undo' }
  | { kind: 'redo' };

const CLEARED: ModelState = { decision: 'clear', tags: [], note: '' };
const decisionArb = fc.constantFrom<Decision>('accept', 'reject', 'flag', 'clear');
const tagsArb = fc.uniqueArray(fc.record({ step: fc.nat(4), tag: fc.constantFrom('verification' as const, 'subgoal' as const), op: fc.constantFrom('add' as const, 'remove' as const) }), {
  selector: (e) => `${e.step}/${e.tag}`,
  maxLength: 3,
});
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('decide' as const), sample: fc.nat(3), decision: decisionArb, tags: tagsArb, note: fc.string({ maxLength: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('other' as const), sample: fc.nat(3), decision: decisionArb }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'undo' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'redo' as const }) },
);

describe('DecisionHistory property', () => {
  it('replaying the appended lines gives the model state', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        // the implementation: live state + history, every line appended to a "file" (serialised text)
        const live = new JournalState();
        const history = new DecisionHistory('ana');
        const file: string[] = [];
        const append = (l: JournalLine): void => {
          file.push(JSON.stringify(l));
          live.apply(l);
        };
        // the model: per-sample state of each curator, with its own undo/redo stacks of (sample, before, after)
        const model = new Map<string, ModelState>();
        const other = new Map<string, Decision>();
        type Change = { sample: string; before: ModelState | null; after: ModelState };
        const undo: Change[] = [];
        const redo: Change[] = [];

        ops.forEach((op, i) => {
          const now = at(i);
          if (op.kind === 'decide') {
            const sampleId = `s${op.sample}`;
            const l = journalLine({ curator: 'ana', sampleId, contentHash: H, decision: op.decision, tags: op.tags, note: op.note }, now);
            history.record(live.latest(sampleId, 'ana'), l);
            append(l);
            const after = { decision: op.decision, tags: op.tags, note: op.note };
            undo.push({ sample: sampleId, before: model.get(sampleId) ?? null, after });
            redo.length = 0;
            model.set(sampleId, after);
          } else if (op.kind === 'other') {
            append(journalLine({ curator: 'bo', sampleId: `s${op.sample}`, contentHash: H, decision: op.decision }, now));
            other.set(`s${op.sample}`, op.decision);
          } else if (op.kind === 'undo') {
            const l = history.undo(now);
            const c = undo.pop();
            expect(l === undefined).toBe(c === undefined);
            if (l && c) {
              append(l);
              redo.push(c);
              model.set(c.sample, c.before ?? CLEARED);
            }
          } else {
            const l = history.redo(now);
            const c = redo.pop();
            expect(l === undefined).toBe(c === undefined);
            if (l && c) {
              append(l);
              undo.push(c);
              model.set(c.sample, c.after);
            }
          }
        });

        // replay the file from scratch, as a new window would
        const replayed = JournalState.from(file.map((text) => JournalLine.parse(JSON.parse(text))));
        for (let s = 0; s < 4; s++) {
          const id = `s${s}`;
          const want = model.get(id);
          const got = replayed.latest(id, 'ana');
          if (!want) expect(got).toBeUndefined();
          else expect({ decision: got?.decision, tags: got?.tags, note: got?.note }).toEqual(want);
          expect(replayed.latest(id, 'bo')?.decision).toBe(other.get(id));
        }
        expect(replayed.decisionsOf('ana')).toEqual(live.decisionsOf('ana'));
        expect(file).toHaveLength(replayed.lineCount);
      }),
      { numRuns: 300 },
    );
  });
});
