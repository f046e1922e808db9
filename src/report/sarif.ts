// SARIF 2.1.0 for GitHub code scanning, shaped to what GitHub accepts and
// shows ("SARIF support for code scanning"; the table is in test/report/sarif-github.test.ts):
// - Every result is located in a repository file (the config file that names
//   the target, `wagtail-probe.config.json` unless told otherwise): GitHub
//   resolves artifact URIs against the checkout and rejects an upload whose
//   absolute URIs use another scheme than the checkout's file:, so a site URL
//   can never be the artifact. The URL goes in the message, in a logical
//   location (kind "resource") and in properties.url.
// - partialFingerprints hash the finding's fingerprint (probe, message id and
//   URL): `primaryLocationLineHash`, the one GitHub matches alerts by (the
//   upload action computes it from the file's line only when it is missing,
//   which would make every result on that line one alert), and our own
//   versioned key. An alert is the same alert from run to run, whatever line
//   the config file names the target on.
// - One rule per probe message that has results (id "probe/messageId"), with a
//   description free of the template's {placeholders}, help (text and
//   markdown) from the probe's docs, tags, and a security-severity for the
//   security rules (sarif-rules.ts has the mapping). The probes that ran are
//   the notification descriptors their crash or skip notifications refer to.
// - automationDetails.id "wagtail-probe/<host>/" is the category: one target's
//   alerts never close another's.
// - GitHub's limits (25 000 results a run, 10 MB gzip-compressed) are kept by
//   dropping the least severe results, with a warning notification saying so,
//   never by writing a file GitHub would reject.
// A result's level is "error" exactly when its finding fails the run (new, at
// or above --fail-on): GitHub fails a check on error-level alerts, so it agrees
// with the exit code. Other findings are at most "warning" ("note" for info);
// the rule's default level and properties.severity keep the finding's severity.
// The invocation is unsuccessful when the run could not probe the site, crashed
// or had a probe crash (exit 3 or 4), each with an error notification.

import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Evidence, Finding } from '../engine/finding.js';
import { compareFindings, severityRank } from '../engine/finding.js';
import type { Severity } from '../engine/options.js';
import type { RunResult } from '../engine/result.js';
import { allFindings, isGating, isNew, probeVerdict } from '../engine/result.js';
import type { ProbeCatalog } from './catalog.js';
import { decisiveFact, decisiveUrl } from './evidence-text.js';
import {
  RULE_DESCRIPTION_MAX,
  clip,
  markdownToText,
  pascalName,
  placeholderFree,
  problemSeverity,
  securitySeverity,
} from './sarif-rules.js';
import { runProblem, summarize } from './summary.js';
import { endedAt, firstLine } from './text.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Where an alert's "tool" link points: the package's home. */
export const TOOL_INFORMATION_URI = 'https://www.npmjs.com/package/wagtail-probe';
/** Our own key in partialFingerprints, versioned as GitHub's keys are: the SHA-256 of the finding's fingerprint. */
export const FINGERPRINT_KEY = 'wagtailProbe/v1';
/** The key GitHub code scanning matches alerts by. */
export const LINE_HASH_KEY = 'primaryLocationLineHash';

/** Where results are located when the caller names no file: the default config file, at the repository root. */
export const DEFAULT_SARIF_LOCATION: SarifLocation = { uri: 'wagtail-probe.config.json', startLine: 1 };

/**
 * The repository file every result is located in: a path relative to the
 * repository root (forward slashes, no `..`), and where in it. The CLI passes
 * the config file that names the target and the line (and columns) where it
 * does; without columns the region is the line's first character.
 */
export interface SarifLocation {
  readonly uri: string;
  readonly startLine?: number;
  readonly startColumn?: number;
  /** The column after the region's last character, on startLine. */
  readonly endColumn?: number;
}

/** GitHub code scanning's documented limits that a wagtail-probe run could reach. */
export interface SarifLimits {
  /** Results per run (GitHub rejects more than 25 000). */
  readonly maxResults: number;
  /** The gzip-compressed file (GitHub rejects more than 10 MB). */
  readonly maxGzipBytes: number;
}

