// "Not now" is not "broken": a 429, a host the client stopped asking because
// it rate-limited the run, or a run that was stopped says nothing about the
// file. Probes report such a check as not done (inconclusive), never as a fault.

import type { FetchResult } from '../http/types.js';

/** Why this answer cannot be judged, or null when it can. */
export function notNowReason(result: FetchResult): string | null {
  if (!result.ok) {
    const { code, message } = result.error;
    return code === 'ERR_RATE_LIMITED' || code === 'ERR_ABORTED' ? `${code}: ${message}` : null;
  }
  if (result.status !== 429) return null;
  const retryAfter = result.headers['retry-after'];
  return `it answered 429 (rate limited${retryAfter !== undefined ? `, Retry-After: ${retryAfter}` : ''}): try a lower --rate`;
}
