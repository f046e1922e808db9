import t from 'tap';
import probe from '../../probes/wagtail-version/index.js';
import type { Reference, ResourceRecord } from '../../src/gather/model.js';
import { requestBudget } from '../../src/engine/probe.js';
import { FINGERPRINTS } from '../../src/wagtail/wagtail-data.js';
import { failure, options, page, resource, response, runOn, site, SITE, summary } from '../helpers/site-kit.js';

// The admin login page of the stack's Wagtail 8.0.1 behind ManifestStaticFilesStorage:
// the names are those of test/stack/.state/data/wagtail-8.0.1/static-manifest/staticfiles.json.
const STATIC = new URL('/static/', SITE).href;
const LOGIN = new URL('/admin/login/', SITE).href;
const NAMES_801 = [
  'wagtailadmin/css/core.baabf7d35649.css',
  'wagtailadmin/images/favicon.048342b6f401.ico',
  'wagtailadmin/js/icons.1d4ddd7657c1.js',
  'wagtailadmin/js/vendor/jquery-3.6.0.min.b99e3172f9b5.js',
  'wagtailadmin/js/core.e9b72a8d4540.js',
  'wagtailadmin/js/vendor.4b62784474d6.js',
  'wagtailadmin/js/wagtailadmin.7208545294ef.js',
  'wagtailadmin/js/sidebar.c2bbc7284637.js',
];
// Wagtail 7.0.2 to 7.0.10 ship these two files unchanged.
const NAMES_70X = ['wagtailadmin/js/core.e65c1f18e85d.js', 'wagtailadmin/js/wagtailadmin.7abef79517ce.js'];

const FROM_LOGIN: Reference[] = [{ from: LOGIN, via: 'script' }];

function staticFile(name: string, fetched = true, body: { md5?: string } = {}): ResourceRecord {
  const url = `${STATIC}${name}`;
  return fetched ? resource('static', response({ url, headers: { 'Content-Type': 'application/javascript' }, ...body }), FROM_LOGIN) : resource('static', null, FROM_LOGIN, url);
}

const loginPage = page(response({ url: LOGIN, headers: { 'Content-Type': 'text/html' } }), { title: 'Sign in - Wagtail' }, 'admin-login');

t.test('the stack\'s 8.0.1 login page: narrowed to 8.0 and 8.0.1, no advisory, support dates unknown', async (t) => {
  const run = await runOn(probe, site({ pages: [loginPage], resources: NAMES_801.map((n) => staticFile(n)), startedAt: '2026-12-01T10:00:00.000Z' }));
  t.same(run.requests, [], 'reads the crawl only');
  t.same(summary(run), [`?supportUnknown ${LOGIN}#support`, `releaseNarrowed ${LOGIN}`]);
  const narrowed = run.findings.find((f) => f.messageId === 'releaseNarrowed');
  t.match(narrowed?.message, /Wagtail 8\.0 to 8\.0\.1 \(2 releases\)/);
  t.ok(narrowed?.evidence.some((e) => e.note?.includes('wagtailadmin/js/core.js: hash e9b72a8d4540 in its name')), 'names the deciding file');
  t.equal(run.outcome.status, 'inconclusive', 'support it cannot judge is never a pass');
});

t.test('names alone decide: files the crawl did not fetch still count', async (t) => {
  const run = await runOn(probe, site({ pages: [loginPage], resources: NAMES_801.map((n) => staticFile(n, false)) }));
  t.match(run.findings.find((f) => f.messageId === 'releaseNarrowed')?.evidence[0]?.note, /not fetched; the name alone decides/);
});

t.test('a 7.0.x site: one finding per advisory some or all candidates have, and the end of its LTS', async (t) => {
  const run = await runOn(probe, site({ pages: [loginPage], resources: NAMES_70X.map((n) => staticFile(n)), startedAt: '2026-12-01T10:00:00.000Z' }));
  const lines = summary(run);
  t.ok(lines.includes(`releaseNarrowed ${LOGIN}`));
  t.ok(lines.includes(`securitySupportEnded ${LOGIN}#support`), '7.0 LTS ended on 2026-11-02');
  // 7.0.2 to 7.0.10: the 7.0.9 fixes are missing from 7.0.2 to 7.0.8 only, so not decided.
  const etag = run.findings.find((f) => f.url === `${LOGIN}#GHSA-92hv-j533-69wc`);
  t.match(etag, { messageId: 'advisoryExposesData', severity: 'error', inconclusive: true });
  t.match(etag?.message, /7\.0\.2 to 7\.0\.8 \(7 releases\) \(7 of the 9 candidate releases\).*fixed in 7\.0\.9; visible from outside, checked by document-privacy\/etagOnProtectedResponse/);
  // An XSS fixed in 7.0.6: a warning.
  t.match(run.findings.find((f) => f.url === `${LOGIN}#GHSA-p5cm-246w-84jm`), { messageId: 'advisory', severity: 'warning' });
  t.equal(run.outcome.status, 'fail');
});

