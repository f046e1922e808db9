import t from 'tap';
import { assetSetKey, pageTypeKey, pathShapeKey, SmokeSampler, urlShapeKey, type SampledPage } from '../../src/gather/smoke-sample.js';

const SITE = 'https://site.test';

t.test('a page type is its template body class, else its URL shape (path depth and first segment)', async (t) => {
  const cases: [url: string, templateClass: string | null, key: string][] = [
    [`${SITE}/blog/post/`, 'template-blogpage', 'template-blogpage'],
    [`${SITE}/`, 'template-homepage', 'template-homepage'],
    [`${SITE}/`, null, '/ depth 0'],
    [`${SITE}/about/`, null, '/about/ depth 1'],
    [`${SITE}/blog/2024/post/`, null, '/blog/ depth 3'],
    [`${SITE}/blog/2024/post/?page=2`, null, '/blog/ depth 3'],
    [`${SITE}/blog/other/`, null, '/blog/ depth 2'],
  ];
  for (const [url, templateClass, key] of cases) t.equal(pageTypeKey(url, templateClass), key, `${url} ${templateClass ?? '(no class)'}`);
  t.equal(urlShapeKey(`${SITE}/news/item-1/`), urlShapeKey(`${SITE}/news/item-2/`), 'pages of one section and depth share a shape');
});

t.test("an asset set is the sorted set of a page's /static/ URLs, whatever their order or repeats", async (t) => {
  const cases: [urls: string[], key: string][] = [
    [[`${SITE}/static/b.js`, `${SITE}/static/a.css`], `${SITE}/static/a.css ${SITE}/static/b.js`],
    [[`${SITE}/static/a.css`, `${SITE}/static/b.js`, `${SITE}/static/a.css`], `${SITE}/static/a.css ${SITE}/static/b.js`],
    [[`https://cdn.test/static/a.css`, `${SITE}/media/images/x.width-400.jpg`, `${SITE}/documents/1/a.pdf`], 'https://cdn.test/static/a.css'],
    [[`${SITE}/media/images/x.width-400.jpg`], ''],
    [[], ''],
  ];
  for (const [urls, key] of cases) t.equal(assetSetKey(urls), key, urls.join(', ') || '(none)');
});

t.test('a document or media path shape keeps folders, turns ids into # and file names into *.ext', async (t) => {
  const cases: [url: string, shape: string | null][] = [
    [`${SITE}/documents/12/report.pdf`, `${SITE}/documents/#/*.pdf`],
    [`${SITE}/documents/7/minutes.PDF`, `${SITE}/documents/#/*.pdf`],
    [`${SITE}/media/images/photo.fill-300x200.jpg`, `${SITE}/media/images/*.jpg`],
    [`${SITE}/media/original_images/photo.jpg`, `${SITE}/media/original_images/*.jpg`],
    [`${SITE}/media/documents/brochure`, `${SITE}/media/documents/*`],
    [`https://cdn.test/media/2024/05/a.png`, 'https://cdn.test/media/#/#/*.png'],
    [`${SITE}/static/css/site.0123456789ab.css`, null],
  ];
  for (const [url, shape] of cases) t.equal(pathShapeKey(url), shape, url);
});

/** A page of the given type showing the given resources. */
function read(url: string, templateClass: string | null, resourceUrls: string[] = []): SampledPage {
  return { url: `${SITE}${url}`, templateClass, resourceUrls: resourceUrls.map((u) => `${SITE}${u}`) };
}

t.test('the sampler reads an unread URL shape before the rest of the frontier, the rest in the order met', async (t) => {
  const sampler = new SmokeSampler(5);
  for (const url of ['/news/a/', '/news/b/', '/events/a/', '/news/c/']) sampler.offer({ url: `${SITE}${url}` });
  const taken = [sampler.take(), sampler.take(), sampler.take(), sampler.take(), sampler.take()].map((p) => p && new URL(p.url).pathname);
  t.same(taken, ['/news/a/', '/events/a/', '/news/b/', '/news/c/', null]);
});

t.test('the sampler stops after `patience` pages in a row that show nothing new', async (t) => {
  const sampler = new SmokeSampler(3);
  for (let i = 0; i < 20; i++) sampler.offer({ url: `${SITE}/blog/post-${i}/` });
  const assets = ['/static/site.css'];
  const steps: [page: SampledPage | null, added: boolean][] = [
    [read('/blog/post-0/', 'template-blogpage', assets), true],
    [read('/blog/post-1/', 'template-blogpage', assets), false],
    [read('/blog/post-2/', 'template-blogpage', [...assets, '/static/gallery.js']), true],
    [read('/blog/post-3/', 'template-blogpage', assets), false],
    [null, false], // a failure: nothing new either
    [read('/blog/post-5/', 'template-blogpage', [...assets, '/documents/3/a.pdf']), true],
    [read('/blog/post-6/', 'template-blogpage', [...assets, '/documents/9/b.pdf']), false],
    [read('/blog/post-7/', 'template-blogpage', assets), false],
  ];
  for (const [page, added] of steps) {
    t.ok(sampler.take(), 'a page to read while not saturated');
    t.equal(sampler.record(page), added, page?.url ?? 'failure');
  }
  t.notOk(sampler.saturated, 'two pages in a row with nothing new');
  t.ok(sampler.take());
  t.equal(sampler.record(read('/blog/post-8/', 'template-blogpage', assets)), false);
  t.ok(sampler.saturated, 'the third in a row stops the sample');
  t.equal(sampler.take(), null, 'nothing more is taken');
  sampler.offer({ url: `${SITE}/events/new-shape/` });
  t.equal(sampler.take(), null, 'not even a page of a new URL shape: the sample is bounded');

  const coverage = sampler.coverage();
  t.same(coverage.pageTypes, [{ key: 'template-blogpage', pages: 8 }]);
  t.same(
    coverage.assetSets.map((s) => [s.assets.map((u) => new URL(u).pathname), s.pages]),
    [
      [['/static/site.css'], 7],
      [['/static/gallery.js', '/static/site.css'], 1],
    ],
  );
  t.same(coverage.pathShapes, [`${SITE}/documents/#/*.pdf`]);
  t.equal(coverage.pagesSampled, 9);
  t.equal(coverage.pagesNotVisited, 20 - 9 + 1, 'the 11 blog posts and the event page left');
  t.equal(coverage.stoppedBy, 'nothing-new');
});

t.test('a frontier that runs dry stops the sample before its patience', async (t) => {
  const sampler = new SmokeSampler(10);
  sampler.offer({ url: `${SITE}/a/` });
  t.ok(sampler.take());
  sampler.record(read('/a/', 'template-standardpage'));
  t.equal(sampler.take(), null);
  t.equal(sampler.coverage().stoppedBy, 'frontier-empty');
  t.throws(() => new SmokeSampler(0), RangeError);
});
