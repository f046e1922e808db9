import t from 'tap';
import { judgeStaticCaching } from '../../src/wagtail/static-caching.js';
import type { StaticCachingRule } from '../../src/wagtail/static-caching.js';
import type { HeaderMap } from '../../src/http/types.js';

const DATE = 'Mon, 02 Mar 2026 10:00:00 GMT';
const DATE_MS = Date.UTC(2026, 2, 2, 10, 0, 0);
const FAR_FUTURE = 'Thu, 31 Dec 2037 23:55:55 GMT';
const WHITENOISE_HASHED = 'max-age=315360000, public, immutable';
const WHITENOISE_UNHASHED = 'max-age=60, public';

interface Case {
  readonly name: string;
  readonly headers: HeaderMap;
  readonly receivedAt?: number;
  readonly rules: readonly StaticCachingRule[];
}

t.test('hashed files: a year, immutable, public, never no-store', async (t) => {
  const cases: Case[] = [
    { name: 'WhiteNoise hashed', headers: { 'cache-control': WHITENOISE_HASHED }, rules: [] },
    { name: 'a year exactly', headers: { 'cache-control': 'max-age=31536000, immutable' }, rules: [] },
    { name: 'weird casing and spacing', headers: { 'cache-control': ' PUBLIC,MAX-AGE = 31536000 ,  Immutable ' }, rules: [] },
    { name: 'quoted max-age', headers: { 'cache-control': 'max-age="31536000", immutable' }, rules: [] },
    { name: 'one second short of a year', headers: { 'cache-control': 'max-age=31535999, immutable' }, rules: ['hashed-short-lifetime'] },
    { name: 'max-age without immutable: milder verdict', headers: { 'cache-control': 'max-age=31536000, public' }, rules: ['hashed-not-immutable'] },
    { name: 'WhiteNoise unhashed policy on a hashed name', headers: { 'cache-control': WHITENOISE_UNHASHED }, rules: ['hashed-short-lifetime', 'hashed-not-immutable'] },
    { name: 's-maxage only: browsers get no lifetime', headers: { 'cache-control': 's-maxage=31536000, public, immutable' }, rules: ['hashed-short-lifetime'] },
    { name: 'conflicting max-age is stale', headers: { 'cache-control': 'max-age=31536000, max-age=60, immutable' }, rules: ['hashed-short-lifetime'] },
    { name: 'nginx "expires max" (Expires far future with Date, max-age)', headers: { 'cache-control': 'max-age=315360000', expires: FAR_FUTURE, date: DATE }, rules: ['hashed-not-immutable'] },
    { name: 'Expires far future with Date, no Cache-Control', headers: { expires: FAR_FUTURE, date: DATE }, rules: ['hashed-not-immutable'] },
    { name: 'Expires far future without Date, measured from the receive time', headers: { expires: FAR_FUTURE }, receivedAt: DATE_MS, rules: ['hashed-not-immutable'] },
    { name: 'Expires far future without Date or receive time: not measurable', headers: { expires: FAR_FUTURE }, rules: ['hashed-short-lifetime', 'hashed-not-immutable'] },
    { name: 'Expires an hour ahead', headers: { expires: 'Mon, 02 Mar 2026 11:00:00 GMT', date: DATE }, rules: ['hashed-short-lifetime', 'hashed-not-immutable'] },
    { name: 'Expires invalid ("0")', headers: { expires: '0', date: DATE }, rules: ['hashed-short-lifetime', 'hashed-not-immutable'] },
    { name: 'max-age wins over a short Expires', headers: { 'cache-control': 'max-age=31536000, immutable', expires: 'Mon, 02 Mar 2026 10:00:01 GMT', date: DATE }, rules: [] },
    { name: 'max-age=0 wins over a far Expires', headers: { 'cache-control': 'max-age=0, immutable', expires: FAR_FUTURE, date: DATE }, rules: ['hashed-short-lifetime'] },
    { name: 'private', headers: { 'cache-control': 'max-age=31536000, private, immutable' }, rules: ['hashed-private'] },
    { name: 'no-cache', headers: { 'cache-control': 'no-cache' }, rules: ['hashed-no-store'] },
    { name: 'no-store even with a long max-age', headers: { 'cache-control': 'max-age=31536000, no-store, immutable' }, rules: ['hashed-no-store'] },
    { name: "Django's never_cache on a hashed file", headers: { 'cache-control': 'max-age=0, no-cache, no-store, must-revalidate, private' }, rules: ['hashed-no-store', 'hashed-private'] },
    { name: 'public alone: no lifetime', headers: { 'cache-control': 'public' }, rules: ['hashed-short-lifetime', 'hashed-not-immutable'] },
    { name: 'missing header', headers: { 'last-modified': DATE }, rules: ['missing-cache-headers'] },
  ];
  for (const c of cases) {
    const verdicts = judgeStaticCaching(c.headers, true, c.receivedAt === undefined ? {} : { receivedAt: c.receivedAt });
    t.same(verdicts.map((v) => v.rule), c.rules, c.name);
  }
});

