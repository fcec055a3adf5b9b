/**
 * InsightView (webview/insight) in a real headless Chromium under the extension's own HTML shell and CSP
 * (test/webview/chromiumPage.ts), with a report computed by the CLI's own pipeline (computeInsight: facts
 * of every sample, three curators' journals merged) from the mmhelix-dev and traces-realistic fixtures.
 *
 * Checks: the charts draw in the light, dark and high-contrast themes with the colours of the --vscode-*
 * variables (read from the chart and from the canvas pixels), a theme switch (body class + variables) is
 * followed without a reload, a click on a bar calls onFilter with the curator's Filter, the data tables
 * open and apply filters by keyboard, and nothing is requested from the network or refused by the CSP.
 * Screenshots go to /tmp/insight-{light,dark,hc}.png. Skipped only without /usr/bin/chromium.
 */
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeInsight } from '../../src/cli/report';
import { InsightReport } from '../../src/core/insight';
import type { Filter } from '../../src/protocol/curator';
import { makeFixtureDataset, type FixtureDataset } from '../core/insight/fixtureDataset';
import { Sink } from '../helpers/cli';
import { bundleEntry, expectCleanRun, openPage, skipWithoutChromium, webviewShell, type ChromiumPage } from './chromiumPage';
import type { ChartProbe } from './insightEntry';

const skip = skipWithoutChromium('test/webview/insight.test.ts');

/** VS Code's Light+, Dark+ and Dark High Contrast values of the variables the view reads (a subset). */
const THEMES = {
  light: {
    cls: 'vscode-light',
    vars: {
      foreground: '#3b3b3b', descriptionForeground: '#717171', 'editor-background': '#ffffff', focusBorder: '#005fb8', 'widget-border': '#e5e5e5',
      'charts-foreground': '#616161', 'charts-lines': '#61616180', 'charts-blue': '#1a85ff', 'charts-green': '#388a34', 'charts-red': '#e51400',
      'charts-yellow': '#bf8803', 'charts-orange': '#d18616', 'charts-purple': '#652d90', 'font-family': 'system-ui, sans-serif', 'font-size': '13px',
    },
  },
  dark: {
    cls: 'vscode-dark',
    vars: {
      foreground: '#cccccc', descriptionForeground: '#9d9d9d', 'editor-background': '#1f1f1f', focusBorder: '#0078d4', 'widget-border': '#313131',
      'charts-foreground': '#cccccc', 'charts-lines': '#cccccc80', 'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-red': '#f14c4c',
      'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'font-family': 'system-ui, sans-serif', 'font-size': '13px',
    },
  },
  hc: {
    cls: 'vscode-high-contrast',
    vars: {
      foreground: '#ffffff', descriptionForeground: '#ffffff', 'editor-background': '#000000', focusBorder: '#f38518', contrastBorder: '#6fc3df',
      'charts-foreground': '#ffffff', 'charts-lines': '#ffffff80', 'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-red': '#f48771',
      'charts-yellow': '#ffd700', 'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'font-family': 'system-ui, sans-serif', 'font-size': '13px',
    },
  },
} as const;
type ThemeName = keyof typeof THEMES;

const rgb = (hex: string): [number, number, number] => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];

