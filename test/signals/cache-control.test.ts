import t from 'tap';
import { freshness, isStorableBySharedCache, parseCacheControl } from '../../src/signals/cache-control.js';
import type { CacheControl, DeltaSeconds, Freshness, SharedStorability } from '../../src/signals/cache-control.js';
import type { HeaderMap } from '../../src/http/types.js';

const YEAR = 31536000;
const DATE = 'Mon, 02 Mar 2026 10:00:00 GMT';
const DATE_MS = Date.UTC(2026, 2, 2, 10, 0, 0);

t.test('parseCacheControl reads delta-seconds strictly', async (t) => {
  const cases: { header: string | undefined; maxAge: DeltaSeconds; sMaxAge?: DeltaSeconds }[] = [
    { header: 'max-age=31536000', maxAge: { state: 'valid', seconds: YEAR } },
    { header: 'MAX-AGE = 31536000', maxAge: { state: 'valid', seconds: YEAR } },
    { header: 'max-age="31536000"', maxAge: { state: 'valid', seconds: YEAR } },
    { header: '  public ,max-age=60 ,, ', maxAge: { state: 'valid', seconds: 60 } },
    { header: 'max-age=0', maxAge: { state: 'valid', seconds: 0 } },
    { header: 'max-age=99999999999', maxAge: { state: 'valid', seconds: 2 ** 31 } },
    { header: 'max-age=60, max-age=60', maxAge: { state: 'valid', seconds: 60 } },
    { header: 'max-age=60, max-age="060"', maxAge: { state: 'valid', seconds: 60 } },
    { header: 'max-age=60, max-age=3600', maxAge: { state: 'invalid', raw: ['60', '3600'], reason: 'conflicting' } },
    { header: 'max-age=-1', maxAge: { state: 'invalid', raw: ['-1'], reason: 'malformed' } },
    { header: 'max-age=1.5', maxAge: { state: 'invalid', raw: ['1.5'], reason: 'malformed' } },
    { header: 'max-age=60s', maxAge: { state: 'invalid', raw: ['60s'], reason: 'malformed' } },
    { header: 'max-age=', maxAge: { state: 'invalid', raw: [''], reason: 'malformed' } },
    { header: 'max-age', maxAge: { state: 'invalid', raw: [null], reason: 'malformed' } },
    { header: 'max-age=60, max-age=abc', maxAge: { state: 'invalid', raw: ['60', 'abc'], reason: 'malformed' } },
    { header: 's-maxage=600', maxAge: { state: 'absent' }, sMaxAge: { state: 'valid', seconds: 600 } },
    { header: '', maxAge: { state: 'absent' } },
    { header: undefined, maxAge: { state: 'absent' } },
  ];
  for (const c of cases) {
    const cc = parseCacheControl(c.header);
    t.same(cc.maxAge, c.maxAge, `max-age of ${JSON.stringify(c.header)}`);
    t.same(cc.sMaxAge, c.sMaxAge ?? { state: 'absent' }, `s-maxage of ${JSON.stringify(c.header)}`);
  }
});

t.test('parseCacheControl exposes flags, field-qualified forms and unknown directives', async (t) => {
  type Flags = Pick<CacheControl, 'noStore' | 'noCache' | 'private' | 'public' | 'immutable' | 'mustRevalidate' | 'proxyRevalidate'>;
  const none: Flags = { noStore: false, noCache: false, private: false, public: false, immutable: false, mustRevalidate: false, proxyRevalidate: false };
  const cases: { header: string; flags: Partial<Flags>; privateFields?: string[]; noCacheFields?: string[] }[] = [
    { header: 'no-cache, no-store, must-revalidate, private', flags: { noCache: true, noStore: true, mustRevalidate: true, private: true } },
    { header: 'max-age=315360000, public, immutable', flags: { public: true, immutable: true } },
    { header: 'NO-STORE', flags: { noStore: true } },
    { header: 'proxy-revalidate', flags: { proxyRevalidate: true } },
    { header: 'private="Set-Cookie, X-User"', flags: {}, privateFields: ['set-cookie', 'x-user'] },
    { header: 'no-cache="Set-Cookie"', flags: {}, noCacheFields: ['set-cookie'] },
    { header: 'private, private="Set-Cookie"', flags: { private: true }, privateFields: ['set-cookie'] },
    { header: 'private=""', flags: { private: true } },
  ];
  for (const c of cases) {
    const cc = parseCacheControl(c.header);
    const got: Flags = { noStore: cc.noStore, noCache: cc.noCache, private: cc.private, public: cc.public, immutable: cc.immutable, mustRevalidate: cc.mustRevalidate, proxyRevalidate: cc.proxyRevalidate };
    t.same(got, { ...none, ...c.flags }, `flags of ${c.header}`);
    t.same(cc.privateFields, c.privateFields ?? [], `private fields of ${c.header}`);
    t.same(cc.noCacheFields, c.noCacheFields ?? [], `no-cache fields of ${c.header}`);
  }
  t.same(parseCacheControl('stale-while-revalidate=30, X-Custom="a, b", public').directives, [
    { name: 'stale-while-revalidate', value: '30' },
    { name: 'x-custom', value: 'a, b' },
    { name: 'public', value: null },
  ], 'unknown directives are kept, in order, a comma inside quotes does not split');
  t.same(parseCacheControl('ext="a \\"quoted\\" word", =5, ext2="unterminated').directives, [
    { name: 'ext', value: 'a "quoted" word' },
    { name: 'ext2', value: 'unterminated' },
  ], 'escapes inside quotes are undone; a nameless item is dropped; an unterminated quote runs to the end');
});

