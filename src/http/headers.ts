// Headers in and out: what we send (and to whom), what we record of it (with
// secrets redacted, since reports are shared), and how a response's headers
// become a plain HeaderMap.

import type { HeaderMap } from './types.js';

/** undici's parsed response headers. */
export type RawResponseHeaders = Record<string, string | string[] | undefined>;

export interface NormalisedHeaders {
  readonly headers: HeaderMap;
  readonly setCookies: readonly string[];
}

/** Lower-cased names, repeats joined with ", ", set-cookie kept apart (cookies contain commas). */
export function normaliseResponseHeaders(raw: RawResponseHeaders): NormalisedHeaders {
  const headers: Record<string, string> = {};
  let setCookies: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const values = Array.isArray(value) ? value : [value];
    if (key === 'set-cookie') setCookies = [...setCookies, ...values];
    else headers[key] = headers[key] === undefined ? values.join(', ') : [headers[key], ...values].join(', ');
  }
  return { headers, setCookies };
}

function lowerCaseNames(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) result[name.toLowerCase()] = value;
  return result;
}

/** Per-request headers that may follow a redirect to another origin: Range asks for bytes, it proves nothing about us. */
const CROSS_ORIGIN_SAFE: ReadonlySet<string> = new Set(['range']);

export interface RequestHeaderInput {
  readonly userAgent: string;
  readonly identity: boolean;
  /** Extra headers from the config (a CDN token, a consent cookie). */
  readonly extras: Readonly<Record<string, string>>;
  /** Headers of this one request (Range, a bogus Host). */
  readonly perRequest: Readonly<Record<string, string>> | undefined;
  /** False once a redirect has left the origin of the URL passed to fetch(). */
  readonly sameOrigin: boolean;
}

/**
 * The headers to send, lower-cased. Extras and per-request headers go only to the
 * origin the caller named: a cookie or token must not leak to a CDN or a third
 * party a redirect points at (Range excepted, see above). A bogus Host is dropped
 * there too: it was meant for the first origin.
 */
export function requestHeaders(input: RequestHeaderInput): Record<string, string> {
  const defaults: Record<string, string> = {
    'user-agent': input.userAgent,
    accept: '*/*',
    'accept-encoding': input.identity ? 'identity' : 'gzip, deflate, br',
  };
  const perRequest = lowerCaseNames(input.perRequest);
  if (input.sameOrigin) return { ...defaults, ...lowerCaseNames(input.extras), ...perRequest };
  const carried = Object.fromEntries(Object.entries(perRequest).filter(([name]) => CROSS_ORIGIN_SAFE.has(name)));
  return { ...defaults, ...carried };
}

const SENSITIVE_NAME = /cookie|authorization|token|key|secret/i;

export const REDACTED = '<redacted>';

/** The headers as recorded in a SentRequest: values of secret-looking headers replaced. */
export function redactHeaders(headers: Readonly<Record<string, string>>): HeaderMap {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, SENSITIVE_NAME.test(name) ? REDACTED : value]));
}
