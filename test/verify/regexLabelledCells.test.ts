/** The labelled-cell pattern of the line-grid verifiers, without split whitespace runs, matches exactly as first written. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LABELLED, LABELLED_ORIGINAL } from '../../src/core/verify/tasks/lineGrids/common';

const ORIGINAL = new RegExp(LABELLED_ORIGINAL, 'gi');
const ALPHABET = ['row', 'rows', 'col', 'Column', 'cell', 'r', 'c', '第', '行', '列', '1', '23', ' ', '  ', '\n', '\t', '\u00a0', '=', ':', ',', ';', '，', '(', '[', '{', ')', ']', '}', 'x'];
const all = (re: RegExp, s: string): string[][] => [...s.matchAll(re)].map((m) => [String(m.index), ...m.map((g) => g ?? '-')]);

describe('line-grid labelled cells', () => {
  it('same matches and groups as the original on random strings', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 16 }), (parts) => {
        const s = parts.join('');
        expect(all(LABELLED, s)).toEqual(all(ORIGINAL, s));
      }),
      { numRuns: 30_000 },
    );
  });

  it('known cases', () => {
    const s = 'row = 1, col: 2; cell: (3, 4) 第5行，第6列 r7c8 col 9 row 10 [1, 2]';
    expect(all(LABELLED, s)).toEqual(all(ORIGINAL, s));
    expect(all(LABELLED, s)).toHaveLength(6);
  });

  it('labels before 200,000 spaces fail in linear time (the original was cubic after "cell")', () => {
    let ours = 0;
    for (const label of ['cell', 'row', 'col 1', '1行']) {
      const t0 = performance.now();
      expect(all(LABELLED, `${label}${' '.repeat(200_000)}!`)).toEqual([]);
      ours = Math.max(ours, performance.now() - t0);
    }
    for (const text of [`${'1'.repeat(200_000)}!`, `1行${'1'.repeat(200_000)}!`, `第${'1 '.repeat(100_000)}!`]) {
      const t0 = performance.now();
      expect(all(LABELLED, text)).toEqual([]);
      ours = Math.max(ours, performance.now() - t0);
    }
    const t1 = performance.now();
    all(ORIGINAL, `cell${' '.repeat(300)}!`);
    const original = performance.now() - t1;
    console.log(`label + spaces: ${ours.toFixed(1)} ms at 200,000 (rewrite, worst shape), ${original.toFixed(1)} ms for cell + 300 (original)`);
    expect(ours).toBeLessThan(1_500);
  });
});
