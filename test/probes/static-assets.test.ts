import { createHash } from 'node:crypto';
import t from 'tap';
import probe, { serverErrorCause } from '../../probes/static-assets/index.js';
import type { FetchResult } from '../../src/http/types.js';
import type { PageRecord, Reference, ResourceRecord, SiteModel } from '../../src/gather/model.js';
import { requestBudget } from '../../src/engine/probe.js';
import { notFoundUrl } from '../../src/probe-kit/shared-requests.js';
import { failure, options, page, resource, response, runOn, site, SITE, summary, type Canned } from '../helpers/site-kit.js';

// ---------------------------------------------------------------------------
// A small world: the admin login page, a content page, files under /static/
// as nginx, WhiteNoise or Django would serve them, and the probe's three
// targeted requests (a missing page, staticfiles.json, one Range request).

const STATIC = new URL('/static/', SITE).href;
const LOGIN = new URL('/admin/login/', SITE).href;
const HOME = SITE;
const NOT_FOUND = notFoundUrl(site());
const MANIFEST = new URL('staticfiles.json', STATIC).href;

const md5 = (text: string) => createHash('md5').update(text, 'latin1').digest('hex');

/** `wagtailadmin/css/core.css` with its content, as ManifestStaticFilesStorage names it. */
function hashedPath(path: string, content: string): string {
  const dot = path.lastIndexOf('.');
  return `${path.slice(0, dot)}.${md5(content).slice(0, 12)}${path.slice(dot)}`;
}

const NEVER_CACHE = { 'Cache-Control': 'max-age=0, no-cache, no-store, must-revalidate, private' };
/** Django's middleware headers, as on the missing page's 404 (the reference). */
const DJANGO_MIDDLEWARE = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

