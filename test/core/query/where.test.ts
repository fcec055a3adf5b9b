/**
 * The --where language: operators and precedence, every field's type rules, errors with a column and a
 * caret, needsAnalysis, and queries over real traces-dev facts checked against plain JavaScript filters.
 */
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleFacts, zeroTagCounts, type SampleFacts } from '../../../src/core/facts';
import { parseWhere, QueryError } from '../../../src/core/query';
import { openDataset } from '../../../src/core/readers/open';
import { iterateSamples } from '../../../src/core/readers/types';
import { defaultCueSet } from '../../../src/core/trace/cues';

function facts(over: Partial<SampleFacts> = {}): SampleFacts {
  return {
    id: 'maze-1',
    task: 'maze',
    difficulty: '3',
    verdict: 'pass',
    reference: 'pass',
    strict: 'pass',
    mismatch: false,
    lenient: false,
    tags: { ...zeroTagCounts(), backtracking: 2, verification: 1 },
    steps: 12,
    chars: 4000,
    tokens: 900,
    reflectiveSteps: 3,
    backtracks: 2,
    firstReflection: 0.25,
    revised: false,
    images: 1,
    hash: '0123456789abcdef',
    ...over,
  };
}

const t = (expr: string, f: SampleFacts = facts(), extra?: Parameters<ReturnType<typeof parseWhere>['test']>[1]) => parseWhere(expr).test(f, extra);

function error(expr: string): QueryError {
  try {
    parseWhere(expr);
  } catch (e) {
    expect(e).toBeInstanceOf(QueryError);
    return e as QueryError;
  }
  throw new Error(`no error for ${expr}`);
}

describe('evaluation', () => {
  it('comparisons of every type', () => {
    expect(t('verdict == pass')).toBe(true);
    expect(t("verdict = 'fail'")).toBe(false);
    expect(t('verdict != fail')).toBe(true);
    expect(t('backtracks >= 2')).toBe(true);
    expect(t('backtracks > 2')).toBe(false);
    expect(t('tags.verification == 1 and verification < 2 and backtracking <= 2')).toBe(true);
    expect(t('steps > 11.5 && chars < 1e4 && length == 4000 && tokens >= 900 && reflections == 3 && images == 1')).toBe(true);
    expect(t('mismatch')).toBe(false);
    expect(t('!mismatch && not lenient && revised == false')).toBe(true);
    expect(t('lenient', facts({ lenient: true }))).toBe(true);
    expect(t('subgoal')).toBe(false); // a bare count: at least one step
    expect(t('backtracking')).toBe(true);
    expect(t('id == maze-1 and task == "maze"')).toBe(true);
    expect(t('task in (sudoku, maze)')).toBe(true);
    expect(t('task not in (sudoku, maze)')).toBe(false);
    expect(t('not task in (sudoku)')).toBe(true);
    expect(t('reference == null', facts({ reference: null }))).toBe(true);
    expect(t('task == null', facts({ task: null }))).toBe(true);
    expect(t('task != null')).toBe(true);
    expect(t('VERDICT == PASS AND Steps > 1')).toBe(true);
  });

  it('difficulty compares numerically when both sides are numbers, as text otherwise', () => {
    expect(t('difficulty >= 3')).toBe(true);
    expect(t('difficulty < 10')).toBe(true); // as text "3" < "10" would be false
    expect(t('difficulty == "3"')).toBe(true);
    expect(t('difficulty == 3.0')).toBe(true);
    expect(t('difficulty == hard', facts({ difficulty: 'hard' }))).toBe(true);
    expect(t('difficulty > 2', facts({ difficulty: 'hard' }))).toBe(true); // text: "hard" > "2"
    expect(t('difficulty > 2', facts({ difficulty: null }))).toBe(false);
    expect(t('difficulty in (1, 2, 3)')).toBe(true);
  });

  it('decision and agreement come from the caller', () => {
    expect(t('decision == undecided')).toBe(true);
    expect(t('decision == undecided', facts(), { decision: 'clear' })).toBe(true);
    expect(t('decision == accept', facts(), { decision: 'accept' })).toBe(true);
    expect(t('agreement in (conflict, single)', facts(), { resolution: 'conflict' })).toBe(true);
    expect(t('agreement == undecided')).toBe(true);
  });

  it('precedence: not > and > or, left to right, parentheses', () => {
    // false or true and false = false or (true and false) = false
    expect(t('mismatch or verdict == pass and lenient')).toBe(false);
    expect(t('(mismatch or verdict == pass) and lenient')).toBe(false);
    expect(t('(mismatch or verdict == pass) and not lenient')).toBe(true);
    expect(t('not mismatch and mismatch')).toBe(false);
    expect(t('not (mismatch and mismatch)')).toBe(true);
    expect(t('!!backtracking')).toBe(true);
    expect(parseWhere('steps == 1 || steps > 1 AND !revised').toString()).toBe('steps == 1 or steps > 1 and not revised');
    expect(parseWhere('steps > 1 and (images == 1 or images == 2)').toString()).toBe('steps > 1 and (images == 1 or images == 2)');
  });

  it('needsAnalysis only for fields that need the verifier or tagger', () => {
    expect(parseWhere('id == x or task in (maze) and difficulty > 2').needsAnalysis).toBe(false);
    expect(parseWhere('images > 1 and decision == undecided and agreement == conflict').needsAnalysis).toBe(false);
    for (const f of ['verdict == pass', 'reference == fail', 'strict == pass', 'mismatch', 'lenient', 'revised', 'backtracking', 'tags.subgoal > 0', 'reflections > 1', 'backtracks > 1', 'steps > 1', 'chars > 1', 'length > 1', 'tokens > 1']) {
      expect(parseWhere(`task == maze and ${f}`).needsAnalysis, f).toBe(true);
    }
    const q = parseWhere('decision == accept and agreement == agreed');
    expect([q.needsDecision, q.needsResolution]).toEqual([true, true]);
  });
});

