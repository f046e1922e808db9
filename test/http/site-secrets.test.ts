// The user's headers (a token, a consent cookie, Basic authorization) go to the
// site's exact origin only, judged per request and per redirect hop. Servers on
// 127.0.0.1 (two ports) and 127.0.0.2 record what reached each.

import type http from 'node:http';
import t from 'tap';
import { createHttpClient } from '../../src/http/client.js';
import { REDACTED } from '../../src/http/headers.js';
import type { FetchResponse, FetchResult } from '../../src/http/types.js';
import { testClientOptions } from './client-options.js';
import { startHttp, type LocalServer } from './hostile-servers.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

const BASIC = `Basic ${Buffer.from('editor:s3cret').toString('base64')}`;
const USER_HEADERS = { 'X-CDN-Token': 'tok-123', 'X-Consent': 'yes', Authorization: BASIC };
const SECRET_NAMES = ['x-cdn-token', 'x-consent', 'authorization'];

/** A server whose every path records the headers it got; `routes` may redirect. */
async function recordingServer(
  tt: Teardown,
  seen: Array<{ path: string; headers: http.IncomingHttpHeaders }>,
  redirects: Record<string, () => string> = {},
  on: { host?: string; port?: number } = {},
): Promise<LocalServer> {
  const record = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const path = req.url ?? '/';
    seen.push({ path, headers: req.headers });
    const to = redirects[path];
    if (to !== undefined) res.writeHead(302, { location: to() }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  };
  const routes: Record<string, typeof record> = { '/': record, '/page': record, '/away': record, '/back': record, '/landing': record, '/image.jpg': record };
  const server = await startHttp(routes, on);
  tt.teardown(() => server.close());
  return server;
}

/** 127.0.0.2 on the site's own port when free: only the host differs. */
async function otherHostServer(tt: Teardown, seen: Array<{ path: string; headers: http.IncomingHttpHeaders }>, port: number) {
  try {
    return await recordingServer(tt, seen, {}, { host: '127.0.0.2', port });
  } catch {
    return recordingServer(tt, seen, {}, { host: '127.0.0.2' });
  }
}

async function serve(tt: Teardown, server: Promise<LocalServer>): Promise<LocalServer> {
  const started = await server;
  tt.teardown(() => started.close());
  return started;
}

function ok(result: FetchResult): FetchResponse {
  if (!result.ok) throw new Error(`expected a response, got ${result.error.code}: ${result.error.message}`);
  return result;
}

const secretsIn = (headers: http.IncomingHttpHeaders | undefined): string[] => SECRET_NAMES.filter((name) => headers !== undefined && name in headers);

t.test('the site origin gets the user headers; another port, another host and redirects elsewhere get none', async (t) => {
  const siteSeen: Array<{ path: string; headers: http.IncomingHttpHeaders }> = [];
  const otherPortSeen: typeof siteSeen = [];
  const otherHostSeen: typeof siteSeen = [];
  let otherHost: LocalServer | undefined;
  let site: LocalServer | undefined;
  site = await recordingServer(t, siteSeen, { '/away': () => `${otherHost!.origin}/landing` });
  const otherPort = await recordingServer(t, otherPortSeen, { '/back': () => `${site!.origin}/landing` });
  otherHost = await otherHostServer(t, otherHostSeen, site.port);
  const client = createHttpClient(testClientOptions({ siteOrigin: site.origin, headers: USER_HEADERS }));
  t.teardown(() => client.close());

  ok(await client.fetch(`${site.origin}/page`));
  t.match(siteSeen[0]?.headers, { 'x-cdn-token': 'tok-123', 'x-consent': 'yes', authorization: BASIC }, 'the site gets the header and the Basic authorization');

  ok(await client.fetch(`${otherPort.origin}/image.jpg`));
  t.same(secretsIn(otherPortSeen[0]?.headers), [], `another port of the same host (${otherPort.port}) gets none`);

  ok(await client.fetch(`${otherHost.origin}/image.jpg`));
  t.same(secretsIn(otherHostSeen[0]?.headers), [], `another host (${otherHost.origin}, the site is ${site.origin}) gets none`);

  const away = ok(await client.fetch(`${site.origin}/away`));
  t.equal(away.hops.length, 1);
  t.same(secretsIn(siteSeen.find((r) => r.path === '/away')?.headers), SECRET_NAMES, 'the hop on the site carried them');
  t.same(secretsIn(otherHostSeen.find((r) => r.path === '/landing')?.headers), [], 'the redirect target elsewhere got none');

  const back = ok(await client.fetch(`${otherPort.origin}/back`));
  t.equal(back.url, `${site.origin}/landing`);
  t.same(secretsIn(otherPortSeen.find((r) => r.path === '/back')?.headers), [], 'the first hop, elsewhere: none');
  t.match(siteSeen.find((r) => r.path === '/landing')?.headers, { 'x-cdn-token': 'tok-123', authorization: BASIC }, 'back on the site origin: sent again');
  for (const recorded of [otherPortSeen, otherHostSeen].flat()) {
    t.equal(recorded.headers['user-agent'], 'wagtail-probe/test', `${recorded.path} still gets the User-Agent`);
  }
});

