// document-privacy, as a specification: recorded responses of the ways Wagtail
// serves documents (serve_view, redirect, direct; login and password
// restrictions) and of the ways a deployment leaks them.

import t from 'tap';
import probe from '../../probes/document-privacy/index.js';
import type { FetchResult, Hop } from '../../src/http/types.js';
import type { Reference, ResourceRecord, SiteModel } from '../../src/gather/model.js';
import { SITE, failure, hop, options, page, resource, response, runOn, site, summary, type Canned } from '../helpers/site-kit.js';

// --- Fixtures: the site's URLs ----------------------------------------------------

const PAGE = `${SITE}about/`;
const serveUrl = (id: number, name: string) => `${SITE}documents/${id}/${name}`;
const fileUrl = (name: string, media = `${SITE}media/`) => `${media}documents/${name}`;
const API = `${SITE}api/v2/documents/`;
const LOGIN = `${SITE}_util/login/`;

const PUBLIC_PDF = serveUrl(1, 'annual-report.pdf');
const SECRET = serveUrl(7, 'board-minutes.pdf');
const PASSWORDED = serveUrl(8, 'salaries.csv');

const SHA1 = '"3f786850e387550fdab836ed7e6dc881de23001b"';
const PDF_BYTES = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n';
const PASSWORD_FORM = `<!DOCTYPE HTML>
<html lang="en-us" dir="ltr">
    <head>
        <title>Password required</title>
    </head>
    <body>
        <h1>Password required</h1>
        <p>You need a password to access this document.</p>
        <form action="/documents/authenticate_with_password/2/" method="POST">
            <input type="hidden" name="csrfmiddlewaretoken" value="abc">
            <p><label for="id_password">Password:</label> <input type="password" name="password" id="id_password"></p>
        </form>
    </body>
</html>`;
const NEVER_CACHE = 'max-age=0, no-cache, no-store, must-revalidate, private';

// --- Fixtures: responses as Wagtail 8 and nginx send them ------------------------------

/** Wagtail's serve view (6.4+): the file with its name, a CSP and nosniff. */
function servedByView(url: string, extra: Record<string, string> = {}, body = PDF_BYTES): FetchResult {
  const name = url.slice(url.lastIndexOf('/') + 1);
  return response({
    url,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${name}"`,
      'content-security-policy': "default-src 'none'",
      'x-content-type-options': 'nosniff',
      etag: SHA1,
      ...extra,
    },
    body,
    complete: false,
  });
}

/** nginx sending a file from MEDIA_ROOT: no Content-Disposition, no CSP. */
function servedByNginx(url: string, contentType = 'application/pdf', body = PDF_BYTES): FetchResult {
  return response({ url, headers: { 'content-type': contentType, server: 'nginx', 'accept-ranges': 'bytes' }, body, complete: false });
}

function loginLocation(url: string): string {
  return `/_util/login/?next=${encodeURIComponent(new URL(url).pathname)}`;
}

/** The login redirect as the crawler recorded it: followed to the login page. */
function crawledLogin(url: string, headers: Record<string, string> = {}): FetchResult {
  const location = loginLocation(url);
  return response({
    url: new URL(location, url).href,
    hops: [hop(url, 302, location, { location, ...headers })],
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: '<!DOCTYPE html><title>Log in</title>',
  });
}

/** The login redirect as a targeted request without following redirects sees it. */
function loginRedirect(url: string, headers: Record<string, string> = {}): FetchResult {
  return response({ url, status: 302, headers: { location: loginLocation(url), 'content-type': 'text/html; charset=utf-8', ...headers } });
}

function passwordForm(url: string, headers: Record<string, string> = {}, text = PASSWORD_FORM): FetchResult {
  return response({
    url,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': NEVER_CACHE, ...headers },
    body: text,
    text,
  });
}

