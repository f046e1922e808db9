// Ground truth for `missing-manifest`: a partial collectstatic. The manifest
// lacks wagtailadmin/images/favicon.ico, which the admin login and the site's
// base template use, so both answer 500 while Django itself is up.
import t from 'tap';
import { closeStackAgents, loadStack } from '../profiles.js';
import { fetchFrom } from '../http.js';

const profile = loadStack().profiles['missing-manifest'];
t.teardown(closeStackAgents);

t.test('the admin login, the home page and a random 404 path answer 500', async (t) => {
  for (const path of ['/admin/login/', '/', '/article-01/', `/no-such-page-${Date.now()}/`]) {
    const response = await fetchFrom(profile, path);
    t.equal(response.status, 500, path);
    t.match(response.text, /<h1>Internal server error<\/h1>/, `${path}: the site's 500.html, DEBUG off`);
  }
});

t.test('Django is up: views without static tags answer', async (t) => {
  t.equal((await fetchFrom(profile, '/robots.txt')).status, 200);
  t.equal((await fetchFrom(profile, '/sitemap.xml')).status, 200);
});

t.test('the public manifest lacks the entry; the file itself is still there', async (t) => {
  const manifest = JSON.parse((await fetchFrom(profile, '/static/staticfiles.json')).text) as { paths: Record<string, string> };
  t.equal(manifest.paths['wagtailadmin/images/favicon.ico'], undefined);
  t.ok(manifest.paths['wagtailadmin/css/core.css'], 'other entries are there');
  t.equal((await fetchFrom(profile, '/static/wagtailadmin/images/favicon.ico')).status, 200);
});
