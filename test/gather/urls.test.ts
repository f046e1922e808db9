import t from 'tap';
import { absoluteBase, isSameOrigin, isUnder, MAX_URL_LENGTH, normaliseUrl, originOf } from '../../src/gather/urls.js';

const page = 'https://127.0.0.1:8443/blog/post/';

t.test('normaliseUrl resolves and canonicalises http(s) URLs', async (t) => {
  const cases: [raw: string, base: string | URL, expected: string | null][] = [
    ['/about/', page, 'https://127.0.0.1:8443/about/'],
    ['../', page, 'https://127.0.0.1:8443/blog/'],
    ['next', page, 'https://127.0.0.1:8443/blog/post/next'],
    ['?page=2', page, 'https://127.0.0.1:8443/blog/post/?page=2'],
    // trailing slash and query kept exactly: Django routes /a and /a/ apart, ?v= names a version
    ['/a', page, 'https://127.0.0.1:8443/a'],
    ['/a/', page, 'https://127.0.0.1:8443/a/'],
    ['/static/core.css?v=1a2b3c4d&b=2&a=1', page, 'https://127.0.0.1:8443/static/core.css?v=1a2b3c4d&b=2&a=1'],
    ['/search/?q=', page, 'https://127.0.0.1:8443/search/?q='],
    // fragment dropped, even an empty one
    ['/about/#team', page, 'https://127.0.0.1:8443/about/'],
    ['/about/#', page, 'https://127.0.0.1:8443/about/'],
    // scheme and host lower-cased, default ports dropped
    ['HTTPS://Example.COM:443/X', page, 'https://example.com/X'],
    ['http://example.com:80/', page, 'http://example.com/'],
    ['http://example.com:8080/', page, 'http://example.com:8080/'],
    // surrounding ASCII whitespace, as found in hand-written href attributes
    ['  \n\t/contact/ \r\n', page, 'https://127.0.0.1:8443/contact/'],
    // protocol-relative takes the base's scheme
    ['//cdn.example.com/x.js', page, 'https://cdn.example.com/x.js'],
    ['//cdn.example.com/x.js', 'http://127.0.0.1:8000/', 'http://cdn.example.com/x.js'],
    // non-ASCII path and query percent-encoded the WHATWG way; IDN hosts in punycode
    ['/café/ß', page, 'https://127.0.0.1:8443/caf%C3%A9/%C3%9F'],
    ['/media/documents/r\u00e9sum\u00e9 2024.pdf', page, 'https://127.0.0.1:8443/media/documents/r%C3%A9sum%C3%A9%202024.pdf'],
    ['https://bücher.example/', page, 'https://xn--bcher-kva.example/'],
    // an already encoded path is left as it is
    ['/caf%C3%A9/', page, 'https://127.0.0.1:8443/caf%C3%A9/'],
    // URL object as base
    ['x', new URL('http://localhost:8000/a/b'), 'http://localhost:8000/a/x'],
    // IPv6 literal
    ['http://[::1]:8000/admin/login/', page, 'http://[::1]:8000/admin/login/'],
  ];
  for (const [raw, base, expected] of cases) t.equal(normaliseUrl(raw, base), expected, JSON.stringify(raw));
});

t.test('normaliseUrl rejects what is not a fetchable http(s) URL', async (t) => {
  const rejected = [
    'mailto:editor@example.com',
    'tel:+441234567890',
    'javascript:void(0)',
    ' JavaScript:alert(1)',
    'data:image/png;base64,AAAA',
    'blob:https://127.0.0.1:8443/5d5f0f2c',
    'about:blank',
    'ftp://example.com/file',
    'file:///etc/passwd',
    '',
    '   ',
    'http://',
    'https://exa mple.com/',
    'http://[::1/',
  ];
  for (const raw of rejected) t.equal(normaliseUrl(raw, page), null, JSON.stringify(raw));
  t.equal(normaliseUrl('/x', 'not a base'), null, 'relative URL against an unusable base');
});

t.test('normaliseUrl is bounded: raw URLs over 8 KB are dropped', async (t) => {
  const atLimit = `/${'a'.repeat(MAX_URL_LENGTH - 1)}`;
  t.equal(atLimit.length, MAX_URL_LENGTH);
  t.equal(normaliseUrl(atLimit, page), `https://127.0.0.1:8443${atLimit}`);
  t.equal(normaliseUrl(`${atLimit}a`, page), null);
});

