// Ground truth for `slow`: wrong on performance, over plain HTTP.
import * as cheerio from 'cheerio';
import t from 'tap';
import { closeStackAgents, loadStack } from '../profiles.js';
import { fetchFrom, referencedUrls } from '../http.js';

const profile = loadStack().profiles.slow;
t.teardown(closeStackAgents);
const gzip = { headers: { 'accept-encoding': 'br, gzip' } };

t.test('public pages forbid shared caching and vary on Cookie; nothing in front', async (t) => {
  for (const page of [...profile.public.pages].slice(0, 3)) {
    const response = await fetchFrom(profile, page);
    t.equal(response.status, 200, page);
    t.equal(response.header('cache-control'), 'private, no-cache', page);
    t.match(response.header('vary'), /cookie/i, `${page}: the session is read on every request`);
    t.equal(response.header('x-cache-status'), undefined);
    t.equal(response.header('age'), undefined);
  }
});

t.test('every page takes at least 0.9 s to its first byte', async (t) => {
  const started = performance.now();
  await fetchFrom(profile, profile.public.pages[1] ?? '/');
  t.ok(performance.now() - started >= 900);
});

t.test('nothing is compressed, even for a client that asks', async (t) => {
  t.equal((await fetchFrom(profile, '/', gzip)).header('content-encoding'), undefined, 'the page');
  const html = (await fetchFrom(profile, '/admin/login/')).text;
  for (const url of referencedUrls(html, profile.staticUrl).filter((u) => /\.(css|js)$/.test(u)).slice(0, 4)) {
    t.equal((await fetchFrom(profile, url, gzip)).header('content-encoding'), undefined, url);
  }
});

t.test('JPEG and PNG renditions only, and hand-written <img> without width and height', async (t) => {
  let withoutDimensions = 0;
  for (const page of profile.public.pages) {
    const html = (await fetchFrom(profile, page)).text;
    const renditions = referencedUrls(html, `${profile.mediaUrl}images/`);
    t.same(renditions.filter((url) => /\.(webp|avif)$/.test(url)), [], `${page}: no WebP or AVIF`);
    const $ = cheerio.load(html);
    withoutDimensions += $('img').filter((_, img) => !img.attribs.width || !img.attribs.height).length;
  }
  t.ok(withoutDimensions > 20, `${withoutDimensions} <img> without width and height`);
});
