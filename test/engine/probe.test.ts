// The engine's side of a probe: its request budget is counted, and a fresh
// request is its own, while identical requests are shared across the run.

import t from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineProbe, requestBudget, runProbe } from '../../src/engine/probe.js';
import { memoisedFetch } from '../../src/engine/run.js';
import { createHttpClient } from '../../src/http/client.js';
import { options, site } from '../helpers/site-kit.js';
import { testClientOptions } from '../http/client-options.js';

const answered = async () => ({ ok: false, request: { method: 'GET', url: 'x', headers: {} }, url: 'x', hops: [], timing: { startedAt: '', ttfbMs: 0, totalMs: 0 }, attempts: 0, flaky: false, error: { code: 'ERR_REFUSED', message: 'x' } }) as const;

t.test('a probe that asks for more than meta.maxRequests is stopped: a crash, never a pass', async (t) => {
  const greedy = defineProbe({
    meta: { id: 'greedy', title: 'Greedy', docs: 'x', messages: { fine: { text: 'fine', severity: 'info' } }, maxRequests: 2 },
    async run(_site, ctx) {
      for (let i = 0; i < 3; i += 1) await ctx.fetch(`https://site.test/${i}`);
      ctx.report('fine', {}, []);
    },
  });
  const run = await runProbe(greedy, site(), options(), answered);
  t.equal(run.outcome.status, 'error');
  t.match(run.outcome.status === 'error' ? run.outcome.error : '', /probe greedy asked for more than its 2 requests \(meta\.maxRequests\): https:\/\/site\.test\/2/);
  t.equal(run.requestsMade, 3, 'every ask is counted');
});

t.test('a budget may grow with the canaries of the run', async (t) => {
  const meta = { maxRequests: (o: ReturnType<typeof options>) => 1 + o.privateCanaries.pages.length };
  t.equal(requestBudget(meta, options({ privateCanaries: { documents: [], pages: ['/a/', '/b/'] } })), 3);
  t.equal(requestBudget({ maxRequests: 4 }, options()), 4);
});

t.test('identical requests are sent once per run; a fresh one is sent again', async (t) => {
  let received = 0;
  const server = createServer((_req, res) => {
    received += 1;
    res.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/same`;
  const client = createHttpClient(testClientOptions());
  t.teardown(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const fetch = memoisedFetch(client);
  await Promise.all([fetch(url), fetch(url), fetch(url, { body: { read: 'none' } })]);
  t.equal(received, 2, 'two distinct requests: the same one asked twice is shared');
  await fetch(url, { fresh: true });
  await fetch(url, { fresh: true });
  t.equal(received, 4, 'each fresh request is its own');
  await fetch(`${url}?first-fresh`, { fresh: true });
  await fetch(`${url}?first-fresh`);
  t.equal(received, 6, 'and a fresh answer is not remembered for a later ask');
});
