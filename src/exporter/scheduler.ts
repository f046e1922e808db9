// The exporter's background runs. A crawl takes longer than a scrape timeout,
// so a scrape never starts one: each site is re-probed on its own interval,
// counted from the end of its last run (a slow site is never overtaken by its
// own next run), at most `parallel` sites at once, in a first-come queue. A
// scrape reads the last completed run from here. Time comes from a Clock, so
// the tests drive it without waiting.

import type { RunResult } from '../engine/result.js';
import { exitCodeOf, RESULT_SCHEMA_VERSION } from '../engine/result.js';
import { VERSION } from '../version.js';

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What the scheduler needs of a site. */
export interface ScheduledSite {
  readonly name: string;
  readonly intervalMs: number;
  /** The site's URL: a run that could not even start still reports on it. */
  readonly target: string;
}

/** One run of a site; it stops when `signal` aborts (the exporter is stopping) and still returns its result. */
export type SiteRunner<S extends ScheduledSite> = (site: S, signal: AbortSignal) => Promise<RunResult>;

export interface CompletedRun {
  readonly result: RunResult;
  /** Clock time the run ended: the result's age is measured from it. */
  readonly completedAt: number;
  readonly exitCode: ReturnType<typeof exitCodeOf>;
}

/** What a scrape of one site reads. */
export interface SiteState {
  readonly name: string;
  readonly target: string;
  /** Null until the first run of the site ends. */
  readonly last: CompletedRun | null;
  readonly running: boolean;
}

/** Exit codes a run can end with; the exporter's counters keep one series for each. */
export const RUN_EXIT_CODES = [0, 1, 3, 4] as const;

export interface SiteStats {
  readonly name: string;
  /** Runs ended, by exit code. */
  readonly runs: Readonly<Record<(typeof RUN_EXIT_CODES)[number], number>>;
  /** Seconds spent in runs that ended. */
  readonly runSeconds: number;
  readonly lastRunSeconds: number | null;
}

export interface Scheduler<S extends ScheduledSite> {
  start(): void;
  state(name: string): SiteState | undefined;
  stats(): { readonly inFlight: number; readonly queued: number; readonly sites: readonly SiteStats[] };
  /** Stops scheduling, aborts the runs in flight and waits for them to end. */
  stop(): Promise<void>;
  readonly sites: readonly S[];
}

interface Slot {
  last: CompletedRun | null;
  running: AbortController | null;
  timer: unknown;
  runs: Record<(typeof RUN_EXIT_CODES)[number], number>;
  runSeconds: number;
  lastRunSeconds: number | null;
}

/**
 * A run that threw instead of returning a result (an unreadable baseline, a
 * bug): reported as crashed, exit 4, with its message, rather than left out.
 */
export function crashedResult(target: string, startedAt: number, endedAt: number, error: unknown): RunResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    outcome: { status: 'crashed', message: `the run could not start or end: ${message}` },
    tool: { name: 'wagtail-probe', version: VERSION },
    target,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: endedAt - startedAt,
    failOn: 'error',
    gather: { pages: 0, assets: 0, documents: 0, images: 0, requests: 0, retries: 0, errors: 0, bytesRead: 0, durationMs: 0 },
    probes: [],
    latency: [],
  };
}

export function createScheduler<S extends ScheduledSite>(sites: readonly S[], options: { readonly parallel: number; readonly run: SiteRunner<S>; readonly clock?: Clock }): Scheduler<S> {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const slots = new Map<string, Slot>(sites.map((s) => [s.name, { last: null, running: null, timer: null, runs: { 0: 0, 1: 0, 3: 0, 4: 0 }, runSeconds: 0, lastRunSeconds: null }]));
  const queue: S[] = [];
  const pending = new Set<Promise<void>>();
  let stopped = false;
  let started = false;

  const slotOf = (site: S): Slot => slots.get(site.name) as Slot;

  const runOne = async (site: S): Promise<void> => {
    const slot = slotOf(site);
    const controller = new AbortController();
    slot.running = controller;
    const startedAt = clock.now();
    let result: RunResult;
    try {
      result = await options.run(site, controller.signal);
    } catch (error) {
      result = crashedResult(site.target, startedAt, clock.now(), error);
    }
    const completedAt = clock.now();
    const exitCode = exitCodeOf(result);
    slot.running = null;
    slot.runs[exitCode] += 1;
    slot.lastRunSeconds = (completedAt - startedAt) / 1000;
    slot.runSeconds += slot.lastRunSeconds;
    // A run cut short by the exporter's own stop says nothing about the site: keep the one before.
    if (!controller.signal.aborted || slot.last === null) slot.last = { result, completedAt, exitCode };
    if (!stopped) slot.timer = clock.setTimeout(() => enqueue(site), site.intervalMs);
  };

  const pump = (): void => {
    while (!stopped && pending.size < options.parallel && queue.length > 0) {
      const site = queue.shift() as S;
      const running: Promise<void> = runOne(site).finally(() => {
        pending.delete(running);
        pump();
      });
      pending.add(running);
    }
  };

  const enqueue = (site: S): void => {
    const slot = slotOf(site);
    slot.timer = null;
    if (stopped || slot.running !== null || queue.includes(site)) return;
    queue.push(site);
    pump();
  };

  return {
    sites,
    start() {
      if (started) return;
      started = true;
      for (const site of sites) enqueue(site);
    },
    state(name) {
      const site = sites.find((s) => s.name === name);
      if (!site) return undefined;
      const slot = slotOf(site);
      return { name, target: site.target, last: slot.last, running: slot.running !== null };
    },
    stats() {
      return {
        inFlight: pending.size,
        queued: queue.length,
        sites: sites.map((site) => {
          const slot = slotOf(site);
          return { name: site.name, runs: { ...slot.runs }, runSeconds: slot.runSeconds, lastRunSeconds: slot.lastRunSeconds };
        }),
      };
    },
    async stop() {
      stopped = true;
      queue.length = 0;
      for (const slot of slots.values()) {
        if (slot.timer !== null) clock.clearTimeout(slot.timer);
        slot.timer = null;
        slot.running?.abort('the exporter is stopping');
      }
      await Promise.all([...pending]);
    },
  };
}
