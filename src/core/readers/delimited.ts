/**
 * TSV/CSV as VLMEvalKit writes evaluation results (pandas `to_csv(sep='\t')`): a header row, fields quoted
 * with `"` when they hold the separator, quotes or line breaks (or always, with QUOTE_ALL), quotes doubled
 * inside quoted fields, multi-line `prediction` fields, an `index` column, an `image` column that may hold a
 * base64 PNG (or the `index` of another row holding the same image), `image_path` as a Python-list string
 * and `metric_info` as a Python-dict string.
 *
 * Index pass: one streaming pass in chunks finds record boundaries (a LF outside quotes; CRLF and a UTF-8
 * BOM are handled) with Buffer.indexOf (memchr) on quote and LF bytes only, never a per-byte JS loop. Each
 * record is then checked (size, UTF-8, field count) and only its identity columns are decoded. A record
 * over `maxRowBytes` is never buffered whole: only a small prefix is kept, for its id.
 *
 * Quoting follows Python's csv module (which pandas uses to write): a quote opens a quoted field only at
 * the start of a field; inside, `""` is a quote and a lone `"` closes it; anything after the closing quote
 * up to the separator is kept literally. An unterminated quote at the end of the file makes an error entry
 * for its record, and the scan resumes on the line after the opening quote so later records still load.
 */
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import { HEAD_KEYS, ID_KEYS, identify } from '../normalize';
import type { Sample } from '../sample';
import { ByteRangeReader, CHUNK_BYTES, checkUtf8, formatBytes, throwIfAborted } from './textFile';
import { DatasetError, type DatasetIndex, type IndexEntry, type IndexOptions, type ReaderOptions } from './types';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** What is kept of a record too large (or unterminated) to buffer: enough for its leading identity columns. */
const PREFIX_BYTES = 64 * 1024;
/** How many times the scan may resume after an unterminated quote before the rest of the file is one error. */
const MAX_QUOTE_RECOVERIES = 16;
/** Entries per onEntries batch at most (batches are also flushed after every chunk). */
const BATCH = 4096;

/** One record as the scanner found it. `data` is only valid during the callback (it may view a reused buffer). */
interface RawRecord {
  /** Byte range `[start, end)` in the file, line terminator excluded. */
  start: number;
  end: number;
  /** 1-based line where the record starts. */
  line: number;
  /** The record's bytes when `whole`, else a prefix of them. */
  data: Buffer;
  whole: boolean;
  /** True when `data` is already known to be valid UTF-8 (checked with its whole chunk). */
  utf8Valid: boolean;
  /** Set when the record ends inside a quoted field at EOF: the line of the opening quote. */
  unterminatedQuoteLine?: number;
}

type OnRecord = (rec: RawRecord) => boolean | void;

/**
 * Finds record boundaries across chunks. Feed it consecutive chunks with `push`, then call `finish` at EOF.
 * The callback returns `false` to stop the scan.
 */
class RecordScanner {
  stopped = false;
  private inQuotes = false;
  /** File offset and line of the current record's first byte. */
  private recStart = 0;
  private recLine = 1;
  /** Line of the byte being scanned. */
  private line = 1;
  /** File offset of the last quote that closed a quoted field (a quote right after it is an escaped quote). */
  private lastClose = -2;
  /** The last byte of the previous chunk (-1 at the start of the scan). */
  private prevByte = -1;
  /** Bytes of the current record seen in earlier chunks (copied), or a prefix once it overflowed. */
  private parts: Buffer[] = [];
  private partsLen = 0;
  private overflow = false;
  /** The quoted field currently open: the line of its quote and the first LF after it (for recovery). */
  private openLine = 0;
  private openLf = -1;
  private openLfLine = 0;
  private openLfCr = false;
  /** `[okFrom, okTo)` of the current chunk is known to be valid UTF-8 (empty when unknown). */
  private okFrom = 0;
  private okTo = 0;

  constructor(
    private readonly sep: number,
    private readonly maxRowBytes: number,
    private readonly onRecord: OnRecord,
  ) {}

  reset(start: number, line: number): void {
    this.inQuotes = false;
    this.recStart = start;
    this.recLine = line;
    this.line = line;
    this.lastClose = -2;
    this.prevByte = -1;
    this.parts = [];
    this.partsLen = 0;
    this.overflow = false;
    this.openLf = -1;
  }

