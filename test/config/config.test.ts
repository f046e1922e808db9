import t from 'tap';
import { parseConfig, resolveOptions, DEFAULTS } from '../../src/config/config.js';

const probes = new Map([
  ['static-assets', ['unhashedName', 'brokenAsset']],
  ['document-privacy', ['directUrlLeak']],
]);

t.test('parseConfig accepts JSON with comments', async (t) => {
  const config = parseConfig('// top\n{ /* inline */ "adminPath": "/cms/", "crawl": { "maxPages": 10 } // tail\n}', 'x.json');
  t.same(config, { adminPath: '/cms/', crawl: { maxPages: 10 } });
});

t.test('comments inside strings are kept', async (t) => {
  t.same(parseConfig('{"target": "http://x/*y*/"}', 'x.json'), { target: 'http://x/*y*/' });
  t.same(parseConfig('{"adminPath": "q\\"//"} // c', 'x.json'), { adminPath: 'q"//' });
});

t.test('trailing commas are allowed, as in VS Code settings', async (t) => {
  t.same(parseConfig('{"crawl": {"maxPages": 3,},\n}', 'x.json'), { crawl: { maxPages: 3 } });
});

t.test('a JSON error names its line and column', async (t) => {
  t.throws(() => parseConfig('{\n  "adminPath": "/cms/"\n  "failOn": "error"\n}', 'x.json'), /x\.json: not valid JSON at line 3, column 3: comma expected/);
  t.throws(() => parseConfig('{"a": }', 'x.json'), /line 1, column 7: value expected/);
});

const rejected: [string, string, RegExp][] = [
  ['unknown top-level key, with a suggestion', '{"adminPth": "/x/"}', /adminPth: unknown key \(did you mean "adminPath"\?\)/],
  ['unknown nested key', '{"crawl": {"maxPage": 3}}', /crawl\.maxPage: unknown key \(did you mean "maxPages"\?\)/],
  ['wrong type', '{"crawl": {"maxPages": "ten"}}', /crawl\.maxPages: expected a number, got the string "ten"/],
  ['out of range', '{"crawl": {"concurrency": 0}}', /crawl\.concurrency: expected a number from 1 to 256/],
  ['not a whole number', '{"crawl": {"maxPages": 1.5}}', /crawl\.maxPages: expected a whole number/],
  ['bad enum', '{"failOn": "fatal"}', /failOn: expected one of error, warning, info, never/],
  ['bad severity value', '{"severity": {"static-assets": "loud"}}', /severity\.static-assets: expected one of error, warning, info/],
  ['array of wrong items', '{"silenced": [1]}', /silenced: expected an array of strings/],
  ['report without format', '{"reports": [{"output": "x"}]}', /reports\[0\]\.format: required/],
  ['not an object', '[]', /config: expected an object, got an array/],
  ['broken JSON', '{"a": }', /x\.json: not valid JSON/],
];
for (const [name, text, message] of rejected) {
  t.test(`parseConfig rejects: ${name}`, async (t) => {
    t.throws(() => parseConfig(text, 'x.json'), message);
    t.throws(() => parseConfig(text, 'x.json'), { name: 'ConfigError', code: 'ERR_CONFIG' });
  });
}

t.test('resolveOptions fills defaults and converts seconds to ms', async (t) => {
  const options = await resolveOptions({}, { target: 'https://example.com' }, probes);
  t.equal(options.target, 'https://example.com/');
  t.equal(options.adminPath, '/admin/');
  t.equal(options.http.timeoutMs, DEFAULTS.http.timeout * 1000);
  t.equal(options.crawl.concurrency, DEFAULTS.crawl.concurrency);
  t.equal(options.failOn, 'error');
  t.same(options.privateCanaries, { documents: [], pages: [] });
});

t.test('the command line wins over the file; lists of canaries and headers merge', async (t) => {
  const options = await resolveOptions(
    { target: 'https://a.example/', adminPath: 'cms', crawl: { maxPages: 5, rate: 2 }, private: { documents: ['/documents/1/a.pdf'] }, http: { headers: { 'X-A': '1' } } },
    { target: 'https://b.example/', crawl: { maxPages: 9 }, private: { documents: ['/documents/2/b.pdf'] }, http: { headers: { 'X-B': '2' } } },
    probes,
  );
  t.equal(options.target, 'https://b.example/');
  t.equal(options.adminPath, '/cms/');
  t.equal(options.crawl.maxPages, 9);
  t.equal(options.crawl.rate, 2);
  t.same(options.privateCanaries.documents, ['/documents/1/a.pdf', '/documents/2/b.pdf']);
  t.same(options.http.headers, { 'X-A': '1', 'X-B': '2' });
});

const badResolve: [string, object, RegExp][] = [
  ['no target', {}, /no site to probe/],
  ['not a URL', { target: 'example.com' }, /not a URL: "example.com"/],
  ['not http', { target: 'ftp://example.com/' }, /not an http\(s\) URL/],
  ['unknown probe', { target: 'https://x/', probes: ['static-asset'] }, /probes: no probe "static-asset" \(did you mean "static-assets"\?\)/],
  ['misspelt probe', { target: 'https://x/', probes: ['dcument-privacy'] }, /probes: no probe "dcument-privacy" \(did you mean "document-privacy"\?\)/],
  ['unknown message', { target: 'https://x/', silenced: ['static-assets/nope'] }, /silenced: probe "static-assets" has no message "nope"/],
  ['silenced without message', { target: 'https://x/', silenced: ['static-assets'] }, /silenced: expected "probe\/messageId"/],
  ['bad regex', { target: 'https://x/', crawl: { exclude: ['(('] } }, /crawl\.exclude: not a regular expression/],
  ['missing CA file', { target: 'https://x/', http: { ca: '/nonexistent/ca.pem' } }, /ca: cannot read \/nonexistent\/ca\.pem: ENOENT/],
  ['bad header name', { target: 'https://x/', http: { headers: { 'bad name': 'v' } } }, /not a valid header name/],
  ['bad admin path', { target: 'https://x/', adminPath: 'a b' }, /adminPath: expected a path/],
  ['bad media URL', { target: 'https://x/', mediaUrl: 'ftp://files/' }, /mediaUrl: expected a path like \/media\/ or an http\(s\) URL/],
];
for (const [name, overrides, message] of badResolve) {
  t.test(`resolveOptions rejects: ${name}`, async (t) => {
    await t.rejects(resolveOptions({}, overrides, probes), message);
  });
}

