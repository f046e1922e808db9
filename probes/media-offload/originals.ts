// Whether original_images/ is public. Wagtail advises serving images/ only:
// collection privacy does not cover images, and originals are large. What the
// site itself publishes comes first (an original a page links to answers for
// itself; the images API names originals exactly), then names derived from
// renditions, which Wagtail may have cut: several originals are tried, whole
// stems before cut ones, and the first decisive answer ends the check.

import { evidenceFrom, isUnder, lastPathSegment, READ, type Evidence, type FetchResponse, type FetchResult, compareText } from '../../src/probe-kit/index.js';
import { notNowReason } from '../../src/signals/not-now.js';
import { storageClues } from '../../src/signals/object-storage.js';
import { isSignedUrl, unsignedForm } from '../../src/signals/storage-urls.js';
import { imagesApiUrl, parseImagesApiListing } from '../../src/wagtail/images-api.js';
import { convertsFormat, originalNameCandidates, parseRenditionName, RENDITION_NAME_LIMIT, type RenditionName } from '../../src/wagtail/renditions.js';
import { describeBody, IMAGE_TYPES, itemEvidence, type MediaItem } from './collect.js';
import type { Ctx, Report } from './messages.js';

/** Names tried for one original at most (its likeliest extensions). */
export const MAX_NAMES_PER_ORIGINAL = 3;
/** Distinct originals (rendition stems) names are derived for at most. */
export const MAX_ORIGINALS_DERIVED = 4;
/** Derived names tried at most, across those originals: each one's likeliest name first, then the next. */
export const MAX_DERIVED_GUESSES = 8;
/** One page of the images API, asked once. */
export const IMAGES_API_REQUESTS = 1;
/** Originals the images API names that are tried at most (another may be a lost file). */
export const MAX_API_DOWNLOADS = 3;
/** A signed rendition asked for unsigned, once: whether the store lets anyone read its objects (anonymousReads). */
export const ANONYMOUS_READ_REQUESTS = 1;
/** The rule's requests at most: the API page, its originals, the derived names, and one unsigned rendition. */
export const ORIGINALS_MAX_REQUESTS = IMAGES_API_REQUESTS + MAX_API_DOWNLOADS + MAX_DERIVED_GUESSES + ANONYMOUS_READ_REQUESTS;

/** What a request for an original needs to see: the first bytes say whether it is an image. */
const ORIGINAL_READ = { body: { read: 'prefix', maxBytes: 512 } } as const;

/**
 * The original's likely names from a rendition's (already percent-decoded),
 * likeliest first; null when the name is not a rendition's.
 */
export function deriveOriginalNames(renditionName: string): string[] | null {
  const names = originalNameCandidates(renditionName, MAX_NAMES_PER_ORIGINAL);
  return names.length > 0 ? names : null;
}

type OriginalOutcome = 'exposed' | 'denied' | 'missing' | 'unclear' | 'not-now';
/** How one answer reads on its own: a store's refusal of a derived name waits for anonymousReads to say what it means. */
type AnswerOutcome = OriginalOutcome | 'store-refused';

/**
 * S3 answers 403, not 404, for a key that does not exist when anonymous clients
 * may read objects but not list the bucket: a guessed name a store refuses
 * says nothing by itself. A name the site gave (the images API) exists, so its
 * refusal is closed; a derived one's is weighed by anonymousReads.
 */
function isStoreRefusalOfGuess(result: FetchResponse, candidate: Candidate | null): boolean {
  if (candidate === null || candidate.rendition === null) return false;
  return storageClues(result.headers, Buffer.from(result.body.prefixBase64, 'base64').toString('latin1')).length > 0;
}