t.test('unhashed files: not cached longer than a day, never immutable', async (t) => {
  const cases: Case[] = [
    { name: 'WhiteNoise unhashed', headers: { 'cache-control': WHITENOISE_UNHASHED }, rules: [] },
    { name: 'exactly a day', headers: { 'cache-control': 'max-age=86400' }, rules: [] },
    { name: 'no-cache', headers: { 'cache-control': 'no-cache' }, rules: [] },
    { name: 'no-store', headers: { 'cache-control': 'no-store' }, rules: [] },
    { name: 'a day and a second', headers: { 'cache-control': 'max-age=86401' }, rules: ['unhashed-long-lifetime'] },
    { name: 'WhiteNoise hashed policy on an unhashed name', headers: { 'cache-control': WHITENOISE_HASHED }, rules: ['unhashed-long-lifetime', 'unhashed-immutable'] },
    { name: 'immutable with a short lifetime', headers: { 'cache-control': 'max-age=60, immutable' }, rules: ['unhashed-immutable'] },
    { name: 'long s-maxage: shared caches keep it', headers: { 'cache-control': 'max-age=60, s-maxage=604800' }, rules: ['unhashed-long-lifetime'] },
    { name: 'nginx "expires 7d"', headers: { 'cache-control': 'max-age=604800', expires: 'Mon, 09 Mar 2026 10:00:00 GMT', date: DATE }, rules: ['unhashed-long-lifetime'] },
    { name: 'Expires far future without Date, receive time known', headers: { expires: FAR_FUTURE }, receivedAt: DATE_MS, rules: ['unhashed-long-lifetime'] },
    { name: 'Expires invalid ("0") is already expired', headers: { expires: '0' }, rules: [] },
    { name: 'missing header, file changed recently: heuristic under a day', headers: { date: DATE, 'last-modified': 'Mon, 02 Mar 2026 00:00:00 GMT' }, rules: [] },
    { name: 'missing header, file a year old: heuristic about 37 days', headers: { date: DATE, 'last-modified': 'Sun, 02 Mar 2025 10:00:00 GMT' }, rules: ['missing-cache-headers'] },
    { name: 'missing header and Date, receive time used', headers: { 'last-modified': 'Sun, 02 Mar 2025 10:00:00 GMT' }, receivedAt: DATE_MS, rules: ['missing-cache-headers'] },
    { name: 'missing header, no Last-Modified: nothing to guess from', headers: { date: DATE }, rules: [] },
    { name: 'missing header, no Date and no receive time', headers: { 'last-modified': 'Sun, 02 Mar 2025 10:00:00 GMT' }, rules: [] },
  ];
  for (const c of cases) {
    const verdicts = judgeStaticCaching(c.headers, false, c.receivedAt === undefined ? {} : { receivedAt: c.receivedAt });
    t.same(verdicts.map((v) => v.rule), c.rules, c.name);
  }
});

t.test('a verdict carries the caching headers as received and says why', async (t) => {
  const headers = { 'cache-control': 'MAX-AGE=60', 'content-type': 'text/css', date: DATE, etag: '"x"' };
  const [short, immutable] = judgeStaticCaching(headers, true);
  t.equal(immutable?.rule, 'hashed-not-immutable');
  t.same(short, {
    rule: 'hashed-short-lifetime',
    headers: { 'cache-control': 'MAX-AGE=60', date: DATE },
    explanation: 'Hashed file cached by browsers for 60 s (from max-age); a hashed name can be cached for at least a year (max-age=31536000).',
  });
  t.match(judgeStaticCaching({ expires: FAR_FUTURE }, true)[0]?.explanation, /no explicit lifetime \(from expires\): Expires without a valid Date/);
  t.same(judgeStaticCaching({ 'cache-control': 'max-age=7200' }, false), [], 'two hours is fine');
  t.match(judgeStaticCaching({ 'cache-control': 'max-age=172800' }, false)[0]?.explanation, /browsers for 2 days/);
  t.match(judgeStaticCaching({ 'cache-control': 'max-age=60, s-maxage=90000' }, false)[0]?.explanation, /shared caches for 25 hours \(from s-maxage\)/);
  t.match(judgeStaticCaching({ 'cache-control': 'no-cache, no-store' }, true)[0]?.explanation, /marked no-store and no-cache/);
  t.match(judgeStaticCaching({ date: DATE, 'last-modified': 'Sun, 02 Mar 2025 10:00:00 GMT' }, false)[0]?.explanation, /about 37 days/);
});
