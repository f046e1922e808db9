import t from 'tap';
import { classifyResource, learnMediaUrl, learnStaticUrl, type SiteBases } from '../../src/gather/classify.js';
import type { ReferenceVia, ResourceKind } from '../../src/gather/model.js';

const site = 'https://127.0.0.1:8443';
const bases: SiteBases = {
  origins: [site, 'http://127.0.0.1:8000'],
  staticUrl: `${site}/static/`,
  mediaUrl: `${site}/media/`,
};
const offloaded: SiteBases = {
  origins: [site],
  staticUrl: 'https://cdn.example.com/static/',
  mediaUrl: 'https://bucket.s3.eu-west-1.amazonaws.com/media/',
};
const unknownBases: SiteBases = { origins: [site], staticUrl: null, mediaUrl: null };

// A real-looking signature: url-safe base64 of a 20-byte HMAC-SHA1, 27 characters and '='.
const signature = 'Xb3Q-Vw1_8kLmN2oPqRsTuVwXyZ=';

t.test('classifyResource', async (t) => {
  const cases: [url: string, via: ReferenceVia, bases: SiteBases, expected: ResourceKind | 'page'][] = [
    // STATIC_URL first, whatever the way it was met
    [`${site}/static/wagtailadmin/css/core.3c7b2a1f9d0e.css`, 'link', bases, 'static'],
    [`${site}/static/wagtailadmin/js/core.0a1b2c3d4e5f.js`, 'script', bases, 'static'],
    [`${site}/static/img/logo.svg`, 'img', bases, 'static'],
    [`${site}/static/docs/guide.pdf`, 'a', bases, 'static'],
    ['https://cdn.example.com/static/css/main.css', 'link', offloaded, 'static'],
    // MEDIA_URL, split by Wagtail's folders
    [`${site}/media/documents/annual-report.pdf`, 'a', bases, 'document-file'],
    [`${site}/media/images/bread.2e16d0ba.fill-300x200.jpg`, 'img', bases, 'rendition'],
    [`${site}/media/images/bread.width-800.jpg`, 'srcset', bases, 'rendition'],
    [`${site}/media/original_images/bread.jpg`, 'a', bases, 'original-image'],
    [`${site}/media/not-found`, 'img', bases, 'media'],
    [`${site}/media/uploads/x.txt`, 'a', bases, 'media'],
    ['https://bucket.s3.eu-west-1.amazonaws.com/media/documents/r.pdf?X-Amz-Signature=abc', 'a', offloaded, 'document-file'],
    ['https://bucket.s3.eu-west-1.amazonaws.com/media/images/a.width-400.format-webp.webp', 'srcset', offloaded, 'rendition'],
    // MEDIA_URL given without its trailing slash
    [`${site}/media/images/bread.width-800.jpg`, 'img', { ...bases, mediaUrl: `${site}/media` }, 'rendition'],
    // Wagtail's document serve view, wherever it is mounted
    [`${site}/documents/12/annual-report.pdf`, 'a', bases, 'document'],
    [`${site}/en/documents/3/menu.pdf`, 'a', bases, 'document'],
    ['http://127.0.0.1:8000/documents/3/menu.pdf', 'a', bases, 'document'],
    [`${site}/documents/12/annual-report.pdf`, 'a', unknownBases, 'document'],
    [`${site}/documents/abc/annual-report.pdf`, 'a', bases, 'other'], // not an id: a .pdf link
    [`${site}/documents/12/`, 'a', bases, 'page'],
    [`${site}/documents/`, 'a', bases, 'page'],
    ['https://other.example.com/documents/12/report.pdf', 'a', bases, 'other'],
    // Wagtail's dynamic image serve view
    [`${site}/images/${signature}/42/fill-300x200/bread.jpg`, 'img', bases, 'image-serve'],
    [`${site}/images/${signature}/42/width-800/`, 'img', bases, 'image-serve'],
    [`${site}/images/short=/42/width-800/bread.jpg`, 'img', bases, 'image'],
    [`https://other.example.com/images/${signature}/42/fill-300x200/bread.jpg`, 'img', bases, 'image'],
    // embedded images outside MEDIA_URL
    ['https://images.unsplash.com/photo-1?w=800', 'img', bases, 'image'],
    [`${site}/favicon.png`, 'srcset', bases, 'image'],
    [`${site}/share.png`, 'og:image', bases, 'image'],
    [`${site}/media/images/x.width-800.jpg`, 'og:image', unknownBases, 'image'],
    // page assets outside STATIC_URL
    ['https://fonts.googleapis.com/css2?family=Inter', 'link', bases, 'asset'],
    [`${site}/admin/jsi18n/`, 'script', bases, 'asset'],
    ['https://cdn.example.com/lib.js', 'script', bases, 'asset'],
    [`${site}/fonts/inter.woff2`, 'style', bases, 'asset'],
    // links, sitemaps, seeds, redirects on the site: pages, unless the name says file
    [`${site}/`, 'a', bases, 'page'],
    [`${site}/blog/post/?page=2`, 'a', bases, 'page'],
    ['http://127.0.0.1:8000/about/', 'sitemap', bases, 'page'],
    [`${site}/admin/login/`, 'seed', bases, 'page'],
    [`${site}/en/`, 'redirect', bases, 'page'],
    [`${site}/feed.xml`, 'a', bases, 'page'],
    [`${site}/v1.2/`, 'a', bases, 'page'],
    [`${site}/.well-known/security`, 'a', bases, 'page'],
    [`${site}/files/brochure.PDF`, 'a', bases, 'other'],
    [`${site}/files/archive.zip`, 'a', bases, 'other'],
    [`${site}/img/team.JPG`, 'a', bases, 'image'],
    [`${site}/img/diagram.png`, 'redirect', bases, 'image'],
    [`${site}/css/print.css`, 'a', bases, 'asset'],
    [`${site}/js/app.js`, 'sitemap', bases, 'asset'],
    // off the site: never crawled
    ['https://www.example.org/', 'a', bases, 'other'],
    ['http://127.0.0.1:8443/', 'a', bases, 'other'],
    ['https://wagtail.org/', 'redirect', bases, 'other'],
    // unparsable
    ['not a url', 'a', bases, 'other'],
  ];
  for (const [url, via, b, expected] of cases) t.equal(classifyResource(url, via, b), expected, `${via} ${url}`);
});

