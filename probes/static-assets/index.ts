// static-assets: the admin's and the site's stylesheets, scripts and icons load,
// are the files their hashed names promise, and are cached the way their names
// allow. Stale or missing admin JS/CSS after an upgrade is the most common
// Wagtail deploy complaint, and a missing manifest entry turns every page that
// uses {% static %} into a 500.
//
// Findings about one file (it does not load, has the wrong type, its bytes do
// not match its hash) are reported per file: each is its own fix, reproducible
// with one curl. Findings about configuration (storage does not hash, nginx
// caches unhashed names for a year) are reported once per cause and base URL,
// with the count and a few examples in the evidence: one location block or one
// STORAGES setting is one line in the report, not two hundred.

import type { Evidence } from '../../src/engine/finding.js';
import { evidenceFrom } from '../../src/probe-kit/evidence.js';
import { isStorableBySharedCache } from '../../src/signals/cache-control.js';
import { contentTypeFits, type ContentTypeFit } from '../../src/signals/content-type.js';
import { fingerprintServer } from '../../src/signals/served-by.js';
import { notNowReason } from '../../src/signals/not-now.js';
import { sniffBody } from '../../src/signals/body-sniff.js';
import { djangoDebugMarkers, exceptionValue } from '../../src/wagtail/django-pages.js';
import { judgeStaticCaching, type CachingVerdict, type StaticCachingRule } from '../../src/wagtail/static-caching.js';
import { hashMatchesBody, hasVersionQuery, parseHashedName, type HashedName } from '../../src/wagtail/static-names.js';
import type { FetchFailure, FetchResponse, FetchResult } from '../../src/http/types.js';
import type { PageRecord, ResourceRecord, SiteModel } from '../../src/gather/model.js';
import { defineProbe, type ProbeContext } from '../../src/engine/probe.js';
import { fetchNotFound, RANGE_PROBE_HEADERS } from '../../src/probe-kit/shared-requests.js';

const messages = {
  serverError: { text: '{what} {url} answered {status}: {cause}', severity: 'error' },
  adminLoginUnavailable: {
    text: 'The admin login page {url} answered {status}, not 200: the admin\'s static files were not checked (set adminPath if the admin lives elsewhere)',
    severity: 'info',
  },
  adminLoginCacheable: {
    text: 'The admin login page {url} may be stored by caches ({received}): Wagtail sends "no-store, private" on every admin view, so something between it and the client changed that',
    severity: 'warning',
  },
  assetBroken: { text: '{url}, referenced by {page}, does not load: {problem}', severity: 'error' },
  assetUnchecked: { text: '{url}, referenced by {page}, could not be checked: {reason}', severity: 'warning' },
  wrongContentType: { text: '{url}, referenced by {page}, is served as {got}; a {expectedFor} needs {expected}{hint}', severity: 'error' },
  hashMismatch: {
    text: "{url} is not the file its name promises: the served bytes' MD5 is {md5}, the name says {hash}: a CDN, cache or overlapping deploy serves another version under this name",
    severity: 'error',
  },
  storageNotHashing: {
    text: '{count} static files under {base} have no content hash in their names{versioned} (e.g. {example}): ManifestStaticFilesStorage is not in use, or DEBUG is on',
    severity: 'warning',
  },
  unhashedReferences: {
    text: '{count} static files under {base} are referenced by unhashed names while the others are hashed (e.g. {example}): a hard-coded path that bypasses {% static %} cannot be cached long',
    severity: 'info',
  },
  hashedShortCache: { text: '{count} hashed files under {base} are cached for less than a year (e.g. {example}: {received})', severity: 'warning' },
  hashedNotImmutable: { text: '{count} hashed files under {base} are not marked immutable (e.g. {example}: {received})', severity: 'info' },
  hashedNoStore: { text: '{count} hashed files under {base} are marked no-store or no-cache (e.g. {example}: {received})', severity: 'warning' },
  hashedPrivate: { text: '{count} hashed files under {base} are marked private (e.g. {example}: {received})', severity: 'warning' },
  unhashedLongCache: {
    text: '{count} unhashed files under {base} are cached for more than a day (e.g. {example}: {received}): after the next deploy visitors keep the old file',
    severity: 'warning',
  },
  unhashedImmutable: { text: '{count} unhashed files under {base} are marked immutable (e.g. {example}: {received})', severity: 'warning' },
  missingCacheHeaders: { text: '{count} files under {base} are sent without Cache-Control or Expires (e.g. {example}): {explanation}', severity: 'warning' },
  manifestDisagrees: {
    text: '{count} static URLs on the site disagree with {manifest} (e.g. {example}, where the manifest maps {name} to {mapped}): the pages and the static files come from different deploys',
    severity: 'error',
  },
  manifestEntryBroken: {
    text: '{manifest} maps {name} to {url}, which {problem}: the manifest and the files come from different deploys, or collectstatic did not finish',
    severity: 'error',
  },
  servedByDjango: {
    text: "Static files are served by {server} ({url}): Django's static.serve view and runserver are neither safe nor fast in production; let the web server, a CDN or WhiteNoise serve STATIC_ROOT",
    severity: 'error',
  },
  servedByWhiteNoise: { text: 'Static files are served by WhiteNoise ({url}): fine for static files (not for media)', severity: 'info' },
  thirdPartyAssets: { text: '{count} stylesheets, scripts or icons load from {origin} (e.g. {example}): outside this site\'s control, not judged here', severity: 'info' },
  staticUrlUnknown: {
    text: 'STATIC_URL could not be learned (no admin asset was found on {url}): hashing and manifest checks did not run; set staticUrl in the config',
    severity: 'warning',
  },
} as const;

