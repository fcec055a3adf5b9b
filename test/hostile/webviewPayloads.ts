/**
 * Hostile datasets for the webview security tests (test/hostile/webview.security.test.ts), generated:
 *
 * - `writeHostileTextDataset`: a JSONL file whose rows carry markup, script, `javascript:` links, layout-
 *   breaking CSS, bidi overrides, zero-width characters, a 5 MB response and 10,000 nested braces in the
 *   id, question, response and ground truth, next to a real MM-HELIX row (with its image copied beside
 *   the file) that must still show. Every payload that could run sets `window.__pwned` and/or opens a
 *   dialog; every payload that could fetch aims at `example.invalid`.
 * - `bigBoardRows`: for every task that has a board (src/core/boards), a row whose puzzle is 1000 x 1000
 *   (Hanoi: 1000 discs), in the task's own `initial_state` format, with a candidate answer of that size
 *   where the format has one.
 *
 * The base rows are real instances of test/fixtures/mmhelix-dev (read at generation time, never hand-pasted).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BOARD_TASKS, EXTRA_BOARD_TASKS, instanceOf } from '../core/boards/fixtureCases';

const FIXTURES = path.resolve(__dirname, '../fixtures/mmhelix-dev');

/** Markup and script that must show as text and never run. Each sets `window.__pwned` if it runs. */
export const PAYLOADS = {
  script: `<script>window.__pwned='script';alert('script')</script>`,
  img: `<img src=x onerror="window.__pwned='img';alert('img')">`,
  link: `<a href="javascript:window.__pwned='link';alert('link')">click me</a>`,
  svg: `<svg onload="window.__pwned='svg';alert('svg')"><circle r=9 /></svg>`,
  style: `</style><style>*{display:none !important}</style>`,
  cover: `<div style="position:fixed;inset:0;z-index:2147483647;background:red">covered</div>`,
  iframe: `<iframe src="https://example.invalid/frame.html" onload="window.__pwned='iframe'"></iframe>`,
  remoteImg: `<img src="https://example.invalid/track.png">`,
  remoteCss: `<link rel="stylesheet" href="https://example.invalid/x.css">`,
  base: `<base href="https://example.invalid/">`,
  refresh: `<meta http-equiv="refresh" content="0;url=https://example.invalid/">`,
  template: `{{constructor.constructor('window.__pwned="template"')()}}`,
  markdown: `[click](javascript:window.__pwned='md') ![x](https://example.invalid/md.png)`,
  attr: `"><img src=x onerror="window.__pwned='attr'">`,
} as const;

/** Text that must survive as the same characters (nothing interpreted, nothing stripped). */
export const TRICKY = {
  /** Right-to-left override then pop: shows reversed, but the characters stay. */
  rtl: 'answer: \u202Etxt.exe\u202C done',
  zeroWidth: 'zero\u200Bwidth\u200C\u200Djoin\uFEFFer',
} as const;

export const ALL_MARKUP = Object.values(PAYLOADS).join('\n');

/** A real MM-HELIX instance with a picture (maze): the row that must still open beside the hostile ones. */
export function goodInstance(): ReturnType<typeof instanceOf> {
  return instanceOf('maze');
}

export interface HostileTextDataset {
  file: string;
  ids: { good: string; markup: string; big: string; braces: string; images: string };
  /** The 5 MB response (for the length check). */
  bigResponseChars: number;
}

/** A response of about `bytes` characters: paragraphs (steps) of ordinary reasoning text with markup sprinkled in. */
function bigResponse(bytes: number): string {
  const para = `Let me check row 3 again. ${PAYLOADS.img} The cell (2, 4) must be 7 because the column already has 1-6 and 8, 9. `;
  const parts: string[] = ['<think>'];
  let n = 7;
  for (let i = 0; n < bytes - 200; i++) {
    const p = i % 50 === 49 ? `Wait, that is wrong ${PAYLOADS.script}. Let me go back.\n\n` : `${para}${i}\n\n`;
    parts.push(p);
    n += p.length;
  }
  parts.push('</think>\\boxed{7}');
  return parts.join('');
}