t.test('learnStaticUrl finds STATIC_URL from admin asset URLs', async (t) => {
  const loginAssets = [
    `${site}/static/wagtailadmin/css/core.3c7b2a1f9d0e.css`,
    `${site}/static/wagtailadmin/images/favicon.8e1f0c5a2b3d.ico`,
    `${site}/static/wagtailadmin/js/icons.5d2e7f1a9c04.js`,
    `${site}/static/wagtailadmin/js/vendor/jquery-3.6.0.min.1c2d3e4f5a6b.js`,
    `${site}/admin/jsi18n/`,
    `${site}/admin/sprite/?h=7a1b2c3d`,
  ];
  t.equal(learnStaticUrl(loginAssets), `${site}/static/`);
  t.equal(learnStaticUrl([`${site}/static/wagtailadmin/css/core.css?v=3f5e8a1b`]), `${site}/static/`, 'unhashed with ?v=');
  t.equal(
    learnStaticUrl(['https://d111111abcdef8.cloudfront.net/assets/static/wagtailadmin/js/core.0a1b2c3d4e5f.js']),
    'https://d111111abcdef8.cloudfront.net/assets/static/',
    'offloaded to a CDN, under a deeper folder',
  );
  t.equal(
    learnStaticUrl([
      'https://cdn.example.com/s/wagtailadmin/js/core.js',
      `${site}/static/wagtailadmin/css/core.css`,
      `${site}/static/wagtailadmin/js/core.js`,
    ]),
    `${site}/static/`,
    'the most common prefix wins',
  );
  t.equal(
    learnStaticUrl([`${site}/a/wagtailadmin/x.js`, `${site}/b/wagtailadmin/x.js`]),
    `${site}/a/`,
    'ties go to the first met',
  );
  t.equal(learnStaticUrl([`${site}/static/css/main.css`, `${site}/admin/`, `${site}/wagtailadmin/`]), null, 'no admin asset');
  t.equal(learnStaticUrl([`${site}/static/wagtailadmin/css/`]), null, 'a folder is not an asset');
  t.equal(learnStaticUrl(['not a url', 'data:text/css,x', 'ftp://h/static/wagtailadmin/x.js']), null, 'junk ignored');
  t.equal(learnStaticUrl([]), null);
  t.equal(learnStaticUrl(new Set([`${site}/static/wagtailadmin/js/core.js`])), `${site}/static/`, 'any iterable');
});