t.test('an https site: its secrets never go to the same host and port over plain http', async (t) => {
  const seen: Array<{ path: string; headers: http.IncomingHttpHeaders }> = [];
  const plain = await recordingServer(t, seen);
  // The site is https on this very host and port; the plain-http check address differs only in scheme.
  const client = createHttpClient(testClientOptions({ siteOrigin: `https://127.0.0.1:${plain.port}`, headers: USER_HEADERS }));
  t.teardown(() => client.close());
  const result = ok(await client.fetch(`${plain.origin}/`));
  t.same(secretsIn(seen[0]?.headers), []);
  t.same(
    Object.keys(result.request.headers).filter((name) => SECRET_NAMES.includes(name)),
    [],
    'the recorded request shows what was sent: none of them',
  );
});

t.test('recorded requests redact every user header, whatever its name; per-request ones by name', async (t) => {
  const seen: Array<{ path: string; headers: http.IncomingHttpHeaders }> = [];
  const site = await recordingServer(t, seen);
  const client = createHttpClient(testClientOptions({ siteOrigin: site.origin, headers: { ...USER_HEADERS, 'X-Preview': 'draft' } }));
  t.teardown(() => client.close());
  const result = ok(await client.fetch(`${site.origin}/page`, { headers: { Range: 'bytes=0-1', 'X-Api-Key': 'probe-key' } }));
  t.same(result.request.headers, {
    'user-agent': 'wagtail-probe/test',
    accept: '*/*',
    'accept-encoding': 'identity',
    'x-cdn-token': REDACTED,
    'x-consent': REDACTED, // not a secret-looking name, but the user's
    authorization: REDACTED,
    'x-preview': REDACTED,
    range: 'bytes=0-1',
    'x-api-key': REDACTED, // per-request, redacted by its name
  });
  t.match(seen[0]?.headers, { 'x-preview': 'draft', 'x-api-key': 'probe-key', range: 'bytes=0-1' }, 'what was sent is the real value');
});

t.test('a site origin given with a trailing slash is still the same origin; an unusable one sends secrets nowhere', async (t) => {
  const seen: Array<{ path: string; headers: http.IncomingHttpHeaders }> = [];
  const site = await recordingServer(t, seen);
  const client = createHttpClient(testClientOptions({ siteOrigin: `${site.origin}/`, headers: USER_HEADERS }));
  t.teardown(() => client.close());
  ok(await client.fetch(`${site.origin}/page`));
  t.same(secretsIn(seen[0]?.headers), SECRET_NAMES);
  const nowhere = createHttpClient(testClientOptions({ siteOrigin: 'not an origin', headers: USER_HEADERS }));
  t.teardown(() => nowhere.close());
  ok(await nowhere.fetch(`${site.origin}/page`));
  t.same(secretsIn(seen[1]?.headers), [], 'no usable site origin: the secrets go nowhere');
});

t.test('a redirect to another origin drops the user headers and per-request secrets', async (t) => {
  const seenByCdn: Record<string, string | string[] | undefined>[] = [];
  const seenBySite: Record<string, string | string[] | undefined>[] = [];
  const cdn = await serve(
    t,
    startHttp({
      '/media/x.jpg': (req, res) => {
        seenByCdn.push(req.headers);
        res.writeHead(206).end('0123456789');
      },
    }),
  );
  const site = await serve(
    t,
    startHttp({
      '/media/x.jpg': (req, res) => {
        seenBySite.push(req.headers);
        res.writeHead(302, { location: `${cdn.origin}/media/x.jpg` }).end();
      },
    }),
  );
  const client = createHttpClient(testClientOptions({ siteOrigin: site.origin, headers: { 'X-CDN-Token': 'sekrit', Cookie: 'consent=yes' } }));
  t.teardown(() => client.close());
  const result = ok(await client.fetch(`${site.origin}/media/x.jpg`, { headers: { Range: 'bytes=0-9', Authorization: 'Basic dXNlcjpwYXNz' } }));
  t.equal(result.status, 206);
  t.match(seenBySite[0], { 'x-cdn-token': 'sekrit', cookie: 'consent=yes', range: 'bytes=0-9', authorization: 'Basic dXNlcjpwYXNz' });
  const cdnHeaders = seenByCdn[0] ?? {};
  for (const dropped of ['x-cdn-token', 'cookie', 'authorization']) t.notOk(dropped in cdnHeaders, `${dropped} not sent to the CDN`);
  t.match(cdnHeaders, { range: 'bytes=0-9', 'user-agent': 'wagtail-probe/test' }, 'Range and the User-Agent follow');
  t.same(result.request.headers, {
    'user-agent': 'wagtail-probe/test',
    accept: '*/*',
    'accept-encoding': 'identity',
    'x-cdn-token': '<redacted>',
    cookie: '<redacted>',
    range: 'bytes=0-9',
    authorization: '<redacted>',
  });
});

