/**
 * Format detection and the one entry point every layer uses: `openDataset(file)`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatasetFormat } from '../sample';
import { DelimitedReader } from './delimited';
import { JsonArrayReader } from './jsonArray';
import { JsonlReader } from './jsonl';
import { ParquetReader } from './parquet';
import { DatasetError, type DatasetReader, type ReaderOptions } from './types';

const BY_EXTENSION: Record<string, DatasetFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.tsv': 'tsv',
  '.csv': 'csv',
};

/** Decide a file's format from its extension, and from its first bytes where the extension is ambiguous. */
export function detectFormat(file: string): DatasetFormat {
  const ext = path.extname(file).toLowerCase();
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(4096);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      head = head.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    throw new DatasetError(file, `cannot read: ${(e as Error).message}`);
  }
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  const known = BY_EXTENSION[ext];
  if (known && known !== 'parquet') return known;
  if (known === 'parquet') throw new DatasetError(file, 'not a Parquet file (no PAR1 magic number at the start)');
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  const first = head[i];
  if (first === 0x5b) return 'json';
  if (first === 0x7b) return 'jsonl';
  if (ext === '.json') return head.length === 0 ? 'json' : 'json';
  const firstLine = head.toString('utf8').split('\n', 1)[0] ?? '';
  if (firstLine.includes('\t')) return 'tsv';
  if (firstLine.includes(',')) return 'csv';
  throw new DatasetError(file, `unknown dataset format (extension "${ext || 'none'}"); expected .jsonl, .json, .parquet, .tsv or .csv`);
}

export function createReader(file: string, format: DatasetFormat, options: ReaderOptions = {}): DatasetReader {
  switch (format) {
    case 'jsonl':
      return new JsonlReader(file, options);
    case 'json':
      return new JsonArrayReader(file, options);
    case 'parquet':
      return new ParquetReader(file, options);
    case 'tsv':
    case 'csv':
      return new DelimitedReader(file, format, options);
  }
}

/** Open a dataset file: detect its format and return its reader (the index is built by `buildIndex`). */
export function openDataset(file: string, options: ReaderOptions & { format?: DatasetFormat } = {}): DatasetReader {
  const abs = path.resolve(file);
  const format = options.format ?? detectFormat(abs);
  return createReader(abs, format, options);
}
