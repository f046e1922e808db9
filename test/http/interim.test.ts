// Interim (1xx) responses before the final one, from raw servers that write
// exactly the bytes a CDN or proxy would. RFC 9110 §15.2: a client must read
// them even unasked, and may ignore them. Before the interim filter, an
// unsolicited 100 Continue failed the whole fetch ("bad response").

import type net from 'node:net';
import t from 'tap';
import { createHttpClient, type HttpClientOptions } from '../../src/http/client.js';
import { MAX_INTERIM_BYTES } from '../../src/http/interim.js';
import type { FetchResponse, FetchResult } from '../../src/http/types.js';
import { testClientOptions } from './client-options.js';
import { generateCertificates, rawRequests, startRaw, writeInPieces, type LocalServer } from './hostile-servers.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
const EARLY_HINTS = 'HTTP/1.1 103 Early Hints\r\nLink: </static/css/site.css>; rel=preload; as=style\r\nLink: </static/js/app.js>; rel=preload; as=script\r\n\r\n';
const PROCESSING = 'HTTP/1.1 102 Processing\r\n\r\n';

function finalResponse(body: string): string {
  return `HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: keep-alive\r\n\r\n${body}`;
}

const wholeText = { body: { read: 'whole', maxBytes: 10_000, keepText: true } } as const;

function ok(result: FetchResult): FetchResponse {
  if (!result.ok) throw new Error(`expected a response, got ${result.error.code}: ${result.error.message}`);
  return result;
}

interface RawServer extends LocalServer {
  readonly log: { heads: string[]; connections: number };
}

type Respond = (socket: net.Socket, head: string, index: number) => void;

async function rawServer(tt: Teardown, respond: Respond, tlsCredentials?: { key: string; cert: string }): Promise<RawServer> {
  const log = { heads: [] as string[], connections: 0 };
  const server = await startRaw(rawRequests(respond, log), tlsCredentials === undefined ? {} : { tls: tlsCredentials });
  tt.teardown(() => server.close());
  return { ...server, log };
}

function clientFor(tt: Teardown, overrides: Partial<HttpClientOptions> = {}) {
  const client = createHttpClient(testClientOptions({ retries: 0, ...overrides }));
  tt.teardown(() => client.close());
  return client;
}

/** Every interim sequence, each in one write with the final response, and each over plain TCP. */
const sequences: Array<{ name: string; interim: string }> = [
  { name: '100 Continue (unsolicited) then 200', interim: CONTINUE },
  { name: '103 Early Hints then 200', interim: EARLY_HINTS },
  { name: '100, 103 and 102 in a row, then 200', interim: CONTINUE + EARLY_HINTS + PROCESSING },
  { name: 'an empty line, then 100, then 200', interim: `\r\n${CONTINUE}` },
];

for (const { name, interim } of sequences) {
  t.test(`${name}: the final response, as if the interim ones were never sent`, async (t) => {
    const server = await rawServer(t, (socket, _head, index) => socket.write(interim + finalResponse(`final ${index}`), 'latin1'));
    const result = ok(await clientFor(t).fetch(`${server.origin}/page`, wholeText));
    t.same([result.status, result.text, result.headers['content-type']], [200, 'final 0', 'text/plain']);
    t.notOk('link' in result.headers, 'headers of an interim response are not the final headers');
    t.equal(server.log.heads.length, 1, 'one request sent');
    t.match(server.log.heads[0], /^GET \/page HTTP\/1\.1\r\n/);
    t.notMatch(server.log.heads[0], /expect:/i, 'the client never asked for 100-continue');
  });
}

t.test('interim responses split byte by byte over writes, then the final response split too', async (t) => {
  const server = await rawServer(t, (socket, _head, index) => {
    void writeInPieces(socket, CONTINUE + EARLY_HINTS + finalResponse(`slow ${index}`), 1, 1);
  });
  const result = ok(await clientFor(t).fetch(`${server.origin}/`, wholeText));
  t.same([result.status, result.text], [200, 'slow 0']);
});

t.test('an interim block cut at every possible point (status line, headers, blank line)', async (t) => {
  const whole = CONTINUE + EARLY_HINTS + finalResponse('cut');
  const client = clientFor(t);
  // Two pieces, cut after 1, 5, 10, ... bytes: each a separate segment 5 ms apart.
  for (const cut of [1, 5, 9, 10, 11, 12, 13, 22, 23, 24, 25, 40, CONTINUE.length + EARLY_HINTS.length - 1]) {
    const server = await rawServer(t, (socket) => {
      socket.setNoDelay(true);
      socket.write(whole.slice(0, cut), 'latin1');
      setTimeout(() => socket.write(whole.slice(cut), 'latin1'), 5);
    });
    const result = ok(await client.fetch(`${server.origin}/`, wholeText));
    t.same([result.status, result.text], [200, 'cut'], `cut after ${cut} bytes`);
  }
});

