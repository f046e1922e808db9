// Pages a CDN could hold but may not: anonymous public pages sent with
// private, no-cache or no-store, and Vary: Cookie on every page (Django adds
// it whenever the session is read; Wagtail's {% wagtailuserbar %} reads
// request.user on every page). Judged from the crawl's responses alone.

import { evidenceFrom, type AnsweredPage } from '../../src/probe-kit/index.js';
import { parseCacheControl } from '../../src/signals/cache-control.js';
import { hasCsrfForm } from './pages.js';
import { MAX_EXAMPLES, type Report } from './messages.js';

const CACHING_HEADERS = ['cache-control', 'expires', 'vary', 'set-cookie'] as const;
/** Vary: Cookie on one or two pages is a page's choice; on every page of a real crawl it is the site's. */
const MIN_PAGES_FOR_EVERYWHERE = 3;

/** The directives that keep a shared cache from storing (or reusing without asking) a response. */
export function forbiddingDirectives(cacheControl: string | undefined): string[] {
  const cc = parseCacheControl(cacheControl);
  return [cc.private && 'private', cc.noCache && 'no-cache', cc.noStore && 'no-store'].filter((d): d is string => d !== false);
}

export function varyTokens(vary: string | undefined): string[] {
  return (vary ?? '').split(',').map((token) => token.trim().toLowerCase()).filter((token) => token !== '');
}

export function reportSharedCaching(pages: Iterable<AnsweredPage>, report: Report): void {
  // Counts and the first few examples, in one pass: the pages are not kept.
  let total = 0;
  let shareable = 0;
  let forbidding = 0;
  const directiveCounts = new Map<string, number>();
  const forbiddingExamples: AnsweredPage[] = [];
  let varyCookieOnAll = true;
  const varyExamples: AnsweredPage[] = [];
  for (const page of pages) {
    total += 1;
    if (varyCookieOnAll && !varyTokens(page.response.headers['vary']).includes('cookie')) varyCookieOnAll = false;
    if (varyExamples.length < MAX_EXAMPLES) varyExamples.push(page);
    // A page with a CSRF token or a cookie of its own must stay out of shared caches: cache-privacy judges those.
    if (hasCsrfForm(page) || page.response.setCookies.length > 0) continue;
    shareable += 1;
    const directives = forbiddingDirectives(page.response.headers['cache-control']);
    if (directives.length === 0) continue;
    forbidding += 1;
    for (const d of directives) directiveCounts.set(d, (directiveCounts.get(d) ?? 0) + 1);
    if (forbiddingExamples.length < MAX_EXAMPLES) forbiddingExamples.push(page);
  }
  const [first] = forbiddingExamples;
  if (first !== undefined) {
    report(
      'pagesNotShareable',
      {
        count: forbidding,
        total: shareable,
        directives: [...directiveCounts].map(([d, n]) => `${d} on ${n}`).join(', '),
        example: first.url,
      },
      forbiddingExamples.map((page) => evidenceFrom(page.response, CACHING_HEADERS)),
      { url: first.url },
    );
  }

  const [example] = varyExamples;
  if (total >= MIN_PAGES_FOR_EVERYWHERE && varyCookieOnAll && example !== undefined) {
    report(
      'varyCookieEverywhere',
      { count: total, example: example.url },
      varyExamples.map((page) => evidenceFrom(page.response, CACHING_HEADERS)),
      { url: example.url },
    );
  }
}
