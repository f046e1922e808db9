import t from 'tap';
import { explorerRedirectPageId, isAllowedAdminGet } from '../../src/session/allowlist.js';

const ADMIN = 'https://site.test/cms/';

t.test('the session may GET the fixed read-only views only', async (t) => {
  const cases: [string, boolean][] = [
    ['https://site.test/cms/', true],
    ['https://site.test/cms/pages/', true],
    ['https://site.test/cms/pages/32/', true],
    ['https://site.test/cms/pages/32/edit/', true],
    ['https://site.test/cms/images/chooser/', true],
    ['https://site.test/cms/documents/', true],
    ['https://site.test/cms/reports/site-history/', true],
    ['https://site.test/cms/login/', true],
    ['https://site.test/cms/logout/', false],
    ['https://site.test/cms/pages/32/delete/', false],
    ['https://site.test/cms/pages/32/unpublish/', false],
    ['https://site.test/cms/pages/32/lock/', false],
    ['https://site.test/cms/pages/?action=delete', false],
    ['https://site.test/cms/users/', false],
    ['https://site.test/cms/pages/add/home/contentpage/3/', false],
    ['https://other.test/cms/', false],
    ['https://site.test/admin/', false],
  ];
  for (const [url, allowed] of cases) t.equal(isAllowedAdminGet(url, ADMIN), allowed, url);
});

t.test("the explorer's redirect names the account's page", async (t) => {
  t.equal(explorerRedirectPageId('/cms/pages/32/', 'https://site.test/cms/pages/', ADMIN), 32);
  t.equal(explorerRedirectPageId('https://site.test/cms/pages/7/', 'https://site.test/cms/pages/', ADMIN), 7);
  t.equal(explorerRedirectPageId('/cms/', 'https://site.test/cms/pages/', ADMIN), null, 'permission denied: to the dashboard');
  t.equal(explorerRedirectPageId('https://evil.test/cms/pages/3/', 'https://site.test/cms/pages/', ADMIN), null, 'another origin');
});
