/**
 * The detail pane (webview/curator/detail/SampleDetailView) in a real headless Chromium (Debian's
 * /usr/bin/chromium driven by playwright-core). The test entry (test/webview/detail/entry.tsx) is bundled
 * here with esbuild's JS API (JS, CSS and the codicon font, in memory) and served from a made-up origin
 * (test/webview/chromiumPage.ts) under a strict Content-Security-Policy without 'unsafe-inline' (scripts
 * and styles only from files), so the pane is shown to need no inline script. The SampleDetail fixtures
 * are real test samples analysed, verified and mapped by the production mapper (test/webview/detail/fixtures.ts).
 *
 * Writes screenshots to /tmp/curator-detail-{light,dark,narrow}.png and prints the render time of a
 * 200 KB / 1,500-step trace (median of 5; only a generous sanity bound is asserted).
 * Skipped, with a message, only when /usr/bin/chromium is not installed (`apt-get install -y chromium`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionEntry, SampleDetail } from '../../src/protocol/curator';
import type { Tag } from '../../src/core/trace/cueSchema';
import { collapseRuns, reflectionSteps } from '../../webview/curator/detail/model';
import { bundleEntry, expectCleanRun, lightAndDark, openPage, ORIGIN, skipWithoutChromium, type ChromiumPage } from './chromiumPage';
import type { DetailCall } from './detail/entry';
import { HOSTILE_IMG, HOSTILE_SCRIPT, hostileDetail, imagesDetail, mmhelixDetail, perfDetail, traceDetail, unclosedDetail } from './detail/fixtures';

const skip = skipWithoutChromium('test/webview/detail.test.ts');

const CSP = [`default-src 'none'`, `script-src ${ORIGIN}`, `style-src ${ORIGIN}`, `font-src ${ORIGIN}`, `img-src ${ORIGIN} data:`, `base-uri 'none'`].join('; ');

/** VS Code's Light+ and Dark+ values, `[light, dark]`, of the theme variables the pane uses (what VS Code sets on :root). */
const THEMES = lightAndDark({
  foreground: ['#3b3b3b', '#cccccc'], 'editor-background': ['#ffffff', '#1e1e1e'], descriptionForeground: ['#717171', '#ccccccb3'],
  errorForeground: ['#a1260d', '#f48771'], focusBorder: ['#0090f1', '#007fd4'],
  'panel-border': ['#80808059', '#80808059'], 'textLink-foreground': ['#006ab1', '#3794ff'], 'textLink-activeForeground': ['#006ab1', '#3794ff'],
  'badge-background': ['#c4c4c4', '#4d4d4d'], 'badge-foreground': ['#333333', '#ffffff'],
  'inputValidation-errorBackground': ['#f2dede', '#5a1d1d'], 'inputValidation-errorBorder': ['#be1100', '#be1100'],
  'inputValidation-warningBackground': ['#f6f5d2', '#352a05'], 'inputValidation-warningBorder': ['#b89500', '#b89500'],
  'testing-iconPassed': ['#388a34', '#73c991'], 'testing-iconFailed': ['#f14c4c', '#f14c4c'], 'editorWarning-foreground': ['#bf8803', '#cca700'],
  'icon-foreground': ['#424242', '#c5c5c5'], 'toolbar-hoverBackground': ['#b8b8b850', '#5a5d5e50'],
  'inputOption-activeBackground': ['#0090f133', '#007fd466'], 'inputOption-activeBorder': ['#007acc', '#007acc'], 'editorWidget-background': ['#f3f3f3', '#252526'],
  'editorWidget-border': ['#c8c8c8', '#454545'],
  'textCodeBlock-background': ['#dcdcdc66', '#0a0a0a66'], 'diffEditor-insertedTextBackground': ['#9ccc2c40', '#9ccc2c33'],
  'diffEditor-removedTextBackground': ['#ff000033', '#ff000033'],
  'textBlockQuote-background': ['#7f7f7f1a', '#7f7f7f1a'], 'textBlockQuote-border': ['#007acc80', '#007acc80'],
  'list-inactiveSelectionBackground': ['#e4e6f1', '#37373d'], 'list-hoverBackground': ['#e8e8e8', '#2a2d2e'],
  'editorLineNumber-foreground': ['#237893', '#858585'], 'editorLineNumber-activeForeground': ['#0b216f', '#c6c6c6'],
  'editor-findMatchHighlightBackground': ['#ea5c0055', '#ea5c0055'],
  'charts-blue': ['#1a85ff', '#3794ff'], 'charts-orange': ['#d18616', '#d18616'], 'charts-green': ['#388a34', '#89d185'], 'charts-purple': ['#652d90', '#b180d7'],
  'charts-red': ['#e51400', '#f14c4c'],
});

