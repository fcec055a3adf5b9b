/**
 * Step-level evaluation of the tagger against gold: a step's predicted tag set against its gold tag set,
 * steps matched by their exact `[start, end)` span in code points. Used by `npm run eval:tags` and by the
 * quality test.
 */
import { z } from 'zod';
import { analyseTrace } from './analyse';
import { defaultCueSet, type CueSet } from './cues';
import { Tag, TAGS } from './cueSchema';
import { OffsetConverter } from './offsets';

/** A line of a gold file (`test/fixtures/traces-dev/gold.jsonl`): spans in code points of the response. */
export const GoldTrace = z.object({
  id: z.string(),
  steps: z.array(z.object({ index: z.number().int(), start: z.number().int(), end: z.number().int(), tags: z.array(Tag) })),
});
export type GoldTrace = z.infer<typeof GoldTrace>;

export interface TagScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  /** Gold steps with the tag. */
  support: number;
}

export interface StepError {
  id: string;
  index: number;
  text: string;
  gold: Tag[];
  predicted: Tag[];
  cues: string[];
}

export interface EvalResult {
  traces: number;
  steps: number;
  /** Gold steps with no predicted step of exactly the same span, plus predicted steps with no gold one. */
  spanMismatches: number;
  perTag: Record<Tag, TagScore>;
  macroF1: number;
  /** Steps whose predicted tag set differs from gold. */
  errors: StepError[];
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function evaluateTagger(items: ReadonlyArray<{ gold: GoldTrace; response: string }>, cues: CueSet = defaultCueSet()): EvalResult {
  const counts = Object.fromEntries(TAGS.map((t) => [t, { tp: 0, fp: 0, fn: 0, support: 0 }])) as Record<Tag, { tp: number; fp: number; fn: number; support: number }>;
  let spanMismatches = 0;
  let steps = 0;
  const errors: StepError[] = [];
  for (const { gold, response } of items) {
    const conv = new OffsetConverter(response);
    const analysis = analyseTrace(response, cues);
    const predicted = new Map<string, (typeof analysis.steps)[number]>();
    for (const s of analysis.steps) predicted.set(`${conv.toCodePoint(s.start)}:${conv.toCodePoint(s.end)}`, s);
    const goldKeys = new Set<string>();
    for (const g of gold.steps) {
      steps++;
      const key = `${g.start}:${g.end}`;
      goldKeys.add(key);
      const p = predicted.get(key);
      if (!p) spanMismatches++;
      const ptags = new Set<Tag>(p?.tags ?? []);
      const gtags = new Set<Tag>(g.tags);
      for (const t of TAGS) {
        if (gtags.has(t)) counts[t].support++;
        if (gtags.has(t) && ptags.has(t)) counts[t].tp++;
        else if (ptags.has(t)) counts[t].fp++;
        else if (gtags.has(t)) counts[t].fn++;
      }
      if (g.tags.length !== ptags.size || g.tags.some((t) => !ptags.has(t))) {
        const start = conv.toUtf16(g.start);
        const end = conv.toUtf16(g.end);
        errors.push({ id: gold.id, index: g.index, text: response.slice(start, end), gold: [...g.tags], predicted: [...ptags], cues: (p?.cues ?? []).map((c) => `${c.tag}/${c.cue}`) });
      }
    }
    for (const [key, p] of predicted) {
      if (goldKeys.has(key)) continue;
      spanMismatches++;
      for (const t of p.tags) counts[t].fp++;
    }
  }
  const perTag = {} as Record<Tag, TagScore>;
  let sum = 0;
  for (const t of TAGS) {
    const c = counts[t];
    const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
    const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perTag[t] = { ...c, precision: r3(precision), recall: r3(recall), f1: r3(f1) };
    sum += f1;
  }
  return { traces: items.length, steps, spanMismatches, perTag, macroF1: r3(sum / TAGS.length), errors };
}
