/**
 * Games (verifiers.md §7): hand-made boards and answers for both modes — a valid answer, each kind of
 * violation with the place named in the reason and in the locations, the reference's leniencies (pass in
 * reference, fail in strict), its crash cases, and robustness on malformed input.
 */
import { describe, expect, it } from 'vitest';
import { hanoi, maze, minesweeper, nibbles, slidingPuzzle, sokoban, verifiers } from '../../src/core/verify/tasks/games';
import type { Check, TaskVerifier, VerifyInput } from '../../src/core/verify/types';

function input(category: string, initialState: VerifyInput['initialState'], answer: string, groundTruth = ''): VerifyInput {
  return { answer, groundTruth, initialState, category, question: '' };
}

function both(v: TaskVerifier, inp: VerifyInput): { ref: Check; strict: Check } {
  return { ref: v.reference(inp), strict: v.strict(inp) };
}

function moveIndex(c: Check): number | undefined {
  return c.locations?.find((l) => l.kind === 'move')?.index;
}

// ---------------------------------------------------------------------------------------------

describe('sokoban', () => {
  const board = ['######', '#@$ .#', '#    #', '######'].join('\n');
  const run = (answer: string, state: VerifyInput['initialState'] = board, gt = 'right right') => both(sokoban, input('sokoban', state, answer, gt));

  it('accepts a solution in both modes, in words, letters or a JSON list', () => {
    for (const a of ['right right', 'Right, Right', 'R R', '["right", "right"]']) {
      const { ref, strict } = run(a);
      expect(ref.status, a).toBe('pass');
      expect(strict.status, a).toBe('pass');
    }
  });

  it('walking into a wall names the move and the wall cell', () => {
    const { ref, strict } = run('up right right');
    for (const c of [ref, strict]) {
      expect(c.status).toBe('fail');
      expect(c.reason).toContain('move 1 (up) walks into a wall at row 1, column 2');
      expect(moveIndex(c)).toBe(0);
      expect(c.locations).toContainEqual(expect.objectContaining({ kind: 'cell', row: 0, col: 1 }));
    }
  });

  it('pushing a box into a wall or another box names the box', () => {
    const intoWall = run('down right up');
    expect(intoWall.strict.reason).toContain('move 3 (up) pushes the box at row 2, column 3 into a wall at row 1, column 3');
    expect(moveIndex(intoWall.strict)).toBe(2);
    expect(intoWall.ref.status).toBe('fail');

    const twoBoxes = ['#######', '#@$$ .#', '#######'].join('\n');
    const intoBox = run('right', twoBoxes);
    expect(intoBox.ref.reason).toContain('move 1 (right) pushes the box at row 2, column 3 into another box at row 2, column 4');
    expect(intoBox.strict.status).toBe('fail');
  });

  it('an unsolved end lists the stray boxes and the empty targets', () => {
    const { ref, strict } = run('right');
    for (const c of [ref, strict]) {
      expect(c.reason).toContain('after its only move the puzzle is not solved');
      expect(c.reason).toContain('the box at row 2, column 4 is not on a target');
      expect(c.locations).toContainEqual(expect.objectContaining({ kind: 'cell', row: 1, col: 4, label: 'empty target' }));
    }
  });

  it('leniency: moves after the puzzle is solved pass the reference, not strict', () => {
    const { ref, strict } = run('right right left down');
    expect(ref.status).toBe('pass');
    expect(strict.status).toBe('fail');
    expect(strict.reason).toContain('solved by move 2');
    expect(moveIndex(strict)).toBe(2);
  });

  it("reference quirks: stray single letters count as moves; only the first <answer> tag's content is read", () => {
    // "I'd" contributes a `d` (down) move; down from the solved position is harmless.
    const quirk = run("right right, I'd say");
    expect(quirk.ref.status).toBe('pass');
    expect(quirk.strict.status).toBe('error');
    expect(quirk.strict.reason).toContain('"say"');
    expect(run('<answer>right right</answer> up').ref.status).toBe('pass');
    expect(run('uurr').ref.status).toBe('fail'); // unseparated letters are not moves
  });

  it('no moves: reference fail "could not read", strict parse error', () => {
    const { ref, strict } = run('I cannot solve this');
    expect(ref.status).toBe('fail');
    expect(ref.reason).toMatch(/^could not read a move list from the answer/);
    expect(strict.status).toBe('error');
    expect(strict.reason).toMatch(/^could not read a move list from the answer/);
  });

  it('reference crashes on a board without a player (moves, or replaying the stored solution)', () => {
    const noPlayer = ['#####', '# $.#', '#####'].join('\n');
    expect(run('right', noPlayer)).toMatchObject({ ref: { status: 'fail', crashed: true } });
    expect(run('nothing', noPlayer)).toMatchObject({ ref: { status: 'fail', crashed: true } });
    expect(run('right', noPlayer).strict.reason).toContain('0 players');
    expect(run('right', null).ref.status).toBe('fail');
  });

  it('strict keeps the indentation of the first line that the reference trims', () => {
    // Row 1 is shifted left by the reference's strip(): the wall above the player moves away.
    const indented = ['  ###', '###@###', '#  $ .#', '#######'].join('\n');
    expect(sokoban.strict(input('sokoban', indented, 'up')).reason).toContain('move 1 (up) walks into a wall at row 1, column 4');
    expect(sokoban.reference(input('sokoban', indented, 'up')).reason).toContain('after its only move');
  });
});

