// media-offload against the real Wagtail stack (test/stack/): who sends each
// profile's renditions and documents, and what each profile must (and must
// not) be told. What the stack taught, Wagtail 8.0.1 behind nginx 1.22:
// - django.views.static.serve ignores Range (200) and carries every middleware
//   header Django's own 404 carries, plus `Content-Disposition: inline`: a
//   strong Django verdict; nginx's `alias` answers 206 with none of them.
// - Wagtail's document serve view with X-Accel-Redirect (hardened): nginx
//   answers Range with 206 and its own ETag, while Wagtail's CSP, nosniff and
//   Content-Disposition survive: a weak but right web-server verdict.
// - Every profile denies original_images/ with 403, so the derived original
//   is decisively closed and no profile gets an originals warning; the one
//   place that serves all of MEDIA_ROOT is django-media's gunicorn itself
//   (static.serve on MEDIA_URL), where the derived original answers 200.
// - missing-manifest answers 500 on every page, so there is no media to judge.

import t from 'tap';
import { deriveOriginalNames } from '../../probes/media-offload/index.js';
import { parseRenditionName } from '../../src/wagtail/renditions.js';
import type { Finding } from '../../src/engine/finding.js';
import { probeProfile as probeProfileFor } from './probe-profile.js';
import { loadStack, type ProfileName, type StackProfile } from '../stack/profiles.js';

const stack = loadStack();

/** media-offload on a profile (or on another of its addresses, such as its gunicorn port). */
const probeProfile = (p: StackProfile, target = p.baseUrl) => probeProfileFor(p, 'media-offload', target);

const lines = (findings: readonly Finding[]) => findings.map((f) => `${f.inconclusive ? '?' : ''}${f.messageId} ${f.url}`).sort();

interface Expectation {
  outcome: 'pass' | 'fail' | 'skip';
  /** Finding lines, with `{media}` for the profile's MEDIA_URL, `{site}` for its base URL and `{bucket}` for its storage bucket. */
  findings: string[];
  /** Who each servedBy-type finding names, by its URL's placeholder form. */
  servers?: Record<string, RegExp>;
}

const RENDITIONS_BY_NGINX = 'servedBy {media}images/';
const DOCUMENTS_STREAMED = 'documentsStreamedByDjango {site}documents/';
const FROM_THE_BUCKET = ['servedBy {bucket}documents/', 'servedBy {bucket}images/'];

