/**
 * minesweeper — `minesweeper_evaluator` (verifiers.md §7.4).
 *
 * Coordinates are the puzzle's own: (row, col), 0-based, as the question asks for them; locations use the
 * same 0-based cells.
 *
 * Board semantics (strict): the initial state draws every cell as `|…|`; a number is a revealed cell with
 * that many mines among its 8 neighbours; a blank is either a mine or a cell with no adjacent mine (the
 * question: "a cell with no number means it has no adjacent mines"). When the stored answer does not fit
 * that reading, blanks are read as unknown (only the numbers constrain); when it fits neither, the board
 * cannot be reconstructed and the answer is compared with the stored mine set.
 */
import { fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { cellLoc, digitsKey, leftoverTokens, listing, plural, PY_DIGIT, PY_WS, quote } from './common';
import { flatMap } from '../../collections';

const CONVENTION = '(coordinates are (row, col), counted from 0 as in the question)';

// ---------------------------------------------------------------------------------------------
// reference: set match with the stored answer

/** `\((\d+)\s*,\s*(\d+)\)` with Python's Unicode `\d` and `\s`. */
const REF_PAIR = new RegExp(`\\((${PY_DIGIT}+)[${PY_WS}]*,[${PY_WS}]*(${PY_DIGIT}+)\\)`, 'gu');

function refCoordinates(text: string): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  for (const m of text.matchAll(REF_PAIR)) {
    const r = digitsKey(m[1]!);
    const c = digitsKey(m[2]!);
    out.set(`${r},${c}`, [r, c]);
  }
  return out;
}

function coordLocs(items: ReadonlyArray<[string, string]>, label: string): Location[] {
  return flatMap(items, ([r, c]) => {
    const row = Number(r);
    const col = Number(c);
    return Number.isSafeInteger(row) && Number.isSafeInteger(col) ? [cellLoc(row, col, label)] : [];
  });
}

function reference(input: VerifyInput): Check {
  const pred = refCoordinates(input.answer);
  const truth = refCoordinates(input.groundTruth);
  const missing = [...truth.entries()].filter(([k]) => !pred.has(k)).map(([, v]) => v);
  const extra = [...pred.entries()].filter(([k]) => !truth.has(k)).map(([, v]) => v);
  if (missing.length === 0 && extra.length === 0) return pass();
  if (pred.size === 0) return fail(`could not read a mine list from the answer: no (row, col) pairs such as (0, 5) in ${quote(input.answer)}`);
  const fmt = (v: ReadonlyArray<[string, string]>): string => listing(v.map(([r, c]) => `(${r}, ${c})`), 6);
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`it misses ${fmt(missing)}`);
  if (extra.length > 0) parts.push(`${fmt(extra)} ${extra.length === 1 ? 'is' : 'are'} not a mine in the stored answer`);
  return fail(`the mine set differs from the stored answer (the reference accepts only that set): ${parts.join('; ')} ${CONVENTION}`, [
    ...coordLocs(missing, 'missing mine'),
    ...coordLocs(extra, 'not a mine in the stored answer'),
  ]);
}

// ---------------------------------------------------------------------------------------------
// strict: the mines against the numbers of the board

/** null = blank, number = revealed count. */
export type Board = Array<Array<number | null>>;

export function parseMinesweeperBoard(text: string): Board | null {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) return null;
  const board: Board = [];
  for (const line of lines) {
    if (!line.startsWith('|') || !line.endsWith('|') || line.length < 2) return null;
    const cells = line.slice(1, -1).split('|').map((c) => c.trim());
    const row: Array<number | null> = [];
    for (const c of cells) {
      if (c === '') row.push(null);
      else if (/^[0-8]$/.test(c)) row.push(Number(c));
      else return null;
    }
    board.push(row);
  }
  const width = board[0]!.length;
  return board.every((r) => r.length === width) ? board : null;
}

function neighbours(board: Board, r: number, c: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      if ((dr !== 0 || dc !== 0) && board[r + dr]?.[c + dc] !== undefined) out.push([r + dr, c + dc]);
    }
  }
  return out;
}

export interface Violation {
  /** 0: a mine on a number, 1: a number with the wrong count, 2: a blank next to a mine. */
  rank: number;
  text: string;
  loc: Location;
}

export type Semantics = 'full' | 'numbers';