// ---------------------------------------------------------------------------------------------

describe('hanoi', () => {
  const start = '[[3, 2, 1], [], []]';
  const solution = '(1,3) (2,2) (1,2) (3,3) (1,1) (2,3) (1,3)';
  const run = (answer: string, state: VerifyInput['initialState'] = start) => both(hanoi, input('hanoi', state, answer));

  it('accepts the solution in both modes, in several pair formats', () => {
    for (const a of [solution, '(1, 3), (2, 2), (1, 2), (3, 3), (1, 1), (2, 3), (1, 3)', '( 1 3 ) (2 2) (1 2) (3 3) (1 1) (2 3) (1 3)', '[(1,3),(2,2),(1,2),(3,3),(1,1),(2,3),(1,3)]']) {
      const { ref, strict } = run(a);
      expect(ref.status, a).toBe('pass');
      expect(strict.status, a).toBe('pass');
    }
  });

  it('each illegal move is named, with its index', () => {
    const cases: Array<[string, string, number]> = [
      ['(1,3) (2,3)', 'move 2 (2,3): disk 2 would go on the smaller disk 1 on peg 3', 1],
      ['(2,2)', 'move 1 (2,2): disk 2 is under disk 1 on peg 1, so it cannot move', 0],
      ['(1,4)', 'move 1 (1,4): there is no peg 4 (pegs are numbered 1 to 3)', 0],
      ['(1,1)', 'move 1 (1,1): disk 1 is already on peg 1', 0],
      ['(1,3) (0,2)', 'move 2 (0,2): ', 1],
    ];
    for (const [answer, reason, index] of cases) {
      const { ref, strict } = run(answer);
      for (const c of [ref, strict]) {
        expect(c.status, answer).toBe('fail');
        expect(c.reason, answer).toContain(reason);
        expect(moveIndex(c), answer).toBe(index);
      }
    }
    expect(run('(4,2)').ref.reason).toContain('disk 4 is not on any peg');
    expect(run('(4,2)').strict.reason).toContain('there is no disk 4');
  });

  it('an unfinished tower names the pegs still holding disks', () => {
    const { ref, strict } = run('(1,3) (2,2)');
    expect(ref.reason).toContain('not every disk is on the last peg (peg 3): peg 1 still holds 3; peg 2 still holds 2');
    expect(strict.reason).toContain('peg 1 still holds 3; peg 2 still holds 2');
  });

  it('leniency: moves after every disk is on peg 3 pass the reference, not strict', () => {
    const { ref, strict } = run(`${solution} (1,2) (1,3)`);
    expect(ref.status).toBe('pass');
    expect(strict.status).toBe('fail');
    expect(strict.reason).toContain('after move 7');
    expect(moveIndex(strict)).toBe(7);
  });

  it('unreadable answers: reference fail, strict parse error (also for pairs mixed with prose)', () => {
    expect(run('Move disk 1 to peg 3')).toMatchObject({ ref: { status: 'fail' }, strict: { status: 'error' } });
    const prose = run(`I think ${solution}`);
    expect(prose.ref.status).toBe('pass');
    expect(prose.strict.status).toBe('error');
    expect(prose.strict.reason).toContain('"think"');
  });

  it('reference crashes on an initial state that is not a literal, or not iterable', () => {
    expect(run(solution, '[[3, 2, 1], [], [').ref).toMatchObject({ status: 'fail', crashed: true });
    expect(run(solution, '5').ref).toMatchObject({ status: 'fail', crashed: true });
    expect(run(solution, '[[3, 2, 1], 4, []]').ref).toMatchObject({ status: 'fail', crashed: true });
    expect(run(solution, '').ref).toMatchObject({ status: 'fail' });
    expect(run(solution, '[[3, 2, 1], 4, []]').strict.reason).toContain('peg 2 of the initial state is not a list');
  });

  it('pegs come from the initial state: four pegs means the target is peg 4', () => {
    const four = '[[2, 1], [], [], []]';
    expect(run('(1,2) (2,4) (1,4)', four)).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
    expect(run('(1,2) (2,3) (1,3)', four).strict.reason).toContain('not every disk is on peg 4');
  });
});

