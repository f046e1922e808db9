import t from 'tap';
import { manifestPath, originalName, parseStaticManifest, staticManifestUrl, type StaticManifest } from '../../src/wagtail/static-manifest.js';
import { parseHashedName, type HashedName } from '../../src/wagtail/static-names.js';

t.test('staticManifestUrl: staticfiles.json at the top of STATIC_URL', async (t) => {
  t.equal(staticManifestUrl('https://site.test/static/'), 'https://site.test/static/staticfiles.json');
  t.equal(staticManifestUrl('https://cdn.example.com/assets/v2/'), 'https://cdn.example.com/assets/v2/staticfiles.json');
});

t.test('parseStaticManifest reads the paths of a manifest, and nothing else', async (t) => {
  const cases: { name: string; text: string; expected: StaticManifest | null }[] = [
    {
      name: "Django's manifest, version 1.1",
      text: JSON.stringify({ paths: { 'css/site.css': 'css/site.0123456789ab.css', 'wagtailadmin/js/core.js': 'wagtailadmin/js/core.abcdef012345.js' }, version: '1.1', hash: 'x' }),
      expected: { 'css/site.css': 'css/site.0123456789ab.css', 'wagtailadmin/js/core.js': 'wagtailadmin/js/core.abcdef012345.js' },
    },
    { name: 'an empty paths object', text: '{"paths": {}, "version": "1.1"}', expected: {} },
    { name: 'entries that are not strings are dropped', text: '{"paths": {"a.css": "a.0123456789ab.css", "b.css": 3, "c.css": null}}', expected: { 'a.css': 'a.0123456789ab.css' } },
    { name: 'an HTML error page under the name', text: '<html>oops</html>', expected: null },
    { name: 'JSON without paths', text: '{"version": "1.1"}', expected: null },
    { name: 'paths that are not an object', text: '{"paths": "css/site.css"}', expected: null },
    { name: 'paths null', text: '{"paths": null}', expected: null },
    { name: 'JSON null', text: 'null', expected: null },
    { name: 'a JSON string', text: '"paths"', expected: null },
  ];
  for (const c of cases) t.same(parseStaticManifest(c.text), c.expected, c.name);
});

t.test('manifestPath: the path under STATIC_URL as the manifest writes it', async (t) => {
  const staticUrl = 'https://site.test/static/';
  const cases: { url: string; expected: string | null }[] = [
    { url: 'https://site.test/static/wagtailadmin/css/core.0123456789ab.css', expected: 'wagtailadmin/css/core.0123456789ab.css' },
    { url: 'https://site.test/static/wagtailadmin/js/core.js?v=1a2b3c4d', expected: 'wagtailadmin/js/core.js' },
    { url: 'https://site.test/static/fonts/Open%20Sans.0123456789ab.woff2', expected: 'fonts/Open Sans.0123456789ab.woff2' },
    { url: 'https://site.test/static/bad%E2.0123456789ab.css', expected: null },
    { url: 'https://site.test/media/images/a.jpg', expected: null },
    { url: 'https://cdn.site.test/static/css/site.css', expected: null },
    { url: 'http://site.test/static/css/site.css', expected: null },
  ];
  for (const c of cases) t.equal(manifestPath(c.url, staticUrl), c.expected, c.url);
});

t.test('originalName undoes hashed_name(): the manifest key a hashed path came from', async (t) => {
  const cases: { path: string; expected: string }[] = [
    { path: 'css/site.0123456789ab.css', expected: 'css/site.css' },
    { path: 'wagtailadmin/js/vendor/jquery-3.6.0.min.4f1b9c2d3e4a.js', expected: 'wagtailadmin/js/vendor/jquery-3.6.0.min.js' },
    { path: 'LICENSE.0123456789ab', expected: 'LICENSE' },
    { path: 'archive.tar.0123456789ab.gz', expected: 'archive.tar.gz' },
  ];
  for (const c of cases) t.equal(originalName(c.path, parseHashedName(c.path) as HashedName), c.expected, c.path);
});
