// Origins that asked us to stay away longer than we are willing to wait: a 429
// or 503 whose Retry-After is over http.maxRetryAfter. Waiting would stall the
// run for that long, and hammering on would be rude, so nothing more is sent
// to such an origin for the rest of the run, and the run can say why.

import { StopSignal } from './abort.js';
import type { RateLimitedOrigin } from './types.js';

/** Statuses whose Retry-After can put an origin off limits. */
const STAY_AWAY_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export interface RateLimits {
  /** True when this response asks for a wait beyond the cap. */
  asksTooMuch(status: number, retryAfterMs: number | null): boolean;
  /** Puts an origin off limits for the rest of the run; `retryAfter` is the header as sent. */
  mark(origin: string, retryAfterMs: number, retryAfter: string): void;
  /** Why nothing may be sent to this origin, or null when it may. */
  refusal(origin: string): string | null;
  /** Aborts once the origin is marked: ends waits for a slot or a back-off on it. */
  signal(origin: string): StopSignal;
  list(): readonly RateLimitedOrigin[];
}

interface OriginState {
  /** Every fetch queued for the origin listens. */
  readonly signal: StopSignal;
  record?: RateLimitedOrigin;
  refusal?: string;
}

const seconds = (ms: number): number => Math.ceil(ms / 1000);

export function createRateLimits(maxRetryAfterMs: number): RateLimits {
  const origins = new Map<string, OriginState>();
  const stateOf = (origin: string): OriginState => {
    let state = origins.get(origin);
    if (state === undefined) {
      state = { signal: new StopSignal() };
      origins.set(origin, state);
    }
    return state;
  };

  return {
    asksTooMuch(status, retryAfterMs) {
      return STAY_AWAY_STATUSES.has(status) && retryAfterMs !== null && retryAfterMs > maxRetryAfterMs;
    },
    mark(origin, retryAfterMs, retryAfter) {
      const state = stateOf(origin);
      if (state.record !== undefined) return; // the first ask is the one reported
      state.record = { origin, retryAfterMs, at: new Date().toISOString() };
      state.refusal =
        `${origin} asked to wait ${seconds(retryAfterMs)} s (Retry-After: ${retryAfter.trim()}), ` +
        `more than http.maxRetryAfter (${seconds(maxRetryAfterMs)} s), so nothing more is sent to it in this run. ` +
        'Try a lower --rate, a lower --concurrency, or raise http.maxRetryAfter.';
      state.signal.abort(new Error(state.refusal));
    },
    refusal(origin) {
      return origins.get(origin)?.refusal ?? null;
    },
    signal(origin) {
      return stateOf(origin).signal;
    },
    list() {
      return [...origins.values()].flatMap((state) => (state.record === undefined ? [] : [state.record]));
    },
  };
}
