import t from 'tap';
import { parseConfig, resolveOptions, stripJsonComments, DEFAULTS } from '../src/config.js';

const probes = new Map([
  ['static-assets', ['unhashedName', 'brokenAsset']],
  ['document-privacy', ['directUrlLeak']],
]);

t.test('parseConfig accepts JSON with comments', async (t) => {
  const config = parseConfig('// top\n{ /* inline */ "adminPath": "/cms/", "crawl": { "maxPages": 10 } // tail\n}', 'x.json');
  t.same(config, { adminPath: '/cms/', crawl: { maxPages: 10 } });
});

t.test('comments inside strings are kept', async (t) => {
  t.equal(stripJsonComments('{"a": "http://x/*y*/"}'), '{"a": "http://x/*y*/"}');
  t.equal(stripJsonComments('{"a": "q\\"//"} // c'), '{"a": "q\\"//"} ');
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
