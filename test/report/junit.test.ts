import t from 'tap';
import { renderJunit, xmlAttr, xmlText } from '../../src/report/junit.js';
import { visible } from '../../src/report/text.js';
import type { RunResult } from '../../src/engine/result.js';
import { exitCodeOf } from '../../src/engine/result.js';
import type { ParsedJunit } from './consumers.js';
import { parseJunit, readJunitLikeJenkins, schemaErrors } from './consumers.js';
import { CRASH, HOSTILE, HOSTILE_URL, TARGET, crashedResult, decisiveResult, deepFreeze, finding, fixtureResult, fixtureWithBaseline, hostileFinding, leakFinding, notProbedResult, withFailOn, withoutCrash } from './fixtures.js';

function parse(xml: string): ParsedJunit {
  const parsed = parseJunit(xml);
  t.equal(parsed.wellFormed, true, 'well-formed XML');
  return parsed;
}

/** The fixture's testcases, as "classname.name": one per rule with findings, most severe rule first; a probe without findings by its title. */
const FIXTURE_CASES = [
  'static-assets.noCompression',
  'document-privacy.directUrlLeak',
  'document-privacy.cacheablePrivate',
  'media-offload.cannotTellServer',
  'admin-login.The admin login page is reachable',
  'deploy-checks.Django deploy settings are safe',
  'ok-probe.Something that passes cleanly',
];

t.test('one testcase per rule: classname the probe id, name the message id; a probe without findings by its title', async (t) => {
  const xml = renderJunit(deepFreeze(fixtureResult()));
  t.same(await schemaErrors(xml), [], 'valid against the Jenkins JUnit XSD');
  const { suite, cases } = parse(xml);
  t.same([...cases.keys()], FIXTURE_CASES);
  for (const testcase of cases.values()) t.not(testcase.classname, TARGET, 'the classname is never the target URL');
  t.same([...new Set([...cases.values()].map((c) => c.classname))], ['static-assets', 'document-privacy', 'media-offload', 'admin-login', 'deploy-checks', 'ok-probe']);
  t.equal(cases.get('document-privacy.directUrlLeak').time, '0.060', "a probe's 120 ms shared by its two testcases, in seconds");
  t.equal(cases.get('document-privacy.cacheablePrivate').time, '0.060');
  t.equal(cases.get('ok-probe.Something that passes cleanly').time, '0.040');
  t.equal(suite.time, '4.250', 'the run, in seconds');
  t.equal(suite.timestamp, '2025-05-01T10:00:00.000Z');
  t.same(
    Object.fromEntries(suite.properties.property.map((p: any) => [p.name, p.value])),
    { target: TARGET, tool: 'wagtail-probe 0.1.0', failOn: 'error', exitCode: String(exitCodeOf(fixtureResult())) },
  );
});

t.test('read as Jenkins reads it: unique classname and name, no dots in classnames, seconds, counts that add up', async (t) => {
  const results: Record<string, RunResult> = {
    findings: fixtureResult(),
    baseline: fixtureWithBaseline(),
    'fail-on warning': withFailOn(fixtureResult(), 'warning'),
    'not probed': notProbedResult(),
    crashed: crashedResult(),
    'one response decides': decisiveResult(),
    'a crashed probe that had found something': { ...fixtureResult(), probes: [{ ...fixtureResult().probes[1]!, outcome: { status: 'error', error: CRASH } }] },
  };
  for (const [name, result] of Object.entries(results)) {
    const xml = renderJunit(result);
    // (The XSD takes seconds a file: the other results are checked against it in the tests above.)
    if (name === 'one response decides' || name.startsWith('a crashed probe')) t.same(await schemaErrors(xml), [], `${name}: valid against the Jenkins JUnit XSD`);
    const { cases, problems } = readJunitLikeJenkins(xml);
    t.same(problems, [], `${name}: nothing a strict reader objects to`);
    t.ok(cases.every((c) => c.packageName === '(root)'), `${name}: no classname is split into packages`);
    const probeIds = new Set(result.probes.map((p) => p.id));
    t.ok(cases.every((c) => probeIds.has(c.className) || (c.className === 'wagtail-probe' && c.name === 'run')), `${name}: every classname is a probe id, or the run's own`);
    const failed = cases.filter((c) => c.status === 'failure').length;
    t.equal(failed > 0, exitCodeOf(result) === 1 || (exitCodeOf(result) !== 0 && result.probes.some((p) => p.findings.some((f) => f.severity === 'error' && !result.baseline?.known.includes(f.fingerprint)))), `${name}: failures exactly when findings fail the run`);
  }
  const crashedWithFindings = readJunitLikeJenkins(renderJunit(results['a crashed probe that had found something']!)).cases;
  t.same(crashedWithFindings.map((c) => [c.className, c.name, c.status]), [
    ['document-privacy', 'Private documents cannot be fetched without permission', 'error'],
    ['document-privacy', 'directUrlLeak', 'failure'],
    ['document-privacy', 'cacheablePrivate', 'passed'],
  ], 'a crashed probe keeps its findings: the crash is a testcase of its own, never a second outcome on one testcase');
});

