import t from 'tap';
import { fingerprintServer } from '../../src/signals/served-by.js';
import type { CdnName, FingerprintInput, ServedBy } from '../../src/signals/served-by.js';
import {
  cloudflareDjango,
  cloudflareNginx,
  cloudFrontS3,
  djangoNotFound,
  djangoStaticServe,
  nginxFile,
  rangeAnswer,
  response,
  runserverStatic,
  s3Object,
  SECURITY_MIDDLEWARE,
  wagtailDocumentServe,
  whiteNoiseHashed,
  whiteNoiseUnhashed,
} from './fixtures/recorded-responses.js';

interface Case {
  readonly name: string;
  readonly input: FingerprintInput;
  readonly servedBy: ServedBy;
  readonly confidence: 'strong' | 'weak';
  readonly cdn?: CdnName;
}

t.test('fingerprintServer on recorded header sets', async (t) => {
  const cases: Case[] = [
    { name: 'nginx serving a file', input: { response: nginxFile }, servedBy: 'web-server', confidence: 'strong' },
    { name: 'nginx serving a file, Range answered 206', input: { response: nginxFile, rangeResponse: rangeAnswer(nginxFile, 206) }, servedBy: 'web-server', confidence: 'strong' },
    { name: 'nginx serving a file that lacks the Django reference headers', input: { response: nginxFile, djangoReference: djangoNotFound }, servedBy: 'web-server', confidence: 'strong' },
    { name: 'WhiteNoise, hashed, behind nginx', input: { response: whiteNoiseHashed, rangeResponse: rangeAnswer(whiteNoiseHashed, 206), djangoReference: djangoNotFound }, servedBy: 'whitenoise', confidence: 'strong' },
    { name: 'WhiteNoise, hashed, no range or reference', input: { response: whiteNoiseHashed }, servedBy: 'whitenoise', confidence: 'strong' },
    { name: 'WhiteNoise, unhashed, straight from gunicorn', input: { response: whiteNoiseUnhashed, rangeResponse: rangeAnswer(whiteNoiseUnhashed, 206, 4210) }, servedBy: 'whitenoise', confidence: 'strong' },
    { name: "Django's static.serve behind nginx, Range ignored", input: { response: djangoStaticServe, rangeResponse: rangeAnswer(djangoStaticServe, 200), djangoReference: djangoNotFound }, servedBy: 'django', confidence: 'strong' },
    { name: "Django's static.serve, headers alone", input: { response: djangoStaticServe }, servedBy: 'django', confidence: 'strong' },
    { name: "Wagtail's document serve view (6.4+)", input: { response: wagtailDocumentServe, rangeResponse: rangeAnswer(wagtailDocumentServe, 200), djangoReference: djangoNotFound }, servedBy: 'django', confidence: 'strong' },
    { name: 'runserver', input: { response: runserverStatic, rangeResponse: rangeAnswer(runserverStatic, 200) }, servedBy: 'runserver', confidence: 'strong' },
    { name: 'S3', input: { response: s3Object, rangeResponse: rangeAnswer(s3Object, 206, 182044) }, servedBy: 'object-storage', confidence: 'strong' },
    { name: 'CloudFront in front of S3', input: { response: cloudFrontS3, rangeResponse: rangeAnswer(cloudFrontS3, 206, 48211) }, servedBy: 'object-storage', confidence: 'strong', cdn: 'cloudfront' },
    { name: 'Cloudflare in front of nginx: only weak origin hints survive', input: { response: cloudflareNginx, rangeResponse: rangeAnswer(cloudflareNginx, 206) }, servedBy: 'web-server', confidence: 'weak', cdn: 'cloudflare' },
    { name: 'Cloudflare in front of Django: Django shows through', input: { response: cloudflareDjango, rangeResponse: rangeAnswer(cloudflareDjango, 200), djangoReference: djangoNotFound }, servedBy: 'django', confidence: 'strong', cdn: 'cloudflare' },
  ];
  for (const c of cases) {
    const verdict = fingerprintServer(c.input);
    t.same(
      { servedBy: verdict.servedBy, confidence: verdict.confidence, cdn: verdict.cdn },
      { servedBy: c.servedBy, confidence: c.confidence, cdn: c.cdn ?? null },
      `${c.name} (scores ${JSON.stringify(verdict.scores)})`,
    );
  }
});