/** The password form as the crawler recorded it: a 4 KB prefix, no text kept. */
function crawledPasswordForm(url: string): FetchResult {
  return response({ url, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': NEVER_CACHE }, body: PASSWORD_FORM });
}

function notFound(url: string, status = 404): FetchResult {
  return response({ url, status, headers: { 'content-type': 'text/html' }, body: '<h1>Not Found</h1>' });
}

/** The redirect method: 302 to the file, followed by the crawler. */
function crawledRedirect(url: string, target: string, final: FetchResult = servedByNginx(target), headers: Record<string, string> = {}): FetchResult {
  if (!final.ok) throw new Error('fixture: the final response must be a response');
  const hops: Hop[] = [hop(url, 302, target, { location: target, ...headers })];
  return { ...final, request: { ...final.request, url }, hops };
}

// --- Fixtures: the site model and canned answers ------------------------------------------

const fromPage: Reference[] = [{ from: PAGE, via: 'a' }];
const canary: Reference[] = [{ from: '', via: 'seed' }];

function doc(url: string, result: FetchResult | null, from = fromPage): ResourceRecord {
  return resource('document', result, from, url);
}

function docFile(url: string, result: FetchResult | null): ResourceRecord {
  return resource('document-file', result, fromPage, url);
}

/** A targeted request made without following redirects. */
function noFollow(url: string, result: FetchResult): Canned {
  return { url, followRedirects: false, result };
}

const apiAbsent: Canned = { url: API, result: notFound(API) };

function withCanaries(...documents: string[]) {
  return options({ privateCanaries: { documents, pages: [] } });
}

interface Case {
  name: string;
  site: SiteModel;
  canned: Canned[];
  canaries?: string[];
  expected: string[];
  outcome: 'pass' | 'fail' | 'inconclusive' | 'skip';
}

// The hardened deployment, reused by several cases: a public PDF through the serve
// view, a login and a password canary refused, their file URLs denied by nginx.
const hardenedSite = site({
  resources: [doc(PUBLIC_PDF, servedByView(PUBLIC_PDF)), doc(SECRET, crawledLogin(SECRET), canary), doc(PASSWORDED, crawledPasswordForm(PASSWORDED), canary)],
});
const hardenedCanned: Canned[] = [
  apiAbsent,
  noFollow(SECRET, loginRedirect(SECRET)),
  noFollow(PASSWORDED, passwordForm(PASSWORDED)),
  noFollow(fileUrl('board-minutes.pdf'), notFound(fileUrl('board-minutes.pdf'), 403)),
  noFollow(fileUrl('salaries.csv'), notFound(fileUrl('salaries.csv'), 403)),
];

const cases: Case[] = [
  {
    name: 'serve_view with login and password canaries refused and their files denied: serve methods only',
    site: hardenedSite,
    canned: hardenedCanned,
    canaries: [SECRET, PASSWORDED],
    expected: [`loginProtected ${SITE}`, `passwordProtected ${SITE}`, `servedByView ${SITE}`],
    outcome: 'pass',
  },
  {
    name: 'redirect method with nginx serving /media/documents/: the private file is readable at its file URL',
    site: site({
      resources: [
        doc(PUBLIC_PDF, crawledRedirect(PUBLIC_PDF, fileUrl('annual-report.pdf'))),
        doc(SECRET, crawledLogin(SECRET), canary),
      ],
    }),
    canned: [apiAbsent, noFollow(SECRET, loginRedirect(SECRET)), noFollow(fileUrl('board-minutes.pdf'), servedByNginx(fileUrl('board-minutes.pdf')))],
    canaries: [SECRET],
    expected: [`loginProtected ${SITE}`, `privateFileExposed ${SECRET}`, `servedByRedirect ${SITE}`],
    outcome: 'fail',
  },
  {
    name: 'direct method: pages link the files, and the private one is readable at its file URL',
    site: site({
      resources: [docFile(fileUrl('annual-report.pdf'), servedByNginx(fileUrl('annual-report.pdf'))), doc(SECRET, crawledLogin(SECRET), canary)],
    }),
    canned: [apiAbsent, noFollow(SECRET, loginRedirect(SECRET)), noFollow(fileUrl('board-minutes.pdf'), servedByNginx(fileUrl('board-minutes.pdf')))],
    canaries: [SECRET],
    expected: [`linkedDirectly ${SITE}`, `loginProtected ${SITE}`, `privateFileExposed ${SECRET}`],
    outcome: 'fail',
  },
  {
    name: 'a password-protected document found on a page (no canary) is tested too',
    site: site({ resources: [doc(PASSWORDED, crawledPasswordForm(PASSWORDED))] }),
    canned: [apiAbsent, noFollow(PASSWORDED, passwordForm(PASSWORDED)), noFollow(fileUrl('salaries.csv'), servedByNginx(fileUrl('salaries.csv'), 'text/csv', 'name,salary\n'))],
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
      apiAbsent,
      noFollow(SECRET, loginRedirect(SECRET)),
      noFollow(fileUrl('board-minutes.pdf', `${SITE}uploads/`), servedByNginx(fileUrl('board-minutes.pdf', `${SITE}uploads/`))),
    ],
    canaries: [SECRET],
    expected: [`loginProtected ${SITE}`, `privateFileExposed ${SECRET}`, `servedByRedirect ${SITE}`],
    outcome: 'fail',
  },
  {
    name: 'MEDIA_URL unknown: the private file URL cannot be tried, which is said, not passed',
    site: site({ mediaUrl: null, resources: [doc(SECRET, crawledLogin(SECRET), canary)] }),
    canned: [apiAbsent, noFollow(SECRET, loginRedirect(SECRET))],
    canaries: [SECRET],
    expected: [`?fileUrlUnknown ${SECRET}`, `loginProtected ${SITE}`],
    outcome: 'inconclusive',
  },
  {
    name: 'serve_view but nginx serves /media/documents/ and no private document is known: the folder is exposed',
    site: site({ resources: [doc(PUBLIC_PDF, servedByView(PUBLIC_PDF))] }),
    canned: [apiAbsent, noFollow(fileUrl('annual-report.pdf'), servedByNginx(fileUrl('annual-report.pdf')))],
    expected: [`documentsFolderServed ${fileUrl('annual-report.pdf')}`, `servedByView ${SITE}`],
    outcome: 'fail',
  },
  {
    name: 'serve_view, no private document known, folder denied: pass',
    site: site({ resources: [doc(PUBLIC_PDF, servedByView(PUBLIC_PDF))] }),
    canned: [apiAbsent, noFollow(fileUrl('annual-report.pdf'), notFound(fileUrl('annual-report.pdf')))],
    expected: [`servedByView ${SITE}`],
    outcome: 'pass',
  },
  {
    name: 'a canary served to anonymous clients is not protected',
    site: site({ resources: [doc(SECRET, servedByView(SECRET), canary)] }),
    canned: [apiAbsent, noFollow(SECRET, servedByView(SECRET)), noFollow(fileUrl('annual-report.pdf'), notFound(fileUrl('annual-report.pdf')))],
    canaries: [SECRET],
    expected: [`canaryNotProtected ${SECRET}`],
    outcome: 'fail',
  },
  {
    name: 'a canary that redirects anonymous clients to its file is not protected',
    site: site({ resources: [doc(SECRET, crawledRedirect(SECRET, fileUrl('board-minutes.pdf')), canary)] }),
    canned: [apiAbsent, noFollow(SECRET, response({ url: SECRET, status: 302, headers: { location: '/media/documents/board-minutes.pdf' } }))],
    canaries: [SECRET],
    expected: [`canaryNotProtected ${SECRET}`],
    outcome: 'fail',
  },
  {
    name: 'a canary that is gone (404) cannot be checked: inconclusive, never a pass',
    site: site({ resources: [doc(SECRET, notFound(SECRET), canary)] }),
    canned: [apiAbsent, noFollow(SECRET, notFound(SECRET))],
    canaries: [SECRET],
    expected: [`?canaryUnchecked ${SECRET}`],
    outcome: 'inconclusive',
  },
  {
    name: 'a canary behind a bot wall (200 HTML, not the password form) cannot be checked',
    site: site({ resources: [doc(SECRET, response({ url: SECRET, headers: { 'content-type': 'text/html' }, body: '<html><title>Just a moment...</title>' }), canary)] }),
    canned: [apiAbsent, noFollow(SECRET, response({ url: SECRET, headers: { 'content-type': 'text/html' }, body: '<html><title>Just a moment...</title>', text: '<html><title>Just a moment...</title>' }))],
    canaries: [SECRET],
    expected: [`?canaryUnchecked ${SECRET}`],
    outcome: 'inconclusive',
  },
  {
    name: 'a canary that could not be fetched at all cannot be checked',
    site: site({ resources: [doc(SECRET, failure(SECRET, 'ERR_TIMEOUT'), canary)] }),
    canned: [apiAbsent, noFollow(SECRET, failure(SECRET, 'ERR_TIMEOUT'))],
    canaries: [SECRET],
    expected: [`?canaryUnchecked ${SECRET}`],
    outcome: 'inconclusive',
  },
  {
    name: 'a canary given as http:// on an https site: the scheme redirect is followed by hand, once',
    site: site({ resources: [] }),
    canned: [
      apiAbsent,
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
    canned: [apiAbsent, noFollow(fileUrl('annual-report.pdf'), notFound(fileUrl('annual-report.pdf')))],
    expected: [`servedByView ${SITE}`],
    outcome: 'pass',
  },
  {
    name: 'unpatched Wagtail (GHSA-92hv-j533-69wc): ETags on the login redirect and the password form',
    site: site({ resources: [doc(SECRET, crawledLogin(SECRET, { etag: SHA1 }), canary), doc(PASSWORDED, crawledPasswordForm(PASSWORDED), canary)] }),
    canned: [
      apiAbsent,
      noFollow(SECRET, loginRedirect(SECRET, { etag: SHA1 })),
      noFollow(PASSWORDED, passwordForm(PASSWORDED, { etag: SHA1 })),
      noFollow(fileUrl('board-minutes.pdf'), notFound(fileUrl('board-minutes.pdf'))),
      noFollow(fileUrl('salaries.csv'), notFound(fileUrl('salaries.csv'))),
    ],
    canaries: [SECRET, PASSWORDED],
    expected: [`etagOnProtectedResponse ${PASSWORDED}`, `etagOnProtectedResponse ${SECRET}`, `loginProtected ${SITE}`, `passwordProtected ${SITE}`],
    outcome: 'fail',
  },
  {
    name: 'a protected document found on a page replayed by a shared cache (canaries are left to cache-privacy)',
    site: site({ resources: [doc(SECRET, crawledLogin(SECRET)), doc(PASSWORDED, crawledPasswordForm(PASSWORDED), canary)] }),
    canned: [
      apiAbsent,
      noFollow(SECRET, loginRedirect(SECRET, { 'x-cache-status': 'HIT' })),
      noFollow(PASSWORDED, passwordForm(PASSWORDED, { 'x-cache-status': 'HIT', age: '30' })),
      noFollow(fileUrl('board-minutes.pdf'), notFound(fileUrl('board-minutes.pdf'))),
      noFollow(fileUrl('salaries.csv'), notFound(fileUrl('salaries.csv'))),
    ],
    canaries: [PASSWORDED],
    expected: [`loginProtected ${SITE}`, `passwordProtected ${SITE}`, `privateDocumentCached ${SECRET}`],
    outcome: 'fail',
  },
  {
    name: 'a public document that is gone is listed as not served; nothing else',
    site: site({ resources: [doc(PUBLIC_PDF, notFound(PUBLIC_PDF))] }),
    canned: [apiAbsent],
    expected: [`notServed ${SITE}`],
    outcome: 'pass',
  },
  {
    name: 'serve_view without nosniff (Wagtail before 6.4, or a proxy dropping it)',
    site: site({ resources: [doc(PUBLIC_PDF, servedByView(PUBLIC_PDF, { 'x-content-type-options': '' }))] }),
    canned: [apiAbsent, noFollow(fileUrl('annual-report.pdf'), notFound(fileUrl('annual-report.pdf')))],
    expected: [`missingNosniff ${SITE}`, `servedByView ${SITE}`],
    outcome: 'fail',
  },
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
    canned: [apiAbsent],
    expected: [
      `inlineActiveContent ${fileUrl('logo.svg')}`,
      `inlineActiveContent ${fileUrl('notes.txt')}`,
      `inlineActiveContent ${fileUrl('page.html')}`,
      `linkedDirectly ${SITE}`,
    ],
    outcome: 'fail',
  },
  {
    name: 'an HTML document linked as a file was crawled as a page (MEDIA_URL was not known yet): still a linked document',
    site: site({
      pages: [page(servedByNginx(fileUrl('brochure.html'), 'text/html', '<!DOCTYPE html><script>x()</script>'), null)],
    }),
    canned: [apiAbsent],
    expected: [`inlineActiveContent ${fileUrl('brochure.html')}`, `linkedDirectly ${SITE}`],
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
    canned: [apiAbsent, noFollow(fileUrl('page.html'), notFound(fileUrl('page.html')))],
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
    canned: [apiAbsent],
    expected: [`servedByRedirect ${SITE}`],
    outcome: 'pass',
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const run = await runOn(probe, c.site, c.canned, withCanaries(...(c.canaries ?? [])));
    t.same(summary(run), c.expected.slice().sort(), 'findings');
    t.equal(run.outcome.status, c.outcome, `outcome ${JSON.stringify(run.outcome)}`);
  });
}