t.test('each finding of a rule is in its testcase, with its evidence; the one that decided is marked', async (t) => {
  const two = finding('document-privacy', 'directUrlLeak', 'error', 'https://www.example.org/documents/13/b.pdf', 'Private document b.pdf is served to anonymous clients', [{ status: 200 }]);
  const result = { ...fixtureResult(), probes: [{ ...fixtureResult().probes[1]!, findings: [leakFinding, two] }] };
  const [leak] = readJunitLikeJenkins(renderJunit(result)).cases;
  t.equal(leak!.name, 'directUrlLeak');
  t.equal(leak!.message, '2 findings; first: Private document annual-report.pdf is served to anonymous clients');
  t.match(leak!.text, 'url: https://www.example.org/documents/12/annual-report.pdf');
  t.match(leak!.text, 'url: https://www.example.org/documents/13/b.pdf');
  const decided = readJunitLikeJenkins(renderJunit(decisiveResult())).cases.find((c) => c.name === 'privateFileExposed');
  t.match(decided!.text, /evidence 1:\n {4}request: GET https:\/\/www\.example\.org\/documents\/7\/board-minutes\.pdf/);
  t.match(decided!.text, /evidence 2 \(decided the finding\):\n {4}request: GET https:\/\/www\.example\.org\/media\/documents\/board-minutes\.pdf/);
});

t.test('a failure carries the findings that fail the run, with their evidence and a curl command', async (t) => {
  const { cases } = parse(renderJunit(fixtureResult()));
  const failure = cases.get('document-privacy.directUrlLeak').failure;
  t.equal(failure.type, 'error');
  t.equal(failure.message, 'Private document annual-report.pdf is served to anonymous clients');
  const text: string = failure['#text'];
  t.match(text, '[ERROR] Private document annual-report.pdf is served to anonymous clients\n  url: https://www.example.org/documents/12/annual-report.pdf\n  id: document-privacy/directUrlLeak');
  t.match(text, '    request: GET https://www.example.org/documents/12/annual-report.pdf');
  t.match(text, '    hop: 302 https://www.example.org/documents/12/annual-report.pdf → https://media.example.org/documents/annual-report.pdf');
  t.match(text, '    status: 200\n    header: content-type: application/pdf\n    body: %PDF-1.4');
  t.match(text, "    curl: curl -sS -D - -o /dev/null -H 'user-agent: wagtail-probe/0.1.0' 'https://www.example.org/documents/12/annual-report.pdf'");
  t.equal(cases.get('document-privacy.directUrlLeak')['system-out'], undefined);
  const other = cases.get('document-privacy.cacheablePrivate');
  t.equal(other.failure, undefined, "a rule whose findings do not fail the run passes");
  t.match(other['system-out'], /^1 finding that do not fail the run/);
  t.match(other['system-out'], '[WARNING] A private response is cacheable');
});

t.test('skipped probes carry their reason, crashed probes an <error> with the stack', async (t) => {
  const { cases } = parse(renderJunit(fixtureResult()));
  t.equal(cases.get('admin-login.The admin login page is reachable').skipped, 'no admin login page found at /admin/login/');
  const error = cases.get('deploy-checks.Django deploy settings are safe').error;
  t.equal(error.type, 'ProbeCrashed');
  t.equal(error.message, CRASH.split('\n')[0]);
  t.equal(error['#text'], CRASH);
  t.equal(cases.get('ok-probe.Something that passes cleanly').failure, undefined);
  t.equal(cases.get('ok-probe.Something that passes cleanly')['system-out'], undefined);
  t.match(cases.get('static-assets.noCompression')['system-out'], '[INFO] site.0123abcd.css is not compressed');
  t.match(cases.get('media-offload.cannotTellServer')['system-out'], '[WARNING, inconclusive] Could not tell whether Django');
});

