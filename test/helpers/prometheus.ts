// A real Prometheus server (Debian's prometheus, /usr/bin/prometheus) for one
// test: it scrapes what the test configures and answers PromQL over its HTTP
// API. Missing, the test that needs it fails saying what to install.
//
// As with the Pushgateway (test/helpers/pushgateway.ts): it listens on
// 127.0.0.1 only, on a free port, keeps its TSDB and config in a temporary
// folder of its own, and stops by itself: a shell kills it when its standard
// input (a pipe from this process) closes, on stop() or when this process
// dies; `timeout` caps it at ten minutes; the shell removes the folder after.

import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { freePort, WATCHDOG } from './local-server.js';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';

export interface PrometheusServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** An instant query: the result vector's samples (labels and value as text). */
  query(promql: string): Promise<{ metric: Record<string, string>; value: string }[]>;
  /** The scrape targets as /api/v1/targets lists them (health, last error), for failure messages. */
  targets(): Promise<unknown>;
  log(): string;
  stop(): Promise<void>;
}


async function startOnce(configYaml: string): Promise<PrometheusServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'wagtail-probe-prometheus-'));
  await writeFile(join(dir, 'prometheus.yml'), configYaml);
  const args = [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ];
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn('sh', ['-c', WATCHDOG, 'sh', dir, PROMETHEUS_BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const stop = async (): Promise<void> => {
    child.stdin.end();
    await exited;
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (gone) throw new Error(`prometheus exited before it was ready:\n${output}`);
    if (await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus was not ready on ${url} within 20 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async query(promql) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await response.json()) as { status: string; data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
      if (body.status !== 'success' || body.data?.resultType !== 'vector') throw new Error(`query ${promql}: ${JSON.stringify(body)}`);
      return body.data.result.map((r) => ({ metric: r.metric, value: r.value[1] }));
    },
    async targets() {
      return (await fetch(`${url}/api/v1/targets`)).json();
    },
    log: () => output,
    stop,
  };
}

/** Starts Prometheus with this prometheus.yml (a port taken between our probe and its bind is retried). */
export async function startPrometheus(configYaml: string): Promise<PrometheusServer> {
  if (!existsSync(PROMETHEUS_BIN)) throw new Error(`missing ${PROMETHEUS_BIN}: apt-get install --no-install-recommends prometheus (.ci/run installs it)`);
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startOnce(configYaml);
    } catch (error) {
      last = error;
    }
  }
  throw last;
}
