/**
 * The self-contained HTML report (`helix-curate stats --html`, src/cli/report.ts renderInsightHtml around
 * the built dist/report.js + dist/report.css) opened in headless Chromium from file://, with every request
 * that is not the page itself refused and recorded: it must need none. The report comes from the fixture
 * dataset through computeInsight (facts of every sample, three curators' journals).
 *
 * Checks: the charts draw (canvas pixels in the theme's chart colour), light by default and dark under
 * prefers-color-scheme: dark, a click on a bar and Enter on a table row put the filter in the note, no CSP
 * violation, no console error, and report text that looks like markup stays text.
 * Needs `npm run build` (dist/report.js); skipped only without /usr/bin/chromium.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeInsight, renderInsightHtml } from '../../src/cli/report';
import { buildInsight, insightInputFromRows } from '../../src/core/insight';
import { makeFixtureDataset, type FixtureDataset } from '../core/insight/fixtureDataset';
import { Sink } from '../helpers/cli';
import { builtDist, skipWithoutChromium } from './chromiumPage';

const skip = skipWithoutChromium('test/webview/insightReport.test.ts');

const LIGHT_BLUE = [0x1a, 0x85, 0xff];
const DARK_BLUE = [0x37, 0x94, 0xff];

interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
  dialogs: string[];
}

describe.skipIf(skip)('the HTML report in Chromium from file://', () => {
  let fixture: FixtureDataset;
  let dir: string;
  let file: string;
  let browser: Browser;

  beforeAll(async () => {
    builtDist('report.js', 'report.css');
    fixture = await makeFixtureDataset();
    const run = await computeInsight({ file: fixture.file, journals: fixture.journals, workers: 0, quiet: true, reader: { checkImages: false }, err: new Sink(), workerScript: undefined });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-report-'));
    file = path.join(dir, 'report.html');
    fs.writeFileSync(file, renderInsightHtml(run.report, { title: 'Dataset insight: eval.jsonl', source: 'eval.jsonl', generatedAt: '2025-05-01T10:00:00.000Z' }));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    fixture?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(target: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Opened> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, colorScheme });
    const o: Opened = { page, requests: [], errors: [], dialogs: [] };
    page.on('console', (m) => {
      if (m.type() === 'error') o.errors.push(m.text());
    });
    page.on('pageerror', (e) => o.errors.push(String(e)));
    page.on('dialog', (d) => {
      o.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === `file://${target}`) return route.continue();
      o.requests.push(url);
      return route.abort();
    });
    await page.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`file://${target}`);
    return o;
  }

  /** Pixels of the canvas equal to `rgb`. */
  const pixelsOf = (page: Page, id: string, rgb: number[]): Promise<number> =>
    page.evaluate(
      ({ id, rgb }) => {
        const c = document.querySelector<HTMLCanvasElement>(`[data-testid="chart-${id}"]`)!;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] === rgb[0] && d[i + 1] === rgb[1] && d[i + 2] === rgb[2]) n++;
        return n;
      },
      { id, rgb },
    );

  async function expectClean(o: Opened): Promise<void> {
    expect(o.requests).toEqual([]);
    expect(o.errors).toEqual([]);
    expect(o.dialogs).toEqual([]);
    expect(await o.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  }

  it('opens with no network and shows every chart, light by default', async () => {
    const o = await open(file);
    const { page } = o;
    await page.getByTestId('chart-pass-task').waitFor();
    expect(await page.title()).toBe('Dataset insight: eval.jsonl');
    expect(await page.locator('h1').textContent()).toBe('Dataset insight');
    expect(await page.locator('.insight .muted').first().textContent()).toContain('eval.jsonl · 1 May 2025');
    expect(await page.locator('canvas[role="img"]').count()).toBeGreaterThanOrEqual(12);
    expect(await pixelsOf(page, 'pass-task', LIGHT_BLUE)).toBeGreaterThan(500);
    expect(await pixelsOf(page, 'pass-task', DARK_BLUE)).toBe(0);
    // The codicon font came inline (data: URI), so the toggle's icon draws.
    expect(await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'codicon' && f.status === 'loaded');
    })).toBe(true);
    await page.screenshot({ path: '/tmp/insight-report-light.png' });
    await expectClean(o);
    await page.close();
  });

  it('follows prefers-color-scheme: dark, also when it changes while open', async () => {
    const o = await open(file, 'dark');
    const { page } = o;
    await page.getByTestId('chart-pass-task').waitFor();
    expect(await pixelsOf(page, 'pass-task', DARK_BLUE)).toBeGreaterThan(500);
    expect(await page.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(31, 31, 31)');
    await page.screenshot({ path: '/tmp/insight-report-dark.png' });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(255, 255, 255)');
    await expect.poll(() => pixelsOf(page, 'pass-task', LIGHT_BLUE)).toBeGreaterThan(500);
    expect(await pixelsOf(page, 'pass-task', DARK_BLUE)).toBe(0);
    await expectClean(o);
    await page.close();
  });

  it('a click on a bar, or Enter on a table row, says which filter the curator would apply', async () => {
    const o = await open(file);
    const { page } = o;
    const canvas = page.getByTestId('chart-pass-task');
    await canvas.waitFor();
    await canvas.scrollIntoViewIfNeeded();
    // The first pixel of a reference bar (the topmost is the first task's).
    const hit = await page.evaluate((rgb) => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="chart-pass-task"]')!;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const r = c.getBoundingClientRect();
      const k = c.width / r.width;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] === rgb[0] && d[i + 1] === rgb[1] && d[i + 2] === rgb[2]) {
          const p = i / 4;
          // A few pixels into the bar.
          return { x: r.left + (p % c.width) / k + 6, y: r.top + Math.floor(p / c.width) / k + 3 };
        }
      }
      return null;
    }, LIGHT_BLUE);
    expect(hit).not.toBeNull();
    await page.mouse.click(hit!.x, hit!.y);
    await expect.poll(() => page.getByTestId('report-note').textContent()).toBe('In the Helix Curator this filters the sample list to task 24Points.');
    const toggle = page.getByTestId('toggle-tags');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('report-note').textContent()).toBe('In the Helix Curator this filters the sample list to backtracking ≥ 1.');
    await expectClean(o);
    await page.close();
  });

  it('report text that looks like markup stays text; the JSON cannot end its script element', async () => {
    const hostile = '</script><script>alert(1)</script><!--';
    const r = buildInsight(
      insightInputFromRows([
        { task: hostile, difficulty: '1', verdict: 'pass', reference: 'pass', strict: 'pass', tags: { verification: 1, backtracking: 0, subgoal: 0, backward_chaining: 0, correction: 0 }, chars: 120, steps: 3, firstReflection: 0.5, decision: 'accept' },
      ]),
    );
    const html = renderInsightHtml(r, { title: `t ${hostile}`, generatedAt: new Date(0) });
    expect(html).not.toContain(hostile);
    const f = path.join(dir, 'hostile.html');
    fs.writeFileSync(f, html);
    const o = await open(f);
    await o.page.getByTestId('chart-pass-task').waitFor();
    expect(await o.page.title()).toBe(`t ${hostile}`);
    await o.page.getByTestId('toggle-pass-task').click();
    expect(await o.page.getByTestId('table-pass-task').locator('tbody th').first().textContent()).toBe(hostile);
    await expectClean(o);
    await o.page.close();
  });
});
