import t from 'tap';
import { FINGERPRINT_KEY, SARIF_SCHEMA_URI, TOOL_INFORMATION_URI, artifactUri, renderSarif } from '../../src/report/sarif.js';
import { sarifValidator } from './consumers.js';
import {
  HOSTILE,
  HOSTILE_URL,
  catalog,
  crashedResult,
  deepFreeze,
  fixtureResult,
  fixtureWithBaseline,
  hostileFinding,
  inconclusiveFinding,
  leakFinding,
  notProbedResult,
  withFailOn,
  withoutCrash,
} from './fixtures.js';

const render = (result = fixtureResult(), withCatalog = true) => JSON.parse(renderSarif(deepFreeze(result), withCatalog ? catalog : undefined));

t.test('valid against the SARIF 2.1.0 schema, with and without a catalog or baseline', async (t) => {
  const validate = await sarifValidator();
  const logs = {
    'with catalog': render(),
    'without catalog': render(fixtureResult(), false),
    'with baseline': render(fixtureWithBaseline()),
    'no probes': render({ ...fixtureResult(), probes: [] }),
    'unreadable start time': render({ ...fixtureResult(), startedAt: 'yesterday' }),
    'not probed': render(notProbedResult()),
    crashed: render(crashedResult()),
  };
  for (const [name, log] of Object.entries(logs)) {
    t.ok(validate(log), name);
    t.same(validate.errors ?? [], [], `${name}: no schema errors`);
  }
  t.notOk(validate({ ...render(), version: '2.0.0' }), 'the validator does reject a wrong version');
  t.notOk(validate({ ...render(), runs: [{ results: [] }] }), 'and a run without a tool');
});

t.test('what GitHub code scanning reads: schema, version, one run, the tool and its rules', async (t) => {
  const log = render();
  t.equal(log.$schema, SARIF_SCHEMA_URI);
  t.equal(log.version, '2.1.0');
  t.equal(log.runs.length, 1);
  const { driver } = log.runs[0].tool;
  t.same({ name: driver.name, version: driver.version, informationUri: driver.informationUri }, { name: 'wagtail-probe', version: '0.1.0', informationUri: TOOL_INFORMATION_URI });
  t.same(driver.rules.map((r: any) => r.id), [
    'document-privacy/cacheablePrivate',
    'document-privacy/directUrlLeak',
    'media-offload/cannotTellServer',
    'static-assets/noCompression',
  ]);
  t.same(driver.rules[1], {
    id: 'document-privacy/directUrlLeak',
    name: 'directUrlLeak',
    shortDescription: { text: 'Private documents cannot be fetched without permission: Private document {doc} is served to anonymous clients' },
    fullDescription: { text: catalog['document-privacy']!.docs, markdown: catalog['document-privacy']!.docs },
    help: { text: catalog['document-privacy']!.docs, markdown: catalog['document-privacy']!.docs },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['wagtail-probe', 'document-privacy'] },
  });
  t.same(driver.rules[2], {
    id: 'media-offload/cannotTellServer',
    name: 'cannotTellServer',
    shortDescription: { text: 'Media is served by the web server or a CDN, not Django: cannotTellServer' },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['wagtail-probe', 'media-offload'] },
  }, 'a finding the catalog does not know gets a rule from its probe title');
  t.equal(driver.rules[3].defaultConfiguration.level, 'note', 'info is a note');
});

t.test('one result per finding, most severe first, each at its URL with a stable fingerprint', async (t) => {
  const { results, tool } = render().runs[0];
  const ruleIds = new Set(tool.driver.rules.map((r: any) => r.id));
  t.same(results.map((r: any) => [r.ruleId, r.level]), [
    ['document-privacy/directUrlLeak', 'error'],
    ['document-privacy/cacheablePrivate', 'warning'],
    ['media-offload/cannotTellServer', 'warning'],
    ['static-assets/noCompression', 'note'],
  ]);
  for (const result of results) {
    t.ok(ruleIds.has(result.ruleId), `${result.ruleId} is a declared rule`);
    t.equal(result.locations.length, 1);
    t.ok(new URL(result.locations[0].physicalLocation.artifactLocation.uri).protocol.startsWith('http'), 'an absolute http(s) URI');
    t.ok(result.message.text.length > 0);
    t.equal(result.baselineState, undefined, 'no baseline state without a baseline');
  }
  const [leak] = results;
  t.equal(leak.message.text, `${leakFinding.message} (302 → 200 · content-type: application/pdf)`);
  t.same(leak.partialFingerprints, { [FINGERPRINT_KEY]: leakFinding.fingerprint });
  t.same(leak.properties.evidence, leakFinding.evidence);
  t.equal(results[2].message.text, `Inconclusive: ${inconclusiveFinding.message} (ERR_TIMEOUT)`);
  t.equal(results[2].properties.inconclusive, true);
});