t.test('counts on <testsuite> and <testsuites> agree with the exit code', async (t) => {
  const cases: Array<{ name: string; result: RunResult; failures: string[] }> = [
    { name: 'fail-on error', result: fixtureResult(), failures: ['document-privacy.directUrlLeak'] },
    { name: 'fail-on warning: the inconclusive warning fails too', result: withFailOn(fixtureResult(), 'warning'), failures: ['document-privacy.directUrlLeak', 'document-privacy.cacheablePrivate', 'media-offload.cannotTellServer'] },
    { name: 'fail-on info', result: withFailOn(fixtureResult(), 'info'), failures: ['static-assets.noCompression', 'document-privacy.directUrlLeak', 'document-privacy.cacheablePrivate', 'media-offload.cannotTellServer'] },
    { name: 'fail-on never', result: withFailOn(fixtureResult(), 'never'), failures: [] },
    { name: 'the error is known to the baseline', result: fixtureWithBaseline(), failures: [] },
    { name: 'no probes', result: { ...fixtureResult(), probes: [] }, failures: [] },
    { name: 'every probe ran', result: withoutCrash(fixtureResult()), failures: ['document-privacy.directUrlLeak'] },
    { name: 'every probe ran, none fails the run', result: withoutCrash(fixtureWithBaseline()), failures: [] },
  ];
  for (const { name, result, failures } of cases) {
    const xml = renderJunit(result);
    t.same(await schemaErrors(xml), [], `${name}: valid against the Jenkins JUnit XSD`);
    const { suites, suite, cases: testcases } = parse(xml);
    const failed = [...testcases.entries()].filter(([, c]) => c.failure !== undefined).map(([key]) => key);
    t.same(failed, failures, `${name}: failing testcases`);
    const tests = testcases.size;
    const errors = result.probes.filter((p) => p.outcome.status === 'error').length;
    const skipped = result.probes.filter((p) => p.outcome.status === 'skip').length;
    t.same(
      { tests: suite.tests, failures: suite.failures, errors: suite.errors, skipped: suite.skipped },
      { tests: String(tests), failures: String(failures.length), errors: String(errors), skipped: String(skipped) },
      `${name}: testsuite counts`,
    );
    t.same({ tests: suites.tests, failures: suites.failures, errors: suites.errors }, { tests: String(tests), failures: String(failures.length), errors: String(errors) }, `${name}: testsuites counts`);
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
    { name: 'crashed', result: crashedResult(), type: 'run/crashed', message: "crashed: TypeError: Cannot read properties of null (reading 'pages')", text: /\n\nTypeError: .*\n {4}at gather/, probes: ['ok-probe.Something that passes cleanly'] },
  ];
  for (const { name, result, type, message, text, probes } of cases) {
    const xml = renderJunit(deepFreeze(result));
    t.same(await schemaErrors(xml), [], `${name}: valid against the Jenkins JUnit XSD`);
    t.notMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, `${name}: no raw control characters`);
    const { suites, suite, cases: testcases } = parse(xml);
    t.same([...testcases.keys()], ['wagtail-probe.run', ...probes], `${name}: the run's testcase comes first`);
    const run = testcases.get('wagtail-probe.run');
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
  t.equal(cases.get('document-privacy.directUrlLeak').failure, undefined);
  t.match(cases.get('document-privacy.directUrlLeak')['system-out'], /^1 finding that do not fail the run/);
  t.match(cases.get('document-privacy.cacheablePrivate')['system-out'], /^1 finding that do not fail the run/);
});

t.test('a baseline is named and every finding marked new or known', async (t) => {
  const { suite, cases } = parse(renderJunit(fixtureWithBaseline([hostileFinding.fingerprint])));
  t.ok(suite.properties.property.some((p: any) => p.name === 'baseline' && p.value === 'baseline.json'));
  t.match(cases.get('document-privacy.directUrlLeak').failure['#text'], '[ERROR, new] Private document');
  t.match(cases.get('document-privacy.cacheablePrivate')['system-out'], '[WARNING, known] A private response');
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
  const testcase = cases.get(`probe "${visible(HOSTILE)}".${visible(HOSTILE)}`);
  t.ok(testcase, 'the hostile probe id and title read back, newline included, BEL as \\x07');
  t.equal(testcase.skipped, visible(HOSTILE));
  t.equal(testcase.classname, `probe "${visible(HOSTILE)}"`);
  t.equal(suite.name, `wagtail-probe ${HOSTILE_URL}`);
  t.match(cases.get('document-privacy.cacheablePrivate').failure['#text'], `x-hostile: ${visible(HOSTILE)}`);
  t.equal(cases.get('document-privacy.directUrlLeak').failure.message, 'Private document annual-report.pdf is served to anonymous clients');
  t.equal(cases.get('document-privacy.cacheablePrivate').failure.message, `A private response is cacheable: ${visible(HOSTILE)}`);
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

t.test('the strict reading objects to what Jenkins would misread', async (t) => {
  const xml = renderJunit(fixtureResult());
  t.same(readJunitLikeJenkins(xml).problems, []);
  const first = /<testcase [^>]*\/>/.exec(xml)?.[0] ?? /<testcase [\s\S]*?<\/testcase>/.exec(xml)![0];
  t.match(readJunitLikeJenkins(xml.replace(first, first + first)).problems.join('\n'), /appears twice/, 'a testcase twice');
  t.match(readJunitLikeJenkins(xml.replace(/(<testsuite [^>]*)tests="\d+"/, '$1tests="1"')).problems.join('\n'), /tests="1" but it holds/, 'a count that does not add up');
  t.match(readJunitLikeJenkins(xml.replace(/time="0\.040"/, 'time="40ms"')).problems.join('\n'), /is not seconds/, 'a time that is not seconds');
  const byTarget = readJunitLikeJenkins(xml.replace(/classname="ok-probe"/, `classname="${TARGET}"`)).cases.find((c) => c.className === TARGET);
  t.equal(byTarget?.packageName, 'https://www.example', 'a URL as classname is split at its dots: the old layout showed as a package "https://www.example"');
  t.match(readJunitLikeJenkins(xml.replace('<skipped>', '<failure message="x">y</failure><skipped>')).problems.join('\n'), /more than one of failure, error, skipped/);
});
