// media-offload: who sends the site's user uploads (renditions, originals,
// document files), whether they are broken, exposed, listable or badly cached.
//
// Uploads should be sent by the web server, a CDN or object storage, never
// streamed by Django: that ties up a worker per download. Most of the judgement
// comes from the SiteModel; the targeted requests are few and bounded:
//   1 GET of a random path (Django's 404: the reference for its headers),
//   at most 5 Range GETs (one per kind of server response seen),
//   at most 3 GETs of an original derived from one rendition,
//   4 GETs of media folders (directory listing),
//   1 GET of a tampered dynamic image URL (only when the site uses that view).

import { isUnder } from '../../src/gather/urls.js';
import type { Evidence } from '../../src/engine/finding.js';
import { freshness, cacheHitSignal } from '../../src/signals/cache-control.js';
import { contentTypeFits } from '../../src/signals/content-type.js';
import { fingerprintServer, type ServerVerdict } from '../../src/signals/served-by.js';
import { sniffBody, type SniffedType } from '../../src/signals/body-sniff.js';
import type { FetchResponse, FetchResult, HeaderMap } from '../../src/http/types.js';
import type { ResourceKind, ResourceRecord, SiteModel } from '../../src/gather/model.js';
import { defineProbe, type ProbeContext } from '../../src/engine/probe.js';
import { fetchNotFound, RANGE_PROBE_HEADERS } from '../../src/probe-kit/shared-requests.js';

// ---------------------------------------------------------------------------
// Budgets and thresholds

/** Range requests at most: enough to confirm each kind of server response, polite on production. */
const MAX_RANGE_REQUESTS = 5;
/** Original file names tried for one rendition at most. */
const MAX_ORIGINAL_CANDIDATES = 3;
/** URLs listed in one finding's evidence; the rest are counted. */
const MAX_LISTED_URLS = 10;
/** Example responses shown per grouped finding. */
const MAX_EXAMPLES = 3;
/**
 * A day. A rendition's name changes when its image, focal point or filter
 * changes (Wagtail writes a new file), so it can be cached for weeks; below a
 * day, every returning visitor downloads every image again daily and a CDN
 * keeps going back to the origin. nginx sends no caching headers unless told.
 */
const RENDITION_MIN_LIFETIME_SECONDS = 86_400;

// ---------------------------------------------------------------------------
// What is judged

/** The resource kinds this probe judges, plus documents through Wagtail's serve view. */
type MediaKind = 'rendition' | 'original-image' | 'media' | 'image' | 'image-serve' | 'document-file' | 'document';

const FILE_KINDS: ReadonlySet<ResourceKind> = new Set(['rendition', 'original-image', 'media', 'image', 'image-serve', 'document-file']);

const KIND_LABEL: Readonly<Record<MediaKind, string>> = {
  rendition: 'Renditions (images/)',
  'original-image': 'Original images (original_images/)',
  media: 'Other files under MEDIA_URL',
  image: 'Images outside MEDIA_URL',
  'image-serve': "Images from Wagtail's dynamic serve view",
  'document-file': 'Document files (documents/)',
  document: "Documents through Wagtail's serve view",
};

/** One file response the crawler got, with where it was met. */
interface MediaItem {
  /** URL of the file itself (after a document's or image view's redirect). */
  readonly url: string;
  readonly kind: MediaKind;
  readonly response: FetchResponse;
  readonly referrer: string | undefined;
  /** The serve URL whose redirect led to the file, when it came that way. */
  readonly via?: string;
}

/** A media resource whose fetch failed below HTTP. */
interface FailedItem {
  readonly url: string;
  readonly kind: MediaKind;
  readonly response: Extract<FetchResult, { ok: false }>;
  readonly referrer: string | undefined;
}

type Ctx = ProbeContext<MessageId>;
type MessageId = keyof typeof MESSAGES;

