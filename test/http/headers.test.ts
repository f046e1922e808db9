import t from 'tap';
import { normaliseResponseHeaders, redactHeaders, requestHeaders } from '../../src/http/headers.js';

t.test('response headers: lower-cased, repeats joined, set-cookie apart', async (t) => {
  const normalised = normaliseResponseHeaders({
    'Content-Type': 'text/html',
    vary: ['Accept-Encoding', 'Cookie'],
    'set-cookie': ['csrftoken=abc; expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/', 'sessionid=x; HttpOnly'],
    'x-missing': undefined,
  });
  t.same(normalised, {
    headers: { 'content-type': 'text/html', vary: 'Accept-Encoding, Cookie' },
    setCookies: ['csrftoken=abc; expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/', 'sessionid=x; HttpOnly'],
  });
  t.same(normaliseResponseHeaders({ 'Set-Cookie': 'one=1' }).setCookies, ['one=1']);
  t.same(normaliseResponseHeaders({ 'X-A': '1', 'x-a': '2' }).headers, { 'x-a': '1, 2' }, 'names differing only in case are one header');
});

t.test('request headers: defaults, extras and per-request, only to the origin asked for', async (t) => {
  const base = { userAgent: 'wagtail-probe/1.2.3', extras: { 'X-CDN-Token': 't0k', Cookie: 'consent=1' } };
  const perRequest = { Range: 'bytes=0-99', Host: 'evil.example', 'User-Agent': 'override' };
  t.same(requestHeaders({ ...base, identity: true, perRequest, sameOrigin: true }), {
    'user-agent': 'override',
    accept: '*/*',
    'accept-encoding': 'identity',
    'x-cdn-token': 't0k',
    cookie: 'consent=1',
    range: 'bytes=0-99',
    host: 'evil.example',
  });
  t.same(
    requestHeaders({ ...base, identity: false, perRequest, sameOrigin: false }),
    { 'user-agent': 'wagtail-probe/1.2.3', accept: '*/*', 'accept-encoding': 'gzip, deflate, br', range: 'bytes=0-99' },
    'another origin: no extras, no Host, no cookies; Range is harmless and kept',
  );
  t.same(requestHeaders({ ...base, identity: true, perRequest: undefined, sameOrigin: true })['accept-encoding'], 'identity');
});

t.test('recorded headers have secret-looking values redacted', async (t) => {
  t.same(
    redactHeaders({
      'user-agent': 'ua',
      cookie: 'sessionid=s3cret',
      authorization: 'Bearer x',
      'proxy-authorization': 'Basic y',
      'x-cdn-token': 't',
      'x-api-key': 'k',
      'x-client-secret': 's',
      range: 'bytes=0-1',
      host: 'evil.example',
    }),
    {
      'user-agent': 'ua',
      cookie: '<redacted>',
      authorization: '<redacted>',
      'proxy-authorization': '<redacted>',
      'x-cdn-token': '<redacted>',
      'x-api-key': '<redacted>',
      'x-client-secret': '<redacted>',
      range: 'bytes=0-1',
      host: 'evil.example',
    },
  );
});
