// The crawled pages a probe judges by their responses: those that answered.
// A page the crawl could not read is crawl-coverage's to report.

import type { FetchResponse } from '../http/types.js';
import type { PageRecord, SiteModel } from '../gather/model.js';

/** A crawled page that answered, whatever its status: its response has a status, headers and hops. */
export type AnsweredPage = PageRecord & { readonly response: FetchResponse };

/**
 * The pages that answered, read afresh each time they are iterated (a big
 * crawl's pages come back from disk): go through them and keep what the rule
 * needs, not the pages.
 */
export function answeredPages(site: Pick<SiteModel, 'pages'>): Iterable<AnsweredPage> {
  return filterPages(site.pages, (page): page is AnsweredPage => page.response.ok);
}

/** The pages `test` keeps, filtered afresh each time they are iterated. */
export function filterPages<P extends PageRecord, Q extends P>(pages: Iterable<P>, test: (page: P) => page is Q): Iterable<Q>;
export function filterPages<P extends PageRecord>(pages: Iterable<P>, test: (page: P) => boolean): Iterable<P>;
export function filterPages<P extends PageRecord>(pages: Iterable<P>, test: (page: P) => boolean): Iterable<P> {
  return {
    *[Symbol.iterator]() {
      for (const page of pages) if (test(page)) yield page;
    },
  };
}

/** The first page `test` picks, reading no further. */
export function findPage<P extends PageRecord>(pages: Iterable<P>, test: (page: P) => boolean): P | undefined {
  for (const page of pages) if (test(page)) return page;
  return undefined;
}
