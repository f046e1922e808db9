// A cache not shared between workers, as a specification: copies named by
// their store time (Expires minus max-age); a return to an older copy after a
// newer one, of a copy proven stored, is the proof; an uncached page, one
// shared cache that refreshed, and skewed clocks of uncached hosts are not.

import t from 'tap';
import type { FetchResponse } from '../../../src/probe-kit/index.js';
import { fetchPerProcessCache, mayHoldPerProcessCopies, PER_PROCESS_REQUESTS, returnToOlderCopy, sighting, type CopySighting } from '../../../probes/performance/per-process-cache.js';
import { response, runOn, site, SITE, type Canned } from '../../helpers/site-kit.js';
import { htmlPage, ruleProbe } from './kit.js';

const T = Date.UTC(2026, 0, 1, 12, 0, 0);
const MAX_AGE = 600;
const date = (ms: number) => new Date(ms).toUTCString();
/** An answer served at `servedAt` of a copy stored at `storedAt` (seconds after T), as Django's cache middleware sends it. */
function served(servedAt: number, storedAt: number, extra: Record<string, string> = {}): FetchResponse {
  return response({
    url: SITE,
    headers: { 'content-type': 'text/html', date: date(T + servedAt * 1000), expires: date(T + (storedAt + MAX_AGE) * 1000), 'cache-control': `max-age=${MAX_AGE}`, ...extra },
  });
}
const sightings = (...pairs: [number, number][]): CopySighting[] => pairs.map(([at, stored]) => sighting(served(at, stored)) as CopySighting);

t.test('what an answer says of its copy', async (t) => {
  t.equal(sighting(served(10, 4))?.storedAt, T + 4000);
  t.equal(sighting(response({ url: SITE, headers: { 'cache-control': 'max-age=600' } })), null, 'no Expires');
  t.equal(sighting(response({ url: SITE, headers: { expires: date(T) } })), null, 'no max-age');
  t.equal(sighting(served(1, 1, { 'cache-control': 'private, max-age=600' })), null, 'private: not from a shared store');
  t.equal(sighting(response({ url: SITE, status: 404, headers: { expires: date(T), 'cache-control': 'max-age=60' } })), null);
});

t.test('returnToOlderCopy: only what one shared cache cannot produce', async (t) => {
  const cases: { name: string; seen: CopySighting[]; proof: boolean }[] = [
    { name: 'three workers, A B A, A already old', seen: sightings([20, 4], [20, 12], [21, 4]), proof: true },
    { name: 'A B C A', seen: sightings([20, 4], [20, 12], [20, 15], [20, 4]), proof: true },
    { name: 'one shared cache: one copy', seen: sightings([20, 4], [20, 4], [21, 4]), proof: false },
    { name: 'one shared cache that refreshed: A then B, never A again', seen: sightings([20, 4], [700, 700], [701, 700]), proof: false },
    { name: 'an uncached page: every answer new', seen: sightings([20, 20], [21, 21], [22, 22]), proof: false },
    // Two uncached hosts, one clock 3 s fast, within one second: the same value comes back, but no copy is proven stored.
    { name: 'skewed clocks of uncached hosts', seen: sightings([20, 23], [20, 20], [20, 23]), proof: false },
    { name: 'A B A, A the same copy a second apart', seen: sightings([20, 20], [20, 18], [21, 20]), proof: true },
    { name: 'too few answers', seen: sightings([20, 4], [20, 12]), proof: false },
  ];
  for (const c of cases) t.equal(returnToOlderCopy(c.seen) !== null, c.proof, c.name);
  t.same(returnToOlderCopy(sightings([20, 4], [20, 12], [20, 15], [21, 4])), { copies: 3, first: 0, other: 1, again: 3 });
});

t.test('the check runs only on a page that looks cached by Django with nothing in front', async (t) => {
  t.equal(mayHoldPerProcessCopies(htmlPage('/', { headers: served(10, 4).headers })), true);
  t.equal(mayHoldPerProcessCopies(htmlPage('/', { headers: { ...served(10, 4).headers, age: '6' } })), true, "Age alone: Django's cache middleware adds it to its own hits");
  t.equal(mayHoldPerProcessCopies(htmlPage('/', { headers: { ...served(10, 4).headers, age: '6', 'x-cache': 'HIT' } })), false, 'a front cache hides the origin\'s copies');
  t.equal(mayHoldPerProcessCopies(htmlPage('/', { headers: { ...served(10, 4).headers, age: '6', via: '1.1 varnish (Varnish/7.1)' } })), false, 'Via and Age: a proxy in front');
  t.equal(mayHoldPerProcessCopies(htmlPage('/')), false, 'no Expires and max-age');
});

t.test('fetchPerProcessCache: fresh requests, one after another, until the proof', async (t) => {
  const page = htmlPage('/', { headers: served(10, 4).headers });
  const once = (result: FetchResponse): Canned => ({ url: SITE, fresh: true, once: true, result });
  const probe = ruleProbe(PER_PROCESS_REQUESTS, async (_m, ctx) => fetchPerProcessCache(ctx, page));

  const flapping = await runOn(probe, site({ pages: [page] }), [once(served(20, 12)), once(served(21, 4)), once(served(22, 12))]);
  t.same(flapping.findings.map((f) => f.messageId), ['perProcessCache']);
  t.equal(flapping.requests.length, 2, 'the crawl saw A, then B, then A: stops at the proof');
  t.match(flapping.findings[0]?.message, /several cached copies \(2 copies: stored 12:00:04, stored 12:00:12, stored 12:00:04/);
  t.equal(flapping.findings[0]?.evidence.filter((e) => e.decisive).length, 1);

  const shared = await runOn(probe, site({ pages: [page] }), Array.from({ length: PER_PROCESS_REQUESTS }, (_, i) => once(served(20 + i, 4))));
  t.same(shared.findings, [], 'one copy every time: nothing to say (and nothing proven either)');
  t.equal(shared.requests.length, PER_PROCESS_REQUESTS, 'bounded');
  t.ok(shared.requests.every((r) => r.options.fresh === true));

  const changed = await runOn(probe, site({ pages: [page] }), [once(response({ url: SITE, headers: { 'content-type': 'text/html' } }))]);
  t.same([changed.findings.length, changed.requests.length], [0, 1], 'an answer without the headers ends the comparison');
});
