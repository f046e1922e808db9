// JUnit XML for CI test views (Jenkins, GitLab, GitHub Actions reporters): one
// testcase per rule (probe id + message id) that has findings, classname the
// probe id and name the message id, each finding of the rule with its
// evidence in the testcase's text. A rule's testcase fails exactly when one of
// its findings fails the run (new, at or above fail-on), so the failures count
// agrees with the exit code; its other findings are listed in <system-out>.
// A probe without findings is one testcase named by its title (passed, or
// <skipped> with the reason); a probe that crashed adds that testcase with an
// <error>. A run that could not probe the site, or crashed, adds a testcase
// "run" (classname "wagtail-probe") with an <error>: a CI view shows the site
// down rather than an empty, green suite. Times are in seconds; a probe's time
// is shared among its testcases. Classnames have no dots (Jenkins reads a dot
// as a package separator), and every (classname, name) pair is unique.
// Shaped to Jenkins' JUnit schema (the one GitLab and most parsers accept).

import type { Finding } from '../engine/finding.js';
import type { ProbeRun } from '../engine/probe.js';
import { compareFindings } from '../engine/finding.js';
import type { RunResult } from '../engine/result.js';
import { isGating, isNew, probeVerdict } from '../engine/result.js';
import { decisiveEvidence, evidenceFacts } from './evidence-text.js';
import { runProblem, summarize } from './summary.js';
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
  const decisive = decisiveEvidence(finding);
  finding.evidence.forEach((evidence, index) => {
    lines.push(`  evidence ${index + 1}${evidence === decisive && finding.evidence.length > 1 ? ' (decided the finding)' : ''}:`);
    for (const fact of evidenceFacts(evidence)) lines.push(`    ${fact.label}: ${fact.value}`);
  });
  return lines.join('\n');
}

/** The probe's findings by rule, most severe rule first, each rule's findings most severe first. */
function findingsByRule(probe: ProbeRun): Array<[string, Finding[]]> {
  const rules = new Map<string, Finding[]>();
  for (const finding of [...probe.findings].sort(compareFindings)) rules.set(finding.messageId, [...(rules.get(finding.messageId) ?? []), finding]);
  return [...rules];
}

function ruleChildren(result: RunResult, findings: readonly Finding[]): string[] {
  const gating = findings.filter((f) => isGating(result, f));
  const other = findings.filter((f) => !isGating(result, f));
  const children: string[] = [];
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
  return children;
}

interface Testcase {
  readonly classname: string;
  readonly name: string;
  readonly children: readonly string[];
}

/** The probe's testcases: one per rule with findings; the probe itself when it found nothing or crashed. */
function probeTestcases(result: RunResult, probe: ProbeRun): Testcase[] {
  const outcome = probeVerdict(result, probe);
  const rules = findingsByRule(probe).map(([messageId, findings]) => ({ classname: probe.id, name: messageId, children: ruleChildren(result, findings) }));
  const own: string[] = [];
  if (outcome.status === 'skip') own.push(element('skipped', {}, xmlText(outcome.reason)));
  if (outcome.status === 'error') own.push(element('error', { type: 'ProbeCrashed', message: firstLine(outcome.error) }, xmlText(outcome.error)));
  const itself = rules.length === 0 || outcome.status === 'error' ? [{ classname: probe.id, name: probe.title || probe.id, children: own }] : [];
  return [...itself, ...rules];
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
  // The run's time less what its probes took: the testcases add up to the suite's time.
  const own = Math.max(0, result.durationMs - result.probes.reduce((sum, p) => sum + p.durationMs, 0));
  return testcaseElement({ name: 'run', classname: 'wagtail-probe', time: seconds(own) }, [error]);
}

export function renderJunit(result: RunResult): string {
  const summary = summarize(result);
  const run = runTestcase(result);
  const probeCases = result.probes.flatMap((probe) => {
    const cases = probeTestcases(result, probe);
    const time = seconds(probe.durationMs / cases.length);
    return cases.map((c) => ({ ...c, time }));
  });
  const testcases = [...(run === null ? [] : [run]), ...probeCases.map((c) => testcaseElement({ name: c.name, classname: c.classname, time: c.time }, c.children))];
  const has = (tag: string) => probeCases.filter((c) => c.children.some((child) => child.startsWith(`<${tag}`))).length;
  const counts = { tests: testcases.length, failures: has('failure'), errors: has('error') + (run === null ? 0 : 1) };
  const skipped = has('skipped');
  const properties: Array<[string, string]> = [
    ['target', result.target],
    ['tool', `${result.tool.name} ${result.tool.version}`],
    ['failOn', result.failOn],
    ['exitCode', String(summary.exitCode)],
  ];
  if (result.baseline) properties.push(['baseline', result.baseline.file]);
  const suite = element(
    'testsuite',
    { name: `wagtail-probe ${result.target}`, ...counts, skipped, time: seconds(result.durationMs), timestamp: result.startedAt },
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
