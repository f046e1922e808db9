// --push-gateway against a real Prometheus Pushgateway (Debian's
// prometheus-pushgateway, started by this file on 127.0.0.1) and a real site
// (the hardened stack profile, and a closed local port for a site that is
// down): the group it PUTs, read back from the gateway's API and linted with
// promtool as Prometheus would scrape it; that it replaces the whole group;
// that no site secret goes there; what a failed push does to the exit code.
// The README's recipes are run by monitor-recipes.test.ts.

import t, { type Test } from 'tap';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exitCodeAfterPush, labelSegments, pushMetrics, resolvePushTarget } from '../../src/cli/push-gateway.js';
import { RunError } from '../../src/engine/run.js';
import { cli, tempDir } from '../helpers/cli.js';
import { familySamples, findGroup, firstValue, promtoolCheck, startPushgateway } from '../helpers/pushgateway.js';
import { generateCertificates } from '../http/hostile-servers.js';
import { loadStack } from '../stack/profiles.js';

const hardened = loadStack().profiles.hardened;
const HARDENED_HOST = new URL(hardened.baseUrl).host;
/** One fast probe on the hardened profile, and nothing that could gate: this run passes (exit 0). */
const PASSING_RUN = [hardened.baseUrl, '--no-config', '--ca', hardened.caFile ?? '', '--probe', 'crawl-coverage', '--max-pages', '5', '--fail-on', 'never', '-q'];
const DOWN_SITE = 'http://127.0.0.1:9/';
const DOWN_RUN = [DOWN_SITE, '--no-config', '--timeout', '1', '-q'];

const gateway = await startPushgateway();
t.teardown(() => gateway.stop());

