// URLs we will fetch, and where a redirect points: Location resolved the way a
// browser resolves it (WHATWG URL, relative and protocol-relative forms,
// non-ASCII bytes read as UTF-8).

/** Statuses that redirect with a Location; 300, 304 and 305/306 are answers, not redirects. */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export function isRedirectStatus(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/**
 * undici hands header values over as latin1 (one char per byte). Servers that put
 * raw non-ASCII in a Location almost always mean UTF-8, and browsers read it so:
 * re-read the bytes as UTF-8 when they are valid UTF-8, else keep them as they came.
 */
export function locationFromHeader(value: string): string {
  if (!/[^\x00-\x7f]/.test(value)) return value;
  if (/[^\x00-\xff]/.test(value)) return value; // already decoded text, not bytes
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

export type ResolvedLocation = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly reason: string };

/** An absolute http(s) URL without its fragment, or why not. */
export function parseHttpUrl(raw: string): ResolvedLocation {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `not a URL: ${JSON.stringify(raw)}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `not an http(s) URL: ${JSON.stringify(raw)}` };
  }
  url.hash = '';
  return { ok: true, url };
}

/** The absolute http(s) URL a Location points at, without its fragment (never sent to a server). */
export function resolveLocation(location: string, base: URL): ResolvedLocation {
  let target: URL;
  try {
    target = new URL(location, base);
  } catch {
    return { ok: false, reason: `unparsable Location ${JSON.stringify(location)}` };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { ok: false, reason: `Location ${JSON.stringify(location)} is not an http(s) URL` };
  }
  target.hash = '';
  return { ok: true, url: target };
}