type MessageId = keyof typeof messages;
type Context = ProbeContext<MessageId>;

/** Examples kept in the evidence of a finding about many files. */
const MAX_EXAMPLES = 5;
/** staticfiles.json of a big site is a few hundred KB; more than this is not a manifest we read. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/**
 * Admin files whose manifest entries are checked when the crawl did not already
 * fetch them (the admin login blocked, say): the few every admin page needs.
 */
const ADMIN_MANIFEST_SAMPLE = [
  'wagtailadmin/css/core.css',
  'wagtailadmin/js/core.js',
  'wagtailadmin/js/vendor.js',
  'wagtailadmin/js/wagtailadmin.js',
] as const;
/** link rels that load something the page needs; other link targets (feeds, canonical) are not assets. */
const ASSET_RELS = new Set(['stylesheet', 'icon', 'shortcut', 'apple-touch-icon', 'preload', 'modulepreload', 'mask-icon', 'manifest']);

/** Response headers that decide each kind of finding, shown as received. */
const CACHE_HEADERS = ['cache-control', 'expires', 'date', 'last-modified', 'age'];
const TYPE_HEADERS = ['content-type', 'x-content-type-options'];
const SERVER_HEADERS = [
  'server', 'accept-ranges', 'content-range', 'etag', 'access-control-allow-origin', 'cache-control', 'content-disposition',
  'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy', 'vary', 'via',
];

/** A caching rule of src/wagtail/static-caching.ts and the message that reports it. */
const CACHING_MESSAGE: Readonly<Record<StaticCachingRule, MessageId>> = {
  'hashed-short-lifetime': 'hashedShortCache',
  'hashed-not-immutable': 'hashedNotImmutable',
  'hashed-no-store': 'hashedNoStore',
  'hashed-private': 'hashedPrivate',
  'unhashed-long-lifetime': 'unhashedLongCache',
  'unhashed-immutable': 'unhashedImmutable',
  'missing-cache-headers': 'missingCacheHeaders',
};

/**
 * Wagtail's `?v=` is the first 8 hex of SHA-1(Wagtail version + SECRET_KEY)
 * (wagtail/admin/staticfiles.py): it changes with every Wagtail upgrade, so a
 * long lifetime on `core.js?v=…` cannot serve an old admin after one. The
 * "unhashed file cached long" rules do not apply to such URLs.
 */
