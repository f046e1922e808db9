// Who served it, when the web server copies Django's headers onto its own
// files (the hardening guides' `Header always set X-Frame-Options DENY`,
// nosniff, Referrer-Policy, COOP). The header sets are recorded from the
// servers themselves on 127.0.0.1 (Apache 2.4.71 with `Alias` and mod_headers,
// Caddy 2.6.2 with `file_server` and a `header` block, nginx 1.22.1 `alias`,
// each in front of gunicorn running Django 5.2 with the project template's
// middleware), and from the stack (test/stack/README.md "What the stack confirmed").

import t from 'tap';
import { fingerprintServer, type FingerprintInput, type ServedBy } from '../../src/signals/served-by.js';
import type { HeaderMap } from '../../src/http/types.js';
import { djangoNotFound, rangeAnswer, response, wagtailDocumentServe, whiteNoiseHashed } from './fixtures/recorded-responses.js';

const LAST_MODIFIED = 'Mon, 05 Jan 2026 10:00:00 GMT';
const PHOTO = 'https://example.com/media/images/photo.width-800.jpg';
const COPIED: HeaderMap = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};
/** The same headers sent twice, by Django and by the web server in front (undici joins repeats with ", "). */
const COPIED_TWICE: HeaderMap = Object.fromEntries(Object.entries(COPIED).map(([name, value]) => [name, `${value}, ${value}`]));

/** Apache `Alias /media/` with `Header always set` for the four headers. */
const apacheFile = response(PHOTO, {
  server: 'Apache/2.4.71 (Debian)',
  ...COPIED,
  'last-modified': LAST_MODIFIED,
  etag: '"1a2b-647a11f422800"',
  'accept-ranges': 'bytes',
  'content-length': '6699',
  'content-type': 'image/jpeg',
});

/** Caddy `file_server` with a `header` block setting the four headers. */
const caddyFile = response(PHOTO, {
  'accept-ranges': 'bytes',
  'content-length': '6699',
  'content-type': 'image/jpeg',
  ...COPIED,
  etag: '"t8dyg0563"',
  'last-modified': LAST_MODIFIED,
  server: 'Caddy',
});

/** nginx `alias` on MEDIA_ROOT, nothing added. */
const nginxFile = response(PHOTO, {
  server: 'nginx/1.22.1',
  'content-type': 'image/jpeg',
  'content-length': '6699',
  'last-modified': LAST_MODIFIED,
  etag: '"695b8ba0-1a2b"',
  'accept-ranges': 'bytes',
});

/** django.views.static.serve straight from gunicorn. */
const djangoServe: HeaderMap = {
  server: 'gunicorn',
  'content-type': 'image/jpeg',
  'content-length': '6699',
  'content-disposition': 'inline; filename="photo.width-800.jpg"',
  'last-modified': LAST_MODIFIED,
  ...COPIED,
};
const gunicornServe = response(PHOTO, djangoServe);
/** The same view behind Apache copying the headers: mod_proxy keeps gunicorn's Server, the headers come twice. */
const apacheProxiedServe = response(PHOTO, { ...djangoServe, ...COPIED_TWICE });
/** Behind Caddy's reverse_proxy with the same `header` block: two Server headers too. */
const caddyProxiedServe = response(PHOTO, { ...djangoServe, ...COPIED_TWICE, server: 'Caddy, gunicorn' });

/** Django's default 404 as Apache passes it on (no ProxyErrorOverride): the reference, its headers twice. */
const djangoNotFoundViaApache = response('https://example.com/wagtail-probe-0123456789ab/', {
  server: 'gunicorn',
  'content-type': 'text/html; charset=utf-8',
  ...COPIED_TWICE,
}, 404);

/** Apache's own 404 (ProxyErrorOverride On), its copied headers on it: what must never be Django's reference. */
const apacheNotFound = response('https://example.com/wagtail-probe-0123456789ab/', {
  server: 'Apache/2.4.71 (Debian)',
  ...COPIED,
  'content-type': 'text/html; charset=iso-8859-1',
}, 404);

/**
 * Wagtail's document serve view handing the file to nginx (X-Accel-Redirect),
 * the stack's hardened profile: nginx's ETag and Range, Wagtail's
 * Content-Disposition surviving, CSP and nosniff re-added by the internal location.
 */
const xAccelDocument = response('https://example.com/documents/7/annual-report.pdf', {
  server: 'nginx/1.22.1',
  'content-type': 'application/pdf',
  'content-length': '182044',
  'last-modified': LAST_MODIFIED,
  etag: '"695b8ba0-2c71c"',
  'accept-ranges': 'bytes',
  'content-disposition': 'inline; filename="annual-report.pdf"',
  'content-security-policy': "default-src 'none'",
  'x-content-type-options': 'nosniff',
});

interface Case {
  readonly name: string;
  readonly input: FingerprintInput;
  readonly servedBy: ServedBy;
  readonly confidence: 'strong' | 'weak';
}

