/**
 * The reference verdicts of test/fixtures/mmhelix-dev as test cases: every candidate response joined with
 * its instance, with the VerifyInput the reference pipeline hands to the task's verifier (built from the
 * reference's own `extracted` string, so verifier tests do not depend on the extractor).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeInitialState, normalizeEscapes, scoreFunctionOf } from '../../src/core/verify/input';
import type { VerifyInput } from '../../src/core/verify/types';

const DIR = path.resolve(__dirname, '../fixtures/mmhelix-dev');

export interface Instance {
  id: string;
  category: string;
  difficulty: number;
  question: string;
  question_text: string;
  answer: string;
  initial_state: string | null;
  metric_info: { score_function: string };
  images: string[];
}

export interface ResponseRow {
  instance_id: string;
  kind: string;
  response: string;
  extracted: string;
  verdict: boolean;
  ref_error?: string;
}

export interface FixtureCase {
  /** `instance_id#kind#n`, unique. */
  name: string;
  instance: Instance;
  response: ResponseRow;
  scoreFunction: string;
  /** The verifier input built from the reference's extracted answer. */
  input: VerifyInput;
}

function readJsonl<T>(file: string): T[] {
  return fs
    .readFileSync(path.join(DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

export const instances: Instance[] = readJsonl<Instance>('instances.jsonl');
export const responses: ResponseRow[] = readJsonl<ResponseRow>('responses.jsonl');
const byId = new Map(instances.map((i) => [i.id, i]));

export function inputFor(instance: Instance, answer: string): VerifyInput {
  return {
    answer,
    groundTruth: normalizeEscapes(instance.answer),
    initialState: decodeInitialState(instance.initial_state),
    category: instance.category,
    question: normalizeEscapes(instance.question_text || instance.question),
  };
}

export const cases: FixtureCase[] = responses.map((response, n) => {
  const instance = byId.get(response.instance_id);
  if (!instance) throw new Error(`responses.jsonl row ${n + 1}: unknown instance ${response.instance_id}`);
  return {
    name: `${response.instance_id}#${response.kind}#${n + 1}`,
    instance,
    response,
    scoreFunction: scoreFunctionOf(instance.metric_info),
    input: inputFor(instance, response.extracted),
  };
});

/** The cases of some categories. */
export function casesFor(...categories: string[]): FixtureCase[] {
  return cases.filter((c) => categories.includes(c.instance.category));
}
