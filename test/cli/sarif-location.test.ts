// Where SARIF results are located, as the CLI decides: the config file's
// "target" line (GitHub shows alerts on files of the checkout only), or
// --sarif-location, or wagtail-probe.config.json line 1; bad values refused.

import t from 'tap';
import type { Test } from 'tap';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { cli, tempDir } from '../helpers/cli.js';

/** A one-page site: plain http, so deploy-checks always has a finding to locate. */
async function onePageSite(t: Test): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Home</title><p>Hello');
    else res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not found</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

interface Located {
  uri: string;
  startLine: number;
}

async function locations(file: string): Promise<Located[]> {
  const log = JSON.parse(await readFile(file, 'utf8'));
  const results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] = log.runs[0].results;
  return results.flatMap((r) => r.locations.map((l) => ({ uri: l.physicalLocation.artifactLocation.uri, startLine: l.physicalLocation.region.startLine })));
}

const distinct = (found: Located[]) => [...new Set(found.map((l) => `${l.uri}:${l.startLine}`))];

t.test('results point at the line of the config file that names the target', async (t) => {
  const site = await onePageSite(t);
  const dir = await tempDir();
  await mkdir(join(dir, 'sites'));
  await writeFile(join(dir, 'sites', 'www.jsonc'), `{\n  // our site\n  "target": "${site}",\n  "probes": ["deploy-checks"]\n}\n`);
  const ran = await cli(['-c', 'sites/www.jsonc', '--format', 'sarif', '--output', 'probe.sarif', '--quiet'], { cwd: dir });
  t.not(ran.code, 2, ran.stderr);
  const found = await locations(join(dir, 'probe.sarif'));
  t.ok(found.length > 0, 'the run has results to locate');
  t.same(distinct(found), ['sites/www.jsonc:3']);
});

t.test('--sarif-location names another file and line', async (t) => {
  const site = await onePageSite(t);
  const dir = await tempDir();
  const ran = await cli([site, '--no-config', '--probe', 'deploy-checks', '--sarif-location', 'deploy/www.yaml:7', '--format', 'sarif', '--output', 'p.sarif', '--quiet'], { cwd: dir });
  t.not(ran.code, 2, ran.stderr);
  t.same(distinct(await locations(join(dir, 'p.sarif'))), ['deploy/www.yaml:7']);
});

t.test('without a config file: wagtail-probe.config.json, line 1', async (t) => {
  const site = await onePageSite(t);
  const dir = await tempDir();
  const ran = await cli([site, '--no-config', '--probe', 'deploy-checks', '--format', 'sarif', '--output', 'p.sarif', '--quiet'], { cwd: dir });
  t.not(ran.code, 2, ran.stderr);
  t.same(distinct(await locations(join(dir, 'p.sarif'))), ['wagtail-probe.config.json:1']);
});

t.test('a location outside the repository is refused in one line, before any request', async (t) => {
  for (const value of ['../elsewhere.json', '/etc/passwd:1', 'file:0']) {
    const ran = await cli(['http://127.0.0.1:9/', '--no-config', '--sarif-location', value, '--format', 'sarif'], { cwd: await tempDir() });
    t.equal(ran.code, 2, value);
    const [error, hint, ...rest] = ran.stderr.trim().split('\n');
    t.match(error, /^error: option '--sarif-location <file\[:line\]>' argument .* is invalid\. expected a path inside the repository/, `${value}: the error in one line`);
    t.match(hint, /--help/, 'then where to look');
    t.same(rest, []);
  }
});
