// document-privacy, storage: unsigned links to private documents, listable
// buckets, long-lived signatures, signatures the store ignores, stored objects
// anyone can read, on well-known stores and on any host their answers reveal.

import t from 'tap';
import probe from '../../../probes/document-privacy/index.js';
import { MAX_BUCKET_CHECKS } from '../../../probes/document-privacy/bounds.js';
import { listingCandidates, type StorageRedirect } from '../../../probes/document-privacy/storage.js';
import { StorageOrigins } from '../../../probes/document-privacy/storage-origins.js';
import { withTamperedSignature } from '../../../src/signals/storage-urls.js';
import { SITE, failure, options, response, site, summary, type Canned } from '../../helpers/site-kit.js';
import { canary, crawledRedirect, doc, loginRedirect, noFollow, PDF_BYTES, PUBLIC_PDF, runOn, SECRET, servedByNginx, servedByView, serveUrl, withCanaries } from './fixtures/site.js';

/** S3's answer to a request it refuses: its XML error and request ids. */
function s3Refusal(url: string, code = 'AccessDenied') {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>`;
  return response({ url, status: 403, headers: { 'content-type': 'application/xml', 'x-amz-request-id': '4442587FB7D0A2F9' }, body: text, text });
}

/** The signed URL asked with its signature altered: refused, as every store that checks signatures does. */
function tamperRefused(signedUrl: string): Canned {
  const tampered = (withTamperedSignature(new URL(signedUrl)) as URL).href;
  return noFollow(tampered, s3Refusal(tampered, 'SignatureDoesNotMatch'));
}

t.test('object storage: a private document redirecting anonymously (the canary\'s error, once), a listable bucket, long-lived signed URLs', async (t) => {
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
      noFollow(SECRET, response({ url: SECRET, status: 302, headers: { location: unsigned } })),
      noFollow(bucket, response({ url: bucket, headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0"?><ListBucketResult>', text: '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>acme-media</Name>' })),
      tamperRefused(signed),
      tamperRefused(shortSigned),
    ],
    withCanaries(SECRET),
  );
  t.same(summary(run), [
    `canaryNotProtected ${SECRET}`,
    `longSignedUrl ${PUBLIC_PDF}`,
    `servedByRedirect ${SITE}`,
    `storageBucketListable ${bucket}`,
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
    [noFollow('https://acme.s3.amazonaws.com/', response({ url: 'https://acme.s3.amazonaws.com/', status: 403 }))],
  );
  t.same(summary(run), [`longSignedUrl ${PUBLIC_PDF}`, `servedByRedirect ${SITE}`], 'a day is long; half an hour is not; Azure listing is not tried');
  t.equal(run.findings.find((f) => f.messageId === 'longSignedUrl')?.data['seconds'], 86400);
});

t.test('path-style bucket URLs list at the bucket, not the host', async (t) => {
  const target = 'https://s3.eu-west-1.amazonaws.com/acme-media/documents/annual-report.pdf';
  const run = await runOn(
    probe,
    site({ resources: [doc(PUBLIC_PDF, crawledRedirect(PUBLIC_PDF, target, servedByNginx(target)))] }),
    [noFollow('https://s3.eu-west-1.amazonaws.com/acme-media/', response({ url: 'https://s3.eu-west-1.amazonaws.com/acme-media/', status: 403, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>AccessDenied</Code>', text: '<Error><Code>AccessDenied</Code></Error>' }))],
  );
  t.same(summary(run), [`servedByRedirect ${SITE}`], 'a refused listing is fine');
});

t.test('where a bucket listing is asked for: the redirects\' buckets, then MEDIA_URL and its bucket, distinct and bounded', async (t) => {
  const redirect = (target: string) => ({ target: new URL(target) }) as unknown as StorageRedirect;
  const media = (url: string) => ({ url, source: 'the test' });
  const cases: { name: string; redirects: string[]; mediaUrl: string | null; roots: string[] }[] = [
    { name: 'no storage seen, no MEDIA_URL', redirects: [], mediaUrl: null, roots: [] },
    { name: 'MEDIA_URL on a custom domain: only its answer can say storage', redirects: [], mediaUrl: 'https://media.acme.example/', roots: ['https://media.acme.example/'] },
    { name: 'MEDIA_URL path-style on S3: itself, then the bucket', redirects: [], mediaUrl: 'https://s3.eu-west-1.amazonaws.com/acme/media/', roots: ['https://s3.eu-west-1.amazonaws.com/acme/media/', 'https://s3.eu-west-1.amazonaws.com/acme/'] },
    {
      name: 'a document redirect\'s bucket first, MEDIA_URL on the same bucket once',
      redirects: ['https://acme.s3.amazonaws.com/media/documents/a.pdf'],
      mediaUrl: 'https://acme.s3.amazonaws.com/',
      roots: ['https://acme.s3.amazonaws.com/'],
    },
    {
      name: 'a path-style S3-compatible endpoint its answers revealed: the bucket segment, then the host (a CNAME is the bucket)',
      redirects: ['http://127.0.0.9:9000/acme-media/documents/a.pdf'],
      mediaUrl: null,
      roots: ['http://127.0.0.9:9000/acme-media/', 'http://127.0.0.9:9000/'],
    },
    {
      name: 'a custom domain (CNAME) on a path of one segment: the host only',
      redirects: ['https://media.acme.example/a.pdf'],
      mediaUrl: null,
      roots: ['https://media.acme.example/'],
    },
    {
      name: `at most ${MAX_BUCKET_CHECKS}`,
      redirects: ['https://a.s3.amazonaws.com/x.pdf', 'https://b.s3.amazonaws.com/y.pdf', 'https://c.s3.amazonaws.com/z.pdf', 'https://d.s3.amazonaws.com/z.pdf', 'https://e.s3.amazonaws.com/z.pdf'],
      mediaUrl: 'https://media.acme.example/',
      roots: ['https://a.s3.amazonaws.com/', 'https://b.s3.amazonaws.com/', 'https://c.s3.amazonaws.com/', 'https://d.s3.amazonaws.com/'],
    },
  ];
  for (const { name, redirects, mediaUrl, roots } of cases) {
    t.same(listingCandidates(redirects.map(redirect), mediaUrl === null ? null : media(mediaUrl), new StorageOrigins([])), roots, name);
  }
});

t.test('a bucket listing at MEDIA_URL on a custom domain is this probe\'s finding, whatever the host is called', async (t) => {
  const media = 'https://media.acme.example/';
  const listing = '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>acme-media</Name><Contents><Key>documents/board-minutes.pdf</Key></Contents>';
  const run = await runOn(
    probe,
    site({ mediaUrl: { url: media, source: 'config' }, resources: [doc(PUBLIC_PDF, servedByView(PUBLIC_PDF))] }),
    [
      noFollow(`${media}documents/annual-report.pdf`, response({ url: `${media}documents/annual-report.pdf`, status: 403 })),
      noFollow(media, response({ url: media, headers: { 'content-type': 'application/xml', server: 'MinIO' }, body: listing, text: listing })),
    ],
  );
  t.equal(run.outcome.status, 'fail', JSON.stringify(run.outcome));
  t.ok(summary(run).includes(`storageBucketListable ${media}`), summary(run).join(', '));
  t.equal(run.requests.filter((r) => r.url === media).length, 1, 'one request to MEDIA_URL');
});

// An S3-compatible store on a path-style endpoint of its own (MinIO, Ceph, moto): nothing in
// its name says storage; the answers do. Public documents redirect there unsigned; a private
// one shares the public report's name.
const ENDPOINT = 'http://127.0.0.9:9000/';
const BUCKET = `${ENDPOINT}acme-media/`;
const objectUrl = (name: string) => `${BUCKET}documents/${name}`;
const fromStore = (url: string, body = PDF_BYTES) => response({ url, headers: { 'content-type': 'application/pdf', 'x-amz-request-id': '17E0B5B4', 'x-amz-id-2': 'aGVsbG8=' }, body, complete: false });
const LISTING = '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>acme-media</Name><Contents><Key>documents/minutes.pdf</Key></Contents>';
const MINUTES = serveUrl(3, 'minutes.pdf');
const PRIVATE_MINUTES = serveUrl(9, 'minutes.pdf');

function publicBucketSite() {
  return site({
    mediaUrl: null,
    resources: [
      doc(PUBLIC_PDF, crawledRedirect(PUBLIC_PDF, objectUrl('annual-report.pdf'), fromStore(objectUrl('annual-report.pdf')))),
      doc(MINUTES, crawledRedirect(MINUTES, objectUrl('minutes.pdf'), fromStore(objectUrl('minutes.pdf')))),
      doc(PRIVATE_MINUTES, null, canary),
    ],
  });
}

t.test('a public bucket on an unknown host: recognised by its answers, each storage fault reported once', async (t) => {
  const run = await runOn(probe, publicBucketSite(), [
    noFollow(PRIVATE_MINUTES, loginRedirect(PRIVATE_MINUTES)),
    noFollow(objectUrl('minutes.pdf'), fromStore(objectUrl('minutes.pdf'))),
    noFollow(BUCKET, response({ url: BUCKET, headers: { 'content-type': 'application/xml', 'x-amz-request-id': '1' }, body: LISTING, text: LISTING })),
    noFollow(ENDPOINT, s3Refusal(ENDPOINT)),
  ], withCanaries(PRIVATE_MINUTES));
  t.same(summary(run), [
    `loginProtected ${SITE}`,
    `privateDocumentSharesFile ${MINUTES}`,
    `privateObjectPublic ${PRIVATE_MINUTES}`,
    `servedByRedirect ${SITE}`,
    `storageBucketListable ${BUCKET}`,
  ], 'not privateFileExposed: the file lives in a bucket, and the fix is the bucket\'s');
  const exposed = run.findings.find((f) => f.messageId === 'privateObjectPublic');
  t.match(exposed?.data['how'], /x-amz-request-id: 17E0B5B4/, 'how the host is known to be storage');
  const shared = run.findings.find((f) => f.messageId === 'privateDocumentSharesFile');
  t.match(shared?.data['basis'], /documents\/minutes\.pdf/);
  t.equal(shared?.data['private'], '/documents/9/minutes.pdf');
  t.equal(shared?.data['public'], '/documents/3/minutes.pdf');
  t.same(run.requests.filter((r) => r.url.startsWith(ENDPOINT)).map((r) => r.url), [objectUrl('minutes.pdf'), BUCKET, ENDPOINT],
    'the private file once, then both bucket roots: path-style and the host');
});

t.test('the config names a storage origin whose answers carry no sign of it (a CDN in front strips them)', async (t) => {
  const target = 'https://media.acme.example/documents/annual-report.pdf';
  const resources = [doc(PUBLIC_PDF, crawledRedirect(PUBLIC_PDF, target, servedByNginx(target)))];
  const roots = [noFollow('https://media.acme.example/', response({ url: 'https://media.acme.example/', status: 403 }))];
  const onStore = (run: { requests: { url: string }[] }) => run.requests.filter((r) => r.url.startsWith('https://media.acme.example/')).map((r) => r.url);
  const plain = await runOn(probe, site({ mediaUrl: null, resources }), roots);
  t.same(onStore(plain), ['https://media.acme.example/'], 'without the config: only MEDIA_URL, learned from the redirect, is asked for a listing');
  const configured = await runOn(probe, site({ mediaUrl: null, resources }), [
    ...roots,
    noFollow('https://media.acme.example/documents/', response({ url: 'https://media.acme.example/documents/', status: 404 })),
  ], options({ storageOrigins: ['https://media.acme.example'] }));
  t.same(summary(configured), [`servedByRedirect ${SITE}`]);
  t.same(onStore(configured), ['https://media.acme.example/documents/', 'https://media.acme.example/'],
    'with it: the redirect is a storage redirect, and both of its bucket roots are asked');
});

t.test('signatures: an altered signature must be refused; one served anyway means the objects are public', async (t) => {
  const signed = `${BUCKET}documents/annual-report.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20991231%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20991231T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=9f2c4e`;
  const tampered = (withTamperedSignature(new URL(signed)) as URL).href;
  const resources = [doc(PUBLIC_PDF, crawledRedirect(PUBLIC_PDF, signed, fromStore(signed)))];
  const roots = [noFollow(BUCKET, s3Refusal(BUCKET)), noFollow(ENDPOINT, s3Refusal(ENDPOINT))];
  const cases: { name: string; answer: Canned['result']; expected: string[] }[] = [
    { name: 'refused (SignatureDoesNotMatch): the store checks', answer: s3Refusal(tampered, 'SignatureDoesNotMatch'), expected: [`servedByRedirect ${SITE}`] },
    { name: 'served: the store ignores signatures', answer: fromStore(tampered), expected: [`servedByRedirect ${SITE}`, `storageSignatureIgnored ${PUBLIC_PDF}`] },
    { name: 'no answer: said, never a pass', answer: failure(tampered, 'ERR_RESET'), expected: [`?storageSignatureUnchecked ${PUBLIC_PDF}`, `servedByRedirect ${SITE}`] },
    { name: 'a redirect: neither the file nor a refusal', answer: response({ url: tampered, status: 301, headers: { location: tampered.replace('http:', 'https:') } }), expected: [`?storageSignatureUnchecked ${PUBLIC_PDF}`, `servedByRedirect ${SITE}`] },
    { name: 'a 200 HTML page (a CDN\'s error page served as 200): not the file', answer: response({ url: tampered, headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><title>Oops</title>' }), expected: [`?storageSignatureUnchecked ${PUBLIC_PDF}`, `servedByRedirect ${SITE}`] },
  ];
  for (const { name, answer, expected } of cases) {
    const run = await runOn(probe, site({ mediaUrl: null, resources }), [noFollow(tampered, answer), ...roots]);
    t.same(summary(run), expected, name);
    t.equal(run.requests.filter((r) => r.url === tampered).length, 1, `${name}: one altered request`);
  }
  t.not(tampered, signed);
  t.equal(tampered.length, signed.length, 'only the signature differs');
});

t.test('signatures: one expired since the crawl is renewed from the serve URL before it is altered', async (t) => {
  const signedAt = (date: string, sig: string) => `${BUCKET}documents/annual-report.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${date}&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=${sig}`;
  const expired = signedAt('20261201T000000Z', '9f2c4e');
  const fresh = signedAt('20991231T000000Z', '7a7a7a');
  const tampered = (withTamperedSignature(new URL(fresh)) as URL).href;
  const resources = [doc(PUBLIC_PDF, crawledRedirect(PUBLIC_PDF, expired, fromStore(expired)))];
  const roots = [noFollow(BUCKET, s3Refusal(BUCKET)), noFollow(ENDPOINT, s3Refusal(ENDPOINT))];
  const run = await runOn(probe, site({ mediaUrl: null, resources }), [
    noFollow(PUBLIC_PDF, response({ url: PUBLIC_PDF, status: 302, headers: { location: fresh } })),
    noFollow(tampered, s3Refusal(tampered, 'SignatureDoesNotMatch')),
    ...roots,
  ]);
  t.same(summary(run), [`servedByRedirect ${SITE}`], 'refused for its signature, not its age');
  t.same(run.requests.filter((r) => r.url === PUBLIC_PDF || r.url.includes('X-Amz-Signature')).map((r) => r.url), [PUBLIC_PDF, tampered], 'the serve URL read again, then the fresh signature altered');
  t.equal(run.requests.find((r) => r.url === PUBLIC_PDF)?.options.fresh, true, 'read fresh, not from the memo');
});
