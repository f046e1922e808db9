// Public pages a CDN may not hold, and Vary: Cookie on every page, as tables.

import t from 'tap';
import { reportSharedCaching } from '../../../probes/performance/shared-caching.js';
import { htmlPage, recorder } from './kit.js';

const withHeaders = (path: string, headers: Record<string, string>, extra: { setCookies?: string[]; csrf?: boolean } = {}) =>
  htmlPage(path, { headers, ...(extra.setCookies ? { setCookies: extra.setCookies } : {}) }, extra.csrf ? { forms: [{ action: '/contact/', method: 'post', inputNames: ['csrfmiddlewaretoken', 'email'] }] } : {});

t.test('pages that forbid shared caching', async (t) => {
  const cases: { name: string; pages: ReturnType<typeof withHeaders>[]; expected: string[] }[] = [
    { name: 'no Cache-Control (Django\'s default): a cache may hold them', pages: [withHeaders('/', {}), withHeaders('/a/', { 'cache-control': 'max-age=300' })], expected: [] },
    {
      name: 'private and no-store on anonymous pages',
      pages: [withHeaders('/', { 'cache-control': 'private' }), withHeaders('/a/', { 'cache-control': 'no-cache, no-store, must-revalidate' }), withHeaders('/b/', {})],
      expected: ['pagesNotShareable 2 of 3: private on 1, no-cache on 1, no-store on 1'],
    },
    { name: 'a page with a CSRF form must be private: not counted', pages: [withHeaders('/contact/', { 'cache-control': 'private' }, { csrf: true })], expected: [] },
    { name: 'a page that sets a cookie: not counted', pages: [withHeaders('/', { 'cache-control': 'private' }, { setCookies: ['sessionid=x; HttpOnly'] })], expected: [] },
    { name: 'private="set-cookie" only is not private', pages: [withHeaders('/', { 'cache-control': 'private="set-cookie", max-age=60' })], expected: [] },
  ];
  for (const c of cases) {
    const { report, reported } = recorder();
    reportSharedCaching(c.pages, report);
    t.same(reported.map((r) => `${r.id} ${r.data.count} of ${r.data.total}: ${r.data.directives}`), c.expected, c.name);
  }
});

t.test('Vary: Cookie on every page, three pages at least', async (t) => {
  const vary = (path: string, value: string | undefined) => withHeaders(path, value === undefined ? {} : { vary: value });
  const cases: { name: string; pages: ReturnType<typeof vary>[]; expected: string[] }[] = [
    { name: 'every page', pages: [vary('/', 'Cookie'), vary('/a/', 'Accept-Encoding, Cookie'), vary('/b/', 'cookie')], expected: ['varyCookieEverywhere'] },
    { name: 'all but one', pages: [vary('/', 'Cookie'), vary('/a/', 'Cookie'), vary('/b/', 'Accept-Encoding')], expected: [] },
    { name: 'two pages are too few to call it everywhere', pages: [vary('/', 'Cookie'), vary('/a/', 'Cookie')], expected: [] },
    { name: 'a token, not a substring', pages: [vary('/', 'X-Cookie-Consent'), vary('/a/', 'X-Cookie-Consent'), vary('/b/', 'X-Cookie-Consent')], expected: [] },
  ];
  for (const c of cases) {
    const { report, ids } = recorder();
    reportSharedCaching(c.pages, report);
    t.same(ids(), c.expected, c.name);
  }
});
