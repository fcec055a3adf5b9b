/**
 * Line/grid puzzles: strict rules and located reasons on hand-made boards (a valid answer and each kind
 * of violation per task), the reference's leniencies (reference passes, strict fails), answers the
 * reference rejects but strict accepts, and the reference's crash cases.
 */
import { describe, expect, it } from 'vitest';
import { bridgesVerifier, hitoriVerifier, nonogramVerifier, shingokiVerifier, tapaVerifier, wordsearchVerifier } from '../../src/core/verify/tasks/lineGrids';
import type { Check, Location, VerifyInput } from '../../src/core/verify/types';

function input(category: string, answer: string, initialState: VerifyInput['initialState'], groundTruth = '', question = ''): VerifyInput {
  return { answer, groundTruth, initialState, category, question };
}

function expectFail(check: Check, ...fragments: string[]): void {
  expect(check.status, check.reason).toBe('fail');
  for (const f of fragments) expect(check.reason).toContain(f);
}

const cells = (check: Check): Array<[number, number]> => (check.locations ?? []).filter((l: Location) => l.kind === 'cell' || l.kind === 'node').map((l) => [l.row!, l.col!]);

// -------------------------------------------------------------------------------------------------

describe('bridges', () => {
  const v = bridgesVerifier;
  // Islands (x, y): (0,0) needs 1, (2,0) needs 2, (2,2) needs 1.
  const state = { islands: [{ x: 0, y: 0, num: 1 }, { x: 2, y: 0, num: 2 }, { x: 2, y: 2, num: 1 }] };
  const run = (answer: string, st: VerifyInput['initialState'] = state, question = '') => ({ ref: v.reference(input('bridges', answer, st, '', question)), strict: v.strict(input('bridges', answer, st, '', question)) });

  it('accepts a valid solution in both modes, in any order and direction', () => {
    for (const a of ['(0,0)-(2,0):1\n(2,0)-(2,2):1', '(2,2)-(2,0):1\n(2,0)-(0,0):1']) {
      const r = run(a);
      expect(r.ref.status).toBe('pass');
      expect(r.strict.status).toBe('pass');
    }
  });

  it('island counts: names the island, its bridges and its number, with (x,y) = (col,row) locations', () => {
    const r = run('(0,0)-(2,0):2\n(2,0)-(2,2):1');
    expectFail(r.strict, 'island (0,0) has 2 bridges but its number is 1', 'island (2,0) has 3 bridges but its number is 2');
    expect(cells(r.strict)).toEqual([
      [0, 0],
      [0, 2],
    ]);
    expectFail(r.ref, 'island (0,0) has 2 bridges');
  });

  it('endpoint not an island, diagonal bridge, bridge to itself', () => {
    const a = run('(0,0)-(2,0):1\n(2,0)-(2,3):1').strict;
    expectFail(a, 'bridge 2 (2,0)-(2,3): (2,3) is not an island');
    expect(a.locations).toContainEqual({ kind: 'cell', row: 3, col: 2, label: 'not an island' });
    expectFail(run('(0,0)-(2,2):1\n(2,0)-(2,2):1').strict, 'bridge 1 (0,0)-(2,2) is diagonal');
    expectFail(run('(0,0)-(0,0):1').strict, 'joins island (0,0) to itself');
  });

  it('a bridge over an island and crossing bridges are located', () => {
    const over = { islands: [{ x: 0, y: 0, num: 1 }, { x: 1, y: 0, num: 1 }, { x: 2, y: 0, num: 1 }, { x: 1, y: 2, num: 1 }] };
    const a = run('(0,0)-(2,0):1\n(1,0)-(1,2):1', over).strict;
    expectFail(a, 'bridge 1 (0,0)-(2,0) passes over island (1,0)');
    expect(a.locations).toContainEqual({ kind: 'cell', row: 0, col: 1, label: 'island under a bridge' });
    const cross = { islands: [{ x: 1, y: 0, num: 1 }, { x: 1, y: 2, num: 1 }, { x: 0, y: 1, num: 1 }, { x: 2, y: 1, num: 1 }] };
    const b = run('(1,0)-(1,2):1\n(0,1)-(2,1):1', cross);
    expectFail(b.strict, 'bridges 1 (1,0)-(1,2) and 2 (0,1)-(2,1) cross at (1,1)');
    expect(b.strict.locations).toContainEqual({ kind: 'cell', row: 1, col: 1, label: 'crossing' });
    expectFail(b.ref, 'cross at (1,1)');
  });

  it('more than two bridges between a pair, and a disconnected network', () => {
    const pairState = { islands: [{ x: 0, y: 0, num: 3 }, { x: 2, y: 0, num: 3 }] };
    expectFail(run('(0,0)-(2,0):3', pairState).strict, 'count 3; a connection holds 1 or 2 bridges');
    expectFail(run('(0,0)-(2,0):2\n(2,0)-(0,0):1', pairState).ref, 'joined by 3 bridges; at most 2');
    const two = { islands: [{ x: 0, y: 0, num: 1 }, { x: 2, y: 0, num: 1 }, { x: 0, y: 2, num: 1 }, { x: 2, y: 2, num: 1 }] };
    const r = run('(0,0)-(2,0):1\n(0,2)-(2,2):1', two).strict;
    expectFail(r, 'not form one connected network', '(0,2), (2,2) cannot be reached from (0,0)');
    expect(cells(r)).toEqual([
      [2, 0],
      [2, 2],
    ]);
  });

  it('strict: a connection listed twice, or without a count, is rejected', () => {
    const dup = run('(0,0)-(2,0):1\n(2,0)-(2,2):1\n(2,2)-(2,0):1');
    expectFail(dup.strict, 'the connection (2,2)-(2,0) is listed twice (bridges 2 and 3)');
    expectFail(run('(0,0)-(2,0)\n(2,0)-(2,2):1').strict, 'bridge 1 (0,0)-(2,0) has no count');
  });

  it('leniency: the reference reads only the first bridge of a line, so a wrong second bridge passes', () => {
    const r = run('(0,0)-(2,0):1\n(2,0)-(2,2):1, (0,0)-(0,2):1');
    expect(r.ref.status).toBe('pass');
    expectFail(r.strict, '(0,2) is not an island');
  });

  it('strict reads every bridge: all bridges on one line pass strict, fail the reference', () => {
    const r = run('(0,0)-(2,0):1 (2,0)-(2,2):1');
    expectFail(r.ref, 'reads only the first bridge of each line');
    expect(r.strict.status).toBe('pass');
  });

  it('the keyword block: "bridges" inside a line starts the reference block and loses the first bridge', () => {
    const r = run('(0,0) - (2,0): 1 bridges\n(2,0) - (2,2): 1 bridge');
    expectFail(r.ref, 'the reference read only the block');
    expect(r.strict.status).toBe('pass');
  });

  it('unreadable answers: reference fail, strict error; islands fall back to the question', () => {
    const r = run("I'm sorry, I cannot solve it.");
    expectFail(r.ref, 'could not read a bridge list from the answer');
    expect(r.strict.status).toBe('error');
    expect(r.strict.reason).toContain('could not read a bridge list');
    const q = 'Island at coordinates (0, 0) has number 1.\nIsland at coordinates (2, 0) has number 1.';
    expect(v.strict(input('bridges', '(0,0)-(2,0):1', null, '', q)).status).toBe('pass');
    expectFail(v.strict(input('bridges', '(0,0)-(2,0):2', null, '', q)), 'island (0,0) has 2 bridges');
  });

  it('crash: an initial_state that decodes to a list makes the reference raise', () => {
    const r = v.reference(input('bridges', '(0,0)-(2,0):1', '[1, 2]'));
    expect(r.status).toBe('fail');
    expect(r.crashed).toBe(true);
    expect(r.reason).toContain("not a dict");
  });
});

