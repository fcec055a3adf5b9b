/** Hitori's 第…行…列 patterns, tried only from the first digit of a run, match exactly as the reference's. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HITORI_ORDINAL_ORIGINALS, HITORI_ORDINAL_RES } from '../../src/core/verify/tasks/lineGrids/hitori';
import { pyRe } from '../../src/core/verify/tasks/lineGrids/common';

const ALPHABET = ['第', '行', '列', '1', '23', '٣', '𝟎', ' ', '  ', '\n', '\u3000', '，', ',', 'x', '!'];
const all = (re: RegExp, s: string): string[][] => [...s.matchAll(re)].map((m) => [String(m.index), ...m.map((g) => g ?? '-')]);

describe('hitori 第…行…列', () => {
  HITORI_ORDINAL_ORIGINALS.forEach((source, i) => {
    const original = pyRe(source, 'gi');
    const now = HITORI_ORDINAL_RES[i]!;
    it(`${source}: same matches and groups as the original on random strings`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 16 }), (parts) => {
          const s = parts.join('');
          expect(all(now, s)).toEqual(all(original, s));
        }),
        { numRuns: 20_000 },
      );
    });

    it(`${source}: long digit runs fail in linear time (the original was quadratic)`, () => {
      const [a, b] = i === 0 ? ['行', '列'] : ['列', '行'];
      let ours = 0;
      for (const text of [`${'1'.repeat(200_000)}!`, `1${a}${'1'.repeat(200_000)}!`, `第${'1'.repeat(200_000)}${b}`]) {
        const t0 = performance.now();
        expect(all(now, text)).toEqual([]);
        ours = Math.max(ours, performance.now() - t0);
      }
      const t1 = performance.now();
      all(original, `1${a}${'1'.repeat(4_000)}!`);
      console.log(`${a}: ${ours.toFixed(1)} ms at 200,000 digits (rewrite), ${(performance.now() - t1).toFixed(1)} ms at 4,000 (original)`);
      expect(ours).toBeLessThan(1_500);
    });
  });
});
