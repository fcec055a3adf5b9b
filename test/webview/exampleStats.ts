/** A DatasetStats builder for the stats view tests (validated by the schema, so it stays in step with core). */
import { DatasetStats } from '../../src/core/stats';

export const HOSTILE_TEXT = '<img src=x onerror="document.title=\'pwned\'">';

export function exampleStats(overrides: Partial<DatasetStats> = {}): DatasetStats {
  return DatasetStats.parse({
    file: '/data/traces.jsonl',
    format: 'jsonl',
    fileBytes: 123_456,
    full: true,
    samples: 9,
    valid: 7,
    bad: 2,
    byTaskDifficulty: { maze: { '1': 2, '2': 1 }, sudoku: { '2': 3, '10': 1 }, '(none)': { '(none)': 2 } },
    kinds: { sharegpt: 6, evaluation: 1 },
    responseChars: { count: 7, min: 120, p50: 900, p90: 2400, p99: 3000, max: 3000, mean: 1100.5 },
    withResponse: 7,
    storedVerdicts: { verdict: { pass: 3, fail: 1, unreadable: 0 } },
    images: { total: 7, withError: 1 },
    samplesWithProblems: 1,
    problemExamples: [{ id: 'maze_2', line: 4, message: 'images[0]: image not found: images/missing.png' }],
    duplicateIds: [{ id: 'maze_1', count: 2, rows: [2, 5], lines: [2, 5] }],
    badRows: [
      { ordinal: 2, line: 3, id: '#3', error: 'invalid JSON: Unexpected end of JSON input' },
      { ordinal: 7, line: 9, id: 'sudoku_x', error: `field \`messages\` has the wrong type: ${HOSTILE_TEXT}` },
    ],
    badRowsOmitted: 0,
    fileErrors: [],
    ...overrides,
  });
}
