// Compression as a specification: what counts as sent uncompressed (to a
// client that accepts br and gzip), what is too small to matter, and how the
// assets to ask for again are picked and asked for.

import t from 'tap';
import { READ } from '../../../src/probe-kit/index.js';
import { asBrowser, fetchAssetCompression, judgeCompression, pickAssets, type CompressionSample } from '../../../probes/performance/compression.js';
import { failure, resource, response, runOn, site, SITE } from '../../helpers/site-kit.js';
import { recorder, ruleProbe } from './kit.js';

const CSS = `${SITE}static/css/site.0123456789ab.css`;
const answer = (url: string, headers: Record<string, string>) => response({ url, headers, requestHeaders: { 'accept-encoding': 'br, gzip' } });
const sample = (kind: CompressionSample['kind'], url: string, headers: Record<string, string>, identityBytes: number | null, isStatic = false): CompressionSample => ({
  kind,
  url,
  response: answer(url, headers),
  identityBytes,
  isStatic,
});

t.test('judgeCompression: one finding per type sent uncompressed, grouped', async (t) => {
  const cases: { name: string; samples: CompressionSample[]; expected: string[] }[] = [
    { name: 'Brotli page, gzip CSS: nothing to say', samples: [sample('HTML', SITE, { 'content-encoding': 'br', 'content-length': '900' }, 4000), sample('CSS', CSS, { 'content-encoding': 'gzip', 'content-length': '2000' }, 9000, true)], expected: [] },
    { name: 'an uncompressed page over a packet', samples: [sample('HTML', SITE, { 'content-type': 'text/html', 'content-length': '24000' }, 24000)], expected: ['uncompressed HTML 24.0 kB'] },
    { name: 'a small file sent as it is is no fault', samples: [sample('CSS', CSS, { 'content-length': '900' }, 900, true)], expected: [] },
    { name: 'size from the crawl when none is declared', samples: [sample('JavaScript', `${SITE}static/app.js`, {}, 50_000, true)], expected: ['uncompressed JavaScript 50.0 kB'] },
    { name: 'no size at all: over the crawl cap, large enough', samples: [sample('JSON', `${SITE}manifest.json`, {}, null)], expected: ['uncompressed JSON size not declared'] },
    { name: 'another answer than 200: not compared', samples: [{ ...sample('CSS', CSS, {}, 9000), response: response({ url: CSS, status: 404 }) }], expected: [] },
    { name: 'a failed request is inconclusive, never a pass', samples: [{ ...sample('SVG', `${SITE}static/logo.svg`, {}, 9000), response: failure(`${SITE}static/logo.svg`, 'ERR_RESET') }], expected: ['?checkFailed'] },
    {
      name: 'static files gzipped on the fly: a hint to precompress',
      samples: [sample('CSS', CSS, { 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' }, 9000, true), sample('HTML', SITE, { 'content-encoding': 'gzip' }, 9000)],
      expected: ['compressedWhileSending'],
    },
  ];
  for (const c of cases) {
    const { report, reported } = recorder();
    judgeCompression(c.samples, report);
    t.same(
      reported.map((r) => [`${r.options.inconclusive ? '?' : ''}${r.id}`, r.data.type, r.data.size].filter((x) => x !== undefined).join(' ')),
      c.expected,
      c.name,
    );
  }
});

t.test('the uncompressed finding says how to fix it for its type, with the request as sent', async (t) => {
  const { report, reported } = recorder();
  judgeCompression([sample('CSS', CSS, { 'content-type': 'text/css', 'content-length': '30000' }, 30000, true)], report);
  const [finding] = reported;
  t.match(finding?.data.fix, /gzip_types.*CompressedManifestStaticFilesStorage/);
  t.same(finding?.evidence[0]?.request?.headers, { 'accept-encoding': 'br, gzip' });
  t.match(finding?.evidence[0]?.note, /30\.0 kB uncompressed/);
});

t.test('pickAssets: the largest of each kind, the site\'s own, 200 only', async (t) => {
  const file = (url: string, type: string, bytes: number, status = 200) => resource('static', response({ url, status, headers: { 'content-type': type }, body: 'x'.repeat(bytes) }));
  const model = site({
    resources: [
      file(`${SITE}static/a.css`, 'text/css', 3000),
      file(`${SITE}static/b.css`, 'text/css', 8000),
      file(`${SITE}static/broken.css`, 'text/css', 90000, 404),
      file(`${SITE}static/app.js`, 'text/javascript', 5000),
      file(`${SITE}static/logo.svg`, 'image/svg+xml', 2000),
      file(`${SITE}static/photo.jpg`, 'image/jpeg', 90000),
      resource('asset', response({ url: 'https://cdn.other.test/lib.js', headers: { 'content-type': 'text/javascript' }, body: 'x'.repeat(99999) })),
    ],
  });
  t.same(Object.fromEntries([...pickAssets(model)].map(([kind, r]) => [kind, r.url])), {
    CSS: `${SITE}static/b.css`,
    JavaScript: `${SITE}static/app.js`,
    SVG: `${SITE}static/logo.svg`,
  });
});

t.test('fetchAssetCompression asks as a browser: br and gzip accepted, headers only', async (t) => {
  const model = site({ resources: [resource('static', response({ url: CSS, headers: { 'content-type': 'text/css' }, body: 'x'.repeat(3000) }))] });
  let samples: CompressionSample[] = [];
  const run = await runOn(
    ruleProbe(4, async (m, ctx) => {
      samples = await fetchAssetCompression(ctx, m);
    }),
    model,
    [{ url: CSS, when: { 'accept-encoding': 'br, gzip' }, result: answer(CSS, { 'content-encoding': 'br' }) }],
  );
  t.equal(run.outcome.status, 'pass');
  t.same(run.requests.map((r) => r.options), [asBrowser(READ.headers)]);
  t.equal(run.requests[0]?.options.identity, false, 'the client must not ask for identity');
  t.same(samples.map((s) => [s.kind, s.identityBytes, s.isStatic]), [['CSS', 3000, true]]);
});
