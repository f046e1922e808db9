// The undici Agent of a run: keep-alive without pipelining, undici's deadlines
// as a backstop to ours, TLS as configured and checked against the URL's host,
// and interim responses filtered out.

import { isIP } from 'node:net';
import tls from 'node:tls';
import { Agent, type buildConnector } from './undici.js';
import type { HttpOptions } from '../engine/options.js';
import { interimTolerantConnector } from './interim.js';

/**
 * A connector whose TLS server name is the request URL's host, whatever Host
 * header the request carries.
 *
 * undici 7 derives the server name from a request's Host header when it has one
 * (core/request.js: `servername = getServerName(this.host)`; dispatcher/client.js
 * hands it to the connector; core/connect.js uses it for SNI and Node checks the
 * certificate against it). So a request naming another host (deploy-checks'
 * bogus Host) failed a proper certificate, and a Host naming the certificate's
 * host would have passed a certificate that is not the URL's. The name is
 * always the URL's: its DNS name, or none for an IP literal (RFC 6066 §3
 * allows only DNS names in SNI), where undici passes no servername and Node
 * checks the certificate against the IP itself.
 */
export function serverNameFromUrl(connect: buildConnector.connector): buildConnector.connector {
  return ({ servername: _fromHostHeader, ...options }, callback) => {
    // A URL's IPv6 hostname keeps its brackets ("[::1]"): an IP all the same.
    const bare = options.hostname.replace(/^\[(.*)\]$/, '$1');
    connect(isIP(bare) === 0 ? { ...options, servername: options.hostname } : options, callback);
  };
}

export function createAgent(options: Pick<HttpOptions, 'timeoutMs' | 'connectTimeoutMs' | 'insecure' | 'ca'>): Agent {
  return new Agent({
    // One request at a time per connection: keep-alive without pipelining, and
    // what lets the interim filter know where a response starts.
    pipelining: 1,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connect: serverNameFromUrl(
      interimTolerantConnector({
        timeout: options.connectTimeoutMs,
        rejectUnauthorized: !options.insecure,
        // Node's `ca` replaces the bundled roots; add to them instead.
        ...(options.ca !== null ? { ca: [...tls.rootCertificates, options.ca] } : {}),
      }),
    ),
  });
}
