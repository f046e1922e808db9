// The client against real local servers that misbehave. Each case: no crash,
// bounded time where the point is a deadline, bounded memory where the point is
// size, and a FetchResult that says exactly what went wrong. (TLS is in
// tls.test.ts, interim responses in interim.test.ts, secrets in site-secrets.test.ts.)

import { createHash } from 'node:crypto';
import t from 'tap';
import { createHttpClient } from '../../src/http/client.js';
import type { FetchResult } from '../../src/http/types.js';
import { testClientOptions } from './client-options.js';
import {
  concurrencyMeter,
  failingThen,
  fixed,
  gzipOfZeros,
  hugeBody,
  manyLinksPage,
  neverEndingBody,
  neverEndingHeaders,
  redirectChain,
  redirectLoop,
  refusedPort,
  resetMidBody,
  startHttp,
  startRaw,
  type HugeBodyLog,
  type LocalServer,
} from './hostile-servers.js';
import { clientFor, closing, failure, response, timed } from './client-kit.js';


const md5 = (bytes: Buffer | string): string => createHash('md5').update(bytes).digest('hex');

t.test('redirect loop: ERR_REDIRECT_LOOP with both hops recorded', async (t) => {
  const server = await closing(t, startHttp(redirectLoop));
  const result = failure(t, await clientFor(t).fetch(`${server.origin}/a`));
  t.equal(result.error.code, 'ERR_REDIRECT_LOOP');
  t.same(
    result.hops.map((hop) => [new URL(hop.url).pathname, hop.status, hop.location]),
    [
      ['/a', 302, '/b'],
      ['/b', 302, '/a'],
    ],
  );
  t.equal(result.url, `${server.origin}/a`, 'the URL it would have gone back to');
  t.equal(result.attempts, 1);
});

t.test('a 50-hop redirect chain', async (t) => {
  const server = await closing(t, startHttp({ '/hop': redirectChain(50) }));
  const client = clientFor(t, { maxRedirects: 10 });

  const stopped = failure(t, await client.fetch(`${server.origin}/hop`));
  t.equal(stopped.error.code, 'ERR_TOO_MANY_REDIRECTS');
  t.equal(stopped.hops.length, 11, 'ten hops followed, the eleventh refused');
  t.equal(stopped.url, `${server.origin}/hop?n=11`);

  const followed = response(t, await client.fetch(`${server.origin}/hop`, { maxRedirects: 50, body: { read: 'whole', maxBytes: 100, keepText: true } }));
  t.equal(followed.status, 200);
  t.equal(followed.hops.length, 50);
  t.equal(followed.url, `${server.origin}/hop?n=50`);
  t.equal(followed.text, 'arrived after 50');
  t.equal(client.stats().requests, 11 + 51, 'every hop is a request');
});

t.test('headers that never finish end in ERR_TIMEOUT at the deadline', async (t) => {
  const server = await closing(t, startRaw(neverEndingHeaders));
  const client = clientFor(t, { timeoutMs: 300 });
  const { value, ms } = await timed(() => client.fetch(`${server.origin}/`, { retry: false }));
  const result = failure(t, value);
  t.equal(result.error.code, 'ERR_TIMEOUT');
  t.equal(result.attempts, 1);
  t.ok(ms < 2000, `ended after ${ms} ms`);
});

t.test('a timeout is transient: retried, and still a timeout is an outage, not a blip', async (t) => {
  const server = await closing(t, startRaw(neverEndingHeaders));
  const client = clientFor(t, { timeoutMs: 200, retries: 1, retryBudgetMs: 200 });
  const { value, ms } = await timed(() => client.fetch(`${server.origin}/`));
  const result = failure(t, value);
  t.equal(result.error.code, 'ERR_TIMEOUT');
  t.equal(result.attempts, 2);
  t.equal(result.flaky, false);
  t.ok(ms < 3000, `ended after ${ms} ms`);
});

