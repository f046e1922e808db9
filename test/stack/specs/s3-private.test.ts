// Ground truth for `s3-private`: the right storage deployment. https like
// hardened, media in a private bucket on the storage server's https listener,
// presigned URLs that expire after 300 s, objects cached by private caches
// only, no file overwrite. The storage server plays S3's rules (moto alone
// would serve anything): an unsigned request is refused, a signature is
// checked for real. Every https request here checks the certificate against
// the stack's CA (profiles.json caFile).
import t, { type Test } from 'tap';
import { closeStackAgents, loadStack, type StackStorage } from '../profiles.js';
import {
  adminLogin,
  cookieLine,
  fetchFrom,
  fetchWithJar,
  presignS3Url,
  readS3Error,
  referencedUrls,
  sha1,
  signS3Headers,
  type Fetched,
} from '../http.js';

const profile = loadStack().profiles['s3-private'];
t.teardown(closeStackAgents);

const storageOf = (): StackStorage => {
  if (profile.storage === null) throw new Error('s3-private has no storage block in profiles.json');
  return profile.storage;
};

/** S3's XML error: status, the shape, the request id in both places. */
function assertS3Error(t: Test, response: Fetched, status: number, code: string, what: string): void {
  t.equal(response.status, status, what);
  t.equal(response.header('content-type'), 'application/xml', what);
  t.match(response.text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>/, what);
  const error = readS3Error(response.text);
  t.equal(error?.code, code, what);
  t.equal(error?.requestId, response.header('x-amz-request-id'), `${what}: RequestId is the x-amz-request-id header`);
  t.ok(response.header('x-amz-id-2'), what);
}

/** What django-storages stored with every object (AWS_S3_OBJECT_PARAMETERS): signed URLs, so private caches only. */
const OBJECT_CACHE_CONTROL = 'private, max-age=2592000';

const replaceSignature = (url: string): string =>
  url.replace(/X-Amz-Signature=([0-9a-f])/, (_, first: string) => `X-Amz-Signature=${first === '0' ? '1' : '0'}`);

t.test('profiles.json: a private, signed, non-overwriting bucket on 127.0.0.1, path-style, all https', async (t) => {
  const storage = storageOf();
  t.match(profile.baseUrl, /^https:\/\/127\.0\.0\.1:\d+\/$/);
  t.ok(profile.caFile, 'the stack CA, as for every TLS profile');
  t.match(storage.endpoint, /^https:\/\/127\.0\.0\.1:\d+\/$/);
  t.not(new URL(storage.endpoint).origin, new URL(profile.baseUrl).origin, 'the bucket is another origin');
  t.equal(storage.bucketUrl, `${storage.endpoint}${storage.bucket}/`);
  t.match(
    { addressing: storage.addressing, signed: storage.signed, publicRead: storage.publicRead, publicList: storage.publicList, overwrite: storage.overwrite },
    { addressing: 'path', signed: true, publicRead: false, publicList: false, overwrite: false },
  );
  t.equal(storage.signedUrlExpires, 300);
  for (const document of [...profile.public.documents, ...profile.private.documents]) {
    t.ok(document.directUrl.startsWith(`${storage.bucketUrl}documents/`), document.directUrl);
    t.notMatch(document.directUrl, /\?/, 'the unsigned form');
  }
  for (const image of profile.public.images) {
    for (const url of [image.original, ...image.renditions]) t.ok(url.startsWith(`${storage.bucketUrl}`), url);
  }
});

t.test('https like hardened: plain http 301 to https, HSTS, Secure cookies', async (t) => {
  t.not(profile.httpUrl, profile.baseUrl);
  const redirect = await fetchFrom(profile, new URL('/article-01/?x=1', profile.httpUrl).href);
  t.equal(redirect.status, 301);
  t.equal(redirect.header('location'), new URL('/article-01/?x=1', profile.baseUrl).href);
  const home = await fetchFrom(profile, '/');
  t.equal(home.status, 200);
  t.equal(home.header('strict-transport-security'), 'max-age=31536000; includeSubDomains');
  const login = await fetchFrom(profile, '/admin/login/');
  t.match(cookieLine(login, 'csrftoken') ?? '', /; Secure/);
});

t.test('from the https site to the https bucket: a document redirect never leaves https', async (t) => {
  const storage = storageOf();
  const document = profile.public.documents[0]!;
  t.ok(document.url.startsWith(profile.baseUrl), document.url);
  const redirect = await fetchFrom(profile, document.url);
  t.equal(redirect.status, 302);
  const location = redirect.header('location') ?? '';
  t.ok(location.startsWith(`${storage.bucketUrl}documents/`), location);
  t.equal(new URL(location).protocol, 'https:', 'https to https');
  const served = await fetchFrom(profile, location);
  t.equal(served.status, 200, 'the bucket answers over TLS with the stack certificate');
  t.equal(sha1(served.body), document.sha1);
});

