import t from 'tap';
import { createHash } from 'node:crypto';
import type { Finding } from '../../src/engine/finding.js';
import type { RunResult } from '../../src/engine/result.js';
import { catalogFromMetas } from '../../src/report/catalog.js';
import {
  DEFAULT_SARIF_LOCATION,
  FINGERPRINT_KEY,
  LINE_HASH_KEY,
  SARIF_SCHEMA_URI,
  TOOL_INFORMATION_URI,
  artifactUri,
  automationId,
  renderSarif,
  repositoryUri,
} from '../../src/report/sarif.js';
import type { SarifOptions } from '../../src/report/sarif.js';
import { placeholderFree, securitySeverity } from '../../src/report/sarif-rules.js';
import { ALL_PROBES } from '../../probes/index.js';
import { multitoolMissing, multitoolValidate, sarifValidator } from './consumers.js';
import {
  HOSTILE,
  HOSTILE_URL,
  catalog,
  crashedResult,
  decisiveResult,
  deepFreeze,
  exposedFinding,
  finding,
  fixtureResult,
  fixtureWithBaseline,
  groupedFinding,
  hostileFinding,
  inconclusiveFinding,
  leakFinding,
  notProbedResult,
  withFailOn,
  withoutCrash,
} from './fixtures.js';

const render = (result: RunResult = fixtureResult(), withCatalog = true, options: SarifOptions = {}) =>
  JSON.parse(renderSarif(deepFreeze(result), withCatalog ? catalog : undefined, options));

/** The catalog the CLI builds: every message of every probe. */
const realCatalog = catalogFromMetas(ALL_PROBES.map((p) => p.meta));

/** A complete run with one finding for every rule of every probe. */
function everyRuleResult(): RunResult {
  const base = fixtureResult();
  const probes = ALL_PROBES.map((probe) => ({
    id: probe.meta.id,
    title: probe.meta.title,
    outcome: { status: 'fail' as const },
    findings: Object.entries(probe.meta.messages).map(([messageId, spec]) =>
      finding(probe.meta.id, messageId, spec.severity, `https://www.example.org/${probe.meta.id}/${messageId}/`, `${messageId} found`, [{ status: 200 }]),
    ),
    silencedCount: 0,
    requestsMade: 0,
    durationMs: 10,
  }));
  return { ...base, probes };
}

/** A run with `count` small findings, for GitHub's limits. */
function manyFindings(count: number): RunResult {
  const findings: Finding[] = Array.from({ length: count }, (_, i) =>
    finding('static-assets', i % 2 === 0 ? 'noCompression' : 'assetBroken', i % 2 === 0 ? 'info' : 'error', `https://www.example.org/static/${i}.css`, `file ${i}`, [{ status: 200 }]),
  );
  return { ...fixtureResult(), probes: [{ ...fixtureResult().probes[0]!, findings }] };
}

t.test('valid against the SARIF 2.1.0 schema, whatever the run', async (t) => {
  const validate = await sarifValidator();
  const logs = {
    'with catalog': render(),
    'without catalog': render(fixtureResult(), false),
    'with baseline': render(fixtureWithBaseline()),
    'no probes': render({ ...fixtureResult(), probes: [] }),
    'unreadable start time': render({ ...fixtureResult(), startedAt: 'yesterday' }),
    'not probed': render(notProbedResult()),
    crashed: render(crashedResult()),
    'a location of its own': render(fixtureResult(), true, { location: { uri: 'deploy/probe config.json', startLine: 7, startColumn: 3, endColumn: 40 } }),
    'an unusable location': render(fixtureResult(), true, { location: { uri: '/etc/passwd' } }),
    truncated: render(manyFindings(10), true, { limits: { maxResults: 3 } }),
    'every rule of every probe': JSON.parse(renderSarif(everyRuleResult(), realCatalog)),
  };
  for (const [name, log] of Object.entries(logs)) {
    t.ok(validate(log), name);
    t.same(validate.errors ?? [], [], `${name}: no schema errors`);
  }
  t.notOk(validate({ ...render(), version: '2.0.0' }), 'the validator does reject a wrong version');
  t.notOk(validate({ ...render(), runs: [{ results: [] }] }), 'and a run without a tool');
});

