/**
 * JSON arrays (`annotations.json` and many exports): one streaming pass finds each top-level element's
 * byte range and line, without parsing the whole document; elements are loaded by offset like JSONL lines.
 * A structural error in the array stops the pass (nothing after it can be located reliably) and is
 * reported with its line; every element before it stays readable.
 */
import * as fs from 'node:fs';
import { skipValue, isWs } from './jsonScan';
import { ByteRangeReader, CHUNK_BYTES, formatBytes, jsonRowEntry, throwIfAborted } from './textFile';
import { DatasetError, type DatasetIndex, type IndexEntry, type IndexOptions } from './types';

const NL = 0x0a;

/** Skips a JSON value byte by byte across chunks (for elements too large to buffer). */
class StreamingSkipper {
  private depth = 0;
  private inString = false;
  private escape = false;
  private started = false;
  /** Feed bytes; returns the index just after the value's end, or -1 if it continues. */
  feed(buf: Uint8Array, from: number, to: number): number {
    for (let i = from; i < to; i++) {
      const b = buf[i]!;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (b === 0x5c) this.escape = true;
        else if (b === 0x22) {
          this.inString = false;
          if (this.depth === 0) return i + 1;
        }
        continue;
      }
      if (!this.started) {
        if (isWs(b)) continue;
        this.started = true;
      }
      if (b === 0x22) this.inString = true;
      else if (b === 0x7b || b === 0x5b) this.depth++;
      else if (b === 0x7d || b === 0x5d) {
        this.depth--;
        if (this.depth === 0) return i + 1;
      } else if (this.depth === 0 && (b === 0x2c || isWs(b))) return i;
    }
    return -1;
  }
}

export class JsonArrayReader extends ByteRangeReader {
  readonly format = 'json' as const;
  chunkBytes = CHUNK_BYTES;