t.test(`objects carry Cache-Control: ${OBJECT_CACHE_CONTROL} (GET and HEAD, documents and images)`, async (t) => {
  const storage = storageOf();
  const image = profile.public.images[0]!;
  for (const url of [profile.public.documents[0]!.directUrl, profile.private.documents[0]!.directUrl, image.original, image.renditions[0]!]) {
    const get = await fetchFrom(profile, presignS3Url(url, storage));
    t.equal(get.status, 200, url);
    t.equal(get.header('cache-control'), OBJECT_CACHE_CONTROL, `GET ${url}`);
  }
  // A presigned URL is signed for GET: HEAD signs its headers.
  const head = await fetchFrom(profile, image.original, { method: 'HEAD', headers: signS3Headers('HEAD', image.original, storage) });
  t.equal(head.status, 200, 'HEAD');
  t.equal(head.header('cache-control'), OBJECT_CACHE_CONTROL, 'HEAD');
});

t.test('anonymous requests are refused in S3 XML: objects, private or public, and the listing', async (t) => {
  const storage = storageOf();
  for (const document of [...profile.private.documents, ...profile.public.documents]) {
    assertS3Error(t, await fetchFrom(profile, document.directUrl), 403, 'AccessDenied', document.directUrl);
  }
  assertS3Error(t, await fetchFrom(profile, storage.bucketUrl), 403, 'AccessDenied', 'the listing');
  assertS3Error(t, await fetchFrom(profile, `${storage.bucketUrl}?list-type=2`), 403, 'AccessDenied', 'the v2 listing');
  assertS3Error(t, await fetchFrom(profile, `${storage.bucketUrl}no-such-key.pdf`), 403, 'AccessDenied', 'a missing key: no hint');
  assertS3Error(t, await fetchFrom(profile, `${storage.endpoint}no-such-bucket-here/x`), 404, 'NoSuchBucket', 'a missing bucket');
  const head = await fetchFrom(profile, profile.private.documents[0]!.directUrl, { method: 'HEAD' });
  t.equal(head.status, 403, 'HEAD too');
  t.notMatch(head.header('server') ?? '', /AmazonS3/);
});

