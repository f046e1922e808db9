// Time to first byte by section, from the crawl's own timings (one sample per
// page, no extra request): the numbers as an info finding, and a warning for
// each section whose median is past what web.dev calls a good TTFB (0.8 s).

import { evidenceFrom, type AnsweredPage } from '../../src/probe-kit/index.js';
import { ttfbBySection, type SectionTtfb } from '../../src/signals/page-sections.js';
import { formatMs, type Report } from './messages.js';

/** web.dev's "good" time to first byte: past it a visitor waits before anything draws. */
export const SLOW_TTFB_MS = 800;
/** Sections written out in the summary; the rest are counted. */
const MAX_SUMMARY_SECTIONS = 8;

const TIMING_HEADERS = ['server', 'cache-control', 'age', 'x-cache', 'cf-cache-status', 'x-cache-status'] as const;

export function sectionsOf(pages: readonly AnsweredPage[]): SectionTtfb[] {
  return ttfbBySection(pages.map((page) => ({ url: page.url, ttfbMs: page.response.timing.ttfbMs })));
}

/** The median TTFB of all the pages: what decides whether the site is slow. */
export function overallP50(pages: readonly AnsweredPage[]): number | null {
  if (pages.length === 0) return null;
  const sorted = pages.map((p) => p.response.timing.ttfbMs).sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1] ?? null;
}

export function reportTtfb(pages: readonly AnsweredPage[], target: string, report: Report): void {
  const sections = sectionsOf(pages);
  if (sections.length === 0) return;
  const byUrl = new Map(pages.map((page) => [page.url, page]));
  const evidenceOf = (section: SectionTtfb) => {
    const page = byUrl.get(section.slowest.url);
    return page === undefined ? [] : [evidenceFrom(page.response, TIMING_HEADERS, { note: `slowest of ${section.section}: TTFB ${formatMs(section.slowest.ttfbMs)}` })];
  };

  const shown = sections.slice(0, MAX_SUMMARY_SECTIONS).map((s) => `${s.section} p50 ${formatMs(s.p50)}, p95 ${formatMs(s.p95)} (${s.count})`);
  const more = sections.length > MAX_SUMMARY_SECTIONS ? `; ${sections.length - MAX_SUMMARY_SECTIONS} more sections` : '';
  report('ttfbBySection', { count: pages.length, summary: `${shown.join('; ')}${more}` }, sections.slice(0, MAX_SUMMARY_SECTIONS).flatMap(evidenceOf), { url: target });

  for (const section of sections) {
    if (section.p50 <= SLOW_TTFB_MS) continue;
    report(
      'slowSection',
      {
        section: section.section,
        p50: formatMs(section.p50),
        p95: formatMs(section.p95),
        count: section.count,
        example: section.slowest.url,
        slowest: formatMs(section.slowest.ttfbMs),
      },
      evidenceOf(section),
      { url: new URL(section.section, target).href },
    );
  }
}
