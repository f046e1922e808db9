// media-offload's originals rule on its own, as a specification: what the site
// publishes first (the images API's download_url), then names derived from
// several renditions, whole stems before ones Wagtail cut; the first decisive
// answer ends it, and a check that found nothing says what it tried.
//
// Rendition names are Wagtail's (5.2 to 8.0) for these uploads:
//   summer-festival-2024-main-stage-crowd-at-sunset-panorama-wide-angle-final-edit.jpg, stored as
//   original_images/summer-festival-2024-main-stage-crowd-at-sunset-panorama-wide-angle-final-.jpg (under 95 characters),
//   harbour-view-from-the-lighthouse-at-dawn.jpg, team.png, IMG_0042.JPG.

import t from 'tap';
import { defineProbe, type SiteModel } from '../../../src/probe-kit/index.js';
import { collectMedia } from '../../../probes/media-offload/collect.js';
import { MESSAGES } from '../../../probes/media-offload/messages.js';
import { ANONYMOUS_READ_REQUESTS, fetchOriginals, MAX_API_DOWNLOADS, MAX_DERIVED_GUESSES, ORIGINALS_MAX_REQUESTS } from '../../../probes/media-offload/originals.js';
import { SITE, failure, resource, response, runOn, site, summary, type Canned } from '../../helpers/site-kit.js';

const MEDIA = `${SITE}media/`;
const API = `${SITE}api/v2/images/`;
const S3_MEDIA = 'https://bucket.s3.amazonaws.com/media/';
const PAGE = `${SITE}festival/`;

const JPEG = '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01';
const PNG = '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR';
const HTML_404 = '<!DOCTYPE html>\n<html><head><title>Page not found</title></head><body><h1>Page not found</h1></body></html>';
const NGINX_403 = '<html>\r\n<head><title>403 Forbidden</title></head>';

// Renditions as pages show them.
const SUMMER_CUT = 'summer-festival-2024-main-stage-crowd-at-sunse.width-800.jpg'; // 60 characters: the stem may be cut
const SUMMER_CUT_FILL = 'summer-festival-2024-main-stage-cr.2e16d0ba.fill-300x200.jpg'; // the same original, cut shorter
const HARBOUR = 'harbour-view-from-the-lighthouse-at-dawn.width-800.jpg'; // 54: the whole stem
const HARBOUR_FILL = 'harbour-view-from-the-lighthouse-a.2e16d0ba.fill-300x200.jpg'; // the same original, cut
const TEAM = 'team.width-400.png';
const CAMERA = 'IMG_0042.width-800.jpg';
const CAMERA_WEBP = 'IMG_0042.width-400.format-webp.webp';
const SUMMER_ORIGINAL = `${MEDIA}original_images/summer-festival-2024-main-stage-crowd-at-sunset-panorama-wide-angle-final-.jpg`;

const renditionUrl = (name: string, media = MEDIA) => `${media}images/${name}`;
const originalUrl = (name: string, media = MEDIA) => `${media}original_images/${name}`;

function rendition(name: string, media = MEDIA) {
  const url = renditionUrl(name, media);
  const type = name.endsWith('.png') ? 'image/png' : name.endsWith('.webp') ? 'image/webp' : 'image/jpeg';
  return resource('rendition', response({ url, headers: { server: 'nginx/1.22.1', 'content-type': type }, body: type === 'image/png' ? PNG : JPEG, complete: false }), [
    { from: PAGE, via: 'img' },
  ]);
}

function answer(url: string, status: number, headers: Record<string, string>, body: string): Canned {
  return { url, result: response({ url, status, headers, body, complete: false }) };
}
const missing = (url: string) => answer(url, 404, { server: 'nginx/1.22.1', 'content-type': 'text/html' }, '<html><head><title>404 Not Found</title>');
const denied = (url: string) => answer(url, 403, { server: 'nginx/1.22.1', 'content-type': 'text/html' }, NGINX_403);
const publicJpeg = (url: string) => answer(url, 200, { server: 'nginx/1.22.1', 'content-type': 'image/jpeg' }, JPEG);
const publicPng = (url: string) => answer(url, 200, { server: 'nginx/1.22.1', 'content-type': 'image/png' }, PNG);

