// Ground truth for `caddy-media`: Caddy's file_server over the whole
// MEDIA_ROOT. The serve view still checks privacy, but every file under
// /media/ (originals, private documents) answers 200 to anyone.
import t from 'tap';
import { closeStackAgents, loadStack, PROFILE_NAMES } from '../profiles.js';
import { fetchFrom, sha1 } from '../http.js';

const stack = loadStack();
const profile = stack.profiles['caddy-media'];
t.teardown(closeStackAgents);

t.test('documents go through serve_view, which still checks privacy', async (t) => {
  t.equal(profile.serveMethod, 'serve_view');
  t.equal(profile.front, 'caddy');
  t.match(profile.baseUrl, /^http:\/\//, 'plain http, like the other wrong profiles');
  for (const document of profile.private.documents) {
    const response = await fetchFrom(profile, document.url);
    t.equal(response.status, document.restriction === 'login' ? 302 : 200, document.url);
    t.not(sha1(response.body), document.sha1, `${document.url}: not the file`);
  }
});

t.test('THE LEAK: every private document answers 200 at its direct URL, from file_server', async (t) => {
  t.ok(profile.private.documents.length >= 4);
  for (const document of profile.private.documents) {
    const response = await fetchFrom(profile, document.directUrl);
    t.equal(response.status, 200, document.directUrl);
    t.equal(sha1(response.body), document.sha1, `${document.directUrl}: the private bytes`);
    t.equal(response.header('server'), 'Caddy');
    t.match(response.header('etag'), new RegExp(`^"[0-9a-z]{6,}${document.size.toString(36)}"$`), "Caddy's ETag");
    t.equal(response.header('content-security-policy'), undefined, "none of Wagtail's protections");
    const range = await fetchFrom(profile, document.directUrl, { headers: { range: 'bytes=0-1' } });
    t.equal(range.status, 206);
  }
});

t.test('originals are public here, the long-name one included, and denied on every other profile', async (t) => {
  for (const image of profile.public.images) {
    const response = await fetchFrom(profile, image.original);
    t.equal(response.status, 200, image.original);
    t.equal(response.header('server'), 'Caddy');
  }
  const longName = profile.public.images.find((image) => image.original.includes('harbour-at-dawn-from-the-old-lighthouse-panorama-1'));
  t.ok(longName, 'the seed has the long-name image');
  const path = new URL(longName?.original ?? '').pathname;
  for (const name of PROFILE_NAMES.filter((n) => n !== 'caddy-media')) {
    // The storage profiles keep no media on disk (their originals are in the bucket): nginx's 404.
    const expected = stack.profiles[name].storage === null ? 403 : 404;
    t.equal((await fetchFrom(stack.profiles[name], path)).status, expected, `${name}: ${path}`);
  }
});

t.test('renditions keep their month of cache; /media/ itself lists nothing', async (t) => {
  const rendition = profile.public.images[0]?.renditions[0] ?? '';
  t.equal((await fetchFrom(profile, rendition)).header('cache-control'), 'public, max-age=2592000');
  const listing = await fetchFrom(profile, '/media/');
  t.equal(listing.status, 404, 'no browse: the names must be known');
});