t.test('an exact release: every advisory it has is certain, and its support has ended', async (t) => {
  // A project that kept the template's INSTALLED_APPS: the ?v= of 6.3.8 pins it among the 6.3 releases core.js allows.
  const resources = [staticFile('wagtailadmin/js/core.80f4d0d150f4.js'), resource('static', response({ url: `${STATIC}wagtailadmin/js/sidebar.js?v=94caa7b5` }), FROM_LOGIN)];
  const run = await runOn(probe, site({ pages: [loginPage], resources, startedAt: '2026-12-01T10:00:00.000Z' }));
  t.match(run.findings.find((f) => f.messageId === 'releaseIdentified'), { message: /Wagtail 6\.3\.8: its \?v=94caa7b5/ });
  t.match(run.findings.find((f) => f.url === `${LOGIN}#GHSA-92hv-j533-69wc`), {
    messageId: 'advisoryExposesData',
    severity: 'error',
    inconclusive: false,
    message: /Wagtail 6\.3\.8 is affected by GHSA-92hv-j533-69wc \(information disclosure\).*fixed in 7\.0\.9;/,
  });
  t.notOk(run.findings.some((f) => f.url.endsWith('#GHSA-p5cm-246w-84jm')), '6.3.8 has the TableBlock fix');
  t.match(run.findings.find((f) => f.messageId === 'securitySupportEnded'), { message: /Wagtail 6\.3 LTS \(6\.3\.8\) no longer gets security fixes: its support ended on 2026-05-01, 214 days ago/ });
});

t.test('a supported release: the time left', async (t) => {
  const v = '27209f4e'; // 7.0.9 with the template's INSTALLED_APPS
  const resources = NAMES_70X.map((n) => staticFile(n)).concat(resource('static', response({ url: `${STATIC}wagtailadmin/js/sidebar.js?v=${v}` }), FROM_LOGIN));
  const run = await runOn(probe, site({ pages: [loginPage], resources, startedAt: '2026-09-01T10:00:00.000Z' }));
  t.match(run.findings.find((f) => f.messageId === 'releaseIdentified'), { message: /Wagtail 7\.0\.9: its \?v=27209f4e/ });
  t.notOk(run.findings.some((f) => f.url.endsWith('#GHSA-92hv-j533-69wc')), '7.0.9 has the fix');
  t.match(run.findings.find((f) => f.messageId === 'securitySupported'), { message: /7\.0 LTS \(7\.0\.9\) gets security fixes until 2026-11-02 \(62 days left\)/ });
  t.equal(run.outcome.status, 'pass');
});

t.test('unhashed names: the bodies the crawl read whole are hashed instead', async (t) => {
  // wagtailadmin/css/core.css of 8.0 and 8.0.1 as shipped (a storage that does not hash serves it unchanged).
  const resources = [staticFile('wagtailadmin/css/core.css?v=0badc0de', true, { md5: '2401a929944d0000000000000000aaaa' })];
  const run = await runOn(probe, site({ pages: [loginPage], resources }));
  t.match(run.findings.find((f) => f.messageId === 'releaseNarrowed'), { message: /8\.0 to 8\.0\.1/ });
  t.match(run.findings[0]?.evidence[0]?.note, /MD5 of its body starts 2401a929944d/);
});

t.test('when it cannot tell, an inconclusive finding says why', async (t) => {
  const cases: { name: string; parts: Parameters<typeof site>[0]; reason: RegExp }[] = [
    { name: 'no login page crawled', parts: { pages: [] }, reason: /was not crawled/ },
    { name: 'the login page answered 404', parts: { pages: [page(response({ url: LOGIN, status: 404 }), {}, 'admin-login')] }, reason: /answered 404, not 200/ },
    { name: 'the login page failed', parts: { pages: [page(failure(LOGIN, 'ERR_RESET'), null, 'admin-login')] }, reason: /could not be fetched \(ERR_RESET\)/ },
    { name: 'a login page without Wagtail files (custom storage or CDN paths)', parts: { pages: [loginPage], resources: [resource('asset', null, FROM_LOGIN, 'https://cdn.test/a1b2/app.js')] }, reason: /references no file under a wagtailadmin\/ directory/ },
    { name: 'unhashed names never fetched', parts: { pages: [loginPage], resources: [staticFile('wagtailadmin/js/core.js', false)] }, reason: /none has a content hash/ },
    { name: 'hashes no release ships', parts: { pages: [loginPage], resources: [staticFile('wagtailadmin/js/core.000000000000.js')] }, reason: /content no Wagtail release from 4\.1 to 8\.0\.1 ships/ },
  ];
  for (const c of cases) {
    const run = await runOn(probe, site(c.parts));
    t.same(summary(run), [`?releaseUnknown ${LOGIN}`], c.name);
    t.match(run.findings[0]?.message, c.reason, c.name);
    t.equal(run.outcome.status, 'inconclusive', c.name);
  }
});

