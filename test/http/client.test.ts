// The client's everyday behaviour against a well-behaved local server: what it
// sends, what it records, redirects by hand, retries on request, hooks and stats.
// (The misbehaving servers are in hostile.test.ts.)

import http from 'node:http';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { createHttpClient, type HttpClientOptions, type HttpHooks } from '../../src/http/client.js';
import type { FetchFailure, FetchResponse, FetchResult } from '../../src/http/types.js';
import { testClientOptions } from './client-options.js';
import { failingThen, fixed, startHttp, type LocalServer } from './hostile-servers.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

function clientFor(tt: Teardown, overrides: Partial<HttpClientOptions> = {}, hooks?: HttpHooks) {
  const client = createHttpClient(testClientOptions(overrides), hooks);
  tt.teardown(() => client.close());
  return client;
}

async function serve(tt: Teardown, routes: Parameters<typeof startHttp>[0]): Promise<LocalServer> {
  const server = await startHttp(routes);
  tt.teardown(() => server.close());
  return server;
}

function ok(result: FetchResult): FetchResponse {
  if (!result.ok) throw new Error(`expected a response, got ${result.error.code}: ${result.error.message}`);
  return result;
}

function failed(result: FetchResult): FetchFailure {
  if (result.ok) throw new Error(`expected a failure, got ${result.status}`);
  return result;
}

/** A handler that echoes the request headers it received as JSON. */
const echoHeaders = (req: http.IncomingMessage, res: http.ServerResponse) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers));

const wholeText = { read: 'whole', maxBytes: 100_000, keepText: true } as const;

t.test('sends the User-Agent, asks for identity, and nothing it did not choose', async (t) => {
  const server = await serve(t, { '/echo': echoHeaders });
  const result = ok(await clientFor(t).fetch(`${server.origin}/echo`, { body: wholeText }));
  const received = JSON.parse(result.text ?? '{}') as Record<string, string>;
  t.match(received, { 'user-agent': 'wagtail-probe/test', 'accept-encoding': 'identity', accept: '*/*' });
  t.notOk('cookie' in received, 'no cookie jar');
  t.same(result.request, {
    method: 'GET',
    url: `${server.origin}/echo`,
    headers: { 'user-agent': 'wagtail-probe/test', accept: '*/*', 'accept-encoding': 'identity' },
  });
  t.equal(result.charset, 'utf-8');
});

t.test('a bogus Host header reaches the server', async (t) => {
  const server = await serve(t, { '/echo': echoHeaders });
  const result = ok(await clientFor(t).fetch(`${server.origin}/echo`, { headers: { Host: 'evil.example' }, body: wholeText }));
  t.equal((JSON.parse(result.text ?? '{}') as Record<string, string>).host, 'evil.example');
  t.equal(result.request.headers['host'], 'evil.example', 'recorded, so the evidence shows it');
});

t.test('without identity, compressed responses are asked for and decoded', async (t) => {
  const page = '<p>'.padEnd(3000, 'x');
  const server = await serve(t, {
    '/': (req, res) => {
      const gzip = /gzip/.test(req.headers['accept-encoding'] ?? '');
      res.writeHead(200, { 'content-type': 'text/html', ...(gzip ? { 'content-encoding': 'gzip' } : {}) }).end(gzip ? gzipSync(page) : page);
    },
  });
  const result = ok(await clientFor(t).fetch(`${server.origin}/`, { identity: false, body: wholeText }));
  t.equal(result.headers['content-encoding'], 'gzip');
  t.same([result.text, result.body.bytesRead], [page, 3000], 'bytesRead counts decoded bytes');
});

