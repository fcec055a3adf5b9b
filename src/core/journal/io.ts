/**
 * Reading and appending the journal file.
 *
 * Reading streams the file in chunks (journals grow to 100k+ lines) and never fails on content: a
 * malformed line, a schema violation, invalid UTF-8 or an over-long line is reported with its 1-based line
 * number and skipped; a torn last line (no newline and not valid JSON: a crash mid-write) is reported as
 * such. A missing file reads as empty.
 *
 * Appending writes one whole line with a single write(2) on a file opened with O_APPEND and then
 * fdatasyncs, so two windows or processes appending at once never interleave inside a line (on local file
 * systems; NFS does not honour O_APPEND atomically). A file left without a final newline by a crash gets
 * one in front of the new line, in the same write. Appends from one process to one file are queued, so
 * they land in call order.
 *
 * Without a lock, "torn" cannot be told apart from "being written right now": a buffered write grows the
 * file page by page, so a reader (or an appender checking the last byte) that looks mid-write sees a line
 * without its newline. A reader then reports a torn tail that the next read no longer has (re-read on the
 * next file change); an appender adds a '\n' that ends up as an empty line after the other's complete line
 * (whole writes never interleave). Empty lines are skipped by readers, so neither loses or splits a line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeIssue, JournalLine, MAX_JOURNAL_LINE_BYTES, tagEditsProblem } from './schema';

export interface JournalProblem {
  /** 1-based line number in the journal file. */
  line: number;
  /** Names the line: `line 7: malformed JSON (...); ignored`. */
  message: string;
}

export interface JournalRead {
  file: string;
  /** The valid lines, in file order. */
  lines: JournalLine[];
  problems: JournalProblem[];
  /** The file ends in an incomplete line (a write was interrupted); it is among the problems and ignored. */
  tornTail: boolean;
}

/** An append that could not be done (invalid line, file system error). The message names the file. */
export class JournalError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'JournalError';
  }
}

const READ_CHUNK = 1024 * 1024;
const NL = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Splits chunks into lines and parses each; lines longer than the limit are skipped without being buffered. */
class JournalParser {
  readonly lines: JournalLine[] = [];
  readonly problems: JournalProblem[] = [];
  tornTail = false;
  private lineNo = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl < 0) {
        this.hold(chunk.subarray(start));
        return;
      }
      this.lineNo++;
      if (this.skipping || this.pendingBytes + (nl - start) > this.maxLineBytes) {
        this.problem(`longer than ${this.maxLineBytes} bytes; ignored`);
      } else {
        const piece = chunk.subarray(start, nl);
        this.parse(this.pending.length > 0 ? Buffer.concat([...this.pending, piece]) : piece, true);
      }
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = false;
      start = nl + 1;
    }
  }

  end(): void {
    if (!this.skipping && this.pendingBytes === 0) return;
    this.lineNo++;
    if (this.skipping) this.torn();
    else this.parse(Buffer.concat(this.pending), false);
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }

  private hold(rest: Buffer): void {
    if (rest.length === 0 || this.skipping) return;
    if (this.pendingBytes + rest.length > this.maxLineBytes) {
      this.skipping = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(Buffer.from(rest)); // a copy: the chunk's buffer may be reused
    this.pendingBytes += rest.length;
  }

  private problem(detail: string): void {
    this.problems.push({ line: this.lineNo, message: `line ${this.lineNo}: ${detail}` });
  }

  private torn(): void {
    this.tornTail = true;
    this.problem('incomplete last line (a write was interrupted); ignored');
  }

  private parse(buf: Buffer, terminated: boolean): void {
    let text: string;
    try {
      text = utf8.decode(buf);
    } catch {
      if (!terminated) return this.torn();
      return this.problem('invalid UTF-8; ignored');
    }
    if (this.lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM from an editor
    if (text.trim() === '') return; // blank lines (e.g. after a repaired torn tail) are not problems
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      if (!terminated) return this.torn();
      return this.problem(`malformed JSON (${(e as Error).message}); ignored`);
    }
    const parsed = JournalLine.safeParse(value);
    if (parsed.success) {
      this.lines.push(parsed.data);
      return;
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const v = (value as Record<string, unknown>)['v'];
      if (typeof v === 'number' && v !== 1) return this.problem(`journal line version ${v} is not supported (this version reads version 1); ignored`);
    } else {
      return this.problem('expected a JSON object; ignored');
    }
    const issues = parsed.error.issues.slice(0, 3).map(describeIssue);
    if (parsed.error.issues.length > 3) issues.push(`and ${parsed.error.issues.length - 3} more`);
    this.problem(`${issues.join('; ')}; ignored`);
  }

  result(file: string): JournalRead {
    return { file, lines: this.lines, problems: this.problems, tornTail: this.tornTail };
  }
}

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

export interface ReadJournalOptions {
  /** Lines longer than this are reported and skipped. Default MAX_JOURNAL_LINE_BYTES. */
  maxLineBytes?: number;
}

/** Read a journal file (streaming). A missing file reads as empty; bad lines become problems. */
export async function readJournal(file: string, options: ReadJournalOptions = {}): Promise<JournalRead> {
  const parser = new JournalParser(options.maxLineBytes ?? MAX_JOURNAL_LINE_BYTES);
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(file, 'r');
  } catch (e) {
    if (isMissing(e)) return parser.result(file);
    throw new JournalError(file, `cannot read the journal: ${(e as Error).message}`);
  }
  try {
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      parser.push(buf.subarray(0, bytesRead));
    }
  } catch (e) {
    throw new JournalError(file, `cannot read the journal: ${(e as Error).message}`);
  } finally {
    await fh.close();
  }
  parser.end();
  return parser.result(file);
}