/** The login page's files of a release as a hashing storage names them, from the data (what the stack's manifest would list). */
function loginFilesOf(release: string, naming: 'hashed' | 'unhashed' = 'hashed'): ResourceRecord[] {
  return Object.entries(FINGERPRINTS.files).flatMap(([path, classes]) => {
    const hash = Object.entries(classes).find(([, releases]) => releases.includes(release))?.[0];
    if (hash === undefined) return [];
    if (naming === 'hashed') return [staticFile(path.replace(/\.(\w+)$/, `.${hash}.$1`))];
    const body = Object.entries(FINGERPRINTS.unhashedFiles[path] ?? {}).find(([, releases]) => releases.includes(release))?.[0] ?? hash;
    return [staticFile(`${path}?v=0badc0de`, true, { md5: `${body}${'0'.repeat(20)}` })];
  });
}

const VALIDATE = `${STATIC}wagtailadmin/js/vendor/jquery.fileupload-validate.2b5a988cfc1e.js`; // 7.4.1 and later
const found = (url: string, md5: string) => ({ url, result: response({ url, headers: { 'Content-Type': 'text/javascript', 'Content-Length': '1255' }, md5 }) });
const notFound = (url: string) => ({ url, result: response({ url, status: 404 }) });

t.test('confirming files: where the login page leaves several releases, a few hashed names decide', async (t) => {
  const cases: { name: string; release: string; canned: ReturnType<typeof found>[]; expect: string[]; message: RegExp }[] = [
    { name: "7.4: the file 7.4.1 added is missing", release: '7.4', canned: [notFound(VALIDATE)], expect: [`releaseIdentified ${LOGIN}`], message: /Wagtail 7\.4: the login page's files leave 7\.4 to 7\.4\.4 \(5 releases\), and 1 confirming file\(s\) decide: .*fileupload-validate\.2b5a988cfc1e\.js 404/ },
    { name: '7.4.1 to 7.4.4: the file is there, and nothing else differs', release: '7.4.2', canned: [found(VALIDATE, `2b5a988cfc1e${'0'.repeat(20)}`)], expect: [`releaseNarrowed ${LOGIN}`], message: /Wagtail 7\.4\.1 to 7\.4\.4 \(4 releases\): .*after 1 confirming request\(s\) .*200\), no static file of any Wagtail app differs between them/ },
    {
      name: '7.1.2: two answers',
      release: '7.1.2',
      canned: [notFound(`${STATIC}wagtailadmin/js/telepath/blocks.c9e6df282017.js`), found(`${STATIC}wagtailadmin/js/telepath/blocks.5122e5951680.js`, `5122e5951680${'0'.repeat(20)}`)],
      expect: [`releaseIdentified ${LOGIN}`],
      message: /Wagtail 7\.1\.2: .*blocks\.c9e6df282017\.js 404; .*blocks\.5122e5951680\.js 200/,
    },
    { name: 'a 200 with other bytes (a catch-all page) decides nothing', release: '7.4', canned: [found(VALIDATE, 'f'.repeat(32))], expect: [`releaseNarrowed ${LOGIN}`], message: /7\.4 to 7\.4\.4 \(5 releases\): .*could not be used: \S+fileupload-validate\.2b5a988cfc1e\.js answered 200 with other content/ },
  ];
  for (const c of cases) {
    const run = await runOn(probe, site({ pages: [loginPage], resources: loginFilesOf(c.release), startedAt: '2026-12-01T10:00:00.000Z' }), c.canned);
    t.not(run.outcome.status, 'error', `${c.name}: ${run.outcome.status === 'error' ? run.outcome.error : ''}`);
    t.same(run.requests.map((r) => r.url), c.canned.map((a) => a.url), `${c.name}: asked`);
    t.match(run.requests[0]?.options.body, { read: 'whole', hash: true }, `${c.name}: the body is hashed`);
    t.same(summary(run).filter((l) => l.includes('release')), c.expect, c.name);
    const finding = run.findings.find((f) => f.messageId.startsWith('release'));
    t.match(finding?.message, c.message, c.name);
    t.ok(finding?.evidence.some((e) => e.request?.url === c.canned[0]?.url && e.note?.startsWith('confirming file:')), `${c.name}: the answer is evidence`);
  }
});

t.test('confirming files under unhashed names: the plain name, its body hashed', async (t) => {
  const plain = `${STATIC}wagtailadmin/js/vendor/jquery.fileupload-validate.js`;
  const run = await runOn(probe, site({ pages: [loginPage], resources: loginFilesOf('7.4.3', 'unhashed') }), [found(plain, `2b5a988cfc1e${'0'.repeat(20)}`)]);
  t.same(run.requests.map((r) => r.url), [plain]);
  t.match(run.findings.find((f) => f.messageId === 'releaseNarrowed')?.message, /7\.4\.1 to 7\.4\.4/);
});

t.test('asks at most the data\'s confirming requests', async (t) => {
  t.equal(requestBudget(probe.meta, options()), FINGERPRINTS.maxConfirmingRequests);
  t.equal(FINGERPRINTS.maxConfirmingRequests, 6);
});
