// GitHub's "SARIF support for code scanning" page, written down as a table:
// every property it marks required, the values it allows, and the limits past
// which it rejects an upload (and the 10 MB gzip-compressed file size). Each
// row is checked on the reports of representative runs; the control row shows
// the table does catch what GitHub refused: an http(s) URL as the artifact.

import { gzipSync } from 'node:zlib';
import t from 'tap';
import type { RunResult } from '../../src/engine/result.js';
import { renderSarif } from '../../src/report/sarif.js';
import type { SarifOptions } from '../../src/report/sarif.js';
import { catalog, crashedResult, decisiveResult, finding, fixtureResult, fixtureWithBaseline, notProbedResult } from './fixtures.js';

type Json = any;
/** A requirement: where it applies, what GitHub says, and the paths that break it. */
interface Requirement {
  readonly object: string;
  readonly rule: string;
  readonly problems: (log: Json, text: string) => string[];
}

const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
const each = (items: unknown, path: string, check: (item: Json, path: string) => boolean): string[] =>
  Array.isArray(items) ? items.flatMap((item, i) => (check(item, `${path}[${i}]`) ? [] : [`${path}[${i}]`])) : [`${path}: not an array`];
const runs = (log: Json): Json[] => (Array.isArray(log.runs) ? log.runs : []);
const rulesOf = (log: Json) => runs(log).flatMap((run, r) => (run.tool?.driver?.rules ?? []).map((rule: Json, i: number) => ({ rule, path: `runs[${r}].tool.driver.rules[${i}]` })));
const resultsOf = (log: Json) => runs(log).flatMap((run, r) => (run.results ?? []).map((result: Json, i: number) => ({ result, run, path: `runs[${r}].results[${i}]` })));
const locationsOf = (log: Json) =>
  resultsOf(log).flatMap(({ result, path }) => (result.locations ?? []).map((location: Json, i: number) => ({ location, path: `${path}.locations[${i}]` })));
const positiveInteger = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1;
const fails = (ok: boolean, path: string): string[] => (ok ? [] : [path]);