t.test('originOf and isSameOrigin', async (t) => {
  t.equal(originOf('https://127.0.0.1:8443/a/b?c'), 'https://127.0.0.1:8443');
  t.equal(originOf('HTTP://LOCALHOST:80/x'), 'http://localhost');
  t.equal(originOf('not a url'), 'null');
  t.equal(originOf('data:text/plain,x'), 'null');

  const cases: [a: string, b: string, same: boolean][] = [
    ['https://127.0.0.1:8443/a', 'https://127.0.0.1:8443/b?x', true],
    ['https://127.0.0.1/a', 'https://127.0.0.1:443/b', true],
    ['https://127.0.0.1:8443/a', 'http://127.0.0.1:8443/a', false],
    ['https://127.0.0.1:8443/a', 'https://127.0.0.1:8444/a', false],
    ['https://www.example.com/', 'https://example.com/', false],
    ['not a url', 'not a url', false],
    ['data:text/plain,x', 'data:text/plain,x', false],
  ];
  for (const [a, b, same] of cases) t.equal(isSameOrigin(a, b), same, `${a} ~ ${b}`);
});

t.test('isUnder tells whether a URL lies in a folder such as MEDIA_URL', async (t) => {
  const media = 'https://127.0.0.1:8443/media/';
  const cases: [url: string, prefix: string, under: boolean][] = [
    ['https://127.0.0.1:8443/media/images/a.width-800.jpg', media, true],
    ['https://127.0.0.1:8443/media/', media, true],
    ['https://127.0.0.1:8443/media/documents/r.pdf?x=1', media, true],
    ['https://127.0.0.1:8443/mediafiles/x.jpg', media, false],
    ['https://127.0.0.1:8443/media', media, false],
    ['http://127.0.0.1:8443/media/x.jpg', media, false],
    ['https://cdn.example.com/media/x.jpg', media, false],
    ['https://127.0.0.1:8443/static/media/x.jpg', media, false],
    // a prefix without its slash is still a folder
    ['https://127.0.0.1:8443/mediafiles/x.jpg', 'https://127.0.0.1:8443/media', false],
    ['https://127.0.0.1:8443/media/x.jpg', 'https://127.0.0.1:8443/media', true],
    // the root
    ['https://127.0.0.1:8443/anything', 'https://127.0.0.1:8443/', true],
    // unparsable either side
    ['nope', media, false],
    ['https://127.0.0.1:8443/media/x', 'nope', false],
    ['data:text/plain,x', 'data:text/plain,', false],
  ];
  for (const [url, prefix, under] of cases) t.equal(isUnder(url, prefix), under, `${url} under ${prefix}`);
});

t.test('absoluteBase turns configured STATIC_URL / MEDIA_URL into absolute folder URLs', async (t) => {
  const site = 'https://127.0.0.1:8443/en/home/';
  const cases: [value: string, expected: string][] = [
    ['/media/', 'https://127.0.0.1:8443/media/'],
    ['/media', 'https://127.0.0.1:8443/media/'],
    ['media/', 'https://127.0.0.1:8443/media/'], // relative: from the root, as Django's SCRIPT_NAME prefixing
    ['static', 'https://127.0.0.1:8443/static/'],
    ['https://cdn.example.com/x/', 'https://cdn.example.com/x/'],
    ['https://cdn.example.com/x', 'https://cdn.example.com/x/'],
    ['//cdn.example.com/media/', 'https://cdn.example.com/media/'],
    ['https://bucket.s3.amazonaws.com/media/?v=1#f', 'https://bucket.s3.amazonaws.com/media/'],
    [' /media/ ', 'https://127.0.0.1:8443/media/'],
    ['', 'https://127.0.0.1:8443/'],
  ];
  for (const [value, expected] of cases) t.equal(absoluteBase(value, site), expected, JSON.stringify(value));

  t.throws(() => absoluteBase('ftp://example.com/media/', site), TypeError);
  t.throws(() => absoluteBase('/media/', 'not a site'), TypeError);
  t.throws(() => absoluteBase('http://exa mple.com/', site), TypeError);
});
