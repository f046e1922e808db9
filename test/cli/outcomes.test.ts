// What the command line does when the site is not there, is slow, is
// stopped, or the operator mistypes: a site that never answers is never a
// pass; exits 3 and 4 still write every report; outputs are checked before a
// crawl and written atomically; one clear line for bad input.

import t from 'tap';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { cli, tempDir } from '../helpers/cli.js';

interface Site {
  url: string;
  requests: () => number;
  close: () => Promise<void>;
}

/** A raw TCP server: `onConnection` decides what (if anything) it ever says. */
async function rawSite(onConnection: (socket: net.Socket) => void): Promise<Site> {
  let requests = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.on('data', () => (requests += 1));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests: () => requests,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

async function httpSite(handler: Parameters<typeof createServer>[1]): Promise<Site> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    handler?.(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests: () => requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const FAST = ['--no-config', '--timeout', '1'];

const deadSites: [string, () => Promise<Site>, RegExp][] = [
  ['accepts connections and never answers', () => rawSite(() => {}), /could not probe .*ERR_TIMEOUT/],
  ['answers only 100 Continue, then nothing', () => rawSite((s) => s.once('data', () => s.write('HTTP/1.1 100 Continue\r\n\r\n'))), /could not probe .*ERR_TIMEOUT/],
  ['resets every connection', () => rawSite((s) => s.once('data', () => s.resetAndDestroy())), /could not probe .*ERR_RESET/],
  ['answers 503 to every page', () => httpSite((_req, res) => res.writeHead(503, { 'retry-after': '1' }).end('down')), /could not probe .*no page of .* answered 2xx .*status 503/],
];

for (const [name, start, stderr] of deadSites) {
  t.test(`a site that ${name} is never a pass: exit 3, and every report says so`, async (t) => {
    const site = await start();
    t.teardown(site.close);
    const dir = await tempDir();
    const started = Date.now();
    const ran = await cli([site.url, ...FAST, '--format', 'prometheus', '--output', join(dir, 'm.prom'), '--format', 'junit', '--output', join(dir, 'r.xml'),
      '--format', 'sarif', '--output', join(dir, 'r.sarif'), '--format', 'json', '--output', join(dir, 'r.json')]);
    t.equal(ran.code, 3, ran.stderr);
    t.ok(Date.now() - started < 30_000, 'in bounded time');
    t.match(ran.stderr, stderr);
    t.match(await readFile(join(dir, 'm.prom'), 'utf8'), /^wagtail_probe_success(\{[^}]*\})? 0$/m, 'Prometheus: success 0, so the monitor alerts');
    t.match(await readFile(join(dir, 'r.xml'), 'utf8'), /<error /, 'JUnit: an error');
    const sarif = JSON.parse(await readFile(join(dir, 'r.sarif'), 'utf8')) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications?: unknown[] }[] }[] };
    t.equal(sarif.runs[0]?.invocations[0]?.executionSuccessful, false, 'SARIF: the execution did not succeed');
    t.ok((sarif.runs[0]?.invocations[0]?.toolExecutionNotifications ?? []).length > 0, 'SARIF: a notification says why');
    const json = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as { outcome: { status: string } };
    t.equal(json.outcome.status, 'not-probed', 'JSON: the outcome');
  });
}

t.test("a failed run replaces yesterday's success: the file is rewritten, not left behind", async (t) => {
  const dir = await tempDir();
  const metrics = join(dir, 'm.prom');
  await writeFile(metrics, 'wagtail_probe_success 1\n');
  const ran = await cli(['http://127.0.0.1:9/', ...FAST, '--format', 'prometheus', '--output', metrics]);
  t.equal(ran.code, 3);
  t.match(await readFile(metrics, 'utf8'), /^wagtail_probe_success(\{[^}]*\})? 0$/m);
  t.same((await readdir(dir)).sort(), ['m.prom'], 'no temporary file is left beside it');
});

