// What a static file's URL says about how it was collected: Django's
// ManifestStaticFilesStorage names (`core.<12 hex>.css`), Wagtail's `?v=`
// version strings, and where STATIC_URL is.

export interface HashedName {
  /** The original name before the hash, without directories: `jquery-3.6.0.min`. */
  readonly stem: string;
  /** 12 lowercase hex digits: the start of the MD5 of the file's content. */
  readonly hash: string;
  /** The last extension without its dot (`js`), or '' for a file that had none. */
  readonly ext: string;
}

/**
 * Django's hashed_name() puts `.<first 12 hex of md5>` before the LAST
 * extension (os.path.splitext), so `jquery-3.6.0.min.js` becomes
 * `jquery-3.6.0.min.<hash>.js` and `LICENSE` becomes `LICENSE.<hash>`.
 * Only lowercase hex counts: Django writes hexdigest(), which is lowercase, and
 * an uppercase or 11/13-digit run is some other scheme this tool cannot verify.
 */
const HASHED_NAME = /^(.+)\.([0-9a-f]{12})(?:\.([^.]+))?$/;

/** Parses the last path segment of a URL or path; null when it is not a Django-hashed name. */
export function parseHashedName(pathOrUrl: string): HashedName | null {
  const path = pathOf(pathOrUrl);
  const match = HASHED_NAME.exec(path.slice(path.lastIndexOf('/') + 1));
  if (!match) return null;
  const [, stem, hash, ext] = match as unknown as [string, string, string, string | undefined];
  return { stem, hash, ext: ext ?? '' };
}

/** Wagtail's versioned_static appends `?v=` and the first 8 hex of a SHA-1 of its version. */
const VERSION_QUERY_VALUE = /^[0-9a-f]{8}$/;

/**
 * True when the URL carries Wagtail's `?v=<8 hex>`. In production with
 * manifest storage Wagtail does not add it: seeing it with unhashed names means
 * DEBUG is on or the storage does not hash.
 */
export function hasVersionQuery(url: string): boolean {
  const query = queryOf(url);
  if (query === '') return false;
  return new URLSearchParams(query).getAll('v').some((value) => VERSION_QUERY_VALUE.test(value));
}

/**
 * True when a hashed name's hash is the start of the MD5 of the bytes served
 * (decoded from any Content-Encoding). This holds for:
 * - WhiteNoise's CompressedManifestStaticFilesStorage: the hash is of the
 *   uncompressed file, and the gzip/brotli variant decodes back to it;
 * - CSS and JS that Django rewrote (url() and sourceMappingURL pointing at
 *   hashed names): the hash is computed after the rewrite, which is what is served.
 * A mismatch means the bytes under this name are not the collected file
 * (a CDN or proxy rewrote it, or a deploy overwrote it).
 */
export function hashMatchesBody(hash: string, md5hex: string): boolean {
  if (!/^[0-9a-f]{12}$/.test(hash) || !/^[0-9a-f]{32}$/i.test(md5hex)) return false;
  return md5hex.toLowerCase().startsWith(hash);
}

/**
 * The STATIC_URL a page uses, learned from any asset of Wagtail's admin:
 * everything up to `/wagtailadmin/` in the path, keeping the origin as given.
 * `https://cdn.example.com/static/wagtailadmin/js/core.abc.js` gives
 * `https://cdn.example.com/static/`; null when the path has no `/wagtailadmin/`.
 */
export function staticUrlFromAdminAsset(url: string): string | null {
  const withoutQuery = stripQueryAndFragment(url);
  const pathStart = authorityEnd(withoutQuery);
  const index = withoutQuery.indexOf('/wagtailadmin/', pathStart);
  if (index < 0) return null;
  return withoutQuery.slice(0, index + 1);
}

/** Where the path begins: after `scheme://host` or `//host`, else at 0. */
function authorityEnd(url: string): number {
  const match = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*/i.exec(url);
  return match ? match[0].length : 0;
}

function pathOf(pathOrUrl: string): string {
  const withoutQuery = stripQueryAndFragment(pathOrUrl);
  return withoutQuery.slice(authorityEnd(withoutQuery));
}

function queryOf(url: string): string {
  const start = url.indexOf('?');
  const end = url.indexOf('#');
  if (start < 0 || (end >= 0 && end < start)) return '';
  return url.slice(start + 1, end < 0 ? undefined : end);
}

function stripQueryAndFragment(url: string): string {
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}
