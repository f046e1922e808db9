// The real consumers each format is written for, shared by the format tests and
// the verdicts table: Jenkins' JUnit XSD (xmllint-wasm), a SAX-like XML reader
// and a strict reading of JUnit as Jenkins reads it (nothing in node_modules
// reads JUnit: mocha-junit-reporter and xml only write it), tap-parser and
// Perl's prove, the SARIF 2.1.0 schema (ajv) and Microsoft's SARIF multitool
// with GitHub's ingestion rules, and the Prometheus text parser with the
// format rules it is lenient about.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { ParsedFamily } from 'parse-prometheus-text-format';
import { Parser } from 'tap-parser';
import type { FinalResults, Result } from 'tap-parser';
import { validateXML } from 'xmllint-wasm';

const require = createRequire(import.meta.url);

// Jenkins' JUnit schema, as shipped by mocha-junit-reporter: what Jenkins and GitLab read.
const JENKINS_XSD = require.resolve('mocha-junit-reporter/test/resources/jenkins-junit.xsd');

/** What xmllint says is wrong with the report against that schema; empty when it is valid. */
export async function schemaErrors(xml: string): Promise<string[]> {
  const schema = await readFile(JENKINS_XSD, 'utf8');
  const outcome = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: schema }] });
  return outcome.valid ? [] : [...outcome.errors.map((e) => e.message), outcome.rawOutput];
}

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name), parseAttributeValue: false, trimValues: false, htmlEntities: true });
// (htmlEntities: decode character references such as &#10;, as SAX-based JUnit readers do.)

export interface ParsedJunit {
  wellFormed: boolean;
  suites: any;
  suite: any;
  cases: Map<string, any>;
}

/** `cases` is keyed by "classname.name", as Jenkins names a test. */
export function parseJunit(xml: string): ParsedJunit {
  const wellFormed = XMLValidator.validate(xml) === true;
  const suites = xmlParser.parse(xml).testsuites;
  const suite = suites.testsuite[0];
  return { wellFormed, suites, suite, cases: new Map((suite.testcase ?? []).map((c: any) => [`${c.classname}.${c.name}`, c])) };
}

export type JenkinsStatus = 'passed' | 'failure' | 'error' | 'skipped';

export interface JenkinsCase {
  readonly className: string;
  /** Jenkins' package: the classname up to its last dot, "(root)" without one. */
  readonly packageName: string;
  readonly name: string;
  readonly seconds: number;
  readonly status: JenkinsStatus;
  readonly message: string | null;
  readonly text: string | null;
  readonly stdout: string | null;
}

export interface JenkinsReading {
  readonly cases: readonly JenkinsCase[];
  /** What a strict reader objects to; empty when the report reads cleanly. */
  readonly problems: readonly string[];
}

const DECIMAL_SECONDS = /^\d+(?:\.\d{1,3})?$/;

/**
 * Reads JUnit the way Jenkins' junit plugin does (SuiteResult/CaseResult), and
 * strictly: every testcase has a classname and a name, the pair is unique (a
 * duplicate is merged or shown twice), time is seconds as a plain decimal,
 * at most one of failure, error or skipped, and the counts on <testsuite> and
 * <testsuites> are the counts of their testcases. Everything it objects to is
 * listed in `problems`.
 */