t.test('a hostile URL becomes a percent-encoded URI; the message keeps the text as it is (JSON escapes it)', async (t) => {
  const hostile = render().runs[0].results[1];
  const uri: string = hostile.locations[0].physicalLocation.artifactLocation.uri;
  t.equal(uri, "https://www.example.org/search/?q=%3Cscript%3Ealert(1)%3C/script%3E&t=%5D%5D%3E&a=%271%27&b=%222%22");
  t.notMatch(uri, /[<>"\s[\]]/);
  t.equal(hostile.properties.url, HOSTILE_URL);
  t.match(hostile.message.text, HOSTILE);
  const unparsable = render({ ...fixtureResult(), probes: [{ ...fixtureResult().probes[1]!, findings: [{ ...hostileFinding, url: 'not a url <x>' }] }] });
  t.equal(unparsable.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'not%20a%20url%20%3Cx%3E');
});

t.test('with a baseline, each result says whether it is new', async (t) => {
  const { results } = render(fixtureWithBaseline()).runs[0];
  t.same(results.map((r: any) => [r.ruleId, r.baselineState]), [
    ['document-privacy/directUrlLeak', 'unchanged'],
    ['document-privacy/cacheablePrivate', 'new'],
    ['media-offload/cannotTellServer', 'new'],
    ['static-assets/noCompression', 'new'],
  ]);
});

t.test('crashed and skipped probes are notifications of the invocation, with its times from the result', async (t) => {
  const [invocation] = render().runs[0].invocations;
  t.equal(invocation.executionSuccessful, false, 'a crashed probe means the analysis was incomplete');
  t.equal(invocation.startTimeUtc, '2025-05-01T10:00:00.000Z');
  t.equal(invocation.endTimeUtc, '2025-05-01T10:00:04.250Z');
  t.same(invocation.toolExecutionNotifications.map((n: any) => [n.level, n.descriptor.id, n.message.text]), [
    ['note', 'admin-login', 'probe admin-login skipped: no admin login page found at /admin/login/'],
    ['error', 'deploy-checks', "probe deploy-checks crashed: TypeError: Cannot read properties of undefined (reading 'headers')"],
  ]);
  const clean = render({ ...fixtureResult(), probes: fixtureResult().probes.filter((p) => p.outcome.status !== 'error'), startedAt: 'yesterday' });
  t.equal(clean.runs[0].invocations[0].executionSuccessful, true);
  t.equal(clean.runs[0].invocations[0].startTimeUtc, undefined, 'no times when the start cannot be read');
  t.same(render().runs[0].properties, { target: 'https://www.example.org/', failOn: 'error', exitCode: 4 });
});

t.test('artifact URIs are RFC 3986 whatever the finding held', async (t) => {
  const cases: Array<[string, string]> = [
    ['https://www.example.org/a b/ü?x=[1]|^', 'https://www.example.org/a%20b/%C3%BC?x=%5B1%5D%7C%5E'],
    ['https://[::1]:8000/p', 'https://[::1]:8000/p'],
    ['https://www.example.org/100%zz', 'https://www.example.org/100%25zz'],
    ['/relative path', '/relative%20path'],
    ['bad\ud800', 'bad%EF%BF%BD'],
  ];
  for (const [input, expected] of cases) t.equal(artifactUri(input), expected, input);
});

t.test('a run that could not probe the site, or crashed: executionSuccessful false and an error notification first', async (t) => {
  const cases = [
    { name: 'unreachable', result: notProbedResult(), id: 'run/not-probed/unreachable', text: 'could not probe https://www.example.org/: getaddrinfo ENOTFOUND www.example.org <b>\u001b[31m</b>' },
    { name: 'no page answered', result: notProbedResult('no-page-answered', 'every page answered 503'), id: 'run/not-probed/no-page-answered', text: 'could not probe https://www.example.org/: every page answered 503' },
    { name: 'interrupted', result: notProbedResult('interrupted', 'SIGTERM'), id: 'run/not-probed/interrupted', text: 'could not probe https://www.example.org/: SIGTERM' },
    { name: 'crashed', result: crashedResult(), id: 'run/crashed', text: "wagtail-probe crashed: TypeError: Cannot read properties of null (reading 'pages')" },
  ];
  for (const { name, result, id, text } of cases) {
    const [run] = render(result).runs;
    const [invocation] = run.invocations;
    t.equal(invocation.executionSuccessful, false, `${name}: the analysis did not run`);
    t.same(invocation.toolExecutionNotifications[0], { level: 'error', message: { text }, descriptor: { id } }, `${name}: why, first`);
    t.equal(run.properties.exitCode, name === 'crashed' ? 4 : 3);
    t.same(run.results, [], `${name}: no results`);
  }
  const complete = render(withoutCrash(fixtureResult())).runs[0].invocations[0];
  t.equal(complete.executionSuccessful, true, 'findings that fail the run are a successful execution');
  t.notOk(complete.toolExecutionNotifications.some((n: any) => n.descriptor.id.startsWith('run/')));
});

t.test('a result is level "error" exactly when its finding fails the run; its severity stays in properties', async (t) => {
  const levels = (result: Parameters<typeof render>[0]) => render(result).runs[0].results.map((r: any) => [r.ruleId, r.level, r.properties.severity]);
  t.same(levels(fixtureWithBaseline()), [
    ['document-privacy/directUrlLeak', 'warning', 'error'],
    ['document-privacy/cacheablePrivate', 'warning', 'warning'],
    ['media-offload/cannotTellServer', 'warning', 'warning'],
    ['static-assets/noCompression', 'note', 'info'],
  ], 'the error known to the baseline is not an error-level alert');
  t.same(levels(withFailOn(fixtureResult(), 'warning')).map(([id, level]: string[]) => [id, level]), [
    ['document-privacy/directUrlLeak', 'error'],
    ['document-privacy/cacheablePrivate', 'error'],
    ['media-offload/cannotTellServer', 'error'],
    ['static-assets/noCompression', 'note'],
  ], 'fail-on warning: warnings fail the run, so they are errors');
  t.same(levels(withFailOn(fixtureResult(), 'never')).map(([, level]: string[]) => level), ['warning', 'warning', 'warning', 'note'], 'fail-on never: no error-level alert');
  const rule = render(fixtureWithBaseline()).runs[0].tool.driver.rules.find((r: any) => r.id === 'document-privacy/directUrlLeak');
  t.equal(rule.defaultConfiguration.level, 'error', 'the rule keeps the severity');
});
