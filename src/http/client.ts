// The one HTTP client of a run: an undici Agent behind per-origin manners, with
// redirects followed by hand (every hop recorded), a deadline per attempt that
// covers headers and body, retries for transient trouble only, byte caps, the
// user's secrets for the site's own origin only, and a stop signal for the run.
// fetch() never throws: every failure is a FetchFailure with a stable code.

import type { CrawlOptions, HttpOptions } from '../engine/options.js';
import { linkSignals, pause } from './abort.js';
import { createAgent } from './agent.js';
import { attempt, stopReason, type AttemptContext, type AttemptOutcome, type RequestPlan } from './attempt.js';
import { classifyError } from './errors.js';
import { exactOrigin, lowerCaseNames, redactHeaders, requestHeaders } from './headers.js';
import { createPoliteness } from './politeness.js';
import { createRateLimits } from './rate-limits.js';
import { parseHttpUrl, resolveLocation } from './redirects.js';
import { isRetryableStatus, isTransientCode, newRetryState, planRetry, type RetryState } from './retry.js';
import type {
  BodyPolicy,
  ClientStats,
  FetchErrorCode,
  FetchFailure,
  FetchOptions,
  FetchResponse,
  FetchResult,
  HeaderMap,
  Hop,
  HttpClient,
  Method,
  SentRequest,
} from './types.js';

/** Distinct recorded header sets kept for sharing; cleared when full (sharing only saves memory). */
const MAX_RECORDED_HEADER_SETS = 1000;

export type HttpClientOptions = HttpOptions & Pick<CrawlOptions, 'concurrency' | 'rate'>;

/** Progress callbacks. A hook that throws is ignored: a progress display must not break a run. */
export interface HttpHooks {
  /** Before each request is sent (every hop, every retry). */
  readonly onRequest?: (url: string) => void;
  /** Before waiting to retry: `attempt` is the number of the attempt about to be made (2 for the first retry);
   *  `reason` a FetchErrorCode or "status 503". */
  readonly onRetry?: (url: string, attempt: number, reason: string) => void;
  /** Once per fetch(), with its result. */
  readonly onResponse?: (result: FetchResult) => void;
}

export interface HttpClientControl {
  /**
   * Stops the run's traffic once aborted (its deadline, SIGINT/SIGTERM): requests
   * in flight end promptly, waiting ones and every later fetch() come back at
   * once as ERR_ABORTED, and nothing more is sent.
   */
  readonly signal?: AbortSignal;
}

type FinalOutcome = Exclude<AttemptOutcome, { kind: 'retry' }>;

function safely<A extends unknown[]>(hook: ((...args: A) => void) | undefined, ...args: A): void {
  try {
    hook?.(...args);
  } catch {
    // see HttpHooks
  }
}