  /** Scan `buf`, whose first byte is at file offset `base` (right after the previous chunk). */
  push(buf: Buffer, base: number): void {
    const len = buf.length;
    if (len === 0) return;
    const sep = this.sep;
    // One UTF-8 check for all the records wholly inside this chunk: the bytes between its first and its last
    // LF (from its start when it starts on a record boundary) hold whole characters only.
    const atBoundary = this.prevByte === -1 || this.prevByte === LF;
    const lastLf = buf.lastIndexOf(LF);
    this.okFrom = atBoundary ? 0 : buf.indexOf(LF) + 1;
    this.okTo = lastLf;
    if (lastLf < 0 || !isUtf8(buf.subarray(this.okFrom, this.okTo))) this.okTo = 0;
    let p = 0;
    // Cached positions of the next quote / LF at or after p; `len` when there is none in this chunk.
    let nq = -1;
    let nl = -1;
    while (p < len) {
      if (nq < p) {
        const i = buf.indexOf(QUOTE, p);
        nq = i < 0 ? len : i;
      }
      if (this.inQuotes) {
        // Line breaks inside the quoted field: count them (records report the line they start on).
        for (;;) {
          if (nl < p) {
            const i = buf.indexOf(LF, p);
            nl = i < 0 ? len : i;
          }
          if (nl >= nq) break;
          if (this.openLf < 0) {
            this.openLf = base + nl;
            this.openLfLine = this.line;
            this.openLfCr = (nl > 0 ? buf[nl - 1] : this.prevByte) === CR;
          }
          this.line++;
          p = nl + 1;
        }
        if (nq >= len) break; // still inside the quoted field at the end of the chunk
        this.inQuotes = false;
        this.lastClose = base + nq;
        p = nq + 1;
      } else {
        if (nl < p) {
          const i = buf.indexOf(LF, p);
          nl = i < 0 ? len : i;
        }
        if (nq < nl) {
          const abs = base + nq;
          const prev = nq > 0 ? buf[nq - 1] : this.prevByte;
          if (abs === this.lastClose + 1) {
            // `""`: an escaped quote, the quoted field goes on (its opening quote stays the one to report).
            this.inQuotes = true;
          } else if (abs === this.recStart || prev === sep) {
            this.inQuotes = true;
            this.openLine = this.line;
            this.openLf = -1;
          }
          p = nq + 1;
        } else if (nl < len) {
          const cr = (nl > 0 ? buf[nl - 1] : this.prevByte) === CR;
          this.endRecord(buf, base, nl, base + nl - (cr ? 1 : 0));
          this.line++;
          p = nl + 1;
          this.recStart = base + p;
          this.recLine = this.line;
          if (this.stopped) return;
        } else {
          p = len;
        }
      }
    }
    // Keep the unfinished record's bytes of this chunk (copied: the chunk buffer is reused).
    const rel = this.recStart - base;
    if (rel < len) this.append(buf.subarray(Math.max(0, rel), len), true);
    this.prevByte = buf[len - 1] ?? -1;
  }

  /**
   * End of file at offset `eof`. Emits the last record (which has no line terminator). Returns where to
   * resume scanning when the last record ended inside an unterminated quote and recovery is allowed.
   */
  finish(eof: number, mayRecover: boolean): { start: number; line: number } | null {
    if (this.stopped) return null;
    if (this.inQuotes) {
      const recover = mayRecover && this.openLf >= 0;
      const end = recover ? this.openLf - (this.openLfCr ? 1 : 0) : eof;
      const data = this.takeParts(end - this.recStart);
      this.emit({ start: this.recStart, end, line: this.recLine, data, whole: false, utf8Valid: false, unterminatedQuoteLine: this.openLine });
      return recover && !this.stopped ? { start: this.openLf + 1, line: this.openLfLine + 1 } : null;
    }
    if (this.recStart < eof) {
      const end = eof - (this.prevByte === CR ? 1 : 0);
      if (end > this.recStart) {
        const size = end - this.recStart;
        const data = this.takeParts(size);
        this.emit({ start: this.recStart, end, line: this.recLine, data, whole: !this.overflow && size <= this.maxRowBytes, utf8Valid: false });
      }
    }
    return null;
  }

