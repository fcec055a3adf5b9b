/**
 * Where a dataset's curation journal lives (vscode-free, imported eagerly by the extension's entry):
 * - `helixCurator.journal.folder` set: in that folder (relative to the first workspace folder);
 * - else beside the dataset as `<name>.helix-journal.jsonl`;
 * - except for datasets inside the extension (the bundled samples) or in a folder we cannot write to:
 *   the extension's global storage folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { journalPath } from '../../core/journal/paths';
import { curatorJournalPath } from '../../core/team/discover';
import type { Settings } from '../settings';

export interface JournalLocationContext {
  /** `helixCurator.journal.folder` ('' = not set). */
  folderSetting: string;
  /** The first workspace folder, for a relative folder setting. */
  workspaceFolder: string | undefined;
  extensionPath: string;
  globalStoragePath: string;
  /** `helixCurator.journal.perCurator`: write to `<name>.<curator>.helix-journal.jsonl` instead of the shared journal. */
  perCurator?: boolean;
  curator?: string;
}

export interface JournalPlace {
  /** The journal this window appends to. */
  path: string;
  /** The folder journals of this dataset live in (undefined: beside the dataset), for finding the team's journals. */
  folder: string | undefined;
}

/** Who decisions are recorded as: the setting `helixCurator.curator.name`, else the OS user. */
export function curatorName(settings: Pick<Settings, 'curator.name'>): string {
  const configured = settings['curator.name'].trim();
  if (configured !== '') return configured;
  try {
    return os.userInfo().username || 'curator';
  } catch {
    return process.env['USER'] ?? process.env['USERNAME'] ?? 'curator';
  }
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

/** The journal to append to and the folder the team's journals are looked for in. */
export function journalPlace(datasetPath: string, c: JournalLocationContext): JournalPlace {
  const setting = c.folderSetting.trim();
  let folder: string | undefined;
  if (setting !== '') folder = path.resolve(c.workspaceFolder ?? path.dirname(datasetPath), setting);
  else if (isInside(datasetPath, c.extensionPath) || !writableDir(path.dirname(datasetPath))) folder = c.globalStoragePath;
  const own = c.perCurator && c.curator ? curatorJournalPath(datasetPath, c.curator, folder) : journalPath(datasetPath, folder);
  return { path: own, folder };
}
