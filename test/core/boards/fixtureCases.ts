/**
 * The mmhelix-dev fixture cases of the tasks that have boards, as Samples (the way the conformance test
 * builds them) with their verdicts.
 */
import * as path from 'node:path';
import { normalizeRow } from '../../../src/core/normalize';
import type { Sample } from '../../../src/core/sample';
import { verifySample, type Verdict } from '../../../src/core/verify/pipeline';
import { cases, instances, type FixtureCase, type Instance } from '../../verify/fixtureCases';

const DIR = path.resolve(__dirname, '../../fixtures/mmhelix-dev');

/** The 16 tasks the boards must cover (MM-HELIX category names). */
export const BOARD_TASKS = ['sudoku', 'futoshiki', 'Skyscrapers', 'kakuro', 'binairo', 'hitori', 'nonogram', 'aquarium', 'campsite', 'Calcudoku', 'Kukurasu', 'minesweeper', 'maze', 'sokoban', 'slidingpuzzle', 'hanoi'] as const;

/** Further tasks with boards. */
export const EXTRA_BOARD_TASKS = ['numbrix', 'eulero'] as const;

export function sampleOf(instance: Instance, response: string | null, n = 0): Sample {
  const row: Record<string, unknown> = { ...instance };
  if (response !== null) row['prediction'] = response;
  return normalizeRow(row, { file: path.join(DIR, 'joined.jsonl'), format: 'jsonl', datasetDir: DIR, ordinal: n, line: n + 1 });
}

export interface BoardCase {
  c: FixtureCase;
  sample: Sample;
  verdict: Verdict;
}

export function boardCases(task: string): BoardCase[] {
  return cases
    .map((c, n) => ({ c, n }))
    .filter(({ c }) => c.instance.category === task)
    .map(({ c, n }) => {
      const sample = sampleOf(c.instance, c.response.response, n);
      return { c, sample, verdict: verifySample(sample)! };
    });
}

export function instanceOf(task: string, k = 0): Instance {
  const found = instances.filter((i) => i.category === task)[k];
  if (!found) throw new Error(`no ${task} instance ${k}`);
  return found;
}
