// Ground truth for the monitor account every profile seeds: a least-privilege
// user that may open the admin, choose the canaries' documents and edit (never
// publish) one page. Through each profile's front, as a browser: the admin
// login form, then the dashboard, the private canaries, a refused view, logout.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { closeStackAgents, loadStack, PROFILE_NAMES, type StackProfile } from '../profiles.js';
import { AdminLoginError, adminFetch, adminLogin, adminLogout, fetchFrom, sha1 } from '../http.js';

const stack = loadStack();
t.teardown(closeStackAgents);

/**
 * Every GET gets a query string of its own (Wagtail ignores it): cdn-cache and
 * varnish key on the URL, so the monitor's answers never reach anyone else's
 * cache entry and a stale anonymous one is never what the monitor gets.
 */
const visitQuery = `monitor-visit=${randomUUID()}`;
const fresh = (url: string) => `${url}${url.includes('?') ? '&' : '?'}${visitQuery}`;

t.test('the account holds exactly its least privileges, alike in every profile', async (t) => {
  const reference = stack.profiles.hardened.monitor;
  t.equal(reference.username, 'wagtail-probe-monitor');
  t.ok(reference.password.length >= 12);
  t.same(reference.groups, ['wagtail-probe monitors']);
  const rights = reference.permissions.map((p) => (p.scope === 'global' ? p.permission : `${p.permission} on ${p.scope} ${p.scope === 'page' ? p.page : p.collection}`));
  t.same(rights.sort(), [
    'wagtailadmin.access_admin',
    'wagtailcore.change_page on page /members-area/',
    'wagtaildocs.choose_document on collection Board',
    'wagtaildocs.choose_document on collection Members',
  ]);
  const membersArea = stack.profiles.hardened.private.pages.find((page) => new URL(page.url).pathname === '/members-area/');
  t.ok(membersArea, 'its one editable page is the login-restricted canary page');
  for (const name of PROFILE_NAMES) {
    const { password: _password, ...account } = stack.profiles[name].monitor;
    const { password: _reference, ...expected } = reference;
    t.same(account, expected, name);
  }
});

/** Their caches ignore the Cookie on URLs the monitor fetched: its answers go to everyone (the replay). */
const REPLAYS_AUTHORISED_ANSWERS = new Set(['cdn-cache', 'varnish']);

const loginDocuments = (profile: StackProfile) => profile.private.documents.filter((document) => document.restriction === 'login');
const loginPages = (profile: StackProfile) => profile.private.pages.filter((page) => page.restriction === 'login');

for (const name of PROFILE_NAMES) {
  const profile = stack.profiles[name];
  if (name === 'missing-manifest') {
    t.test(`${name}: the login form cannot be had (the login page is the 500 of its partial collectstatic)`, async (t) => {
      await t.rejects(adminLogin(profile, profile.monitor, { query: visitQuery }), AdminLoginError);
    });
    continue;
  }
  t.test(`${name}: the monitor logs in through the admin form, sees the canaries, is refused the users, logs out`, async (t) => {
    const session = await adminLogin(profile, profile.monitor, { query: visitQuery });
    t.equal(session.loginPage.status, 200, 'the login page');
    t.equal(session.loginAnswer.status, 302, 'the POST of the credentials');
    t.equal(new URL(session.loginAnswer.header('location') ?? '', profile.baseUrl).pathname, profile.adminPath);

    const dashboard = await adminFetch(session, fresh(profile.adminPath));
    t.equal(dashboard.status, 200, 'the dashboard');
    t.match(dashboard.text, /wagtail-probe-monitor|Dashboard/, 'an admin page for this user');

    const documents = loginDocuments(profile);
    t.ok(documents.length >= 1);
    for (const document of documents) {
      const answer = await adminFetch(session, fresh(document.url));
      // redirect and direct: Wagtail checks the session, then sends the browser to the file itself.
      const file = profile.serveMethod === 'serve_view' ? answer : await fetchFrom(profile, answer.header('location') ?? '');
      if (profile.serveMethod !== 'serve_view') {
        t.equal(answer.status, 302, `${document.url}: the serve view redirects`);
        t.equal(new URL(answer.header('location') ?? '', profile.baseUrl).pathname, new URL(document.directUrl).pathname);
      }
      t.equal(file.status, 200, document.url);
      t.equal(sha1(file.body), document.sha1, `${document.url}: its bytes`);
      const anonymous = await fetchFrom(profile, fresh(document.url));
      if (REPLAYS_AUTHORISED_ANSWERS.has(name)) {
        t.equal(sha1(anonymous.body), document.sha1, `${document.url}: the shared cache replays the monitor's file to anyone`);
      } else {
        t.equal(anonymous.status, 302, `${document.url}: anonymously still the login redirect`);
      }
    }
    for (const page of loginPages(profile)) {
      const shown = await adminFetch(session, fresh(page.url));
      t.equal(shown.status, 200, page.url);
      t.match(shown.text, /Members area/, page.url);
    }

    const users = await adminFetch(session, fresh(`${profile.adminPath}users/`));
    t.ok(users.status === 403 || users.status === 302, `${profile.adminPath}users/ refused (HTTP ${users.status})`);
    if (users.status === 302) t.not(new URL(users.header('location') ?? '', profile.baseUrl).pathname, `${profile.adminPath}users/`);
    const listing = await adminFetch(session, fresh(`${profile.adminPath}documents/`));
    t.not(listing.status, 200, 'no document listing: it needs add, change or delete');
    const chooser = await adminFetch(session, fresh(`${profile.adminPath}documents/chooser/`));
    t.equal(chooser.status, 200, 'the document chooser: choose_document');

    const sessionId = session.jar.get('sessionid') ?? '';
    const logout = await adminLogout(session);
    t.equal(logout.status, 302, 'POST logout');
    t.equal(new URL(logout.header('location') ?? '', profile.baseUrl).pathname, `${profile.adminPath}login/`);
    t.notOk(session.jar.has('sessionid'), 'the session cookie is deleted');
    const replayed = await fetchFrom(profile, fresh(`${profile.adminPath}?after-logout`), { headers: { cookie: `sessionid=${sessionId}` } });
    t.equal(replayed.status, 302, 'the old session is gone on the server too');
  });
}

t.test('a wrong password is refused with the form again', async (t) => {
  const profile = stack.profiles.whitenoise;
  await t.rejects(
    adminLogin(profile, { username: profile.monitor.username, password: 'not-the-password' }, { query: visitQuery }),
    AdminLoginError,
  );
});
