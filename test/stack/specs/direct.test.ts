// Ground truth for `direct`: WAGTAILDOCS_SERVE_METHOD = "direct". Pages link
// the files themselves and nothing checks privacy.
import t from 'tap';
import { closeStackAgents, loadStack } from '../profiles.js';
import { fetchFrom, referencedUrls, sha1 } from '../http.js';

const profile = loadStack().profiles.direct;
t.teardown(closeStackAgents);

t.test('pages link documents under /media/documents/, never the serve view', async (t) => {
  t.equal(profile.serveMethod, 'direct');
  const linked = new Set<string>();
  for (const page of profile.public.pages) {
    const html = (await fetchFrom(profile, page)).text;
    for (const url of referencedUrls(html, '/documents/')) t.fail(`${page} links the serve view ${url}`);
    for (const url of referencedUrls(html, '/media/documents/')) linked.add(new URL(url, profile.baseUrl).href);
  }
  const everyDocument = [...profile.public.documents, ...profile.private.documents];
  t.same([...linked].sort(), everyDocument.map((document) => document.directUrl).sort(), 'public pages link every document, private ones included');
  t.same(everyDocument.filter((document) => document.linkUrl !== document.directUrl), []);
});

t.test('every private document is served to anyone at the linked URL', async (t) => {
  for (const document of profile.private.documents) {
    const response = await fetchFrom(profile, document.linkUrl);
    t.equal(response.status, 200, document.linkUrl);
    t.equal(sha1(response.body), document.sha1, document.linkUrl);
  }
});

t.test('the serve view still answers: privacy check, then a redirect to the file', async (t) => {
  const login = profile.private.documents.find((document) => document.restriction === 'login');
  const open = profile.public.documents[0];
  if (login === undefined || open === undefined) throw new Error('the stack lacks documents');
  t.equal((await fetchFrom(profile, login.url)).status, 302);
  t.match((await fetchFrom(profile, login.url)).header('location'), /^\/_util\/login\//);
  const redirect = await fetchFrom(profile, open.url);
  t.equal(redirect.status, 302);
  t.equal(redirect.header('location'), new URL(open.directUrl).pathname);
});

t.test('the documents API gives the direct URLs as download_url', async (t) => {
  t.equal(profile.documentsApi, true);
  const listing = JSON.parse((await fetchFrom(profile, '/api/v2/documents/')).text) as {
    items: { meta: { download_url: string } }[];
  };
  t.same(
    listing.items.map((item) => item.meta.download_url).sort(),
    profile.public.documents.map((document) => document.directUrl).sort(),
  );
});