// ---------------------------------------------------------------------------------------------

describe('maze', () => {
  // The question's own example: `right down` crosses the wall below the top-right cell.
  const example = ['+-+-+', '|S 0|', '+ +-+', '|0 E|', '+-+-+'].join('\n');
  const run = (answer: string, state: VerifyInput['initialState'] = example) => both(maze, input('maze', state, answer));

  it('accepts a legal path in both modes', () => {
    for (const a of ['down right', 'Down, Right', '["down", "right"]']) {
      expect(run(a), a).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
    }
  });

  it('leniency: the reference ignores walls, strict names the move and the wall', () => {
    const { ref, strict } = run('right down');
    expect(ref.status).toBe('pass');
    expect(strict.status).toBe('fail');
    expect(strict.reason).toContain('move 2 (down) walks into a wall at row 1, column 2');
    expect(strict.reason).toContain("bottom side");
    expect(moveIndex(strict)).toBe(1);
    expect(strict.locations).toContainEqual(expect.objectContaining({ kind: 'cell', row: 0, col: 1 }));
  });

  it('leniency: visiting E and coming back passes the reference, not strict', () => {
    const { ref, strict } = run('down right left right');
    expect(ref.status).toBe('pass');
    expect(strict.reason).toContain('reaches the end E at move 2');
    expect(moveIndex(strict)).toBe(2);
  });

  it('leaving the maze and ending elsewhere are named', () => {
    const out = run('up');
    for (const c of [out.ref, out.strict]) {
      expect(c.reason).toContain('move 1 (up) leaves the maze from row 1, column 1');
      expect(moveIndex(c)).toBe(0);
    }
    const short = run('down');
    expect(short.ref.reason).toContain('the path ends at row 2, column 1, not on the end E at row 2, column 2');
    expect(short.strict.locations).toContainEqual(expect.objectContaining({ kind: 'cell', row: 1, col: 1, label: 'the end E' }));
  });

  it('words only, on word boundaries: letters and run-together moves are not read', () => {
    expect(run('D R')).toMatchObject({ ref: { status: 'fail' }, strict: { status: 'error' } });
    expect(run('downright')).toMatchObject({ ref: { status: 'fail' }, strict: { status: 'error' } });
    expect(run('down rightx').ref.status).toBe('fail');
  });

  it('reference edge cases: no S, a ragged maze (crash), a missing state (crash)', () => {
    expect(run('down', example.replace('S', '0')).ref.reason).toContain('no start cell S');
    const ragged = ['+-+-+', '|S 0|', '+', '|0 E|', '+-+-+'].join('\n');
    expect(run('right down', ragged).ref).toMatchObject({ status: 'fail', crashed: true });
    expect(run('down', null).ref).toMatchObject({ status: 'fail', crashed: true });
    expect(run('down', null).strict.status).toBe('fail');
  });
});

