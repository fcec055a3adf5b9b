/**
 * Shared pieces of the board builders: the context a builder receives, grid construction, the violation
 * collector and the rule checks several grid tasks share (Latin-square duplicates, reading an integer grid
 * the way the strict verifiers do).
 *
 * Wording follows the verifiers: rows and columns 1-based in messages unless the puzzle itself counts
 * from 0 (then the message says so); coordinates in the model are 0-based `[row, col]`.
 */
import type { Location, VerifyInput } from '../verify/types';
import { readIntGrid, shapeProblems, Problems, countWord, duplicates, type GridReadOptions } from '../verify/tasks/numberGrids/grids';
import type { Board, Coord, EdgeClue, Frame, GridBoard, GridCell, PegsBoard, SequenceBoard, Violation } from './model';

export interface BoardContext {
  /** The verifier input: the extracted answer ('' when there is none), the decoded initial_state, the question. */
  input: VerifyInput;
  /** False when the sample has no response: the board shows the puzzle alone. */
  hasAnswer: boolean;
}

export type Builder = (ctx: BoardContext) => Board | null;

// ---------------------------------------------------------------------------------------------------------
// Violations

export interface ViolationExtra {
  clue?: { side: 'top' | 'bottom' | 'left' | 'right'; index: number };
  step?: number;
}

/** An ordered list of violations, each with the cells it concerns (deduplicated). */
export class Violations {
  readonly list: Violation[] = [];

  add(message: string, cells: ReadonlyArray<readonly [number, number]> = [], extra: ViolationExtra = {}): Violation {
    const seen = new Set<string>();
    const unique: Coord[] = [];
    for (const [r, c] of cells) {
      const k = `${r},${c}`;
      if (seen.has(k)) continue;
      seen.add(k);
      unique.push([r, c]);
    }
    const v: Violation = { message, cells: unique };
    if (extra.clue) v.clue = extra.clue;
    if (extra.step !== undefined) v.step = extra.step;
    this.list.push(v);
    return v;
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

/** The cells of verifier locations (`cell` kinds only), as coordinates. */
export function locationCells(locations: ReadonlyArray<Pick<Location, 'kind'> & { row?: number | undefined; col?: number | undefined }>): Coord[] {
  const out: Coord[] = [];
  for (const l of locations) if (l.kind === 'cell' && l.row !== undefined && l.col !== undefined) out.push([l.row, l.col]);
  return out;
}

/** "could not read the answer as a 9×9 grid: …" unless the reason already says it could not read. */
export function unreadable(what: string, reason: string): string {
  return /^could not read/i.test(reason) ? reason : `could not read the answer as ${what}: ${reason}`;
}

// ---------------------------------------------------------------------------------------------------------
// Grids

export function emptyCells(rows: number, cols: number): GridCell[][] {
  const out: GridCell[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: GridCell[] = [];
    for (let c = 0; c < cols; c++) row.push({});
    out.push(row);
  }
  return out;
}

export function inGrid(rows: number, cols: number, r: number, c: number): boolean {
  return r >= 0 && r < rows && c >= 0 && c < cols;
}

/**
 * Mark the cells of every violation bad (those inside the grid). A violation about an edge clue (a wrong
 * view, a row count) marks the clue instead: its cells are only highlighted when the violation is hovered.
 */
export function markViolations(cells: GridCell[][], violations: readonly Violation[]): void {
  for (const v of violations) {
    if (v.clue) continue;
    for (const [r, c] of v.cells) {
      const cell = cells[r]?.[c];
      if (cell) cell.bad = true;
    }
  }
}

/** Edge clues from numbers (0 or null = no clue). */
export function numberClues(values: ReadonlyArray<number | null | undefined>): EdgeClue[][] {
  return values.map((v) => (v === null || v === undefined || v === 0 ? [] : [{ text: String(v) }]));
}

/** Board size limits of the model (rows/cols 1..200). */
export const MAX_SIDE = 200;

export function sizeOk(rows: number, cols: number): boolean {
  return Number.isInteger(rows) && Number.isInteger(cols) && rows >= 1 && cols >= 1 && rows <= MAX_SIDE && cols <= MAX_SIDE;
}

export interface GridParts {
  title: string;
  rows: number;
  cols: number;
  cells: GridCell[][];
  violations: Violation[];
  regions?: number[][] | undefined;
  top?: EdgeClue[][] | undefined;
  bottom?: EdgeClue[][] | undefined;
  left?: EdgeClue[][] | undefined;
  right?: EdgeClue[][] | undefined;
  cages?: GridBoard['cages'];
  relations?: GridBoard['relations'];
  path?: GridBoard['path'];
  walls?: GridBoard['walls'];
  legend?: string[] | undefined;
  /** Mark the cells named by violations bad (default true). */
  mark?: boolean;
}

/** A grid board from its parts, leaving out the parts that are absent. */
export function gridBoard(p: GridParts): GridBoard {
  if (p.mark !== false) markViolations(p.cells, p.violations);
  const b: GridBoard = { kind: 'grid', title: p.title, rows: p.rows, cols: p.cols, cells: p.cells, violations: p.violations };
  if (p.regions) b.regions = p.regions;
  if (p.top) b.top = p.top;
  if (p.bottom) b.bottom = p.bottom;
  if (p.left) b.left = p.left;
  if (p.right) b.right = p.right;
  if (p.cages) b.cages = p.cages;
  if (p.relations) b.relations = p.relations;
  if (p.path) b.path = p.path;
  if (p.walls) b.walls = p.walls;
  if (p.legend) b.legend = p.legend;
  return b;
}

export function pegsBoard(title: string, pegs: number[][], labels: string[], violations: Violation[] = [], badPegs: number[] = []): PegsBoard {
  const b: PegsBoard = { kind: 'pegs', title, pegs: pegs.map((p) => [...p]), labels, violations };
  if (badPegs.length > 0) b.badPegs = [...new Set(badPegs)].sort((x, y) => x - y);
  return b;
}

// ---------------------------------------------------------------------------------------------------------
// Integer grids (the strict verifiers' reader)

export type AnswerGrid = { grid: number[][]; ok: boolean } | null;

/**
 * Read the answer as an integer grid the way the strict number-grid verifiers do. Reading problems (stray
 * list items, a grid of the wrong shape) become violations; returns the grid read (possibly of the wrong
 * shape, `ok` false then), or null when nothing could be read.
 */
export function readAnswerGrid(ctx: BoardContext, rows: number, cols: number, v: Violations, opts: GridReadOptions): AnswerGrid {
  if (!ctx.hasAnswer) return null;
  const read = readIntGrid(ctx.input.answer, opts);
  if (!read.ok) {
    v.add(unreadable(`a ${rows}×${cols} grid`, read.reason), locationCells(read.locations ?? []));
    return null;
  }
  for (const p of read.problems) v.add(p.reason, locationCells(p.locations));
  const shape = new Problems();
  const ok = shapeProblems(read.grid, rows, cols, shape);
  for (const p of shape.items) v.add(p.reason);
  return { grid: read.grid, ok };
}

/** Put the values of a (possibly misshapen) grid into the cells; cells the grid does not reach are `missing`. */
export function fillNumbers(cells: GridCell[][], grid: readonly (readonly number[])[], rows: number, cols: number, show: (v: number) => string = String): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const cell = cells[r]![c]!;
      if (cell.given) continue;
      const v = grid[r]?.[c];
      if (v === undefined) cell.missing = true;
      else cell.text = show(v);
    }
  }
}

