// Whether a response was compressed for the wire, and whether its type is one
// that compresses well (text: HTML, CSS, JavaScript, SVG, JSON). Pure.
//
// Facts behind it: nginx's `gzip on` compresses only text/html until
// `gzip_types` names the others; WhiteNoise's CompressedManifestStaticFilesStorage
// writes .gz (and .br with the brotli package) next to each file at
// collectstatic and serves them with Vary: Accept-Encoding; Django's
// GZipMiddleware compresses responses it renders. Images, fonts in woff/woff2,
// PDFs and archives are compressed already and are never judged here.

import type { HeaderMap } from '../http/types.js';
import { mediaTypeEssence } from './content-type.js';

/** What a client that sends `Accept-Encoding: br, gzip` can read. */
export const ACCEPTS_BR_GZIP = 'br, gzip';

/** The text types a browser downloads on every visit, as operators name them. */
export type CompressibleKind = 'HTML' | 'CSS' | 'JavaScript' | 'SVG' | 'JSON';

const KIND_BY_ESSENCE: Readonly<Record<string, CompressibleKind>> = {
  'text/html': 'HTML',
  'application/xhtml+xml': 'HTML',
  'text/css': 'CSS',
  'text/javascript': 'JavaScript',
  'application/javascript': 'JavaScript',
  'application/x-javascript': 'JavaScript',
  'application/ecmascript': 'JavaScript',
  'text/ecmascript': 'JavaScript',
  'image/svg+xml': 'SVG',
  'application/json': 'JSON',
  'application/manifest+json': 'JSON',
  'application/ld+json': 'JSON',
};

/** The compressible kind a Content-Type names, or null for anything else (images, fonts, PDFs, unknown). */
export function compressibleKind(contentTypeHeader: string | undefined): CompressibleKind | null {
  const essence = mediaTypeEssence(contentTypeHeader);
  return KIND_BY_ESSENCE[essence] ?? (essence.endsWith('+json') ? 'JSON' : null);
}

/**
 * Below this many bytes compression saves less than one TCP segment, and
 * servers rightly skip it (nginx gzip_min_length, WhiteNoise's 5% rule,
 * CDNs' minimums): a small file sent as it is is not a fault.
 */
export const COMPRESSION_WORTHWHILE_BYTES = 1400;

/** The content codings applied, as listed (lower-cased), `identity` left out: [] means sent as it is. */
export function contentCodings(headers: HeaderMap): string[] {
  return (headers['content-encoding'] ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    // A literal "None" is what Wagtail's document view sends on local storage: no coding.
    .filter((token) => token !== '' && token !== 'identity' && token !== 'none');
}

export function isCompressed(headers: HeaderMap): boolean {
  return contentCodings(headers).length > 0;
}

/**
 * A compressed response without Content-Length is streamed through a
 * compressor while it is sent (nginx `gzip`, Apache mod_deflate, Caddy
 * `encode`): CPU on every request. Precompressed files (WhiteNoise's .br/.gz,
 * nginx `gzip_static`, Caddy `precompressed`) are sent with their length.
 * A hint, not proof: a server may stream a precompressed file too.
 */
export function compressedWhileSending(headers: HeaderMap): boolean {
  return isCompressed(headers) && headers['content-length'] === undefined;
}

/** The size on the wire: Content-Length when declared, else null (a streamed body's size is not in its headers). */
export function declaredLength(headers: HeaderMap): number | null {
  const value = headers['content-length'];
  return value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : null;
}
