/** Aquarium's "cells at …" phrase pattern, found in linear time, gives the groups the reference's regular expression gives. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillPhraseGroups } from '../../src/core/verify/tasks/puzzles/aquarium';

/** The reference's pattern (kept here, not in src: the regex hunt would find it there). */
const FILL_PHRASE_ORIGINAL = /(?:fill|water|cells?)\s+(?:at|in)?\s*[:\s]*([^\n.!?]*(?:\(\d+,\s*\d+\)[^\n.!?]*)+)/gi;

const ALPHABET = ['fill', 'Water', 'cell', 'cells', 'at', 'in', ':', ' ', '  ', '\n', '\t', '\u00a0', '(1,2)', '(3, 4)', '(', ')', '1', ',', '.', '!', '?', 'x', 's'];
const theirs = (s: string): string[] => [...s.matchAll(FILL_PHRASE_ORIGINAL)].map((m) => m[1] ?? '');

describe('aquarium fill phrases', () => {
  it('same groups as the original on random strings', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 16 }), (parts) => {
        const s = parts.join('');
        expect(fillPhraseGroups(s)).toEqual(theirs(s));
      }),
      { numRuns: 30_000 },
    );
  });

  it('known cases', () => {
    const s = 'Fill cells at: (1,2), (3, 4). Water in (0,0)! cells (5,5)\nfill nothing.';
    expect(fillPhraseGroups(s)).toEqual(theirs(s));
    expect(fillPhraseGroups(s)).toEqual(['cells at: (1,2), (3, 4)', '(0,0)', '(5,5)']);
  });

  it('a keyword before 200,000 spaces and no pair fails in linear time (the regular expression was cubic)', () => {
    const t0 = performance.now();
    expect(fillPhraseGroups(`fill${' '.repeat(200_000)}!`)).toEqual([]);
    const ours = performance.now() - t0;
    const t1 = performance.now();
    theirs(`fill${' '.repeat(200)}!`);
    const original = performance.now() - t1;
    console.log(`fill + spaces: ${ours.toFixed(1)} ms at 200,000 (rewrite), ${original.toFixed(1)} ms at 200 (original)`);
    expect(ours).toBeLessThan(1_500);
    expect(original).toBeGreaterThan(5);
  });
});
