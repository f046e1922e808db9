import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { untilDeadline } from '../../src/http/deadline.js';

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
