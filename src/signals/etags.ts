// What an ETag's shape says about who made it, pure: Wagtail's serve view
// (the file's SHA-1), object storage (MD5, multipart), or a file server
// (nginx's, Apache's and Caddy's size-and-mtime formats). The served-by
// fingerprint weighs these; django-reference asks whether a file server sent one.

/** Who makes an ETag of this shape. */
export type EtagShape = 'sha1' | 's3-multipart' | 'md5' | 'apache' | 'mtime-size' | 'caddy';

/** Shapes a file server makes from a file's size and mtime. */
const FILE_SERVER_ETAGS: ReadonlySet<EtagShape> = new Set(['apache', 'mtime-size', 'caddy']);

/** Seconds since the epoch a file on a deployed site can plausibly carry: 2000 to 2100. */
const PLAUSIBLE_MTIME = { from: 946_684_800, to: 4_102_444_800 };
const plausibleSeconds = (seconds: number) => seconds >= PLAUSIBLE_MTIME.from && seconds < PLAUSIBLE_MTIME.to;

/**
 * Apache's FileETag (httpd's http_etag.c): hex fields joined by "-",
 * `<size>-<mtime µs>` by default, `<inode>-<size>-<mtime µs>` with INode,
 * and mod_deflate's or mod_brotli's suffix on compressed answers. The mtime in
 * microseconds is 13 hex digits (2000-2112), which no nginx size reaches.
 */
function isApacheEtag(opaque: string): boolean {
  const match = /^(?:[0-9a-f]+-)?[0-9a-f]+-([0-9a-f]{13})(?:-(?:gzip|br))?$/.exec(opaque);
  return match !== null && plausibleSeconds(parseInt(match[1] as string, 16) / 1e6);
}

/**
 * Caddy's calculateEtag (modules/caddyhttp/fileserver): base-36 mtime then
 * base-36 size, no separator: Unix seconds (6 digits) up to 2.7, nanoseconds
 * (12 digits) from 2.8, with its encoder's suffix on compressed answers. Lower
 * case only; a letter past f, so no hex digest is taken for it.
 */
function isCaddyEtag(opaque: string): boolean {
  const match = /^([0-9a-z]{7,})(?:-(?:gzip|zstd|br))?$/.exec(opaque);
  if (match === null || !/[g-z]/.test(match[1] as string)) return false;
  const digits = match[1] as string;
  const seconds = parseInt(digits.slice(0, 6), 36);
  // Twelve base-36 digits overflow a double's integer range: precise enough for a date.
  const nanoseconds = digits.length >= 13 ? parseInt(digits.slice(0, 12), 36) / 1e9 : NaN;
  return plausibleSeconds(seconds) || plausibleSeconds(nanoseconds);
}

/** In order: the exact hex lengths first, so a digest is never read as a file server's mtime. */
const ETAG_SHAPES: readonly { readonly shape: EtagShape; readonly test: (opaque: string) => boolean }[] = [
  { shape: 'sha1', test: (o) => /^[0-9a-f]{40}$/i.test(o) }, // SHA-1 of the file: Wagtail's document serve view
  { shape: 's3-multipart', test: (o) => /^[0-9a-f]{32}-\d+$/i.test(o) },
  { shape: 'md5', test: (o) => /^[0-9a-f]{32}$/i.test(o) }, // S3, or ConditionalGetMiddleware
  { shape: 'apache', test: isApacheEtag },
  // "<mtime hex>-<size hex>": nginx and WhiteNoise alike.
  { shape: 'mtime-size', test: (o) => /^[0-9a-f]+-[0-9a-f]+$/i.test(o) },
  { shape: 'caddy', test: isCaddyEtag },
];

/** The shape of an ETag (weak or strong), or null for one no known server makes. */
export function etagShape(etag: string): EtagShape | null {
  const opaque = etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return ETAG_SHAPES.find(({ test }) => test(opaque))?.shape ?? null;
}

/**
 * An ETag a file server made from the file's size and mtime (nginx, Apache,
 * Caddy; WhiteNoise shares nginx's): never one a Django view made.
 */
export function isFileServerEtag(etag: string): boolean {
  const shape = etagShape(etag);
  return shape !== null && FILE_SERVER_ETAGS.has(shape);
}
