/**
 * A headless Chromium page running the built curator webview (dist/curator.js + dist/curator.css) the
 * way VS Code would: the HTML and Content-Security-Policy of src/extension/webviewHtml.ts, served from a
 * made-up origin standing in for `webview.cspSource`, and a fake `acquireVsCodeApi` that records what
 * the webview posts in `window.__posted` (and keeps its getState/setState in `window.__state`).
 * The test plays the host with `send` (page.evaluate → window.postMessage).
 *
 * Also records console errors, page errors, CSP violations, requests to any other origin and dialogs
 * (a hostile `onerror=alert(1)` that ran would open one).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webviewHtml } from '../../src/extension/webviewHtml';
import type { CuratorToHost, HostToCurator } from '../../src/protocol/curator';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

const dist = path.resolve(__dirname, '../../dist');
/** A made-up origin standing in for VS Code's webview resource origin (webview.cspSource). */
export const ORIGIN = 'https://webview.helix.test';
const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

/**
 * What the page's window carries besides the app (not a global declaration: the stats view test declares
 * `window.__posted` with its own protocol's type).
 */
export interface CuratorWindow {
  __posted: CuratorToHost[];
  __violations: string[];
  __state: unknown;
}

/** VS Code's Light+ / Dark+ / High Contrast values of the theme variables the curator uses (VS Code sets them on <html>). */
export const THEMES: Record<'light' | 'dark' | 'hc', Record<string, string>> = {
  light: {
    foreground: '#3b3b3b', 'editor-background': '#ffffff', descriptionForeground: '#717171', errorForeground: '#a1260d', focusBorder: '#0090f1',
    disabledForeground: '#61616180', 'panel-border': '#e5e5e5', 'sideBar-background': '#f8f8f8', 'widget-border': '#e5e5e5', 'widget-shadow': '#00000029',
    'textLink-foreground': '#005fb8', 'textLink-activeForeground': '#005fb8', 'editorWidget-background': '#f8f8f8', 'editorWidget-foreground': '#3b3b3b', 'editorWidget-border': '#c8c8c8',
    'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece', 'input-placeholderForeground': '#767676',
    'dropdown-background': '#ffffff', 'dropdown-foreground': '#3b3b3b', 'dropdown-border': '#cecece',
    'button-background': '#005fb8', 'button-foreground': '#ffffff', 'toolbar-hoverBackground': '#b8b8b850', 'progressBar-background': '#005fb8',
    'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000', 'list-inactiveSelectionBackground': '#e4e6f1', 'list-hoverBackground': '#f2f2f2', 'list-focusOutline': '#005fb8',
    'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100', 'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-warningBorder': '#b89500',
    'testing-iconPassed': '#388a34', 'testing-iconFailed': '#f14c4c', 'editorWarning-foreground': '#bf8803', 'editorError-foreground': '#e51400',
    'keybindingLabel-background': '#dddddd66', 'keybindingLabel-foreground': '#555555', 'keybindingLabel-border': '#cccccc66', 'keybindingLabel-bottomBorder': '#bbbbbb66',
    'charts-blue': '#1a85ff', 'charts-orange': '#d18616', 'charts-green': '#388a34', 'charts-purple': '#652d90', 'charts-red': '#e51400',
    'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', 'textCodeBlock-background': '#dcdcdc66', 'icon-foreground': '#3b3b3b',
  },
  dark: {
    foreground: '#cccccc', 'editor-background': '#1f1f1f', descriptionForeground: '#9d9d9d', errorForeground: '#f85149', focusBorder: '#0078d4',
    disabledForeground: '#cccccc80', 'panel-border': '#2b2b2b', 'sideBar-background': '#181818', 'widget-border': '#313131', 'widget-shadow': '#0000005c',
    'textLink-foreground': '#4daafc', 'textLink-activeForeground': '#4daafc', 'editorWidget-background': '#202020', 'editorWidget-foreground': '#cccccc', 'editorWidget-border': '#454545',
    'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c', 'input-placeholderForeground': '#989898',
    'dropdown-background': '#313131', 'dropdown-foreground': '#cccccc', 'dropdown-border': '#3c3c3c',
    'button-background': '#0078d4', 'button-foreground': '#ffffff', 'toolbar-hoverBackground': '#5a5d5e50', 'progressBar-background': '#0078d4',
    'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff', 'list-inactiveSelectionBackground': '#37373d', 'list-hoverBackground': '#2a2d2e', 'list-focusOutline': '#0078d4',
    'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100', 'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500',
    'testing-iconPassed': '#73c991', 'testing-iconFailed': '#f14c4c', 'editorWarning-foreground': '#cca700', 'editorError-foreground': '#f14c4c',
    'keybindingLabel-background': '#8080802b', 'keybindingLabel-foreground': '#cccccc', 'keybindingLabel-border': '#33333399', 'keybindingLabel-bottomBorder': '#44444499',
    'charts-blue': '#3794ff', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7', 'charts-red': '#f14c4c',
    'badge-background': '#616161', 'badge-foreground': '#f8f8f8', 'textCodeBlock-background': '#2b2b2b', 'icon-foreground': '#cccccc',
  },
  hc: {
    foreground: '#ffffff', 'editor-background': '#000000', descriptionForeground: '#ffffff', errorForeground: '#f48771', focusBorder: '#f38518',
    contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518', disabledForeground: '#a5a5a5', 'panel-border': '#6fc3df', 'sideBar-background': '#000000',
    'textLink-foreground': '#21a6ff', 'textLink-activeForeground': '#21a6ff', 'editorWidget-background': '#0c141f', 'editorWidget-border': '#6fc3df',
    'input-background': '#000000', 'input-foreground': '#ffffff', 'input-border': '#6fc3df', 'input-placeholderForeground': '#ffffffb3',
    'dropdown-background': '#000000', 'dropdown-foreground': '#ffffff', 'dropdown-border': '#6fc3df',
    'button-background': '#000000', 'button-foreground': '#ffffff', 'progressBar-background': '#6fc3df', 'list-focusOutline': '#f38518',
    'inputValidation-errorBackground': '#000000', 'inputValidation-errorBorder': '#6fc3df', 'inputValidation-warningBackground': '#000000', 'inputValidation-warningBorder': '#6fc3df',
    'testing-iconPassed': '#73c991', 'testing-iconFailed': '#f14c4c', 'editorWarning-foreground': '#ffd370', 'editorError-foreground': '#ff3232',
    'charts-blue': '#3794ff', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7', 'charts-red': '#f14c4c',
  },
};

