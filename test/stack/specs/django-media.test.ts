// Ground truth for `django-media`: media streamed by django.views.static.serve
// behind nginx, while static is right.
import t from 'tap';
import { closeStackAgents, loadStack } from '../profiles.js';
import { fetchFrom, manifestHash, referencedUrls } from '../http.js';

const stack = loadStack();
const profile = stack.profiles['django-media'];
t.teardown(closeStackAgents);

t.test("renditions carry Django's middleware headers and django.views.static.serve's", async (t) => {
  for (const image of profile.public.images.slice(0, 3)) {
    const url = image.renditions[0] ?? '';
    const response = await fetchFrom(profile, url);
    t.equal(response.status, 200, url);
    t.equal(response.header('x-frame-options'), 'DENY');
    t.equal(response.header('x-content-type-options'), 'nosniff');
    t.equal(response.header('referrer-policy'), 'same-origin');
    t.equal(response.header('cross-origin-opener-policy'), 'same-origin');
    t.equal(response.header('content-disposition'), `inline; filename="${url.split('/').pop()}"`);
    t.ok(response.header('last-modified'));
    t.equal(response.header('etag'), undefined);
    t.equal(response.header('cache-control'), undefined);
    t.equal(response.header('accept-ranges'), undefined);
  }
});

t.test('Django ignores Range (200, whole file); nginx-served media in hardened answers 206', async (t) => {
  const url = profile.public.images[0]?.renditions[0] ?? '';
  const whole = await fetchFrom(profile, url);
  const ranged = await fetchFrom(profile, url, { headers: { range: 'bytes=0-0' } });
  t.equal(ranged.status, 200);
  t.equal(ranged.body.length, whole.body.length);
  const hardened = stack.profiles.hardened;
  const sameFile = new URL(new URL(url).pathname, hardened.baseUrl).href;
  t.equal((await fetchFrom(hardened, sameFile, { headers: { range: 'bytes=0-0' } })).status, 206);
});

t.test('static is right: hashed names cached a year', async (t) => {
  const assets = referencedUrls((await fetchFrom(profile, '/admin/login/')).text, profile.staticUrl);
  const css = assets.find((url) => url.endsWith('.css')) ?? '';
  t.ok(manifestHash(css));
  t.equal((await fetchFrom(profile, css)).header('cache-control'), 'public, max-age=31536000, immutable');
});

t.test('originals and documents/ stay denied: one mistake only', async (t) => {
  for (const url of [profile.public.images[0]?.original ?? '', ...profile.private.documents.map((d) => d.directUrl)]) {
    t.equal((await fetchFrom(profile, url)).status, 403, url);
  }
});
