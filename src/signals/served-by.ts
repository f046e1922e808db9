// Who produced a response: the web server, object storage, WhiteNoise, a Django
// view, runserver, and whether a CDN stood in front. No header proves it alone,
// so every clue becomes a weighed signal, the verdict names the best-supported
// origin, and the confidence says how far ahead of the next one it is.
// Headers a web server can be told to add to everything it sends (the
// hardening guides' X-Frame-Options, nosniff, Referrer-Policy, COOP, CSP,
// Vary) are copyable: together they never outweigh what a web server cannot
// fake cheaply (its Range answer, its ETag format, Django's own file marks).

import type { FetchResponse, HeaderMap } from '../http/types.js';
import { etagShape, type EtagShape } from './etags.js';
import { STORAGE_SERVER, storageHeaderClue } from './object-storage.js';

/** What produced the body. */
export type Origin = 'web-server' | 'object-storage' | 'whitenoise' | 'django' | 'runserver';

/** The verdict: an origin; 'cdn' when only the CDN in front shows; 'unknown' when the signals do not decide. */
export type ServedBy = Origin | 'cdn' | 'unknown';

export type CdnName = 'cloudflare' | 'cloudfront' | 'fastly' | 'akamai' | 'varnish' | 'unnamed';

export interface ServerSignal {
  /** What was seen, e.g. "server", "range request", "same middleware headers as the Django reference". */
  readonly name: string;
  /** The value as received (or a short description for derived signals). */
  readonly value: string;
  /** Origins (or the CDN) this clue is consistent with. */
  readonly pointsTo: readonly (Origin | 'cdn')[];
  /** 1: a hint others can fake; 2: good evidence; 3: decisive unless contradicted. */
  readonly weight: 1 | 2 | 3;
  /**
   * A header a web server can add to its own files by configuration (Apache
   * `Header always set`, nginx `add_header`, Caddy `header`): all copyable
   * signals together count at most COPYABLE_MAX for any one origin.
   */
  readonly copyable: boolean;
}

export interface ServerVerdict {
  readonly servedBy: ServedBy;
  /** strong: the winner has at least 3 points and leads by at least 2; weak otherwise. */
  readonly confidence: 'strong' | 'weak';
  /** The CDN or shared cache that showed itself in front, whatever produced the response behind it. */
  readonly cdn: CdnName | null;
  readonly signals: readonly ServerSignal[];
  /** Points per origin: the weights of the signals consistent with it, the copyable ones capped together. */
  readonly scores: Readonly<Record<Origin, number>>;
}

export interface FingerprintInput {
  readonly response: FetchResponse;
  /** The same URL fetched with a small Range (RANGE_PROBE_HEADERS in src/reference-requests.ts). */
  readonly rangeResponse?: FetchResponse | null;
  /**
   * A response known to come from Django on the same site: the missing page,
   * only once classifyMissingPage (src/wagtail/django-reference.ts) found it
   * Django's. A web server's own error page carries the headers it copies, so
   * comparing against it would prove nothing.
   */
  readonly djangoReference?: FetchResponse | null;
}

const ORIGINS: readonly Origin[] = ['web-server', 'object-storage', 'whitenoise', 'django', 'runserver'];
const STRONG_MIN_SCORE = 3;
const STRONG_MIN_LEAD = 2;
/** What all copyable signals together may add to one origin: good evidence, never decisive. */
const COPYABLE_MAX = 2;

