// Are files cached the way their names allow? A hashed name never changes
// content (a year, immutable); an unhashed one changes on every deploy (short).
// One finding per rule and base URL: one nginx location block is one line.

import { judgeStaticCaching, type CachingVerdict, type StaticCachingRule } from '../../src/wagtail/static-caching.js';
import type { LoadedAsset } from './collect.js';
import { examples } from './evidence.js';
import type { MessageId, Report } from './messages.js';

/** Response headers that decide a caching finding, shown as received. */
const CACHE_HEADERS = ['cache-control', 'expires', 'date', 'last-modified', 'age'];

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

interface CachingGroup {
  readonly rule: StaticCachingRule;
  readonly base: string;
  readonly found: { asset: LoadedAsset; verdict: CachingVerdict }[];
}

export function judgeCaching(loaded: readonly LoadedAsset[], report: Report): void {
  const groups = new Map<string, CachingGroup>();
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
    const first = found[0] as CachingGroup['found'][number];
    const received = describeHeaders(first.verdict.headers);
    const evidence = examples(found.map((f) => f.asset), CACHE_HEADERS, first.verdict.explanation);
    report(CACHING_MESSAGE[rule], { count: found.length, base, example: first.asset.resource.url, received, explanation: first.verdict.explanation }, evidence, { url: base });
  }
}

/** The lifetime headers as the message quotes them. */
function describeHeaders(headers: Readonly<Record<string, string>>): string {
  const shown = ['cache-control', 'expires'].filter((name) => headers[name] !== undefined);
  if (shown.length === 0) return 'no Cache-Control or Expires';
  return shown.map((name) => `${name === 'cache-control' ? 'Cache-Control' : 'Expires'}: ${headers[name]}`).join('; ');
}
