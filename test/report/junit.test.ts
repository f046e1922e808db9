import t from 'tap';
import { renderJunit, xmlAttr, xmlText } from '../../src/report/junit.js';
import { visible } from '../../src/report/text.js';
import type { RunResult } from '../../src/engine/result.js';
import { exitCodeOf } from '../../src/engine/result.js';
import type { ParsedJunit } from './consumers.js';
import { parseJunit, schemaErrors } from './consumers.js';
import { CRASH, HOSTILE, HOSTILE_URL, TARGET, crashedResult, deepFreeze, fixtureResult, fixtureWithBaseline, hostileFinding, notProbedResult, withFailOn, withoutCrash } from './fixtures.js';

function parse(xml: string): ParsedJunit {
  const parsed = parseJunit(xml);
  t.equal(parsed.wellFormed, true, 'well-formed XML');
  return parsed;
}

t.test('one testcase per probe, named by probe id, classed by target', async (t) => {
  const xml = renderJunit(deepFreeze(fixtureResult()));
  t.same(await schemaErrors(xml), [], 'valid against the Jenkins JUnit XSD');
  const { suite, cases } = parse(xml);
  t.same([...cases.keys()], ['static-assets', 'document-privacy', 'media-offload', 'admin-login', 'deploy-checks', 'ok-probe']);
  for (const testcase of cases.values()) t.equal(testcase.classname, TARGET);
  t.equal(cases.get('document-privacy').time, '0.120');
  t.equal(suite.timestamp, '2025-05-01T10:00:00.000Z');
  t.same(
    Object.fromEntries(suite.properties.property.map((p: any) => [p.name, p.value])),
    { target: TARGET, tool: 'wagtail-probe 0.1.0', failOn: 'error', exitCode: String(exitCodeOf(fixtureResult())) },
  );
});

t.test('a failure carries the findings that fail the run, with their evidence and a curl command', async (t) => {
  const { cases } = parse(renderJunit(fixtureResult()));
  const failure = cases.get('document-privacy').failure;
  t.equal(failure.type, 'error');
  t.equal(failure.message, 'Private document annual-report.pdf is served to anonymous clients');
  const text: string = failure['#text'];
  t.match(text, '[ERROR] Private document annual-report.pdf is served to anonymous clients\n  url: https://www.example.org/documents/12/annual-report.pdf\n  id: document-privacy/directUrlLeak');
  t.match(text, '    request: GET https://www.example.org/documents/12/annual-report.pdf');
  t.match(text, '    hop: 302 https://www.example.org/documents/12/annual-report.pdf → https://media.example.org/documents/annual-report.pdf');
  t.match(text, '    status: 200\n    header: content-type: application/pdf\n    body: %PDF-1.4');
  t.match(text, "    curl: curl -sS -D - -o /dev/null -H 'user-agent: wagtail-probe/0.1.0' 'https://www.example.org/documents/12/annual-report.pdf'");
  const out: string = cases.get('document-privacy')['system-out'];
  t.match(out, /^1 finding that do not fail the run/);
  t.match(out, '[WARNING] A private response is cacheable');
});

t.test('skipped probes carry their reason, crashed probes an <error> with the stack', async (t) => {
  const { cases } = parse(renderJunit(fixtureResult()));
  t.equal(cases.get('admin-login').skipped, 'no admin login page found at /admin/login/');
  const error = cases.get('deploy-checks').error;
  t.equal(error.type, 'ProbeCrashed');
  t.equal(error.message, CRASH.split('\n')[0]);
  t.equal(error['#text'], CRASH);
  t.equal(cases.get('ok-probe').failure, undefined);
  t.equal(cases.get('ok-probe')['system-out'], undefined);
  t.match(cases.get('static-assets')['system-out'], '[INFO] site.0123abcd.css is not compressed');
  t.match(cases.get('media-offload')['system-out'], '[WARNING, inconclusive] Could not tell whether Django');
});

