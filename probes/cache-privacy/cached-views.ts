// Views a shared cache must never replay to an anonymous visitor: admin and
// /_util/ responses (seen anywhere: crawled pages, their redirect hops, the
// second client's look at the admin login), and an editor's view of a page
// with Wagtail's user bar.

import { evidenceFrom, type AnsweredPage, type FetchResponse, type FetchResult } from '../../src/probe-kit/index.js';
import { CACHE_EVIDENCE_HEADERS, cacheReplay, cacheSignsText, describeCacheText } from '../../src/signals/shared-cache.js';
import type { Report } from './messages.js';

interface Observed {
  readonly url: string;
  readonly headers: FetchResponse['headers'];
  readonly result: FetchResult;
}

/** Where the admin and Wagtail's /_util/ views live on this site. */
export interface ProtectedPrefixes {
  readonly admin: string;
  readonly util: string;
}

/**
 * Every admin or /_util/ response observed, the admin login's second look first;
 * each URL a cache hit on is reported once.
 */
export function judgeAdminCached(loginUrl: string, secondLook: FetchResult | null, pages: Iterable<AnsweredPage>, prefixes: ProtectedPrefixes, report: Report): void {
  const isProtectedUrl = (url: string): boolean => url.startsWith(prefixes.admin) || url.startsWith(prefixes.util);
  const observed: Observed[] = [];
  if (secondLook?.ok) observed.push({ url: loginUrl, headers: secondLook.headers, result: secondLook });
  for (const page of pages) {
    if (isProtectedUrl(page.response.url)) observed.push({ url: page.response.url, headers: page.response.headers, result: page.response });
    for (const hop of page.response.hops) if (isProtectedUrl(hop.url)) observed.push({ url: hop.url, headers: hop.headers, result: page.response });
  }
  const reported = new Set<string>();
  for (const { url, headers, result } of observed) {
    const replay = cacheReplay(headers);
    if (replay === null || reported.has(url)) continue;
    reported.add(url);
    // The replay may be a redirect hop's, not the final response's: the note names the URL it was on.
    report('adminCached', { url, cache: replay.name, signs: cacheSignsText(replay) }, [evidenceFrom(result, CACHE_EVIDENCE_HEADERS, { note: `replayed by ${describeCacheText(replay)} on ${url}` })], { url });
  }
}

/** The user bar is only rendered for a logged-in editor. */
export function judgeUserbarCached(pages: Iterable<AnsweredPage>, report: Report): void {
  for (const page of pages) {
    if (page.facts?.hasWagtailUserbar) report('userbarCached', { url: page.url }, [evidenceFrom(page.response, CACHE_EVIDENCE_HEADERS)], { url: page.url });
  }
}
