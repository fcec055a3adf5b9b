/**
 * The tagger's prefilter: a cue's regular expression only runs where the literals every match must
 * contain (its anchors, worked out from the pattern when the cue set is compiled) are present. These
 * tests check that it skips cues when their literals are absent, still finds them when present (in any
 * letter case), always runs cues it cannot read, works the same for user cue files, and never changes a
 * result; and the pieces it rests on (the one-pass sentence boundaries, the code units, the token count).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnchorMatcher, requiredAnchorSets, SentenceBounds } from '../../src/core/trace/anchors';
import { analyseTrace } from '../../src/core/trace/analyse';
import { CASED_ASTRAL_HIGH_SURROGATES, CodeUnits } from '../../src/core/trace/codes';
import { cueSetFromJson, defaultCueSet, type CompiledCue, type CueSet } from '../../src/core/trace/cues';
import { segmentSteps } from '../../src/core/trace/segment';
import { splitResponse } from '../../src/core/trace/split';
import { approxTokens, traceStats } from '../../src/core/trace/stats';
import { tagSteps } from '../../src/core/trace/tagger';

const ROOT = path.resolve(__dirname, '../..');
const EMPTY = { threshold: 1, cues: [] };
const NEGATION = { pattern: "\\bnot\\b|n't\\b", boundary: '[.,;]', window: 40 };

/** A small cue set of its own (no default cues), so that each cue's runs can be counted. */
function tinySet(): CueSet {
  return cueSetFromJson(
    {
      schemaVersion: 1,
      name: 'tiny',
      negation: NEGATION,
      tags: {
        verification: {
          threshold: 1,
          cues: [
            { id: 'sanity', pattern: '\\bsanity[- ]?check(?:ed|ing)?\\b', weight: 1 },
            // Nothing literal to require (a number of three digits or more): runs on every step.
            { id: 'number', pattern: '\\b\\d{3,}\\b', weight: 1 },
          ],
        },
        backtracking: EMPTY,
        subgoal: EMPTY,
        backward_chaining: EMPTY,
        correction: EMPTY,
      },
    },
    'tiny.json',
  );
}

function cueOf(set: CueSet, id: string): CompiledCue {
  const cue = set.cues.find((c) => c.id === id);
  if (!cue) throw new Error(`no cue ${id}`);
  return cue;
}

/** The traces of the fixtures (their last message). */
function fixtureTexts(): string[] {
  const texts: string[] = [];
  for (const dir of ['traces-dev', 'traces-realistic']) {
    for (const line of fs.readFileSync(path.join(ROOT, 'test/fixtures', dir, 'samples.jsonl'), 'utf8').split('\n')) {
      if (line.trim()) texts.push((JSON.parse(line) as { messages: Array<{ content: string }> }).messages.at(-1)!.content);
    }
  }
  return texts;
}

/** Tags and cues (with spans) of every step, with and without the prefilter. */
function fastAndExhaustive(text: string, set: CueSet): [unknown, unknown] {
  const steps = segmentSteps(text, splitResponse(text).think);
  const view = (exhaustive: boolean) => tagSteps(text, steps, set, { exhaustive }).map((s) => [s.tags, s.cues, s.scores]);
  return [view(false), view(true)];
}

afterEach(() => vi.restoreAllMocks());

