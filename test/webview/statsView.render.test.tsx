/** The stats view's markup, rendered on the server side of React (no DOM needed). */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StatsView } from '../../webview/components/StatsView';
import { compareLabels } from '../../webview/format';
import { exampleStats, HOSTILE_TEXT } from './exampleStats';

const render = (stats = exampleStats()) => renderToStaticMarkup(<StatsView fileName="traces.jsonl" stats={stats} onOpenLine={() => undefined} />);

describe('StatsView markup', () => {
  it('renders the task x difficulty table with totals, difficulties in natural order', () => {
    const html = render();
    const table = /<table class="counts" data-testid="task-difficulty">.*?<\/table>/s.exec(html)?.[0] ?? '';
    const headers = [...table.matchAll(/<th scope="col"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(headers).toEqual(['Task', '1', '2', '10', '(none)', 'Total']);
    const rows = [...table.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(rows).toEqual(['maze', 'sudoku', '(none)', 'Total']);
    expect(table).toMatch(/<th scope="row">Total<\/th>(<td class="num total">[^<]*<\/td>){5}/);
    expect(table).toContain('<td class="num total">9</td>');
  });

  it('renders bad rows with a line as buttons, and rows without one as text', () => {
    const html = render(
      exampleStats({
        badRows: [
          { ordinal: 2, line: 3, id: '#3', error: 'bad json' },
          { ordinal: 4, id: '#5', error: 'parquet row error' },
        ],
        bad: 2,
      }),
    );
    expect(html.match(/<button type="button" class="line-button"[^>]*>.*?Line 3.*?bad json/s)).not.toBeNull();
    expect(html).toMatch(/<div class="line-static">.*?Row 5.*?parquet row error/s);
  });

  it('shows row text as text, never as HTML', () => {
    const html = render();
    expect(html).not.toContain(HOSTILE_TEXT);
    expect(html).toContain('&lt;img src=x onerror=&quot;document.title=&#x27;pwned&#x27;&quot;&gt;');
  });

  it('shows stored verdicts and the response length distribution', () => {
    const html = render();
    expect(html).toMatch(/<code>verdict<\/code><\/th><td class="num">3<\/td><td class="num">1<\/td><td class="num">0<\/td><td class="num">75\.0%<\/td>/);
    expect(html).toContain('data-testid="response-lengths"');
    expect(html).toContain('<td class="num">1,100.5</td>');
  });

  it('says when the stats come from the index only', () => {
    const html = render(exampleStats({ full: false, responseChars: null, storedVerdicts: {} }));
    expect(html).toContain('Counts from the index only');
    expect(html).not.toContain('data-testid="response-lengths"');
  });

  it('offers no line buttons for duplicate ids in a Parquet file', () => {
    const html = render(exampleStats({ format: 'parquet', badRows: [], bad: 0, valid: 9, problemExamples: [], duplicateIds: [{ id: 'maze_1', count: 2, rows: [2, 5], lines: [] }] }));
    expect(html).not.toContain('<button');
    expect(html).toContain('rows 2, 5');
  });
});

describe('compareLabels', () => {
  it('orders numbers numerically, then text, then (none)', () => {
    expect(['(none)', 'hard', '10', '2', 'easy', '1'].sort(compareLabels)).toEqual(['1', '2', '10', 'easy', 'hard', '(none)']);
  });
});
