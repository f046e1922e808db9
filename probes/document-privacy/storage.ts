// Documents served from object storage (the redirect method with
// django-storages): a signature should not outlive a revoked permission by
// long, and the bucket must not list its keys. (A private document that
// redirects anonymously at all, signed or not, is canaryNotProtected: its
// stored object read without a signature is privateObjectPublic.)
// This probe owns every bucket listing, MEDIA_URL's included: media-offload
// reports web-server autoindex pages only (src/signals/listings.ts). Storage is
// whatever StorageOrigins knows: a well-known host, a signed URL, the config's
// storageOrigins, or an origin whose answers carried a store's signs.

import { READ, type ProbeFetchOptions } from '../../src/probe-kit/index.js';
import { listingIn } from '../../src/signals/listings.js';
import { bucketRoots, signedLifetime } from '../../src/signals/storage-urls.js';
import { MAX_BUCKET_CHECKS, MAX_EVIDENCE_PER_GROUP, SIGNED_URL_MAX_SECONDS } from './bounds.js';
import { answerEvidence, fileEvidence } from './evidence.js';
import type { Answer, Examined, MediaUrl } from './facts.js';
import type { Context, Report } from './messages.js';
import type { StorageOrigins } from './storage-origins.js';

/** A bucket root read far enough to see its listing; the same request as media-offload's for MEDIA_URL (the run's memo sends it once). */
const BUCKET_CHECK: ProbeFetchOptions = { followRedirects: false, body: READ.listing };

export interface StorageRedirect {
  readonly e: Examined;
  /** Where the serve URL redirected: the storage URL. */
  readonly target: URL;
  /** The redirect itself (its Location and Date are the evidence). */
  readonly answer: Answer;
}

export function storageRedirects(examined: readonly Examined[], storage: StorageOrigins): StorageRedirect[] {
  return examined.flatMap((e) => (e.verdict.kind === 'redirect' && e.answer !== null && storage.has(new URL(e.verdict.target)) ? [{ e, target: new URL(e.verdict.target), answer: e.answer }] : []));
}

/** One finding for every signature valid longer than django-storages' default hour. */
export function reportLongSignedUrls(report: Report, redirects: readonly StorageRedirect[]): void {
  const long = redirects.flatMap(({ e, target, answer }) => {
    const seconds = signedLifetime(target, answer.headers['date']);
    return seconds !== null && seconds > SIGNED_URL_MAX_SECONDS ? [{ e, seconds, answer }] : [];
  });
  if (long.length === 0) return;
  const seconds = Math.max(...long.map((l) => l.seconds));
  report('longSignedUrl', { count: long.length, seconds, limit: SIGNED_URL_MAX_SECONDS },
    long.slice(0, MAX_EVIDENCE_PER_GROUP).map(({ e, answer, seconds: s }) => answerEvidence(answer, e.doc, ['location', 'date'], `valid for ${s} s`)),
    { url: long[0]?.e.doc.url as string });
}

/**
 * The roots a bucket listing would answer at: each storage redirect's bucket
 * (path-style and virtual-hosted where the host does not say which), then
 * MEDIA_URL itself (on a custom domain or a path-style endpoint nothing in its
 * name says storage: only the answer does), then its bucket roots when it is
 * known to be on storage. Distinct, at most MAX_BUCKET_CHECKS.
 */
export function listingCandidates(redirects: readonly StorageRedirect[], mediaUrl: MediaUrl | null, storage: StorageOrigins): string[] {
  const fromRedirects = redirects.flatMap(({ target }) => bucketRoots(target));
  const media = mediaUrl === null ? [] : [mediaUrl.url, ...(storage.has(new URL(mediaUrl.url)) ? bucketRoots(new URL(mediaUrl.url)) : [])];
  return [...new Set([...fromRedirects, ...media])].slice(0, MAX_BUCKET_CHECKS);
}

/** Each candidate root asked anonymously for its listing; a bucket listing on any host is the finding. */
export async function fetchListableBuckets(ctx: Context, redirects: readonly StorageRedirect[], mediaUrl: MediaUrl | null, storage: StorageOrigins): Promise<void> {
  for (const bucketUrl of listingCandidates(redirects, mediaUrl, storage)) {
    const result = await ctx.fetch(bucketUrl, BUCKET_CHECK);
    if (!result.ok) continue;
    const listing = listingIn(result.status, result.text ?? '');
    if (listing?.kind !== 'bucket') continue;
    ctx.report('storageBucketListable', { bucketUrl }, [fileEvidence(result, `the body is an object store's listing of its keys (it matches ${listing.marker})`)], { url: bucketUrl });
  }
}
