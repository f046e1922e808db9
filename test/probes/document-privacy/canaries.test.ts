// document-privacy, canaries: each operator-named private document is refused,
// or not protected, or unchecked (gone, walled off, unreachable): never a pass.

import { failure, response, site } from '../../helpers/site-kit.js';
import { canary, crawledRedirect, doc, fileUrl, noFollow, notFound, runCases, SECRET, servedByView } from './fixtures/site.js';

runCases([
  {
    name: 'a canary served to anonymous clients is not protected',
    site: site({ resources: [doc(SECRET, servedByView(SECRET), canary)] }),
    canned: [noFollow(SECRET, servedByView(SECRET)), noFollow(fileUrl('annual-report.pdf'), notFound(fileUrl('annual-report.pdf')))],
    canaries: [SECRET],
    expected: [`canaryNotProtected ${SECRET}`],
    outcome: 'fail',
  },
  {
    name: 'a canary that redirects anonymous clients to its file is not protected',
    site: site({ resources: [doc(SECRET, crawledRedirect(SECRET, fileUrl('board-minutes.pdf')), canary)] }),
    canned: [noFollow(SECRET, response({ url: SECRET, status: 302, headers: { location: '/media/documents/board-minutes.pdf' } }))],
    canaries: [SECRET],
    expected: [`canaryNotProtected ${SECRET}`],
    outcome: 'fail',
  },
  {
    name: 'a canary that is gone (404) cannot be checked: inconclusive, never a pass',
    site: site({ resources: [doc(SECRET, notFound(SECRET), canary)] }),
    canned: [noFollow(SECRET, notFound(SECRET))],
    canaries: [SECRET],
    expected: [`?canaryUnchecked ${SECRET}`],
    outcome: 'inconclusive',
  },
  {
    name: 'a canary behind a bot wall (200 HTML, not the password form) cannot be checked',
    site: site({ resources: [doc(SECRET, response({ url: SECRET, headers: { 'content-type': 'text/html' }, body: '<html><title>Just a moment...</title>' }), canary)] }),
    canned: [noFollow(SECRET, response({ url: SECRET, headers: { 'content-type': 'text/html' }, body: '<html><title>Just a moment...</title>', text: '<html><title>Just a moment...</title>' }))],
    canaries: [SECRET],
    expected: [`?canaryUnchecked ${SECRET}`],
    outcome: 'inconclusive',
  },
  {
    name: 'a canary that could not be fetched at all cannot be checked',
    site: site({ resources: [doc(SECRET, failure(SECRET, 'ERR_TIMEOUT'), canary)] }),
    canned: [noFollow(SECRET, failure(SECRET, 'ERR_TIMEOUT'))],
    canaries: [SECRET],
    expected: [`?canaryUnchecked ${SECRET}`],
    outcome: 'inconclusive',
  },
]);
