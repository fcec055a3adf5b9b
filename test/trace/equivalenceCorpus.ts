/**
 * The corpus of test/trace/equivalence.test.ts: many varied texts, analysed with several cue sets, each
 * result reduced to a hash. The test compares the hashes with test/trace/equivalence.expected.json,
 * which was generated from the tagger as it was before it was made faster, so a change that alters any
 * output (a step span, a tag, a cue, its span or weight, a score, a statistic) fails it.
 *
 * Sections (all deterministic: fixed seeds, fixture files, no clock):
 * - `bench`: traces of the bench:tags generator (bench/traceGen.ts), at several sizes;
 * - `fixtures`: every text of test/fixtures traces-dev, traces-realistic (prompts and responses) and the
 *   mmhelix-dev predictions;
 * - `variants`: those texts changed in the ways real data differs: CRLF, upper case, curly quotes,
 *   negations and quotes around cues, no blank lines (one huge step), no think tag, an unclosed or a
 *   repeated think block, Kimi tags, non-ASCII letters and spaces, astral characters, lone surrogates;
 * - `mixtures`: sentences of different fixture traces shuffled together into new steps;
 * - `edge`: empty and whitespace-only texts, bare tags, runs of blank lines, a 300 KB step, and so on.
 *
 * Each text is analysed with the default cue set, a user cue file that extends it (phrases, cues the
 * prefilter cannot read, patterns over line breaks, `after`, positions, negative weights, non-ASCII
 * letters) and a replacing one.
 *
 * `scale` multiplies the number of generated texts (the test uses 1; a larger scale is a longer check
 * to run by hand, with its own expected file).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTrace } from '../../bench/traceGen';
import { rng } from '../../bench/dataset';
import { analyseTrace, tagLine } from '../../src/core/trace/analyse';
import { cueSetFromJson, defaultCueSet, type CueSet } from '../../src/core/trace/cues';
import { TraceStatsAccumulator } from '../../src/core/trace/stats';

const ROOT = path.resolve(__dirname, '../..');

export interface CorpusText {
  id: string;
  text: string;
}

export interface SectionHashes {
  /** Number of texts. */
  count: number;
  /** Hash of every text of the section (so that a change of the corpus is told apart from a change of output). */
  inputs: string;
  /** One 10-hex-digit hash per text of its analyses with every cue set, in corpus order, joined with spaces. */
  outputs: string;
  /** Per cue set: hash of the dataset statistics accumulated over the section. */
  totals: Record<string, string>;
}

export type CorpusHashes = Record<string, SectionHashes>;

// Texts ----------------------------------------------------------------------------------------------

function jsonl(file: string): unknown[] {
  return fs
    .readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as unknown);
}

export function fixtureTexts(): CorpusText[] {
  const out: CorpusText[] = [];
  for (const dir of ['traces-dev', 'traces-realistic']) {
    for (const row of jsonl(`test/fixtures/${dir}/samples.jsonl`) as Array<{ id: string; messages: Array<{ content: string }> }>) {
      row.messages.forEach((m, i) => out.push({ id: `${dir}/${row.id}/${i}`, text: m.content }));
    }
  }
  (jsonl('test/fixtures/mmhelix-dev/responses.jsonl') as Array<{ instance_id: string; kind: string; response: string }>).forEach((row, i) =>
    out.push({ id: `mmhelix-dev/${i}/${row.instance_id}/${row.kind}`, text: row.response }),
  );
  return out;
}

