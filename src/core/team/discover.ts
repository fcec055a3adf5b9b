/**
 * Finding a team's journals: the dataset's own journal (`journalPath`) plus one journal per curator beside
 * it, named `<name>.<curator>.helix-journal.jsonl` (or `<name>.<8 hex>.<curator>.helix-journal.jsonl` in a
 * configured journal folder, after `journalPath`'s naming). Per-curator files keep each curator's appends
 * in a file of their own (no shared-file contention over a network share, a clean `git merge`), while the
 * shared journal still works for a team on one machine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { datasetPathHash, JOURNAL_SUFFIX, journalPath } from '../journal/paths';

/** A curator name as one file-name segment: characters other than letters, digits, `_ @ + -` become `_`. */
export function curatorFileSegment(curator: string): string {
  const s = curator.trim().replace(/[^A-Za-z0-9_@+-]/g, '_');
  return s === '' ? '_' : s;
}

/** Where one curator's own journal of a dataset lives (beside it, or in `folder` as `journalPath` does). */
export function curatorJournalPath(datasetPath: string, curator: string, folder?: string): string {
  const abs = path.resolve(datasetPath);
  const { dir, name } = path.parse(abs);
  const seg = curatorFileSegment(curator);
  if (folder === undefined || folder === '') return path.join(dir, `${name}.${seg}${JOURNAL_SUFFIX}`);
  return path.join(path.resolve(dir, folder), `${name}.${datasetPathHash(abs)}.${seg}${JOURNAL_SUFFIX}`);
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await fs.promises.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * The dataset's journal and every per-curator journal of it: existing files only, sorted by path.
 *
 * Beside the dataset, `data.bob.helix-journal.jsonl` is also what the dataset `data.bob.jsonl` would use as
 * its own journal; such a file is left out when a dataset of that name sits in the folder.
 */
export async function discoverJournals(datasetPath: string, folder?: string): Promise<string[]> {
  const abs = path.resolve(datasetPath);
  const { name } = path.parse(abs);
  const main = journalPath(abs, folder);
  const inFolder = folder !== undefined && folder !== '';
  const where = path.dirname(main);
  const prefix = inFolder ? `${name}.${datasetPathHash(abs)}.` : `${name}.`;
  const entries = await listDir(where);
  // Stems of the other files beside the dataset (datasets whose own journal a candidate might be).
  const stems = inFolder ? new Set<string>() : new Set(entries.filter((e) => !e.endsWith(JOURNAL_SUFFIX)).map((e) => path.parse(e).name));
  const found = new Set<string>();
  if (await isFile(main)) found.add(main);
  for (const e of entries) {
    if (!e.startsWith(prefix) || !e.endsWith(JOURNAL_SUFFIX)) continue;
    const curator = e.slice(prefix.length, e.length - JOURNAL_SUFFIX.length);
    if (curator === '' || curator.includes('.')) continue;
    if (!inFolder && stems.has(`${name}.${curator}`)) continue;
    const p = path.join(where, e);
    if (await isFile(p)) found.add(p);
  }
  return [...found].sort();
}
