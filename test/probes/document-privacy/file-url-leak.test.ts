// document-privacy, file-url-leak: a private document's file URL tried
// anonymously, and the documents folder when no private document is known.

import t from 'tap';
import probe from '../../../probes/document-privacy/index.js';
import { SITE, page, site, summary } from '../../helpers/site-kit.js';
import { canary, crawledLogin, crawledPasswordForm, crawledRedirect, doc, docFile, fileUrl, loginLocation, loginRedirect, noFollow, notFound, PAGE, PASSWORDED, passwordForm, PUBLIC_PDF, runCases, runOn, SECRET, servedByNginx, servedByView, withCanaries } from './fixtures/site.js';

runCases([
  {
    name: 'redirect method with nginx serving /media/documents/: the private file is readable at its file URL',
    site: site({
      resources: [
        doc(PUBLIC_PDF, crawledRedirect(PUBLIC_PDF, fileUrl('annual-report.pdf'))),
        doc(SECRET, crawledLogin(SECRET), canary),
      ],
    }),
    canned: [noFollow(SECRET, loginRedirect(SECRET)), noFollow(fileUrl('board-minutes.pdf'), servedByNginx(fileUrl('board-minutes.pdf')))],
    canaries: [SECRET],
    expected: [`loginProtected ${SITE}`, `privateFileExposed ${SECRET}`, `servedByRedirect ${SITE}`],
    outcome: 'fail',
  },
  {
    name: 'direct method: pages link the files, and the private one is readable at its file URL',
    site: site({
      resources: [docFile(fileUrl('annual-report.pdf'), servedByNginx(fileUrl('annual-report.pdf'))), doc(SECRET, crawledLogin(SECRET), canary)],
    }),
    canned: [noFollow(SECRET, loginRedirect(SECRET)), noFollow(fileUrl('board-minutes.pdf'), servedByNginx(fileUrl('board-minutes.pdf')))],
    canaries: [SECRET],
    expected: [`linkedDirectly ${SITE}`, `loginProtected ${SITE}`, `privateFileExposed ${SECRET}`],
    outcome: 'fail',
  },
  {
    name: 'a password-protected document found on a page (no canary) is tested too',
    site: site({ resources: [doc(PASSWORDED, crawledPasswordForm(PASSWORDED))] }),
    canned: [noFollow(PASSWORDED, passwordForm(PASSWORDED)), noFollow(fileUrl('salaries.csv'), servedByNginx(fileUrl('salaries.csv'), 'text/csv', 'name,salary\n'))],
    expected: [`passwordProtected ${SITE}`, `privateFileExposed ${PASSWORDED}`],
    outcome: 'fail',
  },
  {
    name: 'MEDIA_URL learned from a public document redirect when no rendition gave it',
    site: site({
      mediaUrl: null,
      resources: [
        doc(PUBLIC_PDF, crawledRedirect(PUBLIC_PDF, fileUrl('annual-report.pdf', `${SITE}uploads/`))),
        doc(SECRET, crawledLogin(SECRET), canary),
      ],
    }),
    canned: [
      noFollow(SECRET, loginRedirect(SECRET)),
      noFollow(fileUrl('board-minutes.pdf', `${SITE}uploads/`), servedByNginx(fileUrl('board-minutes.pdf', `${SITE}uploads/`))),
      noFollow(`${SITE}uploads/`, notFound(`${SITE}uploads/`, 403)),
    ],
    canaries: [SECRET],
    expected: [`loginProtected ${SITE}`, `privateFileExposed ${SECRET}`, `servedByRedirect ${SITE}`],
    outcome: 'fail',
  },
  {
    name: 'MEDIA_URL unknown: the private file URL cannot be tried, which is said, not passed',
    site: site({ mediaUrl: null, resources: [doc(SECRET, crawledLogin(SECRET), canary)] }),
    canned: [noFollow(SECRET, loginRedirect(SECRET))],
    canaries: [SECRET],
    expected: [`?fileUrlUnknown ${SECRET}`, `loginProtected ${SITE}`],
    outcome: 'inconclusive',
  },
  {
    name: 'serve_view but nginx serves /media/documents/ and no private document is known: the folder is exposed',
    site: site({ resources: [doc(PUBLIC_PDF, servedByView(PUBLIC_PDF))] }),
    canned: [noFollow(fileUrl('annual-report.pdf'), servedByNginx(fileUrl('annual-report.pdf')))],
    expected: [`documentsFolderServed ${fileUrl('annual-report.pdf')}`, `servedByView ${SITE}`],
    outcome: 'fail',
  },
  {
    name: 'serve_view, no private document known, folder denied: pass',
    site: site({ resources: [doc(PUBLIC_PDF, servedByView(PUBLIC_PDF))] }),
    canned: [noFollow(fileUrl('annual-report.pdf'), notFound(fileUrl('annual-report.pdf')))],
    expected: [`servedByView ${SITE}`],
    outcome: 'pass',
  },
]);

t.test('the leak finding names the private URL, the file URL tried, its status, headers and first bytes', async (t) => {
  const leak = fileUrl('board-minutes.pdf');
  const run = await runOn(
    probe,
    site({ resources: [doc(SECRET, crawledLogin(SECRET), canary)] }),
    [noFollow(SECRET, loginRedirect(SECRET)), noFollow(leak, servedByNginx(leak))],
    withCanaries(SECRET),
  );
  const finding = run.findings.find((f) => f.messageId === 'privateFileExposed');
  t.ok(finding, 'reported');
  t.equal(finding?.severity, 'error');
  t.equal(finding?.data['fileUrl'], leak);
  t.equal(finding?.data['status'], 200);
  t.match(String(finding?.data['type']), /^pdf: %PDF-1\.4/);
  const [serve, file] = finding?.evidence ?? [];
  t.equal(serve?.request?.url, SECRET, 'the protected serve URL, as requested');
  t.equal(serve?.status, 302);
  t.equal(serve?.headers?.['location'], loginLocation(SECRET));
  t.equal(file?.request?.url, leak, 'the file URL tried');
  t.equal(file?.status, 200);
  t.equal(file?.headers?.['content-type'], 'application/pdf');
  t.match(file?.bodyPrefix, /^%PDF-1\.4/);
  t.match(file?.note, /MEDIA_URL from learned from renditions|MEDIA_URL from/);
});

t.test('direct method: a leak names the public page that links the private file', async (t) => {
  const leak = fileUrl('board-minutes.pdf');
  const run = await runOn(
    probe,
    site({ resources: [docFile(leak, servedByNginx(leak)), doc(SECRET, crawledLogin(SECRET), canary)] }),
    [noFollow(SECRET, loginRedirect(SECRET)), noFollow(leak, servedByNginx(leak))],
    withCanaries(SECRET),
  );
  t.same(summary(run), [`linkedDirectly ${SITE}`, `loginProtected ${SITE}`, `privateFileExposed ${SECRET}`]);
  const evidence = run.findings.find((f) => f.messageId === 'privateFileExposed')?.evidence[1];
  t.equal(evidence?.referrer, PAGE);
  t.match(evidence?.note, /a page links it/);
});
