// performance's message ids, their text and default severity, the two shapes a
// rule takes them in, and the few number formats the messages share.
//
// Severities are what an operator would accept: a warning where visitors wait
// or download more than they need to and the fix is a setting; info for what
// is worth knowing but depends on the site (HTTP/2, Vary: Cookie, the numbers).

import type { ProbeContext } from '../../src/probe-kit/index.js';

export const MESSAGES = {
  uncompressed: {
    text: '{count} {type} responses are sent uncompressed to a client that accepts Brotli and gzip (e.g. {example}, {size}): {fix}',
    severity: 'warning',
  },
  compressedWhileSending: {
    text: '{count} static files are compressed while they are sent, not ahead of time (e.g. {example}: {encoding} without Content-Length): precompress them ({fix})',
    severity: 'info',
  },
  noModernImageFormats: {
    text: "{count} renditions are {formats} and no crawled page offers WebP or AVIF (e.g. {example}): use Wagtail's `{% picture image format-{avif,webp,jpeg} … %}`, a `format-webp` filter, or WAGTAILIMAGES_FORMAT_CONVERSIONS",
    severity: 'warning',
  },
  legacyOnlyRenditions: {
    text: '{count} JPEG or PNG renditions have no WebP or AVIF alternative on the pages that show them (e.g. {example} on {page}), while other pages have one',
    severity: 'info',
  },
  imgWithoutDimensions: {
    text: "{count} of {total} <img> elements on {page} have no width and height (e.g. {example}): the page jumps as they load unless CSS reserves their space; Wagtail's {% image %} writes both",
    severity: 'warning',
  },
  renditionsOversized: {
    text: '{count} renditions are much larger than their size suggests (e.g. {example}: {size} for {pixels} pixels, {bytesPerPixel} bytes a pixel where {format} rarely needs {limit}): check WAGTAILIMAGES_JPEG_QUALITY / WEBP_QUALITY and the formats photos are converted to',
    severity: 'warning',
  },
  originalsReferenced: {
    text: '{count} original images are shown where a rendition belongs (e.g. {example} as {via} on {page}{size}): visitors download the upload at full size; use {% image %} with a resize filter',
    severity: 'warning',
  },
  ttfbBySection: {
    text: 'Time to first byte by section (p50 and p95 over {count} crawled pages): {summary}',
    severity: 'info',
  },
  slowSection: {
    // 0.8 s is ttfb.ts's SLOW_TTFB_MS (web.dev's good TTFB).
    text: 'Pages under {section} are slow to start, past 0.8 s to the first byte at the median (p50 {p50}, p95 {p95} over {count} pages; e.g. {example}: {slowest})',
    severity: 'warning',
  },
  pagesNotShareable: {
    text: '{count} of {total} anonymous public pages forbid shared caching ({directives}; e.g. {example}): no CDN or caching proxy may hold them',
    severity: 'info',
  },
  varyCookieEverywhere: {
    text: 'Every crawled public page ({count}) varies on Cookie (e.g. {example}): something reads the session on every request ({% wagtailuserbar %} or request.user in a template, a context processor), so a cache keys on each visitor\'s cookies',
    severity: 'info',
  },
  noFrontEndCache: {
    text: 'Pages are slow (time to first byte p50 {p50}) and nothing in front caches them ({count} anonymous requests of {url} all went to Django{reason}): put a caching proxy or CDN in front, as Wagtail recommends, with frontend cache purging',
    severity: 'warning',
  },
  perProcessCache: {
    text: "{url} came from several cached copies ({copies} copies: {sequence}), an older one again after a newer: one shared cache cannot do that; a LocMemCache or FileBasedCache per worker or host behind Django's cache middleware serves each visitor whichever copy their worker holds. Use Redis or Memcached (Wagtail recommends Redis)",
    severity: 'warning',
  },
  http2NotOffered: {
    text: '{origin} offers only HTTP/1.1 ({detail}): with HTTP/2 a browser loads a page\'s stylesheets, scripts and images over one connection; enable it in the web server or CDN (nginx: `http2 on;`)',
    severity: 'info',
  },
  checkFailed: {
    text: '{check} could not be checked: {url} {reason}',
    severity: 'info',
  },
} as const;

export type MessageId = keyof typeof MESSAGES;
/** What a rule that sends requests takes: ctx.fetch counts against meta.maxRequests. */
export type Ctx = ProbeContext<MessageId>;
/** What a rule that only judges takes: it can report, and its signature shows it never touches the network. */
export type Report = Ctx['report'];

/** 512 B, 14.2 kB, 3.1 MB (decimal units, as browsers' network panels show sizes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** 1,440,000: digits grouped by threes. Not toLocaleString('en'), which pages in ICU's number data for one comma. */
export function formatCount(count: number): string {
  return String(Math.round(count)).replace(/\B(?=(\d{3})+$)/g, ',');
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** URLs listed in one finding's data; the rest are counted. */
export const MAX_EXAMPLES = 3;
