// Between the crawler's two phases: what the page phase learned (STATIC_URL,
// MEDIA_URL), pages that turn out to be files, and which resources to fetch,
// with what body policy. Pure functions of what the crawl met and the options.

import type { BodyPolicy } from '../http/types.js';
import type { LearnedUrl, Reference, ReferenceVia, ResourceKind, ResourceRecord } from './model.js';
import type { PageKey, PageStore } from './page-store.js';
import type { HttpOptions, RunOptions } from '../engine/options.js';
import { classifyResource, learnMediaUrl, learnStaticUrl, type SiteBases } from './classify.js';
import { absoluteBase } from './urls.js';
import { compareText } from '../text-order.js';

/** A URL met in the page phase that is not a page. */
export interface PendingResource {
  /** The URL to fetch: for a signed object, the latest signed URL met (page-phase.ts resourceKey). */
  url: string;
  referencedFrom: readonly Reference[];
  referenceCount: number;
  /** How it was first met: decides what it is when the path alone cannot. */
  via: ReferenceVia;
}

export interface LearnedBases {
  readonly static: LearnedUrl | null;
  readonly media: LearnedUrl | null;
  readonly bases: SiteBases;
}

export interface PlannedResource {
  readonly pending: PendingResource;
  readonly kind: ResourceKind;
  sampledOut: boolean;
}

const MEDIA_KINDS: ReadonlySet<ResourceKind> = new Set(['rendition', 'original-image', 'media', 'image', 'image-serve']);

export function configuredMediaUrl(options: RunOptions, target: string): string | null {
  return options.mediaUrl === null ? null : absoluteBase(options.mediaUrl, target);
}

/** STATIC_URL and MEDIA_URL: configured, else learned from the URLs the pages referenced. */
export function learnBases(options: RunOptions, target: string, origins: readonly string[], resourceUrls: readonly string[]): LearnedBases {
  let staticUrl: LearnedUrl | null = null;
  if (options.staticUrl !== null) staticUrl = { url: absoluteBase(options.staticUrl, target), source: 'config' };
  else {
    const learned = learnStaticUrl(resourceUrls);
    if (learned !== null) staticUrl = { url: learned, source: 'admin-assets' };
  }
  let mediaUrl: LearnedUrl | null = null;
  const configured = configuredMediaUrl(options, target);
  if (configured !== null) mediaUrl = { url: configured, source: 'config' };
  else {
    const learned = learnMediaUrl(resourceUrls);
    if (learned !== null) mediaUrl = { url: learned, source: 'renditions' };
  }
  return {
    static: staticUrl,
    media: mediaUrl,
    bases: { origins: [...origins], staticUrl: staticUrl?.url ?? null, mediaUrl: mediaUrl?.url ?? null },
  };
}

/**
 * A link to an HTML file under MEDIA_URL (a `direct` document such as
 * brochure.html) looks like a page until MEDIA_URL is learned at the end of
 * the page phase. Such pages become the resources they are, with the
 * response already fetched: nothing is fetched twice.
 */
export function takeFilesOutOfPages(pages: Pick<PageStore, 'takeOut'>, bases: SiteBases): ResourceRecord[] {
  const kindOf = (page: PageKey): ResourceKind | 'page' => (page.role === 'content' ? classifyResource(page.url, 'a', bases) : 'page');
  return pages
    .takeOut((page) => {
      const kind = kindOf(page);
      return kind !== 'page' && kind !== 'other';
    })
    .map((page) => ({
      url: page.url,
      kind: kindOf(page) as ResourceKind,
      sameOrigin: true,
      referencedFrom: page.referencedFrom,
      referenceCount: page.referenceCount,
      response: page.response,
    }));
}

/** Classifies every resource with the learned bases and picks what to fetch. */
export function planResources(resources: Iterable<PendingResource>, bases: SiteBases, maxMediaSamples: number) {
  const all: PlannedResource[] = [...resources].map((pending) => {
    const classified = classifyResource(pending.url, pending.via, bases);
    // A URL the crawl met as a link but that is not a page in scope (off-site) stays 'other'.
    const kind: ResourceKind = classified === 'page' ? 'other' : classified;
    return { pending, kind, sampledOut: false };
  });
  const media = all.filter((r) => MEDIA_KINDS.has(r.kind));
  if (media.length > maxMediaSamples) {
    const keep = new Set(
      media
        .map((r) => ({ r, h: stableHash(r.pending.url) }))
        .sort((a, b) => a.h - b.h || compareText(a.r.pending.url, b.r.pending.url))
        .slice(0, maxMediaSamples)
        .map(({ r }) => r),
    );
    for (const r of media) if (!keep.has(r)) r.sampledOut = true;
  }
  const toFetch = all.filter((r) => !r.sampledOut && r.kind !== 'other').map((r) => ({ url: r.pending.url, kind: r.kind }));
  all.sort((a, b) => compareText(a.pending.url, b.pending.url));
  return { all, toFetch };
}

export function bodyPolicyFor(kind: ResourceKind, { maxAssetBytes, sniffBytes }: HttpOptions): BodyPolicy {
  // Static assets are read whole (to check the name's hash); anything else only
  // as far as sniffing needs: never a whole 500 MB document.
  if (kind === 'static' || kind === 'asset') return { read: 'whole', maxBytes: maxAssetBytes, hash: true };
  return { read: 'prefix', maxBytes: sniffBytes };
}

/** A stable pseudo-random order, so a media sample is the same on every run of the same site. */
function stableHash(text: string): number {
  let hash = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
