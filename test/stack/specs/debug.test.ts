// Ground truth for `debug`: DEBUG = True in production.
import t from 'tap';
import { closeStackAgents, loadStack } from '../profiles.js';
import { fetchFrom, manifestHash, referencedUrls } from '../http.js';

const profile = loadStack().profiles.debug;
t.teardown(closeStackAgents);

t.test("a random path gets Django's technical 404 page", async (t) => {
  const path = `/no-such-page-${Date.now()}/`;
  const response = await fetchFrom(profile, path);
  t.equal(response.status, 404);
  t.match(response.text, `<title>Page not found at ${path}</title>`);
  t.match(response.text, /Using the URLconf defined in <code>stackapp\.urls<\/code>/);
  // Django 5.2 writes a curly apostrophe.
  t.match(response.text, /You’re seeing this error because you have <code>DEBUG = True<\/code>/);
});

t.test('with DEBUG on, manifest storage hands out unhashed names; Wagtail adds ?v=', async (t) => {
  const admin = referencedUrls((await fetchFrom(profile, '/admin/login/')).text, profile.staticUrl);
  t.ok(admin.length >= 10);
  t.same(admin.filter((url) => manifestHash(url) !== undefined || !/\?v=[0-9a-f]{8}$/.test(url)), []);
  const site = referencedUrls((await fetchFrom(profile, '/')).text, profile.staticUrl);
  t.same(site, ['/static/css/site.css', '/static/js/site.js', '/static/wagtailadmin/images/favicon.ico']);
});

t.test('otherwise the right plain-http setup: short cache on unhashed static, media via nginx', async (t) => {
  t.equal((await fetchFrom(profile, '/static/css/site.css')).header('cache-control'), 'public, max-age=300');
  const rendition = profile.public.images[0]?.renditions[0] ?? '';
  t.equal((await fetchFrom(profile, rendition, { headers: { range: 'bytes=0-0' } })).status, 206);
  t.equal((await fetchFrom(profile, profile.private.documents[0]?.directUrl ?? '')).status, 403);
});
