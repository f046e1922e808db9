// document-privacy, inline-content: HTML and SVG documents shown inline from the
// site's own origin, without attachment or a CSP that forbids script.

import { SITE, options, page, response, site } from '../../helpers/site-kit.js';
import { crawledRedirect, doc, docFile, fileUrl, noFollow, notFound, runCases, servedByNginx, servedByView, serveUrl } from './fixtures/site.js';

runCases([
  {
    name: 'HTML and SVG documents linked directly and served inline by the web server from the site origin',
    site: site({
      resources: [
        docFile(fileUrl('page.html'), servedByNginx(fileUrl('page.html'), 'text/html', '<!DOCTYPE html><script>alert(1)</script>')),
        docFile(fileUrl('logo.svg'), servedByNginx(fileUrl('logo.svg'), 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')),
        // A renamed HTML file with a harmless type: sniffed, since nginx sent no nosniff.
        docFile(fileUrl('notes.txt'), servedByNginx(fileUrl('notes.txt'), 'application/octet-stream', '<html><body>hi')),
        docFile(fileUrl('data.csv'), servedByNginx(fileUrl('data.csv'), 'text/csv', 'a,b\n')),
      ],
    }),
    canned: [],
    expected: [
      `inlineActiveContent ${fileUrl('logo.svg')}`,
      `inlineActiveContent ${fileUrl('notes.txt')}`,
      `inlineActiveContent ${fileUrl('page.html')}`,
      `linkedDirectly ${SITE}`,
    ],
    outcome: 'fail',
  },
  {
    name: "HTML and SVG through Wagtail's serve view (attachment without CSP, or inline under CSP default-src 'none'): no risk",
    site: site({
      resources: [
        // Wagtail before 6.4: attachment alone, no CSP.
        doc(serveUrl(3, 'page.html'), response({ url: serveUrl(3, 'page.html'), headers: { 'content-type': 'text/html', 'content-disposition': 'attachment; filename="page.html"', 'x-content-type-options': 'nosniff' }, body: '<!DOCTYPE html>' })),
        doc(serveUrl(4, 'logo.svg'), servedByView(serveUrl(4, 'logo.svg'), { 'content-type': 'image/svg+xml', 'content-disposition': 'inline; filename="logo.svg"' }, '<svg>')),
      ],
    }),
    canned: [noFollow(fileUrl('page.html'), notFound(fileUrl('page.html')))],
    expected: [`servedByView ${SITE}`],
    outcome: 'pass',
  },
  {
    name: 'an SVG served inline from another origin (a storage bucket) cannot script the site',
    site: site({
      resources: [
        doc(serveUrl(4, 'logo.svg'), crawledRedirect(serveUrl(4, 'logo.svg'), 'https://files.example.net/documents/logo.svg', servedByNginx('https://files.example.net/documents/logo.svg', 'image/svg+xml', '<svg>'))),
      ],
    }),
    // The bucket's origin is asked whether it lists its keys (MEDIA_URL learned from the redirect): it refuses.
    canned: [noFollow('https://files.example.net/', notFound('https://files.example.net/', 403))],
    expected: [`servedByRedirect ${SITE}`],
    outcome: 'pass',
  },
]);
