/**
 * Huge boards for every grid task (issue #8: "a board of 1000 x 1000 for every grid task"): an
 * initial_state and an answer of side `n`, in the formats of the real MM-HELIX rows of
 * test/fixtures/mmhelix-dev (JSON dicts, Python-style lists, ASCII boards, move and coordinate lists).
 * They are plausible, not solved: the point is that parsing and checking a board this size stays
 * bounded, whatever the verdict.
 */

export interface BigBoard {
  initialState: string;
  answer: string;
  /** The question text, where a strict rule reads it (start/end vertices, sizes). */
  question?: string;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const latinRow = (n: number, r: number): number[] => range(n).map((c) => ((r + c) % n) + 1);
const pyGrid = (n: number, cell: (r: number, c: number) => string): string => `[${range(n).map((r) => `[${range(n).map((c) => cell(r, c)).join(', ')}]`).join(', ')}]`;
const latinSquare = (n: number): string => pyGrid(n, (r, c) => String(((r + c) % n) + 1));
const moves = (k: number): string => range(k).map((i) => ['up', 'right', 'down', 'left'][i % 4]).join(' ');
const coordList = (n: number, fmt: (r: number, c: number) => string, sep = ', '): string => range(n).flatMap((r) => range(n).filter((c) => (r + c) % 3 === 0).map((c) => fmt(r, c))).join(sep);

/** Builders by MM-HELIX category. */
export const BIG_BOARDS: Record<string, (n: number) => BigBoard> = {
  Calcudoku: (n) => ({
    initialState: JSON.stringify({ size: n, regions: range(n).map((r) => ({ cells: range(n).map((c) => [r + 1, c + 1]), operator: '+', target: (n * (n + 1)) / 2 })) }),
    answer: latinSquare(n),
  }),
  Kukurasu: (n) => ({
    initialState: JSON.stringify({ row_sums: range(n).map((i) => (i * 7) % (n * 2)), col_sums: range(n).map((i) => (i * 5) % (n * 2)), size: n }),
    answer: pyGrid(n, (r, c) => String((r * 31 + c * 17) % 2)),
  }),
  Skyscrapers: (n) => ({
    initialState: JSON.stringify({ n, top: range(n).map((i) => (i % n) + 1), bottom: range(n).map(() => 1), left: range(n).map(() => 2), right: range(n).map(() => 3) }),
    answer: latinSquare(n),
  }),
  aquarium: (n) => ({
    initialState: JSON.stringify({ regions: range(n).map((r) => range(n).map((c) => Math.floor(r / 2) * n + Math.floor(c / 3))), row_clues: range(n).map((i) => i % n), col_clues: range(n).map((i) => (i * 3) % n), grid_size: [n, n] }),
    answer: `[${coordList(n, (r, c) => `(${c}, ${r})`)}]`,
  }),
  binairo: (n) => ({
    initialState: pyGrid(n, (r, c) => ((r * 7 + c) % 5 === 0 ? 'null' : String((r + c) % 2))),
    answer: range(n).map((r) => range(n).map((c) => String((r + c) % 2)).join(' ')).join('\n'),
  }),
  futoshiki: (n) => ({
    initialState: JSON.stringify({
      grid: range(n).map((r) => range(n).map((c) => (r === c ? 1 : 0))),
      inequalities: range(n - 1).map((i) => ({ cell1: [i, i], cell2: [i, i + 1], symbol: i % 2 ? '>' : '<' })),
      size: n,
    }),
    answer: latinSquare(n),
  }),
  bridges: (n) => ({
    initialState: JSON.stringify({ islands: range(n).flatMap((r) => [0, 2, 4].map((c) => ({ x: c, y: r * 2, num: 2 }))), bridges: [] }),
    answer: range(n)
      .map((r) => `(0,${r * 2})-(2,${r * 2}):1\n(2,${r * 2})-(4,${r * 2}):1`)
      .join('\n'),
  }),
  eulero: (n) => ({
    initialState: range(n).map((r) => range(n).map((c) => ((r + c) % 4 === 0 ? ' ' : `${String.fromCharCode(65 + ((r + c) % 26))}${(c % 9) + 1}`)).join('|')).join('\n'),
    answer: range(n).map((r) => range(n).map((c) => `${String.fromCharCode(65 + ((r + c) % 26))}${(c % 9) + 1}`).join('|')).join('\n'),
  }),
  campsite: (n) => {
    const grid = range(n).map((r) => range(n).map((c) => ((r * 3 + c) % 7 === 0 ? 'T' : 'X')));
    return {
      initialState: JSON.stringify({ input_grid: grid, row_constraints: range(n).map((i) => i % 3), col_constraints: range(n).map((i) => i % 2) }),
      answer: `[${range(n).flatMap((r) => range(n).filter((c) => (r * 3 + c) % 7 === 1 && (r + c) % 5 === 0).map((c) => `[${r + 1}, ${c + 1}]`)).join(', ')}]`,
    };
  },
  kakuro: (n) => ({
    initialState: `[${range(n)
      .map((r) => `[${range(n).map((c) => (r === 0 || c === 0 ? `{"type": "black", "right": ${(r + c) % 45}, "down": ${(r * c) % 45}}` : '{"type": "white"}')).join(', ')}]`)
      .join(', ')}]`,
    answer: range(n)
      .slice(1)
      .flatMap((r) => range(n).slice(1).map((c) => `(${r},${c}):${((r + c) % 9) + 1}`))
      .join(' '),
  }),
  hitori: (n) => ({
    initialState: pyGrid(n, (r, c) => String(((r * 7 + c * 3) % n) + 1)),
    answer: `{${coordList(n, (r, c) => `(${r}, ${c})`)}}`,
  }),
  maze: (n) => {
    const lines: string[] = [];
    for (let r = 0; r < n; r++) {
      lines.push(`+${'-+'.repeat(n)}`.replace(/-\+/g, (m, off: number) => (r > 0 && (off / 2 + r) % 3 === 0 ? ' +' : m)));
      lines.push(`|${range(n).map((c) => (r === 0 && c === 0 ? 'S' : r === n - 1 && c === n - 1 ? 'E' : '0')).join(' ')}|`);
    }
    lines.push(`+${'-+'.repeat(n)}`);
    return { initialState: lines.join('\n'), answer: moves(4 * n) };
  },
  minesweeper: (n) => ({
    initialState: range(n).map((r) => `|${range(n).map((c) => ((r + c) % 3 === 0 ? String((r * c) % 4) : ' ')).join('|')}|`).join('\n'),
    answer: coordList(n, (r, c) => `(${r}, ${c})`, ','),
  }),
  nibbles: (n) => ({
    initialState: `Grid: ${n}x${n}\nSnake: (0,1) (0,0)\nDirection: right\nApples: ${range(n).map((i) => `(${i},${(i * 7) % n})`).join(' ')}\nGoal: Eat ${n} apples`,
    answer: moves(4 * n),
  }),
  sokoban: (n) => ({
    initialState: range(n)
      .map((r) => range(n).map((c) => (r === 0 || c === 0 || r === n - 1 || c === n - 1 ? '#' : r === 1 && c === 1 ? '@' : (r * c) % 97 === 5 ? '$' : (r * c) % 97 === 7 ? '.' : ' ')).join(''))
      .join('\n'),
    answer: moves(4 * n),
  }),
  wordsearch: (n) => ({
    initialState: JSON.stringify(range(n).map((r) => range(n).map((c) => String.fromCharCode(65 + ((r * 5 + c) % 26))))),
    answer: range(n)
      .map((r) => `${range(5).map((c) => String.fromCharCode(65 + ((r * 5 + c) % 26))).join('')} E @ (${r}, 0)`)
      .join('\n'),
  }),
  numbrix: (n) => ({
    initialState: `\n${range(n).map((r) => `|${range(n).map((c) => ((r + c) % 2 ? ' ' : String(r * n + (r % 2 ? n - c : c + 1)))).join('|')}|`).join('\n')}`,
    answer: `\n${range(n).map((r) => `|${range(n).map((c) => String(r * n + (r % 2 ? n - c : c + 1))).join('|')}|`).join('\n')}\n`,
  }),
  tapa: (n) => ({
    initialState: range(n).map((r) => range(n).map((c) => ((r * 3 + c) % 11 === 0 ? String((r + c) % 8) : '.')).join('')).join('\n'),
    answer: coordList(n, (r, c) => `(${r},${c})`),
  }),
  shingoki: (n) => ({
    initialState: JSON.stringify(range(n).map((r) => range(n).map((c) => ((r + c) % 5 === 0 ? `${(r + c) % 2 ? 'W' : 'B'}${((r + c) % 6) + 2}` : '.')))),
    answer: [...range(n - 1).map((c) => `(0,${c})-(0,${c + 1})`), ...range(n - 1).map((r) => `(${r},${n - 1})-(${r + 1},${n - 1})`), ...range(n - 1).map((c) => `(${n - 1},${n - 1 - c})-(${n - 1},${n - 2 - c})`), ...range(n - 1).map((r) => `(${n - 1 - r},0)-(${n - 2 - r},0)`)].join(' '),
  }),
  nonogram: (n) => ({
    initialState: JSON.stringify([range(n).map((r) => [1 + (r % 3), 2]), range(n).map((c) => [2 + (c % 4)])]),
    answer: range(n).map((r) => range(n).map((c) => ((r * 7 + c) % 3 ? 'X' : '.')).join('')).join('\n'),
  }),
  slidingpuzzle: (n) => ({
    initialState: pyGrid(n, (r, c) => String((r * n + c + 1) % (n * n))),
    answer: moves(4 * n),
  }),
  snake: (n) => ({
    initialState: pyGrid(n, (r, c) => (r === 0 && c === 0 ? '"S"' : r === n - 1 && c === n - 1 ? '"E"' : 'null')),
    answer: range(n)
      .flatMap((r) => range(n).map((c) => `(${r},${r % 2 ? n - 1 - c : c})`))
      .join(' '),
  }),
  sudoku: (n) => ({
    initialState: range(n).map((r) => range(n).map((c) => ((r + c) % 3 ? '.' : String(((r + c) % 9) + 1))).join(' ')).join('\n'),
    answer: range(n).map((r) => latinRow(n, r).join(' ')).join(' '),
  }),
};
