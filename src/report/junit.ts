// JUnit XML for CI test views (GitHub Actions reporters, GitLab, Jenkins): one
// testcase per probe, by its verdict. A testcase fails exactly when the probe
// has a finding that fails the run (new, at or above fail-on), so the failures
// count agrees with the exit code; its other findings are listed in
// <system-out>. A run that could not probe the site, or crashed, adds a
// testcase "run" (classname "wagtail-probe") with an <error>: a CI view shows
// the site down rather than an empty, green suite.
// Shaped to Jenkins' JUnit schema (the one GitLab and most parsers accept).

import type { Finding } from '../engine/finding.js';
import type { ProbeRun } from '../engine/probe.js';
import type { RunResult } from '../engine/result.js';
import { isNew, probeVerdict } from '../engine/result.js';
import { evidenceFacts } from './evidence-text.js';
import { runProblem, splitFindings, summarize } from './summary.js';
import { firstLine, plural, seconds, visible } from './text.js';

/** Escapes text content; characters XML 1.0 cannot carry at all become visible escapes. */
export function xmlText(text: string): string {
  return visible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value; newlines and tabs as character references so parsers keep them (a CR is already made visible). */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function element(name: string, attributes: Record<string, string | number>, content?: string): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${xmlAttr(String(value))}"`)
    .join('');
  return content === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

function findingText(result: RunResult, finding: Finding): string {
  const marks = [finding.severity.toUpperCase()];
  if (finding.inconclusive) marks.push('inconclusive');
  if (result.baseline) marks.push(isNew(result, finding) ? 'new' : 'known');
  const lines = [`[${marks.join(', ')}] ${finding.message}`, `  url: ${finding.url}`, `  id: ${finding.probe}/${finding.messageId}`];
  finding.evidence.forEach((evidence, index) => {
    lines.push(`  evidence ${index + 1}:`);
    for (const fact of evidenceFacts(evidence)) lines.push(`    ${fact.label}: ${fact.value}`);
  });
  return lines.join('\n');
}

function testcase(result: RunResult, probe: ProbeRun): string {
  const attributes = { name: probe.id, classname: result.target, time: seconds(probe.durationMs) };
  const outcome = probeVerdict(result, probe);
  const { gating, other } = splitFindings(result, probe);
  const children: string[] = [];
  if (outcome.status === 'skip') children.push(element('skipped', {}, xmlText(outcome.reason)));
  if (outcome.status === 'error') {
    children.push(element('error', { type: 'ProbeCrashed', message: firstLine(outcome.error) }, xmlText(outcome.error)));
  }
  const [worst] = gating;
  if (worst) {
    const message = gating.length === 1 ? worst.message : `${plural(gating.length, 'finding')}; first: ${worst.message}`;
    const text = gating.map((f) => findingText(result, f)).join('\n\n');
    children.push(element('failure', { type: worst.severity, message }, xmlText(text)));
  }
  if (other.length > 0) {
    const heading = `${plural(other.length, 'finding')} that do not fail the run (below --fail-on ${result.failOn}, or known to the baseline):`;
    const text = [heading, ...other.map((f) => findingText(result, f))].join('\n\n');
    children.push(element('system-out', {}, xmlText(text)));
  }
  return testcaseElement(attributes, children);
}

function testcaseElement(attributes: Record<string, string>, children: readonly string[]): string {
  return children.length === 0
    ? `    ${element('testcase', attributes)}`
    : `    ${element('testcase', attributes, `\n      ${children.join('\n      ')}\n    `)}`;
}

/** The run's own testcase when it did not complete: its reason and message in an <error>; null when it completed. */
function runTestcase(result: RunResult): string | null {
  const problem = runProblem(result);
  if (problem === null) return null;
  const text = `${problem.reason}: ${problem.explanation}\n\n${problem.message}`;
  const error = element('error', { type: problem.id, message: `${problem.reason}: ${firstLine(problem.message)}` }, xmlText(text));
  return testcaseElement({ name: 'run', classname: 'wagtail-probe', time: seconds(result.durationMs) }, [error]);
}

export function renderJunit(result: RunResult): string {
  const summary = summarize(result);
  const run = runTestcase(result);
  const testcases = [...(run === null ? [] : [run]), ...result.probes.map((probe) => testcase(result, probe))];
  // A crashed probe keeps the findings it made before crashing: <error> and, if they gate, <failure> too.
  const failures = result.probes.filter((probe) => splitFindings(result, probe).gating.length > 0).length;
  const counts = { tests: testcases.length, failures, errors: summary.probes.error + (run === null ? 0 : 1) };
  const properties: Array<[string, string]> = [
    ['target', result.target],
    ['tool', `${result.tool.name} ${result.tool.version}`],
    ['failOn', result.failOn],
    ['exitCode', String(summary.exitCode)],
  ];
  if (result.baseline) properties.push(['baseline', result.baseline.file]);
  const suite = element(
    'testsuite',
    { name: `wagtail-probe ${result.target}`, ...counts, skipped: summary.probes.skip, time: seconds(result.durationMs), timestamp: result.startedAt },
    [
      '',
      `    <properties>${properties.map(([name, value]) => `\n      ${element('property', { name, value })}`).join('')}\n    </properties>`,
      ...testcases,
      '  ',
    ].join('\n'),
  );
  const suites = element('testsuites', { name: 'wagtail-probe', ...counts, time: seconds(result.durationMs) }, `\n  ${suite}\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${suites}\n`;
}
