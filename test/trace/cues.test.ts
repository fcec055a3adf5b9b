/**
 * The cue file: the shipped default validates, user files extend or replace it, and every problem names
 * the file and the entry. Also the anchor analysis the tagger's speed rests on.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requiredAnchorSets } from '../../src/core/trace/anchors';
import { analyseTrace } from '../../src/core/trace/analyse';
import { CueFileError, cueSetFromJson, defaultCueSet, loadCueFile, phraseToPattern } from '../../src/core/trace/cues';
import { CUE_SCHEMA_VERSION, CueFile, TAGS } from '../../src/core/trace/cueSchema';

const ROOT = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-cues-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, json: unknown): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, typeof json === 'string' ? json : JSON.stringify(json));
  return f;
}

function errorOf(f: () => unknown): CueFileError {
  try {
    f();
  } catch (e) {
    if (e instanceof CueFileError) return e;
    throw e;
  }
  throw new Error('expected a CueFileError');
}

describe('the shipped cue file', () => {
  it('is valid, versioned, and has cues with notes for every tag', () => {
    const json: unknown = JSON.parse(fs.readFileSync(path.join(ROOT, 'media/cues/default.json'), 'utf8'));
    const file = CueFile.parse(json);
    expect(file.schemaVersion).toBe(CUE_SCHEMA_VERSION);
    for (const t of TAGS) {
      expect(file.tags[t]?.cues.length).toBeGreaterThan(5);
      for (const c of file.tags[t]!.cues) expect(c.note, `${t}/${c.id}`).toBeTruthy();
    }
    const set = defaultCueSet();
    expect(set.source).toBe('default');
    expect(loadCueFile(path.join(ROOT, 'media/cues/default.json')).cues.length).toBe(set.cues.length);
  });

  it('gives every cue anchors (so none runs on every step)', () => {
    const set = defaultCueSet();
    expect(set.cues.filter((c) => c.anchors === null).map((c) => c.id)).toEqual([]);
  });
});

describe('media/cues/cues.schema.json (editor completion for cue files)', () => {
  it('is generated from the zod schema (UPDATE_CUE_SCHEMA=1 rewrites it)', () => {
    const file = path.join(ROOT, 'media/cues/cues.schema.json');
    const generated = `${JSON.stringify({ ...z.toJSONSchema(CueFile, { io: 'input' }), title: 'Helix Curator cue file', description: 'Reflection-tagger cues (see media/cues/default.json and README.md).' }, null, 2)}\n`;
    if (process.env['UPDATE_CUE_SCHEMA'] === '1') fs.writeFileSync(file, generated);
    expect(fs.readFileSync(file, 'utf8')).toBe(generated);
  });
});

describe('user cue files', () => {
  it('extend the default: add, replace (same id), disable, change a threshold', () => {
    const f = write('extend.json', {
      schemaVersion: 1,
      extends: 'default',
      tags: {
        verification: { cues: [{ id: 'sanity-pass', phrases: ['sanity pass'], weight: 1, note: 'house style' }] },
        correction: { disable: ['oops'] },
        subgoal: { threshold: 5 },
      },
    });
    const set = loadCueFile(f);
    expect(set.cues.length).toBe(defaultCueSet().cues.length);
    expect(set.cue('verification', 'sanity-pass')?.note).toBe('house style');
    expect(set.cue('correction', 'oops')).toBeUndefined();
    expect(set.tags.subgoal.threshold).toBe(5);
    const r = '<think>\nWork.\n\nA quick sanity pass over the grid.\n\nOops, I misread it: it is 4, not 5.\n\nPlan: first rows, then columns.\n</think>';
    const steps = analyseTrace(r, set).steps;
    expect(steps[1]!.tags).toContain('verification');
    expect(steps[3]!.tags).not.toContain('subgoal');
    expect(analyseTrace(r).steps[3]!.tags).toContain('subgoal');
  });

  it('replace the default entirely when they do not extend it', () => {
    const empty = { threshold: 1, cues: [] };
    const set = cueSetFromJson(
      {
        schemaVersion: 1,
        name: 'tiny',
        negation: { pattern: "\\bnot\\b|n't\\b", boundary: '[.,;]', window: 40 },
        tags: { verification: { threshold: 1, cues: [{ id: 'check', pattern: '\\bcheck\\b', weight: 1 }] }, backtracking: empty, subgoal: empty, backward_chaining: empty, correction: empty },
      },
      'tiny.json',
    );
    expect(set.name).toBe('tiny');
    expect(set.cues.map((c) => c.id)).toEqual(['check']);
    const steps = analyseTrace('<think>a\n\ncheck it\n\nI did not check it\n\nlet me verify</think>', set).steps;
    expect(steps.map((s) => s.tags)).toEqual([[], ['verification'], [], []]);
  });

  it('reject bad files with the file and the entry in the message', () => {
    const bad = (name: string, json: unknown) => errorOf(() => loadCueFile(write(name, json))).message;
    expect(bad('regex.json', { schemaVersion: 1, extends: 'default', tags: { correction: { cues: [{ id: 'broken', pattern: '(unclosed', weight: 1 }] } } })).toMatch(/regex\.json: tags\.correction\.cues\[0\] \("broken"\): pattern is not a valid regular expression/);
    expect(bad('weight.json', { schemaVersion: 1, extends: 'default', tags: { subgoal: { cues: [{ id: 'plan-x', pattern: 'plan x', weight: 'heavy' }] } } })).toMatch(/weight\.json: tags\.subgoal\.cues\[0\]\.weight \("plan-x"\): .*number/);
    expect(bad('both.json', { schemaVersion: 1, extends: 'default', tags: { subgoal: { cues: [{ id: 'x', pattern: 'a', phrases: ['b'], weight: 1 }] } } })).toMatch(/both\.json: tags\.subgoal\.cues\[0\] \("x"\): give exactly one of "pattern" and "phrases"/);
    expect(bad('version.json', { schemaVersion: 2, tags: {} })).toMatch(/version\.json: schemaVersion: schemaVersion must be 1/);
    expect(bad('tag.json', { schemaVersion: 1, extends: 'default', tags: { reflection: { cues: [] } } })).toMatch(/tag\.json: tags: .*reflection/);
    expect(bad('empty.json', { schemaVersion: 1, extends: 'default', tags: { verification: { cues: [{ id: 'any', pattern: 'x*', weight: 1 }] } } })).toMatch(/empty\.json: tags\.verification\.cues\[0\] \("any"\): pattern matches the empty string/);
    expect(bad('dup.json', { schemaVersion: 1, extends: 'default', tags: { verification: { cues: [{ id: 'a', pattern: 'x', weight: 1 }, { id: 'a', pattern: 'y', weight: 1 }] } } })).toMatch(/dup\.json: tags\.verification\.cues\[1\] \("a"\): duplicate id/);
    expect(bad('disable.json', { schemaVersion: 1, extends: 'default', tags: { verification: { disable: ['no-such-cue'] } } })).toMatch(/disable\.json: tags\.verification\.disable: no inherited cue "no-such-cue"/);
    expect(bad('alone.json', { schemaVersion: 1, tags: { verification: { threshold: 1, cues: [] } } })).toMatch(/alone\.json: negation: missing/);
    expect(bad('json.json', '{ "schemaVersion": 1, ')).toMatch(/json\.json: not valid JSON/);
    expect(errorOf(() => loadCueFile(path.join(tmp, 'missing.json'))).message).toMatch(/missing\.json: cannot read/);
  });
});

describe('phrases', () => {
  it('match whole words, any whitespace, either apostrophe, with or without the hyphen', () => {
    const re = new RegExp(phraseToPattern("let's double-check"), 'i');
    expect(re.test("Let's  double check")).toBe(true);
    expect(re.test("let's double-check")).toBe(true);
    expect(re.test("let's doublecheck")).toBe(true);
    expect(re.test("outlet's double-check")).toBe(false);
  });
});

describe('anchors', () => {
  const show = (src: string) => requiredAnchorSets(src)?.map((alt) => alt.map((set) => set.map((a) => `${a.wordStart ? '^' : ''}${a.text}${a.wordEnd ? '$' : ''}`).sort()));

  it('pick literals every match must contain, with their word boundaries', () => {
    // An optional character branches ("double-check", "double check", "doublecheck"); the most selective
    // set comes first ("let me" is a phrase of frequent words).
    expect(show('\\blet me (?:double[- ]?check|verify)\\b')).toEqual([[['^double check$', '^double-check$', '^doublecheck$', '^verify$'], ['^let me ']]]);
    // "the" / "my" are too frequent to be worth a set; a space after a group marks a word end.
    expect(show('\\b(?:the|my) (?:\\w+ )?(?:guess|assumption) (?:was|is) wrong\\b')).toEqual([[[' wrong$'], ['assumption$', 'guess$']]]);
    expect(show('[✓✔]')).toEqual([[['✓', '✔']]]);
    expect(show('oops|my bad')).toEqual([[['oops']], [['my bad']]]);
  });

  it('give up (null) on what they cannot read, and on alternatives without a literal', () => {
    expect(requiredAnchorSets('\\d+|check')).toBeNull();
    expect(requiredAnchorSets('(?:a|b)*')).toBeNull();
    expect(requiredAnchorSets('\\u0041bc')).toBeNull();
  });

  it('are found in text that matches (property over the default cues and their examples)', () => {
    // For every default cue and every step of the fixtures it matches, each anchor set has a member in the step.
    const set = defaultCueSet();
    const texts = ['traces-dev', 'traces-realistic'].flatMap((d) =>
      fs
        .readFileSync(path.join(ROOT, 'test/fixtures', d, 'samples.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => (JSON.parse(l) as { messages: Array<{ content: string }> }).messages.at(-1)!.content.toLowerCase().replace(/\s/g, ' ')),
    );
    let checked = 0;
    for (const cue of set.cues) {
      for (const t of texts) {
        cue.global.lastIndex = 0;
        const m = cue.global.exec(t);
        if (!m) continue;
        checked++;
        const ok = cue.anchors!.some((alt) => alt.every((s) => s.some((a) => m[0].includes(a.text))));
        expect(ok, `${cue.id}: "${m[0]}"`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
