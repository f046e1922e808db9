import t from 'tap';
import { escapeLabelValue, renderPrometheus } from '../../src/report/prometheus.js';
import type { RunResult } from '../../src/engine/result.js';
import { exitCodeOf } from '../../src/engine/result.js';
import { formatProblems, parsePrometheus as parse, sampleValue as value } from './consumers.js';
import { TARGET, crashedResult, deepFreeze, fixtureResult, fixtureWithBaseline, notProbedResult, withFailOn, withoutCrash } from './fixtures.js';

t.test('the text format: HELP and TYPE for every metric, a target label on every sample', async (t) => {
  const text = renderPrometheus(deepFreeze(fixtureResult()));
  t.same(formatProblems(text), []);
  const families = parse(text);
  t.same([...families.keys()], [
    'wagtail_probe_success',
    'wagtail_probe_outcome',
    'wagtail_probe_exit_code',
    'wagtail_probe_findings',
    'wagtail_probe_probe_status',
    'wagtail_probe_duration_seconds',
    'wagtail_probe_requests_total',
    'wagtail_probe_gathered',
    'wagtail_probe_last_run_timestamp_seconds',
  ]);
  for (const family of families.values()) {
    t.ok(family.help.length > 0, `${family.name} has help`);
    t.equal(family.type, family.name === 'wagtail_probe_requests_total' ? 'COUNTER' : 'GAUGE', `${family.name} type`);
    for (const sample of family.metrics) t.equal(sample.labels?.target, TARGET, `${family.name} sample has the target`);
    t.notOk(family.metrics.some((m) => m.timestamp_ms), `${family.name}: no timestamps`);
  }
});

t.test('the format checker is not a rubber stamp', async (t) => {
  const good = renderPrometheus(fixtureResult());
  t.not(formatProblems(good.replace('# TYPE wagtail_probe_success gauge\n', '')).length, 0, 'missing TYPE');
  t.not(formatProblems(good.replace('wagtail_probe_success{target=', 'wagtail_probe_success{tar-get=')).length, 0, 'bad label name');
  t.not(formatProblems(`${good}${good}`).length, 0, 'a family twice');
  t.not(formatProblems(good.slice(0, -1)).length, 0, 'no final newline');
});

t.test('findings by probe and severity, zeros included, so alerts need no absent()', async (t) => {
  const findings = parse(renderPrometheus(fixtureResult())).get('wagtail_probe_findings');
  t.equal(findings?.metrics.length, 6 * 3, 'every probe × severity');
  const counts = Object.fromEntries(
    (findings?.metrics ?? []).filter((m) => Number(m.value) > 0).map((m) => [`${m.labels?.probe}/${m.labels?.severity}`, Number(m.value)]),
  );
  t.same(counts, { 'document-privacy/error': 1, 'document-privacy/warning': 1, 'media-offload/warning': 1, 'static-assets/info': 1 });
  t.equal(value(findings, { probe: 'ok-probe', severity: 'error' }), 0);
});

t.test('probe status is one-hot over the five statuses', async (t) => {
  const status = parse(renderPrometheus(fixtureResult())).get('wagtail_probe_probe_status');
  t.equal(status?.metrics.length, 6 * 5);
  const on = (status?.metrics ?? []).filter((m) => m.value === '1').map((m) => `${m.labels?.probe}=${m.labels?.status}`);
  t.same(on.sort(), ['admin-login=skip', 'deploy-checks=error', 'document-privacy=fail', 'media-offload=inconclusive', 'ok-probe=pass', 'static-assets=pass']);
});

t.test('success agrees with the exit code', async (t) => {
  const cases: Array<[string, RunResult, number]> = [
    ['a crashed probe', fixtureResult(), 0],
    ['an error, every probe ran', withoutCrash(fixtureResult()), 0],
    ['fail-on never, every probe ran', withoutCrash(withFailOn(fixtureResult(), 'never')), 1],
    ['the error known to the baseline', withoutCrash(fixtureWithBaseline()), 1],
  ];
  for (const [name, result, success] of cases) {
    t.equal(value(parse(renderPrometheus(result)).get('wagtail_probe_success'), {}), success, name);
    t.equal(success === 1, exitCodeOf(result) === 0, `${name}: 1 exactly when the exit code is 0`);
  }
});

t.test('new findings appear only with a baseline, and count only what it did not know', async (t) => {
  t.notOk(parse(renderPrometheus(fixtureResult())).has('wagtail_probe_new_findings'));
  const fresh = parse(renderPrometheus(fixtureWithBaseline())).get('wagtail_probe_new_findings');
  t.equal(fresh?.metrics.length, 18);
  t.equal(value(fresh, { probe: 'document-privacy', severity: 'error' }), 0, 'the known leak');
  t.equal(value(fresh, { probe: 'document-privacy', severity: 'warning' }), 1);
});