/** Every way the mine set `mines` breaks the board (empty = consistent). */
export function violations(board: Board, mines: ReadonlySet<string>, semantics: Semantics): Violation[] {
  const out: Violation[] = [];
  // mines.has(`${r},${c}`) for every cell of the board, looked up once per cell.
  const isMine = board.map((row, r) => row.map((_, c) => mines.has(`${r},${c}`)));
  board.forEach((row, r) =>
    row.forEach((v, c) => {
      const mine = isMine[r]![c]!;
      const adj: Array<[number, number]> = [];
      if (mines.size > 0) {
        for (let dr = -1; dr <= 1; dr++) {
          for (let dc = -1; dc <= 1; dc++) {
            if ((dr !== 0 || dc !== 0) && board[r + dr]?.[c + dc] !== undefined && isMine[r + dr]![c + dc]) adj.push([r + dr, c + dc]);
          }
        }
      }
      // Only the reasons use the listing: build it on demand (most cells are fine).
      const adjText = (): string => listing(adj.map(([y, x]) => `(${y}, ${x})`));
      if (v !== null) {
        if (mine) {
          const text = `(${r}, ${c}) shows the number ${v}, so it cannot be a mine`;
          out.push({ rank: 0, text, loc: cellLoc(r, c, text) });
        } else if (adj.length !== v) {
          const text = `the ${v} at (${r}, ${c}) has ${adj.length === 0 ? 'no adjacent mines' : `${plural(adj.length, 'adjacent mine')} (${adjText()})`} in the answer`;
          out.push({ rank: 1, text, loc: cellLoc(r, c, text) });
        }
      } else if (semantics === 'full' && !mine && adj.length > 0) {
        const text = `(${r}, ${c}) is blank and not marked as a mine, so it has no adjacent mines, but the answer puts ${plural(adj.length, 'mine')} next to it (${adjText()})`;
        out.push({ rank: 2, text, loc: cellLoc(r, c, text) });
      }
    }),
  );
  return out.sort((a, b) => a.rank - b.rank);
}

/** How many mine sets fit the board under the full reading (stops at `limit`). */
export function countSolutions(board: Board, limit: number): number {
  // Under the full reading a mine's blank neighbours are mines too, so each 8-connected group of blanks is all mines or none.
  // Cells keyed y * width + x (every row of a parsed board has the same width).
  const width = board[0]?.length ?? 0;
  const group = new Map<number, number>();
  const groups: Array<Array<[number, number]>> = [];
  board.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== null || group.has(r * width + c)) return;
      const cells: Array<[number, number]> = [];
      const stack: Array<[number, number]> = [[r, c]];
      group.set(r * width + c, groups.length);
      while (stack.length > 0) {
        const [y, x] = stack.pop()!;
        cells.push([y, x]);
        for (const [ny, nx] of neighbours(board, y, x)) {
          if (board[ny]![nx] === null && !group.has(ny * width + nx)) {
            group.set(ny * width + nx, groups.length);
            stack.push([ny, nx]);
          }
        }
      }
      groups.push(cells);
    }),
  );
  // Each number: how many cells of each group touch it.
  const clues: Array<{ need: number; touch: Map<number, number> }> = [];
  board.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null) return;
      const touch = new Map<number, number>();
      for (const [y, x] of neighbours(board, r, c)) {
        const g = group.get(y * width + x);
        if (g !== undefined) touch.set(g, (touch.get(g) ?? 0) + 1);
      }
      clues.push({ need: v, touch });
    }),
  );
  const choice = new Array<boolean | undefined>(groups.length).fill(undefined);
  let found = 0;
  let budget = 200_000;
  const feasible = (): boolean =>
    clues.every(({ need, touch }) => {
      let sure = 0;
      let maybe = 0;
      for (const [g, n] of touch) {
        if (choice[g] === true) sure += n;
        else if (choice[g] === undefined) maybe += n;
      }
      return sure <= need && sure + maybe >= need;
    });
  const dfs = (g: number): void => {
    if (found >= limit || budget-- <= 0) return;
    if (!feasible()) return;
    if (g === groups.length) {
      found++;
      return;
    }
    for (const v of [false, true]) {
      choice[g] = v;
      dfs(g + 1);
    }
    choice[g] = undefined;
  };
  dfs(0);
  return found;
}

