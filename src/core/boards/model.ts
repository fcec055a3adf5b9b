/**
 * The board model: what the verifier panel draws for grid and path tasks (sudoku, futoshiki, skyscrapers,
 * kakuro, binairo, hitori, nonogram, aquarium, campsite, calcudoku, kukurasu, minesweeper, maze, sokoban,
 * sliding puzzle, hanoi, ...). Built in core from a Sample's `initial_state` and the candidate answer
 * (`buildBoard`, boards/index.ts), sent to the webview inside the curator protocol's sample snapshot, and
 * drawn by webview/curator/board/. Plain data, validated with zod at the host/webview boundary.
 *
 * Coordinates are 0-based `[row, col]`. A board shows the candidate answer over the puzzle's givens and
 * marks what breaks: `bad` cells, clues, cages, relations and path steps, plus `violations` that say why in
 * words (the same wording as the verifier's reason where possible).
 */
import { z } from 'zod';

export const Coord = z.tuple([z.number().int(), z.number().int()]);
export type Coord = z.infer<typeof Coord>;

/** What a cell shows besides (or instead of) text. */
export const CELL_FILLS = [
  'black', // shaded (hitori, nonogram, binairo 1s if drawn as shading, aquarium water when drawn as shade)
  'white', // explicitly unshaded
  'water',
  'tree',
  'tent',
  'mine',
  'flag',
  'wall',
  'floor',
  'box',
  'target',
  'boxOnTarget',
  'player',
  'playerOnTarget',
  'path',
  'start',
  'goal',
  'unknown',
] as const;
export const CellFill = z.enum(CELL_FILLS);
export type CellFill = z.infer<typeof CellFill>;

export const GridCell = z.object({
  /** The digit/letter/symbol drawn in the cell. */
  text: z.string().optional(),
  /** The cell is part of the puzzle (drawn bold), not the candidate's answer. */
  given: z.boolean().optional(),
  fill: CellFill.optional(),
  /** Kakuro clue cell: sums for the run below (down) and to the right (across). */
  clue: z.object({ down: z.number().int().optional(), across: z.number().int().optional() }).optional(),
  /** The cell takes part in a violation. */
  bad: z.boolean().optional(),
  /** The candidate left this cell empty or unreadable where the puzzle needs a value. */
  missing: z.boolean().optional(),
});
export type GridCell = z.infer<typeof GridCell>;

/** A number or label outside the grid (skyscrapers views, nonogram runs, tent/kukurasu/aquarium counts). */
export const EdgeClue = z.object({ text: z.string(), bad: z.boolean().optional() });
export type EdgeClue = z.infer<typeof EdgeClue>;

export const Violation = z.object({
  message: z.string(),
  cells: z.array(Coord).default([]),
  /** A clue outside the grid: which side and which row/column index. */
  clue: z.object({ side: z.enum(['top', 'bottom', 'left', 'right']), index: z.number().int() }).optional(),
  /** A path or move sequence: the 0-based step/move index where it breaks. */
  step: z.number().int().optional(),
});
export type Violation = z.infer<typeof Violation>;

export const GridBoard = z.object({
  kind: z.literal('grid'),
  /** e.g. "Sudoku 9×9: candidate answer". */
  title: z.string(),
  rows: z.number().int().min(1).max(200),
  cols: z.number().int().min(1).max(200),
  /** rows × cols. */
  cells: z.array(z.array(GridCell)),
  /** Region id per cell (sudoku boxes, aquarium tanks, calcudoku cages): thick borders between different ids. */
  regions: z.array(z.array(z.number().int())).optional(),
  /** Clues around the grid, one array per side (index = row for left/right, col for top/bottom); a clue may be several numbers (nonogram). */
  top: z.array(z.array(EdgeClue)).optional(),
  bottom: z.array(z.array(EdgeClue)).optional(),
  left: z.array(z.array(EdgeClue)).optional(),
  right: z.array(z.array(EdgeClue)).optional(),
  /** Cages with a label in their first cell (calcudoku "12+", killer sums). */
  cages: z.array(z.object({ cells: z.array(Coord), label: z.string(), bad: z.boolean().optional() })).optional(),
  /** Relations between neighbouring cells (futoshiki < >, kropki dots...). `symbol` reads from a to b. */
  relations: z.array(z.object({ a: Coord, b: Coord, symbol: z.string(), bad: z.boolean().optional() })).optional(),
  /** A path through the grid (maze): the cells in order; `badFrom` is the first step index that is illegal. */
  path: z.object({ cells: z.array(Coord), badFrom: z.number().int().optional() }).optional(),
  /**
   * Walls between neighbouring cells (mazes), each `[a, b]`: drawn as a thick line on the edge a and b
   * share; b may lie just outside the grid (the outer wall).
   */
  walls: z.array(z.tuple([Coord, Coord])).optional(),
  violations: z.array(Violation).default([]),
  /** Optional legend lines ("■ shaded", "T tent", ...). */
  legend: z.array(z.string()).optional(),
});
export type GridBoard = z.infer<typeof GridBoard>;

/** Tower of Hanoi: discs per peg, bottom first. */
export const PegsBoard = z.object({
  kind: z.literal('pegs'),
  title: z.string(),
  /** pegs[i] = disc sizes from bottom to top. */
  pegs: z.array(z.array(z.number().int())),
  /** Peg labels (A, B, C or 1, 2, 3 as the puzzle names them). */
  labels: z.array(z.string()),
  /** Pegs taking part in a violation (0-based indexes into `pegs`). */
  badPegs: z.array(z.number().int()).optional(),
  violations: z.array(Violation).default([]),
});
export type PegsBoard = z.infer<typeof PegsBoard>;

/** A single snapshot in a move sequence. */
export const Frame = z.object({
  /** e.g. "start", "move 3: U", "after move 17 (illegal)". */
  label: z.string(),
  board: z.discriminatedUnion('kind', [GridBoard, PegsBoard]),
  bad: z.boolean().optional(),
  /** Index into the sequence's `moves` of the move this frame shows (absent for the start frame). */
  move: z.number().int().nonnegative().optional(),
});
export type Frame = z.infer<typeof Frame>;

/** Move puzzles (sokoban, sliding puzzle, hanoi): the state before and after each move, up to the first illegal one. */
export const SequenceBoard = z.object({
  kind: z.literal('sequence'),
  title: z.string(),
  /** The moves as the candidate wrote them, normalised to short labels. */
  moves: z.array(z.string()),
  frames: z.array(Frame).max(2000),
  /** Index into `moves` of the first illegal move, if any. */
  badMove: z.number().int().optional(),
  /** The frame to show first (the illegal one, or the final state). */
  focusFrame: z.number().int().nonnegative(),
  violations: z.array(Violation).default([]),
});
export type SequenceBoard = z.infer<typeof SequenceBoard>;

export const Board = z.discriminatedUnion('kind', [GridBoard, PegsBoard, SequenceBoard]);
export type Board = z.infer<typeof Board>;
