// Ground truth for `whitenoise`: right, Heroku-style. WhiteNoise serves static
// from Django, nginx serves renditions, documents go through serve_view.
import t from 'tap';
import { closeStackAgents, loadStack } from '../profiles.js';
import { fetchFrom, manifestHash, md5, referencedUrls, sha1 } from '../http.js';

const profile = loadStack().profiles.whitenoise;
t.teardown(closeStackAgents);

const loginAssets = async (): Promise<string[]> =>
  referencedUrls((await fetchFrom(profile, '/admin/login/')).text, profile.staticUrl);

t.test('plain http: baseUrl is the http port, no CA', async (t) => {
  t.equal(profile.baseUrl, profile.httpUrl);
  t.equal(profile.caFile, null);
});

t.test('the admin login links hashed names without ?v=', async (t) => {
  const assets = await loginAssets();
  t.ok(assets.length >= 10);
  t.same(assets.filter((url) => manifestHash(url) === undefined || url.includes('?v=')), []);
});

t.test("hashed static gets WhiteNoise's ten years, immutable, CORS and a quoted charset", async (t) => {
  const css = (await loginAssets()).find((url) => url.endsWith('.css'));
  if (css === undefined) throw new Error('no stylesheet on the login page');
  const response = await fetchFrom(profile, css);
  t.equal(response.status, 200);
  t.equal(response.header('cache-control'), 'max-age=315360000, public, immutable');
  t.equal(response.header('access-control-allow-origin'), '*');
  t.equal(response.header('content-type'), 'text/css; charset="utf-8"');
  t.equal(response.header('vary'), 'Accept-Encoding', 'compressed variants exist');
  t.match(response.header('etag'), /^"[0-9a-f]+-[0-9a-f]+"$/);
  t.equal(md5(response.body).slice(0, 12), manifestHash(css));
  // WhiteNoise answers before the rest of the middleware: SecurityMiddleware's
  // headers are there (it comes first), XFrameOptionsMiddleware's are not.
  t.equal(response.header('x-content-type-options'), 'nosniff');
  t.equal(response.header('referrer-policy'), 'same-origin');
  t.equal(response.header('x-frame-options'), undefined);
});

t.test('unhashed static gets 60 seconds; gzip when asked', async (t) => {
  const plain = await fetchFrom(profile, '/static/wagtailadmin/css/core.css');
  t.equal(plain.status, 200);
  t.equal(plain.header('cache-control'), 'max-age=60, public');
  t.equal(plain.header('content-encoding'), undefined);
  const gzipped = await fetchFrom(profile, '/static/wagtailadmin/css/core.css', { headers: { 'accept-encoding': 'gzip' } });
  t.equal(gzipped.header('content-encoding'), 'gzip');
  t.ok(gzipped.body.length < plain.body.length);
});

t.test('WhiteNoise 6.12 answers Range with 206, except bytes=0-0 which it calls unsatisfiable', async (t) => {
  const url = '/static/css/site.css';
  const size = (await fetchFrom(profile, url)).body.length;
  const twoBytes = await fetchFrom(profile, url, { headers: { range: 'bytes=0-1' } });
  t.equal(twoBytes.status, 206);
  t.equal(twoBytes.header('content-range'), `bytes 0-1/${size}`);
  const oneByte = await fetchFrom(profile, url, { headers: { range: 'bytes=0-0' } });
  t.equal(oneByte.status, 416, 'its "start >= end" check rejects a one-byte range');
  t.equal(oneByte.header('content-range'), `bytes */${size}`);
});

t.test('media as in hardened: renditions from nginx, originals and documents/ denied', async (t) => {
  const rendition = profile.public.images[0]?.renditions[0] ?? '';
  const range = await fetchFrom(profile, rendition, { headers: { range: 'bytes=0-0' } });
  t.equal(range.status, 206);
  t.equal(range.header('cache-control'), 'public, max-age=2592000');
  for (const url of [profile.public.images[0]?.original ?? '', ...profile.private.documents.map((d) => d.directUrl)]) {
    t.equal((await fetchFrom(profile, url)).status, 403, url);
  }
});

t.test("serve_view streams from Django: Wagtail's headers as they are, Range ignored", async (t) => {
  const pdf = profile.public.documents.find((document) => document.filename === 'report.pdf');
  if (pdf === undefined) throw new Error('no public PDF');
  const response = await fetchFrom(profile, pdf.url);
  t.equal(response.status, 200);
  t.equal(sha1(response.body), pdf.sha1);
  t.equal(response.header('etag'), `"${pdf.sha1}"`, "Wagtail's ETag is the file's SHA-1");
  t.equal(response.header('content-encoding'), 'None', 'a literal "None" on local storage');
  t.equal(response.header('content-security-policy'), "default-src 'none'");
  t.equal(response.header('x-content-type-options'), 'nosniff');
  t.equal(response.header('content-disposition'), 'inline; filename="report.pdf"');
  t.equal(response.header('cache-control'), undefined);
  t.ok(response.header('last-modified'));
  t.equal(response.header('x-frame-options'), 'DENY');
  const range = await fetchFrom(profile, pdf.url, { headers: { range: 'bytes=0-0' } });
  t.equal(range.status, 200, 'Django ignores Range');
  t.equal(range.body.length, pdf.size);
  const conditional = await fetchFrom(profile, pdf.url, { headers: { 'if-none-match': `"${pdf.sha1}"` } });
  t.equal(conditional.status, 304);
});

t.test('private documents: login redirect and password form, through Django', async (t) => {
  for (const document of profile.private.documents) {
    const response = await fetchFrom(profile, document.url);
    t.equal(response.status, document.restriction === 'login' ? 302 : 200, document.url);
    t.equal(response.header('etag'), undefined, document.url);
    t.not(sha1(response.body), document.sha1, document.url);
  }
});
