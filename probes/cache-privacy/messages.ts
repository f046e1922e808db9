// What cache-privacy says, and the context and reporter types its rules take.
// Evidence shows CACHE_EVIDENCE_HEADERS (src/signals/shared-cache.ts), the
// list document-privacy shows too, and names a cache as describeSharedCache does.

import type { ProbeContext } from '../../src/probe-kit/index.js';

export const messages = {
  csrfTokenShared: { text: 'Two fresh clients got the same csrfmiddlewaretoken from {url}: the HTML is cached, and form posts will fail with 403', severity: 'error' },
  privateResponseCached: { text: 'The anonymous answer to private {what} {url} ({response}) was replayed by {cache}: {signs}', severity: 'error' },
  privateResponseStorable: { text: 'A shared cache may store the anonymous response to private {what} {url} ({status}, {basis} freshness)', severity: 'warning' },
  adminCached: { text: '{url} was replayed by {cache} ({signs}): admin and /_util/ responses must never be cached', severity: 'error' },
  userbarCached: { text: "{url} shows Wagtail's user bar to an anonymous visitor: an editor's view of the page was cached", severity: 'error' },
  formPageUnreadable: { text: 'Could not read {url} twice to compare its CSRF token ({error})', severity: 'info' },
  formPagesCapped: { text: '{count} form(s) were not compared for a shared CSRF token: at most {limit} form pages are compared per run', severity: 'info' },
} as const;

export type MessageId = keyof typeof messages;
/** What a rule that sends requests takes. */
export type Context = ProbeContext<MessageId>;
/** What a rule that only judges takes: it cannot touch the network. */
export type Report = Context['report'];
