// Time to first byte by section, from the crawl's own timings (one sample per
// page, no extra request): the numbers as an info finding, and a warning for
// each section whose median is past what web.dev calls a good TTFB (0.8 s).

import { evidenceFrom, type AnsweredPage } from '../../src/probe-kit/index.js';
import { ttfbBySection, type SectionTtfb, type TimedPage } from '../../src/signals/page-sections.js';
import { formatMs, type Report } from './messages.js';

/** web.dev's "good" time to first byte: past it a visitor waits before anything draws. */
export const SLOW_TTFB_MS = 800;
/** Sections written out in the summary; the rest are counted. */
const MAX_SUMMARY_SECTIONS = 8;

const TIMING_HEADERS = ['server', 'cache-control', 'age', 'x-cache', 'cf-cache-status', 'x-cache-status'] as const;

function* timed(pages: Iterable<AnsweredPage>): Iterable<TimedPage> {
  for (const page of pages) yield { url: page.url, ttfbMs: page.response.timing.ttfbMs };
}

export function sectionsOf(pages: Iterable<AnsweredPage>): SectionTtfb[] {
  return ttfbBySection(timed(pages));
}

/** The median TTFB of all the pages: what decides whether the site is slow. */
export function overallP50(pages: Iterable<AnsweredPage>): number | null {
  const sorted: number[] = [];
  for (const page of pages) sorted.push(page.response.timing.ttfbMs);
  if (sorted.length === 0) return null;
  sorted.sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1] ?? null;
}

export function reportTtfb(pages: Iterable<AnsweredPage>, target: string, report: Report): void {
  const sections = sectionsOf(pages);
  if (sections.length === 0) return;
  // The evidence is the slowest page's of each section shown: its headers, read in a second pass.
  const shownSections = [...sections.slice(0, MAX_SUMMARY_SECTIONS), ...sections.filter((section) => section.p50 > SLOW_TTFB_MS)];
  const wanted = new Set(shownSections.map((section) => section.slowest.url));
  const responses = new Map<string, AnsweredPage['response']>();
  let count = 0;
  for (const page of pages) {
    count += 1;
    if (wanted.has(page.url) && !responses.has(page.url)) responses.set(page.url, page.response);
  }
  const evidenceOf = (section: SectionTtfb) => {
    const response = responses.get(section.slowest.url);
    return response === undefined ? [] : [evidenceFrom(response, TIMING_HEADERS, { note: `slowest of ${section.section}: TTFB ${formatMs(section.slowest.ttfbMs)}` })];
  };

  const shown = sections.slice(0, MAX_SUMMARY_SECTIONS).map((s) => `${s.section} p50 ${formatMs(s.p50)}, p95 ${formatMs(s.p95)} (${s.count})`);
  const more = sections.length > MAX_SUMMARY_SECTIONS ? `; ${sections.length - MAX_SUMMARY_SECTIONS} more sections` : '';
  report('ttfbBySection', { count, summary: `${shown.join('; ')}${more}` }, sections.slice(0, MAX_SUMMARY_SECTIONS).flatMap(evidenceOf), { url: target });

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