type Headers = Record<string, string>;
const NGINX_HASHED: Headers = { Server: 'nginx', 'Cache-Control': 'public, max-age=31536000, immutable', ETag: '"65a1b2c3-1f4"', 'Accept-Ranges': 'bytes' };
const NGINX_SHORT: Headers = { Server: 'nginx', 'Cache-Control': 'max-age=300', ETag: '"65a1b2c3-1f4"', 'Accept-Ranges': 'bytes' };
const NGINX_YEAR_UNHASHED: Headers = { Server: 'nginx', 'Cache-Control': 'public, max-age=31536000, immutable', ETag: '"65a1b2c3-1f4"', 'Accept-Ranges': 'bytes' };
const WHITENOISE_HASHED: Headers = {
  Server: 'nginx',
  'Cache-Control': 'max-age=315360000, public, immutable',
  'Access-Control-Allow-Origin': '*',
  ETag: '"65a1b2c3-1f4"',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
/** django.views.static.serve behind nginx: middleware headers, Last-Modified, no ETag, no Cache-Control. */
const DJANGO_SERVE: Headers = { Server: 'nginx', ...DJANGO_MIDDLEWARE, 'Last-Modified': 'Mon, 05 Jan 2026 10:00:00 GMT', 'Content-Disposition': 'inline; filename="core.css"' };

const TYPES: Record<string, string> = { css: 'text/css', js: 'application/javascript', ico: 'image/x-icon' };

interface FileSpec {
  /** Path under STATIC_URL as collected (`css/site.css`). */
  path: string;
  content?: string;
  /** false: the URL keeps the unhashed name. */
  hashed?: boolean;
  query?: string;
  headers?: Headers;
  status?: number;
  contentType?: string | null;
  from?: string;
  via?: Reference['via'];
  rel?: string;
  /** The body was cut at maxAssetBytes: no digest. */
  incomplete?: boolean;
  /** Serve these bytes instead of the content (a CDN serving another deploy's file). */
  servedContent?: string;
  /** Python's wsgiref quotes the charset: `text/css; charset="utf-8"` (WhiteNoise). */
  quotedCharset?: boolean;
}

function staticFile(spec: FileSpec): ResourceRecord {
  const content = spec.content ?? `/* ${spec.path} */`;
  const name = spec.hashed === false ? spec.path : hashedPath(spec.path, content);
  const url = `${STATIC}${name}${spec.query ?? ''}`;
  const served = spec.servedContent ?? content;
  const ext = spec.path.slice(spec.path.lastIndexOf('.') + 1);
  const contentType = spec.contentType === undefined ? `${TYPES[ext]}${spec.quotedCharset ? '; charset="utf-8"' : ''}` : spec.contentType;
  const complete = !spec.incomplete;
  const result = response({
    url,
    status: spec.status ?? 200,
    headers: { ...(contentType ? { 'Content-Type': contentType } : {}), ...(spec.headers ?? NGINX_HASHED) },
    body: served,
    complete,
    ...(complete ? { md5: md5(served) } : {}),
  });
  const via = spec.via ?? (ext === 'js' ? 'script' : 'link');
  const rel = spec.rel ?? (via === 'link' ? (ext === 'ico' ? 'icon' : 'stylesheet') : undefined);
  return resource('static', result, [{ from: spec.from ?? LOGIN, via, ...(rel ? { rel } : {}) }]);
}

const CORE_CSS = 'body{color:#000}';
const CORE_JS = 'window.wagtail={};';
const SITE_CSS = 'main{margin:0}';
const adminFiles = (headers: Headers = NGINX_HASHED, extra: Partial<FileSpec> = {}) => [
  staticFile({ path: 'wagtailadmin/css/core.css', content: CORE_CSS, headers, ...extra }),
  staticFile({ path: 'wagtailadmin/js/core.js', content: CORE_JS, headers, ...extra }),
];
const siteFiles = (headers: Headers = NGINX_HASHED, extra: Partial<FileSpec> = {}) => [
  staticFile({ path: 'css/site.css', content: SITE_CSS, headers, from: HOME, ...extra }),
];

const manifestOf = (files: Record<string, string>) =>
  JSON.stringify({ paths: Object.fromEntries(Object.entries(files).map(([path, content]) => [path, hashedPath(path, content)])), version: '1.1', hash: 'x' });
const GOOD_MANIFEST = manifestOf({ 'wagtailadmin/css/core.css': CORE_CSS, 'wagtailadmin/js/core.js': CORE_JS, 'css/site.css': SITE_CSS });
/** A manifest without the admin's core files, so that the probe has none to look up. */
const SITE_MANIFEST = manifestOf({ 'css/site.css': SITE_CSS });
const CSS_MANIFEST = manifestOf({ 'wagtailadmin/css/core.css': CORE_CSS, 'css/site.css': SITE_CSS });

function loginPage(status = 200, headers: Headers = NEVER_CACHE): PageRecord {
  return page(response({ url: LOGIN, status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers } }), { title: 'Sign in - Wagtail' }, 'admin-login');
}
const homePage = () => page(response({ url: HOME, headers: { 'Content-Type': 'text/html; charset=utf-8' } }), {}, 'seed');

const notFound = (status = 404, headers: Headers = {}, text = '<h1>Page not found</h1>'): Canned => ({
  url: NOT_FOUND,
  result: response({ url: NOT_FOUND, status, headers: { Server: 'nginx', 'Content-Type': 'text/html; charset=utf-8', ...DJANGO_MIDDLEWARE, ...headers }, body: text, text }),
});
const manifest = (text = GOOD_MANIFEST, status = 200): Canned => ({
  url: MANIFEST,
  result: response({ url: MANIFEST, status, headers: { 'Content-Type': 'application/json' }, body: text, text }),
});
const manifestAbsent = (): Canned => manifest('<h1>Not Found</h1>', 404);
/** The Range request on the first hashed static file: 206 from a file server, 200 from Django. */
const ranged = (file: ResourceRecord, status = 206, headers: Headers = { 'Content-Range': 'bytes 0-1/16', Server: 'nginx' }): Canned => ({
  url: file.url,
  when: { range: 'bytes=0-1' },
  result: response({ url: file.url, status, headers, requestHeaders: { Range: 'bytes=0-1' } }),
});

interface Case {
  name: string;
  pages?: PageRecord[];
  resources: ResourceRecord[];
  canned: Canned[];
  model?: Partial<SiteModel>;
  expected: string[];
  outcome?: 'pass' | 'fail' | 'inconclusive' | 'skip';
}

const admin = adminFiles();
const hardenedResources = [...admin, ...siteFiles()];
const hardenedCanned = [notFound(), manifest(), ranged(admin[0] as ResourceRecord)];

