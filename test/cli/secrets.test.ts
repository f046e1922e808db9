// Secrets, as an attacker would test them: a site that links resources on
// other origins (another host, another port) and echoes what it is sent (in a
// Location, a Server header, a page). The user's header values, cookie and
// Basic auth password must reach the target's origin and nothing else, and
// appear in no output: not in any report format, not on stdout, not in the -v log.

import t from 'tap';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { cli, tempDir } from '../helpers/cli.js';
import { generateCertificates } from '../http/hostile-servers.js';

const TOKEN = 'tok-secret-1234';
const COOKIE_VALUE = 'cookie-secret-5678';
const PASSWORD = 'pass-secret-9012';
const BASIC = Buffer.from(`ops:${PASSWORD}`).toString('base64');
const SECRETS = [TOKEN, COOKIE_VALUE, PASSWORD, BASIC];

interface Recorder {
  server: Server;
  origin: string;
  received: IncomingHttpHeaders[];
}

async function recorder(host: string, handler: (path: string, headers: IncomingHttpHeaders, res: import('node:http').ServerResponse) => void): Promise<Recorder> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    received.push(req.headers);
    handler(req.url ?? '/', req.headers, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, origin: `http://${host}:${(server.address() as AddressInfo).port}`, received };
}

const close = (r: Recorder) => new Promise<void>((resolve) => { r.server.closeAllConnections(); r.server.close(() => resolve()); });

t.test('secrets go to the target origin only, and no output shows them', async (t) => {
  const otherHost = await recorder('127.0.0.2', (_path, _headers, res) => res.writeHead(200, { 'content-type': 'image/png' }).end('png'));
  const otherPort = await recorder('127.0.0.1', (_path, _headers, res) => res.writeHead(200, { 'content-type': 'text/javascript' }).end('1'));
  const site = await recorder('127.0.0.1', (path, headers, res) => {
    // The site echoes everything it was given, as careless servers and debug pages do.
    const echoed = `${String(headers['x-token'])} ${String(headers['cookie'])} ${String(headers['authorization'])}`;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', server: `echo ${echoed}` });
      res.end(`<title>Home</title><a href="/echo/">echo</a><img src="${otherHost.origin}/pic.png"><script src="${otherPort.origin}/app.js"></script>`);
    } else if (path === '/echo/') {
      res.writeHead(302, { location: `/landing/?seen=${encodeURIComponent(echoed)}` }).end();
    } else {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(`<h1>Page not found</h1><pre>${echoed}</pre>`);
    }
  });
  t.teardown(async () => Promise.all([close(site), close(otherHost), close(otherPort)]));

  const dir = await tempDir();
  const formats = ['json', 'junit', 'tap', 'sarif', 'prometheus', 'html'];
  const target = site.origin.replace('http://', `http://ops:${PASSWORD}@`) + '/';
  const ran = await cli([
    target, '--no-config', '-v', '--timeout', '3',
    '--header', `X-Token: ${TOKEN}`, '--header', `Cookie: sessionid=${COOKIE_VALUE}`,
    '--format', 'pretty',
    ...formats.flatMap((f) => ['--format', f, '--output', join(dir, `report.${f}`)]),
    '--write-baseline', join(dir, 'baseline.json'),
  ]);
  t.ok(ran.code === 0 || ran.code === 1, `the run completed (exit ${ran.code}): ${ran.stderr.slice(0, 400)}`);

  t.ok(site.received.length > 0, 'the site was probed');
  t.ok(site.received.every((h) => h['x-token'] === TOKEN && h['cookie'] === `sessionid=${COOKIE_VALUE}` && h['authorization'] === `Basic ${BASIC}`), 'every request to the target origin carried them');
  t.ok(otherHost.received.length > 0 && otherPort.received.length > 0, 'the resources on other origins were fetched');
  for (const [name, server] of [['another host', otherHost], ['another port', otherPort]] as const) {
    t.same(server.received.filter((h) => h['x-token'] !== undefined || h['cookie'] !== undefined || h['authorization'] !== undefined), [], `${name} received none of them`);
  }

  const outputs: [string, string][] = [['stdout', ran.stdout], ['stderr (-v)', ran.stderr]];
  for (const file of await readdir(dir)) outputs.push([file, await readFile(join(dir, file), 'utf8')]);
  t.equal(outputs.length, 2 + formats.length + 1, 'every report was written');
  t.match(ran.stderr, /GET 200 \d+ms http:\/\/127\.0\.0\.1:\d+\/\n/, '-v logs the requests, with the target shown without its userinfo');
  for (const [name, text] of outputs) {
    for (const secret of SECRETS) t.notOk(text.includes(secret), `${name} does not contain ${secret.slice(0, 8)}…`);
  }
  t.match(outputs.find(([name]) => name === 'report.json')?.[1], /echo \*\*\*/, 'what the site echoed is masked, not dropped');
});

t.test('an https target never sends its secrets to its plain-http address', async (t) => {
  // The plain-http check of an https target is another origin (the scheme differs).
  const certificates = generateCertificates();
  const dir = await tempDir();
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, certificates.caPem);
  const received: IncomingHttpHeaders[] = [];
  const secure = createHttpsServer({ key: certificates.keyPem, cert: certificates.chainPem }, (req, res) => {
    received.push(req.headers);
    res.writeHead(req.url === '/' ? 200 : 404, { 'content-type': 'text/html', 'strict-transport-security': 'max-age=31536000' }).end('<title>Home</title>');
  });
  await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
  const plain = await recorder('127.0.0.1', (_path, _headers, res) => res.writeHead(301, { location: 'https://127.0.0.1/' }).end());
  t.teardown(async () => {
    await close(plain);
    secure.closeAllConnections();
    await new Promise<void>((resolve) => secure.close(() => resolve()));
  });
  const target = `https://127.0.0.1:${(secure.address() as AddressInfo).port}/`;
  const ran = await cli([target, '--no-config', '--timeout', '3', '--ca', caFile, '--probe', 'deploy-checks', '--plain-http-url', `${plain.origin}/`, '--header', `X-Token: ${TOKEN}`, '--format', 'json']);
  t.ok(ran.code === 0 || ran.code === 1, `the run completed (exit ${ran.code}): ${ran.stderr}`);
  t.ok(plain.received.length > 0, 'the plain-http address was checked');
  t.same(plain.received.filter((h) => h['x-token'] !== undefined), [], 'and received no secret');
  t.ok(received.length > 0 && received.every((h) => h['x-token'] === TOKEN), 'the https origin got it on every request');
  t.notOk(ran.stdout.includes(TOKEN), 'the report does not show it');
});
