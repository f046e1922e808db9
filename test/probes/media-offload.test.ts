// media-offload, as a specification: recorded header sets of the servers that
// send user uploads (nginx, WhiteNoise, Django's static.serve, Wagtail's serve
// views, runserver, S3), and the ways media breaks, leaks or is badly cached.

import t from 'tap';
import probe, { deriveOriginalNames } from '../../probes/media-offload/index.js';
import { ANONYMOUS_READ_REQUESTS } from '../../probes/media-offload/originals.js';
import { notFoundUrl } from '../../src/probe-kit/shared-requests.js';
import type { FetchResult } from '../../src/http/types.js';
import type { ResourceRecord, SiteModel } from '../../src/gather/model.js';
import type { RunOptions } from '../../src/engine/options.js';
import { requestBudget } from '../../src/engine/probe.js';
import { SITE, failure, hop, options, resource, response, runOn, site, summary, type Canned } from '../helpers/site-kit.js';

// --- Fixtures: URLs ------------------------------------------------------------------

const PAGE = `${SITE}gallery/`;
const MEDIA = `${SITE}media/`;
const rendition = (name: string) => `${MEDIA}images/${name}`;
const PHOTO = rendition('photo.2e16d0ba.fill-300x200.jpg');
const PHOTO_WIDE = rendition('photo.width-800.jpg');
const PHOTO_WEBP = rendition('photo.width-400.format-webp.webp');
const ORIGINAL = `${MEDIA}original_images/photo.jpg`;
const DOC_FILE = `${MEDIA}documents/annual-report.pdf`;
const DOC_SERVE = `${SITE}documents/1/annual-report.pdf`;
const SIGNATURE = 'Xk3vQ9a1b2c3d4e5f6g7h8i9j0k=';
const IMAGE_SERVE = `${SITE}images/${SIGNATURE}/3/width-400/photo.jpg`;
const TAMPERED = `${SITE}images/A${SIGNATURE.slice(1)}/3/width-400/photo.jpg`;
const S3_MEDIA = 'https://bucket.s3.amazonaws.com/media/';
const S3_PHOTO = `${S3_MEDIA}images/photo.width-800.jpg`;

const JPEG = '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01';
const PDF = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
/** nginx's autoindex page for /media/images/. */
const AUTOINDEX = '<html>\r\n<head><title>Index of /media/images/</title></head>\r\n<body>\r\n<h1>Index of /media/images/</h1><hr><pre><a href="../">../</a>\r\n';
const HTML_404 = '<!DOCTYPE html>\n<html><head><title>Page not found</title></head><body><h1>Page not found</h1></body></html>';
const MONTH = 'public, max-age=2592000';

// --- Fixtures: header sets as each server sends them --------------------------------------

/** Django's middleware, as the project template configures it. */
const DJANGO_MIDDLEWARE = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

type Headers = Record<string, string>;

const HEADER_SETS = {
  /** nginx `alias` on MEDIA_ROOT/images/ with `add_header Cache-Control`. */
  nginx: (extra: Headers = {}): Headers => ({
    server: 'nginx/1.22.1', 'content-type': 'image/jpeg', 'last-modified': 'Mon, 05 Jan 2026 10:00:00 GMT',
    etag: '"695b8c50-1a2b"', 'accept-ranges': 'bytes', 'cache-control': MONTH, ...extra,
  }),
  /** WhiteNoise answering for a media file (WHITENOISE_ROOT on MEDIA_ROOT): behind SecurityMiddleware, before XFrameOptions. */
  whitenoise: (): Headers => ({
    server: 'nginx/1.22.1', 'content-type': 'image/jpeg', 'cache-control': 'max-age=60, public', 'access-control-allow-origin': '*',
    etag: '"695b8c50-1a2b"', 'last-modified': 'Mon, 05 Jan 2026 10:00:00 GMT',
    'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin', 'cross-origin-opener-policy': 'same-origin',
  }),
  /** django.views.static.serve behind nginx: FileResponse with its file name, Last-Modified, no ETag, the middleware. */
  djangoStatic: (name: string): Headers => ({
    server: 'nginx/1.22.1', 'content-type': 'image/jpeg', 'content-disposition': `inline; filename="${name}"`,
    'last-modified': 'Mon, 05 Jan 2026 10:00:00 GMT', ...DJANGO_MIDDLEWARE,
  }),
  /** The same view under `manage.py runserver`. */
  runserver: (name: string): Headers => ({ ...HEADER_SETS.djangoStatic(name), server: 'WSGIServer/0.2 CPython/3.11.7' }),
  /** Wagtail's document serve view (6.4+) on local storage, no sendfile. */
  wagtailDocument: (name: string): Headers => ({
    server: 'nginx/1.22.1', 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${name}"`,
    'content-security-policy': "default-src 'none'", etag: '"3f786850e387550fdab836ed7e6dc881de23001b"',
    'last-modified': 'Mon, 05 Jan 2026 10:00:00 GMT', 'content-encoding': 'None', ...DJANGO_MIDDLEWARE,
  }),
  /** Wagtail's dynamic image view: FileResponse, its cache_control decorator, CSP and nosniff. */
  wagtailImageServe: (extra: Headers = {}): Headers => ({
    server: 'nginx/1.22.1', 'content-type': 'image/jpeg', 'content-disposition': 'inline; filename="photo.width-400.jpg"',
    'cache-control': 'max-age=3600, public', 'content-security-policy': "default-src 'none'", ...DJANGO_MIDDLEWARE, ...extra,
  }),
  /** An S3 bucket answering directly. */
  s3: (): Headers => ({
    server: 'AmazonS3', 'content-type': 'image/jpeg', 'x-amz-request-id': '4442587FB7D0A2F9', 'x-amz-id-2': 'vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=',
    etag: '"d41d8cd98f00b204e9800998ecf8427e"', 'accept-ranges': 'bytes', 'last-modified': 'Mon, 05 Jan 2026 10:00:00 GMT', 'cache-control': MONTH,
  }),
};