/** A line as it is written: validated, one line of JSON ending in `\n`. Throws JournalError. */
export function serializeJournalLine(file: string, line: JournalLine): string {
  const parsed = JournalLine.safeParse(line);
  if (!parsed.success) throw new JournalError(file, `invalid journal line: ${parsed.error.issues.map(describeIssue).join('; ')}`);
  const dup = tagEditsProblem(parsed.data.tags);
  if (dup) throw new JournalError(file, `invalid journal line: ${dup}`);
  // JSON.stringify escapes every control character, so the text holds no newline of its own.
  const text = `${JSON.stringify(parsed.data)}\n`;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_JOURNAL_LINE_BYTES) throw new JournalError(file, `journal line too long (${bytes} bytes, at most ${MAX_JOURNAL_LINE_BYTES}): shorten the note`);
  return text;
}

/** Per-file append queues (keyed by absolute path): appends from this process land in call order. */
const queues = new Map<string, Promise<void>>();

/** Queue `write` behind the file's earlier appends (per absolute path), so appends land in call order. */
function enqueue<T>(file: string, write: () => Promise<T>): Promise<T> {
  const key = path.resolve(file);
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(write);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

/**
 * Append one line. Validates it (JournalError on a bad line, before anything is written), then writes it
 * with a single O_APPEND write and fdatasync. Creates the folder if needed.
 */
export async function appendJournal(file: string, line: JournalLine): Promise<void> {
  // Everything up to the `await` runs synchronously, so the queue order is the call order.
  const text = serializeJournalLine(file, line);
  await enqueue(file, () => writeBatches(file, [{ text, lines: 1 }]));
}

/** Bytes of whole lines `appendJournalLines` puts in one write (a line of MAX_JOURNAL_LINE_BYTES always fits). */
export const APPEND_BATCH_BYTES = 4 * MAX_JOURNAL_LINE_BYTES;

export interface AppendSummary {
  lines: number;
  bytes: number;
  /** Writes (each followed by one fdatasync). */
  batches: number;
}

/**
 * Append many lines at once (a bulk decision over 100k samples): every line is validated first (a
 * JournalError names the first bad one by its position, and nothing is written), then whole lines are
 * packed into writes of at most `batchBytes`, each a single O_APPEND write followed by one fdatasync. A
 * concurrent appender's line therefore lands between two batches, never inside a line; a crash loses at
 * most the batch being written (its torn tail is reported and ignored by readers).
 */
export async function appendJournalLines(file: string, lines: readonly JournalLine[], batchBytes: number = APPEND_BATCH_BYTES): Promise<AppendSummary> {
  const batches: { text: string; lines: number }[] = [];
  let parts: string[] = [];
  let size = 0;
  let bytes = 0;
  const flush = (): void => {
    if (parts.length === 0) return;
    batches.push({ text: parts.join(''), lines: parts.length });
    parts = [];
    size = 0;
  };
  lines.forEach((line, i) => {
    let text: string;
    try {
      text = serializeJournalLine(file, line);
    } catch (e) {
      if (e instanceof JournalError) throw new JournalError(file, `line ${i + 1} of ${lines.length} to append (sample ${JSON.stringify(line.sampleId)}): ${e.detail}; nothing was written`);
      throw e;
    }
    const n = Buffer.byteLength(text, 'utf8');
    if (size > 0 && size + n > batchBytes) flush();
    parts.push(text);
    size += n;
    bytes += n;
  });
  flush();
  if (batches.length === 0) return { lines: 0, bytes: 0, batches: 0 };
  await enqueue(file, () => writeBatches(file, batches));
  return { lines: lines.length, bytes, batches: batches.length };
}

/** Open once, close a torn last line, then one write + fdatasync per batch. */
async function writeBatches(file: string, batches: readonly { text: string; lines: number }[]): Promise<void> {
  let fh: fs.promises.FileHandle;
  try {
    await fs.promises.mkdir(path.dirname(path.resolve(file)), { recursive: true });
    // a+ is O_APPEND (every write goes to the end) and lets us read the last byte.
    fh = await fs.promises.open(file, 'a+');
  } catch (e) {
    throw new JournalError(file, `cannot open the journal for appending: ${(e as Error).message}`);
  }
  let written = 0;
  try {
    const { size } = await fh.stat();
    let lead = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await fh.read(last, 0, 1, size - 1);
      if (last[0] !== NL) lead = '\n'; // close a torn last line so ours starts clean
    }
    for (const [k, batch] of batches.entries()) {
      const buf = Buffer.from(k === 0 ? lead + batch.text : batch.text, 'utf8');
      const { bytesWritten } = await fh.write(buf, 0, buf.length, null);
      if (bytesWritten !== buf.length) {
        const lost = batches.length > 1 ? ` (${written} of ${batches.reduce((n, b) => n + b.lines, 0)} lines were appended before it)` : '';
        throw new JournalError(file, `only ${bytesWritten} of ${buf.length} bytes were written (disk full?); the line is incomplete and will be ignored${lost}`);
      }
      await fh.datasync();
      written += batch.lines;
    }
  } catch (e) {
    if (e instanceof JournalError) throw e;
    const done = batches.length > 1 || batches[0]!.lines > 1 ? ` (${written} lines were appended before the failure)` : '';
    throw new JournalError(file, `cannot append to the journal: ${(e as Error).message}${done}`);
  } finally {
    await fh.close();
  }
}