t.test('freshness: s-maxage for shared caches, then max-age, then Expires minus Date', async (t) => {
  type Case = { name: string; headers: HeaderMap; cache?: 'shared' | 'private'; receivedAt?: number | Date; expected: Pick<Freshness, 'source' | 'lifetimeSeconds'>; problem?: RegExp };
  const cases: Case[] = [
    { name: 'max-age', headers: { 'cache-control': 'max-age=600' }, expected: { source: 'max-age', lifetimeSeconds: 600 } },
    { name: 's-maxage wins for a shared cache', headers: { 'cache-control': 'max-age=60, s-maxage=3600' }, expected: { source: 's-maxage', lifetimeSeconds: 3600 } },
    { name: 's-maxage is ignored by a browser', headers: { 'cache-control': 'max-age=60, s-maxage=3600' }, cache: 'private', expected: { source: 'max-age', lifetimeSeconds: 60 } },
    { name: 's-maxage alone, browser view: no explicit lifetime', headers: { 'cache-control': 's-maxage=3600' }, cache: 'private', expected: { source: 'none', lifetimeSeconds: null } },
    { name: 'max-age wins over Expires', headers: { 'cache-control': 'max-age=60', expires: 'Thu, 31 Dec 2037 23:55:55 GMT', date: DATE }, expected: { source: 'max-age', lifetimeSeconds: 60 } },
    { name: 'conflicting max-age is stale', headers: { 'cache-control': 'max-age=60, max-age=31536000' }, expected: { source: 'max-age', lifetimeSeconds: 0 }, problem: /repeated with different values \(60, 31536000\)/ },
    { name: 'malformed max-age is stale, Expires not consulted', headers: { 'cache-control': 'max-age=soon', expires: 'Thu, 31 Dec 2037 23:55:55 GMT', date: DATE }, expected: { source: 'max-age', lifetimeSeconds: 0 }, problem: /"soon" is not a non-negative integer/ },
    { name: 'malformed s-maxage is stale for a shared cache', headers: { 'cache-control': 's-maxage=-5, max-age=600' }, expected: { source: 's-maxage', lifetimeSeconds: 0 }, problem: /s-maxage value "-5"/ },
    { name: 'Expires minus Date', headers: { expires: 'Mon, 02 Mar 2026 11:00:00 GMT', date: DATE }, expected: { source: 'expires', lifetimeSeconds: 3600 } },
    { name: 'Expires in the past is 0, not negative', headers: { expires: 'Mon, 02 Mar 2026 09:00:00 GMT', date: DATE }, expected: { source: 'expires', lifetimeSeconds: 0 } },
    { name: 'Expires without Date, measured from the receive time', headers: { expires: 'Mon, 02 Mar 2026 10:10:00 GMT' }, receivedAt: DATE_MS, expected: { source: 'expires', lifetimeSeconds: 600 } },
    { name: 'receive time as a Date object', headers: { expires: 'Mon, 02 Mar 2026 10:10:00 GMT' }, receivedAt: new Date(DATE_MS), expected: { source: 'expires', lifetimeSeconds: 600 } },
    { name: 'invalid Date header falls back to the receive time', headers: { expires: 'Mon, 02 Mar 2026 10:10:00 GMT', date: 'yesterday' }, receivedAt: DATE_MS, expected: { source: 'expires', lifetimeSeconds: 600 } },
    { name: 'Expires with nothing to measure from', headers: { expires: 'Mon, 02 Mar 2026 10:10:00 GMT' }, expected: { source: 'expires', lifetimeSeconds: null }, problem: /without a valid Date/ },
    { name: 'Expires "0" is already expired', headers: { expires: '0', date: DATE }, expected: { source: 'expires', lifetimeSeconds: 0 }, problem: /not an HTTP-date/ },
    { name: 'repeated Expires (joined) is stale', headers: { expires: `${DATE}, ${DATE}`, date: DATE }, expected: { source: 'expires', lifetimeSeconds: 0 }, problem: /not an HTTP-date/ },
    { name: 'nothing at all', headers: {}, expected: { source: 'none', lifetimeSeconds: null } },
    { name: 'flags only', headers: { 'cache-control': 'public' }, expected: { source: 'none', lifetimeSeconds: null } },
  ];
  for (const c of cases) {
    const f = freshness(c.headers, { ...(c.cache ? { cache: c.cache } : {}), ...(c.receivedAt !== undefined ? { receivedAt: c.receivedAt } : {}) });
    t.same({ source: f.source, lifetimeSeconds: f.lifetimeSeconds }, c.expected, c.name);
    t.equal(f.cache, c.cache ?? 'shared', `${c.name}: perspective`);
    if (c.problem) t.match(f.problem, c.problem, `${c.name}: problem`);
    else t.equal(f.problem, null, `${c.name}: no problem`);
  }
  t.same(freshness({ 'cache-control': 'no-cache, no-store, must-revalidate, private' }).flags, {
    noStore: true, noCache: true, private: true, public: false, immutable: false, mustRevalidate: true,
  }, 'flags are exposed');
});

