/**
 * Time-series charts with uPlot: a figure with a caption, sized to its container and resized with
 * it (ResizeObserver), so the same chart fits 1280 px and a phone. Times arrive in ms.
 */
import uPlot from 'uplot';
import { h } from './dom.js';

/** The series palette: sober, distinguishable, and readable on white. */
export const PALETTE = ['#2563eb', '#0d9488', '#d97706', '#7c3aed', '#dc2626', '#475569', '#db2777', '#16a34a', '#94a3b8'];

/** One line of a chart. */
export interface Line {
  label: string;
  values: (number | null)[];
  color?: string;
  dash?: boolean;
}

const AXIS = { stroke: '#64748b', grid: { stroke: '#e2e8f0', width: 1 }, ticks: { stroke: '#cbd5e1', width: 1 }, font: '11px system-ui, sans-serif' };

const COUNT_INCREMENTS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7];

/** A captioned line chart over `times` (ms); `format` labels the y axis and the legend's values. */
export function lineChart(caption: string, times: number[], lines: Line[], format: (n: number) => string, options: { counts?: boolean } = {}): HTMLElement {
  const plot = h('div', { class: 'chart-plot', role: 'img', 'aria-label': `${caption}: ${lines.map((l) => l.label).join(', ')} over time` });
  const figure = h('figure', { class: 'chart' }, h('figcaption', {}, caption), plot);
  const data: uPlot.AlignedData = [times.map((t) => t / 1000), ...lines.map((l) => l.values)];
  const opts = (width: number): uPlot.Options => ({
    width,
    height: 200,
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      { ...AXIS, space: 70 },
      {
        ...AXIS,
        // Wide enough for the longest label ($0.000020 needs more room than 30).
        size: (_u, values) => 20 + 7 * Math.max(4, ...(values ?? []).map((v) => String(v).length)),
        // Counts get whole-number ticks only (no "1.5 requests").
        incrs: options.counts ? COUNT_INCREMENTS : undefined,
        values: (_u, splits) => splits.map((v) => format(v)),
      },
    ],
    series: [
      {},
      ...lines.map((l, i) => ({
        label: l.label,
        stroke: l.color ?? PALETTE[i % PALETTE.length],
        width: 1.75,
        dash: l.dash ? [4, 3] : undefined,
        points: { show: times.length < 3 },
        spanGaps: false,
        value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : format(v)),
      })),
    ],
  });
  let chart: uPlot | undefined;
  const observer = new ResizeObserver(() => {
    const width = Math.max(200, Math.floor(plot.clientWidth));
    if (!plot.isConnected) {
      observer.disconnect();
      chart?.destroy();
      return;
    }
    if (!chart) chart = new uPlot(opts(width), data, plot);
    else if (Math.abs(chart.width - width) > 2) chart.setSize({ width, height: 200 });
  });
  observer.observe(plot);
  return figure;
}