const RULES_A_VERSION_QUERY_ANSWERS: ReadonlySet<StaticCachingRule> = new Set(['unhashed-long-lifetime', 'unhashed-immutable', 'missing-cache-headers']);

/** One first-party stylesheet, script or icon the crawl fetched, with what its name says. */
interface Asset {
  readonly resource: ResourceRecord;
  readonly result: FetchResult;
  /** Under STATIC_URL (the storage's naming rules apply), or elsewhere on the site's origins. */
  readonly underStaticUrl: boolean;
  /** STATIC_URL, or the origin for an asset outside it: what a finding about many files is about. */
  readonly base: string;
  readonly hashed: HashedName | null;
  readonly versioned: boolean;
}

/** An asset that loaded (2xx) as the type it claims. */
interface LoadedAsset extends Asset {
  readonly response: FetchResponse;
}

export default defineProbe<MessageId>({
  meta: {
    id: 'static-assets',
    title: "Static files load, match their hashed names and are cached as their names allow",
    docs: [
      'Wagtail\'s admin and most sites load their CSS and JS from STATIC_URL. With `ManifestStaticFilesStorage` every file gets a',
      'content hash in its name (`core.1a2b3c4d5e6f.css`), so it can be cached for a year and marked `immutable`; a name without a hash',
      'must not be cached for long, or visitors and editors run yesterday\'s JS after an upgrade. A manifest entry missing after a partial',
      '`collectstatic` makes every template that uses `{% static %}` fail with 500, the admin login included.',
      'Fix: run `collectstatic` on every deploy, before the new code serves requests; use `ManifestStaticFilesStorage` (or WhiteNoise\'s',
      '`CompressedManifestStaticFilesStorage`) in production settings; have the web server send',
      '`Cache-Control: public, max-age=31536000, immutable` only for hashed names and a short lifetime for the rest;',
      'serve STATIC_ROOT from the web server, a CDN or WhiteNoise, never from Django\'s `static.serve` view or `runserver`.',
    ].join(' '),
    // the login re-read, the missing page, the manifest, one Range request and a sample of admin files.
    maxRequests: 12,
    messages,
  },

  async run(site, ctx) {
    // One request: a path that must be a 404. Its 500 is the broken manifest
    // seen from the public side, and its response is the Django reference the
    // "who serves static" check compares against (shared with deploy-checks).
    const notFound = await fetchNotFound(ctx.fetch, site);
    reportServerError(ctx, notFound, 'A path that should be a 404,');

    const login = await checkAdminLogin(ctx, site.pages.find((p) => p.role === 'admin-login') ?? null);
    const { assets, thirdParty } = collectAssets(site);
    if (assets.length === 0) {
      // Shown only when nothing else was reported.
      ctx.skip(`no stylesheet, script or icon of the site was fetched: the admin login page ${site.adminLoginUrl} ${login.state === 'answered' ? 'referenced none' : `did not answer 200 (${login.detail})`} and no crawled page referenced one (set adminPath, or staticUrl)`);
    } else {
      if (login.state === 'unavailable') {
        ctx.report('adminLoginUnavailable', { url: site.adminLoginUrl, status: login.detail }, login.evidence, { url: site.adminLoginUrl });
      }
      if (site.staticUrl === null) ctx.report('staticUrlUnknown', { url: site.adminLoginUrl }, [], { url: site.adminLoginUrl, inconclusive: true });
    }

    const loaded = assets.flatMap((asset) => checkLoads(ctx, asset) ?? []);
    judgeNames(ctx, loaded);
    judgeCaching(ctx, loaded);
    for (const asset of loaded) checkIntegrity(ctx, asset);
    if (site.staticUrl !== null) await checkManifest(ctx, site.staticUrl.url, assets, loaded);
    await checkServer(ctx, loaded, notFound);
    reportThirdParty(ctx, thirdParty);
  },
});

// ---------------------------------------------------------------------------
// 500s: the usual face of a missing manifest entry.

function isServerError(result: FetchResult): result is FetchResponse {
  return result.ok && result.status >= 500;
}