const unhashedAdmin = adminFiles(NGINX_YEAR_UNHASHED, { hashed: false, query: '?v=1a2b3c4d' });
const whitenoiseAdmin = adminFiles(WHITENOISE_HASHED, { quotedCharset: true });
const djangoAdmin = adminFiles(DJANGO_SERVE);
const runserverAdmin = adminFiles({ ...DJANGO_SERVE, Server: 'WSGIServer/0.2 CPython/3.11.7' });

const firstUrl = (files: ResourceRecord[]) => (files[0] as ResourceRecord).url;

const cases: Case[] = [
  {
    name: 'hashed names, a year and immutable, served by nginx, agreeing with the manifest: nothing to say',
    resources: hardenedResources,
    canned: hardenedCanned,
    expected: [],
    outcome: 'pass',
  },
  {
    name: 'WhiteNoise serving hashed files is a fact, not a fault',
    resources: whitenoiseAdmin,
    canned: [notFound(), manifest(), ranged(whitenoiseAdmin[0] as ResourceRecord, 206, { 'Content-Range': 'bytes 0-1/16' })],
    expected: [`servedByWhiteNoise ${firstUrl(whitenoiseAdmin)}`],
    outcome: 'pass',
  },
  {
    name: "Django's static.serve view behind nginx (middleware headers, Range ignored) is an error",
    resources: djangoAdmin,
    canned: [notFound(), manifest(), ranged(djangoAdmin[0] as ResourceRecord, 200, DJANGO_SERVE)],
    // static.serve sends no Cache-Control: each of the two hashed files lacks its year.
    expected: [`missingCacheHeaders ${STATIC}`, `servedByDjango ${firstUrl(djangoAdmin)}`],
  },
  {
    name: 'runserver in production is named as such',
    resources: runserverAdmin,
    canned: [notFound(), manifest(), ranged(runserverAdmin[0] as ResourceRecord, 200, { Server: 'WSGIServer/0.2 CPython/3.11.7' })],
    expected: [`missingCacheHeaders ${STATIC}`, `servedByDjango ${firstUrl(runserverAdmin)}`],
  },
  {
    name: "plain StaticFilesStorage cached for a year: no hashes (admin with ?v=), and the site's unhashed files are the stale-asset trap",
    resources: [...unhashedAdmin, ...siteFiles(NGINX_YEAR_UNHASHED, { hashed: false })],
    // No hashed name at all: no manifest to ask for.
    canned: [notFound(), ranged(unhashedAdmin[0] as ResourceRecord)],
    expected: [`storageNotHashing ${STATIC}`, `unhashedImmutable ${STATIC}`, `unhashedLongCache ${STATIC}`],
  },
  {
    name: 'DEBUG: unhashed names with ?v= and a short lifetime: only the naming finding',
    resources: [...adminFiles(NGINX_SHORT, { hashed: false, query: '?v=1a2b3c4d' }), ...siteFiles(NGINX_SHORT, { hashed: false })],
    canned: [notFound(), ranged(adminFiles(NGINX_SHORT, { hashed: false, query: '?v=1a2b3c4d' })[0] as ResourceRecord)],
    expected: [`storageNotHashing ${STATIC}`],
  },
  {
    name: 'one hard-coded unhashed path among hashed files is a fact about that template',
    resources: [...admin, staticFile({ path: 'img/logo.css', hashed: false, headers: NGINX_SHORT, from: HOME })],
    canned: hardenedCanned,
    expected: [`unhashedReferences ${STATIC}`],
    outcome: 'pass',
  },
  {
    name: 'hashed files cached for an hour and not immutable',
    resources: adminFiles(NGINX_SHORT),
    canned: [notFound(), manifest(), ranged(adminFiles(NGINX_SHORT)[0] as ResourceRecord)],
    expected: [`hashedNotImmutable ${STATIC}`, `hashedShortCache ${STATIC}`],
  },
  {
    name: 'hashed files marked no-store',
    resources: adminFiles({ ...NGINX_HASHED, 'Cache-Control': 'no-store' }),
    canned: [notFound(), manifest(), ranged(adminFiles()[0] as ResourceRecord)],
    expected: [`hashedNoStore ${STATIC}`],
  },
  {
    name: 'hashed files marked private',
    resources: adminFiles({ ...NGINX_HASHED, 'Cache-Control': 'private, max-age=31536000, immutable' }),
    canned: [notFound(), manifest(), ranged(adminFiles()[0] as ResourceRecord)],
    expected: [`hashedPrivate ${STATIC}`],
  },
  {
    name: 'a missing file (404 page) and a script served as HTML break the admin',
    resources: [
      staticFile({ path: 'wagtailadmin/css/core.css', content: CORE_CSS, status: 404, contentType: 'text/html', servedContent: '<h1>Not Found</h1>' }),
      staticFile({ path: 'wagtailadmin/js/core.js', content: CORE_JS, contentType: 'text/html; charset=utf-8', servedContent: '<!DOCTYPE html><title>Sign in</title>' }),
      ...siteFiles(),
    ],
    canned: [notFound(), manifest(), ranged(siteFiles()[0] as ResourceRecord)],
    expected: [`assetBroken ${firstUrl(adminFiles())}`, `wrongContentType ${(adminFiles()[1] as ResourceRecord).url}`],
  },
  {
    name: 'a file that cannot be fetched at all',
    resources: [resource('static', failure(`${STATIC}wagtailadmin/js/vendor.0123456789ab.js`, 'ERR_TIMEOUT'), [{ from: LOGIN, via: 'script' }]), ...siteFiles()],
    canned: [notFound(), manifest(SITE_MANIFEST), ranged(siteFiles()[0] as ResourceRecord)],
    expected: [`assetBroken ${STATIC}wagtailadmin/js/vendor.0123456789ab.js`],
  },
  {
    name: 'a 429, or a host that rate-limited the run, is not a broken asset: the check is not done',
    resources: [
      resource('static', response({ url: `${STATIC}wagtailadmin/js/vendor.0123456789ab.js`, status: 429, headers: { 'Retry-After': '120' } }), [{ from: LOGIN, via: 'script' }]),
      resource('static', failure(`${STATIC}wagtailadmin/js/core.0123456789ab.js`, 'ERR_RATE_LIMITED'), [{ from: LOGIN, via: 'script' }]),
      ...siteFiles(),
    ],
    canned: [notFound(), manifest(SITE_MANIFEST), ranged(siteFiles()[0] as ResourceRecord)],
    expected: [`?assetUnchecked ${STATIC}wagtailadmin/js/core.0123456789ab.js`, `?assetUnchecked ${STATIC}wagtailadmin/js/vendor.0123456789ab.js`],
    outcome: 'inconclusive',
  },
  {
    name: "bytes that do not match the name's hash: another deploy's file under this name",
    resources: [staticFile({ path: 'wagtailadmin/css/core.css', content: CORE_CSS, servedContent: 'body{color:#111}' }), ...siteFiles()],
    canned: [notFound(), manifest(CSS_MANIFEST), ranged(adminFiles()[0] as ResourceRecord)],
    expected: [`hashMismatch ${firstUrl(adminFiles())}`],
  },
  {
    name: 'a body too big to read whole is not hashed (nothing to compare)',
    resources: [staticFile({ path: 'wagtailadmin/css/core.css', content: CORE_CSS, servedContent: 'x'.repeat(64), incomplete: true })],
    canned: [notFound(), manifest(CSS_MANIFEST), ranged(adminFiles()[0] as ResourceRecord)],
    expected: [],
    outcome: 'pass',
  },
  {
    name: 'the login page references files the public manifest maps elsewhere: two deploys at once',
    resources: hardenedResources,
    canned: [
      notFound(),
      manifest(manifestOf({ 'wagtailadmin/css/core.css': 'new', 'wagtailadmin/js/core.js': CORE_JS, 'css/site.css': SITE_CSS })),
      // The manifest's own name for core.css exists: the newer deploy's file.
      { url: `${STATIC}${hashedPath('wagtailadmin/css/core.css', 'new')}`, result: response({ url: `${STATIC}${hashedPath('wagtailadmin/css/core.css', 'new')}`, method: 'HEAD' }) },
      ranged(admin[0] as ResourceRecord),
    ],
    expected: [`manifestDisagrees ${MANIFEST}`],
  },
  {
    name: 'admin login blocked, STATIC_URL configured: the manifest names admin files, one of which is missing',
    pages: [homePage(), loginPage(403, {})],
    resources: siteFiles(),
    model: { staticUrl: { url: STATIC, source: 'config' } },
    canned: [
      notFound(),
      manifest(manifestOf({ 'wagtailadmin/css/core.css': CORE_CSS, 'wagtailadmin/js/vendor.js': 'v', 'css/site.css': SITE_CSS })),
      { url: `${STATIC}${hashedPath('wagtailadmin/css/core.css', CORE_CSS)}`, result: response({ url: `${STATIC}${hashedPath('wagtailadmin/css/core.css', CORE_CSS)}`, method: 'HEAD' }) },
      { url: `${STATIC}${hashedPath('wagtailadmin/js/vendor.js', 'v')}`, result: response({ url: `${STATIC}${hashedPath('wagtailadmin/js/vendor.js', 'v')}`, method: 'HEAD', status: 404 }) },
      ranged(siteFiles()[0] as ResourceRecord),
    ],
    expected: [`adminLoginUnavailable ${LOGIN}`, `manifestEntryBroken ${STATIC}${hashedPath('wagtailadmin/js/vendor.js', 'v')}`],
  },
  {
    name: 'a manifest that is not JSON is ignored',
    resources: hardenedResources,
    canned: [notFound(), manifest('<html>oops</html>'), ranged(admin[0] as ResourceRecord)],
    expected: [],
  },
  {
    name: 'a login page a shared cache may store',
    pages: [homePage(), loginPage(200, { 'Cache-Control': 'public, max-age=600' })],
    resources: hardenedResources,
    canned: hardenedCanned,
    expected: [`adminLoginCacheable ${LOGIN}`],
  },
  {
    name: 'a missing manifest entry: the admin login and a missing page answer 500',
    pages: [homePage(), loginPage(500, {})],
    resources: [],
    // The login page failed, so STATIC_URL was not learned: no manifest to ask for.
    model: { staticUrl: null },
    canned: [
      notFound(500, {}, '<h1>Internal server error</h1>'),
      { url: LOGIN, result: response({ url: LOGIN, status: 500, headers: { 'Content-Type': 'text/html' }, body: '<h1>Internal server error</h1>', text: '<h1>Internal server error</h1>' }) },
    ],
    expected: [`serverError ${LOGIN}`, `serverError ${NOT_FOUND}`],
    outcome: 'fail',
  },
  {
    name: 'stylesheets from another origin are reported apart, as facts',
    resources: [
      ...hardenedResources,
      resource('asset', response({ url: 'https://fonts.example.net/css2?family=Inter', headers: { 'Content-Type': 'text/css' } }), [{ from: HOME, via: 'link', rel: 'stylesheet' }]),
      resource('asset', failure('https://fonts.example.net/broken.js', 'ERR_DNS'), [{ from: HOME, via: 'script' }]),
    ],
    canned: hardenedCanned,
    expected: ['thirdPartyAssets https://fonts.example.net/'],
    outcome: 'pass',
  },
  {
    name: "an extensionless script on the site (Wagtail's jsi18n) is judged by how it was referenced",
    resources: [
      ...hardenedResources,
      resource('asset', response({ url: `${SITE}admin/jsi18n/`, headers: { 'Content-Type': 'text/javascript; charset="utf-8"', ...NEVER_CACHE } }), [{ from: LOGIN, via: 'script' }]),
      resource('asset', response({ url: `${SITE}en/jsi18n/`, headers: { 'Content-Type': 'text/html; charset=utf-8' } }), [{ from: HOME, via: 'script' }]),
      resource('asset', response({ url: `${SITE}theme/`, headers: { 'Content-Type': 'text/plain' } }), [{ from: HOME, via: 'link', rel: 'stylesheet' }]),
      // An icon without an extension and without a type: nothing to judge it against.
      resource('asset', response({ url: `${SITE}favicon`, headers: { 'Cache-Control': 'max-age=60' } }), [{ from: HOME, via: 'link', rel: 'icon' }]),
      // An RSS feed linked with rel=alternate is not a page asset.
      resource('asset', response({ url: `${SITE}feed/`, headers: { 'Content-Type': 'application/rss+xml', 'Cache-Control': 'max-age=31536000' } }), [{ from: HOME, via: 'link', rel: 'alternate' }]),
    ],
    canned: hardenedCanned,
    expected: [`wrongContentType ${SITE}en/jsi18n/`, `wrongContentType ${SITE}theme/`],
  },
  {
    name: 'STATIC_URL unknown: the files met are judged, the rest is inconclusive',
    model: { staticUrl: null },
    resources: [resource('asset', response({ url: `${SITE}assets/app.js`, headers: { 'Content-Type': 'application/javascript', 'Cache-Control': 'max-age=60' } }), [{ from: HOME, via: 'script' }])],
    canned: [notFound()],
    expected: [`?staticUrlUnknown ${LOGIN}`],
    outcome: 'inconclusive',
  },
  {
    name: 'nothing to judge: no asset met and the admin login answers 404',
    pages: [homePage(), loginPage(404, {})],
    resources: [],
    model: { staticUrl: null },
    canned: [notFound()],
    expected: [],
    outcome: 'skip',
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const model = site({ pages: c.pages ?? [homePage(), loginPage()], resources: c.resources, ...c.model });
    const run = await runOn(probe, model, c.canned);
    t.not(run.outcome.status, 'error', run.outcome.status === 'error' ? run.outcome.error : '');
    t.same(summary(run), [...c.expected].sort());
    if (c.outcome) t.equal(run.outcome.status, c.outcome);
  });
}

