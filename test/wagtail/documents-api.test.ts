import t from 'tap';
import { DOCUMENTS_API_PATH, documentsApiPageUrl, parseDocumentsApiPage } from '../../src/wagtail/documents-api.js';

const PAGE = 'https://site.test/api/v2/documents/';

t.test('documentsApiPageUrl: the first page bare, the next ones by offset', async (t) => {
  t.equal(DOCUMENTS_API_PATH, '/api/v2/documents/');
  t.equal(documentsApiPageUrl('https://site.test/', 0), PAGE);
  t.equal(documentsApiPageUrl('https://site.test/en/', 20), `${PAGE}?offset=20`, 'mounted at the site root, whatever the target path');
});

t.test('parseDocumentsApiPage reads ids, download URLs and total_count', async (t) => {
  const body = {
    meta: { total_count: 42 },
    items: [
      { id: 7, meta: { type: 'wagtaildocs.Document', download_url: '/documents/7/board-minutes.pdf' }, title: 'Board minutes' },
      { id: 8, meta: { download_url: 'https://cdn.site.test/media/documents/salaries.csv' } },
      { id: 9, meta: {} },
      { id: 'ten', meta: { download_url: '/documents/10/x.pdf' } },
      null,
    ],
  };
  t.same(parseDocumentsApiPage(JSON.stringify(body), `${PAGE}?offset=20`), {
    items: [
      { id: 7, downloadUrl: 'https://site.test/documents/7/board-minutes.pdf' },
      { id: 8, downloadUrl: 'https://cdn.site.test/media/documents/salaries.csv' },
      { id: 9, downloadUrl: null },
    ],
    total: 42,
  });
});

t.test('parseDocumentsApiPage: no total_count counts the page; not a listing is null', async (t) => {
  t.same(parseDocumentsApiPage('{"items":[{"id":1}]}', PAGE), { items: [{ id: 1, downloadUrl: null }], total: 1 });
  t.equal(parseDocumentsApiPage('<h1>Not Found</h1>', PAGE), null, 'not JSON');
  t.equal(parseDocumentsApiPage('{"detail":"Not found."}', PAGE), null, 'no items');
  t.equal(parseDocumentsApiPage('null', PAGE), null, 'not an object');
});

t.test('parseDocumentsApiPage: a download_url that is no URL is left out, never a crash', async (t) => {
  t.same(parseDocumentsApiPage('{"items":[{"id":3,"meta":{"download_url":"http://[bad"}}]}', PAGE), { items: [{ id: 3, downloadUrl: null }], total: 1 });
});
