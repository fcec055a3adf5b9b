/**
 * Ids the extension contributes, in one vscode-free module so tests can check package.json against them.
 */

export const COMMANDS = {
  showStats: 'helixCurator.showStats',
  openSampleDataset: 'helixCurator.openSampleDataset',
  openDataset: 'helixCurator.openDataset',
  openJournal: 'helixCurator.openJournal',
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
