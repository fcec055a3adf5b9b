/** Where a dataset's journal lives. */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetPathHash, defaultJournalPath, journalDatasetName, journalPath } from '../../../src/core/journal';

describe('journal paths', () => {
  it('beside the dataset: name without its extension + .helix-journal.jsonl', () => {
    expect(defaultJournalPath('/data/mmhelix/eval.jsonl')).toBe(path.join('/data/mmhelix', 'eval.helix-journal.jsonl'));
    expect(defaultJournalPath('/data/train.v2.parquet')).toBe(path.join('/data', 'train.v2.helix-journal.jsonl'));
    expect(defaultJournalPath('/data/noext')).toBe(path.join('/data', 'noext.helix-journal.jsonl'));
    expect(journalPath('/data/eval.jsonl')).toBe(defaultJournalPath('/data/eval.jsonl'));
    expect(journalPath('/data/eval.jsonl', '')).toBe(defaultJournalPath('/data/eval.jsonl'));
  });

  it('in a folder: name + 8-hex hash of the absolute dataset path, so same-named datasets do not collide', () => {
    const a = journalPath('/data/a/eval.jsonl', '/journals');
    const b = journalPath('/data/b/eval.jsonl', '/journals');
    expect(a).toMatch(/^\/journals\/eval\.[0-9a-f]{8}\.helix-journal\.jsonl$/);
    expect(b).toMatch(/^\/journals\/eval\.[0-9a-f]{8}\.helix-journal\.jsonl$/);
    expect(a).not.toBe(b);
    expect(a).toBe(journalPath('/data/a/../a/eval.jsonl', '/journals'));
    expect(a).toContain(datasetPathHash('/data/a/eval.jsonl'));
  });

  it('a relative folder resolves against the dataset folder', () => {
    expect(path.dirname(journalPath('/data/a/eval.jsonl', '.helix'))).toBe('/data/a/.helix');
  });

  it('the dataset field is the file name only', () => {
    expect(journalDatasetName('/data/a/eval.jsonl')).toBe('eval.jsonl');
  });
});
