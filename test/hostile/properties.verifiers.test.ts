/**
 * Hostile-input properties of the 42 task verifiers (issue #8). Each task starts from a real row of
 * test/fixtures/mmhelix-dev with its answer replaced by:
 * - arbitrary text (lone surrogates, controls, NUL);
 * - structurally plausible junk: grids, coordinate lists, move lists and edge lists of random sizes,
 *   real answers of the task (from responses.jsonl) mutated;
 * - code-like text (`require('child_process')...`, `constructor`, `__proto__`, `toString`, a JSON
 *   `{"__proto__": {"polluted": 1}}`) and odd numbers (1e309, -0, NaN, huge integers);
 * - for every grid task, a 1000 x 1000 board as the answer, as the initial_state, and both.
 * Both modes run directly (an exception here is a bug even where the pipeline would catch it) and
 * through verifySample. The verdict is always pass/fail/error/unsupported with a reason for every
 * non-pass, never a JS engine error in disguise; each call is bounded in time; nothing is evaluated
 * and Object.prototype is never polluted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sample } from '../../src/core/sample';
import { resolveVerifier, Verdict, verifyInput, verifySample } from '../../src/core/verify/pipeline';
import { TASKS } from '../../src/core/verify/registry';
import type { Check } from '../../src/core/verify/types';
import { BIG_BOARDS } from './propBoards';
import { ENGINE_ERROR, FULL, hostileString, instanceRows, responseRows, rowSample, runs } from './propHelpers';

const rows = instanceRows();
/** One real sample per task (the first of its two fixture rows). */
const SAMPLES = new Map<string, Sample>();
rows.forEach((r, i) => {
  const task = r['category'] as string;
  if (!SAMPLES.has(task)) SAMPLES.set(task, rowSample(r, i));
});
const TASK_NAMES = [...SAMPLES.keys()].sort();
const realAnswers = new Map<string, string[]>();
for (const r of responseRows()) {
  const task = rows.find((x) => x['id'] === r.instance_id)?.['category'] as string | undefined;
  if (!task) continue;
  const list = realAnswers.get(task) ?? [];
  if (list.length < 40) list.push(r.extracted);
  realAnswers.set(task, list);
}

/** ms one verifier call may take on the small inputs of the properties. */
const CALL_BOUND_MS = 2000;
/** Side of the big boards: 1000 with HELIX_HOSTILE_FULL=1 (minutes in all), 200 always on. */
const BIG_N = FULL ? 1000 : 200;
/** ms one call may take on a big board (a 1000 x 1000 one is about 5 MB of answer or state). */
const BIG_BOUND_MS = FULL ? 30_000 : 5_000;

const STATUSES = ['pass', 'fail', 'error', 'unsupported'];
/** Calls over their bound in the current test (reset before each). */
let slowCalls: string[] = [];
beforeEach(() => {
  slowCalls = [];
});

function checkOne(c: Check | { status: string; reason: string | null }, what: string): void {
  expect(STATUSES, what).toContain(c.status);
  if (c.status !== 'pass') {
    expect(typeof c.reason, what).toBe('string');
    expect((c.reason ?? '').length, what).toBeGreaterThan(0);
    // A JS engine error (TypeError on undefined, stack overflow, ...) dressed as a verdict is a bug.
    expect(c.reason ?? '', what).not.toMatch(ENGINE_ERROR);
  }
}

/** Verify `answer` (and optionally a replaced initial_state) for `task`, both directly and through the pipeline. */
function judge(task: string, answer: string, initialState?: string, bound = CALL_BOUND_MS): void {
  const base = SAMPLES.get(task)!;
  const sample: Sample = { ...base, response: answer, ...(initialState !== undefined ? { initialState } : {}) };
  const what = `${task} on ${JSON.stringify(answer.slice(0, 120))}${answer.length > 120 ? `... (${answer.length} chars)` : ''}`;
  const { verifier, referenceVerifier } = resolveVerifier(sample);
  expect(verifier, task).toBeDefined();
  const input = verifyInput(sample, answer);
  for (const [mode, v] of [['reference', referenceVerifier], ['strict', verifier]] as const) {
    const t0 = performance.now();
    let check: Check;
    try {
      check = mode === 'reference' ? v!.reference(input) : v!.strict(input);
    } catch (e) {
      throw new Error(`${mode} ${what} threw ${(e as Error)?.name}: ${(e as Error)?.message}`, { cause: e });
    }
    const ms = performance.now() - t0;
    if (ms > bound) slowCalls.push(`${mode} ${what}: ${ms.toFixed(0)} ms`);
    checkOne(check, `${mode} ${what}`);
  }
  const verdict = verifySample(sample);
  expect(verdict).not.toBeNull();
  expect(() => Verdict.parse(verdict)).not.toThrow();
  checkOne(verdict!.reference, `pipeline reference ${what}`);
  checkOne(verdict!.strict, `pipeline strict ${what}`);
}

