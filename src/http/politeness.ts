// Per-origin manners: a cap on requests in flight (p-limit, one limiter per
// origin) and an optional requests-per-second cap, held by spacing request
// starts: each start waits for the previous one to have happened, then for
// `spacingMs` after it. Nothing is booked ahead, so a stalled event loop (a
// long GC) cannot release a burst of overdue starts, and a pause a 429 imposes
// applies to every start after it. A 429 makes an origin slower for the rest of the run.

import pLimit, { type LimitFunction } from 'p-limit';
import { onAbort, pause, type StopSource } from './abort.js';

export interface PolitenessOptions {
  /** Requests in flight per origin (at least 1). */
  readonly concurrency: number;
  /** Requests per second per origin; 0 for no cap. */
  readonly rate: number;
  /** Longest pause a Retry-After may impose on an origin (a site asking for an hour is not waited for). */
  readonly maxPauseMs: number;
}

/** Spacing after a 429 on an origin that had no rate cap: at most 4 requests a second. */
export const MIN_SLOWED_SPACING_MS = 250;
/** Repeated 429s keep halving the rate, but not below one request per 10 s (unless configured slower). */
export const MAX_SLOWED_SPACING_MS = 10_000;

interface OriginGate {
  readonly limit: LimitFunction;
  spacingMs: number;
  /** When the last request actually started (ms since epoch). */
  lastStartAt: number;
  /** No request starts before this (a 429's Retry-After). */
  pausedUntil: number;
  /** The queue of starts: each waits for the one before it. */
  turn: Promise<void>;
}

export interface Politeness {
  /**
   * Runs `task` when the origin has a free slot and its rate allows; the slot is
   * held until it settles. Once `signal` aborts, a task still waiting rejects at
   * once with the signal's reason and never runs; one already running is left to
   * its own deadline.
   */
  run<T>(origin: string, task: () => Promise<T>, signal?: StopSource): Promise<T>;
  /** The origin said 429: halve its rate for the rest of the run and pause it for `retryAfterMs`. */
  slowDown(origin: string, retryAfterMs: number | null): void;
  /** Current spacing between request starts on an origin (0: no rate cap). */
  spacingMs(origin: string): number;
}

/** Requests in flight to one host at most, for a configured concurrency (0 or a fraction still means one). */
export function connectionsPerHost(concurrency: number): number {
  return Math.max(1, Math.floor(concurrency) || 1);
}

export function createPoliteness(options: PolitenessOptions): Politeness {
  const concurrency = connectionsPerHost(options.concurrency);
  const initialSpacingMs = options.rate > 0 ? 1000 / options.rate : 0;
  const gates = new Map<string, OriginGate>();

  function gateFor(origin: string): OriginGate {
    let gate = gates.get(origin);
    if (gate === undefined) {
      gate = { limit: pLimit(concurrency), spacingMs: initialSpacingMs, lastStartAt: 0, pausedUntil: 0, turn: Promise.resolve() };
      gates.set(origin, gate);
    }
    return gate;
  }

  /**
   * Waits for the previous start, then until this one is due; decided when its
   * turn comes, not when it queued. A cancelled wait gives its turn to the next
   * one without counting as a start.
   */
  function waitForTurn(gate: OriginGate, signal: StopSource | undefined): Promise<void> {
    const turn = gate.turn.then(async () => {
      const dueAt = (): number => Math.max(gate.lastStartAt + gate.spacingMs, gate.pausedUntil);
      // Re-checked after each sleep: a 429 may have paused the origin meanwhile.
      for (let due = dueAt(); due > Date.now() && signal?.aborted !== true; due = dueAt()) {
        await pause(due - Date.now(), signal);
      }
      if (signal?.aborted !== true) gate.lastStartAt = Date.now();
    });
    gate.turn = turn;
    return turn;
  }

  return {
    run(origin, task, signal) {
      const gate = gateFor(origin);
      return new Promise((resolve, reject) => {
        let waiting = true;
        const cancel = (): void => {
          if (!waiting) return;
          waiting = false;
          reject(signal?.reason);
        };
        if (signal?.aborted === true) return cancel();
        const unhook = signal === undefined ? undefined : onAbort(signal, cancel);
        gate
          .limit(async () => {
            if (!waiting) return; // cancelled in the queue: give the slot back at once
            await waitForTurn(gate, signal);
            if (!waiting) return;
            waiting = false;
            unhook?.();
            resolve(await task());
          })
          .catch((error: unknown) => reject(error)); // a task's failure (a cancelled one cannot fail)
      });
    },
    slowDown(origin, retryAfterMs) {
      const gate = gateFor(origin);
      const halvedRate = gate.spacingMs > 0 ? gate.spacingMs * 2 : MIN_SLOWED_SPACING_MS;
      gate.spacingMs = Math.max(gate.spacingMs, Math.min(MAX_SLOWED_SPACING_MS, halvedRate)); // never faster than configured
      const pauseMs = Math.min(options.maxPauseMs, Math.max(0, retryAfterMs ?? 0));
      gate.pausedUntil = Math.max(gate.pausedUntil, Date.now() + pauseMs);
    },
    spacingMs(origin) {
      return gateFor(origin).spacingMs;
    },
  };
}