// -------------------------------------------------------------------------------------------------

describe('hitori', () => {
  const v = hitoriVerifier;
  // 1 1 2 / 2 3 1 / 3 2 1: row 0 has two 1s, column 2 has two 1s.
  const grid = '[[1, 1, 2], [2, 3, 1], [3, 2, 1]]';
  const run = (answer: string, st: VerifyInput['initialState'] = grid) => ({ ref: v.reference(input('hitori', answer, st)), strict: v.strict(input('hitori', answer, st)) });

  it('accepts any valid shading in both modes', () => {
    for (const a of ['{(0, 1), (2, 2)}', '{(0, 0), (1, 2)}', '[[0, 0], [2, 2]]', '((0,1),(2,2))']) {
      const r = run(a);
      expect([r.ref.status, r.strict.status], a).toEqual(['pass', 'pass']);
    }
  });

  it('duplicates among unshaded cells: the row and both cells', () => {
    const r = run('{(0, 1)}');
    expectFail(r.strict, 'column 2 has 2 unshaded 1s, at (1, 2) and (2, 2)');
    expect(cells(r.strict)).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expectFail(r.ref, 'column 2 has 2 unshaded 1s');
  });

  it('adjacent shaded cells', () => {
    const r = run('{(0, 0), (0, 1), (2, 2)}');
    expectFail(r.strict, 'shaded cells must not touch orthogonally: (0, 0)–(0, 1)');
    expect(cells(r.strict)).toEqual([
      [0, 0],
      [0, 1],
    ]);
    expectFail(r.ref, 'shaded cells (0, 0) and (0, 1) are orthogonally adjacent');
  });

  it('unshaded cells cut off, and cells outside the grid', () => {
    const r = run('{(0, 1), (1, 2)}');
    expectFail(r.strict, 'not one orthogonally connected region', '(0, 2)');
    expect(cells(r.strict)).toEqual([[0, 2]]);
    expectFail(run('{(0, 1), (2, 2), (3, 0)}').strict, 'shaded cell (3, 0) is outside the 3×3 grid');
  });

  it('leniency: the reference reads only the pairs inside {…}, ignoring an extra cell after it', () => {
    const r = run('{(0, 1), (2, 2)}, (1, 1)');
    expect(r.ref.status).toBe('pass');
    expectFail(r.strict, '(0, 1)–(1, 1)');
  });

  it('strict reads the usual notations; an unreadable answer is an error, an explicit empty set is not', () => {
    expect(run('row=0, col=1; row=2, col=2').strict.status).toBe('pass');
    expect(run('第0行第1列，第2行第2列').strict.status).toBe('pass');
    const junk = run('I cannot solve this.');
    expect(junk.strict.status).toBe('error');
    expect(junk.strict.reason).toContain('could not read a set of shaded (row, col) cells');
    expectFail(junk.ref, 'no shaded cell could be read from the answer'); // the reference checks the empty set
    const noDup = '[[1, 2], [2, 1]]';
    expect(run('{}', noDup).strict.status).toBe('pass');
    expect(run('{}', noDup).ref.status).toBe('pass');
  });

  it('the grid falls back to the question when initial_state is missing', () => {
    const q = '### Initial State:\n```\n1 1 2\n2 3 1\n3 2 1\n```\n';
    expect(v.strict(input('hitori', '{(0, 1), (2, 2)}', null, '', q)).status).toBe('pass');
    expectFail(v.strict(input('hitori', '{(0, 1)}', null, '', q)), 'column 2 has 2 unshaded 1s');
  });

  it('crash: a grid with more rows than columns makes the reference raise', () => {
    const r = v.reference(input('hitori', '{(0, 0)}', '[[1, 2], [2, 1], [1, 1]]'));
    expect(r.crashed).toBe(true);
    expect(r.reason).toContain('IndexError');
  });
});

