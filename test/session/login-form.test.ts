import t from 'tap';
import { judgeLoginAnswer, readAdminLoginForm } from '../../src/session/login-form.js';

const LOGIN = 'https://site.test/admin/login/';

t.test("reading Wagtail's login form", async (t) => {
  const html = `<form action="/admin/login/" method="post"><input type="hidden" name="csrfmiddlewaretoken" value="tok"><input type="hidden" name="next" value="/admin/">
    <input name="username"><input type="password" name="password"></form>`;
  t.same(readAdminLoginForm(html, LOGIN), { action: LOGIN, csrfToken: 'tok', next: '/admin/' });
  t.same(readAdminLoginForm('<form action="" method="post"><input name="username"><input type="PASSWORD" name="password"></form>', LOGIN), { action: LOGIN, csrfToken: null, next: '' }, 'an empty action posts to the page');
  t.equal(readAdminLoginForm('<form action="/search/"><input name="q"></form><a href="/sso/">Sign in with SSO</a>', LOGIN), null, 'no username and password: single sign-on only');
});

t.test('what the answer to the POST means', async (t) => {
  const cases: { name: string; status: number; location: string | null; session: boolean; kind: string }[] = [
    { name: 'accepted: away, with a session', status: 302, location: '/admin/', session: true, kind: 'accepted' },
    { name: 'a redirect without a session', status: 302, location: '/admin/', session: false, kind: 'refused' },
    { name: 'the form again', status: 200, location: null, session: false, kind: 'refused' },
    { name: "Django's CSRF failure", status: 403, location: null, session: false, kind: 'refused' },
    { name: 'a second factor', status: 302, location: '/admin/2fa/verify/', session: true, kind: 'second-factor' },
    { name: 'an identity provider', status: 302, location: 'https://idp.test/authorize', session: false, kind: 'elsewhere' },
    { name: 'back to the login page', status: 302, location: '/admin/login/?next=/admin/', session: true, kind: 'refused' },
  ];
  for (const c of cases) t.equal(judgeLoginAnswer(c.status, c.location, LOGIN, c.session).kind, c.kind, c.name);
});
