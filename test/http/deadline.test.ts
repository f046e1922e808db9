import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { attemptDeadline, untilDeadline } from '../../src/http/deadline.js';

const responseAfter = (ms: number) => {
  const body = new Readable({ read() {} });
  return { body, promise: sleep(ms).then(() => ({ body })) };
};

t.test('a response in time is passed through', async (t) => {
  const { body, promise } = responseAfter(5);
  const response = await untilDeadline(promise, AbortSignal.timeout(1000));
  t.equal(response.body, body);
  t.notOk(body.destroyed);
});

t.test('the deadline rejects at once, and a late response is discarded', async (t) => {
  const { body, promise } = responseAfter(150);
  const started = Date.now();
  await t.rejects(untilDeadline(promise, AbortSignal.timeout(30)), { name: 'TimeoutError' });
  t.ok(Date.now() - started < 120, 'did not wait for the response');
  await promise;
  await sleep(0);
  t.ok(body.destroyed, 'the late body was destroyed');
});

t.test('an already aborted signal rejects without waiting', async (t) => {
  const controller = new AbortController();
  controller.abort(new Error('gone'));
  const { body, promise } = responseAfter(20);
  await t.rejects(untilDeadline(promise, controller.signal), /gone/);
  await promise;
  await sleep(0);
  t.ok(body.destroyed);
});

t.test('a failure before the deadline is passed through', async (t) => {
  await t.rejects(untilDeadline(Promise.reject(new Error('refused')), AbortSignal.timeout(1000)), /refused/);
});

t.test('attemptDeadline: the deadline aborts its signal with a TimeoutError and says it expired', async (t) => {
  const deadline = attemptDeadline(20, undefined);
  t.notOk(deadline.expired);
  await sleep(60);
  t.ok(deadline.signal.aborted);
  t.ok(deadline.expired);
  t.match(deadline.signal.reason, { name: 'TimeoutError' });
  deadline.dispose();
});

t.test("attemptDeadline: the run's stop aborts it with the run's reason, which is no expiry", async (t) => {
  const run = new AbortController();
  const deadline = attemptDeadline(1000, run.signal);
  run.abort('stopped by SIGTERM');
  t.ok(deadline.signal.aborted);
  t.equal(deadline.signal.reason, 'stopped by SIGTERM');
  t.notOk(deadline.expired);
  deadline.dispose();
});

t.test('attemptDeadline: a run already stopped gives a signal already aborted', async (t) => {
  const run = new AbortController();
  run.abort(new Error('gone'));
  const deadline = attemptDeadline(1000, run.signal);
  t.ok(deadline.signal.aborted);
  t.match(deadline.signal.reason, /gone/);
  deadline.dispose();
});

t.test('attemptDeadline: disposed, neither its timer nor a later run stop aborts it', async (t) => {
  const run = new AbortController();
  const deadline = attemptDeadline(20, run.signal);
  deadline.dispose();
  await sleep(60);
  run.abort('late');
  t.notOk(deadline.signal.aborted);
  t.notOk(deadline.expired);
});