t.test('the connection stays usable: later requests on it get their own responses', async (t) => {
  const server = await rawServer(t, (socket, head, index) => {
    const answer = `${head.split(' ')[1]} #${index}`; // path asked, and how many came before it on this connection
    // Every response starts with interim ones; on a reused connection they come split.
    if (index === 0) socket.write(CONTINUE + finalResponse(answer), 'latin1');
    else void writeInPieces(socket, EARLY_HINTS + CONTINUE + finalResponse(answer), 3, 1);
  });
  const client = clientFor(t, { concurrency: 1 });
  const texts: string[] = [];
  for (let i = 0; i < 4; i++) texts.push(ok(await client.fetch(`${server.origin}/${i}`, wholeText)).text ?? '');
  t.same(texts.map((text) => text.split(' ')[0]), ['/0', '/1', '/2', '/3'], 'each request got its own response');
  // undici may open a second connection before the first is back in its pool; never one per request.
  t.ok(server.log.connections <= 2, `4 requests over ${server.log.connections} connections`);
  t.ok(texts.some((text) => !text.endsWith('#0')), `a reused connection answered: ${texts.join(', ')}`);
});

t.test('HEAD and a 204 after interim responses', async (t) => {
  const server = await rawServer(t, (socket, head) => {
    const final = head.startsWith('HEAD') ? 'HTTP/1.1 200 OK\r\ncontent-length: 1234\r\n\r\n' : 'HTTP/1.1 204 No Content\r\n\r\n';
    socket.write(CONTINUE + PROCESSING + final, 'latin1');
  });
  const client = clientFor(t, { concurrency: 1 });
  const head = ok(await client.fetch(`${server.origin}/file`, { method: 'HEAD' }));
  t.same([head.status, head.headers['content-length']], [200, '1234']);
  const empty = ok(await client.fetch(`${server.origin}/nothing`, wholeText));
  t.same([empty.status, empty.text], [204, '']);
  t.ok(server.log.connections <= 2, `no connection per request: ${server.log.connections}`);
});

t.test('over TLS: 100, 103 and 102 before the final response, split and whole, kept alive', async (t) => {
  const certs = generateCertificates();
  const server = await rawServer(
    t,
    (socket, _head, index) => {
      const bytes = CONTINUE + EARLY_HINTS + PROCESSING + finalResponse(`secure ${index}`);
      if (index === 0) socket.write(bytes, 'latin1');
      else void writeInPieces(socket, bytes, 1, 1);
    },
    { key: certs.keyPem, cert: certs.chainPem },
  );
  const client = clientFor(t, { ca: certs.caPem, concurrency: 1 });
  const results = [];
  for (let i = 0; i < 4; i++) results.push(ok(await client.fetch(`${server.origin}/`, wholeText)));
  t.ok(results.every((result) => result.status === 200 && /^secure \d$/.test(result.text ?? '')), 'every one answered');
  t.ok(server.log.connections <= 2, `4 requests over ${server.log.connections} TLS connections`);
  t.ok(results.some((result) => result.text !== 'secure 0'), 'a reused TLS connection, with its interim responses split, answered');
});

t.test('101 is not an interim response to drop: undici still refuses an unasked upgrade', async (t) => {
  const server = await rawServer(t, (socket) => socket.write('HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n', 'latin1'));
  const result = await clientFor(t).fetch(`${server.origin}/`);
  t.notOk(result.ok, 'not read as an answer');
});

t.test('an interim block that never ends within the cap: a clear error, not a hang', async (t) => {
  const server = await rawServer(t, (socket) => {
    socket.write('HTTP/1.1 103 Early Hints\r\n', 'latin1');
    socket.write(`link: <${'/x'.repeat(MAX_INTERIM_BYTES)}>\r\n`, 'latin1');
  });
  const started = Date.now();
  const result = await clientFor(t).fetch(`${server.origin}/`);
  if (result.ok) throw new Error('expected a failure');
  t.equal(result.error.code, 'ERR_NETWORK');
  t.match(result.error.message, /interim response \(HTTP\/1\.1 103\) with more than 16384 bytes of headers/);
  t.match(result.error.message, /check what sits in front of the site/);
  t.ok(Date.now() - started < 1000, 'failed at once, not at the deadline');
});