/**
 * What the multitool may say and still leave a file GitHub accepts: notes only, each for a reason.
 * Errors and warnings, whatever their rule, fail the test.
 */
const ACCEPTED_NOTES: Readonly<Record<string, string>> = {
  SARIF2002: 'message.text rather than id and arguments: GitHub requires the text (GH1007) and ignores message strings',
  SARIF2003: 'no versionControlProvenance: the CLI does not know the commit; the upload names it',
  SARIF2009: 'rule ids contain "/": probe/messageId is the id the config silences by, and alerts track by it',
  SARIF2010: 'no region snippet: the renderer does not read the config file',
  SARIF2011: 'no context region, for the same reason',
  SARIF2012: 'no helpUri (help is inline, in help.markdown), and no rules at all when nothing was found',
};

t.test('the SARIF multitool, with GitHub ingestion rules, finds no error and no warning', async (t) => {
  // A consumer that is not there fails the test, never skips it: npm ci installs it (a dev dependency).
  if (multitoolMissing) t.fail(`${multitoolMissing}: npm ci installs @microsoft/sarif-multitool`);
  const logs: Record<string, string> = {
    'findings.sarif': renderSarif(fixtureResult(), catalog),
    'baseline.sarif': renderSarif(fixtureWithBaseline(), catalog),
    'not-probed.sarif': renderSarif(notProbedResult(), catalog),
    'crashed.sarif': renderSarif(crashedResult(), catalog),
    'no-catalog.sarif': renderSarif(fixtureResult()),
    'decisive.sarif': renderSarif(decisiveResult(), catalog, { location: { uri: '.github/wagtail-probe.config.json', startLine: 3, startColumn: 13, endColumn: 46 } }),
    'every-rule.sarif': renderSarif(everyRuleResult(), realCatalog),
    'truncated.sarif': renderSarif(manyFindings(10), catalog, { limits: { maxResults: 4 } }),
    // The control: what this renderer wrote before, an http(s) URL as the artifact and no region.
    'control.sarif': JSON.stringify({
      ...render(),
      runs: [{ ...render().runs[0], results: render().runs[0].results.map((r: any) => ({ ...r, locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(leakFinding.url) } } }] })) }],
    }),
  };
  const byFile = await multitoolValidate(logs);
  const control = byFile.get('control.sarif')!;
  t.ok(control.some((f) => f.ruleId === 'GH1005' && f.level === 'error'), 'the control: an http URL as artifact is a GitHub error (GH1005), so the GitHub rules are on');
  t.ok(control.some((f) => f.ruleId === 'GH1003' && f.level === 'error'), 'the control: a location without a region is a GitHub error (GH1003)');
  for (const [name, found] of byFile) {
    if (name === 'control.sarif') continue;
    const serious = found.filter((f) => f.level === 'error' || f.level === 'warning');
    t.same(serious.map((f) => `${f.level} ${f.ruleId}: ${f.text}`), [], `${name}: 0 errors and 0 warnings`);
    const unexplained = [...new Set(found.filter((f) => f.level === 'note').map((f) => f.ruleId))].filter((id) => !(id in ACCEPTED_NOTES));
    t.same(unexplained, [], `${name}: every note is one of the accepted ones`);
  }
});

t.test('every result is located in a repository file, with a region; the URL is in the message and a logical location', async (t) => {
  const { results } = render().runs[0];
  t.equal(results.length, 4);
  for (const result of results) {
    const [location] = result.locations;
    t.same(location.physicalLocation, {
      artifactLocation: { uri: 'wagtail-probe.config.json' },
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
    }, `${result.ruleId}: the default config file, line 1`);
    t.equal(location.logicalLocations[0].kind, 'resource');
    t.equal(location.logicalLocations[0].fullyQualifiedName, result.properties.url);
    t.ok(result.message.text.includes(result.properties.url), `${result.ruleId}: the URL is in the message`);
  }
  const given = render(fixtureResult(), true, { location: { uri: '.github\\wagtail probe.json', startLine: 4, startColumn: 3, endColumn: 41 } }).runs[0].results[0];
  t.same(given.locations[0].physicalLocation, {
    artifactLocation: { uri: '.github/wagtail%20probe.json' },
    region: { startLine: 4, startColumn: 3, endLine: 4, endColumn: 41 },
  }, 'where the CLI says the target is named: a relative URI reference, backslashes read as separators');
  t.equal(DEFAULT_SARIF_LOCATION.uri, 'wagtail-probe.config.json');
});

