// URL normalisation for the crawler: one spelling per resource, so a URL met on
// two pages is fetched once. The WHATWG URL parser does most of the work (case
// of scheme and host, default ports, percent-encoding, IDNA); what is added
// here is what a crawler needs on top: only http(s), no fragment, a size bound.
//
// Deliberately NOT done: removing a trailing slash, sorting or dropping query
// parameters. Django routes `/a` and `/a/` differently, and `?v=` or a signed
// query names a different resource.

/** Longest raw URL accepted; anything longer is junk or an attack, not a link. */
export const MAX_URL_LENGTH = 8 * 1024;

const ASCII_WHITESPACE = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;

/**
 * Resolve `raw` against `base` and return its canonical http(s) form without
 * fragment, or null when it is not a fetchable http(s) URL (mailto:, tel:,
 * javascript:, data:, blob:, about:, unparsable, empty, over 8 KB).
 */
export function normaliseUrl(raw: string, base: string | URL): string | null {
  if (raw.length > MAX_URL_LENGTH) return null;
  const trimmed = raw.replace(ASCII_WHITESPACE, '');
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.href;
}

/** The origin (`https://host:port`) of a URL; 'null' when it has none (unparsable, opaque). */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

/** True when both URLs have the same real (non-opaque) origin. */
export function isSameOrigin(a: string, b: string): boolean {
  const origin = originOf(a);
  return origin !== 'null' && origin === originOf(b);
}

/**
 * True when `url` lies under `prefix` (an absolute URL naming a folder, such as
 * MEDIA_URL `https://127.0.0.1:8443/media/`): same origin, and its path starts
 * with the prefix's path. A prefix without a trailing slash is read as a
 * folder, so `/media` does not claim `/mediafiles/x`.
 */
export function isUnder(url: string, prefix: string): boolean {
  let target: URL;
  let folder: URL;
  try {
    target = new URL(url);
    folder = new URL(prefix);
  } catch {
    return false;
  }
  if (target.origin === 'null' || target.origin !== folder.origin) return false;
  const folderPath = folder.pathname.endsWith('/') ? folder.pathname : `${folder.pathname}/`;
  return target.pathname.startsWith(folderPath);
}

/**
 * Turn a configured STATIC_URL or MEDIA_URL ('/media/', 'media/',
 * '//cdn.example.com/m', 'https://cdn.example.com/m/') into an absolute URL
 * ending in '/'. A relative value is taken from the site's root, as Django
 * prefixes SCRIPT_NAME (usually empty) to a relative STATIC_URL. Query and
 * fragment are dropped. Throws a TypeError on a value that is not an http(s)
 * location: that is a configuration error the caller must report.
 */
export function absoluteBase(value: string, site: string): string {
  const trimmed = value.replace(ASCII_WHITESPACE, '');
  const rooted = /^([a-z][a-z0-9+.-]*:|\/)/i.test(trimmed) ? trimmed : `/${trimmed}`;
  let url: URL;
  try {
    url = new URL(rooted, site);
  } catch {
    throw new TypeError(`not a usable base URL: ${JSON.stringify(value)} (site ${site})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`base URL must be http(s): ${JSON.stringify(value)}`);
  }
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url.href;
}
