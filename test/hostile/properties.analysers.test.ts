/**
 * Hostile-input properties of the analysers (issue #8): the answer extractor (src/core/verify/extract.ts),
 * the think/answer split, the step segmenter and the reflection tagger (src/core/trace).
 *
 * - Arbitrary text (lone surrogates, controls, BOM, NUL) and text built from the grammar's own tokens
 *   (`\boxed{`, braces, think tags, `$`, backslashes, CRLF, ...): no exception, every span inside the text
 *   and consistent with what it claims to hold.
 * - Shapes built to hurt (10,000 nested braces, `\boxed{` never closed, a 5 MB response, long runs of one
 *   token): each call bounded in time, and n vs 4n of the same shape grows about linearly.
 * - Every regular expression of src/core/verify, src/core/trace and the Python-literal parser, literal or
 *   built at run time (cue patterns included), attacked for catastrophic backtracking (see propRegex.ts).
 *
 * The modules under test are imported dynamically, inside a recording `RegExp`, so that the regular
 * expressions they build while loading are collected too.
 */
import * as path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FULL, grammarString, hostileString, instanceRows, responseRows, rowSample, runs, superlinear, timeIt, type Growth } from './propHelpers';
import { attacks, recordConstructed, regexLiterals, timeAttacks, type FoundRegex } from './propRegex';

type ExtractMod = typeof import('../../src/core/verify/extract');
type TraceMod = typeof import('../../src/core/trace');
type PipelineMod = typeof import('../../src/core/verify/pipeline');
let ex: ExtractMod;
let tr: TraceMod;
let constructed: RegExp[] = [];

const SRC = path.resolve(__dirname, '../../src/core');

beforeAll(async () => {
  constructed = await recordConstructed(async () => {
    ex = await import('../../src/core/verify/extract');
    tr = await import('../../src/core/trace');
    const pipeline: PipelineMod = await import('../../src/core/verify/pipeline');
    // Exercise the pipeline and the tagger once so that regular expressions built inside functions are seen.
    const rows = instanceRows();
    const byId = new Map(rows.map((r, i) => [r['id'] as string, rowSample(r, i)]));
    const seenKind = new Set<string>();
    for (const r of responseRows()) {
      const key = `${r.instance_id}`;
      if (seenKind.has(key)) continue;
      seenKind.add(key);
      const s = byId.get(r.instance_id);
      if (s) pipeline.verifySample({ ...s, response: r.response });
    }
    tr.analyseTrace('<think>Wait, let me double-check: 3 + 4 = 7. No need to backtrack.\n\nActually, I was wrong.</think> \\boxed{7}');
  });
}, 120_000);

/** A `[start, end)` span lies inside the text. */
function validSpan(text: string, span: readonly [number, number] | { start: number; end: number } | null): void {
  if (span === null) return;
  const [s, e]: [number, number] = 'start' in span ? [span.start, span.end] : [span[0], span[1]];
  expect(Number.isInteger(s) && Number.isInteger(e)).toBe(true);
  expect(s).toBeGreaterThanOrEqual(0);
  expect(e).toBeGreaterThanOrEqual(s);
  expect(e).toBeLessThanOrEqual(text.length);
}

const texts = fc.oneof({ weight: 1, arbitrary: hostileString(300) }, { weight: 2, arbitrary: grammarString(120) });

function checkExtraction(response: string): void {
  const e = ex.extractAnswer(response);
  expect(ex.EXTRACTION_RULES).toContain(e.rule);
  expect(typeof e.answer).toBe('string');
  validSpan(response, e.span);
  validSpan(e.normalized, e.normalizedSpan);
  if (e.normalizedSpan) expect(e.normalized.slice(e.normalizedSpan[0], e.normalizedSpan[1])).toBe(e.answer);
  if (e.rule === 'no_response') expect(response).toBe('');
  else expect(e.answer.length).toBeGreaterThan(0);
}

