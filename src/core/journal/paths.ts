/** Where a dataset's journal lives: beside the dataset, or in a configured folder. */
import { createHash } from 'node:crypto';
import * as path from 'node:path';

export const JOURNAL_SUFFIX = '.helix-journal.jsonl';

/** `dir/name.ext` -> `dir/name.helix-journal.jsonl`. */
export function defaultJournalPath(datasetPath: string): string {
  const { dir, name } = path.parse(datasetPath);
  return path.join(dir, `${name}${JOURNAL_SUFFIX}`);
}

/**
 * The journal of a dataset. Without `folder`: beside the dataset (`defaultJournalPath`). With `folder` (a
 * relative folder resolves against the dataset's folder): `<folder>/<name>.<8 hex>.helix-journal.jsonl`,
 * where the hex digits hash the dataset's absolute path, so two datasets of one name do not share a journal.
 */
export function journalPath(datasetPath: string, folder?: string): string {
  if (folder === undefined || folder === '') return defaultJournalPath(datasetPath);
  const abs = path.resolve(datasetPath);
  const { dir, name } = path.parse(abs);
  return path.join(path.resolve(dir, folder), `${name}.${datasetPathHash(abs)}${JOURNAL_SUFFIX}`);
}

/** 8 hex digits of the dataset's absolute path (case-folded on Windows, whose paths ignore case). */
export function datasetPathHash(datasetPath: string): string {
  let abs = path.resolve(datasetPath);
  if (process.platform === 'win32') abs = abs.toLowerCase();
  return createHash('sha256').update(abs).digest('hex').slice(0, 8);
}

/** The `dataset` field of a journal line: the dataset's file name, without its folder. */
export function journalDatasetName(datasetPath: string): string {
  return path.basename(datasetPath);
}
