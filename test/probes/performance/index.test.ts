// The whole probe on a kit site, the TLS handshake answered from a table:
// which requests it sends (as a browser, within its budget), what a site that
// gets everything wrong hears, what a right one does not, and the skip.

import t from 'tap';
import type { AlpnOutcome } from '../../../src/http/alpn.js';
import performance, { createPerformanceProbe, MAX_REQUESTS } from '../../../probes/performance/index.js';
import { options, resource, response, runOn, site, SITE, type Canned } from '../../helpers/site-kit.js';
import { htmlPage } from './kit.js';

const probeWith = (outcome: AlpnOutcome) => createPerformanceProbe({ negotiateAlpn: async () => outcome });
const CSS = `${SITE}static/css/site.0123456789ab.css`;
const JPEG = `${SITE}media/images/hero.width-800.jpg`;
const WEBP = `${SITE}media/images/hero.width-800.format-webp.webp`;
const PAGE_HTML = '<img src="/media/images/hero.width-800.jpg">';

t.test('meta: the id, and a budget that is the sum of the rules\' caps', async (t) => {
  t.equal(performance.meta.id, 'performance');
  t.equal(MAX_REQUESTS, 12);
  t.equal(performance.meta.maxRequests, MAX_REQUESTS);
});

t.test('a site that gets it wrong: uncompressed, JPEG only, sizeless images, slow and uncached, HTTP/1.1', async (t) => {
  const home = htmlPage('/', { ttfbMs: 1600, headers: { vary: 'Cookie', 'cache-control': 'private' } });
  const pages = [home, htmlPage('/news/', { ttfbMs: 1200, headers: { vary: 'Cookie' } }), htmlPage('/about/', { ttfbMs: 900, headers: { vary: 'Cookie' } })];
  const model = site({
    pages,
    resources: [
      resource('static', response({ url: CSS, headers: { 'content-type': 'text/css' }, body: 'x'.repeat(20_000) })),
      resource('rendition', null, [{ from: SITE, via: 'img' }], JPEG),
    ],
  });
  const canned: Canned[] = [
    { url: SITE, fresh: false, when: { 'accept-encoding': 'br, gzip' }, result: response({ url: SITE, ttfbMs: 1500, headers: { 'content-type': 'text/html', 'content-length': '30000' }, text: PAGE_HTML }) },
    { url: SITE, fresh: true, result: response({ url: SITE, ttfbMs: 1400, headers: { 'content-type': 'text/html' } }) },
    { url: CSS, when: { 'accept-encoding': 'br, gzip' }, result: response({ url: CSS, headers: { 'content-type': 'text/css', 'content-length': '20000' } }) },
  ];
  const run = await runOn(probeWith({ state: 'negotiated', protocol: 'http/1.1' }), model, canned);
  t.equal(run.outcome.status, 'fail');
  t.same(run.findings.map((f) => `${f.severity} ${f.messageId}`).sort(), [
    'info http2NotOffered',
    'info pagesNotShareable',
    'info ttfbBySection',
    'info varyCookieEverywhere',
    'warning imgWithoutDimensions',
    'warning noFrontEndCache',
    'warning noModernImageFormats',
    'warning slowSection',
    'warning slowSection',
    'warning slowSection',
    'warning uncompressed',
    'warning uncompressed',
  ]);
  t.ok(run.requests.length <= MAX_REQUESTS);
  t.ok(run.requests.every((r) => r.options.identity === false), 'every request accepts br and gzip');
});

t.test('a site that gets it right raises no warning', async (t) => {
  const cached = { 'content-type': 'text/html', 'content-encoding': 'br', 'content-length': '4000', 'cache-control': 'max-age=300, public', 'x-cache': 'HIT', age: '30' };
  const home = htmlPage('/', { ttfbMs: 40, headers: { 'cache-control': 'max-age=300, public', age: '30' } });
  const model = site({
    pages: [home, htmlPage('/news/', { ttfbMs: 60 })],
    resources: [
      resource('static', response({ url: CSS, headers: { 'content-type': 'text/css' }, body: 'x'.repeat(20_000) })),
      resource('rendition', null, [{ from: SITE, via: 'img' }], JPEG),
      resource('rendition', null, [{ from: SITE, via: 'srcset' }], WEBP),
    ],
  });
  const canned: Canned[] = [
    { url: SITE, result: response({ url: SITE, headers: cached, text: '<picture><source srcset="/w.webp"><img src="/j.jpg" width="800" height="600"></picture>' }) },
    { url: CSS, result: response({ url: CSS, headers: { 'content-type': 'text/css', 'content-encoding': 'br', 'content-length': '4000' } }) },
  ];
  const run = await runOn(probeWith({ state: 'negotiated', protocol: 'h2' }), model, canned);
  t.same(run.findings.map((f) => `${f.severity} ${f.messageId}`), ['info ttfbBySection']);
  t.equal(run.outcome.status, 'pass');
  t.equal(run.requests.length, 2, 'fast pages: no second look; no cache-middleware headers: no per-process looks');
});

t.test('no public page: a skip that says why, and no request', async (t) => {
  const login = htmlPage('/admin/login/');
  const run = await runOn(probeWith({ state: 'negotiated', protocol: 'h2' }), site({ pages: [{ ...login, role: 'admin-login' }] }), [], options());
  t.match(run.outcome, { status: 'skip', reason: /no public HTML page answered 200/ });
  t.same(run.requests, []);
});
