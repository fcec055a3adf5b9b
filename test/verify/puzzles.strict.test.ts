/**
 * Puzzle verifiers (WordLadder, eulero, numbrix, snake, aquarium, binairo, campsite) on hand-made
 * boards: a valid answer, each kind of rule violation with its reason and locations, the reference's
 * documented quirks, and the leniencies (reference passes, strict fails).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aquariumVerifier, extractAquariumReference, groupContents, TIMEOUT_GROUPS } from '../../src/core/verify/tasks/puzzles/aquarium';
import { binairoVerifier } from '../../src/core/verify/tasks/puzzles/binairo';
import { extractBinairoReference } from '../../src/core/verify/tasks/puzzles/binairoExtract';
import { campsiteVerifier, extractCampsiteReference } from '../../src/core/verify/tasks/puzzles/campsite';
import { readPairListStrict } from '../../src/core/verify/tasks/puzzles/common';
import { euleroVerifier } from '../../src/core/verify/tasks/puzzles/eulero';
import { numbrixVerifier } from '../../src/core/verify/tasks/puzzles/numbrix';
import { snakeVerifier } from '../../src/core/verify/tasks/puzzles/snake';
import { extractLadderReference, makeWordLadderVerifier, wordLadderVerifier } from '../../src/core/verify/tasks/puzzles/wordLadder';
import { findWordList, WordList } from '../../src/core/verify/tasks/puzzles/wordList';
import { verifiers } from '../../src/core/verify/tasks/puzzles';
import type { Check, Location, TaskVerifier, VerifyInput } from '../../src/core/verify/types';

function input(category: string, answer: string, initialState: VerifyInput['initialState'], groundTruth = '', question = ''): VerifyInput {
  return { answer, groundTruth, initialState, category, question };
}

/** Both modes of a verifier on one input. */
function both(v: TaskVerifier, i: VerifyInput): { ref: Check; strict: Check } {
  return { ref: v.reference(i), strict: v.strict(i) };
}

function expectFail(c: Check, reason: RegExp, locations?: Array<Partial<Location>>): void {
  expect(c.status, c.reason).toBe('fail');
  expect(c.reason).toMatch(reason);
  if (locations) {
    for (const l of locations) expect(c.locations ?? []).toContainEqual(expect.objectContaining(l));
  }
}

describe('registration', () => {
  it('exports one verifier per task with the reference score function', () => {
    expect(verifiers.map((v) => [v.scoreFunction, v.categories])).toEqual([
      ['wordladder_evaluator', ['WordLadder']],
      ['eulero_evaluator', ['eulero']],
      ['numbrix_evaluator', ['numbrix']],
      ['snake_evaluator', ['snake']],
      ['aquarium_evaluator', ['aquarium']],
      ['binairo_evaluator', ['binairo']],
      ['campsite_evaluator', ['campsite']],
    ]);
  });
});

