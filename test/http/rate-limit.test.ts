// A Retry-After longer than http.maxRetryAfter is not waited for: that answer
// is returned as it is, and the origin is off limits for the rest of the run.
// The servers count what reached them, so "nothing more was sent" is checked
// on the wire, not taken from the client's word.

import type http from 'node:http';
import t from 'tap';
import { createHttpClient, type HttpClientOptions } from '../../src/http/client.js';
import type { FetchFailure, FetchResponse, FetchResult } from '../../src/http/types.js';
import { testClientOptions } from './client-options.js';
import { failingThen, fixed, startHttp, type LocalServer } from './hostile-servers.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A server that records every path it was asked for. */
async function countingServer(tt: Teardown, routes: Record<string, Handler>): Promise<LocalServer & { readonly seen: string[] }> {
  const seen: string[] = [];
  const counted = Object.fromEntries(
    Object.entries(routes).map(([path, handler]): [string, Handler] => [
      path,
      (req, res) => {
        seen.push(req.url ?? '');
        handler(req, res);
      },
    ]),
  );
  const server = await startHttp(counted);
  tt.teardown(() => server.close());
  return { ...server, seen };
}

function clientFor(tt: Teardown, overrides: Partial<HttpClientOptions> = {}) {
  const client = createHttpClient(testClientOptions(overrides));
  tt.teardown(() => client.close());
  return client;
}

function ok(result: FetchResult): FetchResponse {
  if (!result.ok) throw new Error(`expected a response, got ${result.error.code}: ${result.error.message}`);
  return result;
}

function failed(result: FetchResult): FetchFailure {
  if (result.ok) throw new Error(`expected a failure, got ${result.status}`);
  return result;
}

const ADVICE = /Try a lower --rate, a lower --concurrency, or raise http\.maxRetryAfter\.$/;

t.test('a 429 asking for longer than the cap: returned as is, then the origin is off limits', async (t) => {
  const server = await countingServer(t, {
    '/': fixed(429, { 'retry-after': '120', 'content-type': 'text/plain' }, 'slow down'),
    '/other': fixed(200, {}, 'fine'),
  });
  const elsewhere = await countingServer(t, { '/': fixed(200, {}, 'elsewhere') });
  const client = clientFor(t, { maxRetryAfterMs: 60_000, retries: 3 });

  const started = Date.now();
  const first = ok(await client.fetch(`${server.origin}/`, { body: { read: 'whole', maxBytes: 100, keepText: true } }));
  t.same([first.status, first.attempts, first.flaky, first.text], [429, 1, false, 'slow down'], 'the 429 itself, body and all, not retried');
  t.ok(Date.now() - started < 1000, 'and not waited for');

  for (const path of ['/', '/other']) {
    const before = Date.now();
    const refused = failed(await client.fetch(`${server.origin}${path}`));
    t.equal(refused.error.code, 'ERR_RATE_LIMITED', path);
    t.equal(refused.attempts, 0, `${path}: nothing attempted`);
    t.ok(Date.now() - before < 50, `${path}: failed at once`);
    t.match(refused.error.message, `${server.origin} asked to wait 120 s (Retry-After: 120), more than http.maxRetryAfter (60 s)`);
    t.match(refused.error.message, ADVICE);
  }
  t.same(server.seen, ['/'], 'the server got the one request, nothing after the long 429');

  ok(await client.fetch(`${elsewhere.origin}/`));
  t.same(elsewhere.seen, ['/'], 'another origin is not affected');

  const stats = client.stats();
  t.same([stats.requests, stats.retries, stats.errors], [2, 0, 2]);
  t.equal(stats.rateLimited.length, 1);
  t.match(stats.rateLimited[0], { origin: server.origin, retryAfterMs: 120_000 });
  const at = Date.parse(stats.rateLimited[0]?.at ?? '');
  t.ok(at >= started && at <= Date.now(), 'when it asked, as an ISO time');
});

