/**
 * Parquet reader (Hugging Face `datasets` exports, pandas/pyarrow files), on hyparquet.
 *
 * - The file is read through one open file handle: only the footer, then the column chunks a request
 *   needs, are ever read; never the whole file.
 * - The index pass reads, row group by row group, only the identity columns (id / task / difficulty keys
 *   of normalize.ts) and reports each row group as one batch.
 * - A row is loaded from its row group. Row groups that decode to little (< 64 MiB uncompressed) are
 *   decoded whole and the last one is kept, so paging through neighbouring rows does not decode the same
 *   column chunks again; larger row groups are read one row at a time (using the offset index when the
 *   file has one) and never cached.
 * - All codecs are read (hyparquet-compressors: snappy, gzip, brotli, zstd, lz4, lz4_raw).
 * - Before hyparquet decodes a column chunk, its pages are checked (parquetGuard.ts): hyparquet's loops trust
 *   the counts in page headers and RLE runs, and one damaged page could otherwise freeze the thread for good.
 *   A refused page fails its row group's rows with a message naming the row group, column and byte.
 * - BYTE_ARRAY columns without a UTF8/STRING annotation (the `bytes` of HF `Image()` structs) come back
 *   as Uint8Array; INT64 values become numbers when they are safe integers.
 */
import { open, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData, type RowGroup } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DIFFICULTY_KEYS, HEAD_KEYS, ID_KEYS, TASK_KEYS, identify, normalizeRow, type RowContext } from '../normalize';
import type { Sample } from '../sample';
import { checkColumnChunk, checkOffsetIndex, chunkContext, type PageSpan } from './parquetGuard';
import {
  DEFAULT_MAX_ROW_BYTES,
  DatasetError,
  RowError,
  type DatasetIndex,
  type DatasetReader,
  type IndexEntry,
  type IndexOptions,
  type ReaderOptions,
} from './types';

/** Row groups whose uncompressed data is at most this big are decoded whole and cached (one at a time). */
export const ROW_GROUP_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/** The columns the index pass reads, in the order identify() prefers them. */
const IDENTITY_KEYS: readonly string[] = [...ID_KEYS, ...TASK_KEYS, ...DIFFICULTY_KEYS];

const MAX_FILE_ERRORS = 20;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

interface OpenParquet {
  handle: FileHandle;
  buffer: AsyncBuffer;
  size: number;
  metadata: FileMetaData;
  /** Top-level column names, in schema order. */
  columns: string[];
  /** Absolute index of each row group's first row, plus the total row count at the end. */
  groupStarts: number[];
  /** Top-level identity columns stored as unannotated BYTE_ARRAY: decoded as UTF-8 text when valid. */
  textColumns: ReadonlySet<string>;
  /** Column chunks already checked (key `group:chunk`), with their pages; a failed check is kept too. */
  checked: Map<string, Promise<PageSpan[]>>;
}

