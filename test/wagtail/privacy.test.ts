import t from 'tap';
import { hasPasswordField, isLoginRedirect, isWagtailPasswordForm } from '../../src/wagtail/privacy.js';

const WAGTAIL_DOCUMENT_PASSWORD_FORM = `<!DOCTYPE HTML>
<html>
    <head>
        <title>Password required</title>
    </head>
    <body>
        <h1>Password required</h1>
        <p>You need a password to access this document.</p>
        <form action="/documents/authenticate_with_password/3/" method="POST">
            <input type="hidden" name="csrfmiddlewaretoken" value="x">
            <label for="id_password">Password:</label><input type="password" name="password" required id="id_password">
            <input type="hidden" name="return_url" value="/documents/7/secret.pdf">
            <input type="submit" value="Continue" />
        </form>
    </body>
</html>`;

t.test('isWagtailPasswordForm recognises the form by its action or its default text', async (t) => {
  const cases: { name: string; text: string; expected: boolean }[] = [
    { name: 'default document template', text: WAGTAIL_DOCUMENT_PASSWORD_FORM, expected: true },
    { name: 'translated custom template: the action decides', text: '<title>Mot de passe requis</title><form method="post" action="https://example.com/fr/documents/authenticate_with_password/12/">', expected: true },
    { name: 'page restriction form', text: "<form action='/_util/authenticate_with_password/4/9/' method='post'>", expected: true },
    { name: 'default text without the form (action stripped)', text: '<title>Password required</title><p>You need a password to access this page.</p>', expected: true },
    { name: 'title alone is not enough', text: '<title>Password required</title><p>Enter the code.</p>', expected: false },
    { name: 'a login page', text: '<title>Sign in</title><form action="/_util/login/?next=/documents/1/a.pdf">', expected: false },
    { name: 'the document itself', text: '%PDF-1.7', expected: false },
    { name: 'a page linking to the URL, not a form', text: '<a href="/documents/authenticate_with_password/3/">x</a>', expected: false },
  ];
  for (const c of cases) t.equal(isWagtailPasswordForm(c.text), c.expected, c.name);
});

t.test('isLoginRedirect: the login view names the page to come back to, or its path says login', async (t) => {
  const page = 'https://site.test/members-area/';
  const cases: [string, string, boolean][] = [
    ["Wagtail's default", '/_util/login/?next=/members-area/', true],
    ['WAGTAIL_FRONTEND_LOGIN_URL elsewhere, with next', 'https://sso.site.test/auth?next=https%3A%2F%2Fsite.test%2Fmembers-area%2F', true],
    ['an accounts login path without next', '/accounts/login/', true],
    ['a canonical trailing-slash redirect', '/members-area', false],
    ['a language redirect', '/en/members-area/', false],
    ['next naming another page, path not a login', '/go/?next=/other/', false],
    ['not a URL at all', 'http://[', false],
  ];
  for (const [name, location, expected] of cases) t.equal(isLoginRedirect(location, page), expected, name);
});

t.test('hasPasswordField finds any password input, whoever renders it', async (t) => {
  t.ok(hasPasswordField('<form><input name=pw type=PASSWORD></form>'));
  t.notOk(hasPasswordField('<form><input name=q type=search></form>'));
});
