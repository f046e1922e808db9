// TLS against real local https servers with certificates made at test time:
// an untrusted chain, the same with its CA given or --insecure, a certificate
// for another address, and a handshake that never completes. Certificate
// failures must end with what to try (--ca FILE or --insecure).

import t from 'tap';
import { fixed, generateCertificates, startHttps, startRaw, type LocalServer } from './hostile-servers.js';
import { clientFor, closing, failure, response, timed } from './client-kit.js';


t.test('TLS: an untrusted certificate, then the same with its CA given', async (t) => {
  const certs = generateCertificates();
  const server = await closing(t, startHttps({ key: certs.keyPem, cert: certs.chainPem }, fixed(200, {}, 'secure')));

  const untrusted = failure(t, await clientFor(t).fetch(`${server.origin}/`));
  t.equal(untrusted.error.code, 'ERR_TLS');
  t.match(untrusted.error.message, /self-signed certificate in certificate chain/);
  t.match(untrusted.error.message, /trust it with --ca FILE \(the CA's PEM\); or skip the check with --insecure, as an explicit opt-in\.$/, 'ends with what to try');
  t.equal(untrusted.attempts, 1, 'a TLS failure is not retried');

  const trusted = response(t, await clientFor(t, { ca: certs.caPem }).fetch(`${server.origin}/`, { body: { read: 'whole', maxBytes: 100, keepText: true } }));
  t.same([trusted.status, trusted.text], [200, 'secure']);

  const insecure = response(t, await clientFor(t, { insecure: true }).fetch(`${server.origin}/`));
  t.equal(insecure.status, 200, 'insecure is an explicit opt-out of verification');
});

t.test('TLS: a certificate for another address says what to try too', async (t) => {
  const certs = generateCertificates(); // valid for 127.0.0.1 and localhost only
  const server = await closing(t, startHttps({ key: certs.keyPem, cert: certs.chainPem }, fixed(200, {}, 'secure'), { host: '127.0.0.2' }));
  const mismatched = failure(t, await clientFor(t, { ca: certs.caPem }).fetch(`${server.origin}/`));
  t.equal(mismatched.error.code, 'ERR_TLS');
  t.match(mismatched.error.message, /ERR_TLS_CERT_ALTNAME_INVALID: .*127\.0\.0\.2/);
  t.match(mismatched.error.message, /--ca FILE .*--insecure, as an explicit opt-in\.$/);
  t.equal(mismatched.attempts, 1);
});

t.test('a TLS handshake that never completes', async (t) => {
  const silent = await closing(t, startRaw(() => {}));
  const httpsOrigin = silent.origin.replace('http:', 'https:');

  const connect = failure(t, await clientFor(t, { connectTimeoutMs: 200, timeoutMs: 5000 }).fetch(`${httpsOrigin}/`, { retry: false }));
  t.equal(connect.error.code, 'ERR_CONNECT_TIMEOUT');

  const { value, ms } = await timed(() => clientFor(t, { connectTimeoutMs: 5000, timeoutMs: 300 }).fetch(`${httpsOrigin}/`, { retry: false }));
  t.equal(failure(t, value).error.code, 'ERR_TIMEOUT', 'the whole-request deadline holds during connect too');
  t.ok(ms < 2000, `ended after ${ms} ms`);
});

