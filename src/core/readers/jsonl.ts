/**
 * JSONL: one streaming pass over the file in 8 MiB chunks finds the lines (Buffer.indexOf, i.e. memchr),
 * checks each line's UTF-8 and JSON structure and pulls out its id, task and difficulty without a full
 * parse. The index holds offsets, never rows; a sample is loaded by reading its byte range.
 * A line over `maxRowBytes` is never buffered whole: it is skipped to its end and reported.
 */
import * as fs from 'node:fs';
import { ByteRangeReader, CHUNK_BYTES, formatBytes, jsonRowEntry, throwIfAborted } from './textFile';
import { DatasetError, type DatasetIndex, type IndexEntry, type IndexOptions } from './types';

const NL = 0x0a;
const CR = 0x0d;

export class JsonlReader extends ByteRangeReader {
  readonly format = 'jsonl' as const;
  /** Chunk size of the index pass; small values are for tests of chunk boundaries. */
  chunkBytes = CHUNK_BYTES;

  async buildIndex(options: IndexOptions = {}): Promise<DatasetIndex> {
    const { onEntries, onProgress, signal } = options;
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(this.file);
    } catch (e) {
      throw new DatasetError(this.file, `cannot read: ${(e as Error).message}`);
    }
    const fileBytes = stat.size;
    const entries: IndexEntry[] = [];
    const fileErrors: string[] = [];
    const fh = await fs.promises.open(this.file, 'r');
    const chunk = this.chunkBytes;
    let buf = Buffer.allocUnsafe(chunk * 2);
    /** File offset of buf[0]. */
    let base = 0;
    /** Valid bytes in buf. */
    let filled = 0;
    let lineNo = 1;
    /** A line too long to buffer: where it started, skipping until its newline. */
    let skipping: { start: number; line: number } | null = null;
    let batchStart = 0;

    const addLine = (lineStart: number, end: number, line: number): void => {
      // A UTF-8 byte order mark (Windows tools write one) is not part of the first row.
      const start = base + lineStart === 0 && end - lineStart >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? lineStart + 3 : lineStart;
      // [start, end) are indices into buf; strip a trailing CR.
      let e = end;
      if (e > start && buf[e - 1] === CR) e--;
      let s = start;
      while (s < e && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
      if (s === e) return; // blank line: not a sample
      const ordinal = entries.length;
      const byteStart = base + start;
      const byteEnd = base + e;
      if (e - s > this.maxRowBytes) {
        entries.push(tooLong(ordinal, { start: base + start, line }, byteEnd, this.maxRowBytes));
        return;
      }
      entries.push(jsonRowEntry(buf, start, e, { ordinal, line, byteStart }));
    };

    try {
      for (;;) {
        throwIfAborted(signal);
        if (filled + chunk > buf.length) {
          const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, filled + chunk));
          buf.copy(bigger, 0, 0, filled);
          buf = bigger;
        }
        const { bytesRead } = await fh.read(buf, filled, chunk, base + filled);
        const eof = bytesRead === 0;
        const scanFrom = filled;
        filled += bytesRead;
        let p = 0;
        if (skipping) {
          const nl = buf.indexOf(NL, scanFrom);
          if (nl < 0 || nl >= filled) {
            if (!eof) {
              base += filled;
              filled = 0;
              continue;
            }
          }
          const endAbs = nl >= 0 && nl < filled ? base + nl : base + filled;
          entries.push(tooLong(entries.length, skipping, endAbs, this.maxRowBytes));
          skipping = null;
          if (nl >= 0 && nl < filled) {
            lineNo++;
            p = nl + 1;
          } else p = filled;
        }
        // The carried bytes before scanFrom are a partial line: no newline there.
        let nl = buf.indexOf(NL, Math.max(p, scanFrom));
        while (nl >= 0 && nl < filled) {
          addLine(p, nl, lineNo);
          lineNo++;
          p = nl + 1;
          nl = buf.indexOf(NL, p);
        }
        if (eof) {
          if (p < filled) addLine(p, filled, lineNo);
          break;
        }
        // Carry the partial line to the front of the buffer.
        const rest = filled - p;
        if (rest > this.maxRowBytes) {
          skipping = { start: base + p, line: lineNo };
          base += filled;
          filled = 0;
        } else {
          if (p > 0) buf.copy(buf, 0, p, filled);
          base += p;
          filled = rest;
        }
        if (entries.length > batchStart) {
          onEntries?.(entries.slice(batchStart));
          batchStart = entries.length;
        }
        onProgress?.({ bytesDone: base + filled, bytesTotal: fileBytes, samples: entries.length });
      }
    } finally {
      await fh.close();
    }
    if (entries.length > batchStart) onEntries?.(entries.slice(batchStart));
    onProgress?.({ bytesDone: fileBytes, bytesTotal: fileBytes, samples: entries.length });
    if (fileBytes === 0) fileErrors.push('the file is empty');
    else if (entries.length === 0) fileErrors.push('the file holds no samples (only blank lines)');
    return { file: this.file, format: this.format, fileBytes, entries, columns: [], fileErrors };
  }
}

function tooLong(ordinal: number, skipping: { start: number; line: number }, endAbs: number, max: number): IndexEntry {
  const bytes = endAbs - skipping.start;
  return {
    ordinal,
    id: `#${ordinal + 1}`,
    task: null,
    difficulty: null,
    line: skipping.line,
    byteStart: skipping.start,
    byteEnd: endAbs,
    bytes,
    error: `line is ${formatBytes(bytes)}, over the ${formatBytes(max)} row limit (raise maxRowBytes to read it)`,
  };
}
