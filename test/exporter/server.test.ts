// The exporter's HTTP answers, in process, over a scheduler whose runs the
// test ends: /probe?target=<name> before and after the first result, with
// findings by rule, the result's age and the last error; an unknown target is
// a 404 that starts no run; /metrics, /-/healthy; every metrics answer is
// linted by promtool as Prometheus would read it.

import t, { type Test } from 'tap';
import { createScheduler, type Clock, type ScheduledSite } from '../../src/exporter/scheduler.js';
import { parseListenAddress, startExporter, METRICS_CONTENT_TYPE } from '../../src/exporter/server.js';
import { renderProbe } from '../../src/exporter/metrics.js';
import type { RunResult } from '../../src/engine/result.js';
import { promtoolCheck } from '../helpers/pushgateway.js';
import { formatProblems, parsePrometheus, sampleValue } from '../report/consumers.js';
import { TARGET, fixtureResult, notProbedResult } from '../report/fixtures.js';

const site: ScheduledSite = { name: 'www', target: TARGET, intervalMs: 60_000 };

/** A clock the test sets; timers never fire (one run per site is all these tests need). */
function stillClock(): Clock & { set(ms: number): void } {
  let now = 5_000_000;
  return { now: () => now, set: (ms) => void (now = ms), setTimeout: () => 0, clearTimeout: () => {} };
}

