// What cache-privacy says; the headers every finding shows as evidence; and
// the context and reporter types its rules take.

import type { ProbeContext } from '../../src/probe-kit/index.js';

export const messages = {
  csrfTokenShared: { text: 'Two fresh clients got the same csrfmiddlewaretoken from {url}: the HTML is cached, and form posts will fail with 403', severity: 'error' },
  privateResponseCached: { text: 'The anonymous response to private {what} {url} came from a shared cache ({header}: {value})', severity: 'error' },
  privateResponseStorable: { text: 'A shared cache may store the anonymous response to private {what} {url} ({status}, {basis} freshness)', severity: 'warning' },
  adminCached: { text: '{url} came from a shared cache ({header}: {value}): admin and /_util/ responses must never be cached', severity: 'error' },
  userbarCached: { text: "{url} shows Wagtail's user bar to an anonymous visitor: an editor's view of the page was cached", severity: 'error' },
  formPageUnreadable: { text: 'Could not read {url} twice to compare its CSRF token ({error})', severity: 'info' },
} as const;

export type MessageId = keyof typeof messages;
/** What a rule that sends requests takes. */
export type Context = ProbeContext<MessageId>;
/** What a rule that only judges takes: it cannot touch the network. */
export type Report = Context['report'];

/** Headers that show a cache at work, and those that let one store a response. */
export const CACHE_HEADERS = ['cache-control', 'expires', 'age', 'x-cache', 'x-cache-status', 'cf-cache-status', 'x-varnish', 'x-wagtail-cache', 'x-proxy-cache', 'vary'];