t.test('a location that is not repository-relative falls back to the default, with a warning notification', async (t) => {
  for (const uri of ['/home/ci/wagtail-probe.config.json', 'file:///github/workspace/x.json', 'https://www.example.org/', 'C:\\ci\\probe.json', '../outside.json', 'a//b.json', '']) {
    const run = render(fixtureResult(), true, { location: { uri, startLine: 9 } }).runs[0];
    t.same(run.results[0].locations[0].physicalLocation.artifactLocation, { uri: 'wagtail-probe.config.json' }, `${JSON.stringify(uri)}: the default file`);
    t.equal(run.results[0].locations[0].physicalLocation.region.startLine, 1, 'and its line 1');
    const note = run.invocations[0].toolExecutionNotifications.find((n: any) => n.descriptor.id === 'sarif/location');
    t.equal(note?.level, 'warning');
  }
  t.same(['a.json', './cfg/a b.json', 'x/ü.json', 'weird%name.json'].map(repositoryUri), ['a.json', 'cfg/a%20b.json', 'x/%C3%BC.json', 'weird%25name.json']);
  t.same(render(fixtureResult(), true, { location: { uri: 'a.json', startLine: 0, startColumn: -2, endColumn: 1.5 } }).runs[0].results[0].locations[0].physicalLocation.region,
    { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 }, 'lines and columns are positive integers, the region at least one character');
});

t.test('partialFingerprints: a hash of the finding, the same on every run and at every config line', async (t) => {
  const hash = createHash('sha256').update(leakFinding.fingerprint).digest('hex');
  const [leak] = render().runs[0].results;
  t.same(leak.partialFingerprints, { [LINE_HASH_KEY]: `${hash.slice(0, 16)}:1`, [FINGERPRINT_KEY]: hash });
  t.equal(FINGERPRINT_KEY, 'wagtailProbe/v1');
  const elsewhere = render(fixtureResult(), true, { location: { uri: 'other.json', startLine: 30 } }).runs[0].results[0];
  t.same(elsewhere.partialFingerprints, leak.partialFingerprints, 'the config file and line do not change an alert');
  const later = render({ ...fixtureResult(), startedAt: '2025-06-01T00:00:00.000Z', durationMs: 99 }).runs[0].results[0];
  t.same(later.partialFingerprints, leak.partialFingerprints, 'nor the time of the run');
  const hashes = render().runs[0].results.map((r: any) => r.partialFingerprints[LINE_HASH_KEY]);
  t.equal(new Set(hashes).size, hashes.length, 'results on one line are still one alert each');
  t.notMatch(JSON.stringify(leak.partialFingerprints), 'example.org', 'no URL in the clear');
  t.equal(leak.properties.fingerprint, leakFinding.fingerprint, 'the fingerprint itself is in properties, for a baseline');
});

