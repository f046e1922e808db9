import t from 'tap';
import { bucketAddressing, bucketRoots, isKnownStorageHost, isSignedUrl, objectIdentity, signedLifetime, signedUntil, SIGNATURE_KEYS, STORAGE_HOSTS, unsignedForm, withTamperedSignature } from '../../src/signals/storage-urls.js';

t.test("isKnownStorageHost: a well-known store's host or its subdomain", async (t) => {
  const cases: [string, string, boolean][] = [
    ['S3 virtual-hosted', 'https://acme-media.s3.amazonaws.com/documents/a.pdf', true],
    ['S3 path-style, regional', 'https://s3.eu-west-1.amazonaws.com/acme-media/documents/a.pdf', true],
    ['GCS path-style', 'https://storage.googleapis.com/acme-media/documents/a.pdf', true],
    ['Azure Blob', 'https://acme.blob.core.windows.net/media/documents/a.pdf', true],
    ['DigitalOcean Spaces', 'https://acme.ams3.digitaloceanspaces.com/documents/a.pdf', true],
    ['Cloudflare R2', 'https://acct.r2.cloudflarestorage.com/acme/documents/a.pdf', true],
    ['MinIO on its own domain: its name says nothing (its answers do: object-storage.ts)', 'https://files.example.com/media/a.pdf?X-Amz-Signature=abc', false],
    ['a path-style endpoint on an address', 'http://127.0.0.1:9000/acme/a.pdf', false],
    ['a host that only ends like one', 'https://notamazonaws.com/a.pdf', false],
    ['the site itself', 'https://site.test/media/documents/a.pdf', false],
  ];
  for (const [name, url, expected] of cases) t.equal(isKnownStorageHost(new URL(url)), expected, name);
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
    ['an se= that is no ISO 8601 date (Date.parse would read "1" as 2001)', 'https://b.blob.core.windows.net/m/a.pdf?se=1&sig=x', date, null],
    ['a non-numeric X-Amz-Expires is ignored', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Expires=soon&X-Amz-Signature=x', undefined, null],
    ['unsigned', 'https://b.s3.amazonaws.com/a.pdf', date, null],
  ];
  for (const [name, url, issued, expected] of cases) t.equal(signedLifetime(new URL(url), issued), expected, name);
});

