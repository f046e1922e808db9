import t from 'tap';
import {
  CACHE_EVIDENCE_HEADERS,
  cacheHitSignal,
  cacheReplay,
  describeCacheText,
  describeSharedCache,
  isCacheReplay,
  SHARED_CACHE_HEADERS,
  type SharedCacheName,
} from '../../src/signals/shared-cache.js';
import * as cacheControl from '../../src/signals/cache-control.js';
import type { HeaderMap } from '../../src/http/types.js';

const VARNISH_VIA = '1.1 varnish (Varnish/7.1)';

t.test('describeSharedCache on header sets as real caches send them', async (t) => {
  const cases: { name: string; headers: HeaderMap; expected: { name: SharedCacheName; hit: boolean | null; text: string } | null }[] = [
    {
      name: 'Varnish 7.1 hit: two ids in X-Varnish',
      headers: { 'x-varnish': '32770 3', age: '118', via: VARNISH_VIA, 'accept-ranges': 'bytes', 'content-type': 'application/pdf' },
      expected: { name: 'Varnish', hit: true, text: 'Varnish (X-Varnish: 32770 3, Age: 118)' },
    },
    {
      name: 'Varnish 7.1 miss: one id, Age 0',
      headers: { 'x-varnish': '32770', age: '0', via: VARNISH_VIA },
      expected: { name: 'Varnish', hit: false, text: 'Varnish (X-Varnish: 32770, Age: 0)' },
    },
    { name: 'nginx proxy_cache HIT', headers: { 'x-cache-status': 'HIT', server: 'nginx/1.27.0' }, expected: { name: 'nginx proxy_cache', hit: true, text: 'nginx proxy_cache (X-Cache-Status: HIT)' } },
    { name: 'nginx proxy_cache MISS', headers: { 'x-cache-status': 'MISS', server: 'nginx/1.27.0' }, expected: { name: 'nginx proxy_cache', hit: false, text: 'nginx proxy_cache (X-Cache-Status: MISS)' } },
    { name: 'nginx proxy_cache BYPASS', headers: { 'x-cache-status': 'BYPASS' }, expected: { name: 'nginx proxy_cache', hit: false, text: 'nginx proxy_cache (X-Cache-Status: BYPASS)' } },
    {
      name: 'CloudFront "Hit from cloudfront"',
      headers: { 'x-cache': 'Hit from cloudfront', via: '1.1 5f7a3c1e2b.cloudfront.net (CloudFront)', 'x-amz-cf-pop': 'FRA56-P5', 'x-amz-cf-id': 'q1w2e3r4t5==', age: '301' },
      expected: { name: 'CloudFront', hit: true, text: 'CloudFront (X-Cache: Hit from cloudfront, Age: 301)' },
    },
    {
      name: 'CloudFront "Miss from cloudfront"',
      headers: { 'x-cache': 'Miss from cloudfront', via: '1.1 5f7a3c1e2b.cloudfront.net (CloudFront)', 'x-amz-cf-id': 'q1w2e3r4t5==' },
      expected: { name: 'CloudFront', hit: false, text: 'CloudFront (X-Cache: Miss from cloudfront)' },
    },
    {
      name: 'Fastly "HIT, MISS" (shield hit): named by X-Served-By, not by its "Via: 1.1 varnish"',
      headers: { 'x-cache': 'HIT, MISS', 'x-cache-hits': '1, 0', 'x-served-by': 'cache-iad-kiad7000025-IAD, cache-fra-eddf8230033-FRA', via: '1.1 varnish, 1.1 varnish', age: '57' },
      expected: { name: 'Fastly', hit: true, text: 'Fastly (X-Cache: HIT, MISS, X-Served-By: cache-iad-kiad7000025-IAD, cache-fra-eddf8230033-FRA, Age: 57)' },
    },
    {
      name: 'Fastly "MISS, MISS"',
      headers: { 'x-cache': 'MISS, MISS', 'x-served-by': 'cache-iad-kiad7000025-IAD, cache-fra-eddf8230033-FRA', via: '1.1 varnish, 1.1 varnish', age: '0' },
      expected: { name: 'Fastly', hit: false, text: 'Fastly (X-Cache: MISS, MISS, X-Served-By: cache-iad-kiad7000025-IAD, cache-fra-eddf8230033-FRA, Age: 0)' },
    },
    {
      name: 'Cloudflare HIT',
      headers: { 'cf-cache-status': 'HIT', 'cf-ray': '8a1b2c3d4e5f6789-FRA', age: '1450', server: 'cloudflare' },
      expected: { name: 'Cloudflare', hit: true, text: 'Cloudflare (CF-Cache-Status: HIT, Age: 1450)' },
    },
    {
      name: 'Cloudflare DYNAMIC',
      headers: { 'cf-cache-status': 'DYNAMIC', 'cf-ray': '8a1b2c3d4e5f6789-FRA', server: 'cloudflare' },
      expected: { name: 'Cloudflare', hit: false, text: 'Cloudflare (CF-Cache-Status: DYNAMIC)' },
    },
    { name: 'Age alone: some shared cache held it', headers: { age: '30' }, expected: { name: 'a shared cache', hit: true, text: 'a shared cache (Age: 30)' } },
    { name: 'Age alone, 0: a cache, outcome unclear', headers: { age: '0' }, expected: { name: 'a shared cache', hit: null, text: 'a shared cache (Age: 0)' } },
    { name: 'Age with a Varnish Via names Varnish', headers: { age: '118', via: VARNISH_VIA }, expected: { name: 'Varnish', hit: true, text: `Varnish (Age: 118, Via: ${VARNISH_VIA})` } },
    { name: 'Via alone: a proxy, not known to cache', headers: { via: '1.1 proxy.example.net' }, expected: { name: 'a proxy', hit: null, text: 'a proxy (Via: 1.1 proxy.example.net)' } },
    { name: 'Via alone from Varnish', headers: { via: VARNISH_VIA }, expected: { name: 'Varnish', hit: null, text: `Varnish (Via: ${VARNISH_VIA})` } },
    {
      name: 'nginx behind Cloudflare: the hit is nginx\'s, so nginx is named',
      headers: { 'cf-cache-status': 'DYNAMIC', 'cf-ray': '8a1b2c3d4e5f6789-FRA', 'x-cache-status': 'HIT' },
      expected: { name: 'nginx proxy_cache', hit: true, text: 'nginx proxy_cache (X-Cache-Status: HIT)' },
    },
    {
      name: 'Varnish behind Cloudflare: a hit anywhere in the chain is a replay',
      headers: { 'cf-cache-status': 'MISS', 'x-varnish': '98312 98100', via: VARNISH_VIA, age: '40' },
      expected: { name: 'Varnish', hit: true, text: 'Varnish (X-Varnish: 98312 98100, Age: 40)' },
    },
    { name: 'wagtail-cache hit', headers: { 'x-wagtail-cache': 'hit' }, expected: { name: 'wagtail-cache', hit: true, text: 'wagtail-cache (X-Wagtail-Cache: hit)' } },
    { name: 'X-Proxy-Cache HIT', headers: { 'x-proxy-cache': 'HIT' }, expected: { name: 'a caching proxy', hit: true, text: 'a caching proxy (X-Proxy-Cache: HIT)' } },
    { name: 'Akamai TCP_HIT', headers: { 'x-cache': 'TCP_HIT from a23-45-67-89.deploy.akamaitechnologies.com (AkamaiGHost/10.0)' }, expected: { name: 'Akamai', hit: true, text: 'Akamai (X-Cache: TCP_HIT from a23-45-67-89.deploy.akamaitechnologies.com (AkamaiGHost/10.0))' } },
    { name: 'Squid X-Cache with no companion', headers: { 'x-cache': 'HIT from proxy1' }, expected: { name: 'a shared cache', hit: true, text: 'a shared cache (X-Cache: HIT from proxy1)' } },
    { name: 'no cache headers', headers: { server: 'nginx', 'content-type': 'text/html' }, expected: null },
  ];
  for (const c of cases) {
    const cache = describeSharedCache(c.headers);
    t.same(cache === null ? null : { name: cache.name, hit: cache.hit, text: describeCacheText(cache) }, c.expected, c.name);
    for (const sign of cache?.signs ?? []) t.ok((SHARED_CACHE_HEADERS as readonly string[]).includes(sign.header) || sign.header.startsWith('x-amz') || sign.header === 'cf-ray', `${c.name}: ${sign.header} is named`);
  }
});

