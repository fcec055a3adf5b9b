/**
 * A JSONL document -> diagnostics, incrementally: each line's result (lineCheck.ts) is cached by the hash
 * of its text, so a pass after an edit re-checks only the lines whose text is new (and a line repeated
 * many times is verified once). The cache belongs to one document and one check context; entries of lines
 * no longer in the document are dropped after each complete pass, so it never outgrows the document.
 *
 * The pass is a generator that yields between slices of work: `runPass` drives it in one go (tests,
 * benchmark), `runPassSliced` yields to the event loop every few milliseconds, so hovers, symbols and
 * other documents' requests are answered while a large document is checked, and stops when cancelled.
 */
import { createHash } from 'node:crypto';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { SeveritySetting } from '../extension/settings';
import { checkLine, CODES, firstNonBlank, type CheckKind, type ImageMemo, type LineCheckContext, type LineResult } from './lineCheck';

export const DIAGNOSTIC_SOURCE = 'helix-curator';

export type Severities = Record<CheckKind, SeveritySetting>;

export interface PassOptions extends LineCheckContext {
  /** Stop after this many problems (0: no diagnostics at all). */
  maxProblems: number;
  severities: Severities;
}

export interface PassResult {
  items: Diagnostic[];
  /** Lines in the document, non-blank lines (samples), lines checked afresh, lines answered from the cache. */
  lines: number;
  samples: number;
  checked: number;
  reused: number;
  /** The pass stopped at maxProblems (lines after that were not looked at). */
  truncated: boolean;
}

interface Entry {
  result: LineResult;
  /** The pass that last saw this line text. */
  seen: number;
}

/** The per-document cache of line results. */
export class LineCache {
  private readonly entries = new Map<string, Entry>();
  private contextKey = '';
  private pass = 0;
  /** Image file checks of the current pass (a new pass looks again: files come and go). */
  private images: ImageMemo = new Map();

  get size(): number {
    return this.entries.size;
  }

  /** Start a pass under `ctx`; a different context empties the cache. */
  begin(ctx: LineCheckContext): number {
    const key = JSON.stringify([ctx.file, ctx.datasetDir, ctx.checkImages, ctx.maxRowBytes, ctx.verify]);
    if (key !== this.contextKey) {
      this.entries.clear();
      this.contextKey = key;
    }
    this.images = new Map();
    return ++this.pass;
  }

  /** The current check context (changes when `begin` is given another context, which empties the cache). */
  get context(): string {
    return this.contextKey;
  }

  /** The result for a line (checked now if new), and whether it came from the cache. */
  get(line: string, ctx: LineCheckContext, pass: number, key = lineKey(line)): { result: LineResult; cached: boolean } {
    const found = this.entries.get(key);
    if (found) {
      found.seen = pass;
      return { result: found.result, cached: true };
    }
    const result = checkLine(line, ctx, this.images);
    this.entries.set(key, { result, seen: pass });
    return { result, cached: false };
  }

  /** A cached result, without checking. */
  peek(line: string): LineResult | undefined {
    return this.entries.get(lineKey(line))?.result;
  }

  /** A cached result by key, without checking or marking it seen. */
  peekKey(key: string): LineResult | undefined {
    return this.entries.get(key)?.result;
  }

  /**
   * Store a result computed elsewhere (a worker thread) under `key`, if the cache is still in `context`
   * (a result of an older context arriving late is dropped). Marked seen by `pass`.
   */
  put(key: string, result: LineResult, context: string, pass: number): boolean {
    if (context !== this.contextKey) return false;
    this.entries.set(key, { result, seen: pass });
    return true;
  }

