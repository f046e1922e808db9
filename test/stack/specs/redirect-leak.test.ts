// Ground truth for `redirect-leak`: WAGTAILDOCS_SERVE_METHOD = "redirect" with
// nginx serving /media/documents/. The privacy check still runs on the serve
// URL, but every private file answers 200 to anyone at its direct URL.
import t from 'tap';
import { closeStackAgents, loadStack } from '../profiles.js';
import { fetchFrom, sha1 } from '../http.js';

const profile = loadStack().profiles['redirect-leak'];
t.teardown(closeStackAgents);

t.test('the serve URL of a public document redirects to the file under MEDIA_URL', async (t) => {
  t.equal(profile.serveMethod, 'redirect');
  for (const document of profile.public.documents) {
    const response = await fetchFrom(profile, document.url);
    t.equal(response.status, 302, document.url);
    t.equal(response.header('location'), new URL(document.directUrl).pathname, 'a relative redirect on local storage');
    t.equal(response.header('etag'), undefined);
  }
});

t.test('the serve URL of a private document still checks privacy', async (t) => {
  for (const document of profile.private.documents) {
    const response = await fetchFrom(profile, document.url);
    if (document.restriction === 'login') {
      t.equal(response.status, 302, document.url);
      t.match(response.header('location'), /^\/_util\/login\/\?next=/);
    } else {
      t.equal(response.status, 200, document.url);
      t.match(response.text, /Password required/);
    }
  }
});

t.test('THE LEAK: every private document is served at its direct URL to anyone', async (t) => {
  t.ok(profile.private.documents.length >= 4);
  for (const document of profile.private.documents) {
    const response = await fetchFrom(profile, document.directUrl);
    t.equal(response.status, 200, document.directUrl);
    t.equal(sha1(response.body), document.sha1, `${document.directUrl}: the private file's bytes`);
    t.equal(response.header('accept-ranges'), 'bytes', 'served by nginx');
  }
});

t.test('the duplicate upload name is guessable only with its random suffix', async (t) => {
  const duplicate = profile.private.documents.find((document) => /^report_[A-Za-z0-9]{7}\.pdf$/.test(document.filename));
  t.ok(duplicate, 'Django stored the second report.pdf as report_XXXXXXX.pdf');
  const publicReport = profile.public.documents.find((document) => document.filename === 'report.pdf');
  t.ok(publicReport, 'the first report.pdf kept its name');
});

t.test('originals stay denied: one mistake per profile', async (t) => {
  for (const image of profile.public.images) {
    t.equal((await fetchFrom(profile, image.original)).status, 403, image.original);
  }
});