// ----------------------------------------------------------------------------------------------------
describe('WordLadder', () => {
  const state = { start_word: 'cold', target_word: 'warm', solution: ['cold', 'cord', 'card', 'ward', 'warm'] };
  const question = 'Starting word: cold.\nTarget word: warm.\nFind a solution path with 4 to 6 steps.';
  const wl = (answer: string, q = question) => both(wordLadderVerifier, input('WordLadder', answer, state, 'cold -> cord -> card -> ward -> warm', q));

  it('accepts a valid ladder in every format the question allows, and any valid ladder', () => {
    for (const a of ['cold -> cord -> card -> ward -> warm', '["cold", "cord", "card", "ward", "warm"]', "['COLD','CORD','CARD','WARD','WARM']", 'cold, cord, card, ward, warm', 'cold\ncord\ncard\nward\nwarm', 'cold → cord → card → ward → warm']) {
      expect(wl(a).strict.status, a).toBe('pass');
    }
    // Another valid ladder than the stored one.
    expect(wl('cold -> cord -> word -> worm -> warm')).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
  });

  it('reports the rule and the word that breaks it', () => {
    expectFail(wl('cord -> card -> ward -> warm').strict, /starts with "cord", not the start word "cold"/, [{ kind: 'word', index: 0 }]);
    expectFail(wl('cold -> cord -> card -> ward').strict, /ends with "ward", not the target word "warm"/, [{ kind: 'word', index: 3 }]);
    expectFail(wl('cold -> card -> ward -> warm').strict, /step 1 \(word 1 "cold" -> word 2 "card"\) changes 2 letters/, [{ kind: 'word', index: 1 }]);
    expectFail(wl('cold -> colds -> warm').strict, /step 1 .* changes the word length/);
    expectFail(wl('cold -> cord -> cold -> cord -> card -> ward -> warm').strict, /"cold" is used twice \(words 1 and 3\)/, [{ kind: 'word', index: 0 }, { kind: 'word', index: 2 }]);
    expectFail(wl('cold -> xold -> wold -> word -> ward -> warm').ref, /word 2 "xold" is not an English word/, [{ kind: 'word', index: 1 }]);
  });

  it('checks every word against the web2 list as spelled (a word present only capitalised is rejected)', () => {
    const v = both(wordLadderVerifier, input('WordLadder', 'clew -> llew -> flew', { start_word: 'clew', target_word: 'flew' }));
    expectFail(v.ref, /word 2 "llew" is not an English word/, [{ kind: 'word', index: 1 }]);
    expectFail(v.strict, /word 2 "llew"/);
  });

  it('leniency: the reference ignores the step range the question states', () => {
    const v = wl('cold -> cord -> card -> ward -> warm', 'Starting word: cold.\nTarget word: warm.\nFind a solution path with 5 to 7 steps.');
    expect(v.ref.status).toBe('pass');
    expectFail(v.strict, /takes 4 steps; the question asks for 5 to 7 steps/);
  });

  it('reads the path as the reference does (arrow chains before commas, words of 3+ letters last)', () => {
    expect(extractLadderReference('I go cold -> cord -> card, then stop').words).toEqual(['cold', 'cord', 'card']);
    expect(extractLadderReference('cold → cord → card').words).toEqual(['cold', 'cord', 'card']);
    expect(extractLadderReference('1. cold\n2. cord').words).toEqual(['cold', 'cord']);
    expect(extractLadderReference('').words).toEqual([]);
  });

  it('unreadable answers: reference fail, strict error; a refusal is no ladder in strict mode', () => {
    const v = wl('');
    expectFail(v.ref, /could not read a word ladder/);
    expect(v.strict.status).toBe('error');
    expect(wl("I'm sorry, I cannot solve it.").strict).toMatchObject({ status: 'error', reason: expect.stringMatching(/could not read a word ladder/) });
  });

  it('crashes in the reference when initial_state is not a dict (once a path was read)', () => {
    const c = wordLadderVerifier.reference(input('WordLadder', 'cold -> cord', 'cold'));
    expect(c).toMatchObject({ status: 'fail', crashed: true });
    expect(wordLadderVerifier.reference(input('WordLadder', '', 'cold')).crashed).toBeUndefined();
  });

  it('the word list is found above the module and fails every answer when missing', () => {
    expect(findWordList(__dirname)).toBe(path.resolve(__dirname, '../../media/data/web2.gz'));
    expect(findWordList(os.tmpdir())).toBeNull();
    const missing = makeWordLadderVerifier(new WordList(() => findWordList(os.tmpdir())));
    for (const mode of ['reference', 'strict'] as const) {
      expect(missing[mode](input('WordLadder', 'cold -> cord -> card -> ward -> warm', state))).toEqual({ status: 'fail', reason: 'the word list media/data/web2.gz is missing' });
    }
  });
});

