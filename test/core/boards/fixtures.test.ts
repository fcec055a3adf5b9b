/**
 * Every fixture response of the 16 required board tasks (and the extra ones): buildBoard returns a board, valid against the model's
 * schema, whose violations are empty exactly when the strict verdict passes. The same must hold for the
 * rules alone (buildBoardFromRules, without the verdict's safety net): the boards compute what breaks
 * from the puzzle's rules, they do not just repeat the verifier.
 */
import { describe, expect, it } from 'vitest';
import { buildBoard, buildBoardFromRules } from '../../../src/core/boards';
import { Board } from '../../../src/core/boards/model';
import { BOARD_TASKS, boardCases, EXTRA_BOARD_TASKS } from './fixtureCases';

describe.each([...BOARD_TASKS, ...EXTRA_BOARD_TASKS])('%s fixtures', (task) => {
  const all = boardCases(task);

  it('has fixture cases', () => {
    expect(all.length).toBeGreaterThan(30);
  });

  it('buildBoard: a valid board for every case, no violations iff the strict verdict passes', () => {
    const problems: string[] = [];
    for (const { c, sample, verdict } of all) {
      const board = buildBoard(sample, verdict);
      if (!board) {
        problems.push(`${c.name}: no board`);
        continue;
      }
      const parsed = Board.safeParse(board);
      if (!parsed.success) problems.push(`${c.name}: invalid board ${parsed.error.message.slice(0, 300)}`);
      const pass = verdict.strict.status === 'pass';
      if (pass !== (board.violations.length === 0)) problems.push(`${c.name}: strict ${verdict.strict.status}, ${board.violations.length} violations`);
      // buildBoard without a verdict computes the same strict verdict itself.
      const again = buildBoard(sample, null);
      expect(again?.violations.length === 0, c.name).toBe(pass);
    }
    expect(problems).toEqual([]);
  });

  it('the rules alone agree with the strict verdict on every case', () => {
    const disagreements: string[] = [];
    for (const { c, sample, verdict } of all) {
      const board = buildBoardFromRules(sample, verdict.extracted)!;
      const pass = verdict.strict.status === 'pass';
      if (pass !== (board.violations.length === 0)) {
        disagreements.push(`${c.name}: strict ${verdict.strict.status} (${verdict.strict.reason ?? ''}), board: ${board.violations.map((v) => v.message).join(' | ') || 'no violations'}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