export const GITHUB_LIMITS: SarifLimits = { maxResults: 25_000, maxGzipBytes: 10 * 1024 * 1024 };

export interface SarifOptions {
  readonly location?: SarifLocation | undefined;
  /** Lower limits, for tests; GitHub's own by default. */
  readonly limits?: Partial<SarifLimits> | undefined;
}

type SarifLevel = 'error' | 'warning' | 'note';
const LEVEL: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', info: 'note' };

interface Text {
  readonly text: string;
}
interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: Text;
  readonly fullDescription: Text;
  readonly help: { readonly text: string; readonly markdown: string };
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: Readonly<Record<string, unknown>> & { readonly tags: readonly string[] };
}
interface Notification {
  readonly level: 'error' | 'warning' | 'note';
  readonly message: Text;
  readonly descriptor: { readonly id: string };
}

export function ruleId(finding: Pick<Finding, 'probe' | 'messageId'>): string {
  return `${finding.probe}/${finding.messageId}`;
}

/** The SHA-256 of the finding's fingerprint, hex: stable from run to run, and no URL in the clear. */
export function fingerprintHash(finding: Pick<Finding, 'fingerprint'>): string {
  return createHash('sha256').update(finding.fingerprint).digest('hex');
}

/** The most severe severity this run gives the rule's findings (the config may override the default), else the catalog's. */
function ruleSeverity(findings: readonly Finding[], fallback: Severity): Severity {
  return findings.reduce<Severity | null>((worst, f) => (worst === null || severityRank(f.severity) > severityRank(worst) ? f.severity : worst), null) ?? fallback;
}

function describeRule(result: RunResult, id: string, findings: readonly Finding[], catalog: ProbeCatalog): SarifRule {
  const [first] = findings as [Finding, ...Finding[]];
  const { probe, messageId } = first;
  const entry = catalog[probe];
  const spec = entry?.messages[messageId];
  const title = entry?.title ?? result.probes.find((p) => p.id === probe)?.title ?? probe;
  const severity = ruleSeverity(findings, spec?.severity ?? first.severity);
  const summary = clip(spec ? placeholderFree(spec.text) : `${title}: ${messageId}`, RULE_DESCRIPTION_MAX);
  const docs = entry?.docs ?? '';
  const how = `Rule \`${id}\`, ${severity} by default: set its severity or silence it by this id in the config's \`severity\` and \`silenced\` keys.`;
  const markdown = [`**${title}**`, `${summary}.`, ...(docs === '' ? [] : [docs]), how].join('\n\n');
  const security = securitySeverity(probe, messageId, severity);
  return {
    id,
    name: pascalName(probe, messageId),
    shortDescription: { text: summary },
    fullDescription: { text: clip(`${summary}. ${markdownToText(docs || title)}`, RULE_DESCRIPTION_MAX) },
    help: { text: markdownToText(markdown), markdown },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: ['wagtail-probe', probe, ...(security === null ? [] : ['security'])],
      'problem.severity': problemSeverity(severity),
      ...(security === null ? {} : { 'security-severity': security }),
    },
  };
}

/** Rules for the rules that have results, in id order. */
function rulesFor(result: RunResult, findings: readonly Finding[], catalog: ProbeCatalog): SarifRule[] {
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) byRule.set(ruleId(finding), [...(byRule.get(ruleId(finding)) ?? []), finding]);
  return [...byRule.keys()].sort().map((id) => describeRule(result, id, byRule.get(id)!, catalog));
}

/**
 * The finding's URL as an RFC 3986 URI.
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

/**
 * A repository-relative path as a relative URI reference ("config/probe.json",
 * "my%20site.json"), or null when it is not one: absolute, with a scheme or a
 * drive, with `..` or empty segments. Backslashes are read as separators.
 */
export function repositoryUri(path: string): string | null {
  const normal = path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
  if (normal === '' || normal.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(normal)) return null;
  const segments = normal.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  return segments
    .map((s) => s.replace(/[\uD800-\uDFFF]/gu, '\uFFFD').replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]/gu, (char) => encodeURIComponent(char)))
    .join('/');
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isInteger(value) && value >= 1 ? value : fallback;
}