describe.skipIf(skip)('InsightView in Chromium', () => {
  let fixture: FixtureDataset;
  let report: InsightReport;
  let p: ChromiumPage;
  let page: Page;

  beforeAll(async () => {
    fixture = await makeFixtureDataset();
    const run = await computeInsight({ file: fixture.file, journals: fixture.journals, workers: 0, quiet: true, reader: { checkImages: false }, err: new Sink(), workerScript: undefined });
    report = InsightReport.parse(run.report);
    const files = await bundleEntry('insight', path.resolve(__dirname, 'insightEntry.tsx'));
    p = await openPage({ viewport: { width: 1100, height: 1000 }, html: webviewShell('insight', 'Insight'), files });
    page = p.page;
    await p.goto();
    await page.waitForFunction(() => typeof window.__renderInsight === 'function');
    await setTheme('light');
    await page.evaluate((r) => window.__renderInsight(r), report);
    await page.getByTestId('chart-pass-task').waitFor();
  }, 120_000);

  afterAll(async () => {
    await p?.close();
    fixture?.cleanup();
  });

  async function setTheme(name: ThemeName): Promise<void> {
    await page.evaluate(
      ({ cls, vars }) => {
        const root = document.documentElement;
        for (const prop of [...root.style]) if (prop.startsWith('--vscode-')) root.style.removeProperty(prop);
        for (const [k, v] of Object.entries(vars)) root.style.setProperty(`--vscode-${k}`, v);
        document.body.className = cls;
      },
      THEMES[name],
    );
  }

  const probe = (id: string): Promise<ChartProbe> =>
    page.evaluate((i) => {
      const r = window.__probe(i);
      if (!r) throw new Error(`no chart ${i}`);
      return r;
    }, id);

  /** The canvas pixel at the middle of a bar (device pixels may blend at edges: the middle is solid). */
  async function pixelAt(id: string, x: number, y: number): Promise<[number, number, number]> {
    return page.evaluate(
      ({ id, x, y }) => {
        const c = document.querySelector<HTMLCanvasElement>(`[data-testid="chart-${id}"]`)!;
        const r = c.getBoundingClientRect();
        const k = c.width / r.width;
        const d = c.getContext('2d')!.getImageData(Math.round((x - r.left) * k), Math.round((y - r.top) * k), 1, 1).data;
        return [d[0]!, d[1]!, d[2]!] as [number, number, number];
      },
      { id, x, y },
    );
  }

  async function lastFilterAfter(action: () => Promise<void>): Promise<Filter> {
    const before = await page.evaluate(() => window.__filters.length);
    await action();
    await page.waitForFunction((n) => window.__filters.length > n, before, { timeout: 5000 });
    return page.evaluate(() => window.__filters.at(-1)!);
  }

  async function clickBar(id: string, dataset: string, category: string): Promise<Filter> {
    await page.getByTestId(`chart-${id}`).scrollIntoViewIfNeeded();
    const pr = await probe(id);
    const di = pr.datasets.findIndex((d) => d.label === dataset);
    const ci = pr.labels.indexOf(category);
    expect(di, `${id}: dataset ${dataset} in ${pr.datasets.map((d) => d.label).join(', ')}`).toBeGreaterThanOrEqual(0);
    expect(ci, `${id}: category ${category}`).toBeGreaterThanOrEqual(0);
    let bar = pr.bars.find((b) => b.dataset === di && b.index === ci)!;
    expect(bar.value, `${id}: the ${dataset} bar of ${category} has a value`).toBeGreaterThan(0);
    // Tall charts: bring the bar itself to the middle of the viewport.
    await page.evaluate((y) => window.scrollBy(0, y - window.innerHeight / 2), bar.y);
    bar = (await probe(id)).bars.find((b) => b.dataset === di && b.index === ci)!;
    return lastFilterAfter(() => page.mouse.click(bar.x, bar.y));
  }

  it('draws one chart per figure, each with an accessible name', async () => {
    const names = await page.locator('canvas[role="img"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(names.length).toBeGreaterThanOrEqual(12);
    for (const n of names) expect(n).toMatch(/^[A-Z].+: bar chart/);
    expect(names).toContain('Pass rate per task: bar chart, a bar filters the sample list');
    // Every figure is a labelled region with a heading.
    const sections = page.locator('section.insight-figure');
    const empty = await page.locator('.insight-empty').count();
    expect(empty).toBe(0);
    expect(await sections.count()).toBe(names.length + 1); // + the task x difficulty grid
    // Figures from the fixture: 42 tasks plus the traces' tasks, decisions from the journals, kappa.
    const pt = await probe('pass-task');
    expect(pt.labels).toEqual(report.passRate.byTask.map((r) => (r.key === '' ? '(no task)' : r.key)));
    expect(pt.labels).toContain('maze');
    expect(await page.getByTestId('chart-kappa-decisions').count()).toBe(1);
    expect(await page.getByTestId('chart-tags').count()).toBe(1);
  });

  for (const theme of ['light', 'dark', 'hc'] as const) {
    it(`${theme} theme: the bars carry the theme's chart colours, on the canvas too`, async () => {
      await setTheme(theme);
      const vars = THEMES[theme].vars;
      // The palette follows the body class change (MutationObserver), without a re-render from outside.
      await page.waitForFunction((c) => document.querySelector('.insight')?.getAttribute('data-theme-kind') === c, theme === 'hc' ? 'high-contrast' : theme);
      await page.getByTestId('chart-pass-task').scrollIntoViewIfNeeded();
      const pt = await probe('pass-task');
      expect(pt.datasets.map((d) => d.backgroundColor)).toEqual([vars['charts-blue'], vars['charts-orange']]);
      const vt = await probe('verdicts-task');
      const colour = Object.fromEntries(vt.datasets.map((d) => [d.label, d.backgroundColor]));
      expect(colour['pass']).toBe(vars['charts-green']);
      expect(colour['fail']).toBe(vars['charts-red']);
      expect(colour['lenient']).toBe(vars['charts-yellow']);
      if (theme === 'hc') {
        expect(pt.datasets.every((d) => d.borderWidth === 1 && d.borderColor === THEMES.hc.vars.contrastBorder)).toBe(true);
      } else {
        expect(pt.datasets.every((d) => d.borderWidth === 0)).toBe(true);
      }
      // The pixels: the middle of maze's reference bar is charts-blue.
      const mazeRef = pt.bars.find((b) => b.dataset === 0 && pt.labels[b.index] === 'maze')!;
      expect(await pixelAt('pass-task', mazeRef.x, mazeRef.y)).toEqual(rgb(vars['charts-blue']));
      // HTML parts follow the variables as well: the legend swatch and the text.
      const swatch = await page.getByTestId('figure-pass-task').locator('.insight-swatch').first().evaluate((e) => getComputedStyle(e).backgroundColor);
      expect(swatch).toBe(`rgb(${rgb(vars['charts-blue']).join(', ')})`);
      const fg = await page.locator('.insight').evaluate((e) => getComputedStyle(e).color);
      expect(fg).toBe(`rgb(${rgb(vars.foreground).join(', ')})`);
      await page.evaluate(async () => {
        await document.fonts.ready;
      });
      await page.screenshot({ path: `/tmp/insight-${theme}.png`, fullPage: false });
    });
  }

  it('clicking bars calls onFilter with the curator Filter', async () => {
    await setTheme('light');
    expect(await clickBar('pass-task', 'Reference', 'maze')).toEqual({ tasks: ['maze'] });
    expect(await clickBar('pass-task', 'Strict', 'sudoku')).toEqual({ tasks: ['sudoku'] });
    expect(await clickBar('verdicts-task', 'fail', 'hanoi')).toEqual({ tasks: ['hanoi'], verdicts: ['fail'] });
    expect(await clickBar('pass-difficulty', 'Reference', '3')).toEqual({ difficulties: ['3'] });
    expect(await clickBar('tags', 'Samples with the tag', 'backtracking')).toEqual({ tags: [{ tag: 'backtracking', min: 1 }] });
    const acceptTask = report.decisions.byTask.find((r) => r.accept > 0 && r.key !== '')!.key;
    expect(await clickBar('decisions', 'accept', acceptTask)).toEqual({ tasks: [acceptTask], decisions: ['accept'] });
    const conflictTask = report.decisions.byTask.find((r) => r.conflict > 0 && r.key !== '')!.key;
    expect(await clickBar('decisions', 'conflict', conflictTask)).toEqual({ tasks: [conflictTask], agreement: ['conflict'] });
    expect(await clickBar('resolution', 'Samples', 'conflict')).toEqual({ agreement: ['conflict'] });
    expect(await clickBar('cross', 'strict fail', 'reference pass')).toEqual({ verdicts: ['lenient'] });
    expect(await clickBar('balance-tasks', 'Target share', 'maze')).toEqual({ tasks: ['maze'], decisions: ['accept'] });
    // A task x difficulty cell.
    const cell = report.passRate.cells.find((c) => c.task === 'maze')!;
    const f = await lastFilterAfter(() => page.getByRole('button', { name: new RegExp(`^maze, difficulty ${cell.difficulty}: `) }).click());
    expect(f).toEqual({ tasks: ['maze'], difficulties: [cell.difficulty] });
  }, 90_000);

  it('a click beside a short bar, on its category band, filters by the category', async () => {
    await page.getByTestId('chart-pass-task').scrollIntoViewIfNeeded();
    const i = (await probe('pass-task')).labels.indexOf('tapa');
    const y0 = (await probe('pass-task')).bars.find((b) => b.dataset === 0 && b.index === i)!.y;
    await page.evaluate((y) => window.scrollBy(0, y - window.innerHeight / 2), y0);
    const pr = await probe('pass-task');
    const bar = pr.bars.find((b) => b.dataset === 0 && b.index === i)!;
    // Right of the bars, in the plot area, at tapa's height (tapa's rates are well under 100%).
    expect(bar.x).toBeLessThan(pr.area.right - 40);
    const f = await lastFilterAfter(() => page.mouse.click(pr.area.right - 4, bar.y));
    expect(f).toEqual({ tasks: ['tapa'] });
  });

  it('the data table opens by keyboard; Enter on a focused row applies its filter', async () => {
    const toggle = page.getByTestId('toggle-pass-difficulty');
    await toggle.focus();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('table-pass-difficulty').count()).toBe(0);
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const table = page.getByTestId('table-pass-difficulty');
    await table.waitFor();
    // The numbers without the canvas: difficulty 1's row says its pass rates.
    const d1 = report.passRate.byDifficulty.find((r) => r.key === '1')!;
    const row1 = await table.locator('tbody tr').first().locator('th, td').allTextContents();
    expect(row1).toEqual(['1', d1.samples.toLocaleString('en-US'), d1.judged.toLocaleString('en-US'), `${Math.round(d1.rate! * 1000) / 10}%`, `${Math.round(d1.strictRate! * 1000) / 10}%`]);
    // Tab moves from the toggle to the first row; Enter applies the row's filter.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-row'))).toBe('1');
    const f1 = await lastFilterAfter(() => page.keyboard.press('Enter'));
    expect(f1).toEqual({ difficulties: ['1'] });
    await page.keyboard.press('Tab');
    const f2 = await lastFilterAfter(() => page.keyboard.press('Enter'));
    expect(f2).toEqual({ difficulties: ['2'] });
    // Space on the toggle closes the table again.
    await toggle.focus();
    await page.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('table-pass-difficulty').count()).toBe(0);
  });

  it('the decisions and balance figures show the journals as merged', async () => {
    const toggle = page.getByTestId('toggle-resolution');
    await toggle.click();
    const cells = await page.getByTestId('table-resolution').locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(cells.map((c) => c[0])).toEqual(['undecided', 'single', 'agreed', 'conflict', 'adjudicated']);
    expect(cells.map((c) => Number(c[1]!.replace(/,/g, '')))).toEqual(['undecided', 'single', 'agreed', 'conflict', 'adjudicated'].map((s) => report.decisions.resolution[s as 'single']));
    expect(report.decisions.resolution.conflict).toBeGreaterThan(0);
    expect(await page.getByTestId('figure-balance-tasks').textContent()).toContain(`${report.balance.accepted.toLocaleString('en-US')} accepted samples against a uniform mix`);
  });

  it('runs under the strict CSP: nothing refused, nothing requested from the network, no errors', async () => {
    await expectCleanRun(p, { icons: true });
  });
});