t.test('a run that judged nothing does not overwrite the baseline: it knows no findings', async (t) => {
  const dir = await tempDir();
  const baseline = join(dir, 'baseline.json');
  await writeFile(baseline, 'yesterday');
  const ran = await cli(['http://127.0.0.1:9/', ...FAST, '-q', '--write-baseline', baseline]);
  t.equal(ran.code, 3);
  t.equal(await readFile(baseline, 'utf8'), 'yesterday');
  t.match(ran.stderr, /--write-baseline: not written, the run did not complete/);
});

t.test('--run-timeout stops a slow crawl, writes its reports and exits 3', async (t) => {
  const site = await httpSite((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(Array.from({ length: 50 }, (_, i) => `<a href="/p${i}/">p</a>`).join(''));
    else setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>slow</title>'), 800);
  });
  t.teardown(site.close);
  const dir = await tempDir();
  const started = Date.now();
  const ran = await cli([site.url, '--no-config', '--timeout', '5', '--concurrency', '1', '--run-timeout', '1.5', '--format', 'json', '--output', join(dir, 'r.json')]);
  t.equal(ran.code, 3);
  t.ok(Date.now() - started < 10_000, `stopped near its deadline (${Date.now() - started} ms)`);
  const json = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as { outcome: { status: string; reason: string } };
  t.same([json.outcome.status, json.outcome.reason], ['not-probed', 'deadline']);
  t.match(ran.stderr, /--run-timeout/);
});

t.test('SIGTERM mid-crawl: the reports are still written, with the reason', async (t) => {
  let firstRequest: () => void = () => {};
  const requested = new Promise<void>((resolve) => (firstRequest = resolve));
  const site = await httpSite((_req, res) => {
    firstRequest();
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end('<a href="/x/">x</a>'), 5000);
  });
  t.teardown(site.close);
  const dir = await tempDir();
  // The signal goes once the crawl is under way (the server saw a request), not on a guess of startup time.
  const ran = await cli([site.url, '--no-config', '--timeout', '10', '--format', 'prometheus', '--output', join(dir, 'm.prom')], {
    started: (child) => void requested.then(() => child.kill('SIGTERM')),
  });
  t.equal(ran.code, 3, ran.stderr);
  const metrics = await readFile(join(dir, 'm.prom'), 'utf8');
  t.match(metrics, /^wagtail_probe_success(\{[^}]*\})? 0$/m);
  t.match(metrics, /reason="interrupted"/);
});