/** The physical location every result shares, and a notification when the caller's was unusable. */
function physicalLocation(location: SarifLocation | undefined): { physical: object; notification: Notification | null } {
  const given = location ?? DEFAULT_SARIF_LOCATION;
  const uri = repositoryUri(given.uri);
  const used = uri === null ? DEFAULT_SARIF_LOCATION : given;
  const startLine = positive(used.startLine, 1);
  const startColumn = positive(used.startColumn, 1);
  const endColumn = Math.max(positive(used.endColumn, startColumn + 1), startColumn + 1);
  const physical = {
    artifactLocation: { uri: uri ?? repositoryUri(DEFAULT_SARIF_LOCATION.uri)! },
    region: { startLine, startColumn, endLine: startLine, endColumn },
  };
  const notification: Notification | null =
    uri === null
      ? {
          level: 'warning',
          message: { text: `the SARIF location ${JSON.stringify(given.uri)} is not a path relative to the repository root; results are located at ${DEFAULT_SARIF_LOCATION.uri}` },
          descriptor: { id: 'sarif/location' },
        }
      : null;
  return { physical, notification };
}

/** "error" for a finding that fails the run; else its severity's level, "error" lowered to "warning". */
export function resultLevel(result: RunResult, finding: Finding): SarifLevel {
  if (isGating(result, finding)) return 'error';
  return finding.severity === 'error' ? 'warning' : LEVEL[finding.severity];
}

/** The message GitHub shows as the alert's title: the finding's, then the URL, then the response that decided it. */
export function resultMessage(finding: Finding): string {
  const prefix = finding.inconclusive ? 'Inconclusive: ' : '';
  const at = finding.message.includes(finding.url) ? '' : ` at ${finding.url}`;
  const fact = decisiveFact(finding);
  const answeredBy = decisiveUrl(finding);
  const from = answeredBy === finding.url || finding.message.includes(answeredBy) ? '' : ` from ${answeredBy}`;
  return `${prefix}${finding.message}${at}${fact === null ? '' : `. Evidence: ${fact}${from}`}`;
}

function sarifResult(result: RunResult, finding: Finding, ruleIndex: number, physical: object) {
  const hash = fingerprintHash(finding);
  return {
    ruleId: ruleId(finding),
    ruleIndex,
    level: resultLevel(result, finding),
    message: { text: resultMessage(finding) },
    locations: [{ physicalLocation: physical, logicalLocations: [{ fullyQualifiedName: finding.url, kind: 'resource' }] }],
    partialFingerprints: { [LINE_HASH_KEY]: `${hash.slice(0, 16)}:1`, [FINGERPRINT_KEY]: hash },
    ...(result.baseline ? { baselineState: isNew(result, finding) ? 'new' : 'unchanged' } : {}),
    properties: {
      severity: finding.severity,
      inconclusive: finding.inconclusive,
      url: finding.url,
      fingerprint: finding.fingerprint,
      evidence: finding.evidence as readonly Evidence[],
    },
  };
}

/** The run's own notification when it did not complete: why, with a descriptor id such as "run/not-probed/unreachable". */
function runNotifications(result: RunResult): Notification[] {
  const problem = runProblem(result);
  if (problem === null) return [];
  const text = problem.reason === 'crashed' ? `wagtail-probe crashed: ${firstLine(problem.message)}` : `could not probe ${result.target}: ${problem.message}`;
  return [{ level: 'error', message: { text }, descriptor: { id: problem.id } }];
}

