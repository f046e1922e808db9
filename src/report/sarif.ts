// SARIF 2.1.0 for GitHub code scanning: one run, one rule per probe message
// (id "probe/messageId", described from the catalog), one result per finding
// located at its URL, with the finding's fingerprint as partial fingerprint so
// alerts stay the same alert from run to run.
// A result's level is "error" exactly when its finding fails the run (new, at
// or above --fail-on): GitHub fails a check on error-level alerts, so it agrees
// with the exit code. Other findings are at most "warning" ("note" for info);
// the rule's default level and properties.severity keep the finding's severity.
// The invocation is unsuccessful when the run could not probe the site, crashed
// or had a probe crash (exit 3 or 4), each with an error notification.

import type { Evidence, Finding } from '../engine/finding.js';
import { compareFindings } from '../engine/finding.js';
import type { Severity } from '../engine/options.js';
import type { RunResult } from '../engine/result.js';
import { allFindings, isGating, isNew, probeVerdict } from '../engine/result.js';
import type { ProbeCatalog } from './catalog.js';
import { decisiveFact } from './evidence-text.js';
import { runProblem, summarize } from './summary.js';
import { endedAt, firstLine } from './text.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Where an alert's "tool" link points: the package's home. */
export const TOOL_INFORMATION_URI = 'https://www.npmjs.com/package/wagtail-probe';
/** Key of our fingerprint in partialFingerprints; versioned, as GitHub's own keys are. */
export const FINGERPRINT_KEY = 'wagtailProbeFinding/v1';

type SarifLevel = 'error' | 'warning' | 'note';
const LEVEL: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', info: 'note' };

interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription?: { readonly text: string; readonly markdown: string };
  readonly help?: { readonly text: string; readonly markdown: string };
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly tags: readonly string[] };
}

export function ruleId(finding: Pick<Finding, 'probe' | 'messageId'>): string {
  return `${finding.probe}/${finding.messageId}`;
}

/** Rules for every message in the catalog, and a plainer one for any finding the catalog does not describe. */
function rulesFor(result: RunResult, findings: readonly Finding[], catalog: ProbeCatalog): SarifRule[] {
  const rules = new Map<string, SarifRule>();
  for (const [probeId, entry] of Object.entries(catalog)) {
    for (const [messageId, spec] of Object.entries(entry.messages)) {
      const id = ruleId({ probe: probeId, messageId });
      rules.set(id, {
        id,
        name: messageId,
        shortDescription: { text: `${entry.title}: ${spec.text}` },
        fullDescription: { text: entry.docs, markdown: entry.docs },
        help: { text: entry.docs, markdown: entry.docs },
        defaultConfiguration: { level: LEVEL[spec.severity] },
        properties: { tags: ['wagtail-probe', probeId] },
      });
    }
  }
  for (const finding of findings) {
    const id = ruleId(finding);
    if (rules.has(id)) continue;
    const title = result.probes.find((p) => p.id === finding.probe)?.title ?? finding.probe;
    rules.set(id, {
      id,
      name: finding.messageId,
      shortDescription: { text: `${title}: ${finding.messageId}` },
      defaultConfiguration: { level: LEVEL[finding.severity] },
      properties: { tags: ['wagtail-probe', finding.probe] },
    });
  }
  return [...rules.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The finding's URL as an RFC 3986 URI, which SARIF's artifactLocation requires.
 * WHATWG URL serialisation leaves some characters raw (`[`, `]`, `|`, `^`…
 * outside the host); those are percent-encoded here. Text that is not a URL
 * at all is percent-encoded whole, as a relative reference.
 */
export function artifactUri(url: string): string {
  let href: string;
  try {
    href = new URL(url).href;
  } catch {
    href = url.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'); // a lone surrogate cannot be percent-encoded
  }
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(href)?.[0] ?? '';
  const rest = href
    .slice(authority.length)
    .replace(/%(?![0-9A-Fa-f]{2})/g, '%25')
    .replace(/[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/gu, (char) => encodeURIComponent(char));
  return authority + rest;
}

/** "error" for a finding that fails the run; else its severity's level, "error" lowered to "warning". */
export function resultLevel(result: RunResult, finding: Finding): SarifLevel {
  if (isGating(result, finding)) return 'error';
  return finding.severity === 'error' ? 'warning' : LEVEL[finding.severity];
}

function sarifResult(result: RunResult, finding: Finding) {
  const fact = decisiveFact(finding);
  const prefix = finding.inconclusive ? 'Inconclusive: ' : '';
  return {
    ruleId: ruleId(finding),
    level: resultLevel(result, finding),
    message: { text: `${prefix}${finding.message}${fact === null ? '' : ` (${fact})`}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(finding.url) } } }],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(result.baseline ? { baselineState: isNew(result, finding) ? 'new' : 'unchanged' } : {}),
    properties: {
      severity: finding.severity,
      inconclusive: finding.inconclusive,
      url: finding.url,
      evidence: finding.evidence as readonly Evidence[],
    },
  };
}

/** The run's own notification when it did not complete: why, with a descriptor id such as "run/not-probed/unreachable". */
function runNotifications(result: RunResult) {
  const problem = runProblem(result);
  if (problem === null) return [];
  const text = problem.reason === 'crashed' ? `wagtail-probe crashed: ${firstLine(problem.message)}` : `could not probe ${result.target}: ${problem.message}`;
  return [{ level: 'error', message: { text }, descriptor: { id: problem.id } }];
}

/** Probes that crashed or were skipped, as SARIF notifications: a crash means the analysis was not complete. */
function notifications(result: RunResult) {
  return result.probes.flatMap((probe) => {
    const outcome = probeVerdict(result, probe);
    if (outcome.status === 'error') {
      return [{ level: 'error', message: { text: `probe ${probe.id} crashed: ${firstLine(outcome.error)}` }, descriptor: { id: probe.id } }];
    }
    if (outcome.status === 'skip') {
      return [{ level: 'note', message: { text: `probe ${probe.id} skipped: ${outcome.reason}` }, descriptor: { id: probe.id } }];
    }
    return [];
  });
}

export function renderSarif(result: RunResult, catalog: ProbeCatalog = {}): string {
  const findings = allFindings(result).sort(compareFindings);
  const summary = summarize(result);
  const end = endedAt(result.startedAt, result.durationMs);
  const invocation = {
    executionSuccessful: summary.exitCode === 0 || summary.exitCode === 1,
    ...(end === null ? {} : { startTimeUtc: new Date(Date.parse(result.startedAt)).toISOString(), endTimeUtc: end }),
    toolExecutionNotifications: [...runNotifications(result), ...notifications(result)],
  };
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            version: result.tool.version,
            informationUri: TOOL_INFORMATION_URI,
            rules: rulesFor(result, findings, catalog),
          },
        },
        invocations: [invocation],
        results: findings.map((finding) => sarifResult(result, finding)),
        properties: { target: result.target, failOn: result.failOn, exitCode: summary.exitCode },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