t.test('rules: only those with results, without placeholders, with help, tags and security severity', async (t) => {
  const { driver } = render().runs[0].tool;
  t.same(driver.rules.map((r: any) => r.id), [
    'document-privacy/cacheablePrivate',
    'document-privacy/directUrlLeak',
    'media-offload/cannotTellServer',
    'static-assets/noCompression',
  ], 'the catalog knows more messages than were found; only rules with results are listed');
  const leak = driver.rules[1];
  t.same(leak, {
    id: 'document-privacy/directUrlLeak',
    name: 'DocumentPrivacyDirectUrlLeak',
    shortDescription: { text: 'Private document is served to anonymous clients' },
    fullDescription: { text: `Private document is served to anonymous clients. Set WAGTAILDOCS_SERVE_METHOD = "serve_view" so Wagtail checks permissions before serving.` },
    help: {
      text:
        'Private documents cannot be fetched without permission\n\nPrivate document is served to anonymous clients.\n\n' +
        'Set WAGTAILDOCS_SERVE_METHOD = "serve_view" so Wagtail checks permissions before serving.\n\n' +
        "Rule document-privacy/directUrlLeak, error by default: set its severity or silence it by this id in the config's severity and silenced keys.",
      markdown:
        '**Private documents cannot be fetched without permission**\n\nPrivate document is served to anonymous clients.\n\n' +
        catalog['document-privacy']!.docs +
        "\n\nRule `document-privacy/directUrlLeak`, error by default: set its severity or silence it by this id in the config's `severity` and `silenced` keys.",
    },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['wagtail-probe', 'document-privacy', 'security'], 'problem.severity': 'error', 'security-severity': '8.0' },
  });
  t.same(driver.rules[0].properties, { tags: ['wagtail-probe', 'document-privacy', 'security'], 'problem.severity': 'warning', 'security-severity': '5.0' });
  t.same(driver.rules[2].properties, { tags: ['wagtail-probe', 'media-offload'], 'problem.severity': 'warning' }, 'a quality rule: no security severity');
  t.same(driver.rules[3].properties, { tags: ['wagtail-probe', 'static-assets'], 'problem.severity': 'recommendation' });
  t.equal(driver.rules[3].defaultConfiguration.level, 'note', 'info is a note');
  const unknown = driver.rules[2];
  t.equal(unknown.shortDescription.text, 'Media is served by the web server or a CDN, not Django: cannotTellServer', 'a rule the catalog does not know: its probe title and id');
  t.ok(unknown.fullDescription.text.length > 0 && unknown.help.text.length > 0, 'still with a full description and help');
  const results = render().runs[0].results;
  for (const result of results) t.equal(driver.rules[result.ruleIndex].id, result.ruleId, `${result.ruleId}: ruleIndex points at its rule`);
  t.same(render(notProbedResult()).runs[0].tool.driver.rules, [], 'a run that judged nothing has no rules, but the array');
});

t.test('every rule of every probe: a description without {placeholders}, within GitHub lengths', async (t) => {
  const { rules } = JSON.parse(renderSarif(everyRuleResult(), realCatalog)).runs[0].tool.driver;
  const messages = ALL_PROBES.reduce((n, p) => n + Object.keys(p.meta.messages).length, 0);
  t.equal(rules.length, messages, 'one rule per message');
  for (const rule of rules) {
    t.notMatch(rule.shortDescription.text, /\{\w+\}/, `${rule.id}: no placeholder in ${JSON.stringify(rule.shortDescription.text)}`);
    t.ok(rule.shortDescription.text.length <= 1024 && rule.fullDescription.text.length <= 1024 && rule.name.length <= 255, `${rule.id}: GitHub lengths`);
    t.ok(rule.help.markdown.length > 0 && rule.help.text.length > 0, `${rule.id}: help`);
  }
  t.equal(new Set(rules.map((r: any) => r.name)).size, rules.length, 'rule names are unique (two probes have a wrongContentType)');
  const cases: Array<[string, string]> = [
    ['Private document {doc} is readable without permission at its file URL {fileUrl} ({status}, {type})', 'Private document is readable without permission at its file URL'],
    ['{count} document(s) served by Wagtail\'s serve view (serve method serve_view): {docs}', "Some document(s) served by Wagtail's serve view (serve method serve_view)"],
    ['{url} came from a shared cache ({header}: {value}): admin and /_util/ responses must never be cached', 'A URL came from a shared cache: admin and /_util/ responses must never be cached'],
    ['Plain http {url} does not redirect straight to https on the same host: it goes to {location}', 'Plain http URL does not redirect straight to https on the same host: it goes elsewhere'],
    ['{unheardOf} broke', '… broke'],
    ['bypasses {% static %} at times', 'Bypasses {% static %} at times'],
  ];
  for (const [template, expected] of cases) t.equal(placeholderFree(template), expected, template);
});

