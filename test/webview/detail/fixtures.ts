/**
 * SampleDetail fixtures for the detail pane's tests, made from the real test samples
 * (test/fixtures/traces-realistic, traces-dev, mmhelix-dev): each row is normalised with `normalizeRow`
 * and mapped by the production mapper `buildSampleDetail` (src/extension/curator/detail.ts: it runs
 * `analyseTrace` and `verifySample`; boards from core `buildBoard`), then validated with `SampleDetail.parse`. Images on disk are inlined
 * as data: URIs (the host would turn them into webview URIs).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildBoard } from '../../../src/core/boards';
import { normalizeRow } from '../../../src/core/normalize';
import type { Sample } from '../../../src/core/sample';
import { defaultCueSet } from '../../../src/core/trace/cues';
import { buildSampleDetail } from '../../../src/extension/curator/detail';
import { SampleDetail, type StepTagEdit } from '../../../src/protocol/curator';

export const FIXTURES = path.resolve(__dirname, '../../fixtures');

const jsonlCache = new Map<string, Array<{ row: Record<string, unknown>; line: number; text: string }>>();

/** The rows of a JSONL file with their 1-based lines (cached; treat as read-only). */
export function readJsonl(file: string): Array<{ row: Record<string, unknown>; line: number; text: string }> {
  const cached = jsonlCache.get(file);
  if (cached) return cached;
  const rows = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter((l) => l.text.trim() !== '')
    .map((l) => ({ row: JSON.parse(l.text) as Record<string, unknown>, line: l.line, text: l.text }));
  jsonlCache.set(file, rows);
  return rows;
}

export interface DetailOptions {
  ordinal?: number;
  rowText?: string;
  tagEdits?: StepTagEdit[];
}

/** A normalised sample as the detail pane receives it. */
export function toSampleDetail(sample: Sample, o: DetailOptions = {}): SampleDetail {
  const contentHash = createHash('sha256')
    .update(o.rowText ?? JSON.stringify([sample.id, sample.response]))
    .digest('hex')
    .slice(0, 16);
  const { detail, imageSources } = buildSampleDetail(sample, o.ordinal ?? sample.source.ordinal, { cues: defaultCueSet(), contentHash, tagEdits: o.tagEdits ?? [], board: buildBoard });
  const images = detail.images.map((img, i) => {
    const src = imageSources[i];
    if (src?.kind !== 'file') return img;
    const ext = path.extname(src.absPath).slice(1).toLowerCase();
    return { ...img, src: `data:image/${ext === 'jpg' ? 'jpeg' : ext};base64,${fs.readFileSync(src.absPath).toString('base64')}` };
  });
  return SampleDetail.parse({ ...detail, images });
}

/** Normalise a row of a fixture folder (images resolve against it). */
export function sampleFromRow(dir: string, row: Record<string, unknown>, ordinal: number, line: number): Sample {
  const datasetDir = path.join(FIXTURES, dir);
  return normalizeRow(row, { file: path.join(datasetDir, 'samples.jsonl'), format: 'jsonl', datasetDir, ordinal, line, checkImages: true });
}

/** A row of traces-realistic or traces-dev (samples.jsonl) by id. */
export function traceDetail(dir: 'traces-realistic' | 'traces-dev', id: string, o: DetailOptions = {}): SampleDetail {
  const rows = readJsonl(path.join(FIXTURES, dir, 'samples.jsonl'));
  const ordinal = rows.findIndex((r) => r.row['id'] === id);
  const r = rows[ordinal];
  if (!r) throw new Error(`${dir}: no sample ${id}`);
  return toSampleDetail(sampleFromRow(dir, r.row, ordinal, r.line), { rowText: r.text, ...o });
}

/**
 * An mmhelix-dev evaluation row: the instance joined with one of its candidate responses (the n-th of
 * `kind`), the reference verdict stored as `verdict`. `storedVerdict` overrides what is stored (a dataset
 * whose stored verdict is wrong makes a mismatch).
 */
