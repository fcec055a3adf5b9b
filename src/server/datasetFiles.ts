/**
 * Which text documents are datasets the language server checks: the file matches one of the
 * `helixCurator.diagnostics.include` globs and (unless `diagnostics.onlySamples` is off) its first
 * non-blank line looks like a sample. The client starts on such a document; the server asks again per
 * request (the first line may change), so a curation journal or a log in JSON Lines gets no sample
 * diagnostics. Free of `vscode`: both the client and the server use it.
 */
import { associationMatches } from '../extension/contributions';

/**
 * Keys one of which a sample's top level holds (ids, questions, chats, responses, MM-HELIX columns). A
 * curation journal line (`sampleId`, `decision`, ...) holds none of them.
 */
export const SAMPLE_KEYS = [
  'id', 'sample_id', 'uid', 'qid', 'question_id', 'instance_id',
  'question', 'question_text', 'prompt', 'problem',
  'messages', 'conversations',
  'prediction', 'response', 'output', 'completion',
  'category', 'images',
] as const;

const SAMPLE_KEY = new RegExp(`"(?:${SAMPLE_KEYS.join('|')})"\\s*:`);
/** How much of a first line the sniff looks at (keys come first; a 5 MB trace need not be searched). */
const SNIFF_CHARS = 64 * 1024;

/**
 * Whether a line looks like a sample: it starts with `{` and one of SAMPLE_KEYS appears as a key in its
 * first 64 KB. A cheap look, not a parse: a row with a syntax error further on still counts, so the error
 * is reported.
 */
export function looksLikeSample(line: string): boolean {
  const head = line.length > SNIFF_CHARS ? line.slice(0, SNIFF_CHARS) : line;
  return head.trimStart().startsWith('{') && SAMPLE_KEY.test(head);
}

/** Whether a file path matches one of the include globs (VS Code glob conventions, see associationMatches). */
export function matchesInclude(filePath: string, include: readonly string[]): boolean {
  return include.some((pattern) => associationMatches(pattern, filePath));
}

/** A VS Code document selector pattern for an include glob (a pattern without a slash matches in any folder). */
export function selectorPattern(glob: string): string {
  return glob.includes('/') ? glob : `**/${glob}`;
}

export interface DatasetCheck {
  include: readonly string[];
  onlySamples: boolean;
}

/**
 * Whether a document counts as a dataset. `filePath` undefined: not a file (untitled), matched by the
 * first line only. `firstLine` undefined: the document has no non-blank line yet; it counts (a new file
 * being written), and the per-request check decides once it has one.
 */
export function isDataset(filePath: string | undefined, firstLine: string | undefined, check: DatasetCheck): boolean {
  if (filePath !== undefined && !matchesInclude(filePath, check.include)) return false;
  if (!check.onlySamples || firstLine === undefined) return true;
  return looksLikeSample(firstLine);
}
