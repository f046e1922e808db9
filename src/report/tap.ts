// TAP version 13: one test point per probe. "not ok" exactly when the probe's
// verdict is fail (a finding that fails the run) or error (the probe crashed),
// so the TAP verdict agrees with the exit code; "# SKIP reason" for skipped
// probes. A run that could not probe the site, or crashed, adds a last "not ok"
// point for the run itself. Findings go in the YAML diagnostic block, evidence
// and a curl command included.
// Version 13, not 14: Perl's prove (TAP::Harness 3.x) fails any stream that
// declares 14, even an all-ok one; the `\#` escapes below are read by both.

import type { Finding } from '../engine/finding.js';
import type { ProbeRun } from '../engine/probe.js';
import type { RunResult } from '../engine/result.js';
import { isGating, isNew, probeVerdict } from '../engine/result.js';
import { curlCommand } from './evidence-text.js';
import type { RunSummary } from './summary.js';
import { runProblem, severityCountsText, splitFindings, summarize, verdictText } from './summary.js';
import { oneLine } from './text.js';
import type { YamlValue } from './yaml.js';
import { yamlLines } from './yaml.js';

/** TAP descriptions and directives are one line, with `#` and `\` escaped. */
function tapText(text: string): string {
  return oneLine(text).replace(/\\/g, '\\\\').replace(/#/g, '\\#');
}

function diagnosticBlock(diagnostic: YamlValue): string[] {
  return ['  ---', ...yamlLines(diagnostic).map((l) => `  ${l}`), '  ...'];
}

function findingDiagnostic(result: RunResult, finding: Finding): YamlValue {
  return {
    severity: finding.severity,
    message: finding.message,
    url: finding.url,
    id: `${finding.probe}/${finding.messageId}`,
    inconclusive: finding.inconclusive,
    new: result.baseline ? isNew(result, finding) : undefined,
    failsRun: isGating(result, finding),
    fingerprint: finding.fingerprint,
    evidence: finding.evidence.map((evidence) => ({
      request: evidence.request ? { ...evidence.request } : undefined,
      curl: evidence.request ? curlCommand(evidence.request) : undefined,
      hops: evidence.hops?.map((hop) => ({ ...hop })),
      status: evidence.status,
      error: evidence.error,
      headers: evidence.headers ? { ...evidence.headers } : undefined,
      bodyPrefix: evidence.bodyPrefix,
      referrer: evidence.referrer,
      note: evidence.note,
    })),
  };
}

function testPoint(result: RunResult, probe: ProbeRun, index: number): string[] {
  const outcome = probeVerdict(result, probe);
  const { gating, other } = splitFindings(result, probe);
  const ok = outcome.status !== 'fail' && outcome.status !== 'error';
  const description = `${tapText(probe.id)}: ${tapText(probe.title)}`;
  if (outcome.status === 'skip') return [`ok ${index} - ${description} # SKIP ${tapText(outcome.reason)}`];
  const line = `${ok ? 'ok' : 'not ok'} ${index} - ${description}`;
  if (outcome.status === 'pass' && probe.findings.length === 0 && probe.silencedCount === 0) return [line];
  return [
    line,
    ...diagnosticBlock({
      outcome: outcome.status,
      error: outcome.status === 'error' ? outcome.error : undefined,
      durationMs: probe.durationMs,
      silenced: probe.silencedCount,
      findings: [...gating, ...other].map((finding) => findingDiagnostic(result, finding)),
    }),
  ];
}

/**
 * The run's own point when it did not complete. A "not ok" rather than "Bail
 * out!": both fail in tap-parser and prove, but a bail-out also stops prove
 * from running any other test file it was given.
 */
function runPoint(result: RunResult, summary: RunSummary, index: number): string[] {
  const problem = runProblem(result);
  if (problem === null) return [];
  const what = problem.reason === 'crashed' ? 'wagtail-probe crashed' : `could not probe ${result.target}`;
  return [
    `not ok ${index} - run: ${tapText(what)} (${tapText(problem.reason)})`,
    ...diagnosticBlock({
      outcome: result.outcome.status,
      reason: problem.reason,
      message: problem.message,
      explanation: problem.explanation,
      exitCode: summary.exitCode,
    }),
  ];
}

export function renderTap(result: RunResult): string {
  const summary = summarize(result);
  const points = [
    ...result.probes.map((probe, i) => testPoint(result, probe, i + 1)),
    ...[runPoint(result, summary, result.probes.length + 1)].filter((lines) => lines.length > 0),
  ];
  const lines = ['TAP version 13', points.length === 0 ? '1..0 # SKIP no probes ran' : `1..${points.length}`, ...points.flat()];
  lines.push(
    `# target: ${oneLine(result.target)}`,
    `# findings: ${severityCountsText(summary.findings)}`,
    `# ${oneLine(verdictText(result, summary))}`,
  );
  return `${lines.join('\n')}\n`;
}