t.test('learnMediaUrl finds MEDIA_URL from Wagtail rendition URLs', async (t) => {
  const renditions: [url: string, expected: string | null][] = [
    [`${site}/media/images/bread.2e16d0ba.fill-300x200.jpg`, `${site}/media/`],
    [`${site}/media/images/bread.fill-300x200-c100.jpg`, `${site}/media/`],
    [`${site}/media/images/bread.width-800.jpg`, `${site}/media/`],
    [`${site}/media/images/bread.height-300.png`, `${site}/media/`],
    [`${site}/media/images/bread.max-1200x800.jpg`, `${site}/media/`],
    [`${site}/media/images/bread.min-200x200.gif`, `${site}/media/`],
    [`${site}/media/images/bread.scale-50.jpg`, `${site}/media/`],
    [`${site}/media/images/bread.original.jpg`, `${site}/media/`],
    [`${site}/media/images/bread.width-400.format-webp.webp`, `${site}/media/`],
    [`${site}/media/images/bread.width-400.format-webp-lossless.webp`, `${site}/media/`],
    [`${site}/media/images/bread.fill-800x600.format-avif.avifquality-60.avif`, `${site}/media/`],
    [`${site}/media/images/bread.2e16d0ba.fill-80x80.format-jpeg.jpegquality-80.jpg`, `${site}/media/`],
    [`${site}/media/images/logo.width-200.bgcolor-ffffff.format-png.png`, `${site}/media/`],
    [`${site}/media/images/my.holiday.photo.width-500.jpg`, `${site}/media/`],
    [`${site}/media/images/caf%C3%A9.width-800.jpg`, `${site}/media/`],
    [`${site}/media/images/photo_AbC1234.width-800.jpg`, `${site}/media/`],
    ['https://bucket.s3.amazonaws.com/site/media/images/x.width-800.jpg?X-Amz-Expires=3600', 'https://bucket.s3.amazonaws.com/site/media/'],
    [`${site}/media/original_images/bread.jpg`, `${site}/media/`],
    [`${site}/uploads/original_images/bread.JPEG`, `${site}/uploads/`],
    // not renditions
    [`${site}/media/images/bread.jpg`, null],
    [`${site}/media/images/bread.width-800.pdf`, null],
    [`${site}/media/images/bread.widht-800.jpg`, null],
    [`${site}/media/images/width-800.jpg`, null],
    [`${site}/media/images/sub/bread.width-800.jpg`, null],
    [`${site}/images/${signature}/42/width-800/bread.width-800.jpg`, null],
    [`${site}/media/original_images/report.pdf`, null],
    [`${site}/media/documents/bread.width-800.jpg`, null],
    [`${site}/media/images/${'a'.repeat(300)}.width-800.jpg`, null],
  ];
  for (const [url, expected] of renditions) t.equal(learnMediaUrl([url]), expected, url);

  t.equal(
    learnMediaUrl([
      `${site}/static/images/hero.width-800.jpg`,
      `${site}/media/images/a.width-800.jpg`,
      `${site}/media/images/a.width-400.jpg`,
      `${site}/static/css/main.css`,
    ]),
    `${site}/media/`,
    'the most common prefix wins',
  );
  t.equal(learnMediaUrl(['not a url', 'mailto:x@example.com']), null);
});
