// Ground truth for the `hardened` profile: everything a probe checks is right.
import { readFileSync } from 'node:fs';
import { checkServerIdentity } from 'node:tls';
import t from 'tap';
import { Agent } from 'undici';
import { closeStackAgents, loadStack } from '../profiles.js';
import { CookieJar, cookieLine, fetchFrom, manifestHash, md5, referencedUrls, sha1, submitPassword } from '../http.js';

const profile = loadStack().profiles.hardened;
const mustBe = (value: string | undefined, what: string): string => {
  if (value === undefined) throw new Error(`the stack describes no ${what}`);
  return value;
};
t.teardown(closeStackAgents);

t.test('plain http answers a permanent redirect to the same URL over https', async (t) => {
  t.not(profile.httpUrl, profile.baseUrl);
  t.match(profile.baseUrl, /^https:\/\//);
  const response = await fetchFrom(profile, new URL('/admin/login/?next=/admin/', profile.httpUrl).href);
  t.equal(response.status, 301);
  t.equal(response.header('location'), new URL('/admin/login/?next=/admin/', profile.baseUrl).href);
});

t.test('pages carry HSTS for a year and Django middleware headers', async (t) => {
  const home = await fetchFrom(profile, '/');
  t.equal(home.status, 200);
  const maxAge = Number(/max-age=(\d+)/.exec(home.header('strict-transport-security') ?? '')?.[1]);
  t.ok(maxAge >= 31_536_000, `HSTS max-age ${maxAge}`);
  t.equal(home.header('x-frame-options'), 'DENY');
  t.equal(home.header('x-content-type-options'), 'nosniff');
  t.equal(home.header('referrer-policy'), 'same-origin');
});

t.test('/admin/login/ is never cached, sets a Secure CSRF cookie and links only hashed assets', async (t) => {
  const login = await fetchFrom(profile, '/admin/login/');
  t.equal(login.status, 200);
  t.match(login.text, /<title>Sign in - Wagtail<\/title>/);
  // Wagtail 8 / Django 5.2 never_cache: the field guide's list plus max-age=0.
  t.equal(login.header('cache-control'), 'max-age=0, no-cache, no-store, must-revalidate, private');
  t.match(cookieLine(login, 'csrftoken') ?? '', /; Secure/);
  const assets = referencedUrls(login.text, profile.staticUrl);
  t.ok(assets.length >= 10, `${assets.length} static assets on the login page`);
  t.same(
    assets.filter((url) => manifestHash(url) === undefined || url.includes('?v=')),
    [],
    'every admin asset has a content hash in its name and no ?v=',
  );
  const admin = await fetchFrom(profile, '/admin/');
  t.equal(admin.status, 302);
  t.equal(admin.header('location'), '/admin/login/?next=/admin/');
});

t.test('hashed static is cached a year and immutable, and its bytes match the hash', async (t) => {
  const login = await fetchFrom(profile, '/admin/login/');
  const assets = referencedUrls(login.text, profile.staticUrl);
  for (const url of assets.filter((asset) => /\.(css|js)$/.test(asset)).slice(0, 4)) {
    const asset = await fetchFrom(profile, url);
    t.equal(asset.status, 200, url);
    t.equal(asset.header('cache-control'), 'public, max-age=31536000, immutable', url);
    t.equal(md5(asset.body).slice(0, 12), manifestHash(url), `${url}: MD5 of the body starts with the name's hash`);
  }
});

t.test('unhashed static names are cached briefly, not for a year', async (t) => {
  for (const url of ['/static/wagtailadmin/css/core.css', '/static/css/site.css', '/static/staticfiles.json']) {
    const response = await fetchFrom(profile, url);
    t.equal(response.status, 200, url);
    t.equal(response.header('cache-control'), 'public, max-age=300', url);
  }
});

t.test('renditions come from nginx: long cache, Range answered with 206', async (t) => {
  const rendition = mustBe(profile.public.images[0]?.renditions[0], 'rendition');
  const full = await fetchFrom(profile, rendition);
  t.equal(full.status, 200);
  t.equal(full.header('cache-control'), 'public, max-age=2592000');
  t.equal(full.header('accept-ranges'), 'bytes');
  t.equal(full.header('x-frame-options'), undefined, 'no Django middleware header');
  const range = await fetchFrom(profile, rendition, { headers: { range: 'bytes=0-0' } });
  t.equal(range.status, 206);
  t.equal(range.header('content-range'), `bytes 0-0/${full.body.length}`);
});

t.test('original images and every file under documents/ are denied', async (t) => {
  const originals = profile.public.images.map((image) => image.original);
  const files = [...profile.private.documents, ...profile.public.documents].map((document) => document.directUrl);
  for (const url of [...originals, ...files]) {
    t.equal((await fetchFrom(profile, url)).status, 403, url);
  }
});

t.test('login-restricted documents redirect to the login view, without an ETag', async (t) => {
  const documents = profile.private.documents.filter((document) => document.restriction === 'login');
  t.ok(documents.length >= 2);
  for (const document of documents) {
    const response = await fetchFrom(profile, document.url);
    t.equal(response.status, 302, document.url);
    t.equal(response.header('location'), `/_util/login/?next=${new URL(document.url).pathname}`);
    t.equal(response.header('etag'), undefined, 'Wagtail 8.0.1 sends no file hash before the privacy check');
  }
});

t.test('password-restricted documents show the password form, never cached, without an ETag', async (t) => {
  const documents = profile.private.documents.filter((document) => document.restriction === 'password');
  t.ok(documents.length >= 2);
  for (const document of documents) {
    const response = await fetchFrom(profile, document.url);
    t.equal(response.status, 200, `${document.url}: a 200 that is not the document`);
    t.match(response.header('content-type'), /^text\/html/);
    t.match(response.text, /<title>Password required<\/title>/);
    t.match(response.text, /You need a password to access this document\./);
    t.match(response.text, `action="/documents/authenticate_with_password/${document.restrictionId}/"`);
    t.match(response.header('cache-control'), /no-store/);
    t.equal(response.header('etag'), undefined);
    t.not(sha1(response.body), document.sha1);
  }
});

t.test('with the password, serve_view hands the file to nginx (X-Accel-Redirect)', async (t) => {
  const document = profile.private.documents.find((candidate) => candidate.restriction === 'password');
  if (document === undefined || document.restriction !== 'password') throw new Error('no password document');
  const jar = new CookieJar();
  const answer = await submitPassword(profile, document.url, document.password, jar);
  t.equal(answer.status, 302, 'password accepted');
  t.match(cookieLine(answer, 'sessionid') ?? '', /; HttpOnly;.*; Secure/);
  const file = await fetchFrom(profile, document.url, { headers: jar.headers() });
  t.equal(file.status, 200);
  t.equal(sha1(file.body), document.sha1, 'the bytes of the private file');
  t.equal(file.header('content-type'), document.contentType);
  t.equal(file.header('x-accel-redirect'), undefined, 'consumed by nginx');
  t.equal(file.header('content-security-policy'), "default-src 'none'");
  t.equal(file.header('x-content-type-options'), 'nosniff');
  t.equal(file.header('content-encoding'), undefined, 'nginx drops the literal "None"');
  t.match(file.header('etag'), /^"[0-9a-f]+-[0-9a-f]+"$/, "nginx's mtime-size ETag, not Wagtail's SHA-1");
  const range = await fetchFrom(profile, document.url, { headers: { ...jar.headers(), range: 'bytes=0-0' } });
  t.equal(range.status, 206, 'nginx answers Range for serve_view files too');
});

t.test('public documents: inline only for PDF, attachment for HTML and SVG', async (t) => {
  const expectations: Record<string, RegExp> = {
    'report.pdf': /^inline; filename="report\.pdf"$/,
    'data.csv': /^attachment; filename="data\.csv"$/,
    'brochure.html': /^attachment; filename="brochure\.html"$/,
    'logo.svg': /^attachment; filename="logo\.svg"$/,
  };
  t.same(profile.public.documents.map((document) => document.filename).sort(), Object.keys(expectations).sort());
  for (const document of profile.public.documents) {
    const response = await fetchFrom(profile, document.url);
    t.equal(response.status, 200, document.url);
    t.equal(sha1(response.body), document.sha1, document.url);
    t.match(response.header('content-disposition'), expectations[document.filename] ?? /never/, document.url);
    t.equal(response.header('content-security-policy'), "default-src 'none'", document.url);
  }
  const wrongName = await fetchFrom(profile, `/documents/${profile.public.documents[0]?.id}/not-its-name.pdf`);
  t.equal(wrongName.status, 404);
});

t.test('restricted pages: login redirects, password shows the form', async (t) => {
  for (const page of profile.private.pages) {
    const response = await fetchFrom(profile, page.url);
    if (page.restriction === 'login') {
      t.equal(response.status, 302, page.url);
      t.equal(response.header('location'), `/_util/login/?next=${new URL(page.url).pathname}`);
    } else {
      t.equal(response.status, 200, page.url);
      t.match(response.text, /You need a password to access this page\./);
    }
  }
});

t.test('a Host outside ALLOWED_HOSTS gets 400 from Django', async (t) => {
  // undici checks the certificate against the Host header: check it against the address dialled.
  const dispatcher = new Agent({
    connect: { ca: readFileSync(mustBe(profile.caFile ?? undefined, 'CA')), checkServerIdentity: (_host, cert) => checkServerIdentity('127.0.0.1', cert) },
  });
  t.teardown(() => dispatcher.close());
  const response = await fetchFrom(profile, '/', { headers: { host: 'evil.example' }, dispatcher });
  t.equal(response.status, 400);
  t.equal(response.header('x-content-type-options'), 'nosniff', 'the 400 comes from Django, through nginx');
});

t.test('the documents API lists public documents only', async (t) => {
  t.equal(profile.documentsApi, true);
  const response = await fetchFrom(profile, '/api/v2/documents/');
  t.equal(response.status, 200);
  const listing = JSON.parse(response.text) as { items: { id: number; meta: { download_url: string } }[] };
  t.same(
    listing.items.map((item) => item.meta.download_url).sort(),
    profile.public.documents.map((document) => document.url).sort(),
  );
});
