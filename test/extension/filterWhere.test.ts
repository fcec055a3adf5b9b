/** Saved views as export scopes: the expression parses, and selects what the webview's filter selects. */
import { describe, expect, it } from 'vitest';
import { parseWhere } from '../../src/core/query';
import type { SampleFacts } from '../../src/core/facts';
import { filterScope } from '../../src/extension/curator/filterWhere';

const index = { ids: ['maze-1', 'maze-2', 'sudoku-1', 'x'], tasks: ['maze', 'maze', 'sudoku', null] };

function facts(over: Partial<SampleFacts>): SampleFacts {
  return {
    id: 'a', task: 'maze', difficulty: '3', verdict: 'pass', reference: 'pass', strict: 'pass', mismatch: false, lenient: false,
    tags: { verification: 0, backtracking: 0, subgoal: 0, backward_chaining: 0, correction: 0 },
    steps: 4, chars: 100, tokens: 30, reflectiveSteps: 0, backtracks: 0, firstReflection: null, revised: false, images: 1, hash: 'ab'.repeat(8),
    ...over,
  };
}

describe('filterScope', () => {
  it('turns every part the query language has into one expression that parses', () => {
    const s = filterScope(
      {
        tasks: ['maze', ''],
        difficulties: ['3'],
        verdicts: ['pass', 'lenient'],
        decisions: ['accept', 'undecided'],
        tags: [{ tag: 'backtracking', min: 2 }, { tag: 'correction', min: 0, absent: true }],
        agreement: ['agreed'],
      },
      index,
    );
    expect(s.unsupported).toEqual([]);
    expect(s.ids).toBeNull();
    const q = parseWhere(s.where!);
    const base = facts({ tags: { verification: 0, backtracking: 2, subgoal: 0, backward_chaining: 0, correction: 0 } });
    expect(q.test(base, { decision: 'accept', resolution: 'agreed' })).toBe(true);
    expect(q.test({ ...base, task: null }, { decision: 'accept', resolution: 'agreed' })).toBe(true);
    expect(q.test({ ...base, task: 'sudoku' }, { decision: 'accept', resolution: 'agreed' })).toBe(false);
    expect(q.test({ ...base, verdict: 'fail' }, { decision: 'accept', resolution: 'agreed' })).toBe(false);
    expect(q.test(base, { decision: 'reject', resolution: 'agreed' })).toBe(false);
    expect(q.test(base, { resolution: 'agreed' })).toBe(true); // undecided
    expect(q.test(base, { decision: 'accept', resolution: 'conflict' })).toBe(false);
    expect(q.test({ ...base, tags: { ...base.tags, backtracking: 1 } }, { decision: 'accept', resolution: 'agreed' })).toBe(false);
    expect(q.test({ ...base, tags: { ...base.tags, correction: 1 } }, { decision: 'accept', resolution: 'agreed' })).toBe(false);
  });

  it('quotes values the parser would otherwise split or misread', () => {
    const s = filterScope({ tasks: ['a "quoted" task', 'back\\slash', 'and'] }, index);
    const q = parseWhere(s.where!);
    expect(q.test(facts({ task: 'a "quoted" task' }))).toBe(true);
    expect(q.test(facts({ task: 'back\\slash' }))).toBe(true);
    expect(q.test(facts({ task: 'and' }))).toBe(true);
    expect(q.test(facts({ task: 'maze' }))).toBe(false);
  });

  it('the text search becomes ids (id or task contains it, case-insensitive); stale and pending are named as left out', () => {
    expect(filterScope({ text: 'MAZE' }, index)).toEqual({ where: null, ids: ['maze-1', 'maze-2'], unsupported: [] });
    expect(filterScope({ text: 'sudo' }, index).ids).toEqual(['sudoku-1']);
    const s = filterScope({ decisions: ['stale'], verdicts: ['pending'] }, index);
    expect(s.where).toBeNull();
    expect(s.unsupported).toHaveLength(2);
  });
});