describe('the prefilter', () => {
  it('skips a cue whose required literals are absent, and still finds it when they are present, in any case', () => {
    const set = tinySet();
    const sanity = cueOf(set, 'sanity');
    expect(sanity.anchors?.flat(2).map((a) => a.text)).toEqual(expect.arrayContaining(['sanity check', 'sanity-check', 'sanitycheck']));
    const exec = vi.spyOn(sanity.first, 'exec');

    const without = '<think>\nFirst I add the rows.\n\nThen I check the columns once.\n\nAll good.\n</think>';
    expect(analyseTrace(without, set).steps.every((s) => s.tags.length === 0)).toBe(true);
    expect(exec).not.toHaveBeenCalled();

    const withIt = '<think>\nFirst I add the rows.\n\nQuick SANITY-Check of the columns.\n\nAll good.\n</think>';
    const steps = analyseTrace(withIt, set).steps;
    expect(exec).toHaveBeenCalled();
    expect(steps[1]!.tags).toEqual(['verification']);
    expect(steps[1]!.cues.map((c) => withIt.slice(c.start, c.end))).toEqual(['SANITY-Check']);
    // Only the step holding the literal was searched.
    expect(new Set(exec.mock.calls.map(([text]) => text))).toEqual(new Set(['Quick SANITY-Check of the columns.']));
  });

  it('always runs a cue without an extractable literal', () => {
    const set = tinySet();
    const number = cueOf(set, 'number');
    expect(number.anchors).toBeNull();
    expect(set.unanchored).toEqual([number]);
    const exec = vi.spyOn(number.first, 'exec');
    const text = '<think>\nOne.\n\nTwo.\n\nThree hundred is 300.\n</think>';
    const steps = analyseTrace(text, set).steps;
    // Every step was searched.
    expect(exec.mock.calls.length).toBeGreaterThanOrEqual(steps.length);
    expect(steps.map((s) => s.tags)).toEqual([[], [], ['verification']]);
  });

  it('never takes a letter outside ASCII as an anchor (under the i flag, σ also matches ς)', () => {
    expect(requiredAnchorSets('λόγοσ')).toBeNull();
    expect(requiredAnchorSets('\\bsee λόγοσ')?.flat(2).map((a) => a.text)).toEqual(['see ']);
    const set = cueSetFromJson(
      { schemaVersion: 1, negation: NEGATION, tags: { verification: { threshold: 1, cues: [{ id: 'logos', pattern: 'λόγοσ', weight: 1 }] }, backtracking: EMPTY, subgoal: EMPTY, backward_chaining: EMPTY, correction: EMPTY } },
      'greek.json',
    );
    // "ΛΌΓΟΣ" lower-cases to "λόγος", with a final ς: the pattern still matches it.
    expect(analyseTrace('<think>\nThe word ΛΌΓΟΣ.\n</think>', set).steps[0]!.tags).toEqual(['verification']);
  });

  it('counts rare symbols as selective, and gives cues run on whole steps their further sets', () => {
    const show = (src: string, ...more: [number, number, boolean]) => requiredAnchorSets(src, ...more)?.map((alt) => alt.map((set) => set.map((a) => a.text).sort()));
    // "?" is rare in prose: a sentence without one is not searched (and "is"/"it" are too frequent).
    expect(show('\\b(?:is|was) (?:it|that) (?:right|correct)\\b[^.!?]{0,40}\\?', 3, 10, false)).toEqual([[['correct', 'right'], ['?']]]);
    // A cue searched on whole steps also requires its frequent-but-not-everywhere words.
    expect(show('\\bfirst\\b[^.\\n]{0,80}?\\bthen\\b', 8, 10, true)).toEqual([[['first'], ['then']]]);
    expect(show('\\bfirst\\b[^.\\n]{0,80}?\\bthen\\b', 3, 10, false)).toEqual([[['first']]]);
    const set = defaultCueSet();
    expect(set.cues.filter((c) => c.multiline).some((c) => (c.anchors?.[0]?.length ?? 0) > 1)).toBe(true);
  });

  it('derives a correct prefilter for a user cue file (the same results as trying every cue on every sentence)', () => {
    const set = cueSetFromJson(
      {
        schemaVersion: 1,
        extends: 'default',
        tags: {
          verification: {
            cues: [
              { id: 'u-sanity', pattern: '\\bsanity[- ]?(?:check|pass)\\b', weight: 1 },
              { id: 'u-tick', pattern: '\\d+\\s*=\\s*\\d+\\s*(?:✓|✔|√)', weight: 1 },
              { id: 'u-adverb', pattern: '[a-z]+ly check(?:ed)?', weight: 0.5 },
              { id: 'u-phrase', phrases: ['triple-check', "let's see if"], weight: 1, at: 'sentence-start' },
              { id: 'u-question', pattern: '\\b(?:is|does) (?:this|it) (?:hold|work)\\b[^.!\\n]{0,30}\\?', weight: 1 },
            ],
          },
          correction: {
            cues: [
              { id: 'u-oops', pattern: 'oops|whoops|my bad', weight: 2 },
              { id: 'u-line', pattern: '^wait\\b[^\\n]*\\b(?:wrong|mistake)\\b', weight: 2 },
              { id: 'u-many', pattern: 'a1|b2|c3|d4|e5|f6|g7|h8|i9|j10|k11|l12', weight: 0.1 },
            ],
          },
          subgoal: { cues: [{ id: 'u-step', pattern: '(?<=\\n)step \\d', weight: 1, at: 'step-start' }] },
        },
      },
      'user.json',
    );
    for (const id of ['u-sanity', 'u-tick', 'u-adverb', 'u-phrase', 'u-question', 'u-oops', 'u-line', 'u-many']) expect(cueOf(set, id).anchors, id).not.toBeNull();
    expect(cueOf(set, 'u-question').anchors![0]!.map((s) => s.map((a) => a.text))).toContainEqual(['?']);
    const texts = [
      ...fixtureTexts(),
      '<think>\nWait, that is WRONG.\n\nIs this hold? Does it work at all?\n\nA quick Sanity Pass: 3 = 3 ✓ and 4 = 4√.\n\nOops. My Bad! Triple-check it. Let’s see if it works. Lastly checked twice.\n</think>',
    ];
    let hits = 0;
    for (const t of texts) {
      const [fast, slow] = fastAndExhaustive(t, set);
      expect(fast).toEqual(slow);
      hits += (fast as Array<[string[]]>).filter(([tags]) => tags.length > 0).length;
    }
    expect(hits).toBeGreaterThan(100);
  });
});