t.test('documents redirect to presigned URLs: served while valid, refused once altered', async (t) => {
  const storage = storageOf();
  const publicDocument = profile.public.documents[0]!;
  const redirect = await fetchFrom(profile, publicDocument.url);
  t.equal(redirect.status, 302);
  const signed = redirect.header('location') ?? '';
  t.ok(signed.startsWith(`${publicDocument.directUrl}?`), signed);
  const query = new URL(signed).searchParams;
  t.equal(query.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
  t.equal(query.get('X-Amz-Expires'), '300');
  t.match(query.get('X-Amz-Credential'), new RegExp(`^${storage.accessKeyId}/\\d{8}/${storage.region}/s3/aws4_request$`));

  const served = await fetchFrom(profile, signed);
  t.equal(served.status, 200);
  t.equal(sha1(served.body), publicDocument.sha1);
  t.ok(served.header('x-amz-request-id'));

  assertS3Error(t, await fetchFrom(profile, replaceSignature(signed)), 403, 'SignatureDoesNotMatch', 'signature altered');
  const otherKey = signed.replace(encodeURIComponent(publicDocument.filename), 'data.csv');
  t.not(otherKey, signed);
  assertS3Error(t, await fetchFrom(profile, otherKey), 403, 'SignatureDoesNotMatch', 'the signature of another key');
  const unsigned = new URL(signed);
  unsigned.searchParams.delete('X-Amz-Signature');
  t.equal((await fetchFrom(profile, unsigned.href)).status, 400, 'a signature parameter missing: S3 answers 400');
});

t.test('presigned URLs signed here: valid served, expired refused, unknown key refused', async (t) => {
  const storage = storageOf();
  const document = profile.private.documents[0]!;
  const fresh = await fetchFrom(profile, presignS3Url(document.directUrl, storage, { expiresSeconds: 60 }));
  t.equal(fresh.status, 200, 'a second SigV4 implementation agrees with the front');
  t.equal(sha1(fresh.body), document.sha1);

  const tenMinutesAgo = new Date(Date.now() - 600_000);
  const expired = await fetchFrom(profile, presignS3Url(document.directUrl, storage, { signedAt: tenMinutesAgo, expiresSeconds: 300 }));
  assertS3Error(t, expired, 403, 'AccessDenied', 'expired');
  t.equal(readS3Error(expired.text)?.message, 'Request has expired');

  const stranger = presignS3Url(document.directUrl, { ...storage, accessKeyId: 'NOTTHESTACKSKEY' });
  assertS3Error(t, await fetchFrom(profile, stranger), 403, 'InvalidAccessKeyId', 'an unknown key');
  const wrongSecret = presignS3Url(document.directUrl, { ...storage, secretAccessKey: 'not-the-secret' });
  assertS3Error(t, await fetchFrom(profile, wrongSecret), 403, 'SignatureDoesNotMatch', 'a wrong secret');
});

t.test('header-signed requests (Authorization: AWS4-HMAC-SHA256) are checked too', async (t) => {
  const storage = storageOf();
  const listing = await fetchFrom(profile, storage.bucketUrl, { headers: signS3Headers('GET', storage.bucketUrl, storage) });
  t.equal(listing.status, 200, 'the owner may list');
  t.match(listing.text, /<ListBucketResult/);
  const wrong = signS3Headers('GET', storage.bucketUrl, { ...storage, secretAccessKey: 'not-the-secret' });
  assertS3Error(t, await fetchFrom(profile, storage.bucketUrl, { headers: wrong }), 403, 'SignatureDoesNotMatch', 'a wrong secret');
  const stranger = signS3Headers('GET', storage.bucketUrl, { ...storage, accessKeyId: 'NOTTHESTACKSKEY' });
  assertS3Error(t, await fetchFrom(profile, storage.bucketUrl, { headers: stranger }), 403, 'InvalidAccessKeyId', 'an unknown key');
  const stale = signS3Headers('GET', storage.bucketUrl, storage, new Date(Date.now() - 3_600_000));
  assertS3Error(t, await fetchFrom(profile, storage.bucketUrl, { headers: stale }), 403, 'RequestTimeTooSkewed', 'an hour old');
});

t.test('private documents: Wagtail checks first, then a presigned URL to the private bytes', async (t) => {
  const document = profile.private.documents.find((candidate) => candidate.restriction === 'login');
  if (document === undefined) throw new Error('no login-restricted document');
  const anonymous = await fetchFrom(profile, document.url);
  t.equal(anonymous.status, 302);
  t.match(anonymous.header('location'), /^\/_util\/login\/\?next=/);
  const session = await adminLogin(profile, profile.monitor);
  const redirect = await fetchWithJar(profile, document.url, session.jar);
  t.equal(redirect.status, 302);
  const signed = redirect.header('location') ?? '';
  t.ok(signed.startsWith(`${document.directUrl}?`) && signed.includes('X-Amz-Signature='), signed);
  const served = await fetchFrom(profile, signed);
  t.equal(served.status, 200);
  t.equal(sha1(served.body), document.sha1);
});

t.test('NO OVERWRITE: the same-named private upload got its own name and object', async (t) => {
  const storage = storageOf();
  const { sharedName } = storage;
  const publicReport = profile.public.documents.find((candidate) => candidate.id === sharedName.publicDocumentId);
  const privateReport = profile.private.documents.find((candidate) => candidate.id === sharedName.privateDocumentId);
  if (publicReport === undefined || privateReport === undefined) throw new Error('sharedName names no public and private document');
  t.equal(publicReport.filename, sharedName.filename);
  t.match(privateReport.filename, /^report_[A-Za-z0-9]{7}\.pdf$/, "Django's random suffix");
  t.not(publicReport.directUrl, privateReport.directUrl);
  const publicBytes = await fetchFrom(profile, presignS3Url(publicReport.directUrl, storage));
  const privateBytes = await fetchFrom(profile, presignS3Url(privateReport.directUrl, storage));
  t.equal(sha1(publicBytes.body), publicReport.sha1, 'the public report keeps its bytes');
  t.equal(sha1(privateBytes.body), privateReport.sha1);
});

t.test('pages show images by presigned URLs that work', async (t) => {
  const storage = storageOf();
  const html = (await fetchFrom(profile, '/article-01/')).text;
  const images = referencedUrls(html, `/${storage.bucket}/images/`);
  t.ok(images.length > 0, 'renditions in the bucket');
  for (const url of images.slice(0, 3)) {
    t.ok(url.startsWith(`${storage.bucketUrl}images/`), url);
    t.match(url, /X-Amz-Signature=[0-9a-f]{64}/, url);
    const response = await fetchFrom(profile, url);
    t.equal(response.status, 200, url);
    t.match(response.header('content-type'), /^image\//);
    t.equal(response.header('cache-control'), OBJECT_CACHE_CONTROL, url);
  }
});
