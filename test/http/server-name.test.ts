// The TLS server name is the request URL's host, whatever Host header a caller
// sets (deploy-checks sends a bogus one): SNI names the URL's DNS name, never an
// IP literal (RFC 6066 §3), and the certificate is checked against the URL's
// host, so a Host header neither breaks a good certificate nor excuses a bad one.

import type { TLSSocket } from 'node:tls';
import t from 'tap';
import { clientFor, closing, failure, response, type Teardown } from './client-kit.js';
import { generateCertificates, startHttps } from './hostile-servers.js';

const BOGUS = 'wagtail-probe-bogus-host.invalid';

/** What the server saw of each request: the SNI of its connection (null when none was sent) and its Host header. */
interface Seen {
  readonly sni: string | null;
  readonly host: string | undefined;
}

async function recordingServer(t: Teardown, credentials: { key: string; cert: string }, host = '127.0.0.1') {
  const seen: Seen[] = [];
  const server = await closing(
    t,
    startHttps(
      credentials,
      (req, res) => {
        const servername = (req.socket as TLSSocket).servername;
        seen.push({ sni: typeof servername === 'string' && servername !== '' ? servername : null, host: req.headers.host });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      },
      { host },
    ),
  );
  return { server, seen };
}

t.test('a DNS name: SNI and the certificate check use it, the Host header goes as given', async (t) => {
  const certs = generateCertificates(); // DNS:localhost, IP:127.0.0.1
  const { server, seen } = await recordingServer(t, { key: certs.keyPem, cert: certs.chainPem });
  const client = clientFor(t, { ca: certs.caPem });
  const url = `https://localhost:${server.port}/`;

  t.equal(response(t, await client.fetch(url, { headers: { Host: BOGUS }, retry: false })).status, 200, 'the certificate for localhost is accepted');
  t.equal(response(t, await client.fetch(url, { retry: false })).status, 200, 'and the next request, without a Host of its own');
  t.same(seen, [
    { sni: 'localhost', host: BOGUS },
    { sni: 'localhost', host: `localhost:${server.port}` },
  ]);
});

t.test('an IP literal: no SNI at all, the certificate checked against the IP', async (t) => {
  const certs = generateCertificates();
  const { server, seen } = await recordingServer(t, { key: certs.keyPem, cert: certs.chainPem });
  const client = clientFor(t, { ca: certs.caPem });

  t.equal(response(t, await client.fetch(`${server.origin}/`, { headers: { Host: BOGUS }, retry: false })).status, 200);
  t.same(seen, [{ sni: null, host: BOGUS }]);
});

t.test('a certificate for another name is still refused, even when the Host header names the certificate', async (t) => {
  const certs = generateCertificates(); // valid for 127.0.0.1 and localhost, not 127.0.0.2
  const { server, seen } = await recordingServer(t, { key: certs.keyPem, cert: certs.chainPem }, '127.0.0.2');
  const client = clientFor(t, { ca: certs.caPem });

  for (const host of ['localhost', `localhost:${server.port}`, '127.0.0.1', BOGUS]) {
    const refused = failure(t, await client.fetch(`${server.origin}/`, { headers: { Host: host }, retry: false }));
    t.equal(refused.error.code, 'ERR_TLS', `Host: ${host}`);
    t.match(refused.error.message, /ERR_TLS_CERT_ALTNAME_INVALID: .*127\.0\.0\.2/, `checked against the URL's host, not ${host}`);
  }
  t.same(seen, [], 'no request reached the server');
});
