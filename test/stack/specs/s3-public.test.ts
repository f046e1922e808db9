// Ground truth for `s3-public`: media in a public-read, publicly listable bucket
// of the stack's storage server (path-style on 127.0.0.1), unsigned permanent
// URLs, and AWS_S3_FILE_OVERWRITE on: the private "Members report" was uploaded
// under the public report's name after it, so both rows point at one object,
// which holds the private bytes.
import t from 'tap';
import { closeStackAgents, loadStack, type StackStorage } from '../profiles.js';
import { adminLogin, fetchFrom, fetchWithJar, readS3Error, referencedUrls, sha1 } from '../http.js';

const profile = loadStack().profiles['s3-public'];
t.teardown(closeStackAgents);

const storageOf = (): StackStorage => {
  if (profile.storage === null) throw new Error('s3-public has no storage block in profiles.json');
  return profile.storage;
};

/** What django-storages stored with every object (AWS_S3_OBJECT_PARAMETERS): the profile's one right thing about caching. */
const OBJECT_CACHE_CONTROL = 'max-age=2592000';

const publicDocument = (id: number) => {
  const document = profile.public.documents.find((candidate) => candidate.id === id);
  if (document === undefined) throw new Error(`no public document ${id} in profiles.json`);
  return document;
};
const privateDocument = (id: number) => {
  const document = profile.private.documents.find((candidate) => candidate.id === id);
  if (document === undefined) throw new Error(`no private document ${id} in profiles.json`);
  return document;
};

