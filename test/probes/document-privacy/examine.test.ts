// document-privacy, examine: each document's answers read into a verdict; a
// transport redirect is followed by hand, and targeted requests never follow redirects.

import t from 'tap';
import probe from '../../../probes/document-privacy/index.js';
import { SITE, response, site } from '../../helpers/site-kit.js';
import { API, canary, crawledRedirect, doc, fileUrl, hardenedCanned, hardenedSite, loginRedirect, noFollow, notFound, PASSWORDED, PUBLIC_PDF, runCases, runOn, SECRET, servedByView, withCanaries } from './fixtures/site.js';

runCases([
  {
    name: 'a canary given as http:// on an https site: the scheme redirect is followed by hand, once',
    site: site({ resources: [] }),
    canned: [
      noFollow(SECRET.replace('https:', 'http:'), response({ url: SECRET.replace('https:', 'http:'), status: 301, headers: { location: SECRET } })),
      noFollow(SECRET, loginRedirect(SECRET)),
      noFollow(fileUrl('board-minutes.pdf'), notFound(fileUrl('board-minutes.pdf'))),
    ],
    canaries: [SECRET.replace('https:', 'http:')],
    expected: [`loginProtected ${SITE}`],
    outcome: 'pass',
  },
  {
    name: 'a public document behind a language prefix redirect: the crawl followed it, the serve view decided',
    site: site({
      resources: [doc(PUBLIC_PDF, crawledRedirect(PUBLIC_PDF, `${SITE}en/documents/1/annual-report.pdf`, servedByView(`${SITE}en/documents/1/annual-report.pdf`)))],
    }),
    canned: [noFollow(fileUrl('annual-report.pdf'), notFound(fileUrl('annual-report.pdf')))],
    expected: [`servedByView ${SITE}`],
    outcome: 'pass',
  },
]);

t.test('targeted requests never follow redirects and read only a prefix of files', async (t) => {
  const run = await runOn(probe, hardenedSite, hardenedCanned, withCanaries(SECRET, PASSWORDED));
  const targeted = run.requests.filter((r) => r.url !== API);
  t.ok(targeted.length > 0);
  for (const r of targeted) t.equal(r.options.followRedirects, false, `${r.url} not followed`);
  // Files read a prefix; MEDIA_URL itself is read far enough to see a bucket listing.
  for (const r of targeted.filter((r) => r.url.includes('/media/') && !r.url.endsWith('/media/'))) t.same(r.options.body, { read: 'prefix', maxBytes: 1024 }, `${r.url} prefix only`);
  t.notOk(run.requests.some((r) => r.url === PUBLIC_PDF), 'a public document the crawl settled is not fetched again');
});
