// security.W020: ALLOWED_HOSTS refuses a Host the site cannot have (Django
// answers 400). Only an answer Django itself gave can show it does not, and a
// request that got no answer at all shows nothing either way.

import { evidenceFrom, type BodyPolicy, type FetchResponse, type FetchResult, type HeaderMap } from '../../src/probe-kit/index.js';
import { isCacheReplay } from '../../src/signals/cache-control.js';
import type { Context, Report } from './messages.js';

/** A host no site serves: Django must refuse it (ALLOWED_HOSTS), not answer it. */
export const BOGUS_HOST = 'wagtail-probe-bogus-host.invalid';
/** Enough of the body to show what answered. */
const BOGUS_HOST_READ: BodyPolicy = { read: 'prefix', maxBytes: 1024 };
const EVIDENCE_HEADERS = ['server', 'location', 'x-frame-options', 'vary', 'content-type', 'age', 'x-cache', 'x-cache-status', 'cf-cache-status'];

/** One request: the target, naming the bogus host, sent once (no retry) and its redirect not followed. */
export function fetchBogusHost(ctx: Context, target: string): Promise<FetchResult> {
  return ctx.fetch(target, { headers: { Host: BOGUS_HOST }, followRedirects: false, retry: false, body: BOGUS_HOST_READ });
}

/** Django's middleware headers on a response: the mark of a response that went through Django. */
function hasDjangoMark(headers: HeaderMap): boolean {
  return headers['x-frame-options'] !== undefined && (headers['x-content-type-options'] !== undefined || /cookie/i.test(headers['vary'] ?? ''));
}

/**
 * Django's own answer, the only one that says anything of ALLOWED_HOSTS: not a
 * cache's replay of what Django said to an earlier request, not a refusal by
 * a web server or CDN in front, and marked by Django's middleware.
 */
function isDjangosAnswer(answer: FetchResponse): boolean {
  return !isCacheReplay(answer.headers) && answer.status < 400 && hasDjangoMark(answer.headers);
}

export function judgeBogusHost(target: string, answer: FetchResult, report: Report): void {
  if (!answer.ok) {
    report('allowedHostsUnchecked', { host: BOGUS_HOST, error: answer.error.code }, [evidenceFrom(answer)], { url: target, inconclusive: true });
    return;
  }
  if (answer.status === 400) return;
  const note = isCacheReplay(answer.headers) ? { note: 'answered from a cache, not by Django' } : {};
  const evidence = [evidenceFrom(answer, EVIDENCE_HEADERS, note)];
  if (isDjangosAnswer(answer)) report('allowedHostsOpen', { host: BOGUS_HOST, status: answer.status }, evidence, { url: target });
  else report('allowedHostsUnobservable', { host: BOGUS_HOST, status: answer.status }, evidence, { url: target, inconclusive: true });
}
