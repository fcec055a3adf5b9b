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

  /** The result for a line (checked now if new), and whether it came from the cache. */
  get(line: string, ctx: LineCheckContext, pass: number): { result: LineResult; cached: boolean } {
    const key = lineKey(line);
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

/** How often (in lines) the pass asks whether to yield. */
const YIELD_CHECK_LINES = 32;

/**
 * The pass. Yields (when `shouldYield()` says so) between lines; returns the diagnostics. Every yield is
 * a point where the driver may stop it: the cache stays consistent, only the pruning is skipped.
 */
export function* diagnosePass(text: string, options: PassOptions, cache: LineCache, shouldYield: () => boolean = () => false): Generator<void, PassResult> {
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
    const { result, cached } = cache.get(line, options, pass);
    if (cached) out.reused++;
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
export async function runPassSliced(text: string, options: PassOptions, cache: LineCache, cancelled: () => boolean, sliceMs = 20): Promise<PassResult> {
  let sliceStart = Date.now();
  const gen = diagnosePass(text, options, cache, () => Date.now() - sliceStart >= sliceMs);
  for (;;) {
    const step = gen.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (cancelled()) {
      gen.return(undefined as never);
      throw new PassCancelled();
    }
    sliceStart = Date.now();
  }
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
