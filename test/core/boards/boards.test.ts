/**
 * Specific boards: a sudoku with two cells swapped highlights exactly the duplicated cells, a maze step
 * through a wall is marked, an illegal sokoban move and a hanoi disk put on a smaller one are the focus
 * frames, a wrong nonogram row marks its clue; puzzles without an answer show no violations; unreadable
 * and random answers give a readable violation and never throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBoard, buildBoardFromRules, hasBoard } from '../../../src/core/boards';
import { Board, type GridBoard, type PegsBoard, type SequenceBoard } from '../../../src/core/boards/model';
import { verifySample } from '../../../src/core/verify/pipeline';
import { BOARD_TASKS, EXTRA_BOARD_TASKS, instanceOf, sampleOf } from './fixtureCases';

const ALL_TASKS = [...BOARD_TASKS, ...EXTRA_BOARD_TASKS];

function board(task: string, answer: string | null, patch: Record<string, unknown> = {}, k = 0) {
  const sample = sampleOf({ ...instanceOf(task, k), ...patch }, answer === null ? null : `Let me think.\n<answer>${answer}</answer>`);
  const verdict = verifySample(sample);
  return { sample, verdict, board: buildBoard(sample, verdict) };
}

function grid(b: unknown): GridBoard {
  expect((b as GridBoard | null)?.kind).toBe('grid');
  return b as GridBoard;
}

function sequence(b: unknown): SequenceBoard {
  expect((b as SequenceBoard | null)?.kind).toBe('sequence');
  return b as SequenceBoard;
}

function badCells(b: GridBoard): string[] {
  const out: string[] = [];
  b.cells.forEach((row, r) => row.forEach((c, col) => c.bad && out.push(`${r},${col}`)));
  return out.sort();
}

describe('sudoku', () => {
  const inst = instanceOf('sudoku');
  const solution = inst.answer.trim().split(/\s+/).map(Number);
  const givens = inst.initial_state!.trim().split(/\s+/);
  const rows = (flat: number[]) => Array.from({ length: 9 }, (_, r) => flat.slice(r * 9, r * 9 + 9).join(' ')).join('\n');

  it('the stored solution: no violations, givens bold, boxes as regions', () => {
    const { board: b, verdict } = board('sudoku', rows(solution));
    expect(verdict?.strict.status).toBe('pass');
    const g = grid(b);
    expect(g.violations).toEqual([]);
    expect(badCells(g)).toEqual([]);
    expect(g.cells[0]![0]).toEqual({ text: String(solution[0]), given: givens[0] !== '.' });
    expect(g.regions?.[8]?.[8]).toBe(8);
    expect(g.regions?.[4]?.[3]).toBe(4);
  });

  it('two swapped cells of a row: exactly the cells of every duplicate are bad', () => {
    // Two non-given cells of one row, in different boxes, holding different digits.
    let swap: [number, number, number] | null = null;
    for (let r = 0; r < 9 && !swap; r++) {
      for (let a = 0; a < 9 && !swap; a++) {
        for (let b2 = a + 1; b2 < 9 && !swap; b2++) {
          if (givens[r * 9 + a] === '.' && givens[r * 9 + b2] === '.' && Math.floor(a / 3) !== Math.floor(b2 / 3)) swap = [r, a, b2];
        }
      }
    }
    expect(swap).not.toBeNull();
    const [r, a, b2] = swap!;
    const g2 = [...solution];
    [g2[r * 9 + a], g2[r * 9 + b2]] = [g2[r * 9 + b2]!, g2[r * 9 + a]!];
    const { board: b, verdict } = board('sudoku', rows(g2));
    expect(verdict?.strict.status).toBe('fail');
    // The duplicated cells, by brute force: a cell whose digit occurs again in its column or box (the row keeps its digits).
    const at = (i: number, j: number) => g2[i * 9 + j]!;
    const expected: string[] = [];
    for (let i = 0; i < 9; i++) {
      for (let j = 0; j < 9; j++) {
        let dup = false;
        for (let k = 0; k < 9; k++) {
          if (k !== i && at(k, j) === at(i, j)) dup = true;
          if (k !== j && at(i, k) === at(i, j)) dup = true;
          const bi = Math.floor(i / 3) * 3 + Math.floor(k / 3);
          const bj = Math.floor(j / 3) * 3 + (k % 3);
          if ((bi !== i || bj !== j) && at(bi, bj) === at(i, j)) dup = true;
        }
        if (dup) expected.push(`${i},${j}`);
      }
    }
    const g = grid(b);
    expect(badCells(g)).toEqual(expected.sort());
    expect(badCells(g)).toContain(`${r},${a}`);
    expect(badCells(g)).toContain(`${r},${b2}`);
    expect(g.violations.map((v) => v.message).join('\n')).toMatch(/column \d has two \d+s/);
    expect(g.violations.map((v) => v.message).join('\n')).toMatch(/box \d .* has two \d+s/);
    // The swapped cells show the candidate's digits, not bold.
    expect(g.cells[r]![a]).toMatchObject({ text: String(g2[r * 9 + a]), bad: true });
    expect(g.cells[r]![a]!.given).toBeFalsy();
  });

  it('no answer: the puzzle alone, with its givens and no violations', () => {
    const { board: b } = board('sudoku', null);
    const g = grid(b);
    expect(g.violations).toEqual([]);
    expect(g.title).toContain('puzzle');
    expect(g.cells.flat().filter((c) => c.given).length).toBe(givens.filter((x) => x !== '.').length);
  });
});

describe('maze', () => {
  const inst = instanceOf('maze');
  const lines = inst.initial_state!.split('\n');
  const sRow = lines.findIndex((l) => l.includes('S'));
  const sCol = lines[sRow]!.indexOf('S');

  it('a step through a wall is marked: the path stops there, the step is bad', () => {
    const steps: Record<string, [number, number]> = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1] };
    const into = Object.keys(steps).find((d) => {
      const [di, dj] = steps[d]!;
      const between = lines[sRow + di]?.[sCol + dj];
      return between !== undefined && between !== ' ';
    })!;
    expect(into).toBeDefined();
    const { board: b, verdict } = board('maze', `${into} ${inst.answer}`);
    expect(verdict?.strict.reason).toMatch(/wall/);
    const g = grid(b);
    const start: [number, number] = [(sRow - 1) / 2, (sCol - 1) / 2];
    expect(g.path?.badFrom).toBe(0);
    expect(g.path?.cells[0]).toEqual(start);
    expect(g.path?.cells).toHaveLength(2);
    expect(g.violations).toHaveLength(1);
    expect(g.violations[0]).toMatchObject({ step: 0, cells: [start] });
    expect(g.violations[0]!.message).toMatch(/^move 1 \(\w+\) walks into a wall/);
    expect(g.cells[start[0]]![start[1]]).toMatchObject({ fill: 'start', bad: true });
    expect(g.walls!.length).toBeGreaterThan(g.rows * 2);
  });

  it('the stored path: a full path from S to E, no violations', () => {
    const { board: b } = board('maze', inst.answer);
    const g = grid(b);
    expect(g.violations).toEqual([]);
    expect(g.path?.cells).toHaveLength(inst.answer.split(' ').length + 1);
    expect(g.path?.badFrom).toBeUndefined();
    const last = g.path!.cells.at(-1)!;
    expect(g.cells[last[0]]![last[1]]!.fill).toBe('goal');
  });

  it('a path that stops short marks where it stops', () => {
    const moves = inst.answer.split(' ');
    const { board: b } = board('maze', moves.slice(0, -3).join(' '));
    const g = grid(b);
    expect(g.violations).toHaveLength(1);
    expect(g.violations[0]!.message).toMatch(/the path ends at row \d+, column \d+, not on the end E/);
    const end = g.path!.cells.at(-1)!;
    expect(g.violations[0]!.cells).toEqual([end]);
  });
});

describe('sokoban', () => {
  const inst = instanceOf('sokoban');
  const lines = inst.initial_state!.split('\n');
  const pr = lines.findIndex((l) => l.includes('@'));
  const pc = lines[pr]!.indexOf('@');

  it('an illegal first move is the focus frame, with the wall it walks into marked', () => {
    const steps: Record<string, [number, number]> = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1] };
    const dir = Object.keys(steps).find((d) => lines[pr + steps[d]![0]]?.[pc + steps[d]![1]] === '#')!;
    expect(dir).toBeDefined();
    const { board: b } = board('sokoban', `${dir} ${inst.answer}`);
    const s = sequence(b);
    expect(s.badMove).toBe(0);
    expect(s.frames).toHaveLength(2);
    expect(s.focusFrame).toBe(1);
    expect(s.frames[1]!.bad).toBe(true);
    expect(s.frames[1]!.label).toMatch(/illegal/);
    const f = grid(s.frames[1]!.board);
    const wall: [number, number] = [pr + steps[dir]![0], pc + steps[dir]![1]];
    expect(f.cells[wall[0]]![wall[1]]).toMatchObject({ fill: 'wall', bad: true });
    expect(f.cells[pr]![pc]).toMatchObject({ fill: 'player', bad: true });
    expect(s.violations[0]!.message).toMatch(/^move 1 \(\w+\) walks into a wall/);
    expect(s.moves[0]).toMatch(/^[UDLR]$/);
  });

  it('the stored solution: a frame per move, the last one solved, no violations', () => {
    const { board: b } = board('sokoban', inst.answer);
    const s = sequence(b);
    const n = inst.answer.split(' ').length;
    expect(s.frames).toHaveLength(n + 1);
    expect(s.focusFrame).toBe(n);
    expect(s.violations).toEqual([]);
    const last = grid(s.frames[n]!.board);
    expect(last.cells.flat().filter((c) => c.fill === 'box')).toHaveLength(0);
    expect(last.cells.flat().filter((c) => c.fill === 'boxOnTarget').length).toBeGreaterThan(0);
  });

  it('a truncated solution: the final state is the focus, boxes off target marked', () => {
    const moves = inst.answer.split(' ');
    const { board: b } = board('sokoban', moves.slice(0, -1).join(' '));
    const s = sequence(b);
    expect(s.badMove).toBeUndefined();
    expect(s.focusFrame).toBe(s.frames.length - 1);
    expect(s.frames.at(-1)!.bad).toBe(true);
    expect(badCells(grid(s.frames.at(-1)!.board)).length).toBeGreaterThan(0);
  });
});

describe('hanoi', () => {
  it('a larger disk onto a smaller one: the illegal move is the focus, both pegs marked', () => {
    const { board: b, verdict } = board('hanoi', '(1,3) (2,3)', { initial_state: '[[3, 2, 1], [], []]' });
    expect(verdict?.strict.status).toBe('fail');
    const s = sequence(b);
    expect(s.moves).toEqual(['(1,3)', '(2,3)']);
    expect(s.badMove).toBe(1);
    expect(s.focusFrame).toBe(2);
    const f = s.frames[2]!.board as PegsBoard;
    expect(f.kind).toBe('pegs');
    expect(f.pegs).toEqual([[3, 2], [], [1]]);
    expect(f.badPegs).toEqual([0, 2]);
    expect(s.violations[0]).toMatchObject({ step: 1 });
    expect(s.violations[0]!.message).toContain('disk 2 would go on the smaller disk 1 on peg 3');
  });

  it('the stored solution ends with every disk on the last peg', () => {
    const inst = instanceOf('hanoi');
    const { board: b } = board('hanoi', inst.answer);
    const s = sequence(b);
    expect(s.violations).toEqual([]);
    const last = s.frames.at(-1)!.board as PegsBoard;
    expect(last.pegs.slice(0, -1).every((p) => p.length === 0)).toBe(true);
    expect(last.labels).toEqual(['1', '2', '3']);
  });
});

describe('nonogram', () => {
  it('a wrong row marks its clue (and the columns it breaks), not the cells', () => {
    const inst = instanceOf('nonogram');
    const rows = inst.answer.split('\n');
    rows[0] = `.${rows[0]!.slice(1)}`; // XXXX -> .XXX
    const { board: b, verdict } = board('nonogram', rows.join('\n'));
    expect(verdict?.strict.status).toBe('fail');
    const g = grid(b);
    expect(g.left?.[0]?.every((c) => c.bad)).toBe(true);
    expect(g.left?.[1]?.some((c) => c.bad)).toBe(false);
    expect(g.top?.[0]?.every((c) => c.bad)).toBe(true);
    const row = g.violations.find((v) => v.clue?.side === 'left')!;
    expect(row).toMatchObject({ clue: { side: 'left', index: 0 } });
    expect(row.message).toBe('row 1 has blocks [3] but its clue is [4]');
    expect(row.cells).toHaveLength(4);
    expect(badCells(g)).toEqual([]);
    expect(g.cells[0]![0]!.fill).toBeUndefined();
    expect(g.cells[0]![1]!.fill).toBe('black');
  });
});

describe('sequences and verdicts', () => {
  it('a long move list is capped: the start frame and the last frames, the final state in focus', () => {
    const inst = instanceOf('slidingpuzzle');
    const blankCol = (JSON.parse(inst.initial_state!) as number[][]).find((r) => r.includes(0))!.indexOf(0);
    // Slide a tile into the blank and back, 150 times: 300 legal moves that end where they started.
    const pair = blankCol > 0 ? 'right left' : 'left right';
    const { board: b } = board('slidingpuzzle', Array.from({ length: 150 }, () => pair).join(' '));
    const s = sequence(b);
    expect(s.moves).toHaveLength(300);
    expect(s.frames).toHaveLength(240);
    expect(s.frames[0]!.label).toMatch(/^start \(frames of 61 earlier moves left out\)$/);
    expect(s.frames[1]!.move).toBe(300 - 239);
    expect(s.frames.at(-1)!.move).toBe(299);
    expect(s.focusFrame).toBe(239);
    expect(s.frames.at(-1)!.bad).toBe(true);
    expect(s.violations[0]!.message).toMatch(/^after all 300 moves the board is not solved/);
    expect(Board.safeParse(s).success).toBe(true);
  });

  it('the board follows the strict verdict: a pass clears, a fail the rules do not locate gets the reason', () => {
    const inst = instanceOf('sudoku');
    const sample = sampleOf(inst, `<answer>${inst.answer}</answer>`);
    const verdict = verifySample(sample)!;
    expect(verdict.strict.status).toBe('pass');
    const failed = { ...verdict, strict: { status: 'fail' as const, reason: 'made up', locations: [{ kind: 'cell' as const, row: 0, col: 0 }], crashed: false } };
    const g = grid(buildBoard(sample, failed));
    expect(g.violations).toEqual([{ message: 'made up', cells: [[0, 0]] }]);
    expect(badCells(g)).toEqual(['0,0']);

    const wrong = sampleOf(instanceOf('sokoban'), '<answer>up up up up up up up</answer>');
    const v2 = verifySample(wrong)!;
    expect(v2.strict.status).toBe('fail');
    const passed = sequence(buildBoard(wrong, { ...v2, strict: { status: 'pass', reason: null, locations: [], crashed: false } }));
    expect(passed.violations).toEqual([]);
    expect(passed.badMove).toBeUndefined();
    expect(passed.frames.some((f) => f.bad || f.board.violations.length > 0)).toBe(false);
    expect(passed.focusFrame).toBe(passed.frames.length - 1);
  });
});

describe('unreadable answers', () => {
  it.each(ALL_TASKS)('%s: a refusal gives a readable violation', (task) => {
    const { board: b, verdict } = board(task, 'I cannot solve this puzzle.');
    expect(b, task).not.toBeNull();
    expect(verdict?.strict.status).not.toBe('pass');
    expect(b!.violations.length).toBeGreaterThan(0);
    expect(b!.violations[0]!.message).toMatch(/could not read|not|no /);
    expect(Board.safeParse(b).success).toBe(true);
  });

  it.each(ALL_TASKS)('%s: no answer shows the puzzle without violations', (task) => {
    const { board: b } = board(task, null);
    expect(b, task).not.toBeNull();
    expect(b!.violations).toEqual([]);
    expect(Board.safeParse(b).success).toBe(true);
  });

  it('a task without a board, and an unreadable puzzle, give null', () => {
    const s = sampleOf(instanceOf('24Points'), '<answer>(1+2)*8</answer>');
    expect(hasBoard(s)).toBe(false);
    expect(buildBoard(s, verifySample(s))).toBeNull();
    const broken = sampleOf({ ...instanceOf('maze'), initial_state: null }, '<answer>up down</answer>');
    expect(buildBoard(broken, verifySample(broken))).toBeNull();
  });
});

describe('fuzz: random answers never throw and agree with the strict verdict', () => {
  const answers = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.array(fc.oneof(fc.constantFrom('up', 'down', 'left', 'right', '(1,3)', '(2, 2)', '[', ']', ',', '\n', 'X', '.', '0', '1'), fc.integer({ min: -2, max: 12 }).map(String)), { maxLength: 40 }).map((xs) => xs.join(' ')),
  );
  it.each(ALL_TASKS)('%s', (task) => {
    const inst = instanceOf(task);
    fc.assert(
      fc.property(answers, (answer) => {
        const sample = sampleOf(inst, answer);
        const verdict = verifySample(sample)!;
        // The rules alone: an exception inside a builder would surface as null here (the puzzle is readable).
        const raw = buildBoardFromRules(sample, verdict.extracted);
        expect(raw).not.toBeNull();
        const b = buildBoard(sample, verdict)!;
        expect(Board.safeParse(b).success).toBe(true);
        expect(b.violations.length === 0).toBe(verdict.strict.status === 'pass');
      }),
      { numRuns: 60 },
    );
  });

  // Small edits of the stored answer: near-misses exercise the rules rather than the readers.
  const edits = fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'delete', 'swap'), fc.constantFrom(...'0123456789XxU.,() '.split(''), 'up', 'left')), { minLength: 1, maxLength: 3 });
  const edit = (text: string, ops: Array<[number, string, string]>): string => {
    let t = text;
    for (const [n, op, ch] of ops) {
      if (t.length === 0) break;
      const i = n % t.length;
      if (op === 'replace') t = t.slice(0, i) + ch + t.slice(i + 1);
      else if (op === 'delete') t = t.slice(0, i) + t.slice(i + 1);
      else {
        const j = (n * 7 + 3) % t.length;
        const a = t.split('');
        [a[i], a[j]] = [a[j]!, a[i]!];
        t = a.join('');
      }
    }
    return t;
  };
  it.each(ALL_TASKS)('%s: edits of the stored answer', (task) => {
    for (const k of [0, 1]) {
      const inst = instanceOf(task, k);
      fc.assert(
        fc.property(edits, (ops) => {
          const sample = sampleOf(inst, `<answer>${edit(inst.answer, ops)}</answer>`);
          const verdict = verifySample(sample)!;
          const raw = buildBoardFromRules(sample, verdict.extracted);
          expect(raw).not.toBeNull();
          expect(raw!.violations.length === 0, JSON.stringify([verdict.extracted, verdict.strict.reason, raw!.violations])).toBe(verdict.strict.status === 'pass');
        }),
        { numRuns: 150 },
      );
    }
  });
});
