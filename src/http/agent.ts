// The undici Agent of a run: keep-alive without pipelining, undici's deadlines
// as a backstop to ours, TLS as configured, and interim responses filtered out.

import tls from 'node:tls';
import { Agent } from 'undici';
import type { HttpOptions } from '../engine/options.js';
import { interimTolerantConnector } from './interim.js';

export function createAgent(options: Pick<HttpOptions, 'timeoutMs' | 'connectTimeoutMs' | 'insecure' | 'ca'>): Agent {
  return new Agent({
    // One request at a time per connection: keep-alive without pipelining, and
    // what lets the interim filter know where a response starts.
    pipelining: 1,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connect: interimTolerantConnector({
      timeout: options.connectTimeoutMs,
      rejectUnauthorized: !options.insecure,
      // Node's `ca` replaces the bundled roots; add to them instead.
      ...(options.ca !== null ? { ca: [...tls.rootCertificates, options.ca] } : {}),
    }),
  });
}
