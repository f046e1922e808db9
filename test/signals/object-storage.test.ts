import t from 'tap';
import { describeClues, isStorageHeader, storageClues, storageErrorCode, storageHeaderClue } from '../../src/signals/object-storage.js';

t.test('storageClues: the signs of an object store in an answer, on any host', async (t) => {
  const accessDenied = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>';
  const cases: { name: string; headers: Record<string, string>; body?: string; clues: string[] }[] = [
    { name: 'S3: request ids', headers: { 'x-amz-request-id': '4442587FB7D0A2F9', 'x-amz-id-2': 'vlR7Pn…', server: 'AmazonS3' }, clues: ['x-amz-request-id', 'server'] },
    { name: 'MinIO on a custom domain', headers: { server: 'MinIO', 'x-amz-request-id': '17E0B5B4' }, clues: ['x-amz-request-id', 'server'] },
    { name: 'Ceph RGW behind nginx: the request id passed on', headers: { server: 'nginx', 'x-amz-request-id': 'tx000' }, clues: ['x-amz-request-id'] },
    { name: 'an S3-compatible store whose headers were stripped: only its XML error says so', headers: { 'content-type': 'application/xml' }, body: accessDenied, clues: ['body'] },
    { name: 'Google Cloud Storage', headers: { 'x-goog-generation': '1', server: 'UploadServer' }, clues: ['x-goog-generation', 'server'] },
    { name: 'Google Cloud Storage behind a CDN that dropped its Server: the upload id', headers: { 'x-guploader-uploadid': 'ADPycdt', 'x-goog-hash': 'crc32c=n03x6A==', 'x-goog-stored-content-length': '10' }, clues: ['x-guploader-uploadid'] },
    { name: 'Azure Blob Storage', headers: { 'x-ms-request-id': 'a', 'x-ms-blob-type': 'BlockBlob', server: 'Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0' }, clues: ['x-ms-blob-type', 'server'] },
    { name: 'Azure Blob on a custom domain, its Server stripped: its blob headers', headers: { 'x-ms-request-id': 'a', 'x-ms-version': '2021-08-06', 'x-ms-creation-time': 'Thu, 01 Jan 2026 00:00:00 GMT' }, clues: ['x-ms-creation-time'] },
    { name: 'Azure App Service or Functions: x-ms-request-id alone is any Azure service\'s', headers: { 'x-ms-request-id': 'a', server: 'Kestrel' }, clues: [] },
    { name: 'CloudFront alone is a CDN, not a bucket', headers: { 'x-amz-cf-id': 'abc', 'x-amz-cf-pop': 'LHR62-C2', via: '1.1 abc.cloudfront.net (CloudFront)' }, clues: [] },
    { name: 'API Gateway (a Wagtail on Lambda or Zappa) is not storage', headers: { 'x-amz-apigw-id': 'Ab1CdEfGhIjKlMn=', 'x-amzn-requestid': 'abc', 'x-amzn-trace-id': 'Root=1-abc' }, clues: [] },
    { name: 'S3 answering an anonymous read of a private object: its ids and its error', headers: { 'x-amz-request-id': 'R1', 'x-amz-id-2': 'aGk=', server: 'AmazonS3' }, body: accessDenied, clues: ['x-amz-request-id', 'server', 'body'] },
    { name: 'nginx serving a file', headers: { server: 'nginx', 'content-type': 'application/pdf' }, clues: [] },
    { name: 'an XML error that is not a store\'s', headers: {}, body: '<Error><Code>PageMissing</Code></Error>', clues: [] },
    { name: 'Django\'s page', headers: { server: 'gunicorn' }, body: '<h1>Not Found</h1>', clues: [] },
  ];
  for (const { name, headers, body, clues } of cases) t.same(storageClues(headers, body).map((c) => c.name), clues, name);
});

t.test('storageErrorCode and storageHeaderClue', async (t) => {
  t.equal(storageErrorCode('<Error><Code>SignatureDoesNotMatch</Code>'), 'SignatureDoesNotMatch');
  t.equal(storageErrorCode('<Error>\n  <Code>NoSuchKey</Code>'), 'NoSuchKey', 'whitespace between the elements');
  t.equal(storageErrorCode('no xml'), null);
  t.same(storageHeaderClue({ 'x-amz-cf-id': 'a', 'x-amz-request-id': 'b' }), { name: 'x-amz-request-id', value: 'b' }, 'a CloudFront header is skipped, the bucket\'s is taken');
  t.equal(storageHeaderClue({}), null);
  t.same(storageHeaderClue({ 'x-amz-sdk-checksum-algorithm': 'CRC32', 'x-amz-request-id': 'R1' }), { name: 'x-amz-request-id', value: 'R1' }, 'the request id is named before any other x-amz-* header');
  t.same(storageHeaderClue({ 'x-amz-server-side-encryption': 'AES256' }), { name: 'x-amz-server-side-encryption', value: 'AES256' }, "another store's header when no request id came");
  t.same(storageHeaderClue({ 'x-amz-apigw-id': 'A', 'x-amz-version-id': 'v1' }), { name: 'x-amz-version-id', value: 'v1' }, "API Gateway's header is skipped, the store's is taken");
});

t.test("isStorageHeader: only the headers object stores send, not their providers' other services'", async (t) => {
  const cases: [string, boolean][] = [
    ...[
      'x-amz-request-id', 'x-amz-id-2', 'x-amz-version-id', 'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id',
      'x-amz-meta-original-name', 'x-amz-storage-class', 'x-amz-bucket-region', 'x-amz-expiration', 'x-amz-restore', 'x-amz-replication-status',
      'x-amz-object-lock-mode', 'x-amz-website-redirect-location', 'x-amz-checksum-crc32', 'x-amz-delete-marker',
      'x-goog-hash', 'x-goog-stored-content-length', 'x-goog-generation', 'x-goog-metageneration', 'x-goog-storage-class', 'x-goog-meta-owner', 'x-guploader-uploadid',
      'x-ms-blob-type', 'x-ms-blob-content-md5', 'x-ms-lease-status', 'x-ms-server-encrypted', 'x-ms-access-tier', 'x-ms-creation-time',
    ].map((name): [string, boolean] => [name, true]),
    ...[
      'x-amz-apigw-id', 'x-amzn-requestid', 'x-amzn-trace-id', 'x-amz-cf-id', 'x-amz-cf-pop', 'x-amz-sdk-checksum-algorithm', 'x-amz-date',
      'x-goog-api-client', 'x-ms-request-id', 'x-ms-version', 'x-ms-error-code', 'x-ms-routing-request-id', 'x-powered-by', 'server',
    ].map((name): [string, boolean] => [name, false]),
  ];
  for (const [name, expected] of cases) t.equal(isStorageHeader(name), expected, name);
});

t.test('describeClues: one evidence line', async (t) => {
  t.equal(describeClues(storageClues({ 'x-amz-request-id': 'R1' }, '<Error><Code>AccessDenied</Code>')), "x-amz-request-id: R1, the body's <Error><Code>AccessDenied</Code>");
});