t.test('a body that never ends', async (t) => {
  const server = await closing(t, startHttp({ '/': neverEndingBody }));
  const client = clientFor(t, { timeoutMs: 300 });

  const { value, ms } = await timed(() => client.fetch(`${server.origin}/`, { retry: false, body: { read: 'whole', maxBytes: 1_000_000 } }));
  t.equal(failure(t, value).error.code, 'ERR_TIMEOUT', 'read whole: the deadline covers the body');
  t.ok(ms < 2000, `ended after ${ms} ms`);

  const prefix = response(t, await client.fetch(`${server.origin}/`, { body: { read: 'prefix', maxBytes: 3 } }));
  t.same([prefix.body.bytesRead, prefix.body.complete], [3, false], 'a prefix read stops at its cap, no deadline needed');

  const none = response(t, await client.fetch(`${server.origin}/`, { body: { read: 'none' } }));
  t.same([none.status, none.body.bytesRead], [200, 0], 'headers only: returns at once');
  t.ok(none.timing.totalMs < 300, `headers-only read took ${none.timing.totalMs} ms`);
});

t.test('a 1 GB body is never downloaded', async (t) => {
  const GB = 1024 * 1024 * 1024;
  const logs: Record<string, HugeBodyLog> = {
    prefix: { bytesSent: 0, closedEarly: false },
    none: { bytesSent: 0, closedEarly: false },
    whole: { bytesSent: 0, closedEarly: false },
  };
  const server = await closing(
    t,
    startHttp({ '/prefix': hugeBody(GB, logs.prefix!), '/none': hugeBody(GB, logs.none!), '/whole': hugeBody(GB, logs.whole!) }),
  );
  const client = clientFor(t);
  const heapBefore = process.memoryUsage().heapUsed;

  const prefix = response(t, await client.fetch(`${server.origin}/prefix`, { body: { read: 'prefix', maxBytes: 64 * 1024 } }));
  t.same([prefix.body.bytesRead, prefix.body.complete], [64 * 1024, false]);
  t.notOk('md5' in prefix.body, 'no hash of an incomplete body');
  t.equal(Buffer.from(prefix.body.prefixBase64, 'base64').toString(), 'a'.repeat(512));

  const none = response(t, await client.fetch(`${server.origin}/none`, { body: { read: 'none' } }));
  t.same([none.body.bytesRead, none.body.complete, none.headers['content-length']], [0, false, String(GB)]);

  const whole = response(t, await client.fetch(`${server.origin}/whole`, { body: { read: 'whole', maxBytes: 1024 * 1024 } }));
  t.same([whole.body.bytesRead, whole.body.complete], [1024 * 1024, false], 'over the cap: stops, complete false, not an error');

  // Let the servers notice the closed sockets.
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (const [name, log] of Object.entries(logs)) {
    t.ok(log.closedEarly, `${name}: the client hung up`);
    t.ok(log.bytesSent < 32 * 1024 * 1024, `${name}: the server pushed ${log.bytesSent} bytes, not a gigabyte`);
  }
  const grown = process.memoryUsage().heapUsed - heapBefore;
  t.ok(grown < 64 * 1024 * 1024, `heap grew by ${grown} bytes`);
  t.equal(client.stats().bytesRead, 64 * 1024 + 1024 * 1024);
});

