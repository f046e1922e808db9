// security.W008: the site is served over https, and its plain-http address
// redirects there, permanently and straight to the same host.

import { evidenceFrom, READ, type AnsweredPage, type FetchResult } from '../../src/probe-kit/index.js';
import type { Context, Report } from './messages.js';

/** The site's plain-http address: configured, or the target on http with the default port. */
export function plainHttpUrl(target: string, configured: string | null): string {
  if (configured !== null) return new URL(configured, target).href;
  const url = new URL(target);
  url.protocol = 'http:';
  url.port = '';
  return url.href;
}

/** A site probed over plain http has nothing to redirect to. */
export function judgeNotHttps(target: string, start: AnsweredPage, report: Report): void {
  report('notHttps', { url: target }, [evidenceFrom(start.response, [])], { url: target });
}

/** One request: the plain-http address, its redirect not followed. */
export function fetchPlainHttp(ctx: Context, plain: string): Promise<FetchResult> {
  return ctx.fetch(plain, { followRedirects: false, body: READ.headers });
}

export function judgeHttpsRedirect(target: string, plain: string, answer: FetchResult, report: Report): void {
  if (!answer.ok) {
    report('httpClosed', { url: plain, error: answer.error.code }, [evidenceFrom(answer, [])], { url: plain });
  } else if (answer.status < 300 || answer.status >= 400) {
    report('httpNotRedirected', { url: plain, status: answer.status }, [evidenceFrom(answer, ['location', 'server'])], { url: plain });
  } else {
    const location = answer.headers['location'] ?? '';
    const next = location ? new URL(location, plain) : null;
    if (answer.status !== 301 && answer.status !== 308) {
      report('httpRedirectNotPermanent', { url: plain, status: answer.status }, [evidenceFrom(answer, ['location'])], { url: plain });
    }
    if (next === null || next.protocol !== 'https:' || next.hostname !== new URL(target).hostname) {
      report('httpRedirectIndirect', { url: plain, location: location || '(no Location)' }, [evidenceFrom(answer, ['location'])], { url: plain });
    }
  }
}
