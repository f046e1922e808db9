// Caching semantics of a recorded response (RFC 9111): what Cache-Control says,
// how long a cache may reuse the response, and whether a shared cache may store
// it. Pure: time is an argument. (Whether a cache in front served it: shared-cache.ts.)

import type { HeaderMap } from '../http/types.js';
import { parseHttpDate } from './http-date.js';

/** A delta-seconds directive (max-age, s-maxage) as found, never silently repaired. */
export type DeltaSeconds =
  | { readonly state: 'absent' }
  | { readonly state: 'valid'; readonly seconds: number }
  | {
      readonly state: 'invalid';
      /** The values as received, one per occurrence (null: the directive had no value). */
      readonly raw: readonly (string | null)[];
      /** malformed: not a non-negative integer; conflicting: repeated with different values. */
      readonly reason: 'malformed' | 'conflicting';
    };

export interface CacheDirective {
  /** Lower-cased directive name. */
  readonly name: string;
  /** Unquoted value, or null when the directive had none. */
  readonly value: string | null;
}

export interface CacheControl {
  /** Every directive in order, unknown ones and repeats included. */
  readonly directives: readonly CacheDirective[];
  readonly maxAge: DeltaSeconds;
  readonly sMaxAge: DeltaSeconds;
  readonly noStore: boolean;
  /** Unqualified no-cache: the whole response must be revalidated before each reuse. */
  readonly noCache: boolean;
  /** no-cache="field, …": only these header fields need revalidation (names lower-cased). */
  readonly noCacheFields: readonly string[];
  /** Unqualified private: no shared cache may store the response. */
  readonly private: boolean;
  /** private="field, …": a shared cache may store the response without these fields. */
  readonly privateFields: readonly string[];
  readonly public: boolean;
  readonly immutable: boolean;
  readonly mustRevalidate: boolean;
  readonly proxyRevalidate: boolean;
}

/** RFC 9111 §1.2.2: a delta-seconds too large to represent is taken as 2^31. */
const MAX_DELTA_SECONDS = 2 ** 31;

export function parseCacheControl(value: string | undefined): CacheControl {
  const directives = splitDirectives(value ?? '');
  const named = (name: string) => directives.filter((d) => d.name === name);
  const has = (name: string) => named(name).length > 0;
  const unqualified = (name: string) => named(name).some((d) => d.value === null || d.value.trim() === '');
  const fields = (name: string) =>
    named(name).flatMap((d) => (d.value === null ? [] : d.value.split(',')))
      .map((field) => field.trim().toLowerCase())
      .filter((field) => field !== '');
  return {
    directives,
    maxAge: deltaSeconds(named('max-age')),
    sMaxAge: deltaSeconds(named('s-maxage')),
    noStore: has('no-store'),
    noCache: unqualified('no-cache'),
    noCacheFields: fields('no-cache'),
    private: unqualified('private'),
    privateFields: fields('private'),
    public: has('public'),
    immutable: has('immutable'),
    mustRevalidate: has('must-revalidate'),
    proxyRevalidate: has('proxy-revalidate'),
  };
}

/** Splits on commas outside quoted strings; tolerant of spaces around "=" and empty list items. */
function splitDirectives(header: string): CacheDirective[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const ch = header[i];
    if (quoted && ch === '\\' && i + 1 < header.length) {
      current += ch + header[++i];
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === ',' && !quoted) {
      items.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  items.push(current);
  return items.flatMap((item): CacheDirective[] => {
    const equals = item.indexOf('=');
    const name = (equals < 0 ? item : item.slice(0, equals)).trim().toLowerCase();
    if (name === '') return [];
    return [{ name, value: equals < 0 ? null : unquote(item.slice(equals + 1).trim()) }];
  });
}

function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  const closing = value.endsWith('"') && value.length > 1 ? value.length - 1 : value.length;
  return value.slice(1, closing).replace(/\\(.)/g, '$1');
}

/**
 * RFC 9111 §4.2.1 lets a cache either use the first of repeated directives or
 * treat the response as stale. We choose the conservative reading: repeats that
 * agree are one value; repeats that disagree make the directive invalid, which
 * freshness() treats as stale. A value that is not a non-negative integer
 * (`-1`, `1.5`, `60s`, empty) is invalid too.
 */
function deltaSeconds(occurrences: readonly CacheDirective[]): DeltaSeconds {
  if (occurrences.length === 0) return { state: 'absent' };
  const raw = occurrences.map((d) => d.value);
  const distinct = new Set(raw.map((value) => (value !== null && /^\d+$/.test(value) ? Math.min(Number(value), MAX_DELTA_SECONDS) : null)));
  if (distinct.has(null)) return { state: 'invalid', raw, reason: 'malformed' };
  if (distinct.size > 1) return { state: 'invalid', raw, reason: 'conflicting' };
  const [seconds] = distinct as Set<number>;
  return { state: 'valid', seconds: seconds as number };
}

export interface CacheFlags {
  readonly noStore: boolean;
  readonly noCache: boolean;
  readonly private: boolean;
  readonly public: boolean;
  readonly immutable: boolean;
  readonly mustRevalidate: boolean;
}

export type CacheKind = 'shared' | 'private';

interface FreshnessBase {
  /** Whose view this is: a shared cache (CDN, proxy) honours s-maxage, a browser does not. */
  readonly cache: CacheKind;
  readonly flags: CacheFlags;
}

/**
 * How long a cache may reuse the response without asking the server again.
 * lifetimeSeconds is 0 when the deciding header is invalid (treated as already
 * stale) and null when there is no explicit lifetime, or an Expires with no
 * Date to measure from. problem says what was wrong with the deciding header.
 */