t.test('counts on <testsuite> and <testsuites> agree with the exit code', async (t) => {
  const cases: Array<{ name: string; result: RunResult; failures: string[] }> = [
    { name: 'fail-on error', result: fixtureResult(), failures: ['document-privacy'] },
    { name: 'fail-on warning: the inconclusive warning fails too', result: withFailOn(fixtureResult(), 'warning'), failures: ['document-privacy', 'media-offload'] },
    { name: 'fail-on info', result: withFailOn(fixtureResult(), 'info'), failures: ['static-assets', 'document-privacy', 'media-offload'] },
    { name: 'fail-on never', result: withFailOn(fixtureResult(), 'never'), failures: [] },
    { name: 'the error is known to the baseline', result: fixtureWithBaseline(), failures: [] },
    { name: 'no probes', result: { ...fixtureResult(), probes: [] }, failures: [] },
    { name: 'every probe ran', result: withoutCrash(fixtureResult()), failures: ['document-privacy'] },
    { name: 'every probe ran, none fails the run', result: withoutCrash(fixtureWithBaseline()), failures: [] },
  ];
  for (const { name, result, failures } of cases) {
    const xml = renderJunit(result);
    t.same(await schemaErrors(xml), [], `${name}: valid against the Jenkins JUnit XSD`);
    const { suites, suite, cases: testcases } = parse(xml);
    const failed = [...testcases.values()].filter((c) => c.failure !== undefined).map((c) => c.name);
    t.same(failed, failures, `${name}: failing testcases`);
    const probes = result.probes.length;
    const errors = result.probes.filter((p) => p.outcome.status === 'error').length;
    const skipped = result.probes.filter((p) => p.outcome.status === 'skip').length;
    t.same(
      { tests: suite.tests, failures: suite.failures, errors: suite.errors, skipped: suite.skipped },
      { tests: String(probes), failures: String(failures.length), errors: String(errors), skipped: String(skipped) },
      `${name}: testsuite counts`,
    );
    t.same({ tests: suites.tests, failures: suites.failures, errors: suites.errors }, { tests: String(probes), failures: String(failures.length), errors: String(errors) }, `${name}: testsuites counts`);
    const exitCode = errors > 0 ? 4 : failures.length > 0 ? 1 : 0;
    t.equal(exitCodeOf(result), exitCode, `${name}: errors exactly when the exit code is 4, else failures exactly when it is 1`);
  }
});

t.test('a run that could not probe the site, or crashed, is an errored testcase "run", first', async (t) => {
  const cases: Array<{ name: string; result: RunResult; type: string; message: string; text: RegExp; probes: string[] }> = [
    {
      name: 'unreachable',
      result: notProbedResult(),
      type: 'run/not-probed/unreachable',
      message: `unreachable: ${visible('getaddrinfo ENOTFOUND www.example.org <b>\u001b[31m</b>')}`,
      text: /^unreachable: the start page could not be fetched \(DNS, connection, TLS or timeout\)\n\ngetaddrinfo ENOTFOUND/,
      probes: [],
    },
    { name: 'deadline', result: notProbedResult('deadline', 'the run timed out after 600 s'), type: 'run/not-probed/deadline', message: 'deadline: the run timed out after 600 s', text: /^deadline: /, probes: [] },
    { name: 'crashed', result: crashedResult(), type: 'run/crashed', message: "crashed: TypeError: Cannot read properties of null (reading 'pages')", text: /\n\nTypeError: .*\n {4}at gather/, probes: ['ok-probe'] },
  ];
  for (const { name, result, type, message, text, probes } of cases) {
    const xml = renderJunit(deepFreeze(result));
    t.same(await schemaErrors(xml), [], `${name}: valid against the Jenkins JUnit XSD`);
    t.notMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, `${name}: no raw control characters`);
    const { suites, suite, cases: testcases } = parse(xml);
    t.same([...testcases.keys()], ['run', ...probes], `${name}: the run's testcase comes first`);
    const run = testcases.get('run');
    t.equal(run.classname, 'wagtail-probe');
    t.same({ type: run.error.type, message: run.error.message }, { type, message }, `${name}: the error's type and message`);
    t.match(run.error['#text'], text, `${name}: the reason explained, then the whole message`);
    const counts = { tests: String(probes.length + 1), failures: '0', errors: '1' };
    t.same({ tests: suite.tests, failures: suite.failures, errors: suite.errors }, counts, `${name}: the run counts as an error`);
    t.same({ tests: suites.tests, failures: suites.failures, errors: suites.errors }, counts);
    t.equal(suite.properties.property.find((p: any) => p.name === 'exitCode').value, String(exitCodeOf(result)));
  }
});