t.test('security-severity: privacy and leaks high, deploy checks a little lower, media exposures only, facts never', async (t) => {
  const table: Array<[string, string, 'error' | 'warning' | 'info', string | null]> = [
    ['document-privacy', 'privateFileExposed', 'error', '8.0'],
    ['document-privacy', 'documentsFolderServed', 'warning', '5.0'],
    ['document-privacy', 'servedByView', 'info', null],
    ['page-privacy', 'canaryNotProtected', 'error', '8.0'],
    ['cache-privacy', 'csrfTokenShared', 'error', '8.0'],
    ['cache-privacy', 'privateResponseStorable', 'warning', '5.0'],
    ['deploy-checks', 'debugPage', 'error', '7.0'],
    ['deploy-checks', 'hstsMissing', 'warning', '4.0'],
    ['deploy-checks', 'versionDisclosed', 'info', null],
    ['media-offload', 'directoryListing', 'error', '7.0'],
    ['media-offload', 'originalsExposed', 'warning', '4.0'],
    ['media-offload', 'servedByDjango', 'error', null],
    ['static-assets', 'hashMismatch', 'error', null],
    ['crawl-coverage', 'pagesFailing', 'error', null],
  ];
  for (const [probe, messageId, severity, expected] of table) t.equal(securitySeverity(probe, messageId, severity), expected, `${probe}/${messageId} (${severity})`);
  const overridden = { ...leakFinding, severity: 'warning' as const };
  const rule = render({ ...fixtureResult(), probes: [{ ...fixtureResult().probes[1]!, findings: [overridden] }] }).runs[0].tool.driver.rules[0];
  t.same([rule.defaultConfiguration.level, rule.properties['security-severity']], ['warning', '5.0'], "the config's severity override decides the rule's level and score");
});

t.test('what GitHub code scanning reads: schema, version, one run, the tool, the category', async (t) => {
  const log = render();
  t.equal(log.$schema, SARIF_SCHEMA_URI);
  t.equal(log.version, '2.1.0');
  t.equal(log.runs.length, 1);
  const { driver } = log.runs[0].tool;
  t.same(
    { name: driver.name, version: driver.version, semanticVersion: driver.semanticVersion, informationUri: driver.informationUri },
    { name: 'wagtail-probe', version: '0.1.0', semanticVersion: '0.1.0', informationUri: TOOL_INFORMATION_URI },
  );
  t.same(log.runs[0].automationDetails, { id: 'wagtail-probe/www.example.org/' }, 'the category: one per target host');
  t.same([automationId('http://127.0.0.1:8000/x'), automationId('not a url')], ['wagtail-probe/127.0.0.1:8000/', 'wagtail-probe/']);
  t.same(driver.notifications.map((n: any) => n.id), ['static-assets', 'document-privacy', 'media-offload', 'admin-login', 'deploy-checks', 'ok-probe'],
    'the probes that ran are the notification descriptors');
  const ids = new Set(driver.notifications.map((n: any) => n.id));
  for (const note of log.runs[0].invocations[0].toolExecutionNotifications) t.ok(ids.has(note.descriptor.id), `${note.descriptor.id}: its descriptor is declared`);
});

t.test('one result per finding, most severe first: message, URL, evidence, the response that decided it', async (t) => {
  const { results } = render().runs[0];
  t.same(results.map((r: any) => [r.ruleId, r.level]), [
    ['document-privacy/directUrlLeak', 'error'],
    ['document-privacy/cacheablePrivate', 'warning'],
    ['media-offload/cannotTellServer', 'warning'],
    ['static-assets/noCompression', 'note'],
  ]);
  const [leak] = results;
  t.equal(leak.message.text, `${leakFinding.message} at ${leakFinding.url}. Evidence: 302 → 200 · content-type: application/pdf`);
  t.same(leak.properties.evidence, leakFinding.evidence);
  t.equal(results[2].message.text, `Inconclusive: ${inconclusiveFinding.message} at ${inconclusiveFinding.url}. Evidence: ERR_TIMEOUT`);
  t.equal(results[2].properties.inconclusive, true);
  for (const result of results) t.equal(result.baselineState, undefined, 'no baseline state without a baseline');
  const decided = render(decisiveResult()).runs[0].results;
  const exposed = decided.find((r: any) => r.ruleId === 'document-privacy/privateFileExposed');
  t.equal(exposed.message.text, `${exposedFinding.message} at ${exposedFinding.url}. Evidence: 200 · content-type: application/pdf`,
    "the file URL's 200 that proves the leak (its URL is in the message already), not the serve URL's login redirect");
  const grouped = decided.find((r: any) => r.ruleId === 'static-assets/hashedShortCache');
  t.equal(grouped.message.text, `${groupedFinding.message} at ${groupedFinding.url}. Evidence: 200 · cache-control: max-age=3600 from https://www.example.org/static/css/site.0123abcd.css`);
});

