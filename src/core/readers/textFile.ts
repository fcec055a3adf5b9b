/**
 * Shared plumbing for readers of text formats whose rows are byte ranges of the file (JSONL, JSON arrays):
 * a lazily opened file handle, reading one row's bytes, decoding JSON with errors that name file and line.
 */
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HEAD_KEYS, identify, normalizeRow } from '../normalize';
import type { DatasetFormat, Sample } from '../sample';
import { describeJsonError, scanObjectHead } from './jsonScan';
import { DEFAULT_MAX_ROW_BYTES, RowError, type DatasetIndex, type DatasetReader, type IndexEntry, type IndexOptions, type LoadedSample, type ReaderOptions } from './types';

export const CHUNK_BYTES = 8 * 1024 * 1024;
/** Largest block the batch loader reads at once. */
const BLOCK_BYTES = 4 * 1024 * 1024;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** Byte offset of the first invalid UTF-8 sequence, or -1. Only called on rows already known to be invalid. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  const bad = text.indexOf('\uFFFD');
  if (bad < 0) return -1;
  return Buffer.byteLength(text.slice(0, bad), 'utf8');
}

export function checkUtf8(buf: Buffer, start: number, end: number): string | undefined {
  const slice = buf.subarray(start, end);
  if (isUtf8(slice)) return undefined;
  const at = firstInvalidUtf8(slice);
  return `invalid UTF-8${at >= 0 ? ` at byte ${at + 1} of the row` : ''}`;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('indexing cancelled');
}

/**
 * The index entry of one JSON row at `buf[start, end)`: UTF-8 and structure checked, id/task/difficulty
 * from its top-level scalars (the same `identify` the normaliser uses).
 */
export function jsonRowEntry(buf: Buffer, start: number, end: number, where: { ordinal: number; line: number; byteStart: number }): IndexEntry {
  let error = checkUtf8(buf, start, end);
  let head: Record<string, unknown> = {};
  if (!error) {
    const r = scanObjectHead(buf, start, end, HEAD_KEYS);
    if (r.ok) head = r.head;
    else error = r.error;
  }
  const ident = identify(head, where.ordinal);
  const entry: IndexEntry = {
    ordinal: where.ordinal, id: ident.id, task: ident.task, difficulty: ident.difficulty,
    line: where.line, byteStart: where.byteStart, byteEnd: where.byteStart + (end - start), bytes: end - start,
  };
  if (error) entry.error = error;
  return entry;
}

export abstract class ByteRangeReader implements DatasetReader {
  abstract readonly format: DatasetFormat;
  protected readonly maxRowBytes: number;
  protected readonly checkImages: boolean;
  private handle: Promise<fs.promises.FileHandle> | undefined;

  constructor(
    readonly file: string,
    options: ReaderOptions = {},
  ) {
    this.maxRowBytes = options.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
    this.checkImages = options.checkImages ?? true;
  }

  abstract buildIndex(options?: IndexOptions): Promise<DatasetIndex>;

  protected fileHandle(): Promise<fs.promises.FileHandle> {
    this.handle ??= fs.promises.open(this.file, 'r');
    return this.handle;
  }

  protected rowError(entry: IndexEntry, detail: string): RowError {
    return new RowError(this.file, entry.line !== undefined ? { line: entry.line } : { ordinal: entry.ordinal }, detail);
  }

