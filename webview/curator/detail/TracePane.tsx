import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SampleDetail } from '../../../src/protocol/curator';
import type { Tag } from '../../../src/core/trace/cueSchema';
import { MarkedText } from './MarkedText';
import { collapseRuns, formatCount, markSegments, stepAt, type TraceItem } from './model';
import { StepBlock } from './StepBlock';

/**
 * Which collapsed runs the curator expanded, per sample (`ordinal:contentHash` -> positions of expanded
 * steps), for as long as the webview lives: coming back to a sample shows it as it was left.
 */
const expandedBySample = new Map<string, ReadonlySet<number>>();

const NONE: ReadonlySet<number> = new Set();

/** Extraction rules (src/core/verify/extract.ts) whose "span" is the whole response, not a marked answer. */
const WHOLE_RESPONSE_RULES: readonly string[] = ['whole_response', 'empty_fallback'];

function rememberRun(key: string, first: number, last: number, open: boolean): void {
  const next = new Set(expandedBySample.get(key));
  for (let i = first; i <= last; i++) {
    if (open) next.add(i);
    else next.delete(i);
  }
  expandedBySample.set(key, next);
}

export function sampleKey(detail: Pick<SampleDetail, 'ordinal' | 'contentHash'>): string {
  return `${detail.ordinal}:${detail.contentHash}`;
}

export interface TracePaneProps {
  detail: SampleDetail;
  focusedStep: number | null;
  onFocusStep: (step: number | null) => void;
  onToggleTag: (step: number, tag: Tag) => void;
}

/** A callback whose identity never changes but which always calls the latest `fn` (keeps memoised steps memoised). */
function useStableCallback<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  const ref = useRef(fn);
  useLayoutEffect(() => {
    ref.current = fn;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}

function runOf(items: readonly TraceItem[], stepPos: number): Extract<TraceItem, { kind: 'run' }> | null {
  for (const it of items) if (it.kind === 'run' && it.first <= stepPos && stepPos <= it.last) return it;
  return null;
}

/** The nearest scrolling ancestor. */
function scrollParent(el: HTMLElement): HTMLElement {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const oy = getComputedStyle(p).overflowY;
    if ((oy === 'auto' || oy === 'scroll') && p.scrollHeight > p.clientHeight) return p;
  }
  return (document.scrollingElement as HTMLElement | null) ?? document.documentElement;
}

/** Scroll a step into view unless it is already fully visible: centred when it fits, else its top. */
function revealStep(el: HTMLElement): void {
  const scroller = scrollParent(el);
  const r = el.getBoundingClientRect();
  const c = scroller === document.scrollingElement ? { top: 0, bottom: window.innerHeight, height: window.innerHeight } : scroller.getBoundingClientRect();
  if (r.top >= c.top && r.bottom <= c.bottom) return;
  el.scrollIntoView({ block: r.height > c.height ? 'start' : 'center' });
}

/**
 * The trace: the question, the thinking as step blocks (runs of 3+ plain steps collapsed to one row each),
 * and the final answer with the extracted span marked. Keyed by sample (see SampleDetailView), so its state
 * starts fresh for each sample, from what was remembered for it.
 */
