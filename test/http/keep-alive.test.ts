// Keep-alive survives the reads the crawler makes: a sniffed image or a
// discarded page must not cost a new connection per request.
import t from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient } from '../../src/http/client.js';
import { options } from '../helpers/site-kit.js';

async function countingServer(bodyBytes: number): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  // As on a real network, the rest of the body is still on its way when the
  // client has read what it wants: the first 8 KB now, the rest 30 ms later.
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(bodyBytes) });
    res.write(Buffer.alloc(8192, 7));
    const rest = setTimeout(() => res.end(Buffer.alloc(bodyBytes - 8192, 7)), 30);
    res.on('close', () => clearTimeout(rest));
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    connections: () => connections,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

// Ten sequential requests may still use two connections: undici can open a
// second one before the first is back in its pool. One per request is the fault.
const cases = [
  { name: 'a 4 KB prefix of a 40 KB image', bytes: 40_000, body: { read: 'prefix', maxBytes: 4096 } as const, facts: [4096, false] },
  { name: 'a discarded 30 KB page', bytes: 30_000, body: { read: 'none' } as const, facts: [0, false] },
];

for (const c of cases) {
  t.test(`${c.name}: one connection for ten sequential requests, facts still capped`, async (t) => {
    const server = await countingServer(c.bytes);
    t.teardown(server.close);
    const client = createHttpClient({ ...options().http, concurrency: 1, rate: 0 });
    t.teardown(() => client.close());
    for (let i = 0; i < 10; i += 1) {
      const result = await client.fetch(server.url, { body: c.body });
      if (!result.ok) throw new Error(result.error.message);
      t.same([result.body.bytesRead, result.body.complete], c.facts);
    }
    t.ok(server.connections() <= 2, `connections: ${server.connections()}`);
  });
}

t.test('a body over the drain limit is still cut off, not downloaded', async (t) => {
  const server = await countingServer(5_000_000);
  t.teardown(server.close);
  const client = createHttpClient({ ...options().http, concurrency: 1, rate: 0 });
  t.teardown(() => client.close());
  for (let i = 0; i < 3; i += 1) {
    const result = await client.fetch(server.url, { body: { read: 'prefix', maxBytes: 4096 } });
    t.ok(result.ok && result.body.bytesRead === 4096);
  }
  t.ok(server.connections() >= 3, `a connection per request (closing beats reading 5 MB): ${server.connections()}`);
});
