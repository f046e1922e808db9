// negotiateAlpn against real local TLS servers with certificates made at test
// time: one offering h2 (node:http2 with allowHTTP1, as nginx with `http2 on`),
// one offering http/1.1 only, one that ignores ALPN, and the failures a probe
// must tell apart from "no HTTP/2": an untrusted certificate, a refused port,
// a handshake that never ends.

import http2 from 'node:http2';
import type net from 'node:net';
import tls from 'node:tls';
import t from 'tap';
import { negotiateAlpn, type AlpnTarget } from '../../src/http/alpn.js';
import { generateCertificates, refusedPort, startRaw, type LocalServer } from './hostile-servers.js';
import { closing, timed } from './client-kit.js';

const certs = generateCertificates();

/** A TLS server on 127.0.0.1 that closes every connection it has on close(), so teardown never waits. */
async function startTls(server: tls.Server): Promise<LocalServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => {}); // a client refusing the certificate is the point of one test
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const credentials = { key: certs.keyPem, cert: certs.chainPem };
const target = (port: number, overrides: Partial<AlpnTarget> = {}): AlpnTarget => ({ host: '127.0.0.1', port, timeoutMs: 2000, ca: certs.caPem, insecure: false, ...overrides });

t.test('a server offering h2 (http2.createSecureServer, allowHTTP1) negotiates h2', async (t) => {
  const server = await closing(t, startTls(http2.createSecureServer({ ...credentials, allowHTTP1: true }, (_req, res) => res.end('ok'))));
  t.same(await negotiateAlpn(target(server.port)), { state: 'negotiated', protocol: 'h2' });
});

t.test('a server offering http/1.1 only negotiates http/1.1', async (t) => {
  const server = await closing(t, startTls(tls.createServer({ ...credentials, ALPNProtocols: ['http/1.1'] }, (socket) => socket.end())));
  t.same(await negotiateAlpn(target(server.port)), { state: 'negotiated', protocol: 'http/1.1' });
});

t.test('a server that ignores ALPN completes the handshake without a protocol', async (t) => {
  const server = await closing(t, startTls(tls.createServer(credentials, (socket) => socket.end())));
  t.same(await negotiateAlpn(target(server.port)), { state: 'not-negotiated' });
});

t.test('an untrusted certificate fails as ERR_TLS with what to try; --insecure still learns the protocol', async (t) => {
  const server = await closing(t, startTls(http2.createSecureServer({ ...credentials, allowHTTP1: true })));
  const untrusted = await negotiateAlpn(target(server.port, { ca: null }));
  t.equal(untrusted.state, 'failed');
  if (untrusted.state !== 'failed') return;
  t.equal(untrusted.code, 'ERR_TLS');
  t.match(untrusted.message, /self-signed certificate in certificate chain.*--ca FILE/);
  t.same(await negotiateAlpn(target(server.port, { ca: null, insecure: true })), { state: 'negotiated', protocol: 'h2' });
});

t.test('a refused port fails as ERR_REFUSED', async (t) => {
  const outcome = await negotiateAlpn(target(await refusedPort()));
  t.match(outcome, { state: 'failed', code: 'ERR_REFUSED' });
});

t.test('a handshake that never completes ends at the deadline', async (t) => {
  const silent = await closing(t, startRaw(() => {}));
  const { value, ms } = await timed(() => negotiateAlpn(target(silent.port, { timeoutMs: 200 })));
  t.match(value, { state: 'failed', code: 'ERR_CONNECT_TIMEOUT' });
  t.match(value.state === 'failed' ? value.message : '', /did not finish within 200 ms/);
  t.ok(ms < 2000, `ended after ${ms} ms`);
});
