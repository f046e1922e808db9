// The crawled pages a probe judges by their responses: those that answered.
// A page the crawl could not read is crawl-coverage's to report.

import type { FetchResponse } from '../http/types.js';
import type { PageRecord, SiteModel } from '../gather/model.js';

/** A crawled page that answered, whatever its status: its response has a status, headers and hops. */
export type AnsweredPage = PageRecord & { readonly response: FetchResponse };

export function answeredPages(site: Pick<SiteModel, 'pages'>): AnsweredPage[] {
  return site.pages.filter((p): p is AnsweredPage => p.response.ok);
}