type Row = Record<string, unknown>;

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Same behaviour as the text readers: the abort reason when it is an Error, else a plain Error. */
function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('indexing cancelled');
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** An AsyncBuffer over an open file handle: each slice is one positional read. */
export function asyncBufferFromHandle(handle: FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const from = Math.max(0, Math.min(start, size));
      const to = Math.max(from, Math.min(end ?? size, size));
      const out = new Uint8Array(to - from);
      let done = 0;
      while (done < out.length) {
        const { bytesRead } = await handle.read(out, done, out.length - done, from + done);
        if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${from + done} (the file shrank while being read?)`);
        done += bytesRead;
      }
      return out.buffer;
    },
  };
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

function groupCompressedBytes(rg: RowGroup): number {
  if (rg.total_compressed_size !== undefined && rg.total_compressed_size > 0n) return Number(rg.total_compressed_size);
  let n = 0;
  for (const c of rg.columns) n += Number(c.meta_data?.total_compressed_size ?? 0n);
  return n;
}

function groupUncompressedBytes(rg: RowGroup): number {
  if (rg.total_byte_size > 0n) return Number(rg.total_byte_size);
  let n = 0;
  for (const c of rg.columns) n += Number(c.meta_data?.total_uncompressed_size ?? 0n);
  return n;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * A decoded value as a plain JS value: safe INT64 as numbers, byte arrays copied out of hyparquet's page
 * buffers (a view would keep the whole decompressed page or column chunk alive), other typed arrays as
 * plain arrays, structs as plain objects.
 */
export function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v;
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return v.byteOffset === 0 && v.byteLength === v.buffer.byteLength ? v : v.slice();
  if (Array.isArray(v)) return v.map(plainValue);
  if (ArrayBuffer.isView(v)) {
    if (v instanceof DataView) return v;
    return Array.from(v as unknown as ArrayLike<unknown>, plainValue);
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v; // Date and the like
  const out: Row = {};
  for (const [k, x] of Object.entries(v)) out[k] = plainValue(x);
  return out;
}

function plainRow(raw: Row, textColumns: ReadonlySet<string>): Row {
  const row: Row = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v instanceof Uint8Array && textColumns.has(k)) {
      try {
        row[k] = utf8Strict.decode(v);
        continue;
      } catch {
        // not text after all: keep the bytes
      }
    }
    row[k] = plainValue(v);
  }
  return row;
}

export class ParquetReader implements DatasetReader {
  readonly format = 'parquet' as const;
  readonly file: string;
  private readonly maxRowBytes: number;
  private readonly checkImages: boolean | undefined;
  /** Row groups of at most this many uncompressed bytes are decoded whole and cached; larger ones row by row. */
  rowGroupCacheMaxBytes = ROW_GROUP_CACHE_MAX_BYTES;
  private opening: Promise<OpenParquet> | null = null;
  /** The last row group decoded whole (only small ones). */
  private cached: { group: number; rows: Promise<Row[]> } | null = null;

  constructor(file: string, options: ReaderOptions = {}) {
    this.file = path.resolve(file);
    this.maxRowBytes = options.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
    this.checkImages = options.checkImages;
  }

  async buildIndex(options: IndexOptions = {}): Promise<DatasetIndex> {
    const { signal, onEntries, onProgress } = options;
    throwIfAborted(signal);
    const f = await this.open();
    throwIfAborted(signal);

    const entries: IndexEntry[] = [];
    const fileErrors: string[] = [];
    let groupErrors = 0;
    const idColumns = IDENTITY_KEYS.filter((k) => f.columns.includes(k));
    let bytesDone = 0;

    for (let g = 0; g < f.metadata.row_groups.length; g++) {
      throwIfAborted(signal);
      const rg = f.metadata.row_groups[g]!;
      const start = f.groupStarts[g]!;
      const rows = Number(rg.num_rows);
      const compressed = groupCompressedBytes(rg);

      let heads: Row[] | null = null;
      let groupError: string | undefined;
      if (rows > 0 && idColumns.length > 0) {
        try {
          heads = await this.readRows(f, g, start, start + rows, idColumns, false);
        } catch (e) {
          groupError = `cannot decode row group ${g}: ${errorMessage(e)}`;
          if (++groupErrors <= MAX_FILE_ERRORS) fileErrors.push(groupError);
        }
        throwIfAborted(signal);
      }
      const perRowUncompressed = rows > 0 ? groupUncompressedBytes(rg) / rows : 0;
      const tooLarge =
        perRowUncompressed > this.maxRowBytes
          ? `row too large: its row group holds about ${formatMiB(perRowUncompressed)} per row (limit ${formatMiB(this.maxRowBytes)})`
          : undefined;
      const bytes = rows > 0 ? Math.round(compressed / rows) : 0;

      const batch: IndexEntry[] = [];
      for (let i = 0; i < rows; i++) {
        const ordinal = start + i;
        const ident = identify(heads?.[i] ?? {}, ordinal);
        const entry: IndexEntry = {
          ordinal,
          id: ident.id,
          task: ident.task,
          difficulty: ident.difficulty,
          rowGroup: g,
          rowInGroup: i,
          bytes,
        };
        const error = groupError ?? tooLarge;
        if (error !== undefined) entry.error = error;
        batch.push(entry);
        entries.push(entry);
      }
      if (batch.length > 0) onEntries?.(batch);
      bytesDone += compressed;
      onProgress?.({ bytesDone: Math.min(bytesDone, f.size), bytesTotal: f.size, samples: entries.length });
    }
    onProgress?.({ bytesDone: f.size, bytesTotal: f.size, samples: entries.length });

    if (groupErrors > MAX_FILE_ERRORS) fileErrors.push(`... and ${groupErrors - MAX_FILE_ERRORS} more row groups that cannot be decoded`);
    const declared = Number(f.metadata.num_rows);
    if (declared !== entries.length) {
      fileErrors.push(`the footer declares ${declared} rows but the row groups hold ${entries.length}`);
    }
    if (entries.length === 0) fileErrors.push('the Parquet file has no rows');

    return { file: this.file, format: 'parquet', fileBytes: f.size, entries, columns: [...f.columns], fileErrors };
  }

  async loadRow(entry: IndexEntry): Promise<Record<string, unknown>> {
    const where: { ordinal: number; rowGroup?: number } = { ordinal: entry.ordinal };
    if (entry.rowGroup !== undefined) where.rowGroup = entry.rowGroup;
    let f: OpenParquet;
    try {
      f = await this.open();
    } catch (e) {
      const m = errorMessage(e);
      throw new RowError(this.file, where, m.startsWith(`${this.file}: `) ? m.slice(this.file.length + 2) : m);
    }
    const total = f.groupStarts[f.groupStarts.length - 1] ?? 0;
    const row = entry.ordinal;
    if (!Number.isInteger(row) || row < 0 || row >= total) {
      throw new RowError(this.file, where, `no such row: the file holds ${total} row${total === 1 ? '' : 's'}`);
    }
    const group = this.groupOf(f, row);
    const rg = f.metadata.row_groups[group]!;
    const inGroup = row - f.groupStarts[group]!;
    if (entry.rowGroup !== undefined && (entry.rowGroup !== group || (entry.rowInGroup !== undefined && entry.rowInGroup !== inGroup))) {
      throw new RowError(this.file, where, `the index places this row in row group ${entry.rowGroup}, but the file has it in row group ${group} (the file changed since it was indexed?)`);
    }
    const uncompressed = groupUncompressedBytes(rg);
    const rows = Number(rg.num_rows);
    const perRow = rows > 0 ? uncompressed / rows : 0;
    if (perRow > this.maxRowBytes) {
      throw new RowError(this.file, where, `row too large: its row group holds about ${formatMiB(perRow)} per row (limit ${formatMiB(this.maxRowBytes)})`);
    }
    try {
      if (uncompressed <= this.rowGroupCacheMaxBytes) {
        const groupRows = await this.groupRows(f, group);
        const found = groupRows[inGroup];
        if (!found) throw new Error(`row ${inGroup} missing from decoded row group ${group}`);
        return { ...found };
      }
      const [found] = await this.readRows(f, group, row, row + 1, undefined, true);
      if (!found) throw new Error(`row ${inGroup} missing from decoded row group ${group}`);
      return found;
    } catch (e) {
      throw new RowError(this.file, where, `cannot decode the Parquet row: ${errorMessage(e)}`);
    }
  }

  async loadSample(entry: IndexEntry): Promise<Sample> {
    const row = await this.loadRow(entry);
    const ctx: RowContext = {
      file: this.file,
      format: 'parquet',
      datasetDir: path.dirname(this.file),
      ordinal: entry.ordinal,
    };
    if (entry.rowGroup !== undefined) ctx.rowGroup = entry.rowGroup;
    if (entry.rowInGroup !== undefined) ctx.rowInGroup = entry.rowInGroup;
    if (this.checkImages !== undefined) ctx.checkImages = this.checkImages;
    return normalizeRow(row, ctx);
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    this.cached = null;
    if (!opening) return;
    try {
      const f = await opening;
      await f.handle.close();
    } catch {
      // never opened (the error was reported then), or already closed
    }
  }

  // ---- internals ----

  private open(): Promise<OpenParquet> {
    if (!this.opening) {
      const opening = this.openFile();
      this.opening = opening;
      // A failed open is not remembered: the next call tries again (the file may have been fixed).
      opening.catch(() => {
        if (this.opening === opening) this.opening = null;
      });
    }
    return this.opening;
  }

  private async openFile(): Promise<OpenParquet> {
    let handle: FileHandle;
    try {
      handle = await open(this.file, 'r');
    } catch (e) {
      throw new DatasetError(this.file, `cannot open the file: ${errorMessage(e)}`);
    }
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw new DatasetError(this.file, 'not a file');
      const size = st.size;
      if (size < 12) {
        throw new DatasetError(
          this.file,
          size === 0 ? 'the file is empty, not a Parquet file' : `not a Parquet file: only ${size} bytes (a Parquet file starts and ends with the 4-byte magic "PAR1")`,
        );
      }
      const head = (await readAt(handle, 0, 4)).toString('latin1');
      const tail = await readAt(handle, size - 8, 8);
      const tailMagic = tail.subarray(4).toString('latin1');
      if (head !== 'PAR1') {
        throw new DatasetError(this.file, 'not a Parquet file: it does not start with the magic bytes "PAR1"');
      }
      if (tailMagic === 'PARE') throw new DatasetError(this.file, 'encrypted Parquet files (footer magic "PARE") are not supported');
      if (tailMagic !== 'PAR1') {
        throw new DatasetError(this.file, 'truncated or damaged Parquet file: it does not end with the footer magic bytes "PAR1"');
      }
      const metadataLength = tail.readUInt32LE(0);
      const dataEnd = size - 8 - metadataLength;
      if (dataEnd < 4) {
        throw new DatasetError(this.file, `truncated or damaged Parquet file: the footer claims ${metadataLength} bytes of metadata but the file holds ${size} bytes`);
      }
      const buffer = asyncBufferFromHandle(handle, size);
      let metadata: FileMetaData;
      try {
        metadata = await parquetMetadataAsync(buffer);
      } catch (e) {
        throw new DatasetError(this.file, `damaged Parquet footer, cannot read the file's metadata: ${errorMessage(e)}`);
      }
      const groupStarts: number[] = [0];
      let rowsSoFar = 0;
      metadata.row_groups.forEach((rg, g) => {
        for (const chunk of rg.columns) {
          const meta = chunk.meta_data;
          if (!meta) continue;
          if (chunk.file_path) throw new DatasetError(this.file, `row group ${g} keeps its data in another file (${chunk.file_path}); such Parquet files are not supported`);
          const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
          const end = start + Number(meta.total_compressed_size);
          if (start < 4 || end > dataEnd) {
            throw new DatasetError(this.file, `truncated or damaged Parquet file: column \`${meta.path_in_schema.join('.')}\` of row group ${g} lies outside the file's data`);
          }
        }
        rowsSoFar += Number(rg.num_rows);
        groupStarts.push(rowsSoFar);
      });
      let columns: string[];
      const textColumns = new Set<string>();
      try {
        const schema = parquetSchema(metadata);
        columns = schema.children.map((c) => c.element.name);
        for (const c of schema.children) {
          const el = c.element;
          if (c.children.length === 0 && el.type === 'BYTE_ARRAY' && !el.converted_type && !el.logical_type && HEAD_KEYS.has(el.name)) {
            textColumns.add(el.name);
          }
        }
      } catch (e) {
        throw new DatasetError(this.file, `damaged Parquet schema: ${errorMessage(e)}`);
      }
      return { handle, buffer, size, metadata, columns, groupStarts, textColumns, checked: new Map() };
    } catch (e) {
      await handle.close().catch(() => undefined);
      throw e;
    }
  }

  /** Index of the row group holding absolute row `row` (which must be in range). */
  private groupOf(f: OpenParquet, row: number): number {
    const starts = f.groupStarts;
    let lo = 0;
    let hi = starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo; // the last group starting at or before `row`, so empty row groups are skipped
  }

  /** Every row of a (small) row group, decoded once and kept until another row group is needed. */
  private groupRows(f: OpenParquet, group: number): Promise<Row[]> {
    if (this.cached?.group === group) return this.cached.rows;
    const start = f.groupStarts[group]!;
    const end = f.groupStarts[group + 1]!;
    const rows = this.readRows(f, group, start, end, undefined, false);
    const entry = { group, rows };
    this.cached = entry;
    rows.catch(() => {
      if (this.cached === entry) this.cached = null;
    });
    return rows;
  }

  /**
   * Checks the pages of the column chunks of row group `group` that a read of `columns` decodes (and, when
   * the offset index will be used, that it points at checked pages). Each chunk is checked once per open.
   */
  private async checkGroup(f: OpenParquet, group: number, columns: string[] | undefined, useOffsetIndex: boolean): Promise<void> {
    const rg = f.metadata.row_groups[group]!;
    for (const [c, chunk] of rg.columns.entries()) {
      const meta = chunk.meta_data;
      if (!meta || (columns && !columns.includes(meta.path_in_schema[0]!))) continue;
      const key = `${group}:${c}`;
      let spans = f.checked.get(key);
      if (!spans) {
        spans = (async () => {
          try {
            return await checkColumnChunk(f.buffer, chunkContext(f.metadata, chunk, compressors));
          } catch (e) {
            throw new Error(`row group ${group}, column \`${meta.path_in_schema.join('.')}\`: ${errorMessage(e)}`, { cause: e });
          }
        })();
        spans.catch(() => undefined);
        f.checked.set(key, spans);
      }
      const pages = await spans;
      if (useOffsetIndex) {
        try {
          await checkOffsetIndex(f.buffer, chunk, pages);
        } catch (e) {
          throw new Error(`row group ${group}, column \`${meta.path_in_schema.join('.')}\`: ${errorMessage(e)}`, { cause: e });
        }
      }
    }
  }

  private async readRows(f: OpenParquet, group: number, rowStart: number, rowEnd: number, columns: string[] | undefined, useOffsetIndex: boolean): Promise<Row[]> {
    await this.checkGroup(f, group, columns, useOffsetIndex);
    let out: Row[] = [];
    await parquetRead({
      file: f.buffer,
      metadata: f.metadata,
      rowStart,
      rowEnd,
      ...(columns ? { columns } : {}),
      rowFormat: 'object',
      compressors,
      utf8: false,
      useOffsetIndex,
      onComplete: (rows) => {
        out = rows.map((r) => plainRow(r, f.textColumns));
      },
    });
    return out;
  }
}
