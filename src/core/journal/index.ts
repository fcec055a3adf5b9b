/**
 * The curation journal: an append-only JSONL file of curator decisions beside the dataset (or in a
 * configured folder). See schema.ts for the line format, io.ts for reading and appending, state.ts for the
 * in-memory view (latest line per sample and curator, in file order), history.ts for undo/redo, tags.ts
 * for step-tag corrections and hash.ts for the content hash behind stale decisions.
 */
export {
  DECISIONS,
  Decision,
  describeIssue,
  JOURNAL_VERSION,
  JournalLine,
  journalLine,
  MAX_JOURNAL_LINE_BYTES,
  StepTagEdit,
  TAG_EDIT_OPS,
  tagEditsProblem,
  type NewLineFields,
} from './schema';
export { datasetPathHash, defaultJournalPath, JOURNAL_SUFFIX, journalDatasetName, journalPath } from './paths';
export { CONTENT_HASH_LENGTH, contentHash } from './hash';
export { APPEND_BATCH_BYTES, appendJournal, appendJournalLines, JournalError, readJournal, serializeJournalLine, type AppendSummary, type JournalProblem, type JournalRead, type ReadJournalOptions } from './io';
export { isStale, JournalState, type DecisionCounts } from './state';
export { DecisionHistory } from './history';
export { effectiveHasTag, mergeTagEdits, normalizeTagEdits, toggleTagEdit } from './tags';