describe('errors: column and caret', () => {
  it('unknown field: the column, a caret under it, a suggestion and the valid fields', () => {
    const e = error('verdict == pass and backtraks > 2');
    expect(e.column).toBe(21);
    expect(e.message).toContain('unknown field "backtraks" (did you mean backtracks?) at column 21');
    expect(e.message).toContain('\n  verdict == pass and backtraks > 2\n                      ^^^^^^^^^\n');
    expect(e.message).toMatch(/valid fields: id, task, difficulty, verdict, .*tags\.backtracking.*decision, agreement, length, verification/);
  });

  it('type errors name the field and what it takes', () => {
    expect(error('verdict == passed').message).toMatch(/verdict cannot be "passed" at column 12[\s\S]*one of: pass, fail, lenient, mismatch, error, unsupported, none/);
    expect(error('steps > many').message).toMatch(/steps is a number, not "many"/);
    expect(error('mismatch == 1').message).toMatch(/mismatch is true or false/);
    expect(error('task > maze').message).toMatch(/task is text: use ==, != or in/);
    expect(error('verdict < pass').message).toMatch(/use ==, != or in/);
    expect(error('steps == null').message).toMatch(/steps is never null/);
    expect(error('task').message).toMatch(/task needs a comparison at column 1[\s\S]*e\.g\. task == "text"/);
    expect(error('decision == maybe').message).toMatch(/accept, reject, flag, undecided/);
  });

  it('syntax errors point at the token', () => {
    expect(error('').message).toMatch(/empty expression at column 1/);
    expect(error('steps > ').column).toBe(9);
    expect(error('(steps > 1').message).toMatch(/expected "\)" but found the end[\s\S]*the "\(" at column 1 is not closed/);
    expect(error('steps > 1)').message).toMatch(/unexpected "\)"/);
    expect(error('steps > 1 steps < 3').message).toMatch(/join conditions with "and" \/ "or"/);
    expect(error("task == 'maze").message).toMatch(/unterminated string at column 9/);
    expect(error('steps > 1 & images > 0').message).toMatch(/expected "&&"/);
    expect(error('steps $ 1').message).toMatch(/unexpected character "\$" at column 7/);
    expect(error('task in maze').message).toMatch(/expected "\(" after "in"/);
    expect(error('task in (maze sudoku)').message).toMatch(/expected "," or "\)"/);
    expect(error('== 3').message).toMatch(/expected a field name/);
    expect(error(`${'('.repeat(300)}steps${')'.repeat(300)}`).message).toMatch(/nested more than 200 levels/);
    expect(error(`${'not '.repeat(300)}mismatch`).message).toMatch(/nested more than 200 levels/);
    // A long expression shows a window around the error, caret still under it.
    const long = `${'steps > 1 and '.repeat(20)}bogus > 1`;
    const lines = error(long).message.split('\n');
    expect(lines[1]!.startsWith('  ...')).toBe(true);
    expect(lines[1]!.slice(lines[2]!.indexOf('^'), lines[2]!.indexOf('^') + 5)).toBe('bogus');
  });
});

describe('over real facts (traces-dev)', () => {
  const all: SampleFacts[] = [];
  beforeAll(async () => {
    const reader = openDataset(path.resolve(__dirname, '../../fixtures/traces-dev/samples.jsonl'), { checkImages: false });
    const index = await reader.buildIndex();
    const cues = defaultCueSet();
    for await (const l of iterateSamples(reader, index.entries)) all.push(sampleFacts(l.sample!, cues));
    await reader.close();
  });

  it('matches the same filter written in JavaScript', () => {
    const cases: [string, (f: SampleFacts) => boolean][] = [
      ['verdict == pass and backtracks >= 2', (f) => f.verdict === 'pass' && f.backtracks >= 2],
      ['task in (sudoku, maze) || verification > 3', (f) => f.task === 'sudoku' || f.task === 'maze' || f.tags.verification > 3],
      ['not (verdict == pass) and difficulty >= 3', (f) => f.verdict !== 'pass' && Number(f.difficulty) >= 3],
      ['correction and !subgoal or steps < 10', (f) => (f.tags.correction > 0 && f.tags.subgoal === 0) || f.steps < 10],
      ['revised == true or tokens > 2000', (f) => f.revised || f.tokens > 2000],
    ];
    for (const [expr, js] of cases) {
      const q = parseWhere(expr);
      const got = all.filter((f) => q.test(f)).map((f) => f.id);
      expect(got, expr).toEqual(all.filter(js).map((f) => f.id));
    }
    // Both outcomes occur in the fixtures (the assertions above are not vacuous).
    const passing2 = all.filter((f) => f.verdict === 'pass' && f.backtracks >= 2).length;
    expect(passing2).toBeGreaterThan(0);
    expect(passing2).toBeLessThan(all.length);
  });
});