export function fingerprintServer(input: FingerprintInput): ServerVerdict {
  const { headers } = input.response;
  const clues = cdnClues(headers);
  // CDN_CLUES is in order of preference, so the first clue found names the CDN.
  const cdnName = clues[0]?.clue.cdn ?? null;
  const cdn = clues.map(({ clue, value }) => signal(`${clue.header} (${clue.cdn})`, value, ['cdn'], clue.weight));
  const signals: ServerSignal[] = [
    ...serverHeaderSignals(headers),
    ...objectStorageSignals(headers),
    ...cdn,
    ...etagSignals(headers),
    ...djangoFileSignals(headers),
    ...middlewareSignals(headers),
    ...referenceSignals(headers, input.djangoReference ?? null),
    ...whiteNoiseSignals(headers),
    ...rangeSignals(input.response, input.rangeResponse ?? null, cdnName !== null),
  ];
  const scores = scoreOrigins(signals);
  const ranked = ORIGINS.map((origin) => ({ origin, score: scores[origin] })).sort((a, b) => b.score - a.score);
  const best = ranked[0] ?? { origin: 'unknown' as const, score: 0 };
  const runnerUp = ranked[1]?.score ?? 0;
  if (best.score === 0 || best.score === runnerUp) {
    // Nothing (or a tie) about the origin: say only what is known, the CDN if one showed.
    const cdnStrong = sumWeights(cdn) >= STRONG_MIN_SCORE;
    return { servedBy: cdnName ? 'cdn' : 'unknown', confidence: cdnName && cdnStrong ? 'strong' : 'weak', cdn: cdnName, signals, scores };
  }
  const strong = best.score >= STRONG_MIN_SCORE && best.score - runnerUp >= STRONG_MIN_LEAD;
  return { servedBy: best.origin, confidence: strong ? 'strong' : 'weak', cdn: cdnName, signals, scores };
}

/**
 * Sums weights per origin, the copyable signals together at most COPYABLE_MAX
 * (four copied security headers are one configuration line, not four clues).
 * runserver is Django's own process answering, so its score is the
 * Django-process evidence (the better of django and whitenoise) plus its own
 * Server header; without that header it scores nothing.
 */
function scoreOrigins(signals: readonly ServerSignal[]): Record<Origin, number> {
  const score = (origin: Origin) => {
    const consistent = signals.filter((s) => s.pointsTo.includes(origin));
    const copyable = sumWeights(consistent.filter((s) => s.copyable));
    return sumWeights(consistent.filter((s) => !s.copyable)) + Math.min(copyable, COPYABLE_MAX);
  };
  const django = score('django');
  const whitenoise = score('whitenoise');
  const runserverOwn = score('runserver');
  return {
    'web-server': score('web-server'),
    'object-storage': score('object-storage'),
    whitenoise,
    django,
    runserver: runserverOwn === 0 ? 0 : runserverOwn + Math.max(django, whitenoise),
  };
}

function sumWeights(signals: readonly ServerSignal[]): number {
  return signals.reduce((sum, s) => sum + s.weight, 0);
}

function signal(name: string, value: string, pointsTo: readonly (Origin | 'cdn')[], weight: 1 | 2 | 3, copyable = false): ServerSignal {
  return { name, value, pointsTo, weight, copyable };
}

/** A header a web server can add to everything it sends. */
function copyableSignal(name: string, value: string, pointsTo: readonly Origin[], weight: 1 | 2 | 3): ServerSignal {
  return signal(name, value, pointsTo, weight, true);
}

/** The Django process: a view, or WhiteNoise's middleware inside it. */
const DJANGO_PROCESS: readonly Origin[] = ['django', 'whitenoise'];
/** Python app servers Django runs in. */
const APP_SERVER = /^(?:gunicorn|uvicorn|waitress|daphne|hypercorn|granian)\b/i;
/** Servers that implement Range and send files themselves. */
const FILE_SERVERS: readonly Origin[] = ['web-server', 'whitenoise', 'object-storage'];

