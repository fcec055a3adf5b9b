/**
 * Sample (+ its verdict) -> Board: the puzzle drawn from `initial_state` with the candidate answer over it
 * and what breaks highlighted. One builder per task (or family) in this folder; each reads the puzzle and
 * the answer with the strict verifier's own helpers and computes its violations from the puzzle's rules.
 *
 * `buildBoard` then holds the board to the verdict of the strict verifier: a pass shows no violations, and
 * a fail or error the rules did not locate gets the verifier's reason as its violation (with the cells it
 * names). Pure and total: it never throws; null when the task has no board or its puzzle cannot be read.
 */
import type { Sample } from '../sample';
import { extractAnswer } from '../verify/extract';
import { resolveVerifier, verifyInput, type ModeVerdict, type Verdict } from '../verify/pipeline';
import { TASKS } from '../verify/registry';
import { guarded } from '../verify/types';
import { aquariumBoard } from './aquarium';
import { binairoBoard } from './binairo';
import { calcudokuBoard } from './calcudoku';
import { campsiteBoard } from './campsite';
import { euleroBoard } from './eulero';
import { locationCells, markViolations, type Builder } from './common';
import { futoshikiBoard } from './futoshiki';
import { hanoiBoard } from './hanoi';
import { hitoriBoard } from './hitori';
import { kakuroBoard } from './kakuro';
import { kukurasuBoard } from './kukurasu';
import { mazeBoard } from './maze';
import { minesweeperBoard } from './minesweeper';
import type { Board, GridBoard, PegsBoard, SequenceBoard, Violation } from './model';
import { nonogramBoard } from './nonogram';
import { numbrixBoard } from './numbrix';
import { skyscrapersBoard } from './skyscrapers';
import { slidingPuzzleBoard } from './slidingPuzzle';
import { sokobanBoard } from './sokoban';
import { sudokuBoard } from './sudoku';

export type { Board } from './model';

/** Board builders by the score function of the verifier that judges the task. */
const BUILDERS: Readonly<Record<string, Builder>> = {
  sudoku_evaluator: sudokuBoard,
  futoshiki_evaluator: futoshikiBoard,
  skyscrapers_evaluator: skyscrapersBoard,
  kakuro_evaluator: kakuroBoard,
  binairo_evaluator: binairoBoard,
  hitori_evaluator: hitoriBoard,
  nonogram_evaluator: nonogramBoard,
  aquarium_evaluator: aquariumBoard,
  campsite_evaluator: campsiteBoard,
  calcudoku_evaluator: calcudokuBoard,
  kukurasu_evaluator: kukurasuBoard,
  minesweeper_evaluator: minesweeperBoard,
  maze_evaluator: mazeBoard,
  sokoban_evaluator: sokobanBoard,
  sliding_puzzle_evaluator: slidingPuzzleBoard,
  hanoi_evaluator: hanoiBoard,
  // Beyond the required sixteen: other grids the same machinery draws.
  numbrix_evaluator: numbrixBoard,
  eulero_evaluator: euleroBoard,
};

/** The score functions (tasks) that have a board. */
export const BOARD_SCORE_FUNCTIONS: readonly string[] = Object.keys(BUILDERS);

function builderFor(sample: Sample): Builder | undefined {
  const verifier = resolveVerifier(sample).verifier;
  if (verifier && BUILDERS[verifier.scoreFunction]) return BUILDERS[verifier.scoreFunction];
  const task = sample.task === null ? undefined : TASKS[sample.task];
  return task ? BUILDERS[task.scoreFunction] : undefined;
}

/** Whether a sample's task has a board (its puzzle may still be unreadable). */
export function hasBoard(sample: Sample): boolean {
  return builderFor(sample) !== undefined;
}

/**
 * The board from the rules alone, for `answer` (the extracted answer; null: show the puzzle alone),
 * without consulting any verdict. Never throws.
 */
export function buildBoardFromRules(sample: Sample, answer: string | null): Board | null {
  try {
    const builder = builderFor(sample);
    if (!builder) return null;
    return builder({ input: verifyInput(sample, answer ?? ''), hasAnswer: answer !== null });
  } catch {
    return null;
  }
}

