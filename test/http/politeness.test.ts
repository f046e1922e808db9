import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { createPoliteness, MAX_SLOWED_SPACING_MS, MIN_SLOWED_SPACING_MS } from '../../src/http/politeness.js';

/** Runs `count` tasks on one origin; each records its start time and holds its slot for `holdMs`. */
async function runTasks(politeness: ReturnType<typeof createPoliteness>, origin: string, count: number, holdMs: number) {
  const starts: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  await Promise.all(
    Array.from({ length: count }, () =>
      politeness.run(origin, async () => {
        starts.push(Date.now());
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep(holdMs);
        inFlight -= 1;
      }),
    ),
  );
  return { starts, maxInFlight };
}

t.test('at most `concurrency` tasks in flight per origin; origins are independent', async (t) => {
  const politeness = createPoliteness({ concurrency: 2, rate: 0, maxPauseMs: 1000 });
  const [a, b] = await Promise.all([runTasks(politeness, 'http://a', 6, 30), runTasks(politeness, 'http://b', 6, 30)]);
  t.equal(a.maxInFlight, 2);
  t.equal(b.maxInFlight, 2);
  const spanMs = Math.max(...a.starts) - Math.min(...a.starts);
  t.ok(spanMs >= 55 && spanMs < 200, `6 tasks two at a time took three rounds: ${spanMs} ms`);
});

t.test('a concurrency below 1 means 1', async (t) => {
  const politeness = createPoliteness({ concurrency: 0, rate: 0, maxPauseMs: 1000 });
  t.equal((await runTasks(politeness, 'http://a', 3, 10)).maxInFlight, 1);
});

t.test('the rate cap spaces starts evenly, with no initial burst', async (t) => {
  const politeness = createPoliteness({ concurrency: 10, rate: 50, maxPauseMs: 1000 });
  t.equal(politeness.spacingMs('http://a'), 20);
  const { starts } = await runTasks(politeness, 'http://a', 11, 0);
  // Starts sit on a 20 ms grid: a late timer can make one gap short, never a start early.
  const offsets = starts.map((at) => at - starts[0]!);
  t.ok(offsets.every((offset, i) => offset >= i * 20 - 2), `offsets ${offsets.join(',')} ms`);
  const spanMs = starts[starts.length - 1]! - starts[0]!;
  t.ok(spanMs >= 198 && spanMs <= 260, `10 gaps of 20 ms: ${spanMs} ms`);
});

t.test('a task result and a task failure come back through run()', async (t) => {
  const politeness = createPoliteness({ concurrency: 1, rate: 0, maxPauseMs: 1000 });
  t.equal(await politeness.run('http://a', async () => 42), 42);
  await t.rejects(politeness.run('http://a', async () => Promise.reject(new Error('boom'))), /boom/);
  t.equal(await politeness.run('http://a', async () => 'slot released'), 'slot released');
});

t.test('a 429 slows the origin down for the rest of the run', async (t) => {
  const capped = createPoliteness({ concurrency: 1, rate: 10, maxPauseMs: 1000 });
  capped.slowDown('http://a', null);
  t.equal(capped.spacingMs('http://a'), 200, 'the rate is halved');
  capped.slowDown('http://a', null);
  t.equal(capped.spacingMs('http://a'), 400);
  t.equal(capped.spacingMs('http://b'), 100, 'other origins keep their rate');

  const uncapped = createPoliteness({ concurrency: 1, rate: 0, maxPauseMs: 1000 });
  uncapped.slowDown('http://a', null);
  t.equal(uncapped.spacingMs('http://a'), MIN_SLOWED_SPACING_MS, 'an origin without a cap gets one');
  for (let i = 0; i < 20; i++) uncapped.slowDown('http://a', null);
  t.equal(uncapped.spacingMs('http://a'), MAX_SLOWED_SPACING_MS, 'but never slower than the floor');
});