const GITHUB_REQUIREMENTS: readonly Requirement[] = [
  // sarifLog object
  { object: 'sarifLog', rule: '$schema: required, the URI of the SARIF 2.1.0 JSON schema', problems: (log) => fails(nonEmpty(log.$schema) && /sarif-2\.1\.0|sarif-schema-2\.1\.0/.test(log.$schema), '$schema') },
  { object: 'sarifLog', rule: 'version: required, code scanning only supports 2.1.0', problems: (log) => fails(log.version === '2.1.0', 'version') },
  { object: 'sarifLog', rule: 'runs[]: required, one or more runs', problems: (log) => fails(runs(log).length >= 1, 'runs') },
  { object: 'limits', rule: 'runs per file: at most 20', problems: (log) => fails(runs(log).length <= 20, 'runs') },
  // run object
  { object: 'run', rule: 'tool.driver: required', problems: (log) => each(log.runs, 'runs', (run) => typeof run.tool?.driver === 'object') },
  { object: 'run', rule: 'results[]: required (may be empty)', problems: (log) => each(log.runs, 'runs', (run) => Array.isArray(run.results)) },
  { object: 'limits', rule: 'results per run: at most 25 000', problems: (log) => each(log.runs, 'runs', (run) => (run.results ?? []).length <= 25_000) },
  { object: 'limits', rule: 'rules per run: at most 25 000', problems: (log) => each(log.runs, 'runs', (run) => (run.tool?.driver?.rules ?? []).length <= 25_000) },
  { object: 'limits', rule: 'tool extensions per run: at most 100', problems: (log) => each(log.runs, 'runs', (run) => (run.tool?.extensions ?? []).length <= 100) },
  {
    object: 'runAutomationDetails',
    rule: 'id: optional; "category/run-id", the category everything before the last "/"',
    problems: (log) => each(log.runs, 'runs', (run) => run.automationDetails === undefined || (nonEmpty(run.automationDetails.id) && run.automationDetails.id.includes('/'))),
  },
  // toolComponent object
  { object: 'toolComponent', rule: 'name: required', problems: (log) => each(log.runs, 'runs', (run) => nonEmpty(run.tool?.driver?.name)) },
  { object: 'toolComponent', rule: 'rules[]: required', problems: (log) => each(log.runs, 'runs', (run) => Array.isArray(run.tool?.driver?.rules)) },
  // reportingDescriptor object
  { object: 'reportingDescriptor', rule: 'id: required, unique', problems: (log) => rulesOf(log).flatMap(({ rule, path }, i, all) => fails(nonEmpty(rule.id) && all.findIndex((r) => r.rule.id === rule.id) === i, `${path}.id`)) },
  { object: 'reportingDescriptor', rule: 'name: optional, at most 255 characters', problems: (log) => rulesOf(log).flatMap(({ rule, path }) => fails(rule.name === undefined || (nonEmpty(rule.name) && rule.name.length <= 255), `${path}.name`)) },
  { object: 'reportingDescriptor', rule: 'shortDescription.text: required, at most 1024 characters', problems: (log) => rulesOf(log).flatMap(({ rule, path }) => fails(nonEmpty(rule.shortDescription?.text) && rule.shortDescription.text.length <= 1024, `${path}.shortDescription`)) },
  { object: 'reportingDescriptor', rule: 'fullDescription.text: required, at most 1024 characters', problems: (log) => rulesOf(log).flatMap(({ rule, path }) => fails(nonEmpty(rule.fullDescription?.text) && rule.fullDescription.text.length <= 1024, `${path}.fullDescription`)) },
  { object: 'reportingDescriptor', rule: 'defaultConfiguration.level: optional, note, warning or error', problems: (log) => rulesOf(log).flatMap(({ rule, path }) => fails(rule.defaultConfiguration?.level === undefined || ['note', 'warning', 'error'].includes(rule.defaultConfiguration.level), `${path}.defaultConfiguration`)) },
  { object: 'reportingDescriptor', rule: 'help.text: required', problems: (log) => rulesOf(log).flatMap(({ rule, path }) => fails(nonEmpty(rule.help?.text), `${path}.help.text`)) },
  { object: 'reportingDescriptor', rule: 'help.markdown: recommended (shown instead of help.text)', problems: (log) => rulesOf(log).flatMap(({ rule, path }) => fails(nonEmpty(rule.help?.markdown), `${path}.help.markdown`)) },
  { object: 'limits', rule: 'tags per rule: at most 20', problems: (log) => rulesOf(log).flatMap(({ rule, path }) => fails((rule.properties?.tags ?? []).length <= 20, `${path}.properties.tags`)) },
  { object: 'reportingDescriptor', rule: 'properties.precision: optional, very-high, high, medium or low', problems: (log) => rulesOf(log).flatMap(({ rule, path }) => fails(rule.properties?.precision === undefined || ['very-high', 'high', 'medium', 'low'].includes(rule.properties.precision), `${path}.properties.precision`)) },
  { object: 'reportingDescriptor', rule: 'properties.problem.severity: optional, error, warning or recommendation', problems: (log) => rulesOf(log).flatMap(({ rule, path }) => fails(rule.properties?.['problem.severity'] === undefined || ['error', 'warning', 'recommendation'].includes(rule.properties['problem.severity']), `${path}.properties.problem.severity`)) },
  {
    object: 'reportingDescriptor',
    rule: 'properties.security-severity: optional, a string scoring more than 0.0 up to 10.0, on rules tagged "security"',
    problems: (log) =>
      rulesOf(log).flatMap(({ rule, path }) => {
        const score = rule.properties?.['security-severity'];
        if (score === undefined) return [];
        const value = Number(score);
        return fails(typeof score === 'string' && /^\d{1,2}\.\d$/.test(score) && value > 0 && value <= 10 && (rule.properties.tags ?? []).includes('security'), `${path}.properties.security-severity`);
      }),
  },
  // result object
  {
    object: 'result',
    rule: 'ruleId / ruleIndex: optional; when given, a rule of the run',
    problems: (log) =>
      resultsOf(log).flatMap(({ result, run, path }) => {
        const rules = run.tool?.driver?.rules ?? [];
        const byId = result.ruleId === undefined || rules.some((r: Json) => r.id === result.ruleId);
        const byIndex = result.ruleIndex === undefined || rules[result.ruleIndex]?.id === result.ruleId;
        return fails(byId && byIndex, `${path}.ruleId`);
      }),
  },
  { object: 'result', rule: 'level: optional, none, note, warning or error', problems: (log) => resultsOf(log).flatMap(({ result, path }) => fails(result.level === undefined || ['none', 'note', 'warning', 'error'].includes(result.level), `${path}.level`)) },
  { object: 'result', rule: 'message.text: required', problems: (log) => resultsOf(log).flatMap(({ result, path }) => fails(nonEmpty(result.message?.text), `${path}.message.text`)) },
  { object: 'result', rule: 'locations[]: required, at least one, up to a maximum of 10', problems: (log) => resultsOf(log).flatMap(({ result, path }) => fails(Array.isArray(result.locations) && result.locations.length >= 1 && result.locations.length <= 10, `${path}.locations`)) },
  { object: 'limits', rule: 'locations per result: at most 1 000', problems: (log) => resultsOf(log).flatMap(({ result, path }) => fails((result.locations ?? []).length <= 1000, `${path}.locations`)) },
  {
    object: 'limits',
    rule: 'thread flow locations per result: at most 10 000',
    problems: (log) =>
      resultsOf(log).flatMap(({ result, path }) => {
        const count = (result.codeFlows ?? []).flatMap((c: Json) => c.threadFlows ?? []).reduce((n: number, f: Json) => n + (f.locations ?? []).length, 0);
        return fails(count <= 10_000, `${path}.codeFlows`);
      }),
  },
  {
    object: 'result',
    rule: 'partialFingerprints: required; code scanning only uses primaryLocationLineHash',
    problems: (log) => resultsOf(log).flatMap(({ result, path }) => fails(nonEmpty(result.partialFingerprints?.primaryLocationLineHash), `${path}.partialFingerprints`)),
  },
  // location and physicalLocation objects
  { object: 'location', rule: 'physicalLocation: required', problems: (log) => locationsOf(log).flatMap(({ location, path }) => fails(typeof location.physicalLocation === 'object', `${path}.physicalLocation`)) },
  {
    object: 'physicalLocation',
    rule: 'artifactLocation.uri: required, a path relative to the repository root (an absolute URI is converted against the checkout, a file: URI, and an upload whose absolute URIs use another scheme is rejected)',
    problems: (log) =>
      locationsOf(log).flatMap(({ location, path }) => {
        const uri = location.physicalLocation?.artifactLocation?.uri;
        return fails(nonEmpty(uri) && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri) && !uri.startsWith('/'), `${path}.physicalLocation.artifactLocation.uri`);
      }),
  },
  {
    object: 'physicalLocation',
    rule: 'region.startLine, startColumn, endLine, endColumn: required (endColumn is the column after the region)',
    problems: (log) =>
      locationsOf(log).flatMap(({ location, path }) => {
        const region = location.physicalLocation?.region ?? {};
        const ok =
          ['startLine', 'startColumn', 'endLine', 'endColumn'].every((key) => positiveInteger(region[key])) &&
          region.endLine >= region.startLine &&
          (region.endLine > region.startLine || region.endColumn > region.startColumn);
        return fails(ok, `${path}.physicalLocation.region`);
      }),
  },
  // the file
  { object: 'limits', rule: 'the gzip-compressed file: at most 10 MB', problems: (_log, text) => fails(gzipSync(text).length <= 10 * 1024 * 1024, 'file') },
];

