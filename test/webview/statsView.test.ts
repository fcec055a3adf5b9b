/**
 * The stats webview in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core).
 * It builds nothing: it loads the built dist/webview.js and dist/webview.css (run `npm run build` first;
 * `npm test` does) into a page served with the same HTML and Content-Security-Policy the extension
 * uses, with a fake `acquireVsCodeApi` (test/webview/chromiumPage.ts), then plays the host: it waits
 * for `ready`, posts a stats snapshot, and checks what renders and what the webview posts back.
 * Skipped, with a message, only when /usr/bin/chromium is not installed (`apt-get install -y chromium`).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostToWebview, WebviewToHost } from '../../src/protocol/statsView';
import { builtDist, expectCleanRun, openPage, skipWithoutChromium, webviewShell, type ChromiumPage } from './chromiumPage';
import { exampleStats, HOSTILE_TEXT } from './exampleStats';

const skip = skipWithoutChromium('test/webview/statsView.test.ts');

declare global {
  interface Window {
    __posted: WebviewToHost[];
  }
}

describe.skipIf(skip)('stats webview in Chromium', () => {
  let p: ChromiumPage;
  let page: Page;

  beforeAll(async () => {
    p = await openPage({
      viewport: { width: 1000, height: 1400 },
      html: webviewShell('webview', 'Stats'),
      files: builtDist('webview.js', 'webview.css', 'codicon.ttf'),
      vsCodeApi: true,
    });
    page = p.page;
    await p.goto();
  });

  afterAll(async () => {
    await p?.close();
  });

  const posted = () => page.evaluate(() => window.__posted);

  it('says ready first and waits for the snapshot', async () => {
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    expect((await posted())[0]).toEqual({ type: 'ready' });
    await expect(page.locator('main').textContent()).resolves.toContain('Loading statistics');
  });

  it('renders the snapshot: task x difficulty table, lengths, verdicts, bad rows', async () => {
    const snapshot: HostToWebview = { type: 'stats', fileName: 'traces.jsonl', stats: exampleStats() };
    await page.evaluate((m) => window.postMessage(m, '*'), snapshot);
    const table = page.getByTestId('task-difficulty');
    await table.waitFor();
    const headers = await table.locator('thead th').allTextContents();
    expect(headers).toEqual(['Task', '1', '2', '10', '(none)', 'Total']);
    const sudoku = await table.locator('tbody tr', { hasText: 'sudoku' }).locator('td').allTextContents();
    expect(sudoku).toEqual(['·', '3', '1', '·', '4']);
    expect(await table.locator('tfoot td').last().textContent()).toBe('9');
    expect(await page.getByTestId('response-lengths').locator('tbody td').allTextContents()).toEqual(['7', '120', '900', '2,400', '3,000', '3,000', '1,100.5']);
    expect(await page.getByTestId('stored-verdicts').locator('tbody tr').first().locator('td').allTextContents()).toEqual(['3', '1', '0', '75.0%']);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('traces.jsonl');
    expect(await page.getByRole('list', { name: 'Bad rows' }).getByRole('button').count()).toBe(2);
  });

  it('posts openLine when a bad row is clicked', async () => {
    await page.getByRole('list', { name: 'Bad rows' }).getByRole('button', { name: /Line 9/ }).click();
    expect((await posted()).at(-1)).toEqual({ type: 'openLine', line: 9 });
  });

  it('opens a row from the keyboard too', async () => {
    await page.getByRole('list', { name: 'Bad rows' }).getByRole('button', { name: /Line 3/ }).focus();
    await page.keyboard.press('Enter');
    expect((await posted()).at(-1)).toEqual({ type: 'openLine', line: 3 });
    await page.getByRole('list', { name: 'Sample problems' }).getByRole('button', { name: /Line 4/ }).focus();
    await page.keyboard.press('Space');
    expect((await posted()).at(-1)).toEqual({ type: 'openLine', line: 4 });
  });

  it('shows row text as text: no element is created from it', async () => {
    expect(await page.locator('main').textContent()).toContain(HOSTILE_TEXT);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.title()).toBe('Stats');
  });

  it('ignores invalid host messages and replaces the view with each new snapshot', async () => {
    await page.evaluate(() => window.postMessage({ type: 'stats', fileName: 'x' }, '*'));
    await page.evaluate(() => window.postMessage('<b>nope</b>', '*'));
    const next: HostToWebview = { type: 'stats', fileName: 'other.jsonl', stats: exampleStats({ badRows: [], bad: 0, valid: 9 }) };
    await page.evaluate((m) => window.postMessage(m, '*'), next);
    await page.getByRole('heading', { level: 1, name: /other\.jsonl/ }).waitFor();
    expect(await page.getByRole('list', { name: 'Bad rows' }).count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('Every row could be read.');
  });

  it('runs under the strict CSP: stylesheet and codicon font load, nothing is refused, nothing remote', async () => {
    // The invalid messages above are reported by console.warn, not as errors.
    await expectCleanRun(p, { stylesheets: 1, icons: true });
    if (process.env['HELIX_SCREENSHOT']) await page.screenshot({ path: process.env['HELIX_SCREENSHOT'], fullPage: true });
  });
});
