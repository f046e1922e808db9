import t from 'tap';
import { describeClues, storageClues, storageErrorCode, storageHeaderClue } from '../../src/signals/object-storage.js';

t.test('storageClues: the signs of an object store in an answer, on any host', async (t) => {
  const accessDenied = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>';
  const cases: { name: string; headers: Record<string, string>; body?: string; clues: string[] }[] = [
    { name: 'S3: request ids', headers: { 'x-amz-request-id': '4442587FB7D0A2F9', 'x-amz-id-2': 'vlR7Pn…', server: 'AmazonS3' }, clues: ['x-amz-request-id', 'server'] },
    { name: 'MinIO on a custom domain', headers: { server: 'MinIO', 'x-amz-request-id': '17E0B5B4' }, clues: ['x-amz-request-id', 'server'] },
    { name: 'Ceph RGW behind nginx: the request id passed on', headers: { server: 'nginx', 'x-amz-request-id': 'tx000' }, clues: ['x-amz-request-id'] },
    { name: 'an S3-compatible store whose headers were stripped: only its XML error says so', headers: { 'content-type': 'application/xml' }, body: accessDenied, clues: ['body'] },
    { name: 'Google Cloud Storage', headers: { 'x-goog-generation': '1', server: 'UploadServer' }, clues: ['x-goog-generation', 'server'] },
    { name: 'Azure Blob Storage', headers: { 'x-ms-request-id': 'a', server: 'Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0' }, clues: ['x-ms-request-id', 'server'] },
    { name: 'CloudFront alone is a CDN, not a bucket', headers: { 'x-amz-cf-id': 'abc', 'x-amz-cf-pop': 'LHR62-C2', via: '1.1 abc.cloudfront.net (CloudFront)' }, clues: [] },
    { name: 'API Gateway\'s x-amzn-* is not storage', headers: { 'x-amzn-requestid': 'abc' }, clues: [] },
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
  t.same(storageHeaderClue({ 'x-amz-server-side-encryption': 'AES256' }), { name: 'x-amz-server-side-encryption', value: 'AES256' }, 'any other x-amz-* header when no request id came');
});

t.test('describeClues: one evidence line', async (t) => {
  t.equal(describeClues(storageClues({ 'x-amz-request-id': 'R1' }, '<Error><Code>AccessDenied</Code>')), "x-amz-request-id: R1, the body's <Error><Code>AccessDenied</Code>");
});
