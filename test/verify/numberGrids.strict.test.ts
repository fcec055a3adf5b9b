/**
 * Number-grid verifiers: strict rules and their reasons/locations on hand-made boards, the leniencies of
 * the reference (reference passes, strict fails), and the Python emulation pieces the reference relies on.
 */
import { describe, expect, it } from 'vitest';
import type { Check, Location, VerifyInput } from '../../src/core/verify/types';
import { calcudokuVerifier } from '../../src/core/verify/tasks/numberGrids/calcudoku';
import { futoshikiVerifier } from '../../src/core/verify/tasks/numberGrids/futoshiki';
import { readIntGrid } from '../../src/core/verify/tasks/numberGrids/grids';
import { kakuroVerifier, readKakuroMap } from '../../src/core/verify/tasks/numberGrids/kakuro';
import { kukurasuVerifier } from '../../src/core/verify/tasks/numberGrids/kukurasu';
import { findall, literalEval, pyInt, pyRe, pySetOrderOfInts } from '../../src/core/verify/tasks/numberGrids/pyCompat';
import { skyscrapersVerifier } from '../../src/core/verify/tasks/numberGrids/skyscrapers';
import { parseSudokuGrid, sudokuVerifier } from '../../src/core/verify/tasks/numberGrids/sudoku';
import { PyFloat, PyTuple } from '../../src/core/pyliteral';

function inp(answer: string, initialState: VerifyInput['initialState'], extra: Partial<VerifyInput> = {}): VerifyInput {
  return { answer, groundTruth: '', initialState, category: '', question: '', ...extra };
}

const cells = (c: Check): Array<[number, number]> => (c.locations ?? []).filter((l: Location) => l.kind === 'cell').map((l) => [l.row!, l.col!]);

function expectFail(c: Check, ...fragments: Array<string | RegExp>): void {
  expect(c.status, c.reason).toBe('fail');
  expect(c.reason).toBeTruthy();
  for (const f of fragments) expect(c.reason).toMatch(f);
}