// --- Fixtures: responses -------------------------------------------------------------------

const fromPage = [{ from: PAGE, via: 'img' as const }];

function image(url: string, headers: Headers, body = JPEG, status = 200): ResourceRecord {
  const kind = url.includes('/original_images/') ? 'original-image' : url.startsWith(`${MEDIA}images/`) || url.startsWith(`${S3_MEDIA}images/`) ? 'rendition' : 'media';
  return resource(kind, response({ url, status, headers, body, complete: false }), fromPage);
}

/** A Range request as a server that honours it answers. */
function partial(url: string, headers: Headers = {}): Canned {
  return {
    url, when: { range: 'bytes=0-1' }, followRedirects: false,
    result: response({ url, status: 206, headers: { 'content-range': 'bytes 0-1/6699', 'accept-ranges': 'bytes', ...headers }, body: '\xff\xd8', requestHeaders: { range: 'bytes=0-1' } }),
  };
}

/** A Range request as Django's file views answer it: the whole file, 200. */
function ignoredRange(url: string, headers: Headers): Canned {
  return { url, when: { range: 'bytes=0-1' }, followRedirects: false, result: response({ url, status: 200, headers, body: headers['content-type'] === 'application/pdf' ? PDF : JPEG, complete: false, requestHeaders: { range: 'bytes=0-1' } }) };
}

/** Django's 404 for the probe's random path: the reference for its middleware headers. */
function reference(model: SiteModel, headers: Headers = { server: 'nginx/1.22.1', 'content-type': 'text/html; charset=utf-8', ...DJANGO_MIDDLEWARE, vary: 'Cookie' }): Canned {
  const url = notFoundUrl(model);
  return { url, followRedirects: false, result: response({ url, status: 404, headers, body: HTML_404, complete: false }) };
}

/** What nginx says for the media folders when autoindex is off and originals are denied. */
function closedFolders(media = MEDIA): Canned[] {
  return ['', 'images/', 'original_images/', 'documents/'].map((folder) => ({
    url: `${media}${folder}`, followRedirects: false,
    result: response({ url: `${media}${folder}`, status: 403, headers: { server: 'nginx/1.22.1', 'content-type': 'text/html' }, body: '<html><head><title>403 Forbidden</title>' }),
  }));
}

function original(url: string, status: number, headers: Headers = { server: 'nginx/1.22.1', 'content-type': 'text/html' }, body = '<html>'): Canned {
  return { url, result: response({ url, status, headers, body, complete: false }) };
}
const ORIGINAL_DENIED = original(ORIGINAL, 403);
/** Django's 404 for /api/v2/images/: the site mounts no images API (every case below, unless it answers first). */
const NO_IMAGES_API = original(`${SITE}api/v2/images/`, 404, { server: 'nginx/1.22.1', 'content-type': 'text/html; charset=utf-8', ...DJANGO_MIDDLEWARE }, HTML_404);

// --- The table --------------------------------------------------------------------------

interface Case {
  name: string;
  resources: ResourceRecord[];
  canned: (model: SiteModel) => Canned[];
  parts?: Partial<SiteModel>;
  opts?: Partial<RunOptions>;
  expected: string[];
  outcome: 'pass' | 'fail' | 'inconclusive' | 'skip';
  /** Checks on the findings beyond their ids and urls. */
  more?: (tt: Subtest, run: Awaited<ReturnType<typeof runOn>>) => void;
}

/** The subtest handed to a t.test callback (the last overload of t.test takes the callback alone). */
type Subtest = Parameters<Extract<Parameters<typeof t.test>[0], (...args: never[]) => unknown>>[0];

const nginxPhoto = () => image(PHOTO, HEADER_SETS.nginx());