describe('running on the text itself', () => {
  it('gives what running on the lower-cased text gives (capitals, curly quotes, letters outside ASCII, astral letters)', () => {
    const set = defaultCueSet();
    const fixtures = fixtureTexts();
    const twist = fc.constantFrom('upper', 'title', 'curly', 'exotic', 'none');
    const exotic = ['É', 'Σ', 'İ', 'K', 'Ω', '𐐀', '😀', '×', '’'];
    fc.assert(
      fc.property(fc.nat(fixtures.length - 1), fc.array(fc.tuple(twist, fc.nat(), fc.nat(60)), { maxLength: 6 }), (k, twists) => {
        let text = fixtures[k]!;
        for (const [how, at, len] of twists) {
          const i = at % (text.length + 1);
          const piece = text.slice(i, i + len);
          const changed = how === 'upper' ? piece.toUpperCase() : how === 'title' ? piece.replace(/\b\w/g, (c) => c.toUpperCase()) : how === 'curly' ? piece.replace(/'/g, '’').replace(/"/g, '“') : how === 'exotic' ? exotic[at % exotic.length]! + piece : piece;
          text = text.slice(0, i) + changed + text.slice(i + len);
        }
        const steps = segmentSteps(text, splitResponse(text).think);
        const view = (lowerCase: boolean) => tagSteps(text, steps, set, { lowerCase }).map((s) => [s.tags, s.cues, s.scores]);
        const lower = view(true);
        expect(view(false)).toEqual(lower);
        // The analyser learns whether the text is plain while counting tokens.
        expect(analyseTrace(text, set).steps.map((s) => [s.tags, s.cues, s.scores])).toEqual(lower);
      }),
      { numRuns: 300, seed: 1208 },
    );
  });

  it('knows which astral characters have a lower case in this runtime', () => {
    const high = new Set<number>();
    for (let cp = 0x10000; cp < 0x110000; cp++) {
      const s = String.fromCodePoint(cp);
      if (s.toLowerCase() !== s) high.add(s.charCodeAt(0));
    }
    expect([...high].sort((a, b) => a - b)).toEqual(CASED_ASTRAL_HIGH_SURROGATES);
  });
});

describe('negation and conditional words from the anchor matcher', () => {
  it('cancel exactly the cues the negation and conditional patterns cancel (random text, windows cutting words)', () => {
    const words = ['cannot', 'not', 'no', 'nothing', "don't", 'know', 'notably', 'check', 'verify', 'again', 'if', 'i', 'get', 'stuck', 'whenever', 'unless', 'snow', 'x', 'Not', 'NO'];
    const sentence = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 16 }).map((ws) => ws.join(' '));
    const body = fc.array(fc.tuple(sentence, fc.constantFrom('. ', ', ', ' ', '\n')), { minLength: 1, maxLength: 6 }).map((ps) => ps.map(([a, b]) => a + b).join(''));
    let cancelled = 0;
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 3 }), fc.integer({ min: 3, max: 30 }), (bodies, window) => {
        const set = cueSetFromJson(
          {
            schemaVersion: 1,
            name: 'negation',
            negation: { pattern: "\\b(?:no|not|never|cannot|nothing)\\b|n't\\b", boundary: '[.,;]', window, conditional: { pattern: '\\b(?:whenever|unless|if (?:i|we) get)\\b', tags: ['verification'] } },
            tags: {
              verification: { threshold: 1, cues: [{ id: 'check', pattern: '\\b(?:check|verify)(?: again)?\\b', weight: 1 }] },
              backtracking: EMPTY,
              subgoal: EMPTY,
              backward_chaining: EMPTY,
              correction: EMPTY,
            },
          },
          'negation.json',
        );
        expect(set.negationWords && set.conditionalWords).toBe(true);
        const trace = `<think>\n${bodies.join('\n\n')}\n</think>`;
        const [fast, slow] = fastAndExhaustive(trace, set);
        expect(fast).toEqual(slow);
        const steps = segmentSteps(trace, splitResponse(trace).think);
        cancelled += steps.filter((st) => /check|verify/i.test(trace.slice(st.start, st.end))).length - (fast as Array<[string[]]>).filter(([tags]) => tags.length > 0).length;
      }),
      { numRuns: 500, seed: 2026 },
    );
    // Negations and conditionals did cancel cues: the check compared something.
    expect(cancelled).toBeGreaterThan(50);
  });
});

