// Django's own pages as a probe meets them: the technical 404/500 pages that
// DEBUG = True shows to everyone, the exception a technical 500 names, and the
// CSRF token every Django form renders (masked afresh on each render, so two
// visitors seeing one token were served one cached page). Read with a DOM.

import * as cheerio from 'cheerio/slim';

type Page = ReturnType<typeof cheerio.load>;

/** Django's apostrophe in "You're" is straight in older versions, curly in newer ones. */
const DEBUG_NOTICE = /You['\u2019]re seeing this error because you have\s+DEBUG = True/i;

const DEBUG_MARKERS: readonly { readonly name: string; readonly found: (page: Page, text: string) => boolean; readonly decisive: boolean }[] = [
  { name: 'DEBUG = True notice', found: (_page, text) => DEBUG_NOTICE.test(text), decisive: true },
  { name: 'URLconf listing', found: (_page, text) => text.includes('Using the URLconf defined in'), decisive: false },
  { name: 'technical 404 title', found: (page) => page('title').first().text().startsWith('Page not found at '), decisive: false },
  { name: 'Django version row', found: (_page, text) => text.includes('Django Version:'), decisive: false },
  { name: 'exception value row', found: (_page, text) => text.includes('Exception Value:'), decisive: false },
];

function markersIn(html: string): (typeof DEBUG_MARKERS)[number][] {
  const page = cheerio.load(html);
  const text = page.root().text();
  return DEBUG_MARKERS.filter((marker) => marker.found(page, text));
}

/** The markers of Django's technical (DEBUG) 404/500 pages found in a body, by name. */
export function djangoDebugMarkers(html: string): string[] {
  return markersIn(html).map((marker) => marker.name);
}

/**
 * True when the body is Django's technical 404 or 500 page: its DEBUG = True
 * notice, or two of its other markers (one alone could be a blog post about Django).
 */
export function isDjangoDebugPage(html: string): boolean {
  const found = markersIn(html);
  return found.some((marker) => marker.decisive) || found.length >= 2;
}

/** The statuses a working Django answers a URL it has no page for with: 404 Not Found, 410 Gone. */
export function isNotFoundStatus(status: number): boolean {
  return status === 404 || status === 410;
}

/**
 * A missing page answering 500: Django's 404 page itself failed to render,
 * most often `{% static %}` raising for a missing staticfiles manifest entry
 * (collectstatic not run for the code deployed). A server error, not a soft 404.
 */
export function isFailedNotFoundPage(status: number): boolean {
  return status === 500;
}

/** What a technical 500 page names as the exception (`<pre class="exception_value">`), whitespace folded, or null. */
export function exceptionValue(html: string): string | null {
  const value = cheerio.load(html)('pre.exception_value').first().text().replace(/\s+/g, ' ').trim();
  return value === '' ? null : value.slice(0, 300);
}

/** The csrfmiddlewaretoken a Django form renders, or null when the page has none. */
export function csrfToken(html: string): string | null {
  const value = cheerio.load(html)('input[name="csrfmiddlewaretoken"]').first().attr('value');
  return value === undefined || value === '' ? null : value;
}
