// <img> without width and height, as a specification: what the scan counts
// (noscript and template content is not rendered), which page is read again,
// and that a page that could not be read says so.

import t from 'tap';
import { READ } from '../../../src/probe-kit/index.js';
import { asBrowser } from '../../../probes/performance/compression.js';
import { fetchImgDimensions, judgeImgDimensions, pageWithMostImages, scanImgs } from '../../../probes/performance/image-dimensions.js';
import { failure, resource, response, runOn, site, SITE } from '../../helpers/site-kit.js';
import { htmlPage, recorder, ruleProbe } from './kit.js';

t.test('scanImgs: <img> missing width or height', async (t) => {
  const cases: [string, number, string[]][] = [
    ['<img src="/a.jpg" width="400" height="300" alt="">', 1, []],
    ['<img src="/a.jpg" alt="">', 1, ['/a.jpg']],
    ['<img src="/a.jpg" width="400">', 1, ['/a.jpg']],
    ['<img src="/a.jpg" width="" height="">', 1, ['/a.jpg']],
    ['<IMG SRC="/a.jpg">', 1, ['/a.jpg']],
    ['<img srcset="/a.jpg 1x">', 1, ['/a.jpg 1x']],
    ['<picture><source srcset="/a.webp" type="image/webp"><img src="/a.jpg" width="600" height="400"></picture>', 1, []],
    ['<noscript><img src="/lazy.jpg"></noscript><template><img src="/t.jpg"></template>', 0, []],
    ['<svg><image href="/x.png"/></svg><p>no images</p>', 0, []],
  ];
  for (const [html, total, missing] of cases) t.same(scanImgs(html), { total, withoutDimensions: missing }, html);
});

t.test('judgeImgDimensions reports the page once, with a few examples', async (t) => {
  const page = htmlPage('/gallery/');
  const html = '<img src="/1.jpg"><img src="/2.jpg" width="1" height="1"><img src="/3.jpg"><img src="/4.jpg"><img src="/5.jpg">';
  const { report, reported, ids } = recorder();
  judgeImgDimensions(page, response({ url: page.url, text: html, headers: { 'content-type': 'text/html' } }), report);
  t.same(ids(), ['imgWithoutDimensions']);
  t.same(reported[0]?.data, { count: 4, total: 5, page: page.url, example: '/1.jpg' });
  t.match(reported[0]?.evidence[0]?.note, /\/1\.jpg, \/3\.jpg, \/4\.jpg$/);
});

t.test('a page that could not be read again is inconclusive', async (t) => {
  const page = htmlPage('/gallery/');
  for (const result of [failure(page.url, 'ERR_TIMEOUT'), response({ url: page.url, status: 503 }), response({ url: page.url })]) {
    const { report, ids } = recorder();
    judgeImgDimensions(page, result, report);
    t.same(ids(), ['?checkFailed']);
  }
});

t.test('the page with the most images is the one read again, as a browser', async (t) => {
  const home = htmlPage('/');
  const gallery = htmlPage('/gallery/');
  const img = (n: number, from: string) => resource('rendition', null, [{ from, via: 'img' }], `${SITE}media/images/p${n}.width-400.jpg`);
  const model = site({ pages: [home, gallery], resources: [img(1, home.url), img(2, gallery.url), img(3, gallery.url)] });
  t.equal(pageWithMostImages(model, [home, gallery])?.url, gallery.url);
  t.equal(pageWithMostImages(site(), [home]), null, 'no page shows an image');

  const run = await runOn(
    ruleProbe(1, async (_m, ctx) => fetchImgDimensions(ctx, gallery)),
    model,
    [{ url: gallery.url, result: response({ url: gallery.url, text: '<img src="/p2.jpg">', headers: { 'content-type': 'text/html' } }) }],
  );
  t.same(run.requests.map((r) => r.options), [asBrowser(READ.page)]);
  t.same(run.findings.map((f) => f.messageId), ['imgWithoutDimensions']);
});
