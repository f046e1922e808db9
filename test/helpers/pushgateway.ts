// A real Prometheus Pushgateway (Debian's prometheus-pushgateway) for one test
// file, and promtool (Debian's prometheus) to lint what it serves. .ci/run
// installs both; when either is missing the tests that need them fail saying
// what to install, never skip.
//
// The gateway listens on 127.0.0.1 only, on a free port, keeps its persistence
// file in a temporary folder of its own, and stops by itself: it runs under a
// shell that kills it when its standard input (a pipe from this process)
// closes, which happens when the test calls stop() and also when this process
// dies in any way; `timeout` caps it at ten minutes besides. The same shell
// removes the folder once the gateway has stopped.

import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { Agent, fetch } from 'undici';
import { freePort, WATCHDOG } from './local-server.js';

export const PUSHGATEWAY_BIN = '/usr/bin/prometheus-pushgateway';
export const PROMTOOL_BIN = '/usr/bin/promtool';

/** Throws, naming the Debian package, when the gateway or promtool is not installed. */
export function requirePrometheusTools(): void {
  const missing: string[] = [];
  if (!existsSync(PUSHGATEWAY_BIN)) missing.push(`${PUSHGATEWAY_BIN} (Debian package prometheus-pushgateway)`);
  if (!existsSync(PROMTOOL_BIN)) missing.push(`${PROMTOOL_BIN} (Debian package prometheus)`);
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(' and ')}: apt-get install --no-install-recommends prometheus-pushgateway prometheus (.ci/run installs them)`);
  }
}

/** One group as GET /api/v1/metrics describes it: its labels, and each metric family by name. */
export interface PushedGroup {
  labels: Record<string, string>;
  last_push_successful: boolean;
  [family: string]: unknown;
}

export interface PushgatewayOptions {
  /** Serve https with this certificate (chain) and key, through the gateway's --web.config.file; `caPem` is what the helper trusts. */
  readonly tls?: { readonly certPem: string; readonly keyPem: string; readonly caPem: string };
}

export interface Pushgateway {
  /** http://127.0.0.1:<port>, or https:// with `tls` */
  readonly url: string;
  /** GET /metrics: what Prometheus scrapes (every group, plus the gateway's own metrics). */
  scrape(): Promise<string>;
  /** GET /api/v1/metrics: the pushed groups. */
  groups(): Promise<PushedGroup[]>;
  /** What the gateway printed (its log), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}


async function startOnce(options: PushgatewayOptions): Promise<Pushgateway> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'wagtail-probe-pushgateway-'));
  const args = [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${join(dir, 'pushgateway.data')}`, '--log.level=info'];
  if (options.tls) {
    await writeFile(join(dir, 'cert.pem'), options.tls.certPem);
    await writeFile(join(dir, 'key.pem'), options.tls.keyPem, { mode: 0o600 });
    await writeFile(join(dir, 'web.yml'), `tls_server_config:\n  cert_file: ${join(dir, 'cert.pem')}\n  key_file: ${join(dir, 'key.pem')}\n`);
    args.push(`--web.config.file=${join(dir, 'web.yml')}`);
  }
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const dispatcher = new Agent(options.tls ? { connect: { ca: options.tls.caPem } } : {});
  const get = (path: string) => fetch(`${url}${path}`, { dispatcher });
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn('sh', ['-c', WATCHDOG, 'sh', dir, PUSHGATEWAY_BIN, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const stop = async (): Promise<void> => {
    child.stdin.end();
    await exited;
    await dispatcher.close();
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (gone) {
      await stop();
      throw new Error(`the Pushgateway exited before it was ready:\n${output}`);
    }
    const ready = await get('/-/ready').then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the Pushgateway was not ready on ${url} within 15 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    scrape: async () => {
      const response = await get('/metrics');
      if (!response.ok) throw new Error(`GET ${url}/metrics answered ${response.status}`);
      return response.text();
    },
    groups: async () => {
      const response = await get('/api/v1/metrics');
      const body = (await response.json()) as { status: string; data: PushedGroup[] };
      if (body.status !== 'success') throw new Error(`GET ${url}/api/v1/metrics: ${JSON.stringify(body)}`);
      return body.data;
    },
    log: () => output,
    stop,
  };
}

/** Starts a gateway (a port taken between our probe and its bind is retried). */
export async function startPushgateway(options: PushgatewayOptions = {}): Promise<Pushgateway> {
  requirePrometheusTools();
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startOnce(options);
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

/** `promtool check metrics` on the text: its exit status (0 clean, 3 lint problems, 1 unparsable) and what it said. */
export function promtoolCheck(text: string): { status: number | null; output: string } {
  requirePrometheusTools();
  const run = spawnSync(PROMTOOL_BIN, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The value of one metric family in a group as the API shows it: its samples' labels and values. */
export function familySamples(group: PushedGroup, name: string): { labels: Record<string, string>; value: string }[] {
  const family = group[name] as { metrics?: { labels: Record<string, string>; value: string }[] } | undefined;
  return family?.metrics ?? [];
}

/** The group whose labels are exactly these. */
export async function findGroup(pg: Pushgateway, labels: Record<string, string>): Promise<PushedGroup | undefined> {
  const wanted = Object.entries(labels);
  return (await pg.groups()).find((g) => Object.keys(g.labels).length === wanted.length && wanted.every(([k, v]) => g.labels[k] === v));
}

/** The value of a family's first sample in a group, as the API writes it ("1", "0"). */
export function firstValue(group: PushedGroup | undefined, name: string): string | undefined {
  return group === undefined ? undefined : familySamples(group, name)[0]?.value;
}
