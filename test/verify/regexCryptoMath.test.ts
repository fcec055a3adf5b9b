/** CryptoMath's JSON-object and bracket-list patterns, rewritten without overlapping whitespace runs, agree with the reference's. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BRACKET_LIST_ORIGINAL, BRACKET_LIST_RE, JSON_OBJECT_ORIGINAL, JSON_OBJECT_RE } from '../../src/core/verify/tasks/algorithms/cryptoMath';

const CASES = [
  { name: 'JSON object', original: new RegExp(JSON_OBJECT_ORIGINAL, 'u'), now: JSON_OBJECT_RE, alphabet: ['{', '}', '"A"', "'b'", '"', ':', '1', '23', '٣', '𝟎', ',', ' ', '  ', '\n', '\u2028', '\u00a0', 'x', '['], pumped: (n: number) => `{"A": 1${' '.repeat(n)}` },
  { name: 'bracket list', original: new RegExp(BRACKET_LIST_ORIGINAL, 'u'), now: BRACKET_LIST_RE, alphabet: ['[', ']', '"A"', "'b'", '"', '=', '1', '23', '٣', ',', ' ', '  ', '\n', '\u00a0', 'x', '{'], pumped: (n: number) => `['A'=1${' '.repeat(n)}` },
];

describe('cryptoMath object patterns', () => {
  for (const c of CASES) {
    it(`${c.name}: same match and groups as the original on random strings`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...c.alphabet), { maxLength: 18 }), (parts) => {
          const s = parts.join('');
          const a = c.original.exec(s);
          const b = c.now.exec(s);
          expect(b && [b.index, ...b]).toEqual(a && [a.index, ...a]);
        }),
        { numRuns: 20_000 },
      );
    });

    it(`${c.name}: known match`, () => {
      const s = c.name === 'JSON object' ? 'x {"A": 1 , \'b\':22,} y' : "x ['A'=1 , 'b'=\"22\",] y";
      const b = c.now.exec(s);
      expect(b?.[0]).toBe(c.original.exec(s)?.[0]);
      expect(b?.[1]).toBe('b');
    });

    it(`${c.name}: an object that fails after a long whitespace run fails in linear time`, () => {
      const t0 = performance.now();
      expect(c.now.exec(c.pumped(200_000))).toBeNull();
      expect(performance.now() - t0).toBeLessThan(1_000);
      const t1 = performance.now();
      c.original.exec(c.pumped(800)); // quadratic or worse in the original: a bound the rewrite meets easily
      const orig = performance.now() - t1;
      const t2 = performance.now();
      c.now.exec(c.pumped(800));
      expect(performance.now() - t2).toBeLessThan(Math.max(5, orig));
    });
  }

  it('many items, each followed by whitespace, then no closing brace (exponential in the original)', () => {
    const s = `{${'"a":1 ,  '.repeat(5_000)}`;
    const t0 = performance.now();
    expect(JSON_OBJECT_RE.exec(s)).toBeNull();
    expect(performance.now() - t0).toBeLessThan(1_000);
  });
});