  /** After a complete pass: forget the lines it did not see. */
  prune(pass: number): void {
    for (const [key, entry] of this.entries) if (entry.seen !== pass) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * The cache key of a line: its length and SHA-1. Keys are never the line itself, which would keep old
 * versions of a large document alive through the substrings.
 */
export function lineKey(line: string): string {
  return `${line.length}:${createHash('sha1').update(line).digest('base64')}`;
}

const TO_LSP: Record<Exclude<SeveritySetting, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Lines of a text, as [start, end) offsets without the line break (`\n` or `\r\n`). */
export function* lineSpans(text: string): Generator<{ index: number; start: number; end: number }> {
  let start = 0;
  let index = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    const next = end < 0 ? text.length + 1 : end + 1;
    if (end < 0) end = text.length;
    const stop = end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    yield { index, start, end: stop };
    start = next;
    index++;
  }
}

/** What a scan before the pass already knows: each line's cache key, and the keys workers just checked. */
export interface PreparedLines {
  /** By line index; undefined for blank lines (and lines the scan did not reach). */
  keys: (string | undefined)[];
  /** Keys whose results came from worker threads during this pass (counted as checked, not reused). */
  fresh: Set<string>;
}

/** How often (in lines) the pass asks whether to yield. */
const YIELD_CHECK_LINES = 32;

/**
 * The pass. Yields (when `shouldYield()` says so) between lines; returns the diagnostics. Every yield is
 * a point where the driver may stop it: the cache stays consistent, only the pruning is skipped.
 */
export function* diagnosePass(
  text: string,
  options: PassOptions,
  cache: LineCache,
  shouldYield: () => boolean = () => false,
  prepared?: PreparedLines,
): Generator<void, PassResult> {
  const out: PassResult = { items: [], lines: 0, samples: 0, checked: 0, reused: 0, truncated: false };
  if (options.maxProblems <= 0) return out;
  const pass = cache.begin(options);
  for (const { index, start, end } of lineSpans(text)) {
    out.lines++;
    if (index % YIELD_CHECK_LINES === 0 && shouldYield()) yield;
    if (out.truncated) continue; // keep counting lines only
    const line = text.slice(start, end);
    if (line.trim() === '') continue;
    out.samples++;
    const key = prepared?.keys[index];
    const { result, cached } = cache.get(line, options, pass, key ?? lineKey(line));
    // A line a worker checked for this pass counts as checked (once: a repeat of it is reused, as in process).
    if (cached && !(key !== undefined && prepared!.fresh.delete(key))) out.reused++;
    else out.checked++;
    for (const p of result.problems) {
      const severity = options.severities[p.check];
      if (severity === 'off') continue;
      if (out.items.length >= options.maxProblems) {
        out.items.push({
          range: { start: { line: index, character: 0 }, end: { line: index, character: 0 } },
          severity: DiagnosticSeverity.Information,
          source: DIAGNOSTIC_SOURCE,
          code: CODES.truncated,
          message: `Stopped after ${options.maxProblems} problems (setting helixCurator.diagnostics.maxProblems); lines from here on were not checked.`,
        });
        out.truncated = true;
        break;
      }
      out.items.push({
        range: { start: { line: index, character: p.start }, end: { line: index, character: Math.max(p.start, p.end) } },
        severity: TO_LSP[severity],
        source: DIAGNOSTIC_SOURCE,
        code: p.code,
        message: p.message,
      });
    }
  }
  if (!out.truncated) cache.prune(pass);
  return out;
}

/** Run a pass to the end without yielding. */
export function runPass(text: string, options: PassOptions, cache: LineCache = new LineCache()): PassResult {
  const gen = diagnosePass(text, options, cache);
  for (;;) {
    const step = gen.next();
    if (step.done) return step.value;
  }
}

export class PassCancelled extends Error {
  constructor() {
    super('the diagnostics pass was cancelled');
    this.name = 'PassCancelled';
  }
}

/**
 * Run a pass in slices of about `sliceMs`, yielding to the event loop between them (setImmediate: I/O
 * and queued requests run first). Throws PassCancelled when `cancelled()` turns true at a yield.
 */
export async function runPassSliced(text: string, options: PassOptions, cache: LineCache, cancelled: () => boolean, sliceMs = 20, prepared?: PreparedLines): Promise<PassResult> {
  let sliceStart = Date.now();
  return drive(diagnosePass(text, options, cache, () => Date.now() - sliceStart >= sliceMs, prepared), cancelled, () => {
    sliceStart = Date.now();
  });
}

/** Run a generator to its end, yielding to the event loop (setImmediate) at each of its yields. */
async function drive<T>(gen: Generator<void, T>, cancelled: () => boolean, resumed: () => void): Promise<T> {
  for (;;) {
    const step = gen.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (cancelled()) {
      gen.return(undefined as never);
      throw new PassCancelled();
    }
    resumed();
  }
}

/**
 * Checks batches of lines elsewhere: worker threads (linePool.ts). A batch's results come back in the
 * order of its lines; a rejected batch makes the pass finish in process.
 */
export interface LineChecker {
  /** False once the workers cannot be used (they failed to start or crashed). */
  readonly usable: boolean;
  /** How many batches to keep in flight (about two per worker, so none waits for the next). */
  readonly capacity: number;
  /** `token` names the pass: a worker shares its image file checks between the batches of one pass. */
  check(lines: string[], ctx: LineCheckContext, token: string): Promise<LineResult[]>;
}

export interface ParallelOptions {
  checker: LineChecker | undefined;
  /** Hand lines to the checker only when at least this many distinct lines need checking. */
  minLines: number;
  /** Names this pass (see LineChecker.check). */
  token: string;
  /** A batch holds up to this many lines, or as many as fit in `batchChars` characters (at least one). */
  batchLines?: number;
  batchChars?: number;
  sliceMs?: number;
  /** Told when the checker fails and the pass goes on in process. */
  onFallback?: (error: unknown) => void;
}

/** What the parallel pass adds: how many lines went to workers (0: the pass ran in process). */
export interface ParallelPassResult extends PassResult {
  inWorkers: number;
}

/**
 * A pass whose verifier-heavy line checks run in worker threads when many lines are new (the first pass
 * over a large document), else as `runPassSliced`. Results are identical: the workers run the same
 * `checkLine`, their results go into the same cache, and the diagnostics are then built by the same
 * `diagnosePass` from the cache (which checks in process whatever the workers did not).
 *
 * 1. A time-sliced scan hashes every line (the keys are kept for step 3) and lists the distinct lines the
 *    cache does not know, in document order. Once `minLines` are listed, batches of them go to the
 *    checker while the scan goes on, `capacity` batches at a time, in document order; results are stored
 *    as they arrive. Dispatch stops once the lines with results so far hold more problems than
 *    `maxProblems` (the pass stops there; later lines are never needed), or when `cancelled()`: then
 *    PassCancelled is thrown at once, and batches still in flight are stored when they arrive (the next
 *    pass finds them), unless the cache moved to another context meanwhile.
 * 2. The diagnostics pass, time-sliced, with the keys of step 1.
 */
export async function runPassParallel(text: string, options: PassOptions, cache: LineCache, cancelled: () => boolean, o: ParallelOptions): Promise<ParallelPassResult> {
  const sliceMs = o.sliceMs ?? 20;
  const checker = o.checker;
  if (!checker?.usable || !options.verify || options.maxProblems <= 0) return { ...(await runPassSliced(text, options, cache, cancelled, sliceMs)), inWorkers: 0 };
  const pass = cache.begin(options);
  const context = cache.context;
  const ctx: LineCheckContext = { file: options.file, datasetDir: options.datasetDir, checkImages: options.checkImages, maxRowBytes: options.maxRowBytes, verify: options.verify };
  const batchLines = o.batchLines ?? 32;
  const batchChars = o.batchChars ?? 256 * 1024;
  const scan: Scan = { keys: [], order: [], todo: [], done: false };
  const prepared: PreparedLines = { keys: scan.keys, fresh: new Set() };
  let inWorkers = 0;
  let next = 0; // the next line of scan.todo to send
  let inFlight = 0;
  let prefix = 0; // scan.order[0, prefix) have results
  let problems = 0;
  let failure: unknown;
  const counted = (r: LineResult) => r.problems.reduce((n, p) => (options.severities[p.check] === 'off' ? n : n + 1), 0);

  const outcome = await new Promise<'done' | 'cancelled'>((resolve) => {
    let settled = false;
    const settle = (how: 'done' | 'cancelled'): void => {
      if (!settled) resolve(how);
      settled = true;
    };
    const pump = (): void => {
      if (settled) return;
      if (cancelled()) return settle('cancelled');
      // Problems of the lines known so far, in document order: past maxProblems, later lines are never needed.
      while (problems <= options.maxProblems && prefix < scan.order.length) {
        const r = cache.peekKey(scan.order[prefix]!);
        if (!r) break;
        problems += counted(r);
        prefix++;
      }
      const enough = problems > options.maxProblems;
      const worthIt = next > 0 || scan.todo.length >= o.minLines;
      while (failure === undefined && !enough && worthIt && inFlight < checker.capacity && (scan.done ? next < scan.todo.length : scan.todo.length - next >= batchLines)) {
        const batch: Array<{ key: string; line: string }> = [];
        let chars = 0;
        while (next < scan.todo.length && batch.length < batchLines && (batch.length === 0 || chars + scan.todo[next]!.line.length <= batchChars)) {
          const item = scan.todo[next++]!;
          batch.push(item);
          chars += item.line.length;
        }
        inFlight++;
        checker.check(
          batch.map((b) => b.line),
          ctx,
          o.token,
        ).then(
          (results) => {
            inFlight--;
            results.forEach((r, i) => {
              const key = batch[i]!.key;
              if (cache.put(key, r, context, pass)) {
                prepared.fresh.add(key);
                inWorkers++;
              }
            });
            pump();
          },
          (e: unknown) => {
            inFlight--;
            failure ??= e;
            pump();
          },
        );
      }
      if (scan.done && inFlight === 0) settle('done');
    };
    // The scan, a slice at a time; batches leave as soon as there are enough new lines.
    const gen = scanLines(text, cache, scan);
    gen.next(); // to its first yield, where it takes the slice's stop condition
    const step = (): void => {
      if (settled) return;
      const until = Date.now() + sliceMs;
      gen.next(() => Date.now() >= until);
      pump();
      if (!scan.done) setImmediate(step);
    };
    step();
  });
  if (outcome === 'cancelled') throw new PassCancelled();
  if (failure !== undefined) o.onFallback?.(failure);
  let sliceStart = Date.now();
  const result = await drive(diagnosePass(text, options, cache, () => Date.now() - sliceStart >= sliceMs, prepared), cancelled, () => {
    sliceStart = Date.now();
  });
  return { ...result, inWorkers };
}

/** What the scan of runPassParallel has found so far. */
interface Scan {
  /** Each non-blank line's key, by line index. */
  keys: (string | undefined)[];
  /** The keys of the non-blank lines, in order. */
  order: string[];
  /** The distinct lines the cache does not know, in document order. */
  todo: Array<{ key: string; line: string }>;
  done: boolean;
}

/** The scan of runPassParallel, into `scan`; each `next(stop)` runs until `stop()` says so (or the end). */
function* scanLines(text: string, cache: LineCache, scan: Scan): Generator<void, void, () => boolean> {
  const listed = new Set<string>();
  let stop: () => boolean = yield;
  for (const { index, start, end } of lineSpans(text)) {
    if (index % YIELD_CHECK_LINES === 0 && stop()) stop = yield;
    const line = text.slice(start, end);
    if (line.trim() === '') continue;
    const key = lineKey(line);
    scan.keys[index] = key;
    scan.order.push(key);
    if (!listed.has(key) && cache.peekKey(key) === undefined) {
      listed.add(key);
      scan.todo.push({ key, line });
    }
  }
  scan.done = true;
}

/** The 0-based index of the first non-blank line and the line itself (for the dataset sniff), or undefined. */
export function firstSampleLine(text: string, maxLines = 50): string | undefined {
  for (const { index, start, end } of lineSpans(text)) {
    if (index >= maxLines) return undefined;
    const line = text.slice(start, end);
    if (line.trim() !== '') return line;
  }
  return undefined;
}

/** The text of line `n` (0-based) without its line break, or undefined past the end. */
export function lineAt(text: string, n: number): string | undefined {
  let start = 0;
  for (let i = 0; i < n; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
  return text.slice(start, end);
}

/** The sample ordinal of line `n` (non-blank lines before it), and whether the line is blank. */
export function ordinalOfLine(text: string, n: number): { ordinal: number; blank: boolean } {
  let ordinal = 0;
  for (const { index, start, end } of lineSpans(text)) {
    const blank = text.slice(start, end).trim() === '';
    if (index === n) return { ordinal, blank };
    if (!blank) ordinal++;
  }
  return { ordinal, blank: true };
}

export { firstNonBlank };