  /** A LF outside quotes at `nl` (index in buf) ends the current record at file offset `end`. */
  private endRecord(buf: Buffer, base: number, nl: number, end: number): void {
    const start = this.recStart;
    const size = end - start;
    if (size <= 0) {
      // A blank line (or a lone CR): not a record.
      this.parts = [];
      this.partsLen = 0;
      this.overflow = false;
      return;
    }
    const whole = !this.overflow && size <= this.maxRowBytes;
    const rel = start - base;
    let data: Buffer;
    let utf8Valid = false;
    if (this.partsLen === 0 && !this.overflow && rel >= 0) {
      // The whole record is in this chunk: no copy.
      data = buf.subarray(rel, rel + (whole ? size : Math.min(size, PREFIX_BYTES)));
      utf8Valid = rel >= this.okFrom && rel + size <= this.okTo;
    } else {
      this.append(buf.subarray(Math.max(0, rel), nl), false);
      data = this.takeParts(size);
    }
    this.emit({ start, end, line: this.recLine, data, whole, utf8Valid });
  }

  private emit(rec: RawRecord): void {
    this.parts = [];
    this.partsLen = 0;
    this.overflow = false;
    if (this.onRecord(rec) === false) this.stopped = true;
  }

  /** The buffered bytes of the current record, at most `size` of them. */
  private takeParts(size: number): Buffer {
    const n = Math.max(0, Math.min(size, this.partsLen));
    if (this.parts.length === 1) return this.parts[0]!.subarray(0, n);
    return Buffer.concat(this.parts, n);
  }

  private append(piece: Buffer, copy: boolean): void {
    if (this.overflow || piece.length === 0) return;
    // +1: the piece may end with the CR of a CRLF that is not part of the record.
    if (this.partsLen + piece.length > this.maxRowBytes + 1) {
      // Too large to buffer: keep only a prefix (Buffer.concat truncates to the length given, copying).
      const keep = Math.min(PREFIX_BYTES, this.partsLen + piece.length);
      const prefix = this.partsLen >= keep ? Buffer.concat(this.parts, keep) : Buffer.concat([...this.parts, piece], keep);
      this.parts = [prefix];
      this.partsLen = prefix.length;
      this.overflow = true;
      return;
    }
    this.parts.push(copy ? Buffer.from(piece) : piece);
    this.partsLen += piece.length;
  }
}

/** Field spans of one record (no line terminator): `[start0, end0, start1, end1, ...]` of raw field bytes. */
interface Fields {
  spans: number[];
  /** False when the bytes end inside a quoted field (a truncated prefix, or a malformed record). */
  complete: boolean;
}

function splitFields(buf: Buffer, sep: number): Fields {
  const len = buf.length;
  const spans: number[] = [];
  let p = 0;
  for (;;) {
    let from = p;
    if (buf[p] === QUOTE) {
      let q = p + 1;
      for (;;) {
        const c = buf.indexOf(QUOTE, q);
        if (c < 0) {
          spans.push(p, len);
          return { spans, complete: false };
        }
        if (buf[c + 1] === QUOTE) {
          q = c + 2;
          continue;
        }
        from = c + 1;
        break;
      }
    }
    const s = buf.indexOf(sep, from);
    const end = s < 0 ? len : s;
    spans.push(p, end);
    if (s < 0) return { spans, complete: true };
    p = s + 1;
  }
}

/** Result of `walkFields` (module-level so the index pass allocates nothing per record for it). */
const walk = { count: 0 };

/**
 * Index pass: count the fields of one record and decode only those with a name in `want` (by position)
 * into `out`. With `lastMayBeCut` (a prefix of a record), the field ended by the end of `buf` is not decoded.
 */
function walkFields(buf: Buffer, sep: number, want: ReadonlyArray<string | undefined>, out: Record<string, unknown>, lastMayBeCut: boolean): void {
  const len = buf.length;
  let p = 0;
  let i = 0;
  for (;;) {
    let from = p;
    if (buf[p] === QUOTE) {
      let q = p + 1;
      for (;;) {
        const c = buf.indexOf(QUOTE, q);
        if (c < 0) {
          walk.count = i + 1; // the last field is an open quoted one
          return;
        }
        if (buf[c + 1] === QUOTE) {
          q = c + 2;
          continue;
        }
        from = c + 1;
        break;
      }
    }
    const s = buf.indexOf(sep, from);
    const end = s < 0 ? len : s;
    const name = want[i];
    if (name !== undefined && !(s < 0 && lastMayBeCut)) out[name] = end - p <= 14 ? decodeShort(buf, p, end) : decodeField(buf, p, end);
    i++;
    if (s < 0) {
      walk.count = i;
      return;
    }
    p = s + 1;
  }
}