/** `(row, col)` or `[row, col]`, spaces allowed. */
export const STRICT_PAIR = /[([]\s*(\d+)\s*,\s*(\d+)\s*[)\]]/gu;
export const NO_MINES = /^\s*(?:\[\s*\]|\(\s*\)|\{\s*\}|none|no mines?|empty)\s*\.?\s*$/iu;

function strict(input: VerifyInput): Check {
  const pairs = [...input.answer.matchAll(STRICT_PAIR)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]);
  if (pairs.length === 0 && !NO_MINES.test(input.answer)) {
    return parseError(`could not read a mine list from the answer: no (row, col) pairs such as (0, 5) in ${quote(input.answer)}`);
  }
  const other = leftoverTokens(input.answer, STRICT_PAIR);
  if (pairs.length > 0 && other.length > 0) {
    return parseError(`could not read a mine list from the answer: besides the (row, col) pairs it contains ${listing(other.map((t) => quote(t, 20)), 3)}`);
  }
  const mines = new Set(pairs.map(([r, c]) => `${r},${c}`));
  const truth = new Set([...input.groundTruth.matchAll(STRICT_PAIR)].map((m) => `${Number(m[1])},${Number(m[2])}`));

  const board = typeof input.initialState === 'string' ? parseMinesweeperBoard(input.initialState) : null;
  let semantics: Semantics | null = null;
  if (board) {
    const truthFits = (s: Semantics): boolean => truth.size > 0 && [...truth].every((k) => inside(board, k)) && violations(board, truth, s).length === 0;
    if (truthFits('full') || (truth.size === 0 && countSolutions(board, 1) > 0)) semantics = 'full';
    else if (truthFits('numbers')) semantics = 'numbers';
  }

  if (!board || !semantics) {
    // The puzzle cannot be reconstructed: fall back to the stored mine set.
    const why = board ? 'the stored answer does not fit the numbers of the board' : 'the initial state is not a readable board';
    const missing = [...truth].filter((k) => !mines.has(k));
    const extra = [...mines].filter((k) => !truth.has(k));
    if (missing.length === 0 && extra.length === 0) return pass(`the mine set equals the stored answer (${why}, so it is the only check)`);
    const fmt = (ks: string[]): string => listing(ks.map((k) => `(${k.replace(',', ', ')})`), 6);
    const parts = [...(missing.length > 0 ? [`it misses ${fmt(missing)}`] : []), ...(extra.length > 0 ? [`${fmt(extra)} ${extra.length === 1 ? 'is' : 'are'} not a mine in the stored answer`] : [])];
    const locs = [...missing, ...extra].map((k) => {
      const [r, c] = k.split(',').map(Number) as [number, number];
      return cellLoc(r, c, missing.includes(k) ? 'missing mine' : 'not a mine in the stored answer');
    });
    return fail(`the mine set differs from the stored answer (${why}, so the answer is compared with it): ${parts.join('; ')} ${CONVENTION}`, locs);
  }

  const height = board.length;
  const width = board[0]!.length;
  const outside = pairs.filter(([r, c]) => r >= height || c >= width);
  if (outside.length > 0) {
    const [r, c] = outside[0]!;
    return fail(`the mine (${r}, ${c}) is outside the ${height}×${width} board ${CONVENTION}`);
  }
  const found = violations(board, mines, semantics);
  if (found.length > 0) {
    const more = found.length > 1 ? ` (and ${plural(found.length - 1, 'more clash', 'more clashes')})` : '';
    return fail(`the mines do not fit the board: ${found[0]!.text}${more} ${CONVENTION}`, found.map((v) => v.loc));
  }
  const sameAsStored = truth.size === mines.size && [...mines].every((k) => truth.has(k));
  if (semantics === 'numbers') {
    return pass(`the mines fit every number of the board${sameAsStored ? '' : ' (not the stored set: blank cells are not all revealed, so several sets fit)'}`);
  }
  const ambiguous = countSolutions(board, 2) > 1;
  if (ambiguous) return pass(`the mines fit every number and blank of the board; the board is ambiguous (more than one mine set fits)${sameAsStored ? '' : ', and this one differs from the stored answer'}`);
  return pass('the mines fit every number and blank of the board');
}

export function inside(board: Board, k: string): boolean {
  const [r, c] = k.split(',').map(Number) as [number, number];
  return r < board.length && c < board[0]!.length;
}

export const minesweeper: TaskVerifier = {
  scoreFunction: 'minesweeper_evaluator',
  categories: ['minesweeper'],
  reference,
  strict,
};