const cases: Case[] = [
  // --- Who serves it: one recorded header set per server ---
  {
    name: 'nginx serves renditions (Range 206, none of Django\'s headers): the web server, as Wagtail advises',
    resources: [nginxPhoto(), image(PHOTO_WIDE, HEADER_SETS.nginx())],
    canned: (m) => [reference(m), partial(PHOTO), ...closedFolders(), ORIGINAL_DENIED],
    expected: [`servedBy ${MEDIA}images/`],
    outcome: 'pass',
    more: (tt, run) => {
      const finding = run.findings[0];
      tt.match(finding?.message, /Renditions \(images\/\) are served by the web server \(2 files, strong signals\)/);
      tt.match(finding?.evidence[0]?.headers, { server: 'nginx/1.22.1', 'accept-ranges': 'bytes' });
      tt.equal(finding?.evidence[0]?.referrer, PAGE);
      tt.equal(finding?.evidence[1]?.status, 206, 'the Range answer is evidence');
      tt.match(finding?.evidence.at(-1)?.note, PHOTO_WIDE, 'every file judged is listed');
      // One Range request for the one response shape, never one per file.
      tt.equal(run.requests.filter((r) => r.options.headers?.['Range']).length, 1);
    },
  },
  {
    name: "Django's static.serve (middleware headers as on Django's 404, inline Content-Disposition, Range ignored): an error",
    resources: [image(PHOTO, HEADER_SETS.djangoStatic('photo.2e16d0ba.fill-300x200.jpg'))],
    canned: (m) => [reference(m), ignoredRange(PHOTO, HEADER_SETS.djangoStatic('photo.2e16d0ba.fill-300x200.jpg')), ...closedFolders(), ORIGINAL_DENIED],
    expected: [`renditionCacheShort ${MEDIA}images/`, `servedByDjango ${MEDIA}images/`],
    outcome: 'fail',
    more: (tt, run) => {
      const finding = run.findings.find((f) => f.messageId === 'servedByDjango');
      tt.match(finding?.message, /are served by Django \(1 file, strong signals\)/);
      tt.match(finding?.evidence[0]?.headers, { 'x-frame-options': 'DENY', 'content-disposition': 'inline; filename="photo.2e16d0ba.fill-300x200.jpg"' });
      tt.match(finding?.evidence[0]?.note, /same middleware headers as the Django reference/);
      tt.equal(finding?.evidence[1]?.status, 200, 'Range was ignored');
      tt.match(finding?.evidence[2]?.note, /a path nothing serves, answered by Django/);
    },
  },
  {
    name: 'runserver in production: Django, said so',
    resources: [image(PHOTO, HEADER_SETS.runserver('photo.2e16d0ba.fill-300x200.jpg'))],
    canned: (m) => [
      reference(m, { server: 'WSGIServer/0.2 CPython/3.11.7', 'content-type': 'text/html; charset=utf-8', ...DJANGO_MIDDLEWARE }),
      ignoredRange(PHOTO, HEADER_SETS.runserver('photo.2e16d0ba.fill-300x200.jpg')),
      ...closedFolders(), ORIGINAL_DENIED,
    ],
    expected: [`renditionCacheShort ${MEDIA}images/`, `servedByDjango ${MEDIA}images/`],
    outcome: 'fail',
    more: (tt, run) => tt.match(run.findings.find((f) => f.messageId === 'servedByDjango')?.message, /runserver/),
  },
  {
    name: 'WhiteNoise answering for media: inside the Django process, an error',
    resources: [image(PHOTO, HEADER_SETS.whitenoise())],
    canned: (m) => [reference(m), partial(PHOTO, { 'access-control-allow-origin': '*' }), ...closedFolders(), ORIGINAL_DENIED],
    expected: [`renditionCacheShort ${MEDIA}images/`, `servedByDjango ${MEDIA}images/`],
    outcome: 'fail',
    more: (tt, run) => tt.match(run.findings.find((f) => f.messageId === 'servedByDjango')?.message, /WhiteNoise, inside the Django process/),
  },
  {
    name: "Wagtail's document serve view streaming the file (no sendfile): Wagtail's documented default, info",
    resources: [resource('document', response({ url: DOC_SERVE, headers: HEADER_SETS.wagtailDocument('annual-report.pdf'), body: PDF, complete: false }), [{ from: PAGE, via: 'a' }])],
    canned: (m) => [reference(m), ignoredRange(DOC_SERVE, HEADER_SETS.wagtailDocument('annual-report.pdf')), ...closedFolders()],
    expected: [`documentsStreamedByDjango ${SITE}documents/1/`],
    outcome: 'pass',
  },
  {
    name: 'Renditions in an S3 bucket: object storage',
    resources: [image(S3_PHOTO, HEADER_SETS.s3())],
    parts: { mediaUrl: { url: S3_MEDIA, source: 'renditions' } },
    canned: (m) => [reference(m), partial(S3_PHOTO, { server: 'AmazonS3' }), ...closedFolders(S3_MEDIA), original(`${S3_MEDIA}original_images/photo.jpg`, 403)],
    expected: [`servedBy ${S3_MEDIA}images/`],
    outcome: 'pass',
    more: (tt, run) => tt.match(run.findings[0]?.message, /served by object storage/),
  },
  {
    name: 'No signal decides (only a 206, Django\'s 404 without its headers): inconclusive, never a pass',
    resources: [image(PHOTO, { 'content-type': 'image/jpeg', 'cache-control': MONTH })],
    canned: (m) => [reference(m, { 'content-type': 'text/html' }), partial(PHOTO), ...closedFolders(), ORIGINAL_DENIED],
    expected: [`?servedByUnknown ${MEDIA}images/`],
    outcome: 'inconclusive',
  },
  {
    name: 'Two faint Django hints and nothing else (no Range answer): Django, but reported as undecided, never a failure',
    resources: [image(PHOTO, { 'content-type': 'image/jpeg', 'last-modified': 'Mon, 05 Jan 2026 10:00:00 GMT', 'x-frame-options': 'DENY', 'cache-control': MONTH })],
    canned: (m) => [
      reference(m, { 'content-type': 'text/html' }),
      { url: PHOTO, when: { range: 'bytes=0-1' }, followRedirects: false, result: failure(PHOTO, 'ERR_TIMEOUT') },
      ...closedFolders(), ORIGINAL_DENIED,
    ],
    expected: [`?servedByDjango ${MEDIA}images/`],
    outcome: 'inconclusive',
    more: (tt, run) => tt.match(run.findings[0]?.message, /weak signals/),
  },
  {
    name: 'Cloudflare in front, nothing of the origin showing: the CDN is named, the origin is not guessed',
    resources: [image(PHOTO, { server: 'cloudflare', 'cf-ray': '8f1c2a3b4d5e6f70-AMS', 'cf-cache-status': 'HIT', age: '3600', 'content-type': 'image/jpeg', 'cache-control': MONTH })],
    canned: (m) => [reference(m, { server: 'cloudflare', 'cf-ray': '8f1c2a3b4d5e6f71-AMS', 'content-type': 'text/html' }), partial(PHOTO, { server: 'cloudflare' }), ...closedFolders(), ORIGINAL_DENIED],
    expected: [`servedBy ${MEDIA}images/`],
    outcome: 'pass',
    more: (tt, run) => tt.match(run.findings[0]?.message, /served by a CDN or cache \(the server behind it does not show\)/),
  },
  {
    name: 'A rendition behind a redirect (http to https on a media host): Range asked of the final URL',
    resources: [resource('rendition', response({ url: PHOTO, hops: [hop(PHOTO.replace('https:', 'http:'), 301, PHOTO)], headers: HEADER_SETS.nginx(), body: JPEG, complete: false }), fromPage, PHOTO.replace('https:', 'http:'))],
    canned: (m) => [reference(m), partial(PHOTO), ...closedFolders(), ORIGINAL_DENIED],
    expected: [`servedBy http://site.test/media/images/`],
    outcome: 'pass',
  },
  {
    name: 'Documents behind a redirect to MEDIA_URL (serve method "redirect"): the file judged where it landed',
    resources: [
      resource('document', response({
        url: DOC_FILE, hops: [hop(DOC_SERVE, 302, '/media/documents/annual-report.pdf')],
        headers: { ...HEADER_SETS.nginx({ 'content-type': 'application/pdf' }) }, body: PDF, complete: false,
      }), [{ from: PAGE, via: 'a' }]),
    ],
    canned: (m) => [reference(m), partial(DOC_FILE), ...closedFolders()],
    expected: [`servedBy ${MEDIA}documents/`],
    outcome: 'pass',
    more: (tt, run) => {
      tt.match(run.findings[0]?.message, /^Document files \(documents\/\) are served by the web server/);
      tt.equal(run.findings[0]?.evidence[0]?.hops?.[0]?.url, DOC_SERVE, 'the redirect hop is evidence');
    },
  },
  {
    name: "A private document's login redirect and password form are not files: nothing to judge",
    resources: [
      resource('document', response({ url: `${SITE}_util/login/`, hops: [hop(DOC_SERVE, 302, '/_util/login/?next=/documents/1/annual-report.pdf')], headers: { 'content-type': 'text/html' }, body: HTML_404 })),
      resource('document', response({ url: `${SITE}documents/2/salaries.csv`, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE HTML><title>Password required</title>' })),
    ],
    canned: (m) => [...closedFolders()],
    expected: [],
    outcome: 'skip',
  },
  // --- Broken media ---
  {
    name: 'A rendition that 404s: a lost upload',
    resources: [nginxPhoto(), image(PHOTO_WIDE, { server: 'nginx/1.22.1', 'content-type': 'text/html' }, '<html><head><title>404 Not Found</title>', 404)],
    canned: (m) => [reference(m), partial(PHOTO), ...closedFolders(), ORIGINAL_DENIED],
    expected: [`mediaMissing ${PHOTO_WIDE}`, `servedBy ${MEDIA}images/`],
    outcome: 'fail',
    more: (tt, run) => tt.equal(run.findings.find((f) => f.messageId === 'mediaMissing')?.evidence[0]?.referrer, PAGE),
  },
  {
    name: 'A 500, a 429 and a timeout: a warning, and two that cannot decide',
    resources: [
      nginxPhoto(),
      image(PHOTO_WIDE, { 'content-type': 'text/html' }, '<html>', 500),
      image(rendition('photo.width-200.jpg'), { 'content-type': 'text/html', 'retry-after': '30' }, '<html>', 429),
      resource('rendition', failure(PHOTO_WEBP, 'ERR_TIMEOUT'), fromPage),
    ],
    canned: (m) => [reference(m), partial(PHOTO), ...closedFolders(), ORIGINAL_DENIED],
    expected: [`?mediaError ${rendition('photo.width-200.jpg')}`, `?mediaError ${PHOTO_WEBP}`, `mediaError ${PHOTO_WIDE}`, `servedBy ${MEDIA}images/`],
    outcome: 'fail',
  },
  {
    name: "Wagtail's not-found marker: an image whose original is missing",
    resources: [nginxPhoto(), resource('media', response({ url: `${MEDIA}not-found`, status: 404, headers: { 'content-type': 'text/html' }, body: HTML_404 }), fromPage)],
    canned: (m) => [reference(m), partial(PHOTO), ...closedFolders(), ORIGINAL_DENIED],
    expected: [`notFoundMarker ${MEDIA}not-found`, `servedBy ${MEDIA}images/`],
    outcome: 'fail',
    more: (tt, run) => tt.equal(run.findings.find((f) => f.messageId === 'notFoundMarker')?.evidence[0]?.referrer, PAGE),
  },
  {
    name: "The not-found marker when MEDIA_URL is unknown (an <img> like any other); static files are another probe's",
    resources: [
      resource('image', response({ url: `${MEDIA}not-found`, status: 404, headers: { 'content-type': 'text/html' }, body: HTML_404 }), fromPage),
      resource('static', response({ url: `${SITE}static/css/site.0123456789ab.css`, headers: { 'content-type': 'text/css' }, body: 'body{}' })),
    ],
    parts: { mediaUrl: null },
    canned: () => [],
    expected: [`notFoundMarker ${MEDIA}not-found`],
    outcome: 'fail',
  },
  {
    name: 'An HTML page under a rendition name (200): not an image',
    resources: [nginxPhoto(), image(PHOTO_WIDE, HEADER_SETS.nginx({ 'content-type': 'text/html' }), HTML_404)],
    canned: (m) => [reference(m), partial(PHOTO), partial(PHOTO_WIDE), ...closedFolders(), ORIGINAL_DENIED],
    expected: [`notAnImage ${PHOTO_WIDE}`, `servedBy ${MEDIA}images/`],
    outcome: 'fail',
    more: (tt, run) => tt.match(run.findings.find((f) => f.messageId === 'notAnImage')?.message, /starts with <!DOCTYPE html> \(text\/html\)/),
  },
  {
    name: 'A JPEG sent as application/octet-stream: the wrong content type',
    resources: [image(PHOTO, HEADER_SETS.nginx({ 'content-type': 'application/octet-stream' }))],
    canned: (m) => [reference(m), partial(PHOTO), ...closedFolders(), ORIGINAL_DENIED],
    expected: [`servedBy ${MEDIA}images/`, `wrongContentType ${PHOTO}`],
    outcome: 'fail',
  },
  // --- Caching of renditions ---
  {
    name: 'Renditions with no caching headers and with an hour: cached too briefly, one finding for the folder',
    resources: [
      image(PHOTO, HEADER_SETS.nginx({ 'cache-control': 'max-age=3600' })),
      image(PHOTO_WIDE, Object.fromEntries(Object.entries(HEADER_SETS.nginx()).filter(([name]) => name !== 'cache-control'))),
      image(PHOTO_WEBP, HEADER_SETS.nginx({ 'content-type': 'image/webp' }), 'RIFF\x00\x00\x00\x00WEBPVP8 '),
    ],
    canned: (m) => [reference(m), partial(PHOTO), partial(PHOTO_WIDE), partial(PHOTO_WEBP), ...closedFolders(), original(ORIGINAL, 403)],
    expected: [`renditionCacheShort ${MEDIA}images/`, `servedBy ${MEDIA}images/`],
    outcome: 'fail',
    more: (tt, run) => {
      const finding = run.findings.find((f) => f.messageId === 'renditionCacheShort');
      tt.match(finding?.message, /^2 of 3 renditions/);
      tt.match(finding?.message, /Cache-Control: max-age=3600/);
      tt.match(finding?.message, /no Cache-Control or Expires/);
    },
  },
  {
    name: 'A week in the shared cache only (s-maxage) is enough',
    resources: [image(PHOTO, HEADER_SETS.nginx({ 'cache-control': 'public, max-age=0, s-maxage=604800' }))],
    canned: (m) => [reference(m), partial(PHOTO), ...closedFolders(), ORIGINAL_DENIED],
    expected: [`servedBy ${MEDIA}images/`],
    outcome: 'pass',
  },
  // --- Originals ---
  {
    name: 'The original derived from a rendition answers 200: exposed, and the finding says the URL was derived',
    resources: [nginxPhoto()],
    canned: (m) => [reference(m), partial(PHOTO), ...closedFolders(), original(ORIGINAL, 200, HEADER_SETS.nginx(), JPEG)],
    expected: [`originalsExposed ${ORIGINAL}`, `servedBy ${MEDIA}images/`],
    outcome: 'fail',
    more: (tt, run) => {
      const finding = run.findings.find((f) => f.messageId === 'originalsExposed');
      tt.match(finding?.message, /URL derived from a rendition/);
      tt.match(finding?.evidence[0]?.note, `derived from the rendition ${PHOTO}`);
    },
  },
  {
    name: 'A format-webp rendition: the original tried as .webp, then .jpg, then .png; 404s all the way cannot decide',
    resources: [image(PHOTO_WEBP, HEADER_SETS.nginx({ 'content-type': 'image/webp' }), 'RIFF\x00\x00\x00\x00WEBPVP8 ')],
    canned: (m) => [
      reference(m), partial(PHOTO_WEBP), ...closedFolders(),
      original(`${MEDIA}original_images/photo.webp`, 404), original(ORIGINAL, 404), original(`${MEDIA}original_images/photo.png`, 404),
    ],
    expected: [`?originalsUndetermined ${MEDIA}original_images/`, `servedBy ${MEDIA}images/`],
    outcome: 'inconclusive',
    more: (tt, run) => {
      tt.same(run.requests.filter((r) => r.url.includes('/original_images/photo')).map((r) => r.url), [
        `${MEDIA}original_images/photo.webp`, ORIGINAL, `${MEDIA}original_images/photo.png`,
      ]);
    },
  },
  {
    name: 'The derived original answers a 200 login page: not the original; the other names 404: undecided',
    resources: [nginxPhoto()],
    canned: (m) => [
      reference(m), partial(PHOTO), ...closedFolders(),
      original(ORIGINAL, 200, { 'content-type': 'text/html; charset=utf-8' }, '<!DOCTYPE html><title>Log in</title>'),
      original(`${MEDIA}original_images/photo.jpeg`, 404), original(`${MEDIA}original_images/photo.JPG`, 404),
    ],
    expected: [`?originalsUndetermined ${MEDIA}original_images/`, `servedBy ${MEDIA}images/`],
    outcome: 'inconclusive',
    more: (tt, run) => {
      tt.same(run.requests.filter((r) => r.url.includes('/original_images/photo')).map((r) => r.url), [
        ORIGINAL, `${MEDIA}original_images/photo.jpeg`, `${MEDIA}original_images/photo.JPG`,
      ]);
      tt.match(run.findings.find((f) => f.messageId === 'originalsUndetermined')?.message, `no original found from the rendition ${PHOTO} (tried ${ORIGINAL} → 200, `);
    },
  },
  {
    name: 'An original a page links to, answering 200: exposed, no guessing needed',
    resources: [nginxPhoto(), image(ORIGINAL, HEADER_SETS.nginx())],
    canned: (m) => [reference(m), partial(PHOTO), partial(ORIGINAL), ...closedFolders()],
    expected: [`originalsExposed ${ORIGINAL}`, `servedBy ${MEDIA}images/`, `servedBy ${MEDIA}original_images/`],
    outcome: 'fail',
    more: (tt, run) => {
      tt.match(run.findings.find((f) => f.messageId === 'originalsExposed')?.message, /linked from a page/);
      tt.notOk(run.requests.some((r) => r.url.includes('/api/v2/images/')), 'the images API is not asked: the page settled it');
    },
  },
  {
    name: 'A rendition named photo%zz (a malformed escape): the original is still derived, the name kept as written, never a crash',
    resources: [image(rendition('photo%zz.width-400.jpg'), HEADER_SETS.nginx())],
    canned: (m) => [reference(m), partial(rendition('photo%zz.width-400.jpg')), ...closedFolders(), original(`${MEDIA}original_images/photo%25zz.jpg`, 403)],
    expected: [`servedBy ${MEDIA}images/`],
    outcome: 'pass',
    more: (tt, run) => {
      tt.same(run.requests.filter((r) => r.url.includes('/original_images/photo')).map((r) => r.url), [`${MEDIA}original_images/photo%25zz.jpg`], 'the literal % sent as %25');
    },
  },
  {
    name: 'originalsPrivate: false: originals are not checked at all',
    resources: [nginxPhoto()],
    opts: { originalsPrivate: false },
    canned: (m) => [reference(m), partial(PHOTO), ...closedFolders()],
    expected: [`servedBy ${MEDIA}images/`],
    outcome: 'pass',
    more: (tt, run) => tt.notOk(run.requests.some((r) => r.url.includes('/api/v2/images/') || r.url.includes('/original_images/photo'))),
  },
  // --- Directory listings ---
  {
    name: 'nginx autoindex on images/: a directory listing',
    resources: [nginxPhoto()],
    canned: (m) => [
      reference(m), partial(PHOTO), ORIGINAL_DENIED,
      {
        url: `${MEDIA}images/`, followRedirects: false,
        result: response({ url: `${MEDIA}images/`, headers: { server: 'nginx/1.22.1', 'content-type': 'text/html' }, body: AUTOINDEX, text: AUTOINDEX }),
      },
      ...closedFolders().filter((c) => c.url !== `${MEDIA}images/`),
    ],
    expected: [`directoryListing ${MEDIA}images/`, `servedBy ${MEDIA}images/`],
    outcome: 'fail',
  },
  // --- The dynamic image serve view ---
  {
    name: "Wagtail's image serve view with no cache in front, checking signatures (tampered URL: 403)",
    resources: [resource('image-serve', response({ url: IMAGE_SERVE, headers: HEADER_SETS.wagtailImageServe(), body: JPEG, complete: false }), fromPage)],
    canned: (m) => [
      reference(m), ignoredRange(IMAGE_SERVE, HEADER_SETS.wagtailImageServe()), ...closedFolders(),
      { url: TAMPERED, followRedirects: false, result: response({ url: TAMPERED, status: 403, headers: { 'content-type': 'text/html' }, body: '<h1>403 Forbidden</h1>' }) },
    ],
    expected: [`imageServeNotCached ${SITE}images/${SIGNATURE}/3/width-400/`],
    outcome: 'fail',
  },
  {
    name: 'The image serve view behind a cache that answers HIT, but a tampered signature is accepted',
    resources: [resource('image-serve', response({ url: IMAGE_SERVE, headers: HEADER_SETS.wagtailImageServe({ 'x-cache': 'HIT', age: '120' }), body: JPEG, complete: false }), fromPage)],
    canned: (m) => [
      reference(m), partial(IMAGE_SERVE), ...closedFolders(),
      { url: TAMPERED, followRedirects: false, result: response({ url: TAMPERED, headers: HEADER_SETS.wagtailImageServe(), body: JPEG }) },
    ],
    expected: [`imageServeSignatureIgnored ${TAMPERED}`, `servedBy ${SITE}images/${SIGNATURE}/3/width-400/`],
    outcome: 'fail',
  },
  {
    name: 'The image serve view answering 410 (the original is gone); a tampered URL answering 404 cannot decide',
    resources: [
      resource('image-serve', response({ url: IMAGE_SERVE, status: 410, headers: { 'content-type': 'text/plain' }, body: 'Source image file not found' }), fromPage),
      resource('image-serve', response({ url: IMAGE_SERVE.replace('/3/', '/4/'), headers: HEADER_SETS.wagtailImageServe(), body: JPEG, complete: false }), fromPage),
    ],
    canned: (m) => [
      reference(m), ignoredRange(IMAGE_SERVE.replace('/3/', '/4/'), HEADER_SETS.wagtailImageServe()), ...closedFolders(),
      { url: TAMPERED.replace('/3/', '/4/'), followRedirects: false, result: response({ url: TAMPERED, status: 404, headers: { 'content-type': 'text/html' }, body: HTML_404 }) },
    ],
    expected: [
      `?imageServeSignatureUnclear ${TAMPERED.replace('/3/', '/4/')}`,
      `imageServeError ${IMAGE_SERVE}`,
      `imageServeNotCached ${SITE}images/${SIGNATURE}/4/width-400/`,
    ],
    outcome: 'fail',
    more: (tt, run) => tt.match(run.findings.find((f) => f.messageId === 'imageServeError')?.message, /original file is missing/),
  },
  // --- Sampling and nothing to judge ---
  {
    name: 'Media sampled by the crawler: said in an info finding',
    resources: [nginxPhoto(), resource('rendition', null, fromPage, PHOTO_WIDE), resource('rendition', null, fromPage, PHOTO_WEBP)],
    canned: (m) => [reference(m), partial(PHOTO), ...closedFolders(), ORIGINAL_DENIED],
    expected: [`mediaSampled ${MEDIA}`, `servedBy ${MEDIA}images/`],
    outcome: 'pass',
    more: (tt, run) => tt.match(run.findings.find((f) => f.messageId === 'mediaSampled')?.message, /^2 of 3 media files were not fetched/),
  },
  {
    name: 'No media at all and no MEDIA_URL: skipped without a single request',
    resources: [],
    parts: { mediaUrl: null },
    canned: () => [],
    expected: [],
    outcome: 'skip',
    more: (tt, run) => tt.equal(run.requests.length, 0),
  },
  {
    name: 'Third-party images are not judged',
    resources: [resource('image', response({ url: 'https://tracker.example/pixel.gif', headers: { 'content-type': 'text/html' }, body: HTML_404 }), fromPage)],
    parts: { mediaUrl: null },
    canned: () => [],
    expected: [],
    outcome: 'skip',
  },
];

for (const c of cases) {
  t.test(c.name, async (tt) => {
    const model = site({ resources: c.resources, ...c.parts });
    const run = await runOn(probe, model, [...c.canned(model), NO_IMAGES_API], options(c.opts));
    tt.same(run.outcome.status === 'error' ? run.outcome : run.outcome.status, c.outcome, 'outcome');
    tt.same(summary(run), c.expected, 'findings');
    for (const finding of run.findings) {
      tt.ok(finding.evidence.length > 0, `${finding.messageId} carries evidence`);
    }
    // Polite: within the probe's budget (the reference, 5 Range requests, the originals' cap, 4 folders, 1 tampered URL).
    tt.ok(run.requests.length <= requestBudget(probe.meta, options(c.opts)), `${run.requests.length} targeted requests`);
    c.more?.(tt, run);
  });
}

t.test('Range requests stop at five however many response shapes there are', async (tt) => {
  const shapes = Array.from({ length: 7 }, (_, i) => image(rendition(`p${i}.width-800.jpg`), HEADER_SETS.nginx({ server: `nginx/1.2${i}.0` })));
  const model = site({ resources: shapes });
  const canned = [reference(model), ...shapes.map((s) => partial(s.url)), ...closedFolders(), original(`${MEDIA}original_images/p0.jpg`, 403)];
  const run = await runOn(probe, model, [...canned, NO_IMAGES_API]);
  tt.equal(run.requests.filter((r) => r.options.headers?.['Range']).length, 5);
  tt.same(summary(run), [`servedBy ${MEDIA}images/`], 'still one finding for the kind and verdict');
});

t.test('the worst case stays within meta.maxRequests, and reaches it: the budget is exact', async (tt) => {
  // Every rule at its cap: more response shapes than Range requests; an images API naming more originals than
  // are tried and more renditions' originals than are derived, every one answering 404; every media folder;
  // and the image serve view's tampered signature.
  const shapes = Array.from({ length: 6 }, (_, i) => image(rendition(`p${i}.width-800.jpg`), HEADER_SETS.nginx({ server: `nginx/1.2${i}.0` })));
  const serve = resource('image-serve', response({ url: IMAGE_SERVE, headers: HEADER_SETS.wagtailImageServe(), body: JPEG, complete: false }), fromPage);
  const model = site({ resources: [...shapes, serve] });
  const listed = ['a', 'b', 'c', 'd'].map((name, i) => ({ id: i + 1, meta: { type: 'wagtailimages.Image', download_url: `/media/original_images/${name}.jpg` }, title: name }));
  const api = `${SITE}api/v2/images/`;
  const canned = [
    reference(model), ...shapes.map((s) => partial(s.url)), partial(IMAGE_SERVE), ...closedFolders(),
    { url: api, result: response({ url: api, headers: { 'content-type': 'application/json' }, text: JSON.stringify({ meta: { total_count: 4 }, items: listed }) }) },
    ...listed.map((item) => original(new URL(item.meta.download_url, SITE).href, 404)),
    ...shapes.flatMap((_, i) => ['jpg', 'jpeg', 'JPG'].map((ext) => original(`${MEDIA}original_images/p${i}.${ext}`, 404))),
    { url: TAMPERED, followRedirects: false, result: response({ url: TAMPERED, status: 403, headers: { 'content-type': 'text/html' }, body: '<h1>403 Forbidden</h1>' }) },
  ];
  const run = await runOn(probe, model, canned);
  const budget = requestBudget(probe.meta, options());
  tt.not(run.outcome.status, 'error', JSON.stringify(run.outcome));
  tt.ok(run.requestsMade <= budget, `${run.requestsMade} requests, budget ${budget}`);
  // All but the unsigned read of a signed rendition, asked only on a store that signs its links
  // (nginx files here; test/probes/media-offload/originals.test.ts reaches that rule's whole cap).
  tt.equal(run.requestsMade, budget - ANONYMOUS_READ_REQUESTS, 'the worst case uses the whole budget but the store-only request');
  tt.equal(run.requests.filter((r) => r.options.headers?.['Range']).length, 5, 'Range capped');
  tt.ok(summary(run).includes(`?originalsUndetermined ${MEDIA}original_images/`), 'every original tried was missing');
  tt.equal(run.requests.filter((r) => r.url.startsWith(`${MEDIA}original_images/`) && r.url !== `${MEDIA}original_images/`).length, 3 + 8, "3 of the API's originals, 8 derived names");
});

t.test('every message id is covered by the table above', async (tt) => {
  const covered = new Set(cases.flatMap((c) => c.expected.map((line) => line.replace(/^\?/, '').split(' ')[0])));
  tt.same([...Object.keys(probe.meta.messages)].filter((id) => !covered.has(id)), []);
});

t.test('deriveOriginalNames: the original behind a rendition name, at most 3 names', async (tt) => {
  const table: [string, string[] | null][] = [
    // No format- operation: the original had the rendition's format (JPEG from .jpg, .jpeg, a camera's .JPG)
    ['photo.2e16d0ba.fill-300x200.jpg', ['photo.jpg', 'photo.jpeg', 'photo.JPG']],
    ['photo.width-800.jpg', ['photo.jpg', 'photo.jpeg', 'photo.JPG']],
    ['photo.fill-100x100-c50.jpegquality-40.jpg', ['photo.jpg', 'photo.jpeg', 'photo.JPG']],
    // ... or one Wagtail turns into PNG by default (an unanimated GIF; WebP before 8.0)
    ['logo.original.png', ['logo.png', 'logo.gif', 'logo.webp']],
    ['my.holiday.photo.max-1200x800.png', ['my.holiday.photo.png', 'my.holiday.photo.gif', 'my.holiday.photo.webp']],
    ['abcdef12.width-100.png', ['abcdef12.png', 'abcdef12.gif', 'abcdef12.webp']],
    // A format- operation hides the original's format: its own extension, then the usual ones
    ['photo.width-400.format-webp.webp', ['photo.webp', 'photo.jpg', 'photo.png']],
    ['diagram-01.format-jpeg.width-600.jpg', ['diagram-01.jpg', 'diagram-01.png', 'diagram-01.jpeg']],
    ['photo.jpg', null],
    ['photo.thumbnail.jpg', null],
    ['width-100.png', null],
  ];
  for (const [name, expected] of table) tt.same(deriveOriginalNames(name), expected, name);
});
