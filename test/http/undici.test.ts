// src/http/undici.ts loads undici's Agent, connector and request from their own
// modules: they must be the very objects the package's index exports.

import { createRequire } from 'node:module';
import t from 'tap';
import * as undici from 'undici';
import { Agent, buildConnector, request } from '../../src/http/undici.js';

const require = createRequire(import.meta.url);

t.test("Agent and buildConnector are undici's own exports", async (t) => {
  t.equal(Agent, undici.Agent);
  t.equal(buildConnector, undici.buildConnector);
});

t.test("request(dispatcher, options) is the request method undici's index gives every dispatcher", async (t) => {
  t.equal(typeof request, 'function');
  const apiRequest: unknown = require('undici/lib/api/api-request.js');
  t.equal(apiRequest, (undici.Dispatcher.prototype as unknown as { request: unknown }).request);
});