t.test('a compression bomb stops at the cap', async (t) => {
  const bomb = await gzipOfZeros(100 * 1024 * 1024);
  t.ok(bomb.length < 1024 * 1024, `100 MB of zeros gzip to ${bomb.length} bytes`);
  const server = await closing(
    t,
    startHttp({ '/bomb': fixed(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': bomb.length }, bomb) }),
  );
  const client = clientFor(t);

  const prefix = response(t, await client.fetch(`${server.origin}/bomb`, { body: { read: 'prefix', maxBytes: 64 * 1024 } }));
  t.same([prefix.body.bytesRead, prefix.body.complete], [64 * 1024, false], 'identity was asked for, gzip decoded anyway, cut at the cap');

  const whole = response(t, await client.fetch(`${server.origin}/bomb`, { body: { read: 'whole', maxBytes: 1024 * 1024, keepText: true } }));
  t.same([whole.body.bytesRead, whole.body.complete], [1024 * 1024, false]);
  t.equal(whole.text?.length, 1024 * 1024, 'text is what fitted under the cap');
});

t.test('corrupt gzip is ERR_DECODE, not retried', async (t) => {
  const corrupt = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(64, 0xff)]);
  const server = await closing(t, startHttp({ '/': fixed(200, { 'content-encoding': 'gzip' }, corrupt) }));
  const result = failure(t, await clientFor(t).fetch(`${server.origin}/`, { body: { read: 'whole', maxBytes: 1024 } }));
  t.equal(result.error.code, 'ERR_DECODE');
  t.equal(result.attempts, 1);
});

t.test('Content-Encoding: None (Wagtail serve view on local storage) is identity', async (t) => {
  const pdf = Buffer.from('%PDF-1.4\n% not really a pdf\n');
  const server = await closing(t, startHttp({ '/documents/1/x.pdf': fixed(200, { 'content-type': 'application/pdf', 'content-encoding': 'None' }, pdf) }));
  const result = response(t, await clientFor(t).fetch(`${server.origin}/documents/1/x.pdf`, { body: { read: 'whole', maxBytes: 1024, hash: true } }));
  t.equal(result.headers['content-encoding'], 'None', 'the header is reported as the server sent it');
  t.same([result.body.complete, result.body.md5], [true, md5(pdf)]);
});

t.test('latin-1, declared and undeclared charsets, broken UTF-8 and malformed HTML', async (t) => {
  const cafeLatin1 = Buffer.from('<p>café</p>', 'latin1');
  const metaLatin1 = Buffer.concat([Buffer.from('<html><head><meta charset="iso-8859-1"></head><body>'), Buffer.from('naïve', 'latin1')]);
  const brokenUtf8 = Buffer.concat([Buffer.from('<p>ok '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' end</p>')]);
  const malformed = Buffer.from('<html><body><div><p>unclosed <a href="/x"<b>> </td></table>\x00\x01');
  const server = await closing(
    t,
    startHttp({
      '/header': fixed(200, { 'content-type': 'text/html; charset=ISO-8859-1' }, cafeLatin1),
      '/meta': fixed(200, { 'content-type': 'text/html' }, metaLatin1),
      '/broken': fixed(200, { 'content-type': 'text/html; charset=utf-8' }, brokenUtf8),
      '/malformed': fixed(200, { 'content-type': 'text/html' }, malformed),
    }),
  );
  const client = clientFor(t);
  const page = async (path: string) =>
    response(t, await client.fetch(`${server.origin}${path}`, { body: { read: 'whole', maxBytes: 10_000, keepText: true } }));

  const header = await page('/header');
  t.same([header.text, header.charset], ['<p>café</p>', 'windows-1252']);
  const meta = await page('/meta');
  t.match(meta.text, /naïve$/);
  t.equal(meta.charset, 'windows-1252');
  const broken = await page('/broken');
  t.equal(broken.text, '<p>ok \uFFFD(\uFFFD end</p>', 'replacement characters, no throw');
  const bad = response(t, await client.fetch(`${server.origin}/malformed`, { body: { read: 'whole', maxBytes: 10_000, keepText: true, hash: true } }));
  t.same([bad.body.md5, bad.body.bytesRead, bad.charset], [md5(malformed), malformed.length, 'utf-8'], 'just bytes, intact');
});

t.test('a page with 20,000 links is just a big body', async (t) => {
  const html = manyLinksPage(20_000);
  const server = await closing(t, startHttp({ '/': fixed(200, { 'content-type': 'text/html; charset=utf-8' }, html) }));
  const result = response(t, await clientFor(t).fetch(`${server.origin}/`, { body: { read: 'whole', maxBytes: 5 * 1024 * 1024, keepText: true, hash: true } }));
  t.same([result.body.complete, result.body.bytesRead, result.body.md5], [true, Buffer.byteLength(html), md5(html)]);
  t.equal(result.text, html);
});

t.test('429 with Retry-After: 1, then 200', async (t) => {
  const server = await closing(
    t,
    startHttp({
      '/': failingThen(1, fixed(429, { 'retry-after': '1' }, 'slow down'), fixed(200, {}, 'welcome')),
    }),
  );
  const retried: unknown[] = [];
  const client = createHttpClient(testClientOptions(), { onRetry: (...args) => retried.push(args) });
  t.teardown(() => client.close());
  const { value, ms } = await timed(() => client.fetch(`${server.origin}/`));
  const result = response(t, value);
  t.same([result.status, result.attempts, result.flaky], [200, 2, true]);
  t.ok(ms >= 950, `waited ${ms} ms, as Retry-After asked`);
  t.same(retried, [[`${server.origin}/`, 2, 'status 429']]);
  t.same(client.stats(), { requests: 2, retries: 1, bytesRead: 7, errors: 0, rateLimited: [] });
});

t.test('a Retry-After beyond the retry budget: give up at once with the 429', async (t) => {
  const server = await closing(t, startHttp({ '/': fixed(429, { 'retry-after': '30' }, 'come back later') }));
  const client = clientFor(t, { retryBudgetMs: 2000 });
  const { value, ms } = await timed(() => client.fetch(`${server.origin}/`));
  const result = response(t, value);
  t.same([result.status, result.attempts, result.flaky], [429, 1, false]);
  t.ok(ms < 1000, `returned after ${ms} ms, no sleep past the budget`);
});

t.test('503 then 200 is flaky; 503 every time is an outage', async (t) => {
  const server = await closing(
    t,
    startHttp({
      '/blip': failingThen(1, fixed(503, {}, 'busy'), fixed(200, {}, 'ok')),
      '/down': fixed(503, {}, 'down'),
    }),
  );
  const client = clientFor(t, { retries: 2 });
  const blip = response(t, await client.fetch(`${server.origin}/blip`));
  t.same([blip.status, blip.attempts, blip.flaky], [200, 2, true]);
  const down = response(t, await client.fetch(`${server.origin}/down`));
  t.same([down.status, down.attempts, down.flaky], [503, 3, false]);
});

t.test('a connection reset mid-body', async (t) => {
  const server = await closing(t, startHttp({ '/': resetMidBody }));
  const client = clientFor(t, { retries: 1 });
  const result = failure(t, await client.fetch(`${server.origin}/`, { body: { read: 'whole', maxBytes: 1_000_000 } }));
  t.equal(result.error.code, 'ERR_RESET');
  t.same([result.attempts, result.flaky], [2, false], 'a reset is retried; reset again is not a blip');
  const prefix = response(t, await client.fetch(`${server.origin}/`, { body: { read: 'prefix', maxBytes: 512 } }));
  t.same([prefix.body.bytesRead, prefix.body.complete], [512, false], 'a prefix read done before the reset is fine');
});

t.test('a refused port is retried once, no more', async (t) => {
  const port = await refusedPort();
  const client = clientFor(t, { retries: 3 });
  const result = failure(t, await client.fetch(`http://127.0.0.1:${port}/`));
  t.equal(result.error.code, 'ERR_REFUSED');
  t.equal(result.attempts, 2);
});

t.test('an unresolvable .invalid host fails fast as ERR_DNS with no traffic', async (t) => {
  const client = clientFor(t, { retries: 3 });
  const { value, ms } = await timed(() => client.fetch('http://no-such-host.invalid/'));
  const result = failure(t, value);
  t.equal(result.error.code, 'ERR_DNS');
  t.equal(result.attempts, 1, 'DNS failures are never retried');
  t.equal(client.stats().requests, 0, 'nothing was sent');
  t.ok(ms < 100, `failed in ${ms} ms`);
});

t.test('relative, protocol-relative and non-ASCII Locations', async (t) => {
  const seen: string[] = [];
  let server: LocalServer | undefined;
  const record = (status: number, location: () => string) => (req: { url?: string }, res: import('node:http').ServerResponse) => {
    seen.push(req.url ?? '');
    res.writeHead(status, { location: location() }).end();
  };
  server = await closing(
    t,
    startHttp({
      '/docs/start/': record(302, () => '../relative'),
      '/docs/relative': record(301, () => `//127.0.0.1:${server!.port}/protocol-relative`),
      '/protocol-relative': record(307, () => Buffer.from('/café/ü?q=ß').toString('latin1')), // raw UTF-8 bytes
      '/caf%C3%A9/%C3%BC': record(308, () => '/already%20encoded#fragment'),
      '/already%20encoded': (req, res) => {
        seen.push(req.url ?? '');
        res.writeHead(200).end('done');
      },
    }),
  );
  const result = response(t, await clientFor(t).fetch(`${server.origin}/docs/start/`));
  t.equal(result.status, 200);
  t.same(seen, ['/docs/start/', '/docs/relative', '/protocol-relative', '/caf%C3%A9/%C3%BC?q=%C3%9F', '/already%20encoded']);
  t.same(
    result.hops.map((hop) => hop.location),
    ['../relative', `//127.0.0.1:${server.port}/protocol-relative`, '/café/ü?q=ß', '/already%20encoded#fragment'],
    'each hop records the Location as the server meant it',
  );
  t.equal(result.url, `${server.origin}/already%20encoded`);
});

t.test('the rate cap holds: 20 requests a second', async (t) => {
  const arrivals: number[] = [];
  const server = await closing(
    t,
    startHttp({
      '/': (_req, res) => {
        arrivals.push(Date.now());
        res.writeHead(200, { 'content-length': '2' }).end('ok');
      },
    }),
  );
  const client = clientFor(t, { rate: 20, concurrency: 8 });
  const results = await Promise.all(Array.from({ length: 31 }, () => client.fetch(`${server.origin}/`)));
  t.ok(results.every((result) => result.ok));
  const spanMs = arrivals[arrivals.length - 1]! - arrivals[0]!;
  // 31 requests at 20/s: 30 gaps of 50 ms = 1500 ms. Only the safety side is
  // asserted (never faster than the cap, 10% tolerance): a loaded machine can
  // only make it slower. How closely the rate is held is measured by npm run bench.
  t.ok(spanMs >= 1350, `31 requests spanned ${spanMs} ms`);
  const firstSecond = arrivals.filter((at) => at - arrivals[0]! < 1000).length;
  t.ok(firstSecond <= 22, `${firstSecond} requests in the first second`);
});

t.test('the concurrency cap holds per origin', async (t) => {
  const meterA = concurrencyMeter(100);
  const meterB = concurrencyMeter(100);
  const a = await closing(t, startHttp({ '/': meterA.handler }));
  const b = await closing(t, startHttp({ '/': meterB.handler }));
  const client = clientFor(t, { concurrency: 3 });
  const urls = Array.from({ length: 12 }, (_, i) => `${i % 2 === 0 ? a.origin : b.origin}/`);
  const results = await Promise.all(urls.map((url) => client.fetch(url)));
  t.ok(results.every((result) => result.ok));
  t.same([meterA.total(), meterA.maxInFlight()], [6, 3], 'origin A: never more than 3 at once');
  t.same([meterB.total(), meterB.maxInFlight()], [6, 3], 'origin B has its own 3');
});
