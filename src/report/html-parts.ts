// Pieces of the HTML report that stand on their own: escaping, the probes'
// markdown docs, and the latency picture (an inline SVG histogram per kind of
// request, readable without script, CSS or any other file).

import type { LatencySample } from '../engine/result.js';
import { formatDuration, plural, visible } from './text.js';
import { compareText } from '../text-order.js';

/** Text for HTML content and attribute values; invisible and control characters shown as escapes. */
export function escapeHtml(text: string): string {
  return visible(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The one markdown construct probe docs use, `code`; everything else is text. */
export function inlineMarkdown(text: string): string {
  return text
    .split(/`([^`]+)`/)
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
    .join('');
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export interface KindStats {
  readonly kind: string;
  /** Total times, ascending. */
  readonly totals: readonly number[];
  readonly ttfbs: readonly number[];
  readonly p50: number;
  readonly p95: number;
}

/** Samples grouped by kind: pages first, then the other kinds by name. */
export function latencyByKind(samples: readonly LatencySample[]): KindStats[] {
  const groups = new Map<string, LatencySample[]>();
  for (const sample of samples) groups.set(sample.kind, [...(groups.get(sample.kind) ?? []), sample]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a === 'page' ? -1 : b === 'page' ? 1 : compareText(a, b)))
    .map(([kind, list]) => {
      const totals = list.map((s) => s.totalMs).sort((a, b) => a - b);
      const ttfbs = list.map((s) => s.ttfbMs).sort((a, b) => a - b);
      return { kind, totals, ttfbs, p50: percentile(totals, 50), p95: percentile(totals, 95) };
    });
}

// Drawn in a 360-wide box (a phone's width, so text is ~11 px there and grows
// a little on a wide screen); one row per kind, a shared log time axis below.
const CHART = { width: 360, rowHeight: 62, labelHeight: 16, barsHeight: 34, axisHeight: 26, binsPerDecade: 8 } as const;
const P50_COLOUR = '#1d5e2a';
const P95_COLOUR = '#b3261e';

/**
 * The axis, as powers of ten: from the fastest sample's decade (1 ms at least)
 * to the first 1, 2 or 5 × 10ⁿ at or past the slowest, a decade at least.
 */
function axisRange(samples: readonly LatencySample[]): { lo: number; hi: number } {
  const values = samples.map((s) => Math.max(s.totalMs, 1));
  const lo = Math.floor(Math.log10(Math.min(...values)));
  const top = Math.max(...values);
  const decade = Math.floor(Math.log10(top));
  const nice = [1, 2, 5, 10].map((m) => m * 10 ** decade).find((v) => v >= top) ?? 10 ** (decade + 1);
  return { lo, hi: Math.max(Math.log10(nice), lo + 1) };
}

/** "10 ms", "1 s", "20 s", "2 min": an axis label, no decimals it does not need. */
export function axisLabel(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  return `${Number((ms / 60_000).toFixed(1))} min`;
}

function num(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}

/**
 * A histogram per kind of request (page, static, rendition…) of total times,
 * on a shared logarithmic axis (a 15 s timeout and a 5 ms stylesheet both stay
 * readable), with each kind's p50 and p95 drawn and written out.
 */
export function latencySvg(samples: readonly LatencySample[]): string {
  if (samples.length === 0) return '<p>No request timings were recorded.</p>';
  const kinds = latencyByKind(samples);
  const { lo, hi } = axisRange(samples);
  // Bins of equal width on the log axis, about binsPerDecade a decade.
  const bins = Math.max(1, Math.round((hi - lo) * CHART.binsPerDecade));
  const binWidth = CHART.width / bins;
  const x = (ms: number) => Math.min(1, (Math.log10(Math.max(ms, 1)) - lo) / (hi - lo)) * CHART.width;
  const binOf = (ms: number) => Math.min(bins - 1, Math.max(0, Math.floor(((Math.log10(Math.max(ms, 1)) - lo) / (hi - lo)) * bins)));
  const edge = (i: number) => 10 ** (lo + ((hi - lo) * i) / bins);
  const rowsHeight = kinds.length * CHART.rowHeight;
  const height = rowsHeight + CHART.axisHeight;

  const rows = kinds.map((stats, row) => {
    const counts = new Array<number>(bins).fill(0);
    for (const ms of stats.totals) counts[binOf(ms)] = (counts[binOf(ms)] ?? 0) + 1;
    const tallest = Math.max(...counts);
    const base = CHART.labelHeight + CHART.barsHeight;
    const bars = counts.flatMap((count, i) => {
      if (count === 0) return [];
      const h = Math.max((count / tallest) * CHART.barsHeight, 1.5);
      const range = `${formatDuration(edge(i))}–${formatDuration(edge(i + 1))}`;
      return [
        `<rect x="${num(i * binWidth + 0.5)}" y="${num(base - h)}" width="${num(Math.max(binWidth - 1, 0.5))}" height="${num(h)}">` +
          `<title>${escapeHtml(stats.kind)} ${range}: ${plural(count, 'request')}</title></rect>`,
      ];
    });
    const marker = (name: 'p50' | 'p95', ms: number, colour: string) =>
      `<line class="marker-${name}" x1="${num(x(ms))}" x2="${num(x(ms))}" y1="${CHART.labelHeight - 2}" y2="${base}" stroke="${colour}" stroke-width="1.5" stroke-dasharray="3 2"/>`;
    return (
      `<g class="kind" data-kind="${escapeHtml(stats.kind)}" transform="translate(0 ${row * CHART.rowHeight})">` +
      `<text class="kind-name" x="0" y="11">${escapeHtml(stats.kind)} <tspan class="count">(${stats.totals.length})</tspan></text>` +
      `<text class="kind-p" x="${CHART.width}" y="11" text-anchor="end">` +
      `<tspan fill="${P50_COLOUR}">p50 ${formatDuration(stats.p50)}</tspan> · <tspan fill="${P95_COLOUR}">p95 ${formatDuration(stats.p95)}</tspan></text>` +
      `<line x1="0" x2="${CHART.width}" y1="${base}" y2="${base}" stroke="#bbb"/>` +
      `<g class="bars" fill="#5b8fc7">${bars.join('')}</g>` +
      marker('p50', stats.p50, P50_COLOUR) +
      marker('p95', stats.p95, P95_COLOUR) +
      '</g>'
    );
  });

  // A tick at each decade and at the end; a decade whose label would touch the end's gives its place up.
  const decades = Array.from({ length: Math.floor(hi + 1e-9) - lo + 1 }, (_, i) => lo + i);
  const marks = [...decades.filter((d) => CHART.width - x(10 ** d) >= 44), hi];
  const ticks = marks.map((power) => {
    const tx = num(x(10 ** power));
    const anchor = power === lo ? 'start' : power === hi ? 'end' : 'middle';
    return (
      `<line x1="${tx}" x2="${tx}" y1="0" y2="${rowsHeight + 4}" stroke="#e3e3e3"/>` +
      `<text x="${tx}" y="${rowsHeight + 16}" text-anchor="${anchor}">${axisLabel(10 ** power)}</text>`
    );
  });
  const all = samples.map((s) => s.totalMs).sort((a, b) => a - b);
  const title =
    `Total time of ${plural(samples.length, 'request')} by kind, on a log scale: ` +
    kinds.map((k) => `${k.kind} p50 ${formatDuration(k.p50)}, p95 ${formatDuration(k.p95)}`).join('; ') +
    ` (all: p50 ${formatDuration(percentile(all, 50))}, p95 ${formatDuration(percentile(all, 95))})`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="latency" role="img" width="${CHART.width}" height="${height}" viewBox="-4 0 ${CHART.width + 8} ${height}">` +
    `<title>${escapeHtml(title)}</title>` +
    `<g class="grid">${ticks.join('')}</g>` +
    rows.join('') +
    '</svg>'
  );
}

