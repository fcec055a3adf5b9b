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
import { DEFAULT_MAX_ROW_BYTES, RowError, type DatasetIndex, type DatasetReader, type IndexEntry, type IndexOptions, type ReaderOptions } from './types';

export const CHUNK_BYTES = 8 * 1024 * 1024;

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

  async loadRow(entry: IndexEntry): Promise<Record<string, unknown>> {
    if (entry.error) throw this.rowError(entry, entry.error);
    if (entry.byteStart === undefined || entry.byteEnd === undefined) throw this.rowError(entry, 'no byte range in the index');
    const buf = await this.readRange(entry.byteStart, entry.byteEnd);
    if (buf.length !== entry.byteEnd - entry.byteStart) throw this.rowError(entry, 'the file changed since it was indexed (row is truncated); reopen it');
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
    return this.toSample(await this.loadRow(entry), entry);
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