export function readJunitLikeJenkins(xml: string): JenkinsReading {
  const problems: string[] = [];
  if (XMLValidator.validate(xml) !== true) return { cases: [], problems: ['not well-formed XML'] };
  const root = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name), parseAttributeValue: false, trimValues: false, htmlEntities: true }).parse(xml);
  const suites = root.testsuites;
  if (suites === undefined) return { cases: [], problems: ['no <testsuites> root'] };
  const cases: JenkinsCase[] = [];
  const seen = new Set<string>();
  const totals = { tests: 0, failures: 0, errors: 0 };
  for (const [s, suite] of (suites.testsuite ?? []).entries()) {
    const where = `testsuite[${s}]`;
    for (const key of ['name', 'tests', 'failures', 'errors', 'skipped', 'time', 'timestamp']) if (suite[key] === undefined) problems.push(`${where}: no ${key}`);
    if (!DECIMAL_SECONDS.test(suite.time ?? '')) problems.push(`${where}: time ${JSON.stringify(suite.time)} is not seconds`);
    const counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    let caseSeconds = 0;
    for (const [c, testcase] of (suite.testcase ?? []).entries()) {
      const at = `${where}.testcase[${c}]`;
      const className: string = testcase.classname ?? '';
      const name: string = testcase.name ?? '';
      if (className === '') problems.push(`${at}: no classname`);
      if (name === '') problems.push(`${at}: no name`);
      if (seen.has(`${className}\u0000${name}`)) problems.push(`${at}: ${className} / ${name} appears twice`);
      seen.add(`${className}\u0000${name}`);
      if (!DECIMAL_SECONDS.test(testcase.time ?? '')) problems.push(`${at}: time ${JSON.stringify(testcase.time)} is not seconds`);
      const outcomes = (['failure', 'error', 'skipped'] as const).filter((tag) => testcase[tag] !== undefined);
      if (outcomes.length > 1 || outcomes.some((tag) => testcase[tag].length > 1)) problems.push(`${at}: more than one of failure, error, skipped`);
      const status: JenkinsStatus = outcomes[0] ?? 'passed';
      if (status !== 'passed') counts[status === 'failure' ? 'failures' : status === 'error' ? 'errors' : 'skipped'] += 1;
      counts.tests += 1;
      const detail = outcomes[0] === undefined ? undefined : testcase[outcomes[0]][0];
      const textOf = (node: unknown): string | null => (node === undefined || node === '' ? null : typeof node === 'string' ? node : ((node as any)['#text'] ?? null));
      const seconds = Number(testcase.time);
      caseSeconds += Number.isFinite(seconds) ? seconds : 0;
      const dot = className.lastIndexOf('.');
      cases.push({
        className,
        packageName: dot === -1 ? '(root)' : className.slice(0, dot),
        name,
        seconds,
        status,
        message: typeof detail === 'object' && detail !== null ? (detail.message ?? null) : null,
        text: textOf(detail),
        stdout: textOf(testcase['system-out']),
      });
    }
    for (const key of ['tests', 'failures', 'errors', 'skipped'] as const) {
      if (suite[key] !== undefined && Number(suite[key]) !== counts[key]) problems.push(`${where}: ${key}="${suite[key]}" but it holds ${counts[key]}`);
    }
    if (caseSeconds > Number(suite.time) + 0.001 * (counts.tests + 1)) problems.push(`${where}: its testcases take ${caseSeconds} s, more than its time ${suite.time}`);
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.errors += counts.errors;
  }
  for (const key of ['tests', 'failures', 'errors'] as const) {
    if (suites[key] !== undefined && Number(suites[key]) !== totals[key]) problems.push(`testsuites: ${key}="${suites[key]}" but its suites hold ${totals[key]}`);
  }
  return { cases, problems };
}

export interface ParsedTap {
  final: FinalResults;
  points: Result[];
  version: number | null;
}

/** Parses with tap-parser, the parser tap itself uses to read TAP. */
export function parseTap(text: string): ParsedTap {
  const points: Result[] = [];
  let final: FinalResults | null = null;
  let version: number | null = null;
  const parser = new Parser({ strict: true });
  parser.on('assert', (point: Result) => points.push(point));
  parser.on('version', (v: number) => (version = v));
  parser.on('complete', (results: FinalResults) => (final = results));
  parser.end(text);
  if (final === null) throw new Error('tap-parser did not complete');
  return { final, points, version };
}

export const PROVE = '/usr/bin/prove';
export const proveMissing = existsSync(PROVE) ? false : `${PROVE} is not installed`;

