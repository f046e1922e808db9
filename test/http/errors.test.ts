import net from 'node:net';
import tls from 'node:tls';
import zlib from 'node:zlib';
import t from 'tap';
import { errors as undiciErrors } from 'undici';
import { CERTIFICATE_ADVICE, classifyError, FetchError } from '../../src/http/errors.js';

/** An Error with a Node-style `code`, as Node and undici build them. */
function withCode(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

t.test('undici and Node errors map to stable codes', async (t) => {
  const cases: Array<{ name: string; error: unknown; code: string }> = [
    { name: 'our own error keeps its code', error: new FetchError('ERR_BAD_REDIRECT', 'x'), code: 'ERR_BAD_REDIRECT' },
    { name: 'getaddrinfo ENOTFOUND', error: withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND example.invalid'), code: 'ERR_DNS' },
    { name: 'getaddrinfo EAI_AGAIN', error: withCode('EAI_AGAIN', 'getaddrinfo EAI_AGAIN example.org'), code: 'ERR_DNS' },
    { name: 'refused', error: withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), code: 'ERR_REFUSED' },
    { name: 'undici connect timeout', error: new undiciErrors.ConnectTimeoutError(), code: 'ERR_CONNECT_TIMEOUT' },
    { name: 'OS connect timeout', error: withCode('ETIMEDOUT', 'connect ETIMEDOUT'), code: 'ERR_CONNECT_TIMEOUT' },
    { name: 'undici headers timeout', error: new undiciErrors.HeadersTimeoutError(), code: 'ERR_TIMEOUT' },
    { name: 'undici body timeout', error: new undiciErrors.BodyTimeoutError(), code: 'ERR_TIMEOUT' },
    { name: 'AbortSignal.timeout reason', error: new DOMException('The operation was aborted due to timeout', 'TimeoutError'), code: 'ERR_TIMEOUT' },
    { name: 'reset', error: withCode('ECONNRESET', 'read ECONNRESET'), code: 'ERR_RESET' },
    { name: 'undici socket closed', error: new undiciErrors.SocketError('other side closed'), code: 'ERR_RESET' },
    { name: 'broken pipe', error: withCode('EPIPE', 'write EPIPE'), code: 'ERR_RESET' },
    { name: 'self-signed in chain', error: withCode('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), code: 'ERR_TLS' },
    { name: 'self-signed leaf', error: withCode('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), code: 'ERR_TLS' },
    { name: 'missing intermediate', error: withCode('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), code: 'ERR_TLS' },
    { name: 'expired', error: withCode('CERT_HAS_EXPIRED', 'certificate has expired'), code: 'ERR_TLS' },
    { name: 'wrong host name', error: withCode('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), code: 'ERR_TLS' },
    { name: 'plain http on a TLS port', error: withCode('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), code: 'ERR_TLS' },
    { name: 'corrupt gzip', error: withCode('Z_DATA_ERROR', 'incorrect header check'), code: 'ERR_DECODE' },
    { name: 'truncated gzip', error: withCode('Z_BUF_ERROR', 'unexpected end of file'), code: 'ERR_DECODE' },
    { name: 'corrupt brotli', error: withCode('ERR__ERROR_FORMAT_PADDING_1', 'Decompression failed'), code: 'ERR_DECODE' },
    { name: 'wrapped in a cause', error: new Error('fetch failed', { cause: withCode('ECONNREFUSED', 'refused') }), code: 'ERR_REFUSED' },
    { name: 'happy eyeballs AggregateError', error: new AggregateError([withCode('ECONNREFUSED', 'v4'), withCode('ECONNREFUSED', 'v6')], 'all failed'), code: 'ERR_REFUSED' },
    { name: 'anything else', error: withCode('EHOSTUNREACH', 'no route'), code: 'ERR_NETWORK' },
    { name: 'not even an Error', error: 'a string', code: 'ERR_NETWORK' },
    { name: 'nothing at all', error: undefined, code: 'ERR_NETWORK' },
  ];
  for (const { name, error, code } of cases) t.equal(classifyError(error).code, code, name);
});

t.test('the message keeps the reason and names the system code', async (t) => {
  t.equal(classifyError(withCode('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain')).message,
    `SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain. ${CERTIFICATE_ADVICE}`);
  t.equal(classifyError(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')).message, 'connect ECONNREFUSED 127.0.0.1:1');
  t.equal(classifyError('a string').message, 'a string');
});

t.test('real errors from Node itself', async (t) => {
  const gunzipError = await new Promise<unknown>((resolve) => zlib.gunzip(Buffer.from('not gzip at all'), (error) => resolve(error)));
  t.equal(classifyError(gunzipError).code, 'ERR_DECODE', 'zlib on garbage');

  const brotliError = await new Promise<unknown>((resolve) => zlib.brotliDecompress(Buffer.from([0xff, 0xff, 0xff, 0xff]), (error) => resolve(error)));
  t.equal(classifyError(brotliError).code, 'ERR_DECODE', 'brotli on garbage');

  // A TLS client against a plain TCP server that answers with HTTP, not a handshake.
  const server = net.createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const { port } = server.address() as net.AddressInfo;
  const tlsError = await new Promise<unknown>((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: true }, () => resolve(null));
    socket.on('error', resolve);
  });
  t.equal(classifyError(tlsError).code, 'ERR_TLS', `TLS to a plain server: ${String((tlsError as Error).message)}`);
});

t.test('certificate failures say what to try; other TLS failures do not pretend --ca would help', async (t) => {
  const advice = /--ca FILE .*--insecure, as an explicit opt-in\.$/;
  for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']) {
    const classified = classifyError(new Error('fetch failed', { cause: withCode(code, 'the reason') }));
    t.equal(classified.code, 'ERR_TLS', code);
    t.match(classified.message, advice, `${code}: ends with what to try`);
  }
  t.notMatch(classifyError(withCode('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number')).message, /--ca/, 'plain http on a TLS port');
});

t.test("undici's bare \"bad response\" becomes a message an operator can act on", async (t) => {
  const classified = classifyError(new undiciErrors.SocketError('bad response'));
  t.equal(classified.code, 'ERR_RESET', 'still retried: a new connection may fare better');
  t.match(classified.message, /could not match to this request \(undici: "bad response"\)/);
  t.match(classified.message, /interim 1xx response/);
  t.match(classified.message, /a body on a HEAD, 204 or 304/);
  t.match(classified.message, /Check the server or proxy in front of the site/);
  t.equal(classifyError(new undiciErrors.SocketError('other side closed')).message, 'UND_ERR_SOCKET: other side closed', 'other socket errors as they were');
});