t.test('bucketAddressing and bucketRoots: where a listing may answer, for virtual-hosted, path-style and CNAME URLs', async (t) => {
  const cases: [string, string, string, string[]][] = [
    // S3: the endpoint begins with s3. or s3-; a name before it is the bucket, whatever that name begins with.
    ['S3 virtual-hosted', 'https://acme-media.s3.amazonaws.com/media/documents/a.pdf', 'virtual', ['https://acme-media.s3.amazonaws.com/']],
    ['S3 virtual-hosted, regional', 'https://acme-media.s3.eu-west-1.amazonaws.com/media/documents/a.pdf', 'virtual', ['https://acme-media.s3.eu-west-1.amazonaws.com/']],
    ['S3 virtual-hosted, a bucket named s3-…', 'https://s3-backups.s3.amazonaws.com/media/a.pdf', 'virtual', ['https://s3-backups.s3.amazonaws.com/']],
    ['S3 virtual-hosted, a bucket named s3-…, regional', 'https://s3-backups.s3.eu-west-1.amazonaws.com/media/a.pdf', 'virtual', ['https://s3-backups.s3.eu-west-1.amazonaws.com/']],
    ['S3 virtual-hosted, a bucket named s3.…, legacy s3-<region>', 'https://s3.backups.s3-eu-west-1.amazonaws.com/a.pdf', 'virtual', ['https://s3.backups.s3-eu-west-1.amazonaws.com/']],
    ['S3 website endpoint', 'http://acme-media.s3-website-us-east-1.amazonaws.com/a.pdf', 'virtual', ['http://acme-media.s3-website-us-east-1.amazonaws.com/']],
    ['S3 path-style, global', 'https://s3.amazonaws.com/acme-media/documents/a.pdf', 'path', ['https://s3.amazonaws.com/acme-media/']],
    ['S3 path-style (s3.<region>)', 'https://s3.eu-west-1.amazonaws.com/acme-media/documents/a.pdf', 'path', ['https://s3.eu-west-1.amazonaws.com/acme-media/']],
    ['S3 path-style (s3-<region>)', 'https://s3-eu-west-1.amazonaws.com/acme-media/a.pdf', 'path', ['https://s3-eu-west-1.amazonaws.com/acme-media/']],
    ['S3 path-style, dual-stack', 'https://s3.dualstack.eu-west-1.amazonaws.com/acme-media/a.pdf', 'path', ['https://s3.dualstack.eu-west-1.amazonaws.com/acme-media/']],
    ['S3 path-style without a bucket', 'https://s3.amazonaws.com/', 'path', []],
    ['an AWS host that is no S3 endpoint: the shape does not say', 'https://abc123.execute-api.eu-west-1.amazonaws.com/media/a.pdf', 'either', ['https://abc123.execute-api.eu-west-1.amazonaws.com/media/', 'https://abc123.execute-api.eu-west-1.amazonaws.com/']],
    // GCS
    ['GCS path-style', 'https://storage.googleapis.com/acme-media/documents/a.pdf', 'path', ['https://storage.googleapis.com/acme-media/']],
    ['GCS virtual-hosted', 'https://acme-media.storage.googleapis.com/documents/a.pdf', 'virtual', ['https://acme-media.storage.googleapis.com/']],
    // S3-compatible stores with an s3 endpoint of their own
    ['Wasabi path-style', 'https://s3.eu-central-1.wasabisys.com/acme/media/a.pdf', 'path', ['https://s3.eu-central-1.wasabisys.com/acme/']],
    ['Wasabi virtual-hosted', 'https://acme.s3.eu-central-1.wasabisys.com/media/a.pdf', 'virtual', ['https://acme.s3.eu-central-1.wasabisys.com/']],
    ['Scaleway path-style', 'https://s3.fr-par.scw.cloud/acme/media/a.pdf', 'path', ['https://s3.fr-par.scw.cloud/acme/']],
    ['Scaleway virtual-hosted', 'https://acme.s3.fr-par.scw.cloud/media/a.pdf', 'virtual', ['https://acme.s3.fr-par.scw.cloud/']],
    ['Backblaze B2 S3 API path-style', 'https://s3.us-west-004.backblazeb2.com/acme/media/a.pdf', 'path', ['https://s3.us-west-004.backblazeb2.com/acme/']],
    ['Backblaze B2 S3 API virtual-hosted', 'https://acme.s3.us-west-004.backblazeb2.com/media/a.pdf', 'virtual', ['https://acme.s3.us-west-004.backblazeb2.com/']],
    ["Backblaze B2's native download host: the shape does not say", 'https://f004.backblazeb2.com/file/acme/a.pdf', 'either', ['https://f004.backblazeb2.com/file/', 'https://f004.backblazeb2.com/']],
    // Stores whose endpoint is a region (or an account) before their domain
    ['Spaces path-style', 'https://nyc3.digitaloceanspaces.com/acme/media/a.pdf', 'path', ['https://nyc3.digitaloceanspaces.com/acme/']],
    ['Spaces virtual-hosted', 'https://acme.nyc3.digitaloceanspaces.com/media/a.pdf', 'virtual', ['https://acme.nyc3.digitaloceanspaces.com/']],
    ['Spaces CDN: more labels than either shape has', 'https://acme.nyc3.cdn.digitaloceanspaces.com/media/a.pdf', 'either', ['https://acme.nyc3.cdn.digitaloceanspaces.com/media/', 'https://acme.nyc3.cdn.digitaloceanspaces.com/']],
    ['Linode path-style', 'https://us-east-1.linodeobjects.com/acme/media/a.pdf', 'path', ['https://us-east-1.linodeobjects.com/acme/']],
    ['Linode virtual-hosted', 'https://acme.us-east-1.linodeobjects.com/media/a.pdf', 'virtual', ['https://acme.us-east-1.linodeobjects.com/']],
    ['R2 path-style (the account endpoint)', 'https://acct.r2.cloudflarestorage.com/acme/media/a.pdf', 'path', ['https://acct.r2.cloudflarestorage.com/acme/']],
    ['R2, two labels: a bucket on an account, or an account in a jurisdiction', 'https://acme.acct.r2.cloudflarestorage.com/media/a.pdf', 'either', ['https://acme.acct.r2.cloudflarestorage.com/media/', 'https://acme.acct.r2.cloudflarestorage.com/']],
    // Azure
    ['Azure: listing is ?comp=list, another request', 'https://acme.blob.core.windows.net/media/documents/a.pdf', 'none', []],
    // Hosts whose name says nothing
    ['a path-style endpoint (MinIO, Ceph, moto): the bucket segment first, then the host', 'http://127.0.0.1:9000/acme-media/documents/a.pdf', 'either', ['http://127.0.0.1:9000/acme-media/', 'http://127.0.0.1:9000/']],
    ['a CNAME to a bucket: the host, and the first segment in case it is path-style', 'https://media.acme.example/documents/a.pdf', 'either', ['https://media.acme.example/documents/', 'https://media.acme.example/']],
    ['a CNAME, a key at the root: the host only', 'https://media.acme.example/a.pdf', 'either', ['https://media.acme.example/']],
  ];
  for (const [name, url, addressing, roots] of cases) {
    t.equal(bucketAddressing(new URL(url)), addressing, `${name}: ${addressing}`);
    t.same(bucketRoots(new URL(url)), roots, `${name}: roots`);
  }
});

