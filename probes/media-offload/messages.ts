// What media-offload says, and how a grouped finding lists its URLs.

import type { ProbeContext } from '../../src/probe-kit/index.js';

export const MESSAGES = {
  servedByDjango: {
    text: '{kind} are served by {server} ({files}, {confidence} signals): user uploads should be sent by the web server, a CDN or object storage',
    severity: 'error',
  },
  servedBy: { text: '{kind} are served by {server} ({files}, {confidence} signals)', severity: 'info' },
  servedByUnknown: {
    text: '{kind}: could not tell who serves them ({files}); the signals do not decide',
    severity: 'warning',
  },
  documentsStreamedByDjango: {
    text: '{kind}: Django streams the files itself after the privacy check ({files}, {confidence} signals); a SENDFILE_BACKEND lets the web server send them',
    severity: 'info',
  },
  imageServeNotCached: {
    text: "{kind} are generated and sent by Django with no cache in front ({files}): put a caching proxy or CDN before Wagtail's image serve view",
    severity: 'warning',
  },
  mediaMissing: { text: '{kind}: {url} answers {status}: the file is missing (a lost upload, an ephemeral disk?)', severity: 'error' },
  mediaError: { text: '{kind}: {url} answers {status}', severity: 'warning' },
  notFoundMarker: {
    text: "Wagtail rendered {url} ({count} references): an image's original file is missing, so no rendition could be made",
    severity: 'error',
  },
  notAnImage: { text: '{url} is not an image: the body starts with {body} ({contentType})', severity: 'error' },
  wrongContentType: { text: '{url} is sent as {contentType}, expected {expected}', severity: 'warning' },
  renditionCacheShort: {
    text: '{count} of {total} renditions may be cached for less than a day ({detail}): renditions never change under a name, cache them for weeks',
    severity: 'warning',
  },
  originalsExposed: {
    text: 'Original images are public: {url} answers {status} ({how}); Wagtail advises serving images/ only and denying original_images/',
    severity: 'warning',
  },
  originalsUndetermined: {
    text: 'Could not tell whether original_images/ is public: no original found from {sources} (tried {tried})',
    severity: 'info',
  },
  directoryListing: { text: 'The media folder {url} answers with a directory listing: anyone can enumerate every upload', severity: 'error' },
  imageServeError: { text: "Wagtail's image serve view answers {status} for {url}: {meaning}", severity: 'error' },
  imageServeSignatureIgnored: {
    text: "Wagtail's image serve view accepted a tampered signature ({url} answers {status}): anyone can make it generate any rendition",
    severity: 'error',
  },
  imageServeSignatureUnclear: {
    text: "Could not confirm that Wagtail's image serve view checks signatures: a tampered URL answers {status}, expected 403",
    severity: 'info',
  },
  mediaSampled: {
    text: '{skipped} of {total} media files were not fetched: the crawl judged a deterministic sample of {sampled} (crawl.maxMediaSamples)',
    severity: 'info',
  },
} as const;

export type MessageId = keyof typeof MESSAGES;
/** What a rule that fetches is given. */
export type Ctx = ProbeContext<MessageId>;
/** What a rule that only judges is given: it cannot touch the network. */
export type Report = Ctx['report'];

/** URLs listed in one finding's evidence; the rest are counted. */
const MAX_LISTED_URLS = 10;
/** Example responses shown per grouped finding. */
export const MAX_EXAMPLES = 3;

export function urlList(urls: readonly string[]): string {
  const shown = urls.slice(0, MAX_LISTED_URLS).join(', ');
  return urls.length > MAX_LISTED_URLS ? `${shown} (+${urls.length - MAX_LISTED_URLS} more)` : shown;
}

/** The deepest folder every URL shares: a stable place to pin a grouped finding. */
export function commonFolder(urls: readonly string[]): string {
  const parsed = urls.map((url) => new URL(url));
  const first = parsed[0];
  if (!first) throw new Error('commonFolder of no URLs');
  if (parsed.some((url) => url.origin !== first.origin)) return `${first.origin}/`;
  let prefix = first.pathname.slice(0, first.pathname.lastIndexOf('/') + 1);
  for (const url of parsed) {
    while (!url.pathname.startsWith(prefix)) prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
  }
  return `${first.origin}${prefix}`;
}