t.test('outputs are checked before anything is crawled', async (t) => {
  const site = await httpSite((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>x</title>'));
  t.teardown(site.close);
  const dir = await tempDir();
  const locked = join(dir, 'locked');
  await mkdir(locked);
  await chmod(locked, 0o500);
  t.teardown(() => chmod(locked, 0o700));
  const bad: [string, string[], RegExp][] = [
    ['two reports on standard output', ['--format', 'json', '--format', 'tap'], /json and tap would both go to standard output/],
    ['a folder that is a file', ['--format', 'json', '--output', join(dir, 'file.txt', 'r.json')], /cannot write --format json output .*file\.txt/],
    ['an output that is a directory', ['--format', 'json', '--output', dir], /it is a directory/],
  ];
  await writeFile(join(dir, 'file.txt'), 'x');
  if (process.getuid?.() !== 0) bad.push(['a folder without write permission', ['--format', 'junit', '--output', join(locked, 'r.xml')], /EACCES/]);
  for (const [name, args, message] of bad) {
    const ran = await cli([site.url, '--no-config', ...args]);
    t.equal(ran.code, 2, name);
    t.match(ran.stderr, message, name);
    t.equal(ran.stderr.trim().split('\n').length, 1, `${name}: one line`);
  }
  t.equal(site.requests(), 0, 'nothing was crawled');
  const created = join(dir, 'new', 'folder', 'r.json');
  const ran = await cli([site.url, '--no-config', '--format', 'json', '--output', created]);
  t.ok(ran.code === 0 || ran.code === 1, ran.stderr);
  t.ok(existsSync(created), 'a missing folder is created');
});

t.test('flags that take a value never swallow the target', async (t) => {
  const site = await httpSite((req, res) => res.writeHead(req.url === '/' ? 200 : 404, { 'content-type': 'text/html' }).end('<title>x</title>'));
  t.teardown(site.close);
  const ran = await cli(['--no-config', '--private', `${site.url}documents/1/a.pdf`, site.url, '--probe', 'crawl-coverage', '--format', 'json']);
  t.ok(ran.code === 0 || ran.code === 1, ran.stderr);
  t.equal((JSON.parse(ran.stdout) as { target: string }).target, site.url);
  const listed = await cli(['--no-config', site.url, '--probe', 'crawl-coverage,page-privacy', '--format', 'json']);
  t.same((JSON.parse(listed.stdout) as { probes: { id: string }[] }).probes.map((p) => p.id).sort(), ['crawl-coverage', 'page-privacy'], 'comma-separated ids');
});

t.test('one clear line for a mistyped probe or a broken config', async (t) => {
  const typo = await cli(['http://127.0.0.1:9/', '--no-config', '--probe', 'dploy-checks']);
  t.equal(typo.code, 2);
  t.match(typo.stderr, /no probe "dploy-checks" \(did you mean "deploy-checks"\?\)/);
  const dir = await tempDir();
  await writeFile(join(dir, 'c.json'), '{\n  "target": "http://127.0.0.1:9/",\n  "crawl": { "maxPages": 3 }\n  "failOn": "error"\n}\n');
  const broken = await cli(['--config', join(dir, 'c.json')]);
  t.equal(broken.code, 2);
  t.match(broken.stderr, /c\.json: not valid JSON at line 4, column 3: comma expected/);
});

t.test('an untrusted certificate says what to do', async (t) => {
  const { generateCertificates } = await import('../http/hostile-servers.js');
  const { createServer: createHttps } = await import('node:https');
  const certs = generateCertificates();
  const server = createHttps({ key: certs.keyPem, cert: certs.chainPem }, (_req, res) => res.end('x'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  const ran = await cli([`https://127.0.0.1:${(server.address() as AddressInfo).port}/`, ...FAST]);
  t.equal(ran.code, 3);
  t.match(ran.stderr, /ERR_TLS.*--ca FILE.*--insecure/);
});

t.test('`wagtail-probe probes | head -1` ends quietly', async (t) => {
  const { spawn } = await import('node:child_process');
  const { BIN } = await import('../helpers/cli.js');
  const child = spawn(process.execPath, [BIN, 'probes']);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  t.equal(stderr, '', 'no EPIPE stack trace');
  t.equal(code, 0);
});

t.test('--auth USER: the password comes from the environment or standard input and is sent as Basic auth', async (t) => {
  const seen: string[] = [];
  const site = await httpSite((req, res) => {
    seen.push(req.headers.authorization ?? '');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<title>x</title>');
  });
  t.teardown(site.close);
  const fromEnv = await cli([site.url, '--no-config', '--probe', 'crawl-coverage', '--auth', 'ops', '-q'], { env: { WAGTAIL_PROBE_AUTH_PASSWORD: 'env-pw-1234' } });
  t.equal(fromEnv.code, 0, fromEnv.stderr);
  t.ok(seen.includes(`Basic ${Buffer.from('ops:env-pw-1234').toString('base64')}`));
  const fromStdin = await cli([site.url, '--no-config', '--probe', 'crawl-coverage', '--auth', 'ops', '--auth-password-stdin', '-q'], { stdin: 'stdin-pw-5678\n' });
  t.equal(fromStdin.code, 0, fromStdin.stderr);
  t.ok(seen.includes(`Basic ${Buffer.from('ops:stdin-pw-5678').toString('base64')}`), 'the final newline is not part of the password');
  const none = await cli([site.url, '--no-config', '--auth', 'ops']);
  t.equal(none.code, 2, 'no password anywhere: a usage error, before anything is sent');
  t.match(none.stderr, /--auth ops: no password: set WAGTAIL_PROBE_AUTH_PASSWORD/);
});