/** Write the hostile-text dataset (JSONL) and the good row's image under `dir`. */
export function writeHostileTextDataset(dir: string): HostileTextDataset {
  fs.mkdirSync(path.join(dir, 'images'), { recursive: true });
  const good = goodInstance();
  for (const img of good.images) fs.copyFileSync(path.join(FIXTURES, img), path.join(dir, img));
  const markupId = `${PAYLOADS.script}${PAYLOADS.img}${TRICKY.rtl}`;
  const steps = Object.values(PAYLOADS).map((p, i) => `Step ${i + 1}: consider ${p}. Wait, let me verify this.`);
  const markupResponse = `<think>${steps.join('\n\n')}\n\n${TRICKY.rtl}\n\n${TRICKY.zeroWidth}</think>The answer is \\boxed{${PAYLOADS.img}}`;
  const big = bigResponse(5 * 1024 * 1024);
  const braces = `<think>${'{'.repeat(10_000)}x${'}'.repeat(10_000)}\n\nWait, unbalanced: ${'{'.repeat(10_000)}</think>\\boxed{${'{'.repeat(10_000)}1${'}'.repeat(10_000)}} and \\boxed{${'{'.repeat(10_000)}`;
  const rows: Record<string, unknown>[] = [
    { ...good, prediction: `<think>Follow the corridor.\n\nWait, check the wall.</think>\\boxed{${good.answer}}` },
    {
      ...good,
      id: markupId,
      category: 'maze',
      question: `${ALL_MARKUP}\n${TRICKY.rtl}\n${TRICKY.zeroWidth}`,
      answer: PAYLOADS.link,
      prediction: markupResponse,
      notes: ALL_MARKUP,
    },
    { ...good, id: `big-${PAYLOADS.svg}`, prediction: big },
    { ...good, id: 'braces-10000', question: '{'.repeat(10_000), answer: `${'{'.repeat(10_000)}1${'}'.repeat(10_000)}`, prediction: braces },
    {
      ...good,
      id: 'image-paths',
      // Each must be refused with a message, never fetched.
      images: ['https://example.invalid/remote.png', 'javascript:alert(1)', `data:image/svg+xml,<svg onload="window.__pwned='datauri'"/>`, '../../../etc/passwd', '/etc/hostname', ...good.images],
      prediction: `<think>ok</think>\\boxed{${good.answer}}`,
    },
  ];
  const file = path.join(dir, 'hostile.jsonl');
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return {
    file,
    ids: { good: good.id, markup: markupId, big: rows[2]!['id'] as string, braces: 'braces-10000', images: 'image-paths' },
    bigResponseChars: big.length,
  };
}

// ---------------------------------------------------------------------------------------------------
// 1000 x 1000 boards

export const BIG = 1000;

const rowOf = (n: number, cell: string, sep: string) => Array(n).fill(cell).join(sep);
const gridText = (n: number, cell: string, sep = ' ') => Array(n).fill(rowOf(n, cell, sep)).join('\n');
const gridJson = (n: number, cell: string) => `[${Array(n).fill(`[${rowOf(n, cell, ', ')}]`).join(', ')}]`;

