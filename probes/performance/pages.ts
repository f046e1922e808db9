// Which crawled pages the performance rules judge: the site's own HTML pages
// that answered 200 to an anonymous request (the admin login page and password
// walls left out: they are meant to be slow to cache), and the one page the
// probe looks at again with a browser's Accept-Encoding.

import { answeredPages, filterPages, type AnsweredPage, type SiteModel } from '../../src/probe-kit/index.js';
import { mediaTypeEssence } from '../../src/signals/content-type.js';

/** A public page: 200, HTML, not the admin's, not behind Wagtail's password form. */
export function isPublicPage(page: AnsweredPage): boolean {
  return (
    page.role !== 'admin-login' &&
    page.response.status === 200 &&
    mediaTypeEssence(page.response.headers['content-type']) === 'text/html' &&
    !(page.facts?.forms ?? []).some((form) => form.inputNames.includes('password'))
  );
}

/** The public pages, read afresh each time they are iterated (answeredPages). */
export function publicPages(site: Pick<SiteModel, 'pages'>): Iterable<AnsweredPage> {
  return filterPages(answeredPages(site), isPublicPage);
}

/** The page that stands for the site: the start page when it is public, else the first public page crawled. */
export function samplePage(site: Pick<SiteModel, 'pages' | 'target'>, pages: Iterable<AnsweredPage> = publicPages(site)): AnsweredPage | null {
  let first: AnsweredPage | null = null;
  for (const page of pages) {
    if (page.url === site.target || page.response.url === site.target) return page;
    first ??= page;
  }
  return first;
}

/** Carries a Django form's CSRF token: such a page must not be shared by caches (cache-privacy's concern). */
export function hasCsrfForm(page: AnsweredPage): boolean {
  return (page.facts?.forms ?? []).some((form) => form.inputNames.includes('csrfmiddlewaretoken'));
}