  async readRange(start: number, end: number): Promise<Buffer> {
    const fh = await this.fileHandle();
    const buf = Buffer.allocUnsafe(end - start);
    let done = 0;
    while (done < buf.length) {
      const { bytesRead } = await fh.read(buf, done, buf.length - done, start + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === buf.length ? buf : buf.subarray(0, done);
  }

  /** Anything a reader must know before it can parse rows (a TSV header). */
  protected async prepare(): Promise<void> {}

  /** Checks that hold before a row's bytes are read (the entry's own error, its range, its size). */
  protected checkEntry(entry: IndexEntry): { start: number; end: number } {
    if (entry.error) throw this.rowError(entry, entry.error);
    if (entry.byteStart === undefined || entry.byteEnd === undefined) throw this.rowError(entry, 'no byte range in the index');
    return { start: entry.byteStart, end: entry.byteEnd };
  }

  async loadRow(entry: IndexEntry): Promise<Record<string, unknown>> {
    const { start, end } = this.checkEntry(entry);
    await this.prepare();
    const buf = await this.readRange(start, end);
    if (buf.length !== end - start) throw this.rowError(entry, 'the file changed since it was indexed (row is truncated); reopen it');
    return this.parseRow(buf, entry);
  }

  /** Batch loading: rows are read in blocks of up to BLOCK_BYTES of consecutive file content, not one read each. */
  async *loadSamples(entries: readonly IndexEntry[]): AsyncIterable<LoadedSample> {
    await this.prepare();
    let i = 0;
    while (i < entries.length) {
      // The block: following entries while they lie close together in the file.
      const first = entries[i]!;
      let j = i;
      let blockStart = -1;
      let blockEnd = -1;
      if (!first.error && first.byteStart !== undefined && first.byteEnd !== undefined && first.byteEnd - first.byteStart <= BLOCK_BYTES) {
        blockStart = first.byteStart;
        blockEnd = first.byteEnd;
        while (j + 1 < entries.length) {
          const n = entries[j + 1]!;
          if (n.byteStart === undefined || n.byteEnd === undefined || n.byteStart < blockEnd || n.byteStart - blockEnd > 4096 || n.byteEnd - blockStart > BLOCK_BYTES) break;
          j++;
          blockEnd = n.byteEnd;
        }
      }
      const block = blockStart >= 0 ? await this.readRange(blockStart, blockEnd) : null;
      for (let k = i; k <= j; k++) {
        const entry = entries[k]!;
        try {
          let row: Record<string, unknown>;
          if (block && entry.byteStart !== undefined && entry.byteEnd !== undefined && !entry.error) {
            const buf = block.subarray(entry.byteStart - blockStart, entry.byteEnd - blockStart);
            if (buf.length !== entry.byteEnd - entry.byteStart) throw this.rowError(entry, 'the file changed since it was indexed (row is truncated); reopen it');
            row = this.parseRow(buf, entry);
          } else row = await this.loadRow(entry);
          yield { entry, sample: await this.rowToSample(row, entry) };
        } catch (e) {
          if (!(e instanceof RowError)) throw e;
          yield { entry, error: e };
        }
      }
      i = j + 1;
    }
  }

  /** Decode one row's bytes (JSON by default). Throws RowError. */
  protected parseRow(buf: Buffer, entry: IndexEntry): Record<string, unknown> {
    const bad = checkUtf8(buf, 0, buf.length);
    if (bad) throw this.rowError(entry, bad);
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8'));
    } catch (e) {
      throw this.rowError(entry, describeJsonError(e));
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw this.rowError(entry, `expected a JSON object for a sample, got ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`);
    }
    return value as Record<string, unknown>;
  }

  async loadSample(entry: IndexEntry): Promise<Sample> {
    return this.rowToSample(await this.loadRow(entry), entry);
  }

  /** A loaded row as a sample; readers that resolve references between rows (TSV shared images) override it. */
  protected rowToSample(row: Record<string, unknown>, entry: IndexEntry): Promise<Sample> {
    return Promise.resolve(this.toSample(row, entry));
  }

  /** Normalise a loaded row with the entry's place in the file. */
  protected toSample(row: Record<string, unknown>, entry: IndexEntry): Sample {
    const sample = normalizeRow(row, {
      file: this.file,
      format: this.format,
      datasetDir: path.dirname(this.file),
      ordinal: entry.ordinal,
      ...(entry.line !== undefined ? { line: entry.line } : {}),
      ...(entry.byteStart !== undefined ? { byteStart: entry.byteStart } : {}),
      ...(entry.byteEnd !== undefined ? { byteEnd: entry.byteEnd } : {}),
      checkImages: this.checkImages,
    });
    // The index decided the id (it may have used the ordinal); keep them identical.
    sample.id = entry.id;
    return sample;
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    if (h) await (await h).close();
  }
}
