// No front-end cache in front of slow pages: when the site's median TTFB is
// past SLOW_TTFB_MS, the sample page is asked for once more (a fresh request,
// as a second visitor) and none of its answers, the crawl's included, came
// from a cache. Wagtail's performance guide recommends a caching proxy (Varnish,
// Squid) or a CDN, with frontend cache purging on publish.

import { evidenceFrom, READ, type AnsweredPage, type FetchResponse, type FetchResult } from '../../src/probe-kit/index.js';
import { CACHE_EVIDENCE_HEADERS, describeSharedCache } from '../../src/signals/shared-cache.js';
import { asBrowser } from './compression.js';
import { forbiddingDirectives } from './shared-caching.js';
import { formatMs, type Ctx } from './messages.js';
import { SLOW_TTFB_MS } from './ttfb.js';

/** The second look; the first was the sample page's request as a browser. */
export const FRONT_END_CACHE_REQUESTS = 1;

/** A second answer this fast came from somewhere that kept it, whether or not a header says so. */
const FAST_ENOUGH_MS = SLOW_TTFB_MS / 2;

export async function fetchFrontEndCache(ctx: Ctx, page: AnsweredPage, first: FetchResult, sitePagesP50: number): Promise<void> {
  if (sitePagesP50 <= SLOW_TTFB_MS) return;
  const second = await ctx.fetch(page.url, asBrowser(READ.headers, true));
  if (!second.ok || !first.ok) {
    const failed = second.ok ? first : second;
    ctx.report('checkFailed', { check: 'A front-end cache', url: page.url, reason: failed.ok ? `answered ${failed.status}` : `failed: ${failed.error.code}` }, [evidenceFrom(failed)], {
      url: page.url,
      inconclusive: true,
    });
    return;
  }
  const answers: FetchResponse[] = [page.response, first, second];
  if (answers.some((answer) => describeSharedCache(answer.headers)?.hit === true)) return;
  if (second.timing.ttfbMs < FAST_ENOUGH_MS) return;

  const cache = answers.map((answer) => describeSharedCache(answer.headers)).find((c) => c !== null) ?? null;
  const forbidden = forbiddingDirectives(page.response.headers['cache-control']);
  const reason = [
    cache === null ? '' : ` (${cache.name} is there but answered ${cache.decidedBy.header}: ${cache.decidedBy.value})`,
    forbidden.length === 0 ? '' : `; the page itself forbids shared caching (${forbidden.join(', ')})`,
  ].join('');
  ctx.report(
    'noFrontEndCache',
    { p50: formatMs(sitePagesP50), count: answers.length, url: page.url, reason },
    answers.map((answer, i) =>
      evidenceFrom(answer, CACHE_EVIDENCE_HEADERS, { note: `${['the crawl', 'as a browser', 'a second visitor'][i]}: TTFB ${formatMs(answer.timing.ttfbMs)}` }),
    ),
    { url: page.url },
  );
}
