// Ground truth for `varnish`: Varnish 7.1 in front of the right plain-http
// setup, with a VCL that "caches documents": the Cookie is ignored for
// /documents/, so one authorised fetch of a private document puts the file in
// the cache for everyone. Anonymous visitors never fill it (only the files
// themselves are cached, not the login redirect or the password form).
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { closeStackAgents, loadStack, type PrivateDocument } from '../profiles.js';
import { type Fetched, fetchFrom, sha1, unlockPasswordDocument } from '../http.js';

const profile = loadStack().profiles.varnish;
t.teardown(closeStackAgents);

const VIA = '1.1 varnish (Varnish/7.1)';
const passwordDocuments = profile.private.documents.filter(
  (document): document is PrivateDocument & { restriction: 'password' } => document.restriction === 'password',
);
/** X-Varnish: one transaction id on a miss or pass, "<this> <the one that stored it>" on a hit. */
const isHit = (response: Fetched) => /^\d+ \d+$/.test(response.header('x-varnish') ?? '');
/** A fresh cache key: Wagtail ignores the query string, Varnish's hash includes it. */
const freshUrl = (url: string) => `${url}?visit=${randomUUID()}`;

t.test('every answer carries Via and X-Varnish; the Server is the origin nginx', async (t) => {
  t.equal(profile.front, 'varnish');
  const home = await fetchFrom(profile, '/');
  t.equal(home.status, 200);
  t.equal(home.header('via'), VIA);
  t.match(home.header('x-varnish'), /^\d+( \d+)?$/);
  t.match(home.header('age'), /^\d+$/);
  t.equal(home.header('server'), 'nginx/1.22.1', 'Varnish leaves the Server header alone');
});

t.test('anonymous visitors never fill the cache: login redirects and password forms are fetched each time', async (t) => {
  for (const document of profile.private.documents) {
    const url = freshUrl(document.url);
    for (const round of [1, 2]) {
      const response = await fetchFrom(profile, url);
      t.equal(response.status, document.restriction === 'login' ? 302 : 200, `${url} #${round}`);
      t.not(sha1(response.body), document.sha1, `${url} #${round}: not the file`);
      t.notOk(isHit(response), `${url} #${round}: not from the cache (X-Varnish ${response.header('x-varnish')})`);
      t.equal(response.header('age'), '0');
    }
  }
});

t.test('THE LEAK: after one authorised fetch, an anonymous visitor gets the private file from the cache', async (t) => {
  t.ok(passwordDocuments.length >= 2);
  for (const document of passwordDocuments) {
    const url = freshUrl(document.url);
    const visit = await unlockPasswordDocument(profile, document, url);
    t.equal(visit.form.status, 200, 'the password form first');
    t.match(visit.form.text, /Password required/);
    t.ok(visit.form.setCookies.some((line) => line.startsWith('csrftoken=')), "the form's csrftoken cookie reaches the visitor");
    t.equal(visit.answer.status, 302, 'password accepted');
    t.equal(visit.file.status, 200);
    t.equal(sha1(visit.file.body), document.sha1);
    t.notOk(isHit(visit.file), 'the authorised fetch is a miss: it fills the cache');

    const anonymous = await fetchFrom(profile, url);
    t.equal(anonymous.status, 200, `${url} without a cookie`);
    t.equal(sha1(anonymous.body), document.sha1, 'the private bytes, to anyone');
    t.ok(isHit(anonymous), `a hit: X-Varnish ${anonymous.header('x-varnish')}`);
    t.match(anonymous.header('age'), /^\d+$/);
    t.equal(anonymous.header('via'), VIA);
    t.equal(anonymous.header('etag'), `"${document.sha1}"`, "Wagtail's SHA-1 ETag, stored with the file");
    t.equal(anonymous.header('content-encoding'), 'None', "and Django's literal");
    t.equal(anonymous.header('vary'), undefined, 'Vary dropped by the VCL');
    t.same(anonymous.setCookies, [], 'Set-Cookie stripped before storing');
    t.equal(anonymous.header('server'), 'nginx/1.22.1');

    const range = await fetchFrom(profile, url, { headers: { range: 'bytes=0-1' } });
    t.equal(range.status, 206, 'Varnish answers Range from the stored object');
    t.equal(range.header('content-range'), `bytes 0-1/${document.size}`);

    // The origin still refuses: gunicorn itself shows the password form to the same anonymous request.
    const origin = await fetchFrom(profile, new URL(new URL(url).pathname + new URL(url).search, profile.gunicornUrl).href);
    t.equal(origin.status, 200);
    t.match(origin.text, /You need a password to access this document\./);
    t.not(sha1(origin.body), document.sha1, 'gunicorn does not give the file away');
    t.equal(origin.header('server'), 'gunicorn');
  }
});

t.test('elsewhere the builtin VCL: the admin login (never_cache) is never stored', async (t) => {
  const first = await fetchFrom(profile, '/admin/login/');
  const second = await fetchFrom(profile, '/admin/login/');
  t.equal(second.status, 200);
  t.notOk(isHit(second), "Cache-Control: private, no-store: the builtin VCL doesn't store it");
  t.not(/name="csrfmiddlewaretoken" value="([^"]+)"/.exec(second.text)?.[1], /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(first.text)?.[1]);
});
