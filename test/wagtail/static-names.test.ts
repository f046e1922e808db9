import t from 'tap';
import { hasVersionQuery, hashMatchesBody, parseHashedName, staticUrlFromAdminAsset } from '../../src/wagtail/static-names.js';
import type { HashedName } from '../../src/wagtail/static-names.js';

t.test('parseHashedName knows ManifestStaticFilesStorage names', async (t) => {
  const cases: { input: string; expected: HashedName | null }[] = [
    { input: 'core.0123456789ab.css', expected: { stem: 'core', hash: '0123456789ab', ext: 'css' } },
    { input: '/static/wagtailadmin/js/vendor/jquery-3.6.0.min.4f1b9c2d3e4a.js', expected: { stem: 'jquery-3.6.0.min', hash: '4f1b9c2d3e4a', ext: 'js' } },
    { input: 'https://cdn.example.com/static/wagtailadmin/css/core.0123456789ab.css?x=1#top', expected: { stem: 'core', hash: '0123456789ab', ext: 'css' } },
    { input: '//cdn.example.com/static/core.0123456789ab.css', expected: { stem: 'core', hash: '0123456789ab', ext: 'css' } },
    { input: '/static/LICENSE.0123456789ab', expected: { stem: 'LICENSE', hash: '0123456789ab', ext: '' } },
    { input: '/static/archive.tar.0123456789ab.gz', expected: { stem: 'archive.tar', hash: '0123456789ab', ext: 'gz' } },
    { input: '/static/wagtailadmin/css/core.css', expected: null },
    { input: '/static/vendor.js', expected: null },
    { input: '/static/core.0123456789a.css', expected: null },
    { input: '/static/core.0123456789abc.css', expected: null },
    { input: '/static/core.0123456789AB.css', expected: null },
    { input: '/static/core.0123456789ag.css', expected: null },
    { input: '/static/app.0123456789ab.min.js', expected: null },
    { input: '/static/core.0123456789ab.css/', expected: null },
    { input: '/static/.0123456789ab.css', expected: null },
    { input: 'https://0123456789ab.example/', expected: null },
    { input: '', expected: null },
  ];
  for (const c of cases) t.same(parseHashedName(c.input), c.expected, c.input || '(empty)');
});

t.test("hasVersionQuery spots Wagtail's ?v=<8 hex>", async (t) => {
  const cases: { url: string; expected: boolean }[] = [
    { url: '/static/wagtailadmin/js/core.js?v=3a1b2c4d', expected: true },
    { url: 'https://example.com/static/wagtailadmin/css/core.css?foo=1&v=deadbeef#x', expected: true },
    { url: '/static/core.js?v=3A1B2C4D', expected: false },
    { url: '/static/core.js?v=3a1b2c4', expected: false },
    { url: '/static/core.js?v=3a1b2c4d5', expected: false },
    { url: '/static/core.js?version=3a1b2c4d', expected: false },
    { url: '/static/core.js#?v=3a1b2c4d', expected: false },
    { url: '/static/core.js', expected: false },
  ];
  for (const c of cases) t.equal(hasVersionQuery(c.url), c.expected, c.url);
});

t.test('hashMatchesBody compares the hash with the MD5 of the served bytes', async (t) => {
  const md5 = '0123456789abcdef0123456789abcdef';
  const cases: { name: string; hash: string; md5: string; expected: boolean }[] = [
    { name: 'first 12 hex match', hash: '0123456789ab', md5, expected: true },
    { name: 'an uppercase digest still matches', hash: '0123456789ab', md5: md5.toUpperCase(), expected: true },
    { name: 'different content', hash: 'ffffffffffff', md5, expected: false },
    { name: 'the hash is a prefix, not any substring', hash: '23456789abcd', md5, expected: false },
    { name: 'malformed hash', hash: '0123456789', md5, expected: false },
    { name: 'malformed digest', hash: '0123456789ab', md5: '0123456789ab', expected: false },
  ];
  for (const c of cases) t.equal(hashMatchesBody(c.hash, c.md5), c.expected, c.name);
});

t.test('staticUrlFromAdminAsset learns STATIC_URL from an admin asset', async (t) => {
  const cases: { url: string; expected: string | null }[] = [
    { url: 'https://cdn.example.com/static/wagtailadmin/js/core.abc.js', expected: 'https://cdn.example.com/static/' },
    { url: 'https://example.com/wagtailadmin/css/core.css', expected: 'https://example.com/' },
    { url: 'https://s3.amazonaws.com/bucket/assets/wagtailadmin/js/vendor.js?v=12345678', expected: 'https://s3.amazonaws.com/bucket/assets/' },
    { url: '//cdn.example.com/s/wagtailadmin/js/core.js', expected: '//cdn.example.com/s/' },
    { url: '/static/wagtailadmin/js/wagtailadmin/extra.js', expected: '/static/' },
    { url: 'https://wagtailadmin/static/js/core.js', expected: null },
    { url: 'https://example.com/static/js/core.js?next=/wagtailadmin/', expected: null },
    { url: '/static/wagtailadmin.js', expected: null },
  ];
  for (const c of cases) t.equal(staticUrlFromAdminAsset(c.url), c.expected, c.url);
});