// An S3-compatible store on a path-style endpoint of its own (MinIO, Ceph, moto): only its answers say storage.
const STORE = 'http://127.0.0.9:9000/acme-media/';
const S3_HEADERS = { 'content-type': 'application/xml', 'x-amz-request-id': '17E0B5B4', 'x-amz-id-2': 'aGk=' };
const s3Denied = (url: string) => answer(url, 403, S3_HEADERS, '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message>');
/** A rendition as a store that signs its links hands it out (django-storages' default, AWS_QUERYSTRING_AUTH, on a private bucket or a public-read one). */
function signedRendition(name: string) {
  const url = `${renditionUrl(name, STORE)}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=300&X-Amz-Signature=9f2c4e`;
  return resource('rendition', response({ url, headers: { 'x-amz-request-id': '1', 'content-type': 'image/png' }, body: PNG, complete: false }), [{ from: PAGE, via: 'img' }]);
}

const NO_API: Canned = answer(API, 404, { 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'DENY' }, HTML_404);

/** The images API's first page, as ImagesAPIViewSet lists it. */
function imagesApi(downloadUrls: readonly string[]): Canned {
  const items = downloadUrls.map((downloadUrl, i) => ({
    id: i + 1,
    meta: { type: 'wagtailimages.Image', detail_url: `${API}${i + 1}/`, tags: [], download_url: downloadUrl },
    title: `image ${i + 1}`,
  }));
  const text = JSON.stringify({ meta: { total_count: items.length }, items });
  return { url: API, result: response({ url: API, headers: { 'content-type': 'application/json', vary: 'Accept' }, text, body: text.slice(0, 512) }) };
}

/** The rule alone, with its own cap as the budget: a request past ORIGINALS_MAX_REQUESTS crashes the run. */
const originalsRule = defineProbe({
  meta: { id: 'media-offload', title: 'originals', docs: '', maxRequests: ORIGINALS_MAX_REQUESTS, messages: MESSAGES },
  async run(model, ctx) {
    const mediaUrl = model.mediaUrl?.url;
    if (mediaUrl === undefined) throw new Error('the fixtures have a MEDIA_URL');
    const healthy = collectMedia(model).items.filter((item) => item.response.status >= 200 && item.response.status < 300);
    await fetchOriginals(ctx, healthy, mediaUrl);
  },
});

type Run = Awaited<ReturnType<typeof runOn>>;
type Subtest = Parameters<Extract<Parameters<typeof t.test>[0], (...args: never[]) => unknown>>[0];

interface Case {
  name: string;
  resources: ReturnType<typeof rendition>[];
  parts?: Partial<SiteModel>;
  canned: Canned[];
  expected: string[];
  /** Every request the rule made, in order. */
  requests: string[];
  more?: (tt: Subtest, run: Run) => void;
}

