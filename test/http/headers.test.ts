import t from 'tap';
import { exactOrigin, normaliseResponseHeaders, redactHeaders, requestHeaders } from '../../src/http/headers.js';

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

t.test('request headers: the user\'s only to the site origin, per-request only to the origin asked for', async (t) => {
  const base = { userAgent: 'wagtail-probe/1.2.3', userHeaders: { 'X-CDN-Token': 't0k', Cookie: 'consent=1' } };
  const perRequest = { Range: 'bytes=0-99', Host: 'evil.example', 'User-Agent': 'override' };
  t.same(requestHeaders({ ...base, identity: true, perRequest, toSiteOrigin: true, toStartOrigin: true }), {
    'user-agent': 'override',
    accept: '*/*',
    'accept-encoding': 'identity',
    'x-cdn-token': 't0k',
    cookie: 'consent=1',
    range: 'bytes=0-99',
    host: 'evil.example',
  });
  t.same(
    requestHeaders({ ...base, identity: false, perRequest, toSiteOrigin: false, toStartOrigin: false }),
    { 'user-agent': 'wagtail-probe/1.2.3', accept: '*/*', 'accept-encoding': 'gzip, deflate, br', range: 'bytes=0-99' },
    'another origin: no user headers, no Host, no cookies; Range is harmless and kept',
  );
  t.same(
    requestHeaders({ ...base, identity: true, perRequest, toSiteOrigin: false, toStartOrigin: true }),
    { 'user-agent': 'override', accept: '*/*', 'accept-encoding': 'identity', range: 'bytes=0-99', host: 'evil.example' },
    'fetch() called for a URL off the site: its per-request headers, none of the user\'s',
  );
  t.same(
    requestHeaders({ ...base, identity: true, perRequest, toSiteOrigin: true, toStartOrigin: false }),
    { 'user-agent': 'wagtail-probe/1.2.3', accept: '*/*', 'accept-encoding': 'identity', 'x-cdn-token': 't0k', cookie: 'consent=1', range: 'bytes=0-99' },
    'a redirect back to the site: the user\'s headers again, the per-request Host not',
  );
  t.same(requestHeaders({ ...base, identity: true, perRequest: undefined, toSiteOrigin: true, toStartOrigin: true })['accept-encoding'], 'identity');
});

t.test('the site origin as URL.origin spells it', async (t) => {
  t.equal(exactOrigin('https://Example.COM:443/'), 'https://example.com');
  t.equal(exactOrigin('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
  t.equal(exactOrigin('https://bücher.example'), 'https://xn--bcher-kva.example');
  t.equal(exactOrigin('not a url'), null);
  t.equal(exactOrigin('file:///etc/passwd'), null, 'an opaque origin is no origin');
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

t.test('every header the user gave is redacted, whatever its name', async (t) => {
  t.same(redactHeaders({ 'user-agent': 'ua', 'x-consent': 'yes', 'x-preview': 'draft', range: 'bytes=0-1' }, new Set(['x-consent', 'x-preview'])), {
    'user-agent': 'ua',
    'x-consent': '<redacted>',
    'x-preview': '<redacted>',
    range: 'bytes=0-1',
  });
});
