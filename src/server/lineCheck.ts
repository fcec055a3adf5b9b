/**
 * One JSONL line -> its problems and what a hover or the outline needs, independent of where the line is.
 * The result depends only on the line's text and the check context (dataset folder, image checks, row
 * limit, whether to verify), so the document pass caches it by the line's content hash and an edit
 * re-checks only the lines it changed (documentCheck.ts).
 *
 * Checks, in order (a line stops at the first that makes it unreadable):
 * - over the row size limit (schema), not parsed;
 * - U+FFFD replacement characters (sampleProblem): the editor met invalid UTF-8 there and replaced it, so the
 *   text is not what the file holds (the readers refuse such a row); the other checks go on;
 * - invalid JSON, at the column the parser names (or the structural scanner finds);
 * - not an object, or a known field of the wrong type: normalizeRow's RowError (schema), at the field's key;
 * - problems of a usable sample: an image missing or refused (image), others (sampleProblem);
 * - a task or score function with no verifier (unknownTask);
 * - the verdict of the re-run verifier: reference fail or error (answerFails), a lenient pass
 *   (lenientPass), a stored verdict that disagrees (mismatch).
 */
import { imageFromPath } from '../core/images';
import { normalizeRow, identify } from '../core/normalize';
import { describeJsonError, scanObjectHead } from '../core/readers/jsonScan';
import { formatBytes } from '../core/readers/textFile';
import { RowError } from '../core/readers/types';
import type { Sample } from '../core/sample';
import { resolveVerifier, verifySampleLazyStrict, type PartialVerdict } from '../core/verify/pipeline';

/** The checks, each with its own severity setting (`helixCurator.diagnostics.severity.<check>`). */
export const CHECKS = ['invalidJson', 'schema', 'unknownTask', 'image', 'sampleProblem', 'answerFails', 'lenientPass', 'mismatch'] as const;
export type CheckKind = (typeof CHECKS)[number];

/** Diagnostic codes (stable: clients filter on them). */
export const CODES = {
  tooLarge: 'row-too-large',
  invalidJson: 'invalid-json',
  notObject: 'not-object',
  wrongType: 'wrong-type',
  image: 'image',
  sampleProblem: 'sample-problem',
  unknownTask: 'unknown-task',
  answerFails: 'answer-fails',
  answerUnreadable: 'answer-unreadable',
  replacementChar: 'replacement-character',
  lenientPass: 'lenient-pass',
  mismatch: 'verdict-mismatch',
  truncated: 'too-many-problems',
} as const;

/** A problem of one line; `start`/`end` are UTF-16 columns in that line. */
export interface LineProblem {
  check: CheckKind;
  code: string;
  start: number;
  end: number;
  message: string;
}

export interface LineCheckContext {
  /** The document's path (or URI) as normalizeRow records it. */
  file: string;
  /** Relative image paths resolve against this folder. */
  datasetDir: string;
  checkImages: boolean;
  /** Lines longer than this (UTF-8 bytes) are reported, not parsed. */
  maxRowBytes: number;
  /** Run the task verifier (off when every verdict check is off: the costly part is skipped). */
  verify: boolean;
}

export interface LineResult {
  problems: LineProblem[];
  /** The row's own id, or null when it has none (shown as `#<ordinal>`) or could not be read. */
  id: string | null;
  task: string | null;
  difficulty: string | null;
  /** False when the line is not a readable sample (too large, invalid JSON, wrong shape). */
  readable: boolean;
  /**
   * The re-run verdict: null without a response to judge, undefined when not verified. Its strict check
   * is only run where the reference passes (`strict` null otherwise: see PartialVerdict).
   */
  verdict: PartialVerdict | null | undefined;
}

/**
 * Image file checks of one pass, by path: many rows share an image (one per puzzle, one per task), and
 * each check costs a realpath of the image and of the folder plus a stat.
 */
export type ImageMemo = Map<string, string | null>;