const cases: Case[] = [
  {
    name: "The first rendition (alphabetically) has a cut name; the short-named one's original is public: exposed, found from the short one",
    resources: [rendition(SUMMER_CUT), rendition(TEAM)],
    canned: [NO_API, publicPng(originalUrl('team.png'))],
    expected: [`originalsExposed ${originalUrl('team.png')}`],
    requests: [API, originalUrl('team.png')],
    more: (tt, run) => {
      const finding = run.findings[0];
      tt.match(finding?.message, `(URL derived from a rendition: ${renditionUrl(TEAM)})`, 'the finding names the route and the rendition');
      tt.match(finding?.evidence[0]?.note, `derived from the rendition ${renditionUrl(TEAM)}`);
      tt.equal(finding?.evidence[0]?.referrer, PAGE, 'the page that showed the rendition');
      tt.equal(finding?.severity, 'warning');
    },
  },
  {
    name: 'The images API names the original exactly, however Wagtail cut the renditions: exposed through download_url, nothing guessed',
    resources: [rendition(SUMMER_CUT), rendition(SUMMER_CUT_FILL)],
    canned: [
      // Another host's URL is not the media host's: never asked.
      imagesApi(['https://cdn.example.net/original_images/elsewhere.jpg', '/media/original_images/summer-festival-2024-main-stage-crowd-at-sunset-panorama-wide-angle-final-.jpg']),
      publicJpeg(SUMMER_ORIGINAL),
    ],
    expected: [`originalsExposed ${SUMMER_ORIGINAL}`],
    requests: [API, SUMMER_ORIGINAL],
    more: (tt, run) => {
      const finding = run.findings[0];
      tt.match(finding?.message, "answers 200 (the images API's download_url)");
      tt.match(finding?.evidence[0]?.note, "the images API's download_url for image 2");
      tt.equal(finding?.evidence[0]?.referrer, API, 'the listing referred to it');
      tt.equal(finding?.evidence[1]?.request?.url, API, 'the listing is shown after the proof');
    },
  },
  {
    name: "Denied: the images API's original answers 403, original_images/ is closed: nothing reported, nothing more asked",
    resources: [rendition(TEAM), rendition(HARBOUR)],
    canned: [imagesApi(['/media/original_images/team.png', '/media/original_images/harbour-view-from-the-lighthouse-at-dawn.jpg']), denied(originalUrl('team.png'))],
    expected: [],
    requests: [API, originalUrl('team.png')],
  },
  {
    name: 'Denied: no images API, the first derived name answers 401: closed',
    resources: [rendition(CAMERA)],
    canned: [NO_API, answer(originalUrl('IMG_0042.jpg'), 401, { 'www-authenticate': 'Basic realm="media"' }, '')],
    expected: [],
    requests: [API, originalUrl('IMG_0042.jpg')],
  },
  {
    name: `All missing: undetermined, naming every try (${MAX_API_DOWNLOADS} of the API's originals, then ${MAX_DERIVED_GUESSES} names for 4 originals, whole stems first, the cut one last)`,
    resources: [
      rendition(SUMMER_CUT), rendition(SUMMER_CUT_FILL), rendition(HARBOUR), rendition(HARBOUR_FILL),
      rendition(TEAM), rendition(CAMERA_WEBP), rendition(CAMERA),
    ],
    canned: [
      imagesApi(['a', 'b', 'c', 'd'].map((name) => `/media/original_images/${name}.jpg`)),
      ...['a', 'b', 'c', 'd'].map((name) => missing(originalUrl(`${name}.jpg`))),
      ...['team.png', 'team.gif', 'IMG_0042.jpg', 'IMG_0042.jpeg', 'harbour-view-from-the-lighthouse-at-dawn.jpg', 'harbour-view-from-the-lighthouse-at-dawn.jpeg',
        'summer-festival-2024-main-stage-crowd-at-sunse.jpg', 'summer-festival-2024-main-stage-crowd-at-sunse.jpeg'].map((name) => missing(originalUrl(name))),
    ],
    expected: [`?originalsUndetermined ${MEDIA}original_images/`],
    requests: [
      API, originalUrl('a.jpg'), originalUrl('b.jpg'), originalUrl('c.jpg'),
      // Each original's likeliest name, shortest whole stem first, the possibly cut one last; then each one's next name.
      originalUrl('team.png'), originalUrl('IMG_0042.jpg'), originalUrl('harbour-view-from-the-lighthouse-at-dawn.jpg'), originalUrl('summer-festival-2024-main-stage-crowd-at-sunse.jpg'),
      originalUrl('team.gif'), originalUrl('IMG_0042.jpeg'), originalUrl('harbour-view-from-the-lighthouse-at-dawn.jpeg'), originalUrl('summer-festival-2024-main-stage-crowd-at-sunse.jpeg'),
    ],
    more: (tt, run) => {
      tt.equal(run.requestsMade, ORIGINALS_MAX_REQUESTS - ANONYMOUS_READ_REQUESTS, "the whole cap but the unsigned rendition, which only a store's refusal asks for");
      const finding = run.findings[0];
      tt.equal(finding?.severity, 'info');
      for (const request of run.requests.slice(1)) tt.match(finding?.message, `${request.url} → 404`, `the message names ${request.url}`);
      tt.match(finding?.message, `no original found from the images API's download_url and the renditions ${renditionUrl(TEAM)}, ${renditionUrl(CAMERA)}, ${renditionUrl(HARBOUR)}, ${renditionUrl(SUMMER_CUT)} (tried`);
      tt.equal(finding?.evidence.length, 12, 'every try, then the listing');
      tt.match(finding?.evidence.find((e) => e.request?.url === originalUrl('summer-festival-2024-main-stage-crowd-at-sunse.jpg'))?.note, /60-character limit, so its stem may be cut/);
      tt.equal(finding?.evidence.at(-1)?.request?.url, API);
    },
  },
  {
    name: 'A soft 404 (200 HTML) under one derived name is not the original; the next original answers with the image: exposed',
    resources: [rendition(TEAM), rendition(CAMERA)],
    canned: [NO_API, answer(originalUrl('team.png'), 200, { 'content-type': 'text/html; charset=utf-8' }, '<!DOCTYPE html><html><head><title>Festival</title>'), publicJpeg(originalUrl('IMG_0042.jpg'))],
    expected: [`originalsExposed ${originalUrl('IMG_0042.jpg')}`],
    requests: [API, originalUrl('team.png'), originalUrl('IMG_0042.jpg')],
  },
  {
    name: 'A catch-all page at /api/v2/images/ is no API; a 429 on the first name stops the asking: undetermined, naming the one try',
    resources: [rendition(TEAM), rendition(CAMERA)],
    canned: [
      answer(API, 200, { 'content-type': 'text/html; charset=utf-8' }, '<!DOCTYPE html><html><head><title>Festival</title>'),
      answer(originalUrl('team.png'), 429, { 'retry-after': '60', 'content-type': 'text/html' }, '<h1>Too Many Requests</h1>'),
    ],
    expected: [`?originalsUndetermined ${MEDIA}original_images/`],
    requests: [API, originalUrl('team.png')],
    more: (tt, run) => {
      tt.match(run.findings[0]?.message, `no original found from the rendition ${renditionUrl(TEAM)} (tried ${originalUrl('team.png')} → 429)`);
      tt.match(run.findings[0]?.evidence[0]?.headers, { 'retry-after': '60' });
    },
  },
  {
    name: 'A signed download_url (object storage with querystring auth): the original is asked for unsigned, and answers: exposed',
    resources: [rendition('photo.width-800.jpg', S3_MEDIA)],
    parts: { mediaUrl: { url: S3_MEDIA, source: 'renditions' } },
    canned: [
      imagesApi([`${originalUrl('photo.jpg', S3_MEDIA)}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=0123abcd`]),
      answer(originalUrl('photo.jpg', S3_MEDIA), 200, { server: 'AmazonS3', 'content-type': 'image/jpeg' }, JPEG),
    ],
    expected: [`originalsExposed ${originalUrl('photo.jpg', S3_MEDIA)}`],
    requests: [API, originalUrl('photo.jpg', S3_MEDIA)],
    more: (tt, run) => tt.match(run.findings[0]?.evidence[0]?.note, /with its signature removed/),
  },
  {
    name: "An original the API names is also a rendition's derived name: asked once",
    resources: [rendition(TEAM)],
    canned: [imagesApi(['/media/original_images/team.png']), missing(originalUrl('team.png')), missing(originalUrl('team.gif')), missing(originalUrl('team.webp'))],
    expected: [`?originalsUndetermined ${MEDIA}original_images/`],
    requests: [API, originalUrl('team.png'), originalUrl('team.gif'), originalUrl('team.webp')],
  },
  {
    name: "Unsigned renditions on an S3-compatible store of its own: it refuses every guessed name (403 AccessDenied: S3's answer for a missing key too, without ListBucket), yet served the rendition anonymously: undetermined, not closed, nothing more asked",
    resources: [rendition(TEAM, STORE)],
    parts: { mediaUrl: { url: STORE, source: 'renditions' } },
    canned: [NO_API, s3Denied(originalUrl('team.png', STORE)), s3Denied(originalUrl('team.gif', STORE)), s3Denied(originalUrl('team.webp', STORE))],
    expected: [`?originalsUndetermined ${STORE}original_images/`],
    requests: [API, originalUrl('team.png', STORE), originalUrl('team.gif', STORE), originalUrl('team.webp', STORE)],
  },
  {
    name: 'Signed renditions on a private bucket: a guessed name is refused, and so is the rendition itself asked unsigned: closed, as every anonymous read there is',
    resources: [signedRendition(TEAM)],
    parts: { mediaUrl: { url: STORE, source: 'renditions' } },
    canned: [NO_API, s3Denied(originalUrl('team.png', STORE)), s3Denied(renditionUrl(TEAM, STORE))],
    expected: [],
    requests: [API, originalUrl('team.png', STORE), renditionUrl(TEAM, STORE)],
  },
  {
    name: "Signed renditions on a public-read bucket (django-storages signs by default): the rendition answers unsigned, so the store's 403 for a guess may be a missing key: undetermined, the unsigned rendition asked once",
    resources: [signedRendition(TEAM)],
    parts: { mediaUrl: { url: STORE, source: 'renditions' } },
    canned: [
      NO_API,
      s3Denied(originalUrl('team.png', STORE)), s3Denied(originalUrl('team.gif', STORE)), s3Denied(originalUrl('team.webp', STORE)),
      answer(renditionUrl(TEAM, STORE), 200, { ...S3_HEADERS, 'content-type': 'image/png' }, PNG),
    ],
    expected: [`?originalsUndetermined ${STORE}original_images/`],
    requests: [API, originalUrl('team.png', STORE), renditionUrl(TEAM, STORE), originalUrl('team.gif', STORE), originalUrl('team.webp', STORE)],
    more: (tt, run) => {
      const evidence = run.findings[0]?.evidence ?? [];
      const unsigned = evidence.find((e) => e.request?.url === renditionUrl(TEAM, STORE));
      tt.match(unsigned?.note, /without its signature: the store serves objects to anyone, so its 403 for a guessed name may be a missing key/, 'the finding shows why the 403s did not close it');
      tt.equal(evidence.length, 4, 'the three guesses, then the unsigned rendition');
    },
  },
  {
    name: "Signed renditions on a public-read bucket, every part at its cap: the API's originals fail, every derived name is refused, the unsigned rendition answers: undetermined, the whole cap",
    resources: [signedRendition(TEAM), signedRendition(CAMERA), signedRendition(HARBOUR), signedRendition(SUMMER_CUT)],
    parts: { mediaUrl: { url: STORE, source: 'renditions' } },
    canned: [
      imagesApi(['a', 'b', 'c', 'd'].map((name) => originalUrl(`${name}.jpg`, STORE))),
      ...['a', 'b', 'c'].map((name) => answer(originalUrl(`${name}.jpg`, STORE), 500, S3_HEADERS, '<Error><Code>InternalError</Code>')),
      ...['team.png', 'team.gif', 'IMG_0042.jpg', 'IMG_0042.jpeg', 'harbour-view-from-the-lighthouse-at-dawn.jpg', 'harbour-view-from-the-lighthouse-at-dawn.jpeg',
        'summer-festival-2024-main-stage-crowd-at-sunse.jpg', 'summer-festival-2024-main-stage-crowd-at-sunse.jpeg'].map((name) => s3Denied(originalUrl(name, STORE))),
      answer(renditionUrl(TEAM, STORE), 200, { ...S3_HEADERS, 'content-type': 'image/png' }, PNG),
    ],
    expected: [`?originalsUndetermined ${STORE}original_images/`],
    requests: [
      API, originalUrl('a.jpg', STORE), originalUrl('b.jpg', STORE), originalUrl('c.jpg', STORE),
      originalUrl('team.png', STORE), renditionUrl(TEAM, STORE), originalUrl('IMG_0042.jpg', STORE), originalUrl('harbour-view-from-the-lighthouse-at-dawn.jpg', STORE),
      originalUrl('summer-festival-2024-main-stage-crowd-at-sunse.jpg', STORE),
      originalUrl('team.gif', STORE), originalUrl('IMG_0042.jpeg', STORE), originalUrl('harbour-view-from-the-lighthouse-at-dawn.jpeg', STORE), originalUrl('summer-festival-2024-main-stage-crowd-at-sunse.jpeg', STORE),
    ],
    more: (tt, run) => tt.equal(run.requestsMade, ORIGINALS_MAX_REQUESTS, 'the worst case is the whole cap'),
  },
  {
    name: 'A 403 that is no store\'s (nginx denying original_images/) under signed renditions is closed, as before: nothing more asked',
    resources: [signedRendition(TEAM)],
    parts: { mediaUrl: { url: STORE, source: 'renditions' } },
    canned: [NO_API, denied(originalUrl('team.png', STORE))],
    expected: [],
    requests: [API, originalUrl('team.png', STORE)],
  },
  {
    name: 'A store that lets anyone list its bucket says NoSuchKey (404) for a wrong guess, and serves the right one: exposed',
    resources: [rendition(TEAM, STORE)],
    parts: { mediaUrl: { url: STORE, source: 'renditions' } },
    canned: [NO_API, answer(originalUrl('team.png', STORE), 404, S3_HEADERS, '<Error><Code>NoSuchKey</Code>'), answer(originalUrl('team.gif', STORE), 200, { ...S3_HEADERS, 'content-type': 'image/gif' }, 'GIF89a\x01\x00')],
    expected: [`originalsExposed ${originalUrl('team.gif', STORE)}`],
    requests: [API, originalUrl('team.png', STORE), originalUrl('team.gif', STORE)],
  },
  {
    name: 'No images API and no rendition: nothing to try, nothing said',
    resources: [],
    canned: [NO_API],
    expected: [],
    requests: [API],
  },
];

for (const c of cases) {
  t.test(c.name, async (tt) => {
    const model = site({ resources: c.resources, ...c.parts });
    const run = await runOn(originalsRule, model, c.canned);
    tt.not(run.outcome.status, 'error', JSON.stringify(run.outcome));
    tt.same(summary(run), c.expected, 'findings');
    tt.same(run.requests.map((r) => r.url), c.requests, 'requests, in order');
    for (const finding of run.findings) tt.ok(finding.evidence.length > 0, `${finding.messageId} carries evidence`);
    c.more?.(tt, run);
  });
}

t.test('a failure below HTTP is not decisive: the next name is asked', async (tt) => {
  const model = site({ resources: [rendition(TEAM)] });
  const gif = answer(originalUrl('team.gif'), 200, { server: 'nginx/1.22.1', 'content-type': 'image/gif' }, 'GIF89a\x01\x00\x01\x00');
  const run = await runOn(originalsRule, model, [NO_API, { url: originalUrl('team.png'), result: failure(originalUrl('team.png'), 'ERR_TIMEOUT') }, gif]);
  tt.same(summary(run), [`originalsExposed ${originalUrl('team.gif')}`]);
});