t.test('unsignedForm and objectIdentity: the object as an anonymous client asks for it', async (t) => {
  const cases: [string, string, string][] = [
    ['S3 v4', 'https://b.s3.amazonaws.com/documents/a.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261202&X-Amz-Date=20261202T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=abc', 'https://b.s3.amazonaws.com/documents/a.pdf'],
    ['S3 v2', 'https://b.s3.amazonaws.com/a.pdf?AWSAccessKeyId=AKIA&Expires=1&Signature=abc%3D', 'https://b.s3.amazonaws.com/a.pdf'],
    ['Azure SAS', 'https://b.blob.core.windows.net/m/a.pdf?sv=2021-08-06&se=2026-01-01T00%3A30%3A00Z&sp=r&sr=b&sig=def', 'https://b.blob.core.windows.net/m/a.pdf'],
    ['other query kept (a version id)', 'https://b.s3.amazonaws.com/a.pdf?versionId=3&X-Amz-Signature=abc', 'https://b.s3.amazonaws.com/a.pdf?versionId=3'],
    ['unsigned: unchanged', 'http://127.0.0.1:9000/acme/a.pdf', 'http://127.0.0.1:9000/acme/a.pdf'],
    ['the rest of the query kept as written (%20 stays %20, %2F stays %2F)', 'https://b.s3.amazonaws.com/a.pdf?response-content-disposition=attachment%3B%20filename%3D%22a%20b.pdf%22&prefix=media%2Fdocs&X-Amz-Signature=abc', 'https://b.s3.amazonaws.com/a.pdf?response-content-disposition=attachment%3B%20filename%3D%22a%20b.pdf%22&prefix=media%2Fdocs'],
  ];
  for (const [name, url, expected] of cases) t.equal(unsignedForm(new URL(url)).href, expected, name);
  t.equal(objectIdentity(new URL('https://b.s3.amazonaws.com/a.pdf?X-Amz-Signature=1')), objectIdentity(new URL('https://b.s3.amazonaws.com/a.pdf?X-Amz-Signature=2')), 'two signatures, one object');
});