const MESSAGES = {
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
    text: 'Could not tell whether original_images/ is public: no original found for {rendition} (tried {tried})',
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

export default defineProbe({
  meta: {
    id: 'media-offload',
    title: 'User uploads are sent by the web server, not Django, and are neither broken nor exposed',
    docs:
      "User uploads (Wagtail's image renditions and originals, document files) should never pass through Django in production: " +
      'every download ties up a worker, and a slow client can take the site down. Serve `MEDIA_ROOT/images/` from the web server ' +
      '(nginx `location /media/images/ { alias …; }`), a CDN or object storage, with a long `Cache-Control` (renditions get a new ' +
      'name when they change). Deny `original_images/` (collection privacy does not cover images, and originals are large) and, with ' +
      "`WAGTAILDOCS_SERVE_METHOD = 'serve_view'`, `documents/`; never enable directory listings (`autoindex`). Remove any " +
      '`django.views.static.serve` or `static()` route for MEDIA_URL from production URLs. Renditions that 404 usually mean uploads ' +
      'were written to an ephemeral disk (containers, Heroku): use persistent or object storage. The probe decides who sent a response ' +
      "from Django's middleware headers compared with Django's own 404, Range support, Content-Disposition, ETag and Server headers; " +
      'it says when those signals do not decide.',
    // Range requests per shape, the missing page, original-name guesses, folder listings, the image serve view's tampered signature.
    maxRequests: 40,
    messages: MESSAGES,
  },

  async run(site, ctx) {
    const mediaUrl = site.mediaUrl?.url ?? null;
    const { items, failed, notFoundMarkers, sampledOut, mediaTotal } = collectMedia(site);

    reportSampling(ctx, site, sampledOut, mediaTotal);
    for (const marker of notFoundMarkers) reportNotFoundMarker(ctx, marker);
    reportFailures(ctx, failed);

    const healthy = items.filter((item) => item.response.status >= 200 && item.response.status < 300);
    reportBrokenStatuses(ctx, items);
    reportImageTypes(ctx, healthy);
    reportRenditionCaching(ctx, healthy, mediaUrl);

    await Promise.all([
      judgeServers(ctx, site, healthy),
      mediaUrl !== null && ctx.options.originalsPrivate ? checkOriginals(ctx, healthy, mediaUrl) : Promise.resolve(),
      mediaUrl !== null ? checkDirectoryListings(ctx, mediaUrl) : Promise.resolve(),
      checkImageServeSignature(ctx, site),
    ]);

    if (items.length === 0 && failed.length === 0 && notFoundMarkers.length === 0 && sampledOut.length === 0) {
      ctx.skip(
        'no images, renditions or document files found on the crawled pages: seed pages that show images (crawl.seeds) ' +
          'or set mediaUrl in the config',
      );
    }
  },
});

// ---------------------------------------------------------------------------
// Collecting the file responses from the SiteModel

interface Collected {
  items: MediaItem[];
  failed: FailedItem[];
  notFoundMarkers: ResourceRecord[];
  sampledOut: ResourceRecord[];
  /** Media resources met in all, fetched or not (for the sampling note). */
  mediaTotal: number;
}

const SAMPLED_KINDS: ReadonlySet<ResourceKind> = new Set(['rendition', 'original-image', 'media', 'image', 'image-serve']);

function collectMedia(site: SiteModel): Collected {
  const mediaUrl = site.mediaUrl?.url ?? null;
  const mediaOrigin = mediaUrl === null ? null : new URL(mediaUrl).origin;
  const bases = { origins: site.origins, staticUrl: site.staticUrl?.url ?? null, mediaUrl };
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
  collected.items.sort((a, b) => a.url.localeCompare(b.url));
  return collected;
}

/** Wagtail's marker for a missing original: `{% image %}` renders `src="<MEDIA_URL>not-found"`. */
function isNotFoundMarker(url: string, mediaUrl: string | null): boolean {
  if (mediaUrl !== null) return url === new URL('not-found', mediaUrl).href;
  return new URL(url).pathname.endsWith('/not-found');
}

// ---------------------------------------------------------------------------
// Evidence helpers

/** The headers, of those named, that the response carries: only what decides, as received. */
function pick(headers: HeaderMap, names: readonly string[]): HeaderMap {
  return Object.fromEntries(names.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name] as string]));
}

function responseEvidence(response: FetchResult, headerNames: readonly string[], extra: Partial<Evidence> = {}): Evidence {
  const base: Evidence = {
    request: response.request,
    ...(response.hops.length > 0 ? { hops: response.hops } : {}),
    ...(response.ok ? { status: response.status, headers: pick(response.headers, headerNames) } : { error: `${response.error.code}: ${response.error.message}` }),
  };
  return { ...base, ...extra };
}

