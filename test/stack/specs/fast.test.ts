// Ground truth for `fast`: right on performance, over plain HTTP.
import * as cheerio from 'cheerio';
import t from 'tap';
import { closeStackAgents, loadStack } from '../profiles.js';
import { fetchFrom, referencedUrls } from '../http.js';

const profile = loadStack().profiles.fast;
t.teardown(closeStackAgents);
const gzip = { headers: { 'accept-encoding': 'br, gzip' } };
/** A URL no one asked for yet: the front cache starts cold for it. */
const fresh = (path: string) => `${path}?spec=${Date.now()}-${Math.random().toString(16).slice(2)}`;

t.test('anonymous public pages may be shared for a minute, and nothing reads the session', async (t) => {
  for (const page of profile.public.pages.slice(0, 3)) {
    const response = await fetchFrom(profile, page);
    t.equal(response.status, 200, page);
    t.equal(response.header('cache-control'), 'public, max-age=60', page);
    t.notMatch(response.header('vary') ?? '', /cookie/i, `${page}: no Vary: Cookie (no user bar, no session read)`);
    t.same(response.setCookies, [], page);
  }
});

t.test('the front cache stores what the origin allows: a second anonymous request is a HIT', async (t) => {
  const url = fresh('/');
  t.equal((await fetchFrom(profile, url)).header('x-cache-status'), 'MISS');
  const second = await fetchFrom(profile, url);
  t.equal(second.header('x-cache-status'), 'HIT');
  t.equal(second.header('cache-control'), 'public, max-age=60');
});

t.test('a request with a Cookie bypasses the cache, and is not stored', async (t) => {
  const url = fresh('/article-01/');
  const withCookie = { headers: { cookie: 'sessionid=not-a-session' } };
  t.equal((await fetchFrom(profile, url, withCookie)).header('x-cache-status'), 'BYPASS');
  t.equal((await fetchFrom(profile, url)).header('x-cache-status'), 'MISS', 'the cookie-bearing answer was not stored');
});

t.test('never-cache answers and answers that set a cookie are never stored', async (t) => {
  const login = '/admin/login/';
  for (let i = 0; i < 2; i++) {
    const response = await fetchFrom(profile, login);
    t.match(response.header('cache-control'), /private/);
    t.ok(response.setCookies.length > 0, 'the csrftoken cookie');
    t.not(response.header('x-cache-status'), 'HIT', `admin login, request ${i + 1}`);
  }
  const password = profile.private.pages.find((p) => p.restriction === 'password')?.url ?? '';
  for (let i = 0; i < 2; i++) t.not((await fetchFrom(profile, password)).header('x-cache-status'), 'HIT', `password form, request ${i + 1}`);
  const document = profile.private.documents[0]?.url ?? '';
  for (let i = 0; i < 2; i++) t.not((await fetchFrom(profile, document)).header('x-cache-status'), 'HIT', `private document, request ${i + 1}`);
});

t.test('pages are gzipped for a client that accepts it, proxied as they are', async (t) => {
  const response = await fetchFrom(profile, fresh('/'), gzip);
  t.equal(response.header('content-encoding'), 'gzip');
  t.match(response.header('vary'), /accept-encoding/i);
  t.equal((await fetchFrom(profile, fresh('/'))).header('content-encoding'), undefined, 'identity when not asked');
});

t.test('static files are sent precompressed (gzip_static): gzip with a Content-Length', async (t) => {
  const html = (await fetchFrom(profile, '/admin/login/')).text;
  const script = referencedUrls(html, profile.staticUrl).find((url) => /core\.[0-9a-f]{12}\.js$/.test(url)) ?? '';
  const compressed = await fetchFrom(profile, script, gzip);
  t.equal(compressed.header('content-encoding'), 'gzip', script);
  t.match(compressed.header('content-length'), /^\d+$/, 'a file sent as it lies on disk');
  const plain = await fetchFrom(profile, script);
  t.equal(plain.header('content-encoding'), undefined);
  t.ok(Number(compressed.header('content-length')) < plain.body.length / 2);
});

t.test('pages ask for WebP renditions, and every <img> has width and height', async (t) => {
  let webp = 0;
  for (const page of profile.public.pages) {
    const html = (await fetchFrom(profile, page)).text;
    const $ = cheerio.load(html);
    $('img').each((_, img) => {
      t.ok(img.attribs.width && img.attribs.height, `${page}: ${img.attribs.src} has width and height`);
    });
    // Templates pick WebP; <picture>'s JPEG fallback and rich-text embeds (Wagtail's image formats) stay as they are.
    const templated = [...$('picture source, figure img, img.thumbnail, .gallery img')].map((el) => el.attribs.srcset ?? el.attribs.src ?? '');
    webp += templated.filter((src) => src.endsWith('.webp')).length;
  }
  t.ok(webp > 20, `${webp} WebP renditions on the public pages`);
});
