// Real local servers on 127.0.0.1 (ephemeral ports) that misbehave the way real
// sites, proxies and CDNs do. Each one records what it saw, so a test can assert
// both what the client reported and what actually went over the wire.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import tls from 'node:tls';
import { createGzip } from 'node:zlib';

export interface LocalServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Where to listen: any address in 127.0.0.0/8 is a separate origin on lo (127.0.0.2, ...); port 0 picks a free one. */
export interface ListenOn {
  readonly host?: string;
  readonly port?: number;
}

async function listen(server: net.Server, on: ListenOn = {}): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(on.port ?? 0, on.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as net.AddressInfo).port;
}

const hostOf = (on: ListenOn): string => on.host ?? '127.0.0.1';

/** Tracks sockets so close() ends even with connections a hostile handler left hanging. */
function closer(server: net.Server): () => Promise<void> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // TLS servers hand out TLSSockets on 'secureConnection'; the raw socket is what 'connection' saw.
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

/** An http server routing by path (query ignored); unknown paths get 404. */
export async function startHttp(routes: Readonly<Record<string, Handler>>, on: ListenOn = {}): Promise<LocalServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = routes[path];
    if (handler === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(req, res);
  });
  const close = closer(server);
  const port = await listen(server, on);
  return { origin: `http://${hostOf(on)}:${port}`, port, close };
}

/**
 * A TCP server that writes whatever `onSocket` writes: for responses node:http
 * refuses to produce. With `tls`, the same over TLS (onSocket gets the TLSSocket).
 */
export async function startRaw(
  onSocket: (socket: net.Socket) => void,
  on: ListenOn & { readonly tls?: { key: string; cert: string } } = {},
): Promise<LocalServer> {
  const accept = (socket: net.Socket): void => {
    socket.on('error', () => {});
    onSocket(socket);
  };
  const server = on.tls === undefined ? net.createServer(accept) : tls.createServer(on.tls, accept);
  server.on('tlsClientError', () => {});
  const close = closer(server);
  const port = await listen(server, on);
  return { origin: `${on.tls === undefined ? 'http' : 'https'}://${hostOf(on)}:${port}`, port, close };
}

export async function startHttps(credentials: { key: string; cert: string }, handler: Handler, on: ListenOn = {}): Promise<LocalServer> {
  const server = https.createServer(credentials, handler);
  server.on('tlsClientError', () => {}); // the client refusing our certificate is the point of some tests
  const close = closer(server);
  const port = await listen(server, on);
  return { origin: `https://${hostOf(on)}:${port}`, port, close };
}

/**
 * A raw socket handler that reads request heads (GET/HEAD: no bodies) and calls
 * `respond` for each, in order, with its index on this connection. `log` records
 * every head and connection, so a test can see what went over the wire.
 */
export function rawRequests(
  respond: (socket: net.Socket, head: string, index: number) => void,
  log: { heads: string[]; connections: number },
): (socket: net.Socket) => void {
  return (socket) => {
    log.connections += 1;
    let buffered = '';
    let index = 0;
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\r\n\r\n'); end !== -1; end = buffered.indexOf('\r\n\r\n')) {
        const head = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        log.heads.push(head);
        respond(socket, head, index++);
      }
    });
  };
}

/** Writes `data` a few bytes at a time, each piece its own TCP segment (or TLS record). */
export async function writeInPieces(socket: net.Socket, data: string, bytesPerPiece = 1, gapMs = 2): Promise<void> {
  socket.setNoDelay(true);
  for (let at = 0; at < data.length && !socket.destroyed; at += bytesPerPiece) {
    socket.write(data.slice(at, at + bytesPerPiece), 'latin1');
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
}

// ---------------------------------------------------------------------------
// Hostile handlers

/** Redirects forever between /a and /b. */
export const redirectLoop: Readonly<Record<string, Handler>> = {
  '/a': (_req, res) => res.writeHead(302, { location: '/b' }).end(),
  '/b': (_req, res) => res.writeHead(302, { location: '/a' }).end(),
};

/** /hop/0 -> /hop/1 -> ... -> /hop/<length> which answers 200. */
export function redirectChain(length: number): Handler {
  return (req, res) => {
    const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? '0');
    if (n >= length) res.writeHead(200, { 'content-type': 'text/plain' }).end(`arrived after ${n}`);
    else res.writeHead(301, { location: `/hop?n=${n + 1}` }).end();
  };
}

