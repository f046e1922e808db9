// What deploy-checks says, under Django's own check ids so an operator finds
// the setting that fixes it; and the context and reporter types its checks take.

import type { ProbeContext } from '../../src/probe-kit/index.js';

export const messages = {
  debugPage: { text: "DEBUG is on: {url} shows Django's technical error page (security.W018)", severity: 'error' },
  notFoundStatus: { text: 'A missing page answers {status}, not 404: {url}', severity: 'warning' },
  missingPageNotDjango: {
    text: "The missing page {url} was answered by {answeredBy}, not Django: DEBUG's technical 404 page (security.W018) could not be looked for there",
    severity: 'info',
  },
  missingPageUnchecked: { text: "The request for the missing page {url} failed ({error}): DEBUG's technical 404 page (security.W018) and the missing-page status were not checked", severity: 'info' },
  notHttps: { text: 'The site is served over plain http, not https (security.W008): {url}', severity: 'warning' },
  httpNotRedirected: { text: 'Plain http {url} answers {status} instead of redirecting to https (security.W008)', severity: 'error' },
  httpRedirectNotPermanent: { text: 'Plain http {url} redirects to https with {status}, not a permanent 301/308 (security.W008)', severity: 'warning' },
  httpRedirectIndirect: { text: 'Plain http {url} does not redirect straight to https on the same host: it goes to {location}', severity: 'warning' },
  httpClosed: { text: 'Plain http {url} does not answer ({error}): nothing to redirect, nothing exposed', severity: 'info' },
  hstsMissing: { text: 'No Strict-Transport-Security header on {url} (security.W004, SECURE_HSTS_SECONDS)', severity: 'warning' },
  hstsShort: { text: 'Strict-Transport-Security max-age is {maxAge} seconds on {url}, less than a year (security.W004)', severity: 'warning' },
  hstsFacts: { text: 'HSTS on {url}: includeSubDomains {includeSubDomains} (security.W005), preload {preload} (security.W021)', severity: 'info' },
  cookieNotSecure: { text: 'Cookie {cookie} is set without Secure over https on {url} ({check})', severity: 'warning' },
  sessionCookieNotHttpOnly: { text: 'Session cookie {cookie} is set without HttpOnly on {url} (security.W013)', severity: 'warning' },
  anonymousSession: { text: 'An anonymous visit to {url} gets a session cookie {cookie}: sessions are being created for every visitor', severity: 'warning' },
  headerMissing: { text: 'Response from {url} lacks {header} ({check}, {setting})', severity: 'warning' },
  headerInvalid: { text: '{header} on {url} has an invalid value {value} ({check})', severity: 'warning' },
  allowedHostsOpen: { text: 'Django answered a request for the unknown host {host} with {status} (security.W020, ALLOWED_HOSTS)', severity: 'error' },
  allowedHostsUnchecked: { text: 'The request for the unknown host {host} failed ({error}): ALLOWED_HOSTS (security.W020) was not checked', severity: 'info' },
  allowedHostsUnobservable: { text: 'A request for the unknown host {host} got {status} from something other than Django (a web server, CDN or cache): ALLOWED_HOSTS cannot be judged from outside', severity: 'info' },
  runserver: { text: "The site is served by Django's development server ({server}) on {url}", severity: 'error' },
  versionDisclosed: { text: '{header} discloses a version: {value}', severity: 'info' },
  adminNotRedirecting: { text: 'Anonymous {url} answers {status}, not a redirect to the login page', severity: 'warning' },
  adminNotFound: { text: 'No Wagtail admin at {url} ({status}): set --admin-path if it lives elsewhere', severity: 'info' },
  adminUnchecked: { text: 'The request for the admin {url} failed ({error}): whether it sends anonymous visitors to its login page was not checked', severity: 'info' },
} as const;

export type MessageId = keyof typeof messages;
/** What a check that sends requests takes. */
export type Context = ProbeContext<MessageId>;
/** What a check that only judges takes: it cannot touch the network. */
export type Report = Context['report'];
