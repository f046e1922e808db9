// Stopping: the run's signal (its deadline, SIGINT/SIGTERM) and an origin that
// became rate-limited both end waits early. These are the small pieces the
// client and its politeness share for that.

import { EventEmitter } from 'node:events';

/** The message of an ERR_ABORTED: the signal's reason when it says something, else a plain default. */
export function abortMessage(signal: { readonly reason: unknown }): string {
  const reason: unknown = signal.reason;
  if (typeof reason === 'string' && reason.trim() !== '') return reason;
  // A bare abort() gives a generic AbortError ("This operation was aborted"): no reason was given.
  const generic = reason instanceof DOMException && reason.name === 'AbortError';
  if (reason instanceof Error && reason.message !== '' && !generic) return reason.message;
  return 'the run was stopped';
}

/**
 * The client's own stop signal: each request's deadline, each fetch's waits,
 * the run's stop and an origin put off limits. An EventEmitter, which undici
 * takes as a request's `signal` as it takes an AbortSignal. Not AbortSignal:
 * on Node 20 an AbortSignal given a listener survives minor GCs however short
 * its life (measured: 200,000 of them with a listener each were all promoted
 * to the old generation, 63 MB; an EventTarget or an EventEmitter with the same
 * listener, none), and a crawl made two per request: they filled V8's old
 * generation with garbage, and peak RSS followed it, not the live heap.
 */
export class StopSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  constructor() {
    super();
    // The run's stop has a listener per request in flight: each is unhooked when its work ends.
    this.setMaxListeners(0);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }

  /** Calls `onAbort` once when it aborts; not when it already has (check `aborted`). Returns the unhook. */
  listen(onAbort: () => void): () => void {
    this.once('abort', onAbort);
    return () => void this.removeListener('abort', onAbort);
  }
}

/** What a wait can be stopped by: a caller's AbortSignal, or one of ours. */
export type StopSource = AbortSignal | StopSignal;

/** Calls `onAbort` once when `source` aborts; not when it already has. Returns the unhook. */
export function onAbort(source: StopSource, listener: () => void): () => void {
  if (source instanceof StopSignal) return source.listen(listener);
  source.addEventListener('abort', listener, { once: true });
  return () => source.removeEventListener('abort', listener);
}

export interface LinkedSignal {
  /** Aborts as soon as any of the linked signals does, with that signal's reason. */
  readonly signal: StopSignal;
  /** Unhooks from the linked signals; call once the work it guarded is over. */
  dispose(): void;
}

/**
 * One signal for several. Not AbortSignal.any: its listeners live as long as
 * the run's signal does, and a run makes tens of thousands of requests.
 */
export function linkSignals(signals: readonly (StopSource | undefined)[]): LinkedSignal {
  const linked = new StopSignal();
  const unhooks: Array<() => void> = [];
  const dispose = (): void => {
    for (const unhook of unhooks.splice(0)) unhook();
  };
  for (const source of signals) {
    if (source === undefined) continue;
    if (source.aborted) {
      linked.abort(source.reason);
      break;
    }
    unhooks.push(
      onAbort(source, () => {
        dispose();
        linked.abort(source.reason);
      }),
    );
  }
  if (linked.aborted) dispose();
  return { signal: linked, dispose };
}

/** Waits `ms`, or less if `stop` aborts first; never rejects. */
export function pause(ms: number, stop: StopSource | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (stop?.aborted === true) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      unhook?.();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unhook = stop === undefined ? undefined : onAbort(stop, done);
  });
}
