// TAP version 14: one test point per probe. "not ok" when the probe has a
// finding that fails the run (so the TAP verdict agrees with the exit code) or
// when the probe itself crashed; "# SKIP reason" for skipped probes. Findings
// go in the YAML diagnostic block, evidence and a curl command included.

import type { Finding } from '../finding.js';
import type { ProbeRun } from '../probe.js';
import type { RunResult } from '../result.js';
import { isNew } from '../result.js';
import { curlCommand } from './evidence.js';
import { isGating, severityCountsText, splitFindings, summarize, verdictText } from './summary.js';
import { oneLine } from './text.js';
import type { YamlValue } from './yaml.js';
import { yamlLines } from './yaml.js';

/** TAP 14 descriptions and directives are one line, with `#` and `\` escaped. */
function tapText(text: string): string {
  return oneLine(text).replace(/\\/g, '\\\\').replace(/#/g, '\\#');
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
  const { outcome } = probe;
  const { gating, other } = splitFindings(result, probe);
  const ok = gating.length === 0 && outcome.status !== 'error';
  const description = `${tapText(probe.id)}: ${tapText(probe.title)}`;
  if (outcome.status === 'skip') return [`ok ${index} - ${description} # SKIP ${tapText(outcome.reason)}`];
  const line = `${ok ? 'ok' : 'not ok'} ${index} - ${description}`;
  if (outcome.status === 'pass' && probe.findings.length === 0 && probe.silencedCount === 0) return [line];
  const diagnostic: YamlValue = {
    outcome: outcome.status,
    error: outcome.status === 'error' ? outcome.error : undefined,
    durationMs: probe.durationMs,
    silenced: probe.silencedCount,
    findings: [...gating, ...other].map((finding) => findingDiagnostic(result, finding)),
  };
  return [line, '  ---', ...yamlLines(diagnostic).map((l) => `  ${l}`), '  ...'];
}

export function renderTap(result: RunResult): string {
  const summary = summarize(result);
  const lines = ['TAP version 14'];
  if (result.probes.length === 0) {
    lines.push('1..0 # SKIP no probes ran');
  } else {
    lines.push(`1..${result.probes.length}`);
    result.probes.forEach((probe, i) => lines.push(...testPoint(result, probe, i + 1)));
  }
  lines.push(
    `# target: ${oneLine(result.target)}`,
    `# findings: ${severityCountsText(summary.findings)}`,
    `# ${verdictText(result, summary)}`,
  );
  return `${lines.join('\n')}\n`;
}
