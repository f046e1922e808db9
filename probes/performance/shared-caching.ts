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

export function reportSharedCaching(pages: readonly AnsweredPage[], report: Report): void {
  // A page with a CSRF token or a cookie of its own must stay out of shared caches: cache-privacy judges those.
  const shareable = pages.filter((page) => !hasCsrfForm(page) && page.response.setCookies.length === 0);
  const forbidding = shareable.flatMap((page) => {
    const directives = forbiddingDirectives(page.response.headers['cache-control']);
    return directives.length === 0 ? [] : [{ page, directives }];
  });
  const [first] = forbidding;
  if (first !== undefined) {
    const counts = new Map<string, number>();
    for (const { directives } of forbidding) for (const d of directives) counts.set(d, (counts.get(d) ?? 0) + 1);
    report(
      'pagesNotShareable',
      {
        count: forbidding.length,
        total: shareable.length,
        directives: [...counts].map(([d, n]) => `${d} on ${n}`).join(', '),
        example: first.page.url,
      },
      forbidding.slice(0, MAX_EXAMPLES).map(({ page }) => evidenceFrom(page.response, CACHING_HEADERS)),
      { url: first.page.url },
    );
  }

  if (pages.length >= MIN_PAGES_FOR_EVERYWHERE && pages.every((page) => varyTokens(page.response.headers['vary']).includes('cookie'))) {
    const [example] = pages;
    if (example === undefined) return;
    report(
      'varyCookieEverywhere',
      { count: pages.length, example: example.url },
      pages.slice(0, MAX_EXAMPLES).map((page) => evidenceFrom(page.response, CACHING_HEADERS)),
      { url: example.url },
    );
  }
}