t.test('nothing to look at: skips and tells the operator to add canaries', async (t) => {
  const run = await runOn(probe, site(), [apiAbsent]);
  t.equal(run.outcome.status, 'skip');
  t.match(run.outcome.status === 'skip' ? run.outcome.reason : '', /private\.documents/);
  t.same(run.findings, []);
});

t.test('the leak finding names the private URL, the file URL tried, its status, headers and first bytes', async (t) => {
  const leak = fileUrl('board-minutes.pdf');
  const run = await runOn(
    probe,
    site({ resources: [doc(SECRET, crawledLogin(SECRET), canary)] }),
    [apiAbsent, noFollow(SECRET, loginRedirect(SECRET)), noFollow(leak, servedByNginx(leak))],
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
    [apiAbsent, noFollow(SECRET, loginRedirect(SECRET)), noFollow(leak, servedByNginx(leak))],
    withCanaries(SECRET),
  );
  t.same(summary(run), [`linkedDirectly ${SITE}`, `loginProtected ${SITE}`, `privateFileExposed ${SECRET}`]);
  const evidence = run.findings.find((f) => f.messageId === 'privateFileExposed')?.evidence[1];
  t.equal(evidence?.referrer, PAGE);
  t.match(evidence?.note, /a page links it/);
});

t.test('targeted requests never follow redirects and read only a prefix of files', async (t) => {
  const run = await runOn(probe, hardenedSite, hardenedCanned, withCanaries(SECRET, PASSWORDED));
  const targeted = run.requests.filter((r) => r.url !== API);
  t.ok(targeted.length > 0);
  for (const r of targeted) t.equal(r.options.followRedirects, false, `${r.url} not followed`);
  for (const r of targeted.filter((r) => r.url.includes('/media/'))) t.same(r.options.body, { read: 'prefix', maxBytes: 1024 }, `${r.url} prefix only`);
  t.notOk(run.requests.some((r) => r.url === PUBLIC_PDF), 'a public document the crawl settled is not fetched again');
});