t.test('copied security headers never outvote what a web server cannot fake', async (t) => {
  const cases: Case[] = [
    { name: 'nginx alias file, Range 206, Django reference', input: { response: nginxFile, rangeResponse: rangeAnswer(nginxFile, 206), djangoReference: djangoNotFound }, servedBy: 'web-server', confidence: 'strong' },
    { name: 'Apache file with copied headers, Range 206, Django reference', input: { response: apacheFile, rangeResponse: rangeAnswer(apacheFile, 206), djangoReference: djangoNotFoundViaApache }, servedBy: 'web-server', confidence: 'strong' },
    { name: 'Apache file with copied headers, headers alone', input: { response: apacheFile }, servedBy: 'web-server', confidence: 'strong' },
    { name: "Apache file with copied headers, compared against Apache's own error page", input: { response: apacheFile, rangeResponse: rangeAnswer(apacheFile, 206), djangoReference: apacheNotFound }, servedBy: 'web-server', confidence: 'strong' },
    { name: 'Caddy file with copied headers, Range 206, Django reference', input: { response: caddyFile, rangeResponse: rangeAnswer(caddyFile, 206), djangoReference: djangoNotFound }, servedBy: 'web-server', confidence: 'strong' },
    { name: 'Caddy file with copied headers, headers alone', input: { response: caddyFile }, servedBy: 'web-server', confidence: 'strong' },
    { name: 'static.serve from gunicorn, Range ignored', input: { response: gunicornServe, rangeResponse: rangeAnswer(gunicornServe, 200) }, servedBy: 'django', confidence: 'strong' },
    { name: 'static.serve behind Apache copying the headers (each twice), Range ignored', input: { response: apacheProxiedServe, rangeResponse: rangeAnswer(apacheProxiedServe, 200), djangoReference: djangoNotFoundViaApache }, servedBy: 'django', confidence: 'strong' },
    { name: 'static.serve behind Caddy (Server: Caddy, gunicorn), Range ignored', input: { response: caddyProxiedServe, rangeResponse: rangeAnswer(caddyProxiedServe, 200) }, servedBy: 'django', confidence: 'strong' },
    { name: "Wagtail's document serve view: Django's own marks", input: { response: wagtailDocumentServe, rangeResponse: rangeAnswer(wagtailDocumentServe, 200), djangoReference: djangoNotFound }, servedBy: 'django', confidence: 'strong' },
    { name: 'WhiteNoise behind nginx', input: { response: whiteNoiseHashed, rangeResponse: rangeAnswer(whiteNoiseHashed, 206), djangoReference: djangoNotFound }, servedBy: 'whitenoise', confidence: 'strong' },
    // WhiteNoise makes nginx's ETag and answers Range too: only the Server hint and Accept-Ranges lead.
    { name: 'X-Accel-Redirect: nginx sends the file Wagtail checked, weakly but rightly', input: { response: xAccelDocument, rangeResponse: rangeAnswer(xAccelDocument, 206), djangoReference: djangoNotFound }, servedBy: 'web-server', confidence: 'weak' },
  ];
  for (const c of cases) {
    const verdict = fingerprintServer(c.input);
    t.same({ servedBy: verdict.servedBy, confidence: verdict.confidence }, { servedBy: c.servedBy, confidence: c.confidence }, `${c.name} (scores ${JSON.stringify(verdict.scores)})`);
  }
});

t.test('the copyable headers count once, together', async (t) => {
  const everythingCopyable = response(PHOTO, { ...COPIED, 'content-security-policy': "default-src 'none'", vary: 'Cookie' });
  const verdict = fingerprintServer({ response: everythingCopyable, djangoReference: djangoNotFound });
  t.same(verdict.signals.filter((s) => !s.copyable), [], 'every signal here is one a web server can send');
  t.equal(verdict.signals.length, 7, 'each is still shown: four middleware headers, CSP, Vary, the reference comparison');
  t.equal(verdict.scores.django, 2, 'eight points of copyable headers are worth two');
  t.equal(verdict.confidence, 'weak', 'never a strong verdict on copyable headers alone');
  const absent = fingerprintServer({ response: nginxFile, djangoReference: djangoNotFound }).signals.find((s) => s.name === 'none of the Django reference middleware headers');
  t.equal(absent?.copyable, false, "their absence is not copyable: Django cannot leave them off one file");
});

t.test('a repeated header value is the value', async (t) => {
  const names = (headers: HeaderMap) => fingerprintServer({ response: response(PHOTO, headers), djangoReference: djangoNotFound }).signals.map((s) => s.name);
  t.same(names(COPIED_TWICE), [...Object.keys(COPIED), 'same middleware headers as the Django reference']);
  t.same(names({ 'x-frame-options': 'DENY, SAMEORIGIN' }), ['none of the Django reference middleware headers'], 'two different values are not DENY');
});

t.test('Server: the product that produced the body, before the front server that passed it on', async (t) => {
  const server = (value: string) => fingerprintServer({ response: response(PHOTO, { server: value }) }).signals.map((s) => `${s.pointsTo.join('|')} x${s.weight}`);
  t.same(server('Caddy, gunicorn'), ['django|whitenoise x2']);
  t.same(server('Caddy'), ['web-server x1']);
  t.same(server('Apache/2.4.71 (Debian)'), ['web-server x1']);
});

t.test('ETag shapes weigh as their makers: Apache and Caddy are web servers alone, nginx shares with WhiteNoise', async (t) => {
  const weightOf = (etag: string) => fingerprintServer({ response: response(PHOTO, { etag }) }).signals.map((s) => `${s.pointsTo.join('|')} x${s.weight}`);
  t.same(weightOf('"1a2b-647a11f422800"'), ['web-server x2'], "Apache's shape is a web server's alone");
  t.same(weightOf('"t8dyg0563"'), ['web-server x2'], "Caddy's too");
  t.same(weightOf('"695b8ba0-1a2b"'), ['web-server|whitenoise x1'], "nginx's is WhiteNoise's as well");
});