// ---------------------------------------------------------------------------------------------

describe('minesweeper', () => {
  const board = ['| | | | | |', '|1|1|1| | |', '|1| |1| | |', '|2|3|3|1| |', '|1| | |1| |'].join('\n');
  const gt = '(2, 1),(4, 1),(4, 2)';
  const run = (answer: string, state: VerifyInput['initialState'] = board, truth = gt) => both(minesweeper, input('minesweeper', state, answer, truth));

  it('accepts the mine set in any order and spacing', () => {
    for (const a of [gt, '(4,2),(2,1),(4,1)', '[(2, 1), (4, 1), (4, 2)]']) {
      expect(run(a), a).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
    }
  });

  it('a missing mine: the reference compares with the stored set, strict names the clue that breaks', () => {
    const { ref, strict } = run('(2, 1),(4, 1)');
    expect(ref.reason).toContain('it misses (4, 2)');
    expect(ref.locations).toContainEqual(expect.objectContaining({ kind: 'cell', row: 4, col: 2 }));
    expect(strict.reason).toContain('the 3 at (3, 1) has 2 adjacent mines ((2, 1) and (4, 1)) in the answer');
    expect(strict.locations).toContainEqual(expect.objectContaining({ kind: 'cell', row: 3, col: 1 }));
  });

  it('a mine on a number, next to a blank, or off the board', () => {
    expect(run('(1, 0),(2, 1),(4, 1),(4, 2)').strict.reason).toContain('(1, 0) shows the number 1, so it cannot be a mine');
    const nearBlank = run('(2, 1),(4, 1),(4, 2),(0, 4)').strict;
    expect(nearBlank.reason).toContain('is blank and not marked as a mine');
    expect(nearBlank.locations).toContainEqual(expect.objectContaining({ kind: 'cell', row: 0, col: 3 }));
    expect(run('(2, 1),(4, 1),(9, 2)').strict.reason).toContain('the mine (9, 2) is outside the 5×5 board');
  });

  it('an alternative mine set on an ambiguous board: reference fail (set match), strict pass saying so', () => {
    const ambiguous = '| |1| |';
    const { ref, strict } = run('(0, 2)', ambiguous, '(0, 0)');
    expect(ref.status).toBe('fail');
    expect(strict.status).toBe('pass');
    expect(strict.reason).toContain('ambiguous');
    expect(run('(0, 0),(0, 2)', ambiguous, '(0, 0)').strict.reason).toContain('the 1 at (0, 1) has 2 adjacent mines');
  });

  it('reference reads pairs only without a space after "(" or before ")"', () => {
    expect(run('( 2, 1),(4, 1),(4, 2)').ref.status).toBe('fail');
    expect(run('(2, 1 ),(4, 1),(4, 2)').ref.status).toBe('fail');
    expect(run('(02, 1),(4, 1),(4, 2)').ref.status).toBe('pass'); // int('02') == 2
    expect(run('( 2, 1),(4, 1),(4, 2)').strict.status).toBe('pass');
  });

  it('falls back to the stored set when the board cannot be read, and reports unreadable answers', () => {
    const fallback = run('(2, 1),(4, 1)', 'not a board');
    expect(fallback.strict.status).toBe('fail');
    expect(fallback.strict.reason).toContain('the initial state is not a readable board');
    expect(run(gt, 'not a board').strict.status).toBe('pass');
    expect(run('no idea')).toMatchObject({ ref: { status: 'fail' }, strict: { status: 'error' } });
    expect(run('no idea').ref.reason).toMatch(/^could not read a mine list/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('slidingpuzzle', () => {
  const start = '[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 0], [13, 14, 15, 12]]';
  const run = (answer: string, state: VerifyInput['initialState'] = start) => both(slidingPuzzle, input('slidingpuzzle', state, answer));

  it("the spec's example: `up` and tile `12` solve it, `down` does not", () => {
    expect(run('up')).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
    expect(run('12')).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
    expect(run('[12]')).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
    const down = run('down');
    expect(down.ref.reason).toContain('after its only move the board is not solved');
    expect(down.ref.locations).toContainEqual(expect.objectContaining({ kind: 'cell', row: 2, col: 3 }));
  });

  it('illegal moves name the move and the blank (1-based positions as in the question)', () => {
    const { ref, strict } = run('left');
    for (const c of [ref, strict]) {
      expect(c.reason).toContain('move 1 (left): there is no tile to the right of the blank at (3, 4)');
      expect(moveIndex(c)).toBe(0);
    }
    const far = run('7');
    expect(far.ref.reason).toContain('move 1 (tile 7): tile 7 at (2, 3) is not next to the blank at (3, 4)');
    expect(far.strict.locations).toContainEqual(expect.objectContaining({ kind: 'cell', row: 1, col: 2 }));
    expect(run('16').ref.reason).toContain('there is no tile 16');
  });

  it('leniency: moves after the board is solved pass the reference, not strict', () => {
    const { ref, strict } = run('up down up');
    expect(ref.status).toBe('pass');
    expect(strict.reason).toContain('solved by move 1');
    expect(moveIndex(strict)).toBe(1);
  });

  it('reading: tile mode needs commas in the reference; strict also reads space-separated tiles', () => {
    expect(run('12 11').ref.reason).toMatch(/^could not read a move list/);
    expect(run('12 11').strict.reason).toContain('solved by move 1');
    expect(run('').ref.reason).toMatch(/^could not read a move list/);
    expect(run('').strict.status).toBe('error');
    expect(run('U').strict.reason).toContain('letters');
  });

  it('reference crashes: tuple rows cannot be changed; a missing state once moves are read', () => {
    const tuples = '((1, 2, 3, 4), (5, 6, 7, 8), (9, 10, 11, 0), (13, 14, 15, 12))';
    expect(run('up', tuples).ref).toMatchObject({ status: 'fail', crashed: true });
    expect(run('up', null).ref).toMatchObject({ status: 'fail', crashed: true });
    expect(run('nothing', null).ref).toMatchObject({ status: 'fail' });
    expect(run('nothing', null).ref.crashed).toBeUndefined();
    expect(run('up', '[[1, 2], [3, 0]]').ref).toMatchObject({ status: 'fail', crashed: true });
    expect(run('up', 'not a literal').ref).toMatchObject({ status: 'fail' });
    expect(run('up', '[[1, 2], [3, 0]]').strict.reason).toContain('not a 4×4 board');
  });
});

// ---------------------------------------------------------------------------------------------

describe('nibbles', () => {
  const state = ['Grid: 5x5', 'Snake: (2,2) (2,1)', 'Direction: right', 'Apples: (2,4) (0,4)', 'Goal: Eat 2 apples'].join('\n');
  const run = (answer: string, st: VerifyInput['initialState'] = state) => both(nibbles, input('nibbles', st, answer));

  it('accepts a path eating every apple', () => {
    expect(run('right right up up')).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
    expect(run('Right Right Up Up')).toMatchObject({ ref: { status: 'pass' }, strict: { status: 'pass' } });
  });

  it('reversing, leaving the grid and biting itself are named with the move and the cell (0-based)', () => {
    const reverse = run('left');
    for (const c of [reverse.ref, reverse.strict]) {
      expect(c.reason).toContain('move 1 (left) reverses the snake, which is heading right');
      expect(moveIndex(c)).toBe(0);
    }
    const wall = run('down down down');
    expect(wall.ref.reason).toContain('move 3 (down) runs the head from (4, 2) off the 5×5 grid');
    expect(wall.strict.locations).toContainEqual(expect.objectContaining({ kind: 'cell', row: 4, col: 2 }));
    // A snake curled so that its tail is next to its head: the reference forbids entering the tail cell.
    const curled = ['Grid: 5x5', 'Snake: (1,1) (1,2) (2,2) (2,1)', 'Direction: left', 'Apples: (4,4)'].join('\n');
    const bite = run('down', curled);
    for (const c of [bite.ref, bite.strict]) {
      expect(c.reason).toContain("move 1 (down) runs into the snake's own tail at (2, 1)");
      expect(c.locations).toContainEqual(expect.objectContaining({ kind: 'cell', row: 2, col: 1 }));
    }
  });

  it('uneaten apples are listed', () => {
    const { ref, strict } = run('right right');
    expect(ref.reason).toContain('the snake has eaten 1 of 2 apples; still on the grid: (0, 4)');
    expect(strict.locations).toContainEqual(expect.objectContaining({ kind: 'cell', row: 0, col: 4, label: 'uneaten apple' }));
  });

  it('leniency: moves after the last apple pass the reference, not strict', () => {
    const { ref, strict } = run('right right up up left');
    expect(ref.status).toBe('pass');
    expect(strict.reason).toContain('every apple is eaten by move 4');
    expect(moveIndex(strict)).toBe(4);
  });

  it('reading: the reference drops tokens with punctuation attached, strict reads them', () => {
    const { ref, strict } = run('right, right, up, up');
    expect(ref.status).toBe('fail');
    expect(ref.reason).toContain('drops 3 tokens with punctuation attached');
    expect(strict.status).toBe('pass');
    expect(run('R R U U')).toMatchObject({ ref: { status: 'fail' }, strict: { status: 'error' } });
  });

  it('an inconsistent or incomplete initial state fails in both modes', () => {
    const wrongDir = state.replace('Direction: right', 'Direction: up');
    expect(run('up', wrongDir).ref.reason).toContain('does not match the snake');
    expect(run('up', wrongDir).strict.reason).toContain('does not match the snake');
    const noApples = state.replace(/Apples:.*\n/, '');
    expect(run('right', noApples).ref.reason).toContain('no Apples line');
    expect(run('right', 'Grid: 5x5x5\nSnake: (0,0)\nDirection: up\nApples: (1,1)').ref.reason).toContain('Grid line');
  });
});

// ---------------------------------------------------------------------------------------------

describe('robustness: malformed input never throws and every non-pass has a reason', () => {
  const states: Array<VerifyInput['initialState']> = [null, '', '   ', 'garbage', '[1, 2', '[[1]]', '[]', '{}', { a: 1 }, 'Grid: 3x3\nSnake:\nDirection: up\nApples:'];
  const answers = ['', 'up', '(1,2)', '12', 'right right', 'U D', '(', 'up, 1, (2,3)'];
  for (const v of verifiers) {
    it(v.scoreFunction, () => {
      for (const st of states) {
        for (const a of answers) {
          for (const mode of ['reference', 'strict'] as const) {
            const c = v[mode](input(v.categories[0]!, st, a, '(1,2)'));
            if (c.status !== 'pass') expect(c.reason?.trim(), `${mode} ${JSON.stringify(st)} ${JSON.stringify(a)}`).toBeTruthy();
          }
        }
      }
    });
  }
});
