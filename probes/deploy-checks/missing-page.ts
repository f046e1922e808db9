// DEBUG (security.W018) and what a missing page answers: Django's technical
// 404/500 page shown to everyone, or a missing page answered as if it were there.
// The missing page is not always Django's answer (a web server may answer
// missing URLs itself), so the evidence says what answered it.

import { evidenceFrom, type AnsweredPage, type FetchResult } from '../../src/probe-kit/index.js';
import { isDjangoDebugPage, isFailedNotFoundPage, isNotFoundStatus } from '../../src/wagtail/django-pages.js';
import { classifyMissingPage, describeMissingPageAnswer } from '../../src/wagtail/django-reference.js';
import type { Report } from './messages.js';

/** The site's answer to a path no site serves (fetchNotFound): DEBUG's technical 404, or a status that is not "no such page". */
export function judgeMissingPage(notFound: FetchResult, report: Report): void {
  if (!notFound.ok) {
    report('missingPageUnchecked', { url: notFound.url, error: notFound.error.code }, [evidenceFrom(notFound)], { url: notFound.url, inconclusive: true });
    return;
  }
  if (isDjangoDebugPage(notFound.text ?? '')) {
    report('debugPage', { url: notFound.url }, [evidenceFrom(notFound, ['content-type'], { note: 'body holds Django\'s technical 404/500 page' })]);
    return;
  }
  const answer = classifyMissingPage(notFound);
  const note = `answered by ${describeMissingPageAnswer(answer)}`;
  if (!isNotFoundStatus(notFound.status) && !isFailedNotFoundPage(notFound.status)) {
    report('notFoundStatus', { url: notFound.url, status: notFound.status }, [evidenceFrom(notFound, ['server', 'content-type', 'location', 'etag'], { note })]);
  } else if (answer.verdict === 'not-django') {
    // Django never saw the request, so its DEBUG page could not show here: say the check did not run.
    report('missingPageNotDjango', { url: notFound.url, answeredBy: `${answer.answeredBy} (${answer.mark})` }, [evidenceFrom(notFound, ['server', 'content-type', 'etag'], { note })], { url: notFound.url, inconclusive: true });
  }
}

/** DEBUG's technical error page on a page the crawl read; the missing page is judgeMissingPage's. */
export function judgeCrawledDebugPages(pages: Iterable<AnsweredPage>, notFoundUrl: string, report: Report): void {
  for (const page of pages) {
    if (page.facts?.hasDjangoDebugPage && page.url !== notFoundUrl) {
      report('debugPage', { url: page.url }, [evidenceFrom(page.response, ['content-type'], { note: 'body holds Django\'s technical error page' })], { url: page.url });
    }
  }
}