/** Reports a 5xx with what its body says, when it says anything. */
function reportServerError(ctx: Context, result: FetchResult, what: string): void {
  if (!isServerError(result)) return;
  const text = result.text ?? '';
  const cause = serverErrorCause(result.status, text);
  const describe = sniffBody(result.body.prefixBase64).describe;
  const markers = djangoDebugMarkers(text);
  const note = markers.length > 0 ? `body is Django's technical error page (${markers.join(', ')})` : 'body read in full to find the exception';
  ctx.report('serverError', { what, url: result.url, status: result.status, cause }, [evidenceFrom(result, ['content-type', 'server'], { bodyPrefix: describe, note })], { url: result.url });
}

/**
 * What a 5xx most likely means. Django's technical 500 page (DEBUG on) names
 * the exception in `<pre class="exception_value">`; the production 500 page says
 * nothing, and a 500 on both the admin login and a path that should be a 404 is
 * almost always ManifestStaticFilesStorage raising for a missing entry.
 */
export function serverErrorCause(status: number, text: string): string {
  const exception = exceptionValue(text);
  if (exception !== null && /Missing staticfiles manifest entry/i.test(exception)) {
    return `Django says "${exception}": collectstatic did not run, or did not finish, for the code now deployed`;
  }
  if (exception !== null) return `Django's error page says "${exception}"`;
  if (status === 500) {
    return 'the error page does not say why (DEBUG is off); a 500 on the admin login or on a missing page is most often a missing staticfiles manifest entry: run collectstatic for the code now deployed';
  }
  if (status === 502 || status === 503 || status === 504) return 'the proxy in front got no answer from the application (gunicorn or uwsgi down, crashing at start, or too slow)';
  return 'a server error';
}

// ---------------------------------------------------------------------------
// The admin login page.

type LoginState =
  | { readonly state: 'answered' }
  | { readonly state: 'server-error'; readonly detail: string }
  | { readonly state: 'unavailable'; readonly detail: string; readonly evidence: Evidence[] };

/** Judges the admin login page; when it answered 200 its assets are among the crawled resources. */
async function checkAdminLogin(ctx: Context, login: PageRecord | null): Promise<LoginState> {
  if (login === null) return { state: 'unavailable', detail: 'not crawled', evidence: [] };
  const response = login.response;
  if (!response.ok) return { state: 'unavailable', detail: response.error.code, evidence: [evidenceFrom(response)] };
  if (response.status >= 500) {
    // The crawl kept no body: read it once to say what the error page says.
    const again = await ctx.fetch(login.url, { body: { read: 'whole', maxBytes: ctx.options.http.maxHtmlBytes, keepText: true } });
    reportServerError(ctx, isServerError(again) ? again : response, 'The admin login page');
    return { state: 'server-error', detail: String(response.status) };
  }
  if (response.status !== 200) {
    return { state: 'unavailable', detail: String(response.status), evidence: [evidenceFrom(response, ['location', 'content-type'])] };
  }
  // Wagtail wraps every admin view in never_cache ("max-age=0, no-cache,
  // no-store, must-revalidate, private"). Whether a cache in front replays the
  // page anyway is cache-privacy's to say (it compares the CSRF tokens two
  // fresh clients get); this probe judges the headers: storable by a shared
  // cache means every visitor may get the same page and, after the next
  // deploy, its stale asset URLs.
  if (isStorableBySharedCache(response.headers, response.status, response.setCookies).storable) {
    const received = response.headers['cache-control'] !== undefined ? `Cache-Control: ${response.headers['cache-control']}` : 'no Cache-Control';
    ctx.report('adminLoginCacheable', { url: login.url, received }, [evidenceFrom(response, ['cache-control', 'expires', 'pragma', 'vary'])], { url: login.url });
  }
  return { state: 'answered' };
}

// ---------------------------------------------------------------------------
// The assets: which resources count, and whether each loads.

function isPageAsset(resource: ResourceRecord): boolean {
  return resource.referencedFrom.some(
    (ref) => ref.via === 'script' || ref.via === 'style' || (ref.via === 'link' && (ref.rel ?? '').toLowerCase().split(/\s+/).some((rel) => ASSET_RELS.has(rel))),
  );
}

