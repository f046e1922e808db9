// Pages grouped by section (the URL's first path segment: `/blog/…`, `/events/…`,
// the home page on its own), and each section's time to first byte at the
// median and the 95th percentile. One grouping for the performance probe's
// findings and the HTML report's chart, so both name the same sections with
// the same numbers. Pure.
//
// Wagtail's body class `template-<model>` would name a page's kind more
// exactly than its section, but the crawl does not record it (PageFacts has no
// body class); the first segment is what every site has.

import { compareText } from '../text-order.js';

/** The section a page belongs to: `/` for the home page, `/blog/` for `/blog/2024/post/`. */
export function pageSection(url: string): string {
  const segment = new URL(url).pathname.split('/').find((part) => part !== '');
  return segment === undefined ? '/' : `/${segment}/`;
}

/** Nearest-rank percentile (p in 0..100) of ascending values; 0 for none. */
export function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export interface TimedPage {
  readonly url: string;
  readonly ttfbMs: number;
}

export interface SectionTtfb {
  readonly section: string;
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  /** The section's slowest page: the one to show. */
  readonly slowest: TimedPage;
}

/** Sections in order of their median, slowest first (ties by name), so the worst leads a finding and a chart. */
export function ttfbBySection(pages: Iterable<TimedPage>): SectionTtfb[] {
  const groups = new Map<string, TimedPage[]>();
  for (const page of pages) {
    const section = pageSection(page.url);
    const group = groups.get(section);
    // A push, not a copy per page: a 50k-page section copied its list 50k times (1.2 GB at the run's end, where the peak is).
    if (group === undefined) groups.set(section, [page]);
    else group.push(page);
  }
  return [...groups.entries()]
    .map(([section, list]) => {
      const sorted = list.map((p) => p.ttfbMs).sort((a, b) => a - b);
      const slowest = list.reduce((a, b) => (b.ttfbMs > a.ttfbMs ? b : a));
      return { section, count: list.length, p50: nearestRank(sorted, 50), p95: nearestRank(sorted, 95), slowest };
    })
    .sort((a, b) => b.p50 - a.p50 || compareText(a.section, b.section));
}