const EXPECTED: Record<ProfileName, Expectation> = {
  hardened: {
    outcome: 'pass',
    findings: ['servedBy {site}documents/', RENDITIONS_BY_NGINX],
    servers: { '{media}images/': /^the web server$/, '{site}documents/': /^the web server after Django's privacy check/ },
  },
  whitenoise: { outcome: 'pass', findings: [DOCUMENTS_STREAMED, RENDITIONS_BY_NGINX], servers: { '{media}images/': /^the web server$/ } },
  'redirect-leak': {
    outcome: 'pass',
    findings: ['servedBy {media}documents/', RENDITIONS_BY_NGINX],
    servers: { '{media}images/': /^the web server$/, '{media}documents/': /^the web server$/ },
  },
  direct: {
    outcome: 'pass',
    findings: ['servedBy {media}documents/', RENDITIONS_BY_NGINX],
    servers: { '{media}images/': /^the web server$/, '{media}documents/': /^the web server$/ },
  },
  'django-media': {
    outcome: 'fail',
    findings: [DOCUMENTS_STREAMED, 'renditionCacheShort {media}images/', 'servedByDjango {media}images/'],
    servers: { '{media}images/': /^Django$/ },
  },
  'unhashed-static': { outcome: 'pass', findings: [DOCUMENTS_STREAMED, RENDITIONS_BY_NGINX], servers: { '{media}images/': /^the web server$/ } },
  'missing-manifest': { outcome: 'skip', findings: [] },
  debug: { outcome: 'pass', findings: [DOCUMENTS_STREAMED, RENDITIONS_BY_NGINX], servers: { '{media}images/': /^the web server$/ } },
  'cdn-cache': {
    outcome: 'pass',
    findings: [DOCUMENTS_STREAMED, RENDITIONS_BY_NGINX],
    servers: { '{media}images/': /^the web server behind a cache \(x-cache-status\)$/ },
  },
  // Apache adds Django's security headers to its own files: its Range 206 and ETag still say who sent them.
  apache: { outcome: 'pass', findings: [DOCUMENTS_STREAMED, RENDITIONS_BY_NGINX], servers: { '{media}images/': /^the web server$/ } },
  caddy: { outcome: 'pass', findings: [DOCUMENTS_STREAMED, RENDITIONS_BY_NGINX], servers: { '{media}images/': /^the web server$/ } },
  // Caddy serves all of MEDIA_ROOT: the shortest whole-stem rendition's original answers (a warning).
  'caddy-media': {
    outcome: 'pass',
    findings: [DOCUMENTS_STREAMED, 'originalsExposed {media}original_images/photo-01.jpg', RENDITIONS_BY_NGINX],
    servers: { '{media}images/': /^the web server$/ },
  },
  varnish: {
    outcome: 'pass',
    findings: [DOCUMENTS_STREAMED, RENDITIONS_BY_NGINX],
    servers: { '{media}images/': /^the web server behind a CDN \(varnish\)$/ },
  },
  'wagtail-7.0': { outcome: 'pass', findings: [DOCUMENTS_STREAMED, RENDITIONS_BY_NGINX], servers: { '{media}images/': /^the web server$/ } },
  'wagtail-6.3': { outcome: 'pass', findings: [DOCUMENTS_STREAMED, RENDITIONS_BY_NGINX], servers: { '{media}images/': /^the web server$/ } },
  'broken-editor': { outcome: 'pass', findings: [DOCUMENTS_STREAMED, RENDITIONS_BY_NGINX], servers: { '{media}images/': /^the web server$/ } },
  fast: { outcome: 'pass', findings: [DOCUMENTS_STREAMED, RENDITIONS_BY_NGINX], servers: { '{media}images/': /^the web server$/ } },
  slow: { outcome: 'pass', findings: [DOCUMENTS_STREAMED, RENDITIONS_BY_NGINX], servers: { '{media}images/': /^the web server$/ } },
  'locmem-cache': { outcome: 'pass', findings: [DOCUMENTS_STREAMED, RENDITIONS_BY_NGINX], servers: { '{media}images/': /^the web server$/ } },
  // The bucket is MEDIA_URL ({bucket}): renditions and document files come from the store, recognised by its
  // answers on a host whose name says nothing. Public-read: the shortest whole-stem rendition's original answers.
  's3-public': {
    outcome: 'pass',
    findings: [...FROM_THE_BUCKET, 'originalsExposed {bucket}original_images/photo-01.jpg'],
    servers: { '{bucket}images/': /^object storage$/, '{bucket}documents/': /^object storage$/ },
  },
  // Private and signed: the unsigned original is refused like every anonymous read there (closed, not undetermined).
  's3-private': { outcome: 'pass', findings: FROM_THE_BUCKET, servers: { '{bucket}images/': /^object storage$/, '{bucket}documents/': /^object storage$/ } },
};

/** Right deployments: nothing at warning or error, nothing undecided. */
const RIGHT: readonly ProfileName[] = ['hardened', 'whitenoise', 'apache', 'caddy', 's3-private'];

for (const [name, p] of Object.entries(stack.profiles) as [ProfileName, StackProfile][]) {
  const expected = EXPECTED[name];
  const fill = (line: string) =>
    line.replaceAll('{media}', new URL(p.mediaUrl, p.baseUrl).href).replaceAll('{site}', p.baseUrl).replaceAll('{bucket}', p.storage?.bucketUrl ?? '{no bucket}');

  t.test(`${name}: ${p.description}`, async (tt) => {
    const probeRun = await probeProfile(p);
    tt.equal(probeRun.outcome.status, expected.outcome, JSON.stringify(probeRun.outcome));
    tt.same(lines(probeRun.findings), expected.findings.map(fill).sort(), 'exactly these findings');

    for (const [url, server] of Object.entries(expected.servers ?? {})) {
      const finding = probeRun.findings.find((f) => f.url === fill(url) && String(f.data['server'] ?? '') !== '');
      tt.match(finding?.data['server'], server, `${url} is served by ${server}`);
    }
    // Never a false "served by Django": only django-media streams renditions through Django.
    if (name !== 'django-media') tt.notOk(probeRun.findings.some((f) => f.messageId === 'servedByDjango'), 'no servedByDjango');
    // Every profile but caddy-media and s3-public denies original_images/ (403): never an originals warning, never a guess left open.
    if (name !== 'caddy-media' && name !== 's3-public') tt.notOk(probeRun.findings.some((f) => f.messageId.startsWith('originals')), 'originals judged closed');
    if (RIGHT.includes(name)) {
      tt.same(probeRun.findings.filter((f) => f.severity !== 'info' || f.inconclusive), [], 'nothing at warning or error, nothing undecided');
    }
    for (const finding of probeRun.findings) tt.ok(finding.evidence.length > 0, `${finding.messageId} carries evidence`);
  });
}

t.test('django-media: the evidence an operator replays shows why it is Django', async (tt) => {
  const probeRun = await probeProfile(stack.profiles['django-media']);
  const finding = probeRun.findings.find((f) => f.messageId === 'servedByDjango');
  if (!finding) throw new Error('no servedByDjango finding');
  tt.equal(finding.severity, 'error');
  tt.equal(finding.inconclusive, false, 'strong signals: a conclusive error');
  const [example, range, reference] = finding.evidence;
  tt.match(example?.headers, { 'x-frame-options': 'DENY', 'content-disposition': /^inline; filename=/ }, 'the middleware headers and FileResponse on the rendition');
  tt.match(example?.note, /same middleware headers as the Django reference/);
  tt.equal(range?.request?.headers['range'], 'bytes=0-1');
  tt.equal(range?.status, 200, 'Range ignored: Django sent the whole file');
  tt.equal(reference?.status, 404, "Django's 404 for a random path is the reference");
  tt.match(reference?.request?.url, /\/wagtail-probe-[0-9a-f]{12}\/$/);
});

t.test('hardened: renditions answer Range with 206, the web server\'s own work', async (tt) => {
  const probeRun = await probeProfile(stack.profiles.hardened);
  const finding = probeRun.findings.find((f) => f.messageId === 'servedBy' && f.url.endsWith('/media/images/'));
  tt.equal(finding?.data['confidence'], 'strong');
  tt.equal(finding?.evidence[1]?.status, 206);
  tt.match(finding?.evidence[1]?.headers, { 'content-range': /^bytes 0-1\/\d+$/ });
});

t.test('django-media straight from gunicorn (all of MEDIA_ROOT served): the original derived from a rendition is exposed', async (tt) => {
  const p = stack.profiles['django-media'];
  const probeRun = await probeProfile(p, p.gunicornUrl);
  const media = new URL(p.mediaUrl, p.gunicornUrl).href;
  const exposed = probeRun.findings.find((f) => f.messageId === 'originalsExposed');
  tt.equal(exposed?.severity, 'warning');
  tt.match(exposed?.message, /URL derived from a rendition/);
  const seeded = p.public.images.map((image) => new URL(image.original).pathname);
  tt.ok(exposed && seeded.includes(new URL(exposed.url).pathname), `${exposed?.url} is a seeded original`);
  tt.ok(lines(probeRun.findings).includes(`servedByDjango ${media}images/`), 'gunicorn answering directly is Django too');
  tt.match(probeRun.findings.find((f) => f.messageId === 'servedByDjango')?.evidence[0]?.headers, { server: 'gunicorn' });
});

t.test('deriveOriginalNames finds the original of every whole-stem rendition the stack generated; cut stems are known as such', async (tt) => {
  let cut = 0;
  for (const image of stack.profiles.hardened.public.images) {
    const original = decodeURIComponent(new URL(image.original).pathname.split('/').pop() ?? '');
    for (const rendition of image.renditions) {
      const name = decodeURIComponent(new URL(rendition).pathname.split('/').pop() ?? '');
      const parsed = parseRenditionName(name);
      if (parsed?.stemMayBeTruncated && !original.startsWith(`${parsed.stem}.`)) {
        // Wagtail cut this rendition's stem (the seed's long-named image): no name can be derived, and the probe knows it.
        cut += 1;
        tt.notOk(deriveOriginalNames(name)?.includes(original), `${name}: cut, ${original} cannot be derived`);
        continue;
      }
      tt.ok(deriveOriginalNames(name)?.includes(original), `${name} → ${original}`);
    }
  }
  tt.ok(cut > 0, 'the seed has renditions whose stems Wagtail cut');
});

t.test('caddy-media: the long-named image cannot be derived, yet the whole stems before it find original_images/ open', async (tt) => {
  const probeRun = await probeProfile(stack.profiles['caddy-media']);
  const exposed = probeRun.findings.find((f) => f.messageId === 'originalsExposed');
  tt.equal(exposed?.severity, 'warning');
  tt.match(exposed?.message, /URL derived from a rendition/);
  tt.equal(exposed?.evidence[0]?.status, 200);
});

t.test("apache: the images API's download_url names the originals exactly, and Apache refuses them (403): closed, decided", async (tt) => {
  const p = stack.profiles.apache;
  tt.ok(p.imagesApi, 'apache mounts /api/v2/images/');
  const probeRun = await probeProfile(p);
  tt.notOk(probeRun.findings.some((f) => f.messageId.startsWith('originals')), 'no originals finding: 403 is closed');
  const images = probeRun.findings.find((f) => f.messageId === 'servedBy' && f.url.endsWith('/media/images/'));
  tt.equal(images?.data['confidence'], 'strong', 'copied security headers do not blur the verdict');
  tt.match(images?.evidence[0]?.headers, { 'x-frame-options': /DENY/, server: /^Apache/ });
});
