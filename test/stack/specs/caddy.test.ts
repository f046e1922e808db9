// Ground truth for `caddy`: right, on Caddy 2.6 (the stack's certificate, no
// ACME; reverse_proxy to gunicorn, file_server for static and renditions).
import { readFileSync } from 'node:fs';
import { checkServerIdentity } from 'node:tls';
import t from 'tap';
import { Agent } from 'undici';
import { closeStackAgents, loadStack } from '../profiles.js';
import { type Fetched, CookieJar, cookieLine, fetchFrom, manifestHash, md5, referencedUrls, sha1, submitPassword } from '../http.js';

const profile = loadStack().profiles.caddy;
t.teardown(closeStackAgents);

const HSTS = 'max-age=31536000; includeSubDomains';

/** Caddy's file_server ETag: "<mtime in s, base 36><size, base 36>". */
const caddyEtag = (response: Fetched) => new RegExp(`^"[0-9a-z]{6,}${response.body.length.toString(36)}"$`);

t.test('plain http: Caddy answers a 301 to the same URL over https', async (t) => {
  t.match(profile.baseUrl, /^https:\/\//);
  t.equal(profile.front, 'caddy');
  const response = await fetchFrom(profile, new URL('/admin/login/?next=/admin/', profile.httpUrl).href);
  t.equal(response.status, 301);
  t.equal(response.header('location'), new URL('/admin/login/?next=/admin/', profile.baseUrl).href);
  t.equal(response.header('server'), 'Caddy');
  t.equal(response.header('x-frame-options'), undefined, 'Caddy adds no security headers of its own');
});

t.test("Django's pages: two Server headers, Caddy's and gunicorn's; HSTS and secure cookies from Django", async (t) => {
  const home = await fetchFrom(profile, '/');
  t.equal(home.status, 200);
  t.equal(home.header('server'), 'Caddy, gunicorn', 'reverse_proxy keeps the upstream Server beside its own');
  t.equal(home.header('strict-transport-security'), HSTS);
  t.equal(home.header('x-frame-options'), 'DENY');
  t.match(home.header('alt-svc'), /^h3=":\d+"/, 'Caddy offers HTTP/3 on the same port');
  const login = await fetchFrom(profile, '/admin/login/');
  t.match(cookieLine(login, 'csrftoken') ?? '', /; Secure/);
});

t.test('static from file_server: hashed a year and immutable, others briefly, HSTS, Range 206', async (t) => {
  const login = await fetchFrom(profile, '/admin/login/');
  const assets = referencedUrls(login.text, profile.staticUrl).filter((asset) => /\.(css|js)$/.test(asset));
  t.ok(assets.length >= 4);
  for (const url of assets.slice(0, 4)) {
    const asset = await fetchFrom(profile, url);
    t.equal(asset.status, 200, url);
    t.equal(asset.header('cache-control'), 'public, max-age=31536000, immutable', url);
    t.equal(md5(asset.body).slice(0, 12), manifestHash(url), url);
    t.equal(asset.header('server'), 'Caddy', url);
    t.match(asset.header('etag'), caddyEtag(asset), url);
    t.equal(asset.header('strict-transport-security'), HSTS, url);
    t.equal(asset.header('x-content-type-options'), undefined, 'no Django middleware header');
  }
  for (const url of ['/static/wagtailadmin/css/core.css', '/static/css/site.css']) {
    t.equal((await fetchFrom(profile, url)).header('cache-control'), 'public, max-age=300', url);
  }
  const whole = await fetchFrom(profile, '/static/css/site.css');
  const range = await fetchFrom(profile, '/static/css/site.css', { headers: { range: 'bytes=0-0' } });
  t.equal(range.status, 206);
  t.equal(range.header('content-range'), `bytes 0-0/${whole.body.length}`);
  const missing = await fetchFrom(profile, '/static/no-such-file.css');
  t.equal(missing.status, 404);
  t.equal(missing.body.length, 0, "file_server's 404 has no body");
  t.equal(missing.header('cache-control'), 'public, max-age=300', '`header` applies to the 404 too');
});

t.test('renditions from file_server: a month, Range 206', async (t) => {
  for (const image of profile.public.images) {
    const url = image.renditions[0] ?? '';
    const full = await fetchFrom(profile, url);
    t.equal(full.status, 200, url);
    t.equal(full.header('cache-control'), 'public, max-age=2592000', url);
    t.equal(full.header('server'), 'Caddy', url);
    t.match(full.header('etag'), caddyEtag(full), url);
  }
  const range = await fetchFrom(profile, profile.public.images[0]?.renditions[0] ?? '', { headers: { range: 'bytes=0-1' } });
  t.equal(range.status, 206);
  t.match(range.header('content-range'), /^bytes 0-1\/\d+$/);
});

t.test('originals and documents/ are denied: 403, empty, from Caddy', async (t) => {
  const urls = [...profile.public.images.map((image) => image.original), ...[...profile.private.documents, ...profile.public.documents].map((d) => d.directUrl)];
  for (const url of urls) {
    const response = await fetchFrom(profile, url);
    t.equal(response.status, 403, url);
    t.equal(response.header('server'), 'Caddy', url);
    t.equal(response.body.length, 0, url);
  }
});

t.test("a random path is Django's 404 page, through Caddy", async (t) => {
  const response = await fetchFrom(profile, `/no-such-page-${Date.now()}/`);
  t.equal(response.status, 404);
  t.match(response.text, /<h1>Page not found<\/h1>/);
  t.equal(response.header('server'), 'Caddy, gunicorn');
});

t.test('private documents keep their privacy check; with the password Django streams the file', async (t) => {
  for (const document of profile.private.documents) {
    const response = await fetchFrom(profile, document.url);
    t.equal(response.status, document.restriction === 'login' ? 302 : 200, document.url);
    t.not(sha1(response.body), document.sha1, document.url);
  }
  const document = profile.private.documents.find((candidate) => candidate.restriction === 'password');
  if (document === undefined || document.restriction !== 'password') throw new Error('no password document');
  const jar = new CookieJar();
  t.equal((await submitPassword(profile, document.url, document.password, jar)).status, 302);
  const file = await fetchFrom(profile, document.url, { headers: jar.headers() });
  t.equal(file.status, 200);
  t.equal(sha1(file.body), document.sha1);
  t.equal(file.header('etag'), `"${document.sha1}"`);
  t.equal(file.header('server'), 'Caddy, gunicorn');
  const range = await fetchFrom(profile, document.url, { headers: { ...jar.headers(), range: 'bytes=0-1' } });
  t.equal(range.status, 200, 'reverse_proxy passes Range on; Django ignores it');
});

t.test('a Host outside ALLOWED_HOSTS reaches Django and gets 400', async (t) => {
  const dispatcher = new Agent({
    connect: { ca: readFileSync(profile.caFile ?? ''), checkServerIdentity: (_host, cert) => checkServerIdentity('127.0.0.1', cert) },
  });
  t.teardown(() => dispatcher.close());
  const response = await fetchFrom(profile, '/', { headers: { host: 'evil.example' }, dispatcher });
  t.equal(response.status, 400);
  t.equal(response.header('server'), 'Caddy, gunicorn');
});