export type Freshness = FreshnessBase &
  (
    | { readonly source: 'none'; readonly lifetimeSeconds: null; readonly problem: null }
    | { readonly source: 's-maxage' | 'max-age'; readonly lifetimeSeconds: number; readonly problem: string | null }
    | { readonly source: 'expires'; readonly lifetimeSeconds: number | null; readonly problem: string | null }
  );

export interface FreshnessOptions {
  /** Default 'shared'. */
  readonly cache?: CacheKind;
  /**
   * When the response arrived (ms or Date). Used in place of a missing or
   * invalid Date header, as RFC 9110 §6.6.1 asks of a recipient with a clock.
   */
  readonly receivedAt?: number | Date;
}

/** RFC 9111 §4.2.1: s-maxage (shared caches only), then max-age, then Expires minus Date. */
export function freshness(headers: HeaderMap, options: FreshnessOptions = {}): Freshness {
  const cache = options.cache ?? 'shared';
  const cc = parseCacheControl(headers['cache-control']);
  const flags: CacheFlags = {
    noStore: cc.noStore,
    noCache: cc.noCache,
    private: cc.private,
    public: cc.public,
    immutable: cc.immutable,
    mustRevalidate: cc.mustRevalidate,
  };
  const fromDelta = (source: 's-maxage' | 'max-age', delta: DeltaSeconds): Freshness | null => {
    if (delta.state === 'absent') return null;
    if (delta.state === 'valid') return { cache, source, lifetimeSeconds: delta.seconds, problem: null, flags };
    const problem = delta.reason === 'conflicting'
      ? `${source} repeated with different values (${delta.raw.join(', ')}): treated as stale`
      : `${source} value ${delta.raw.map((v) => JSON.stringify(v ?? '')).join(', ')} is not a non-negative integer: treated as stale`;
    return { cache, source, lifetimeSeconds: 0, problem, flags };
  };
  const explicit = (cache === 'shared' ? fromDelta('s-maxage', cc.sMaxAge) : null) ?? fromDelta('max-age', cc.maxAge);
  if (explicit) return explicit;

  const expiresHeader = headers['expires'];
  if (expiresHeader === undefined) return { cache, source: 'none', lifetimeSeconds: null, problem: null, flags };
  const expires = parseHttpDate(expiresHeader);
  if (expires === null) {
    // RFC 9111 §5.3: an invalid Expires (above all "0") means already expired.
    // Repeated Expires headers arrive joined with ", " and land here too: stale.
    return { cache, source: 'expires', lifetimeSeconds: 0, problem: `Expires ${JSON.stringify(expiresHeader)} is not an HTTP-date: treated as already expired`, flags };
  }
  const date = parseHttpDate(headers['date']) ?? toMillis(options.receivedAt);
  if (date === null) {
    return { cache, source: 'expires', lifetimeSeconds: null, problem: 'Expires without a valid Date header or a receive time to measure it from', flags };
  }
  return { cache, source: 'expires', lifetimeSeconds: Math.max(0, Math.floor((expires - date) / 1000)), problem: null, flags };
}

function toMillis(time: number | Date | undefined): number | null {
  if (time === undefined) return null;
  return typeof time === 'number' ? time : time.getTime();
}

/**
 * Status codes a cache may store without explicit freshness, using a heuristic
 * lifetime (RFC 9110 §15.1 "heuristically cacheable").
 */
const HEURISTICALLY_CACHEABLE = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]);

export type SharedStorability =
  | {
      readonly storable: false;
      readonly reason: 'not-final-status' | 'no-store' | 'private' | 'no-freshness-information';
    }
  | {
      readonly storable: true;
      /** explicit: public, s-maxage, max-age or Expires; heuristic: the status code alone allows it. */
      readonly basis: 'explicit' | 'heuristic';
      /**
       * A Set-Cookie rides along and nothing keeps it out of the cache (no
       * private or no-cache naming it): allowed by the RFC, but a shared cache
       * may hand one visitor's session or CSRF cookie to the next.
       */
      readonly setCookieRisk: boolean;
    };

/**
 * Whether a shared cache (CDN, proxy) may store this response to a GET, per
 * RFC 9111 §3. Asked of a private document's login redirect or password form:
 * storable means the next visitor could be served what the first one got.
 * A request with Authorization is not considered (the probe sends none).
 */
export function isStorableBySharedCache(headers: HeaderMap, status: number, setCookies: readonly string[] = []): SharedStorability {
  if (status < 200) return { storable: false, reason: 'not-final-status' };
  const cc = parseCacheControl(headers['cache-control']);
  if (cc.noStore) return { storable: false, reason: 'no-store' };
  if (cc.private) return { storable: false, reason: 'private' };
  const explicit = cc.public || cc.sMaxAge.state !== 'absent' || cc.maxAge.state !== 'absent' || headers['expires'] !== undefined;
  if (!explicit && !HEURISTICALLY_CACHEABLE.has(status)) return { storable: false, reason: 'no-freshness-information' };
  // Only the qualified forms name the cookie; an unqualified no-cache still lets
  // the stored Set-Cookie go out again after a 304 revalidation.
  const cookieKeptOut = [...cc.privateFields, ...cc.noCacheFields].includes('set-cookie');
  const hasCookie = setCookies.length > 0 || headers['set-cookie'] !== undefined;
  return { storable: true, basis: explicit ? 'explicit' : 'heuristic', setCookieRisk: hasCookie && !cookieKeptOut };
}

// Which cache in front served a response, and whether from storage, is
// shared-cache.ts's; re-exported for the callers that import it from here.
export { cacheHitSignal, isCacheReplay, type CacheHitSignal } from './shared-cache.js';
