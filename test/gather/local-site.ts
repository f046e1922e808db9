// A real HTTP server on 127.0.0.1 for crawler tests: answers from a route
// function, records every request it received (method and path with query),
// and is closed by the test's teardown. Crawls run through the real client.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crawl, type CrawlEvent } from '../../src/gather/crawler.js';
import { createHttpClient } from '../../src/http/client.js';
import type { SiteModel } from '../../src/gather/model.js';
import type { RunOptions } from '../../src/engine/options.js';
import { options as baseOptions } from '../helpers/site-kit.js';

/** Answers one request (now or later) and returns true, or returns false for the default 404. */
export type Route = (path: string, res: ServerResponse, req: IncomingMessage) => boolean;

export interface LocalSite {
  /** The site's root URL, ending in '/'. */
  readonly url: string;
  /** `GET /path?query` for every request received, in order. */
  readonly hits: string[];
  /** Paths (with query) received, without the method. */
  paths(): string[];
  close(): Promise<void>;
}

export function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

export function links(...hrefs: string[]): string {
  return hrefs.map((href) => `<a href="${href}">${href}</a>`).join('\n');
}

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

export async function localSite(route: Route): Promise<LocalSite> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.push(`${req.method} ${path}`);
    if (!route(path, res, req)) send(res, 404, page('Not found', ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    hits,
    paths: () => hits.map((hit) => hit.slice(hit.indexOf(' ') + 1)),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface CrawlOverrides {
  readonly crawl?: Partial<RunOptions['crawl']>;
  readonly http?: Partial<RunOptions['http']>;
  /** Any other option (smoke, privateCanaries, ...). */
  readonly run?: Partial<Omit<RunOptions, 'crawl' | 'http' | 'target'>>;
}

export async function crawlSite(site: LocalSite, overrides: CrawlOverrides = {}, events: CrawlEvent[] = []): Promise<SiteModel> {
  const base = baseOptions();
  const opts: RunOptions = {
    ...base,
    ...overrides.run,
    target: site.url,
    http: { ...base.http, siteOrigin: new URL(site.url).origin, ...overrides.http },
    crawl: { ...base.crawl, ...overrides.crawl },
  };
  const client = createHttpClient({ ...opts.http, concurrency: opts.crawl.concurrency, rate: 0 });
  try {
    return await crawl(opts, client, { onEvent: (event) => events.push(event) });
  } finally {
    await client.close();
  }
}
