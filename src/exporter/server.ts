// The exporter's HTTP side, in the shape of blackbox_exporter's multi-target
// pattern: Prometheus relabels each target name into ?target= and scrapes
// /probe on the exporter. A target is a site's name in the fleet config and
// nothing else: an unknown name (or a URL) is a 404 and fetches nothing, so
// the exporter cannot be made to request an address its operator did not list.
// Every answer comes from memory (the scheduler's last results): a scrape
// never waits for a crawl.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderExporterMetrics, renderProbe, type ScrapeCounts } from './metrics.js';
import type { Clock, Scheduler, ScheduledSite } from './scheduler.js';
import { SYSTEM_CLOCK } from './scheduler.js';

/** What Prometheus expects of a text-format scrape. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';
/** A target name is echoed back in a 404 this long at most. */
const MAX_ECHO = 80;

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** "127.0.0.1:9115", "[::1]:9115", "0.0.0.0:9115": a host and a port (0: any free port). */
export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^[\]:\s]+)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || port > 65_535) throw new Error(`--listen: expected HOST:PORT (e.g. 127.0.0.1:9115 or [::1]:9115), got ${JSON.stringify(text)}`);
  return { host: (match[1] ?? match[2]) as string, port };
}

function answer(response: ServerResponse, status: number, type: string, body: string, method: string | undefined): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  response.end(method === 'HEAD' ? undefined : body);
}

function echo(value: string): string {
  return JSON.stringify(value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…` : value);
}

export function exporterHandler<S extends ScheduledSite>(scheduler: Scheduler<S>, clock: Clock = SYSTEM_CLOCK) {
  const scrapes: ScrapeCounts = { probes: { found: 0, unknown: 0 } };
  return (request: IncomingMessage, response: ServerResponse): void => {
    const method = request.method;
    if (method !== 'GET' && method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      answer(response, 405, TEXT, `${method ?? 'this method'} is not allowed: GET or HEAD\n`, method);
      return;
    }
    const url = new URL(request.url ?? '/', 'http://exporter.invalid');
    switch (url.pathname) {
      case '/probe': {
        const targets = url.searchParams.getAll('target');
        if (targets.length !== 1 || targets[0] === '') {
          answer(response, 400, TEXT, 'expected one ?target=<site name> of the fleet config\n', method);
          return;
        }
        const name = targets[0] as string;
        const state = scheduler.state(name);
        if (!state) {
          scrapes.probes.unknown += 1;
          answer(response, 404, TEXT, `unknown target ${echo(name)}: not a site name in this exporter's fleet config (it probes only those)\n`, method);
          return;
        }
        scrapes.probes.found += 1;
        answer(response, 200, METRICS_CONTENT_TYPE, renderProbe(state, clock.now()), method);
        return;
      }
      case '/metrics':
        answer(response, 200, METRICS_CONTENT_TYPE, renderExporterMetrics(scheduler, scrapes), method);
        return;
      case '/-/healthy':
        answer(response, 200, TEXT, 'Healthy\n', method);
        return;
      case '/':
        answer(response, 200, TEXT, `wagtail-probe exporter: /probe?target=<site name> (${scheduler.sites.map((s) => s.name).join(', ')}), /metrics, /-/healthy\n`, method);
        return;
      default:
        answer(response, 404, TEXT, `no such page: ${echo(url.pathname)}; try /probe?target=<site name>, /metrics or /-/healthy\n`, method);
    }
  };
}

export interface RunningExporter {
  /** Where it listens, e.g. http://127.0.0.1:9115 (with the port chosen when 0 was asked for). */
  readonly url: string;
  /** Stops accepting, lets answers being written finish, aborts the runs in flight and waits for them. */
  close(): Promise<void>;
}

export async function startExporter<S extends ScheduledSite>(scheduler: Scheduler<S>, listen: ListenAddress, clock: Clock = SYSTEM_CLOCK): Promise<RunningExporter> {
  const server: Server = createServer(exporterHandler(scheduler, clock));
  // A scrape is short: a client that holds a connection without a request is not kept past this.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  scheduler.start();
  return {
    url: `http://${host}:${address.port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all([closed, scheduler.stop()]);
    },
  };
}