t.test('every header a sign can quote is in the one evidence list', async (t) => {
  for (const header of SHARED_CACHE_HEADERS) t.ok((CACHE_EVIDENCE_HEADERS as readonly string[]).includes(header), header);
  t.ok(CACHE_EVIDENCE_HEADERS.includes('cache-control'), 'what let the cache store it is shown too');
});

t.test('cacheHitSignal: the deciding header alone', async (t) => {
  const cases: { name: string; headers: HeaderMap; expected: ReturnType<typeof cacheHitSignal> }[] = [
    { name: 'Cloudflare HIT', headers: { 'cf-cache-status': 'HIT' }, expected: { hit: true, header: 'cf-cache-status', value: 'HIT' } },
    { name: 'Cloudflare DYNAMIC', headers: { 'cf-cache-status': 'DYNAMIC' }, expected: { hit: false, header: 'cf-cache-status', value: 'DYNAMIC' } },
    { name: 'Cloudflare REVALIDATED', headers: { 'cf-cache-status': 'REVALIDATED' }, expected: { hit: true, header: 'cf-cache-status', value: 'REVALIDATED' } },
    { name: 'Cloudflare EXPIRED', headers: { 'cf-cache-status': 'EXPIRED' }, expected: { hit: false, header: 'cf-cache-status', value: 'EXPIRED' } },
    { name: 'CloudFront hit', headers: { 'x-cache': 'Hit from cloudfront' }, expected: { hit: true, header: 'x-cache', value: 'Hit from cloudfront' } },
    { name: 'CloudFront refresh hit', headers: { 'x-cache': 'RefreshHit from cloudfront' }, expected: { hit: true, header: 'x-cache', value: 'RefreshHit from cloudfront' } },
    { name: 'CloudFront miss', headers: { 'x-cache': 'Miss from cloudfront' }, expected: { hit: false, header: 'x-cache', value: 'Miss from cloudfront' } },
    { name: 'nginx proxy_cache', headers: { 'x-cache-status': 'STALE' }, expected: { hit: true, header: 'x-cache-status', value: 'STALE' } },
    { name: 'nginx BYPASS', headers: { 'x-cache-status': 'BYPASS' }, expected: { hit: false, header: 'x-cache-status', value: 'BYPASS' } },
    { name: 'X-Proxy-Cache', headers: { 'x-proxy-cache': 'MISS' }, expected: { hit: false, header: 'x-proxy-cache', value: 'MISS' } },
    { name: 'wagtail-cache hit', headers: { 'x-wagtail-cache': 'hit' }, expected: { hit: true, header: 'x-wagtail-cache', value: 'hit' } },
    { name: 'wagtail-cache skip', headers: { 'x-wagtail-cache': 'skip' }, expected: { hit: false, header: 'x-wagtail-cache', value: 'skip' } },
    { name: 'X-Drupal-Cache', headers: { 'x-drupal-cache': 'HIT' }, expected: { hit: true, header: 'x-drupal-cache', value: 'HIT' } },
    { name: 'Fastly shield miss, edge hit', headers: { 'x-served-by': 'cache-iad-1, cache-lhr-2', 'x-cache': 'MISS, HIT' }, expected: { hit: true, header: 'x-cache', value: 'MISS, HIT' } },
    { name: 'Fastly miss at both', headers: { 'x-served-by': 'cache-iad-1, cache-lhr-2', 'x-cache': 'MISS, MISS' }, expected: { hit: false, header: 'x-cache', value: 'MISS, MISS' } },
    { name: 'Akamai TCP_MEM_HIT', headers: { 'x-cache': 'TCP_MEM_HIT from a1' }, expected: { hit: true, header: 'x-cache', value: 'TCP_MEM_HIT from a1' } },
    { name: 'Akamai TCP_REFRESH_MISS', headers: { 'x-cache': 'TCP_REFRESH_MISS from a1' }, expected: { hit: false, header: 'x-cache', value: 'TCP_REFRESH_MISS from a1' } },
    { name: 'Squid miss from a host named "whitehorse" is still a miss', headers: { 'x-cache': 'MISS from whitehorse' }, expected: { hit: false, header: 'x-cache', value: 'MISS from whitehorse' } },
    { name: 'Varnish with two ids: hit', headers: { 'x-varnish': '32770 3' }, expected: { hit: true, header: 'x-varnish', value: '32770 3' } },
    { name: 'Varnish with one id: miss', headers: { 'x-varnish': '32770' }, expected: { hit: false, header: 'x-varnish', value: '32770' } },
    { name: 'Age > 0 alone', headers: { age: '120' }, expected: { hit: true, header: 'age', value: '120' } },
    { name: 'Age 0 alone: a cache, outcome unclear', headers: { age: '0' }, expected: { hit: null, header: 'age', value: '0' } },
    { name: 'named status wins over Age', headers: { age: '5', 'cf-cache-status': 'MISS' }, expected: { hit: false, header: 'cf-cache-status', value: 'MISS' } },
    { name: 'unclear status, then Age decides', headers: { 'x-cache': 'Error from cloudfront', age: '30' }, expected: { hit: true, header: 'age', value: '30' } },
    { name: 'unclear status and Age 0', headers: { 'x-cache': 'Error from cloudfront', age: '0' }, expected: { hit: null, header: 'x-cache', value: 'Error from cloudfront' } },
    { name: 'unclear status only', headers: { 'cf-cache-status': 'NONE' }, expected: { hit: null, header: 'cf-cache-status', value: 'NONE' } },
    { name: 'a miss in one header, a hit in another: the hit', headers: { 'cf-cache-status': 'DYNAMIC', 'x-cache-status': 'HIT' }, expected: { hit: true, header: 'x-cache-status', value: 'HIT' } },
    { name: 'Via alone: a proxy, not a cache signal', headers: { via: '1.1 proxy' }, expected: null },
    { name: 'unparsable Age is ignored', headers: { age: 'soon' }, expected: null },
    { name: 'X-Varnish without ids is ignored', headers: { 'x-varnish': 'n/a' }, expected: null },
    { name: 'no cache headers', headers: { server: 'nginx' }, expected: null },
  ];
  for (const c of cases) t.same(cacheHitSignal(c.headers), c.expected, c.name);
});

t.test('isCacheReplay and cacheReplay: only a hit is a replay', async (t) => {
  t.equal(isCacheReplay({ 'x-cache-status': 'HIT' }), true);
  t.equal(isCacheReplay({ age: '30' }), true);
  t.equal(isCacheReplay({ 'cf-cache-status': 'MISS' }), false);
  t.equal(isCacheReplay({ age: '0' }), false, 'a cache is there, but it did not say it hit');
  t.equal(isCacheReplay({ via: VARNISH_VIA }), false, 'a proxy is there, nothing says it hit');
  t.equal(isCacheReplay({}), false);
  t.equal(cacheReplay({ 'x-varnish': '32770' }), null);
  t.equal(cacheReplay({ 'x-varnish': '32770 3' })?.name, 'Varnish');
});

t.test('cache-control.ts still exports what callers import from it', async (t) => {
  t.equal(cacheControl.isCacheReplay, isCacheReplay);
  t.equal(cacheControl.cacheHitSignal, cacheHitSignal);
});
