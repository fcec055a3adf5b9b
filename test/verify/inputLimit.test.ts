/** Verifier inputs past MAX_VERIFY_INPUT_CHARS get an error verdict at once, naming what is too large. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeRow } from '../../src/core/normalize';
import { MAX_VERIFY_INPUT_CHARS, verifySample } from '../../src/core/verify/pipeline';

const DIR = path.join(__dirname, '../fixtures/mmhelix-dev');
const rows = fs
  .readFileSync(path.join(DIR, 'instances.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const sudoku = rows.find((r) => r['category'] === 'sudoku')!;
const sample = (row: Record<string, unknown>) => normalizeRow(row, { file: path.join(DIR, 'x.jsonl'), format: 'jsonl', datasetDir: DIR, ordinal: 0, line: 1, checkImages: false });
const grid = (n: number) => Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => ((r + c) % 9) + 1));

describe('verifier input limit', () => {
  it('a real sudoku with its own answer still passes', () => {
    const v = verifySample(sample({ ...sudoku, prediction: `\\boxed{${String(sudoku['answer'])}}` }));
    expect(v?.reference.status).toBe('pass');
  });

  it('a 1000 x 1000 initial_state (as a nested list or as text) is refused with the reason, in milliseconds', () => {
    for (const state of [grid(1000), JSON.stringify(grid(1000))]) {
      const t0 = performance.now();
      const v = verifySample(sample({ ...sudoku, initial_state: state, prediction: '\\boxed{1}' }))!;
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect(v.reference).toMatchObject({ status: 'error', reason: expect.stringMatching(/^not verified: the initial_state is over 100,000 characters as JSON, over the verifiers' limit/) });
      expect(v.strict.status).toBe('error');
    }
  });

  it('an extracted answer, a ground truth or a question over the limit is refused and named with its size', () => {
    const big = 'x'.repeat(MAX_VERIFY_INPUT_CHARS + 1);
    const answer = verifySample(sample({ ...sudoku, prediction: `\\boxed{${big}}` }))!;
    expect(answer.reference.reason).toMatch(/the extracted answer is 100,001 characters/);
    const truth = verifySample(sample({ ...sudoku, answer: big, prediction: '\\boxed{1}' }))!;
    expect(truth.reference.reason).toMatch(/the ground truth is 100,001 characters/);
    const question = verifySample(sample({ ...sudoku, question: big, question_text: big, prediction: '\\boxed{1}' }))!;
    expect(question.reference.reason).toMatch(/the question is 100,001 characters/);
  });

  it('at the limit, a sample is verified as usual', () => {
    const v = verifySample(sample({ ...sudoku, prediction: `\\boxed{${'1'.repeat(MAX_VERIFY_INPUT_CHARS)}}` }))!;
    expect(v.reference.reason ?? '').not.toMatch(/not verified/);
  });
});
