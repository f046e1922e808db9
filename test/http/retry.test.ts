import t from 'tap';
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  backoffDelayMs,
  isRetryableStatus,
  isTransientCode,
  newRetryState,
  parseRetryAfter,
  planRetry,
} from '../../src/http/retry.js';
import type { FetchErrorCode } from '../../src/http/types.js';

t.test('only "try again later" statuses are retryable', async (t) => {
  for (const status of [429, 502, 503, 504]) t.ok(isRetryableStatus(status), `${status} is retryable`);
  for (const status of [200, 301, 400, 401, 403, 404, 500, 501]) t.notOk(isRetryableStatus(status), `${status} is an answer`);
});

t.test('only transient failures are retried', async (t) => {
  const cases: Array<[FetchErrorCode, boolean]> = [
    ['ERR_TIMEOUT', true],
    ['ERR_RESET', true],
    ['ERR_REFUSED', true],
    ['ERR_CONNECT_TIMEOUT', true],
    ['ERR_DNS', false],
    ['ERR_TLS', false],
    ['ERR_BAD_URL', false],
    ['ERR_DECODE', false],
    ['ERR_REDIRECT_LOOP', false],
    ['ERR_TOO_MANY_REDIRECTS', false],
    ['ERR_BAD_REDIRECT', false],
    ['ERR_TOO_LARGE', false],
    ['ERR_NETWORK', false],
  ];
  for (const [code, transient] of cases) t.equal(isTransientCode(code), transient, code);
});

t.test('Retry-After: delta-seconds or an HTTP-date', async (t) => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  const cases: Array<[string | undefined, number | null]> = [
    ['1', 1000],
    [' 120 ', 120_000],
    ['0', 0],
    ['Wed, 21 Oct 2015 07:28:30 GMT', 30_000],
    ['Wed, 21 Oct 2015 07:27:00 GMT', 0], // in the past: now
    ['Wednesday, 21-Oct-15 07:28:10 GMT', 10_000], // obsolete RFC 850 form, still parsed
    ['-5', null],
    ['1.5', null],
    ['soon', null],
    ['Wed, not a date at all', null],
    ['', null],
    [undefined, null],
  ];
  for (const [value, expected] of cases) t.equal(parseRetryAfter(value, now), expected, JSON.stringify(value));
});

t.test('backoff: full jitter under an exponential ceiling', async (t) => {
  t.equal(backoffDelayMs(0, () => 0), 0);
  t.equal(backoffDelayMs(0, () => 0.999999), BACKOFF_BASE_MS - 1);
  t.equal(backoffDelayMs(2, () => 0.5), (BACKOFF_BASE_MS * 4) / 2);
  t.equal(backoffDelayMs(30, () => 0.999999), BACKOFF_CAP_MS - 1, 'capped');
  for (let retry = 0; retry < 6; retry++) {
    const delay = backoffDelayMs(retry);
    t.ok(delay >= 0 && delay < Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry), `retry ${retry}: ${delay} ms`);
  }
});

t.test('planRetry: bounded by retries, by the per-code limit and by the budget', async (t) => {
  const half = () => 0.5;

  const state = newRetryState();
  const policy = { maxRetries: 2, budgetMs: 10_000, random: half };
  t.equal(planRetry(state, policy, 'ERR_RESET', null), BACKOFF_BASE_MS / 2);
  t.equal(planRetry(state, policy, 'status', 1000), 1000, 'Retry-After is honoured as given');
  t.equal(planRetry(state, policy, 'ERR_RESET', null), null, 'no retries left');
  t.same([state.retries, state.waitedMs], [2, BACKOFF_BASE_MS / 2 + 1000]);

  const refused = newRetryState();
  const generous = { maxRetries: 5, budgetMs: 10_000, random: half };
  t.not(planRetry(refused, generous, 'ERR_REFUSED', null), null);
  t.equal(planRetry(refused, generous, 'ERR_REFUSED', null), null, 'a refused connection is retried once');
  t.not(planRetry(refused, generous, 'ERR_TIMEOUT', null), null, 'other transient codes still may');

  t.equal(planRetry(newRetryState(), generous, 'ERR_DNS', null), null, 'DNS never');
  t.equal(planRetry(newRetryState(), generous, 'ERR_TLS', null), null, 'TLS never');

  const budget = newRetryState();
  const tight = { maxRetries: 5, budgetMs: 1500, random: () => 0.999 };
  t.equal(planRetry(budget, tight, 'status', 2000), null, 'a Retry-After beyond the budget: give up, do not sleep');
  t.equal(budget.retries, 0, 'a refused plan books nothing');
  t.equal(planRetry(budget, tight, 'status', 1200), 1200);
  t.equal(planRetry(budget, tight, 'ERR_RESET', null), 300, 'backoff is clipped to what is left of the budget');
  t.equal(planRetry(budget, tight, 'ERR_RESET', null), 0, 'an exhausted budget still allows an immediate retry while retries remain');
});
