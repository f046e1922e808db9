// document-privacy, discover: documents found on pages, as canaries and in the
// documents API; nothing found at all is a skip that says what to configure.

import t from 'tap';
import probe from '../../../probes/document-privacy/index.js';
import { SITE, page, response, site, summary, type Canned } from '../../helpers/site-kit.js';
import { API, fileUrl, noFollow, runCases, runOn, servedByNginx, servedByView, serveUrl } from './fixtures/site.js';

runCases([
  {
    name: 'an HTML document linked as a file was crawled as a page (MEDIA_URL was not known yet): still a linked document',
    site: site({
      pages: [page(servedByNginx(fileUrl('brochure.html'), 'text/html', '<!DOCTYPE html><script>x()</script>'), null)],
    }),
    canned: [],
    expected: [`inlineActiveContent ${fileUrl('brochure.html')}`, `linkedDirectly ${SITE}`],
    outcome: 'fail',
  },
]);

t.test('nothing to look at: skips and tells the operator to add canaries', async (t) => {
  const run = await runOn(probe, site());
  t.equal(run.outcome.status, 'skip');
  t.match(run.outcome.status === 'skip' ? run.outcome.reason : '', /private\.documents/);
  t.same(run.findings, []);
});

t.test('documents only the API lists are examined too, within a bounded number of requests', async (t) => {
  const total = 61;
  const docs = Array.from({ length: total }, (_, i) => ({ id: 200 + i, meta: { download_url: serveUrl(200 + i, `file-${i}.pdf`) } }));
  const pages: Canned[] = [];
  for (let offset = 0; offset < total; offset += 20) {
    const url = offset === 0 ? API : `${API}?offset=${offset}`;
    const body = JSON.stringify({ meta: { total_count: total }, items: docs.slice(offset, offset + 20) });
    pages.push({ url, result: response({ url, headers: { 'content-type': 'application/json' }, body, text: body }) });
  }
  const rechecks = docs.map((d) => noFollow(d.meta.download_url, servedByView(d.meta.download_url)));
  const run = await runOn(probe, site(), [...pages, ...rechecks]);
  t.same(summary(run), [`checksCapped ${SITE}`, `servedByView ${SITE}`]);
  t.equal(run.findings.find((f) => f.messageId === 'servedByView')?.data['count'], 60);
  t.match(String(run.findings.find((f) => f.messageId === 'servedByView')?.data['docs']), /and 50 more$/);
  t.equal(run.requests.length, 4 + 60 + 1, "four API pages, sixty documents, MEDIA_URL's listing check, nothing more");
});