export function checkLine(line: string, ctx: LineCheckContext, images: ImageMemo = new Map()): LineResult {
  const out: LineResult = { problems: [], id: null, task: null, difficulty: null, readable: false, verdict: undefined };
  const first = firstNonBlank(line);
  const bytes = Buffer.byteLength(line, 'utf8');
  if (bytes > ctx.maxRowBytes) {
    out.problems.push({
      check: 'schema',
      code: CODES.tooLarge,
      start: first,
      end: Math.min(line.length, first + 1),
      message: `Line is ${formatBytes(bytes)}, over the ${formatBytes(ctx.maxRowBytes)} row limit (setting helixCurator.maxRowMB); it was not checked.`,
    });
    return out;
  }
  const replaced = line.indexOf('\uFFFD');
  if (replaced >= 0) {
    out.problems.push({
      check: 'sampleProblem',
      code: CODES.replacementChar,
      start: replaced,
      end: replaced + 1,
      message: `Line holds U+FFFD replacement characters (first at column ${replaced + 1}): the file most likely has invalid UTF-8 here, which the editor replaced; Helix Curator refuses this row when it reads the file.`,
    });
  }
  // A byte order mark the editor left at the start of the text (VS Code strips it; other clients may not).
  const bom = line.charCodeAt(0) === 0xfeff ? 1 : 0;
  let value: unknown;
  try {
    value = JSON.parse(bom ? line.slice(1) : line);
  } catch (e) {
    const message = describeJsonError(e);
    const parsed = jsonErrorColumn(bom ? line.slice(1) : line, message);
    const column = parsed === undefined ? undefined : parsed + bom;
    let start: number;
    let end: number;
    if (column === undefined) [start, end] = [first, line.length];
    else if (column >= line.length) [start, end] = [Math.max(0, line.length - 1), line.length]; // at the end: the last character
    else [start, end] = [column, column + 1];
    out.problems.push({ check: 'invalidJson', code: CODES.invalidJson, start, end, message: capitalise(message) });
    return out;
  }
  const notObject = value === null || typeof value !== 'object' || Array.isArray(value);
  if (!notObject) {
    const ident = identify(value as Record<string, unknown>, 0);
    out.id = ident.idKey !== undefined ? ident.id : null;
    out.task = ident.task;
    out.difficulty = ident.difficulty;
  }
  let sample: Sample;
  try {
    // Image files are checked below, through the memo (refused and climbing paths are found here).
    sample = normalizeRow(value, { file: ctx.file, format: 'jsonl', datasetDir: ctx.datasetDir, ordinal: 0, line: 1, checkImages: false });
  } catch (e) {
    if (!(e instanceof RowError)) throw e;
    const range = notObject ? undefined : fieldRange(line, e.detail);
    out.problems.push({
      check: 'schema',
      code: notObject ? CODES.notObject : CODES.wrongType,
      start: range?.[0] ?? first,
      end: range?.[1] ?? line.length,
      message: capitalise(e.detail),
    });
    return out;
  }
  out.readable = true;
  const whole: [number, number] = [first, line.length];
  if (ctx.checkImages) checkImageFiles(sample, ctx.datasetDir, images);

  const sampleProblems = sample.problems.map((p) => ({ p, range: problemRange(line, sample, p.field) ?? whole })).sort((a, b) => a.range[0] - b.range[0]);
  for (const { p, range } of sampleProblems) {
    const isImage = p.field !== undefined && /^images(\[\d+\])?$/.test(p.field) && !/<image> token/.test(p.message);
    out.problems.push({
      check: isImage ? 'image' : 'sampleProblem',
      code: isImage ? CODES.image : CODES.sampleProblem,
      start: range[0],
      end: range[1],
      message: `${p.field ? `${p.field}: ` : ''}${p.message}`,
    });
  }

  // A task (or score function) no verifier knows: said whether or not the row holds a response. A response
  // with neither a task nor a score function cannot be judged at all: said too.
  if (sample.task !== null || sample.scoreFunction !== null || sample.response !== null) {
    const { note } = resolveVerifier(sample);
    if (note !== null) {
      const key = sample.scoreFunction !== null ? 'metric_info' : taskKeyOf(value as Record<string, unknown>);
      const range = (key ? keyRange(line, key) : undefined) ?? whole;
      out.problems.push({ check: 'unknownTask', code: CODES.unknownTask, start: range[0], end: range[1], message: capitalise(note) });
    }
  }

  if (!ctx.verify) return out;
  let verdict: PartialVerdict | null;
  try {
    verdict = verifySampleLazyStrict(sample);
  } catch (e) {
    // A verifier bug: the line cannot be judged; say so rather than fail the whole document.
    out.problems.push({ check: 'answerFails', code: CODES.answerUnreadable, start: whole[0], end: whole[1], message: `The verifier failed on this row: ${e instanceof Error ? e.message : String(e)}` });
    return out;
  }
  out.verdict = verdict;
  if (verdict === null) return out;

  const answerRange = answerRangeOf(line, sample, verdict) ?? whole;
  const judge = verdict.scoreFunction ?? sample.task ?? 'the verifier';
  if (verdict.reference.status === 'fail') {
    out.problems.push({
      check: 'answerFails',
      code: CODES.answerFails,
      start: answerRange[0],
      end: answerRange[1],
      message: `Answer ${quoteAnswer(verdict.extracted)} fails ${judge} (reference): ${verdict.reference.reason ?? 'rejected'}`,
    });
  } else if (verdict.reference.status === 'error') {
    out.problems.push({
      check: 'answerFails',
      code: CODES.answerUnreadable,
      start: answerRange[0],
      end: answerRange[1],
      message: `Answer ${quoteAnswer(verdict.extracted)} cannot be read by ${judge} (reference): ${verdict.reference.reason ?? 'unreadable'}`,
    });
  }
  if (verdict.lenient !== null) {
    out.problems.push({ check: 'lenientPass', code: CODES.lenientPass, start: answerRange[0], end: answerRange[1], message: `${capitalise(verdict.lenient)} (${judge}, strict)` });
  }
  if (verdict.mismatch && verdict.stored) {
    const range = keyRange(line, verdict.stored.field) ?? whole;
    const said = (pass: boolean) => (pass ? 'pass' : 'fail');
    const why = verdict.reference.reason ? `: ${verdict.reference.reason}` : '';
    out.problems.push({
      check: 'mismatch',
      code: CODES.mismatch,
      start: range[0],
      end: range[1],
      message: `Stored verdict \`${verdict.stored.field}\` = ${short(JSON.stringify(verdict.stored.value) ?? String(verdict.stored.value))} says ${said(verdict.mismatch.stored)}, but the re-run reference verdict is ${said(verdict.mismatch.rerun)}${why}`,
    });
  }
  return out;
}

