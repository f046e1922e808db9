// A cache that is not shared: Django's per-site cache middleware (or
// cache_page) on a LocMemCache, which lives in one worker process, or a
// FileBasedCache, which lives on one host, behind several workers or hosts.
// Each keeps its own copy of a page, so visitors get whichever copy their
// worker holds, and a published change shows on some requests and not others.
//
// What can be seen from outside: UpdateCacheMiddleware stores the response
// with `Expires: <store time + max-age>` and `Cache-Control: max-age=<n>`, and
// a hit hands that stored response back as it was. So every answer names the
// moment its copy was stored: Expires minus max-age. One shared cache (Redis,
// Memcached, one database table) holds one copy at a time, and a copy once
// replaced never comes back: over a run, the store times only move forward.
// Several caches hold several copies at once: with three workers the answers
// can go A, B, A. That return to an older copy, of a copy proven stored (its
// store time at least STORED_AGE_S before the answer's Date, or the same
// store time on answers at least a second apart), is the signal. It cannot
// come from one shared cache, nor from an uncached page (whose Expires is
// always now + max-age), whatever the clocks.
//
// What it cannot do: prove the opposite. Whether the load balancer or
// gunicorn's shared socket spreads a handful of quick requests over workers
// decides whether a second copy is met at all; an absent finding says
// nothing. A front cache (anything describeSharedCache sees beyond Age) hides
// the origin's copies, so the check does not run behind one. Age alone is not
// a front: Django's cache middleware adds Age to the hits it serves itself
// (seen on the stack's locmem-cache profile, Django 5.2), and those hits are
// exactly the copies this check compares.

import { evidenceFrom, READ, type AnsweredPage, type FetchResponse, type FetchResult } from '../../src/probe-kit/index.js';
import { parseCacheControl } from '../../src/signals/cache-control.js';
import { parseHttpDate } from '../../src/signals/http-date.js';
import { describeSharedCache } from '../../src/signals/shared-cache.js';
import type { Ctx } from './messages.js';

/** Fresh requests of the page at most; the check stops at the first proof. */
export const PER_PROCESS_REQUESTS = 5;
/** A copy older than this at the moment it was served was not made for that request. */
export const STORED_AGE_S = 2;

const HEADERS = ['date', 'expires', 'cache-control', 'age'] as const;

export interface CopySighting {
  /** When the copy was stored (ms): Expires minus max-age. */
  readonly storedAt: number;
  /** The answer's Date (ms), or null when it had none. */
  readonly date: number | null;
  readonly response: FetchResponse;
}

/** The stored copy an answer is, from its Expires and max-age; null when it does not carry both. */
export function sighting(result: FetchResult): CopySighting | null {
  if (!result.ok || result.status !== 200) return null;
  const cc = parseCacheControl(result.headers['cache-control']);
  const expires = parseHttpDate(result.headers['expires']);
  if (cc.maxAge.state !== 'valid' || cc.maxAge.seconds === 0 || expires === null || cc.private || cc.noStore) return null;
  return { storedAt: expires - cc.maxAge.seconds * 1000, date: parseHttpDate(result.headers['date']), response: result };
}

/** A cache in front shows more than Age (Via, X-Cache, X-Varnish…); Age alone may be Django's own cache middleware. */
function cacheInFront(response: FetchResponse): boolean {
  return describeSharedCache(response.headers)?.signs.some((s) => s.header !== 'age') ?? false;
}

/** Whether the page looks like Django's cache middleware answered it, with nothing in front: the check's precondition. */
export function mayHoldPerProcessCopies(page: AnsweredPage): boolean {
  return sighting(page.response) !== null && !cacheInFront(page.response);
}

/** A copy is proven stored when it was already old when served, or was served unchanged a second or more apart. */
function provenStored(copy: readonly CopySighting[]): boolean {
  const dates = copy.map((s) => s.date).filter((d): d is number => d !== null);
  return copy.some((s) => s.date !== null && s.date - s.storedAt >= STORED_AGE_S * 1000) || (dates.length >= 2 && Math.max(...dates) - Math.min(...dates) >= 1000);
}

/**
 * The indexes (first sighting of A, a sighting of another copy B after it,
 * A again after B) of a return to an older copy, or null. Pure.
 */
export function returnToOlderCopy(sightings: readonly CopySighting[]): { copies: number; first: number; other: number; again: number } | null {
  const copies = new Set(sightings.map((s) => s.storedAt)).size;
  for (let again = 2; again < sightings.length; again++) {
    const a = sightings[again] as CopySighting;
    const first = sightings.findIndex((s) => s.storedAt === a.storedAt);
    if (first >= again) continue;
    const other = sightings.findIndex((s, i) => i > first && i < again && s.storedAt !== a.storedAt);
    if (other < 0) continue;
    if (!provenStored(sightings.filter((s) => s.storedAt === a.storedAt))) continue;
    return { copies, first, other, again };
  }
  return null;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

export async function fetchPerProcessCache(ctx: Ctx, page: AnsweredPage): Promise<void> {
  const crawled = sighting(page.response);
  if (crawled === null || cacheInFront(page.response)) return;
  const sightings: CopySighting[] = [crawled];
  // One after another, not at once: concurrent requests could each make a copy of their own.
  for (let i = 0; i < PER_PROCESS_REQUESTS; i++) {
    const answer = await ctx.fetch(page.url, { body: READ.headers, fresh: true });
    const seen = sighting(answer);
    if (seen === null || cacheInFront(seen.response)) return; // the page changed its answer: no longer comparable
    sightings.push(seen);
    const proof = returnToOlderCopy(sightings);
    if (proof === null) continue;
    const shown = [proof.first, proof.other, proof.again].map((index) => sightings[index] as CopySighting);
    ctx.report(
      'perProcessCache',
      {
        url: page.url,
        copies: proof.copies,
        sequence: sightings.map((s) => `stored ${clock(s.storedAt)}`).join(', '),
      },
      shown.map((s, n) =>
        evidenceFrom(s.response, HEADERS, { note: `${['a copy', 'another copy', 'the first copy again'][n]}: stored ${clock(s.storedAt)} (Expires minus max-age)`, ...(n === 2 ? { decisive: true as const } : {}) }),
      ),
      { url: page.url },
    );
    return;
  }
}