export function TracePane({ detail, focusedStep, onFocusStep, onToggleTag }: TracePaneProps) {
  const key = sampleKey(detail);
  const response = detail.response ?? '';
  const items = useMemo(() => collapseRuns(detail.steps), [detail.steps]);
  // The expanded runs live in expandedBySample (so they outlive this component); `version` re-renders.
  const [, setVersion] = useState(0);
  const expanded = expandedBySample.get(key) ?? NONE;
  const paneRef = useRef<HTMLElement>(null);
  const toggleTag = useStableCallback(onToggleTag);
  const focusStep = useStableCallback((step: number) => onFocusStep(step));

  const setRun = (first: number, last: number, open: boolean) => {
    rememberRun(key, first, last, open);
    setVersion((v) => v + 1);
  };

  const focusedPos = focusedStep === null ? -1 : detail.steps.findIndex((s) => s.index === focusedStep);
  const focusedRun = focusedPos >= 0 ? runOf(items, focusedPos) : null;

  // A focused step inside a collapsed run opens the run (rendered open below) and it stays open.
  useEffect(() => {
    if (focusedRun) rememberRun(key, focusedRun.first, focusedRun.last, true);
  }, [focusedRun, key]);

  useEffect(() => {
    if (focusedStep === null) return;
    const el = paneRef.current?.querySelector<HTMLElement>(`[data-step="${focusedStep}"]`);
    if (el) revealStep(el);
  }, [focusedStep, key]);

  // With no answer marker the verifier read the whole response: marking all of it would hide the cues.
  const wholeResponse = detail.verdict !== null && WHOLE_RESPONSE_RULES.includes(detail.verdict.rule);
  const span = wholeResponse ? null : (detail.verdict?.extractedSpan ?? null);
  const spanStep = span ? stepAt(detail.steps, span[0]) : -1;
  const inAnswer = span !== null && detail.answer !== null && span[0] >= detail.answer.start && span[1] <= detail.answer.end;

  const renderStep = (pos: number) => {
    const step = detail.steps[pos]!;
    const ex = span && span[0] < step.end && span[1] > step.start ? span : null;
    return <StepBlock key={step.index} response={response} textKey={key} step={step} extracted={ex} focused={step.index === focusedStep} onToggleTag={toggleTag} onFocusStep={focusStep} />;
  };

  const body: ReactNode[] = [];
  for (const it of items) {
    if (it.kind === 'step') {
      body.push(renderStep(it.step));
      continue;
    }
    const firstIdx = detail.steps[it.first]!.index;
    const lastIdx = detail.steps[it.last]!.index;
    const what = `${formatCount(it.count)} steps without reflection (${formatCount(it.chars)} chars)`;
    if (isOpen(it, expanded) || it === focusedRun) {
      body.push(
        <button key={`run-${it.first}`} type="button" className="run-toggle run-open" data-testid="expanded-run" data-first={firstIdx} data-last={lastIdx} aria-expanded="true" onClick={() => setRun(it.first, it.last, false)}>
          <span className="codicon codicon-fold" aria-hidden="true" />
          {what}: steps {firstIdx + 1}–{lastIdx + 1} — collapse
        </button>,
      );
      for (let p = it.first; p <= it.last; p++) body.push(renderStep(p));
      body.push(<div key={`run-end-${it.first}`} className="run-end" aria-hidden="true" />);
    } else {
      body.push(
        <button key={`run-${it.first}`} type="button" className="run-toggle run-collapsed" data-testid="collapsed-run" data-first={firstIdx} data-last={lastIdx} aria-expanded="false" onClick={() => setRun(it.first, it.last, true)}>
          <span className="codicon codicon-unfold" aria-hidden="true" />
          {what} — expand
        </button>,
      );
    }
  }

  const stats = detail.stats;
  const answerText = detail.answer ? trimSpan(response, detail.answer.start, detail.answer.end) : null;
  return (
    <section className="trace-pane" data-testid="trace-pane" aria-label="Trace" ref={paneRef}>
      {detail.question !== null && (
        <details className="question" open>
          <summary>Question</summary>
          <div className="question-text">{detail.question}</div>
        </details>
      )}

      {detail.response === null ? (
        <p className="empty-note">
          <span className="codicon codicon-circle-slash" aria-hidden="true" /> This sample has no response to show.
        </p>
      ) : (
        <>
          <div className="trace-meta">
            <h3>Thinking</h3>
            <span className="meta-item" title="Where the response came from">
              <span className="codicon codicon-symbol-field" aria-hidden="true" /> {detail.responseField ?? 'response'}
            </span>
            <span className="meta-item">{formatCount(detail.steps.length)} steps</span>
            {stats && (
              <>
                <span className="meta-item" title="Steps with verification, backtracking or correction">
                  {formatCount(stats.reflectiveSteps)} reflective ({Math.round(stats.reflectionDensity * 100)}%)
                </span>
                <span className="meta-item">{formatCount(stats.chars)} chars</span>
                <span className="meta-item">~{formatCount(stats.approxTokens)} tokens</span>
                {stats.answerRevised && (
                  <span className="meta-item warning-text" title="The trace stated a different answer before its final one">
                    <span className="codicon codicon-history" aria-hidden="true" /> answer revised
                  </span>
                )}
              </>
            )}
          </div>
          <SplitNote mode={detail.splitMode} />
          {detail.steps.length === 0 ? (
            <p className="empty-note">The thinking is empty.</p>
          ) : (
            <div className="steps" aria-label="Thinking steps">
              {body}
            </div>
          )}
          <section className="final-answer" aria-label="Final answer">
            <h3>Final answer</h3>
            {answerText ? (
              <div className="answer-text">
                <MarkedText response={response} segments={markSegments(answerText.start, answerText.end, [], inAnswer ? span : null)} />
              </div>
            ) : (
              <p className="empty-note">No final answer after the thinking.</p>
            )}
            {wholeResponse && (
              <p className="note" data-testid="whole-response-note">
                <span className="codicon codicon-info" aria-hidden="true" /> No answer marker: the verifier judged the whole response as the answer.
              </p>
            )}
            {span && !inAnswer && spanStep >= 0 && (
              <p className="note">
                The extracted answer is inside the thinking, in{' '}
                <button type="button" className="link-button" onClick={() => onFocusStep(detail.steps[spanStep]!.index)}>
                  step {detail.steps[spanStep]!.index + 1}
                </button>
                .
              </p>
            )}
          </section>
        </>
      )}
    </section>
  );
}

/** `[start, end)` without its leading and trailing whitespace; null when nothing is left. */
function trimSpan(text: string, start: number, end: number): { start: number; end: number } | null {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}

function isOpen(run: Extract<TraceItem, { kind: 'run' }>, expanded: ReadonlySet<number>): boolean {
  for (let i = run.first; i <= run.last; i++) if (expanded.has(i)) return true;
  return false;
}

function SplitNote({ mode }: { mode: string | null }) {
  if (mode === 'unclosed') {
    return (
      <div className="banner banner-warning" data-testid="cut-off" role="note">
        <span className="codicon codicon-warning" aria-hidden="true" />
        <span>
          <strong>The thinking was cut off:</strong> its <code>&lt;think&gt;</code> block is never closed (a truncated generation?), so there is no final answer after it.
        </span>
      </div>
    );
  }
  if (mode === 'untagged') {
    return <p className="note">No think tags: the whole response is treated as thinking.</p>;
  }
  if (mode === 'no-open-tag') {
    return <p className="note">No opening think tag (it was in the prompt): the thinking runs from the start to the closing tag.</p>;
  }
  return null;
}
