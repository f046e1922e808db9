// The whole-request deadline, held even where undici does not hold it: a request
// still waiting for its connection (a stalled TLS handshake) is only given up at
// undici's connect timeout, whatever its AbortSignal says.

import type { Readable } from 'node:stream';

/**
 * The response promise, or a rejection with the signal's reason as soon as the
 * signal aborts. A response that still arrives after that is nobody's: its body
 * is destroyed so the connection is not left hanging.
 */
export function untilDeadline<R extends { readonly body: Readable }>(pending: Promise<R>, signal: AbortSignal): Promise<R> {
  return new Promise((resolve, reject) => {
    let late = false;
    const onAbort = (): void => {
      late = true;
      reject(signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (response) => {
        signal.removeEventListener('abort', onAbort);
        if (!late) return resolve(response);
        response.body.on('error', () => {});
        response.body.destroy();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error); // ignored by a promise already rejected at the deadline
      },
    );
  });
}
