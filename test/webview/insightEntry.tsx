/**
 * Test page entry for test/webview/insight.test.ts (bundled at test time with esbuild): renders InsightView
 * with the report the test hands over, records every `onFilter` call, and lets the test look into the
 * charts (Chart.js is bundled with the view, so `Chart.getChart` sees its instances).
 */
import '../../webview/zodConfig';
import '@vscode/codicons/dist/codicon.css';
import { Chart } from 'chart.js';
import { createRoot, type Root } from 'react-dom/client';
import type { InsightReport } from '../../src/core/insight';
import type { Filter } from '../../src/protocol/curator';
import { InsightView } from '../../webview/insight/InsightView';

/** A chart as the test sees it: colours per dataset and where each bar is on the page. */
export interface ChartProbe {
  labels: string[];
  datasets: Array<{ label: string; backgroundColor: unknown; borderColor: unknown; borderWidth: unknown }>;
  /** Bars in viewport coordinates (as the page is scrolled now): the middle of each bar. */
  bars: Array<{ dataset: number; index: number; x: number; y: number; value: number }>;
  /** The plot area in viewport coordinates. */
  area: { left: number; top: number; right: number; bottom: number };
}

declare global {
  interface Window {
    __renderInsight: (report: InsightReport) => void;
    __filters: Filter[];
    __probe: (id: string) => ChartProbe | null;
  }
}

let root: Root | null = null;
window.__filters = [];

window.__renderInsight = (report: InsightReport) => {
  const host = document.getElementById('root');
  if (!host) return;
  root ??= createRoot(host);
  root.render(<InsightView report={report} onFilter={(f) => window.__filters.push(f)} subtitle="fixture" />);
};

window.__probe = (id: string): ChartProbe | null => {
  const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="chart-${id}"]`);
  const chart = canvas ? Chart.getChart(canvas) : undefined;
  if (!canvas || !chart) return null;
  const rect = canvas.getBoundingClientRect();
  const bars: ChartProbe['bars'] = [];
  chart.data.datasets.forEach((d, di) => {
    chart.getDatasetMeta(di).data.forEach((el, i) => {
      const { x, y, base, horizontal } = el.getProps(['x', 'y', 'base', 'horizontal'], true) as { x: number; y: number; base: number; horizontal: boolean };
      const mid = horizontal ? { x: (x + base) / 2, y } : { x, y: (y + base) / 2 };
      bars.push({ dataset: di, index: i, x: rect.left + mid.x, y: rect.top + mid.y, value: Number(d.data[i]) });
    });
  });
  return {
    labels: (chart.data.labels ?? []).map(String),
    datasets: chart.data.datasets.map((d) => ({ label: d.label ?? '', backgroundColor: d.backgroundColor, borderColor: d.borderColor, borderWidth: d.borderWidth })),
    bars,
    area: { left: rect.left + chart.chartArea.left, top: rect.top + chart.chartArea.top, right: rect.left + chart.chartArea.right, bottom: rect.top + chart.chartArea.bottom },
  };
};
