// How a static file ought to be cached, as data and one function: a hashed name
// (ManifestStaticFilesStorage) never changes content, so it may be cached for a
// year and marked immutable; an unhashed name changes on every deploy, so a long
// lifetime serves stale admin JS/CSS after an upgrade.

import type { HeaderMap } from '../http/types.js';
import { freshness } from '../signals/cache-control.js';
import type { Freshness } from '../signals/cache-control.js';
import { parseHttpDate } from '../signals/http-date.js';

/** A year: what WhiteNoise, Django's docs and every CDN guide give a content-hashed file. */
export const HASHED_MIN_LIFETIME_SECONDS = 31_536_000;

/**
 * A day. WhiteNoise gives unhashed files 60 s and nginx sends nothing unless
 * told; a lifetime above a day means visitors (and editors after an upgrade)
 * can run yesterday's JS against today's server, the stale-asset trap.
 */
export const UNHASHED_MAX_LIFETIME_SECONDS = 86_400;

/**
 * Browsers without explicit freshness commonly reuse a response for 10% of the
 * time since Last-Modified (RFC 9111 §4.2.2), so an old file with no caching
 * headers can be cached for weeks.
 */
const HEURISTIC_FRACTION = 0.1;

export type StaticCachingRule =
  | 'hashed-short-lifetime'
  | 'hashed-not-immutable'
  | 'hashed-no-store'
  | 'hashed-private'
  | 'unhashed-long-lifetime'
  | 'unhashed-immutable'
  | 'missing-cache-headers';

export interface CachingVerdict {
  /** Stable id a probe can map to a message id. */
  readonly rule: StaticCachingRule;
  /** The caching headers as received (Cache-Control, Expires, Date, Last-Modified: those present). */
  readonly headers: HeaderMap;
  readonly explanation: string;
}

export interface StaticCachingOptions {
  /** When the response arrived; measures Expires when the Date header is missing. */
  readonly receivedAt?: number | Date;
}

/** Judges one static file's caching headers. An empty list means it is cached as it should be. */
export function judgeStaticCaching(headers: HeaderMap, hashed: boolean, options: StaticCachingOptions = {}): CachingVerdict[] {
  const evidence = pickHeaders(headers, ['cache-control', 'expires', 'date', 'last-modified']);
  const verdict = (rule: StaticCachingRule, explanation: string): CachingVerdict => ({ rule, headers: evidence, explanation });
  const browser = freshness(headers, { cache: 'private', ...withReceivedAt(options) });
  const shared = freshness(headers, { cache: 'shared', ...withReceivedAt(options) });
  const hasCachingHeaders = headers['cache-control'] !== undefined || headers['expires'] !== undefined;
  return hashed ? judgeHashed() : judgeUnhashed();

  function judgeHashed(): CachingVerdict[] {
    if (!hasCachingHeaders) {
      return [verdict('missing-cache-headers', 'Hashed file sent without Cache-Control or Expires: browsers revalidate it instead of keeping it for a year. Send "Cache-Control: max-age=31536000, public, immutable".')];
    }
    const found: CachingVerdict[] = [];
    const { flags } = browser;
    if (flags.noStore || flags.noCache) {
      const which = [flags.noStore && 'no-store', flags.noCache && 'no-cache'].filter(Boolean).join(' and ');
      found.push(verdict('hashed-no-store', `Hashed file marked ${which}: its content can never change under this name, yet every page view must fetch or revalidate it.`));
    } else {
      if (browser.lifetimeSeconds === null || browser.lifetimeSeconds < HASHED_MIN_LIFETIME_SECONDS) {
        found.push(verdict('hashed-short-lifetime', `Hashed file cached by browsers for ${describeLifetime(browser)}; a hashed name can be cached for at least a year (max-age=31536000).`));
      }
      if (!flags.immutable) {
        found.push(verdict('hashed-not-immutable', 'Hashed file not marked immutable: browsers may revalidate it on reload. Add "immutable" to Cache-Control.'));
      }
    }
    if (flags.private) {
      found.push(verdict('hashed-private', 'Hashed file marked private: no CDN or shared cache may store it. Use "public" (or drop "private").'));
    }
    return found;
  }

  function judgeUnhashed(): CachingVerdict[] {
    if (!hasCachingHeaders) {
      const heuristic = heuristicLifetimeSeconds(headers, options.receivedAt);
      if (heuristic === null || heuristic <= UNHASHED_MAX_LIFETIME_SECONDS) return [];
      return [verdict('missing-cache-headers', `Unhashed file sent without Cache-Control or Expires: browsers may cache it heuristically for about ${describeSeconds(heuristic)} (10% of its age since Last-Modified), so a deploy can leave them on the old version. Send a short max-age (WhiteNoise uses 60 s) or no-cache.`)];
    }
    const found: CachingVerdict[] = [];
    const tooLong = [browser, shared].filter((f) => f.lifetimeSeconds !== null && f.lifetimeSeconds > UNHASHED_MAX_LIFETIME_SECONDS);
    if (tooLong.length > 0) {
      const whose = tooLong.map((f) => `${f.cache === 'shared' ? 'shared caches' : 'browsers'} for ${describeLifetime(f)}`).join(', ');
      found.push(verdict('unhashed-long-lifetime', `Unhashed file cached by ${whose}: the name stays the same when its content changes, so visitors keep the old version after a deploy. Hash the name (ManifestStaticFilesStorage) or keep the lifetime under a day.`));
    }
    if (browser.flags.immutable) {
      found.push(verdict('unhashed-immutable', 'Unhashed file marked immutable: browsers will not revalidate it even on reload while it is fresh, though its content changes on deploy under the same name.'));
    }
    return found;
  }
}

function withReceivedAt(options: StaticCachingOptions): { receivedAt?: number | Date } {
  return options.receivedAt === undefined ? {} : { receivedAt: options.receivedAt };
}

function heuristicLifetimeSeconds(headers: HeaderMap, receivedAt: number | Date | undefined): number | null {
  const lastModified = parseHttpDate(headers['last-modified']);
  const date = parseHttpDate(headers['date']) ?? (receivedAt === undefined ? null : new Date(receivedAt).getTime());
  if (lastModified === null || date === null || date <= lastModified) return null;
  return Math.floor(((date - lastModified) / 1000) * HEURISTIC_FRACTION);
}

function describeLifetime(f: Freshness): string {
  const lifetime = f.lifetimeSeconds === null ? 'no explicit lifetime' : describeSeconds(f.lifetimeSeconds);
  const from = f.source === 'none' ? '' : ` (from ${f.source})`;
  return `${lifetime}${from}${f.problem ? `: ${f.problem}` : ''}`;
}

function describeSeconds(seconds: number): string {
  if (seconds < 2 * 3600) return `${seconds} s`;
  if (seconds < 2 * 86_400) return `${Math.round(seconds / 3600)} hours`;
  return `${Math.round(seconds / 86_400)} days`;
}

function pickHeaders(headers: HeaderMap, names: readonly string[]): HeaderMap {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}
