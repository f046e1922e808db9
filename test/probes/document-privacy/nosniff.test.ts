// document-privacy, nosniff: the serve view without X-Content-Type-Options: nosniff.

import { SITE, options, site } from '../../helpers/site-kit.js';
import { doc, fileUrl, noFollow, notFound, PUBLIC_PDF, runCases, servedByView } from './fixtures/site.js';

runCases([
  {
    name: 'serve_view without nosniff (Wagtail before 6.4, or a proxy dropping it)',
    site: site({ resources: [doc(PUBLIC_PDF, servedByView(PUBLIC_PDF, { 'x-content-type-options': '' }))] }),
    canned: [noFollow(fileUrl('annual-report.pdf'), notFound(fileUrl('annual-report.pdf')))],
    expected: [`missingNosniff ${SITE}`, `servedByView ${SITE}`],
    outcome: 'fail',
  },
]);