/** First-party assets (under STATIC_URL, or stylesheets/scripts/icons on the site's origins), and third-party ones. */
function collectAssets(site: SiteModel): { assets: Asset[]; thirdParty: ResourceRecord[] } {
  const assets: Asset[] = [];
  const thirdParty: ResourceRecord[] = [];
  for (const resource of site.resources) {
    const underStaticUrl = resource.kind === 'static';
    if (resource.kind === 'asset' && !resource.sameOrigin) {
      if (isPageAsset(resource)) thirdParty.push(resource);
      continue;
    }
    if (!underStaticUrl && !(resource.kind === 'asset' && isPageAsset(resource))) continue;
    if (resource.response === null) continue; // never fetched: the crawler says why in notFetchedReason
    assets.push({
      resource,
      result: resource.response,
      underStaticUrl,
      base: underStaticUrl && site.staticUrl !== null ? site.staticUrl.url : `${new URL(resource.url).origin}/`,
      hashed: parseHashedName(resource.url),
      versioned: hasVersionQuery(resource.url),
    });
  }
  return { assets, thirdParty };
}

function referrerOf(resource: ResourceRecord): string {
  return resource.referencedFrom[0]?.from || '(configuration)';
}

/** Reports an asset that does not load, or loads as the wrong type; the asset when it loaded as what it claims. */
function checkLoads(ctx: Context, asset: Asset): LoadedAsset | null {
  const { resource, result } = asset;
  const page = referrerOf(resource);
  const referrer = resource.referencedFrom[0]?.from;
  const withReferrer = referrer ? { referrer } : {};
  const notNow = notNowReason(result);
  if (notNow !== null) {
    ctx.report('assetUnchecked', { url: resource.url, page, reason: notNow }, [evidenceFrom(result, ['retry-after'], withReferrer)], { url: resource.url, inconclusive: true });
    return null;
  }
  if (!result.ok) {
    ctx.report('assetBroken', { url: resource.url, page, problem: `${result.error.code} (${result.error.message})` }, [evidenceFrom(result, [], withReferrer)], { url: resource.url });
    return null;
  }
  const bodyPrefix = sniffBody(result.body.prefixBase64).describe;
  if (result.status < 200 || result.status > 299) {
    const evidence = evidenceFrom(result, ['content-type', 'location', 'server'], { ...withReferrer, bodyPrefix });
    ctx.report('assetBroken', { url: resource.url, page, problem: `it answers ${result.status}` }, [evidence], { url: resource.url });
    return null;
  }
  const judged = judgeContentType(resource, result.headers['content-type']);
  if (judged !== null && judged.fit.fits === false) {
    const { fit, expectedFor } = judged;
    const hint = fit.verdict === 'html-instead' ? ": an HTML page (an error, login or 404 page) is served under the asset's name" : '';
    const got = fit.got === '' ? 'no Content-Type at all' : fit.got;
    const evidence = evidenceFrom(result, TYPE_HEADERS, { ...withReferrer, bodyPrefix });
    ctx.report('wrongContentType', { url: resource.url, page, got, expectedFor, expected: fit.expected.join(' or '), hint }, [evidence], { url: resource.url });
    return null;
  }
  return { ...asset, response: result };
}

/**
 * The Content-Type judged against the URL's extension, or for a URL without a
 * known one (Wagtail's `/admin/jsi18n/`) against what referenced it: a script
 * tag wants JavaScript, a stylesheet link CSS. Null when neither says.
 */
function judgeContentType(resource: ResourceRecord, header: string | undefined): { fit: ContentTypeFit; expectedFor: string } | null {
  const path = new URL(resource.url).pathname;
  const byName = contentTypeFits(path, header);
  if (byName.expected.length > 0) {
    return { fit: byName, expectedFor: `.${path.slice(path.lastIndexOf('.') + 1)} file` };
  }
  if (resource.referencedFrom.some((r) => r.via === 'script')) return { fit: contentTypeFits('js', header), expectedFor: 'script' };
  if (resource.referencedFrom.some((r) => r.via === 'link' && /\bstylesheet\b/i.test(r.rel ?? ''))) return { fit: contentTypeFits('css', header), expectedFor: 'stylesheet' };
  return null;
}