/**
 * The Latin-square rules of the strict verifiers (`latinProblems`): values outside 1..n, and every value
 * repeated in a row or a column (all its cells). The grid must be n×n.
 */
export function latinViolations(grid: readonly (readonly number[])[], n: number, v: Violations, opts: { range?: boolean; ignore?: number } = {}): void {
  if (opts.range !== false) {
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const x = grid[r]![c]!;
        if (!Number.isInteger(x) || x < 1 || x > n) v.add(`row ${r + 1}, column ${c + 1} holds ${x}, outside 1..${n}`, [[r, c]]);
      }
    }
  }
  for (let r = 0; r < n; r++) {
    for (const [x, cols] of duplicates(grid[r]!)) {
      if (x === opts.ignore) continue;
      v.add(`row ${r + 1} has ${countWord(cols.length)} ${x}s (columns ${cols.map((c) => c + 1).join(' and ')})`, cols.map((c) => [r, c] as const));
    }
  }
  for (let c = 0; c < n; c++) {
    const column = grid.map((row) => row[c]!);
    for (const [x, rows] of duplicates(column)) {
      if (x === opts.ignore) continue;
      v.add(`column ${c + 1} has ${countWord(rows.length)} ${x}s (rows ${rows.map((r) => r + 1).join(' and ')})`, rows.map((r) => [r, c] as const));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Move sequences

/** At most this many frames per sequence board (the model allows 2000; each frame is a whole board). */
export const MAX_FRAMES = 240;

export class FrameList {
  readonly frames: Frame[] = [];
  /** How many frames were dropped from the middle to stay under MAX_FRAMES. */
  dropped = 0;

  /** A frame; `move` is the index of the move it shows (none for the start frame). */
  push(label: string, board: Frame['board'], bad = false, move?: number): void {
    const f: Frame = { label, board };
    if (bad) f.bad = true;
    if (move !== undefined) f.move = move;
    this.frames.push(f);
  }

  /** Replace the last frame's board (the final state, found wrong), marking it bad. */
  replaceLast(label: string, board: Frame['board']): void {
    const last = this.frames[this.frames.length - 1];
    if (!last) return;
    this.frames[this.frames.length - 1] = { ...last, label, board, bad: true };
  }

  /** The first frame and the last MAX_FRAMES - 1 (the end of a long sequence is where it breaks). */
  capped(): Frame[] {
    if (this.frames.length <= MAX_FRAMES) return this.frames;
    this.dropped = this.frames.length - MAX_FRAMES;
    return [this.frames[0]!, ...this.frames.slice(this.frames.length - (MAX_FRAMES - 1))];
  }
}

export function sequenceBoard(title: string, moves: string[], list: FrameList, violations: Violation[], badMove: number | undefined): SequenceBoard {
  const frames = list.capped();
  const all = [...violations];
  if (list.dropped > 0) {
    // Not a rule violation: a note in the first frame's label instead.
    frames[0] = { ...frames[0]!, label: `${frames[0]!.label} (frames of ${list.dropped} earlier moves left out)` };
  }
  let focus = frames.length - 1;
  const badAt = frames.findIndex((f) => f.bad === true);
  if (badAt >= 0) focus = badAt;
  const b: SequenceBoard = { kind: 'sequence', title, moves, frames, focusFrame: Math.max(0, focus), violations: all };
  if (badMove !== undefined) b.badMove = badMove;
  return b;
}