// ---------------------------------------------------------------------------
// What the findings say, and the requests the probe allows itself.

async function runCase(name: string) {
  const c = cases.find((x) => x.name.startsWith(name));
  if (!c) throw new Error(`no case ${name}`);
  return runOn(probe, site({ pages: c.pages ?? [homePage(), loginPage()], resources: c.resources, ...c.model }), c.canned);
}

t.test('a healthy site costs three targeted requests: the missing page, the manifest, one Range', async (t) => {
  const run = await runCase('hashed names, a year');
  t.same(run.requests.map((r) => [r.url, r.options.method ?? 'GET', r.options.headers?.['Range'] ?? null]), [
    [NOT_FOUND, 'GET', null],
    [MANIFEST, 'GET', null],
    [firstUrl(admin), 'GET', 'bytes=0-1'],
  ]);
});

t.test('a finding about many files names the count, one example with its header, and up to five examples', async (t) => {
  const files = Array.from({ length: 7 }, (_, i) => staticFile({ path: `js/f${i}.js`, hashed: false, headers: NGINX_YEAR_UNHASHED, from: HOME }));
  const run = await runOn(probe, site({ pages: [homePage(), loginPage()], resources: files }), [notFound(), ranged(files[0] as ResourceRecord)]);
  const finding = run.findings.find((f) => f.messageId === 'unhashedLongCache');
  t.equal(finding?.data['count'], 7);
  t.match(finding?.message, /^7 unhashed files under https:\/\/site\.test\/static\/ are cached for more than a day \(e\.g\. https:\/\/site\.test\/static\/js\/f0\.js: Cache-Control: public, max-age=31536000, immutable\)/);
  t.equal(finding?.evidence.length, 5);
  t.same(finding?.evidence[0]?.headers, { 'cache-control': 'public, max-age=31536000, immutable' });
  t.equal(finding?.evidence[0]?.referrer, HOME);
  t.match(finding?.evidence[0]?.note, /7 files in all; the first 5 shown/);
});