// -------------------------------------------------------------------------------------------------

describe('nonogram', () => {
  const v = nonogramVerifier;
  // 2×2, rows [1], [1]; columns [1], [1]: two solutions.
  const clues = '[[[1], [1]], [[1], [1]]]';
  const gt = 'X.\n.X';
  const run = (answer: string, st: VerifyInput['initialState'] = clues, question = '') => ({ ref: v.reference(input('nonogram', answer, st, gt, question)), strict: v.strict(input('nonogram', answer, st, gt, question)) });

  it('the stored grid passes both modes', () => {
    const r = run('X.\n.X');
    expect([r.ref.status, r.strict.status]).toEqual(['pass', 'pass']);
  });

  it('strict accepts the other solution and harmless formatting the reference rejects', () => {
    for (const a of ['.X\nX.', 'x.\n.x', 'X .\n. X', '```\nX.\n.X\n```', 'X. .X', 'Row 1: X.\nRow 2: .X']) {
      const r = run(a);
      expect(r.strict.status, a).toBe('pass');
      expect(r.ref.status, a).toBe('fail');
    }
    expectFail(run('.X\nX.').ref, 'line 1 is ".X", the stored solution has "X."');
  });

  it('clue violations name the row/column (1-based) and their blocks', () => {
    const r = run('XX\n..');
    expectFail(r.strict, 'row 1 has blocks [2] but its clue is [1]', 'row 2 has blocks [] but its clue is [1]');
    expect(r.strict.locations).toContainEqual({ kind: 'row', row: 0, label: 'blocks [2], clue [1]' });
    const c = run('X.\nX.');
    expectFail(c.strict, 'column 1 has blocks [2] but its clue is [1]', 'column 2 has blocks [] but its clue is [1]');
    expect(c.strict.locations).toContainEqual({ kind: 'col', col: 1, label: 'blocks [], clue [1]' });
  });

  it('no rows or columns are silently cropped', () => {
    expectFail(run('X.\n.X\n..').strict, 'the grid has 3 rows, the puzzle has 2');
    expectFail(run('X..\n.X.').strict, 'row 1 has 3 cells, the puzzle is 2 wide');
  });

  it('clues from the question; an unreadable answer is an error', () => {
    const q = 'Row clues: [[1], [1]]\nColumn clues: [[1], [1]]\n';
    expect(run('.X\nX.', null, q).strict.status).toBe('pass');
    const junk = run('no idea');
    expect(junk.strict.status).toBe('error');
    expectFail(junk.ref, 'character for character');
  });
});

