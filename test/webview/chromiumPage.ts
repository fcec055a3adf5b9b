/**
 * The headless Chromium page the webview tests share (Debian's /usr/bin/chromium driven by playwright-core):
 * a page at a made-up origin standing in for VS Code's `webview.cspSource`, serving its index.html and, under
 * /dist/, the built dist/ folder or a test entry bundled in memory (`bundleEntry`), and aborting every
 * request to any other origin. It records console errors, page errors, CSP violations
 * (`window.__violations`), those other-origin requests and dialogs (dismissed), and can install a fake
 * `acquireVsCodeApi` whose `postMessage` puts a JSON copy of each message in `window.__posted` and whose
 * getState/setState keep `window.__state`. `expectCleanRun` is the tests' closing check that the page ran
 * under its CSP without a complaint.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { webviewHtml } from '../../src/extension/webviewHtml';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);

/** A made-up origin standing in for VS Code's webview resource origin (webview.cspSource). */
export const ORIGIN = 'https://webview.helix.test';

const DIST = path.resolve(__dirname, '../../dist');
const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

/** Whether `testFile`'s Chromium tests are to be skipped: only when Chromium is not installed, and then it says so. */
export function skipWithoutChromium(testFile: string): boolean {
  if (!hasChromium) console.warn(`${testFile}: skipped, ${CHROMIUM} is not installed (apt-get install -y chromium)`);
  return !hasChromium;
}

/** dist/, once it is checked to hold `names` (these tests load the built bundles and build nothing). */
export function builtDist(...names: string[]): string {
  for (const f of names) {
    if (!fs.existsSync(path.join(DIST, f))) throw new Error(`dist/${f} is missing: run \`npm run build\` before this test`);
  }
  return DIST;
}

/**
 * A test entry bundled for the page with esbuild, in memory: `<name>.js`, `<name>.css` and the codicon
 * font its CSS loads, by file name.
 */
export async function bundleEntry(name: string, entry: string): Promise<Map<string, Uint8Array>> {
  const result = await build({
    entryPoints: { [name]: entry },
    bundle: true,
    write: false,
    outdir: path.join(__dirname, 'out'), // not written: only what the CSS's font URL is relative to
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    loader: { '.ttf': 'file' },
    assetNames: '[name]',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((f) => [path.basename(f.path), f.contents]));
  for (const f of [`${name}.js`, `${name}.css`, 'codicon.ttf']) if (!files.has(f)) throw new Error(`the bundle has no ${f}: ${[...files.keys()].join(', ')}`);
  return files;
}

/** The extension's own HTML shell and CSP (src/extension/webviewHtml.ts) around /dist/`bundle`.js and .css: built per load, as VS Code does, for a fresh nonce. */
export function webviewShell(bundle: string, title: string): () => string {
  return () => webviewHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/dist/${bundle}.js`, styleUri: `${ORIGIN}/dist/${bundle}.css`, title });
}

/** What the page's window carries besides the app (`__posted` and `__state` only with the fake `acquireVsCodeApi`). */
export interface PageWindow {
  __posted: unknown[];
  __violations: string[];
  __state: unknown;
}

export interface PageOptions {
  viewport: { width: number; height: number };
  /** The HTML of `${ORIGIN}/index.html`, asked for on each load. */
  html: () => string;
  /** What `${ORIGIN}/dist/<name>` serves: the file `name` of this folder, or the bytes stored under `name`. */
  files: string | ReadonlyMap<string, Uint8Array>;
  /** Install the fake `acquireVsCodeApi` (see the top of this file). */
  vsCodeApi?: boolean;
}

export interface ChromiumPage {
  page: Page;
  /** What the page logged with console.error. */
  consoleErrors: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** Requests to any origin but ORIGIN (aborted). */
  blocked: string[];
  /** The messages of dialogs the page opened (dismissed; a hostile `onerror=alert(1)` that ran would open one). */
  dialogs: string[];
  /** Load `${ORIGIN}/index.html` (afresh). */
  goto(): Promise<void>;
  /** The CSP violations of the current load. */
  violations(): Promise<string[]>;
  close(): Promise<void>;
}

export async function openPage(options: PageOptions): Promise<ChromiumPage> {
  const { files } = options;
  const read = (name: string): Uint8Array | undefined => {
    if (typeof files !== 'string') return files.get(name);
    const file = path.join(files, name);
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ? fs.readFileSync(file) : undefined;
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: options.viewport });
  const p: ChromiumPage = {
    page,
    consoleErrors: [],
    pageErrors: [],
    blocked: [],
    dialogs: [],
    async goto() {
      await page.goto(`${ORIGIN}/index.html`);
    },
    violations: () => page.evaluate(() => (window as unknown as PageWindow).__violations),
    close: () => browser.close(),
  };
  page.on('console', (m) => {
    if (m.type() === 'error') p.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => p.pageErrors.push(String(e)));
  page.on('dialog', (d) => {
    p.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      p.blocked.push(url.href);
      return route.abort();
    }
    if (url.pathname === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: options.html() });
    const body = url.pathname.startsWith('/dist/') ? read(path.basename(url.pathname)) : undefined;
    if (!body) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: CONTENT_TYPES[path.extname(url.pathname)] ?? 'application/octet-stream', body: Buffer.from(body) });
  });
  await page.addInitScript((vsCodeApi) => {
    const window = globalThis as unknown as PageWindow;
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
    if (!vsCodeApi) return;
    window.__posted = [];
    window.__state = undefined;
    (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__state,
      setState: (s: unknown) => {
        window.__state = s;
      },
    });
  }, options.vsCodeApi ?? false);
  return p;
}

/**
 * The closing check of a page run under its CSP: the codicon font loaded (with `icons`, as the font of
 * the first `.codicon` too), `stylesheets` style sheets if given, and no console error, page error, CSP
 * violation or request to another origin.
 */
export async function expectCleanRun(p: ChromiumPage, want: { stylesheets?: number; icons?: boolean } = {}): Promise<void> {
  const state = await p.page.evaluate(async () => {
    await document.fonts.ready;
    const icon = document.querySelector('.codicon');
    return {
      sheets: document.styleSheets.length,
      codiconLoaded: [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'codicon' && f.status === 'loaded'),
      iconFont: icon ? getComputedStyle(icon, '::before').fontFamily : '',
    };
  });
  if (want.stylesheets !== undefined) expect(state.sheets).toBe(want.stylesheets);
  if (want.icons) expect(state.iconFont).toContain('codicon');
  expect(state.codiconLoaded).toBe(true);
  expect(p.consoleErrors).toEqual([]);
  expect(p.pageErrors).toEqual([]);
  expect(await p.violations()).toEqual([]);
  expect(p.blocked).toEqual([]);
}

/** Theme variables written a row a variable, `[light, dark]`, as the two themes' maps. */
export function lightAndDark(rows: Record<string, readonly [light: string, dark: string]>): Record<'light' | 'dark', Record<string, string>> {
  const column = (i: 0 | 1) => Object.fromEntries(Object.entries(rows).map(([name, values]) => [name, values[i]]));
  return { light: column(0), dark: column(1) };
}
