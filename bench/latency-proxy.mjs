// A reverse proxy that makes nginx look like a small Django deployment: every
// request waits `delayMs` in a "worker" (like view time), at most
// `maxInFlight` are served at once (like a few gunicorn workers), the rest
// queue. Optionally every Nth request is answered 429 with Retry-After: 1
// (like a rate limiter in front). Every request is logged with its arrival
// time, so politeness (rate, Retry-After) is measured at the server.
//
//   node bench/latency-proxy.mjs --upstream http://127.0.0.1:8080 [--port 0] [--delay 20] [--max-in-flight 4] [--every-429 0]

import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

/** Hop-by-hop headers (RFC 9110 §7.6.1) are not forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

function forwardable(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name.toLowerCase()) && value !== undefined) out[name] = value;
  return out;
}

/** A counting semaphore with a FIFO queue read by index. */
function workerSlots(size) {
  const waiting = [];
  let head = 0;
  let busy = 0;
  let maxQueued = 0;
  return {
    async acquire() {
      if (busy < size) {
        busy += 1;
        return;
      }
      await new Promise((resolve) => {
        waiting.push(resolve);
        maxQueued = Math.max(maxQueued, waiting.length - head);
      });
    },
    release() {
      if (head < waiting.length) {
        const next = waiting[head];
        waiting[head] = undefined;
        head += 1;
        next(); // the slot passes straight to the next in line
      } else busy -= 1;
    },
    maxQueued: () => maxQueued,
  };
}

export async function startLatencyProxy({ upstream, port = 0, delayMs = 20, maxInFlight = 4, every429 = 0 }) {
  const pool = new Pool(upstream, { connections: maxInFlight, pipelining: 1 });
  const slots = workerSlots(maxInFlight);
  /** One entry per request: times are ms on this process's monotonic clock. */
  const log = [];
  let counter = 0;

  const server = http.createServer(async (req, res) => {
    const entry = { arrivalMs: performance.now(), method: req.method, url: req.url, status: 0, sentMs: 0 };
    log.push(entry);
    counter += 1;
    req.resume(); // no request bodies here; drain whatever comes
    if (every429 > 0 && counter % every429 === 0) {
      entry.status = 429;
      res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'text/plain', 'Content-Length': '18' });
      res.end('Too Many Requests\n');
      entry.sentMs = performance.now();
      return;
    }
    await slots.acquire();
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        slots.release();
      }
    };
    res.once('close', release);
    try {
      await sleep(delayMs);
      const answer = await pool.request({ path: req.url, method: req.method, headers: forwardable(req.headers), headersTimeout: 30_000, bodyTimeout: 30_000 });
      entry.status = answer.statusCode;
      res.writeHead(answer.statusCode, forwardable(answer.headers));
      entry.sentMs = performance.now();
      // A client that stops reading (a prefix read) closes: stop the upstream body too.
      res.once('close', () => answer.body.destroy());
      answer.body.on('error', () => res.destroy());
      answer.body.pipe(res);
    } catch (error) {
      entry.status = 502;
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`proxy: ${error.message}\n`);
      release();
    }
  });
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    log,
    maxQueued: slots.maxQueued,
    /** Forgets the log (between runs). */
    reset() {
      log.length = 0;
      counter = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.destroy();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      upstream: { type: 'string' },
      port: { type: 'string', default: '0' },
      delay: { type: 'string', default: '20' },
      'max-in-flight': { type: 'string', default: '4' },
      'every-429': { type: 'string', default: '0' },
    },
  });
  if (!values.upstream) throw new Error('--upstream <url> is required');
  const proxy = await startLatencyProxy({
    upstream: values.upstream,
    port: Number(values.port),
    delayMs: Number(values.delay),
    maxInFlight: Number(values['max-in-flight']),
    every429: Number(values['every-429']),
  });
  process.stdout.write(`${proxy.origin} -> ${values.upstream}\n`);
  const stop = () => proxy.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
