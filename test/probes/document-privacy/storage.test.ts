// document-privacy, storage: unsigned links to private documents, listable
// buckets, long-lived signatures.

import t from 'tap';
import probe from '../../../probes/document-privacy/index.js';
import { MAX_BUCKET_CHECKS } from '../../../probes/document-privacy/bounds.js';
import { listingCandidates, type StorageRedirect } from '../../../probes/document-privacy/storage.js';
import { SITE, response, site, summary } from '../../helpers/site-kit.js';
import { canary, crawledRedirect, doc, noFollow, PUBLIC_PDF, runOn, SECRET, servedByNginx, servedByView, serveUrl, withCanaries } from './fixtures/site.js';

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
      name: `at most ${MAX_BUCKET_CHECKS}`,
      redirects: ['https://a.s3.amazonaws.com/x.pdf', 'https://b.s3.amazonaws.com/y.pdf', 'https://c.s3.amazonaws.com/z.pdf'],
      mediaUrl: 'https://media.acme.example/',
      roots: ['https://a.s3.amazonaws.com/', 'https://b.s3.amazonaws.com/'],
    },
  ];
  for (const { name, redirects, mediaUrl, roots } of cases) {
    t.same(listingCandidates(redirects.map(redirect), mediaUrl === null ? null : media(mediaUrl)), roots, name);
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
