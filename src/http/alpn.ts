// Which HTTP version an https origin offers, the way a browser learns it: a TLS
// handshake offering ALPN ['h2', 'http/1.1'] (RFC 7301), and the protocol the
// server picks. One connection, closed as soon as the handshake ends (no HTTP
// request is sent), within a deadline. The HTTP client speaks HTTP/1.1 only, so
// this is the one way the tool sees whether HTTP/2 is there at all.
//
// Trust follows the run's options, as the client's Agent does: the bundled
// roots plus --ca, or no verification with --insecure; the server name (SNI)
// is the host's DNS name, none for an IP literal (RFC 6066 §3).

import { isIP } from 'node:net';
import tls from 'node:tls';
import { classifyError } from './errors.js';
import type { FetchErrorCode } from './types.js';

/** What ALPN offers, in a browser's order of preference. */
export const ALPN_OFFER = ['h2', 'http/1.1'] as const;

export interface AlpnTarget {
  readonly host: string;
  readonly port: number;
  /** The whole handshake must finish within this many milliseconds. */
  readonly timeoutMs: number;
  /** An extra CA (PEM) trusted besides the bundled roots, as --ca gives it. */
  readonly ca: string | null;
  /** Skip certificate verification (--insecure). */
  readonly insecure: boolean;
}

export type AlpnOutcome =
  /** The server chose one of the offered protocols. */
  | { readonly state: 'negotiated'; readonly protocol: string }
  /** The handshake succeeded but the server ignored ALPN: it speaks HTTP/1.1 only. */
  | { readonly state: 'not-negotiated' }
  /** No handshake: the reason as the client would name it. */
  | { readonly state: 'failed'; readonly code: FetchErrorCode; readonly message: string };

/** One TLS handshake to host:port offering h2 and http/1.1; never rejects. */
export function negotiateAlpn(target: AlpnTarget): Promise<AlpnOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: AlpnOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      ALPNProtocols: [...ALPN_OFFER],
      ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
      rejectUnauthorized: !target.insecure,
      // Node's `ca` replaces the bundled roots; add to them instead (as the client's Agent does).
      ...(target.ca !== null ? { ca: [...tls.rootCertificates, target.ca] } : {}),
    });
    const timer = setTimeout(
      () => finish({ state: 'failed', code: 'ERR_CONNECT_TIMEOUT', message: `the TLS handshake with ${target.host}:${target.port} did not finish within ${target.timeoutMs} ms` }),
      target.timeoutMs,
    );
    socket.once('secureConnect', () => {
      const protocol = socket.alpnProtocol;
      finish(typeof protocol === 'string' && protocol !== '' ? { state: 'negotiated', protocol } : { state: 'not-negotiated' });
    });
    socket.once('error', (error) => {
      const classified = classifyError(error);
      finish({ state: 'failed', code: classified.code, message: classified.message });
    });
  });
}