afterAll(() => {
  // Nothing the answers said may have reached the prototype of every object.
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
});

// ---- arbitraries ------------------------------------------------------------------------------------

const cell = fc.oneof(fc.integer({ min: -2, max: 12 }).map(String), fc.constantFrom('.', 'X', 'x', 'null', 'None', '0', '1', '', ' ', '-', '#', 'T', 'C', 'A1', '1e309', 'NaN', '-0', '99999999999999999999'));
const grid = fc.record({ rows: fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 12 }), style: fc.nat(4) }).map(({ rows: g, style }) => {
  switch (style) {
    case 0:
      return `[${g.map((r) => `[${r.join(', ')}]`).join(', ')}]`;
    case 1:
      return g.map((r) => r.join(' ')).join('\n');
    case 2:
      return g.map((r) => `|${r.join('|')}|`).join('\n');
    case 3:
      return g.map((r) => r.join('')).join('\n');
    default:
      return g.map((r) => r.join(',')).join(';');
  }
});
const int = fc.oneof(fc.integer({ min: -3, max: 30 }), fc.constantFrom(2 ** 31, -(2 ** 53), 1e21, 4294967296)).map(String);
const coords = fc.record({ pairs: fc.array(fc.tuple(int, int), { maxLength: 30 }), style: fc.nat(4) }).map(({ pairs, style }) => {
  const p = pairs.map(([a, b]) => (style === 3 ? `[${a}, ${b}]` : `(${a}, ${b})`));
  return style === 0 ? `[${p.join(', ')}]` : style === 1 ? `{${p.join(', ')}}` : style === 2 ? p.join(' ') : style === 3 ? `[${p.join(', ')}]` : p.join(',');
});
const movesArb = fc.array(fc.constantFrom('up', 'down', 'left', 'right', 'U', 'D', 'L', 'R', 'north', '(1,2)', '1->3', 'move', ',', '\n', 'Up', 'RIGHT'), { maxLength: 60 }).map((m) => m.join(' '));
const edges = fc.array(fc.tuple(int, int, int, int), { maxLength: 20 }).map((es) => es.map(([a, b, c, d]) => `(${a},${b})-(${c},${d})${Number(a) % 2 ? `:${c}` : ''}`).join('\n'));
const numbers = fc.constantFrom('1e309', '-1e309', '-0', 'NaN', 'Infinity', '-Infinity', '9007199254740993', '1'.repeat(400), '0x1F', '1_000', '١٢٣', '½', '[1e309, -0, NaN]', '[[NaN]]', '(1e309, -0)', '-0.0', '.5', '5.', '--1', '+-1');
const CODE = [
  "require('child_process').execSync('touch /tmp/helix-pwned')",
  "process.exit(1)",
  "globalThis.polluted = 1",
  'constructor',
  '__proto__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '{"__proto__": {"polluted": 1}}',
  '{"constructor": {"prototype": {"polluted": 1}}}',
  "{'__proto__': {'polluted': 1}}",
  '[["__proto__", "constructor"], ["toString", "valueOf"]]',
  '__import__("os").system("id")',
  'eval("1+1")',
  'Function("return this")()',
  '(lambda: 1)()',
  '{**{"a": 1}}',
  '[*range(10**9)]',
  '10**10**10',
  '9' + '**9'.repeat(20),
  '(' .repeat(5000) + ')'.repeat(5000),
  '['.repeat(5000) + ']'.repeat(5000),
  '{'.repeat(5000) + '}'.repeat(5000),
  '${7*7}',
  '<script>alert(1)</script>',
];
const code = fc.constantFrom(...CODE);

function mutateText(s: string, ops: Array<[number, number, string]>): string {
  let out = s;
  for (const [kind, at, piece] of ops) {
    const i = out.length === 0 ? 0 : at % (out.length + 1);
    if (kind === 0) out = out.slice(0, i) + piece + out.slice(i);
    else if (kind === 1) out = out.slice(0, i) + out.slice(i + 1 + (at % 5));
    else if (kind === 2) out = out.slice(0, i);
    else out = out.slice(0, i) + out.slice(i) + out.slice(0, i); // duplicate a part
  }
  return out;
}
const pieces = fc.constantFrom('(', ')', '[', ']', '{', '}', ',', ' ', '\n', '-', '->', ':', '0', '9', '1e309', 'NaN', '-0', '__proto__', 'x', '"', "'", '\\', '\uD800', '😀');