const reports: Record<string, [RunResult, SarifOptions?]> = {
  'findings, no location given': [fixtureResult()],
  'with a baseline': [fixtureWithBaseline()],
  'not probed': [notProbedResult()],
  crashed: [crashedResult()],
  'the config file and line the CLI names': [decisiveResult(), { location: { uri: '.github/wagtail-probe.config.json', startLine: 3, startColumn: 13, endColumn: 46 } }],
  'cut to the limits': [
    { ...fixtureResult(), probes: [{ ...fixtureResult().probes[0]!, findings: Array.from({ length: 30 }, (_, i) => finding('static-assets', 'noCompression', 'info', `https://www.example.org/${i}.css`, `file ${i}`, [])) }] },
    { limits: { maxResults: 10 } },
  ],
};

for (const [name, [result, options]] of Object.entries(reports)) {
  t.test(`GitHub's requirements, row by row: ${name}`, async (t) => {
    const text = renderSarif(result, catalog, options);
    const log = JSON.parse(text);
    for (const requirement of GITHUB_REQUIREMENTS) t.same(requirement.problems(log, text), [], `${requirement.object}: ${requirement.rule}`);
  });
}

t.test('the table catches what GitHub refused: a site URL as the artifact, no region, no line hash', async (t) => {
  const log = JSON.parse(renderSarif(fixtureResult(), catalog));
  const before = {
    ...log,
    runs: [{ ...log.runs[0], results: log.runs[0].results.map((r: Json) => ({ ...r, partialFingerprints: { other: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'https://www.example.org/documents/12/annual-report.pdf' } } }] })) }],
  };
  const broken = GITHUB_REQUIREMENTS.filter((r) => r.problems(before, JSON.stringify(before)).length > 0).map((r) => r.rule.split(':')[0]);
  t.same(broken, ['partialFingerprints', 'artifactLocation.uri', 'region.startLine, startColumn, endLine, endColumn']);
  const noHelp = { ...log, runs: [{ ...log.runs[0], tool: { driver: { ...log.runs[0].tool.driver, rules: log.runs[0].tool.driver.rules.map((r: Json) => ({ ...r, help: undefined, shortDescription: { text: '' } })) } } }] };
  t.same(GITHUB_REQUIREMENTS.filter((r) => r.problems(noHelp, '').length > 0).map((r) => r.rule.split(':')[0]), ['shortDescription.text', 'help.text', 'help.markdown'], 'an empty string is no value');
});