/** The numbers behind the chart, per kind: what to quote in a ticket. */
export function latencyTable(samples: readonly LatencySample[]): string {
  if (samples.length === 0) return '';
  const rows = latencyByKind(samples).map((k) => {
    const cells = [k.totals.length, k.p50, k.p95, k.totals[k.totals.length - 1] ?? 0, percentile(k.ttfbs, 50)];
    return `<tr><th scope="row">${escapeHtml(k.kind)}</th>${cells.map((v, i) => `<td>${i === 0 ? v : formatDuration(v)}</td>`).join('')}</tr>`;
  });
  return (
    '<table class="latency-stats"><thead><tr><th>Kind</th><th>Count</th><th>p50</th><th>p95</th><th>Max</th><th>TTFB p50</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

/** The five slowest requests, with their URLs (which wrap: they are the site's, of any length). */
export function slowestList(samples: readonly LatencySample[]): string {
  const slowest = [...samples].sort((a, b) => b.totalMs - a.totalMs).slice(0, 5);
  if (slowest.length === 0) return '';
  const items = slowest.map(
    (s) =>
      `<li><span class="timing">${formatDuration(s.totalMs)}</span> <span class="timing-facts">· TTFB <span class="ttfb">${formatDuration(s.ttfbMs)}</span> · ` +
      `<span class="http-status">${s.status ?? 'failed'}</span> · <span class="kind">${escapeHtml(s.kind)}</span></span>` +
      `<code class="url">${escapeHtml(s.url)}</code></li>`,
  );
  return `<h3>Slowest requests</h3><ol class="slowest">${items.join('')}</ol>`;
}
