import t from 'tap';
import { logIn } from '../../src/session/session.js';
import type { FormPoster, FormResult } from '../../src/session/transport.js';
import type { ProbeFetchOptions } from '../../src/engine/probe.js';
import type { FetchResult } from '../../src/http/types.js';
import { response } from '../helpers/site-kit.js';

const LOGIN_HTML = `<form action="/admin/login/" method="post"><input type="hidden" name="csrfmiddlewaretoken" value="form-token"><input type="hidden" name="next" value="">
  <input name="username"><input type="password" name="password"></form>`;

interface Sent {
  url: string;
  options: ProbeFetchOptions;
}

function deps(loginAnswer: FormResult, logoutAnswer?: FormResult) {
  const gets: Sent[] = [];
  const posts: { url: string; fields: Record<string, string>; headers: Record<string, string> }[] = [];
  const fetch = async (url: string, options: ProbeFetchOptions = {}): Promise<FetchResult> => {
    gets.push({ url, options });
    if (url === 'https://site.test/admin/login/') return response({ url, text: LOGIN_HTML, setCookies: ['csrftoken=anon; Path=/; SameSite=Lax; Secure'] });
    return response({ url, text: '<html></html>', setCookies: [] });
  };
  const poster: FormPoster = {
    async post(url, fields, headers) {
      posts.push({ url, fields: { ...fields }, headers: { ...headers } });
      return url.endsWith('/logout/') ? (logoutAnswer as FormResult) : loginAnswer;
    },
    async close() {},
  };
  const options = { target: 'https://site.test/', adminPath: '/admin/', http: { siteOrigin: 'https://site.test' } };
  return { gets, posts, deps: { fetch, poster, options, account: { username: 'monitor', password: 'p4ssword' } } };
}

const accepted: FormResult = {
  ok: true, url: 'https://site.test/admin/login/', status: 302, headers: { location: '/admin/' }, location: 'https://site.test/admin/',
  setCookies: ['csrftoken=rotated; Path=/; SameSite=Lax; Secure', 'sessionid=sess1; HttpOnly; Path=/; SameSite=Lax; Secure'],
};
const loggedOut: FormResult = {
  ok: true, url: 'https://site.test/admin/logout/', status: 302, headers: { location: '/admin/login/' }, location: 'https://site.test/admin/login/',
  setCookies: ['sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'],
};

t.test('a login as a browser makes it, GETs with its own jar, one logout', async (t) => {
  const { gets, posts, deps: d } = deps(accepted, loggedOut);
  const outcome = await logIn(d);
  t.ok(outcome.ok);
  if (!outcome.ok) return;
  t.same(posts[0], {
    url: 'https://site.test/admin/login/',
    fields: { csrfmiddlewaretoken: 'form-token', username: 'monitor', password: 'p4ssword', next: '' },
    headers: { origin: 'https://site.test', referer: 'https://site.test/admin/login/', cookie: 'csrftoken=anon' },
  }, 'the form, with Origin, Referer and the anonymous csrftoken');
  t.equal(gets[0]?.options.fresh, true, 'the login page: a request of its own');

  await outcome.session.get('https://site.test/admin/documents/chooser/');
  t.same(gets[1]?.options.headers, { cookie: 'csrftoken=rotated; sessionid=sess1' }, 'the rotated token and the session');
  t.equal(gets[1]?.options.fresh, true, 'never shared through the memo');
  await t.rejects(outcome.session.get('https://site.test/admin/pages/3/delete/'), /not an allowlisted admin view/);
  await t.rejects(outcome.session.get('https://cdn.test/file.pdf'), /sends its cookies to https:\/\/site.test only/);
  t.equal(gets.length, 2, 'nothing sent for the refused URLs');

  const logout = await outcome.session.close();
  t.same(logout.ended, true);
  t.same(posts[1]?.fields, { csrfmiddlewaretoken: 'rotated' }, "logout with the session's token");
  await outcome.session.close();
  t.equal(posts.length, 2, 'logout once');
  await t.rejects(outcome.session.get('https://site.test/admin/'), /closed/);
});

t.test('a refused login is a failure to report, and nothing more is sent', async (t) => {
  const { posts, deps: d } = deps({ ok: true, url: 'https://site.test/admin/login/', status: 200, headers: {}, location: null, setCookies: [] });
  const outcome = await logIn(d);
  t.notOk(outcome.ok);
  if (outcome.ok) return;
  t.equal(outcome.failure.kind, 'refused');
  t.match(outcome.failure.detail, /login form again/);
  t.equal(posts.length, 1);
  t.notMatch(JSON.stringify(outcome.failure.evidence), /p4ssword/, 'the evidence shows field names, never values');
});

t.test('a form posting to another origin never gets the password', async (t) => {
  const { posts, deps: d } = deps(accepted);
  const html = LOGIN_HTML.replace('action="/admin/login/"', 'action="https://idp.test/login"');
  const outcome = await logIn({ ...d, fetch: async (url) => response({ url, text: html }) });
  t.notOk(outcome.ok);
  if (!outcome.ok) t.equal(outcome.failure.kind, 'single-sign-on');
  t.equal(posts.length, 0);
});
