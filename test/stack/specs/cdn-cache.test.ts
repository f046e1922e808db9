// Ground truth for `cdn-cache`: a caching proxy that caches everything on the
// URL alone, ignoring Cache-Control, Set-Cookie and Vary.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { closeStackAgents, loadStack } from '../profiles.js';
import { CookieJar, cookieLine, fetchFrom, readPasswordForm, sha1, submitPassword } from '../http.js';

const profile = loadStack().profiles['cdn-cache'];
t.teardown(closeStackAgents);

t.test('the admin login is replayed: same csrfmiddlewaretoken and cookie, second fetch a HIT', async (t) => {
  const first = await fetchFrom(profile, '/admin/login/');
  const second = await fetchFrom(profile, '/admin/login/');
  t.equal(second.status, 200);
  t.equal(second.header('x-cache-status'), 'HIT');
  t.match(second.header('cache-control'), /no-store/, "Django's never_cache, ignored");
  const firstToken = readPasswordForm(first.text)?.csrfToken ?? /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(first.text)?.[1];
  const secondToken = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(second.text)?.[1];
  t.ok(secondToken);
  t.equal(secondToken, firstToken, 'every client gets the same form token');
  t.equal(cookieLine(second, 'csrftoken'), cookieLine(first, 'csrftoken'), 'and the same csrftoken cookie');
});

t.test("a password-protected document fetched by an authorised client is replayed to anyone", async (t) => {
  const document = profile.private.documents.find((candidate) => candidate.restriction === 'password');
  if (document === undefined || document.restriction !== 'password') throw new Error('no password document');
  // A fresh cache key: the query string is part of it, Wagtail ignores it.
  const url = `${document.url}?visit=${randomUUID()}`;
  const jar = new CookieJar();
  t.equal((await submitPassword(profile, document.url, document.password, jar)).status, 302);
  const authorised = await fetchFrom(profile, url, { headers: jar.headers() });
  t.equal(authorised.status, 200);
  t.equal(authorised.header('x-cache-status'), 'MISS');
  const anonymous = await fetchFrom(profile, url);
  t.equal(anonymous.status, 200);
  t.equal(anonymous.header('x-cache-status'), 'HIT');
  t.equal(sha1(anonymous.body), document.sha1, 'an anonymous client gets the private bytes');
});

t.test('a password-protected page seen once is replayed to anyone', async (t) => {
  const page = profile.private.pages.find((candidate) => candidate.restriction === 'password');
  if (page === undefined || page.restriction !== 'password') throw new Error('no password page');
  const url = `${page.url}?visit=${randomUUID()}`;
  const jar = new CookieJar();
  t.equal((await submitPassword(profile, page.url, page.password, jar)).status, 302);
  t.equal((await fetchFrom(profile, url, { headers: jar.headers() })).status, 200);
  const anonymous = await fetchFrom(profile, url);
  t.equal(anonymous.header('x-cache-status'), 'HIT');
  t.match(anonymous.text, /Board room: private\./);
  t.notMatch(anonymous.text, /Password required/);
});

t.test('redirects and 404s are cached too', async (t) => {
  const login = profile.private.documents.find((candidate) => candidate.restriction === 'login')?.url ?? '';
  const loginUrl = `${login}?visit=${randomUUID()}`;
  t.equal((await fetchFrom(profile, loginUrl)).status, 302);
  t.equal((await fetchFrom(profile, loginUrl)).header('x-cache-status'), 'HIT');
  const missing = `/no-such-page-${randomUUID()}/`;
  t.equal((await fetchFrom(profile, missing)).header('x-cache-status'), 'MISS');
  const again = await fetchFrom(profile, missing);
  t.equal(again.status, 404);
  t.equal(again.header('x-cache-status'), 'HIT');
});
