// document-privacy, budget: meta.maxRequests is the probe's exact worst case. The engine
// stops a probe past its budget as a crash, so the runs below drive every cap
// (API pages, document requests, bucket roots) and must end within it.

import t from 'tap';
import probe from '../../../probes/document-privacy/index.js';
import { requestBudget } from '../../../src/engine/probe.js';
import { SITE, response, site, type Canned } from '../../helpers/site-kit.js';
import { API, canary, crawledRedirect, doc, fileUrl, loginRedirect, noFollow, notFound, runOn, servedByNginx, servedByView, serveUrl, withCanaries } from './fixtures/site.js';

/** Public documents redirecting to five buckets: settled by the crawl, they cost only the bucket checks (four at most). */
const BUCKETS = ['a', 'b', 'c', 'd', 'e'];
const bucketDocs = BUCKETS.map((bucket, i) => {
  const target = `https://${bucket}-media.s3.amazonaws.com/documents/file-${bucket}.pdf`;
  return doc(serveUrl(900 + i, `file-${bucket}.pdf`), crawledRedirect(serveUrl(900 + i, `file-${bucket}.pdf`), target, servedByNginx(target)));
});
const bucketRoots: Canned[] = BUCKETS.map((bucket) => noFollow(`https://${bucket}-media.s3.amazonaws.com/`, response({ url: `https://${bucket}-media.s3.amazonaws.com/`, status: 403 })));

/** Login canaries, each refused at its serve URL and denied at its file URL (under `media`: the bucket docs' redirects teach MEDIA_URL). */
function loginCanaries(count: number, media = 'https://a-media.s3.amazonaws.com/'): { urls: string[]; canned: Canned[] } {
  const urls = Array.from({ length: count }, (_, i) => serveUrl(500 + i, `secret-${i}.pdf`));
  const canned = urls.flatMap((url, i) => [noFollow(url, loginRedirect(url)), noFollow(fileUrl(`secret-${i}.pdf`, media), notFound(fileUrl(`secret-${i}.pdf`, media), 403))]);
  return { urls, canned };
}

/** Every page of the documents API full (20 items) and more to come: it is read to MAX_API_PAGES. */
function endlessApi(): Canned[] {
  const canned: Canned[] = [];
  for (let page = 0; page < 12; page++) {
    const url = page === 0 ? API : `${API}?offset=${page * 20}`;
    const items = Array.from({ length: 20 }, (_, i) => ({ id: 1000 + page * 20 + i, meta: { download_url: serveUrl(1000 + page * 20 + i, `listed-${page * 20 + i}.pdf`) } }));
    const body = JSON.stringify({ meta: { total_count: 100_000 }, items });
    canned.push({ url, result: response({ url, headers: { 'content-type': 'application/json' }, body, text: body }) });
    for (const item of items) canned.push(noFollow(item.meta.download_url, servedByView(item.meta.download_url)));
  }
  return canned;
}

t.test('the worst case: every API page, every document request and all four bucket checks spend exactly the budget', async (t) => {
  const canaries = loginCanaries(5);
  const opts = withCanaries(...canaries.urls);
  const budget = requestBudget(probe.meta, opts);
  t.equal(budget, 10 + 60 + 4, 'MAX_API_PAGES + MAX_DOCUMENT_REQUESTS + MAX_BUCKET_CHECKS');
  const run = await runOn(probe, site({ resources: bucketDocs }), [...endlessApi(), ...canaries.canned, ...bucketRoots], opts);
  t.not(run.outcome.status, 'error', `not stopped by the engine: ${JSON.stringify(run.outcome)}`);
  t.equal(run.requests.filter((r) => r.url.startsWith(API)).length, 10, 'ten API pages');
  t.equal(run.requests.filter((r) => r.url.includes('-media.s3.amazonaws.com')).length, 4, 'four bucket roots');
  t.equal(run.requestsMade, budget, 'the worst case is the budget: not one request more, none to spare');
});

t.test('canaries add nothing to the budget: their re-reads and file URLs come out of the sixty document requests', async (t) => {
  const canaries = loginCanaries(40);
  const opts = withCanaries(...canaries.urls);
  t.equal(requestBudget(probe.meta, opts), requestBudget(probe.meta, withCanaries()), 'the same budget with 40 canaries as with none');
  const run = await runOn(probe, site({ resources: bucketDocs }), [...canaries.canned, ...bucketRoots], opts);
  // 1 API page (absent) + 40 re-reads + 20 file URLs (the cap) + 4 bucket roots.
  t.equal(run.requestsMade, 1 + 40 + 20 + 4);
  t.ok(run.requestsMade <= requestBudget(probe.meta, opts), 'within the budget');
  // The other 20 file URLs were not tried: said, and never a pass.
  t.equal(run.findings.find((f) => f.messageId === 'fileUrlsUntried')?.data['count'], 20);
  t.equal(run.outcome.status, 'inconclusive', `${JSON.stringify(run.outcome)}`);
});

t.test('canaries redirected by hand (http to https) take two re-reads each, still within the sixty', async (t) => {
  const canaries = loginCanaries(40, `${SITE}media/`);
  const http = canaries.urls.map((url) => url.replace('https:', 'http:'));
  const redirects = http.map((url, i) => noFollow(url, response({ url, status: 301, headers: { location: canaries.urls[i] as string } })));
  const opts = withCanaries(...http);
  const run = await runOn(probe, site(), [...redirects, ...canaries.canned], opts);
  // 1 API page + 30 canaries × 2 re-reads; the other 10 are capped, and no file URL is left to try;
  // and MEDIA_URL asked whether it lists its keys.
  t.equal(run.requestsMade, 1 + 60 + 1);
  t.ok(run.requestsMade <= requestBudget(probe.meta, opts), 'within the budget');
  t.equal(run.outcome.status, 'inconclusive', 'the capped canaries are said, not passed');
  t.equal(run.findings.find((f) => f.messageId === 'checksCapped')?.data['count'], 10);
});
