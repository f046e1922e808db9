// Headers in and out: what we send (and to whom), what we record of it (with
// secrets redacted, since reports are shared), and how a response's headers
// become a plain HeaderMap.

import { intern } from './intern.js';
import type { HeaderMap } from './types.js';

/** undici's parsed response headers. */
export type RawResponseHeaders = Record<string, string | string[] | undefined>;

export interface NormalisedHeaders {
  readonly headers: HeaderMap;
  readonly setCookies: readonly string[];
}

/** No cookies set: one array for every response that sets none (most of a crawl's). */
const NO_COOKIES: readonly string[] = Object.freeze([]);

/**
 * Values that name one representation: they differ from file to file, so a
 * pool of them would only keep strings the crawl has let go of.
 */
const ONE_PER_FILE: ReadonlySet<string> = new Set(['etag', 'last-modified', 'content-length', 'content-range']);

/**
 * Lower-cased names, repeats joined with ", ", set-cookie kept apart (cookies
 * contain commas). Names and values are interned (intern.ts): a crawl keeps
 * every page's headers, and most values repeat from page to page.
 */
export function normaliseResponseHeaders(raw: RawResponseHeaders): NormalisedHeaders {
  const headers: Record<string, string> = {};
  let setCookies: readonly string[] = NO_COOKIES;
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = intern(name.toLowerCase());
    const values = Array.isArray(value) ? value : [value];
    if (key === 'set-cookie') setCookies = setCookies.concat(values); // exact size: a response keeps it
    else {
      const joined = headers[key] === undefined ? values.join(', ') : [headers[key], ...values].join(', ');
      headers[key] = ONE_PER_FILE.has(key) ? joined : intern(joined);
    }
  }
  return { headers, setCookies };
}

export function lowerCaseNames(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) result[name.toLowerCase()] = value;
  return result;
}

/** Per-request headers that may follow a redirect to another origin: Range asks for bytes, it proves nothing about us. */
const CROSS_ORIGIN_SAFE: ReadonlySet<string> = new Set(['range']);

/**
 * The site's exact origin, as URL.origin spells it (default port dropped, host
 * lower-cased, IDN in punycode), or null when there is none to compare with:
 * then the user's headers are sent nowhere.
 */
export function exactOrigin(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

export interface RequestHeaderInput {
  readonly userAgent: string;
  readonly identity: boolean;
  /** The user's headers (tokens, cookies, Basic authorization): secrets of the site. */
  readonly userHeaders: Readonly<Record<string, string>>;
  /** Headers of this one request (Range, a bogus Host). */
  readonly perRequest: Readonly<Record<string, string>> | undefined;
  /** This request's URL origin equals the site's origin (scheme, host and port). */
  readonly toSiteOrigin: boolean;
  /** This request goes to the origin of the URL fetch() was called with. */
  readonly toStartOrigin: boolean;
}

/**
 * The headers to send on one request (one hop), lower-cased.
 *
 * The rule for secrets: the user's headers are sent on a request exactly when
 * that request's URL origin is the site's origin (scheme, host and port all
 * equal), judged afresh on every hop of a redirect chain. So images or scripts
 * on another host or another port never see them, a redirect away never
 * carries them, a redirect back to the site does; and since the scheme is part
 * of the origin, an https site's secrets never travel over plain http.
 *
 * Per-request headers go only to the origin fetch() was called with (a bogus
 * Host was meant for it alone); Range is the one that may follow elsewhere.
 */
export function requestHeaders(input: RequestHeaderInput): Record<string, string> {
  const defaults: Record<string, string> = {
    'user-agent': input.userAgent,
    accept: '*/*',
    'accept-encoding': input.identity ? 'identity' : 'gzip, deflate, br',
  };
  const user = input.toSiteOrigin ? lowerCaseNames(input.userHeaders) : {};
  const perRequest = lowerCaseNames(input.perRequest);
  const carried = input.toStartOrigin
    ? perRequest
    : Object.fromEntries(Object.entries(perRequest).filter(([name]) => CROSS_ORIGIN_SAFE.has(name)));
  return { ...defaults, ...user, ...carried };
}

const SENSITIVE_NAME = /cookie|authorization|token|key|secret/i;

export const REDACTED = '<redacted>';

/**
 * The headers as recorded in a SentRequest. Every header the user gave is
 * redacted whatever its name (the user knows what is secret; we do not), and
 * any other header with a secret-looking name too.
 */
export function redactHeaders(headers: Readonly<Record<string, string>>, userHeaderNames: ReadonlySet<string> = new Set()): HeaderMap {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, userHeaderNames.has(name) || SENSITIVE_NAME.test(name) ? REDACTED : value]),
  );
}