t.test('run numbers come from the result, never from the clock', async (t) => {
  const families = parse(renderPrometheus(fixtureResult()));
  t.equal(value(families.get('wagtail_probe_duration_seconds'), {}), 4.25);
  t.equal(value(families.get('wagtail_probe_requests_total'), {}), 130);
  t.equal(value(families.get('wagtail_probe_last_run_timestamp_seconds'), {}), Date.parse('2025-05-01T10:00:04.250Z') / 1000);
  t.same(
    Object.fromEntries((families.get('wagtail_probe_gathered')?.metrics ?? []).map((m) => [m.labels?.kind, Number(m.value)])),
    { pages: 12, assets: 40, documents: 3, images: 10 },
  );
  t.match(renderPrometheus({ ...fixtureResult(), startedAt: 'unknown' }), /\nwagtail_probe_last_run_timestamp_seconds\{[^}]*\} NaN\n/, 'an unreadable start is NaN, not now');
});

t.test('label values are escaped so any target or probe id reads back exactly', async (t) => {
  const target = 'https://x.example/"quoted"\\back\nnewline ü 😀';
  const result = fixtureResult();
  const probes = [{ ...result.probes[0]!, id: 'odd "probe" \\ \n id' }];
  const text = renderPrometheus({ ...result, target, probes });
  t.same(formatProblems(text), []);
  const families = parse(text);
  t.equal(families.get('wagtail_probe_success')?.metrics[0]?.labels?.target, target);
  t.equal(families.get('wagtail_probe_findings')?.metrics[0]?.labels?.probe, 'odd "probe" \\ \n id');
  t.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
});

t.test('non-finite values are written as the format spells them', async (t) => {
  const text = renderPrometheus({ ...fixtureResult(), durationMs: Infinity });
  t.match(text, /\nwagtail_probe_duration_seconds\{[^}]*\} \+Inf\n/);
  t.match(renderPrometheus({ ...fixtureResult(), durationMs: -Infinity }), /\nwagtail_probe_duration_seconds\{[^}]*\} -Inf\n/);
});

t.test('a run that could not probe the site, or crashed, is still written: success 0, outcome and exit code', async (t) => {
  const cases: Array<[string, RunResult, Record<string, string>, number]> = [
    ['unreachable', notProbedResult(), { status: 'not-probed', reason: 'unreachable' }, 3],
    ['no page answered', notProbedResult('no-page-answered', 'all 503'), { status: 'not-probed', reason: 'no-page-answered' }, 3],
    ['deadline', notProbedResult('deadline', 'after 600 s'), { status: 'not-probed', reason: 'deadline' }, 3],
    ['interrupted', notProbedResult('interrupted', 'SIGINT'), { status: 'not-probed', reason: 'interrupted' }, 3],
    ['crashed', crashedResult(), { status: 'crashed', reason: 'crashed' }, 4],
  ];
  for (const [name, result, outcome, exitCode] of cases) {
    const text = renderPrometheus(deepFreeze(result));
    t.same(formatProblems(text), [], `${name}: the text format`);
    const families = parse(text);
    const success = families.get('wagtail_probe_success');
    t.same(success?.metrics, [{ value: '0', labels: { target: TARGET } }], `${name}: success 0, with the target label only`);
    t.same(families.get('wagtail_probe_outcome')?.metrics, [{ value: '1', labels: { target: TARGET, ...outcome } }], `${name}: the outcome`);
    t.equal(value(families.get('wagtail_probe_exit_code'), {}), exitCode, `${name}: the exit code`);
    t.equal(value(families.get('wagtail_probe_duration_seconds'), {}), result.durationMs / 1000);
    t.equal(value(families.get('wagtail_probe_last_run_timestamp_seconds'), {}), (Date.parse(result.startedAt) + result.durationMs) / 1000);
    for (const family of families.values()) t.ok(family.help.length > 0 && family.type.length > 0, `${name}: ${family.name} has HELP and TYPE`);
  }
  const down = parse(renderPrometheus(notProbedResult()));
  t.notOk(down.has('wagtail_probe_findings'), 'no probes ran: no finding series at all, rather than empty families');
  t.equal(value(down.get('wagtail_probe_requests_total'), {}), 1, 'the partial gather summary');
});

t.test('a complete run: outcome complete, reason findings or none, the exit code', async (t) => {
  const cases: Array<[string, RunResult, string, number]> = [
    ['a finding fails the run', withoutCrash(fixtureResult()), 'findings', 1],
    ['nothing fails the run', withoutCrash(fixtureWithBaseline()), 'none', 0],
    ['a probe crashed, nothing fails', withFailOn(fixtureResult(), 'never'), 'none', 4],
  ];
  for (const [name, result, reason, exitCode] of cases) {
    const families = parse(renderPrometheus(result));
    t.same(families.get('wagtail_probe_outcome')?.metrics, [{ value: '1', labels: { target: TARGET, status: 'complete', reason } }], name);
    t.equal(value(families.get('wagtail_probe_exit_code'), {}), exitCode, `${name}: exit code`);
  }
});

t.test('probe status is the verdict: a known error no longer fails its probe', async (t) => {
  const status = parse(renderPrometheus(fixtureWithBaseline())).get('wagtail_probe_probe_status');
  t.equal(value(status, { probe: 'document-privacy', status: 'pass' }), 1);
  t.equal(value(status, { probe: 'document-privacy', status: 'fail' }), 0);
});