function mutatedReal(task: string): fc.Arbitrary<string> {
  const real = [...(realAnswers.get(task) ?? []), SAMPLES.get(task)!.groundTruth ?? ''];
  return fc.tuple(fc.constantFrom(...real), fc.array(fc.tuple(fc.nat(3), fc.nat(), pieces), { minLength: 1, maxLength: 5 })).map(([s, ops]) => mutateText(s, ops));
}

const anyAnswer = fc.oneof(hostileString(200), grid, coords, movesArb, edges, numbers, code);

// ---- properties ---------------------------------------------------------------------------------------

describe('every task verifier on hostile answers', () => {
  it('covers the 42 MM-HELIX tasks, each with a real fixture row', () => {
    expect(TASK_NAMES.length).toBe(42);
    for (const t of TASK_NAMES) expect(TASKS[t], t).toBeDefined();
  });

  for (const task of TASK_NAMES) {
    it(`${task}: arbitrary, structured, code-like and mutated real answers`, () => {
      fc.assert(
        fc.property(fc.oneof(anyAnswer, mutatedReal(task)), (answer) => judge(task, answer)),
        { numRuns: runs(10, 300) },
      );
      // Every code-like answer and odd number, for every task (not left to sampling).
      for (const a of [...CODE, '1e309', '-0', 'NaN', '9007199254740993', '1'.repeat(400)]) judge(task, a);
      expect(slowCalls).toEqual([]);
    }, 120_000);
  }
});

describe('1000 x 1000 boards for every grid task (200 x 200 unless HELIX_HOSTILE_FULL=1)', () => {
  const n = BIG_N;
  const gridTasks = Object.keys(BIG_BOARDS);
  it('every grid task of the fixtures has a board builder', () => {
    for (const t of gridTasks) expect(SAMPLES.has(t), t).toBe(true);
    expect(gridTasks.length).toBeGreaterThanOrEqual(23);
  });

  for (const task of gridTasks) {
    it(`${task}: as the answer, as the initial_state, and both: a verdict within the bound`, () => {
      const big = BIG_BOARDS[task]!(n);
      const sample = SAMPLES.get(task)!;
      const small = typeof sample.initialState === 'string' ? sample.initialState : JSON.stringify(sample.initialState);
      const variants: Array<[string, string | undefined]> = [[big.answer, undefined], [sample.groundTruth ?? '', big.initialState], [big.answer, big.initialState]];
      for (const [answer, state] of variants) judge(task, answer, state ?? small, BIG_BOUND_MS);
      expect(slowCalls).toEqual([]);
    }, 300_000);
  }
});

describe('nothing is evaluated', () => {
  it('no eval, new Function or vm anywhere in src', () => {
    const hits: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(e.name)) {
          fs.readFileSync(p, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
              if (/\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*['"`]|['"](node:)?vm['"]|\bsetTimeout\s*\(\s*['"`]/.test(code)) hits.push(`${path.relative(process.cwd(), p)}:${i + 1}: ${line.trim()}`);
            });
        }
      }
    };
    walk(path.resolve(__dirname, '../../src'));
    expect(hits).toEqual([]);
  });

  it('code-like answers leave no trace: no file written, Object.prototype clean', () => {
    const marker = '/tmp/helix-pwned';
    if (fs.existsSync(marker)) fs.rmSync(marker);
    for (const task of TASK_NAMES) for (const a of CODE) judge(task, a);
    expect(fs.existsSync(marker)).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('an initial_state with own __proto__ / constructor keys keeps them as data', async () => {
    const { decodeInitialState } = await import('../../src/core/verify/input');
    const decoded = decodeInitialState(JSON.parse('{"__proto__": {"polluted": 1}, "grid": [[1]]}')) as Record<string, unknown>;
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // The key is data: it must not have become the decoded object's prototype.
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(decoded['polluted']).toBeUndefined();
    const fromText = decodeInitialState('{"__proto__": {"polluted": 1}, "grid": [[1]]}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(fromText)).toBe(Object.prototype);
    expect(fromText['polluted']).toBeUndefined();
  });
});
