// Stopping the run (its deadline, SIGINT/SIGTERM): once the client's signal
// aborts, requests in flight end promptly, waiting ones come back at once, and
// nothing more is sent. Servers that never answer, or answer slowly, record
// every request head that reached them.

import type net from 'node:net';
import t from 'tap';
import { abortMessage, linkSignals, onAbort, pause, StopSignal } from '../../src/http/abort.js';
import { createHttpClient, type HttpClientOptions } from '../../src/http/client.js';
import type { FetchFailure, FetchResult } from '../../src/http/types.js';
import { testClientOptions } from './client-options.js';
import { rawRequests, startRaw, type LocalServer } from './hostile-servers.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A server that reads requests and answers as `respond` says (by default: never). */
async function server(tt: Teardown, respond: (socket: net.Socket, head: string) => void = () => {}) {
  const log = { heads: [] as string[], connections: 0 };
  const started: LocalServer = await startRaw(rawRequests((socket, head) => respond(socket, head), log));
  tt.teardown(() => started.close());
  return { ...started, log };
}

function stoppableClient(tt: Teardown, overrides: Partial<HttpClientOptions> = {}) {
  const controller = new AbortController();
  // A long deadline, so that only the abort can explain a prompt end.
  const client = createHttpClient(testClientOptions({ timeoutMs: 10_000, retries: 0, ...overrides }), {}, { signal: controller.signal });
  tt.teardown(() => client.close());
  return { client, controller };
}

function aborted(result: FetchResult): FetchFailure {
  if (result.ok) throw new Error(`expected ERR_ABORTED, got status ${result.status}`);
  if (result.error.code !== 'ERR_ABORTED') throw new Error(`expected ERR_ABORTED, got ${result.error.code}: ${result.error.message}`);
  return result;
}

async function timed<T>(work: Promise<T>, from = Date.now()): Promise<{ value: T; ms: number }> {
  const value = await work;
  return { value, ms: Date.now() - from };
}

const later = (ms: number, fn: () => void): void => void setTimeout(fn, ms);

t.test('a request to a server that never answers ends promptly on abort', async (t) => {
  const silent = await server(t);
  const { client, controller } = stoppableClient(t);
  const started = Date.now();
  later(100, () => controller.abort('the run deadline (600 s) passed'));
  const { value, ms } = await timed(client.fetch(`${silent.origin}/`), started);
  const result = aborted(value);
  t.equal(result.error.message, 'the run deadline (600 s) passed', "the signal's reason, as given");
  t.ok(ms >= 90 && ms < 400, `resolved ${ms} ms after the start (abort at 100 ms)`);
  t.equal(silent.log.heads.length, 1, 'it had been sent');
});

t.test('fetches waiting for a connection slot come back at once too', async (t) => {
  const silent = await server(t);
  const { client, controller } = stoppableClient(t, { concurrency: 1 });
  const started = Date.now();
  later(100, () => controller.abort(new Error('SIGINT')));
  const results = await Promise.all([1, 2, 3].map((i) => client.fetch(`${silent.origin}/${i}`)));
  const ms = Date.now() - started;
  t.same(results.map((result) => aborted(result).error.message), ['SIGINT', 'SIGINT', 'SIGINT'], 'an Error reason: its message');
  t.ok(ms < 400, `all three resolved within ${ms} ms`);
  t.same(silent.log.heads.map((head) => head.split(' ')[1]), ['/1'], 'the queued two were never sent');
  t.same(results.map((result) => result.attempts), [1, 0, 0]);
});

