// A shared cache in front of a response (a CDN, a caching proxy, wagtail-cache):
// which one, whether it served the response from storage (a replay of what the
// origin told an earlier request), and the exact headers that show it. One
// description, so every probe names the same cache from the same headers. Pure.

import type { HeaderMap } from '../http/types.js';

/** Headers a cache shows itself with, in the order evidence lists them. */
export const SHARED_CACHE_HEADERS = [
  'age', 'via', 'x-varnish', 'x-cache', 'x-cache-hits', 'x-served-by', 'x-cache-status', 'cf-cache-status', 'x-proxy-cache', 'x-wagtail-cache', 'x-drupal-cache',
] as const;

/** Every finding about a cache shows these: what let a cache store the response, and the cache's own headers. */
export const CACHE_EVIDENCE_HEADERS = ['cache-control', 'expires', 'vary', ...SHARED_CACHE_HEADERS] as const;

export type SharedCacheName =
  | 'Varnish'
  | 'Fastly'
  | 'CloudFront'
  | 'Cloudflare'
  | 'Akamai'
  | 'nginx proxy_cache'
  | 'wagtail-cache'
  | 'Drupal page cache'
  | 'a caching proxy'
  | 'a shared cache'
  /** Via alone: something in between, not known to cache. */
  | 'a proxy';

/** A header as received (name lower-cased). */
export interface CacheSign {
  readonly header: string;
  readonly value: string;
}

export interface SharedCache {
  readonly name: SharedCacheName;
  /** true: served from storage (a replay); false: the cache went to the origin; null: a cache is there, outcome unclear. */
  readonly hit: boolean | null;
  /** The header that decided `hit`. */
  readonly decidedBy: CacheSign;
  /** The headers that show it, the deciding one first, then the one that named the cache, then Age: what a message quotes. */
  readonly signs: readonly CacheSign[];
}

/** A response the cache served from storage. */
export type SharedCacheReplay = SharedCache & { readonly hit: true };

/** Words caches use for "served from storage" and "went to the origin". */
const HIT_WORDS = /^(?:tcp_|tcp_mem_|tcp_ims_|tcp_refresh_|refresh)?(hit|stale|updating|revalidated)$/;
const MISS_WORDS = /^(?:tcp_|tcp_refresh_)?(miss|expired|bypass|pass|dynamic|skip)$/;

/** Headers that name the outcome, each read by its own family's words. */
const STATUS_HEADERS = ['cf-cache-status', 'x-cache-status', 'x-proxy-cache', 'x-wagtail-cache', 'x-drupal-cache', 'x-cache'] as const;

/**
 * Which cache in front said what about this response. A hit in any cache of
 * a chain (Varnish behind Cloudflare, Fastly's shield and edge) means the
 * response came from storage; a header that names the outcome beats Age,
 * which only implies it (Age > 0: held a while; Age 0: a cache, outcome
 * unclear). Via alone shows a proxy, not whether it cached. Null when no
 * cache or proxy shows itself.
 */
export function describeSharedCache(headers: HeaderMap): SharedCache | null {
  const outcomes: { hit: boolean | null; sign: CacheSign }[] = [];
  for (const header of STATUS_HEADERS) {
    const value = headers[header];
    if (value !== undefined) outcomes.push({ hit: classifyStatus(value), sign: { header, value } });
  }
  const varnish = headers['x-varnish'];
  if (varnish !== undefined) {
    // Varnish puts this request's id, then the id of the request that stored the object.
    const ids = varnish.trim().split(/[\s,]+/).filter((id) => /^\d+$/.test(id));
    if (ids.length > 0) outcomes.push({ hit: ids.length >= 2, sign: { header: 'x-varnish', value: varnish } });
  }
  const age = headers['age'];
  // An unparsable Age says nothing.
  const ageSeconds = age !== undefined && /^\s*\d+\s*$/.test(age) ? Number(age) : null;
  const decided =
    outcomes.find((o) => o.hit === true) ??
    outcomes.find((o) => o.hit === false) ??
    (ageSeconds !== null && ageSeconds > 0 ? { hit: true, sign: { header: 'age', value: age as string } } : null) ??
    outcomes[0] ??
    (ageSeconds !== null ? { hit: null, sign: { header: 'age', value: age as string } } : null) ??
    (headers['via'] !== undefined ? { hit: null, sign: { header: 'via', value: headers['via'] } } : null);
  if (decided === null) return null;
  const { name, namedBy } = nameCache(decided.sign, headers);
  const signs = [decided.sign];
  const add = (header: string | null) => {
    const value = header === null ? undefined : headers[header];
    if (header !== null && value !== undefined && !signs.some((s) => s.header === header)) signs.push({ header, value });
  };
  add(namedBy);
  add('age');
  return { name, hit: decided.hit, decidedBy: decided.sign, signs };
}

/** The cache that served the response from storage, or null: the origin answered (or nothing says otherwise). */
export function cacheReplay(headers: HeaderMap): SharedCacheReplay | null {
  const cache = describeSharedCache(headers);
  return cache?.hit === true ? (cache as SharedCacheReplay) : null;
}

