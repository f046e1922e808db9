import t from 'tap';
import { isRedirectStatus, locationFromHeader, resolveLocation } from '../../src/http/redirects.js';

t.test('which statuses redirect', async (t) => {
  for (const status of [301, 302, 303, 307, 308]) t.ok(isRedirectStatus(status), String(status));
  for (const status of [200, 300, 304, 305, 306, 404]) t.notOk(isRedirectStatus(status), String(status));
});

t.test('Location resolved as a browser would', async (t) => {
  const base = new URL('https://example.org/docs/page/?q=1#top');
  const cases: Array<[string, string]> = [
    ['/absolute-path', 'https://example.org/absolute-path'],
    ['../up', 'https://example.org/docs/up'],
    ['sibling', 'https://example.org/docs/page/sibling'],
    ['?only=query', 'https://example.org/docs/page/?only=query'],
    ['//cdn.example.net/media/x.jpg', 'https://cdn.example.net/media/x.jpg'],
    ['http://example.org/downgrade', 'http://example.org/downgrade'],
    ['/café/ü', 'https://example.org/caf%C3%A9/%C3%BC'],
    ['/with#fragment', 'https://example.org/with'],
    ['https://EXAMPLE.org:443/normalised', 'https://example.org/normalised'],
    ['', 'https://example.org/docs/page/?q=1'],
  ];
  for (const [location, expected] of cases) {
    const resolved = resolveLocation(location, base);
    t.same(resolved, { ok: true, url: new URL(expected) }, JSON.stringify(location));
  }
});

t.test('unusable Locations', async (t) => {
  const base = new URL('https://example.org/');
  for (const location of ['javascript:alert(1)', 'ftp://example.org/file', 'mailto:x@example.org', 'http://exa mple.org/', 'https://[::1']) {
    const resolved = resolveLocation(location, base);
    t.equal(resolved.ok, false, location);
    if (!resolved.ok) t.match(resolved.reason, /Location/);
  }
});

t.test('raw UTF-8 bytes in a Location header are read as UTF-8', async (t) => {
  const asLatin1 = (text: string) => Buffer.from(text).toString('latin1'); // what undici hands over
  t.equal(locationFromHeader('/plain-ascii'), '/plain-ascii');
  t.equal(locationFromHeader(asLatin1('/café')), '/café');
  t.equal(locationFromHeader('/caf\xe9'), '/caf\xe9', 'a lone latin1 byte is not UTF-8: kept as it came');
  t.equal(locationFromHeader('/✓'), '/✓', 'already text: left alone');
});
