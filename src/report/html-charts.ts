// Two pictures for the HTML report, as inline SVG strings (no script, no
// external asset, presentation attributes only, so the report's CSP holds):
// time to first byte by page section (p50 and p95 bars), and bytes by content
// type. Pure functions of the run's samples; every label is the site's text,
// so every label is escaped.

import type { LatencySample } from '../engine/result.js';
import { ttfbBySection, type SectionTtfb } from '../signals/page-sections.js';
import { escapeHtml } from './html-parts.js';
import { formatDuration, plural } from './text.js';
import { compareText } from '../text-order.js';

/**
 * A sample as the charts read it. Size and type are optional: the engine's
 * LatencySample does not carry them yet, and the bytes chart says so until it does.
 */
/** A latency sample as the charts read it: its size and type, when the run recorded them. */
export type ChartSample = LatencySample;

// Two lines a row: the label and its numbers, then the bar; 360 wide, as the latency chart.
const CHART = { width: 360, rowHeight: 32, barTop: 15, barHeight: 11 } as const;
const P50_COLOUR = '#1d5e2a';
const P95_COLOUR = '#b9d7bd';
const BYTES_COLOUR = '#5b8fc7';
/** Rows drawn at most; the rest are summed into one "other" row or counted. */
export const MAX_ROWS = 10;
/** Labels longer than this are cut (with …) so they never run into the numbers. */
const MAX_LABEL = 34;

function num(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}

function label(text: string): string {
  return escapeHtml([...text].length > MAX_LABEL ? `${[...text].slice(0, MAX_LABEL - 1).join('')}…` : text);
}

/** Bar width for a value on a scale whose largest value fills the chart (at least a sliver, so a row is never empty). */
export function barWidth(value: number, max: number, width: number = CHART.width): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.max((value / max) * width, 1);
}

function svg(kind: string, title: string, rows: readonly string[]): string {
  const height = rows.length * CHART.rowHeight;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-${kind}" role="img" width="${CHART.width}" height="${height}" viewBox="0 0 ${CHART.width} ${height}">` +
    `<title>${escapeHtml(title)}</title>${rows.join('')}</svg>`
  );
}

function row(index: number, name: string, numbers: string, bars: string, kind: string): string {
  return (
    `<g class="row" data-${kind}="${escapeHtml(name)}" transform="translate(0 ${index * CHART.rowHeight})">` +
    `<text class="kind-name" x="0" y="11">${label(name)}</text>` +
    `<text class="numbers" x="${CHART.width}" y="11" text-anchor="end">${numbers}</text>` +
    `${bars}</g>`
  );
}

/** The pages that answered 200, as the TTFB chart groups them. */
export function pageTtfbs(samples: readonly LatencySample[]): SectionTtfb[] {
  return ttfbBySection(samples.filter((s) => s.kind === 'page' && s.status === 200).map((s) => ({ url: s.url, ttfbMs: s.ttfbMs })));
}

/** Time to first byte by section: a pale bar to p95, a dark one to p50, on one linear scale. */
export function ttfbChartSvg(sections: readonly SectionTtfb[]): string {
  if (sections.length === 0) return '<p>No page answered 200: no time to first byte to show.</p>';
  const shown = sections.slice(0, MAX_ROWS);
  const max = Math.max(...shown.map((s) => s.p95));
  const rows = shown.map((s, i) => {
    const bar = (name: string, value: number, colour: string) =>
      `<rect class="bar-${name}" x="0" y="${CHART.barTop}" width="${num(barWidth(value, max))}" height="${CHART.barHeight}" fill="${colour}">` +
      `<title>${label(s.section)} ${name} ${formatDuration(value)}</title></rect>`;
    const numbers = `<tspan fill="${P50_COLOUR}">p50 ${formatDuration(s.p50)}</tspan> · p95 ${formatDuration(s.p95)} <tspan class="count">(${s.count})</tspan>`;
    return row(i, s.section, numbers, bar('p95', s.p95, P95_COLOUR) + bar('p50', s.p50, P50_COLOUR), 'section');
  });
  const more = sections.length > shown.length ? `; ${plural(sections.length - shown.length, 'more section')} not drawn` : '';
  const title = `Time to first byte by section: ${shown.map((s) => `${s.section} p50 ${formatDuration(s.p50)}, p95 ${formatDuration(s.p95)}`).join('; ')}${more}`;
  return svg('ttfb', title, rows);
}

export interface TypeBytes {
  readonly type: string;
  readonly bytes: number;
  readonly count: number;
}

/** Bytes summed by content type, largest first; samples without a size are left out, without a type counted as "unknown". */
export function bytesByType(samples: readonly ChartSample[]): TypeBytes[] {
  const totals = new Map<string, { bytes: number; count: number }>();
  for (const sample of samples) {
    if (sample.bytes === undefined) continue;
    const type = sample.contentType === undefined || sample.contentType === '' ? 'unknown' : sample.contentType;
    const total = totals.get(type) ?? { bytes: 0, count: 0 };
    totals.set(type, { bytes: total.bytes + sample.bytes, count: total.count + 1 });
  }
  return [...totals].map(([type, t]) => ({ type, ...t })).sort((a, b) => b.bytes - a.bytes || compareText(a.type, b.type));
}

/** 512 B, 14.2 kB, 3.1 MB. */
export function byteLabel(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Bytes by content type: one bar each on a linear scale; past MAX_ROWS types the rest are summed as "other types". */
export function bytesChartSvg(types: readonly TypeBytes[]): string {
  if (types.length === 0) return '<p>Response sizes were not recorded in this run: no bytes by content type to show.</p>';
  const head = types.slice(0, types.length > MAX_ROWS ? MAX_ROWS - 1 : MAX_ROWS);
  const rest = types.slice(head.length);
  const shown =
    rest.length === 0
      ? head
      : [...head, { type: `${plural(rest.length, 'other type')}`, bytes: rest.reduce((n, t) => n + t.bytes, 0), count: rest.reduce((n, t) => n + t.count, 0) }];
  const max = Math.max(...shown.map((t) => t.bytes));
  const total = types.reduce((n, t) => n + t.bytes, 0);
  const rows = shown.map((t, i) => {
    const bar =
      `<rect class="bar-bytes" x="0" y="${CHART.barTop}" width="${num(barWidth(t.bytes, max))}" height="${CHART.barHeight}" fill="${BYTES_COLOUR}">` +
      `<title>${label(t.type)}: ${byteLabel(t.bytes)} in ${plural(t.count, 'response')}</title></rect>`;
    return row(i, t.type, `${byteLabel(t.bytes)} <tspan class="count">(${t.count})</tspan>`, bar, 'type');
  });
  return svg('bytes', `Bytes by content type, ${byteLabel(total)} in all: ${shown.map((t) => `${t.type} ${byteLabel(t.bytes)}`).join('; ')}`, rows);
}

/** The report's performance section: both pictures, each with a line saying what it shows. */
export function performanceSection(samples: readonly ChartSample[]): string {
  return (
    '<section id="performance"><h2>Performance</h2>' +
    `<p>Time to first byte of the crawled pages by section (the URL's first path segment): the dark bar is the median, the pale one p95.</p>` +
    `<figure>${ttfbChartSvg(pageTtfbs(samples))}</figure>` +
    '<p>Bytes of every response by content type.</p>' +
    `<figure>${bytesChartSvg(bytesByType(samples))}</figure></section>`
  );
}
