// Stopping: the run's signal (its deadline, SIGINT/SIGTERM) and an origin that
// became rate-limited both end waits early. These are the small pieces the
// client and its politeness share for that.

import { setMaxListeners } from 'node:events';

/** The message of an ERR_ABORTED: the signal's reason when it says something, else a plain default. */
export function abortMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (typeof reason === 'string' && reason.trim() !== '') return reason;
  // A bare abort() gives a generic AbortError ("This operation was aborted"): no reason was given.
  const generic = reason instanceof DOMException && reason.name === 'AbortError';
  if (reason instanceof Error && reason.message !== '' && !generic) return reason.message;
  return 'the run was stopped';
}

export interface LinkedSignal {
  /** Aborts as soon as any of the linked signals does, with that signal's reason. */
  readonly signal: AbortSignal;
  /** Unhooks from the linked signals; call once the work it guarded is over. */
  dispose(): void;
}

/**
 * One signal for several. Not AbortSignal.any: its listeners live as long as
 * the run's signal does, and a run makes tens of thousands of requests.
 */
export function linkSignals(signals: readonly (AbortSignal | undefined)[]): LinkedSignal {
  const controller = new AbortController();
  const hooked: Array<{ source: AbortSignal; onAbort: () => void }> = [];
  const dispose = (): void => {
    for (const { source, onAbort } of hooked.splice(0)) source.removeEventListener('abort', onAbort);
  };
  for (const source of signals) {
    if (source === undefined) continue;
    if (source.aborted) {
      controller.abort(source.reason);
      break;
    }
    const onAbort = (): void => {
      dispose();
      controller.abort(source.reason);
    };
    source.addEventListener('abort', onAbort, { once: true });
    hooked.push({ source, onAbort });
  }
  if (controller.signal.aborted) dispose();
  return { signal: controller.signal, dispose };
}

/**
 * A signal of our own that follows `source`, for many short-lived listeners:
 * every fetch in flight or queued listens to it, legitimately far more than
 * the 10 after which Node warns of a leak. The caller's signal gets one listener.
 */
export function fanOutSignal(source?: AbortSignal): LinkedSignal {
  const fanned = linkSignals([source]);
  setMaxListeners(0, fanned.signal);
  return fanned;
}
