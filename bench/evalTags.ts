/**
 * `npm run eval:tags`: the reflection tagger against the gold step tags of
 * test/fixtures/traces-dev (synthetic, 60 traces) and test/fixtures/traces-realistic (hand-written
 * R1-style traces, hand-labelled). Prints precision, recall and F1 per tag, macro-F1, and how many step
 * spans differ from gold (they must all match). Never part of `npm test` (test/trace/quality.test.ts
 * guards the dev macro-F1 instead).
 *
 * Options: --cues FILE (a cue file instead of the default), --errors N (print up to N mis-tagged steps),
 * --set dev|realistic|all (default all).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { openDataset } from '../src/core/readers/open';
import { defaultCueSet, loadCueFile } from '../src/core/trace/cues';
import { TAGS } from '../src/core/trace/cueSchema';
import { evaluateTagger, GoldTrace, type EvalResult } from '../src/core/trace/evaluate';

const { values } = parseArgs({ options: { cues: { type: 'string' }, errors: { type: 'string' }, set: { type: 'string' } } });
const ROOT = process.cwd();
const SETS: Record<string, string> = { dev: 'test/fixtures/traces-dev', realistic: 'test/fixtures/traces-realistic' };

async function load(dir: string): Promise<Array<{ gold: GoldTrace; response: string }>> {
  const gold = fs
    .readFileSync(path.join(dir, 'gold.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => GoldTrace.parse(JSON.parse(l)));
  const reader = openDataset(path.join(dir, 'samples.jsonl'), { checkImages: false });
  try {
    const idx = await reader.buildIndex();
    const responses = new Map<string, string>();
    for (const e of idx.entries) {
      const s = await reader.loadSample(e);
      if (s.response !== null) responses.set(s.id, s.response);
    }
    return gold.map((g) => {
      const response = responses.get(g.id);
      if (response === undefined) throw new Error(`${dir}: no sample with a response for gold id ${g.id}`);
      return { gold: g, response };
    });
  } finally {
    await reader.close();
  }
}

function print(name: string, r: EvalResult, maxErrors: number): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (x: number) => x.toFixed(3).padStart(9);
  console.log(`\n${name}: ${r.traces} traces, ${r.steps} steps, span mismatches: ${r.spanMismatches}`);
  console.log(`${pad('tag', 19)}${'precision'.padStart(9)}${'recall'.padStart(9)}${'F1'.padStart(9)}${'support'.padStart(9)}`);
  for (const t of TAGS) {
    const s = r.perTag[t];
    console.log(`${pad(t, 19)}${num(s.precision)}${num(s.recall)}${num(s.f1)}${String(s.support).padStart(9)}`);
  }
  console.log(`${pad('macro-F1', 19)}${''.padStart(18)}${num(r.macroF1)}`);
  for (const e of r.errors.slice(0, maxErrors)) {
    console.log(`  ${e.id}#${e.index} gold [${e.gold.join(', ')}] got [${e.predicted.join(', ')}] ${e.cues.join(' ')}\n    ${e.text.replace(/\n/g, ' / ').slice(0, 300)}`);
  }
}

async function run(): Promise<void> {
  const cues = values.cues ? loadCueFile(values.cues) : defaultCueSet();
  const maxErrors = Number(values.errors ?? 0);
  const which = values.set ?? 'all';
  let failed = false;
  for (const [name, dir] of Object.entries(SETS)) {
    if (which !== 'all' && which !== name) continue;
    const r = evaluateTagger(await load(path.join(ROOT, dir)), cues);
    print(`${name} (${dir})`, r, maxErrors);
    if (r.spanMismatches > 0) failed = true;
  }
  console.log(`\ncue set: ${cues.source}`);
  if (failed) {
    console.error('segmentation differs from gold');
    process.exitCode = 1;
  }
}

run().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