const group = findGroup;
const value = firstValue;

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A pass-through in front of the real gateway that records each request it relays. */
async function recordingProxy(t: Test, upstream: string): Promise<{ url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const sent: RequestInit = { method: req.method ?? 'GET', headers: { 'content-type': req.headers['content-type'] ?? 'text/plain' } };
      if (body !== '') sent.body = body;
      fetch(`${upstream}${req.url}`, sent).then(
        async (answer) => res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' }).end(await answer.text()),
        () => res.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

t.test('the grouping key: URL-encoded values, @base64 for a slash or an empty value; defaults and refusals', async (t) => {
  t.equal(labelSegments('instance', 'www.example.com:8443'), 'instance/www.example.com%3A8443');
  t.equal(labelSegments('instance', 'a b'), 'instance/a%20b');
  t.equal(labelSegments('job', 'blog/staging'), `job@base64/${Buffer.from('blog/staging').toString('base64url')}`);
  t.equal(labelSegments('instance', ''), 'instance@base64/=');
  t.equal(labelSegments('instance', '..'), 'instance@base64/Li4');

  const target = resolvePushTarget({ url: 'http://pushgateway:9091/' }, 'https://www.example.com/blog/');
  t.same(target, { url: 'http://pushgateway:9091/metrics/job/wagtail_probe/instance/www.example.com', job: 'wagtail_probe', instance: 'www.example.com' });
  t.equal(resolvePushTarget({ url: 'https://gw.example.com/push/' }, 'http://127.0.0.1:8000/')?.url, 'https://gw.example.com/push/metrics/job/wagtail_probe/instance/127.0.0.1%3A8000', 'a path prefix is kept; the port is part of the host');
  t.equal(resolvePushTarget(null, 'https://www.example.com/'), null, 'no gateway, no push');

  const refused: [object, RegExp][] = [
    [{ url: 'pushgateway:9091' }, /expected an http or https URL/],
    [{ url: 'not a url' }, /not a URL/],
    [{ url: 'http://user:pw@pushgateway:9091' }, /credentials, which are not sent/],
    [{ url: 'http://pushgateway:9091/metrics/job/wagtail_probe' }, /not a metrics path/],
    [{ url: 'http://pushgateway:9091/?x=1' }, /without a query/],
    [{ url: 'http://pushgateway:9091', job: '' }, /job label cannot be empty/],
    [{ job: 'x' }, /without a URL/],
  ];
  for (const [config, message] of refused) {
    t.throws(() => resolvePushTarget(config, 'https://www.example.com/'), { code: 'ERR_CONFIG', message }, JSON.stringify(config));
    try {
      resolvePushTarget(config, 'https://www.example.com/');
    } catch (error) {
      t.ok(error instanceof RunError, 'a RunError: exit 2');
    }
  }
  t.equal(exitCodeAfterPush(0, { ok: false, message: 'x' }), 4, 'a failed push fails a passing run');
  t.same([1, 3, 4].map((code) => exitCodeAfterPush(code, { ok: false, message: 'x' })), [1, 3, 4], 'a run that failed keeps its code');
  t.equal(exitCodeAfterPush(0, { ok: true, status: 200 }), 0);
  t.equal(exitCodeAfterPush(0, null), 0);
});

t.test('every label value reaches the real gateway as itself', async (t) => {
  const cases: [string, string][] = [
    ['wagtail_probe', 'www.example.com:8443'],
    ['blog/staging', 'cms.example.com'],
    ['wagtail_probe', 'www.example.com/blog'],
    ['wagtail_probe', ''],
    ['wagtail probe', 'Προμηθεύς #1 ?%'],
  ];
  for (const [job, instance] of cases) {
    const target = resolvePushTarget({ url: gateway.url, job, instance }, 'https://www.example.com/')!;
    const pushed = await pushMetrics(target, '# HELP label_check One per group.\n# TYPE label_check gauge\nlabel_check 1\n', 5000);
    t.same(pushed, { ok: true, status: 200 }, `${JSON.stringify({ job, instance })}: ${target.url}`);
    t.ok(await group(gateway, { job, instance }), 'the gateway holds the group under exactly those labels');
  }
});

t.test('a completed run PUTs its metrics, the same text as --format prometheus, and no site secret', async (t) => {
  const proxy = await recordingProxy(t, gateway.url);
  const dir = await tempDir();
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const token = 'site-token-4f1c9e';
  const password = 'site-password-8d2b7a';
  const ran = await cli([...PASSING_RUN, '--header', `X-Site-Token: ${token}`, '--header', 'Cookie: consent=site-cookie-5e3a', '--auth', 'probe',
    '--format', 'prometheus', '--output', join(dir, 'm.prom'), '--push-gateway', proxy.url], { env: { WAGTAIL_PROBE_AUTH_PASSWORD: password } });
  t.equal(ran.code, 0, ran.stderr);
  t.equal(ran.stderr, '', 'nothing on stderr');
  t.equal(proxy.requests.length, 1, 'one request to the gateway');
  const [push] = proxy.requests;
  t.equal(push?.method, 'PUT', 'PUT: the whole group is replaced');
  t.equal(push?.path, `/metrics/job/wagtail_probe/instance/${encodeURIComponent(HARDENED_HOST)}`, "job wagtail_probe, instance the target's host and port");
  t.match(push?.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  t.same(Object.keys(push?.headers ?? {}).filter((h) => ['authorization', 'cookie', 'x-site-token'].includes(h)), [], 'no site header');
  const basic = Buffer.from(`probe:${password}`).toString('base64');
  for (const secret of [token, password, basic, 'site-cookie-5e3a']) t.notOk(JSON.stringify(push).includes(secret), 'no secret in the request');
  t.equal(push?.body, await readFile(join(dir, 'm.prom'), 'utf8'), 'the body is the --format prometheus report');

  const pushed = await group(gateway, { job: 'wagtail_probe', instance: HARDENED_HOST });
  t.equal(value(pushed, 'wagtail_probe_success'), '1');
  t.same(familySamples(pushed!, 'wagtail_probe_outcome')[0]?.labels, { job: 'wagtail_probe', instance: HARDENED_HOST, target: hardened.baseUrl, status: 'complete', reason: 'none' });
  t.ok(familySamples(pushed!, 'wagtail_probe_findings').length > 0, 'the findings family');
  const scrape = await gateway.scrape();
  t.match(scrape, `wagtail_probe_success{instance="${HARDENED_HOST}",job="wagtail_probe",target="${hardened.baseUrl}"} 1`, 'as Prometheus scrapes it');
  const lint = promtoolCheck(scrape);
  t.equal(lint.status, 0, `promtool check metrics on the gateway's /metrics: ${lint.output}`);
});

t.test('a site that is down pushes success 0 and the reason', async (t) => {
  const ran = await cli([...DOWN_RUN, '--push-gateway', gateway.url]);
  t.equal(ran.code, 3, ran.stderr);
  t.match(ran.stderr, /could not probe/);
  t.notMatch(ran.stderr, /push-gateway/, 'the push itself went through');
  const pushed = await group(gateway, { job: 'wagtail_probe', instance: '127.0.0.1:9' });
  t.equal(value(pushed, 'wagtail_probe_success'), '0');
  t.equal(value(pushed, 'wagtail_probe_exit_code'), '3');
  t.match(familySamples(pushed!, 'wagtail_probe_outcome')[0]?.labels, { status: 'not-probed', reason: 'unreachable' });
  const lint = promtoolCheck(await gateway.scrape());
  t.equal(lint.status, 0, lint.output);
});

t.test('PUT replaces the whole group: what the last run did not write is gone', async (t) => {
  const instance = 'replaced-group';
  const first = await cli([...PASSING_RUN, '--push-gateway', gateway.url, '--push-instance', instance]);
  t.equal(first.code, 0, first.stderr);
  const before = await group(gateway, { job: 'wagtail_probe', instance });
  t.equal(value(before, 'wagtail_probe_success'), '1');
  t.ok(familySamples(before!, 'wagtail_probe_findings').length > 0, 'the first push has findings counts');
  // The same group, now a site that is down: no probe ran, so it writes no findings family.
  const second = await cli([...DOWN_RUN, '--push-gateway', gateway.url, '--push-instance', instance]);
  t.equal(second.code, 3, second.stderr);
  const after = await group(gateway, { job: 'wagtail_probe', instance });
  t.equal(value(after, 'wagtail_probe_success'), '0', "yesterday's success is replaced");
  t.same(familySamples(after!, 'wagtail_probe_findings'), [], 'the findings of the earlier run are gone, not stale (a POST would keep them)');
});

t.test('the config file sets pushGateway; each flag wins over its key', async (t) => {
  const dir = await tempDir();
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const config = join(dir, 'wagtail-probe.config.json');
  await writeFile(config, JSON.stringify({ target: DOWN_SITE, pushGateway: { url: gateway.url, job: 'from_config', instance: 'from-config' } }));
  const ran = await cli(['--config', config, '--timeout', '1', '-q', '--push-instance', 'from-flag']);
  t.equal(ran.code, 3, ran.stderr);
  t.ok(await group(gateway, { job: 'from_config', instance: 'from-flag' }), 'job from the file, instance from the flag');
  t.notOk(await group(gateway, { job: 'from_config', instance: 'from-config' }), 'nothing under the overridden instance');

  await writeFile(config, JSON.stringify({ target: DOWN_SITE, pushGateway: { url: gateway.url, jobb: 'x' } }));
  const typo = await cli(['--config', config, '-q']);
  t.equal(typo.code, 2);
  t.match(typo.stderr, /pushGateway\.jobb: unknown key \(did you mean "job"\?\)/);
});

t.test('bad push settings are exit 2, one line, before anything is crawled', async (t) => {
  let requests = 0;
  const site = createServer((_req, res) => {
    requests += 1;
    res.writeHead(200, { 'content-type': 'text/html' }).end('<title>x</title>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => { site.closeAllConnections(); site.close(() => resolve()); }));
  const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  // (Every refusal is in the table of the first test; these two show the CLI's side: exit 2, one line, nothing crawled.)
  const bad: [string[], RegExp][] = [
    [['--push-gateway', `${gateway.url}/metrics/job/wagtail_probe`], /--push-gateway \(pushGateway\): give the gateway's base URL .*not a metrics path/],
    [['--push-job', 'x'], /a job or instance without a URL/],
  ];
  for (const [args, message] of bad) {
    const ran = await cli([url, '--no-config', '-q', ...args]);
    t.equal(ran.code, 2, args.join(' '));
    t.match(ran.stderr, message);
    t.equal(ran.stderr.trim().split('\n').length, 1, 'one line');
  }
  t.equal(requests, 0, 'nothing was crawled');
});

t.test('a push that fails: one line; exit 4 when the run passed, its own code when it had failed', async (t) => {
  const dir = await tempDir();
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const nowhere = `http://127.0.0.1:${await closedPort()}`;
  const passed = await cli([...PASSING_RUN, '--push-gateway', nowhere, '--format', 'prometheus', '--output', join(dir, 'm.prom')]);
  t.equal(passed.code, 4, passed.stderr);
  t.match(passed.stderr, new RegExp(`^wagtail-probe: --push-gateway: could not push to ${nowhere}/metrics/job/wagtail_probe/instance/\\S+: ERR_REFUSED: .*\\n$`));
  t.ok(existsSync(join(dir, 'm.prom')), 'the reports are written all the same');

  const down = await cli([...DOWN_RUN, '--push-gateway', nowhere]);
  t.equal(down.code, 3, 'a site that is down stays exit 3: that says more');
  t.match(down.stderr, /--push-gateway: could not push .*ERR_REFUSED/);
  t.match(down.stderr, /could not probe http:\/\/127\.0\.0\.1:9\//);

  // A real gateway refusing: another group of its own has wagtail_probe_success as a counter, so ours (a gauge) is inconsistent.
  const strict = await startPushgateway();
  t.teardown(() => strict.stop());
  t.equal((await fetch(`${strict.url}/metrics/job/other`, { method: 'PUT', body: '# TYPE wagtail_probe_success counter\nwagtail_probe_success 1\n' })).status, 200);
  const refused = await cli([...PASSING_RUN, '--push-gateway', strict.url]);
  t.equal(refused.code, 4, refused.stderr);
  t.match(refused.stderr, /--push-gateway: could not push to .*: the gateway answered 400: pushed metrics are invalid or inconsistent/);
  t.equal(refused.stderr.trim().split('\n').length, 1, 'one line');
  const failed = await group(strict, { job: 'wagtail_probe', instance: HARDENED_HOST });
  t.equal(failed?.last_push_successful, false, 'the gateway marks the failed push (push_failure_time_seconds)');
  t.same(familySamples(failed!, 'wagtail_probe_success'), [], 'and holds none of its metrics');
});

t.test('a gateway that never answers, or redirects: bounded, and said', async (t) => {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); silent.close(() => resolve()); }));
  const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  const started = Date.now();
  const hung = await pushMetrics(resolvePushTarget({ url: silentUrl }, DOWN_SITE)!, 'x 1\n', 500);
  t.match(hung, { ok: false, message: /ERR_TIMEOUT: no answer within 0\.5 s/ });
  t.ok(Date.now() - started < 3000, `within its timeout (${Date.now() - started} ms)`);

  const viaCli = await cli([...DOWN_RUN, '--push-gateway', silentUrl]);
  t.equal(viaCli.code, 3);
  t.match(viaCli.stderr, /--push-gateway: could not push .*ERR_TIMEOUT: no answer within 1 s \(--timeout\)/, 'the CLI bounds it by --timeout');

  const moved = createServer((_req, res) => res.writeHead(308, { location: `${gateway.url}/x` }).end());
  await new Promise<void>((resolve) => moved.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => { moved.closeAllConnections(); moved.close(() => resolve()); }));
  const redirected = await pushMetrics(resolvePushTarget({ url: `http://127.0.0.1:${(moved.address() as AddressInfo).port}` }, DOWN_SITE)!, 'x 1\n', 2000);
  t.match(redirected, { ok: false, message: /answered 308 \(redirects are not followed/ });

  const chatty = createServer((_req, res) => res.writeHead(503, { 'content-type': 'text/html' }).end(`<h1>down</h1>\n${'x'.repeat(100_000)}`));
  await new Promise<void>((resolve) => chatty.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => { chatty.closeAllConnections(); chatty.close(() => resolve()); }));
  const long = await pushMetrics(resolvePushTarget({ url: `http://127.0.0.1:${(chatty.address() as AddressInfo).port}` }, DOWN_SITE)!, 'x 1\n', 2000);
  t.match(long, { ok: false, message: /answered 503: <h1>down<\/h1> x+$/ }, 'the answer on one line');
  t.ok(!long.ok && long.message.length < 500, 'cut short');
});

t.test('an https gateway with a private CA, trusted through NODE_EXTRA_CA_CERTS', async (t) => {
  const certs = generateCertificates();
  const secure = await startPushgateway({ tls: { certPem: certs.chainPem, keyPem: certs.keyPem, caPem: certs.caPem } });
  t.teardown(() => secure.stop());
  const dir = await tempDir();
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'ca.pem'), certs.caPem);
  // This process has no NODE_EXTRA_CA_CERTS: the gateway's CA is not trusted here.
  const untrusted = await pushMetrics(resolvePushTarget({ url: secure.url }, DOWN_SITE)!, 'x 1\n', 5000);
  t.match(untrusted, { ok: false, message: /ERR_TLS: .*NODE_EXTRA_CA_CERTS/ }, 'not trusted by default, and what to do');
  t.notMatch(untrusted.ok ? '' : untrusted.message, /--ca FILE/, "not the site's advice: --ca is for the site");
  const trusted = await cli([...DOWN_RUN, '--push-gateway', secure.url], { env: { NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') } });
  t.equal(trusted.code, 3);
  t.notMatch(trusted.stderr, /push-gateway/, trusted.stderr);
  t.equal(value(await group(secure, { job: 'wagtail_probe', instance: '127.0.0.1:9' }), 'wagtail_probe_success'), '0');
});
