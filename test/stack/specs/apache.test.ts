// Ground truth for `apache`: right, on Apache httpd (mod_proxy to gunicorn,
// Alias for static and renditions). Two habits a probe must learn to read:
// Apache adds the security headers Django sends to everything it serves, and
// it answers 404s itself (ProxyErrorOverride), Django's included.
import { readFileSync } from 'node:fs';
import { checkServerIdentity } from 'node:tls';
import t, { type Test } from 'tap';
import { Agent } from 'undici';
import { closeStackAgents, loadStack } from '../profiles.js';
import { type Fetched, CookieJar, cookieLine, fetchFrom, manifestHash, md5, referencedUrls, sha1, submitPassword } from '../http.js';

const profile = loadStack().profiles.apache;
t.teardown(closeStackAgents);

const APACHE_SERVER = /^Apache\/2\.4\.\d+ \(Debian\)$/;
const SECURITY_HEADERS = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** Apache's FileETag MTime Size: "<size in hex>-<mtime in microseconds, hex>". */
const apacheEtag = (response: Fetched) => new RegExp(`^"${response.body.length.toString(16)}-[0-9a-f]{13}"$`);

function hasSecurityHeaders(t: Test, response: Fetched, what: string): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) t.equal(response.header(name), value, `${what}: ${name}`);
}

t.test('plain http: Apache answers a 301 to the same URL over https, with its security headers', async (t) => {
  t.match(profile.baseUrl, /^https:\/\//);
  t.equal(profile.front, 'apache');
  const response = await fetchFrom(profile, new URL('/admin/login/?next=/admin/', profile.httpUrl).href);
  t.equal(response.status, 301);
  t.equal(response.header('location'), new URL('/admin/login/?next=/admin/', profile.baseUrl).href);
  t.match(response.header('server'), APACHE_SERVER);
  hasSecurityHeaders(t, response, 'the redirect');
});

t.test("Django's pages: one copy of each security header, HSTS, and gunicorn's Server header kept", async (t) => {
  const home = await fetchFrom(profile, '/');
  t.equal(home.status, 200);
  t.equal(home.header('server'), 'gunicorn', 'mod_proxy passes the backend Server header through');
  hasSecurityHeaders(t, home, 'the home page');
  t.equal(home.header('strict-transport-security'), 'max-age=31536000; includeSubDomains');
  const login = await fetchFrom(profile, '/admin/login/');
  t.equal(login.status, 200);
  t.match(cookieLine(login, 'csrftoken') ?? '', /; Secure/);
  t.equal(login.header('cache-control'), 'max-age=0, no-cache, no-store, must-revalidate, private');
});

t.test('static from Apache: hashed a year and immutable, others briefly; security headers copied; Range 206', async (t) => {
  const login = await fetchFrom(profile, '/admin/login/');
  const assets = referencedUrls(login.text, profile.staticUrl).filter((asset) => /\.(css|js)$/.test(asset));
  t.ok(assets.length >= 4);
  for (const url of assets.slice(0, 4)) {
    const asset = await fetchFrom(profile, url);
    t.equal(asset.status, 200, url);
    t.equal(asset.header('cache-control'), 'public, max-age=31536000, immutable', url);
    t.equal(md5(asset.body).slice(0, 12), manifestHash(url), url);
    t.match(asset.header('server'), APACHE_SERVER, url);
    t.match(asset.header('etag'), apacheEtag(asset), `${url}: "<size hex>-<mtime µs hex>"`);
    hasSecurityHeaders(t, asset, url);
    t.equal(asset.header('strict-transport-security'), 'max-age=31536000; includeSubDomains', url);
  }
  for (const url of ['/static/wagtailadmin/css/core.css', '/static/css/site.css']) {
    t.equal((await fetchFrom(profile, url)).header('cache-control'), 'public, max-age=300', url);
  }
  const whole = await fetchFrom(profile, '/static/css/site.css');
  const range = await fetchFrom(profile, '/static/css/site.css', { headers: { range: 'bytes=0-0' } });
  t.equal(range.status, 206);
  t.equal(range.header('content-range'), `bytes 0-0/${whole.body.length}`);
});

t.test('renditions from Apache: a month, 206 for Range, the security headers too', async (t) => {
  for (const image of profile.public.images) {
    const url = image.renditions[0] ?? '';
    const full = await fetchFrom(profile, url);
    t.equal(full.status, 200, url);
    t.equal(full.header('cache-control'), 'public, max-age=2592000', url);
    t.equal(full.header('accept-ranges'), 'bytes', url);
    t.match(full.header('etag'), apacheEtag(full), url);
    hasSecurityHeaders(t, full, url);
  }
  const url = profile.public.images[0]?.renditions[0] ?? '';
  const range = await fetchFrom(profile, url, { headers: { range: 'bytes=0-1' } });
  t.equal(range.status, 206);
  t.match(range.header('content-range'), /^bytes 0-1\/\d+$/);
});

t.test("originals and documents/ are denied by Apache (403, its own page, its headers)", async (t) => {
  const urls = [...profile.public.images.map((image) => image.original), ...[...profile.private.documents, ...profile.public.documents].map((d) => d.directUrl)];
  for (const url of urls) {
    const response = await fetchFrom(profile, url);
    t.equal(response.status, 403, url);
    t.match(response.header('server'), APACHE_SERVER, url);
    t.match(response.text, /<title>403 Forbidden<\/title>/, url);
    hasSecurityHeaders(t, response, url);
  }
});

t.test("a random path gets Apache's 404 page, not Django's (ProxyErrorOverride On 404)", async (t) => {
  for (const path of [`/no-such-page-${Date.now()}/`, '/static/no-such-file.css', `/documents/${profile.public.documents[0]?.id}/not-its-name.pdf`]) {
    const response = await fetchFrom(profile, path);
    t.equal(response.status, 404, path);
    t.match(response.header('server'), APACHE_SERVER, path);
    t.match(response.text, /<title>404 Not Found<\/title>/, path);
    t.match(response.text, /The requested URL was not found on this server\./, path);
    t.notMatch(response.text, /<h1>Page not found<\/h1>/, "not the site's template");
    t.match(response.header('etag'), /^"[0-9a-f]+-[0-9a-f]{13}"$/, 'the error page is a file Apache serves');
    hasSecurityHeaders(t, response, path);
  }
  const direct = await fetchFrom(profile, new URL(`/no-such-page-${Date.now()}/`, profile.gunicornUrl).href, {
    headers: { 'x-forwarded-proto': 'https' }, // else SECURE_SSL_REDIRECT answers 301
  });
  t.equal(direct.status, 404);
  t.match(direct.text, /<h1>Page not found<\/h1>/, "gunicorn itself answers with the site's 404 template");
});

t.test('private documents: login redirect and password form from Django', async (t) => {
  for (const document of profile.private.documents) {
    const response = await fetchFrom(profile, document.url);
    if (document.restriction === 'login') {
      t.equal(response.status, 302, document.url);
      t.equal(response.header('location'), `/_util/login/?next=${new URL(document.url).pathname}`);
    } else {
      t.equal(response.status, 200, document.url);
      t.match(response.text, /You need a password to access this document\./);
    }
    t.equal(response.header('etag'), undefined, document.url);
  }
});

t.test("with the password, Django streams the file; Range gets 206 or 200, as Apache's byte-range filter manages", async (t) => {
  const document = profile.private.documents.find((candidate) => candidate.restriction === 'password');
  if (document === undefined || document.restriction !== 'password') throw new Error('no password document');
  const jar = new CookieJar();
  t.equal((await submitPassword(profile, document.url, document.password, jar)).status, 302);
  const file = await fetchFrom(profile, document.url, { headers: jar.headers() });
  t.equal(file.status, 200);
  t.equal(sha1(file.body), document.sha1);
  t.equal(file.header('server'), 'gunicorn');
  t.equal(file.header('etag'), `"${document.sha1}"`, "Wagtail's SHA-1 ETag: no sendfile here");
  t.equal(file.header('content-encoding'), 'None', "Django's literal, passed through");
  t.equal(file.header('content-security-policy'), "default-src 'none'");
  // mod_proxy streams gunicorn's answer; the byte-range filter cuts a range
  // only when the whole answer arrived in one brigade (EOS included), which
  // depends on timing: neither status proves who sent the bytes.
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const range = await fetchFrom(profile, document.url, { headers: { ...jar.headers(), range: 'bytes=0-1' } });
    if (range.status === 206) {
      t.equal(range.header('content-range'), `bytes 0-1/${document.size}`, 'Apache cut the range');
      t.equal(range.body.length, 2);
    } else {
      t.equal(range.status, 200, 'or passed the whole answer on');
      t.equal(sha1(range.body), document.sha1);
    }
  }
  const direct = await fetchFrom(profile, new URL(new URL(document.url).pathname, profile.gunicornUrl).href, {
    headers: { ...jar.headers(), range: 'bytes=0-1', 'x-forwarded-proto': 'https' },
  });
  t.equal(direct.status, 200, 'gunicorn alone ignores Range');
});

