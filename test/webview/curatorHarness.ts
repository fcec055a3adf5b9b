/**
 * A headless Chromium page running the built curator webview (dist/curator.js + dist/curator.css) the
 * way VS Code would: the HTML and Content-Security-Policy of src/extension/webviewHtml.ts, served from a
 * made-up origin standing in for `webview.cspSource`, and a fake `acquireVsCodeApi` that records what
 * the webview posts in `window.__posted` (and keeps its getState/setState in `window.__state`).
 * The test plays the host with `send` (page.evaluate → window.postMessage).
 *
 * Also records console errors, page errors, CSP violations, requests to any other origin and dialogs
 * (a hostile `onerror=alert(1)` that ran would open one). The page itself is test/webview/chromiumPage.ts.
 */
import type { CuratorToHost, HostToCurator } from '../../src/protocol/curator';
import { builtDist, lightAndDark, openPage, webviewShell, type ChromiumPage, type PageWindow } from './chromiumPage';

/**
 * What the page's window carries besides the app (not a global declaration: the stats view test declares
 * `window.__posted` with its own protocol's type).
 */
export interface CuratorWindow extends PageWindow {
  __posted: CuratorToHost[];
}

/**
 * VS Code's Light+ / Dark+ / High Contrast values of the theme variables the curator uses (VS Code sets them on <html>);
 * Light+ and Dark+ side by side, `[light, dark]`.
 */
export const THEMES: Record<'light' | 'dark' | 'hc', Record<string, string>> = {
  ...lightAndDark({
    foreground: ['#3b3b3b', '#cccccc'], 'editor-background': ['#ffffff', '#1f1f1f'], descriptionForeground: ['#717171', '#9d9d9d'],
    errorForeground: ['#a1260d', '#f85149'], focusBorder: ['#0090f1', '#0078d4'],
    disabledForeground: ['#61616180', '#cccccc80'], 'panel-border': ['#e5e5e5', '#2b2b2b'], 'sideBar-background': ['#f8f8f8', '#181818'],
    'widget-border': ['#e5e5e5', '#313131'], 'widget-shadow': ['#00000029', '#0000005c'],
    'textLink-foreground': ['#005fb8', '#4daafc'], 'textLink-activeForeground': ['#005fb8', '#4daafc'], 'editorWidget-background': ['#f8f8f8', '#202020'],
    'editorWidget-foreground': ['#3b3b3b', '#cccccc'], 'editorWidget-border': ['#c8c8c8', '#454545'],
    'input-background': ['#ffffff', '#313131'], 'input-foreground': ['#3b3b3b', '#cccccc'], 'input-border': ['#cecece', '#3c3c3c'],
    'input-placeholderForeground': ['#767676', '#989898'],
    'dropdown-background': ['#ffffff', '#313131'], 'dropdown-foreground': ['#3b3b3b', '#cccccc'], 'dropdown-border': ['#cecece', '#3c3c3c'],
    'button-background': ['#005fb8', '#0078d4'], 'button-foreground': ['#ffffff', '#ffffff'], 'toolbar-hoverBackground': ['#b8b8b850', '#5a5d5e50'],
    'progressBar-background': ['#005fb8', '#0078d4'],
    'list-activeSelectionBackground': ['#e8e8e8', '#04395e'], 'list-activeSelectionForeground': ['#000000', '#ffffff'],
    'list-inactiveSelectionBackground': ['#e4e6f1', '#37373d'], 'list-hoverBackground': ['#f2f2f2', '#2a2d2e'], 'list-focusOutline': ['#005fb8', '#0078d4'],
    'inputValidation-errorBackground': ['#f2dede', '#5a1d1d'], 'inputValidation-errorBorder': ['#be1100', '#be1100'],
    'inputValidation-warningBackground': ['#f6f5d2', '#352a05'], 'inputValidation-warningBorder': ['#b89500', '#b89500'],
    'testing-iconPassed': ['#388a34', '#73c991'], 'testing-iconFailed': ['#f14c4c', '#f14c4c'], 'editorWarning-foreground': ['#bf8803', '#cca700'],
    'editorError-foreground': ['#e51400', '#f14c4c'],
    'keybindingLabel-background': ['#dddddd66', '#8080802b'], 'keybindingLabel-foreground': ['#555555', '#cccccc'], 'keybindingLabel-border': ['#cccccc66', '#33333399'],
    'keybindingLabel-bottomBorder': ['#bbbbbb66', '#44444499'],
    'charts-blue': ['#1a85ff', '#3794ff'], 'charts-orange': ['#d18616', '#d18616'], 'charts-green': ['#388a34', '#89d185'], 'charts-purple': ['#652d90', '#b180d7'],
    'charts-red': ['#e51400', '#f14c4c'],
    'badge-background': ['#cccccc', '#616161'], 'badge-foreground': ['#3b3b3b', '#f8f8f8'], 'textCodeBlock-background': ['#dcdcdc66', '#2b2b2b'],
    'icon-foreground': ['#3b3b3b', '#cccccc'],
  }),
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

export interface CuratorHarness extends ChromiumPage {
  /** Load the page afresh (a webview reload) and wait for its `ready`. */
  load(): Promise<void>;
  /** Deliver host messages, in order. */
  send(...messages: HostToCurator[]): Promise<void>;
  posted(): Promise<CuratorToHost[]>;
  postedOf<T extends CuratorToHost['type']>(type: T): Promise<Extract<CuratorToHost, { type: T }>[]>;
  clearPosted(): Promise<void>;
  setTheme(theme: ThemeName): Promise<void>;
}

export async function openCurator(options: { width?: number; height?: number } = {}): Promise<CuratorHarness> {
  const p = await openPage({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    html: webviewShell('curator', 'Curator'),
    files: builtDist('curator.js', 'curator.css', 'codicon.ttf'),
    vsCodeApi: true,
  });
  const { page } = p;

  let theme: ThemeName | null = null;
  const harness: CuratorHarness = {
    ...p,
    async load() {
      await p.goto();
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
  };
  return harness;
}