/** Runs Perl's prove on the TAP text (`prove -e cat`: the file is the test's output); its exit status and output. */
export async function prove(text: string, dir: string): Promise<{ status: number | null; output: string }> {
  const file = join(dir, 'report.tap');
  await writeFile(file, text);
  const run = spawnSync(PROVE, ['-e', 'cat', file], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

// The SARIF 2.1.0 JSON schema (draft-04) as shipped in @microsoft/jest-sarif; never copied into this repo.
const SARIF_SCHEMA = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

export async function sarifValidator() {
  // CommonJS modules whose `default` is also set on module.exports: `.default` is right for both TypeScript and Node.
  // unicodeRegExp off: the schema's `language` pattern has a stray `]` that only non-unicode regular expressions accept.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(await readFile(SARIF_SCHEMA, 'utf8')));
}

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
export function formatProblems(text: string): string[] {
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

export function parsePrometheus(text: string): Map<string, ParsedFamily> {
  return new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
}

/** The value of the first sample whose labels include these; undefined when there is none. */
export function sampleValue(family: ParsedFamily | undefined, labels: Record<string, string>): number | undefined {
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return sample === undefined ? undefined : Number(sample.value);
}

// Microsoft's SARIF multitool (a dev dependency): `validate` with the SARIF
// rules and GitHub's ingestion rules. GH1001–GH1007 (locations GitHub cannot
// show: no region, a URI that is not a file path, an absolute file URI without
// a checkout path, a message without text…) are off unless a config turns
// them on; SARIF2006 would fetch every URI in the log, and tests never reach
// the network, so it is off (the multitool then notes that it was disabled).
const MULTITOOL: string | null = (() => {
  try {
    const path = require('@microsoft/sarif-multitool') as string;
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
})();
export const multitoolMissing = MULTITOOL === null ? `the SARIF multitool has no binary for ${process.platform}` : false;

const GITHUB_RULES_ON = ['GH1001.ProvideRequiredLocationProperties', 'GH1002.InlineThreadFlowLocations', 'GH1003.ProvideRequiredRegionProperties',
  'GH1004.ReviewArraysThatExceedConfigurableDefaults', 'GH1005.LocationsMustBeRelativeUrisOrFilePaths', 'GH1006.ProvideCheckoutPath',
  'GH1007.ProvideFullyFormattedMessageStrings'];
const MULTITOOL_CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
${GITHUB_RULES_ON.map((rule) => `  <Properties Key="${rule}.Options">\n    <Property Key="RuleEnabled" Value="Error" Type="Driver.RuleEnabledState" />\n  </Properties>`).join('\n')}
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
`;

export interface MultitoolFinding {
  readonly level: 'error' | 'warning' | 'note' | 'none';
  /** "GH1005", "SARIF2012"… */
  readonly ruleId: string;
  readonly text: string;
}

/**
 * Validates each log (file name → SARIF text) with `sarif-multitool validate
 * --rule-kind Sarif;Ghas --level Error;Warning;Note`, in one run, and reads its
 * findings back from the SARIF it writes: per file, what it said at which level.
 * Run in a network namespace of its own where `unshare` can make one, so no
 * rule can reach out whatever its config says.
 */
export async function multitoolValidate(logs: Readonly<Record<string, string>>): Promise<Map<string, MultitoolFinding[]>> {
  if (MULTITOOL === null) throw new Error(String(multitoolMissing));
  const dir = await mkdtemp(join(tmpdir(), 'sarif-multitool-'));
  try {
    await writeFile(join(dir, 'config.xml'), MULTITOOL_CONFIG);
    const inputs = join(dir, 'logs');
    await mkdir(inputs);
    for (const [name, text] of Object.entries(logs)) await writeFile(join(inputs, name), text);
    const output = join(dir, 'validation.sarif');
    const args = ['validate', inputs, '--output', output, '--log', 'ForceOverwrite', '--config', join(dir, 'config.xml'), '--rule-kind', 'Sarif;Ghas', '--level', 'Error;Warning;Note'];
    const isolated = existsSync('/usr/bin/unshare') && spawnSync('/usr/bin/unshare', ['--net', 'true']).status === 0;
    const run = isolated ? spawnSync('/usr/bin/unshare', ['--net', MULTITOOL, ...args], { encoding: 'utf8' }) : spawnSync(MULTITOOL, args, { encoding: 'utf8' });
    if (run.status !== 0 || !existsSync(output)) throw new Error(`sarif-multitool validate failed (exit ${run.status}): ${run.stdout}${run.stderr}`);
    const validation = JSON.parse(await readFile(output, 'utf8'));
    const byFile = new Map<string, MultitoolFinding[]>(Object.keys(logs).map((name) => [name, []]));
    for (const result of validation.runs[0].results ?? []) {
      const uri: string = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
      const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
      const rule = validation.runs[0].tool.driver.rules?.[result.ruleIndex];
      const template: string = rule?.messageStrings?.[result.message?.id]?.text ?? result.message?.text ?? '';
      const text = template.replace(/\{(\d+)\}/g, (_: string, i: string) => result.message?.arguments?.[Number(i)] ?? '');
      byFile.get(name)?.push({ level: result.level ?? 'warning', ruleId: result.ruleId, text });
    }
    return byFile;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
