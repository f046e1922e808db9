// What is worth retrying, and how long to wait first. Only transient trouble is
// retried: a site that is down, misconfigured or lying stays that way, and
// hammering it only makes a probe rude.

import type { FetchErrorCode } from './types.js';

/** Statuses that say "try again later" rather than "this is the answer". */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * Retries allowed per failure code within one fetch. A refused or unanswered
 * connect usually means the whole host is down: one more try, no more. DNS, TLS
 * and our own errors (bad URL, bad redirect, corrupt encoding) never change on retry.
 */
const RETRY_LIMIT_BY_CODE: Readonly<Partial<Record<FetchErrorCode, number>>> = {
  ERR_TIMEOUT: Number.POSITIVE_INFINITY,
  ERR_RESET: Number.POSITIVE_INFINITY,
  ERR_REFUSED: 1,
  ERR_CONNECT_TIMEOUT: 1,
};

export function retryLimitFor(code: FetchErrorCode): number {
  return RETRY_LIMIT_BY_CODE[code] ?? 0;
}

export function isTransientCode(code: FetchErrorCode): boolean {
  return retryLimitFor(code) > 0;
}

export const BACKOFF_BASE_MS = 250;
export const BACKOFF_CAP_MS = 8_000;

/**
 * Exponential backoff with full jitter (AWS architecture blog): a uniform wait in
 * [0, min(cap, base * 2^retry)), so clients that failed together do not come back together.
 * `retry` counts from 0 for the first retry.
 */
export function backoffDelayMs(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After in milliseconds from now: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * A date in the past means "now" (0). Anything unparsable is ignored (null).
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse also accepts plain numbers and odd fragments; demand a leading day name
  // (IMF-fixdate "Wed, ...", RFC 850 "Wednesday, ...").
  if (!/^[A-Za-z]{3,9},? /.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** Per-fetch retry bookkeeping: how many retries, of which kind, how long we waited. */
export interface RetryState {
  retries: number;
  waitedMs: number;
  readonly retriesByCode: Map<FetchErrorCode | 'status', number>;
}

export function newRetryState(): RetryState {
  return { retries: 0, waitedMs: 0, retriesByCode: new Map() };
}

export interface RetryPolicy {
  readonly maxRetries: number;
  readonly budgetMs: number;
  readonly random?: () => number;
}

/**
 * The wait before the next retry, or null to give up. `reason` is the failure code
 * or 'status' for a retryable status; `retryAfterMs` is the server's word, if any.
 * A Retry-After beyond the remaining budget is a "no": we never sleep past the budget.
 */
export function planRetry(
  state: RetryState,
  policy: RetryPolicy,
  reason: FetchErrorCode | 'status',
  retryAfterMs: number | null,
): number | null {
  if (state.retries >= policy.maxRetries) return null;
  const limitForReason = reason === 'status' ? Number.POSITIVE_INFINITY : retryLimitFor(reason);
  if ((state.retriesByCode.get(reason) ?? 0) >= limitForReason) return null;
  const remainingMs = Math.max(0, policy.budgetMs - state.waitedMs);
  let delayMs: number;
  if (retryAfterMs !== null) {
    if (retryAfterMs > remainingMs) return null;
    delayMs = retryAfterMs;
  } else {
    delayMs = Math.min(backoffDelayMs(state.retries, policy.random), remainingMs);
  }
  state.retries += 1;
  state.waitedMs += delayMs;
  state.retriesByCode.set(reason, (state.retriesByCode.get(reason) ?? 0) + 1);
  return delayMs;
}