// ----------------------------------------------------------------------------------------------------
describe('eulero', () => {
  const initial = 'C1|A3|B2\nB3|C2| \nA2| | ';
  const solution = 'C1|A3|B2\nB3|C2|A1\nA2|B1|C3';
  const eu = (answer: string, init: string = initial) => both(euleroVerifier, input('eulero', answer, init, solution));

  it('accepts the solution in the formats it understands', () => {
    for (const a of [solution, 'c1 | a3 | b2\nb3|c2|a1\n\na2|b1|c3', 'C1 A3 B2\nB3 C2 A1\nA2 B1 C3']) expect(eu(a)).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
  });

  it('reports letters, numbers, pairs and givens with their cells (row/column 1-based, locations 0-based)', () => {
    expectFail(eu('C1|A3|B2\nB3|C2|A1\nA2|B1|C1').strict, /row 3 has the number 1 twice \(columns 2 and 3\)/, [{ kind: 'cell', row: 2, col: 1 }, { kind: 'cell', row: 2, col: 2 }]);
    expectFail(eu('C1|A3|B2\nB3|C2|A1\nA2|B1|A3').ref, /row 3 has the letter A twice/);
    expectFail(eu('A1|B2|C3\nB3|C1|A2\nC2|A3|B1').strict, /row 1, column 1 is given as C1 but the answer has A1/, [{ kind: 'cell', row: 0, col: 0 }]);
    expectFail(eu('C1|A3|B2\nB3|C2|A1\nA2|B1|D3').strict, /row 3, column 3 uses the letter D \(allowed: A–C\)/, [{ kind: 'cell', row: 2, col: 2 }]);
    expectFail(eu('C1|A3|B2\nB3|C2|A1\nA2|B1|C03').ref, /row 3, column 3 holds C03/);
    expectFail(eu('A1|B2\nB2|A1', ' | \n | ').strict, /the pair B2 appears twice \(row 1, column 2 and row 2, column 1\)/, [{ row: 0, col: 1 }, { row: 1, col: 0 }]);
  });

  it('strict reports an empty cell and a wrong size; the reference rejects doubled pipes as unreadable', () => {
    const v = eu('C1||B2\nB3|C2|A1\nA2|B1|C3');
    expectFail(v.ref, /could not read a grid.*line 1, cell 2/);
    expectFail(v.strict, /row 1, column 2 is empty/, [{ kind: 'cell', row: 0, col: 1 }]);
    expectFail(eu('C1|A3|B2\nB3|C2|A1').strict, /the answer has 2 rows; the puzzle is 3×3/);
  });

  it('presentation the reference rejects is read by strict mode: code fences, surrounding pipes', () => {
    const v = eu('```\n|C1|A3|B2|\n|B3|C2|A1|\n|A2|B1|C3|\n```');
    expect(v.ref.status).toBe('fail');
    expect(v.strict.status).toBe('pass');
  });

  it('leniency: the reference coerces the initial grid to the answer size, so a smaller square passes', () => {
    const v = eu('C1|A3|B2\nB3|C2|A1\nA2|B1|C3', 'C1| | | \n | | | \n | | | \n | | | ');
    expect(v.ref.status).toBe('pass');
    expectFail(v.strict, /the answer has 3 rows; the puzzle is 4×4/);
  });

  it('rows shorter than the row count crash the reference column check', () => {
    expect(euleroVerifier.reference(input('eulero', 'A1|B2\nB3|C1\nC2|A3', ''))).toMatchObject({ status: 'fail', crashed: true });
  });
});