// ---------------------------------------------------------------------------
// Names: does the storage hash them?

function judgeNames(ctx: Context, loaded: readonly LoadedAsset[]): void {
  const underStatic = loaded.filter((a) => a.underStaticUrl);
  const unhashed = underStatic.filter((a) => a.hashed === null);
  if (unhashed.length === 0) return;
  const first = unhashed[0] as LoadedAsset;
  const evidence = examples(unhashed, [], `${unhashed.length} unhashed of ${underStatic.length} static files fetched`);
  if (unhashed.length === underStatic.length) {
    const versionedCount = unhashed.filter((a) => a.versioned).length;
    const versioned = versionedCount > 0 ? `, and ${versionedCount} carry Wagtail's ?v= (which it adds only when names are not hashed or DEBUG is on)` : '';
    ctx.report('storageNotHashing', { count: unhashed.length, base: first.base, versioned, example: first.resource.url }, evidence, { url: first.base });
  } else {
    ctx.report('unhashedReferences', { count: unhashed.length, base: first.base, example: first.resource.url }, evidence, { url: first.base });
  }
}

// ---------------------------------------------------------------------------
// Caching: one finding per rule and base URL.

function judgeCaching(ctx: Context, loaded: readonly LoadedAsset[]): void {
  const groups = new Map<string, { rule: StaticCachingRule; base: string; found: { asset: LoadedAsset; verdict: CachingVerdict }[] }>();
  for (const asset of loaded) {
    const receivedAt = Date.parse(asset.response.timing.startedAt);
    for (const verdict of judgeStaticCaching(asset.response.headers, asset.hashed !== null, { receivedAt })) {
      if (asset.versioned && asset.hashed === null && RULES_A_VERSION_QUERY_ANSWERS.has(verdict.rule)) continue;
      const key = `${verdict.rule} ${asset.base}`;
      const group = groups.get(key) ?? { rule: verdict.rule, base: asset.base, found: [] };
      group.found.push({ asset, verdict });
      groups.set(key, group);
    }
  }
  for (const { rule, base, found } of groups.values()) {
    const first = found[0] as { asset: LoadedAsset; verdict: CachingVerdict };
    const received = describeHeaders(first.verdict.headers);
    const evidence = examples(found.map((f) => f.asset), CACHE_HEADERS, first.verdict.explanation);
    ctx.report(CACHING_MESSAGE[rule], { count: found.length, base, example: first.asset.resource.url, received, explanation: first.verdict.explanation }, evidence, { url: base });
  }
}

function describeHeaders(headers: Readonly<Record<string, string>>): string {
  const shown = ['cache-control', 'expires'].filter((name) => headers[name] !== undefined);
  if (shown.length === 0) return 'no Cache-Control or Expires';
  return shown.map((name) => `${name === 'cache-control' ? 'Cache-Control' : 'Expires'}: ${headers[name]}`).join('; ');
}

// ---------------------------------------------------------------------------
// Integrity: the bytes under a hashed name are the file that name was made from.

function checkIntegrity(ctx: Context, asset: LoadedAsset): void {
  // Only names under STATIC_URL were made by Django's storage; a bundler's
  // 12-hex name elsewhere hashes with another algorithm.
  if (!asset.underStaticUrl || asset.hashed === null) return;
  const { body, status } = asset.response;
  // A body over maxAssetBytes was not read whole: nothing to compare.
  if (status !== 200 || !body.complete || body.md5 === undefined) return;
  if (hashMatchesBody(asset.hashed.hash, body.md5)) return;
  const referrer = asset.resource.referencedFrom[0]?.from;
  const note = `MD5 of the ${body.bytesRead} bytes served (after undoing any Content-Encoding): ${body.md5}`;
  const evidence = evidenceFrom(asset.response, ['content-type', 'content-length', 'content-encoding', 'etag', 'last-modified', 'age', 'x-cache', 'x-cache-status', 'cf-cache-status'], {
    ...(referrer ? { referrer } : {}),
    note,
  });
  ctx.report('hashMismatch', { url: asset.resource.url, md5: body.md5.slice(0, 12), hash: asset.hashed.hash }, [evidence], { url: asset.resource.url });
}