// -------------------------------------------------------------------------------------------------

describe('shingoki', () => {
  const v = shingokiVerifier;
  // 3×3 lattice points: W2 at (0,1), B4 at (0,2), B4 at (2,2); the border loop is the solution.
  const grid = '[[".", "W2", "B4"], [".", ".", "."], [".", ".", "B4"]]';
  const loop = '(0,0)-(0,1) (0,1)-(0,2) (0,2)-(1,2) (1,2)-(2,2) (2,2)-(2,1) (2,1)-(2,0) (2,0)-(1,0) (1,0)-(0,0)';
  const run = (answer: string, st: VerifyInput['initialState'] = grid) => ({ ref: v.reference(input('shingoki', answer, st)), strict: v.strict(input('shingoki', answer, st)) });

  it('the loop passes both modes, in any order or direction, and as a chain in strict', () => {
    const reversed = '(0,0)-(1,0) (1,0)-(2,0) (2,0)-(2,1) (2,1)-(2,2) (2,2)-(1,2) (1,2)-(0,2) (0,2)-(0,1) (0,1)-(0,0)';
    for (const a of [loop, reversed]) expect([run(a).ref.status, run(a).strict.status]).toEqual(['pass', 'pass']);
    expect(run('(0,0)-(0,1)-(0,2)-(1,2)-(2,2)-(2,1)-(2,0)-(1,0)-(0,0)').strict.status).toBe('pass');
  });

  it('dead ends and branches name the points', () => {
    const open = run(loop.replace(' (1,0)-(0,0)', ''));
    expectFail(open.strict, '(0,0) is a dead end (1 segment)', '(1,0) is a dead end');
    expect(cells(open.strict)).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expectFail(run(`${loop} (0,1)-(1,1)`).strict, '(0,1) has 3 segments meeting');
  });

  it('two separate loops, a segment that is not a unit step', () => {
    const twoLoops = { rows: 4, cols: 4, circles: { '0,0': { type: 'black', value: 2 } } };
    const r = run('(0,0)-(0,1) (0,1)-(1,1) (1,1)-(1,0) (1,0)-(0,0) (2,2)-(2,3) (2,3)-(3,3) (3,3)-(3,2) (3,2)-(2,2)', twoLoops);
    expectFail(r.strict, 'the segments form 2 separate loops');
    expectFail(run(loop.replace('(1,0)-(0,0)', '(2,0)-(0,0)')).strict, 'segment 8 (2,0)-(0,0) does not join two adjacent points');
  });

  it('circle rules: white must go straight, black must turn, the value is the two straight runs', () => {
    const white = { rows: 3, cols: 3, circles: { '0,0': { type: 'white', value: 2 } } };
    const small = '(0,0)-(0,1) (0,1)-(1,1) (1,1)-(1,0) (1,0)-(0,0)';
    expectFail(run(small, white).strict, 'the loop turns at the white circle (0,0)');
    const black = { rows: 3, cols: 3, circles: { '0,1': { type: 'black', value: 2 } } };
    expectFail(run(loop, black).strict, 'the loop goes straight through the black circle (0,1)');
    const value = { rows: 3, cols: 3, circles: { '0,0': { type: 'black', value: 3 } } };
    const r = run(small, value);
    expectFail(r.strict, 'the black circle at (0,0) has value 3 but its two straight lines are 1 + 1 = 2 long');
    expect(r.strict.locations).toContainEqual({ kind: 'node', row: 0, col: 0, label: 'lines 1+1, value 3' });
    const off = { rows: 3, cols: 3, circles: { '2,2': { type: 'black', value: 2 } } };
    expectFail(run(small, off).strict, 'does not pass through the black circle at (2,2)');
  });

  it('strict: a segment listed twice is named', () => {
    expectFail(run(`${loop} (0,0)-(1,0)`).strict, 'segment (0,0)-(1,0) is listed twice (segments 8 and 9)');
  });

  it('leniency: the reference allows points on row R / column C (one beyond the lattice)', () => {
    const bottom = '[[".", ".", "."], [".", ".", "."], [".", "W2", "."]]';
    const r = run('(2,0)-(2,1) (2,1)-(2,2) (2,2)-(3,2) (3,2)-(3,1) (3,1)-(3,0) (3,0)-(2,0)', bottom);
    expect(r.ref.status).toBe('pass');
    expectFail(r.strict, 'outside the 3×3 grid of points');
  });

  it('leniency: unspaced segments hide spaced ones from the reference', () => {
    const r = run(`${loop} (1 , 1)-(1 , 2)`);
    expect(r.ref.status).toBe('pass');
    expectFail(r.strict, '(1,2) has 3 segments meeting');
  });

  it('unreadable answers: reference fail, strict error; the puzzle falls back to the question layout', () => {
    const r = run('no loop here');
    expectFail(r.ref, 'could not read any (r1,c1)-(r2,c2) segment');
    expect(r.strict.status).toBe('error');
    const q = 'Grid size: 3 rows × 3 columns\nGrid Layout:\n      0   1   2\n 0    .  W2  B4\n 1    .   .   .\n 2    .   .  B4\n\nLegend: ...';
    expect(v.strict(input('shingoki', loop, null, '', q)).status).toBe('pass');
  });
});

