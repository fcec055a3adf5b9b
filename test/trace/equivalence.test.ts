/**
 * Output equivalence: the trace analyser (split, steps, tags, cues with spans and weights, scores,
 * statistics, output lines, dataset statistics) gives exactly the results recorded in
 * equivalence.expected.json for a corpus of about 5,000 varied texts and three cue sets (see
 * equivalenceCorpus.ts). The file was generated from the tagger before it was made faster; speed work
 * must leave every hash unchanged.
 *
 * When an output change is intended (a new cue, a fixed bug), regenerate the file with
 * `HELIX_WRITE_EQUIVALENCE=1 npx vitest run test/trace/equivalence.test.ts` and say in the commit why
 * the output changed. Changing the corpus (or bench/traceGen.ts, which it draws on) shows as an
 * `inputs` mismatch and needs the same.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cueSetFromJson, defaultCueSet } from '../../src/core/trace/cues';
import { corpus, hashCorpus, type CorpusHashes } from './equivalenceCorpus';

const EXPECTED = path.join(__dirname, 'equivalence.expected.json');

describe('output equivalence', () => {
  it('analyses every text of the corpus exactly as recorded', { timeout: 180_000 }, () => {
    const texts = corpus(1);
    const got = hashCorpus(texts);
    if (process.env['HELIX_WRITE_EQUIVALENCE'] === '1') {
      fs.writeFileSync(EXPECTED, `${JSON.stringify(got, null, 1)}\n`);
      return;
    }
    const expected = JSON.parse(fs.readFileSync(EXPECTED, 'utf8')) as CorpusHashes;
    expect(Object.keys(got)).toEqual(Object.keys(expected));
    for (const [section, exp] of Object.entries(expected)) {
      const g = got[section]!;
      // The corpus itself first: a changed fixture or generator is not a changed tagger.
      expect({ section, count: g.count, inputs: g.inputs }).toEqual({ section, count: exp.count, inputs: exp.inputs });
      const want = exp.outputs.split(' ');
      const have = g.outputs.split(' ');
      const differing = texts[section]!.filter((_, i) => want[i] !== have[i]).map((t) => t.id);
      expect({ section, differing: differing.slice(0, 20), count: differing.length }).toEqual({ section, differing: [], count: 0 });
      expect({ section, totals: g.totals }).toEqual({ section, totals: exp.totals });
    }
  });

  it('tells a changed output apart (the hashes cover cue weights, not only tags)', () => {
    // A guard against a harness that hashes too little: the same text, one cue's weight changed from 1
    // to 1.01 (the tags stay the same), must hash differently.
    const texts = { one: [{ id: 'a', text: '<think>Wait, that is wrong.\n\nLet me verify the sum: 2 + 2 = 4.</think> 4' }] };
    const cue = defaultCueSet().cues.find((c) => c.id === 'let-me-verify')!;
    expect(cue.weight).toBe(1);
    const heavier = cueSetFromJson({ schemaVersion: 1, extends: 'default', tags: { verification: { cues: [{ id: cue.id, pattern: cue.global.source, weight: 1.01, group: cue.group }] } } }, 'heavier.json');
    const a = hashCorpus(texts, { default: defaultCueSet() })['one']!;
    const b = hashCorpus(texts, { default: heavier })['one']!;
    expect(a.inputs).toBe(b.inputs);
    expect(a.outputs).not.toBe(b.outputs);
  });
});