async function exporterWith(t: Test, results: RunResult[]) {
  const clock = stillClock();
  const finishes: ((result: RunResult) => void)[] = [];
  let runs = 0;
  const scheduler = createScheduler([site], {
    parallel: 1,
    clock,
    run: (_site, signal) =>
      new Promise<RunResult>((resolve) => {
        runs += 1;
        finishes.push(resolve);
        signal.addEventListener('abort', () => resolve(notProbedResult('interrupted', 'stopped')));
      }),
  });
  const exporter = await startExporter(scheduler, { host: '127.0.0.1', port: 0 }, clock);
  t.teardown(() => exporter.close());
  const get = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${exporter.url}${path}`, init);
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };
  const finish = async (index: number): Promise<void> => {
    finishes[index]?.(results[index] as RunResult);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { get, finish, clock, runs: () => runs };
}

/** promtool's lint; and for /probe answers (every sample labelled with its target) the report tests' format checker too. */
function lint(t: Test, text: string, what: string, labelled = true): void {
  if (labelled) t.same(formatProblems(text), [], `${what}: well-formed`);
  const check = promtoolCheck(text);
  t.equal(check.status, 0, `${what}: promtool check metrics: ${check.output}`);
}

t.test('before the first run ends: "no result yet", and no success series to alert on', async (t) => {
  const { get } = await exporterWith(t, []);
  const answer = await get('/probe?target=www');
  t.equal(answer.status, 200);
  t.equal(answer.type, METRICS_CONTENT_TYPE);
  const families = parsePrometheus(answer.text);
  t.equal(sampleValue(families.get('wagtail_probe_result_available'), { target: TARGET }), 0, 'result_available 0');
  t.equal(sampleValue(families.get('wagtail_probe_run_in_progress'), { target: TARGET }), 1, 'the first run is under way');
  t.notOk(families.has('wagtail_probe_success'), 'no success series: a restart does not page for every site');
  t.notOk(families.has('wagtail_probe_result_age_seconds'), 'no age without a result');
  lint(t, answer.text, 'no result yet');
});

t.test('the last completed run: the CLI prometheus report, findings by rule, its age', async (t) => {
  const { get, finish, clock } = await exporterWith(t, [fixtureResult()]);
  await finish(0);
  clock.set(5_000_000 + 42_500);
  const answer = await get('/probe?target=www');
  const families = parsePrometheus(answer.text);
  t.equal(sampleValue(families.get('wagtail_probe_result_available'), { target: TARGET }), 1);
  t.equal(sampleValue(families.get('wagtail_probe_run_in_progress'), { target: TARGET }), 0);
  t.equal(sampleValue(families.get('wagtail_probe_result_age_seconds'), { target: TARGET }), 42.5, 'age from the end of the run, by the clock');
  t.equal(sampleValue(families.get('wagtail_probe_success'), { target: TARGET }), 0, 'the fixture fails (a probe crashed, a leak)');
  t.equal(sampleValue(families.get('wagtail_probe_requests_total'), { target: TARGET }), 130, 'requests');
  t.equal(sampleValue(families.get('wagtail_probe_duration_seconds'), { target: TARGET }), 4.25, 'duration');
  const rules = families.get('wagtail_probe_rule_findings');
  t.ok(rules && rules.metrics.length > 0, 'findings by rule');
  for (const sample of rules?.metrics ?? []) t.same(Object.keys(sample.labels ?? {}).sort(), ['probe', 'rule', 'severity', 'target'], 'labels: probe, rule, severity (and target)');
  const byRule = (rules?.metrics ?? []).reduce((sum, m) => sum + Number(m.value), 0);
  const byProbe = (families.get('wagtail_probe_findings')?.metrics ?? []).reduce((sum, m) => sum + Number(m.value), 0);
  t.equal(byRule, byProbe, 'the same findings as wagtail_probe_findings, counted by rule');
  t.notOk(families.has('wagtail_probe_last_error'), 'a complete run has no last error');
  lint(t, answer.text, 'a result');
});

t.test('a run that could not complete: success 0 and the last error', async (t) => {
  const { get, finish } = await exporterWith(t, [notProbedResult('unreachable', 'cannot read https://www.example.org/: ERR_DNS: getaddrinfo ENOTFOUND\nsecond line')]);
  await finish(0);
  const families = parsePrometheus((await get('/probe?target=www')).text);
  t.equal(sampleValue(families.get('wagtail_probe_success'), { target: TARGET }), 0);
  t.equal(sampleValue(families.get('wagtail_probe_exit_code'), { target: TARGET }), 3);
  const error = families.get('wagtail_probe_last_error')?.metrics[0];
  t.same(error?.labels, { target: TARGET, status: 'not-probed', reason: 'unreachable', message: 'cannot read https://www.example.org/: ERR_DNS: getaddrinfo ENOTFOUND' }, 'its reason and first line');
  const long = renderProbe({ name: 'www', target: TARGET, running: false, last: { result: notProbedResult('unreachable', 'x'.repeat(500)), completedAt: 0, exitCode: 3 } }, 0);
  t.match(long, /message="x{199}…"/, 'a long message is cut');
});

t.test('only the fleet\'s names are targets: anything else is a 404 with one line, and starts nothing', async (t) => {
  const { get, runs } = await exporterWith(t, []);
  const cases: { path: string; status: number; body: RegExp }[] = [
    { path: `/probe?target=${encodeURIComponent(TARGET)}`, status: 404, body: /^unknown target "https:\/\/www\.example\.org\/": not a site name in this exporter's fleet config/ },
    { path: '/probe?target=WWW', status: 404, body: /^unknown target "WWW"/ },
    { path: `/probe?target=${'a'.repeat(300)}`, status: 404, body: /^unknown target "a{80}…"/ },
    { path: '/probe', status: 400, body: /^expected one \?target=<site name>/ },
    { path: '/probe?target=', status: 400, body: /^expected one/ },
    { path: '/probe?target=www&target=www', status: 400, body: /^expected one/ },
    { path: '/nothing', status: 404, body: /^no such page: "\/nothing"/ },
  ];
  for (const c of cases) {
    const answer = await get(c.path);
    t.equal(answer.status, c.status, c.path.slice(0, 60));
    t.match(answer.text, c.body);
    t.match(answer.text, /^[^\n]*\n$/, 'one line');
  }
  t.equal(runs(), 1, 'only the configured site ever ran');
  t.equal((await get('/probe?target=www', { method: 'POST' })).status, 405, 'GET and HEAD only');
  const head = await get('/probe?target=www', { method: 'HEAD' });
  t.same([head.status, head.text], [200, ''], 'HEAD: the status, no body');
});

t.test("/metrics: the exporter's own runs, failures, runs in flight, durations; /-/healthy", async (t) => {
  const { get, finish } = await exporterWith(t, [notProbedResult()]);
  await get('/probe?target=www');
  await get('/probe?target=nope');
  let families = parsePrometheus((await get('/metrics')).text);
  t.equal(sampleValue(families.get('wagtail_probe_exporter_runs_in_flight'), {}), 1, 'one in flight');
  t.equal(sampleValue(families.get('wagtail_probe_exporter_sites'), {}), 1);
  await finish(0);
  const text = (await get('/metrics')).text;
  families = parsePrometheus(text);
  t.equal(sampleValue(families.get('wagtail_probe_exporter_runs_in_flight'), {}), 0, 'none in flight');
  t.equal(sampleValue(families.get('wagtail_probe_exporter_runs_total'), { site: 'www', exit_code: '3' }), 1, 'a run ended with exit 3');
  t.equal(sampleValue(families.get('wagtail_probe_exporter_runs_total'), { site: 'www', exit_code: '0' }), 0, 'zeros are written');
  t.equal(sampleValue(families.get('wagtail_probe_exporter_run_failures_total'), { site: 'www' }), 1);
  t.ok(families.has('wagtail_probe_exporter_last_run_duration_seconds'));
  t.equal(sampleValue(families.get('wagtail_probe_exporter_probe_requests_total'), { target: 'known' }), 1);
  t.equal(sampleValue(families.get('wagtail_probe_exporter_probe_requests_total'), { target: 'unknown' }), 1);
  lint(t, text, '/metrics', false);
  const healthy = await get('/-/healthy');
  t.same([healthy.status, healthy.text], [200, 'Healthy\n']);
});

t.test('--listen: HOST:PORT', async (t) => {
  const cases: { text: string; address?: { host: string; port: number } }[] = [
    { text: '127.0.0.1:9115', address: { host: '127.0.0.1', port: 9115 } },
    { text: '0.0.0.0:9115', address: { host: '0.0.0.0', port: 9115 } },
    { text: '[::1]:9115', address: { host: '::1', port: 9115 } },
    { text: 'localhost:0', address: { host: 'localhost', port: 0 } },
    { text: '9115' },
    { text: ':9115' },
    { text: '127.0.0.1:65536' },
    { text: '::1:9115' },
    { text: 'http://127.0.0.1:9115' },
  ];
  for (const c of cases) {
    if (c.address) t.same(parseListenAddress(c.text), c.address, c.text);
    else t.throws(() => parseListenAddress(c.text), { message: /^--listen: expected HOST:PORT/ }, c.text);
  }
});
