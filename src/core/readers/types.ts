/**
 * The reader contract. Every dataset format (JSONL, JSON array, Parquet, TSV/CSV) implements
 * `DatasetReader`: one streaming pass builds an index with a little metadata per sample, and any sample
 * is then loaded on demand from its index entry. Readers never hold a whole large file in memory.
 */
import type { DatasetFormat, Sample } from '../sample';

/** One sample's place in the file plus the little metadata the list and the stats need. */
export interface IndexEntry {
  /** 0-based position among the file's samples (blank lines are not samples). */
  ordinal: number;
  /** The sample id (see identify.ts); `#N` (1-based ordinal) when the row has none. */
  id: string;
  task: string | null;
  difficulty: string | null;
  /** 1-based line where the row starts (text formats). */
  line?: number;
  /** Byte range `[byteStart, byteEnd)` of the row (text formats). */
  byteStart?: number;
  byteEnd?: number;
  /** Parquet: row group index and row within it. */
  rowGroup?: number;
  rowInGroup?: number;
  /** Size of the row in bytes (text formats: the raw row; Parquet: compressed bytes of its row group / rows). */
  bytes: number;
  /** Set when the index pass already knows the row is unusable (malformed, invalid UTF-8, too large). */
  error?: string;
}

export interface IndexProgress {
  bytesDone: number;
  bytesTotal: number;
  samples: number;
}

export interface IndexOptions {
  /** Called with each new batch of entries as the pass goes, so the first sample can be shown early. */
  onEntries?: (batch: readonly IndexEntry[]) => void;
  onProgress?: (progress: IndexProgress) => void;
  signal?: AbortSignal;
}

export interface DatasetIndex {
  file: string;
  format: DatasetFormat;
  fileBytes: number;
  entries: IndexEntry[];
  /** Column names (TSV/CSV header, Parquet schema). Empty for JSON formats. */
  columns: string[];
  /** Problems with the file as a whole (e.g. an empty file, a truncated array), not tied to one sample. */
  fileErrors: string[];
}

export interface ReaderOptions {
  /** Rows larger than this are reported as errors and never buffered whole. Default 32 MiB. */
  maxRowBytes?: number;
  /** Check that image files exist when loading a sample (default true). */
  checkImages?: boolean;
}

export const DEFAULT_MAX_ROW_BYTES = 32 * 1024 * 1024;

export interface DatasetReader {
  readonly file: string;
  readonly format: DatasetFormat;
  /** Stream the file once and build the index. */
  buildIndex(options?: IndexOptions): Promise<DatasetIndex>;
  /** The raw decoded row of an entry (a plain object; Parquet byte arrays as Uint8Array). Throws RowError. */
  loadRow(entry: IndexEntry): Promise<Record<string, unknown>>;
  /** The normalised sample of an entry. Throws RowError. */
  loadSample(entry: IndexEntry): Promise<Sample>;
  /**
   * The samples of many entries, in order, read in large sequential blocks where the format allows
   * (batch work: verify, tag, stats). A row that cannot be read yields its RowError instead.
   */
  loadSamples?(entries: readonly IndexEntry[]): AsyncIterable<LoadedSample>;
  close(): Promise<void>;
}

export type LoadedSample = { entry: IndexEntry; sample: Sample; error?: undefined } | { entry: IndexEntry; sample?: undefined; error: RowError };

/** Every entry's sample (or its error), through the reader's batch path when it has one. */
export async function* iterateSamples(reader: DatasetReader, entries: readonly IndexEntry[]): AsyncIterable<LoadedSample> {
  if (reader.loadSamples) {
    yield* reader.loadSamples(entries);
    return;
  }
  for (const entry of entries) {
    try {
      yield { entry, sample: await reader.loadSample(entry) };
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      yield { entry, error: e };
    }
  }
}

/** A row that cannot become a sample. The message always names the file and the line (or row). */
export class RowError extends Error {
  readonly file: string;
  readonly where: { line?: number; ordinal?: number; rowGroup?: number };
  readonly detail: string;

  constructor(file: string, where: { line?: number; ordinal?: number; rowGroup?: number }, detail: string) {
    // A row error is data about the file, not a fault of the program: its stack says nothing, and capturing
    // one costs more than the rest of a bad row's handling (a file of 1,000,000 bad lines: 8 s of 43).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(`${file}${formatWhere(where)}: ${detail}`);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.file = file;
    this.where = where;
    this.detail = detail;
    this.name = 'RowError';
  }
}

export function formatWhere(where: { line?: number; ordinal?: number }): string {
  if (where.line !== undefined) return `:${where.line}`;
  if (where.ordinal !== undefined) return ` row ${where.ordinal + 1}`;
  return '';
}

/** A file that cannot be read at all (missing, unknown format, not a dataset). */
export class DatasetError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'DatasetError';
  }
}
