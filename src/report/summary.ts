// What every format says the same way: counts, which findings gate the exit
// code, the order probes are shown in, and the verdict. Probe statuses are
// `probeVerdict`'s (after --fail-on and the baseline), computed here rather than
// read from probe.outcome, so a result the run did not stamp reads the same.

import type { Finding } from '../engine/finding.js';
import { compareFindings, severityRank } from '../engine/finding.js';
import type { Severity } from '../engine/options.js';
import type { ProbeOutcome, ProbeRun } from '../engine/probe.js';
import type { NotProbedReason, RunResult } from '../engine/result.js';
import { allFindings, exitCodeOf, isGating, isNew, probeVerdict } from '../engine/result.js';
import { firstLine, plural } from './text.js';
import { compareText } from '../text-order.js';

export type ProbeStatus = ProbeOutcome['status'];

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const PROBE_STATUSES: readonly ProbeStatus[] = ['fail', 'inconclusive', 'error', 'skip', 'pass'];

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
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
  for (const probe of result.probes) probes[probeVerdict(result, probe).status] += 1;
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

/** What each reason for not probing means, for the headlines of pretty and HTML. */
export const NOT_PROBED_TEXT: Readonly<Record<NotProbedReason, string>> = {
  unreachable: 'the start page could not be fetched (DNS, connection, TLS or timeout)',
  'no-page-answered': 'no page answered with a 2xx status: there was nothing to judge',
  deadline: "the run's deadline passed before the site was judged",
  interrupted: 'the run was interrupted (SIGINT or SIGTERM)',
};

export const NOT_PROBED_REASONS = Object.keys(NOT_PROBED_TEXT) as NotProbedReason[];

/** Why a run that did not complete stopped, for headlines; null for a complete run. */
export interface RunProblem {
  /** "NOT PROBED" or "CRASHED". */
  readonly title: string;
  /** The NotProbedReason, or "crashed". */
  readonly reason: NotProbedReason | 'crashed';
  /** What the reason means, in words. */
  readonly explanation: string;
  /** The run's own message (an error's, for a crash: maybe a stack). */
  readonly message: string;
  /** A stable id: "run/not-probed/unreachable", "run/crashed" (SARIF descriptors, JUnit error types). */
  readonly id: string;
}

export function runProblem(result: RunResult): RunProblem | null {
  const { outcome } = result;
  if (outcome.status === 'not-probed') {
    const { reason, message } = outcome;
    return { title: 'NOT PROBED', reason, explanation: NOT_PROBED_TEXT[reason], message, id: `run/not-probed/${reason}` };
  }
  if (outcome.status === 'crashed') {
    const explanation = 'wagtail-probe itself crashed (a bug in wagtail-probe: the run did not finish)';
    return { title: 'CRASHED', reason: 'crashed', explanation, message: outcome.message, id: 'run/crashed' };
  }
  return null;
}

/** The reason label of the outcome metric: why not probed, "crashed", or for a complete run whether findings fail it. */
export function outcomeReason(result: RunResult, summary: RunSummary): string {
  return runProblem(result)?.reason ?? (summary.gating > 0 ? 'findings' : 'none');
}

/**
 * One sentence: the exit code and why, in the words of `exitCodeOf`. Raw text
 * (it quotes the target and the run's message): each format escapes it.
 */
export function verdictText(result: RunResult, summary: RunSummary): string {
  const { outcome } = result;
  const sinceBaseline = result.baseline ? ' not in the baseline' : '';
  const gating = summary.gating > 0 ? [`${plural(summary.gating, 'finding')}${sinceBaseline} at or above ${result.failOn}`] : [];
  const notProbed = outcome.status === 'not-probed' ? [`could not probe ${result.target}: ${firstLine(outcome.message)}`] : [];
  if (summary.exitCode === 4) {
    const causes = [
      ...(outcome.status === 'crashed' ? [`wagtail-probe crashed (a bug in wagtail-probe: the run did not finish): ${firstLine(outcome.message)}`] : []),
      ...(summary.probes.error > 0 ? [`${plural(summary.probes.error, 'probe')} crashed (a bug in wagtail-probe: those checks did not run)`] : []),
      ...notProbed,
      ...gating,
    ];
    return `ERROR (exit 4): ${causes.join('; ')}`;
  }
  if (summary.exitCode === 3) return `NOT PROBED (exit 3): ${[...notProbed, ...gating].join('; ')}`;
  if (summary.exitCode === 1) return `FAIL (exit 1): ${gating.join('')}`;
  if (result.failOn === 'never') return 'PASS (exit 0): --fail-on never';
  return `PASS (exit 0): no findings${sinceBaseline} at or above ${result.failOn}`;
}

const STATUS_ORDER: Readonly<Record<ProbeStatus, number>> = { fail: 0, inconclusive: 1, error: 2, pass: 3, skip: 4 };

function worstRank(probe: ProbeRun): number {
  return Math.max(0, ...probe.findings.map((f) => severityRank(f.severity)));
}

/** Failing probes first, the most severe of them first; then inconclusive, errored, passed, skipped (by verdict). */
export function probesInReportOrder(result: RunResult): ProbeRun[] {
  const rank = (probe: ProbeRun) => STATUS_ORDER[probeVerdict(result, probe).status];
  return [...result.probes].sort((a, b) => rank(a) - rank(b) || worstRank(b) - worstRank(a) || compareText(a.id, b.id));
}
