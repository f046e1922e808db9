// What the client tests share: a client and servers closed by the test's
// teardown, and a result asserted to be a response or a failure.

import { createHttpClient, type HttpClientOptions } from '../../src/http/client.js';
import type { FetchFailure, FetchResponse, FetchResult } from '../../src/http/types.js';
import { testClientOptions } from './client-options.js';
import type { LocalServer } from './hostile-servers.js';

export interface Teardown {
  teardown(fn: () => unknown): void;
}

export function clientFor(tt: Teardown, overrides: Partial<HttpClientOptions> = {}) {
  const client = createHttpClient(testClientOptions(overrides));
  tt.teardown(() => client.close());
  return client;
}

export async function closing<S extends LocalServer>(tt: Teardown, server: Promise<S>): Promise<S> {
  const started = await server;
  tt.teardown(() => started.close());
  return started;
}

export function response(tt: { fail(message: string): unknown }, result: FetchResult): FetchResponse {
  if (!result.ok) {
    tt.fail(`expected a response, got ${result.error.code}: ${result.error.message}`);
    throw new Error('not a response');
  }
  return result;
}

export function failure(tt: { fail(message: string): unknown }, result: FetchResult): FetchFailure {
  if (result.ok) {
    tt.fail(`expected a failure, got status ${result.status}`);
    throw new Error('not a failure');
  }
  return result;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}