function themeCss(): string {
  const vars = (t: Record<string, string>) => Object.entries(t).map(([k, v]) => `  --vscode-${k}: ${v};`).join('\n');
  return `:root {
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif;
  --vscode-font-size: 13px;
  --vscode-editor-font-family: "DejaVu Sans Mono", monospace;
  --vscode-editor-font-size: 13px;
${vars(THEMES.light)}
}
:root.dark {
${vars(THEMES.dark)}
}
html, body, #root { height: 100%; margin: 0; }
body { background: var(--vscode-editor-background); color: var(--vscode-foreground); }
`;
}

const INDEX_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Detail</title>
<link rel="stylesheet" href="${ORIGIN}/dist/theme.css">
<link rel="stylesheet" href="${ORIGIN}/dist/entry.css">
</head>
<body>
<div id="root"></div>
<script src="${ORIGIN}/dist/entry.js"></script>
</body>
</html>
`;

declare global {
  interface Window {
    __pwned?: string;
  }
}

const decisionFor = (d: SampleDetail, over: Partial<DecisionEntry> = {}): DecisionEntry => ({
  ordinal: d.ordinal,
  sampleId: d.id,
  decision: 'accept',
  ts: '2025-11-25T10:00:00.000Z',
  note: '',
  tagEdits: [],
  stale: false,
  ...over,
});

describe.skipIf(skip)('detail pane in Chromium', () => {
  let p: ChromiumPage;
  let page: Page;

  // Real samples, analysed and verified in Node.
  const hanoi = traceDetail('traces-dev', 'hanoi_5disks_308'); // a wrong trace: one Hanoi move dropped, with its image
  const realistic = traceDetail('traces-realistic', 'r1b_24points_05');
  const mismatch = mmhelixDetail('dev-24Points-1', 'wrong_one_digit', { storedVerdict: true });
  const lenient = mmhelixDetail('dev-maze-1', 'wrong_extra_move_back');
  const hostile = hostileDetail();
  const images = imagesDetail();
  const unclosed = unclosedDetail();
  const big = perfDetail(); // synthetic: 200 KB, 1,500 steps

  const setDetail = (d: SampleDetail | null, decision: DecisionEntry | null = null) => page.evaluate(([d, decision]) => window.__setDetail(d, decision), [d, decision] as const);
  const calls = () => page.evaluate(() => window.__calls);
  const clearCalls = () => page.evaluate(() => void (window.__calls = []));

  beforeAll(async () => {
    const files = await bundleEntry('entry', path.join(__dirname, 'detail/entry.tsx'));
    files.set('theme.css', new TextEncoder().encode(themeCss()));

    p = await openPage({ viewport: { width: 1280, height: 900 }, html: () => INDEX_HTML, files });
    page = p.page;
    await p.goto();
    await page.waitForFunction(() => window.__ready === true);
  }, 60_000);

  afterAll(async () => {
    await p?.close();
  });

  it('renders the steps with their tags, chips and margin markers', async () => {
    await setDetail(realistic);
    const pane = page.getByTestId('trace-pane');
    const tagged = realistic.steps.filter((s) => s.tags.length > 0);
    expect(tagged.length).toBeGreaterThan(2);
    for (const s of tagged) {
      const step = pane.locator(`[data-testid="step"][data-step="${s.index}"]`);
      expect(await step.getAttribute('data-tags')).toBe(s.tags.join(' '));
      expect(await step.locator('.chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-tag')))).toEqual(s.tags);
      expect(await step.locator('.chip').first().getAttribute('data-state')).toBe('auto');
      // The margin says which tag with an icon and a letter, not colour alone.
      const markers = await step.locator('.step-marker').evaluateAll((els) => els.map((e) => [e.classList.contains('codicon'), getComputedStyle(e, '::after').content]));
      expect(markers.length).toBe(s.tags.length);
      for (const [icon, letter] of markers) {
        expect(icon).toBe(true);
        expect(letter).toMatch(/^"[VBSWC]"$/);
      }
    }
    // Tagged steps carry their tag's colour in the margin.
    const first = tagged[0]!;
    const border = await pane.locator(`[data-step="${first.index}"]`).evaluate((el) => getComputedStyle(el).borderLeftColor);
    expect(border).not.toBe('rgba(0, 0, 0, 0)');
  });

  it('highlights the cue spans that fired, explained in their titles', async () => {
    const pane = page.getByTestId('trace-pane');
    const cues = realistic.steps.flatMap((s) => s.cues);
    expect(cues.length).toBeGreaterThan(0);
    const marks = pane.locator('mark.cue');
    expect(await marks.count()).toBeGreaterThanOrEqual(new Set(cues.map((c) => `${c.start}:${c.end}`)).size);
    const c = cues[0]!;
    const mark = pane.locator(`mark.cue[data-cues~="${c.cue}"]`).first();
    expect(await mark.textContent()).toBe(realistic.response!.slice(c.start, c.end));
    const title = (await mark.getAttribute('title')) ?? '';
    expect(title).toContain(c.cue);
    expect(title).toContain(c.tag);
    expect(title).toContain('weight');
    expect(title).toContain(c.explanation);
    // The step's text is intact around the marks.
    const step = realistic.steps.find((s) => s.cues.includes(c))!;
    expect(await pane.locator(`[data-step="${step.index}"] .step-text`).textContent()).toBe(realistic.response!.slice(step.start, step.end));
  });

  it('marks the extracted answer in the final answer block', async () => {
    await setDetail(hanoi);
    const span = hanoi.verdict!.extractedSpan!;
    const el = page.getByTestId('trace-pane').getByTestId('extracted-span');
    expect(await el.textContent()).toBe(hanoi.response!.slice(span[0], span[1]));
    expect(await el.evaluate((e) => e.closest('.final-answer') !== null)).toBe(true);
  });

  it('collapses runs of plain steps to one row and expands them, remembered per sample', async () => {
    const runs = collapseRuns(hanoi.steps).filter((i) => i.kind === 'run');
    expect(runs.length).toBeGreaterThan(0);
    const pane = page.getByTestId('trace-pane');
    expect(await pane.getByTestId('collapsed-run').count()).toBe(runs.length);
    const run = runs[0]!;
    const row = pane.getByTestId('collapsed-run').first();
    expect(await row.textContent()).toMatch(new RegExp(`${run.count} steps without reflection \\(.*chars\\) — expand`));
    const hidden = hanoi.steps[run.first]!.index;
    expect(await pane.locator(`[data-step="${hidden}"]`).count()).toBe(0);
    // Keyboard: the row is a button.
    await row.focus();
    await page.keyboard.press('Enter');
    expect(await pane.locator(`[data-step="${hidden}"]`).count()).toBe(1);
    expect(await pane.getByTestId('collapsed-run').count()).toBe(runs.length - 1);
    // Another sample and back: still expanded.
    await setDetail(realistic);
    await setDetail(hanoi);
    expect(await pane.locator(`[data-step="${hidden}"]`).count()).toBe(1);
    // And it collapses again.
    await pane.getByTestId('expanded-run').first().click();
    expect(await pane.locator(`[data-step="${hidden}"]`).count()).toBe(0);
  });

  it('shows the verdicts, and a word diff of a long wrong answer against the ground truth', async () => {
    const panel = page.getByTestId('verdict-panel');
    expect(await panel.getByTestId('verdict-reference').getAttribute('data-status')).toBe('fail');
    expect(await panel.getByTestId('verdict-reference').textContent()).toContain(hanoi.verdict!.reference.reason!);
    expect(await panel.getByTestId('verdict-strict').getAttribute('data-status')).toBe('fail');
    expect(await panel.getByTestId('answer-compare').getAttribute('data-mode')).toBe('words');
    const diff = panel.getByTestId('answer-diff');
    // One move of the ground truth is missing from the answer: deleted text, nothing inserted.
    expect(await diff.locator('del').count()).toBeGreaterThan(0);
    expect(await diff.locator('del').allTextContents()).toEqual(['(1,3) ']);
    expect(await diff.locator('ins').count()).toBe(0);
    // Reading the diff's kept + deleted parts gives the ground truth back.
    const truth = await diff.evaluate((el) => [...el.childNodes].filter((n) => !(n instanceof HTMLElement && n.tagName === 'INS')).map((n) => n.textContent).join(''));
    expect(truth).toBe(hanoi.groundTruth!.trim());
    expect(await panel.getByTestId('extraction-rule').textContent()).toContain('boxed');
    expect(await panel.getByTestId('mismatch-banner').count()).toBe(0);
    expect(await panel.getByTestId('puzzle-data').count()).toBe(1);
    // The board (core buildBoard, drawn by BoardView) in the verifier panel.
    expect(hanoi.board?.kind).toBe('sequence');
    expect(await panel.getByTestId('board-slot').locator('svg').count()).toBeGreaterThan(0);
    expect(await panel.getByTestId('board-slot').textContent()).toContain(hanoi.board!.violations[0]?.message ?? '');
  });

  it('shows a loud mismatch banner when the stored verdict disagrees with the re-run', async () => {
    expect(mismatch.verdict!.mismatch).toEqual({ stored: true, rerun: false });
    await setDetail(mismatch);
    const banner = page.getByTestId('mismatch-banner');
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.textContent()).toMatch(/stored verdict \(verdict = true\) says PASS, the re-run says FAIL/);
    expect(await banner.locator('.codicon-alert').count()).toBe(1);
    const look = await banner.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, border: getComputedStyle(el).borderTopWidth }));
    expect(look.bg).toBe('rgb(242, 222, 222)');
    expect(look.border).toBe('2px');
    // A short wrong answer is shown side by side with the truth.
    expect(await page.getByTestId('answer-compare').getAttribute('data-mode')).toBe('side-by-side');
  });

  it('explains a lenient pass', async () => {
    expect(lenient.verdict!.lenient).not.toBeNull();
    await setDetail(lenient);
    const panel = page.getByTestId('verdict-panel');
    expect(await panel.getByTestId('verdict-reference').getAttribute('data-status')).toBe('pass');
    expect(await panel.getByTestId('verdict-strict').getAttribute('data-status')).toBe('fail');
    const text = (await panel.getByTestId('lenient').textContent()) ?? '';
    expect(text).toContain('Lenient pass');
    expect(text).toContain('the strict rules do not');
    expect(text).toContain(lenient.verdict!.lenient!.replace(/^lenient pass: the reference accepts this answer, but\s+/, ''));
  });

  it('shows the header: line link, decision, stale mark, note, problems', async () => {
    await setDetail(images, decisionFor(images, { decision: 'reject', stale: true, note: 'maze move reversed', tagEdits: [{ step: 1, tag: 'correction', op: 'add' }] }));
    const header = page.getByTestId('detail-header');
    expect(await header.getByTestId('decision-badge').getAttribute('data-decision')).toBe('reject');
    expect(await header.getByTestId('stale-badge').textContent()).toContain('STALE');
    expect(await header.getByTestId('decision-note').textContent()).toContain('maze move reversed');
    expect(await header.getByTestId('problems').textContent()).toContain('not-there.png');
    await clearCalls();
    await header.getByTestId('open-line').click();
    expect(await calls()).toEqual([{ type: 'openLine', line: images.line! }] satisfies DetailCall[]);
  });

  it('renders images from data: URIs, an error tile for a missing one, and zooms', async () => {
    const pane = page.getByTestId('image-pane');
    const img = pane.locator('img');
    expect(await img.count()).toBe(1);
    expect(await img.getAttribute('alt')).toBe('images/maze_6x6_105.png');
    expect((await img.getAttribute('src'))?.startsWith('data:image/png;base64,')).toBe(true);
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('[data-testid="image-pane"] img')?.naturalWidth !== 0);
    const tile = pane.getByTestId('image-error');
    expect(await tile.textContent()).toContain('image not found: images/not-there.png');
    expect(await tile.getAttribute('role')).toBe('img');

    const natural = await img.evaluate((e: HTMLImageElement) => e.naturalWidth);
    const fitted = await img.evaluate((e) => e.getBoundingClientRect().width);
    expect(await pane.getAttribute('data-zoom')).toBe('fit');
    await pane.getByRole('button', { name: 'Actual size' }).click();
    expect(await pane.getAttribute('data-zoom')).toBe('1');
    expect(await img.evaluate((e) => e.getBoundingClientRect().width)).toBeCloseTo(natural, 0);
    await pane.getByRole('button', { name: 'Zoom in' }).click();
    expect(await pane.getAttribute('data-zoom')).toBe('1.5');
    expect(await img.evaluate((e) => e.getBoundingClientRect().width)).toBeCloseTo(natural * 1.5, 0);
    await pane.getByRole('button', { name: 'Zoom in' }).click();
    await pane.getByRole('button', { name: 'Zoom in' }).click();
    expect(await pane.getAttribute('data-zoom')).toBe('3');
    expect(await img.evaluate((e) => getComputedStyle(e).imageRendering)).toBe('pixelated');
    // Zoomed: the image pans inside its scroll box.
    const scroller = pane.locator('.image-scroll');
    expect(await scroller.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
    await pane.getByRole('button', { name: 'Zoom out' }).click();
    expect(await pane.getAttribute('data-zoom')).toBe('2');
    expect(await img.evaluate((e) => getComputedStyle(e).imageRendering)).not.toBe('pixelated');
    // Keys while the pane has the focus.
    await pane.focus();
    await page.keyboard.press('-');
    expect(await pane.getAttribute('data-zoom')).toBe('1.5');
    await page.keyboard.press('+');
    expect(await pane.getAttribute('data-zoom')).toBe('2');
    await page.keyboard.press('0');
    expect(await pane.getAttribute('data-zoom')).toBe('fit');
    expect(await img.evaluate((e) => e.getBoundingClientRect().width)).toBeCloseTo(fitted, 0);
  });

  it('toggles tags from the chips and from the + menu', async () => {
    await setDetail(realistic);
    await clearCalls();
    const s = realistic.steps.find((x) => x.tags.length > 0)!;
    const step = page.locator(`[data-testid="step"][data-step="${s.index}"]`);
    await step.locator('.chip').first().click();
    await step.getByRole('button', { name: `Add a tag to step ${s.index + 1}` }).click();
    const menu = step.getByRole('menu');
    const missing = (await menu.getByRole('menuitem').evaluateAll((els) => els.map((e) => e.getAttribute('data-tag')))) as Tag[];
    expect(missing).not.toContain(s.tags[0]);
    expect(missing.length).toBe(5 - s.tags.length);
    await menu.getByRole('menuitem').last().click();
    expect(await step.getByRole('menu').count()).toBe(0);
    expect(await calls()).toEqual([
      { type: 'toggleTag', step: s.index, tag: s.tags[0]! },
      { type: 'toggleTag', step: s.index, tag: missing.at(-1)! },
    ] satisfies DetailCall[]);
  });

  it('shows curator edits on the chips: added and removed tags', async () => {
    const s = realistic.steps.find((x) => x.tags.length > 0)!;
    const edited: SampleDetail = {
      ...realistic,
      steps: realistic.steps.map((x) => (x.index === s.index ? { ...x, tags: ['subgoal'] } : x)),
    };
    await setDetail(edited);
    const step = page.locator(`[data-testid="step"][data-step="${s.index}"]`);
    const states = await step.locator('.chip').evaluateAll((els) => els.map((e) => [e.getAttribute('data-tag'), e.getAttribute('data-state'), e.textContent]));
    expect(states).toContainEqual(['subgoal', 'added', expect.stringContaining('added')]);
    for (const t of s.tags.filter((t) => t !== 'subgoal')) expect(states).toContainEqual([t, 'removed', expect.stringContaining('removed')]);
  });

  it('scrolls the focused step into view and shows it focused', async () => {
    await setDetail({ ...big, ordinal: 200 });
    const targets = reflectionSteps(big, 'reflection');
    expect(await page.evaluate(() => window.__reflectionSteps('reflection'))).toEqual(targets);
    const target = targets.at(-3)!;
    await page.evaluate((n) => window.__focus(n), target);
    const step = page.locator(`[data-testid="step"][data-step="${target}"]`);
    await page.waitForFunction((n) => {
      const el = document.querySelector(`[data-step="${n}"]`);
      const pane = document.querySelector('[data-testid="trace-pane"]');
      if (!el || !pane) return false;
      const r = el.getBoundingClientRect();
      const p = pane.getBoundingClientRect();
      return r.top >= p.top - 1 && r.bottom <= p.bottom + 1;
    }, target);
    expect(await step.getAttribute('aria-current')).toBe('step');
    expect(await step.evaluate((e) => e.classList.contains('focused'))).toBe(true);
    expect(await page.getByTestId('trace-pane').evaluate((e) => e.scrollTop)).toBeGreaterThan(1000);
    // A step inside a collapsed run: the run opens to show it.
    const run = collapseRuns(big.steps).find((i) => i.kind === 'run')!;
    const hidden = big.steps[run.first + 1]!.index;
    expect(await page.locator(`[data-step="${hidden}"]`).count()).toBe(0);
    await page.evaluate((n) => window.__focus(n), hidden);
    expect(await page.locator(`[data-step="${hidden}"]`).getAttribute('aria-current')).toBe('step');
    // Clicking a step's text focuses it (the shell's onFocusStep).
    await clearCalls();
    await page.locator(`[data-step="${targets[0]}"] .step-text`).click();
    expect(await calls()).toContainEqual({ type: 'focusStep', step: targets[0]! });
  });

  it('keeps hostile trace text as text: no element, no script, no handler runs', async () => {
    await setDetail(hostile);
    const state = await page.evaluate(() => ({
      imgX: document.querySelectorAll('img[src=x]').length,
      scripts: [...document.querySelectorAll('script')].map((s) => s.src),
      styles: document.querySelectorAll('body style').length,
      anchors: document.querySelectorAll('#root a').length,
      bold: document.querySelectorAll('#root b').length,
      pwned: window.__pwned ?? null,
      text: document.getElementById('root')!.textContent,
      visible: getComputedStyle(document.body).display,
    }));
    expect(state.imgX).toBe(0);
    expect(state.scripts).toEqual([`${ORIGIN}/dist/entry.js`]);
    expect(state.styles).toBe(0);
    expect(state.anchors).toBe(0);
    expect(state.bold).toBe(0);
    expect(state.pwned).toBeNull();
    expect(state.visible).toBe('block');
    expect(state.text).toContain(HOSTILE_SCRIPT);
    expect(state.text).toContain(HOSTILE_IMG);
    expect(state.text).toContain('&amp; &lt;b&gt;');
    expect(await page.getByTestId('detail-header').locator('h2').textContent()).toBe(hostile.id);
    expect(await page.getByTestId('extracted-span').textContent()).toContain(HOSTILE_IMG);
  });

  it('says when the thinking was cut off', async () => {
    expect(unclosed.splitMode).toBe('unclosed');
    await setDetail(unclosed);
    expect(await page.getByTestId('cut-off').textContent()).toContain('The thinking was cut off');
    expect(await page.locator('.final-answer').textContent()).toContain('No final answer after the thinking');
    // Cut off before any answer marker, the verifier read the whole response: said, not painted over the trace.
    expect(unclosed.verdict!.rule).toBe('whole_response');
    expect(await page.getByTestId('whole-response-note').count()).toBe(1);
    expect(await page.getByTestId('extracted-span').count()).toBe(0);
  });

  it('lays the image pane beside the trace when wide and stacks them when narrow', async () => {
    await setDetail(hanoi);
    const boxes = async () =>
      page.evaluate(() => {
        const r = (id: string) => document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect();
        return { image: r('image-pane'), trace: r('trace-pane') };
      });
    let b = await boxes();
    expect(b.trace.left).toBeGreaterThanOrEqual(b.image.right - 1);
    await page.setViewportSize({ width: 600, height: 900 });
    b = await boxes();
    expect(b.trace.top).toBeGreaterThanOrEqual(b.image.bottom - 1);
    await page.screenshot({ path: '/tmp/curator-detail-narrow.png' });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('renders a 200 KB, 1,500-step trace fast (median of 5, printed)', async () => {
    expect(big.response!.length).toBeGreaterThan(190_000);
    expect(big.response!.length).toBeLessThan(215_000);
    expect(big.steps.length).toBe(1500);
    // Sent once; each run mounts a fresh copy (a new ordinal: nothing remembered) after unmounting the last.
    await page.evaluate((d) => void ((window as unknown as { __big: SampleDetail }).__big = d), big);
    const mount = (ordinals: number[]) =>
      page.evaluate((ords) => {
        const d = (window as unknown as { __big: SampleDetail }).__big;
        return ords.map((ordinal) => {
          window.__setDetail(null);
          return window.__setDetail({ ...d, ordinal });
        });
      }, ordinals);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const fmt = (xs: number[]) => `${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)})`;
    await mount([301]); // warm-up (JIT)
    const collapsed = await mount([310, 311, 312, 313, 314]);
    const shownCollapsed = await page.locator('[data-testid="step"]').count();
    // Worst case: every run expanded (remembered for ordinal 400), all 1,500 steps in the DOM.
    await mount([400]);
    await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('[data-testid="collapsed-run"]').forEach((b) => b.click()));
    expect(await page.locator('[data-testid="step"]').count()).toBe(1500);
    const expanded = await mount([400, 400, 400, 400, 400]);
    const shown = await page.locator('[data-testid="step"]').count();
    const tagged = big.steps.filter((s) => s.tags.length > 0).length;
    console.log(
      `detail pane render, ${big.response!.length.toLocaleString('en-US')} chars / ${big.steps.length} steps (${tagged} tagged), median of 5:\n` +
        `  default (${shownCollapsed} steps shown, plain runs collapsed): ${fmt(collapsed.map((x) => x.commitMs))} to commit, ${fmt(collapsed.map((x) => x.layoutMs))} with layout\n` +
        `  all ${shown} steps expanded: ${fmt(expanded.map((x) => x.commitMs))} to commit, ${fmt(expanded.map((x) => x.layoutMs))} with layout`,
    );
    expect(shown).toBe(1500);
    expect(median(collapsed.map((x) => x.layoutMs))).toBeLessThan(1000);
    expect(median(expanded.map((x) => x.layoutMs))).toBeLessThan(1000);
  });

  it('runs under a CSP without inline script or style: nothing refused, no errors, codicons load', async () => {
    await expectCleanRun(p, { icons: true });
    expect(await page.evaluate(() => [...document.querySelectorAll('script')].filter((s) => !s.src).length)).toBe(0);
  });

  it('saves light and dark screenshots', async () => {
    await setDetail(hanoi, decisionFor(hanoi, { decision: 'flag', stale: true, note: 'one move dropped when collecting the list' }));
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: '/tmp/curator-detail-light.png' });
    await page.evaluate(() => document.documentElement.classList.add('dark'));
    await page.screenshot({ path: '/tmp/curator-detail-dark.png' });
    await setDetail(mismatch, decisionFor(mismatch));
    await page.screenshot({ path: '/tmp/curator-detail-dark-mismatch.png' });
    await page.evaluate(() => document.documentElement.classList.remove('dark'));
    // The "+" menu open on a tagged step, a plain step hovered, the image zoomed in (pixelated).
    await setDetail(images);
    await page.getByTestId('image-pane').getByRole('button', { name: 'Actual size' }).click();
    for (let i = 0; i < 3; i++) await page.getByTestId('image-pane').getByRole('button', { name: 'Zoom in' }).click();
    const tagged = images.steps.find((x) => x.tags.length > 0)!;
    await page.locator(`[data-step="${tagged.index}"] .add-tag`).click();
    await page.locator(`[data-step="${tagged.index}"] [role="menuitem"]`).first().waitFor();
    const plain = images.steps.find((x) => x.tags.length === 0 && x.autoTags.length === 0)!;
    await page.locator(`[data-step="${plain.index}"]`).hover();
    await page.screenshot({ path: '/tmp/curator-detail-light-menu.png' });
    expect(fs.existsSync('/tmp/curator-detail-light.png') && fs.existsSync('/tmp/curator-detail-dark.png')).toBe(true);
  });
});
