/**
 * The charts' colours, read from VS Code's theme variables (`--vscode-*`) only. A canvas cannot use
 * `var(...)`, so the values are read with getComputedStyle when a chart renders and again whenever the
 * theme changes: VS Code swaps the body's class (`vscode-light`, `vscode-dark`, `vscode-high-contrast`,
 * `vscode-high-contrast-light`) and rewrites the variables on <html> (a MutationObserver sees both); the
 * standalone HTML report switches its variables with `prefers-color-scheme` (a media query listener).
 *
 * Each role lists variables in order of preference: a variable the theme does not set falls through to the
 * next (VS Code themes always set `--vscode-foreground`).
 */
import { useEffect, useState } from 'react';
import type { InsightVerdict, ResolutionStatus } from '../../src/core/insight';
import type { Tag } from '../../src/core/trace/cueSchema';

/** Theme variable names (without `--vscode-`) per colour role, most specific first. */
export const ROLES = {
  foreground: ['charts-foreground', 'foreground'],
  muted: ['descriptionForeground', 'foreground'],
  grid: ['charts-lines', 'widget-border', 'panel-border', 'descriptionForeground'],
  background: ['editor-background'],
  contrastBorder: ['contrastBorder'],
  tooltipBackground: ['editorHoverWidget-background', 'editorWidget-background', 'editor-background'],
  tooltipForeground: ['editorHoverWidget-foreground', 'foreground'],
  tooltipBorder: ['editorHoverWidget-border', 'widget-border', 'contrastBorder', 'foreground'],
  blue: ['charts-blue', 'terminal-ansiBlue', 'foreground'],
  green: ['charts-green', 'testing-iconPassed', 'terminal-ansiGreen', 'foreground'],
  red: ['charts-red', 'errorForeground', 'terminal-ansiRed', 'foreground'],
  yellow: ['charts-yellow', 'editorWarning-foreground', 'terminal-ansiYellow', 'foreground'],
  orange: ['charts-orange', 'terminal-ansiYellow', 'foreground'],
  purple: ['charts-purple', 'terminal-ansiMagenta', 'foreground'],
  neutral: ['charts-lines', 'descriptionForeground', 'foreground'],
  disabled: ['disabledForeground', 'descriptionForeground', 'foreground'],
} as const;
export type Role = keyof typeof ROLES;

/** The colour role of each verdict, decision, resolution and tag (also used for the HTML swatches). */
export const VERDICT_ROLE: Record<InsightVerdict, Role> = {
  pass: 'green',
  fail: 'red',
  lenient: 'yellow',
  mismatch: 'purple',
  error: 'orange',
  unsupported: 'neutral',
  none: 'disabled',
  pending: 'disabled',
};
export const DECISION_ROLE = { accept: 'green', reject: 'red', flag: 'yellow', conflict: 'purple', undecided: 'neutral' } as const satisfies Record<string, Role>;
export const RESOLUTION_ROLE: Record<ResolutionStatus, Role> = { undecided: 'neutral', single: 'blue', agreed: 'green', conflict: 'purple', adjudicated: 'orange' };
export const TAG_ROLE: Record<Tag, Role> = { verification: 'blue', backtracking: 'orange', subgoal: 'green', backward_chaining: 'purple', correction: 'red' };

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Palette {
  kind: ThemeKind;
  /** High-contrast themes: bars get a contrast border. */
  highContrast: boolean;
  colors: Record<Role, string>;
  fontFamily: string;
}

/** The CSS expression of a role for HTML (swatches, heat cells): follows the theme without a re-render. */
export function cssVar(role: Role): string {
  return ROLES[role].reduceRight<string>((fallback, name) => (fallback ? `var(--vscode-${name}, ${fallback})` : `var(--vscode-${name})`), '');
}

export function themeKind(body: HTMLElement): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-dark')) return 'dark';
  return 'light';
}

/** Read every role from the computed style of `el` (default: the body, which inherits <html>'s variables). */
export function readPalette(el: HTMLElement = document.body): Palette {
  const style = getComputedStyle(el);
  const read = (names: readonly string[]): string => {
    for (const n of names) {
      const v = style.getPropertyValue(`--vscode-${n}`).trim();
      if (v) return v;
    }
    return '';
  };
  const colors = {} as Record<Role, string>;
  for (const role of Object.keys(ROLES) as Role[]) colors[role] = read(ROLES[role]);
  // Only high-contrast themes set contrastBorder; without it, bars have no border.
  const kind = themeKind(document.body);
  const fg = colors.foreground || style.color;
  for (const role of Object.keys(colors) as Role[]) if (!colors[role] && role !== 'contrastBorder') colors[role] = fg;
  return {
    kind,
    highContrast: kind === 'high-contrast' || kind === 'high-contrast-light',
    colors,
    fontFamily: read(['font-family']) || style.fontFamily,
  };
}

/**
 * The palette, re-read when the theme changes: the body's class, the variables on <html> (its style
 * attribute) or the colour scheme media query.
 */
export function useThemePalette(): Palette {
  const [palette, setPalette] = useState<Palette>(() => readPalette());
  useEffect(() => {
    let last = JSON.stringify(palette);
    const refresh = (): void => {
      const next = readPalette();
      const key = JSON.stringify(next);
      if (key !== last) {
        last = key;
        setPalette(next);
      }
    };
    const observer = new MutationObserver(refresh);
    observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', refresh);
    // Variables may have changed between the first render and this effect.
    refresh();
    return () => {
      observer.disconnect();
      media.removeEventListener('change', refresh);
    };
  }, []);
  return palette;
}
