import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { ParsedFamily } from 'parse-prometheus-text-format';
import t from 'tap';
import { escapeLabelValue, renderPrometheus } from '../../src/report/prometheus.js';
import type { RunResult } from '../../src/result.js';
import { exitCodeOf } from '../../src/result.js';
import { TARGET, deepFreeze, fixtureResult, fixtureWithBaseline, withFailOn, withoutCrash } from './fixtures.js';

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const LINE = {
  help: new RegExp(`^# HELP (${NAME}) (.*)$`),
  type: new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`),
  sample: new RegExp(`^(${NAME})\\{([a-zA-Z_][a-zA-Z0-9_]*=${LABEL_VALUE}(?:,[a-zA-Z_][a-zA-Z0-9_]*=${LABEL_VALUE})*)\\} (\\S+)$`),
};

/**
 * The rules of the text format the parser is lenient about: every line is a
 * HELP, a TYPE or a sample; each family is HELP, TYPE, then its samples, once;
 * no series twice; no timestamps; a final newline.
 */
function formatProblems(text: string): string[] {
  const problems: string[] = [];
  if (!text.endsWith('\n')) problems.push('no final newline');
  const families: string[] = [];
  const series = new Set<string>();
  let expect: 'help' | 'type' | 'sample-or-help' = 'help';
  let current = '';
  for (const line of text.slice(0, -1).split('\n')) {
    const help = LINE.help.exec(line);
    const type = LINE.type.exec(line);
    const sample = LINE.sample.exec(line);
    if (help && expect !== 'type') {
      current = help[1]!;
      if (families.includes(current)) problems.push(`family ${current} appears twice`);
      families.push(current);
      expect = 'type';
    } else if (type && expect === 'type' && type[1] === current) {
      expect = 'sample-or-help';
    } else if (sample && expect === 'sample-or-help' && sample[1] === current) {
      if (series.has(`${sample[1]}{${sample[2]}}`)) problems.push(`series twice: ${line}`);
      series.add(`${sample[1]}{${sample[2]}}`);
      if (Number.isNaN(Number(sample[3])) && sample[3] !== 'NaN') problems.push(`not a number: ${line}`);
    } else {
      problems.push(`unexpected line: ${JSON.stringify(line)}`);
    }
  }
  return problems;
}

function parse(text: string): Map<string, ParsedFamily> {
  return new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
}

function value(family: ParsedFamily | undefined, labels: Record<string, string>): number | undefined {
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return sample === undefined ? undefined : Number(sample.value);
}

t.test('the text format: HELP and TYPE for every metric, a target label on every sample', async (t) => {
  const text = renderPrometheus(deepFreeze(fixtureResult()));
  t.same(formatProblems(text), []);
  const families = parse(text);
  t.same([...families.keys()], [
    'wagtail_probe_success',
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