/** How one answer for an original reads; `candidate` is null for an original a page links itself. */
function originalOutcome(result: FetchResult, candidate: Candidate | null): AnswerOutcome {
  // A 429 or a host the client stopped asking: more requests now would be impolite and tell nothing.
  if (notNowReason(result) !== null) return 'not-now';
  if (!result.ok) return 'unclear';
  if (result.status === 401 || result.status === 403) return isStoreRefusalOfGuess(result, candidate) ? 'store-refused' : 'denied';
  if (result.status === 404 || result.status === 410) return 'missing';
  if (result.status >= 200 && result.status < 300) {
    const body = describeBody(result);
    if (IMAGE_TYPES.has(body.type) || (body.type === 'binary' && /^image\//i.test(result.headers['content-type'] ?? ''))) return 'exposed';
    // A 200 page under an image name (a login wall, a soft 404) is not the original.
    return 'unclear';
  }
  return 'unclear';
}

/**
 * Whether the store lets anyone read its objects, which is what a store's 403
 * for a guessed name means: on a private bucket every anonymous read is
 * refused (closed, as Wagtail advises); on a public-read one without the right
 * to list, a missing key is refused too (the guess was wrong: unclear).
 * Signing its links says nothing: django-storages signs by default, even on a
 * public-read bucket. So the rendition itself is asked unsigned, once a run.
 */
interface AnonymousReads {
  /** What a store's refusal of a name derived from `rendition` means. */
  readonly judge: (rendition: MediaItem) => Promise<OriginalOutcome>;
  /** The unsigned rendition's answer, when it was asked: evidence for an undetermined finding. */
  readonly evidence: () => Evidence | null;
}

function anonymousReads(ctx: Ctx): AnonymousReads {
  let asked: { readonly url: string; readonly result: Promise<FetchResult> } | null = null;
  let answered: { readonly url: string; readonly result: FetchResult } | null = null;
  return {
    async judge(rendition) {
      // An unsigned rendition answered anonymously already: objects there are public, the refusal is a missing key.
      if (!isSignedUrl(new URL(rendition.url))) return 'unclear';
      asked ??= { url: rendition.url, result: ctx.fetch(unsignedForm(new URL(rendition.url)).href, ORIGINAL_READ) };
      const result = await asked.result;
      answered = { url: asked.url, result };
      if (notNowReason(result) !== null) return 'not-now';
      if (result.ok && (result.status === 401 || result.status === 403)) return 'denied';
      // 2xx: anyone may read objects there. Anything else (a 404, an error) does not say either: the guess stays unclear.
      return 'unclear';
    },
    evidence() {
      if (answered === null) return null;
      const { url, result } = answered;
      const said = result.ok && result.status >= 200 && result.status < 300 ? ': the store serves objects to anyone, so its 403 for a guessed name may be a missing key' : '';
      return evidenceFrom(result, ['content-type', 'server'], { note: `the rendition ${url} asked for without its signature${said}` });
    },
  };
}

/** A URL thought to be an original's, and how the probe came by it. */
interface Candidate {
  readonly url: string;
  /** The finding's {how}: which route proved it. */
  readonly how: string;
  /** The evidence note on the request for it. */
  readonly note: string;
  readonly referrer: string | undefined;
  /** The rendition it was derived from; null when the site named it. */
  readonly rendition: MediaItem | null;
}

/** The images API's listing, when the site has one. */
interface ImagesApi {
  readonly listing: FetchResponse;
  readonly candidates: readonly Candidate[];
}

export async function fetchOriginals(ctx: Ctx, healthy: readonly MediaItem[], mediaUrl: string): Promise<void> {
  const report = ctx.report.bind(ctx);
  if (reportLinkedOriginal(healthy, report)) return;
  const api = await fetchImagesApi(ctx, mediaUrl);
  const candidates = unique([...(api?.candidates ?? []), ...derivedCandidates(healthy, mediaUrl)]);

  const reads = anonymousReads(ctx);
  const tried: { candidate: Candidate; result: FetchResult }[] = [];
  for (const candidate of candidates) {
    const result = await ctx.fetch(candidate.url, ORIGINAL_READ);
    tried.push({ candidate, result });
    const answer = originalOutcome(result, candidate);
    const outcome = answer === 'store-refused' && candidate.rendition !== null ? await reads.judge(candidate.rendition) : answer;
    if (outcome === 'denied') return; // original_images/ is closed: as Wagtail advises
    if (outcome === 'exposed' && result.ok) {
      const evidence = [
        evidenceFrom(result, ['content-type', 'content-length', 'server'], {
          bodyPrefix: describeBody(result).describe,
          note: candidate.note,
          ...(candidate.referrer ? { referrer: candidate.referrer } : {}),
        }),
        ...(candidate.rendition === null && api ? [listingEvidence(api)] : []),
      ];
      report('originalsExposed', { url: result.url, status: result.status, how: candidate.how }, evidence, { url: result.url });
      return;
    }
    if (outcome === 'not-now') break;
    // missing or unclear (a wrong guess, a lost file, a page under an image name): the next candidate may still decide
  }
  if (tried.length === 0) return; // no original to try: nothing to judge
  const readsEvidence = reads.evidence();
  report(
    'originalsUndetermined',
    {
      sources: sourcesLabel(tried.map((t) => t.candidate)),
      tried: tried.map(({ result }) => `${result.request.url} → ${result.ok ? result.status : result.error.code}`).join(', '),
    },
    [
      ...tried.map(({ candidate, result }) => evidenceFrom(result, ['content-type', 'server', 'retry-after'], { note: candidate.note })),
      ...(readsEvidence === null ? [] : [readsEvidence]),
      ...(api && tried.some((t) => t.candidate.rendition === null) ? [listingEvidence(api)] : []),
    ],
    { url: new URL('original_images/', mediaUrl).href, inconclusive: true },
  );
}

/** An original a page links to answers for itself: no need to guess a name. True when that settled it. */
function reportLinkedOriginal(healthy: readonly MediaItem[], report: Report): boolean {
  const exposed = healthy.filter((item) => item.kind === 'original-image' && originalOutcome(item.response, null) === 'exposed');
  const item = exposed[0];
  if (item === undefined) return false;
  report(
    'originalsExposed',
    { url: item.url, status: item.response.status, how: `linked from a page${exposed.length > 1 ? `, as are ${exposed.length - 1} more` : ''}` },
    [itemEvidence(item, ['content-type', 'content-length', 'server'], { bodyPrefix: describeBody(item.response).describe })],
    { url: item.url },
  );
  return true;
}

/**
 * The originals the images API names on the media origin, at most
 * MAX_API_DOWNLOADS; null when the site has no images API (a 404, a page
 * that is no listing, an error): nothing to say about that.
 */
async function fetchImagesApi(ctx: Ctx, mediaUrl: string): Promise<ImagesApi | null> {
  const result = await ctx.fetch(imagesApiUrl(ctx.options.target), { body: READ.json });
  if (!result.ok || result.status !== 200 || result.text === undefined) return null;
  const images = parseImagesApiListing(result.text, result.url);
  if (images === null) return null;
  const mediaOrigin = new URL(mediaUrl).origin;
  const candidates = images.flatMap((image): Candidate[] => {
    const url = new URL(image.downloadUrl);
    // Only the media host is ours to ask; a signed URL answers whatever the folder does, so ask for it unsigned.
    if (url.origin !== mediaOrigin) return [];
    const signed = isSignedUrl(url);
    if (signed) url.search = '';
    const named = `the images API's download_url${image.id !== null ? ` for image ${image.id}` : ''}`;
    return [{
      url: url.href,
      how: "the images API's download_url",
      note: signed ? `${named} (${image.downloadUrl}) with its signature removed` : named,
      referrer: result.url,
      rendition: null,
    }];
  });
  return { listing: result, candidates: candidates.slice(0, MAX_API_DOWNLOADS) };
}

function listingEvidence(api: ImagesApi): Evidence {
  return evidenceFrom(api.listing, ['content-type'], { note: "the images API listing whose download_url named the original (Wagtail's ImagesAPIViewSet)" });
}

/** A rendition whose name parses, with what it says of its original. */
interface ParsedRendition {
  readonly item: MediaItem;
  readonly name: RenditionName;
  readonly names: readonly string[];
}

/**
 * Names derived from the renditions under MEDIA_URL: one rendition per
 * original, at most MAX_ORIGINALS_DERIVED originals, whole stems before ones
 * Wagtail may have cut, shorter stems first; each original's likeliest name,
 * then its next, up to MAX_DERIVED_GUESSES.
 */
function derivedCandidates(healthy: readonly MediaItem[], mediaUrl: string): Candidate[] {
  const parsed = healthy
    .filter((item) => item.kind === 'rendition' && isUnder(item.url, mediaUrl))
    .flatMap((item): ParsedRendition[] => {
      // The site wrote these bytes: a malformed escape (`photo%zz`) is kept as written, never thrown on.
      const fileName = lastPathSegment(item.url);
      const name = parseRenditionName(fileName);
      const names = deriveOriginalNames(fileName);
      return name === null || names === null ? [] : [{ item, name, names }];
    })
    // Within one original, a rendition whose format was not converted says most about the original's extension.
    .sort((a, b) => Number(convertsFormat(a.name)) - Number(convertsFormat(b.name)) || compareText(a.item.url, b.item.url));
  const byStem = new Map<string, ParsedRendition>();
  for (const rendition of parsed) if (!byStem.has(rendition.name.stem)) byStem.set(rendition.name.stem, rendition);
  const stems = [...byStem.keys()];
  const originals = [...byStem.values()]
    // A cut stem that begins a longer one is that same original again, shortened.
    .filter(({ name }) => !(name.stemMayBeTruncated && stems.some((stem) => stem.length > name.stem.length && stem.startsWith(name.stem))))
    .sort((a, b) => Number(a.name.stemMayBeTruncated) - Number(b.name.stemMayBeTruncated) || a.name.stem.length - b.name.stem.length || compareText(a.item.url, b.item.url))
    .slice(0, MAX_ORIGINALS_DERIVED);

  const candidates: Candidate[] = [];
  for (let rank = 0; rank < MAX_NAMES_PER_ORIGINAL; rank++) {
    for (const { item, name, names } of originals) {
      const original = names[rank];
      if (original === undefined) continue;
      const cut = name.stemMayBeTruncated ? `; the rendition's name is at Wagtail's ${RENDITION_NAME_LIMIT}-character limit, so its stem may be cut` : '';
      candidates.push({
        url: new URL(`original_images/${encodeURIComponent(original)}`, mediaUrl).href,
        how: `URL derived from a rendition: ${item.url}`,
        note: `URL derived from the rendition ${item.url} (filter spec and focal key stripped; the original's real name may differ${cut})`,
        referrer: item.referrer,
        rendition: item,
      });
    }
  }
  return candidates.slice(0, MAX_DERIVED_GUESSES);
}

/** Each URL once, in order: a derived name the API already gave is not asked again. */
function unique(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    if (seen.has(c.url)) return false;
    seen.add(c.url);
    return true;
  });
}

/** Where the URLs tried came from, for the undetermined finding: the API, the renditions. */
function sourcesLabel(tried: readonly Candidate[]): string {
  const renditions = [...new Set(tried.flatMap((c) => (c.rendition === null ? [] : [c.rendition.url])))];
  const parts = [
    ...(tried.some((c) => c.rendition === null) ? ["the images API's download_url"] : []),
    ...(renditions.length > 0 ? [`${renditions.length === 1 ? 'the rendition' : 'the renditions'} ${renditions.join(', ')}`] : []),
  ];
  return parts.join(' and ');
}
