/**
 * Test entry for the detail pane in Chromium (bundled at test time by test/webview/detail.test.ts with
 * esbuild). It renders SampleDetailView from what the test sets through `window.__setDetail`, plays the
 * shell for `focusedStep` (onFocusStep moves it), and records every callback in `window.__calls`.
 * Renders are synchronous (flushSync), so `__setDetail` returns the time from setting the detail to the
 * committed DOM.
 */
import '../../../webview/zodConfig';
import '@vscode/codicons/dist/codicon.css';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { DecisionEntry, SampleDetail } from '../../../src/protocol/curator';
import type { Tag } from '../../../src/core/trace/cueSchema';
import { reflectionSteps, SampleDetailView } from '../../../webview/curator/detail/SampleDetailView';

export type DetailCall = { type: 'focusStep'; step: number | null } | { type: 'toggleTag'; step: number; tag: Tag } | { type: 'openLine'; line: number };

export interface DetailTiming {
  /** setState -> committed DOM (flushSync). */
  commitMs: number;
  /** The same plus a forced style + layout of the page. */
  layoutMs: number;
}

declare global {
  interface Window {
    __calls: DetailCall[];
    __setDetail(detail: SampleDetail | null, decision?: DecisionEntry | null): DetailTiming;
    __focus(step: number | null): void;
    __reflectionSteps(kind: 'reflection' | 'backtracking'): number[];
    __ready: boolean;
  }
}

const host = document.getElementById('root')!;
const root = createRoot(host);
let detail: SampleDetail | null = null;
let decision: DecisionEntry | null = null;
let focusedStep: number | null = null;
window.__calls = [];

function render(): void {
  flushSync(() => {
    root.render(
      detail ? (
        <SampleDetailView
          detail={detail}
          decision={decision}
          focusedStep={focusedStep}
          onFocusStep={(step) => {
            window.__calls.push({ type: 'focusStep', step });
            focusedStep = step;
            render();
          }}
          onToggleTag={(step, tag) => window.__calls.push({ type: 'toggleTag', step, tag })}
          onOpenLine={(line) => window.__calls.push({ type: 'openLine', line })}
        />
      ) : (
        <div data-testid="empty" />
      ),
    );
  });
}

window.__setDetail = (d, dec = null) => {
  const t0 = performance.now();
  detail = d;
  decision = dec;
  focusedStep = null;
  render();
  const commitMs = performance.now() - t0;
  void document.body.offsetHeight;
  return { commitMs, layoutMs: performance.now() - t0 };
};

window.__focus = (step) => {
  focusedStep = step;
  render();
};

window.__reflectionSteps = (kind) => (detail ? reflectionSteps(detail, kind) : []);

render();
window.__ready = true;
