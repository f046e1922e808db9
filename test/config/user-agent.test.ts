// The default User-Agent names only what is real: the tool and its version,
// and the project's homepage only once package.json declares one.
import t from 'tap';
import { readFile } from 'node:fs/promises';
import { DEFAULTS, resolveOptions } from '../../src/config/config.js';
import { VERSION } from '../../src/version.js';

const probes = new Map([['deploy-checks', ['debugOn']]]);

t.test('the default User-Agent is exactly wagtail-probe/<version>', async (t) => {
  t.equal(DEFAULTS.http.userAgent, `wagtail-probe/${VERSION}`);
  const options = await resolveOptions({}, { target: 'https://example.com/' }, probes);
  t.equal(options.http.userAgent, `wagtail-probe/${VERSION}`, 'what a run sends when nothing sets it');
});

t.test('the User-Agent names no URL that package.json does not declare', async (t) => {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { homepage?: string };
  t.equal(pkg.homepage, undefined, 'package.json gained a homepage: name it in DEFAULTS.http.userAgent as "(+<homepage>)" and update this test');
  t.notMatch(DEFAULTS.http.userAgent, /https?:/, 'no invented project URL');
});

t.test('http.userAgent and --user-agent replace it', async (t) => {
  const fromFile = await resolveOptions({ http: { userAgent: 'acme-uptime/2' } }, { target: 'https://example.com/' }, probes);
  t.equal(fromFile.http.userAgent, 'acme-uptime/2');
  const fromCli = await resolveOptions({ http: { userAgent: 'acme-uptime/2' } }, { target: 'https://example.com/', http: { userAgent: 'ci/1' } }, probes);
  t.equal(fromCli.http.userAgent, 'ci/1', 'the command line wins over the file');
});
