// document-privacy, cache-replays: a shared cache replaying a protected document's
// response (the canaries' replays are cache-privacy's).

import { SITE, page, site } from '../../helpers/site-kit.js';
import { canary, crawledLogin, crawledPasswordForm, doc, fileUrl, loginRedirect, noFollow, notFound, PASSWORDED, passwordForm, runCases, SECRET } from './fixtures/site.js';

runCases([
  {
    name: 'a protected document found on a page replayed by a shared cache (canaries are left to cache-privacy)',
    site: site({ resources: [doc(SECRET, crawledLogin(SECRET)), doc(PASSWORDED, crawledPasswordForm(PASSWORDED), canary)] }),
    canned: [
      noFollow(SECRET, loginRedirect(SECRET, { 'x-cache-status': 'HIT' })),
      noFollow(PASSWORDED, passwordForm(PASSWORDED, { 'x-cache-status': 'HIT', age: '30' })),
      noFollow(fileUrl('board-minutes.pdf'), notFound(fileUrl('board-minutes.pdf'))),
      noFollow(fileUrl('salaries.csv'), notFound(fileUrl('salaries.csv'))),
    ],
    canaries: [PASSWORDED],
    expected: [`loginProtected ${SITE}`, `passwordProtected ${SITE}`, `privateDocumentCached ${SECRET}`],
    outcome: 'fail',
  },
]);