export function mmhelixDetail(instanceId: string, kind: string, o: DetailOptions & { storedVerdict?: boolean } = {}): SampleDetail {
  const dir = path.join(FIXTURES, 'mmhelix-dev');
  const instances = readJsonl(path.join(dir, 'instances.jsonl'));
  const inst = instances.find((r) => r.row['id'] === instanceId);
  if (!inst) throw new Error(`mmhelix-dev: no instance ${instanceId}`);
  const resp = readJsonl(path.join(dir, 'responses.jsonl')).find((r) => r.row['instance_id'] === instanceId && r.row['kind'] === kind);
  if (!resp) throw new Error(`mmhelix-dev: no response ${instanceId} ${kind}`);
  const row: Record<string, unknown> = { ...inst.row, response: resp.row['response'], verdict: o.storedVerdict ?? resp.row['verdict'] };
  delete row['source'];
  return toSampleDetail(sampleFromRow('mmhelix-dev', row, resp.line - 1, resp.line), { rowText: JSON.stringify(row), ...o });
}

/** Every mmhelix-dev (instance id, kind) pair, for picking cases. */
export function mmhelixPairs(): Array<{ instanceId: string; kind: string }> {
  return readJsonl(path.join(FIXTURES, 'mmhelix-dev', 'responses.jsonl')).map((r) => ({ instanceId: String(r.row['instance_id']), kind: String(r.row['kind']) }));
}

/** A ShareGPT-style row (as in traces-dev) normalised and mapped like a row of a traces-dev file. */
export function rowDetail(row: Record<string, unknown>, o: DetailOptions & { dir?: string } = {}): SampleDetail {
  const text = JSON.stringify(row);
  return toSampleDetail(sampleFromRow(o.dir ?? 'traces-dev', row, o.ordinal ?? 0, 1), { rowText: text, ...o });
}

export const HOSTILE_SCRIPT = '<script>window.__pwned = "script"</script>';
export const HOSTILE_IMG = '<img src=x onerror="window.__pwned = \'img\'">';

/** Trace text, question, id, answer and image labels written to break out of text rendering. */
export function hostileDetail(): SampleDetail {
  const think = [
    `Okay, the question says ${HOSTILE_SCRIPT} and I must not run it.`,
    `Wait, let me double-check the picture: ${HOSTILE_IMG} is just text here.`,
    'Hmm, that doesn\'t work. Let me go back and try 4 × 6 = 24 instead.',
    '<style>body { display: none }</style> <a href="javascript:alert(1)">click</a> &amp; &lt;b&gt;',
  ].join('\n\n');
  return rowDetail({
    id: `hostile ${HOSTILE_IMG}`,
    category: '24Points',
    difficulty: '1',
    answer: `<b>4 × 6</b>${HOSTILE_IMG}`,
    initial_state: JSON.stringify({ numbers: [4, 6, 1, 1], note: HOSTILE_SCRIPT }),
    images: [`images/${HOSTILE_IMG}.png`],
    messages: [
      { role: 'user', content: `<image>Make 24. ${HOSTILE_SCRIPT}` },
      { role: 'assistant', content: `<think>\n${think}\n</think>\n\nThe answer is \\boxed{${HOSTILE_IMG} 4 × 6 × 1 × 1}` },
    ],
  });
}

/** A traces-dev sample with its own image plus a second, missing one. */
export function imagesDetail(id = 'maze_6x6_105'): SampleDetail {
  const r = readJsonl(path.join(FIXTURES, 'traces-dev', 'samples.jsonl')).find((x) => x.row['id'] === id);
  if (!r) throw new Error(`traces-dev: no sample ${id}`);
  const images = [...(r.row['images'] as string[]), 'images/not-there.png'];
  return rowDetail({ ...r.row, images }, { ordinal: 7 });
}

