// Tiny sites for the fleet and exporter tests: a node http server on one
// loopback address (127.0.0.1, 127.0.0.2, … are separate origins) that
// answers a home page, one more page, and 404 for anything else, and counts
// the requests it got. Each stops at the test's teardown.

import type { Test } from 'tap';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalSite {
  /** http://<host>:<port>/ */
  readonly url: string;
  /** Requests answered so far. */
  requests(): number;
}

const PAGES: Readonly<Record<string, string>> = {
  '/': '<!doctype html><html><head><title>Home</title></head><body class="template-homepage"><a href="/about/">About</a></body></html>',
  '/about/': '<!doctype html><html><head><title>About</title></head><body class="template-standardpage"><a href="/">Home</a></body></html>',
};

export interface LocalSiteOptions {
  /** Milliseconds before each answer. */
  readonly delayMs?: number;
  /** Told +1 when a request arrives and -1 when its answer is sent (to watch how many sites are busy at once). */
  readonly onActivity?: (delta: 1 | -1) => void;
}

export async function startLocalSite(t: Test, host: string, options: LocalSiteOptions = {}): Promise<LocalSite> {
  let requests = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests += 1;
    options.onActivity?.(1);
    response.once('close', () => options.onActivity?.(-1));
    const answer = (): void => {
      const page = PAGES[new URL(request.url ?? '/', 'http://x').pathname];
      response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page ?? '<!doctype html><title>Not found</title>');
    };
    if (options.delayMs) setTimeout(answer, options.delayMs);
    else answer();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://${host}:${port}/`, requests: () => requests };
}