t.test('isStorableBySharedCache follows RFC 9111 §3 and flags Set-Cookie separately', async (t) => {
  const cases: { name: string; headers: HeaderMap; status: number; setCookies?: string[]; expected: SharedStorability }[] = [
    { name: 'Wagtail 6.4+ password form (never_cache)', status: 200, headers: { 'cache-control': 'max-age=0, no-cache, no-store, must-revalidate, private' }, expected: { storable: false, reason: 'no-store' } },
    { name: 'private alone', status: 200, headers: { 'cache-control': 'private, max-age=600' }, expected: { storable: false, reason: 'private' } },
    { name: 'older password form: 200 with no cache headers is heuristically storable', status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, expected: { storable: true, basis: 'heuristic', setCookieRisk: false } },
    { name: '…and with a csrftoken cookie it is risky', status: 200, headers: {}, setCookies: ['csrftoken=abc; Path=/; SameSite=Lax'], expected: { storable: true, basis: 'heuristic', setCookieRisk: true } },
    { name: 'a set-cookie left in the header map counts too', status: 200, headers: { 'set-cookie': 'sessionid=x' }, expected: { storable: true, basis: 'heuristic', setCookieRisk: true } },
    { name: 'login redirect 302 without cache headers is not storable', status: 302, headers: { location: '/_util/login/?next=/documents/1/a.pdf' }, expected: { storable: false, reason: 'no-freshness-information' } },
    { name: 'login redirect 302 with max-age is storable', status: 302, headers: { 'cache-control': 'max-age=300' }, expected: { storable: true, basis: 'explicit', setCookieRisk: false } },
    { name: '302 made public by a CDN rule', status: 302, headers: { 'cache-control': 'public' }, expected: { storable: true, basis: 'explicit', setCookieRisk: false } },
    { name: '302 with s-maxage', status: 302, headers: { 'cache-control': 's-maxage=60' }, expected: { storable: true, basis: 'explicit', setCookieRisk: false } },
    { name: '302 with Expires', status: 302, headers: { expires: DATE }, expected: { storable: true, basis: 'explicit', setCookieRisk: false } },
    { name: 'private="Set-Cookie" keeps the cookie out', status: 200, headers: { 'cache-control': 'max-age=60, private="Set-Cookie"' }, setCookies: ['sessionid=x'], expected: { storable: true, basis: 'explicit', setCookieRisk: false } },
    { name: 'no-cache="Set-Cookie" keeps the cookie out', status: 200, headers: { 'cache-control': 'max-age=60, no-cache="set-cookie"' }, setCookies: ['sessionid=x'], expected: { storable: true, basis: 'explicit', setCookieRisk: false } },
    { name: 'unqualified no-cache is storable, the cookie still risky', status: 200, headers: { 'cache-control': 'no-cache' }, setCookies: ['sessionid=x'], expected: { storable: true, basis: 'heuristic', setCookieRisk: true } },
    { name: '404 is heuristically storable', status: 404, headers: {}, expected: { storable: true, basis: 'heuristic', setCookieRisk: false } },
    { name: '500 without freshness is not', status: 500, headers: {}, expected: { storable: false, reason: 'no-freshness-information' } },
    { name: '1xx is never stored', status: 103, headers: { 'cache-control': 'public' }, expected: { storable: false, reason: 'not-final-status' } },
  ];
  for (const c of cases) t.same(isStorableBySharedCache(c.headers, c.status, c.setCookies), c.expected, c.name);
});