export type ThemeName = keyof typeof THEMES;

export interface CuratorHarness {
  browser: Browser;
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  blocked: string[];
  dialogs: string[];
  /** Load the page afresh (a webview reload) and wait for its `ready`. */
  load(): Promise<void>;
  /** Deliver host messages, in order. */
  send(...messages: HostToCurator[]): Promise<void>;
  posted(): Promise<CuratorToHost[]>;
  postedOf<T extends CuratorToHost['type']>(type: T): Promise<Extract<CuratorToHost, { type: T }>[]>;
  clearPosted(): Promise<void>;
  violations(): Promise<string[]>;
  setTheme(theme: ThemeName): Promise<void>;
  close(): Promise<void>;
}

export async function openCurator(options: { width?: number; height?: number } = {}): Promise<CuratorHarness> {
  for (const f of ['curator.js', 'curator.css', 'codicon.ttf']) {
    if (!fs.existsSync(path.join(dist, f))) throw new Error(`dist/${f} is missing: run \`npm run build\` before this test`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 } });
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const blocked: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      blocked.push(url.href);
      return route.abort();
    }
    if (url.pathname === '/index.html') {
      const html = webviewHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/dist/curator.js`, styleUri: `${ORIGIN}/dist/curator.css`, title: 'Curator' });
      return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    }
    const file = path.join(dist, path.basename(url.pathname));
    if (!url.pathname.startsWith('/dist/') || !fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', body: fs.readFileSync(file) });
  });
  await page.addInitScript(() => {
    const window = globalThis as unknown as CuratorWindow;
    window.__posted = [];
    window.__violations = [];
    window.__state = undefined;
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
    (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
      postMessage: (m: CuratorToHost) => window.__posted.push(JSON.parse(JSON.stringify(m)) as CuratorToHost),
      getState: () => window.__state,
      setState: (s: unknown) => {
        window.__state = s;
      },
    });
  });

  let theme: ThemeName | null = null;
  const harness: CuratorHarness = {
    browser,
    page,
    consoleErrors,
    pageErrors,
    blocked,
    dialogs,
    async load() {
      await page.goto(`${ORIGIN}/index.html`);
      await page.waitForFunction(() => (window as unknown as CuratorWindow).__posted.some((m) => m.type === 'ready'));
      if (theme) await harness.setTheme(theme);
    },
    async send(...messages) {
      // As a JSON string: Playwright's argument serializer is slow on large nested arrays (a 10,000-row chunk).
      await page.evaluate((json) => {
        for (const m of JSON.parse(json) as unknown[]) window.postMessage(m, '*');
      }, JSON.stringify(messages));
    },
    posted: () => page.evaluate(() => (window as unknown as CuratorWindow).__posted),
    async postedOf(type) {
      const all = await page.evaluate(() => (window as unknown as CuratorWindow).__posted);
      return all.filter((m): m is Extract<CuratorToHost, { type: typeof type }> => m.type === type);
    },
    clearPosted: () => page.evaluate(() => void ((window as unknown as CuratorWindow).__posted = [])),
    violations: () => page.evaluate(() => (window as unknown as CuratorWindow).__violations),
    async setTheme(name) {
      theme = name;
      await page.evaluate(
        ({ vars, theme }) => {
          const root = document.documentElement;
          for (let i = root.style.length - 1; i >= 0; i--) {
            const name = root.style.item(i);
            if (name.startsWith('--vscode-')) root.style.removeProperty(name);
          }
          root.style.setProperty('--vscode-font-family', 'system-ui, "Segoe UI", Ubuntu, sans-serif');
          root.style.setProperty('--vscode-font-size', '13px');
          root.style.setProperty('--vscode-font-weight', 'normal');
          root.style.setProperty('--vscode-editor-font-family', 'ui-monospace, "DejaVu Sans Mono", monospace');
          root.style.setProperty('--vscode-editor-font-size', '13px');
          for (const [k, v] of Object.entries(vars)) root.style.setProperty(`--vscode-${k}`, v);
          document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
          document.body.classList.add(theme === 'light' ? 'vscode-light' : theme === 'dark' ? 'vscode-dark' : 'vscode-high-contrast');
        },
        { vars: THEMES[name], theme: name },
      );
    },
    close: () => browser.close(),
  };
  return harness;
}