t.test('never more certainty than the signals give', async (t) => {
  const cases: Case[] = [
    { name: 'nothing at all', input: { response: response('https://example.com/x', {}) }, servedBy: 'unknown', confidence: 'weak' },
    { name: 'Server: nginx alone is a weak hint', input: { response: response('https://example.com/x', { server: 'nginx' }) }, servedBy: 'web-server', confidence: 'weak' },
    { name: 'an unknown Server header says nothing', input: { response: response('https://example.com/x', { server: 'MyServer/1.0' }) }, servedBy: 'unknown', confidence: 'weak' },
    { name: 'an mtime-size ETag fits nginx and WhiteNoise alike: a tie', input: { response: response('https://example.com/x', { etag: '"67bc2a31-1a2b"' }) }, servedBy: 'unknown', confidence: 'weak' },
    { name: 'a CDN and no origin clue', input: { response: response('https://example.com/x', { server: 'cloudflare', 'cf-ray': '8f1e-FRA' }) }, servedBy: 'cdn', confidence: 'strong', cdn: 'cloudflare' },
    { name: 'Age alone: some cache, weakly', input: { response: response('https://example.com/x', { age: '12' }) }, servedBy: 'cdn', confidence: 'weak', cdn: 'unnamed' },
    { name: 'Server: AmazonS3 alone is decisive', input: { response: response('https://example.com/x', { server: 'AmazonS3' }) }, servedBy: 'object-storage', confidence: 'strong' },
    { name: 'Server: gunicorn alone: the Django process, view or WhiteNoise undecided', input: { response: response('https://example.com/x', { server: 'gunicorn' }) }, servedBy: 'unknown', confidence: 'weak' },
    { name: 'gunicorn with the X-Frame-Options WhiteNoise never gets', input: { response: response('https://example.com/x', { server: 'gunicorn', 'x-frame-options': 'DENY' }) }, servedBy: 'django', confidence: 'weak' },
    { name: 'nosniff alone', input: { response: response('https://example.com/x', { 'x-content-type-options': 'nosniff' }) }, servedBy: 'unknown', confidence: 'weak' },
    { name: 'a range answer is not read when the response was not 200', input: { response: response('https://example.com/x', {}, 404), rangeResponse: rangeAnswer(response('https://example.com/x', {}, 404), 200) }, servedBy: 'unknown', confidence: 'weak' },
  ];
  for (const c of cases) {
    const verdict = fingerprintServer(c.input);
    t.same(
      { servedBy: verdict.servedBy, confidence: verdict.confidence, cdn: verdict.cdn },
      { servedBy: c.servedBy, confidence: c.confidence, cdn: c.cdn ?? null },
      `${c.name} (scores ${JSON.stringify(verdict.scores)})`,
    );
  }
});

