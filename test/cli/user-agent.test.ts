// The User-Agent a site sees, on every request of a real run of the built
// command line: wagtail-probe/<version> by default, else what the operator set.
import t, { type Test } from 'tap';
import { createServer } from 'node:http';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { cli, tempDir } from '../helpers/cli.js';
import { VERSION } from '../../src/version.js';

/** A two-page site on 127.0.0.1 that records each request's User-Agent; it closes when the test ends. */
async function recordingSite(t: Test): Promise<{ url: string; agents: (string | undefined)[] }> {
  const agents: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    agents.push(req.headers['user-agent']);
    if (req.url === '/' || req.url === '/about/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<title>Home</title><a href="/about/">About</a>');
    } else {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<title>Not found</title>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, agents };
}

t.test('every request carries exactly wagtail-probe/<version> by default', async (t) => {
  const site = await recordingSite(t);
  const ran = await cli([site.url, '--no-config', '--probe', 'deploy-checks', '--fail-on', 'never', '-q']);
  t.equal(ran.code, 0, ran.stderr);
  t.ok(site.agents.length >= 2, `the site was crawled (${site.agents.length} requests)`);
  t.same([...new Set(site.agents)], [`wagtail-probe/${VERSION}`]);
});

t.test('--user-agent replaces it on every request', async (t) => {
  const site = await recordingSite(t);
  const ran = await cli([site.url, '--no-config', '--probe', 'deploy-checks', '--fail-on', 'never', '-q', '--user-agent', 'acme-uptime/2 (ops@example.com)']);
  t.equal(ran.code, 0, ran.stderr);
  t.same([...new Set(site.agents)], ['acme-uptime/2 (ops@example.com)']);
});

t.test('so does http.userAgent in the config file', async (t) => {
  const site = await recordingSite(t);
  const dir = await tempDir();
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'wagtail-probe.config.json'), JSON.stringify({ http: { userAgent: 'from-config/1' } }));
  const ran = await cli([site.url, '--probe', 'deploy-checks', '--fail-on', 'never', '-q'], { cwd: dir });
  t.equal(ran.code, 0, ran.stderr);
  t.same([...new Set(site.agents)], ['from-config/1']);
});