t.test('a severity override may name a probe or one of its messages', async (t) => {
  const options = await resolveOptions({}, { target: 'https://x/', severity: { 'static-assets': 'warning', 'document-privacy/directUrlLeak': 'info' } }, probes);
  t.same(options.severity, { 'static-assets': 'warning', 'document-privacy/directUrlLeak': 'info' });
});

t.test('userinfo in the target becomes Basic auth for its origin, and leaves the target', async (t) => {
  const options = await resolveOptions({}, { target: 'https://ops:s%40cret-pw@staging.example.com/' }, probes, { env: {} });
  t.equal(options.target, 'https://staging.example.com/');
  t.equal(options.http.siteOrigin, 'https://staging.example.com');
  t.equal(options.http.headers['authorization'], `Basic ${Buffer.from('ops:s@cret-pw').toString('base64')}`);
  t.ok(options.secrets.includes('s@cret-pw'), 'the decoded password is masked');
  t.ok(options.secrets.includes('s%40cret-pw'), 'and the form it had in the URL');
});

t.test('--auth USER takes its password from the environment or standard input, never the command line', async (t) => {
  const fromEnv = await resolveOptions({}, { target: 'https://s.example/', http: { auth: { user: 'ops' } } }, probes, { env: { WAGTAIL_PROBE_AUTH_PASSWORD: 'env-secret' } });
  t.equal(fromEnv.http.headers['authorization'], `Basic ${Buffer.from('ops:env-secret').toString('base64')}`);
  const named = await resolveOptions({ http: { auth: { passwordEnv: 'STAGING_PW' } } }, { target: 'https://s.example/', http: { auth: { user: 'ops' } } }, probes, { env: { STAGING_PW: 'named-secret' } });
  t.equal(named.http.headers['authorization'], `Basic ${Buffer.from('ops:named-secret').toString('base64')}`);
  const fromStdin = await resolveOptions({}, { target: 'https://s.example/', http: { auth: { user: 'ops' } } }, probes, { env: { WAGTAIL_PROBE_AUTH_PASSWORD: 'env-secret' }, passwordFromStdin: 'stdin-secret' });
  t.equal(fromStdin.http.headers['authorization'], `Basic ${Buffer.from('ops:stdin-secret').toString('base64')}`);
  t.ok(fromStdin.secrets.includes('stdin-secret'));
});

const badAuth: [string, object, Record<string, string>, RegExp][] = [
  ['no password anywhere', { target: 'https://s.example/', http: { auth: { user: 'ops' } } }, {}, /--auth ops: no password: set WAGTAIL_PROBE_AUTH_PASSWORD or pipe it in with --auth-password-stdin/],
  ['a password on the command line', { target: 'https://s.example/', http: { auth: { user: 'ops:pw' } } }, {}, /give the user name only/],
  ['credentials twice', { target: 'https://a:b@s.example/', http: { auth: { user: 'ops' } } }, { WAGTAIL_PROBE_AUTH_PASSWORD: 'x' }, /credentials given twice/],
  ['Basic and an Authorization header', { target: 'https://a:bbbb@s.example/', http: { headers: { Authorization: 'Bearer t' } } }, {}, /an Authorization header and Basic credentials both given/],
  ['a header value with a line break', { target: 'https://s.example/', http: { headers: { 'X-Token': 'a\r\nHost: evil' } } }, {}, /the value of X-Token holds a line break/],
];
for (const [name, overrides, env, message] of badAuth) {
  t.test(`resolveOptions rejects: ${name}`, async (t) => {
    await t.rejects(resolveOptions({}, overrides, probes, { env }), message);
  });
}

t.test('an error about a target with userinfo never echoes its password', async (t) => {
  await t.rejects(resolveOptions({}, { target: 'ftp://ops:hunter22@s.example/' }, probes, { env: {} }), { message: 'not an http(s) URL: ftp://ops:***@s.example/' });
});

t.test('every user-given header value is a secret to mask, cookie values and bearer tokens one by one', async (t) => {
  const options = await resolveOptions({}, { target: 'https://s.example/', http: { headers: { Cookie: 'consent=yes-please; sessionid=abcd1234', 'X-CDN-Token': 'tok-9876', Authorization: 'Bearer bearer-xyz', 'X-Debug': '1' } } }, probes, { env: {} });
  for (const secret of ['consent=yes-please; sessionid=abcd1234', 'yes-please', 'abcd1234', 'tok-9876', 'Bearer bearer-xyz', 'bearer-xyz']) {
    t.ok(options.secrets.includes(secret), secret);
  }
  t.notOk(options.secrets.includes('1'), 'too short to mask by value');
});

t.test('runTimeout is seconds, 0 for none', async (t) => {
  t.equal((await resolveOptions({}, { target: 'https://s.example/' }, probes)).runTimeoutMs, 0);
  t.equal((await resolveOptions({ runTimeout: 90 }, { target: 'https://s.example/' }, probes)).runTimeoutMs, 90_000);
});