t.test('HEAD and the default body policy', async (t) => {
  const big = Buffer.alloc(10_000, 0x61);
  const server = await serve(t, {
    '/file': (req, res) => {
      res.writeHead(200, { 'content-length': String(big.length) });
      res.end(req.method === 'HEAD' ? undefined : big);
    },
  });
  const client = clientFor(t, { sniffBytes: 1000 });
  const head = ok(await client.fetch(`${server.origin}/file`, { method: 'HEAD' }));
  t.same([head.status, head.headers['content-length'], head.body.bytesRead, head.body.complete], [200, '10000', 0, false]);
  t.equal(head.request.method, 'HEAD');
  const sniffed = ok(await client.fetch(`${server.origin}/file`));
  t.same([sniffed.body.bytesRead, sniffed.body.complete], [1000, false], 'by default: a prefix of sniffBytes');
  const whole = ok(await client.fetch(`${server.origin}/file`, { body: { read: 'whole', maxBytes: 20_000 } }));
  t.same([whole.body.bytesRead, whole.body.complete], [10_000, true]);
});

t.test('keep-alive: bodies read to the end leave the connection for the next request', async (t) => {
  const ports: number[] = [];
  const server = await serve(t, {
    '/': (req, res) => {
      ports.push(req.socket.remotePort ?? 0);
      res.writeHead(200, { 'content-length': '2' }).end('ok');
    },
  });
  const client = clientFor(t);
  for (let i = 0; i < 6; i++) ok(await client.fetch(`${server.origin}/`, { body: { read: 'whole', maxBytes: 10 } }));
  // undici may alternate between two pooled connections; what matters is that they are reused.
  t.ok(new Set(ports).size <= 2, `6 requests over ${new Set(ports).size} connections`);
});

t.test('redirects: hops, headers, not following, and what is not a redirect', async (t) => {
  const server = await serve(t, {
    '/old': fixed(301, { location: '/new', 'set-cookie': 'seen=1' }),
    '/new': fixed(200, { 'content-type': 'text/plain', 'set-cookie': ['a=1; Path=/', 'b=2, with comma'] }, 'new'),
    '/nowhere': fixed(302, {}, 'a 3xx without Location'),
    '/choices': fixed(300, { location: '/new' }, 'multiple choices'),
    '/js': fixed(302, { location: 'javascript:alert(1)' }),
  });
  const client = clientFor(t);

  const followed = ok(await client.fetch(`${server.origin}/old`));
  t.same([followed.status, followed.url], [200, `${server.origin}/new`]);
  t.same(followed.hops, [{ url: `${server.origin}/old`, status: 301, location: '/new', headers: followed.hops[0]?.headers }]);
  t.equal(followed.hops[0]?.headers['location'], '/new');
  t.same(followed.setCookies, ['a=1; Path=/', 'b=2, with comma'], 'set-cookie kept apart, commas intact');
  t.equal(followed.request.url, `${server.origin}/old`, 'the request recorded is the one the caller asked for');

  const notFollowed = ok(await client.fetch(`${server.origin}/old`, { followRedirects: false }));
  t.same([notFollowed.status, notFollowed.headers['location'], notFollowed.hops.length], [301, '/new', 0]);

  const noLocation = ok(await client.fetch(`${server.origin}/nowhere`));
  t.same([noLocation.status, noLocation.hops.length], [302, 0], 'a 3xx without Location is an answer');

  const choices = ok(await client.fetch(`${server.origin}/choices`));
  t.equal(choices.status, 300, '300 is not followed');

  const js = failed(await client.fetch(`${server.origin}/js`));
  t.same([js.error.code, js.hops.length, js.url], ['ERR_BAD_REDIRECT', 1, `${server.origin}/js`]);
});

t.test('bad URLs fail without any traffic', async (t) => {
  const client = clientFor(t);
  for (const url of ['ftp://example.org/file', 'not a url', 'javascript:alert(1)', '/relative/path']) {
    const result = failed(await client.fetch(url));
    t.same([result.error.code, result.attempts, result.url], ['ERR_BAD_URL', 0, url], url);
  }
  t.same(client.stats(), { requests: 0, retries: 0, bytesRead: 0, errors: 4, rateLimited: [] });
});

