// The result of one run: what reporters turn into text and what decides the
// exit code. Plain data; reporters are pure functions of it.

import type { Finding } from './finding.js';
import { severityRank } from './finding.js';
import type { FailOn } from './options.js';
import type { ProbeRun } from './probe.js';

export const RESULT_SCHEMA_VERSION = 1;

export interface GatherSummary {
  readonly pages: number;
  readonly assets: number;
  readonly documents: number;
  readonly images: number;
  readonly requests: number;
  readonly retries: number;
  readonly errors: number;
  readonly bytesRead: number;
  readonly durationMs: number;
}

/** A per-request timing sample for the latency picture in the HTML report. */
export interface LatencySample {
  readonly url: string;
  readonly kind: string;
  readonly status: number | null;
  readonly ttfbMs: number;
  readonly totalMs: number;
}

export interface RunResult {
  readonly schemaVersion: typeof RESULT_SCHEMA_VERSION;
  readonly tool: { readonly name: 'wagtail-probe'; readonly version: string };
  readonly target: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly failOn: FailOn;
  readonly gather: GatherSummary;
  readonly probes: readonly ProbeRun[];
  /** Fingerprints of findings that were in the baseline; absent when no baseline was given. */
  readonly baseline?: { readonly file: string; readonly known: readonly string[] };
  readonly latency: readonly LatencySample[];
}

export function allFindings(result: RunResult): Finding[] {
  return result.probes.flatMap((p) => p.findings);
}

/** New when there is no baseline, or when the baseline does not list it. */
export function isNew(result: RunResult, finding: Finding): boolean {
  return !result.baseline || !result.baseline.known.includes(finding.fingerprint);
}

export function meetsFailOn(finding: Finding, failOn: FailOn): boolean {
  return failOn !== 'never' && severityRank(finding.severity) >= severityRank(failOn);
}

/**
 * 0 nothing new at or above fail-on; 1 something is; 2 a probe crashed, so
 * part of the check did not run (a bug to report, never a silent pass).
 * (The other 2s, bad config or an unreachable target, come before a result exists.)
 */
export function exitCodeOf(result: RunResult): 0 | 1 | 2 {
  if (result.probes.some((p) => p.outcome.status === 'error')) return 2;
  return allFindings(result).some((f) => isNew(result, f) && meetsFailOn(f, result.failOn)) ? 1 : 0;
}