  async buildIndex(options: IndexOptions = {}): Promise<DatasetIndex> {
    const { onEntries, onProgress, signal } = options;
    let fileBytes: number;
    try {
      fileBytes = (await fs.promises.stat(this.file)).size;
    } catch (e) {
      throw new DatasetError(this.file, `cannot read: ${(e as Error).message}`);
    }
    const entries: IndexEntry[] = [];
    const fileErrors: string[] = [];
    if (fileBytes === 0) {
      fileErrors.push('the file is empty');
      return { file: this.file, format: this.format, fileBytes, entries, columns: [], fileErrors };
    }
    const fh = await fs.promises.open(this.file, 'r');
    const chunk = this.chunkBytes;
    let buf = Buffer.allocUnsafe(chunk * 2);
    let base = 0; // file offset of buf[0]
    let filled = 0;
    let p = 0; // scan position in buf
    let phase: 'start' | 'element' | 'separator' | 'end' = 'start';
    let lineNo = 1;
    let linePos = 0; // buf index up to which newlines are counted into lineNo
    let batchStart = 0;
    let skipper: { s: StreamingSkipper; start: number; line: number } | null = null;

    const countLines = (to: number): void => {
      let i = buf.indexOf(NL, linePos);
      while (i >= 0 && i < to) {
        lineNo++;
        i = buf.indexOf(NL, i + 1);
      }
      linePos = to;
    };
    const stop = (at: number, what: string): void => {
      countLines(Math.min(at, filled));
      fileErrors.push(`line ${lineNo}: ${what}; ${entries.length} sample${entries.length === 1 ? '' : 's'} before it are readable, nothing after it`);
      phase = 'end';
    };

    try {
      while (phase !== 'end') {
        throwIfAborted(signal);
        // Read more: keep bytes from p on (the element in progress) at the front.
        if (p > 0) {
          countLines(p);
          buf.copy(buf, 0, p, filled);
          base += p;
          filled -= p;
          linePos -= p;
          p = 0;
        }
        if (filled + chunk > buf.length) {
          const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, filled + chunk));
          buf.copy(bigger, 0, 0, filled);
          buf = bigger;
        }
        const { bytesRead } = await fh.read(buf, filled, chunk, base + filled);
        const eof = bytesRead === 0;
        filled += bytesRead;

        if (skipper) {
          const end = skipper.s.feed(buf, 0, filled);
          if (end < 0 && !eof) {
            countLines(filled);
            base += filled;
            filled = 0;
            linePos = 0;
            continue;
          }
          const endAbs = end < 0 ? base + filled : base + end;
          const bytes = endAbs - skipper.start;
          entries.push({
            ordinal: entries.length, id: `#${entries.length + 1}`, task: null, difficulty: null, line: skipper.line,
            byteStart: skipper.start, byteEnd: endAbs, bytes,
            error: `element is ${formatBytes(bytes)}, over the ${formatBytes(this.maxRowBytes)} row limit (raise maxRowBytes to read it)`,
          });
          skipper = null;
          if (end < 0) {
            stop(filled, 'the array is not closed (truncated file?)');
            break;
          }
          p = end;
          phase = 'separator';
        }

        scan: for (;;) {
          while (p < filled && isWs(buf[p]!)) p++;
          if (p >= filled) {
            if (eof) {
              if (phase === 'start') stop(p, 'the file holds only whitespace');
              else stop(p, 'the array is not closed (truncated file?)');
            }
            break scan;
          }
          const c = buf[p]!;
          if (phase === 'start') {
            if (base === 0 && p === 0 && c === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
              p = 3;
              continue;
            }
            if (c !== 0x5b) throw new DatasetError(this.file, 'not a JSON array (does not start with "["); for one object per line use .jsonl');
            p++;
            phase = 'element';
            // An empty array.
            while (p < filled && isWs(buf[p]!)) p++;
            if (buf[p] === 0x5d) {
              phase = 'end';
              break scan;
            }
            continue;
          }
          if (phase === 'separator') {
            if (c === 0x2c) {
              p++;
              phase = 'element';
              continue;
            }
            if (c === 0x5d) {
              phase = 'end';
              p++;
              while (p < filled && isWs(buf[p]!)) p++;
              if (p < filled) stop(p, 'unexpected text after the closing "]"');
              break scan;
            }
            stop(p, `expected "," or "]" between array elements`);
            break scan;
          }
          // phase === 'element'
          if (c === 0x5d || c === 0x2c) {
            stop(p, `unexpected "${c === 0x5d ? ']' : ','}" where an element should be (a trailing or doubled comma?)`);
            break scan;
          }
          const s = p;
          const e = skipValue(buf, s, filled);
          const incomplete = e < 0 || (e === filled && !eof && c !== 0x22 && c !== 0x7b && c !== 0x5b);
          if (incomplete) {
            if (eof) {
              stop(s, 'the last element is not complete (truncated file?)');
              break scan;
            }
            if (filled - s > this.maxRowBytes) {
              countLines(s);
              const sk = new StreamingSkipper();
              sk.feed(buf, s, filled);
              skipper = { s: sk, start: base + s, line: lineNo };
              countLines(filled);
              base += filled;
              filled = 0;
              linePos = 0;
              p = 0;
            }
            break scan; // read more
          }
          countLines(s);
          entries.push(jsonRowEntry(buf, s, e, { ordinal: entries.length, line: lineNo, byteStart: base + s }));
          p = e;
          phase = 'separator';
        }
        if (entries.length > batchStart) {
          onEntries?.(entries.slice(batchStart));
          batchStart = entries.length;
        }
        onProgress?.({ bytesDone: base + p, bytesTotal: fileBytes, samples: entries.length });
        if (eof) break;
      }
    } finally {
      await fh.close();
    }
    if (entries.length > batchStart) onEntries?.(entries.slice(batchStart));
    onProgress?.({ bytesDone: fileBytes, bytesTotal: fileBytes, samples: entries.length });
    if (entries.length === 0 && fileErrors.length === 0) fileErrors.push('the array is empty');
    return { file: this.file, format: this.format, fileBytes, entries, columns: [], fileErrors };
  }
}
