// Ground truth for `unhashed-static`: plain StaticFilesStorage while nginx
// caches every static name for a year, immutable.
import t from 'tap';
import { closeStackAgents, loadStack } from '../profiles.js';
import { fetchFrom, manifestHash, referencedUrls } from '../http.js';

const profile = loadStack().profiles['unhashed-static'];
t.teardown(closeStackAgents);

t.test("the admin login links unhashed names with Wagtail's ?v= version string", async (t) => {
  const assets = referencedUrls((await fetchFrom(profile, '/admin/login/')).text, profile.staticUrl);
  t.ok(assets.length >= 10);
  for (const url of assets) {
    t.equal(manifestHash(url), undefined, url);
    t.match(url, /\?v=[0-9a-f]{8}$/, url);
  }
});

t.test('THE MISTAKE: unhashed names are cached for a year, immutable', async (t) => {
  for (const url of ['/static/wagtailadmin/css/core.css', '/static/wagtailadmin/js/core.js', '/static/css/site.css']) {
    const response = await fetchFrom(profile, url);
    t.equal(response.status, 200, url);
    t.equal(response.header('cache-control'), 'public, max-age=31536000, immutable', url);
  }
});

t.test('there is no manifest', async (t) => {
  t.equal((await fetchFrom(profile, '/static/staticfiles.json')).status, 404);
});

t.test('the site pages link unhashed names too', async (t) => {
  const assets = referencedUrls((await fetchFrom(profile, '/')).text, profile.staticUrl);
  t.same(assets, ['/static/css/site.css', '/static/js/site.js', '/static/wagtailadmin/images/favicon.ico']);
});