t.test('each signal names the header, the value and what it points to', async (t) => {
  const signalsOf = (input: FingerprintInput) => fingerprintServer(input).signals.map((s) => `${s.name}=${s.value} -> ${s.pointsTo.join('|')} x${s.weight}${s.copyable ? ' copyable' : ''}`);
  t.same(signalsOf({ response: wagtailDocumentServe, rangeResponse: rangeAnswer(wagtailDocumentServe, 200), djangoReference: djangoNotFound }), [
    'server=nginx/1.27.3 -> web-server x1',
    'etag="3f786850e387550fdab836ed7e6dc881de23001b" -> django x2',
    'content-disposition=inline; filename="annual-report.pdf" -> django x2',
    'content-encoding=None -> django x3',
    "content-security-policy=default-src 'none' -> django x1 copyable",
    'vary=Cookie -> django x1 copyable',
    'x-frame-options=DENY -> django x1 copyable',
    'x-content-type-options=nosniff -> django|whitenoise x1 copyable',
    'referrer-policy=same-origin -> django|whitenoise x1 copyable',
    'cross-origin-opener-policy=same-origin -> django|whitenoise x1 copyable',
    'same middleware headers as the Django reference=x-frame-options, x-content-type-options, referrer-policy, cross-origin-opener-policy -> django x2 copyable',
    'range request=bytes=0-0 -> 200 -> django x2',
  ]);
  t.same(signalsOf({ response: cloudFrontS3 }), [
    'server=AmazonS3 -> object-storage x3',
    'x-amz-server-side-encryption=AES256 -> object-storage x3',
    'x-amz-cf-id=yQz3X8d0m1c2b3a4Z5y6X7w8V9u0T1s2R3q4P5o6N7m8L9k0J1i2H3== -> cdn x3',
    'x-amz-cf-pop=FRA56-P3 -> cdn x3',
    'via=1.1 0b5c1e2a3f4d.cloudfront.net (CloudFront) -> cdn x3',
    'x-cache=Hit from cloudfront -> cdn x3',
    'age=3120 -> cdn x1',
    'etag="9e107d9d372bb6826bd81d3542a419d6" -> object-storage|django x1',
    'accept-ranges=bytes -> web-server|object-storage x1',
  ].map((line) => line.replace(/^(x-amz-cf-id|x-amz-cf-pop|via|x-cache)=/, '$1 (cloudfront)=').replace(/^age=/, 'age (unnamed)=')));
});

