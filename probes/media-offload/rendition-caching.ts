// Renditions cached too briefly: one finding for the folder, one example per
// distinct set of caching headers.

import type { FetchResponse } from '../../src/probe-kit/index.js';
import { freshness } from '../../src/signals/cache-control.js';
import { itemEvidence, type MediaItem } from './collect.js';
import { commonFolder, MAX_EXAMPLES, urlList, type Report } from './messages.js';

/**
 * A day. A rendition's name changes when its image, focal point or filter
 * changes (Wagtail writes a new file), so it can be cached for weeks; below a
 * day, every returning visitor downloads every image again daily and a CDN
 * keeps going back to the origin. nginx sends no caching headers unless told.
 */
const RENDITION_MIN_LIFETIME_SECONDS = 86_400;

export function reportRenditionCaching(healthy: readonly MediaItem[], mediaUrl: string | null, report: Report): void {
  const renditions = healthy.filter((item) => item.kind === 'rendition');
  const short = renditions.filter((item) => {
    const lifetime = cacheLifetime(item.response);
    return lifetime === null || lifetime < RENDITION_MIN_LIFETIME_SECONDS;
  });
  if (short.length === 0) return;
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
  report(
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
