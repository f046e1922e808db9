import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkPool } from '../../src/gather/work-pool.js';

t.test('never runs more than its limit at once', async (t) => {
  const pool = new WorkPool(3);
  let running = 0;
  let peak = 0;
  for (let i = 0; i < 20; i += 1) {
    pool.add(async () => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(2);
      running -= 1;
    });
  }
  await pool.drained();
  t.equal(peak, 3);
  t.equal(pool.pending, 0);
});

t.test('drained waits for tasks added by running tasks', async (t) => {
  const pool = new WorkPool(2);
  const done: number[] = [];
  const spawn = (n: number): void =>
    pool.add(async () => {
      await sleep(1);
      done.push(n);
      if (n < 5) spawn(n + 1);
    });
  spawn(0);
  await pool.drained();
  t.same(done, [0, 1, 2, 3, 4, 5]);
});

t.test('a task that throws is recorded and does not stop the others', async (t) => {
  const pool = new WorkPool(1);
  let ran = 0;
  pool.add(async () => {
    throw new Error('boom');
  });
  pool.add(async () => {
    ran += 1;
  });
  await pool.drained();
  t.equal(ran, 1);
  t.equal(pool.errors.length, 1);
});

t.test('drained on an idle pool resolves at once', async (t) => {
  await new WorkPool(1).drained();
  t.pass('resolved');
});

t.test('keeps working across queue compaction (more than 1024 tasks)', async (t) => {
  const pool = new WorkPool(4);
  let count = 0;
  for (let i = 0; i < 3000; i += 1) pool.add(async () => { count += 1; });
  await pool.drained();
  t.equal(count, 3000);
});

t.test('rejects a limit that is not a positive integer', async (t) => {
  t.throws(() => new WorkPool(0), RangeError);
  t.throws(() => new WorkPool(1.5), RangeError);
});
