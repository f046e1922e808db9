import t from 'tap';
import { MAX_SITEMAP_LOCS, parseRobotsTxt, parseSitemapXml } from '../../src/gather/sitemap.js';

// What wagtail.contrib.sitemaps serves through Django's sitemap view and its
// template (django/contrib/sitemaps/templates/sitemap.xml, inside {% spaceless %}).
const wagtailSitemap =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' +
  '<url><loc>https://127.0.0.1:8443/</loc><lastmod>2025-03-01</lastmod></url>' +
  '<url><loc>https://127.0.0.1:8443/blog/</loc><lastmod>2025-02-27</lastmod></url>' +
  '<url><loc>https://127.0.0.1:8443/blog/bread-and-roses/</loc><lastmod>2025-02-27</lastmod></url>\n' +
  '</urlset>\n';

const cases: { name: string; xml: string; pages: string[]; sitemaps: string[] }[] = [
  {
    name: "Wagtail's urlset",
    xml: wagtailSitemap,
    pages: ['https://127.0.0.1:8443/', 'https://127.0.0.1:8443/blog/', 'https://127.0.0.1:8443/blog/bread-and-roses/'],
    sitemaps: [],
  },
  {
    name: 'sitemap index (Wagtail with several sites, or Django sections)',
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://127.0.0.1:8443/sitemap-pages.xml</loc><lastmod>2025-03-01T10:00:00+00:00</lastmod></sitemap>
  <sitemap><loc>https://127.0.0.1:8443/sitemap-pages.xml?p=2</loc></sitemap>
</sitemapindex>`,
    pages: [],
    sitemaps: ['https://127.0.0.1:8443/sitemap-pages.xml', 'https://127.0.0.1:8443/sitemap-pages.xml?p=2'],
  },
  {
    name: 'entities, CDATA, comments and surrounding whitespace',
    xml: `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <!-- <url><loc>https://127.0.0.1:8443/commented-out/</loc></url> -->
  <url><loc>
      https://127.0.0.1:8443/search/?q=bread&amp;page=2
  </loc></url>
  <url><loc><![CDATA[https://127.0.0.1:8443/a?x=1&y=2]]></loc></url>
  <url><loc>https://127.0.0.1:8443/caf&#233;/&#x2F;&lt;&gt;&quot;&apos;&unknown;&#0;</loc></url>
  <url><loc>   </loc></url>
  <url><loc/></url>
</urlset>`,
    pages: [
      'https://127.0.0.1:8443/search/?q=bread&page=2',
      'https://127.0.0.1:8443/a?x=1&y=2',
      'https://127.0.0.1:8443/café//<>"\'&unknown;&#0;',
    ],
    sitemaps: [],
  },
  {
    name: 'namespace prefixes, and image/video/xhtml extensions are not pages',
    xml: `<?xml version="1.0"?>
<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"
           xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
           xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <sm:url>
    <sm:loc>https://127.0.0.1:8443/gallery/</sm:loc>
    <xhtml:link rel="alternate" hreflang="fr" href="https://127.0.0.1:8443/fr/gallery/"/>
    <image:image><image:loc>https://127.0.0.1:8443/media/images/a.width-800.jpg</image:loc></image:image>
  </sm:url>
</sm:urlset>`,
    pages: ['https://127.0.0.1:8443/gallery/'],
    sitemaps: [],
  },
  {
    name: "attributes containing '/' and quotes do not confuse tags",
    xml: `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url data-x="a/b"><loc class='c'>https://127.0.0.1:8443/x/</loc></url></urlset>`,
    pages: ['https://127.0.0.1:8443/x/'],
    sitemaps: [],
  },
  {
    name: 'broken XML: stray end tags, unclosed elements, a loc outside url, a truncated file',
    xml: `<urlset></sitemap><loc>https://127.0.0.1:8443/orphan/</loc><url><loc>https://127.0.0.1:8443/ok/</loc><url><loc>https://127.0.0.1:8443/cut`,
    pages: ['https://127.0.0.1:8443/ok/'],
    sitemaps: [],
  },
  {
    name: 'unterminated CDATA and comment',
    xml: `<urlset><url><loc>https://127.0.0.1:8443/1/</loc></url><url><loc><![CDATA[https://127.0.0.1:8443/never`,
    pages: ['https://127.0.0.1:8443/1/'],
    sitemaps: [],
  },
  {
    name: 'unterminated comment',
    xml: `<urlset><url><loc>https://127.0.0.1:8443/1/</loc></url><!-- <url><loc>https://127.0.0.1:8443/2/</loc></url>`,
    pages: ['https://127.0.0.1:8443/1/'],
    sitemaps: [],
  },
  { name: 'an HTML error page instead of XML', xml: '<!doctype html><html><title>Not found</title><p>Sorry</p></html>', pages: [], sitemaps: [] },
  { name: 'empty', xml: '', pages: [], sitemaps: [] },
  { name: 'text only', xml: 'https://127.0.0.1:8443/', pages: [], sitemaps: [] },
];

for (const { name, xml, pages, sitemaps } of cases) {
  t.test(name, async (t) => {
    t.same(parseSitemapXml(xml), { pages, sitemaps, truncated: false });
  });
}

t.test(`at most ${MAX_SITEMAP_LOCS} locs, quickly`, async (t) => {
  const entries = (n: number) =>
    Array.from({ length: n }, (_, i) => `<url><loc>https://127.0.0.1:8443/p/${i}/</loc></url>`).join('\n');
  const full = `<urlset>${entries(MAX_SITEMAP_LOCS)}</urlset>`;
  const started = performance.now();
  const exact = parseSitemapXml(full);
  t.ok(performance.now() - started < 1000, 'parses 50,000 locs in under a second');
  t.equal(exact.pages.length, MAX_SITEMAP_LOCS);
  t.equal(exact.truncated, false, 'exactly the limit is not truncation');

  const over = parseSitemapXml(`<urlset>${entries(MAX_SITEMAP_LOCS + 10)}</urlset>`);
  t.equal(over.pages.length, MAX_SITEMAP_LOCS);
  t.equal(over.pages.at(-1), `https://127.0.0.1:8443/p/${MAX_SITEMAP_LOCS - 1}/`);
  t.equal(over.truncated, true);
});

t.test('hostile input stays linear', async (t) => {
  const inputs = ['<'.repeat(200_000), '<![CDATA['.repeat(50_000), '<!--'.repeat(50_000), '<loc>'.repeat(50_000), `<loc>${'&amp;'.repeat(100_000)}`];
  const started = performance.now();
  for (const input of inputs) t.same(parseSitemapXml(input).pages, []);
  t.ok(performance.now() - started < 2000, 'all within two seconds');
});

t.test('parseRobotsTxt', async (t) => {
  const robots = [
    '\uFEFFUser-agent: *',
    'Disallow: /admin/',
    'Sitemap: https://127.0.0.1:8443/sitemap.xml',
    'SITEMAP:https://127.0.0.1:8443/sitemap-news.xml   # news',
    '  sitemap  :  https://127.0.0.1:8443/s3.xml\r',
    '# Sitemap: https://127.0.0.1:8443/commented.xml',
    'Sitemap:',
    'Sitemap: two words',
    'Sitemaps: https://127.0.0.1:8443/not-a-field.xml',
    'Allow: /sitemap: https://127.0.0.1:8443/no.xml',
  ].join('\n');
  t.same(parseRobotsTxt(robots).sitemaps, [
    'https://127.0.0.1:8443/sitemap.xml',
    'https://127.0.0.1:8443/sitemap-news.xml',
    'https://127.0.0.1:8443/s3.xml',
  ]);
  t.same(parseRobotsTxt('Sitemap: /a.xml\r\nSitemap: /b.xml\rSitemap: /c.xml').sitemaps, ['/a.xml', '/b.xml', '/c.xml'], 'CRLF, CR, LF');
  t.same(parseRobotsTxt('').sitemaps, []);
});