// ----------------------------------------------------------------------------------------------------
describe('numbrix', () => {
  const initial = '\n|1| |3|\n| | | |\n|7| |9|';
  const truth = '\n|1|2|3|\n|6|5|4|\n|7|8|9|';
  const allows = 'Not every empty cell needs to be filled.';
  const nb = (answer: string, q = '', init = initial, gt = truth) => both(numbrixVerifier, input('numbrix', answer, init, gt, q));

  it('accepts the solution and any valid chain', () => {
    expect(nb('|1|2|3|\n|6|5|4|\n|7|8|9|')).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
    expect(nb('1 2 3\n6 5 4\n7 8 9').strict.status).toBe('pass');
    expect(nb('|1|6|7|\n|2|5|8|\n|3|4|9|', '', '\n|1| | |\n| | | |\n| | | |')).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
  });

  it('reports duplicates, givens, gaps and breaks in the chain with their cells', () => {
    expectFail(nb('|1|2|3|\n|6|5|4|\n|7|9|9|').ref, /the number 9 appears twice \(row 3, column 2 and row 3, column 3\)/, [{ row: 2, col: 1 }, { row: 2, col: 2 }]);
    expectFail(nb('|1|2|4|\n|6|5|3|\n|7|8|9|').strict, /row 1, column 3 is given as 3 but the answer has 4/, [{ row: 0, col: 2 }]);
    expectFail(nb('|1|2|3|\n|4|5|6|\n|7|8|9|', '', '\n|1| | |\n| | | |\n| | | |').strict, /3 \(row 1, column 3\) and 4 \(row 2, column 1\) are not orthogonally adjacent/, [{ row: 0, col: 2 }, { row: 1, col: 0 }]);
    expectFail(nb('|1|2| |\n| | | |\n| | |5|', allows, '\n|1| | |\n| | | |\n| | | |').strict, /the chain 1..5 is missing 3, 4/);
    expectFail(nb('|1|2|x|\n|6|5|4|\n|7|8|9|').strict, /row 1, column 3 holds "x", not a number/, [{ row: 0, col: 2 }]);
  });

  it('cells may stay empty only when the question says so', () => {
    const partial = '|1|2|3|\n| | |4|\n| | | |';
    const init = '\n|1| | |\n| | | |\n| | | |';
    expect(nb(partial, allows, init).strict.status).toBe('pass');
    const full = nb(partial, 'Fill every cell.', init);
    expect(full.ref.status).toBe('pass');
    expectFail(full.strict, /5 cells are empty \(first: row 2, column 1\); the chain must cover all 9 cells/, [{ row: 1, col: 0 }]);
  });

  it('leniency: the reference crops extra columns/rows to the stored solution; strict does not', () => {
    const v = nb('|1|2|3|0|\n|6|5|4|0|\n|7|8|9|0|\n|0|0|0|0|');
    expect(v.ref.status).toBe('pass');
    expectFail(v.strict, /the answer has 4 rows; the puzzle has 3/, [{ kind: 'row', row: 3 }]);
  });

  it('needs | separators in the reference; an empty answer is unreadable', () => {
    expect(nb('1 2 3\n6 5 4\n7 8 9').ref.status).toBe('fail');
    expectFail(nb('').ref, /could not read a grid/);
    expect(nb('').strict.status).toBe('error');
  });
});