t.test('a fetch waiting for its rate slot comes back at once', async (t) => {
  const answering = await server(t, (socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'));
  const { client, controller } = stoppableClient(t, { rate: 0.5 }); // one start every 2 s
  const first = await client.fetch(`${answering.origin}/first`);
  t.ok(first.ok, 'the first starts at once');
  const started = Date.now();
  later(100, () => controller.abort());
  const { value, ms } = await timed(client.fetch(`${answering.origin}/second`), started);
  t.equal(aborted(value).error.message, 'the run was stopped', 'no reason given: the plain default');
  t.ok(ms < 400, `resolved after ${ms} ms, not at its slot 2 s later`);
  t.equal(answering.log.heads.length, 1);
});

t.test('a fetch sleeping before a retry comes back at once', async (t) => {
  const busy = await server(t, (socket) => socket.write('HTTP/1.1 503 Service Unavailable\r\nretry-after: 2\r\ncontent-length: 0\r\n\r\n'));
  const { client, controller } = stoppableClient(t, { retries: 2, retryBudgetMs: 5000 });
  const started = Date.now();
  later(100, () => controller.abort('stopped'));
  const { value, ms } = await timed(client.fetch(`${busy.origin}/`), started);
  const result = aborted(value);
  t.ok(ms < 400, `resolved after ${ms} ms, not after the 2 s Retry-After`);
  t.equal(result.attempts, 1, 'one attempt made; the retry never was');
  t.equal(busy.log.heads.length, 1);
});

t.test('a body still arriving when the run stops', async (t) => {
  const trickle = await server(t, (socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n');
    const timer = setInterval(() => socket.write('x'), 20);
    socket.on('close', () => clearInterval(timer));
  });
  const { client, controller } = stoppableClient(t);
  const started = Date.now();
  later(150, () => controller.abort('stopped'));
  const { value, ms } = await timed(client.fetch(`${trickle.origin}/`, { body: { read: 'whole', maxBytes: 200_000 } }), started);
  aborted(value);
  t.ok(ms < 450, `resolved after ${ms} ms`);
});

t.test('after the abort, a fetch sends nothing at all', async (t) => {
  const silent = await server(t);
  const { client, controller } = stoppableClient(t);
  controller.abort('SIGTERM');
  const requestsBefore = client.stats().requests;
  const { value, ms } = await timed(client.fetch(`${silent.origin}/after`));
  const result = aborted(value);
  t.same([result.error.message, result.attempts, result.hops.length], ['SIGTERM', 0, 0]);
  t.ok(ms < 50, `at once (${ms} ms)`);
  await new Promise((resolve) => setTimeout(resolve, 50)); // time for anything sent to arrive
  t.same([silent.log.connections, silent.log.heads.length], [0, 0], 'no connection, no request');
  t.equal(client.stats().requests, requestsBefore);
  t.equal(client.stats().errors, 1, 'counted as an error like any failure');
});

t.test('a client made with an already-aborted signal never sends', async (t) => {
  const silent = await server(t);
  const client = createHttpClient(testClientOptions(), {}, { signal: AbortSignal.abort('too late') });
  t.teardown(() => client.close());
  const result = aborted(await client.fetch(`${silent.origin}/`));
  t.equal(result.error.message, 'too late');
  t.equal(silent.log.connections, 0);
});

t.test('a hundred fetches queued on one signal: no listener-leak warning, all answered', async (t) => {
  const answering = await server(t, (socket) => setTimeout(() => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'), 5));
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => void warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  t.teardown(() => void process.off('warning', onWarning));
  const { client } = stoppableClient(t, { concurrency: 4 });
  const results = await Promise.all(Array.from({ length: 100 }, (_, i) => client.fetch(`${answering.origin}/${i}`)));
  await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
  t.equal(results.filter((result) => result.ok).length, 100);
  t.same(warnings, [], 'the run signal got one listener, not one per fetch');
});

t.test('abortMessage and linkSignals', async (t) => {
  const reasons: Array<[unknown, string]> = [
    ['the run deadline passed', 'the run deadline passed'],
    [new Error('SIGINT'), 'SIGINT'],
    [undefined, 'the run was stopped'],
    ['', 'the run was stopped'],
    [{ not: 'an error' }, 'the run was stopped'],
    [new Error(''), 'the run was stopped'],
  ];
  for (const [reason, message] of reasons) {
    const controller = new AbortController();
    controller.abort(reason);
    t.equal(abortMessage(controller.signal), message, JSON.stringify(String(reason)));
  }

  const a = new AbortController();
  const b = new AbortController();
  const linked = linkSignals([a.signal, undefined, b.signal]);
  t.notOk(linked.signal.aborted);
  b.abort('b went');
  t.same([linked.signal.aborted, linked.signal.reason], [true, 'b went'], 'any one aborts it, with its reason');

  const c = new AbortController();
  const disposed = linkSignals([c.signal]);
  disposed.dispose();
  c.abort('late');
  t.notOk(disposed.signal.aborted, 'once disposed it no longer follows');

  t.ok(linkSignals([AbortSignal.abort('already')]).signal.aborted, 'an already-aborted source aborts it at once');
});

t.test('StopSignal: aborts once, with its reason, calling each listener still hooked', async (t) => {
  const stop = new StopSignal();
  const heard: string[] = [];
  stop.listen(() => heard.push('first'));
  const unhook = stop.listen(() => heard.push('unhooked'));
  stop.listen(() => heard.push('third'));
  unhook();
  t.notOk(stop.aborted);
  stop.abort('the run deadline passed');
  stop.abort('a second reason is ignored');
  t.same([stop.aborted, stop.reason], [true, 'the run deadline passed']);
  t.same(heard, ['first', 'third'], 'each listener once, none unhooked');
  t.equal(stop.listenerCount('abort'), 0, 'nothing left hooked');
  t.equal(abortMessage(stop), 'the run deadline passed');
});

t.test('onAbort and linkSignals take a StopSignal as they take an AbortSignal, and unhook from both', async (t) => {
  const ours = new StopSignal();
  const theirs = new AbortController();
  const linked = linkSignals([ours, theirs.signal]);
  t.equal(ours.listenerCount('abort'), 1);
  ours.abort(new Error('example.com asked to wait 3600 s'));
  t.same([linked.signal.aborted, abortMessage(linked.signal)], [true, 'example.com asked to wait 3600 s']);
  t.equal(ours.listenerCount('abort'), 0, 'unhooked from the source that fired');

  const other = new StopSignal();
  const disposed = linkSignals([other]);
  disposed.dispose();
  t.equal(other.listenerCount('abort'), 0, 'dispose unhooks');
  other.abort('late');
  t.notOk(disposed.signal.aborted);

  let calls = 0;
  const unhook = onAbort(theirs.signal, () => (calls += 1));
  unhook();
  theirs.abort('gone');
  t.equal(calls, 0, 'an AbortSignal listener is unhooked too');
});

t.test('pause: waits its time, or ends early (never rejecting) when the stop aborts', async (t) => {
  const started = Date.now();
  await pause(30, undefined);
  t.ok(Date.now() - started >= 25, 'waited');
  const stop = new StopSignal();
  setTimeout(() => stop.abort('stopped'), 10).unref();
  const early = Date.now();
  await pause(10_000, stop);
  t.ok(Date.now() - early < 5000, 'ended at the abort, not after 10 s');
  t.equal(stop.listenerCount('abort'), 0);
  await pause(10_000, stop); // already aborted: at once
  const afterTimer = new StopSignal();
  await pause(5, afterTimer);
  t.equal(afterTimer.listenerCount('abort'), 0, 'the timer unhooks its listener');
});
