// The exporter's background runs, on a fake clock: each site re-probed its
// interval after its last run ended, never more than `parallel` at once, a run
// that throws kept as a crashed result, and stop() aborting what is in flight.

import t from 'tap';
import { crashedResult, createScheduler, type Clock, type ScheduledSite } from '../../src/exporter/scheduler.js';
import type { RunResult } from '../../src/engine/result.js';
import { exitCodeOf } from '../../src/engine/result.js';

/** A clock whose time moves only when the test says, firing due timers in order. */
function fakeClock(): Clock & { advance(ms: number): Promise<void>; pending(): number } {
  let now = 1_000_000;
  let next = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      next += 1;
      timers.set(next, { at: now + ms, callback });
      return next;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        await settle();
      }
      now = end;
      await settle();
    },
    pending: () => timers.size,
  };
}

/** Lets promise callbacks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

function completeResult(target: string): RunResult {
  return { ...crashedResult(target, 0, 0, 'unused'), outcome: { status: 'complete' } };
}

/** A runner whose runs end when the test says. */
function controlledRunner(clock: Clock) {
  const runs: { site: string; startedAt: number; signal: AbortSignal; done: boolean; finish(result?: RunResult | Error): void }[] = [];
  const run = (site: ScheduledSite, signal: AbortSignal): Promise<RunResult> =>
    new Promise((resolve, reject) => {
      const entry = {
        site: site.name,
        startedAt: clock.now(),
        signal,
        done: false,
        finish: (result: RunResult | Error = completeResult(site.target)) => {
          entry.done = true;
          if (result instanceof Error) reject(result);
          else resolve(result);
        },
      };
      signal.addEventListener('abort', () => resolve({ ...completeResult(site.target), outcome: { status: 'not-probed', reason: 'interrupted', message: 'stopped' } }));
      runs.push(entry);
    });
  const running = () => runs.filter((r) => !r.done && !r.signal.aborted);
  return { run, runs, running };
}

const sites: ScheduledSite[] = [
  { name: 'a', target: 'https://a.example/', intervalMs: 10_000 },
  { name: 'b', target: 'https://b.example/', intervalMs: 20_000 },
  { name: 'c', target: 'https://c.example/', intervalMs: 10_000 },
];

t.test('at most `parallel` runs at once; the others queue, first come first served', async (t) => {
  const clock = fakeClock();
  const runner = controlledRunner(clock);
  const scheduler = createScheduler(sites, { parallel: 2, run: runner.run, clock });
  t.same(scheduler.state('a'), { name: 'a', target: 'https://a.example/', last: null, running: false }, 'nothing before start');
  scheduler.start();
  await settle();
  t.same(runner.runs.map((r) => r.site), ['a', 'b'], 'two start');
  t.same({ inFlight: scheduler.stats().inFlight, queued: scheduler.stats().queued }, { inFlight: 2, queued: 1 }, 'one waits');
  t.equal(scheduler.state('c')?.running, false);
  await clock.advance(3_000);
  runner.runs[1]?.finish();
  await settle();
  t.same(runner.runs.map((r) => r.site), ['a', 'b', 'c'], 'the waiting one starts when a slot frees');
  t.equal(scheduler.state('b')?.last?.completedAt, 1_003_000, 'b has its result, stamped when it ended');
  t.equal(scheduler.state('a')?.last, null, 'a has none yet');
  t.equal(scheduler.state('a')?.running, true);
  await scheduler.stop();
});

t.test("each site runs again its own interval after its last run ended, never overlapping itself", async (t) => {
  const clock = fakeClock();
  const runner = controlledRunner(clock);
  const scheduler = createScheduler(sites.slice(0, 2), { parallel: 4, run: runner.run, clock });
  scheduler.start();
  await settle();
  await clock.advance(5_000);
  for (const run of runner.runs) run.finish(); // both end at +5 s
  await settle();
  await clock.advance(9_999);
  t.equal(runner.runs.length, 2, 'not yet: the interval counts from the end of the run');
  await clock.advance(1);
  t.same(runner.runs.map((r) => [r.site, r.startedAt]), [['a', 1_000_000], ['b', 1_000_000], ['a', 1_015_000]], 'a again 10 s after it ended');
  await clock.advance(60_000);
  t.equal(runner.runs.filter((r) => r.site === 'a').length, 2, 'a slow run of a is not overtaken by its next');
  t.same(runner.runs.map((r) => [r.site, r.startedAt]).at(-1), ['b', 1_025_000], 'b on its own 20 s interval');
  t.equal(scheduler.stats().sites.find((s) => s.name === 'a')?.runs[0], 1, 'runs counted by exit code');
  await scheduler.stop();
});

t.test('a run that throws is kept as a crashed result (exit 4), and the site is retried on its interval', async (t) => {
  const clock = fakeClock();
  const runner = controlledRunner(clock);
  const scheduler = createScheduler(sites.slice(0, 1), { parallel: 1, run: runner.run, clock });
  scheduler.start();
  await settle();
  runner.runs[0]?.finish(new Error('cannot read baseline.json: ENOENT'));
  await settle();
  const last = scheduler.state('a')?.last;
  t.equal(last?.exitCode, 4);
  t.match(last?.result.outcome, { status: 'crashed', message: /cannot read baseline\.json: ENOENT/ });
  t.equal(exitCodeOf(last!.result), 4);
  t.equal(scheduler.stats().sites[0]?.runs[4], 1);
  await clock.advance(10_000);
  t.equal(runner.runs.length, 2, 'tried again');
  await scheduler.stop();
});

t.test('stop() aborts the runs in flight, waits for them, and schedules nothing more', async (t) => {
  const clock = fakeClock();
  const runner = controlledRunner(clock);
  const scheduler = createScheduler(sites, { parallel: 1, run: runner.run, clock });
  scheduler.start();
  await settle();
  runner.runs[0]?.finish();
  await settle();
  t.equal(runner.running().length, 1, 'b is running');
  const before = scheduler.state('a')?.last;
  await scheduler.stop();
  t.ok(runner.runs.every((r) => r.signal.aborted || r.site === 'a'), 'the run in flight was aborted');
  t.equal(scheduler.stats().inFlight, 0, 'and has ended');
  t.equal(scheduler.stats().queued, 0, 'the queue is dropped');
  t.equal(clock.pending(), 0, 'no timer left');
  t.equal(scheduler.state('a')?.last, before, "a's result stays");
  await clock.advance(100_000);
  t.equal(runner.runs.length, 2, 'nothing starts after stop');
});