// ----------------------------------------------------------------------------------------------------
describe('snake', () => {
  // 5×5, S at (0,1), E at (4,1), two valid snakes share these counts.
  const grid = JSON.stringify([[null, 'S', null, null, null], [null, null, null, null, null], [null, null, null, null, null], [null, null, null, null, null], [null, 'E', null, null, null]]);
  const question = 'Grid size: 5×5\nRow counts: 2, 1, 3, 1, 2\nColumn counts: 3, 3, 3, 0, 0\nOutput: a coordinate sequence like (r,c) with zero-based indices.';
  const stored = '(0,1) (0,2) (1,2) (2,2) (2,1) (2,0) (3,0) (4,0) (4,1)';
  const other = '(0,1) (0,0) (1,0) (2,0) (2,1) (2,2) (3,2) (4,2) (4,1)';
  const sn = (answer: string, q = question) => both(snakeVerifier, input('snake', answer, grid, stored, q));

  it('the reference compares cell sets with the stored path; strict accepts any valid snake', () => {
    expect(sn(stored)).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
    const alt = sn(other);
    expectFail(alt.ref, /lacks 4 cells of the stored path: \(0,2\) \(1,2\) \(3,0\) \(4,0\); it has 4 cells not on the stored path/);
    expect(alt.strict.status).toBe('pass');
    expect(sn('[(0, 1), (0, 2), (1, 2), (2, 2), (2, 1), (2, 0), (3, 0), (4, 0), (4, 1)]').strict.status).toBe('pass');
  });

  it('leniency: the reference ignores order and repeats', () => {
    const shuffled = sn('(0,2) (0,1) (1,2) (2,2) (2,1) (2,0) (3,0) (4,0) (4,1)');
    expect(shuffled.ref.status).toBe('pass');
    expectFail(shuffled.strict, /starts at \(0,2\), not at S \(0,1\)/, [{ row: 0, col: 2 }]);
    const repeated = sn(`${stored} (4,1)`);
    expect(repeated.ref.status).toBe('pass');
    expectFail(repeated.strict, /visits \(4,1\) twice/, [{ row: 4, col: 1 }]);
  });

  it('reports jumps, touching, the end cell and the counts', () => {
    expectFail(sn('(0,1) (0,2) (2,2) (2,1) (2,0) (3,0) (4,0) (4,1)').strict, /step 2 goes from \(0,2\) to \(2,2\)/, [{ row: 0, col: 2 }, { row: 2, col: 2 }]);
    expectFail(sn('(0,1) (0,2) (1,2) (1,1) (2,1) (3,1) (4,1)').strict, /touches itself: \(0,1\) \(cell 1\) and \(1,1\) \(cell 4\)/);
    expectFail(sn('(0,1) (0,2) (1,2) (2,2) (2,1) (2,0) (3,0) (4,0)').strict, /ends at \(4,0\), not at E \(4,1\)/);
    expectFail(sn('(0,1) (1,1) (2,1) (3,1) (4,1)').strict, /row 0 has 1 snake cell but its count is 2.*column 0 has 0 snake cells but its count is 3/, [{ kind: 'row', row: 0 }, { kind: 'col', col: 0 }]);
  });

  it('without counts in the question, strict falls back to the stored cells (as a valid path)', () => {
    expect(sn(stored, '').strict.status).toBe('pass');
    expectFail(sn(other, '').strict, /compared with the stored one/);
  });

  it('only (r,c) pairs with no space inside the parentheses count for the reference', () => {
    expect(sn('( 0,1) (0,2) (1,2) (2,2) (2,1) (2,0) (3,0) (4,0) (4,1)').ref.status).toBe('fail');
    expect(sn('').ref.reason).toMatch(/could not read a path/);
  });
});