/**
 * A response a cache in front served from storage: what the origin said to an
 * earlier request, so it shows nothing of how the origin answers this one.
 */
export function isCacheReplay(headers: HeaderMap): boolean {
  return cacheReplay(headers) !== null;
}

/** "X-Varnish: 32770 3, Age: 118": the headers as a message quotes them. */
export function cacheSignsText(cache: SharedCache): string {
  return cache.signs.map((s) => `${displayName(s.header)}: ${s.value}`).join(', ');
}

/** "Varnish (X-Varnish: 32770 3, Age: 118)". */
export function describeCacheText(cache: SharedCache): string {
  return `${cache.name} (${cacheSignsText(cache)})`;
}

export interface CacheHitSignal {
  /** true: served from a cache; false: the cache went to the origin; null: a cache is there, outcome unclear. */
  readonly hit: boolean | null;
  /** The header that said so (lower-cased name). */
  readonly header: string;
  readonly value: string;
}

/**
 * The deciding header alone, for callers that need no name (media-offload's
 * served-by). Null for Via alone: it shows a proxy, not a cache.
 */
export function cacheHitSignal(headers: HeaderMap): CacheHitSignal | null {
  const cache = describeSharedCache(headers);
  if (cache === null || cache.decidedBy.header === 'via') return null;
  return { hit: cache.hit, header: cache.decidedBy.header, value: cache.decidedBy.value };
}

/**
 * A status value may list several caches ("MISS, HIT" from Fastly shielding);
 * a hit anywhere means the response came from storage. Only each item's first
 * word counts, so "Hit from cloudfront" works and a host name after "from" cannot.
 */
function classifyStatus(value: string): boolean | null {
  const words = value.split(',').map((item) => item.trim().split(/\s+/)[0]?.toLowerCase() ?? '');
  if (words.some((word) => HIT_WORDS.test(word))) return true;
  if (words.some((word) => MISS_WORDS.test(word))) return false;
  return null;
}

type Naming = { readonly name: SharedCacheName; readonly namedBy: string | null };

/**
 * The cache the deciding header belongs to: nginx's X-Cache-Status behind
 * Cloudflare is nginx's word, not Cloudflare's. X-Cache, Age and Via are
 * shared by many caches, so their companions name them.
 */
function nameCache(decidedBy: CacheSign, headers: HeaderMap): Naming {
  switch (decidedBy.header) {
    case 'cf-cache-status': return { name: 'Cloudflare', namedBy: null };
    // nginx proxy_cache as most guides configure it: add_header X-Cache-Status $upstream_cache_status.
    case 'x-cache-status': return { name: 'nginx proxy_cache', namedBy: null };
    case 'x-proxy-cache': return { name: 'a caching proxy', namedBy: null };
    case 'x-wagtail-cache': return { name: 'wagtail-cache', namedBy: null };
    case 'x-drupal-cache': return { name: 'Drupal page cache', namedBy: null };
    case 'x-varnish': return { name: 'Varnish', namedBy: null };
    case 'x-cache': {
      if (/cloudfront/i.test(decidedBy.value)) return { name: 'CloudFront', namedBy: null };
      if (/^\s*TCP_/i.test(decidedBy.value)) return { name: 'Akamai', namedBy: null };
      return companionName(headers) ?? { name: 'a shared cache', namedBy: null };
    }
    case 'age': return companionName(headers) ?? { name: 'a shared cache', namedBy: null };
    default: return companionName(headers) ?? { name: 'a proxy', namedBy: null };
  }
}

/** Headers that name a CDN or cache without saying whether it hit; Fastly first, as it also sends "Via: 1.1 varnish". */
function companionName(headers: HeaderMap): Naming | null {
  const has = (header: string, test: RegExp = /./) => headers[header] !== undefined && test.test(headers[header] as string);
  if (has('cf-ray')) return { name: 'Cloudflare', namedBy: 'cf-ray' };
  if (has('x-amz-cf-id')) return { name: 'CloudFront', namedBy: 'x-amz-cf-id' };
  if (has('via', /cloudfront/i)) return { name: 'CloudFront', namedBy: 'via' };
  if (has('x-served-by', /\bcache-[a-z0-9-]+/i)) return { name: 'Fastly', namedBy: 'x-served-by' };
  if (has('x-fastly-request-id')) return { name: 'Fastly', namedBy: 'x-fastly-request-id' };
  if (has('x-varnish')) return { name: 'Varnish', namedBy: 'x-varnish' };
  if (has('via', /varnish/i)) return { name: 'Varnish', namedBy: 'via' };
  return null;
}

/** "x-cache-status" as "X-Cache-Status", "cf-cache-status" as "CF-Cache-Status". */
function displayName(header: string): string {
  return header.split('-').map((part) => (part === 'cf' ? 'CF' : part.charAt(0).toUpperCase() + part.slice(1))).join('-');
}
