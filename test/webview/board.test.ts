/**
 * BoardView in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core), under the
 * extension's own HTML shell and Content-Security-Policy. test/webview/boardEntry.tsx is bundled at test
 * time with esbuild, in memory (script, stylesheet, codicon font), and served from a made-up origin
 * (test/webview/chromiumPage.ts).
 * Boards come from buildBoard on the mmhelix-dev fixtures: a sudoku with two cells swapped, a maze path
 * through a wall, a sokoban sequence. Screenshots in a light, a dark and a high-contrast theme go to a
 * temp dir, with copies at /tmp/boards-*.png for a person to look at.
 * Skipped, with a message, only when /usr/bin/chromium is not installed (`apt-get install -y chromium`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBoard } from '../../src/core/boards';
import { Board, type GridBoard, type SequenceBoard } from '../../src/core/boards/model';
import { verifySample } from '../../src/core/verify/pipeline';
import { BOARD_TASKS, instanceOf, sampleOf } from '../core/boards/fixtureCases';
import { bundleEntry, expectCleanRun, openPage, skipWithoutChromium, webviewShell, type ChromiumPage } from './chromiumPage';

const skip = skipWithoutChromium('test/webview/board.test.ts');

const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">';

/** VS Code's theme variables as the webview host sets them on :root (a subset, the ones the board uses). */
const THEMES: Record<string, Record<string, string>> = {
  light: {
    'editor-foreground': '#1f1f1f',
    'editor-background': '#ffffff',
    foreground: '#3b3b3b',
    errorForeground: '#e51400',
    'testing-iconPassed': '#388a34',
    'editorWarning-foreground': '#bf8803',
    'panel-border': '#d4d4d4',
    focusBorder: '#005fb8',
    'charts-blue': '#1a85ff',
    'charts-green': '#388a34',
    'charts-orange': '#d18616',
    descriptionForeground: '#717171',
    'list-hoverBackground': '#f2f2f2',
    'font-family': 'system-ui, sans-serif',
    'font-size': '13px',
    'editor-font-family': 'monospace',
  },
  dark: {
    'editor-foreground': '#cccccc',
    'editor-background': '#1f1f1f',
    foreground: '#cccccc',
    errorForeground: '#f85149',
    'testing-iconPassed': '#73c991',
    'editorWarning-foreground': '#cca700',
    'panel-border': '#3c3c3c',
    focusBorder: '#0078d4',
    'charts-blue': '#3794ff',
    'charts-green': '#89d185',
    'charts-orange': '#d18616',
    descriptionForeground: '#9d9d9d',
    'list-hoverBackground': '#2a2d2e',
    'font-family': 'system-ui, sans-serif',
    'font-size': '13px',
    'editor-font-family': 'monospace',
  },
  'high-contrast': {
    'editor-foreground': '#ffffff',
    'editor-background': '#000000',
    foreground: '#ffffff',
    errorForeground: '#f48771',
    'testing-iconPassed': '#73c991',
    'editorWarning-foreground': '#ffd700',
    'panel-border': '#6fc3df',
    contrastBorder: '#6fc3df',
    focusBorder: '#f38518',
    'charts-blue': '#3794ff',
    'charts-green': '#89d185',
    'charts-orange': '#d18616',
    descriptionForeground: '#ffffff',
    'font-family': 'system-ui, sans-serif',
    'font-size': '13px',
    'editor-font-family': 'monospace',
  },
};

// ---------------------------------------------------------------------------------------------------
// Boards from the fixtures

function boardOf(task: string, answer: string, patch: Record<string, unknown> = {}, k = 0): Board {
  const sample = sampleOf({ ...instanceOf(task, k), ...patch }, `<answer>${answer}</answer>`);
  const b = buildBoard(sample, verifySample(sample));
  if (!b) throw new Error(`no ${task} board`);
  return Board.parse(b);
}

function failingSudoku(): GridBoard {
  const inst = instanceOf('sudoku');
  const g = inst.answer.trim().split(/\s+/);
  const givens = inst.initial_state!.trim().split(/\s+/);
  // Swap two non-given cells of one row in different boxes.
  for (let r = 0; r < 9; r++) {
    for (let a = 0; a < 3; a++) {
      for (let b = 3; b < 9; b++) {
        if (givens[r * 9 + a] === '.' && givens[r * 9 + b] === '.' && g[r * 9 + a] !== g[r * 9 + b]) {
          [g[r * 9 + a], g[r * 9 + b]] = [g[r * 9 + b]!, g[r * 9 + a]!];
          const text = Array.from({ length: 9 }, (_, i) => g.slice(i * 9, i * 9 + 9).join(' ')).join('\n');
          return boardOf('sudoku', text) as GridBoard;
        }
      }
    }
  }
  throw new Error('no cells to swap');
}