t.test("withTamperedSignature: the signature's last character altered, every other byte kept", async (t) => {
  const v4 = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261202%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261202T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host';
  const cases: [string, string, string | null][] = [
    ['S3 v4 hex', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Expires=300&X-Amz-Signature=9f2c4e', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Expires=300&X-Amz-Signature=9f2c40'],
    ['ending in 0', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Signature=ab10', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Signature=ab11'],
    ['S3 v2 base64 ending in an escape (%3D): another escape (%41, "A")', 'https://b.s3.amazonaws.com/a.pdf?AWSAccessKeyId=AKIA&Expires=1&Signature=P%2BGfo49yaMjQ%3D', 'https://b.s3.amazonaws.com/a.pdf?AWSAccessKeyId=AKIA&Expires=1&Signature=P%2BGfo49yaMjQ%41'],
    ['Azure sig', 'https://b.blob.core.windows.net/m/a.pdf?sv=1&sig=xyzA', 'https://b.blob.core.windows.net/m/a.pdf?sv=1&sig=xyzB'],
    ['%2F elsewhere in the query (the credential) stays %2F', `https://b.s3.amazonaws.com/a.pdf?${v4}&X-Amz-Signature=9f2c4e`, `https://b.s3.amazonaws.com/a.pdf?${v4}&X-Amz-Signature=9f2c40`],
    ['%20 elsewhere in the query stays %20, never +', 'https://b.s3.amazonaws.com/a.pdf?response-content-disposition=attachment%3B%20filename%3D%22annual%20report.pdf%22&X-Amz-Signature=9f2c4e', 'https://b.s3.amazonaws.com/a.pdf?response-content-disposition=attachment%3B%20filename%3D%22annual%20report.pdf%22&X-Amz-Signature=9f2c40'],
    ['the signature before other parameters', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Signature=9f2c4e&x-id=GetObject&prefix=a%20b', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Signature=9f2c40&x-id=GetObject&prefix=a%20b'],
    ['unsigned', 'https://b.s3.amazonaws.com/a.pdf', null],
    ['an empty signature', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Signature=', null],
  ];
  for (const [name, url, expected] of cases) {
    const tampered = withTamperedSignature(new URL(url));
    t.equal(tampered?.href ?? null, expected, name);
    if (tampered !== null) t.equal(tampered.href.length, new URL(url).href.length, `${name}: same length`);
  }
});

t.test('signedUntil: when a signed URL stops working, from its own parameters only', async (t) => {
  const signedAt = Date.UTC(2026, 11, 2, 10, 30, 0);
  const cases: [string, string, number | null][] = [
    ['S3 v4: X-Amz-Date + X-Amz-Expires', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261202T103000Z&X-Amz-Expires=3600&X-Amz-Signature=abc', signedAt + 3600_000],
    ['S3 v4 lower-cased, on MinIO', 'http://127.0.0.1:9000/acme/a.pdf?x-amz-date=20261202T103000Z&x-amz-expires=300&x-amz-signature=abc', signedAt + 300_000],
    ['GCS v4: X-Goog-Date + X-Goog-Expires', 'https://storage.googleapis.com/b/a.pdf?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Date=20261202T103000Z&X-Goog-Expires=900&X-Goog-Signature=abc', signedAt + 900_000],
    ['S3 v2: Expires in epoch seconds', `https://b.s3.amazonaws.com/a.pdf?AWSAccessKeyId=AKIA&Expires=${signedAt / 1000}&Signature=abc%3D`, signedAt],
    ['Azure SAS: se in ISO 8601', 'https://b.blob.core.windows.net/m/a.pdf?sv=2021-08-06&se=2026-12-02T10%3A30%3A00Z&sr=b&sp=r&sig=abc', signedAt],
    ['Azure SAS: se as a date alone (midnight UTC)', 'https://b.blob.core.windows.net/m/a.pdf?se=2026-12-02&sig=abc', Date.UTC(2026, 11, 2)],
    ['S3 v4 without X-Amz-Date', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Expires=3600&X-Amz-Signature=abc', null],
    ['S3 v4 without X-Amz-Expires', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Date=20261202T103000Z&X-Amz-Signature=abc', null],
    ['an impossible X-Amz-Date', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Date=20261332T103000Z&X-Amz-Expires=3600&X-Amz-Signature=abc', null],
    ['an X-Amz-Date in another format', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Date=2026-12-02T10%3A30%3A00Z&X-Amz-Expires=3600&X-Amz-Signature=abc', null],
    ['a non-numeric Expires', 'https://b.s3.amazonaws.com/a.pdf?AWSAccessKeyId=AKIA&Expires=tomorrow&Signature=abc', null],
    ['an se with a time and no zone (would be local time)', 'https://b.blob.core.windows.net/m/a.pdf?se=2026-12-02T10%3A30%3A00&sig=abc', null],
    ['an se that is no date', 'https://b.blob.core.windows.net/m/a.pdf?se=1&sig=abc', null],
    ["unsigned: an application's Expires is not a signature's", 'https://site.test/offer/?Expires=1893456000', null],
    ['X-Amz-Date and X-Amz-Expires without a signature', 'https://b.s3.amazonaws.com/a.pdf?X-Amz-Date=20261202T103000Z&X-Amz-Expires=3600', null],
    ['no query', 'https://b.s3.amazonaws.com/a.pdf', null],
  ];
  for (const [name, url, expected] of cases) t.equal(signedUntil(new URL(url)), expected, name);
});
