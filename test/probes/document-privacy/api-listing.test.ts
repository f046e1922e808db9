// document-privacy, api-listing: the documents API listing a protected document
// (and read page by page with offset, stopping at total_count).

import t from 'tap';
import probe from '../../../probes/document-privacy/index.js';
import { SITE, page, response, site, summary } from '../../helpers/site-kit.js';
import { API, canary, crawledLogin, doc, fileUrl, loginRedirect, noFollow, notFound, runOn, SECRET, servedByView, serveUrl, withCanaries } from './fixtures/site.js';

t.test('the documents API: paginated with offset, and a protected document it lists is a leak', async (t) => {
  const items = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ id: from + i, meta: { type: 'wagtaildocs.Document', download_url: serveUrl(from + i, `doc-${from + i}.pdf`) }, title: `Doc ${from + i}` }));
  // Page one: 20 public documents met on pages already; page two: the canary among them.
  const page1 = { meta: { total_count: 22 }, items: items(100, 20) };
  const page2 = { meta: { total_count: 22 }, items: [...items(120, 1), { id: 7, meta: { download_url: SECRET }, title: 'Board minutes' }] };
  const json = (url: string, body: unknown) => response({ url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), text: JSON.stringify(body) });
  const publicDocs = [...items(100, 21)].map((item) => doc(item.meta.download_url, servedByView(item.meta.download_url)));
  const run = await runOn(
    probe,
    site({ resources: [...publicDocs, doc(SECRET, crawledLogin(SECRET), canary)] }),
    [
      { url: API, result: json(API, page1) },
      { url: `${API}?offset=20`, result: json(`${API}?offset=20`, page2) },
      noFollow(SECRET, loginRedirect(SECRET)),
      noFollow(fileUrl('board-minutes.pdf'), notFound(fileUrl('board-minutes.pdf'))),
    ],
    withCanaries(SECRET),
  );
  t.same(summary(run), [`apiListsPrivateDocument ${SECRET}`, `loginProtected ${SITE}`, `servedByView ${SITE}`]);
  const listed = run.findings.find((f) => f.messageId === 'apiListsPrivateDocument');
  t.equal(listed?.data['id'], 7);
  t.equal(listed?.data['apiUrl'], `${API}?offset=20`);
  t.equal(run.requests.filter((r) => r.url.startsWith(API)).length, 2, 'stops at total_count');
});
