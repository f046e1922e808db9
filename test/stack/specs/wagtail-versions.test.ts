// Ground truth for `wagtail-7.0` and `wagtail-6.3`: the right plain-http setup
// on other Wagtail releases, side by side with the stack's own (each its own
// virtualenv, gunicorn and data directory, seeded alike). 6.3.8, the last 6.3
// LTS release, predates the document ETag fix (GHSA-92hv-j533-69wc): its
// private documents' refusals carry the file's SHA-1 and answer a guess with 304.
import t from 'tap';
import { closeStackAgents, loadStack, PROFILE_NAMES } from '../profiles.js';
import { fetchFrom, manifestHash, md5, referencedUrls, sha1 } from '../http.js';

const stack = loadStack();
t.teardown(closeStackAgents);

const PINNED = { 'wagtail-7.0': '7.0.10', 'wagtail-6.3': '6.3.8' } as const;
const pinnedNames = Object.keys(PINNED) as (keyof typeof PINNED)[];
/** The same right setup on the stack's release, to compare with. */
const reference = stack.profiles['redirect-leak'];

const loginAssets = async (name: keyof typeof stack.profiles) =>
  referencedUrls((await fetchFrom(stack.profiles[name], '/admin/login/')).text, '/static/');

t.test('profiles.json names each profile its release: the pinned two theirs, the others the stack\'s', async (t) => {
  for (const name of PROFILE_NAMES) {
    const profile = stack.profiles[name];
    const expected = name in PINNED ? PINNED[name as keyof typeof PINNED] : stack.wagtailVersion;
    t.equal(profile.wagtailVersion, expected, name);
  }
  t.equal(stack.profiles['wagtail-6.3'].djangoVersion, '5.1.15', 'Django 5.1: the newest 6.3 supports');
  t.equal(stack.profiles['wagtail-7.0'].djangoVersion, '5.2.19');
});

t.test("each serves its own release's admin files, not the stack's", async (t) => {
  const stackFiles = new Set(await loginAssets('redirect-leak'));
  for (const name of pinnedNames) {
    const files = await loginAssets(name);
    t.ok(files.length >= 10, `${name}: ${files.length} files on the login page`);
    t.ok(files.some((url) => !stackFiles.has(url)), `${name}: hashed names the stack's ${stack.wagtailVersion} does not have`);
    for (const url of files.filter((candidate) => candidate.endsWith('.js')).slice(0, 3)) {
      const response = await fetchFrom(stack.profiles[name], url);
      t.equal(response.status, 200, url);
      t.equal(md5(response.body).slice(0, 12), manifestHash(url), `${url}: named by its content`);
      t.equal(response.header('cache-control'), 'public, max-age=31536000, immutable', url);
    }
  }
});

t.test('each is the right plain-http setup on its own data: media by nginx, originals and documents/ denied', async (t) => {
  for (const name of pinnedNames) {
    const profile = stack.profiles[name];
    t.equal(profile.baseUrl, profile.httpUrl, name);
    t.equal(profile.serveMethod, 'serve_view', name);
    const rendition = profile.public.images[0]?.renditions[0] ?? '';
    const range = await fetchFrom(profile, rendition, { headers: { range: 'bytes=0-0' } });
    t.equal(range.status, 206, `${name}: ${rendition}`);
    t.equal(range.header('cache-control'), 'public, max-age=2592000', name);
    for (const url of [profile.public.images[0]?.original ?? '', ...profile.private.documents.map((d) => d.directUrl)]) {
      t.equal((await fetchFrom(profile, url)).status, 403, `${name}: ${url}`);
    }
    const pdf = profile.public.documents.find((document) => document.filename === 'report.pdf');
    const served = await fetchFrom(profile, pdf?.url ?? '');
    t.equal(served.status, 200, name);
    t.equal(sha1(served.body), pdf?.sha1, `${name}: the seeded bytes`);
    t.equal((await fetchFrom(profile, `/no-such-page-${Date.now()}/`)).status, 404, `${name}: DEBUG off`);
  }
});

t.test('the same seed: documents, images and pages alike (the duplicate report.pdf suffix aside)', async (t) => {
  const suffixless = (filename: string) => filename.replace(/^report_[A-Za-z0-9]{7}\.pdf$/, 'report_<random>.pdf');
  const content = (name: keyof typeof stack.profiles) => {
    const profile = stack.profiles[name];
    return {
      documents: [...profile.public.documents, ...profile.private.documents].map((d) => [d.id, suffixless(d.filename), d.sha1, d.size]),
      images: profile.public.images.map((image) => [new URL(image.original).pathname, image.renditions.map((url) => new URL(url).pathname)]),
      pages: profile.public.pages.map((url) => new URL(url).pathname),
      privatePages: profile.private.pages.map((page) => [new URL(page.url).pathname, page.restriction]),
    };
  };
  for (const name of pinnedNames) t.same(content(name), content('redirect-leak'), name);
});

t.test('6.3.8 sends the private file\'s SHA-1 as ETag on its refusals and answers a right guess with 304', async (t) => {
  const profile = stack.profiles['wagtail-6.3'];
  for (const document of profile.private.documents) {
    const refusal = await fetchFrom(profile, document.url);
    t.equal(refusal.status, document.restriction === 'login' ? 302 : 200, document.url);
    t.not(sha1(refusal.body), document.sha1, `${document.url}: not the file`);
    t.equal(refusal.header('etag'), `"${document.sha1}"`, `${document.url}: the fingerprint of the private file`);
    const guess = await fetchFrom(profile, document.url, { headers: { 'if-none-match': `"${document.sha1}"` } });
    t.equal(guess.status, 304, `${document.url}: a right guess is confirmed`);
    const wrong = await fetchFrom(profile, document.url, { headers: { 'if-none-match': `"${'0'.repeat(40)}"` } });
    t.equal(wrong.status, refusal.status, `${document.url}: a wrong one is not`);
  }
});

t.test('7.0.10 (and the stack\'s release) carry no ETag on the refusals: the fix of 7.0.9', async (t) => {
  for (const profile of [stack.profiles['wagtail-7.0'], reference]) {
    for (const document of profile.private.documents) {
      const refusal = await fetchFrom(profile, document.url);
      t.equal(refusal.header('etag'), undefined, `${profile.wagtailVersion} ${document.url}`);
      const guess = await fetchFrom(profile, document.url, { headers: { 'if-none-match': `"${document.sha1}"` } });
      t.equal(guess.status, refusal.status, `${profile.wagtailVersion} ${document.url}: If-None-Match changes nothing`);
    }
  }
});
