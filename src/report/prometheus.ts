// Prometheus text exposition format (0.0.4) for a node_exporter textfile
// collector or a Pushgateway. Every metric carries the target label; finding
// counts are written for every probe × severity, zeros included, so alerts can
// compare with 0 instead of guessing what an absent series means. No sample
// timestamps: the textfile collector rejects them; the run's own time is a metric.
// A run that could not probe the site or crashed is written too (success 0,
// its outcome and exit code), so a monitor sees the site down rather than the
// last good run. A family with no samples (no probes ran) is left out.

import type { RunResult } from '../engine/result.js';
import { isNew, probeVerdict } from '../engine/result.js';
import { PROBE_STATUSES, SEVERITIES, outcomeReason, summarize } from './summary.js';
import { compareText } from '../text-order.js';

export type Labels = Readonly<Record<string, string>>;

/** One metric family: what renderFamilies writes as HELP, TYPE and its samples. */
export interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'gauge' | 'counter';
  readonly samples: ReadonlyArray<{ readonly labels: Labels; readonly value: number }>;
}

/** Label values escape backslash, double quote and line feed; nothing else. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}

function formatFamily(family: Family): string[] {
  if (family.samples.length === 0) return [];
  const lines = [`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`];
  for (const { labels, value } of family.samples) {
    const pairs = Object.entries(labels).map(([key, v]) => `${key}="${escapeLabelValue(v)}"`);
    // A sample without labels (the exporter's own gauges) is written bare: `name 1`, not `name{} 1`.
    lines.push(`${family.name}${pairs.length > 0 ? `{${pairs.join(',')}}` : ''} ${formatValue(value)}`);
  }
  return lines;
}

export function renderPrometheus(result: RunResult): string {
  const summary = summarize(result);
  const target = result.target;
  const probes = [...result.probes].sort((a, b) => compareText(a.id, b.id));
  const countFindings = (onlyNew: boolean) =>
    probes.flatMap((probe) =>
      SEVERITIES.map((severity) => ({
        labels: { target, probe: probe.id, severity },
        value: probe.findings.filter((f) => f.severity === severity && (!onlyNew || isNew(result, f))).length,
      })),
    );
  const start = Date.parse(result.startedAt);

  const families: Family[] = [
    {
      // Only the target label, whatever the outcome: one stable series to alert on.
      name: 'wagtail_probe_success',
      help: '1 when the exit code is 0 (the site was probed, every probe ran, nothing new at or above --fail-on); else 0.',
      type: 'gauge',
      samples: [{ labels: { target }, value: summary.exitCode === 0 ? 1 : 0 }],
    },
    {
      name: 'wagtail_probe_outcome',
      help:
        'How the last run ended, always 1: status complete, not-probed or crashed; reason why not probed ' +
        '(unreachable, no-page-answered, deadline, interrupted), crashed, or for a complete run findings or none.',
      type: 'gauge',
      samples: [{ labels: { target, status: result.outcome.status, reason: outcomeReason(result, summary) }, value: 1 }],
    },
    {
      name: 'wagtail_probe_exit_code',
      help: 'Exit code of the last run: 0 pass, 1 findings fail it, 3 the site could not be probed, 4 wagtail-probe or a probe crashed.',
      type: 'gauge',
      samples: [{ labels: { target }, value: summary.exitCode }],
    },
    {
      name: 'wagtail_probe_findings',
      help: 'Findings of the last run, by probe and severity (inconclusive and baseline-known ones included).',
      type: 'gauge',
      samples: countFindings(false),
    },
    ...(result.baseline
      ? [
          {
            name: 'wagtail_probe_new_findings',
            help: 'Findings of the last run that are not in the baseline, by probe and severity.',
            type: 'gauge' as const,
            samples: countFindings(true),
          },
        ]
      : []),
    {
      name: 'wagtail_probe_probe_status',
      help: 'Verdict on each probe in the last run, after --fail-on and the baseline: 1 for its status, 0 for the others.',
      type: 'gauge',
      samples: probes.flatMap((probe) => {
        const verdict = probeVerdict(result, probe).status;
        return PROBE_STATUSES.map((status) => ({ labels: { target, probe: probe.id, status }, value: verdict === status ? 1 : 0 }));
      }),
    },
    {
      name: 'wagtail_probe_duration_seconds',
      help: 'Wall time of the last run, gathering and probes.',
      type: 'gauge',
      samples: [{ labels: { target }, value: result.durationMs / 1000 }],
    },
    {
      name: 'wagtail_probe_requests_total',
      help: 'HTTP requests the last run sent (it starts from zero each run).',
      type: 'counter',
      samples: [{ labels: { target }, value: result.gather.requests }],
    },
    {
      name: 'wagtail_probe_gathered',
      help: 'What the crawl of the last run gathered, by kind.',
      type: 'gauge',
      samples: (['pages', 'assets', 'documents', 'images'] as const).map((kind) => ({ labels: { target, kind }, value: result.gather[kind] })),
    },
    {
      name: 'wagtail_probe_last_run_timestamp_seconds',
      help: 'Unix time the last run finished (its start plus its duration).',
      type: 'gauge',
      samples: [{ labels: { target }, value: (start + result.durationMs) / 1000 }],
    },
  ];
  return `${families.flatMap(formatFamily).join('\n')}\n`;
}

/** Families in the text format, for callers that add their own (the exporter); a family with no samples is left out. */
export function renderFamilies(families: readonly Family[]): string {
  const lines = families.flatMap(formatFamily);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * Findings by rule (probe and message id) with their severity: a sample for
 * each rule with findings in the run; a rule with none has no sample (0).
 * Summed by probe and severity it is wagtail_probe_findings.
 */
export function ruleFindingsFamily(result: RunResult): Family {
  const counts = new Map<string, { probe: string; rule: string; severity: string; value: number }>();
  for (const probe of result.probes) {
    for (const finding of probe.findings) {
      const key = JSON.stringify([probe.id, finding.messageId, finding.severity]);
      const entry = counts.get(key) ?? { probe: probe.id, rule: finding.messageId, severity: finding.severity, value: 0 };
      entry.value += 1;
      counts.set(key, entry);
    }
  }
  const samples = [...counts.values()]
    .sort((a, b) => compareText(a.probe, b.probe) || compareText(a.rule, b.rule) || compareText(a.severity, b.severity))
    .map(({ probe, rule, severity, value }) => ({ labels: { target: result.target, probe, rule, severity }, value }));
  return {
    name: 'wagtail_probe_rule_findings',
    help: 'Findings of the last run by rule: probe, rule (its message id) and severity; a rule without findings has no sample.',
    type: 'gauge',
    samples,
  };
}
