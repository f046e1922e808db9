// The built command line, spawned as an operator runs it: exit codes, reports
// written where asked, one clear line for bad input.
import t from 'tap';
import { createServer } from 'node:http';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { cli } from '../helpers/cli.js';

/** A tiny site that leaks DEBUG: its 404 is Django's technical page. */
async function debugSite(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const headers = { 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin', 'cross-origin-opener-policy': 'same-origin' };
    if (req.url === '/') {
      res.writeHead(200, headers);
      res.end('<title>Home</title><a href="/about/">About</a>');
    } else if (req.url === '/admin/') {
      res.writeHead(302, { location: '/admin/login/?next=/admin/' });
      res.end();
    } else if (req.headers.host?.includes('bogus')) {
      res.writeHead(400, headers);
      res.end('Bad Request');
    } else {
      res.writeHead(404, headers);
      res.end("<title>Page not found at /x/</title>You're seeing this error because you have <code>DEBUG = True</code>");
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}


t.test('findings at or above --fail-on exit 1; --fail-on never exits 0', async (t) => {
  const site = await debugSite();
  t.teardown(site.close);
  const failing = await cli([site.url, '--no-config', '--probe', 'deploy-checks']);
  t.equal(failing.code, 1, failing.stderr);
  t.match(failing.stdout, /DEBUG is on/);
  t.equal(failing.stderr, '', 'nothing on stderr when it is not a TTY');
  const never = await cli([site.url, '--no-config', '--probe', 'deploy-checks', '--fail-on', 'never']);
  t.equal(never.code, 0);
});

t.test('--format and --output pair up; several formats in one run', async (t) => {
  const site = await debugSite();
  t.teardown(site.close);
  const dir = await mkdtemp(join(tmpdir(), 'wagtail-probe-cli-'));
  const ran = await cli([site.url, '--no-config', '--probe', 'deploy-checks', '--format', 'json', '--output', join(dir, 'r.json'), '--format', 'junit', '--output', join(dir, 'r.xml'), '--format', 'tap']);
  t.equal(ran.code, 1);
  const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as { target: string; probes: { id: string }[] };
  t.equal(report.target, site.url);
  t.same(report.probes.map((p) => p.id), ['deploy-checks']);
  t.match(await readFile(join(dir, 'r.xml'), 'utf8'), /<testsuites/);
  t.match(ran.stdout, /^TAP version 13/m, 'the format without --output goes to stdout');
});

t.test('a baseline makes known findings pass; only new ones fail', async (t) => {
  const site = await debugSite();
  t.teardown(site.close);
  const dir = await mkdtemp(join(tmpdir(), 'wagtail-probe-cli-'));
  const baseline = join(dir, 'baseline.json');
  const first = await cli([site.url, '--no-config', '--probe', 'deploy-checks', '--quiet', '--write-baseline', baseline]);
  t.equal(first.code, 1);
  const second = await cli([site.url, '--no-config', '--probe', 'deploy-checks', '--quiet', '--baseline', baseline]);
  t.equal(second.code, 0, 'every finding is known');
});

const bad: [string, string[], RegExp][] = [
  ['no target at all', ['--no-config'], /no site to probe/],
  ['a bad number', ['http://127.0.0.1:9/', '--concurrency', 'many'], /--concurrency must be a whole number/],
  ['an unknown format', ['http://127.0.0.1:9/', '--format', 'xml'], /argument 'xml' is invalid/],
  ['an unknown probe', ['http://127.0.0.1:9/', '--no-config', '--probe', 'nope'], /probes: no probe "nope"/],
  ['a missing config file', ['http://127.0.0.1:9/', '--config', '/nonexistent.json'], /cannot read config file \/nonexistent\.json: ENOENT/],
  ['--output without --format', ['http://127.0.0.1:9/', '--output', 'x'], /--output must follow a --format/],
  ['a missing baseline', ['http://127.0.0.1:9/', '--no-config', '--baseline', '/nonexistent.json'], /nonexistent\.json/],
];
for (const [name, args, message] of bad) {
  t.test(`exit 2 with one clear line: ${name}`, async (t) => {
    const ran = await cli(args);
    t.equal(ran.code, 2);
    t.match(ran.stderr, message);
    t.ok(ran.stderr.trim().split('\n').length <= 2, `short: ${ran.stderr}`);
  });
}

t.test('a config file with an unknown key: exit 2 naming the key', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wagtail-probe-cli-'));
  await writeFile(join(dir, 'wagtail-probe.config.json'), '{ "target": "http://127.0.0.1:9/", "crawl": { "maxPage": 3 } }');
  const ran = await cli([], { cwd: dir });
  t.equal(ran.code, 2);
  t.match(ran.stderr, /crawl\.maxPage: unknown key \(did you mean "maxPages"\?\)/);
});

t.test('init writes a starter config the tool itself accepts, and will not overwrite it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wagtail-probe-cli-'));
  const init = await cli(['init'], { cwd: dir });
  t.equal(init.code, 0);
  const again = await cli(['init'], { cwd: dir });
  t.equal(again.code, 2);
  t.match(again.stderr, /exists: use --force/);
  // The starter's example target is not ours to contact: point it at a closed local port.
  const text = (await readFile(join(dir, 'wagtail-probe.config.json'), 'utf8')).replace('https://www.example.com/', 'http://127.0.0.1:9/');
  await writeFile(join(dir, 'wagtail-probe.config.json'), text);
  const ran = await cli(['--timeout', '2'], { cwd: dir });
  t.equal(ran.code, 3);
  t.match(ran.stderr, /could not probe .*cannot read http:\/\/127\.0\.0\.1:9\/: ERR_REFUSED/, 'the config parsed; only the target is unreachable');
});

t.test('probes lists every probe with its messages; --help documents the options', async (t) => {
  const list = await cli(['probes']);
  t.equal(list.code, 0);
  for (const id of ['deploy-checks', 'cache-privacy']) t.match(list.stdout, new RegExp(`^${id}$`, 'm'));
  t.match(list.stdout, /deploy-checks\/debugPage \(error\)/);
  const help = await cli(['check', '--help']);
  t.equal(help.code, 0);
  for (const flag of ['--config', '--probe', '--private', '--rate', '--ca', '--insecure', '--header', '--format', '--fail-on', '--baseline', '--write-baseline', '--quiet', '--verbose']) {
    t.match(help.stdout, flag);
  }
  const version = await cli(['--version']);
  t.equal(version.code, 0);
  t.match(version.stdout, /^\d+\.\d+\.\d+/);
});
