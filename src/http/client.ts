// The one HTTP client of a run: an undici Agent behind per-origin manners, with
// redirects followed by hand (every hop recorded), a deadline per attempt that
// covers headers and body, retries for transient trouble only, and byte caps.
// fetch() never throws: every failure is a FetchFailure with a stable code.

import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import { Agent } from 'undici';
import type { CrawlOptions, HttpOptions } from '../options.js';
import { discardBody, readBody, UNREAD_BODY } from './body.js';
import { decodeText } from './charset.js';
import { untilDeadline } from './deadline.js';
import { classifyError, FetchError, type ClassifiedError } from './errors.js';
import { normaliseResponseHeaders, redactHeaders, requestHeaders } from './headers.js';
import { createPoliteness } from './politeness.js';
import { isRedirectStatus, locationFromHeader, resolveLocation } from './redirects.js';
import { isRetryableStatus, isTransientCode, newRetryState, parseRetryAfter, planRetry, type RetryState } from './retry.js';
import type {
  BodyFacts,
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

/** Response line and headers of one attempt. */
interface ResponseHead {
  readonly status: number;
  readonly headers: HeaderMap;
  readonly setCookies: readonly string[];
  readonly ttfbMs: number;
}

type AttemptOutcome =
  | { readonly kind: 'redirect'; readonly head: ResponseHead; readonly location: string }
  | { readonly kind: 'retry'; readonly head: ResponseHead; readonly delayMs: number; readonly reason: string }
  | {
      readonly kind: 'response';
      readonly head: ResponseHead;
      readonly body: BodyFacts;
      readonly text?: string;
      readonly charset?: string;
    }
  | { readonly kind: 'error'; readonly error: ClassifiedError };

type FinalOutcome = Exclude<AttemptOutcome, { kind: 'retry' }>;

/** What one request of a fetch sends and expects. */
interface RequestPlan {
  readonly method: Method;
  readonly headers: Record<string, string>;
  readonly body: BodyPolicy;
  readonly follow: boolean;
  /** Books a retry for a retryable status (429/502/503/504); the wait, or null for "no retry". */
  readonly planStatusRetry: (retryAfterMs: number | null) => number | null;
}

/** RFC 6761 §6.4: names under .invalid never resolve; answering so ourselves sends no DNS query at all. */
function isReservedInvalidHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'invalid' || name.endsWith('.invalid');
}

