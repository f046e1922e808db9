import t from 'tap';
import { contentTypeFits, mediaTypeEssence } from '../../src/signals/content-type.js';
import type { ContentTypeVerdict } from '../../src/signals/content-type.js';

t.test('contentTypeFits judges the type against the extension', async (t) => {
  const cases: { input: string; header: string | undefined; verdict: ContentTypeVerdict; fits: boolean | null }[] = [
    { input: '/static/wagtailadmin/js/core.0123456789ab.js', header: 'text/javascript; charset="utf-8"', verdict: 'fits', fits: true },
    { input: 'core.js', header: 'application/javascript', verdict: 'fits', fits: true },
    { input: 'core.js', header: 'application/x-javascript', verdict: 'fits', fits: true },
    { input: 'module.mjs', header: 'text/javascript', verdict: 'fits', fits: true },
    { input: '.css', header: 'text/css; charset="utf-8"', verdict: 'fits', fits: true },
    { input: 'css', header: 'TEXT/CSS ; Charset=UTF-8', verdict: 'fits', fits: true },
    { input: '/static/core.css?v=3a1b2c4d', header: 'text/css', verdict: 'fits', fits: true },
    { input: 'https://cdn.example.com/static/core.CSS#x', header: 'text/css', verdict: 'fits', fits: true },
    { input: 'icons.svg', header: 'image/svg+xml', verdict: 'fits', fits: true },
    { input: 'a.png', header: 'image/png', verdict: 'fits', fits: true },
    { input: 'a.jpg', header: 'image/jpeg', verdict: 'fits', fits: true },
    { input: 'a.jpeg', header: 'image/jpeg', verdict: 'fits', fits: true },
    { input: 'a.gif', header: 'image/gif', verdict: 'fits', fits: true },
    { input: 'photo.width-400.format-webp.webp', header: 'image/webp', verdict: 'fits', fits: true },
    { input: 'a.avif', header: 'image/avif', verdict: 'fits', fits: true },
    { input: 'favicon.ico', header: 'image/x-icon', verdict: 'fits', fits: true },
    { input: 'favicon.ico', header: 'image/vnd.microsoft.icon', verdict: 'fits', fits: true },
    { input: 'a.woff2', header: 'font/woff2', verdict: 'fits', fits: true },
    { input: 'a.woff', header: 'application/font-woff', verdict: 'fits', fits: true },
    { input: 'a.ttf', header: 'font/ttf', verdict: 'fits', fits: true },
    { input: 'a.otf', header: 'font/otf', verdict: 'fits', fits: true },
    { input: 'a.eot', header: 'application/vnd.ms-fontobject', verdict: 'fits', fits: true },
    { input: 'a.woff2', header: 'application/octet-stream', verdict: 'tolerated', fits: true },
    { input: 'a.woff2', header: 'font/woff', verdict: 'tolerated', fits: true },
    { input: 'a.ttf', header: 'application/x-font-truetype', verdict: 'tolerated', fits: true },
    { input: 'a.woff', header: 'application/font-woff2', verdict: 'tolerated', fits: true },
    { input: 'a.eot', header: 'application/octet-stream', verdict: 'tolerated', fits: true },
    { input: 'app.js.map', header: 'application/json', verdict: 'fits', fits: true },
    { input: 'app.js.map', header: 'application/octet-stream', verdict: 'tolerated', fits: true },
    { input: 'data.json', header: 'application/json', verdict: 'fits', fits: true },
    { input: 'site.webmanifest', header: 'application/manifest+json', verdict: 'fits', fits: true },
    { input: 'robots.txt', header: 'text/plain; charset=utf-8', verdict: 'fits', fits: true },
    { input: 'sitemap.xml', header: 'application/xml', verdict: 'fits', fits: true },
    { input: 'report.pdf', header: 'application/pdf', verdict: 'fits', fits: true },
    { input: 'data.csv', header: 'text/csv', verdict: 'fits', fits: true },
    { input: 'page.html', header: 'text/html; charset=utf-8', verdict: 'fits', fits: true },
    { input: 'page.htm', header: 'text/html', verdict: 'fits', fits: true },
    { input: 'core.js', header: 'text/html; charset=utf-8', verdict: 'html-instead', fits: false },
    { input: 'core.css', header: 'text/html', verdict: 'html-instead', fits: false },
    { input: 'report.pdf', header: 'text/html; charset=utf-8', verdict: 'html-instead', fits: false },
    { input: 'a.woff2', header: 'text/html', verdict: 'html-instead', fits: false },
    { input: 'core.js', header: 'text/plain', verdict: 'wrong', fits: false },
    { input: 'core.css', header: 'application/octet-stream', verdict: 'wrong', fits: false },
    { input: 'a.png', header: 'image/jpeg', verdict: 'wrong', fits: false },
    { input: 'app.js.map', header: 'text/plain', verdict: 'wrong', fits: false },
    { input: 'core.css', header: undefined, verdict: 'missing', fits: false },
    { input: 'core.css', header: '  ', verdict: 'missing', fits: false },
    { input: 'file.xyz', header: undefined, verdict: 'missing', fits: false },
    { input: 'file.xyz', header: 'application/x-xyz', verdict: 'unknown-extension', fits: null },
    { input: '/static/LICENSE', header: 'text/plain', verdict: 'unknown-extension', fits: null },
    { input: 'https://example.com/', header: 'text/html', verdict: 'unknown-extension', fits: null },
  ];
  for (const c of cases) {
    const fit = contentTypeFits(c.input, c.header);
    t.same({ verdict: fit.verdict, fits: fit.fits }, { verdict: c.verdict, fits: c.fits }, `${c.input} as ${String(c.header)}`);
  }
});

t.test('the result names what was expected and what came', async (t) => {
  t.same(contentTypeFits('/static/core.css', 'Text/HTML; charset=utf-8'), { verdict: 'html-instead', fits: false, expected: ['text/css'], got: 'text/html' });
  t.same(contentTypeFits('x.unknown', 'a/b'), { verdict: 'unknown-extension', fits: null, expected: [], got: 'a/b' });
  t.same(contentTypeFits('favicon.ico', undefined).expected, ['image/x-icon', 'image/vnd.microsoft.icon']);
});

t.test('mediaTypeEssence drops parameters and case', async (t) => {
  t.equal(mediaTypeEssence('text/css; charset="utf-8"'), 'text/css');
  t.equal(mediaTypeEssence(' Image/PNG '), 'image/png');
  t.equal(mediaTypeEssence(undefined), '');
});
