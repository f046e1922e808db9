// Among the pages that answered, the one whose headers stand for the site.

import { compareText, type AnsweredPage, type PageRecord, type SiteModel } from '../../src/probe-kit/index.js';

/**
 * The page whose headers stand for the site: the start URL's (or where it
 * redirects, / to /en/), else the shallowest of the site's own pages that
 * rendered; Wagtail's /_util/ views last. Sorted, so the choice does not
 * depend on the order the crawl happened to finish in. Undefined when no page answered.
 */
export function startPage(site: SiteModel, pages: Iterable<AnsweredPage>): AnsweredPage | undefined {
  const utilPrefix = new URL('/_util/', site.target).href;
  const rank = (p: PageRecord): number => (p.role === 'seed' ? 0 : p.url.startsWith(utilPrefix) ? 2 : 1);
  const before = (a: AnsweredPage, b: AnsweredPage): boolean => (rank(a) - rank(b) || a.depth - b.depth || compareText(a.url, b.url)) < 0;
  let best: AnsweredPage | undefined;
  let target: AnsweredPage | undefined;
  for (const page of pages) {
    if (page.url === site.target) target ??= page;
    if (page.response.status === 200 && page.role !== 'admin-login' && (best === undefined || before(page, best))) best = page;
  }
  return best ?? target;
}