/** In order of preference: the server that produced the body before the front server that passed it on. */
const SERVER_PATTERNS: readonly { readonly pattern: RegExp; readonly pointsTo: readonly (Origin | 'cdn')[]; readonly weight: 1 | 2 | 3 }[] = [
  // Django's runserver is wsgiref's WSGIServer: "WSGIServer/0.2 CPython/3.12.3".
  { pattern: /^WSGIServer\//i, pointsTo: ['runserver'], weight: 3 },
  // An app server's own header: nginx replaces it; Apache and Caddy pass it on (Caddy adds its own beside it).
  { pattern: APP_SERVER, pointsTo: DJANGO_PROCESS, weight: 2 },
  { pattern: STORAGE_SERVER, pointsTo: ['object-storage'], weight: 3 },
  // The front server: it answers for proxied Django responses too, so only a hint.
  { pattern: /^(?:nginx|openresty|apache|caddy|litespeed|lighttpd|microsoft-iis|h2o|tengine)\b/i, pointsTo: ['web-server'], weight: 1 },
];

/** The products a Server header names: a proxy that adds its own beside the upstream's sends two ("Caddy, gunicorn"). */
function serverProducts(server: string): string[] {
  return server.split(/,\s*/).map((product) => product.trim()).filter((product) => product !== '');
}

/** The Python app server (or runserver) a Server header names, or null: Django's process answered with nothing replacing its header. */
export function appServerIn(headers: HeaderMap): string | null {
  const server = headers['server'];
  return server === undefined ? null : serverProducts(server).find((product) => /^WSGIServer\//i.test(product) || APP_SERVER.test(product)) ?? null;
}

function serverHeaderSignals(headers: HeaderMap): ServerSignal[] {
  const server = headers['server'];
  if (server === undefined) return [];
  const products = serverProducts(server);
  const known = SERVER_PATTERNS.find((p) => products.some((product) => p.pattern.test(product)));
  return known ? [signal('server', server, known.pointsTo, known.weight)] : [];
}

function objectStorageSignals(headers: HeaderMap): ServerSignal[] {
  const clue = storageHeaderClue(headers);
  return clue ? [signal(clue.name, clue.value, ['object-storage'], 3)] : [];
}

interface CdnClue {
  readonly cdn: CdnName;
  readonly header: string;
  readonly test: (value: string) => boolean;
  readonly weight: 1 | 2 | 3;
}

const any = (): boolean => true;

/** In order of preference for naming the CDN: Fastly also sends "Via: 1.1 varnish". */
const CDN_CLUES: readonly CdnClue[] = [
  { cdn: 'cloudflare', header: 'cf-ray', test: any, weight: 3 },
  { cdn: 'cloudflare', header: 'server', test: (v) => /^cloudflare\b/i.test(v), weight: 3 },
  { cdn: 'cloudfront', header: 'x-amz-cf-id', test: any, weight: 3 },
  { cdn: 'cloudfront', header: 'x-amz-cf-pop', test: any, weight: 3 },
  { cdn: 'cloudfront', header: 'via', test: (v) => /cloudfront/i.test(v), weight: 3 },
  { cdn: 'cloudfront', header: 'x-cache', test: (v) => /from cloudfront/i.test(v), weight: 3 },
  { cdn: 'fastly', header: 'x-fastly-request-id', test: any, weight: 3 },
  { cdn: 'fastly', header: 'x-served-by', test: (v) => /\bcache-[a-z0-9-]+/i.test(v), weight: 2 },
  { cdn: 'akamai', header: 'server', test: (v) => /^Akamai/i.test(v), weight: 3 },
  { cdn: 'akamai', header: 'x-cache', test: (v) => /^TCP_/i.test(v), weight: 2 },
  { cdn: 'varnish', header: 'x-varnish', test: any, weight: 2 },
  { cdn: 'varnish', header: 'via', test: (v) => /varnish/i.test(v), weight: 2 },
  { cdn: 'unnamed', header: 'via', test: any, weight: 1 },
  { cdn: 'unnamed', header: 'x-cache', test: any, weight: 1 },
  // nginx proxy_cache as configured in most guides (add_header X-Cache-Status $upstream_cache_status).
  { cdn: 'unnamed', header: 'x-cache-status', test: any, weight: 1 },
  { cdn: 'unnamed', header: 'age', test: any, weight: 1 },
];

/** One clue per header: the first that explains it. */
function cdnClues(headers: HeaderMap): { readonly clue: CdnClue; readonly value: string }[] {
  const seen = new Set<string>();
  const found: { clue: CdnClue; value: string }[] = [];
  for (const clue of CDN_CLUES) {
    const value = headers[clue.header];
    if (value === undefined || seen.has(clue.header) || !clue.test(value)) continue;
    seen.add(clue.header);
    found.push({ clue, value });
  }
  return found;
}

/** Who each ETag shape points to, and how strongly (src/signals/etags.ts reads the shape). */
const ETAG_ORIGINS: Readonly<Record<EtagShape, { readonly pointsTo: readonly Origin[]; readonly weight: 1 | 2 }>> = {
  sha1: { pointsTo: ['django'], weight: 2 },
  's3-multipart': { pointsTo: ['object-storage'], weight: 2 },
  md5: { pointsTo: ['object-storage', 'django'], weight: 1 },
  apache: { pointsTo: ['web-server'], weight: 2 },
  'mtime-size': { pointsTo: ['web-server', 'whitenoise'], weight: 1 },
  caddy: { pointsTo: ['web-server'], weight: 2 },
};

function etagSignals(headers: HeaderMap): ServerSignal[] {
  const etag = headers['etag'];
  if (etag === undefined) {
    // Django's FileResponse (static.serve) sends Last-Modified and no ETag; nginx, WhiteNoise and S3 send one.
    return headers['last-modified'] !== undefined ? [signal('last-modified without etag', headers['last-modified'], ['django'], 1)] : [];
  }
  const shape = etagShape(etag);
  return shape === null ? [] : [signal('etag', etag, ETAG_ORIGINS[shape].pointsTo, ETAG_ORIGINS[shape].weight)];
}

/** Headers only Django's file views (static.serve, Wagtail's document serve view) send. */
function djangoFileSignals(headers: HeaderMap): ServerSignal[] {
  const found: ServerSignal[] = [];
  const disposition = headers['content-disposition'];
  if (disposition !== undefined && /^\s*inline\s*;\s*filename/i.test(disposition)) {
    found.push(signal('content-disposition', disposition, ['django'], 2)); // FileResponse on a plain file
  } else if (disposition !== undefined && /^\s*attachment\b/i.test(disposition)) {
    found.push(signal('content-disposition', disposition, ['django', 'object-storage'], 1));
  }
  // A Python None written into a header: Wagtail's serve view on local storage.
  if (headers['content-encoding'] === 'None') found.push(signal('content-encoding', 'None', ['django'], 3));
  // Wagtail's serve views send these, and so do web servers told to guard user uploads.
  const csp = headers['content-security-policy'];
  if (csp !== undefined && /default-src\s+'none'/i.test(csp)) found.push(copyableSignal('content-security-policy', csp, ['django'], 1));
  const vary = headers['vary'];
  if (vary !== undefined && /\bcookie\b/i.test(vary)) found.push(copyableSignal('vary', vary, ['django'], 1));
  return found;
}

/**
 * Headers Django's default middleware adds. SecurityMiddleware comes before
 * WhiteNoiseMiddleware in the documented order, so WhiteNoise responses carry
 * its headers; XFrameOptionsMiddleware comes after, so they do not carry that one.
 * All of them are in every hardening guide's web-server configuration too.
 */
const MIDDLEWARE_HEADERS: readonly { readonly header: string; readonly djangoDefault: string; readonly pointsTo: readonly Origin[] }[] = [
  { header: 'x-frame-options', djangoDefault: 'deny', pointsTo: ['django'] },
  { header: 'x-content-type-options', djangoDefault: 'nosniff', pointsTo: DJANGO_PROCESS },
  { header: 'referrer-policy', djangoDefault: 'same-origin', pointsTo: DJANGO_PROCESS },
  { header: 'cross-origin-opener-policy', djangoDefault: 'same-origin', pointsTo: DJANGO_PROCESS },
];

/** The names of the headers Django's default middleware adds. */
export const DJANGO_MIDDLEWARE_HEADERS: readonly string[] = MIDDLEWARE_HEADERS.map(({ header }) => header);

/**
 * A header's value for comparing, lower-cased, each item once: a web server
 * that sets a header Django already sent makes two (Apache `Header always set`
 * beside the proxied one: "DENY, DENY"), and that is still DENY.
 */
function normalisedValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return [...new Set(value.split(',').map((item) => item.trim().toLowerCase()))].join(', ');
}

function middlewareSignals(headers: HeaderMap): ServerSignal[] {
  return MIDDLEWARE_HEADERS.flatMap(({ header, djangoDefault, pointsTo }) => {
    const value = headers[header];
    return value !== undefined && normalisedValue(value) === djangoDefault ? [copyableSignal(header, value, pointsTo, 1)] : [];
  });
}

/**
 * Compares the middleware headers with those on a response known to come from
 * Django. The same set says the response went through Django's middleware, or
 * through a web server that adds the same headers (copyable); none of them
 * says it did not (a web server or storage sent it, and Django cannot leave
 * them off one response cheaply); the security headers without
 * X-Frame-Options is WhiteNoise's place in the stack.
 */
function referenceSignals(headers: HeaderMap, reference: FetchResponse | null): ServerSignal[] {
  if (!reference) return [];
  const expected = MIDDLEWARE_HEADERS.filter(({ header }) => reference.headers[header] !== undefined);
  if (expected.length === 0) return [];
  const same = (header: string) => normalisedValue(headers[header]) === normalisedValue(reference.headers[header]);
  const matching = expected.filter(({ header }) => same(header));
  const names = expected.map(({ header }) => header).join(', ');
  if (matching.length === expected.length) {
    const pointsTo: readonly Origin[] = expected.some(({ header }) => header === 'x-frame-options') ? ['django'] : DJANGO_PROCESS;
    return [copyableSignal('same middleware headers as the Django reference', names, pointsTo, 2)];
  }
  if (matching.length === 0) {
    return [signal('none of the Django reference middleware headers', names, ['web-server', 'object-storage'], 2)];
  }
  const missing = expected.filter(({ header }) => !same(header)).map(({ header }) => header);
  if (missing.length === 1 && missing[0] === 'x-frame-options') {
    return [copyableSignal('Django reference security headers without x-frame-options', names, ['whitenoise'], 2)];
  }
  return [];
}

function whiteNoiseSignals(headers: HeaderMap): ServerSignal[] {
  const found: ServerSignal[] = [];
  if (headers['access-control-allow-origin']?.trim() === '*') found.push(signal('access-control-allow-origin', '*', ['whitenoise'], 1));
  const contentType = headers['content-type'];
  // Python's wsgiref quotes parameters: text/css; charset="utf-8". Django and nginx do not.
  if (contentType !== undefined && /;\s*charset="[^"]+"/i.test(contentType)) found.push(signal('content-type', contentType, ['whitenoise'], 2));
  const cacheControl = headers['cache-control'];
  if (cacheControl !== undefined && headers['expires'] === undefined && /^(?:max-age=\d+, public|max-age=315360000, public, immutable)$/.test(cacheControl.trim())) {
    found.push(signal('cache-control', cacheControl, ['whitenoise'], 1)); // WhiteNoise's exact wording; nginx "expires" adds Expires
  }
  if (headers['accept-ranges']?.trim().toLowerCase() === 'bytes') {
    found.push(signal('accept-ranges', headers['accept-ranges'], ['web-server', 'object-storage'], 1)); // WhiteNoise does not send it, Django never
  }
  return found;
}

/**
 * Django's file views ignore Range (200); web servers, WhiteNoise and object
 * storage answer 206 with Content-Range, which no header a web server copies
 * can imitate: decisive unless contradicted. Behind a CDN a 206 may be the
 * CDN's own work from its cache, so it counts only as a hint there.
 */
function rangeSignals(response: FetchResponse, range: FetchResponse | null, behindCdn: boolean): ServerSignal[] {
  if (!range || response.status !== 200) return [];
  const value = `${range.request.headers['range'] ?? 'Range'} -> ${range.status}`;
  if (range.status === 206 && range.headers['content-range'] !== undefined) return [signal('range request', value, FILE_SERVERS, behindCdn ? 1 : 3)];
  if (range.status === 416) return [signal('range request', value, FILE_SERVERS, 1)];
  if (range.status === 200) return [signal('range request', value, ['django'], 2)];
  return [];
}
