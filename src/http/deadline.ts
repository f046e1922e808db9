// The whole-request deadline, held even where undici does not hold it: a request
// still waiting for its connection (a stalled TLS handshake) is only given up at
// undici's connect timeout, whatever its signal says.

import type { Readable } from 'node:stream';
import { onAbort, StopSignal, type StopSource } from './abort.js';

/**
 * The response promise, or a rejection with the signal's reason as soon as the
 * signal aborts. A response that still arrives after that is nobody's: its body
 * is destroyed so the connection is not left hanging.
 */
export function untilDeadline<R extends { readonly body: Readable }>(pending: Promise<R>, signal: StopSource): Promise<R> {
  return new Promise((resolve, reject) => {
    let late = false;
    const atDeadline = (): void => {
      late = true;
      reject(signal.reason);
    };
    let unhook: (() => void) | undefined;
    if (signal.aborted) atDeadline();
    else unhook = onAbort(signal, atDeadline);
    pending.then(
      (response) => {
        unhook?.();
        if (!late) return resolve(response);
        response.body.on('error', () => {});
        response.body.destroy();
      },
      (error: unknown) => {
        unhook?.();
        reject(error); // ignored by a promise already rejected at the deadline
      },
    );
  });
}

/** One attempt's stop signal: its own deadline or the run's stop, whichever comes first. */
export interface AttemptDeadline {
  /** What undici is given as the request's signal: it ends the request, headers or body, when it aborts. */
  readonly signal: StopSignal;
  /** True once the deadline itself passed (not the run's stop). */
  readonly expired: boolean;
  /** Clears the timer and unhooks from the run's signal; call when the attempt ends, however it ends. */
  dispose(): void;
}

/**
 * One timer per attempt, cleared as soon as the attempt ends. Not
 * AbortSignal.timeout linked to the run's signal: its timer and signal live
 * the full timeout after a request that took a millisecond, so a fast crawl
 * holds thousands of them (and two signals and a listener each) at once.
 */
export function attemptDeadline(timeoutMs: number, runSignal: StopSource | undefined): AttemptDeadline {
  const stop = new StopSignal();
  let expired = false;
  const onRunStop = (): void => stop.abort(runSignal?.reason);
  let unhook: (() => void) | undefined;
  const timer = setTimeout(() => {
    expired = true;
    stop.abort(new DOMException(`no complete response within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  // Like AbortSignal.timeout's: a pending deadline alone does not keep the process alive.
  timer.unref();
  if (runSignal?.aborted === true) onRunStop();
  else if (runSignal !== undefined) unhook = onAbort(runSignal, onRunStop);
  return {
    signal: stop,
    get expired() {
      return expired;
    },
    dispose() {
      clearTimeout(timer);
      unhook?.();
    },
  };
}
