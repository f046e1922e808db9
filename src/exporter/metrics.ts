// What the exporter answers, as Prometheus text (pure functions of the
// scheduler's state and the clock).
//
// /probe?target=<name>: the last completed run of the site, as the CLI's
// prometheus report writes it (success, outcome, exit code, findings by probe
// and severity, duration, requests), plus findings by rule, the result's age,
// whether there is a result at all, and the reason when the last run could not
// complete (exit 3 or 4).
//
// Before the first run of a site ends there is no result: the answer says so
// (wagtail_probe_result_available 0) and has no wagtail_probe_success series
// at all, rather than a success 0 that would page someone for every site each
// time the exporter restarts. Alert on success == 0, and on
// result_available == 0 or result_age_seconds growing past a few intervals
// (the exporter is not getting through).
//
// /metrics: the exporter's own runs, failures, runs in flight and time spent.

import { ruleFindingsFamily, renderFamilies, renderPrometheus, type Family } from '../report/prometheus.js';
import { RUN_EXIT_CODES, type SiteState, type Scheduler, type ScheduledSite } from './scheduler.js';

/** Label values of the last error are one line, this long at most: a message is not a place for a stack. */
const MAX_ERROR_LABEL = 200;

function oneLine(text: string): string {
  const first = text.split('\n', 1)[0] ?? '';
  return first.length > MAX_ERROR_LABEL ? `${first.slice(0, MAX_ERROR_LABEL - 1)}…` : first;
}

export function renderProbe(state: SiteState, now: number): string {
  const target = state.target;
  const families: Family[] = [
    {
      name: 'wagtail_probe_result_available',
      help: '1 when a run of the site has ended and the metrics below are its result; 0 before the first run ends (then there is no wagtail_probe_success).',
      type: 'gauge',
      samples: [{ labels: { target }, value: state.last === null ? 0 : 1 }],
    },
    {
      name: 'wagtail_probe_run_in_progress',
      help: '1 while a background run of the site is under way.',
      type: 'gauge',
      samples: [{ labels: { target }, value: state.running ? 1 : 0 }],
    },
  ];
  if (state.last === null) return renderFamilies(families);
  const { result, completedAt } = state.last;
  const outcome = result.outcome;
  families.push(
    {
      name: 'wagtail_probe_result_age_seconds',
      help: 'Seconds since the run these metrics describe ended.',
      type: 'gauge',
      samples: [{ labels: { target }, value: Math.max(0, now - completedAt) / 1000 }],
    },
    ruleFindingsFamily(result),
    {
      name: 'wagtail_probe_last_error',
      help: 'Present (1) when the last run could not complete (exit 3: not probed, exit 4: crashed): its status, reason and message.',
      type: 'gauge',
      samples:
        outcome.status === 'complete'
          ? []
          : [{ labels: { target, status: outcome.status, reason: outcome.status === 'not-probed' ? outcome.reason : 'crashed', message: oneLine(outcome.message) }, value: 1 }],
    },
  );
  return renderPrometheus(result) + renderFamilies(families);
}

export interface ScrapeCounts {
  /** /probe answers, by whether the target was one of the fleet's. */
  readonly probes: { found: number; unknown: number };
}

export function renderExporterMetrics<S extends ScheduledSite>(scheduler: Scheduler<S>, scrapes: ScrapeCounts): string {
  const stats = scheduler.stats();
  const families: Family[] = [
    {
      name: 'wagtail_probe_exporter_sites',
      help: 'Sites in the fleet config.',
      type: 'gauge',
      samples: [{ labels: {}, value: stats.sites.length }],
    },
    {
      name: 'wagtail_probe_exporter_runs_in_flight',
      help: 'Background runs under way.',
      type: 'gauge',
      samples: [{ labels: {}, value: stats.inFlight }],
    },
    {
      name: 'wagtail_probe_exporter_runs_queued',
      help: 'Sites due for a run, waiting for a free slot (--parallel-sites).',
      type: 'gauge',
      samples: [{ labels: {}, value: stats.queued }],
    },
    {
      name: 'wagtail_probe_exporter_runs_total',
      help: 'Background runs ended, by site and exit code (0 pass, 1 findings, 3 not probed, 4 crashed).',
      type: 'counter',
      samples: stats.sites.flatMap((site) => RUN_EXIT_CODES.map((code) => ({ labels: { site: site.name, exit_code: String(code) }, value: site.runs[code] }))),
    },
    {
      name: 'wagtail_probe_exporter_run_failures_total',
      help: 'Background runs that could not complete (exit 3 or 4), by site.',
      type: 'counter',
      samples: stats.sites.map((site) => ({ labels: { site: site.name }, value: site.runs[3] + site.runs[4] })),
    },
    {
      name: 'wagtail_probe_exporter_run_seconds_total',
      help: 'Seconds spent in background runs that ended, by site (with runs_total: the mean duration).',
      type: 'counter',
      samples: stats.sites.map((site) => ({ labels: { site: site.name }, value: site.runSeconds })),
    },
    {
      name: 'wagtail_probe_exporter_last_run_duration_seconds',
      help: 'Wall time of the last background run of each site that ended.',
      type: 'gauge',
      samples: stats.sites.flatMap((site) => (site.lastRunSeconds === null ? [] : [{ labels: { site: site.name }, value: site.lastRunSeconds }])),
    },
    {
      name: 'wagtail_probe_exporter_probe_requests_total',
      help: 'Requests to /probe, by whether the target was a site of the fleet (unknown ones answer 404 and fetch nothing).',
      type: 'counter',
      samples: [
        { labels: { target: 'known' }, value: scrapes.probes.found },
        { labels: { target: 'unknown' }, value: scrapes.probes.unknown },
      ],
    },
  ];
  return renderFamilies(families);
}