t.test('Retry-After pauses the origin, up to the longest allowed pause', async (t) => {
  const politeness = createPoliteness({ concurrency: 1, rate: 0, maxPauseMs: 150 });
  politeness.slowDown('http://a', 60_000);
  const started = Date.now();
  await politeness.run('http://a', async () => {});
  const waited = Date.now() - started;
  t.ok(waited >= 140 && waited < 400, `paused ${waited} ms, capped at 150, not a minute`);
  const other = Date.now();
  await politeness.run('http://b', async () => {});
  t.ok(Date.now() - other < 50, 'another origin is not paused');
});

t.test('a 429 never speeds up an origin configured slower than the floor', async (t) => {
  const glacial = createPoliteness({ concurrency: 1, rate: 0.05, maxPauseMs: 1000 });
  glacial.slowDown('http://a', null);
  t.equal(glacial.spacingMs('http://a'), 20_000);
});

t.test('a stalled event loop does not release a burst of overdue starts', async (t) => {
  const politeness = createPoliteness({ concurrency: 16, rate: 20, maxPauseMs: 5000 });
  const starts: number[] = [];
  const tasks = Array.from({ length: 8 }, (_, i) =>
    politeness.run('https://a.test', async () => {
      starts.push(Date.now());
      if (i === 0) {
        // Block the event loop for 400 ms, as a long GC pause would.
        const until = Date.now() + 400;
        while (Date.now() < until) {
          // busy
        }
      }
    }),
  );
  await Promise.all(tasks);
  const gaps = starts.slice(1).map((at, i) => at - (starts[i] as number));
  // 20/s is 50 ms apart; a timer may fire a little early, never a burst after the stall.
  t.ok(gaps.every((gap) => gap >= 45), `gaps between starts: ${gaps.join(', ')} ms`);
});

t.test("a 429's pause holds back starts that were already queued", async (t) => {
  const politeness = createPoliteness({ concurrency: 4, rate: 0, maxPauseMs: 5000 });
  const starts: number[] = [];
  const first = politeness.run('https://a.test', async () => {
    politeness.slowDown('https://a.test', 300);
  });
  const queued = Array.from({ length: 3 }, () => politeness.run('https://a.test', async () => void starts.push(Date.now())));
  const paused = Date.now();
  await first;
  await Promise.all(queued);
  t.ok(starts.every((at) => at - paused >= 290), `queued starts came ${starts.map((at) => at - paused).join(', ')} ms after the 429`);
});

t.test('a cancelled wait rejects at once, never runs, and gives its slot and turn to the next', async (t) => {
  const politeness = createPoliteness({ concurrency: 1, rate: 5, maxPauseMs: 5000 }); // starts 200 ms apart
  const ran: string[] = [];
  const starts: number[] = [];
  const task = (name: string) => async () => {
    ran.push(name);
    starts.push(Date.now());
  };
  await politeness.run('http://a', task('first'));
  const controller = new AbortController();
  const cancelled = politeness.run('http://a', task('cancelled'), controller.signal);
  const next = politeness.run('http://a', task('next'));
  const abortedAt = Date.now();
  controller.abort(new Error('stop'));
  await t.rejects(cancelled, /stop/);
  t.ok(Date.now() - abortedAt < 50, 'rejected at once, not at its turn');
  await next;
  t.same(ran, ['first', 'next'], 'the cancelled task never ran');
  const gap = (starts[1] ?? 0) - (starts[0] ?? 0);
  t.ok(gap >= 190 && gap < 350, `the next took the cancelled one's turn: ${gap} ms after the first, not 400`);
  await t.rejects(politeness.run('http://a', task('too late'), AbortSignal.abort(new Error('already'))), /already/);
  t.same(ran, ['first', 'next']);
});

t.test('a signal that aborts while the task runs changes nothing', async (t) => {
  const politeness = createPoliteness({ concurrency: 1, rate: 0, maxPauseMs: 1000 });
  const controller = new AbortController();
  const result = politeness.run(
    'http://a',
    async () => {
      controller.abort();
      await sleep(20);
      return 'finished';
    },
    controller.signal,
  );
  t.equal(await result, 'finished', 'a running task is left to its own deadline');
});