// ----------------------------------------------------------------------------------------------------
describe('aquarium', () => {
  // 3×3: region 0 = (0,0),(1,0),(0,1); region 1 = (2,0),(1,1),(2,1),(2,2); region 2 = (0,2),(1,2). Cells are (x, y).
  const regions = [[0, 0, 1], [0, 1, 1], [2, 2, 1]];
  const state = (filled: Array<[number, number]>) => ({
    regions,
    row_clues: [0, 1, 2].map((y) => filled.filter(([, fy]) => fy === y).length),
    col_clues: [0, 1, 2].map((x) => filled.filter(([fx]) => fx === x).length),
    grid_size: [3, 3],
  });
  const solution: Array<[number, number]> = [[0, 1], [1, 1], [2, 1], [2, 2], [0, 2], [1, 2]];
  const aq = (answer: string, st = state(solution)) => both(aquariumVerifier, input('aquarium', answer, st));

  it('accepts the solution as tuples, bare pairs or (strict) nested lists', () => {
    expect(aq('[(0, 1), (1, 1), (2, 1), (2, 2), (0, 2), (1, 2)]')).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
    expect(aq('(0,1),(1,1),(2,1),(2,2),(0,2),(1,2)')).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
  });

  it('reference quirk: a nested list yields only its first pair; strict reads every cell', () => {
    expect(extractAquariumReference('[[0, 1], [1, 1], [2, 1]]')?.pairs).toEqual([[0, 1]]);
    const v = aq('[[0, 1], [1, 1], [2, 1], [2, 2], [0, 2], [1, 2]]');
    expectFail(v.ref, /row y=1 has 1 filled cell but its clue is 3/);
    expect(v.strict.status).toBe('pass');
  });

  it('leniency: with a nested list the reference checks only the first cell', () => {
    const v = aq('[[2, 2], [0, 0], [1, 0]]', state([[2, 2]]));
    expect(v.ref.status).toBe('pass');
    expectFail(v.strict, /row y=0 has 2 filled cells but its clue is 0/, [{ kind: 'row', row: 0 }]);
  });

  it('reports counts, floating water and uneven levels with their cells (x = column, y = row)', () => {
    expectFail(aq('[(0, 1), (1, 1), (2, 1), (2, 2), (0, 2)]').strict, /row y=2 has 2 filled cells but its clue is 3.*column x=1 has 1 filled cell but its clue is 2/, [{ kind: 'row', row: 2 }, { kind: 'col', col: 1 }]);
    const floating: Array<[number, number]> = [[2, 0], [2, 1], [1, 1]];
    expectFail(aq('[(2, 0), (2, 1), (1, 1)]', state(floating)).strict, /\(x=2, y=1\) holds water but \(x=2, y=2\) below it, in the same region 1, is empty/, [{ row: 1, col: 2 }, { row: 2, col: 2 }]);
    const uneven: Array<[number, number]> = [[0, 2], [2, 1], [2, 2]];
    expectFail(aq('[(0, 2), (2, 1), (2, 2)]', state(uneven)).strict, /region 1 is filled unevenly in row y=1: 1 of its 2 cells/, [{ row: 1, col: 1 }]);
    expectFail(aq('[(3, 0)]').strict, /\(x=3, y=0\) is outside the 3×3 grid/);
    expectFail(aq('[(0, 1), (0, 1), (1, 1), (2, 1), (2, 2), (0, 2), (1, 2)]').strict, /listed twice/, [{ row: 1, col: 0 }]);
  });

  it('"[]" anywhere means no water; it passes only when every clue is 0', () => {
    expect(aq('[]', state([])).ref.status).toBe('pass');
    expectFail(aq('The cells are [] I think').ref, /empty list \(no water\)/);
  });

  it('an unterminated list with many pairs is the reference timeout; fewer pairs are read as scattered pairs', () => {
    const pairs = (k: number) => `[${Array.from({ length: k }, (_, i) => `(${i % 8}, ${Math.floor(i / 8)})`).join(', ')}`;
    expect(() => groupContents(pairs(TIMEOUT_GROUPS), '[', ']')).toThrow(/times out/);
    expect(groupContents(pairs(TIMEOUT_GROUPS - 1), '[', ']')).toEqual([]);
    expect(groupContents('[(0, 1), (1, [2])] and [3, 4]', '[', ']')).toEqual(['(0, 1), (1, [2])', '3, 4']);
    expect(aquariumVerifier.reference(input('aquarium', pairs(30), state(solution)))).toMatchObject({ status: 'fail', crashed: true });
  });

  it('unreadable answers: reference fail, strict error', () => {
    const v = aq("I'm sorry, I cannot tell.");
    expectFail(v.ref, /could not read a list of cells/);
    expect(v.strict.status).toBe('error');
  });
});