function parseContentLength(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

function safely<A extends unknown[]>(hook: ((...args: A) => void) | undefined, ...args: A): void {
  try {
    hook?.(...args);
  } catch {
    // see HttpHooks
  }
}

export function createHttpClient(options: HttpClientOptions, hooks: HttpHooks = {}): HttpClient {
  const agent = new Agent({
    pipelining: 1, // one request at a time per connection: keep-alive without pipelining
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connect: {
      timeout: options.connectTimeoutMs,
      rejectUnauthorized: !options.insecure,
      // Node's `ca` replaces the bundled roots; add to them instead.
      ...(options.ca !== null ? { ca: [...tls.rootCertificates, options.ca] } : {}),
    },
  });
  const politeness = createPoliteness({
    concurrency: options.concurrency,
    rate: options.rate,
    maxPauseMs: options.retryBudgetMs,
  });
  const counters = { requests: 0, retries: 0, bytesRead: 0, errors: 0 };

  /** One request, in the origin's slot, under one deadline that covers headers and body. */
  async function attempt(target: URL, plan: RequestPlan): Promise<AttemptOutcome> {
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      if (isReservedInvalidHost(target.hostname)) {
        throw new FetchError('ERR_DNS', `${target.hostname} cannot resolve: .invalid is reserved (RFC 6761)`);
      }
      counters.requests += 1;
      safely(hooks.onRequest, target.href);
      const sentAt = performance.now();
      const response = await untilDeadline(
        agent.request({
          origin: target.origin,
          path: target.pathname + target.search,
          method: plan.method,
          headers: plan.headers,
          signal,
        }),
        signal,
      );
      const { headers, setCookies } = normaliseResponseHeaders(response.headers);
      const head: ResponseHead = {
        status: response.statusCode,
        headers,
        setCookies,
        ttfbMs: Math.round(performance.now() - sentAt),
      };
      const contentLength = parseContentLength(headers['content-length']);
      const discard = (): Promise<void> =>
        discardBody({
          body: response.body,
          contentLength,
          knownEmpty: plan.method === 'HEAD' || head.status === 204 || head.status === 304,
          signal,
        });
      const retryAfterMs = parseRetryAfter(headers['retry-after']);
      if (head.status === 429) politeness.slowDown(target.origin, retryAfterMs);

      const location = headers['location'];
      if (plan.follow && isRedirectStatus(head.status) && location !== undefined) {
        await discard();
        return { kind: 'redirect', head, location: locationFromHeader(location) };
      }
      if (isRetryableStatus(head.status)) {
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
      const read = await readBody({
        body: response.body,
        policy: plan.body,
        contentEncoding: headers['content-encoding'],
        contentLength,
      });
      if (read.kept === undefined) return { kind: 'response', head, body: read.facts };
      const { text, charset } = decodeText(read.kept, headers['content-type']);
      return { kind: 'response', head, body: read.facts, text, charset };
    } catch (error) {
      // Once our deadline fired, whatever undici reports (abort, closed socket) is the deadline.
      const classified: ClassifiedError = signal.aborted
        ? { code: 'ERR_TIMEOUT', message: `no complete response within ${options.timeoutMs} ms` }
        : classifyError(error);
      return { kind: 'error', error: classified };
    }
  }

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
    for (let attemptNumber = 1; ; attemptNumber++) {
      const outcome = await politeness.run(target.origin, () => attempt(target, fullPlan));
      const backOff = async (delayMs: number, reason: string): Promise<void> => {
        counters.retries += 1;
        safely(hooks.onRetry, target.href, attemptNumber + 1, reason);
        await sleep(delayMs);
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
  }

  async function fetchUrl(rawUrl: string, fetchOptions: FetchOptions): Promise<FetchResult> {
    const startedMs = Date.now();
    const startedAt = new Date(startedMs).toISOString();
    const method: Method = fetchOptions.method ?? 'GET';
    const bodyPolicy: BodyPolicy = fetchOptions.body ?? { read: 'prefix', maxBytes: options.sniffBytes };
    const headersFor = (sameOrigin: boolean): Record<string, string> =>
      requestHeaders({
        userAgent: options.userAgent,
        identity: fetchOptions.identity ?? true,
        extras: options.headers,
        perRequest: fetchOptions.headers,
        sameOrigin,
      });
    const hops: Hop[] = [];
    const retryState = newRetryState();
    let attempts = 0; // 1 + retries once a request was attempted
    let lastTtfbMs = 0;
    const timing = () => ({ startedAt, ttfbMs: lastTtfbMs, totalMs: Date.now() - startedMs });

    const requestFor = (url: string): SentRequest => ({ method, url, headers: redactHeaders(headersFor(true)) });
    const fail = (request: SentRequest, url: string, code: FetchErrorCode, message: string): FetchFailure => ({
      ok: false,
      request,
      url,
      error: { code, message },
      hops,
      timing: timing(),
      attempts,
      // A retry that ended in more of the same transient trouble is an outage, not a blip.
      flaky: attempts > 1 && !isTransientCode(code),
    });

    const start = parseHttpUrl(rawUrl);
    if (!start.ok) return fail(requestFor(rawUrl), rawUrl, 'ERR_BAD_URL', start.reason);
    const request = requestFor(start.url.href);
    const retry = { enabled: (fetchOptions.retry ?? true) && options.retries > 0, state: retryState };
    const follow = fetchOptions.followRedirects ?? true;
    const maxRedirects = fetchOptions.maxRedirects ?? options.maxRedirects;
    const visited = new Set<string>([start.url.href]);
    let current = start.url;

    for (;;) {
      const plan = { method, headers: headersFor(current.origin === start.url.origin), body: bodyPolicy, follow };
      const outcome = await attemptWithRetries(current, plan, retry);
      attempts = 1 + retryState.retries;
      if (outcome.kind === 'error') return fail(request, current.href, outcome.error.code, outcome.error.message);
      lastTtfbMs = outcome.head.ttfbMs;
      if (outcome.kind === 'response') {
        const { head } = outcome;
        const response: FetchResponse = {
          ok: true,
          request,
          url: current.href,
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
      return { ...counters };
    },
    async close() {
      await agent.destroy();
    },
  };
}

type ParsedUrl = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly reason: string };

/** An absolute http(s) URL without its fragment, or why not. */
function parseHttpUrl(raw: string): ParsedUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `not a URL: ${JSON.stringify(raw)}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `not an http(s) URL: ${JSON.stringify(raw)}` };
  }
  url.hash = '';
  return { ok: true, url };
}