function failingMaze(): GridBoard {
  const inst = instanceOf('maze');
  const lines = inst.initial_state!.split('\n');
  const moves = inst.answer.split(' ');
  // Walk the stored path for 6 moves, then walk into a wall of that cell.
  const step: Record<string, [number, number]> = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1] };
  let i = lines.findIndex((l) => l.includes('S'));
  let j = lines[i]!.indexOf('S');
  for (let k = 0; k < 6; k++) {
    const [di, dj] = step[moves[k]!]!;
    i += 2 * di;
    j += 2 * dj;
  }
  const wallDir = Object.keys(step).find((d) => {
    const ch = lines[i + step[d]![0]]?.[j + step[d]![1]];
    return ch !== undefined && ch !== ' ';
  })!;
  return boardOf('maze', [...moves.slice(0, 6), wallDir, ...moves.slice(6)].join(' ')) as GridBoard;
}

function badCells(b: GridBoard): string[] {
  const out: string[] = [];
  b.cells.forEach((row, r) => row.forEach((c, col) => c.bad && out.push(`${r},${col}`)));
  return out.sort();
}

describe.skipIf(skip)('BoardView in Chromium', () => {
  let p: ChromiumPage;
  let page: Page;
  let shots: string;

  beforeAll(async () => {
    shots = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-board-shots-'));
    const files = await bundleEntry('board', path.resolve(__dirname, 'boardEntry.tsx'));
    p = await openPage({ viewport: { width: 900, height: 900 }, html: webviewShell('board', 'Board'), files });
    page = p.page;
    await p.goto();
    await page.waitForFunction(() => typeof window.__render === 'function');
  }, 120_000);

  afterAll(async () => {
    await p?.close();
  });

  async function show(boards: Board[], theme = 'light'): Promise<void> {
    await page.evaluate(
      ({ boards, vars }) => {
        const root = document.documentElement;
        for (const [k, v] of Object.entries(vars)) root.style.setProperty(`--vscode-${k}`, v);
        document.body.style.backgroundColor = vars['editor-background'] ?? '';
        document.body.style.color = vars['editor-foreground'] ?? '';
        window.__render(boards);
      },
      { boards, vars: THEMES[theme]! },
    );
    await page.getByTestId('board').first().waitFor();
  }

  async function shoot(name: string): Promise<void> {
    await page.evaluate(async () => {
      await document.fonts.ready;
    });
    const file = path.join(shots, `boards-${name}.png`);
    await page.locator('main').screenshot({ path: file });
    fs.copyFileSync(file, `/tmp/boards-${name}.png`);
  }

  it('a failing sudoku: exactly the duplicated cells are drawn bad, each violation highlights its cells', async () => {
    const board = failingSudoku();
    expect(board.violations.length).toBeGreaterThan(0);
    await show([board]);
    const drawn = await page.locator('[data-bad="true"][data-row][data-col]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-row')},${e.getAttribute('data-col')}`).sort());
    expect(drawn).toEqual(badCells(board));
    expect(await page.locator('.bad-outline').count()).toBe(drawn.length);
    const label = await page.getByRole('img').getAttribute('aria-label');
    expect(label).toMatch(/^Sudoku 9×9: candidate answer\. \d+ problems: /);
    // Givens bold, the candidate's digits normal.
    expect(await page.locator('text.cell-text.given').count()).toBe(board.cells.flat().filter((c) => c.given).length);
    expect(await page.locator('text.cell-text.given').first().evaluate((e) => getComputedStyle(e).fontWeight)).toBe('700');
    expect(await page.locator('text.cell-text.value').first().evaluate((e) => getComputedStyle(e).fontWeight)).toBe('400');
    // Hover each violation: its cells are highlighted.
    const items = page.getByTestId('violation');
    expect(await items.count()).toBe(board.violations.length);
    for (let i = 0; i < board.violations.length; i++) {
      await items.nth(i).hover();
      expect(await page.locator('rect.highlight').count()).toBe(board.violations[i]!.cells.length);
    }
    await page.mouse.move(0, 0);
    expect(await page.locator('rect.highlight').count()).toBe(0);
    // Keyboard: focusing a violation highlights too.
    await items.first().focus();
    expect(await page.locator('rect.highlight').count()).toBe(board.violations[0]!.cells.length);
    await items.first().blur();
    await shoot('sudoku-light');
    await show([board], 'dark');
    await shoot('sudoku-dark');
    await show([board], 'high-contrast');
    await shoot('sudoku-hc');
  });

  it('the bad cells read without colour: a thick error outline over a hatch, the theme colour from the variables', async () => {
    await show([failingSudoku()], 'dark');
    const style = await page.locator('.bad-outline').first().evaluate((e) => ({ stroke: getComputedStyle(e).stroke, width: getComputedStyle(e).strokeWidth }));
    expect(style.stroke).toBe('rgb(248, 81, 73)');
    expect(parseFloat(style.width)).toBeGreaterThanOrEqual(3);
    const hatch = await page.locator('[data-bad="true"] .bad-hatch').first().getAttribute('fill');
    expect(hatch).toMatch(/^url\(#board[\w-]+-hatch\)$/);
    expect(await page.locator(`pattern${hatch!.slice(4, -1)}`).count()).toBe(1);
  });

  it('a maze path through a wall: the bad step is drawn and marked', async () => {
    const board = failingMaze();
    expect(board.path?.badFrom).toBeDefined();
    await show([board]);
    const bad = page.getByTestId('path-bad');
    expect(await bad.getAttribute('data-step')).toBe(String(board.path!.badFrom));
    expect(await page.locator('.path-line').count()).toBe(1);
    expect(await page.locator('.path-bad-mark').count()).toBe(1);
    const drawn = await page.locator('[data-bad="true"][data-row][data-col]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-row')},${e.getAttribute('data-col')}`).sort());
    expect(drawn).toEqual(badCells(board));
    expect(drawn.length).toBe(1);
    expect(await page.getByTestId('violation').first().textContent()).toMatch(/^move \d+ \(\w+\) walks into a wall/);
    await shoot('maze-light');
    await show([board], 'dark');
    await shoot('maze-dark');
  });

  it('a move sequence: the illegal move is the focus frame; buttons, slider and arrow keys step through the frames', async () => {
    const inst = instanceOf('sokoban');
    const moves = inst.answer.split(' ');
    const board = boardOf('sokoban', [...moves.slice(0, 3), 'down', 'down', 'down', 'down', 'down'].join(' ')) as SequenceBoard;
    expect(board.kind).toBe('sequence');
    await show([board]);
    const label = page.getByTestId('frame-label');
    const focus = board.frames[board.focusFrame]!;
    expect(await label.textContent()).toBe(`${board.focusFrame + 1}/${board.frames.length} ${focus.label}`);
    expect(await page.locator('[data-bad="true"][data-row]').count()).toBeGreaterThan(0);
    expect(await page.locator('.sequence-moves .move.bad').count()).toBe(board.badMove === undefined ? 0 : 1);
    await page.getByRole('button', { name: 'Previous frame' }).click();
    expect(await label.textContent()).toContain(board.frames[board.focusFrame - 1]!.label);
    await page.getByTestId('sequence').focus();
    await page.keyboard.press('Home');
    expect(await label.textContent()).toBe(`1/${board.frames.length} start`);
    await page.keyboard.press('ArrowRight');
    expect(await label.textContent()).toContain(board.frames[1]!.label);
    await page.keyboard.press('End');
    expect(await label.textContent()).toContain(board.frames.at(-1)!.label);
    await page.keyboard.press('ArrowLeft');
    expect(await label.textContent()).toContain(board.frames.at(-2)!.label);
    await page.getByRole('slider', { name: 'Frame' }).fill('0');
    expect(await label.textContent()).toBe(`1/${board.frames.length} start`);
    await page.locator('.sequence-moves .move').nth(1).click();
    expect(await label.textContent()).toContain('move 2:');
    await page.getByRole('button', { name: 'Go to the frame where it breaks' }).click();
    expect(await label.textContent()).toContain(focus.label);
    await shoot('sokoban-light');
    await show([board], 'dark');
    await shoot('sokoban-dark');
  });

  it('every board task renders (light and dark gallery), text as text', async () => {
    const boards: Board[] = [];
    for (const task of BOARD_TASKS) {
      const inst = instanceOf(task);
      // A near miss: the stored answer with one character changed, else the stored answer itself.
      const changed = inst.answer.replace(/[1-9]/, (d) => String((Number(d) % 9) + 1));
      boards.push(boardOf(task, changed));
    }
    boards.push(boardOf('hanoi', '(1,3) (2,3)', { initial_state: '[[3, 2, 1], [], []]' }));
    const hostile = structuredClone(boards[0]!) as GridBoard;
    hostile.title = HOSTILE;
    hostile.violations = [{ message: HOSTILE, cells: [[0, 0]] }];
    boards.push(hostile);
    await show(boards);
    expect(await page.getByTestId('board').count()).toBe(boards.length);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.title()).toBe('Board');
    expect(await page.locator('main').textContent()).toContain(HOSTILE);
    await page.setViewportSize({ width: 900, height: 900 });
    await shoot('gallery-light');
    await show(boards, 'dark');
    await shoot('gallery-dark');
  });

  it('runs under the strict CSP: nothing refused, nothing remote, no errors', async () => {
    await expectCleanRun(p);
  });
});

describe('BoardView source', () => {
  it('never uses dangerouslySetInnerHTML', () => {
    const dir = path.resolve(__dirname, '../../webview/curator/board');
    for (const f of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, f), 'utf8'), f).not.toContain('dangerouslySetInnerHTML');
  });
});