/** The strict verdict of `answer`, when no verdict was given. */
function strictVerdict(sample: Sample, answer: string): ModeVerdict | null {
  const verifier = resolveVerifier(sample).verifier;
  if (!verifier) return null;
  const check = guarded(() => verifier.strict(verifyInput(sample, answer)), `${verifier.scoreFunction} (strict)`);
  return { status: check.status, reason: check.reason ?? null, locations: check.locations ?? [], crashed: check.crashed ?? false };
}

/**
 * The board of a sample: the puzzle from its initial_state, the candidate answer (the verdict's extracted
 * answer, else the one extracted from the response) and its violations, in agreement with the strict
 * verdict. Null when the task has no board or its puzzle cannot be read.
 */
export function buildBoard(sample: Sample, verdict: Verdict | null): Board | null {
  try {
    const answer = verdict ? verdict.extracted : sample.response !== null ? extractAnswer(sample.response).answer : null;
    const board = buildBoardFromRules(sample, answer);
    if (board === null || answer === null) return board;
    const strict = verdict ? verdict.strict : strictVerdict(sample, answer);
    return strict ? reconcile(board, strict) : board;
  } catch {
    return null;
  }
}

/** Hold the board to the verdict: no violations on a pass; at least the verifier's reason on a fail. */
export function reconcile(board: Board, strict: ModeVerdict): Board {
  if (strict.status === 'pass') return clearViolations(board);
  if ((strict.status === 'fail' || strict.status === 'error') && board.violations.length === 0) {
    const message = strict.reason ?? 'the verifier rejected the answer';
    const moveLoc = strict.locations.find((l) => l.kind === 'move' && l.index !== undefined);
    const v: Violation = { message, cells: locationCells(strict.locations) };
    if (moveLoc?.index !== undefined) v.step = moveLoc.index;
    return addViolation(board, v);
  }
  return board;
}

function clearGrid(b: GridBoard): GridBoard {
  const out: GridBoard = { ...b, cells: b.cells.map((row) => row.map(({ bad: _bad, ...cell }) => cell)), violations: [] };
  for (const side of ['top', 'bottom', 'left', 'right'] as const) {
    const clues = b[side];
    if (clues) out[side] = clues.map((list) => list.map(({ bad: _bad, ...c }) => c));
  }
  if (b.cages) out.cages = b.cages.map(({ bad: _bad, ...c }) => c);
  if (b.relations) out.relations = b.relations.map(({ bad: _bad, ...r }) => r);
  if (b.path) out.path = { cells: b.path.cells };
  return out;
}

function clearPegs(b: PegsBoard): PegsBoard {
  const out: PegsBoard = { ...b, violations: [] };
  delete out.badPegs;
  return out;
}

function clearViolations(board: Board): Board {
  if (board.kind === 'grid') return clearGrid(board);
  if (board.kind === 'pegs') return clearPegs(board);
  const frames = board.frames.map(({ bad: _bad, ...f }) => ({ ...f, board: f.board.kind === 'grid' ? clearGrid(f.board) : clearPegs(f.board) }));
  const out: SequenceBoard = { ...board, frames, focusFrame: Math.max(0, frames.length - 1), violations: [] };
  delete out.badMove;
  return out;
}

function addViolation(board: Board, v: Violation): Board {
  if (board.kind === 'grid') {
    const cells = board.cells.map((row) => row.map((c) => ({ ...c })));
    markViolations(cells, [v]);
    return { ...board, cells, violations: [...board.violations, v] };
  }
  if (board.kind === 'pegs') return { ...board, violations: [...board.violations, v] };
  // A sequence: the verifier's reason goes with the focus frame (the last one).
  const focus = Math.min(board.focusFrame, board.frames.length - 1);
  const frames = board.frames.map((f, i) => (i === focus ? { ...f, bad: true, board: addViolation(f.board, v) as GridBoard | PegsBoard } : f));
  return { ...board, frames, violations: [...board.violations, v] };
}
