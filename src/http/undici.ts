// The parts of undici a run uses, loaded from their own modules. undici's
// index also loads fetch, WebSocket, EventSource, the mock agents, the cache
// stores and every interceptor: measured on Node 20, 62 MB of RSS after
// loading the index against 53 MB for these, 9 MB that a crawl never uses and
// that sit under every run's peak (the largest fixed part of it). The index
// exports these very objects; test/http/undici.test.ts checks that, so an
// undici release that moves them fails the tests, not a run.

import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const require = createRequire(import.meta.url);

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof Undici.Agent;
export type Agent = Undici.Agent;

export const buildConnector = require('undici/lib/core/connect.js') as typeof Undici.buildConnector;
// eslint-disable-next-line @typescript-eslint/no-namespace -- the types of buildConnector's namespace, as undici declares them
export declare namespace buildConnector {
  type BuildOptions = Undici.buildConnector.BuildOptions;
  type connector = Undici.buildConnector.connector;
}

/**
 * `dispatcher.request(options)`: the method undici's index adds to every
 * dispatcher's prototype, called as it calls it, without loading the index.
 */
const apiRequest = require('undici/lib/api/api-request.js') as (this: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions) => Promise<Undici.Dispatcher.ResponseData>;

export function request(dispatcher: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions): Promise<Undici.Dispatcher.ResponseData> {
  return apiRequest.call(dispatcher, options);
}
