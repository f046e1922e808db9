// media-offload's who-serves-the-media rule when the web server copies
// Django's security headers onto its own files and answers missing URLs
// itself: the copied headers never make a correct site's renditions "unknown",
// and the missing page is shown for what it is. Header sets recorded on
// 127.0.0.1 from Apache 2.4.71 (`Header always set` ×4, `ProxyErrorOverride
// On 404`), Caddy 2.6.2 (`header` block) and nginx 1.22.1, in front of
// Django 5.2 under gunicorn.

import t from 'tap';
import type { MediaItem } from '../../../probes/media-offload/collect.js';
import { fetchServers } from '../../../probes/media-offload/served-by.js';
import type { Ctx } from '../../../probes/media-offload/messages.js';
import type { Evidence } from '../../../src/engine/finding.js';
import type { ProbeFetchOptions } from '../../../src/engine/probe.js';
import type { FetchResponse, FetchResult } from '../../../src/http/types.js';
import { notFoundUrl } from '../../../src/probe-kit/shared-requests.js';
import { options, response, site, SITE } from '../../helpers/site-kit.js';

const MEDIA = `${SITE}media/`;
const PHOTO = `${MEDIA}images/photo.2e16d0ba.fill-300x200.jpg`;
const PHOTO_WIDE = `${MEDIA}images/photo.width-800.jpg`;
const LAST_MODIFIED = 'Mon, 05 Jan 2026 10:00:00 GMT';
const COPIED = { 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin', 'Cross-Origin-Opener-Policy': 'same-origin' };
const COPIED_TWICE = Object.fromEntries(Object.entries(COPIED).map(([name, value]) => [name, `${value}, ${value}`]));
type Headers = Record<string, string>;

const HEADER_SETS = {
  apache: (): Headers => ({ Server: 'Apache/2.4.71 (Debian)', ...COPIED, 'Last-Modified': LAST_MODIFIED, ETag: '"1a2b-647a11f422800"', 'Accept-Ranges': 'bytes', 'Content-Type': 'image/jpeg' }),
  caddy: (): Headers => ({ 'Accept-Ranges': 'bytes', 'Content-Type': 'image/jpeg', ...COPIED, ETag: '"t8dyg0563"', 'Last-Modified': LAST_MODIFIED, Server: 'Caddy' }),
  nginx: (): Headers => ({ Server: 'nginx/1.22.1', 'Content-Type': 'image/jpeg', 'Last-Modified': LAST_MODIFIED, ETag: '"695b8ba0-1a2b"', 'Accept-Ranges': 'bytes' }),
  /** django.views.static.serve on MEDIA_URL behind Apache copying the headers: gunicorn's Server kept, each header twice. */
  djangoBehindApache: (name: string): Headers => ({
    Server: 'gunicorn', ...COPIED_TWICE, 'Content-Type': 'image/jpeg', 'Content-Disposition': `inline; filename="${name}"`, 'Last-Modified': LAST_MODIFIED,
  }),
};

const APACHE_404 = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';
const NGINX_404 = '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n';
const WAGTAIL_404 = '<title>Page not found</title><main><h1>Page not found</h1><p>Sorry, this page could not be found.</p></main>';

const MISSING_PAGES = {
  /** ProxyErrorOverride On 404: Apache's own page, with the headers it copies onto everything. */
  apache: (): [Headers, string] => [{ Server: 'Apache/2.4.71 (Debian)', ...COPIED, 'Content-Type': 'text/html; charset=iso-8859-1' }, APACHE_404],
  /** Caddy's file server for a path it has no file for: an empty 404. */
  caddy: (): [Headers, string] => [{ Server: 'Caddy', ...COPIED, 'Content-Length': '0' }, ''],
  nginx: (): [Headers, string] => [{ Server: 'nginx/1.22.1', 'Content-Type': 'text/html' }, NGINX_404],
  wagtail: (): [Headers, string] => [{ Server: 'nginx/1.22.1', 'Content-Type': 'text/html; charset=utf-8', Vary: 'Cookie', ...COPIED }, WAGTAIL_404],
};

const rendition = (url: string, headers: Headers): MediaItem => ({
  url, kind: 'rendition', referrer: `${SITE}gallery/`,
  response: response({ url, headers, body: '\xff\xd8\xff\xe0', complete: false, ttfbMs: 4 }),
});

/** The Range answer: 206 from a file server, the whole file (200) from Django's file views. */
const rangeAnswer = (file: FetchResponse, status: 200 | 206): FetchResult => response({
  url: file.url, status, requestHeaders: { Range: 'bytes=0-1' },
  headers: status === 206 ? { ...file.headers, 'Content-Range': 'bytes 0-1/6699', 'Content-Length': '2' } : file.headers,
  body: status === 206 ? '\xff\xd8' : '\xff\xd8\xff\xe0', complete: status === 206,
});

interface Reported {
  readonly line: string;
  readonly data: Readonly<Record<string, string | number>>;
  readonly evidence: readonly Evidence[];
}

async function judge(items: readonly MediaItem[], missingPage: [Headers, string], rangeStatus: 200 | 206) {
  const model = site();
  const missingUrl = notFoundUrl(model);
  const reported: Reported[] = [];
  const asked: string[] = [];
  const fetch = async (url: string, fetchOptions: ProbeFetchOptions = {}): Promise<FetchResult> => {
    asked.push(`${url}${fetchOptions.headers?.['Range'] ? ' (Range)' : ''}`);
    if (url === missingUrl) return response({ url, status: 404, headers: missingPage[0], body: missingPage[1], text: missingPage[1], ttfbMs: 30 });
    const item = items.find((i) => i.url === url);
    if (item && fetchOptions.headers?.['Range'] === 'bytes=0-1') return rangeAnswer(item.response, rangeStatus);
    throw new Error(`unexpected request ${url}`);
  };
  const ctx: Ctx = {
    options: options(),
    fetch,
    report: (messageId, data, evidence, reportOptions) => reported.push({ line: `${reportOptions?.inconclusive ? '?' : ''}${messageId} ${reportOptions?.url ?? ''}`, data, evidence }),
    skip: () => { throw new Error('fetchServers never skips'); },
  };
  await fetchServers(ctx, model, items);
  return { reported, asked, missingUrl };
}

interface Case {
  readonly name: string;
  readonly items: readonly MediaItem[];
  readonly missingPage: [Headers, string];
  readonly range: 200 | 206;
  readonly expected: string;
  readonly server: string;
  readonly confidence: 'strong' | 'weak';
  /** What the evidence says answered the missing page. */
  readonly reference: RegExp;
}

const cases: Case[] = [
  {
    name: "Apache serves renditions with Django's headers copied, and answers missing pages itself",
    items: [rendition(PHOTO, HEADER_SETS.apache()), rendition(PHOTO_WIDE, HEADER_SETS.apache())],
    missingPage: MISSING_PAGES.apache(), range: 206,
    expected: `servedBy ${MEDIA}images/`, server: 'the web server', confidence: 'strong',
    reference: /^a path nothing serves, answered by the web server itself \(Apache's error page\): not usable as Django's reference; median time to first byte/,
  },
  {
    name: "Caddy serves renditions with Django's headers copied; its missing page is an empty 404",
    items: [rendition(PHOTO, HEADER_SETS.caddy())],
    missingPage: MISSING_PAGES.caddy(), range: 206,
    expected: `servedBy ${MEDIA}images/`, server: 'the web server', confidence: 'strong',
    reference: /answered by the web server itself \(Caddy's empty 404\): not usable as Django's reference/,
  },
  {
    name: "nginx serves renditions and its own 404",
    items: [rendition(PHOTO, HEADER_SETS.nginx())],
    missingPage: MISSING_PAGES.nginx(), range: 206,
    expected: `servedBy ${MEDIA}images/`, server: 'the web server', confidence: 'strong',
    reference: /answered by the web server itself \(nginx's error page\): not usable as Django's reference/,
  },
  {
    name: "Apache copying the headers onto what Django's static.serve sends: still Django, on Django's own marks",
    items: [rendition(PHOTO, HEADER_SETS.djangoBehindApache('photo.2e16d0ba.fill-300x200.jpg'))],
    missingPage: MISSING_PAGES.apache(), range: 200,
    expected: `servedByDjango ${MEDIA}images/`, server: 'Django', confidence: 'strong',
    reference: /answered by the web server itself \(Apache's error page\)/,
  },
  {
    name: "Apache's renditions compared against Wagtail's own 404: the copied headers match it, and still lose to the 206 and Apache's ETag",
    items: [rendition(PHOTO, HEADER_SETS.apache())],
    missingPage: MISSING_PAGES.wagtail(), range: 206,
    expected: `servedBy ${MEDIA}images/`, server: 'the web server', confidence: 'strong',
    reference: /^a path nothing serves, answered by Django \(Wagtail's 404 template\): the reference for its middleware headers; median time to first byte of these files 4 ms, of the missing page 30 ms/,
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const { reported, asked, missingUrl } = await judge(c.items, c.missingPage, c.range);
    t.same(reported.map((r) => r.line), [c.expected], 'one finding, never servedByUnknown');
    const [finding] = reported;
    t.same({ server: finding?.data['server'], confidence: finding?.data['confidence'] }, { server: c.server, confidence: c.confidence });
    const referenceEvidence = finding?.evidence.find((e) => e.request?.url === missingUrl);
    t.match(referenceEvidence?.note, c.reference);
    t.equal(referenceEvidence?.status, 404, 'the missing page is shown either way');
    t.same(asked.sort(), [missingUrl, `${c.items[0]?.url} (Range)`].sort(), 'one missing page and one Range request for one response shape');
  });
}
