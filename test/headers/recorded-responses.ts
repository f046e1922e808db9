// Recorded header sets of the servers the fingerprint must tell apart, and a
// small builder that wraps them into FetchResponse facts. Header values follow
// what each server sends (field guide §3-§4, WhiteNoise's and Django's source).

import type { FetchResponse, HeaderMap } from '../../src/http/types.js';

const DATE = 'Mon, 02 Mar 2026 10:00:00 GMT';
const LAST_MODIFIED = 'Tue, 24 Feb 2026 08:12:33 GMT';

export function response(url: string, headers: HeaderMap, status = 200, requestHeaders: HeaderMap = {}): FetchResponse {
  return {
    ok: true,
    url,
    status,
    headers: { date: DATE, ...headers },
    setCookies: [],
    request: { method: 'GET', url, headers: requestHeaders },
    hops: [],
    timing: { startedAt: '2026-03-02T10:00:00.000Z', ttfbMs: 12, totalMs: 15 },
    attempts: 1,
    flaky: false,
    body: { bytesRead: 0, complete: false, prefixBase64: '' },
  };
}

/** The same URL fetched with `Range: bytes=0-0`: 206 with Content-Range, or the server's full answer. */
export function rangeAnswer(of: FetchResponse, status: 206 | 200 | 416, size = 6699): FetchResponse {
  const extra: Record<string, string> = status === 206 ? { 'content-range': `bytes 0-0/${size}`, 'content-length': '1' } : status === 416 ? { 'content-range': `bytes */${size}` } : {};
  return response(of.url, { ...of.headers, ...extra }, status, { range: 'bytes=0-0' });
}

/** Django's default middleware headers (project template, Django 5.x). */
export const DJANGO_MIDDLEWARE: HeaderMap = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** SecurityMiddleware only: what WhiteNoiseMiddleware's responses carry (it sits after it, before XFrameOptionsMiddleware). */
export const SECURITY_MIDDLEWARE: HeaderMap = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** A random 404 from Wagtail behind nginx: known to come from Django. */
export const djangoNotFound = response('https://example.com/no-such-page-1f3a/', {
  server: 'nginx/1.27.3',
  'content-type': 'text/html; charset=utf-8',
  vary: 'Cookie',
  ...DJANGO_MIDDLEWARE,
}, 404);

export const nginxFile = response('https://example.com/static/css/site.css', {
  server: 'nginx/1.27.3',
  'content-type': 'text/css',
  'content-length': '6699',
  'last-modified': LAST_MODIFIED,
  connection: 'keep-alive',
  etag: '"67bc2a31-1a2b"',
  expires: 'Wed, 01 Apr 2026 10:00:00 GMT',
  'cache-control': 'max-age=2592000',
  'accept-ranges': 'bytes',
});

/** WhiteNoise inside gunicorn, proxied by nginx (which replaces Server). */
export const whiteNoiseHashed = response('https://example.com/static/wagtailadmin/css/core.0123456789ab.css', {
  server: 'nginx/1.27.3',
  'content-type': 'text/css; charset="utf-8"',
  'content-length': '6699',
  'cache-control': 'max-age=315360000, public, immutable',
  'access-control-allow-origin': '*',
  'last-modified': LAST_MODIFIED,
  etag: '"67bc2a31-1a2b"',
  vary: 'Accept-Encoding',
  ...SECURITY_MIDDLEWARE,
});

/** WhiteNoise answering straight from gunicorn, an unhashed image (no charset on image types). */
export const whiteNoiseUnhashed = response('https://example.com/static/img/logo.png', {
  server: 'gunicorn',
  'content-type': 'image/png',
  'content-length': '4210',
  'cache-control': 'max-age=60, public',
  'access-control-allow-origin': '*',
  'last-modified': LAST_MODIFIED,
  etag: '"67bc2a31-1072"',
  ...SECURITY_MIDDLEWARE,
});