/** Short identity fields (`12`, `maze`, `"3"`) are mostly ASCII: build them without a native call. */
function decodeShort(buf: Buffer, start: number, end: number): string {
  let s = start;
  let e = end;
  if (e - s >= 2 && buf[s] === QUOTE && buf[e - 1] === QUOTE) {
    s++;
    e--;
  }
  let out = '';
  for (let i = s; i < e; i++) {
    const b = buf[i]!;
    if (b >= 0x80 || b === QUOTE) return decodeField(buf, start, end);
    out += String.fromCharCode(b);
  }
  return out;
}

/** Decode one raw field: unquote and undouble quotes when it starts with a quote. */
function decodeField(buf: Buffer, start: number, end: number): string {
  if (start >= end) return '';
  if (buf[start] !== QUOTE) return buf.toString('utf8', start, end);
  // Splitting at ASCII quotes never cuts a UTF-8 sequence, so the pieces decode independently.
  let out = '';
  let p = start + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, p);
    if (q < 0 || q >= end) return out + buf.toString('utf8', p, end);
    out += buf.toString('utf8', p, q);
    if (q + 1 < end && buf[q + 1] === QUOTE) {
      out += '"';
      p = q + 2;
      continue;
    }
    return out + buf.toString('utf8', q + 1, end);
  }
}

/** Header names as pandas reads them: empty names become `Unnamed: i`, duplicates get `.1`, `.2`, ... */
function headerNames(raw: string[]): string[] {
  const seen = new Set<string>();
  return raw.map((name, i) => {
    let n = name === '' ? `Unnamed: ${i}` : name;
    if (seen.has(n)) {
      let k = 1;
      while (seen.has(`${n}.${k}`)) k++;
      n = `${n}.${k}`;
    }
    seen.add(n);
    return n;
  });
}

function formatLimit(n: number): string {
  const MiB = 1024 * 1024;
  return n >= MiB && n % MiB === 0 ? `${n / MiB} MiB` : formatBytes(n);
}

export interface DelimitedReaderOptions extends ReaderOptions {
  /** Chunk size of the index pass (default 8 MiB); small values are for tests of chunk boundaries. */
  chunkBytes?: number;
}

export class DelimitedReader extends ByteRangeReader {
  readonly format: 'tsv' | 'csv';
  /** Chunk size of the index pass; small values are for tests of chunk boundaries. */
  chunkBytes: number;
  private readonly sep: number;
  private columns: string[] | undefined;
  /** The entries of the last (or running) index pass. */
  private entries: IndexEntry[] = [];
  private indexComplete = false;
  /** `index` column value -> entry, built on first need (VLMEvalKit image references). */
  private byIndexValue: Map<string, IndexEntry> | undefined;

  constructor(file: string, format: 'tsv' | 'csv', options: DelimitedReaderOptions = {}) {
    super(file, options);
    this.format = format;
    this.sep = format === 'tsv' ? 0x09 : 0x2c;
    this.chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  }

  /** Stream the file, calling `onRecord` for each record; returns the file's size. */
  private async scan(onRecord: OnRecord, signal?: AbortSignal, onChunk?: (pos: number, size: number) => void): Promise<number> {
    let fh: fs.promises.FileHandle;
    try {
      fh = await fs.promises.open(this.file, 'r');
    } catch (e) {
      throw new DatasetError(this.file, `cannot read: ${(e as Error).message}`);
    }
    try {
      const size = (await fh.stat()).size;
      const chunk = Math.max(1, Math.floor(this.chunkBytes));
      const buf = Buffer.allocUnsafe(Math.max(1, Math.min(chunk, size)));
      const scanner = new RecordScanner(this.sep, this.maxRowBytes, onRecord);
      // A UTF-8 byte order mark is not part of the header.
      let pos = 0;
      if (size >= 3) {
        const bom = Buffer.alloc(3);
        const { bytesRead } = await fh.read(bom, 0, 3, 0);
        if (bytesRead === 3 && bom[0] === 0xef && bom[1] === 0xbb && bom[2] === 0xbf) pos = 3;
      }
      scanner.reset(pos, 1);
      let recoveries = 0;
      for (;;) {
        while (pos < size) {
          throwIfAborted(signal);
          const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
          if (bytesRead === 0) break; // the file shrank while we read it
          scanner.push(buf.subarray(0, bytesRead), pos);
          pos += bytesRead;
          if (scanner.stopped) return size;
          onChunk?.(pos, size);
        }
        const resume = scanner.finish(pos, recoveries < MAX_QUOTE_RECOVERIES);
        if (!resume) return size;
        recoveries++;
        pos = resume.start;
        scanner.reset(resume.start, resume.line);
      }
    } finally {
      await fh.close();
    }
  }

