/**
 * Ids the extension contributes, in one vscode-free module so tests can check package.json against them.
 */

export const COMMANDS = {
  showStats: 'helixCurator.showStats',
  openSampleDataset: 'helixCurator.openSampleDataset',
  openDataset: 'helixCurator.openDataset',
  openJournal: 'helixCurator.openJournal',
  exportAccepted: 'helixCurator.exportAccepted',
} as const;

/** The curator custom editor and the Curation tree view. */
export const CURATOR_VIEW_TYPE = 'helixCurator.curator';
export const CURATION_VIEW_ID = 'helixCurator.curation';

/** File name patterns the curator editor is offered for ("Open With..."), option priority. */
export const CURATOR_SELECTORS = ['*.jsonl', '*.ndjson', '*.json', '*.parquet', '*.pq', '*.tsv', '*.csv'] as const;

/** The language id the language server handles. VS Code has it built in (JSON Lines, since 1.79). */
export const JSONL_LANGUAGE_ID = 'jsonl';

/** File extensions `Show Dataset Statistics` accepts (matching src/core/readers/open.ts). */
export const DATASET_EXTENSIONS = ['.jsonl', '.ndjson', '.json', '.parquet', '.pq', '.tsv', '.csv'] as const;

export function isDatasetPath(p: string): boolean {
  const lower = p.toLowerCase();
  return DATASET_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** The `when` clause of the explorer context-menu entry (kept in sync with DATASET_EXTENSIONS by a test). */
export function datasetWhenClause(): string {
  const alternatives = DATASET_EXTENSIONS.map((e) => e.slice(1)).join('|');
  return `!explorerResourceIsFolder && resourceExtname =~ /^\\.(${alternatives})$/i`;
}

/**
 * Whether a `workbench.editorAssociations` pattern matches a file path. VS Code matches a pattern without
 * a slash against the file name and one with a slash against the whole path; `*` and `?` stay within a
 * path segment, `**` crosses them.
 */
export function associationMatches(pattern: string, filePath: string): boolean {
  const target = pattern.includes('/') ? filePath.replace(/\\/g, '/') : (filePath.split(/[\\/]/).pop() ?? filePath);
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i').test(target);
}

/** The files among `paths` that the user associated with the curator (`workbench.editorAssociations`). */
export function associatedWithCurator(associations: unknown, paths: readonly string[]): string[] {
  if (associations === null || typeof associations !== 'object') return [];
  const patterns = Array.isArray(associations)
    ? associations.flatMap((a: unknown) => {
        const o = a as { viewType?: unknown; filenamePattern?: unknown };
        return o.viewType === CURATOR_VIEW_TYPE && typeof o.filenamePattern === 'string' ? [o.filenamePattern] : [];
      })
    : Object.entries(associations as Record<string, unknown>).flatMap(([pattern, viewType]) => (viewType === CURATOR_VIEW_TYPE ? [pattern] : []));
  return paths.filter((p) => patterns.some((pattern) => associationMatches(pattern, p)));
}