describe('cues of one group', () => {
  it('skipping lighter cues, and equal ones past the kept match, changes no tag, cue or score (random weights and text)', () => {
    const words = ['wait', 'check', 'again', 'verify', 'recheck', 'confirm', 'x', 'no', 'so', 'it'];
    const body = fc.array(fc.tuple(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 10 }), fc.constantFrom('. ', ', ', '\n')), { minLength: 1, maxLength: 6 }).map((ps) => ps.map(([ws, p]) => ws.join(' ') + p).join(''));
    const patterns = ['\\bcheck\\b', '\\bcheck again\\b', '\\bverify\\b', '\\b(?:re)?check\\b', '\\bconfirm\\b', 'wait,? (?:check|verify)', '^wait\\b', 'again\\b'];
    const cue = fc.record({ p: fc.nat(patterns.length - 1), w: fc.constantFrom(1, 1, 0.5, -1, -0.5, 2), g: fc.constantFrom('a', 'a', 'b'), at: fc.constantFrom('anywhere', 'anywhere', 'step-start', 'sentence-start') });
    fc.assert(
      fc.property(fc.array(cue, { minLength: 2, maxLength: 8 }), fc.array(body, { minLength: 1, maxLength: 3 }), (cues, bodies) => {
        const set = cueSetFromJson(
          {
            schemaVersion: 1,
            name: 'groups',
            negation: NEGATION,
            tags: {
              verification: { threshold: 0.5, cues: cues.map((c, i) => ({ id: `c${i}`, pattern: patterns[c.p]!, weight: c.w, group: c.g, at: c.at as 'anywhere' })) },
              backtracking: EMPTY,
              subgoal: EMPTY,
              backward_chaining: EMPTY,
              correction: EMPTY,
            },
          },
          'groups.json',
        );
        const trace = `<think>\n${bodies.join('\n\n')}\n</think>`;
        const [fast, slow] = fastAndExhaustive(trace, set);
        expect(fast).toEqual(slow);
      }),
      { numRuns: 600, seed: 77 },
    );
  });
});

describe('answer statements found by the anchor matcher', () => {
  it('give the statistics the regular expression gives (random statements in any case, boxed, in several blocks)', () => {
    const piece = fc.constantFrom('The answer is 42. ', 'ANSWER: 7\n', 'final Answer is \\boxed{3}. ', '\\boxed{x}', 'answers ', 'so the answer is that it works. ', 'x = 2. ', '\n\n', 'Wait. ', 'the answer should be 5\n', 'É ', 'answer');
    const body = fc.array(piece, { minLength: 1, maxLength: 12 }).map((ps) => ps.join(''));
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 3 }), body, (blocks, answer) => {
        const text = `${blocks.map((b) => `<think>\n${b}\n</think>`).join('\n')}\n${answer}`;
        const a = analyseTrace(text);
        expect(a.stats).toEqual(traceStats(text, a.split, a.steps));
      }),
      { numRuns: 1000, seed: 99 },
    );
  });
});