t.test('a Host outside ALLOWED_HOSTS reaches Django (ProxyPreserveHost On) and gets 400', async (t) => {
  const dispatcher = new Agent({
    connect: { ca: readFileSync(profile.caFile ?? ''), checkServerIdentity: (_host, cert) => checkServerIdentity('127.0.0.1', cert) },
  });
  t.teardown(() => dispatcher.close());
  const response = await fetchFrom(profile, '/', { headers: { host: 'evil.example' }, dispatcher });
  t.equal(response.status, 400);
  t.equal(response.header('server'), 'gunicorn');
});

t.test('the images API (this profile only) names every original under /media/original_images/', async (t) => {
  t.equal(profile.imagesApi, true);
  t.equal(profile.documentsApi, false);
  const response = await fetchFrom(profile, '/api/v2/images/');
  t.equal(response.status, 200);
  const listing = JSON.parse(response.text) as { meta: { total_count: number }; items: { title: string; meta: { download_url: string } }[] };
  t.equal(listing.meta.total_count, profile.public.images.length);
  t.same(
    listing.items.map((item) => item.meta.download_url).sort(),
    profile.public.images.map((image) => new URL(image.original).pathname).sort(),
    'download_url: the original, root-relative',
  );
  for (const item of listing.items) t.equal((await fetchFrom(profile, item.meta.download_url)).status, 403, item.meta.download_url);
  for (const name of ['whitenoise', 'caddy', 'varnish'] as const) {
    t.equal((await fetchFrom(loadStack().profiles[name], '/api/v2/images/')).status, 404, `${name}: no images API`);
  }
});
