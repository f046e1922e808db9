// document-privacy, etag: GHSA-92hv-j533-69wc, an ETag on a protected response
// fingerprints the private file.

import { SITE, site } from '../../helpers/site-kit.js';
import { canary, crawledLogin, crawledPasswordForm, doc, fileUrl, loginRedirect, noFollow, notFound, PASSWORDED, passwordForm, runCases, SECRET, SHA1 } from './fixtures/site.js';

runCases([
  {
    name: 'unpatched Wagtail (GHSA-92hv-j533-69wc): ETags on the login redirect and the password form',
    site: site({ resources: [doc(SECRET, crawledLogin(SECRET, { etag: SHA1 }), canary), doc(PASSWORDED, crawledPasswordForm(PASSWORDED), canary)] }),
    canned: [
      noFollow(SECRET, loginRedirect(SECRET, { etag: SHA1 })),
      noFollow(PASSWORDED, passwordForm(PASSWORDED, { etag: SHA1 })),
      noFollow(fileUrl('board-minutes.pdf'), notFound(fileUrl('board-minutes.pdf'))),
      noFollow(fileUrl('salaries.csv'), notFound(fileUrl('salaries.csv'))),
    ],
    canaries: [SECRET, PASSWORDED],
    expected: [`etagOnProtectedResponse ${PASSWORDED}`, `etagOnProtectedResponse ${SECRET}`, `loginProtected ${SITE}`, `passwordProtected ${SITE}`],
    outcome: 'fail',
  },
]);