t.test('a 503 with an HTTP-date far ahead counts the same', async (t) => {
  const inAnHour = new Date(Date.now() + 3600_000).toUTCString();
  const server = await countingServer(t, { '/': fixed(503, { 'retry-after': inAnHour }, 'maintenance') });
  const client = clientFor(t, { maxRetryAfterMs: 30_000 });
  t.equal(ok(await client.fetch(`${server.origin}/`)).status, 503);
  const refused = failed(await client.fetch(`${server.origin}/`));
  t.equal(refused.error.code, 'ERR_RATE_LIMITED');
  t.match(refused.error.message, /asked to wait 3[56]\d\d s \(Retry-After: .* GMT\), more than http\.maxRetryAfter \(30 s\)/);
  t.same(server.seen, ['/']);
  t.ok(Math.abs((client.stats().rateLimited[0]?.retryAfterMs ?? 0) - 3600_000) < 2000);
});

t.test('requests queued behind the long 429 are never sent', async (t) => {
  const server = await countingServer(t, {
    '/': (_req, res) => setTimeout(() => res.writeHead(429, { 'retry-after': '600' }).end(), 100),
  });
  const client = clientFor(t, { concurrency: 1 });
  const results = await Promise.all(Array.from({ length: 5 }, () => client.fetch(`${server.origin}/`)));
  t.same(
    results.map((result) => (result.ok ? result.status : result.error.code)),
    [429, 'ERR_RATE_LIMITED', 'ERR_RATE_LIMITED', 'ERR_RATE_LIMITED', 'ERR_RATE_LIMITED'],
  );
  t.equal(server.seen.length, 1, 'only the first reached the server');
});

t.test('a back-off on that origin ends at once when it turns rate-limited', async (t) => {
  const server = await countingServer(t, {
    '/blip': failingThen(1, fixed(503, { 'retry-after': '2' }), fixed(200, {}, 'ok')),
    '/stop': fixed(429, { 'retry-after': '3600' }),
  });
  const client = clientFor(t, { retries: 2, retryBudgetMs: 5000 });
  const started = Date.now();
  const blip = client.fetch(`${server.origin}/blip`); // sleeps 2 s before its retry
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(ok(await client.fetch(`${server.origin}/stop`)).status, 429);
  const result = failed(await blip);
  t.equal(result.error.code, 'ERR_RATE_LIMITED');
  t.equal(result.attempts, 1, 'the one attempt it made before the back-off');
  t.ok(Date.now() - started < 1000, `ended after ${Date.now() - started} ms, not after the 2 s back-off`);
  t.same(server.seen, ['/blip', '/stop'], 'the retry was never sent');
});

t.test('a redirect to a rate-limited origin stops at that hop, sending nothing there', async (t) => {
  const cdn = await countingServer(t, { '/x.jpg': fixed(429, { 'retry-after': '900' }) });
  const site = await countingServer(t, { '/media/x.jpg': fixed(302, { location: `${cdn.origin}/x.jpg` }) });
  const client = clientFor(t);
  t.equal(ok(await client.fetch(`${site.origin}/media/x.jpg`)).status, 429, 'the first time: the CDN answers 429');
  const second = failed(await client.fetch(`${site.origin}/media/x.jpg`));
  t.same([second.error.code, second.hops.length, second.url], ['ERR_RATE_LIMITED', 1, `${cdn.origin}/x.jpg`]);
  t.same([site.seen.length, cdn.seen.length], [2, 1], 'the site is still asked; the CDN not again');
});

t.test('a Retry-After within the cap is honoured as before', async (t) => {
  const server = await countingServer(t, {
    '/': failingThen(1, fixed(429, { 'retry-after': '1' }), fixed(200, {}, 'welcome')),
  });
  const client = clientFor(t, { maxRetryAfterMs: 1000 }); // exactly the cap: still waited for
  const started = Date.now();
  const result = ok(await client.fetch(`${server.origin}/`));
  t.same([result.status, result.attempts], [200, 2]);
  t.ok(Date.now() - started >= 950, 'waited the second it asked for');
  t.same(server.seen, ['/', '/']);
  t.same(client.stats().rateLimited, []);
});

t.test('a 502 or 504 with a long Retry-After is not a rate limit', async (t) => {
  const server = await countingServer(t, { '/': fixed(502, { 'retry-after': '3600' }), '/ok': fixed(200, {}, 'ok') });
  const client = clientFor(t, { maxRetryAfterMs: 1000 });
  t.equal(ok(await client.fetch(`${server.origin}/`)).status, 502);
  t.equal(ok(await client.fetch(`${server.origin}/ok`)).status, 200);
  t.same(client.stats().rateLimited, []);
});
