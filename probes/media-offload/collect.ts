// Which media items the SiteModel holds: every file response the crawl got
// for an upload (renditions, originals, other media, the site's own images,
// the image serve view, document files), the fetches that failed below HTTP,
// Wagtail's not-found markers, and what the crawl sampled out.

import { evidenceFrom, type Evidence, type FetchResponse, type FetchResult, type ResourceKind, type ResourceRecord, type SiteModel, compareText } from '../../src/probe-kit/index.js';
import { sniffBody, type SniffedType } from '../../src/signals/body-sniff.js';

/** The resource kinds this probe judges, plus documents through Wagtail's serve view. */
export type MediaKind = 'rendition' | 'original-image' | 'media' | 'image' | 'image-serve' | 'document-file' | 'document';

const FILE_KINDS: ReadonlySet<ResourceKind> = new Set(['rendition', 'original-image', 'media', 'image', 'image-serve', 'document-file']);
/** What the crawler samples (crawl.maxMediaSamples), third-party images included. */
const SAMPLED_KINDS: ReadonlySet<ResourceKind> = new Set(['rendition', 'original-image', 'media', 'image', 'image-serve']);

export const KIND_LABEL: Readonly<Record<MediaKind, string>> = {
  rendition: 'Renditions (images/)',
  'original-image': 'Original images (original_images/)',
  media: 'Other files under MEDIA_URL',
  image: 'Images outside MEDIA_URL',
  'image-serve': "Images from Wagtail's dynamic serve view",
  'document-file': 'Document files (documents/)',
  document: "Documents through Wagtail's serve view",
};

/** One file response the crawler got, with where it was met. */
export interface MediaItem {
  /** URL of the file itself (after a document's or image view's redirect). */
  readonly url: string;
  readonly kind: MediaKind;
  readonly response: FetchResponse;
  readonly referrer: string | undefined;
  /** The serve URL whose redirect led to the file, when it came that way. */
  readonly via?: string;
}

/** A media resource whose fetch failed below HTTP. */
export interface FailedItem {
  readonly url: string;
  readonly kind: MediaKind;
  readonly response: Extract<FetchResult, { ok: false }>;
  readonly referrer: string | undefined;
}

export interface Collected {
  items: MediaItem[];
  failed: FailedItem[];
  notFoundMarkers: ResourceRecord[];
  sampledOut: ResourceRecord[];
  /** Media resources met in all, fetched or not (for the sampling note). */
  mediaTotal: number;
}

export function collectMedia(site: SiteModel): Collected {
  const mediaUrl = site.mediaUrl?.url ?? null;
  const mediaOrigin = mediaUrl === null ? null : new URL(mediaUrl).origin;
  const collected: Collected = { items: [], failed: [], notFoundMarkers: [], sampledOut: [], mediaTotal: 0 };
  const seen = new Set<string>();
  const add = (item: MediaItem) => {
    if (seen.has(item.url)) return;
    seen.add(item.url);
    collected.items.push(item);
  };

  for (const resource of site.resources) {
    const referrer = resource.referencedFrom[0]?.from || undefined;
    // The crawler samples over every media kind, third-party images included: so does the sampling note.
    if (SAMPLED_KINDS.has(resource.kind)) collected.mediaTotal += 1;
    if (resource.response === null) {
      if (SAMPLED_KINDS.has(resource.kind) && resource.notFetchedReason?.startsWith('sampled out')) collected.sampledOut.push(resource);
      continue;
    }
    // An <img> outside MEDIA_URL counts when it is the site's own or on the media host; third-party images are not ours to judge.
    if (resource.kind === 'image' && !resource.sameOrigin && new URL(resource.url).origin !== mediaOrigin) continue;
    if (SAMPLED_KINDS.has(resource.kind) && isNotFoundMarker(resource.url, mediaUrl)) {
      collected.notFoundMarkers.push(resource);
      continue;
    }
    const response = resource.response;
    if (resource.kind === 'document' || resource.kind === 'image-serve') {
      // A serve view that redirects to the file (WAGTAILDOCS_SERVE_METHOD = 'redirect', or the image view's
      // redirect action): judge the file where it landed, as what it is there.
      if (response.ok && response.hops.length > 0 && response.url !== resource.url) {
        const landed = resource.landedKind;
        if (landed !== undefined && landed !== 'page' && FILE_KINDS.has(landed) && landed !== 'image-serve') {
          add({ url: response.url, kind: landed as MediaKind, response, referrer, via: resource.url });
        }
        continue;
      }
      // Wagtail's document serve view answering with the file itself: Content-Disposition marks the file
      // (the login redirect and the password form of a private document carry none).
      if (resource.kind === 'document' && !(response.ok && response.status === 200 && response.headers['content-disposition'] !== undefined)) {
        continue;
      }
    } else if (!FILE_KINDS.has(resource.kind)) {
      continue;
    }
    if (!response.ok) {
      collected.failed.push({ url: resource.url, kind: resource.kind as MediaKind, response, referrer });
      continue;
    }
    add({ url: resource.url, kind: resource.kind as MediaKind, response, referrer });
  }
  collected.items.sort((a, b) => compareText(a.url, b.url));
  return collected;
}

/** Wagtail's marker for a missing original: `{% image %}` renders `src="<MEDIA_URL>not-found"`. */
function isNotFoundMarker(url: string, mediaUrl: string | null): boolean {
  if (mediaUrl !== null) return url === new URL('not-found', mediaUrl).href;
  return new URL(url).pathname.endsWith('/not-found');
}

/** A file's evidence: its response, the headers named, and the page that referenced it. */
export function itemEvidence(item: { readonly response: FetchResult; readonly referrer: string | undefined }, headerNames: readonly string[], extra: Partial<Evidence> = {}): Evidence {
  return evidenceFrom(item.response, headerNames, { ...(item.referrer ? { referrer: item.referrer } : {}), ...extra });
}

/** What the first bytes are, whatever the headers claim. */
export function describeBody(response: FetchResponse): { type: SniffedType; describe: string } {
  return sniffBody(response.body.prefixBase64);
}

export const IMAGE_TYPES: ReadonlySet<SniffedType> = new Set(['png', 'jpeg', 'gif', 'webp', 'avif', 'svg']);
