// Per-region charts from /api/v1/stats: time to first byte p50/p95 (ms, left axis) and the error rate
// (failed probes and 5xx per bucket, %, right axis), drawn with uPlot.
import uPlot from '/console/vendor/uplot/uPlot.esm.js';
import { get } from '../api.js';
import { fill, h } from '../dom.js';

export const every = 30000;
const RANGES = [['15m', '15s'], ['1h', '1m'], ['6h', '5m'], ['24h', '15m'], ['7d', '1h']];
let plots = [];

export async function render(root, r) {
  const range = RANGES.find(([name]) => name === r.params.get('range')) || RANGES[1];
  const body = await get('stats', { from: `-${range[0]}`, bucket: range[1] });
  const regions = group(body.series);
  plots.forEach((p) => p.destroy());
  plots = [];
  fill(root,
    h('div', { class: 'view-head' },
      h('h1', {}, 'Per-region charts'),
      h('nav', { class: 'tabs', 'aria-label': 'Time range' }, RANGES.map(([name]) =>
        h('a', { href: `#/charts?range=${name}`, 'aria-current': name === range[0] ? 'page' : null }, `last ${name}`))),
      h('p', { class: 'summary' }, `${range[1]} buckets · time to first byte p50 and p95 (ms) and error rate (%)`)),
    regions.size === 0 ? h('p', { class: 'empty' }, 'No samples in this range.') : null);
  const grid = h('div', { class: 'charts' });
  root.append(grid);
  for (const [region, rows] of regions) {
    const card = h('section', { class: 'card chart', 'data-region': region, 'aria-label': `${region} chart` },
      h('h2', {}, region), h('p', { class: 'chart-sum' }, totals(rows)));
    grid.append(card);
    const target = h('div', { class: 'plot' });
    card.append(target);
    plots.push(new uPlot(options(width(target), body), data(rows), target));
  }
}

function group(series) {
  const regions = new Map();
  for (const row of series) {
    if (!regions.has(row.region)) regions.set(row.region, []);
    regions.get(row.region).push(row);
  }
  return regions;
}

function totals(rows) {
  const count = rows.reduce((n, r) => n + r.count, 0);
  const errors = rows.reduce((n, r) => n + r.errors, 0);
  return `${count} probes, ${errors} errors (${count ? (100 * errors / count).toFixed(1) : '0'}%)`;
}

function data(rows) {
  return [
    rows.map((r) => Date.parse(r.bucket_start) / 1000),
    rows.map((r) => r.ttfb_ms.p50),
    rows.map((r) => r.ttfb_ms.p95),
    rows.map((r) => (r.count ? (100 * r.errors) / r.count : null)),
  ];
}

function width(el) {
  return Math.max(260, Math.floor(el.getBoundingClientRect().width || 600));
}

/** The x axis spans the asked window, so a region with a few buckets is not stretched over years. */
function options(w, body) {
  const span = [Date.parse(body.from) / 1000, Date.parse(body.to) / 1000];
  return {
    width: w,
    height: 220,
    scales: { x: { time: true, range: () => span }, ms: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] }, pct: { range: [0, 100] } },
    axes: [
      { stroke: '#5b6472', grid: { stroke: '#e6e9ee' } },
      { scale: 'ms', label: 'ms', stroke: '#5b6472', grid: { stroke: '#e6e9ee' } },
      { scale: 'pct', side: 1, label: 'errors %', stroke: '#b3261e', grid: { show: false } },
    ],
    series: [
      {},
      { label: 'p50', scale: 'ms', stroke: '#1f6feb', width: 2, points: { size: 5 }, value: (u, v) => (v == null ? '—' : `${v.toFixed(1)} ms`) },
      { label: 'p95', scale: 'ms', stroke: '#8250df', width: 2, dash: [6, 4], points: { size: 5 }, value: (u, v) => (v == null ? '—' : `${v.toFixed(1)} ms`) },
      { label: 'errors', scale: 'pct', stroke: '#b3261e', width: 1, fill: 'rgba(179,38,30,0.12)', value: (u, v) => (v == null ? '—' : `${v.toFixed(1)}%`) },
    ],
  };
}

window.addEventListener('resize', () => {
  for (const p of plots) p.setSize({ width: width(p.root.parentElement), height: 220 });
});