t.test('the Django reference comparison', async (t) => {
  const reference = djangoNotFound;
  const referenceSignal = (headers: Record<string, string>, ref = reference) =>
    fingerprintServer({ response: response('https://example.com/media/x.png', headers), djangoReference: ref }).signals
      .filter((s) => s.name.includes('Django reference'))
      .map((s) => `${s.name} -> ${s.pointsTo.join('|')}`);
  t.same(referenceSignal({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin', 'cross-origin-opener-policy': 'same-origin' }),
    ['same middleware headers as the Django reference -> django'], 'the same set: through Django');
  t.same(referenceSignal({}), ['none of the Django reference middleware headers -> web-server|object-storage'], 'none of them: not through Django');
  t.same(referenceSignal({ ...SECURITY_MIDDLEWARE }), ['Django reference security headers without x-frame-options -> whitenoise'], "SecurityMiddleware's but not X-Frame-Options: WhiteNoise's place");
  t.same(referenceSignal({ 'x-frame-options': 'DENY' }), [], 'a mixed set decides nothing');
  t.same(referenceSignal({ 'x-frame-options': 'SAMEORIGIN', ...SECURITY_MIDDLEWARE }), ['Django reference security headers without x-frame-options -> whitenoise'], 'a different value counts as missing');
  const securityOnlyReference = response('https://example.com/404', { ...SECURITY_MIDDLEWARE }, 404);
  t.same(referenceSignal({ ...SECURITY_MIDDLEWARE }, securityOnlyReference), ['same middleware headers as the Django reference -> django|whitenoise'], 'without X-Frame-Options on the reference, WhiteNoise cannot be told apart');
  const bareReference = response('https://example.com/404', { 'content-type': 'text/html' }, 404);
  t.same(referenceSignal({}, bareReference), [], 'a reference without middleware headers tells nothing');
  t.same(fingerprintServer({ response: response('https://example.com/x', {}), djangoReference: null }).signals, [], 'no reference, no comparison');
});

t.test('single clues and their weights', async (t) => {
  const only = (headers: Record<string, string>) => fingerprintServer({ response: response('https://example.com/x', headers) }).signals
    .filter((s) => s.name !== 'date')
    .map((s) => `${s.name} -> ${s.pointsTo.join('|')} x${s.weight}`);
  const cases: { headers: Record<string, string>; expected: string[] }[] = [
    { headers: { etag: '"0123456789abcdef0123456789abcdef-12"' }, expected: ['etag -> object-storage x2'] },
    { headers: { etag: '"not-hex-at-all"' }, expected: [] },
    { headers: { 'content-disposition': 'attachment; filename="a.docx"' }, expected: ['content-disposition -> django|object-storage x1'] },
    { headers: { 'content-disposition': 'form-data' }, expected: [] },
    { headers: { 'content-encoding': 'gzip' }, expected: [] },
    { headers: { 'content-security-policy': "default-src 'self'" }, expected: [] },
    { headers: { vary: 'Accept-Encoding' }, expected: [] },
    { headers: { 'referrer-policy': 'strict-origin-when-cross-origin' }, expected: [] },
    { headers: { 'access-control-allow-origin': 'https://example.com' }, expected: [] },
    { headers: { 'content-type': 'text/css; charset=utf-8' }, expected: [] },
    { headers: { 'cache-control': 'max-age=60, public', expires: 'Mon, 02 Mar 2026 10:01:00 GMT' }, expected: [] },
    { headers: { 'accept-ranges': 'none' }, expected: [] },
    { headers: { server: 'UploadServer', 'x-goog-generation': '1700000000000000' }, expected: ['server -> object-storage x3', 'x-goog-generation -> object-storage x3'] },
    { headers: { server: 'Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0', 'x-ms-request-id': 'abc', 'x-ms-blob-type': 'BlockBlob' }, expected: ['server -> object-storage x3', 'x-ms-blob-type -> object-storage x3'] },
    { headers: { server: 'Apache/2.4.57 (Debian)' }, expected: ['server -> web-server x1'] },
    { headers: { server: 'uvicorn' }, expected: ['server -> django|whitenoise x2'] },
    { headers: { 'x-served-by': 'cache-iad-kiad7000025-IAD, cache-fra-etou8220040-FRA', via: '1.1 varnish, 1.1 varnish', 'x-cache': 'MISS, HIT' }, expected: ['x-served-by (fastly) -> cdn x2', 'via (varnish) -> cdn x2', 'x-cache (unnamed) -> cdn x1'] },
    { headers: { 'x-fastly-request-id': 'f00' }, expected: ['x-fastly-request-id (fastly) -> cdn x3'] },
    { headers: { server: 'AkamaiGHost', 'x-cache': 'TCP_HIT from a23-45-67-89.deploy.akamaitechnologies.com' }, expected: ['server (akamai) -> cdn x3', 'x-cache (akamai) -> cdn x2'] },
    { headers: { 'x-varnish': '32770 3' }, expected: ['x-varnish (varnish) -> cdn x2'] },
    { headers: { via: '1.1 proxy.example.net' }, expected: ['via (unnamed) -> cdn x1'] },
    { headers: { 'x-cache-status': 'HIT' }, expected: ['x-cache-status (unnamed) -> cdn x1'] },
  ];
  for (const c of cases) t.same(only(c.headers), c.expected, JSON.stringify(c.headers));
  t.equal(fingerprintServer({ response: response('https://example.com/x', { 'x-served-by': 'cache-fra-1', via: '1.1 varnish' }) }).cdn, 'fastly', 'Fastly is named before the Varnish it runs');
});

t.test('range answers', async (t) => {
  const plain = response('https://example.com/x', {});
  const rangeSignal = (range: ReturnType<typeof rangeAnswer> | null, base = plain) => fingerprintServer({ response: base, rangeResponse: range }).signals
    .filter((s) => s.name === 'range request')
    .map((s) => `${s.value} -> ${s.pointsTo.join('|')} x${s.weight}`);
  t.same(rangeSignal(rangeAnswer(plain, 206)), ['bytes=0-0 -> 206 -> web-server|whitenoise|object-storage x3'], 'a 206 with Content-Range: decisive, no header can imitate it');
  t.same(rangeSignal(rangeAnswer(plain, 416)), ['bytes=0-0 -> 416 -> web-server|whitenoise|object-storage x1']);
  t.same(rangeSignal(rangeAnswer(plain, 200)), ['bytes=0-0 -> 200 -> django x2']);
  t.same(rangeSignal(response('https://example.com/x', {}, 206)), [], '206 without Content-Range is not a range answer');
  t.same(rangeSignal(response('https://example.com/x', {}, 503)), [], 'an error says nothing');
  const behindCdn = response('https://example.com/x', { 'cf-ray': 'x' });
  t.same(rangeSignal(rangeAnswer(behindCdn, 206), behindCdn), ['bytes=0-0 -> 206 -> web-server|whitenoise|object-storage x1'], 'behind a CDN a 206 may be the CDN');
  t.same(rangeSignal(null), []);
});