function itemEvidence(item: MediaItem, headerNames: readonly string[], extra: Partial<Evidence> = {}): Evidence {
  return responseEvidence(item.response, headerNames, { ...(item.referrer ? { referrer: item.referrer } : {}), ...extra });
}

function urlList(urls: readonly string[]): string {
  const shown = urls.slice(0, MAX_LISTED_URLS).join(', ');
  return urls.length > MAX_LISTED_URLS ? `${shown} (+${urls.length - MAX_LISTED_URLS} more)` : shown;
}

/** The deepest folder every URL shares: a stable place to pin a grouped finding. */
function commonFolder(urls: readonly string[]): string {
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

function describeBody(response: FetchResponse): { type: SniffedType; describe: string } {
  return sniffBody(response.body.prefixBase64);
}

const IMAGE_TYPES: ReadonlySet<SniffedType> = new Set(['png', 'jpeg', 'gif', 'webp', 'avif', 'svg']);
/** Bodies that are certainly not an image: an error page, a login wall, a JSON error. */
const NOT_IMAGE_TYPES: ReadonlySet<SniffedType> = new Set(['html', 'text', 'json', 'xml', 'pdf', 'zip', 'empty']);

// ---------------------------------------------------------------------------
// Sampling, missing files, failures

function reportSampling(ctx: Ctx, site: SiteModel, sampledOut: readonly ResourceRecord[], total: number): void {
  if (sampledOut.length === 0) return;
  ctx.report(
    'mediaSampled',
    { skipped: sampledOut.length, total, sampled: total - sampledOut.length },
    [{ note: `not fetched: ${urlList(sampledOut.map((r) => r.url).sort())}` }],
    { url: site.mediaUrl?.url ?? site.target },
  );
}

function reportNotFoundMarker(ctx: Ctx, marker: ResourceRecord): void {
  const pages = marker.referencedFrom.map((r) => r.from).filter((from) => from !== '');
  ctx.report(
    'notFoundMarker',
    { url: marker.url, count: marker.referenceCount },
    pages.map((page) => ({ referrer: page, note: `the page shows <img src="${marker.url}">: find the image whose file is missing in the admin` })),
    { url: marker.url },
  );
}

/** Statuses Wagtail's image serve view gives, and what each means (wagtail/images/views/serve.py). */
const IMAGE_SERVE_STATUS: Readonly<Record<number, string>> = {
  400: 'the filter spec in the URL is invalid',
  403: 'the signature does not match: SECRET_KEY changed since the URL was made, or the URL was edited',
  404: 'no image with that id',
  410: "the image's original file is missing from storage",
};

function reportBrokenStatuses(ctx: Ctx, items: readonly MediaItem[]): void {
  for (const item of items) {
    const { status } = item.response;
    if (status >= 200 && status < 300) continue;
    const evidence = [itemEvidence(item, ['content-type', 'server', 'retry-after'], { bodyPrefix: describeBody(item.response).describe })];
    const data = { kind: KIND_LABEL[item.kind], url: item.url, status };
    const meaning = IMAGE_SERVE_STATUS[status];
    if (item.kind === 'image-serve' && meaning !== undefined) {
      ctx.report('imageServeError', { url: item.url, status, meaning }, evidence, { url: item.url });
    } else if (status === 404 || status === 410) {
      ctx.report('mediaMissing', data, evidence, { url: item.url });
    } else {
      // 429 and 503 say "not now", not "broken": reported, but not counted as a failure.
      ctx.report('mediaError', data, evidence, { url: item.url, inconclusive: status === 429 || status === 503 });
    }
  }
}

function reportFailures(ctx: Ctx, failed: readonly FailedItem[]): void {
  for (const item of failed) {
    ctx.report(
      'mediaError',
      { kind: KIND_LABEL[item.kind], url: item.url, status: item.response.error.code },
      [responseEvidence(item.response, [], item.referrer ? { referrer: item.referrer } : {})],
      // A timeout or reset may be the network, not the file: it cannot decide.
      { url: item.url, inconclusive: true },
    );
  }
}

// ---------------------------------------------------------------------------
// Images that are not images

const IMAGE_KINDS: ReadonlySet<MediaKind> = new Set(['rendition', 'original-image', 'image', 'image-serve', 'media']);

function reportImageTypes(ctx: Ctx, healthy: readonly MediaItem[]): void {
  for (const item of healthy) {
    if (!IMAGE_KINDS.has(item.kind)) continue;
    const contentType = item.response.headers['content-type'];
    // The image view's URL ends in the original's name, whose extension may differ from the rendition's format.
    const fit = item.kind === 'image-serve' ? null : contentTypeFits(new URL(item.url).pathname, contentType);
    const body = describeBody(item.response);
    const looksLikeImage = IMAGE_TYPES.has(body.type) || (fit !== null && fit.expected.some((t) => t.startsWith('image/')));
    if (!looksLikeImage) continue; // 'media' that is not an image by name or body: nothing to compare against
    const evidence = [itemEvidence(item, ['content-type', 'content-length'], { bodyPrefix: body.describe })];
    if (NOT_IMAGE_TYPES.has(body.type)) {
      ctx.report('notAnImage', { url: item.url, body: body.describe, contentType: contentType ?? 'no Content-Type' }, evidence, { url: item.url });
    } else if (fit !== null && fit.fits === false) {
      ctx.report('wrongContentType', { url: item.url, contentType: contentType ?? 'no Content-Type', expected: fit.expected.join(' or ') }, evidence, {
        url: item.url,
      });
    }
  }
}

// ---------------------------------------------------------------------------
// Caching of renditions

function reportRenditionCaching(ctx: Ctx, healthy: readonly MediaItem[], mediaUrl: string | null): void {
  const renditions = healthy.filter((item) => item.kind === 'rendition');
  const short = renditions.filter((item) => {
    const lifetime = cacheLifetime(item.response);
    return lifetime === null || lifetime < RENDITION_MIN_LIFETIME_SECONDS;
  });
  if (short.length === 0) return;
  // One finding for the folder, one example per distinct set of caching headers.
  const byHeaders = new Map<string, MediaItem[]>();
  for (const item of short) {
    const key = cachingHeaders(item.response);
    byHeaders.set(key, [...(byHeaders.get(key) ?? []), item]);
  }
  const evidence = [...byHeaders.values()].slice(0, MAX_EXAMPLES).map((group) =>
    itemEvidence(group[0] as MediaItem, ['cache-control', 'expires', 'date', 'last-modified'], {
      note: `${group.length} rendition(s) with these caching headers: ${urlList(group.map((i) => i.url))}`,
    }),
  );
  ctx.report(
    'renditionCacheShort',
    { count: short.length, total: renditions.length, detail: [...byHeaders.keys()].slice(0, MAX_EXAMPLES).join('; ') },
    evidence,
    { url: mediaUrl !== null ? new URL('images/', mediaUrl).href : commonFolder(short.map((i) => i.url)) },
  );
}

/** The longer of what a browser and a shared cache may keep it for; null when nothing explicit says. */
function cacheLifetime(response: FetchResponse): number | null {
  const receivedAt = Date.parse(response.timing.startedAt);
  const lifetimes = (['private', 'shared'] as const).map((cache) => {
    const fresh = freshness(response.headers, { cache, receivedAt });
    return fresh.flags.noStore ? 0 : fresh.lifetimeSeconds;
  });
  const known = lifetimes.filter((l): l is number => l !== null);
  return known.length === 0 ? null : Math.max(...known);
}

function cachingHeaders(response: FetchResponse): string {
  const cc = response.headers['cache-control'];
  const expires = response.headers['expires'];
  if (cc === undefined && expires === undefined) return 'no Cache-Control or Expires';
  return [cc !== undefined ? `Cache-Control: ${cc}` : null, expires !== undefined ? `Expires: ${expires}` : null].filter(Boolean).join(', ');
}

// ---------------------------------------------------------------------------
// Who served it

/** Headers an operator needs to see to follow a verdict; only those present are shown. */
const SERVER_HEADERS = [
  'server', 'via', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy',
  'content-security-policy', 'content-disposition', 'content-encoding', 'etag', 'last-modified', 'accept-ranges',
  'access-control-allow-origin', 'content-type', 'cache-control', 'vary', 'age', 'x-cache', 'x-cache-status',
  'cf-ray', 'cf-cache-status', 'x-amz-cf-id', 'x-amz-request-id', 'x-served-by', 'x-varnish',
] as const;

/**
 * Headers that differ between servers but not between files of one server:
 * files of one kind, on one origin, with the same header names and the same
 * values of these, came the same way. One Range request per such shape.
 */
const SHAPE_VALUES = ['server', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy', 'content-encoding'];
/** Names that come and go per request (caches, cookies), left out of a shape. */
const VOLATILE = new Set(['age', 'x-cache', 'x-cache-status', 'cf-cache-status', 'set-cookie', 'expires', 'date', 'x-served-by', 'x-timer', 'x-varnish']);

/** Files of one kind that came back the same way. */
interface Shape {
  readonly kind: MediaKind;
  readonly items: readonly MediaItem[];
}

/** A shape with its Range answer (null when it was not asked: over budget) and the verdict on its first file. */
interface JudgedShape extends Shape {
  readonly range: FetchResult | null;
  readonly verdict: ServerVerdict;
}

function shapeOf(item: MediaItem): string {
  const names = Object.keys(item.response.headers).filter((n) => !VOLATILE.has(n)).sort().join(',');
  const values = SHAPE_VALUES.map((n) => item.response.headers[n] ?? '').join('|');
  return [item.kind, new URL(item.url).origin, item.response.status, names, values].join(' ');
}

function groupByShape(items: readonly MediaItem[]): Shape[] {
  const groups = new Map<string, MediaItem[]>();
  for (const item of items) {
    const key = shapeOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()].map((group) => ({ kind: (group[0] as MediaItem).kind, items: group }));
}

async function judgeServers(ctx: Ctx, site: SiteModel, healthy: readonly MediaItem[]): Promise<void> {
  if (healthy.length === 0) return;
  const shapes = rangeOrder(groupByShape(healthy));

  // Django's answer to a path nothing serves: the headers its middleware adds, on this site, today.
  const referencePromise = fetchNotFound(ctx.fetch, site);
  // Range on one file of each shape: Django's file views ignore it (200), web servers and storage answer 206.
  // The final URL: a redirect hop would answer Range with its 3xx and say nothing.
  const ranges = await Promise.all(
    shapes.map((shape, index) =>
      index < MAX_RANGE_REQUESTS
        ? ctx.fetch((shape.items[0] as MediaItem).response.url, { headers: RANGE_PROBE_HEADERS, followRedirects: false, body: { read: 'prefix', maxBytes: 64 } })
        : Promise.resolve(null),
    ),
  );
  const referenceResult = await referencePromise;
  const reference = referenceResult.ok ? referenceResult : null;
  const judged: JudgedShape[] = shapes.map((shape, index) => {
    const range = ranges[index] ?? null;
    const verdict = fingerprintServer({ response: (shape.items[0] as MediaItem).response, rangeResponse: range?.ok ? range : null, djangoReference: reference });
    return { ...shape, range, verdict };
  });

  // Report per (kind, verdict): one finding, however many files, with one example per shape.
  const findings = new Map<string, JudgedShape[]>();
  for (const shape of judged) {
    const key = `${shape.kind} ${shape.verdict.servedBy} ${shape.verdict.cdn ?? ''}`;
    findings.set(key, [...(findings.get(key) ?? []), shape]);
  }
  for (const group of findings.values()) reportServer(ctx, group, referenceResult);
}

/** The largest shape of each kind first, so every kind gets a Range check before any gets two. */
function rangeOrder(groups: readonly Shape[]): Shape[] {
  const bySize = [...groups].sort((a, b) => b.items.length - a.items.length || (a.items[0] as MediaItem).url.localeCompare((b.items[0] as MediaItem).url));
  const firsts: Shape[] = [];
  const kinds = new Set<MediaKind>();
  for (const group of bySize) {
    if (!kinds.has(group.kind)) {
      kinds.add(group.kind);
      firsts.push(group);
    }
  }
  return [...firsts, ...bySize.filter((g) => !firsts.includes(g))];
}

const DJANGO_PROCESS = new Set(['django', 'runserver', 'whitenoise']);

function serverLabel(verdict: ServerVerdict, kind: MediaKind, items: readonly MediaItem[]): string {
  const base = {
    'web-server': 'the web server',
    'object-storage': 'object storage',
    cdn: 'a CDN or cache (the server behind it does not show)',
    whitenoise: 'WhiteNoise, inside the Django process',
    django: 'Django',
    runserver: "Django's development server (runserver)",
    unknown: 'an unknown server',
  }[verdict.servedBy];
  // Django checked privacy, then handed the file over: Range works, Wagtail's headers partly survive.
  const handedOver = kind === 'document' && verdict.servedBy === 'web-server' ? " after Django's privacy check (X-Accel-Redirect / X-Sendfile)" : '';
  if (verdict.servedBy === 'cdn') return base;
  if (verdict.cdn !== null && verdict.cdn !== 'unnamed') return `${base}${handedOver} behind a CDN (${verdict.cdn})`;
  // A cache nobody is named for (nginx proxy_cache, X-Wagtail-Cache, a bare Age): name the header that showed it.
  const cache = items.map((item) => cacheHitSignal(item.response.headers)).find((signal) => signal !== null);
  if (cache) return `${base}${handedOver} behind a cache (${cache.header})`;
  return verdict.cdn === 'unnamed' ? `${base}${handedOver} behind a cache or CDN` : `${base}${handedOver}`;
}

function reportServer(ctx: Ctx, shapes: readonly JudgedShape[], reference: FetchResult): void {
  const first = shapes[0] as JudgedShape;
  const verdict = first.verdict;
  const kind = first.kind;
  const items = shapes.flatMap((s) => s.items);
  const urls = items.map((i) => i.url).sort();
  const weak = shapes.some((s) => s.verdict.confidence === 'weak');
  const data = {
    kind: KIND_LABEL[kind],
    server: serverLabel(verdict, kind, items),
    count: items.length,
    files: items.length === 1 ? '1 file' : `${items.length} files`,
    confidence: weak ? 'weak' : 'strong',
  };
  const evidence = serverEvidence(shapes, reference, urls);
  const options = { url: commonFolder(urls) };

  if (verdict.servedBy === 'unknown') {
    ctx.report('servedByUnknown', data, evidence, { ...options, inconclusive: true });
  } else if (!DJANGO_PROCESS.has(verdict.servedBy)) {
    ctx.report('servedBy', data, evidence, options);
  } else if (kind === 'document') {
    // Wagtail's documented default on local storage: a privacy check, then Django streams the file.
    ctx.report('documentsStreamedByDjango', data, evidence, options);
  } else if (kind === 'image-serve') {
    // The dynamic view is Django by design; what matters is a cache in front of it.
    const cached = verdict.cdn !== null || items.some((i) => cacheHitSignal(i.response.headers) !== null);
    ctx.report(cached ? 'servedBy' : 'imageServeNotCached', data, evidence, options);
  } else {
    // A weak verdict is reported but cannot fail the run: the signals did not settle it.
    ctx.report('servedByDjango', data, evidence, { ...options, inconclusive: weak });
  }
}

function serverEvidence(shapes: readonly JudgedShape[], reference: FetchResult, urls: readonly string[]): Evidence[] {
  const evidence: Evidence[] = [];
  for (const shape of shapes.slice(0, MAX_EXAMPLES)) {
    const example = shape.items[0] as MediaItem;
    const verdict = shape.verdict;
    const signals = verdict.signals.map((s) => `${s.name}: ${s.value} → ${s.pointsTo.join('/')} (weight ${s.weight})`).join('; ');
    evidence.push(
      itemEvidence(example, SERVER_HEADERS, {
        note: `${shape.items.length} file(s) with this response shape; verdict ${verdict.servedBy} (${verdict.confidence}); signals: ${signals || 'none'}`,
      }),
    );
    if (shape.range) {
      evidence.push(responseEvidence(shape.range, ['content-range', 'accept-ranges', 'content-length'], { note: `the same file with Range: ${RANGE_PROBE_HEADERS['Range']}` }));
    }
  }
  const ttfb = median(shapes.flatMap((s) => s.items).map((i) => i.response.timing.ttfbMs));
  const latency = reference.ok ? `; median time to first byte of these files ${ttfb} ms, of Django's 404 ${reference.timing.ttfbMs} ms (a hint only)` : '';
  evidence.push(
    responseEvidence(reference, ['server', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy', 'vary'], {
      note: `a path nothing serves, answered by Django: the reference for its middleware headers${latency}`,
    }),
  );
  evidence.push({ note: `files judged: ${urlList(urls)}` });
  return evidence;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

// ---------------------------------------------------------------------------
// Originals

/**
 * Operations of Wagtail's filter specs as they appear in rendition names
 * (wagtail/images/wagtail_hooks.py; `|` is written as `.`).
 */
const FILTER_OPERATION = new RegExp(
  '^(?:original|fill-\\d+x\\d+(?:-c\\d+)?|(?:max|min)-\\d+x\\d+|(?:width|height|scale)-\\d+|format-[a-z]+(?:-lossless)?|' +
    '(?:jpeg|webp|avif)quality-\\d+|bgcolor-[0-9a-fA-F]{3,6})$',
);
const FOCAL_KEY = /^[0-9a-f]{8}$/;

/**
 * The original's likely name from a rendition's: Wagtail names a rendition
 * `<original stem>.[<focal key>.]<spec with | as .>.<format ext>` (stem cut so
 * the name stays within 60 characters), so stripping the spec and the key
 * gives the stem back. The original's extension is unknown when a format-
 * operation changed it: the rendition's first, then the common ones.
 */
export function deriveOriginalNames(renditionName: string): string[] | null {
  const parts = renditionName.split('.');
  const ext = parts.pop();
  if (ext === undefined || parts.length < 2) return null;
  let operations = 0;
  while (parts.length > 1 && FILTER_OPERATION.test(parts[parts.length - 1] as string)) {
    parts.pop();
    operations += 1;
  }
  if (operations === 0) return null;
  if (parts.length > 1 && FOCAL_KEY.test(parts[parts.length - 1] as string)) parts.pop();
  const stem = parts.join('.');
  if (stem === '') return null;
  const extensions = [...new Set([ext, 'jpg', 'png', 'jpeg'])].slice(0, MAX_ORIGINAL_CANDIDATES);
  return extensions.map((e) => `${stem}.${e}`);
}

type OriginalOutcome = 'exposed' | 'denied' | 'missing' | 'unclear';

function originalOutcome(result: FetchResult): OriginalOutcome {
  if (!result.ok) return 'unclear';
  if (result.status === 401 || result.status === 403) return 'denied';
  if (result.status === 404 || result.status === 410) return 'missing';
  if (result.status >= 200 && result.status < 300) {
    const body = describeBody(result);
    if (IMAGE_TYPES.has(body.type) || (body.type === 'binary' && /^image\//i.test(result.headers['content-type'] ?? ''))) return 'exposed';
    // A 200 page under an image name (a login wall, a soft 404) is not the original.
    return 'unclear';
  }
  return 'unclear';
}

async function checkOriginals(ctx: Ctx, healthy: readonly MediaItem[], mediaUrl: string): Promise<void> {
  // An original a page links to answers for itself: no need to guess a name.
  const linked = healthy.filter((item) => item.kind === 'original-image');
  const exposedLinked = linked.filter((item) => originalOutcome(item.response) === 'exposed');
  if (exposedLinked.length > 0) {
    const item = exposedLinked[0] as MediaItem;
    ctx.report(
      'originalsExposed',
      { url: item.url, status: item.response.status, how: `linked from a page${exposedLinked.length > 1 ? `, as are ${exposedLinked.length - 1} more` : ''}` },
      [itemEvidence(item, ['content-type', 'content-length', 'server'], { bodyPrefix: describeBody(item.response).describe })],
      { url: item.url },
    );
    return;
  }

  // Otherwise derive ONE original from a rendition, preferring one whose format was not converted.
  const renditions = healthy
    .filter((item) => item.kind === 'rendition' && isUnder(item.url, mediaUrl))
    .sort((a, b) => Number(a.url.includes('.format-')) - Number(b.url.includes('.format-')) || a.url.localeCompare(b.url));
  let rendition: MediaItem | undefined;
  let names: string[] | null = null;
  for (const candidate of renditions) {
    names = deriveOriginalNames(decodeURIComponent(new URL(candidate.url).pathname.split('/').pop() ?? ''));
    if (names !== null) {
      rendition = candidate;
      break;
    }
  }
  if (rendition === undefined || names === null) return; // no rendition to derive from: nothing to judge

  const tried: FetchResult[] = [];
  for (const name of names) {
    const url = new URL(`original_images/${encodeURIComponent(name)}`, mediaUrl).href;
    const result = await ctx.fetch(url, { body: { read: 'prefix', maxBytes: 512 } });
    tried.push(result);
    const outcome = originalOutcome(result);
    if (outcome === 'missing') continue;
    if (outcome === 'denied') return; // original_images/ is closed: as Wagtail advises
    const note = `URL derived from the rendition ${rendition.url} (filter spec and focal key stripped; the original's real name may differ)`;
    if (outcome === 'exposed' && result.ok) {
      ctx.report(
        'originalsExposed',
        { url: result.url, status: result.status, how: 'URL derived from a rendition' },
        [responseEvidence(result, ['content-type', 'content-length', 'server'], { bodyPrefix: describeBody(result).describe, note, ...(rendition.referrer ? { referrer: rendition.referrer } : {}) })],
        { url: result.url },
      );
      return;
    }
    break; // unclear: a failure, a 5xx, a page under an image name; more guesses would not help
  }
  ctx.report(
    'originalsUndetermined',
    { rendition: rendition.url, tried: tried.map((r) => `${r.request.url} → ${r.ok ? r.status : r.error.code}`).join(', ') },
    tried.map((r) => responseEvidence(r, ['content-type', 'server'])),
    { url: new URL('original_images/', mediaUrl).href, inconclusive: true },
  );
}

// ---------------------------------------------------------------------------
// Directory listings

const MEDIA_FOLDERS = ['', 'images/', 'original_images/', 'documents/'] as const;

/** nginx/Apache autoindex, Python's http.server, an S3 bucket listing. */
const LISTING_MARKERS = [/<title>\s*Index of /i, /<h1>\s*Index of /i, /<a href="\.\.\/">/i, /Directory listing for /i, /<ListBucketResult[\s>]/];

async function checkDirectoryListings(ctx: Ctx, mediaUrl: string): Promise<void> {
  await Promise.all(
    MEDIA_FOLDERS.map(async (folder) => {
      const url = new URL(folder, mediaUrl).href;
      // A redirect (to add a slash, to a login) is not a listing: do not follow it.
      const result = await ctx.fetch(url, { followRedirects: false, body: { read: 'prefix', maxBytes: 2048 } });
      if (!result.ok || result.status !== 200) return;
      const text = Buffer.from(result.body.prefixBase64, 'base64').toString('latin1');
      const marker = LISTING_MARKERS.find((re) => re.test(text));
      if (!marker) return;
      ctx.report('directoryListing', { url }, [
        responseEvidence(result, ['content-type', 'server'], { bodyPrefix: describeBody(result).describe, note: `the body matches ${marker.source}` }),
      ], { url });
    }),
  );
}

// ---------------------------------------------------------------------------
// The dynamic image serve view's signature check

/** `/images/<27 url-safe base64 chars>=/<id>/…`: the signature segment of Wagtail's image serve URL. */
const SIGNATURE_SEGMENT = /\/images\/([A-Za-z0-9_-]{27}=)\/\d+\//;

async function checkImageServeSignature(ctx: Ctx, site: SiteModel): Promise<void> {
  const working = site.resources
    .filter((r) => r.kind === 'image-serve' && r.response?.ok && (r.response.status < 400 || r.response.hops.length > 0))
    .sort((a, b) => a.url.localeCompare(b.url))[0];
  if (!working) return;
  const url = new URL(working.url);
  const match = SIGNATURE_SEGMENT.exec(url.pathname);
  if (!match) return;
  const signature = match[1] as string;
  // One changed character: any valid-looking signature that is not the right one must get 403.
  const tampered = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
  url.pathname = url.pathname.replace(`/images/${signature}/`, `/images/${tampered}/`);
  const result = await ctx.fetch(url.href, { followRedirects: false, body: { read: 'prefix', maxBytes: 512 } });
  const evidence = [responseEvidence(result, ['content-type', 'location', 'server'], { note: `the signature of ${working.url} with its first character changed` })];
  if (result.ok && result.status === 403) return;
  if (result.ok && result.status >= 200 && result.status < 400) {
    ctx.report('imageServeSignatureIgnored', { url: url.href, status: result.status }, evidence, { url: url.href });
    return;
  }
  ctx.report('imageServeSignatureUnclear', { status: result.ok ? result.status : result.error.code }, evidence, { url: url.href, inconclusive: true });
}
