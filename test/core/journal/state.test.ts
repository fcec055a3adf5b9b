/** The in-memory view: latest line per sample and curator, in file order. */
import { describe, expect, it } from 'vitest';
import { journalLine, JournalState, type Decision, type JournalLine } from '../../../src/core/journal';

const H = '0123456789abcdef';
let clock = Date.parse('2025-03-01T10:00:00.000Z');
function line(curator: string, sampleId: string, decision: Decision, over: Partial<JournalLine> = {}): JournalLine {
  clock += 1000;
  return { ...journalLine({ curator, sampleId, contentHash: H, decision }, new Date(clock)), ...over };
}

describe('JournalState', () => {
  it('latest wins per sample and curator', () => {
    const state = JournalState.from([line('ana', 's1', 'accept'), line('ana', 's1', 'reject', { note: 'wrong answer' }), line('ana', 's2', 'flag')]);
    expect(state.latest('s1', 'ana')).toMatchObject({ decision: 'reject', note: 'wrong answer' });
    expect(state.latest('s2', 'ana')?.decision).toBe('flag');
    expect(state.latest('s3', 'ana')).toBeUndefined();
    expect(state.decisionOf('s3', 'ana')).toBe('clear');
    expect(state.lineCount).toBe(3);
  });

  it('two curators on one sample keep separate decisions', () => {
    const state = JournalState.from([line('ana', 's1', 'accept'), line('bo', 's1', 'reject'), line('ana', 's1', 'flag')]);
    const per = state.forSample('s1');
    expect([...per.keys()]).toEqual(['ana', 'bo']);
    expect(per.get('ana')?.decision).toBe('flag');
    expect(per.get('bo')?.decision).toBe('reject');
    expect(state.forSample('nope').size).toBe(0);
    expect(state.curators()).toEqual(['ana', 'bo']);
    expect(state.sampleIds()).toEqual(['s1']);
  });

  it('file order wins over timestamps (clocks differ)', () => {
    const later = line('ana', 's1', 'accept', { ts: '2030-01-01T00:00:00.000Z' });
    const earlierStamp = line('ana', 's1', 'reject', { ts: '2020-01-01T00:00:00.000Z' });
    expect(JournalState.from([later, earlierStamp]).latest('s1', 'ana')?.decision).toBe('reject');
  });

  it('apply updates the view incrementally like from()', () => {
    const lines = [line('ana', 'a', 'accept'), line('bo', 'b', 'flag'), line('ana', 'a', 'clear')];
    const state = new JournalState();
    for (const l of lines) state.apply(l);
    expect(state.decisionsOf('ana')).toEqual(JournalState.from(lines).decisionsOf('ana'));
    expect(state.latest('a', 'ana')?.decision).toBe('clear');
  });

  it('decisionsOf and counts per curator; clear is undecided', () => {
    const state = JournalState.from([
      line('ana', 'a', 'accept'),
      line('ana', 'b', 'accept'),
      line('ana', 'c', 'reject'),
      line('ana', 'd', 'flag'),
      line('ana', 'e', 'accept'),
      line('ana', 'e', 'clear'),
      line('bo', 'a', 'reject'),
    ]);
    expect([...state.decisionsOf('ana').keys()]).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(state.decisionsOf('nobody').size).toBe(0);
    expect(state.counts('ana')).toEqual({ accept: 2, reject: 1, flag: 1, undecided: 1 });
    expect(state.counts('ana', 10)).toEqual({ accept: 2, reject: 1, flag: 1, undecided: 6 });
    expect(state.counts('bo')).toEqual({ accept: 0, reject: 1, flag: 0, undecided: 0 });
  });

  it('isStale compares the line hash with the sample hash now', () => {
    const state = new JournalState();
    const l = line('ana', 'a', 'accept');
    expect(state.isStale(l, H)).toBe(false);
    expect(state.isStale(l, 'fedcba9876543210')).toBe(true);
  });
});