function checkTrace(response: string): void {
  const split = tr.splitResponse(response);
  for (const s of split.think) validSpan(response, s);
  validSpan(response, split.answer);
  expect(split.answer.end).toBe(response.length);
  for (let i = 1; i < split.think.length; i++) expect(split.think[i]!.start).toBeGreaterThanOrEqual(split.think[i - 1]!.end);
  const steps = tr.segmentSteps(response, split.think);
  steps.forEach((st, i) => {
    expect(st.index).toBe(i);
    const block = split.think[st.block]!;
    expect(st.start).toBeGreaterThanOrEqual(block.start);
    expect(st.end).toBeLessThanOrEqual(block.end);
    expect(st.end).toBeGreaterThan(st.start);
    if (i > 0) expect(st.start).toBeGreaterThanOrEqual(steps[i - 1]!.end);
  });
  const tagged = tr.tagSteps(response, steps, tr.defaultCueSet());
  expect(tagged.length).toBe(steps.length);
  for (const t of tagged) {
    for (const tag of t.tags) expect(tr.TAGS).toContain(tag);
    for (const c of t.cues) {
      expect(c.start).toBeGreaterThanOrEqual(t.start);
      expect(c.end).toBeLessThanOrEqual(t.end);
      expect(c.end).toBeGreaterThanOrEqual(c.start);
    }
  }
  const a = tr.analyseTrace(response);
  expect(a.steps.length).toBe(steps.length);
  // Code point offsets (what leaves the process) stay inside the text's code point length.
  const cps = tr.codePointLength(response);
  for (const s of tr.toCodePointSteps(response, a.steps)) {
    expect(s.start).toBeGreaterThanOrEqual(0);
    expect(s.end).toBeLessThanOrEqual(cps);
    expect(s.end).toBeGreaterThanOrEqual(s.start);
  }
}