t.test('profiles.json: a public, listable, unsigned, overwriting bucket on 127.0.0.1, path-style', async (t) => {
  const storage = storageOf();
  t.match(storage.endpoint, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  t.equal(storage.bucketUrl, `${storage.endpoint}${storage.bucket}/`);
  t.match(
    { addressing: storage.addressing, signed: storage.signed, publicRead: storage.publicRead, publicList: storage.publicList, overwrite: storage.overwrite },
    { addressing: 'path', signed: false, publicRead: true, publicList: true, overwrite: true },
  );
  t.equal(storage.signedUrlExpires, null);
  t.equal(profile.serveMethod, 'redirect');
  for (const document of [...profile.public.documents, ...profile.private.documents]) {
    t.ok(document.directUrl.startsWith(`${storage.bucketUrl}documents/`), `${document.title}: ${document.directUrl}`);
  }
});

t.test('every answer of the storage server carries S3 request ids, never Server: AmazonS3', async (t) => {
  const storage = storageOf();
  for (const url of [storage.bucketUrl, profile.public.documents[0]!.directUrl, `${storage.bucketUrl}no-such-key`]) {
    const response = await fetchFrom(profile, url);
    t.match(response.header('x-amz-request-id'), /^[0-9A-F]{16}$/, url);
    t.ok(response.header('x-amz-id-2'), url);
    t.notMatch(response.header('server') ?? '', /AmazonS3/, url);
  }
});

t.test('the bucket lists anonymously: every key, the shared report.pdf once', async (t) => {
  const storage = storageOf();
  const listing = await fetchFrom(profile, `${storage.bucketUrl}?list-type=2`);
  t.equal(listing.status, 200);
  t.match(listing.header('content-type'), /xml/);
  const keys = [...listing.text.matchAll(/<Key>([^<]+)<\/Key>/g)].map((match) => match[1]);
  t.equal(keys.filter((key) => key === `documents/${storage.sharedName.filename}`).length, 1, 'one object for the two report rows');
  for (const image of profile.public.images) {
    t.ok(keys.includes(new URL(image.original).pathname.replace(`/${storage.bucket}/`, '')), `${image.original} is listed`);
  }
});

t.test('every private document is readable anonymously at its storage URL (public-read)', async (t) => {
  for (const document of profile.private.documents) {
    const response = await fetchFrom(profile, document.directUrl);
    t.equal(response.status, 200, document.directUrl);
    t.equal(sha1(response.body), document.sha1, `${document.title}: the private upload's bytes`);
  }
});

t.test('THE OVERWRITE: the public report redirects to the private report\'s key and serves its bytes', async (t) => {
  const { sharedName } = storageOf();
  const publicReport = publicDocument(sharedName.publicDocumentId); // the first upload: public
  const privateReport = privateDocument(sharedName.privateDocumentId);
  t.equal(publicReport.filename, sharedName.filename);
  t.equal(privateReport.filename, sharedName.filename, 'no random suffix: both rows name one key');
  t.equal(privateReport.restriction, 'login');
  t.not(publicReport.sha1, privateReport.sha1, 'two different uploads');

  const publicRedirect = await fetchFrom(profile, publicReport.url);
  t.equal(publicRedirect.status, 302);
  t.equal(publicRedirect.header('location'), publicReport.directUrl, 'an unsigned, permanent storage URL');

  const anonymous = await fetchFrom(profile, privateReport.url);
  t.equal(anonymous.status, 302);
  t.match(anonymous.header('location'), /^\/_util\/login\/\?next=/, 'Wagtail still checks the private row');
  const session = await adminLogin(profile, profile.monitor);
  const privateRedirect = await fetchWithJar(profile, privateReport.url, session.jar);
  t.equal(privateRedirect.status, 302);
  t.equal(privateRedirect.header('location'), publicRedirect.header('location'), 'the same key behind both rows');

  const served = await fetchFrom(profile, publicRedirect.header('location') ?? '');
  t.equal(served.status, 200);
  t.equal(sha1(served.body), privateReport.sha1, "the public link serves the private upload's bytes");
  t.match(served.text, /wagtail-probe stack document: Members report Members/);
});

t.test('pages show images from the bucket', async (t) => {
  const storage = storageOf();
  const html = (await fetchFrom(profile, '/article-01/')).text;
  const inBucket = referencedUrls(html, `/${storage.bucket}/images/`);
  t.ok(inBucket.length > 0, 'renditions in the bucket');
  for (const url of inBucket) t.ok(url.startsWith(`${storage.bucketUrl}images/`), `${url}: at its storage URL`);
  t.notMatch(html, /X-Amz-Signature/, 'unsigned');
  const rendition = await fetchFrom(profile, inBucket[0] ?? '');
  t.equal(rendition.status, 200);
  t.match(rendition.header('content-type'), /^image\//);
  t.equal(rendition.header('cache-control'), OBJECT_CACHE_CONTROL);
});

t.test(`objects carry Cache-Control: ${OBJECT_CACHE_CONTROL} (GET and HEAD, documents and images)`, async (t) => {
  const image = profile.public.images[0]!;
  for (const url of [profile.public.documents[0]!.directUrl, profile.private.documents[0]!.directUrl, image.original, image.renditions[0]!]) {
    const get = await fetchFrom(profile, url);
    t.equal(get.status, 200, url);
    t.equal(get.header('cache-control'), OBJECT_CACHE_CONTROL, `GET ${url}`);
  }
  const head = await fetchFrom(profile, image.original, { method: 'HEAD' });
  t.equal(head.header('cache-control'), OBJECT_CACHE_CONTROL, 'HEAD');
});

t.test('plain http throughout, on the storage server\'s http listener', async (t) => {
  const storage = storageOf();
  t.match(profile.baseUrl, /^http:\/\//);
  t.equal(profile.caFile, null);
  t.equal(new URL(storage.endpoint).protocol, 'http:');
});

t.test('still no anonymous writes or owner-only reads', async (t) => {
  const storage = storageOf();
  const put = await fetchFrom(profile, `${storage.bucketUrl}documents/planted.txt`, { method: 'POST', body: 'x' });
  t.equal(put.status, 403);
  t.equal(readS3Error(put.text)?.code, 'AccessDenied');
  const policy = await fetchFrom(profile, `${storage.bucketUrl}?policy`);
  t.equal(policy.status, 403);
  t.equal(readS3Error(policy.text)?.code, 'AccessDenied');
});
