/**
 * Where a dataset's curation journal lives (vscode-free, imported eagerly by the extension's entry):
 * - `helixCurator.journal.folder` set: in that folder (relative to the first workspace folder);
 * - else beside the dataset as `<name>.helix-journal.jsonl`;
 * - except for datasets inside the extension (the bundled samples) or in a folder we cannot write to:
 *   the extension's global storage folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { journalPath } from '../../core/journal/paths';

export interface JournalLocationContext {
  /** `helixCurator.journal.folder` ('' = not set). */
  folderSetting: string;
  /** The first workspace folder, for a relative folder setting. */
  workspaceFolder: string | undefined;
  extensionPath: string;
  globalStoragePath: string;
}

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function writableDir(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function journalLocation(datasetPath: string, c: JournalLocationContext): string {
  const folder = c.folderSetting.trim();
  if (folder !== '') return journalPath(datasetPath, path.resolve(c.workspaceFolder ?? path.dirname(datasetPath), folder));
  if (isInside(datasetPath, c.extensionPath) || !writableDir(path.dirname(datasetPath))) return journalPath(datasetPath, c.globalStoragePath);
  return journalPath(datasetPath);
}