t.test('retry: false, and Retry-After as an HTTP-date', async (t) => {
  const inTwoSeconds = () => new Date(Date.now() + 2000).toUTCString(); // whole seconds: a wait of 1 to 2 s
  const server = await serve(t, {
    '/busy': fixed(503, {}, 'busy'),
    '/dated': failingThen(1, (_req, res) => res.writeHead(503, { 'retry-after': inTwoSeconds() }).end(), fixed(200, {}, 'ok')),
  });
  const client = clientFor(t, { retries: 3 });
  const once = ok(await client.fetch(`${server.origin}/busy`, { retry: false }));
  t.same([once.status, once.attempts, once.flaky], [503, 1, false]);

  const started = Date.now();
  const dated = ok(await client.fetch(`${server.origin}/dated`));
  t.same([dated.status, dated.attempts, dated.flaky], [200, 2, true]);
  const waited = Date.now() - started;
  t.ok(waited >= 990 && waited < 2500, `waited ${waited} ms for the date`);
});

t.test('a 429 slows that origin down for the rest of the run', async (t) => {
  const arrivals: number[] = [];
  const server = await serve(t, {
    '/': failingThen(
      1,
      fixed(429, { 'retry-after': '0' }),
      (_req, res) => {
        arrivals.push(Date.now());
        res.writeHead(200).end('ok');
      },
    ),
  });
  const client = clientFor(t, { rate: 0, concurrency: 4 });
  ok(await client.fetch(`${server.origin}/`));
  await Promise.all([1, 2, 3].map(() => client.fetch(`${server.origin}/`)));
  const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
  t.ok(gaps.every((gap) => gap >= 240), `no longer unthrottled: gaps ${gaps.join(', ')} ms`);
});

t.test('hooks see every request, retry and result; a throwing hook changes nothing', async (t) => {
  const events: string[] = [];
  const server = await serve(t, {
    '/a': fixed(302, { location: '/b' }),
    '/b': failingThen(1, fixed(502, {}), fixed(200, {}, 'ok')),
  });
  const client = clientFor(t, {}, {
    onRequest: (url) => events.push(`request ${new URL(url).pathname}`),
    onRetry: (url, attempt, reason) => events.push(`retry ${new URL(url).pathname} #${attempt} (${reason})`),
    onResponse: (result) => {
      events.push(`result ${result.ok ? result.status : result.error.code}`);
      throw new Error('a broken progress bar');
    },
  });
  const result = ok(await client.fetch(`${server.origin}/a`));
  t.same([result.status, result.attempts, result.flaky, result.hops.length], [200, 2, true, 1]);
  t.same(events, ['request /a', 'request /b', 'retry /b #2 (status 502)', 'request /b', 'result 200']);
  t.same(client.stats(), { requests: 3, retries: 1, bytesRead: 2, errors: 0, rateLimited: [] });
});

t.test('timing is recorded', async (t) => {
  const server = await serve(t, { '/slow': (_req, res) => setTimeout(() => res.writeHead(200).end('ok'), 50) });
  const before = Date.now();
  const result = ok(await clientFor(t).fetch(`${server.origin}/slow`));
  const startedAt = Date.parse(result.timing.startedAt);
  t.ok(startedAt >= before - 1 && startedAt <= Date.now(), 'startedAt is when the fetch began');
  t.ok(result.timing.ttfbMs >= 45, `ttfb ${result.timing.ttfbMs} ms`);
  t.ok(result.timing.totalMs >= result.timing.ttfbMs, 'total covers ttfb');
});

t.test('after close(), fetch still does not throw', async (t) => {
  const server = await serve(t, { '/': fixed(200, {}, 'ok') });
  const client = createHttpClient(testClientOptions());
  await client.close();
  const result = failed(await client.fetch(`${server.origin}/`));
  t.equal(result.error.code, 'ERR_NETWORK');
  t.match(result.error.message, /destroyed/i);
});

t.test('even an unexpected error inside fetch() comes back as a failure, not a throw', async (t) => {
  const client = clientFor(t);
  const hostile = {
    method: 'HEAD' as const,
    get body(): never {
      throw new Error('a caller bug');
    },
  };
  const result = failed(await client.fetch('http://127.0.0.1:1/', hostile));
  t.same([result.error.code, result.error.message, result.request.method, result.attempts], ['ERR_NETWORK', 'a caller bug', 'HEAD', 0]);
  t.equal(client.stats().errors, 1);
});