/** Puzzle (initial_state) and candidate answer of side `n`, per MM-HELIX category. */
export const BIG_BOARDS: Record<string, (n: number) => { initialState: string; answer: string }> = {
  sudoku: (n) => ({ initialState: gridText(n, '.'), answer: gridText(n, '1') }),
  futoshiki: (n) => ({ initialState: `{"grid": ${gridJson(n, '0')}, "inequalities": [{"cell1": [0, 0], "cell2": [0, 1], "symbol": "<"}], "size": ${n}}`, answer: gridJson(n, '1') }),
  Skyscrapers: (n) => {
    const side = `[${rowOf(n, '1', ', ')}]`;
    return { initialState: `{"n": ${n}, "top": ${side}, "bottom": ${side}, "left": ${side}, "right": ${side}}`, answer: gridJson(n, '1') };
  },
  kakuro: (n) => ({ initialState: gridJson(n, '{"type": "white"}').replace('{"type": "white"}', '{"type": "black", "right": 7, "down": 5}'), answer: '(0,1):7 (1,0):5' }),
  binairo: (n) => ({ initialState: gridJson(n, 'null'), answer: gridText(n, '0') }),
  hitori: (n) => ({ initialState: gridJson(n, '4'), answer: '{(0, 1), (0, 4)}' }),
  nonogram: (n) => {
    const clues = `[${rowOf(n, '[1]', ', ')}]`;
    return { initialState: `[${clues}, ${clues}]`, answer: Array(n).fill(`X${'.'.repeat(n - 1)}`).join('\n') };
  },
  aquarium: (n) => ({
    initialState: `{"regions": [${Array.from({ length: n }, (_, r) => `[${rowOf(n, String(r), ', ')}]`).join(', ')}], "row_clues": [${rowOf(n, '1', ', ')}], "col_clues": [${rowOf(n, '1', ', ')}], "grid_size": [${n}, ${n}]}`,
    answer: '[(0, 0), (1, 1)]',
  }),
  campsite: (n) => ({
    initialState: `{"input_grid": ${gridJson(n, '"X"').replace('"X"', '"T"')}, "row_constraints": [${rowOf(n, '0', ', ')}], "col_constraints": [${rowOf(n, '0', ', ')}]}`,
    answer: '[[1, 2]]',
  }),
  Calcudoku: (n) => ({ initialState: `{"size": ${n}, "regions": [{"cells": [[1, 1], [1, 2]], "operator": "+", "target": 3}]}`, answer: gridJson(n, '1') }),
  Kukurasu: (n) => ({ initialState: `{"row_sums": [${rowOf(n, '0', ', ')}], "col_sums": [${rowOf(n, '0', ', ')}], "size": ${n}}`, answer: gridJson(n, '0') }),
  minesweeper: (n) => ({ initialState: Array(n).fill(`|${rowOf(n, ' ', '|')}|`).join('\n'), answer: '(0, 0),(1, 1)' }),
  maze: (n) => {
    const wall = `+${'-+'.repeat(n)}`;
    const open = (first: string, last: string) => `|${first}${' 0'.repeat(n - 2)} ${last}|`;
    const lines = [wall];
    for (let r = 0; r < n; r++) {
      lines.push(open(r === 0 ? 'S' : '0', r === n - 1 ? 'E' : '0'));
      lines.push(r === n - 1 ? wall : `+${' +'.repeat(n)}`);
    }
    return { initialState: lines.join('\n'), answer: 'right down left up '.repeat(50).trim() };
  },
  sokoban: (n) => {
    const inner = (s: string) => `#${s}${' '.repeat(n - 2 - s.length)}#`;
    const lines = ['#'.repeat(n), inner('@$.'), ...Array(n - 3).fill(inner('')), '#'.repeat(n)];
    return { initialState: lines.join('\n'), answer: 'right left '.repeat(200).trim() };
  },
  slidingpuzzle: (n) => ({
    initialState: `[${Array.from({ length: n }, (_, r) => `[${Array.from({ length: n }, (_, c) => (r === n - 1 && c === n - 1 ? 0 : r * n + c + 1)).join(', ')}]`).join(', ')}]`,
    answer: 'left right '.repeat(200).trim(),
  }),
  hanoi: (n) => ({ initialState: `[[${Array.from({ length: n }, (_, i) => n - i).join(', ')}], [], []]`, answer: '(1,3) (1,2) (3,2)' }),
  numbrix: (n) => ({ initialState: `\n${Array(n).fill(`|${rowOf(n, ' ', '|')}|`).join('\n')}`, answer: `\n${Array(n).fill(`|${rowOf(n, '1', '|')}|`).join('\n')}` }),
  eulero: (n) => ({ initialState: Array(n).fill(rowOf(n, ' ', '|')).join('\n'), answer: Array(n).fill(rowOf(n, 'A1', '|')).join('\n') }),
};

export const BIG_BOARD_TASKS: readonly string[] = [...BOARD_TASKS, ...EXTRA_BOARD_TASKS];

/** A row of `task` (a real instance with its puzzle and answer blown up to side `n`): the candidate's answer in `<answer>` tags. */
export function bigBoardRow(task: string, n = BIG): Record<string, unknown> {
  const make = BIG_BOARDS[task];
  if (!make) throw new Error(`no 1000 x 1000 generator for ${task}`);
  const inst = instanceOf(task);
  const { initialState, answer } = make(n);
  return { ...inst, id: `big-board-${task}`, initial_state: initialState, answer, prediction: `<think>A big one.</think><answer>${answer}</answer>`, images: [] };
}