describe('the one-pass sentence boundaries', () => {
  /** The boundaries as the tagger defines them: after a line break, or after `.!?` and the spaces and tabs that follow. */
  function reference(text: string, start: number, end: number): number[] {
    const out = [start];
    const re = /[.!?][ \t]+|\n/g;
    re.lastIndex = start;
    for (let m = re.exec(text); m !== null && m.index < end; m = re.exec(text)) {
      const b = m.index + m[0].length;
      if (b >= end) break;
      out.push(b);
    }
    out.push(end);
    return out;
  }

  it('are the ones the tagger defines, on random text', () => {
    const matcher = new AnchorMatcher(['wait', 'no']);
    const units = new CodeUnits();
    const bounds = new SentenceBounds();
    const hits = new Int32Array(4096);
    let seed = 5;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
    const pieces = ['a', 'b', ' ', ' ', '\t', '\n', '.', '!', '?', '. ', '?\t ', 'wait', 'no', '\r\n'];
    for (let k = 0; k < 3000; k++) {
      let text = '';
      const n = Math.floor(random() * 60);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(random() * pieces.length)];
      const start = Math.floor(random() * (text.length + 1));
      const end = start + Math.floor(random() * (text.length - start + 1));
      const count = matcher.scanSentences(units.load(text), start, end, hits, bounds);
      expect([...bounds.at.subarray(0, bounds.count)], JSON.stringify([text, start, end])).toEqual(reference(text, start, end));
      expect(count).toBe(matcher.scan(units.load(text), start, end, new Int32Array(4096)));
    }
  });
});

describe('code units', () => {
  it('are the string’s UTF-16 units, lone surrogates included, with a 0 after the end', () => {
    const units = new CodeUnits();
    for (const text of ['', 'abc', 'x\ud800y\udc00z 😀 é ✓', 'long '.repeat(1000)]) {
      const u = units.load(text);
      expect(Array.from(u.subarray(0, text.length))).toEqual(Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)));
      expect(u[text.length]).toBe(0);
    }
  });
});

describe('approxTokens', () => {
  /** The estimate as first written: one loop, an astral character's second half skipped by hand. */
  function reference(text: string): number {
    let n = 0;
    let run = 0;
    let prev = 'space';
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x370 && c <= 0x52f);
      if (c >= 0xd800 && c <= 0xdbff) {
        n += 2;
        i++;
        prev = 'other';
        run = 0;
      } else if (c === 0x20 || c === 0x09) {
        prev = 'space';
        run = 0;
      } else if (c === 0x0a || c === 0x0d) {
        if (prev !== 'break') n++;
        prev = 'break';
        run = 0;
      } else if (letter) {
        if (run % 7 === 0) n++;
        run++;
        prev = 'letter';
      } else {
        n++;
        prev = 'other';
        run = 0;
      }
    }
    return n;
  }

  it('counts astral characters, lone surrogates and runs of letters as before', () => {
    for (const text of ['😀😀', 'a😀b', '\ud800', '\ud800\ud800x', '\udc00', 'abcdefghijklmno', 'x\r\n\n\ny', 'Ωμέγα × 3', '\ud83d\ude00\n\n😀']) {
      expect(approxTokens(text), JSON.stringify(text)).toBe(reference(text));
    }
  });

  it('agrees with the reference on long texts, counted in two halves split at a space', () => {
    const piece = fc.constantFrom(' ', '\t', '\n', '\r\n', 'a', 'abcdefghij', 'Ωμέγα', '×', '😀', '\ud800', '\ud800 ', ' \ud800', '\udc00', '7', 'word ', '.', 'x'.repeat(300));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 30, maxLength: 300 }), (pieces) => {
        const text = pieces.join('');
        expect(approxTokens(text)).toBe(reference(text));
      }),
      { numRuns: 2000, seed: 8 },
    );
  });
});