  async buildIndex(options: IndexOptions = {}): Promise<DatasetIndex> {
    const { onEntries, onProgress, signal } = options;
    const entries: IndexEntry[] = [];
    const fileErrors: string[] = [];
    const sep = this.sep;
    const max = this.maxRowBytes;
    let columns: string[] | undefined;
    let headerError = false;
    /** Column position -> name, for the identity columns only. */
    let want: Array<string | undefined> = [];
    let flushed = 0;
    let bytesDone = 0;
    this.columns = undefined;
    this.entries = entries;
    this.indexComplete = false;
    this.byIndexValue = undefined;
    const flush = (): void => {
      if (entries.length > flushed) {
        onEntries?.(entries.slice(flushed));
        flushed = entries.length;
      }
    };

    const onRecord = (rec: RawRecord): boolean => {
      if (columns === undefined) {
        const where = `the header (line ${rec.line})`;
        if (rec.unterminatedQuoteLine !== undefined) fileErrors.push(`${where} has a quote opened at line ${rec.unterminatedQuoteLine} that is never closed`);
        else if (!rec.whole) fileErrors.push(`${where} is ${formatBytes(rec.end - rec.start)}, over the ${formatLimit(max)} limit`);
        if (fileErrors.length > 0) {
          headerError = true;
          columns = [];
          return false;
        }
        const bad = checkUtf8(rec.data, 0, rec.data.length);
        if (bad) fileErrors.push(`${where}: ${bad}`);
        const f = splitFields(rec.data, sep);
        columns = headerNames(pairs(f.spans).map(([s, e]) => decodeField(rec.data, s, e)));
        want = columns.map((c) => (HEAD_KEYS.has(c) ? c : undefined));
        // Samples may be loaded while the pass goes on (the first one is shown early).
        this.columns = columns;
        return true;
      }
      const ordinal = entries.length;
      const bytes = rec.end - rec.start;
      let error: string | undefined;
      let head: Record<string, unknown> = {};
      if (rec.unterminatedQuoteLine !== undefined || !rec.whole) {
        if (rec.unterminatedQuoteLine !== undefined) {
          const at = rec.unterminatedQuoteLine === rec.line ? '' : ` (opened at line ${rec.unterminatedQuoteLine})`;
          error = `record at line ${rec.line} has a quoted field that is never closed${at}; the file ends inside it`;
        } else {
          error = `record at line ${rec.line} is ${formatBytes(bytes)}, over the ${formatLimit(max)} limit (raise maxRowBytes to read it)`;
        }
        // Of a prefix, the fields before the cut (or the open quote) are intact: the identity comes from them.
        if (isUtf8Prefix(rec.data)) walkFields(rec.data, sep, want, head, rec.data.length < bytes);
      } else if (!rec.utf8Valid && !isUtf8(rec.data)) {
        error = `record at line ${rec.line}: ${checkUtf8(rec.data, 0, rec.data.length) ?? 'invalid UTF-8'}`;
      } else {
        walkFields(rec.data, sep, want, head, false);
        if (walk.count !== columns.length) {
          const n = walk.count;
          error = `record at line ${rec.line} has ${n} field${n === 1 ? '' : 's'}, expected ${columns.length} (the header's columns)`;
          head = {};
        }
      }
      const ident = identify(head, ordinal);
      const entry: IndexEntry = { ordinal, id: ident.id, task: ident.task, difficulty: ident.difficulty, line: rec.line, byteStart: rec.start, byteEnd: rec.end, bytes };
      if (error !== undefined) entry.error = error;
      entries.push(entry);
      if (entries.length === 1 || entries.length - flushed >= BATCH) flush();
      return true;
    };

    const fileBytes = await this.scan(onRecord, signal, (pos, size) => {
      flush();
      bytesDone = Math.max(bytesDone, pos);
      onProgress?.({ bytesDone, bytesTotal: size, samples: entries.length });
    });
    flush();
    if (!headerError) {
      if (columns === undefined) fileErrors.push(fileBytes === 0 ? 'the file is empty' : 'the file holds only blank lines (no header)');
      else if (entries.length === 0) fileErrors.push('the file has a header but no records');
    }
    onProgress?.({ bytesDone: fileBytes, bytesTotal: fileBytes, samples: entries.length });
    this.columns = columns ?? [];
    this.indexComplete = true;
    return { file: this.file, format: this.format, fileBytes, entries, columns: this.columns, fileErrors };
  }