describe('extractor: arbitrary and grammar-built responses', () => {
  it('never throws; the rule is known; spans lie inside the text and hold the answer', () => {
    fc.assert(fc.property(texts, (s) => checkExtraction(s)), { numRuns: runs(400) });
  });

  it('the same inside real responses: a real fixture response with hostile text spliced in anywhere', () => {
    const real = responseRows().slice(0, 400).map((r) => r.response);
    fc.assert(
      fc.property(fc.constantFrom(...real), texts, fc.nat(), (base, junk, at) => {
        const i = at % (base.length + 1);
        checkExtraction(base.slice(0, i) + junk + base.slice(i));
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('split, segment, tag: arbitrary and grammar-built responses', () => {
  it('never throw; think blocks ordered, steps inside their block, cues inside their step, code points in range', () => {
    fc.assert(fc.property(texts, (s) => checkTrace(s)), { numRuns: runs(300) });
  });
});

/** Shapes that make a careless parser backtrack or rescan: `make(n)` gives about n code units. */
const SHAPES: Record<string, (n: number) => string> = {
  'nested braces in \\boxed{': (n) => `\\boxed{${'{'.repeat(n / 2)}${'}'.repeat(n / 2)}}`,
  '\\boxed{ never closed': (n) => `\\boxed{${'x '.repeat(n / 2)}`,
  '\\boxed{ repeated, never closed': (n) => '\\boxed{'.repeat(n / 7),
  'open braces only': (n) => `\\boxed{${'{'.repeat(n)}`,
  '\\boxed{{} repeated': (n) => '\\boxed{{}'.repeat(n / 9),
  '\\text{ runs in a box': (n) => `\\boxed{${'\\text{'.repeat(n / 6)}}`,
  'ext{ without close in a box': (n) => `\\boxed{${'ext{a'.repeat(n / 5)}}`,
  '\\begin{array} unclosed in a box': (n) => `\\boxed{${'\\begin{array}'.repeat(n / 13)}}`,
  '<answer> never closed': (n) => '<answer>'.repeat(n / 8),
  'box token never closed': (n) => '<|begin_of_box|>'.repeat(n / 16),
  'Answer: then spaces': (n) => `Answer:${' '.repeat(n)}x`,
  'backslashes': (n) => '\\'.repeat(n),
  'escape pairs': (n) => '\\n\\t\\"'.repeat(n / 6),
  '$ runs': (n) => '$'.repeat(n),
  '<think> repeated': (n) => '<think>'.repeat(n / 7),
  '</think> repeated': (n) => '</think>'.repeat(n / 8),
  '< runs (tag starts)': (n) => '<thin'.repeat(n / 5),
  '◁ runs': (n) => '◁thin'.repeat(n / 5),
  'blank lines': (n) => '\n'.repeat(n),
  'CRLF blank lines': (n) => '\r\n \t'.repeat(n / 4),
  'one long paragraph of cues': (n) => `<think>${'wait, let me double-check this. '.repeat(n / 32)}</think>`,
  'negations and cues': (n) => `<think>${'no need to verify, hmm, actually wrong '.repeat(n / 40)}</think>`,
  'quotes': (n) => `<think>${'"\'x'.repeat(n / 3)}</think>`,
  'commas (interjection look-back)': (n) => `<think>${'hmm, '.repeat(n / 5)}backtrack</think>`,
  'equations (recompute)': (n) => `<think>${'1 + 2 = 3 '.repeat(n / 10)}</think>`,
  'many short steps': (n) => `<think>${'wait\n\n'.repeat(n / 6)}</think>`,
  'lone surrogates': (n) => '\uD800a\uDC00'.repeat(n / 3),
  'dotless I lowercasing': (n) => `<think>${'\u0130 wait '.repeat(n / 7)}</think>`,
};

describe('time: hostile shapes stay about linear (n vs 4n) and bounded', () => {
  const n = FULL ? 1_000_000 : 50_000;
  const fns: Record<string, (s: string) => unknown> = {
    extract: (s) => ex.extractAnswer(s),
    split: (s) => tr.splitResponse(s),
    'split+segment': (s) => tr.segmentSteps(s, tr.splitResponse(s).think),
    analyseTrace: (s) => tr.analyseTrace(s),
  };
  for (const [fnName, fn] of Object.entries(fns)) {
    it(`${fnName}: no shape grows superlinearly`, () => {
      const flagged: string[] = [];
      for (const [shape, make] of Object.entries(SHAPES)) {
        const g: Growth | null = superlinear(make, fn, n);
        
        if (g) flagged.push(`${shape}: ${g.small.toFixed(1)} ms at ${n}, ${g.large.toFixed(1)} ms at ${4 * n} (x${g.ratio.toFixed(1)})`);
      }
      expect(flagged).toEqual([]);
    }, 120_000);
  }

  it('5 MB responses: each call of extract, split+segment and the tagger finishes within the bound', () => {
    const big = 5 * 1024 * 1024;
    const shapes = FULL ? Object.entries(SHAPES) : Object.entries(SHAPES).filter(([k]) => ['\\boxed{ never closed', 'nested braces in \\boxed{', 'one long paragraph of cues', 'many short steps'].includes(k));
    const slow: string[] = [];
    for (const [shape, make] of shapes) {
      const s = make(big);
      for (const [fnName, fn] of Object.entries(fns)) {
        const ms = timeIt(() => fn(s), 1);
        // A linear pass over 5 MB takes well under a second; 5 s means something rescans the text.
        if (ms > 5000) slow.push(`${fnName} on ${shape}: ${ms.toFixed(0)} ms`);
      }
    }
    expect(slow).toEqual([]);
  }, 240_000);

  it('10,000 nested braces and an unclosed \\boxed{ give a whole-response or boxed answer, not an exception', () => {
    const nested = `\\boxed{${'{'.repeat(10_000)}${'}'.repeat(10_000)}}`;
    const e = ex.extractAnswer(nested);
    expect(['boxed', 'whole_response']).toContain(e.rule);
    const open = `The answer is \\boxed{${'{'.repeat(10_000)}`;
    expect(ex.extractAnswer(open).rule).toBe('whole_response');
    checkTrace(nested);
    checkTrace(open);
  });
});

/**
 * KNOWN catastrophic patterns (found by this hunt, not yet fixed; listed in the issue #8 report): each
 * hangs (over a second at a pumped length of a few thousand, i.e. cubic or exponential backtracking) on
 * the attack shown by HELIX_HOSTILE_FULL=1. Matched by a distinctive piece of the pattern's source.
 * The always-on run skips them (each attack would cost a cut-off worker); the full run checks that no
 * pattern outside this list hangs, and that each listed one still does (so the list shrinks as they are fixed).
 */
const KNOWN_CATASTROPHIC: string[] = [];
const isKnown = (re: RegExp): boolean => KNOWN_CATASTROPHIC.some((k) => re.source.includes(k));

describe('regular expressions on untrusted text: no catastrophic backtracking', () => {
  it('every regular expression literal and constructed pattern survives pumped attacks in bounded time', async () => {
    const found: FoundRegex[] = [
      ...regexLiterals(path.join(SRC, 'verify')),
      ...regexLiterals(path.join(SRC, 'trace')),
      ...regexLiterals(path.join(SRC, 'pyliteral.ts')),
      ...constructed.map((re) => ({ re, where: 'new RegExp(...)' })),
    ];
    // One entry per distinct pattern.
    const unique = new Map<string, FoundRegex>();
    for (const f of found) if (!unique.has(`${f.re.source}/${f.re.flags}`)) unique.set(`${f.re.source}/${f.re.flags}`, f);
    const patterns = [...unique.values()].filter((f) => FULL || !isKnown(f.re));
    const suffixes = FULL ? ['\u0000', '!', 'a', '1', ' ', '\n', '}'] : ['!'];
    const jobs = patterns.flatMap((f) => attacks(f.re, suffixes, FULL ? 8 : 2).map((attack) => ({ re: f.re, where: f.where, attack })));
    const ns = FULL ? [1_000, 4_000] : [250, 1_000];
    const timings = await timeAttacks(jobs, ns, FULL ? 1500 : 600);
    const hung = new Map<string, string>();
    const superlinearRuns = new Set<string>();
    timings.forEach((t, i) => {
      const { where, re, attack } = jobs[i]!;
      const what = `${where} /${re.source.slice(0, 160)}/${re.flags}: quantifier ${attack.quantifier.slice(0, 40)} pump ${JSON.stringify(attack.pump)} prefix ${JSON.stringify(attack.prefix.slice(0, 30))} suffix ${JSON.stringify(attack.suffix)}`;
      if (t.hung || t.times.length < ns.length) hung.set(`${re.source}/${re.flags}`, what);
      else {
        const [small, large] = t.times as [number, number];
        if (large > 10 && large / Math.max(small, 0.3) > 10) superlinearRuns.add(what);
      }
    });
    console.log(`regex hunt: ${unique.size} patterns (${constructed.length} constructions seen), ${jobs.length} attacks, ${hung.size} patterns hung, ${superlinearRuns.size} attacks superlinear (quadratic: flagged, not failed)`);
    if (FULL && superlinearRuns.size) console.log(`superlinear:\n${[...superlinearRuns].join('\n')}`);
    expect(unique.size).toBeGreaterThan(200);
    const unexpected = [...hung.entries()].filter(([key]) => !isKnown(unique.get(key)!.re)).map(([, what]) => what);
    expect(unexpected).toEqual([]);
    if (FULL) {
      // The known list only shrinks: a listed pattern that no longer hangs (fixed) must leave the list.
      const stillHanging = KNOWN_CATASTROPHIC.filter((k) => [...hung.keys()].some((key) => unique.get(key)!.re.source.includes(k)));
      expect(stillHanging).toEqual(KNOWN_CATASTROPHIC);
    }
  }, 600_000);
});
