import t from 'tap';
import { bucketRoot, isObjectStorage, isSignedUrl, signedLifetime, SIGNATURE_KEYS, STORAGE_HOSTS } from '../../src/signals/storage-urls.js';

t.test('isObjectStorage: a known storage host or its subdomain, or any host with a signed query', async (t) => {
  const cases: [string, string, boolean][] = [
    ['S3 virtual-hosted', 'https://acme-media.s3.amazonaws.com/documents/a.pdf', true],
    ['S3 path-style, regional', 'https://s3.eu-west-1.amazonaws.com/acme-media/documents/a.pdf', true],
    ['GCS path-style', 'https://storage.googleapis.com/acme-media/documents/a.pdf', true],
    ['Azure Blob', 'https://acme.blob.core.windows.net/media/documents/a.pdf', true],
    ['DigitalOcean Spaces', 'https://acme.ams3.digitaloceanspaces.com/documents/a.pdf', true],
    ['Cloudflare R2', 'https://acct.r2.cloudflarestorage.com/acme/documents/a.pdf', true],
    ['MinIO on its own domain, signed', 'https://files.example.com/media/a.pdf?X-Amz-Signature=abc', true],
    ['a host that only ends like one', 'https://notamazonaws.com/a.pdf', false],
    ['the site itself', 'https://site.test/media/documents/a.pdf', false],
  ];
  for (const [name, url, expected] of cases) t.equal(isObjectStorage(new URL(url)), expected, name);
  t.ok(STORAGE_HOSTS.includes('amazonaws.com'));
});

t.test('isSignedUrl: any signature key, in any case', async (t) => {
  const cases: [string, string, boolean][] = [
    ['S3 signature v4', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc', true],
    ['S3 signature v2', 'https://b.s3.amazonaws.com/a.pdf?AWSAccessKeyId=AKIA&Expires=1&Signature=abc', true],
    ['GCS', 'https://storage.googleapis.com/b/a.pdf?X-Goog-Signature=abc', true],
    ['Azure SAS', 'https://b.blob.core.windows.net/m/a.pdf?sv=2021-08-06&sig=abc', true],
    ['lower-cased v4', 'https://b.s3.amazonaws.com/a.pdf?x-amz-signature=abc', true],
    ['an expiry alone is no signature', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Expires=3600', false],
    ['no query', 'https://b.s3.amazonaws.com/a.pdf', false],
  ];
  for (const [name, url, expected] of cases) t.equal(isSignedUrl(new URL(url)), expected, name);
  t.ok(SIGNATURE_KEYS.every((k) => k === k.toLowerCase()), 'keys are compared lower-cased');
});

t.test('signedLifetime: from the URL, or from its expiry and the Date it was handed out', async (t) => {
  const date = 'Thu, 01 Jan 2026 00:00:00 GMT';
  const cases: [string, string, string | undefined, number | null][] = [
    ['S3 v4 X-Amz-Expires', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Expires=604800&X-Amz-Signature=x', undefined, 604800],
    ['GCS X-Goog-Expires', 'https://storage.googleapis.com/b/a.pdf?X-Goog-Expires=900&X-Goog-Signature=x', undefined, 900],
    ['S3 v2 Expires (epoch) from the Date', `https://b.s3.amazonaws.com/a.pdf?Expires=${Date.UTC(2026, 0, 2) / 1000}&Signature=x`, date, 86400],
    ['Azure se= (ISO 8601) from the Date', 'https://b.blob.core.windows.net/m/a.pdf?se=2026-01-01T00%3A30%3A00Z&sig=x', date, 1800],
    ['an expiry without a Date cannot be measured', `https://b.s3.amazonaws.com/a.pdf?Expires=${Date.UTC(2026, 0, 2) / 1000}&Signature=x`, undefined, null],
    ['a bad Date cannot either', 'https://b.blob.core.windows.net/m/a.pdf?se=2026-01-01T00%3A30%3A00Z&sig=x', 'yesterday', null],
    ['a non-numeric X-Amz-Expires is ignored', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Expires=soon&X-Amz-Signature=x', undefined, null],
    ['unsigned', 'https://b.s3.amazonaws.com/a.pdf', date, null],
  ];
  for (const [name, url, issued, expected] of cases) t.equal(signedLifetime(new URL(url), issued), expected, name);
});

t.test('bucketRoot: the host for virtual-hosted buckets, the first segment for path-style ones, none for Azure', async (t) => {
  const cases: [string, string, string | null][] = [
    ['virtual-hosted S3', 'https://acme-media.s3.amazonaws.com/media/documents/a.pdf', 'https://acme-media.s3.amazonaws.com/'],
    ['path-style S3 (s3.<region>)', 'https://s3.eu-west-1.amazonaws.com/acme-media/documents/a.pdf', 'https://s3.eu-west-1.amazonaws.com/acme-media/'],
    ['path-style S3 (s3-<region>)', 'https://s3-eu-west-1.amazonaws.com/acme-media/a.pdf', 'https://s3-eu-west-1.amazonaws.com/acme-media/'],
    ['path-style GCS', 'https://storage.googleapis.com/acme-media/documents/a.pdf', 'https://storage.googleapis.com/acme-media/'],
    ['path-style without a bucket', 'https://s3.amazonaws.com/', null],
    ['Azure: listing is ?comp=list, another request', 'https://acme.blob.core.windows.net/media/documents/a.pdf', null],
  ];
  for (const [name, url, expected] of cases) t.equal(bucketRoot(new URL(url)), expected, name);
});