t.test('serve method findings list the documents with the evidence that decided each', async (t) => {
  const run = await runOn(probe, hardenedSite, hardenedCanned, withCanaries(SECRET, PASSWORDED));
  const password = run.findings.find((f) => f.messageId === 'passwordProtected');
  t.equal(password?.data['count'], 1);
  t.equal(password?.data['docs'], '/documents/8/salaries.csv');
  t.equal(password?.evidence[0]?.status, 200, 'a 200 that is not access');
  t.match(password?.evidence[0]?.note, /password form/);
  const login = run.findings.find((f) => f.messageId === 'loginProtected');
  t.match(login?.evidence[0]?.note, /_util\/login\/\?next=/);
});

t.test('object storage: an unsigned redirect for a private document, a listable bucket, long-lived signed URLs', async (t) => {
  const bucket = 'https://acme-media.s3.amazonaws.com/';
  const unsigned = `${bucket}media/documents/board-minutes.pdf`;
  const signed = `${bucket}media/documents/annual-report.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=604800&X-Amz-Signature=abc123`;
  const shortSigned = `${bucket}media/documents/brochure.pdf?X-Amz-Expires=3600&X-Amz-Signature=def456`;
  const brochure = serveUrl(2, 'brochure.pdf');
  const run = await runOn(
    probe,
    site({
      mediaUrl: null,
      resources: [
        doc(PUBLIC_PDF, crawledRedirect(PUBLIC_PDF, signed, servedByNginx(signed))),
        doc(brochure, crawledRedirect(brochure, shortSigned, servedByNginx(shortSigned))),
        doc(SECRET, crawledRedirect(SECRET, unsigned, servedByNginx(unsigned)), canary),
      ],
    }),
    [
      apiAbsent,
      noFollow(SECRET, response({ url: SECRET, status: 302, headers: { location: unsigned } })),
      noFollow(bucket, response({ url: bucket, headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0"?><ListBucketResult>', text: '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>acme-media</Name>' })),
    ],
    withCanaries(SECRET),
  );
  t.same(summary(run), [
    `canaryNotProtected ${SECRET}`,
    `longSignedUrl ${PUBLIC_PDF}`,
    `servedByRedirect ${SITE}`,
    `storageBucketListable ${bucket}`,
    `unsignedStorageUrl ${SECRET}`,
  ]);
  const long = run.findings.find((f) => f.messageId === 'longSignedUrl');
  t.equal(long?.data['seconds'], 604800);
  t.equal(long?.data['count'], 1, 'the default one-hour signature is not flagged');
  t.equal(run.requests.filter((r) => r.url === bucket).length, 1, 'one request to the bucket root');
});

t.test('signed URL lifetimes: S3 signature v2 Expires and Azure se= are measured from the redirect Date', async (t) => {
  const date = { date: 'Thu, 01 Jan 2026 00:00:00 GMT' };
  const v2 = `https://acme.s3.amazonaws.com/documents/annual-report.pdf?AWSAccessKeyId=AKIA&Expires=${Date.UTC(2026, 0, 2) / 1000}&Signature=abc%3D`;
  const azure = 'https://acme.blob.core.windows.net/media/documents/brochure.pdf?sv=2021-08-06&se=2026-01-01T00%3A30%3A00Z&sp=r&sig=def%3D';
  const brochure = serveUrl(2, 'brochure.pdf');
  const run = await runOn(
    probe,
    site({
      resources: [
        doc(PUBLIC_PDF, crawledRedirect(PUBLIC_PDF, v2, servedByNginx(v2), date)),
        doc(brochure, crawledRedirect(brochure, azure, servedByNginx(azure), date)),
      ],
    }),
    [apiAbsent, noFollow('https://acme.s3.amazonaws.com/', response({ url: 'https://acme.s3.amazonaws.com/', status: 403 }))],
  );
  t.same(summary(run), [`longSignedUrl ${PUBLIC_PDF}`, `servedByRedirect ${SITE}`], 'a day is long; half an hour is not; Azure listing is not tried');
  t.equal(run.findings.find((f) => f.messageId === 'longSignedUrl')?.data['seconds'], 86400);
});

t.test('path-style bucket URLs list at the bucket, not the host', async (t) => {
  const target = 'https://s3.eu-west-1.amazonaws.com/acme-media/documents/annual-report.pdf';
  const run = await runOn(
    probe,
    site({ resources: [doc(PUBLIC_PDF, crawledRedirect(PUBLIC_PDF, target, servedByNginx(target)))] }),
    [apiAbsent, noFollow('https://s3.eu-west-1.amazonaws.com/acme-media/', response({ url: 'https://s3.eu-west-1.amazonaws.com/acme-media/', status: 403, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>AccessDenied</Code>', text: '<Error><Code>AccessDenied</Code></Error>' }))],
  );
  t.same(summary(run), [`servedByRedirect ${SITE}`], 'a refused listing is fine');
});

t.test('the documents API: paginated with offset, and a protected document it lists is a leak', async (t) => {
  const items = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ id: from + i, meta: { type: 'wagtaildocs.Document', download_url: serveUrl(from + i, `doc-${from + i}.pdf`) }, title: `Doc ${from + i}` }));
  // Page one: 20 public documents met on pages already; page two: the canary among them.
  const page1 = { meta: { total_count: 22 }, items: items(100, 20) };
  const page2 = { meta: { total_count: 22 }, items: [...items(120, 1), { id: 7, meta: { download_url: SECRET }, title: 'Board minutes' }] };
  const json = (url: string, body: unknown) => response({ url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), text: JSON.stringify(body) });
  const publicDocs = [...items(100, 21)].map((item) => doc(item.meta.download_url, servedByView(item.meta.download_url)));
  const run = await runOn(
    probe,
    site({ resources: [...publicDocs, doc(SECRET, crawledLogin(SECRET), canary)] }),
    [
      { url: API, result: json(API, page1) },
      { url: `${API}?offset=20`, result: json(`${API}?offset=20`, page2) },
      noFollow(SECRET, loginRedirect(SECRET)),
      noFollow(fileUrl('board-minutes.pdf'), notFound(fileUrl('board-minutes.pdf'))),
    ],
    withCanaries(SECRET),
  );
  t.same(summary(run), [`apiListsPrivateDocument ${SECRET}`, `loginProtected ${SITE}`, `servedByView ${SITE}`]);
  const listed = run.findings.find((f) => f.messageId === 'apiListsPrivateDocument');
  t.equal(listed?.data['id'], 7);
  t.equal(listed?.data['apiUrl'], `${API}?offset=20`);
  t.equal(run.requests.filter((r) => r.url.startsWith(API)).length, 2, 'stops at total_count');
});

t.test('documents only the API lists are examined too, within a bounded number of requests', async (t) => {
  const total = 61;
  const docs = Array.from({ length: total }, (_, i) => ({ id: 200 + i, meta: { download_url: serveUrl(200 + i, `file-${i}.pdf`) } }));
  const pages: Canned[] = [];
  for (let offset = 0; offset < total; offset += 20) {
    const url = offset === 0 ? API : `${API}?offset=${offset}`;
    const body = JSON.stringify({ meta: { total_count: total }, items: docs.slice(offset, offset + 20) });
    pages.push({ url, result: response({ url, headers: { 'content-type': 'application/json' }, body, text: body }) });
  }
  const rechecks = docs.map((d) => noFollow(d.meta.download_url, servedByView(d.meta.download_url)));
  const run = await runOn(probe, site(), [...pages, ...rechecks]);
  t.same(summary(run), [`checksCapped ${SITE}`, `servedByView ${SITE}`]);
  t.equal(run.findings.find((f) => f.messageId === 'servedByView')?.data['count'], 60);
  t.match(String(run.findings.find((f) => f.messageId === 'servedByView')?.data['docs']), /and 50 more$/);
  t.equal(run.requests.length, 4 + 60, 'four API pages, sixty documents, nothing more');
});
