// The kit's who-served-it step: the missing page is Django's reference only
// when Django answered it, and the evidence says what answered it either way.
// Header sets recorded from Apache 2.4.71 copying Django's security headers
// (`Header always set`) in front of Django 5.2 under gunicorn.

import t from 'tap';
import type { ProbeFetchOptions } from '../../src/engine/probe.js';
import type { FetchResult } from '../../src/http/types.js';
import { fetchServedBy, judgeServedBy, signalsNote } from '../../src/probe-kit/served-by.js';
import { failure, response, SITE } from '../helpers/site-kit.js';

const PHOTO = `${SITE}media/images/photo.width-800.jpg`;
const MISSING = `${SITE}wagtail-probe-0123456789ab/`;
const COPIED = { 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin', 'Cross-Origin-Opener-Policy': 'same-origin' };

const apacheFile = response({
  url: PHOTO,
  headers: { Server: 'Apache/2.4.71 (Debian)', ...COPIED, 'Last-Modified': 'Mon, 05 Jan 2026 10:00:00 GMT', ETag: '"1a2b-647a11f422800"', 'Accept-Ranges': 'bytes', 'Content-Type': 'image/jpeg' },
  body: '\xff\xd8\xff',
  complete: false,
});
const partial = response({ url: PHOTO, status: 206, headers: { Server: 'Apache/2.4.71 (Debian)', 'Content-Range': 'bytes 0-1/6699', 'Content-Length': '2' }, body: '\xff\xd8', requestHeaders: { Range: 'bytes=0-1' } });
const APACHE_404 = '<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';
const apacheNotFound = response({ url: MISSING, status: 404, headers: { Server: 'Apache/2.4.71 (Debian)', ...COPIED, 'Content-Type': 'text/html; charset=iso-8859-1' }, body: APACHE_404, text: APACHE_404 });
const DJANGO_404 = '<h1>Not Found</h1><p>The requested resource was not found on this server.</p>';
const djangoNotFound = response({ url: MISSING, status: 404, headers: { Server: 'gunicorn', ...COPIED, 'Content-Type': 'text/html; charset=utf-8' }, body: DJANGO_404, text: DJANGO_404 });

const referenceSignals = (names: readonly string[]) => names.filter((name) => name.includes('Django reference'));

t.test("a web server's own error page is shown, never compared against", async (t) => {
  const judged = judgeServedBy(apacheFile, partial, apacheNotFound);
  t.same(judged.reference, { verdict: 'not-django', answeredBy: 'the web server itself', mark: "Apache's error page" });
  t.same(referenceSignals(judged.verdict.signals.map((s) => s.name)), [], 'no comparison with the copied headers');
  t.same({ servedBy: judged.verdict.servedBy, confidence: judged.verdict.confidence }, { servedBy: 'web-server', confidence: 'strong' });
  t.equal(judged.referenceEvidence.note, "a path nothing serves, answered by the web server itself (Apache's error page): not usable as Django's reference");
  t.equal(judged.referenceEvidence.status, 404);
  t.same(judged.evidence, [judged.fileEvidence, judged.rangeEvidence, judged.referenceEvidence, { note: signalsNote(judged.verdict) }], 'the file, the Range answer, the missing page, the signals');
});

t.test("Django's own missing page is the reference", async (t) => {
  const judged = judgeServedBy(apacheFile, partial, djangoNotFound);
  t.equal(judged.reference?.verdict, 'django');
  t.same(referenceSignals(judged.verdict.signals.map((s) => s.name)), ['same middleware headers as the Django reference'], 'the copied headers match it');
  t.same({ servedBy: judged.verdict.servedBy, confidence: judged.verdict.confidence }, { servedBy: 'web-server', confidence: 'strong' }, 'and still cannot outvote the 206 and the ETag');
  t.equal(judged.referenceEvidence.note, "a path nothing serves, answered by Django (Server: gunicorn, the app server's own header): the reference for its middleware headers");
});

t.test('a missing page of unknown origin is not a reference either', async (t) => {
  const soft404 = response({ url: MISSING, status: 200, headers: { Server: 'nginx', ...COPIED }, body: '<div id=root></div>', text: '<div id=root></div>' });
  const judged = judgeServedBy(apacheFile, partial, soft404);
  t.equal(judged.reference?.verdict, 'unknown');
  t.same(referenceSignals(judged.verdict.signals.map((s) => s.name)), []);
  t.match(judged.referenceEvidence.note, /answered by an unknown server \(answered 200, not 404.*\): not usable as Django's reference$/);
});

t.test('a failed missing-page request: no reference, and the evidence says so', async (t) => {
  const judged = judgeServedBy(apacheFile, partial, failure(MISSING, 'ERR_TIMEOUT'));
  t.equal(judged.reference, null);
  t.equal(judged.referenceEvidence.error, 'ERR_TIMEOUT: ERR_TIMEOUT');
  t.match(judged.referenceEvidence.note, /the request failed, so no reference/);
  t.equal(judged.verdict.servedBy, 'web-server');
});

t.test('no Range request (a budget spent): the headers decide alone, no Range evidence', async (t) => {
  const judged = judgeServedBy(apacheFile, null, apacheNotFound);
  t.equal(judged.rangeEvidence, null);
  t.equal(judged.evidence.length, 3);
  t.notOk(judged.verdict.signals.some((s) => s.name === 'range request'));
  t.same({ servedBy: judged.verdict.servedBy, confidence: judged.verdict.confidence }, { servedBy: 'web-server', confidence: 'strong' }, "Apache's ETag, Server and Accept-Ranges outweigh the copied headers");
});

t.test('signalsNote marks what a web server can copy', async (t) => {
  const note = signalsNote(judgeServedBy(apacheFile, partial, djangoNotFound).verdict);
  t.match(note, /x-frame-options \(DENY\) -> django \[copyable\]/);
  t.match(note, /etag \("1a2b-647a11f422800"\) -> web-server;/);
  t.match(note, /range request \(bytes=0-1 -> 206\) -> web-server\/whitenoise\/object-storage$/);
});

t.test("fetchServedBy asks the file's final URL once, with the two-byte Range and no redirect", async (t) => {
  const asked: { url: string; options: ProbeFetchOptions | undefined }[] = [];
  const fetch = async (url: string, options?: ProbeFetchOptions): Promise<FetchResult> => {
    asked.push({ url, options });
    return partial;
  };
  const judged = await fetchServedBy(fetch, apacheFile, djangoNotFound);
  t.same(asked.map((a) => [a.url, a.options?.headers, a.options?.followRedirects]), [[PHOTO, { Range: 'bytes=0-1' }, false]]);
  t.equal(judged.rangeEvidence?.status, 206);
});
