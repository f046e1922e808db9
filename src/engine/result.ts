// The result of one run: what reporters turn into text and what decides the
// exit code. Plain data; reporters are pure functions of it.

import type { Finding } from './finding.js';
import { severityRank } from './finding.js';
import type { FailOn } from './options.js';
import type { ProbeOutcome, ProbeRun } from './probe.js';

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
  /** The Content-Type's essence ("text/css"); absent when the request failed or sent none. */
  readonly contentType?: string;
  /** The body's size as sent to the crawl (identity encoding): Content-Length, else the bytes read when the whole body was; absent when unknown. */
  readonly bytes?: number;
}

/** Why a run could not judge the site: exit 3, and every report says which. */
export type NotProbedReason =
  | 'unreachable' // the start page failed below HTTP: DNS, refused, TLS, timeout, reset
  | 'no-page-answered' // no page answered 2xx: nothing to judge
  | 'deadline' // the run's own deadline (--run-timeout) passed
  | 'interrupted'; // SIGINT or SIGTERM

/**
 * How far the run got. Only a complete run is judged by its findings; the
 * others still produce every report, so a monitor sees the failure instead of
 * yesterday's success.
 */
export type RunOutcome =
  | { readonly status: 'complete' }
  | { readonly status: 'not-probed'; readonly reason: NotProbedReason; readonly message: string }
  | { readonly status: 'crashed'; readonly message: string }; // a bug in wagtail-probe

/** 0 pass, 1 findings, 2 usage (decided before any result exists), 3 could not probe, 4 crash. */
export type ExitCode = 0 | 1 | 2 | 3 | 4;

export interface RunResult {
  readonly schemaVersion: typeof RESULT_SCHEMA_VERSION;
  readonly outcome: RunOutcome;
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
export function isNew(result: Pick<RunResult, 'baseline'>, finding: Finding): boolean {
  return !result.baseline || !result.baseline.known.includes(finding.fingerprint);
}

export function meetsFailOn(finding: Finding, failOn: FailOn): boolean {
  return failOn !== 'never' && severityRank(finding.severity) >= severityRank(failOn);
}

/** A finding that makes the run fail: new (or no baseline), and at or above fail-on. */
export function isGating(result: Pick<RunResult, 'baseline' | 'failOn'>, finding: Finding): boolean {
  return isNew(result, finding) && meetsFailOn(finding, result.failOn);
}

/**
 * 4 the tool or a probe crashed (part of the check did not run: a bug to
 * report, never a silent pass); 3 the site could not be probed; 1 a finding
 * fails the run; 0 nothing does. (2, bad usage, comes before a result exists.)
 */
export function exitCodeOf(result: RunResult): Exclude<ExitCode, 2> {
  if (result.outcome.status === 'crashed' || result.probes.some((p) => p.outcome.status === 'error')) return 4;
  if (result.outcome.status === 'not-probed') return 3;
  return allFindings(result).some((f) => isGating(result, f)) ? 1 : 0;
}

/**
 * The one verdict on a probe, after --fail-on and the baseline: every report
 * shows this, so JUnit, TAP, SARIF, Prometheus, HTML, pretty and JSON agree.
 * `fail` exactly when the probe has a gating finding; `inconclusive` when it has
 * a new inconclusive finding that does not gate.
 */
export function probeVerdict(result: Pick<RunResult, 'baseline' | 'failOn'>, probe: ProbeRun): ProbeOutcome {
  const { outcome, findings } = probe;
  if (outcome.status === 'error') return outcome;
  if (findings.some((f) => isGating(result, f))) return { status: 'fail' };
  if (findings.some((f) => f.inconclusive && isNew(result, f))) return { status: 'inconclusive' };
  if (outcome.status === 'skip' && findings.length === 0) return outcome;
  return { status: 'pass' };
}

/** The result with every probe's outcome set to its verdict (done once, after the baseline is applied). */
export function withVerdicts(result: RunResult): RunResult {
  return { ...result, probes: result.probes.map((p) => ({ ...p, outcome: probeVerdict(result, p) })) };
}
