/**
 * JSONL document -> diagnostics, one line at a time. Pure (no connection, no documents): the language
 * server calls it with the document's text and settings; the tests call it directly.
 *
 * Per non-blank line:
 * - a line over the row size limit: error, not parsed;
 * - invalid JSON: error at the column the parser names (or the structural scanner finds);
 * - valid JSON that is not an object, or a known field of the wrong type (normalizeRow's RowError): error;
 * - problems of a usable sample (missing or refused image, <image> token count mismatch, unreadable
 *   metric_info): warning.
 * At `maxProblems` the pass stops and one information diagnostic says so.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { normalizeRow } from '../core/normalize';
import { describeJsonError, scanObjectHead } from '../core/readers/jsonScan';
import { formatBytes } from '../core/readers/textFile';
import { RowError } from '../core/readers/types';
import type { Sample } from '../core/sample';
import { maxRowBytes, type Settings } from '../extension/settings';

export const DIAGNOSTIC_SOURCE = 'helix-curator';

export const CODES = {
  tooLarge: 'row-too-large',
  invalidJson: 'invalid-json',
  notObject: 'not-object',
  wrongType: 'wrong-type',
  sampleProblem: 'sample-problem',
  truncated: 'too-many-problems',
} as const;

export interface JsonlDiagnosticsOptions {
  /** The document's path (or URI) as shown in messages. */
  file: string;
  /** Relative image paths resolve against this folder (the document's folder). */
  datasetDir: string;
  /** Check that image files exist (needs a real `datasetDir`). */
  checkImages: boolean;
  /** Stop after this many problems (0: no diagnostics at all). */
  maxProblems: number;
  /** Lines longer than this (UTF-8 bytes) are reported, not parsed. */
  maxRowBytes: number;
}

/**
 * The options for a document: `file:` documents check images against their folder; other schemes
 * (untitled) have no folder, so image files are not checked.
 */
export function diagnosticsOptions(uri: string, settings: Settings): JsonlDiagnosticsOptions {
  const common = { maxProblems: settings['diagnostics.maxProblems'], maxRowBytes: maxRowBytes(settings) };
  if (uri.startsWith('file:')) {
    const file = fileURLToPath(uri);
    return { file, datasetDir: path.dirname(file), checkImages: settings.checkImages, ...common };
  }
  return { file: uri, datasetDir: process.cwd(), checkImages: false, ...common };
}

const EMPTY_KEYS: ReadonlySet<string> = new Set();

export function diagnoseJsonl(text: string, options: JsonlDiagnosticsOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (options.maxProblems <= 0) return out;
  let ordinal = 0;
  let start = 0;
  let lineIndex = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() !== '') {
      const found = diagnoseLine(line, lineIndex, ordinal, options);
      ordinal++;
      for (const d of found) {
        if (out.length >= options.maxProblems) {
          out.push({
            range: lineRange(lineIndex, 0, 0),
            severity: DiagnosticSeverity.Information,
            source: DIAGNOSTIC_SOURCE,
            code: CODES.truncated,
            message: `Stopped after ${options.maxProblems} problems (setting helixCurator.diagnostics.maxProblems); lines from here on were not checked.`,
          });
          return out;
        }
        out.push(d);
      }
    }
    start = end + 1;
    lineIndex++;
  }
  return out;
}

