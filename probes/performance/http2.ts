// HTTP/2 on https: one TLS handshake offering ALPN ['h2', 'http/1.1'] to the
// origin the site's pages come from. Not an HTTP request (the client speaks
// HTTP/1.1 only), so it is outside meta.maxRequests: one connection, no more,
// within the run's connect timeout.

import type { AlpnOutcome, AlpnTarget, SiteModel } from '../../src/probe-kit/index.js';
import type { Ctx } from './messages.js';

export type NegotiateAlpn = (target: AlpnTarget) => Promise<AlpnOutcome>;

/** host and port of an https origin, as a TLS connect takes them (an IPv6 literal without its brackets). */
export function tlsEndpoint(origin: string): { host: string; port: number } | null {
  const url = new URL(origin);
  if (url.protocol !== 'https:') return null;
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port === '' ? 443 : Number(url.port) };
}

export async function checkHttp2(ctx: Ctx, site: Pick<SiteModel, 'target'>, pageUrl: string | null, negotiate: NegotiateAlpn): Promise<void> {
  const origin = new URL(pageUrl ?? site.target).origin;
  const endpoint = tlsEndpoint(origin);
  if (endpoint === null) return; // browsers speak HTTP/2 over TLS only: plain http is deploy-checks' concern
  const { http } = ctx.options;
  const outcome = await negotiate({ ...endpoint, timeoutMs: http.connectTimeoutMs, ca: http.ca, insecure: http.insecure });
  const note = `TLS handshake to ${endpoint.host}:${endpoint.port} offering ALPN h2, http/1.1`;
  switch (outcome.state) {
    case 'negotiated':
      if (outcome.protocol === 'h2') return;
      ctx.report('http2NotOffered', { origin, detail: `ALPN chose ${outcome.protocol}` }, [{ note: `${note}: the server chose ${outcome.protocol}` }], { url: `${origin}/` });
      return;
    case 'not-negotiated':
      ctx.report('http2NotOffered', { origin, detail: 'the server ignored ALPN' }, [{ note: `${note}: the server chose none` }], { url: `${origin}/` });
      return;
    case 'failed':
      ctx.report('checkFailed', { check: 'HTTP/2 support', url: origin, reason: `failed: ${outcome.code}: ${outcome.message}` }, [{ note, error: `${outcome.code}: ${outcome.message}` }], {
        url: `${origin}/`,
        inconclusive: true,
      });
  }
}
