// How a probe is declared and what it may do while it runs: the ESLint/webhint
// shape (meta + message ids + context.report) over a Lighthouse-style split
// (the SiteModel is gathered once; probes judge it).

import type { Evidence, Finding } from './finding.js';
import { findingFingerprint, formatMessage } from './finding.js';
import type { FetchOptions, FetchResult } from '../http/types.js';
import type { SiteModel } from '../gather/model.js';
import type { RunOptions, Severity } from './options.js';

export interface MessageSpec {
  /** Template with `{name}` placeholders filled from the report's data. */
  readonly text: string;
  /** Default severity of this message (the config may override it). */
  readonly severity: Severity;
}

export interface ProbeMeta<M extends string> {
  /** Equals the probe's file name under probes/. */
  readonly id: string;
  readonly title: string;
  /** Why it matters and how to fix it: one paragraph of markdown. */
  readonly docs: string;
  readonly messages: Readonly<Record<M, MessageSpec>>;
  /**
   * The most targeted requests one run of this probe may ask for (every
   * ctx.fetch call counts, memo hits too: it is the probe's demand on the
   * site, whatever another probe already sent). Going past it is a bug: the
   * engine stops the probe, which ends as a crash (exit 4), never as a pass.
   */
  readonly maxRequests: number | ((options: RunOptions) => number);
}

/** The probe's request budget for this run's options (canaries add to some). */
export function requestBudget(meta: Pick<ProbeMeta<string>, 'maxRequests'>, options: RunOptions): number {
  return typeof meta.maxRequests === 'number' ? meta.maxRequests : meta.maxRequests(options);
}

export interface ReportOptions {
  /** The URL the finding is about; defaults to the first evidence request's URL, else the target. */
  readonly url?: string;
  /** The probe could not decide: reported, never a pass. */
  readonly inconclusive?: boolean;
}

export interface ProbeFetchOptions extends FetchOptions {
  /**
   * A request of its own: no earlier identical request answers it, and no later
   * one shares it (a second look, a second anonymous client). Without it, the
   * same request is sent once per run, whichever probes ask.
   */
  readonly fresh?: boolean;
}

export type ProbeFetch = (url: string, options?: ProbeFetchOptions) => Promise<FetchResult>;

export interface ProbeContext<M extends string> {
  readonly options: RunOptions;
  /** Targeted requests of the probe's own (a Range GET, a derived media URL, a bogus Host), within meta.maxRequests. */
  fetch: ProbeFetch;
  report(messageId: M, data: Readonly<Record<string, string | number>>, evidence: readonly Evidence[], options?: ReportOptions): void;
  /** The probe cannot judge this site (nothing to look at): say why. Ends with status "skip" unless something was reported. */
  skip(reason: string): void;
}

export interface Probe<M extends string = string> {
  readonly meta: ProbeMeta<M>;
  run(site: SiteModel, context: ProbeContext<M>): Promise<void>;
}

/** Identity at run time; at compile time it ties message ids used in `report` to `meta.messages`. */
export function defineProbe<M extends string>(probe: Probe<M>): Probe<M> {
  return probe;
}

/** What one probe's run came to. */
export type ProbeOutcome =
  | { readonly status: 'pass' }
  | { readonly status: 'fail' } // at least one conclusive error or warning
  | { readonly status: 'inconclusive' } // no failure, but something it could not decide
  | { readonly status: 'skip'; readonly reason: string }
  | { readonly status: 'error'; readonly error: string }; // the probe itself crashed: a bug, not a site fault

export interface ProbeRun {
  readonly id: string;
  readonly title: string;
  readonly outcome: ProbeOutcome;
  readonly findings: readonly Finding[];
  /** Findings silenced by the config: counted, not reported. */
  readonly silencedCount: number;
  /** Targeted requests the probe asked for (see ProbeMeta.maxRequests). */
  readonly requestsMade: number;
  readonly durationMs: number;
}

export class RequestBudgetExceeded extends Error {
  override readonly name = 'RequestBudgetExceeded';
}

/**
 * Runs one probe against the model, applying the config's severity overrides and
 * silenced ids. A thrown error becomes an `error` outcome, never a crash of the run.
 */
export async function runProbe(probe: Probe, site: SiteModel, options: RunOptions, fetcher: ProbeFetch): Promise<ProbeRun> {
  const started = performance.now();
  const findings: Finding[] = [];
  let silencedCount = 0;
  let requests = 0;
  let skipReason: string | null = null;
  const { id, messages } = probe.meta;
  const maxRequests = requestBudget(probe.meta, options);

  const context: ProbeContext<string> = {
    options,
    fetch(url, fetchOptions) {
      requests += 1;
      if (requests > maxRequests) {
        return Promise.reject(new RequestBudgetExceeded(`probe ${id} asked for more than its ${maxRequests} requests (meta.maxRequests): ${url}`));
      }
      return fetcher(url, fetchOptions);
    },
    report(messageId, data, evidence, reportOptions = {}) {
      const spec = messages[messageId];
      if (!spec) throw new Error(`probe ${id} reported unknown message id "${messageId}"`);
      if (options.silenced.includes(`${id}/${messageId}`)) {
        silencedCount += 1;
        return;
      }
      const url = reportOptions.url ?? evidence.find((e) => e.request)?.request?.url ?? site.target;
      findings.push({
        probe: id,
        messageId,
        severity: options.severity[`${id}/${messageId}`] ?? options.severity[id] ?? spec.severity,
        inconclusive: reportOptions.inconclusive ?? false,
        url,
        message: formatMessage(spec.text, data),
        data,
        evidence,
        fingerprint: findingFingerprint(id, messageId, url),
      });
    },
    skip(reason) {
      skipReason = reason;
    },
  };

  let outcome: ProbeOutcome;
  try {
    await probe.run(site, context);
    outcome = outcomeOf(findings, skipReason);
  } catch (error) {
    outcome = { status: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  return {
    id,
    title: probe.meta.title,
    outcome,
    findings,
    silencedCount,
    requestsMade: requests,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Info findings alone still pass; an inconclusive one never does. */
export function outcomeOf(findings: readonly Finding[], skipReason: string | null): ProbeOutcome {
  if (findings.some((f) => !f.inconclusive && f.severity !== 'info')) return { status: 'fail' };
  if (findings.some((f) => f.inconclusive)) return { status: 'inconclusive' };
  if (skipReason !== null && findings.length === 0) return { status: 'skip', reason: skipReason };
  return { status: 'pass' };
}
