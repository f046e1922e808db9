// One request of a fetch: sent once, under one deadline that covers headers and
// body (and the run's stop signal), its response read as the plan says. What
// to do next (follow, retry, answer) is the caller's; this only reports.

import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { abortMessage, type StopSignal } from './abort.js';
import { discardBody, readBody, UNREAD_BODY } from './body.js';
import { decodeText } from './charset.js';
import { attemptDeadline, untilDeadline } from './deadline.js';
import { classifyError, FetchError, type ClassifiedError } from './errors.js';
import { normaliseResponseHeaders } from './headers.js';
import type { Politeness } from './politeness.js';
import type { RateLimits } from './rate-limits.js';
import { isRedirectStatus, locationFromHeader } from './redirects.js';
import { isRetryableStatus, parseRetryAfter } from './retry.js';
import { request } from './undici.js';
import type { BodyFacts, BodyPolicy, HeaderMap, Method } from './types.js';

/** Response line and headers of one attempt. */
export interface ResponseHead {
  readonly status: number;
  readonly headers: HeaderMap;
  readonly setCookies: readonly string[];
  readonly ttfbMs: number;
}

export type AttemptOutcome =
  | { readonly kind: 'redirect'; readonly head: ResponseHead; readonly location: string }
  | { readonly kind: 'retry'; readonly head: ResponseHead; readonly delayMs: number; readonly reason: string }
  | {
      readonly kind: 'response';
      readonly head: ResponseHead;
      readonly body: BodyFacts;
      readonly text?: string;
      readonly charset?: string;
    }
  /** `notSent`: refused before anything went on the wire (the run stopped, the origin is rate-limited). */
  | { readonly kind: 'error'; readonly error: ClassifiedError; readonly notSent?: true };

/** What one request of a fetch sends and expects. */
export interface RequestPlan {
  readonly method: Method;
  readonly headers: Record<string, string>;
  readonly body: BodyPolicy;
  readonly follow: boolean;
  /** Books a retry for a retryable status (429/502/503/504); the wait, or null for "no retry". */
  readonly planStatusRetry: (retryAfterMs: number | null) => number | null;
}

export interface AttemptContext {
  readonly agent: Dispatcher;
  readonly timeoutMs: number;
  readonly politeness: Politeness;
  readonly rateLimits: RateLimits;
  /** The run's stop signal (its deadline, SIGINT/SIGTERM). */
  readonly runSignal: StopSignal | undefined;
  /** Called just before a request goes out. */
  readonly onSend: (url: string) => void;
}

/** Why nothing may be sent to this origin now, or null. */
export function stopReason(context: Pick<AttemptContext, 'runSignal' | 'rateLimits'>, origin: string): ClassifiedError | null {
  if (context.runSignal?.aborted === true) return { code: 'ERR_ABORTED', message: abortMessage(context.runSignal) };
  const refusal = context.rateLimits.refusal(origin);
  return refusal === null ? null : { code: 'ERR_RATE_LIMITED', message: refusal };
}

/** RFC 6761 §6.4: names under .invalid never resolve; answering so ourselves sends no DNS query at all. */
function isReservedInvalidHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'invalid' || name.endsWith('.invalid');
}

function parseContentLength(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

export async function attempt(context: AttemptContext, target: URL, plan: RequestPlan): Promise<AttemptOutcome> {
  const stopped = stopReason(context, target.origin); // it may have changed while this waited for its slot
  if (stopped !== null) return { kind: 'error', error: stopped, notSent: true };
  const deadline = attemptDeadline(context.timeoutMs, context.runSignal);
  const { signal } = deadline;
  try {
    if (isReservedInvalidHost(target.hostname)) {
      throw new FetchError('ERR_DNS', `${target.hostname} cannot resolve: .invalid is reserved (RFC 6761)`);
    }
    context.onSend(target.href);
    const sentAt = performance.now();
    const response = await untilDeadline(
      request(context.agent, { origin: target.origin, path: target.pathname + target.search, method: plan.method, headers: plan.headers, signal }),
      signal,
    );
    const { headers, setCookies } = normaliseResponseHeaders(response.headers);
    const head: ResponseHead = { status: response.statusCode, headers, setCookies, ttfbMs: Math.round(performance.now() - sentAt) };
    const contentLength = parseContentLength(headers['content-length']);
    const discard = (): Promise<void> =>
      discardBody({
        body: response.body,
        contentLength,
        knownEmpty: plan.method === 'HEAD' || head.status === 204 || head.status === 304,
      });
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    // Asked to stay away longer than we wait: this answer stands, the origin is done for the run.
    const stayAway = context.rateLimits.asksTooMuch(head.status, retryAfterMs);
    if (stayAway) context.rateLimits.mark(target.origin, retryAfterMs ?? 0, headers['retry-after'] ?? '');
    else if (head.status === 429) context.politeness.slowDown(target.origin, retryAfterMs);

    const location = headers['location'];
    if (plan.follow && isRedirectStatus(head.status) && location !== undefined) {
      await discard();
      return { kind: 'redirect', head, location: locationFromHeader(location) };
    }
    if (!stayAway && isRetryableStatus(head.status)) {
      const delayMs = plan.planStatusRetry(retryAfterMs);
      if (delayMs !== null) {
        await discard();
        return { kind: 'retry', head, delayMs, reason: `status ${head.status}` };
      }
    }
    if (plan.body.read === 'none' || plan.method === 'HEAD') {
      await discard();
      return { kind: 'response', head, body: UNREAD_BODY };
    }
    const read = await readBody({ body: response.body, policy: plan.body, contentEncoding: headers['content-encoding'], contentLength });
    if (read.kept === undefined) return { kind: 'response', head, body: read.facts };
    const { text, charset } = decodeText(read.kept, headers['content-type']);
    return { kind: 'response', head, body: read.facts, text, charset };
  } catch (error) {
    // Once a signal fired, whatever undici reports (abort, closed socket) is that signal's doing.
    if (context.runSignal?.aborted === true) return { kind: 'error', error: { code: 'ERR_ABORTED', message: abortMessage(context.runSignal) } };
    if (deadline.expired) return { kind: 'error', error: { code: 'ERR_TIMEOUT', message: `no complete response within ${context.timeoutMs} ms` } };
    return { kind: 'error', error: classifyError(error) };
  } finally {
    deadline.dispose();
  }
}
