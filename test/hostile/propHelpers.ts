/**
 * Shared pieces of the hostile property tests (issue #8): the opt-in flag for the slow variants, run
 * counts, timing helpers (each call bounded; n vs 4n growth for linearity), hostile text arbitraries,
 * and the real MM-HELIX fixture rows the verifier properties start from.
 *
 * Timing on a busy 2-core machine is noisy: every measurement is the minimum of a few runs, and the
 * bounds are generous enough that only a real blow-up (quadratic on megabytes, exponential backtracking,
 * an endless loop) trips them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { normalizeRow } from '../../src/core/normalize';
import type { Sample } from '../../src/core/sample';

/** `HELIX_HOSTILE_FULL=1`: more runs and bigger inputs (slow; not part of the always-on suite). */
export const FULL = process.env['HELIX_HOSTILE_FULL'] === '1';

/** fast-check run count: modest always-on, larger with the full flag. */
export function runs(fast: number, full = fast * 10): number {
  return FULL ? full : fast;
}

export const FIXTURES = path.resolve(__dirname, '../fixtures');
export const MMHELIX_DEV = path.join(FIXTURES, 'mmhelix-dev');

/** Milliseconds one call takes (the minimum of `repeat` calls, to see past scheduler noise). */
export function timeIt(fn: () => unknown, repeat = 3): number {
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

export interface Growth {
  n: number;
  small: number;
  large: number;
  /** large / small (both floored at `floorMs` so that microsecond noise does not make ratios). */
  ratio: number;
}

/**
 * How the time of `fn(make(n))` grows from n to 4n. Linear work gives a ratio near 4, quadratic near 16;
 * callers flag ratios over ~10 when the large run also takes a noticeable time.
 */
export function growth(make: (n: number) => string, fn: (s: string) => unknown, n: number, floorMs = 2): Growth {
  const a = make(n);
  const b = make(4 * n);
  fn(a); // warm up the JIT on this shape
  const small = Math.max(floorMs, timeIt(() => fn(a)));
  const large = Math.max(floorMs, timeIt(() => fn(b)));
  return { n, small, large, ratio: large / small };
}

/**
 * Whether a growth measurement shows superlinear time. Only flagged when the large input takes a
 * noticeable time (`minMs`), since tiny times are all noise; then a ratio over 10 (4 is linear, 16
 * quadratic) means superlinear. A borderline case is measured again before it counts.
 */
export function superlinear(make: (n: number) => string, fn: (s: string) => unknown, n: number, minMs = 30): Growth | null {
  for (let attempt = 0; attempt < 3; attempt++) {
    const g = growth(make, fn, n);
    if (g.large < minMs || g.ratio <= 10) return null;
  }
  return growth(make, fn, n);
}

/** One UTF-16 code unit of any value: lone surrogates, controls, BOM, NUL included. */
export const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Text of arbitrary code units and real code points (astral ones as proper pairs). */
export function hostileString(maxLength = 200): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(anyCodeUnit, fc.string({ unit: 'binary', maxLength: 3 }), fc.constantFrom('\uD800', '\uDFFF', '\uFEFF', '\u0000', '\u2028', '\r\n', '😀')), { maxLength })
    .map((xs) => xs.join(''));
}

/** Text built from the tokens the extractor, splitter and segmenter look for, plus junk between them. */
export const GRAMMAR_TOKENS = [
  '\\boxed{', '\\boxed{', '{', '}', '}', '<think>', '</think>', '<thinking>', '</THINK>', '◁think▷', '◁/think▷',
  '<answer>', '</answer>', '<|begin_of_box|>', '<|end_of_box|>', 'Answer:', 'answer：', '\\text{', 'ext{',
  '\\begin{array}', '\\end{array}', '\\begin{bmatrix}', '\\end{bmatrix}', '$', '$$', '\\', '\\\\', '\\n', '\\t',
  '\\"', "\\'", '\n', '\n\n', '\r\n', '\r\n\r\n', ' \t\n', '"', "'", 'wait', 'Wait, ', 'let me check', 'actually',
  'no need to double-check', 'backtrack', '. ', '1', '2,', '(1, 2)', '[', ']', 'é', '😀', '\uD800', '\uDC00',
  '\u0085', '\u00a0', '\u0130', '“', '’', 'x',
] as const;

export function grammarString(maxTokens = 80): fc.Arbitrary<string> {
  return fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...GRAMMAR_TOKENS) }, { weight: 1, arbitrary: hostileString(4) }), { maxLength: maxTokens }).map((xs) => xs.join(''));
}

/** The MM-HELIX dev instances (84 rows, 2 per task), raw as in the fixture file. */
export function instanceRows(): Array<Record<string, unknown>> {
  return readJsonl(path.join(MMHELIX_DEV, 'instances.jsonl'));
}

/** The candidate responses judged by the reference (1,769 rows). */
export function responseRows(): Array<{ instance_id: string; kind: string; response: string; extracted: string; verdict: boolean }> {
  return readJsonl(path.join(MMHELIX_DEV, 'responses.jsonl')) as never;
}

export function readJsonl(file: string): Array<Record<string, unknown>> {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A fixture row as the pipeline's Sample (images not checked). */
export function rowSample(row: Record<string, unknown>, ordinal = 0): Sample {
  return normalizeRow(row, { file: path.join(MMHELIX_DEV, 'instances.jsonl'), format: 'jsonl', datasetDir: MMHELIX_DEV, ordinal, line: ordinal + 1, checkImages: false });
}

/** Messages of JS engine failures: a verifier that reports one of these crashed on a bug, not on the input. */
export const ENGINE_ERROR = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not defined|Maximum call stack|Invalid array length|Invalid string length|out of memory|undefined is not|null is not|Cannot convert|Cannot destructure|Reduce of empty array|Array buffer allocation failed|Invalid typed array length/i;
