// What every format says the same way: counts, which findings gate the exit
// code, the order probes are shown in, and the verdict. Keeping this in one
// place is what makes the formats agree with `exitCodeOf` and with each other.

import type { Finding } from '../finding.js';
import { compareFindings, severityRank } from '../finding.js';
import type { Severity } from '../options.js';
import type { ProbeOutcome, ProbeRun } from '../probe.js';
import type { RunResult } from '../result.js';
import { allFindings, exitCodeOf, isNew, meetsFailOn } from '../result.js';
import { plural } from './text.js';

export type ProbeStatus = ProbeOutcome['status'];

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const PROBE_STATUSES: readonly ProbeStatus[] = ['fail', 'inconclusive', 'error', 'skip', 'pass'];

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** A finding that makes the run fail: new (or no baseline), and at or above fail-on. The rule of `exitCodeOf`. */
export function isGating(result: RunResult, finding: Finding): boolean {
  return isNew(result, finding) && meetsFailOn(finding, result.failOn);
}

/** The probe's findings, most severe first, split by whether they fail the run. */
export function splitFindings(result: RunResult, probe: ProbeRun): { gating: Finding[]; other: Finding[] } {
  const sorted = [...probe.findings].sort(compareFindings);
  return {
    gating: sorted.filter((f) => isGating(result, f)),
    other: sorted.filter((f) => !isGating(result, f)),
  };
}

export interface RunSummary {
  readonly findings: SeverityCounts;
  /** Counts of findings not in the baseline; null without a baseline. */
  readonly newFindings: SeverityCounts | null;
  readonly inconclusive: number;
  readonly gating: number;
  readonly probes: Record<ProbeStatus, number>;
  readonly exitCode: ReturnType<typeof exitCodeOf>;
}

export function summarize(result: RunResult): RunSummary {
  const findings = allFindings(result);
  const probes: Record<ProbeStatus, number> = { fail: 0, inconclusive: 0, error: 0, skip: 0, pass: 0 };
  for (const probe of result.probes) probes[probe.outcome.status] += 1;
  return {
    findings: countBySeverity(findings),
    newFindings: result.baseline ? countBySeverity(findings.filter((f) => isNew(result, f))) : null,
    inconclusive: findings.filter((f) => f.inconclusive).length,
    gating: findings.filter((f) => isGating(result, f)).length,
    probes,
    exitCode: exitCodeOf(result),
  };
}

/** "1 error, 2 warnings, 0 info". */
export function severityCountsText(counts: SeverityCounts): string {
  return `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info`;
}

/** One sentence: the exit code and why, in the words of `exitCodeOf`. */
export function verdictText(result: RunResult, summary: RunSummary): string {
  const sinceBaseline = result.baseline ? ' not in the baseline' : '';
  const gating = `${plural(summary.gating, 'finding')}${sinceBaseline} at or above ${result.failOn}`;
  if (summary.exitCode === 2) {
    const crashed = `ERROR (exit 2): ${plural(summary.probes.error, 'probe')} crashed (a bug in wagtail-probe: those checks did not run)`;
    return summary.gating > 0 ? `${crashed}; ${gating}` : crashed;
  }
  if (summary.exitCode === 1) return `FAIL (exit 1): ${gating}`;
  if (result.failOn === 'never') return 'PASS (exit 0): --fail-on never';
  return `PASS (exit 0): no findings${sinceBaseline} at or above ${result.failOn}`;
}

const STATUS_ORDER: Readonly<Record<ProbeStatus, number>> = { fail: 0, inconclusive: 1, error: 2, pass: 3, skip: 4 };

function worstRank(probe: ProbeRun): number {
  return Math.max(0, ...probe.findings.map((f) => severityRank(f.severity)));
}

/** Failing probes first, the most severe of them first; then inconclusive, errored, passed, skipped. */
export function probesInReportOrder(probes: readonly ProbeRun[]): ProbeRun[] {
  return [...probes].sort(
    (a, b) =>
      STATUS_ORDER[a.outcome.status] - STATUS_ORDER[b.outcome.status] ||
      worstRank(b) - worstRank(a) ||
      a.id.localeCompare(b.id),
  );
}