t.test('storageNotHashing says how many carry ?v=', async (t) => {
  const run = await runCase('plain StaticFilesStorage');
  const finding = run.findings.find((f) => f.messageId === 'storageNotHashing');
  t.equal(finding?.data['count'], 3);
  t.match(finding?.message, /3 static files under .* have no content hash in their names, and 2 carry Wagtail's \?v=/);
});

t.test('a broken asset names the page that referenced it and the first bytes served', async (t) => {
  const run = await runCase('a missing file (404 page)');
  const broken = run.findings.find((f) => f.messageId === 'assetBroken');
  t.match(broken?.message, /referenced by https:\/\/site\.test\/admin\/login\/, does not load: it answers 404/);
  t.equal(broken?.evidence[0]?.status, 404);
  t.equal(broken?.evidence[0]?.bodyPrefix, '<h1>Not Found</h1>');
  const wrong = run.findings.find((f) => f.messageId === 'wrongContentType');
  t.match(wrong?.message, /is served as text\/html; a \.js file needs text\/javascript or application\/javascript.*an HTML page/);
  t.same(wrong?.evidence[0]?.headers, { 'content-type': 'text/html; charset=utf-8' });
});

t.test('a hash mismatch shows both digests', async (t) => {
  const run = await runCase("bytes that do not match");
  const finding = run.findings.find((f) => f.messageId === 'hashMismatch');
  t.equal(finding?.data['hash'], md5(CORE_CSS).slice(0, 12));
  t.equal(finding?.data['md5'], md5('body{color:#111}').slice(0, 12));
  t.match(finding?.evidence[0]?.note, new RegExp(md5('body{color:#111}')));
});

t.test('the 500s say what the error pages say', async (t) => {
  const run = await runCase('a missing manifest entry');
  const login = run.findings.find((f) => f.url === LOGIN);
  t.match(login?.message, /^The admin login page https:\/\/site\.test\/admin\/login\/ answered 500: .*missing staticfiles manifest entry/);
  t.equal(login?.evidence[0]?.bodyPrefix, '<h1>Internal server error</h1>');
  t.same(run.requests.map((r) => r.url), [NOT_FOUND, LOGIN], 'the login page is read once more, to see its error page');
});

t.test("Django's technical 500 page names the missing entry", async (t) => {
  const debug500 = `<!DOCTYPE html><html><head><title>ValueError at /wagtail-probe-missing-page-4f1c2b/</title></head><body>
    <div id="summary"><h1>ValueError at /wagtail-probe-missing-page-4f1c2b/</h1>
    <pre class="exception_value">Missing staticfiles manifest entry for &#x27;wagtailadmin/images/favicon.ico&#x27;</pre>
    <table class="meta"><tr><th>Django Version:</th><td>5.2.8</td></tr><tr><th>Exception Value:</th><td>x</td></tr></table>
    <p>You’re seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p></div></body></html>`;
  const run = await runOn(probe, site({ pages: [homePage(), loginPage(404, {})], staticUrl: null }), [notFound(500, {}, debug500)]);
  const finding = run.findings.find((f) => f.messageId === 'serverError');
  t.equal(finding?.data['cause'], `Django says "Missing staticfiles manifest entry for 'wagtailadmin/images/favicon.ico'": collectstatic did not run, or did not finish, for the code now deployed`);
  t.match(finding?.evidence[0]?.note, /technical error page/);
});

t.test('the 5xx causes, as a table', async (t) => {
  const table: [number, string, RegExp][] = [
    [500, '', /most often a missing staticfiles manifest entry/],
    [502, '<html>Bad Gateway</html>', /proxy in front got no answer/],
    [504, '', /proxy in front got no answer/],
    [507, '', /^a server error$/],
    [500, '<pre class="exception_value">division by zero</pre>', /^Django's error page says "division by zero"$/],
    [500, '<pre class="exception_value">&lt;b&gt; &amp; &quot;q&quot; &#39;s&#39;</pre>', /says "<b> & "q" 's'"/],
  ];
  for (const [status, text, expected] of table) t.match(serverErrorCause(status, text), expected, `${status} ${text}`);
});

t.test('served-by evidence: the asset, its Range answer, the Django reference and the signals', async (t) => {
  const run = await runCase("Django's static.serve view");
  const finding = run.findings.find((f) => f.messageId === 'servedByDjango');
  t.equal(finding?.inconclusive, false);
  t.equal(finding?.evidence.length, 4);
  t.equal(finding?.evidence[1]?.status, 200, 'Range ignored');
  t.equal(finding?.evidence[1]?.request?.headers['range'], 'bytes=0-1');
  t.match(finding?.evidence[3]?.note, /range request/);
});

t.test('an unreadable Range answer still lets the other signals decide', async (t) => {
  const files = adminFiles(DJANGO_SERVE);
  const canned: Canned[] = [notFound(), manifest(), { url: firstUrl(files), when: { range: 'bytes=0-1' }, result: failure(firstUrl(files), 'ERR_RESET') as FetchResult }];
  const run = await runOn(probe, site({ pages: [homePage(), loginPage()], resources: files }), canned);
  t.ok(run.findings.some((f) => f.messageId === 'servedByDjango'));
});

t.test('a silenced message is counted, not reported', async (t) => {
  const c = cases.find((x) => x.name.startsWith('hashed files cached for an hour')) as Case;
  const run = await runOn(probe, site({ pages: [homePage(), loginPage()], resources: c.resources }), c.canned, options({ silenced: ['static-assets/hashedNotImmutable'] }));
  t.same(summary(run), [`hashedShortCache ${STATIC}`]);
  t.equal(run.silencedCount, 1);
});

t.test('every message id is exercised by the tables above', async (t) => {
  const seen = new Set<string>();
  for (const c of cases) {
    const run = await runOn(probe, site({ pages: c.pages ?? [homePage(), loginPage()], resources: c.resources, ...c.model }), c.canned);
    for (const f of run.findings) seen.add(f.messageId);
  }
  const missing = Object.keys(probe.meta.messages).filter((id) => !seen.has(id));
  t.same(missing, [], 'message ids no case produces');
});

t.test('the worst case stays within meta.maxRequests: the missing page, the login re-read, the manifest, a HEAD per admin sample file, one Range', async (t) => {
  const contents: Record<string, string> = {
    'wagtailadmin/css/core.css': CORE_CSS,
    'wagtailadmin/js/core.js': CORE_JS,
    'wagtailadmin/js/vendor.js': 'v',
    'wagtailadmin/js/wagtailadmin.js': 'w',
    'css/site.css': SITE_CSS,
  };
  // The login page answered 500, so the crawl fetched none of the admin's files: each sample file is one HEAD.
  const heads: Canned[] = Object.entries(contents)
    .filter(([path]) => path.startsWith('wagtailadmin/'))
    .map(([path, content]) => {
      const url = `${STATIC}${hashedPath(path, content)}`;
      return { url, result: response({ url, method: 'HEAD' }) };
    });
  const errorPage = '<h1>Internal server error</h1>';
  const run = await runOn(probe, site({ pages: [homePage(), loginPage(500, {})], resources: siteFiles(), staticUrl: { url: STATIC, source: 'config' } }), [
    notFound(500, {}, errorPage),
    { url: LOGIN, result: response({ url: LOGIN, status: 500, headers: { 'Content-Type': 'text/html' }, body: errorPage, text: errorPage }) },
    manifest(manifestOf(contents)),
    ...heads,
    ranged(siteFiles()[0] as ResourceRecord),
  ]);
  t.not(run.outcome.status, 'error', run.outcome.status === 'error' ? run.outcome.error : '');
  t.equal(heads.length, 4);
  t.ok(run.requestsMade <= requestBudget(probe.meta, options()), `${run.requestsMade} requests within the budget of ${requestBudget(probe.meta, options())}`);
  t.equal(run.requestsMade, requestBudget(probe.meta, options()), 'the budget is the worst case exactly, not padded');
});

t.test('the admin login page when it cannot be judged: not crawled, unreachable, or fine on a second look', async (t) => {
  const notCrawled = await runOn(probe, site({ pages: [homePage()], resources: hardenedResources }), hardenedCanned);
  t.same(summary(notCrawled), [`adminLoginUnavailable ${LOGIN}`]);
  t.match(notCrawled.findings[0]?.message, /answered not crawled, not 200/);

  const unreachable = await runOn(probe, site({ pages: [homePage(), page(failure(LOGIN, 'ERR_TIMEOUT'), null, 'admin-login')], resources: hardenedResources }), hardenedCanned);
  t.same(summary(unreachable), [`adminLoginUnavailable ${LOGIN}`]);
  t.equal(unreachable.findings[0]?.evidence[0]?.error, 'ERR_TIMEOUT: ERR_TIMEOUT');

  // The crawl saw a 503; read again it answers 200: the crawl's answer is the one reported.
  const recovered = await runOn(probe, site({ pages: [homePage(), loginPage(503, {})], resources: hardenedResources }), [...hardenedCanned, { url: LOGIN, result: response({ url: LOGIN }) }]);
  t.same(summary(recovered), [`serverError ${LOGIN}`]);
  t.equal(recovered.findings[0]?.data['status'], 503);
  t.match(recovered.findings[0]?.data['cause'], /proxy in front got no answer/);
});