// ---------------------------------------------------------------------------
// staticfiles.json: where it is public, the pages' URLs agree with it and the admin's files exist.

type Manifest = Readonly<Record<string, string>>;

function parseManifest(text: string): Manifest | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const paths = (parsed as { paths?: unknown }).paths;
  if (typeof paths !== 'object' || paths === null) return null;
  return Object.fromEntries(Object.entries(paths).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The path of a URL under STATIC_URL, as the manifest writes it (`wagtailadmin/css/core.1a2b3c4d5e6f.css`); null elsewhere. */
function staticPath(url: string, staticUrl: string): string | null {
  const parsed = new URL(url);
  const base = new URL(staticUrl);
  if (parsed.origin !== base.origin || !parsed.pathname.startsWith(base.pathname)) return null;
  try {
    return decodeURIComponent(parsed.pathname.slice(base.pathname.length));
  } catch {
    return null;
  }
}

/** `css/site.0123456789ab.css` was made from `css/site.css`. */
function originalName(path: string, hashed: HashedName): string {
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  return `${dir}${hashed.stem}${hashed.ext === '' ? '' : `.${hashed.ext}`}`;
}

async function checkManifest(ctx: Context, staticUrl: string, assets: readonly Asset[], loaded: readonly LoadedAsset[]): Promise<void> {
  const hashedAssets = loaded.filter((a) => a.underStaticUrl && a.hashed !== null);
  // No hashed name anywhere and assets to show for it: the storage does not
  // hash, so there is no manifest to ask for.
  if (hashedAssets.length === 0 && assets.some((a) => a.underStaticUrl)) return;
  // One request: the manifest, which ManifestStaticFilesStorage writes to STATIC_ROOT and most setups serve.
  const manifestUrl = new URL('staticfiles.json', staticUrl).href;
  const result = await ctx.fetch(manifestUrl, { body: { read: 'whole', maxBytes: MAX_MANIFEST_BYTES, keepText: true } });
  if (!result.ok || result.status !== 200 || !result.body.complete || result.text === undefined) return;
  const manifest = parseManifest(result.text);
  if (manifest === null) return;

  const disagreeing: { asset: LoadedAsset; name: string; mapped: string }[] = [];
  for (const asset of hashedAssets) {
    const path = staticPath(asset.resource.url, staticUrl);
    if (path === null) continue;
    const name = originalName(path, asset.hashed as HashedName);
    const mapped = manifest[name];
    if (mapped !== path) disagreeing.push({ asset, name, mapped: mapped ?? '(no entry)' });
  }
  if (disagreeing.length > 0) {
    const first = disagreeing[0] as (typeof disagreeing)[number];
    const evidence = [
      evidenceFrom(result, ['content-type', 'last-modified', 'etag', 'age']),
      ...examples(disagreeing.map((d) => d.asset), ['last-modified', 'etag'], disagreeing.slice(0, MAX_EXAMPLES).map((d) => `${d.name} -> ${d.mapped}`).join('; ')),
    ];
    ctx.report('manifestDisagrees', { count: disagreeing.length, manifest: manifestUrl, example: first.asset.resource.url, name: first.name, mapped: first.mapped }, evidence, { url: manifestUrl });
  }

  // The admin's core files, by the manifest's names: fetched by the crawl when
  // the login page referenced them, else one HEAD each (at most four).
  const fetched = new Set(assets.map((a) => a.resource.url));
  for (const name of ADMIN_MANIFEST_SAMPLE) {
    const mapped = manifest[name];
    if (mapped === undefined) continue;
    const url = new URL(mapped, staticUrl).href;
    if (fetched.has(url)) continue;
    const answer = await ctx.fetch(url, { method: 'HEAD', body: { read: 'none' } });
    const problem = !answer.ok ? `fails (${answer.error.code})` : answer.status < 200 || answer.status > 299 ? `answers ${answer.status}` : null;
    if (problem !== null) ctx.report('manifestEntryBroken', { manifest: manifestUrl, name, url, problem }, [evidenceFrom(answer, ['content-type', 'server'])], { url });
  }
}

// ---------------------------------------------------------------------------
// Who serves STATIC_URL.

async function checkServer(ctx: Context, loaded: readonly LoadedAsset[], notFound: FetchResult): Promise<void> {
  const candidates = loaded.filter((a) => a.underStaticUrl && a.response.status === 200);
  const asset = candidates.find((a) => a.hashed !== null) ?? candidates[0];
  if (asset === undefined) return;
  // One Range request: web servers, CDNs and WhiteNoise answer 206, Django's file views ignore it (200).
  const ranged = await ctx.fetch(asset.resource.url, { headers: RANGE_PROBE_HEADERS, body: { read: 'prefix', maxBytes: 16 } });
  const verdict = fingerprintServer({
    response: asset.response,
    rangeResponse: ranged.ok ? ranged : null,
    djangoReference: notFound.ok ? notFound : null,
  });
  const evidence: Evidence[] = [
    evidenceFrom(asset.response, SERVER_HEADERS),
    evidenceFrom(ranged, ['content-range', 'accept-ranges', 'content-length']),
    ...(notFound.ok ? [evidenceFrom(notFound, SERVER_HEADERS, { note: 'a response known to come from Django (a missing page), for comparison' })] : []),
    { note: verdict.signals.map((s) => `${s.name}${s.value ? ` (${s.value})` : ''} -> ${s.pointsTo}`).join('; ') },
  ];
  const url = asset.resource.url;
  if (verdict.servedBy === 'django' || verdict.servedBy === 'runserver') {
    const server = verdict.servedBy === 'runserver' ? "Django's development server (runserver)" : "Django (its static.serve view)";
    ctx.report('servedByDjango', { server, url }, evidence, { url, inconclusive: verdict.confidence === 'weak' });
  } else if (verdict.servedBy === 'whitenoise') {
    ctx.report('servedByWhiteNoise', { url }, evidence, { url });
  }
}

// ---------------------------------------------------------------------------
// Third-party assets: facts, one per origin.

function reportThirdParty(ctx: Context, thirdParty: readonly ResourceRecord[]): void {
  const byOrigin = new Map<string, ResourceRecord[]>();
  for (const resource of thirdParty) {
    const origin = new URL(resource.url).origin;
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), resource]);
  }
  for (const [origin, resources] of byOrigin) {
    const first = resources[0] as ResourceRecord;
    const evidence = resources.slice(0, MAX_EXAMPLES).map((r): Evidence => {
      const referrer = r.referencedFrom[0]?.from;
      const base: Evidence = r.response ? evidenceFrom(r.response, ['content-type', 'cache-control']) : { note: `${r.url}: ${r.notFetchedReason ?? 'not fetched'}` };
      return referrer ? { ...base, referrer } : base;
    });
    ctx.report('thirdPartyAssets', { count: resources.length, origin, example: first.url }, evidence, { url: `${origin}/` });
  }
}

// ---------------------------------------------------------------------------

/** Evidence for a finding about many files: the first few, with their deciding headers and the page that referenced each. */
function examples(assets: readonly LoadedAsset[], headerNames: readonly string[], note: string): Evidence[] {
  return assets.slice(0, MAX_EXAMPLES).map((asset, index) => {
    const referrer = asset.resource.referencedFrom[0]?.from;
    return evidenceFrom(asset.response, headerNames, {
      ...(referrer ? { referrer } : {}),
      ...(index === 0 ? { note: assets.length > MAX_EXAMPLES ? `${note} (${assets.length} files in all; the first ${MAX_EXAMPLES} shown)` : note } : {}),
    });
  });
}