/** A traces-realistic sample cut off in the middle of its thinking (a truncated generation). */
export function unclosedDetail(id = 'r1b_24points_05'): SampleDetail {
  const r = readJsonl(path.join(FIXTURES, 'traces-realistic', 'samples.jsonl')).find((x) => x.row['id'] === id);
  if (!r) throw new Error(`traces-realistic: no sample ${id}`);
  const messages = (r.row['messages'] as Array<{ role: string; content: string }>).map((m) => (m.role === 'assistant' ? { ...m, content: m.content.slice(0, m.content.indexOf('</think>') - 200) } : m));
  return rowDetail({ ...r.row, messages }, { dir: 'traces-realistic', ordinal: 8 });
}

const PLAIN = [
  'Now place the next number. Row {n} has {a} and {b} already, so the empty cell takes what is left.',
  'Moving on to column {n}: the values {a}, {b} are used, which leaves a small set of candidates for the rest.',
  'So far the partial result is {a} + {b} = {c}, and there are still a few cells to fill in this part of the grid.',
  'The corridor from cell ({a}, {b}) continues to the right, then turns down toward row {n}, passing two junctions.',
  'Consider the pair {a} and {b}. Their product is {c}, which is too large on its own, so keep it in mind for later.',
  'Peg {n} now holds the disks {a} and {b}; the smallest disk moves every other turn in this pattern.',
];
const REFLECTIVE = [
  'Wait, let me double-check that: {a} + {b} = {c}. Yes, that is right, so the row is consistent.',
  "Hmm, that doesn't work. Let me go back to step {n} and try the other branch instead.",
  'Hold on, I made a mistake: {a} × {b} is {c}, not what I wrote before. Fixing that value now.',
  'Let me verify the whole path once more from the start: every move stays inside the maze. ✓',
  'First, my plan: fill the forced cells, then guess in the most constrained box, and check each guess.',
  'Working backwards from the goal, the last move must bring disk {n} onto peg 3, so the others must be parked.',
];

function fill(t: string, i: number): string {
  const a = (i * 7) % 19;
  const b = (i * 11) % 23;
  return t.replace(/\{n\}/g, String(i % 9)).replace(/\{a\}/g, String(a)).replace(/\{b\}/g, String(b)).replace(/\{c\}/g, String(a + b));
}

/**
 * A synthetic long trace of `steps` blank-line separated paragraphs and about `chars` characters: mostly
 * plain steps with a reflective one now and then (about one in five; bursts and long plain stretches), so
 * the tagger tags it like a real trace. Deterministic.
 */
export function syntheticTrace(steps = 1500, chars = 200_000): string {
  const paras: string[] = [];
  let seed = 12345;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const per = chars / steps;
  for (let i = 0; i < steps; i++) {
    const pool = rnd() < 0.2 ? REFLECTIVE : PLAIN;
    let p = fill(pool[Math.floor(rnd() * pool.length)]!, i);
    while (p.length < per * (0.25 + 0.75 * rnd())) p += ` ${fill(PLAIN[Math.floor(rnd() * PLAIN.length)]!, i + p.length)}`;
    paras.push(p);
  }
  return `<think>\n${paras.join('\n\n')}\n</think>\n\nSo the final answer is \\boxed{(7 - 8 ÷ 8) × 4}.`;
}

/** The synthetic long trace as a sample's detail (analysed and verified like any other). */
export function perfDetail(ordinal = 100): SampleDetail {
  return rowDetail(
    {
      id: 'synthetic-200k',
      category: '24Points',
      difficulty: '5',
      answer: '(7 - 8 ÷ 8) × 4',
      initial_state: JSON.stringify({ numbers: [4, 7, 8, 8] }),
      messages: [
        { role: 'user', content: 'Make 24 from 4, 7, 8, 8.' },
        { role: 'assistant', content: syntheticTrace() },
      ],
    },
    { ordinal },
  );
}