  /** The header's column names (read from the file when the index has not been built). */
  private async header(): Promise<string[]> {
    if (this.columns) return this.columns;
    let names: string[] = [];
    await this.scan((rec) => {
      if (rec.whole) names = headerNames(pairs(splitFields(rec.data, this.sep).spans).map(([s, e]) => decodeField(rec.data, s, e)));
      return false;
    });
    this.columns = names;
    return names;
  }

  protected override async prepare(): Promise<void> {
    await this.header();
  }

  protected override checkEntry(entry: IndexEntry): { start: number; end: number } {
    const range = super.checkEntry(entry);
    const size = range.end - range.start;
    if (size > this.maxRowBytes) throw this.rowError(entry, `record is ${formatBytes(size)}, over the ${formatLimit(this.maxRowBytes)} limit`);
    return range;
  }

  protected override parseRow(buf: Buffer, entry: IndexEntry): Record<string, unknown> {
    const columns = this.columns ?? [];
    const bad = checkUtf8(buf, 0, buf.length);
    if (bad) throw this.rowError(entry, bad);
    const { spans, complete } = splitFields(buf, this.sep);
    if (!complete) throw this.rowError(entry, 'a quoted field is never closed (the file changed since it was indexed?)');
    const n = spans.length / 2;
    if (n !== columns.length) throw this.rowError(entry, `record has ${n} field${n === 1 ? '' : 's'}, expected ${columns.length} (the header's columns)`);
    // fromEntries defines own properties, so a column named `__proto__` stays a plain field.
    return Object.fromEntries(columns.map((c, i) => [c, decodeField(buf, spans[2 * i]!, spans[2 * i + 1]!)]));
  }

  protected override async rowToSample(row: Record<string, unknown>, entry: IndexEntry): Promise<Sample> {
    // VLMEvalKit stores a repeated image once: other rows' `image` holds the `index` of the row that has it.
    const img = row['image'];
    if (typeof img === 'string' && img !== '' && img.length <= 64 && row['index'] !== undefined) {
      const target = this.entryByIndexValue(img.trim());
      if (target && target.ordinal !== entry.ordinal && !target.error) {
        const other = await this.loadRow(target);
        const real = other['image'];
        if (typeof real === 'string' && real.length > 64) row['image'] = real;
      }
    }
    return this.toSample(row, entry);
  }

  private entryByIndexValue(value: string): IndexEntry | undefined {
    const cols = this.columns ?? [];
    // Entry ids are the `index` values when no earlier id column exists (identify's key order).
    const idKeyBeforeIndex = ID_KEYS.slice(0, ID_KEYS.indexOf('index')).some((k) => cols.includes(k));
    if (idKeyBeforeIndex || !cols.includes('index')) return undefined;
    // While the pass runs, look among the entries found so far.
    if (!this.indexComplete) return this.entries.find((e) => e.id === value && !e.error);
    if (!this.byIndexValue) {
      this.byIndexValue = new Map();
      for (const e of this.entries) if (!e.error) this.byIndexValue.set(e.id, e);
    }
    return this.byIndexValue.get(value);
  }
}

function pairs(spans: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < spans.length; i += 2) out.push([spans[i]!, spans[i + 1]!]);
  return out;
}

/** UTF-8 validity of a prefix that may end in the middle of a character. */
function isUtf8Prefix(buf: Buffer): boolean {
  if (isUtf8(buf)) return true;
  for (let cut = 1; cut <= 3 && cut < buf.length; cut++) if (isUtf8(buf.subarray(0, buf.length - cut))) return true;
  return false;
}