/** The diagnostics of one non-blank line (`lineIndex` 0-based; `ordinal` = its position among samples). */
export function diagnoseLine(line: string, lineIndex: number, ordinal: number, options: JsonlDiagnosticsOptions): Diagnostic[] {
  const bytes = Buffer.byteLength(line, 'utf8');
  const first = firstNonBlank(line);
  if (bytes > options.maxRowBytes) {
    return [
      error(lineRange(lineIndex, first, Math.min(line.length, first + 1)), CODES.tooLarge,
        `Line is ${formatBytes(bytes)}, over the ${formatBytes(options.maxRowBytes)} row limit (setting helixCurator.maxRowMB); it was not checked.`),
    ];
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    const message = describeJsonError(e);
    const column = jsonErrorColumn(line, message);
    let range: Range;
    if (column === undefined) range = lineRange(lineIndex, first, line.length);
    else if (column >= line.length) range = lineRange(lineIndex, Math.max(0, line.length - 1), line.length); // at the end: mark the last character
    else range = lineRange(lineIndex, column, column + 1);
    return [error(range, CODES.invalidJson, capitalise(message))];
  }
  let sample: Sample;
  try {
    sample = normalizeRow(value, {
      file: options.file,
      format: 'jsonl',
      datasetDir: options.datasetDir,
      ordinal,
      line: lineIndex + 1,
      checkImages: options.checkImages,
    });
  } catch (e) {
    if (!(e instanceof RowError)) throw e;
    const notObject = value === null || typeof value !== 'object' || Array.isArray(value);
    const range = notObject ? lineRange(lineIndex, first, line.length) : (fieldRange(line, lineIndex, e.detail) ?? lineRange(lineIndex, first, line.length));
    return [error(range, notObject ? CODES.notObject : CODES.wrongType, capitalise(e.detail))];
  }
  return sample.problems.map((p) => {
    const range = problemRange(line, lineIndex, sample, p.field) ?? lineRange(lineIndex, first, line.length);
    return {
      range,
      severity: DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      code: CODES.sampleProblem,
      message: `${p.field ? `${p.field}: ` : ''}${p.message}`,
    };
  });
}

/**
 * The 0-based column of a JSON syntax error: the position the engine names, the end of the line for
 * "unexpected end", else where the structural scanner stops. Undefined when none of these knows.
 */
export function jsonErrorColumn(line: string, message: string): number | undefined {
  const m = / at column (\d+)$/.exec(message);
  if (m) return Math.min(line.length, Number(m[1]) - 1);
  if (/end of (JSON )?input|unterminated/i.test(message)) return line.length;
  const buf = Buffer.from(line, 'utf8');
  const scanned = scanObjectHead(buf, 0, buf.length, EMPTY_KEYS);
  if (scanned.ok) return undefined;
  // Byte offset -> UTF-16 column.
  return Math.min(line.length, buf.subarray(0, Math.max(0, scanned.offset)).toString('utf8').length);
}

/** Where the top-level key named in a RowError (`field \`messages[0].content\` has the wrong type`) is. */
function fieldRange(line: string, lineIndex: number, detail: string): Range | undefined {
  const m = /field `([^`.[\]]+)/.exec(detail);
  if (!m?.[1]) return undefined;
  return keyRange(line, lineIndex, m[1]);
}

function keyRange(line: string, lineIndex: number, key: string): Range | undefined {
  const quoted = JSON.stringify(key);
  const re = new RegExp(`${escapeRegExp(quoted)}\\s*:`, 'g');
  const found = re.exec(line);
  return found ? lineRange(lineIndex, found.index, found.index + quoted.length) : undefined;
}

/** The range of the value a sample problem is about: an image's path string, else the field's key. */
function problemRange(line: string, lineIndex: number, sample: Sample, field: string | undefined): Range | undefined {
  if (!field) return undefined;
  const image = /^images\[(\d+)\]$/.exec(field);
  if (image) {
    const ref = sample.images[Number(image[1])];
    const p = ref && ref.kind !== 'dataUri' ? ref.path : undefined;
    if (p !== undefined) {
      const quoted = JSON.stringify(p);
      const at = line.indexOf(quoted);
      if (at >= 0) return lineRange(lineIndex, at, at + quoted.length);
    }
    return keyRange(line, lineIndex, 'images');
  }
  const key = /^[^.[\]]+/.exec(field)?.[0];
  return key ? keyRange(line, lineIndex, key) : undefined;
}

function error(range: Range, code: string, message: string): Diagnostic {
  return { range, severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code, message };
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: Math.max(start, end) } };
}

function firstNonBlank(line: string): number {
  const i = line.search(/\S/);
  return i < 0 ? 0 : i;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