/** django.views.static.serve wired under /media/ in production, behind nginx. */
export const djangoStaticServe = response('https://example.com/media/images/photo.width-800.jpg', {
  server: 'nginx/1.27.3',
  'content-type': 'image/jpeg',
  'content-length': '48211',
  'last-modified': LAST_MODIFIED,
  'content-disposition': 'inline; filename="photo.width-800.jpg"',
  ...DJANGO_MIDDLEWARE,
});

/** Wagtail 6.4+ document serve view (serve_view, local storage), behind nginx. */
export const wagtailDocumentServe = response('https://example.com/documents/7/annual-report.pdf', {
  server: 'nginx/1.27.3',
  'content-type': 'application/pdf',
  'content-length': '182044',
  'content-disposition': 'inline; filename="annual-report.pdf"',
  'content-encoding': 'None',
  'content-security-policy': "default-src 'none'",
  etag: '"3f786850e387550fdab836ed7e6dc881de23001b"',
  'last-modified': LAST_MODIFIED,
  vary: 'Cookie',
  ...DJANGO_MIDDLEWARE,
});

/** runserver in production: its staticfiles handler serves /static/ without the middleware. */
export const runserverStatic = response('http://example.com:8000/static/wagtailadmin/css/core.css', {
  server: 'WSGIServer/0.2 CPython/3.12.3',
  'content-type': 'text/css',
  'content-length': '6699',
  'content-disposition': 'inline; filename="core.css"',
  'last-modified': LAST_MODIFIED,
});

export const s3Object = response('https://bucket.s3.eu-west-1.amazonaws.com/media/documents/report.pdf', {
  'x-amz-id-2': 'u0bZ3bM2Q2k9Jm2c3ZxXq0m6cXh2m7sR0n9+3b0Cz3e4x5YmR0Xr2W7nq4F1u8Gx5Ie0gB2v6RQ=',
  'x-amz-request-id': 'X9K2A7B3C1D0E5F6',
  'last-modified': LAST_MODIFIED,
  etag: '"9e107d9d372bb6826bd81d3542a419d6"',
  'x-amz-server-side-encryption': 'AES256',
  'accept-ranges': 'bytes',
  'content-type': 'application/pdf',
  'content-length': '182044',
  server: 'AmazonS3',
});

/** CloudFront passes S3's Server and encryption headers; it drops x-amz-request-id and x-amz-id-2. */
export const cloudFrontS3 = response('https://d111111abcdef8.cloudfront.net/media/images/photo.width-800.jpg', {
  'content-type': 'image/jpeg',
  'content-length': '48211',
  'last-modified': LAST_MODIFIED,
  etag: '"9e107d9d372bb6826bd81d3542a419d6"',
  'x-amz-server-side-encryption': 'AES256',
  'accept-ranges': 'bytes',
  server: 'AmazonS3',
  'x-cache': 'Hit from cloudfront',
  via: '1.1 0b5c1e2a3f4d.cloudfront.net (CloudFront)',
  'x-amz-cf-pop': 'FRA56-P3',
  'x-amz-cf-id': 'yQz3X8d0m1c2b3a4Z5y6X7w8V9u0T1s2R3q4P5o6N7m8L9k0J1i2H3==',
  age: '3120',
});

/** Cloudflare replaces Server; nginx's ETag and Accept-Ranges show through. */
export const cloudflareNginx = response('https://example.com/static/css/site.css', {
  'content-type': 'text/css',
  'last-modified': LAST_MODIFIED,
  etag: 'W/"67bc2a31-1a2b"',
  'cache-control': 'max-age=2592000',
  'accept-ranges': 'bytes',
  'cf-cache-status': 'HIT',
  age: '540',
  server: 'cloudflare',
  'cf-ray': '8f1e2d3c4b5a6978-FRA',
});

/** Cloudflare in front of Django's static.serve under /media/: Django's headers show through. */
export const cloudflareDjango = response('https://example.com/media/original_images/photo.jpg', {
  'content-type': 'image/jpeg',
  'last-modified': LAST_MODIFIED,
  'content-disposition': 'inline; filename="photo.jpg"',
  'cf-cache-status': 'MISS',
  server: 'cloudflare',
  'cf-ray': '8f1e2d3c4b5a6979-FRA',
  ...DJANGO_MIDDLEWARE,
});