// -------------------------------------------------------------------------------------------------

describe('tapa', () => {
  const v = tapaVerifier;
  // 5×5, a single clue 2 at (2,2).
  const grid = '.....\n.....\n..2..\n.....\n.....';
  const run = (answer: string, st: VerifyInput['initialState'] = grid) => ({ ref: v.reference(input('tapa', answer, st)), strict: v.strict(input('tapa', answer, st)) });

  it('a valid answer passes both modes; strict also reads a B/W grid', () => {
    const r = run('(1,1), (1,2)');
    expect([r.ref.status, r.strict.status]).toEqual(['pass', 'pass']);
    expect(run('WWWWW\nWBBWW\nWW2WW\nWWWWW\nWWWWW').strict.status).toBe('pass');
  });

  it('leniency: N and E black with a white NE corner are one 8-connected group (reference) but two groups on the ring (strict)', () => {
    const r = run('(1,2), (0,2), (0,3), (0,4), (1,4), (2,4), (2,3)');
    expect(r.ref.status).toBe('pass');
    expectFail(r.strict, 'clue 2 at (2,2): its black neighbours form groups of 1, 1 (around the clue); it needs one group of 2');
    expect(r.strict.locations).toContainEqual({ kind: 'clue', row: 2, col: 2, label: expect.stringContaining('clue 2 at (2,2)') as string });
    expect(cells(r.strict)).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it('clue counts, clue 0, black on a clue, out of bounds', () => {
    expectFail(run('(1,1), (1,2), (1,3)').strict, 'clue 2 at (2,2): its black neighbours form groups of 3');
    expectFail(run('(1,1)', '.....\n.....\n..0..\n.....\n.....').strict, 'clue 0 at (2,2) has 1 black neighbour');
    const on = run('(2,2)');
    expectFail(on.strict, 'clue cells stay white, but (2,2) (clue 2) is black');
    expectFail(on.ref, 'black cell (2,2) is on the clue 2');
    expectFail(run('(1,1), (1,2), (5,0)').strict, 'black cell (5,0) outside the 5×5 grid');
  });

  it('black cells must be one orthogonal group without 2×2 blocks', () => {
    const r = run('(1,1), (1,2), (4,4)');
    expectFail(r.strict, 'not one orthogonally connected group', '(4,4) is cut off');
    expect(cells(r.strict)).toEqual([[4, 4]]);
    const block = run('(0,0), (0,1), (1,0), (1,1), (1,2)');
    expectFail(block.strict, '2×2 block of black cells at (0,0), (0,1), (1,0), (1,1)');
  });

  it('unreadable answers: reference fail, strict error; a wrong-size B/W grid is named', () => {
    const r = run('no idea');
    expectFail(r.ref, 'could not read black cells');
    expect(r.strict.status).toBe('error');
    const g = run('WWWWW\nWBBWW\nWW2WW');
    expect(g.strict.status).toBe('error');
    expect(g.strict.reason).toContain("the answer's B/W grid is 3×5, the puzzle is 5×5");
  });

  it('the puzzle falls back to the question clues', () => {
    const q = 'The grid is a 5x5 matrix of cells.\n- Cell (2,2) has clue \'2\': exactly 2 connected black cells';
    expect(v.strict(input('tapa', '(1,1), (1,2)', null, '', q)).status).toBe('pass');
    expectFail(v.strict(input('tapa', '(1,1)', null, '', q)), 'clue 2 at (2,2)');
  });
});

// -------------------------------------------------------------------------------------------------

describe('wordsearch', () => {
  const v = wordsearchVerifier;
  // C A T / A X A / T A C: CAT reads E and S from (1,1), W and N from (3,3).
  const grid = '[["C", "A", "T"], ["A", "X", "A"], ["T", "A", "C"]]';
  const gt = 'CAT E @ (1, 1)';
  const run = (answer: string, g = gt) => ({ ref: v.reference(input('wordsearch', answer, grid, g)), strict: v.strict(input('wordsearch', answer, grid, g)) });

  it('the stored placement passes both modes; strict accepts any correct placement', () => {
    expect([run('CAT E @ (1, 1)').ref.status, run('CAT E @ (1, 1)').strict.status]).toEqual(['pass', 'pass']);
    for (const a of ['CAT S @ (1, 1)', 'cat w @ (3, 3)', 'CAT N @ (3,3)']) {
      expect(run(a).strict.status, a).toBe('pass');
      expectFail(run(a).ref, 'only the stored placement counts');
    }
  });

  it('strict accepts the question\'s own order WORD DIR (x, y) @, which the reference cannot read', () => {
    const r = run('CAT E (1, 1) @');
    expectFail(r.ref, 'the @ must come between the direction and the coordinates');
    expect(r.strict.status).toBe('pass');
    for (const a of ['CATE@(1,1)', 'CAT: E @ (1, 1)', 'CAT\nE\n@\n(1, 1)']) expect(run(a).strict.status, a).toBe('pass');
    expectFail(run('CAT @ (1, 1)').strict, 'CAT @ (1, 1) has no direction');
  });

  it('a wrong placement says what the letters read and where the word is (x = column, y = row, 1-based)', () => {
    const r = run('CAT E @ (1, 2)');
    expectFail(r.strict, 'CAT E @ (1, 2) reads "AXA" there', 'CAT is at S @ (1, 1) or E @ (1, 1) or N @ (3, 3) or W @ (3, 3)', 'x = column, y = row, 1-based');
    expect(cells(r.strict)).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expectFail(run('CAT E @ (2, 1)').strict, 'runs off the grid after "AT"');
    expectFail(run('CAT E @ (9, 9)').strict, 'starts outside the 3×3 grid');
  });

  it('missing and extra words', () => {
    expectFail(run('DOG E @ (1, 1)').strict, 'DOG is not a word the puzzle asks for', 'CAT');
  });

  it('leniency: a word given twice, the reference keeps the last placement', () => {
    const r = run('CAT S @ (3, 3)\nCAT E @ (1, 1)');
    expect(r.ref.status).toBe('pass');
    expectFail(r.strict, 'CAT is given twice with different placements');
  });

  it('a stored answer in the question\'s order can never match in the reference', () => {
    const r = run('CAT E @ (1, 1)', 'CAT E (1, 1) @');
    expectFail(r.ref, 'the stored answer', 'can never match');
    expect(r.strict.status).toBe('pass');
  });

  it('unreadable answers: reference fail, strict error', () => {
    const r = run('no idea');
    expectFail(r.ref, 'could not read');
    expect(r.strict.status).toBe('error');
  });
});
