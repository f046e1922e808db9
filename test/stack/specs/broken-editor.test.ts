// Ground truth for `broken-editor`: a partial static deploy. The manifest
// still names wagtailadmin/js/comments.js, the page editor's commenting
// bundle, but the file is gone from STATIC_ROOT: the admin login page (and
// anything anonymous) is whole; only the page edit view, after login, asks for
// the missing file and gets nginx's 404.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { closeStackAgents, loadStack } from '../profiles.js';
import { adminFetch, adminLogin, adminLogout, fetchFrom, referencedUrls } from '../http.js';

const profile = loadStack().profiles['broken-editor'];
t.teardown(closeStackAgents);

const MISSING = 'wagtailadmin/js/comments.js';
const editablePage = profile.monitor.permissions.find((permission) => permission.scope === 'page');

const manifest = async () =>
  (JSON.parse((await fetchFrom(profile, '/static/staticfiles.json')).text) as { paths: Record<string, string> }).paths;

t.test('the manifest still names the file; neither its hashed nor its plain name is on disk', async (t) => {
  const hashed = (await manifest())[MISSING];
  t.match(hashed, /^wagtailadmin\/js\/comments\.[0-9a-f]{12}\.js$/);
  t.equal((await fetchFrom(profile, `/static/${hashed}`)).status, 404);
  t.equal((await fetchFrom(profile, `/static/${MISSING}`)).status, 404);
  t.equal((await fetchFrom(profile, '/static/wagtailadmin/js/core.js')).status, 200, 'the rest is there');
});

t.test('the login page and its assets are whole: the fault is invisible before login', async (t) => {
  const login = await fetchFrom(profile, '/admin/login/');
  t.equal(login.status, 200);
  const assets = referencedUrls(login.text, profile.staticUrl);
  t.ok(assets.length >= 10);
  t.notOk(assets.some((url) => url.includes('/comments.')), 'the login page does not load the editor bundle');
  for (const url of assets) t.equal((await fetchFrom(profile, url)).status, 200, url);
  t.equal((await fetchFrom(profile, '/article-01/')).status, 200, 'the site itself');
});

t.test("after login the page edit view references the missing file, which 404s; everything else it loads is there", async (t) => {
  if (editablePage === undefined) throw new Error('the monitor has no page it may edit');
  const hashed = (await manifest())[MISSING];
  const session = await adminLogin(profile, profile.monitor, { query: `visit=${randomUUID()}` });
  const editor = await adminFetch(session, `${profile.adminPath}pages/${editablePage.pageId}/edit/`);
  t.equal(editor.status, 200, 'the edit view opens (change permission on this page)');
  const assets = referencedUrls(editor.text, profile.staticUrl);
  t.ok(assets.includes(`/static/${hashed}`), `the editor loads /static/${hashed}`);
  for (const url of assets) {
    t.equal((await fetchFrom(profile, url)).status, url === `/static/${hashed}` ? 404 : 200, url);
  }
  t.equal((await adminLogout(session)).status, 302);
});
