/**
 * One Chart.js bar chart (vertical or horizontal, grouped or stacked) drawn in the theme's colours, without
 * animation (instant, deterministic under test). Only the pieces it uses are registered with Chart.js: the
 * bar controller and element, the category and linear scales and the tooltip (legends are HTML, beside the
 * chart, see ChartFigure).
 *
 * A click on a bar reports (series, category); a click elsewhere in the plot area, on a category's band,
 * reports the category alone (a zero-height bar is still reachable).
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartConfiguration, type ChartEvent } from 'chart.js';
import { useEffect, useRef } from 'react';
import type { Palette, Role } from './palette';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface Series {
  label: string;
  role: Role;
  /** A colour per bar instead of the series' one (the legend shows `role`). */
  roles?: Role[];
  data: number[];
}

export interface BarChartProps {
  /** The accessible name of the canvas (role img). */
  label: string;
  categories: string[];
  series: Series[];
  palette: Palette;
  /** Pixels. */
  height: number;
  horizontal?: boolean;
  stacked?: boolean;
  /** Values are shares 0..1, shown as percentages on a 0-100 % axis. */
  percent?: boolean;
  /** Axis titles. */
  valueAxis?: string;
  categoryAxis?: string;
  onBar?: (series: number, category: number) => void;
  onCategory?: (category: number) => void;
  testId?: string;
}

const pct = (v: number): string => `${Math.round(v * 1000) / 10}%`;

export function BarChart(props: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);
  // Handlers change on every render; the chart calls the latest through this ref.
  const handlers = useRef({ onBar: props.onBar, onCategory: props.onCategory });
  useEffect(() => {
    handlers.current = { onBar: props.onBar, onCategory: props.onCategory };
  });

  const { categories, series, palette, horizontal = false, stacked = false, percent = false, valueAxis, categoryAxis } = props;
  const clickable = props.onBar !== undefined || props.onCategory !== undefined;

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const c = palette.colors;
    const border = palette.highContrast ? c.contrastBorder || c.foreground : undefined;
    const font = { family: palette.fontFamily || undefined };
    const valueScale = {
      stacked,
      beginAtZero: true,
      ...(percent ? { min: 0, max: 1 } : {}),
      grid: { color: c.grid, tickColor: c.grid },
      border: { color: c.grid },
      ticks: { color: c.muted, font, precision: percent ? 2 : 0, ...(percent ? { callback: (v: number | string) => pct(Number(v)) } : {}) },
      ...(valueAxis ? { title: { display: true, text: valueAxis, color: c.muted, font } } : {}),
    };
    const categoryScale = {
      stacked,
      grid: { display: false },
      border: { color: c.grid },
      ticks: { color: c.foreground, font, autoSkip: false },
      ...(categoryAxis ? { title: { display: true, text: categoryAxis, color: c.muted, font } } : {}),
    };
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels: categories,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.data,
          backgroundColor: s.roles ? s.roles.map((r) => c[r]) : c[s.role],
          hoverBackgroundColor: s.roles ? s.roles.map((r) => c[r]) : c[s.role],
          borderColor: border ?? (s.roles ? s.roles.map((r) => c[r]) : c[s.role]),
          borderWidth: border ? 1 : 0,
          ...(stacked ? {} : { categoryPercentage: 0.8, barPercentage: 0.9 }),
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        color: c.foreground,
        font,
        scales: horizontal ? { x: valueScale, y: categoryScale } : { x: categoryScale, y: valueScale },
        interaction: { mode: 'nearest', axis: horizontal ? 'y' : 'x', intersect: true },
        plugins: {
          tooltip: {
            backgroundColor: c.tooltipBackground,
            titleColor: c.tooltipForeground,
            bodyColor: c.tooltipForeground,
            borderColor: c.tooltipBorder,
            borderWidth: 1,
            titleFont: font,
            bodyFont: font,
            callbacks: percent ? { label: (item) => `${item.dataset.label ?? ''}: ${pct(Number(item.raw))}` } : {},
          },
        },
        onHover: (event: ChartEvent, active) => {
          const target = event.native?.target;
          if (target instanceof HTMLElement) target.style.cursor = clickable && active.length > 0 ? 'pointer' : 'default';
        },
        onClick: (event: ChartEvent, active, ch) => {
          const hit = active[0];
          if (hit) {
            handlers.current.onBar?.(hit.datasetIndex, hit.index);
            return;
          }
          const area = ch.chartArea;
          if (event.x === null || event.y === null || event.x < area.left || event.x > area.right || event.y < area.top || event.y > area.bottom) return;
          const scale = horizontal ? ch.scales['y'] : ch.scales['x'];
          const v = scale?.getValueForPixel(horizontal ? event.y : event.x);
          if (v === undefined) return;
          const i = Math.round(v);
          if (i >= 0 && i < categories.length) handlers.current.onCategory?.(i);
        },
      },
    };
    if (chart.current) {
      chart.current.data = config.data;
      chart.current.options = config.options!;
      chart.current.update('none');
    } else {
      chart.current = new Chart(el, config);
    }
  }, [categories, series, palette, horizontal, stacked, percent, valueAxis, categoryAxis, clickable]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  return (
    <div className="insight-canvas" style={{ height: `${props.height}px` }}>
      <canvas ref={canvas} role="img" aria-label={props.label} data-testid={props.testId} />
    </div>
  );
}
