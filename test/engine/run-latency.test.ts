// Every response the crawl read becomes a latency sample with its type and
// size, so the HTML report can chart bytes by content type.

import t from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { run } from '../../src/engine/run.js';

t.test('latency samples carry the Content-Type essence and the body size', async (t) => {
  const css = 'body { color: #123; }\n'.repeat(20);
  const server = createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Home</title><link rel="stylesheet" href="/static/site.css"><p>Hello');
    else if (req.url === '/static/site.css') res.writeHead(200, { 'content-type': 'text/css', 'content-length': String(Buffer.byteLength(css)) }).end(css);
    else res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not found</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const result = await run({ target, configFile: false, probes: ['crawl-coverage'] });
  const home = result.latency.find((s) => s.url === target);
  t.match(home, { kind: 'page', status: 200, contentType: 'text/html' });
  t.ok((home?.bytes ?? 0) > 0, 'a page read whole: the bytes read, without a Content-Length');
  const sheet = result.latency.find((s) => s.url.endsWith('/static/site.css'));
  t.match(sheet, { status: 200, contentType: 'text/css', bytes: Buffer.byteLength(css) }, 'Content-Length when sent');
});
