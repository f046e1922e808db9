import t from 'tap';
import { bucketRoot, bucketRoots, isKnownStorageHost, isObjectStorage, isSignedUrl, objectIdentity, signedLifetime, SIGNATURE_KEYS, STORAGE_HOSTS, unsignedForm, withTamperedSignature } from '../../src/signals/storage-urls.js';

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

t.test('bucketRoots: where a listing may answer, for virtual-hosted, path-style and CNAME URLs', async (t) => {
  const cases: [string, string, string[]][] = [
    ['virtual-hosted S3: the host is the bucket', 'https://acme-media.s3.eu-west-1.amazonaws.com/media/documents/a.pdf', ['https://acme-media.s3.eu-west-1.amazonaws.com/']],
    ['path-style S3: the first segment', 'https://s3.eu-west-1.amazonaws.com/acme-media/documents/a.pdf', ['https://s3.eu-west-1.amazonaws.com/acme-media/']],
    ['Azure: none', 'https://acme.blob.core.windows.net/media/a.pdf', []],
    ['a path-style endpoint (MinIO, Ceph, moto): the bucket segment first, then the host', 'http://127.0.0.1:9000/acme-media/documents/a.pdf', ['http://127.0.0.1:9000/acme-media/', 'http://127.0.0.1:9000/']],
    ['a CNAME to a bucket: the host, and the first segment in case it is path-style', 'https://media.acme.example/documents/a.pdf', ['https://media.acme.example/documents/', 'https://media.acme.example/']],
    ['a CNAME, a key at the root: the host only', 'https://media.acme.example/a.pdf', ['https://media.acme.example/']],
  ];
  for (const [name, url, expected] of cases) t.same(bucketRoots(new URL(url)), expected, name);
});

t.test('isObjectStorage: an origin the run learned, or the config named', async (t) => {
  const origins = new Set(['http://127.0.0.1:9000']);
  t.equal(isObjectStorage(new URL('http://127.0.0.1:9000/acme/a.pdf'), origins), true);
  t.equal(isObjectStorage(new URL('http://127.0.0.1:9001/acme/a.pdf'), origins), false, 'another port is another origin');
  t.equal(isKnownStorageHost(new URL('http://127.0.0.1:9000/acme/a.pdf')), false);
});

t.test('unsignedForm and objectIdentity: the object as an anonymous client asks for it', async (t) => {
  const cases: [string, string, string][] = [
    ['S3 v4', 'https://b.s3.amazonaws.com/documents/a.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261202&X-Amz-Date=20261202T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=abc', 'https://b.s3.amazonaws.com/documents/a.pdf'],
    ['S3 v2', 'https://b.s3.amazonaws.com/a.pdf?AWSAccessKeyId=AKIA&Expires=1&Signature=abc%3D', 'https://b.s3.amazonaws.com/a.pdf'],
    ['Azure SAS', 'https://b.blob.core.windows.net/m/a.pdf?sv=2021-08-06&se=2026-01-01T00%3A30%3A00Z&sp=r&sr=b&sig=def', 'https://b.blob.core.windows.net/m/a.pdf'],
    ['other query kept (a version id)', 'https://b.s3.amazonaws.com/a.pdf?versionId=3&X-Amz-Signature=abc', 'https://b.s3.amazonaws.com/a.pdf?versionId=3'],
    ['unsigned: unchanged', 'http://127.0.0.1:9000/acme/a.pdf', 'http://127.0.0.1:9000/acme/a.pdf'],
  ];
  for (const [name, url, expected] of cases) t.equal(unsignedForm(new URL(url)).href, expected, name);
  t.equal(objectIdentity(new URL('https://b.s3.amazonaws.com/a.pdf?X-Amz-Signature=1')), objectIdentity(new URL('https://b.s3.amazonaws.com/a.pdf?X-Amz-Signature=2')), 'two signatures, one object');
});

t.test('withTamperedSignature: the signature altered, everything else kept', async (t) => {
  const cases: [string, string, string | null][] = [
    ['S3 v4 hex', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Expires=300&X-Amz-Signature=9f2c4e', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Expires=300&X-Amz-Signature=9f2c40'],
    ['ending in 0', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Signature=ab10', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Signature=ab11'],
    ['S3 v2 base64', 'https://b.s3.amazonaws.com/a.pdf?AWSAccessKeyId=AKIA&Expires=1&Signature=P%2BGfo49yaMjQ%3D', 'https://b.s3.amazonaws.com/a.pdf?AWSAccessKeyId=AKIA&Expires=1&Signature=P%2BGfo49yaMjQA'],
    ['Azure sig', 'https://b.blob.core.windows.net/m/a.pdf?sv=1&sig=xyzA', 'https://b.blob.core.windows.net/m/a.pdf?sv=1&sig=xyzB'],
    ['unsigned', 'https://b.s3.amazonaws.com/a.pdf', null],
    ['an empty signature', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Signature=', null],
  ];
  for (const [name, url, expected] of cases) t.equal(withTamperedSignature(new URL(url))?.href ?? null, expected, name);
});