export function createHttpClient(options: HttpClientOptions, hooks: HttpHooks = {}, control: HttpClientControl = {}): HttpClient {
  const agent = createAgent(options);
  const politeness = createPoliteness({
    concurrency: options.concurrency,
    rate: options.rate,
    maxPauseMs: options.retryBudgetMs,
  });
  const rateLimits = createRateLimits(options.maxRetryAfterMs);
  const siteOrigin = exactOrigin(options.siteOrigin);
  const userHeaders = lowerCaseNames(options.headers);
  const userHeaderNames: ReadonlySet<string> = new Set(Object.keys(userHeaders));
  const counters = { requests: 0, retries: 0, bytesRead: 0, errors: 0 };
  // A crawl's requests send one of a few header sets: each is recorded once, shared by every
  // SentRequest that sent it (the model keeps one per page), not copied per request.
  const recordedSets = new Map<string, HeaderMap>();
  const recordedHeaders = (headers: Record<string, string>): HeaderMap => {
    // Header names and values hold no newline (undici refuses them), so this key is unambiguous.
    const key = Object.entries(headers)
      .map(([name, value]) => `${name}\n${value}`)
      .join('\n');
    let record = recordedSets.get(key);
    if (record === undefined) {
      if (recordedSets.size >= MAX_RECORDED_HEADER_SETS) recordedSets.clear();
      record = Object.freeze(redactHeaders(headers, userHeaderNames));
      recordedSets.set(key, record);
    }
    return record;
  };
  // The run's stop as a signal of ours, followed by every attempt and wait: the caller's signal gets one listener.
  const stop = control.signal === undefined ? undefined : linkSignals([control.signal]);
  const context: AttemptContext = {
    agent,
    timeoutMs: options.timeoutMs,
    politeness,
    rateLimits,
    runSignal: stop?.signal,
    onSend: (url) => {
      counters.requests += 1;
      safely(hooks.onRequest, url);
    },
  };

  /** One request of a redirect chain, retried while the trouble is transient. */
  async function attemptWithRetries(
    target: URL,
    plan: Omit<RequestPlan, 'planStatusRetry'>,
    retry: { enabled: boolean; state: RetryState },
  ): Promise<FinalOutcome> {
    const retryPolicy = { maxRetries: options.retries, budgetMs: options.retryBudgetMs };
    const fullPlan: RequestPlan = {
      ...plan,
      planStatusRetry: (retryAfterMs) => (retry.enabled ? planRetry(retry.state, retryPolicy, 'status', retryAfterMs) : null),
    };
    // Ends a wait for a slot or a back-off early: the run stopped, or the origin said "stay away".
    const waits = linkSignals([stop?.signal, rateLimits.signal(target.origin)]);
    try {
      for (let attemptNumber = 1; ; attemptNumber++) {
        const stopped = stopReason(context, target.origin);
        if (stopped !== null) return { kind: 'error', error: stopped, notSent: true };
        const outcome = await politeness
          .run(target.origin, () => attempt(context, target, fullPlan), waits.signal)
          .catch((error: unknown): FinalOutcome => {
            // The wait was cut short (or, against attempt()'s contract, it threw).
            const cut = stopReason(context, target.origin);
            return cut !== null ? { kind: 'error', error: cut, notSent: true } : { kind: 'error', error: classifyError(error) };
          });
        const backOff = async (delayMs: number, reason: string): Promise<void> => {
          counters.retries += 1;
          safely(hooks.onRetry, target.href, attemptNumber + 1, reason);
          await pause(delayMs, waits.signal);
        };
        if (outcome.kind === 'retry') {
          await backOff(outcome.delayMs, outcome.reason);
          continue;
        }
        if (outcome.kind === 'error' && retry.enabled) {
          const delayMs = planRetry(retry.state, retryPolicy, outcome.error.code, null);
          if (delayMs !== null) {
            await backOff(delayMs, outcome.error.code);
            continue;
          }
        }
        return outcome;
      }
    } finally {
      waits.dispose();
    }
  }

  async function fetchUrl(rawUrl: string, fetchOptions: FetchOptions): Promise<FetchResult> {
    const startedMs = Date.now();
    const startedAt = new Date(startedMs).toISOString();
    const method: Method = fetchOptions.method ?? 'GET';
    const bodyPolicy: BodyPolicy = fetchOptions.body ?? { read: 'prefix', maxBytes: options.sniffBytes };
    const headersFor = (url: URL | null, startOrigin: string | null): Record<string, string> =>
      requestHeaders({
        userAgent: options.userAgent,
        identity: fetchOptions.identity ?? true,
        userHeaders,
        perRequest: fetchOptions.headers,
        toSiteOrigin: url !== null && siteOrigin !== null && url.origin === siteOrigin,
        toStartOrigin: url === null || url.origin === startOrigin,
      });
    const hops: Hop[] = [];
    const retryState = newRetryState();
    let attempts = 0; // requests made for the last URL of the chain, retries included
    let lastTtfbMs = 0;
    const timing = () => ({ startedAt, ttfbMs: lastTtfbMs, totalMs: Date.now() - startedMs });

    /** What reports show: the first request as sent, the user's headers redacted. */
    const recorded = (url: string, headers: Record<string, string>): SentRequest => ({ method, url, headers: recordedHeaders(headers) });
    const fail = (request: SentRequest, url: string, code: FetchErrorCode, message: string): FetchFailure => ({
      ok: false,
      request,
      url,
      error: { code, message },
      hops,
      timing: timing(),
      attempts,
      // A retry that ended in more of the same transient trouble is an outage, not a blip;
      // a fetch cut short (the run stopped, the origin said stay away) is neither.
      flaky: attempts > 1 && !isTransientCode(code) && code !== 'ERR_ABORTED' && code !== 'ERR_RATE_LIMITED',
    });

    const start = parseHttpUrl(rawUrl);
    if (!start.ok) return fail(recorded(rawUrl, headersFor(null, null)), rawUrl, 'ERR_BAD_URL', start.reason);
    const startOrigin = start.url.origin;
    // The caller's string where it is already the URL as parsed: the model keeps it once, not twice.
    const startHref = start.url.href === rawUrl ? rawUrl : start.url.href;
    const request = recorded(startHref, headersFor(start.url, startOrigin));
    const retry = { enabled: (fetchOptions.retry ?? true) && options.retries > 0, state: retryState };
    const follow = fetchOptions.followRedirects ?? true;
    const maxRedirects = fetchOptions.maxRedirects ?? options.maxRedirects;
    const visited = new Set<string>([start.url.href]);
    let current = start.url;

    for (;;) {
      // Headers judged per hop: the user's only where this hop's origin is the site's.
      const plan = { method, headers: headersFor(current, startOrigin), body: bodyPolicy, follow };
      const outcome = await attemptWithRetries(current, plan, retry);
      attempts = retryState.retries + (outcome.kind === 'error' && outcome.notSent === true ? 0 : 1);
      if (outcome.kind === 'error') return fail(request, current.href, outcome.error.code, outcome.error.message);
      lastTtfbMs = outcome.head.ttfbMs;
      if (outcome.kind === 'response') {
        const { head } = outcome;
        const response: FetchResponse = {
          ok: true,
          request,
          url: current === start.url ? startHref : current.href,
          status: head.status,
          headers: head.headers,
          setCookies: head.setCookies,
          body: outcome.body,
          ...(outcome.text !== undefined ? { text: outcome.text, charset: outcome.charset } : {}),
          hops,
          timing: timing(),
          attempts,
          flaky: attempts > 1 && !isRetryableStatus(head.status),
        };
        return response;
      }
      // Redirect: record the hop, then decide whether following it is sane.
      hops.push({ url: current.href, status: outcome.head.status, location: outcome.location, headers: outcome.head.headers });
      const next = resolveLocation(outcome.location, current);
      if (!next.ok) return fail(request, current.href, 'ERR_BAD_REDIRECT', next.reason);
      const nextHref = next.url.href;
      if (visited.has(nextHref)) {
        return fail(request, nextHref, 'ERR_REDIRECT_LOOP', `${current.href} redirects back to ${nextHref}, already visited`);
      }
      if (hops.length > maxRedirects) {
        return fail(request, nextHref, 'ERR_TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirects`);
      }
      visited.add(nextHref);
      current = next.url;
    }
  }

  return {
    async fetch(url, fetchOptions = {}) {
      let result: FetchResult;
      try {
        result = await fetchUrl(url, fetchOptions);
      } catch (error) {
        // Not expected (attempt() classifies everything), but the contract is: never throw.
        const { code, message } = classifyError(error);
        const request: SentRequest = { method: fetchOptions.method ?? 'GET', url, headers: {} };
        const timing = { startedAt: new Date().toISOString(), ttfbMs: 0, totalMs: 0 };
        result = { ok: false, request, url, error: { code, message }, hops: [], timing, attempts: 0, flaky: false };
      }
      if (result.ok) counters.bytesRead += result.body.bytesRead;
      else counters.errors += 1;
      safely(hooks.onResponse, result);
      return result;
    },
    stats(): ClientStats {
      return { ...counters, rateLimited: rateLimits.list() };
    },
    async close() {
      stop?.dispose();
      await agent.destroy();
    },
  };
}
