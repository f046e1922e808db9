// The raw request ceiling of a server over a URL list, and the project's HTTP
// client over the same list: both at the same connection count, both sending
// exactly the same sequence (the list, `passes` times), run in a process of
// their own so the runner's event loop is not in the measurement.
//
//   node bench/ceiling.mjs --tool autocannon|client|client-headers --origin http://127.0.0.1:8080 \
//        --paths paths.json --connections 16 [--passes 2]
//
// autocannon: one request object whose setupRequest hands each request the next
//   path of a shared index (autocannon takes a URL list this way).
// client: createHttpClient from dist/ with the CLI's defaults, `connections`
//   workers pulling from the same index, reading bodies as the crawler does
//   (pages whole as text, static whole, anything else the sniff prefix), no parsing.
// client-headers: the same client reading no body at all: the layer's floor.
// Prints one JSON object on stdout.

import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    tool: { type: 'string' },
    origin: { type: 'string' },
    paths: { type: 'string' },
    connections: { type: 'string', default: '16' },
    passes: { type: 'string', default: '2' },
  },
});
const paths = JSON.parse(await readFile(values.paths, 'utf8'));
const connections = Number(values.connections);
const total = paths.length * Number(values.passes);

async function withAutocannon() {
  const { default: autocannon } = await import('autocannon');
  let next = 0;
  const started = performance.now();
  const result = await autocannon({
    url: values.origin,
    connections,
    amount: total,
    timeout: 30,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }),
      },
    ],
  });
  const seconds = (performance.now() - started) / 1000;
  const requests = result.requests.total;
  return { requests, seconds, requestsPerSecond: requests / seconds, bytes: result.throughput.total, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

async function withClient(readBodies) {
  const { resolveRunRequest } = await import('../dist/src/engine/run.js');
  const { createHttpClient } = await import('../dist/src/http/client.js');
  const { options } = await resolveRunRequest({ target: `${values.origin}/`, configFile: false, crawl: { concurrency: connections } });
  const client = createHttpClient({ ...options.http, concurrency: connections, rate: 0 });
  const { maxHtmlBytes, maxAssetBytes, sniffBytes } = options.http;
  const policyFor = (path) => {
    if (!readBodies) return { read: 'none' };
    if (path.endsWith('/')) return { read: 'whole', maxBytes: maxHtmlBytes, keepText: true };
    if (path.startsWith('/static/')) return { read: 'whole', maxBytes: maxAssetBytes };
    return { read: 'prefix', maxBytes: sniffBytes };
  };
  let next = 0;
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const path = paths[next++ % paths.length];
      const result = await client.fetch(`${values.origin}${path}`, { body: policyFor(path), followRedirects: false });
      if (!result.ok) errors += 1;
      else if (result.status < 200 || result.status > 299) non2xx += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  const stats = client.stats();
  await client.close();
  return { requests: stats.requests, seconds, requestsPerSecond: stats.requests / seconds, bytes: stats.bytesRead, non2xx, errors };
}

const tools = { autocannon: withAutocannon, client: () => withClient(true), 'client-headers': () => withClient(false) };
if (!(values.tool in tools)) throw new Error(`--tool must be one of ${Object.keys(tools).join(', ')}`);
const result = await tools[values.tool]();
process.stdout.write(`${JSON.stringify({ tool: values.tool, connections, ...result })}\n`);
