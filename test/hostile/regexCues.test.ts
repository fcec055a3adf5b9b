/**
 * Two cue patterns of media/cues/default.json, rewritten without overlapping quantifiers, match exactly
 * where the originals do (same index, same text) and no longer backtrack catastrophically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const CUES = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../media/cues/default.json'), 'utf8')) as unknown;

/** The pattern of the cue with this id, wherever it sits in the cue file. */
function cuePattern(id: string): string {
  let found: string | undefined;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o['id'] === id && typeof o['pattern'] === 'string') found = o['pattern'];
      Object.values(o).forEach(walk);
    }
  };
  walk(CUES);
  if (found === undefined) throw new Error(`media/cues/default.json: no cue with id ${id}`);
  return found;
}

const CASES = [
  {
    id: 'checking-heading',
    original: String.raw`\b(?:checking|check|verification|verifying|sanity check|double-checking|confirming|test|testing)\s*(?:\w+\s*){0,6}?:`,
    alphabet: ['checking', 'check', 'test', 'testing', 'sanity check', 'ing', 'a', 'bc', '_', '1', ' ', '  ', '\n', '\t', ':', ',', '.', '-', 'é'],
    pumped: (n: number) => `check ${'a'.repeat(n)}!`,
    originalN: 50, // the original splits the word into up to 6 pieces: O(n^6)
  },
  {
    id: 'must-before',
    original: String.raw`\b(?:before (?:that|this|it|the (?:final|last|big) (?:move|step)|moving (?:disk|the)))\s*,?\s*[^.\n]{0,40}?\b(?:must|has to|have to|needs? to)\b|\bhas to be (?:parked|moved|placed|cleared|stacked|free|empty|open)\b[^.\n]{0,40}\b(?:first|before)\b`,
    alphabet: ['before that', 'before it', 'before moving disk', 'must', 'has to', 'need to', 'needs to', 'has to be moved', 'first', 'before', ' ', '   ', ',', '\n', '.', 'x', 'ab', '\t', 'mustn'],
    pumped: (n: number) => `before that${' '.repeat(n)}!`,
    originalN: 1_000, // O(40 n^2)
  },
];

describe('cue patterns: linear rewrites agree with the originals', () => {
  for (const c of CASES) {
    const current = cuePattern(c.id);
    it(`${c.id}: the cue file holds the rewrite, not the original`, () => {
      expect(current).not.toBe(c.original);
    });
    for (const flags of ['gi', 'iy']) {
      it(`${c.id} /${flags}: every match (index and text) as the original's on random strings`, () => {
        const a = new RegExp(c.original, flags);
        const b = new RegExp(current, flags);
        const all = (re: RegExp, s: string, from: number): string[] => {
          const out: string[] = [];
          re.lastIndex = from;
          for (let m = re.exec(s); m !== null; m = re.exec(s)) {
            out.push(`${m.index}:${m[0]}`);
            if (flags.includes('y')) break;
            if (m[0] === '') re.lastIndex++;
          }
          return out;
        };
        fc.assert(
          fc.property(fc.array(fc.constantFrom(...c.alphabet), { maxLength: 14 }), fc.nat(4), (parts, from) => {
            const s = parts.join('');
            expect(all(b, s, from)).toEqual(all(a, s, from));
          }),
          { numRuns: 15_000 },
        );
      });
    }
    it(`${c.id}: pumped input (the attack that hung) runs in linear time`, () => {
      const b = new RegExp(current, 'gi');
      const t0 = performance.now();
      b.lastIndex = 0;
      b.test(c.pumped(200_000));
      expect(performance.now() - t0).toBeLessThan(1_000);
      // The original grows superlinearly on it (this is the input that shows the bug): twice the length, well over twice the time.
      const a = new RegExp(c.original, 'gi');
      const time = (len: number): number => {
        const t1 = performance.now();
        a.lastIndex = 0;
        a.test(c.pumped(len));
        return performance.now() - t1;
      };
      const small = time(c.originalN / 2);
      const big = time(c.originalN);
      expect(big).toBeGreaterThan(2.5 * Math.max(small, 0.5));
    });
  }
});
