// Refreshes over time as stacked bars, drawn as inline SVG. Each bar has a tooltip; the numbers are also in a table.

import { axisLabel, el, words } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
export const OUTCOME_COLORS = {
  SUCCESS: '#1f9d63',
  UNCHANGED: '#8a94a6',
  RATE_LIMITED: '#e0a42f',
  NOT_ELIGIBLE: '#c3c9d3',
  AUTH: '#c0392b',
  UPSTREAM: '#e0673a',
  NETWORK: '#7b61c4',
  INVALID_RESPONSE: '#a0522d',
  NO_WINDOW: '#b03a6f',
  UNAVAILABLE: '#d4b24c',
  ASSUMED_SENT: '#9fb3c8',
  STALE: '#dde2e8',
};
const FALLBACK_COLOR = '#4b5563';
const W = 960;
const H = 240;
const M = { top: 12, right: 12, bottom: 26, left: 44 };

export function outcomesOf(timeline) {
  const present = new Set(timeline.buckets.flatMap((b) => Object.keys(b.byOutcome)));
  const known = Object.keys(OUTCOME_COLORS).filter((o) => present.has(o));
  return [...known, ...[...present].filter((o) => !(o in OUTCOME_COLORS)).sort()];
}

export function colorOf(outcome) {
  return OUTCOME_COLORS[outcome] || FALLBACK_COLOR;
}

export function renderChart(host, timeline, titleId) {
  const outcomes = outcomesOf(timeline);
  const peak = Math.max(0, ...timeline.buckets.map((b) => b.total));
  const top = niceCeiling(peak);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slot = plotW / timeline.buckets.length;
  const y = (value) => M.top + plotH - (value / top) * plotH;

  const total = timeline.buckets.reduce((sum, b) => sum + b.total, 0);
  const svg = svgEl('svg', {
    viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${titleId} chart-desc`,
  });
  svg.append(svgEl('desc', { id: 'chart-desc' },
    total === 0 ? 'No refreshes in this period.'
      : `${total} refreshes in ${timeline.buckets.length} bars; the busiest bar has ${peak}.`));

  for (let i = 0; i <= 4; i++) {
    const value = (top / 4) * i;
    svg.append(svgEl('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(value), y2: y(value) }));
    svg.append(svgEl('text', { class: 'axis', x: M.left - 6, y: y(value) + 4, 'text-anchor': 'end' },
      Number.isInteger(value) ? value : value.toFixed(1)));
  }

  const labelEvery = Math.ceil(timeline.buckets.length / 6);
  timeline.buckets.forEach((bucket, i) => {
    const x = M.left + i * slot + slot * 0.15;
    const width = slot * 0.7;
    const group = svgEl('g', {});
    group.append(svgEl('title', {}, tooltip(bucket, timeline.bucketSeconds, outcomes)));
    // An invisible full-height target, so even an empty bar has a tooltip.
    group.append(svgEl('rect', { x, y: M.top, width, height: plotH, fill: 'transparent' }));
    let base = 0;
    for (const outcome of outcomes) {
      const count = bucket.byOutcome[outcome] || 0;
      if (count > 0) {
        group.append(svgEl('rect', {
          x, width, y: y(base + count), height: Math.max(1, y(base) - y(base + count)), fill: colorOf(outcome),
          'data-outcome': outcome,
        }));
        base += count;
      }
    }
    svg.append(group);
    if (i % labelEvery === 0) {
      svg.append(svgEl('text', { class: 'axis', x: x + width / 2, y: H - 8, 'text-anchor': 'middle' },
        axisLabel(new Date(bucket.start), timeline.bucketSeconds)));
    }
  });
  if (total === 0) {
    svg.append(svgEl('text', { class: 'axis', x: W / 2, y: M.top + plotH / 2, 'text-anchor': 'middle' },
      'No refreshes in this period'));
  }

  const legend = el('ul', { class: 'legend' }, ...outcomes.map((outcome) => {
    const count = timeline.buckets.reduce((sum, b) => sum + (b.byOutcome[outcome] || 0), 0);
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = colorOf(outcome);
    return el('li', {}, swatch, `${words(outcome)}: ${count}`);
  }));
  host.replaceChildren(svg, legend);
}

export function renderChartTable(host, timeline) {
  const outcomes = outcomesOf(timeline);
  const rows = timeline.buckets.filter((b) => b.total > 0).map((b) => el('tr', {},
    el('th', { scope: 'row' }, new Date(b.start).toLocaleString()),
    el('td', {}, b.total),
    ...outcomes.map((o) => el('td', {}, b.byOutcome[o] || 0))));
  if (rows.length === 0) {
    host.replaceChildren(el('p', { class: 'hint' }, 'No refreshes in this period.'));
    return;
  }
  host.replaceChildren(el('table', {},
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'From'), el('th', { scope: 'col' }, 'Total'),
      ...outcomes.map((o) => el('th', { scope: 'col' }, words(o))))),
    el('tbody', {}, ...rows)));
}

function tooltip(bucket, bucketSeconds, outcomes) {
  const start = new Date(bucket.start);
  const end = new Date(start.getTime() + bucketSeconds * 1000);
  const parts = outcomes.filter((o) => bucket.byOutcome[o]).map((o) => `${bucket.byOutcome[o]} ${words(o)}`);
  return `${start.toLocaleString()} – ${end.toLocaleTimeString()}: ${bucket.total} refreshes`
    + (parts.length ? ` (${parts.join(', ')})` : '');
}

function niceCeiling(value) {
  if (value <= 4) {
    return 4;
  }
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) {
      return step * magnitude;
    }
  }
  return 10 * magnitude;
}

function svgEl(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, String(value));
  }
  children.forEach((child) => node.append(String(child)));
  return node;
}