function benchTexts(scale: number): CorpusText[] {
  const out: CorpusText[] = [];
  const sizes: Array<[number, number]> = [
    [7000, 400],
    [500, 60],
    [2000, 60],
    [30000, 10],
  ];
  for (const [size, n] of sizes) {
    const r = rng(7 + size);
    for (let i = 0; i < n * scale; i++) out.push({ id: `bench/${size}/${i}`, text: makeTrace(r, size) });
  }
  return out;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Ways to change a text, each keeping it a plausible trace. */
const VARIANTS: Array<[string, (t: string, r: () => number) => string]> = [
  ['crlf', (t) => t.replace(/\n/g, '\r\n')],
  ['upper', (t) => t.toUpperCase()],
  ['curly', (t) => t.replace(/'/g, '’').replace(/"([^"\n]*)"/g, '“$1”')],
  ['one-step', (t) => t.replace(/\n[ \t]*\n+/g, '\n')],
  ['no-tag', (t) => t.replace(/<\/?think>/g, '')],
  ['unclosed', (t) => t.replace(/<\/think>[\s\S]*$/, '')],
  ['no-open', (t) => t.replace(/<think>/, '')],
  ['twice', (t) => `${t}\n\n${t.replace(/(\d)/g, (d) => String((Number(d) + 3) % 10))}`],
  ['kimi', (t) => t.replace(/<think>/g, '◁think▷').replace(/<\/think>/g, '◁/think▷')],
  ['negated', (t) => t.replace(/\b(let me|i'll|I'll|I will|I should|we should|Let me)\b/g, (m) => `${m} not`).replace(/\bwait\b/gi, "I won't wait")],
  ['quoted', (t, r) => t.replace(/([^.!?\n]{10,80}[.!?])/g, (s) => (r() < 0.3 ? `"${s}"` : r() < 0.1 ? `'${s.trim()}'` : s))],
  ['spaces', (t, r) => t.replace(/ /g, () => (r() < 0.05 ? pick(r, [' ', '\t', '  ', ' ', ' ', '\u3000', ' \n']) : ' '))],
  ['unicode', (t, r) => t.replace(/([.!?,]) /g, (m, p: string) => (r() < 0.15 ? `${p} ${pick(r, ['😀 ', '𝑥 ', 'İstanbul ', 'Σίσυφος ', 'ΣΑΣ ', '中文 ', 'ﬁ ', 'é ', '\ud800 ', '\udfff '])}` : m))],
  ['blank-runs', (t, r) => t.replace(/\n\n/g, () => pick(r, ['\n\n', '\n \n\n', '\n\t\n', '\n\n\n\n', '\r\n\r\n', '\n\u00a0\n', '\n\u2028\n']))],
  ['markdown', (t, r) => t.replace(/\n\n/g, () => pick(r, ['\n\n', '\n\n**', '\n\n- ', '\n\n> ', '\n\n### ', '\n\n1. ']))],
];

function variantTexts(base: CorpusText[], scale: number): CorpusText[] {
  const r = rng(99);
  const out: CorpusText[] = [];
  // Every traces-dev / traces-realistic response, and a sample of the other texts, through every variant.
  const picked = base.filter((b, i) => b.id.startsWith('traces-') ? b.id.endsWith('/1') || b.id.endsWith('/2') : i % Math.max(1, Math.round(40 / scale)) === 0);
  for (const b of picked) for (const [name, f] of VARIANTS) out.push({ id: `${b.id}~${name}`, text: f(b.text, r) });
  // Two variants at once.
  for (let i = 0; i < 300 * scale; i++) {
    const b = pick(r, picked);
    const [n1, f1] = pick(r, VARIANTS);
    const [n2, f2] = pick(r, VARIANTS);
    out.push({ id: `${b.id}~${n1}~${n2}`, text: f2(f1(b.text, r), r) });
  }
  return out;
}

function mixtureTexts(base: CorpusText[], scale: number): CorpusText[] {
  const r = rng(1234);
  const sentences = base
    .filter((b) => b.id.startsWith('traces-'))
    .flatMap((b) => b.text.split(/(?<=[.!?])\s+|\n+/))
    .filter((s) => s.trim().length > 0);
  const out: CorpusText[] = [];
  for (let i = 0; i < 200 * scale; i++) {
    const steps: string[] = [];
    const n = 1 + Math.floor(r() * 25);
    for (let k = 0; k < n; k++) {
      const m = 1 + Math.floor(r() * 5);
      const parts: string[] = [];
      for (let j = 0; j < m; j++) parts.push(pick(r, sentences));
      steps.push(parts.join(r() < 0.1 ? '\n' : ' '));
    }
    const body = steps.join('\n\n');
    const shape = r();
    out.push({ id: `mix/${i}`, text: shape < 0.6 ? `<think>\n${body}\n</think>\n\nThe answer is ${Math.floor(r() * 100)}.` : shape < 0.8 ? body : `${body}\n</think>\n\\boxed{${Math.floor(r() * 9)}}` });
  }
  return out;
}

function edgeTexts(base: CorpusText[]): CorpusText[] {
  const long = base.filter((b) => b.id.startsWith('traces-realistic') && b.id.endsWith('/1')).map((b) => b.text.replace(/\n\s*\n/g, ' ')).join(' ');
  let huge = '';
  while (huge.length < 300_000) huge += `${long} `;
  const texts = [
    '',
    ' ',
    '\n\n\n',
    '\r\n\r\n',
    '<think>',
    '</think>',
    '<think></think>',
    '<think>\n\n</think>\n\n',
    '</think>answer only',
    '<THINK>Wait, let me double-check.</THINK> 5',
    '<thinking>Let me verify: 2 + 2 = 4.\n\nAgain 2 + 2 = 4.</thinking>\\boxed{4}',
    '<think>a</think> x <think>Wait, that is wrong. Let me go back.</think> y',
    '<think>a</think> x </think> stray <think>b',
    '◁think▷Hmm, let me check again.◁/think▷ The answer is 3.',
    'Wait.',
    'wait',
    'Let me verify.',
    '"Let me verify."',
    "'Let me verify this' he said.",
    'No need to double-check this.',
    'If I get stuck, I will backtrack.',
    'Hmm, wait, actually, no: that is wrong. Let me re-check: 3 × 4 = 12. Yes, 3 × 4 = 12 ✓.',
    'Let me verify\u2028that.\u2029Wait\u0085 that is wrong.',
    '\ud83d\ude00 Let me verify. \ud83d\ude00\n\n\ud83d Wait, that is wrong.\n\nİİİ let me double-check İ.',
    '\ufeffLet me verify.\u001c\n\n\u001fWait, that was wrong.\u00a0',
    `<think>${'\n\n'.repeat(5000)}Let me verify.${' \n\t\n'.repeat(2000)}</think>`,
    `<think>${'Wait, let me check. '.repeat(5000)}</think>`,
    `<think>${'a'.repeat(100_000)} let me verify ${'b'.repeat(100_000)}</think>`,
    `<think>${'1 + 1 = 2. '.repeat(3000)}\n\n${'1 + 1 = 2.\n\n'.repeat(500)}</think>`,
    `<think>${huge}</think>\n\nThe final answer is \\boxed{7}.`,
    huge.replace(/\. /g, '.\r\n\r\n'),
  ];
  return texts.map((text, i) => ({ id: `edge/${i}`, text }));
}

export function corpus(scale = 1): Record<string, CorpusText[]> {
  const fixtures = fixtureTexts();
  return {
    bench: benchTexts(scale),
    fixtures,
    variants: variantTexts(fixtures, scale),
    mixtures: mixtureTexts(fixtures, scale),
    edge: edgeTexts(fixtures),
  };
}

// Cue sets -------------------------------------------------------------------------------------------

const USER_CUES = {
  schemaVersion: 1,
  name: 'equivalence-user',
  extends: 'default',
  tags: {
    verification: {
      cues: [
        { id: 'eq-phrase', phrases: ["let's sanity-check", 'double check once more', 'plug it back'], weight: 1 },
        { id: 'eq-unanchored', pattern: '\\b\\d{3,}\\s*=\\s*\\d+\\b', weight: 0.5, group: 'eq-num' },
        { id: 'eq-multiline', pattern: '^\\s*(?:check|verify)\\b[^\\n]*\\n', weight: 1 },
        { id: 'eq-greek', pattern: '\\bσίσυφος\\b|ς', weight: 0.25 },
        { id: 'eq-step-start', pattern: '(?:ok|okay),?\\s+(?:so|now)\\b', weight: 0.3, at: 'step-start' },
      ],
    },
    correction: {
      threshold: 0.8,
      cues: [
        { id: 'eq-after', pattern: '\\b(?:so|thus)\\b', weight: 0.4, after: 'intent' },
        { id: 'eq-late', pattern: '\\bactually\\b', weight: 0.5, position: { min: 0.5 } },
        { id: 'eq-suppress', pattern: '\\bwait for\\b', weight: -2, group: 'eq-suppress', at: 'sentence-start' },
      ],
    },
  },
};

const REPLACING_CUES = {
  schemaVersion: 1,
  name: 'equivalence-replacing',
  negation: { pattern: "\\bnot\\b|n't\\b", boundary: '[.,;]', window: 40 },
  tags: {
    verification: { threshold: 1, cues: [{ id: 'v', pattern: '\\b(?:check|verify|confirm)(?:ed|ing|s)?\\b', weight: 1 }] },
    backtracking: { threshold: 1, cues: [{ id: 'b', phrases: ['go back', 'dead end', 'start over'], weight: 1, at: 'sentence-start' }] },
    subgoal: { threshold: 0.5, cues: [{ id: 's', pattern: '\\b(?:first|then|next)\\b', weight: 0.5, negatable: false }] },
    backward_chaining: { threshold: 1, cues: [{ id: 'w', pattern: 'backwards?', weight: 1 }] },
    correction: { threshold: 1, cues: [{ id: 'c', pattern: '\\bwrong\\b[^.]*\\.', weight: 1 }, { id: 'x', pattern: '.{0,3}oops', weight: 1 }] },
  },
};

export function cueSets(): Record<string, CueSet> {
  return {
    default: defaultCueSet(),
    user: cueSetFromJson(USER_CUES, 'equivalence-user.json'),
    replacing: cueSetFromJson(REPLACING_CUES, 'equivalence-replacing.json'),
  };
}

// Hashes ---------------------------------------------------------------------------------------------

function hash(s: string, n = 64): string {
  return createHash('sha256').update(s).digest('hex').slice(0, n);
}

/** The JSON of everything the analyser returns for a text (steps with tags, cues, scores; split; stats) and of its output line. */
export function resultJson(text: string, set: CueSet): string {
  const a = analyseTrace(text, set);
  const line = tagLine({ id: 'x', response: text }, set);
  return JSON.stringify([a.split, a.steps, a.stats, line]);
}

export function hashCorpus(texts: Record<string, CorpusText[]>, sets: Record<string, CueSet> = cueSets()): CorpusHashes {
  const out: CorpusHashes = {};
  for (const [section, items] of Object.entries(texts)) {
    const inputs = createHash('sha256');
    for (const item of items) inputs.update(`${item.id}\u0000${item.text}\u0000`);
    const perText = items.map(() => createHash('sha256'));
    const totals: Record<string, string> = {};
    for (const [name, set] of Object.entries(sets)) {
      const acc = new TraceStatsAccumulator(section, set.source);
      items.forEach((item, i) => {
        const json = resultJson(item.text, set);
        perText[i]!.update(`${name}\u0000${json}\u0000`);
        acc.add(`task${i % 3}`, i % 4 === 0 ? null : `d${i % 5}`, (JSON.parse(json) as [unknown, unknown, Parameters<TraceStatsAccumulator['add']>[2]])[2]);
      });
      totals[name] = hash(JSON.stringify(acc.result()), 16);
    }
    out[section] = { count: items.length, inputs: hash(inputs.digest('hex'), 16), outputs: perText.map((h) => h.digest('hex').slice(0, 10)).join(' '), totals };
  }
  return out;
}