/** Sends a status line, then one more header line every 50 ms, never the blank line. */
export function neverEndingHeaders(socket: net.Socket): void {
  socket.once('data', () => {
    socket.write('HTTP/1.1 200 OK\r\n');
    let n = 0;
    const timer = setInterval(() => socket.write(`x-slow-${n++}: still coming\r\n`), 50);
    socket.on('close', () => clearInterval(timer));
  });
}

/** Headers at once, then a byte of chunked body every 50 ms, forever. */
export const neverEndingBody: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  const timer = setInterval(() => res.write('x'), 50);
  res.on('close', () => clearInterval(timer));
};

/** What a lazily streamed huge body saw: how much it pushed and whether the client hung up early. */
export interface HugeBodyLog {
  bytesSent: number;
  closedEarly: boolean;
}

/** A body of `size` bytes with a matching Content-Length, generated on demand (never allocated). */
export function hugeBody(size: number, log: HugeBodyLog): Handler {
  return (_req, res) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let remaining = size;
    const source = new Readable({
      read() {
        if (remaining <= 0) return void this.push(null);
        const piece = remaining >= chunk.length ? chunk : chunk.subarray(0, remaining);
        remaining -= piece.length;
        log.bytesSent += piece.length;
        this.push(piece);
      },
    });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
    res.on('close', () => {
      log.closedEarly = !res.writableFinished;
      source.destroy();
    });
    source.pipe(res);
  };
}

/** gzip of `size` zero bytes, compressed in a stream (the zeros are never held at once). */
export async function gzipOfZeros(size: number): Promise<Buffer> {
  const zeros = Buffer.alloc(1024 * 1024);
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    gzip.on('end', resolve);
    gzip.on('error', reject);
  });
  for (let written = 0; written < size; written += zeros.length) {
    if (!gzip.write(zeros.subarray(0, Math.min(zeros.length, size - written)))) {
      await new Promise((resolve) => gzip.once('drain', resolve));
    }
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}

/** Serves fixed bytes with the given headers. */
export function fixed(status: number, headers: http.OutgoingHttpHeaders, body: Buffer | string = ''): Handler {
  return (_req, res) => res.writeHead(status, headers).end(body);
}

/** Answers `failures` times with `failure`, then with `success`: a flaky upstream. */
export function failingThen(failures: number, failure: Handler, success: Handler): Handler {
  let seen = 0;
  return (req, res) => (seen++ < failures ? failure(req, res) : success(req, res));
}

/** Promises Content-Length 100000, sends 1000 bytes, then resets the TCP connection. */
export const resetMidBody: Handler = (req, res) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '100000' });
  res.write(Buffer.alloc(1000, 0x62), () => setTimeout(() => req.socket.resetAndDestroy(), 20));
};

/** An HTML page with `count` links: just a big body to the client. */
export function manyLinksPage(count: number): string {
  const links: string[] = [];
  for (let i = 0; i < count; i++) links.push(`<li><a href="/page/${i}/">Page ${i}</a></li>`);
  return `<!doctype html><html><head><title>Links</title></head><body><ul>${links.join('\n')}</ul></body></html>`;
}

/** A port that was free a moment ago and has nothing listening: connections are refused. */
export async function refusedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Records the largest number of requests it ever had in flight at once. */
export function concurrencyMeter(holdMs: number): { handler: Handler; maxInFlight: () => number; total: () => number } {
  let inFlight = 0;
  let max = 0;
  let total = 0;
  const handler: Handler = (_req, res) => {
    inFlight += 1;
    total += 1;
    max = Math.max(max, inFlight);
    setTimeout(() => {
      inFlight -= 1;
      res.writeHead(200, { 'content-length': '2' }).end('ok');
    }, holdMs);
  };
  return { handler, maxInFlight: () => max, total: () => total };
}

// ---------------------------------------------------------------------------
// Certificates, generated at test time with openssl into a temp dir (no key is checked in).

export interface TestCertificates {
  /** PEM of the CA that signed `cert`. */
  readonly caPem: string;
  /** Leaf for 127.0.0.1/localhost followed by the CA: the chain a server presents. */
  readonly chainPem: string;
  readonly keyPem: string;
}

export function generateCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'wagtail-probe-tls-'));
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
  };
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=wagtail-probe test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    openssl('req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(dir, 'leaf.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
    openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem',
      '-days', '2', '-extfile', 'leaf.ext');
    const caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
    return { caPem, chainPem: readFileSync(join(dir, 'leaf.pem'), 'utf8') + caPem, keyPem: readFileSync(join(dir, 'leaf.key'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