/** The file checks normalizeRow makes with `checkImages` (core's imageFromPath), once per distinct path. */
function checkImageFiles(sample: Sample, datasetDir: string, memo: ImageMemo): void {
  sample.images.forEach((ref, i) => {
    if (ref.kind !== 'file' || ref.error !== undefined) return;
    let error = memo.get(ref.path);
    if (error === undefined) {
      error = imageFromPath(ref.path, { datasetDir, checkExists: true }).error ?? null;
      memo.set(ref.path, error);
    }
    if (error !== null) sample.problems.push({ severity: 'error', field: `images[${i}]`, message: error });
  });
}

const EMPTY_KEYS: ReadonlySet<string> = new Set();

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

const TASK_KEYS = ['category', 'task', 'task_name', 'task_type'];

function taskKeyOf(row: Record<string, unknown>): string | undefined {
  return TASK_KEYS.find((k) => typeof row[k] === 'string' && row[k] !== '');
}

/** Where the top-level key named in a RowError (`field \`messages[0].content\` has the wrong type`) is. */
function fieldRange(line: string, detail: string): [number, number] | undefined {
  const m = /field `([^`.[\]]+)/.exec(detail);
  return m?.[1] ? keyRange(line, m[1]) : undefined;
}

/** The columns of `"key"` followed by a colon (the first such occurrence: top-level keys come early). */
export function keyRange(line: string, key: string): [number, number] | undefined {
  const quoted = JSON.stringify(key);
  let at = line.indexOf(quoted);
  while (at >= 0) {
    let k = at + quoted.length;
    while (k < line.length && (line[k] === ' ' || line[k] === '\t')) k++;
    if (line[k] === ':') return [at, at + quoted.length];
    at = line.indexOf(quoted, at + 1);
  }
  return undefined;
}

/** The range of the value a sample problem is about: an image's path string, else the field's key. */
function problemRange(line: string, sample: Sample, field: string | undefined): [number, number] | undefined {
  if (!field) return undefined;
  const image = /^images\[(\d+)\]$/.exec(field);
  if (image) {
    const ref = sample.images[Number(image[1])];
    const p = ref && ref.kind !== 'dataUri' ? ref.path : undefined;
    if (p !== undefined) {
      const quoted = JSON.stringify(p);
      const at = line.indexOf(quoted);
      if (at >= 0) return [at, at + quoted.length];
    }
    return keyRange(line, 'images');
  }
  const key = /^[^.[\]]+/.exec(field)?.[0];
  return key ? keyRange(line, key) : undefined;
}

/**
 * The extracted answer inside the response's JSON string, when the response is a top-level string field
 * and the answer appears there as written (escaped as JSON escapes it); else the response field's key.
 */
function answerRangeOf(line: string, sample: Sample, verdict: PartialVerdict): [number, number] | undefined {
  const field = sample.responseField;
  if (field === null) return undefined;
  const key = /^[^.[\]]+/.exec(field)?.[0];
  if (!key) return undefined;
  const keyAt = keyRange(line, key);
  if (!keyAt) return undefined;
  if (key === field && verdict.extracted !== '') {
    const valueEnd = stringValueEnd(line, keyAt[1]);
    const escaped = JSON.stringify(verdict.extracted).slice(1, -1);
    if (valueEnd !== undefined) {
      const at = line.lastIndexOf(escaped, valueEnd - escaped.length);
      if (at > keyAt[1]) return [at, at + escaped.length];
    }
  }
  return keyAt;
}

/** After a key at `from` (just past its closing quote): the column of the closing quote of its string value. */
function stringValueEnd(line: string, from: number): number | undefined {
  let i = line.indexOf(':', from);
  if (i < 0) return undefined;
  i++;
  while (line[i] === ' ' || line[i] === '\t') i++;
  if (line[i] !== '"') return undefined;
  for (let k = i + 1; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c === 0x5c) k++;
    else if (c === 0x22) return k;
  }
  return undefined;
}

function quoteAnswer(answer: string): string {
  return answer === '' ? '(none extracted)' : `"${short(answer)}"`;
}

function short(s: string, n = 80): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n)}…` : one;
}

export function firstNonBlank(line: string): number {
  const i = line.search(/\S/);
  return i < 0 ? 0 : i;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
