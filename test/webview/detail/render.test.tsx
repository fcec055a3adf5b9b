/**
 * SampleDetailView's markup rendered on the server side of React (no DOM, no browser): the structure the
 * shell and the Chromium test rely on, and row text staying text. The interactive behaviour is tested in
 * Chromium (test/webview/detail.test.ts).
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DecisionEntry, SampleDetail } from '../../../src/protocol/curator';
import { SampleDetailView } from '../../../webview/curator/detail/SampleDetailView';
import { collapseRuns } from '../../../webview/curator/detail/model';
import { HOSTILE_IMG, HOSTILE_SCRIPT, hostileDetail, mmhelixDetail, traceDetail } from './fixtures';

const noop = () => undefined;
const render = (detail: SampleDetail, decision: DecisionEntry | null = null, focusedStep: number | null = null) =>
  renderToStaticMarkup(<SampleDetailView detail={detail} decision={decision} focusedStep={focusedStep} onFocusStep={noop} onToggleTag={noop} onOpenLine={noop} />);

describe('SampleDetailView markup', () => {
  const hanoi = traceDetail('traces-dev', 'hanoi_5disks_308');

  it('has the four panes and one block per shown step, runs collapsed', () => {
    const html = render(hanoi);
    for (const id of ['detail-header', 'trace-pane', 'image-pane', 'verdict-panel']) expect(html).toContain(`data-testid="${id}"`);
    const items = collapseRuns(hanoi.steps);
    const shown = items.filter((i) => i.kind === 'step').length;
    expect(html.match(/data-testid="step"/g)?.length).toBe(shown);
    expect(html.match(/data-testid="collapsed-run"/g)?.length).toBe(items.length - shown);
    expect(html).toMatch(/data-step="1" data-tags="backward_chaining"/);
    expect(html).toContain('data-testid="extracted-span"');
  });

  it('opens the run holding the focused step', () => {
    const run = collapseRuns(hanoi.steps).find((i) => i.kind === 'run')!;
    const inside = hanoi.steps[run.first + 1]!.index;
    expect(render(hanoi)).not.toContain(`data-step="${inside}"`);
    expect(render(hanoi, null, inside)).toMatch(new RegExp(`data-step="${inside}"[^>]*aria-current="step"`));
  });

  it('shows the decision, a loud stale mark and the note', () => {
    const html = render(hanoi, { ordinal: hanoi.ordinal, sampleId: hanoi.id, decision: 'reject', ts: 't', note: 'bad <b>move</b>', tagEdits: [], stale: true });
    expect(html).toContain('data-decision="reject"');
    expect(html).toContain('STALE');
    expect(html).toContain('bad &lt;b&gt;move&lt;/b&gt;');
  });

  it('a mismatch banner with role=alert', () => {
    const html = render(mmhelixDetail('dev-24Points-1', 'wrong_one_digit', { storedVerdict: true }));
    expect(html).toMatch(/data-testid="mismatch-banner" role="alert"/);
  });

  it('escapes every piece of row text: nothing becomes markup', () => {
    const html = render(hostileDetail());
    expect(html).not.toContain(HOSTILE_SCRIPT);
    expect(html).not.toContain(HOSTILE_IMG);
    expect(html).not.toMatch(/<script|<img src="?x|<style|<a /);
    expect(html).toContain('&lt;script&gt;window.__pwned = &quot;script&quot;&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__pwned = &#x27;img&#x27;&quot;&gt;');
  });
});