// ----------------------------------------------------------------------------------------------------
describe('binairo', () => {
  const initial = JSON.stringify([[0, null, null, 0], [null, 0, null, null], [null, null, 0, null], [1, null, null, null]]);
  const solution = '0 1 1 0\n1 0 0 1\n0 1 0 1\n1 0 1 0';
  const bi = (answer: string, init: string | null = initial) => both(binairoVerifier, input('binairo', answer, init, solution));

  it('accepts the solution in the common formats', () => {
    for (const a of [solution, '0110\n1001\n0101\n1010', '[[0,1,1,0],[1,0,0,1],[0,1,0,1],[1,0,1,0]]', '0,1,1,0\n1,0,0,1\n0,1,0,1\n1,0,1,0', '```\n0 1 1 0\n1 0 0 1\n0 1 0 1\n1 0 1 0\n```']) {
      expect(bi(a), a).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
    }
    // Row labels defeat every reference strategy; strict reads them.
    expect(bi('Row 1: 0 1 1 0\nRow 2: 1 0 0 1\nRow 3: 0 1 0 1\nRow 4: 1 0 1 0')).toMatchObject({ ref: { status: 'fail' }, strict: { status: 'pass' } });
  });

  it('reports dimensions, givens, balance, triples and duplicates with positions (1-based rows/columns)', () => {
    expectFail(bi('0 1 1 0\n1 0 0 1\n0 1 0 1').strict, /the answer has 3 rows; the puzzle is 4×4/);
    expectFail(bi('1 0 0 1\n0 1 1 0\n0 1 0 1\n1 0 1 0').ref, /row 1, column 1 is given as 0 but the answer has 1/);
    expectFail(bi('0 1 1 0\n1 0 0 1\n0 1 0 1\n1 0 1 0', JSON.stringify([[null, null, null, null], [null, null, null, null], [null, null, null, null], [null, null, null, 1]])).strict, /row 4, column 4 is given as 1 but the answer has 0/, [{ row: 3, col: 3 }]);
    // Without an initial grid the reference checks the rules only; strict takes the size from the stored answer.
    expect(bi(solution, null)).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
  });

  it('reports each rule with its location', () => {
    const none = JSON.stringify([[null, null, null, null], [null, null, null, null], [null, null, null, null], [null, null, null, null]]);
    expectFail(bi('0 1 1 0\n1 0 0 1\n0 1 1 0\n1 0 0 1', none).strict, /rows 1 and 3 are identical/, [{ kind: 'row', row: 0 }, { kind: 'row', row: 2 }]);
    expectFail(bi('0 0 1 1\n0 0 1 1\n1 1 0 0\n1 1 0 0', none).ref, /rows 1 and 2 are identical/);
    expectFail(bi('0 0 0 1\n1 1 1 0\n0 1 0 1\n1 0 1 0', none).strict, /row 1 has 3 zeros and 1 ones/, [{ kind: 'row', row: 0 }]);
    expectFail(bi('0 1 1 0\n0 1 0 1\n0 0 1 1\n1 0 0 1', none).strict, /column 1 has three 0s in a row \(rows 1–3\)/, [{ row: 0, col: 0 }, { row: 2, col: 0 }]);
    expectFail(bi('0 1 1 0\n1 0 0 1\n0 1 0 1\n1 0 1 2').strict, /row 4, column 4 holds 2; cells must be 0 or 1/, [{ row: 3, col: 3 }]);
  });

  it('leniency: the reference drops a row of the wrong length; strict reports it', () => {
    const v = bi('0 1 1 0\n1 0 0 1\n0 1\n0 1 0 1\n1 0 1 0');
    expect(v.ref.status).toBe('pass');
    expectFail(v.strict, /the answer has 5 rows/);
  });

  it('reference quirk: all digits on one line split into the fewest rows that divide them', () => {
    expect(extractBinairoReference('0 1 1 0 1 0 0 1 0 1 0 1 1 0 1 0')?.matrix).toEqual([[0, 1, 1, 0, 1, 0, 0, 1], [0, 1, 0, 1, 1, 0, 1, 0]]);
    expectFail(bi('0 1 1 0 1 0 0 1 0 1 0 1 1 0 1 0').ref, /is 2×8, but the puzzle has 4 rows/);
  });

  it('unreadable answers: reference fail, strict error', () => {
    expectFail(bi('no idea').ref, /could not read a 0\/1 grid/);
    expect(bi('no idea').strict.status).toBe('error');
  });
});

