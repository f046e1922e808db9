// Private pages and documents (the operator's canaries): the anonymous answer
// (a login redirect or a password form) must neither come from a shared cache
// nor be storable by one.

import { evidenceFrom, type BodyPolicy, type Evidence, type FetchResult, type RunOptions } from '../../src/probe-kit/index.js';
import { cacheHitSignal, isStorableBySharedCache } from '../../src/signals/cache-control.js';
import { CACHE_HEADERS, type Context, type Report } from './messages.js';

/** Status and headers decide; a little of the body comes along. */
const CANARY_READ: BodyPolicy = { read: 'prefix', maxBytes: 2048 };

export interface Canary {
  readonly url: string;
  readonly what: 'page' | 'document';
}

/** The configured canaries, pages first, resolved against the target. */
export function canariesOf(options: RunOptions, target: string): Canary[] {
  return [
    ...options.privateCanaries.pages.map((url) => ({ url: new URL(url, target).href, what: 'page' as const })),
    ...options.privateCanaries.documents.map((url) => ({ url: new URL(url, target).href, what: 'document' as const })),
  ];
}

/** One request per canary, its redirect not followed. */
export function fetchCanary(ctx: Context, canary: Canary): Promise<FetchResult> {
  return ctx.fetch(canary.url, { followRedirects: false, body: CANARY_READ });
}

export function judgeCanaryAnswer({ url, what }: Canary, answer: FetchResult, report: Report): void {
  if (!answer.ok) return; // document-privacy and the crawl report unreachable canaries
  const hit = cacheHitSignal(answer.headers);
  const evidence: Evidence[] = [evidenceFrom(answer, [...CACHE_HEADERS, 'location'])];
  if (hit?.hit === true) {
    report('privateResponseCached', { what, url, header: hit.header, value: hit.value }, evidence, { url });
    return;
  }
  // Heuristic freshness on a 200 password form is how a default CDN setup caches it.
  const storable = isStorableBySharedCache(answer.headers, answer.status, answer.setCookies);
  if (storable.storable) {
    report('privateResponseStorable', { what, url, status: answer.status, basis: storable.basis }, evidence, { url });
  }
}