// ---------------------------------------------------------------------------------------------------------
describe('Calcudoku', () => {
  const state = {
    size: 3,
    regions: [
      { cells: [[3, 1], [2, 1], [1, 1]], operator: '+', target: 6 },
      { cells: [[2, 2], [1, 2], [1, 3]], operator: '*', target: 2 },
      { cells: [[3, 2], [3, 3], [2, 3]], operator: '+', target: 8 },
    ],
  };
  const good = '[[3, 2, 1], [2, 1, 3], [1, 3, 2]]';
  const v = calcudokuVerifier;

  it('accepts a valid grid in both modes, in several layouts', () => {
    for (const a of [good, '3 2 1\n2 1 3\n1 3 2', '[(3, 2, 1), (2, 1, 3), (1, 3, 2)]', 'Final grid:\n[3, 2, 1]\n[2, 1, 3]\n[1, 3, 2]']) {
      expect(v.strict(inp(a, state)).status, a).toBe('pass');
    }
    expect(v.reference(inp(good, state)).status).toBe('pass');
  });

  it('names the duplicated value, its row/column and the broken cage', () => {
    const c = v.strict(inp('[[3, 2, 1], [3, 1, 3], [1, 3, 2]]', state));
    expectFail(c, 'row 2 has two 3s (columns 1 and 3)', 'column 1 has two 3s (rows 1 and 2)', /cage at \(3,1\), \(2,1\), \(1,1\) sums to 1 \+ 3 \+ 3 = 7, target 6\+/);
    expect(cells(c)).toEqual(expect.arrayContaining([[1, 0], [1, 2], [0, 0]]));
    const r = v.reference(inp('[[3, 2, 1], [3, 1, 3], [1, 3, 2]]', state));
    expectFail(r, 'row 2', 'two 3s');
    expect(r.locations).toEqual([{ kind: 'row', row: 1 }]);
  });

  it('checks −, ÷ and × cages with exact arithmetic', () => {
    const st = {
      size: 2,
      regions: [
        { cells: [[1, 1], [1, 2]], operator: '÷', target: 2 },
        { cells: [[2, 1], [2, 2]], operator: '-', target: 1 },
      ],
    };
    expect(v.strict(inp('[[1, 2], [2, 1]]', st)).status).toBe('pass');
    const bad = { ...st, regions: [st.regions[0]!, { cells: [[2, 1], [2, 2]], operator: '-', target: 3 }] };
    const c = v.strict(inp('[[1, 2], [2, 1]]', bad));
    expectFail(c, 'cage at (2,1), (2,2) gives |2 − 1| = 1, target 3−');
    expect(cells(c)).toEqual([[1, 0], [1, 1]]);
    expect(c.locations).toContainEqual(expect.objectContaining({ kind: 'region', index: 1 }));
    const prod = v.strict(inp('[[2, 1], [1, 2]]', { size: 2, regions: [{ cells: [[1, 1], [2, 1]], operator: '*', target: 3 }] }));
    expectFail(prod, 'multiplies to 2 × 1 = 2, target 3×');
  });

  it('leniency: the reference floors ÷ (3 ÷ 2 counts as 1); strict needs an exact quotient', () => {
    const st = { size: 3, regions: [{ cells: [[1, 1], [1, 2]], operator: '÷', target: 1 }] };
    expect(v.reference(inp(good, st)).status).toBe('pass');
    const c = v.strict(inp(good, st));
    expectFail(c, 'cage at (1,1), (1,2) gives 3 ÷ 2 (not a whole number), target 1÷');
    expect(cells(c)).toEqual([[0, 0], [0, 1]]);
  });

  it('leniency: the reference ignores list items after the grid; strict reports them', () => {
    const a = '[[3, 2, 1], [2, 1, 3], [1, 3, 2]], 2]]';
    expect(v.reference(inp(a, state)).status).toBe('pass');
    expectFail(v.strict(inp(a, state)), 'followed by extra list items');
  });

  it('no silently cropped rows: a 4-row answer to a 3×3 puzzle names the extra row', () => {
    const c = v.strict(inp('[[3, 2, 1], [2, 1, 3], [1, 3, 2], [1, 2, 3]]', state));
    expectFail(c, 'the grid has 4 rows, the puzzle has 3: row 4 is extra');
    expect(c.locations).toContainEqual({ kind: 'row', row: 3, label: 'extra row' });
  });

  it('unreadable answers: reference fails with a reason, strict reports an error', () => {
    const r = v.reference(inp('no idea', state));
    expectFail(r, /^could not read a grid from the answer/);
    const s = v.strict(inp('[[3, 2, 1], [2, 1, 3], [1, 3', state));
    expect(s.status).toBe('error');
    expect(s.reason).toMatch(/never closed \(truncated\?\)/);
    expect(v.strict(inp('[[3, 2, 1], [2, 1, [1, 3], 3, 2]]', state)).reason).toMatch(/row 2, item 3 of the list is \[1, 3\], not an integer/);
  });

  it('reference crashes (fail, crashed) when initial_state is not a dict', () => {
    const r = v.reference(inp(good, '[1, 2, 3]'));
    expect(r).toMatchObject({ status: 'fail', crashed: true });
  });

  it('reads the cages from the question when initial_state is missing; else compares with the stored grid', () => {
    const question = 'This is a 3x3 Calcudoku puzzle.\nRegion at (3,1), (2,1), (1,1): 6+\nRegion at (2,2), (1,2), (1,3): 2×\nRegion at (3,2), (3,3), (2,3): 8+\n';
    expect(v.strict(inp(good, null, { question })).reason).toMatch(/clues from question/);
    const stored = v.strict(inp('[[1, 3, 2], [2, 1, 3], [3, 2, 1]]', null, { groundTruth: good }));
    expectFail(stored, 'row 1, column 1 holds 1, the stored solution has 3');
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('Kukurasu', () => {
  const state = { row_sums: [11, 5, 4, 1, 12], col_sums: [7, 1, 8, 6, 8], size: 5 };
  const good = '[[0, 1, 0, 1, 1], [0, 0, 0, 0, 1], [1, 0, 1, 0, 0], [1, 0, 0, 0, 0], [0, 0, 1, 1, 1]]';
  const v = kukurasuVerifier;

  it('accepts the solution; strict also reads line and tuple layouts the reference rejects', () => {
    expect(v.reference(inp(good, state)).status).toBe('pass');
    expect(v.strict(inp(good, state)).status).toBe('pass');
    const lines = '0 1 0 1 1\n0 0 0 0 1\n1 0 1 0 0\n1 0 0 0 0\n0 0 1 1 1';
    expect(v.reference(inp(lines, state)).status).toBe('fail');
    expect(v.strict(inp(lines, state)).status).toBe('pass');
  });

  it('names the weighted sums and the black cells of every broken row and column', () => {
    const c = v.strict(inp('[[0, 1, 0, 1, 1], [1, 0, 0, 0, 1], [1, 0, 1, 0, 0], [1, 0, 0, 0, 0], [0, 0, 1, 1, 1]]', state));
    expectFail(c, 'row 2 has black cells in columns 1, 5 (sum 6), clue says 5', 'column 1 has black cells in rows 2, 3, 4 (sum 9), clue says 7');
    expect(c.locations).toContainEqual(expect.objectContaining({ kind: 'row', row: 1 }));
    expect(c.locations).toContainEqual(expect.objectContaining({ kind: 'col', col: 0 }));
    expect(cells(c)).toContainEqual([1, 0]);
  });

  it('only 0 and 1 are allowed', () => {
    const c = v.strict(inp('[[0, 2, 0, 1, 1], [0, 0, 0, 0, 1], [1, 0, 1, 0, 0], [1, 0, 0, 0, 0], [0, 0, 1, 1, 1]]', state));
    expectFail(c, 'row 1, column 2 holds 2');
    expect(cells(c)).toEqual([[0, 1]]);
  });

  it('leniency: the reference reads only the first 2-D list and ignores trailing items', () => {
    const a = `${good}, 1]]`;
    expect(v.reference(inp(a, state)).status).toBe('pass');
    expectFail(v.strict(inp(a, state)), 'extra list items');
    const two = `${good}\nor maybe [[1, 1, 0, 1, 1], [0, 0, 0, 0, 1], [1, 0, 1, 0, 0], [1, 0, 0, 0, 0], [0, 0, 1, 1, 1]]`;
    expect(v.reference(inp(two, state)).status).toBe('pass');
    expectFail(v.strict(inp(two, state)), '2 different grids');
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('Skyscrapers', () => {
  const state = { n: 5, top: [2, 3, 1, 3, 2], bottom: [3, 1, 2, 2, 2], left: [2, 1, 3, 2, 2], right: [2, 4, 1, 2, 3] };
  const good = '[[2, 1, 5, 3, 4], [5, 4, 3, 1, 2], [3, 2, 1, 4, 5], [4, 3, 2, 5, 1], [1, 5, 4, 2, 3]]';
  const v = skyscrapersVerifier;

  it('accepts the solution', () => {
    expect(v.reference(inp(good, state)).status).toBe('pass');
    expect(v.strict(inp(good, state)).status).toBe('pass');
  });

  it('reports each broken clue with the buildings seen', () => {
    const swapped = '[[5, 4, 3, 1, 2], [2, 1, 5, 3, 4], [3, 2, 1, 4, 5], [4, 3, 2, 5, 1], [1, 5, 4, 2, 3]]';
    const c = v.strict(inp(swapped, state));
    expectFail(c, 'the top clue of column 1 (looking down): 1 visible (5), clue says 2', /and \d+ more problems/);
    expect(c.locations).toContainEqual(expect.objectContaining({ kind: 'clue', index: 0, label: 'top 1: 1 visible (5), clue says 2' }));
    expect(c.locations).toContainEqual(expect.objectContaining({ kind: 'clue', index: 0, label: 'left 1: 1 visible (5), clue says 2' }));
    expect(c.locations).toContainEqual(expect.objectContaining({ kind: 'col', col: 0 }));
    const r = v.reference(inp(swapped, state));
    expectFail(r, 'the top clue of column 1');
  });

  it('reports duplicates in rows and columns with their cells', () => {
    const c = v.strict(inp('[[2, 1, 5, 3, 4], [5, 4, 3, 1, 2], [3, 2, 1, 4, 5], [4, 4, 2, 5, 1], [1, 5, 4, 2, 3]]', state));
    expectFail(c, 'row 4 has two 4s (columns 1 and 2)', 'column 2 has two 4s (rows 2 and 4)');
    expect(cells(c)).toEqual(expect.arrayContaining([[3, 0], [3, 1], [1, 1]]));
  });

  it('leniency: trailing list items after the first grid are ignored by the reference', () => {
    const a = `${good}, 3]]`;
    expect(v.reference(inp(a, state)).status).toBe('pass');
    expectFail(v.strict(inp(a, state)), 'extra list items');
  });

  it('reference: n defaults to 4 and out-of-range clues crash', () => {
    const noN = Object.fromEntries(Object.entries(state).filter(([k]) => k !== 'n'));
    expectFail(v.reference(inp(good, noN)), 'n defaults to 4');
    expect(v.strict(inp(good, noN)).status).toBe('pass');
    expect(v.reference(inp(good, { ...state, top: [...state.top, 2] }))).toMatchObject({ status: 'fail', crashed: true });
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('futoshiki', () => {
  const state = { grid: [[0, 0, 0], [0, 3, 0], [0, 0, 0]], inequalities: [{ cell1: [0, 0], cell2: [0, 1], symbol: '<' }], size: 3 };
  const v = futoshikiVerifier;

  it('accepts any valid solution', () => {
    for (const a of ['[[1, 2, 3], [2, 3, 1], [3, 1, 2]]', '1 2 3\n2 3 1\n3 1 2']) {
      expect(v.reference(inp(a, state)).status, a).toBe('pass');
      expect(v.strict(inp(a, state)).status, a).toBe('pass');
    }
  });

  it('reports a broken inequality with both cells (0-based as in the puzzle)', () => {
    const c = v.strict(inp('[[2, 1, 3], [1, 3, 2], [3, 2, 1]]', state));
    expectFail(c, 'inequality 1: cell (0,0) < cell (0,1): 2 < 1 is false');
    expect(cells(c)).toEqual([[0, 0], [0, 1]]);
    expectFail(v.reference(inp('[[2, 1, 3], [1, 3, 2], [3, 2, 1]]', state)), 'inequality 1', '2 < 1 is false');
  });

  it('reports a changed given', () => {
    const c = v.strict(inp('[[1, 3, 2], [2, 1, 3], [3, 2, 1]]', state));
    expectFail(c, 'cell (1,1) is given as 3 but the answer has 1');
    expect(cells(c)).toContainEqual([1, 1]);
  });

  it('leniency: the reference takes the first valid grid and ignores what follows', () => {
    const extra = '[[1, 2, 3], [2, 3, 1], [3, 1, 2]], 3]]';
    expect(v.reference(inp(extra, state)).status).toBe('pass');
    expectFail(v.strict(inp(extra, state)), 'extra list items');
    const two = '[[1, 2, 3], [2, 3, 1], [3, 1, 2]] or [[2, 1, 3], [1, 3, 2], [3, 2, 1]]';
    expect(v.reference(inp(two, state)).status).toBe('pass');
    expectFail(v.strict(inp(two, state)), '2 different grids');
  });

  it('reference extraction falls back to arranging all integers (3×5 for 15 numbers)', () => {
    const r = v.reference(inp('[[1, 4, 3, 2], [3, 2, 1, 4], [4, 3, 2, 1], [2, 1, 4', { grid: [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], inequalities: [], size: 4 }));
    expectFail(r, 'all 15 integers of the text as 3×5');
  });

  it('reconstructs the puzzle from the question text', () => {
    const question = '### Initial State:\nGrid (_ for empty cells):\n_ _ _\n_ 3 _\n_ _ _\n\n### Inequality constraints:\n1. Cell (0,0) < Cell (0,1) (horizontal)\n';
    expect(v.strict(inp('[[1, 2, 3], [2, 3, 1], [3, 1, 2]]', null, { question })).reason).toMatch(/puzzle from question/);
    expectFail(v.strict(inp('[[2, 1, 3], [1, 3, 2], [3, 2, 1]]', null, { question })), 'inequality 1');
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('kakuro', () => {
  // One across run of two white cells, clue 3: (0,1),(0,2) = {1,2} in either order.
  const tiny = JSON.stringify([[{ type: 'black', right: 3 }, { type: 'white' }, { type: 'white' }]]);
  const dev1 = JSON.stringify([
    [{ type: 'black', right: 7, down: 5 }, { type: 'white' }, { type: 'black', down: 1 }],
    [{ type: 'white' }, { type: 'black', right: 1, down: 6 }, { type: 'white' }],
    [{ type: 'black', right: 6 }, { type: 'white' }, { type: 'black' }],
  ]);
  const gt1 = '(0,1):7 (1,0):5 (1,2):1 (2,1):6';
  const v = kakuroVerifier;

  it('strict accepts any valid filling; the reference only the stored one', () => {
    const alt = inp('(0,1):2 (0,2):1', tiny, { groundTruth: '(0,1):1 (0,2):2' });
    expect(v.reference(alt).status).toBe('fail');
    expect(v.reference(alt).reason).toMatch(/\(0,1\) is 2 but the stored solution has 1/);
    expect(v.strict(alt).status).toBe('pass');
  });

  it('reference: map equality whatever the layout', () => {
    for (const a of ['(0,1)=7, (1,0)=5, (1,2)=1, (2,1)=6', '{(0, 1): 7, (1, 0): 5, (1, 2): 1, (2, 1): 6}', '{"0,1": 7, "1,0": 5, "1,2": 1, "2,1": 6}', gt1.split(' ').reverse().join(' ')]) {
      expect(v.reference(inp(a, dev1, { groundTruth: gt1 })).status, a).toBe('pass');
      expect(v.strict(inp(a, dev1, { groundTruth: gt1 })).status, a).toBe('pass');
    }
    expectFail(v.reference(inp(`${gt1} (0,0):3`, dev1, { groundTruth: gt1 })), '(0,0) is not a cell of the stored solution');
  });

  it('reports wrong sums, repeats, black cells, missing cells and non-digits', () => {
    const sum = v.strict(inp('(0,1):8 (1,0):5 (1,2):1 (2,1):6', dev1));
    expectFail(sum, 'the across run of the clue at (0,0) is a single cell (0,1) holding 8, clue says 7');
    expect(sum.locations).toContainEqual(expect.objectContaining({ kind: 'clue', row: 0, col: 0 }));
    expect(cells(sum)).toContainEqual([0, 1]);
    const rep = v.strict(inp('(0,1):2 (0,2):2', JSON.stringify([[{ type: 'black', right: 4 }, { type: 'white' }, { type: 'white' }]])));
    expectFail(rep, 'has two 2s (at (0,1) and (0,2))');
    expect(cells(rep)).toEqual([[0, 1], [0, 2]]);
    const black = v.strict(inp('(0,0):5 (1,1):7 (1,2):1 (2,1):6', dev1));
    expectFail(black, '(0,0) is a black cell but the answer puts 5 there', 'white cells (0,1), (1,0) are not filled');
    expect(cells(black)).toEqual(expect.arrayContaining([[0, 0], [1, 1], [0, 1], [1, 0]]));
    expectFail(v.strict(inp('(0,1):0 (1,0):5 (1,2):1 (2,1):6', dev1)), '(0,1) is given 0, not a digit 1-9');
    expectFail(v.strict(inp('(0,1):7 (0,1):8 (1,0):5 (1,2):1 (2,1):6', dev1)), '(0,1) is given twice, as 7 and as 8');
  });

  it('leniency: the reference ignores unreadable fragments after the entries', () => {
    const a = inp(`${gt1},1):6`, dev1, { groundTruth: gt1 });
    expect(v.reference(a).status).toBe('pass');
    expectFail(v.strict(a), 'unreadable fragment');
  });

  it('unreadable answers: reference fail with reason, strict error', () => {
    expectFail(v.reference(inp('no idea', dev1, { groundTruth: gt1 })), /could not read a cell map/);
    expect(v.strict(inp('no idea', dev1, { groundTruth: gt1 })).status).toBe('error');
  });

  it('reference falls back to the rule check when the stored solution is unreadable', () => {
    expect(v.reference(inp(gt1, dev1, { groundTruth: '' })).status).toBe('pass');
    expectFail(v.reference(inp('(0,1):6 (1,0):5 (1,2):1 (2,1):6', dev1, { groundTruth: '' })), 'across run of (0,0) sums to 6, clue says 7');
  });

  it('reads the puzzle from the question grid when initial_state is missing', () => {
    const question = '## Initial State\n[ 5\\ 7][    ][ 1\\  ]\n[    ][ 6\\ 1][    ]\n[  \\ 6][    ][  \\  ]\n## Clues\n';
    expect(v.strict(inp(gt1, null, { question })).reason).toMatch(/puzzle from question/);
    expectFail(v.strict(inp('(0,1):8 (1,0):5 (1,2):1 (2,1):6', null, { question })), 'clue says 7');
  });

  it('the reference cell-map reader: strategies, answer blocks, values 1..9 only', () => {
    expect([...readKakuroMap('[answer](1,2):3[/answer] (0,0):4')!.map]).toEqual([['1,2', 3]]);
    expect([...readKakuroMap('row 1 col 2 value 3')!.map]).toEqual([['1,2', 3]]);
    expect(readKakuroMap('(1,2):0')).toBeNull();
    expect([...readKakuroMap("{'(1,2)': '3'}")!.map]).toEqual([['1,2', 3]]);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('sudoku', () => {
  const state = '5 . . . 6 . . 8 2\n. . 4 5 . . 7 . .\n. 6 7 2 . . 3 9 .\n9 . . . 7 5 . 4 .\n8 . . 9 . . . . .\n. 7 5 . . 1 . . .\n. 1 . . . . . 5 .\n. . 8 7 . . . 1 .\n. 5 . 4 1 6 . 2 3';
  const sol = '5 9 3 1 6 7 4 8 2 2 8 4 5 9 3 7 6 1 1 6 7 2 8 4 3 9 5 9 3 2 6 7 5 1 4 8 8 4 1 9 3 2 5 7 6 6 7 5 8 4 1 2 3 9 4 1 6 3 2 8 9 5 7 3 2 8 7 5 9 6 1 4 7 5 9 4 1 6 8 2 3';
  const grid = (): number[][] => {
    const t = sol.split(' ').map(Number);
    return Array.from({ length: 9 }, (_, r) => t.slice(r * 9, r * 9 + 9));
  };
  const show = (g: number[][]): string => g.map((r) => r.join(' ')).join('\n');
  const v = sudokuVerifier;

  it('accepts the solution as 81 numbers, rows, a list, or 81 digits (strict only)', () => {
    for (const a of [sol, show(grid()), JSON.stringify(grid())]) {
      expect(v.reference(inp(a, state)).status, a).toBe('pass');
      expect(v.strict(inp(a, state)).status, a).toBe('pass');
    }
    const digits = sol.replace(/ /g, '');
    expect(v.reference(inp(digits, state)).status).toBe('fail');
    expect(v.strict(inp(digits, state)).status).toBe('pass');
  });

  it('reports a changed given with its cell', () => {
    const g = grid();
    g[0]![0] = 4;
    g[0]![6] = 5;
    const c = v.strict(inp(show(g), state));
    expectFail(c, 'row 1, column 1 is a given 5 but the answer has 4');
    expect(cells(c)).toContainEqual([0, 0]);
    expectFail(v.reference(inp(show(g), state)), 'row 1, column 1 is a given 5');
  });

  it('reports columns and boxes with two equal digits', () => {
    const g = grid();
    [g[0]![2], g[0]![3]] = [g[0]![3]!, g[0]![2]!]; // (0,2)=3 <-> (0,3)=1, both non-givens, different boxes
    const c = v.strict(inp(show(g), state));
    expectFail(c, /column 3 has two 1s/);
    const labels = (c.locations ?? []).map((l) => l.label);
    expect(labels).toContain('box 1 (rows 1-3, columns 1-3) has two 1s');
    expect(labels).toContain('box 2 (rows 1-3, columns 4-6) has two 3s');
    expect(cells(c)).toEqual(expect.arrayContaining([[0, 2], [2, 0]]));
  });

  it('empty cells are named', () => {
    const g = grid();
    g[1]![0] = 0;
    expectFail(v.strict(inp(show(g), state)), 'row 2, column 1 is empty (0)');
  });

  it('leniency: the reference int()-s list cells, so 5.7 counts as 5; strict rejects it', () => {
    const g: Array<Array<number | string>> = grid();
    g[0]![0] = '5.7';
    const a = `[${g.map((r) => `[${r.join(', ')}]`).join(', ')}]`;
    expect(v.reference(inp(a, state)).status).toBe('pass');
    expect(v.strict(inp(a, state)).reason).toMatch(/row 1, item 1 of the list is 5\.7, not an integer/);
  });

  it('a wrong count of numbers is named', () => {
    expectFail(v.strict(inp(`${sol} 3`, state)), 'holds 82 numbers in a row, a 9×9 grid needs 81');
    expectFail(v.reference(inp(`${sol} 3`, state)), '82 whitespace-separated integer tokens instead of 81');
  });

  it('reference grid reading (_parse_grid_like)', () => {
    expect(parseSudokuGrid('[[1, 2], [3, 4]]').grid).toEqual([[1, 2], [3, 4]]);
    expect(parseSudokuGrid('["12", "34"]').grid).toEqual([[1, 2], [3, 4]]);
    expect(parseSudokuGrid('[1, 2, 3]').grid).toBeNull();
    expect(parseSudokuGrid(`${sol.replace(/ /g, ', ')}`).grid).toBeNull(); // "5," tokens are ignored
    expect(parseSudokuGrid(state).grid?.[0]).toEqual([5, 0, 0, 0, 6, 0, 0, 8, 2]);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('strict grid reader', () => {
  it('reads lists, tuples, lines, pipes, numpy-style and flat n² layouts', () => {
    const g = [[1, 2], [2, 1]];
    for (const a of ['[[1, 2], [2, 1]]', '((1, 2), (2, 1))', '1 2\n2 1', '| 1 | 2 |\n| 2 | 1 |', '[[1 2]\n [2 1]]', 'Row 1: 1, 2\nRow 2: 2, 1', '1 2 2 1', '[1, 2, 2, 1]', '[[1.0, 2.0], [2.0, 1.0]]']) {
      const r = readIntGrid(a, { n: 2 });
      expect(r.ok ? r.grid : r.reason, a).toEqual(g);
    }
  });

  it('reports truncation, malformed rows, ambiguity and stray items', () => {
    expect(readIntGrid('[[1, 2], [2, 1', { n: 2 })).toMatchObject({ ok: false, status: 'error' });
    expect(readIntGrid('[1, 2 3]\n[2, 1, 3]', { n: 3 })).toMatchObject({ ok: false });
    expect(readIntGrid('[[1, 2], [2, 1]] or [[2, 1], [1, 2]]', { n: 2 })).toMatchObject({ ok: false, status: 'fail' });
    const stray = readIntGrid('[[1, 2], [2, 1]], 3]]', { n: 2 });
    expect(stray.ok && stray.problems[0]?.reason).toMatch(/extra list items/);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('Python emulation', () => {
  it('int() of strings', () => {
    expect(pyInt(' 12 ')).toBe(12);
    expect(pyInt('1_000')).toBe(1000);
    expect(pyInt('٣')).toBe(3);
    expect(pyInt('\u001c2')).toBeNull();
    expect(pyInt('1.0')).toBeNull();
  });

  it('ast.literal_eval rules the shared parser does not model', () => {
    expect(literalEval('[05, 1]')).toBeUndefined();
    expect(literalEval('[00, 1]')).toEqual([0, 1]);
    expect(literalEval('[8., 1]')).toEqual([new PyFloat(8), 1]);
    expect(literalEval('[1,\u00a02]')).toBeUndefined();
    expect(literalEval('[1, # one\n 2]')).toEqual([1, 2]);
    expect(literalEval('{1: 2 3: 4}')).toBeUndefined();
    expect(literalEval('[-\n2]')).toEqual([-2]);
    expect(literalEval('(1, 2)')).toEqual(new PyTuple([1, 2]));
  });

  it('re: Unicode \\d, $ before a final newline, findall groups', () => {
    expect(findall(pyRe(String.raw`(\d+)x`, 'g'), '3x ٣x')).toEqual([['3'], ['٣']]);
    expect(pyRe('a$').test('a\n')).toBe(true);
    expect(pyRe('a.b').test('a\nb')).toBe(false);
    expect(pyRe('a.b', 's').test('a\nb')).toBe(true);
  });

  it('CPython set iteration order of small ints (max(set(l), key=l.count) tie-break)', () => {
    expect(pySetOrderOfInts([9, 2])).toEqual([9, 2]);
    expect(pySetOrderOfInts([16, 1, 8])).toEqual([16, 1, 8]);
    expect(pySetOrderOfInts([3, 1, 2])).toEqual([1, 2, 3]);
    expect(pySetOrderOfInts([33, 1, 65, 97, 2, 129])).toEqual([65, 33, 2, 1, 97, 129]); // as CPython 3.11 prints it
  });
});