/** Probes that crashed or were skipped, as SARIF notifications: a crash means the analysis was not complete. */
function probeNotifications(result: RunResult): Notification[] {
  return result.probes.flatMap((probe): Notification[] => {
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

const NOTIFICATION_TEXT: Readonly<Record<string, string>> = {
  'run/crashed': 'wagtail-probe itself crashed (a bug in wagtail-probe: the run did not finish)',
  'sarif/truncated': "Results left out of this file to stay within GitHub code scanning's limits",
  'sarif/location': 'The location given for results was not a repository-relative path',
};

/** Descriptors for every notification id: the probes that ran (they are what a probe notification names), the run's own. */
function notificationDescriptors(result: RunResult, notifications: readonly Notification[], catalog: ProbeCatalog) {
  const ids = [...new Set([...result.probes.map((p) => p.id), ...notifications.map((n) => n.descriptor.id)])];
  return ids.map((id) => {
    const probe = result.probes.find((p) => p.id === id);
    const title = probe?.title ?? NOTIFICATION_TEXT[id] ?? (id.startsWith('run/not-probed/') ? `The site could not be probed: ${id.slice('run/not-probed/'.length)}` : id);
    const docs = probe ? catalog[id]?.docs ?? '' : '';
    const full = clip(docs === '' ? title : `${title}. ${markdownToText(docs)}`, RULE_DESCRIPTION_MAX);
    // SARIF 3.49.7: a name identical to the id (case aside: "performance") must be left out.
    const name = pascalName(id);
    return {
      id,
      ...(name.toLowerCase() === id.toLowerCase() ? {} : { name }),
      shortDescription: { text: clip(title, RULE_DESCRIPTION_MAX) },
      fullDescription: { text: full },
      help: { text: full, markdown: docs === '' ? title : `**${title}**\n\n${docs}` },
    };
  });
}

/** The category GitHub files the alerts under: one per target host, so two sites' alerts never close each other. */
export function automationId(target: string): string {
  let host: string;
  try {
    host = new URL(target).host;
  } catch {
    host = '';
  }
  return host === '' ? 'wagtail-probe/' : `wagtail-probe/${host}/`;
}

export function renderSarif(result: RunResult, catalog: ProbeCatalog = {}, options: SarifOptions = {}): string {
  const limits: SarifLimits = { ...GITHUB_LIMITS, ...options.limits };
  const findings = allFindings(result).sort(compareFindings);
  const summary = summarize(result);
  const end = endedAt(result.startedAt, result.durationMs);
  const { physical, notification: locationNotification } = physicalLocation(options.location);

  // The most severe results first, so a file cut to GitHub's limits keeps what matters.
  const logWith = (kept: number): string => {
    const included = findings.slice(0, kept);
    const rules = rulesFor(result, included, catalog);
    const index = new Map(rules.map((rule, i) => [rule.id, i]));
    const truncated: Notification[] =
      kept < findings.length
        ? [
            {
              level: 'warning',
              message: {
                text:
                  `only the ${kept} most severe of ${findings.length} results are in this file: GitHub code scanning accepts at most ` +
                  `${limits.maxResults} results a run and ${limits.maxGzipBytes} bytes gzip-compressed; the JSON report has them all`,
              },
              descriptor: { id: 'sarif/truncated' },
            },
          ]
        : [];
    const notifications = [...runNotifications(result), ...probeNotifications(result), ...truncated, ...(locationNotification ? [locationNotification] : [])];
    const invocation = {
      executionSuccessful: summary.exitCode === 0 || summary.exitCode === 1,
      ...(end === null ? {} : { startTimeUtc: new Date(Date.parse(result.startedAt)).toISOString(), endTimeUtc: end }),
      toolExecutionNotifications: notifications,
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
              semanticVersion: result.tool.version,
              informationUri: TOOL_INFORMATION_URI,
              rules,
              notifications: notificationDescriptors(result, notifications, catalog),
            },
          },
          automationDetails: { id: automationId(result.target) },
          invocations: [invocation],
          columnKind: 'utf16CodeUnits',
          results: included.map((finding) => sarifResult(result, finding, index.get(ruleId(finding))!, physical)),
          properties: { target: result.target, failOn: result.failOn, exitCode: summary.exitCode, ...(kept < findings.length ? { resultsLeftOut: findings.length - kept } : {}) },
        },
      ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
  };

  const fits = (text: string): boolean => gzipSync(text).length <= limits.maxGzipBytes;
  const kept = Math.min(findings.length, limits.maxResults);
  const text = logWith(kept);
  if (fits(text)) return text;
  // Too large compressed: the most results that fit, by bisection (each step renders and compresses once).
  let low = 0;
  let high = kept - 1;
  let best = logWith(0);
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const candidate = logWith(mid);
    if (fits(candidate)) {
      best = candidate;
      low = mid + 1;
    } else high = mid - 1;
  }
  return best;
}