t.test('testcases follow the verdict: a warning below --fail-on is no failure, whatever the probe said', async (t) => {
  const result = withoutCrash(fixtureWithBaseline());
  t.equal(result.probes[1]!.outcome.status, 'fail', 'the probe itself said fail (before the baseline)');
  const { cases } = parse(renderJunit(result));
  t.equal(cases.get('document-privacy').failure, undefined);
  t.match(cases.get('document-privacy')['system-out'], /^2 findings that do not fail the run/);
});

t.test('a baseline is named and every finding marked new or known', async (t) => {
  const { suite, cases } = parse(renderJunit(fixtureWithBaseline([hostileFinding.fingerprint])));
  t.ok(suite.properties.property.some((p: any) => p.name === 'baseline' && p.value === 'baseline.json'));
  t.match(cases.get('document-privacy').failure['#text'], '[ERROR, new] Private document');
  t.match(cases.get('document-privacy')['system-out'], '[WARNING, known] A private response');
});

t.test('hostile strings survive as text: escaped, and control characters XML forbids made visible', async (t) => {
  const result = fixtureResult();
  // A skip is the verdict only without findings: this probe skipped having found nothing.
  const hostileProbe = { ...result.probes[1]!, id: `probe "${HOSTILE}"`, title: HOSTILE, outcome: { status: 'skip' as const, reason: HOSTILE }, findings: [] };
  const xml = renderJunit({ ...result, target: HOSTILE_URL, probes: [...result.probes, hostileProbe], failOn: 'warning' });
  t.notMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'no raw control characters');
  t.notMatch(xml, '<script>', 'no markup from the site');
  t.same(await schemaErrors(xml), [], 'valid against the Jenkins JUnit XSD');
  const { suite, cases } = parse(xml);
  const testcase = cases.get(`probe "${visible(HOSTILE)}"`);
  t.ok(testcase, 'the hostile name reads back, newline included, BEL as \\x07');
  t.equal(testcase.skipped, visible(HOSTILE));
  t.equal(testcase.classname, HOSTILE_URL);
  t.equal(suite.name, `wagtail-probe ${HOSTILE_URL}`);
  t.match(cases.get('document-privacy').failure['#text'], `x-hostile: ${visible(HOSTILE)}`);
  t.equal(cases.get('document-privacy').failure.message, '2 findings; first: Private document annual-report.pdf is served to anonymous clients');
});

t.test('escaping rules', async (t) => {
  t.equal(xmlText('a < b && c > d ]]>'), 'a &lt; b &amp;&amp; c &gt; d ]]&gt;');
  t.equal(xmlAttr(`"it's"\n\tx\r`), '&quot;it&apos;s&quot;&#10;&#9;x\\x0d', 'a carriage return is shown, never obeyed');
  t.equal(xmlText('\u0000\u001b\ufffe\ud800'), '\\x00\\x1b\\ufffe\\ud800', 'NUL, ESC, a non-character and a lone surrogate');
  t.equal(xmlText('😀 ünï'), '😀 ünï', 'valid unicode, astral plane included, is kept');
});

t.test('the schema check itself rejects what Jenkins would not read', async (t) => {
  const valid = renderJunit(fixtureResult());
  t.same(await schemaErrors(valid), []);
  t.not((await schemaErrors(valid.replace('<skipped>', '<skipped message="m">'))).length, 0, 'an attribute Jenkins does not define');
  t.not((await schemaErrors(valid.replace(/<testcase name="[^"]*"/, '<testcase'))).length, 0, 'a testcase without a name');
});