// ----------------------------------------------------------------------------------------------------
describe('campsite', () => {
  const state = {
    input_grid: [['X', 'X', 'X', 'X', 'X'], ['T', 'T', 'X', 'X', 'T'], ['X', 'X', 'X', 'X', 'X'], ['X', 'X', 'X', 'X', 'X'], ['X', 'T', 'X', 'X', 'T']],
    row_constraints: [1, 0, 1, 0, 1],
    col_constraints: [2, 0, 0, 0, 1],
  };
  const cs = (answer: string, st: Record<string, unknown> = state) => both(campsiteVerifier, input('campsite', answer, st));

  it('accepts the solution in several formats ([row, column], 1-based)', () => {
    for (const a of ['[[1, 5], [3, 1], [5, 1]]', '[(1,5),(3,1),(5,1)]', '1 5\n3 1\n5 1', '[[3, 1], [1, 5], [5, 1]]']) expect(cs(a), a).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
  });

  it('reports adjacency to trees, touching tents and the counts', () => {
    expectFail(cs('[[1, 5], [3, 1], [4, 3]]').ref, /tent \[4, 3\] is not orthogonally next to a tree/, [{ row: 3, col: 2 }]);
    expectFail(cs('[[1, 1], [1, 2]]').strict, /tents \[1, 1\] and \[1, 2\] touch/, [{ row: 0, col: 0 }, { row: 0, col: 1 }]);
    expectFail(cs('[[1, 5], [3, 1]]').strict, /row 5 has 0 tents but its constraint is 1/, [{ kind: 'row', row: 4 }]);
    expectFail(cs('[[1, 5], [3, 1], [5, 1], [1, 5]]').strict, /tent \[1, 5\] is listed twice/);
  });

  it('a 0 coordinate is an error in strict mode; the reference silently drops such pairs', () => {
    expect(extractCampsiteReference('[(0,1),(2,3)]')?.tents).toEqual([[2, 3]]);
    expectFail(cs('[[0, 4], [2, 0], [4, 0]]').strict, /tent \[0, 4\] has a coordinate below 1: coordinates are 1-based/);
  });

  it('leniency: a tent on a tree, and two tents sharing one tree', () => {
    const onTree = cs('[[1, 1]]', { input_grid: [['T', 'T', 'X']], row_constraints: [1], col_constraints: [1, 0, 0] });
    expect(onTree.ref.status).toBe('pass');
    expectFail(onTree.strict, /tent \[1, 1\] is placed on a tree/, [{ row: 0, col: 0 }]);
    const shared = cs('[[1, 1], [1, 3]]', { input_grid: [['X', 'T', 'X'], ['X', 'X', 'X']], row_constraints: [2, 0], col_constraints: [1, 0, 1] });
    expect(shared.ref.status).toBe('pass');
    expectFail(shared.strict, /cannot each be paired with their own tree: \[1, 3\]/, [{ row: 0, col: 2 }]);
  });

  it('no tents: correct only when every constraint is 0; unreadable answers are an error in strict mode', () => {
    expect(cs('none', { ...state, row_constraints: [0, 0, 0, 0, 0], col_constraints: [0, 0, 0, 0, 0] })).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
    expectFail(cs("I'm sorry.").ref, /no tents were read/);
    expect(cs('[[1, 5], [3, 1], [5').strict.status).toBe('error');
  });
});

describe('strict pair-list reader', () => {
  it('reads literals, lists in prose and runs of bare pairs, and refuses stray or broken pieces', () => {
    expect(readPairListStrict('[(0, 1), (2, 3)]')).toMatchObject({ ok: true, pairs: [[0, 1], [2, 3]] });
    expect(readPairListStrict('So the answer is [[1, 2], [3, 4]].')).toMatchObject({ ok: true, pairs: [[1, 2], [3, 4]] });
    expect(readPairListStrict('The path: (0,1) (0,2) -> (1,2) I think')).toMatchObject({ ok: true, pairs: [[0, 1], [0, 2], [1, 2]] });
    expect(readPairListStrict('[(0, 1)], (0, 1)')).toMatchObject({ ok: true, pairs: [[0, 1], [0, 1]] });
    expect(readPairListStrict('[[1, 2], [3, 4]] and also (5, 6)')).toMatchObject({ ok: false, reason: expect.stringMatching(/outside its list/) });
    expect(readPairListStrict('[[1, 2], [3]]')).toMatchObject({ ok: false, reason: expect.stringMatching(/item 2: \[3\] has 1 number, not 2/) });
    expect(readPairListStrict('(0,1) here, and (1,1) there')).toMatchObject({ ok: false });
    expect(readPairListStrict('')).toMatchObject({ ok: false, reason: 'the answer is empty' });
  });
});
