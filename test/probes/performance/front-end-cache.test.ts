// No front-end cache in front of slow pages, as a specification: only when
// the site is slow, one second look, and any sign of a hit (a cache header, or
// a second answer fast enough to have come from storage) ends it.

import t from 'tap';
import type { AnsweredPage, FetchResult } from '../../../src/probe-kit/index.js';
import { fetchFrontEndCache, FRONT_END_CACHE_REQUESTS } from '../../../probes/performance/front-end-cache.js';
import { failure, response, runOn, site, SITE } from '../../helpers/site-kit.js';
import { htmlPage, ruleProbe } from './kit.js';

const slowPage = (headers: Record<string, string> = {}) => htmlPage('/', { ttfbMs: 1500, headers });
const answer = (ttfbMs: number, headers: Record<string, string> = {}) => response({ url: SITE, ttfbMs, headers: { 'content-type': 'text/html', ...headers } });

async function check(page: AnsweredPage, first: FetchResult, second: FetchResult | null, p50: number) {
  return runOn(
    ruleProbe(FRONT_END_CACHE_REQUESTS, async (_m, ctx) => fetchFrontEndCache(ctx, page, first, p50)),
    site({ pages: [page] }),
    second === null ? [] : [{ url: SITE, fresh: true, result: second }],
  );
}

t.test('a front-end cache, or its absence', async (t) => {
  const cases: { name: string; page: AnsweredPage; first: FetchResult; second: FetchResult | null; p50: number; expected: string[]; requests: number }[] = [
    { name: 'fast pages: not asked again', page: slowPage(), first: answer(90), second: null, p50: 200, expected: [], requests: 0 },
    { name: 'slow, and Django answers every time', page: slowPage(), first: answer(1400), second: answer(1300), p50: 1500, expected: ['noFrontEndCache'], requests: 1 },
    { name: 'the second look is a HIT', page: slowPage(), first: answer(1400, { 'x-cache': 'MISS' }), second: answer(30, { 'x-cache': 'HIT' }), p50: 1500, expected: [], requests: 1 },
    { name: 'the crawl got a replay (Age)', page: slowPage({ age: '120' }), first: answer(1400), second: answer(1300), p50: 1500, expected: [], requests: 1 },
    { name: 'a fast second answer came from somewhere that kept it', page: slowPage(), first: answer(1400), second: answer(40), p50: 1500, expected: [], requests: 1 },
    { name: 'the second look failed: inconclusive', page: slowPage(), first: answer(1400), second: failure(SITE, 'ERR_TIMEOUT'), p50: 1500, expected: ['?checkFailed'], requests: 1 },
  ];
  for (const c of cases) {
    const run = await check(c.page, c.first, c.second, c.p50);
    t.same(run.findings.map((f) => `${f.inconclusive ? '?' : ''}${f.messageId}`), c.expected, c.name);
    t.equal(run.requests.length, c.requests, `${c.name}: requests`);
    if (c.requests > 0) t.equal(run.requests[0]?.options.fresh, true, 'a second visitor: never the memo');
  }
});

t.test('the finding names a cache that never hit, and a page that forbids caching', async (t) => {
  const run = await check(slowPage({ 'cache-control': 'private' }), answer(1400, { 'x-cache-status': 'BYPASS' }), answer(1300, { 'x-cache-status': 'BYPASS' }), 1500);
  const [finding] = run.findings;
  t.match(finding?.message, /3 anonymous requests of https:\/\/site\.test\/ all went to Django \(nginx proxy_cache is there but answered x-cache-status: BYPASS\); the page itself forbids shared caching \(private\)/);
  t.equal(finding?.evidence.length, 3);
});