t.test('a hostile URL: percent-encoded where it must be a URI; the message keeps the text as it is (JSON escapes it)', async (t) => {
  const hostile = render().runs[0].results[1];
  t.equal(hostile.properties.url, HOSTILE_URL);
  t.equal(hostile.locations[0].logicalLocations[0].fullyQualifiedName, HOSTILE_URL);
  t.match(hostile.message.text, HOSTILE);
  t.equal(artifactUri(HOSTILE_URL), "https://www.example.org/search/?q=%3Cscript%3Ealert(1)%3C/script%3E&t=%5D%5D%3E&a=%271%27&b=%222%22");
  const cases: Array<[string, string]> = [
    ['https://www.example.org/a b/ü?x=[1]|^', 'https://www.example.org/a%20b/%C3%BC?x=%5B1%5D%7C%5E'],
    ['https://[::1]:8000/p', 'https://[::1]:8000/p'],
    ['https://www.example.org/100%zz', 'https://www.example.org/100%25zz'],
    ['/relative path', '/relative%20path'],
    ['bad\ud800', 'bad%EF%BF%BD'],
  ];
  for (const [input, expected] of cases) t.equal(artifactUri(input), expected, input);
  const unparsable = render({ ...fixtureResult(), probes: [{ ...fixtureResult().probes[1]!, findings: [{ ...hostileFinding, url: 'not a url <x>' }] }] });
  t.equal(unparsable.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'wagtail-probe.config.json', 'whatever the URL, the artifact is the file');
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
    t.ok(run.tool.driver.notifications.some((d: any) => d.id === id && d.shortDescription.text.length > 0), `${name}: its descriptor is declared`);
    t.equal(run.properties.exitCode, name === 'crashed' ? 4 : 3);
    t.same(run.results, [], `${name}: no results`);
  }
  const complete = render(withoutCrash(fixtureResult())).runs[0].invocations[0];
  t.equal(complete.executionSuccessful, true, 'findings that fail the run are a successful execution');
  t.notOk(complete.toolExecutionNotifications.some((n: any) => n.descriptor.id.startsWith('run/')));
});

t.test('a result is level "error" exactly when its finding fails the run; its severity stays in properties', async (t) => {
  const levels = (result: RunResult) => render(result).runs[0].results.map((r: any) => [r.ruleId, r.level, r.properties.severity]);
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

t.test("GitHub's limits: the most severe results are kept, with a warning notification, never a file GitHub rejects", async (t) => {
  const cut = render(manyFindings(10), true, { limits: { maxResults: 3 } }).runs[0];
  t.equal(cut.results.length, 3);
  t.ok(cut.results.every((r: any) => r.ruleId === 'static-assets/assetBroken'), 'errors first: the info findings are what is left out');
  const note = cut.invocations[0].toolExecutionNotifications.find((n: any) => n.descriptor.id === 'sarif/truncated');
  t.equal(note.level, 'warning');
  t.match(note.message.text, 'only the 3 most severe of 10 results are in this file');
  t.equal(cut.properties.resultsLeftOut, 7);
  t.same(cut.tool.driver.rules.map((r: any) => r.id), ['static-assets/assetBroken'], 'rules of the results left out are left out too');
  t.ok(cut.tool.driver.notifications.some((d: any) => d.id === 'sarif/truncated'));

  const maxGzipBytes = 6000;
  const { gzipSync } = await import('node:zlib');
  const small = renderSarif(manyFindings(200), catalog, { limits: { maxGzipBytes } });
  t.ok(gzipSync(small).length <= maxGzipBytes, 'the compressed file fits the limit');
  const kept = JSON.parse(small).runs[0];
  t.ok(kept.results.length > 0 && kept.results.length < 200, `some results kept (${kept.results.length}), not all`);
  t.match(kept.invocations[0].toolExecutionNotifications.at(-1).message.text, `only the ${kept.results.length} most severe of 200 results`);

  const full = JSON.parse(renderSarif(manyFindings(25_001), catalog)).runs[0];
  t.equal(full.results.length, 25_000, "GitHub's own limit: 25 000 results a run");
  t.match(full.invocations[0].toolExecutionNotifications.at(-1).message.text, 'only the 25000 most severe of 25001 results');
  t.same(render(manyFindings(5)).runs[0].invocations[0].toolExecutionNotifications.filter((n: any) => n.descriptor.id === 'sarif/truncated'), [], 'nothing cut, nothing said');
});
