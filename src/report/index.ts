// The reporters: pure functions from a RunResult to text. None fetches, reads
// the clock or the environment; what they need (colour, the time, what the
// probes are) comes in as arguments.

import type { RunResult } from '../engine/result.js';
import type { ProbeCatalog } from './catalog.js';
import { renderHtml } from './html.js';
import { renderJson, renderJsonPieces } from './json.js';
import { renderJunit } from './junit.js';
import { renderPretty } from './pretty.js';
import { renderPrometheus } from './prometheus.js';
import type { SarifLocation } from './sarif.js';
import { renderSarif } from './sarif.js';
import { renderTap } from './tap.js';

export type { ProbeCatalog, ProbeCatalogEntry } from './catalog.js';
export { catalogFromMetas } from './catalog.js';
export { JsonReportError, parseJsonReport } from './json.js';
export type { SarifLocation } from './sarif.js';
export { DEFAULT_SARIF_LOCATION } from './sarif.js';

export const REPORT_FORMATS = ['pretty', 'json', 'junit', 'tap', 'sarif', 'prometheus', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(name: string): name is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(name);
}

export interface RenderOptions {
  /** ANSI colour in the pretty format (the CLI decides from the TTY and NO_COLOR). */
  readonly color: boolean;
  /** When the report is rendered: shown in the HTML footer only. */
  readonly now?: Date;
  /** Titles, docs and message texts of the probes, for SARIF rules and the HTML report's fix advice. Without it, SARIF rules are derived from the findings and HTML shows no advice. */
  readonly catalog?: ProbeCatalog;
  /**
   * The repository file SARIF results are located in (GitHub code scanning
   * shows alerts on files of the checkout only): the config file that names
   * the target, and the line where it does. Default `wagtail-probe.config.json`, line 1.
   */
  readonly sarifLocation?: SarifLocation;
}

export function render(format: ReportFormat, result: RunResult, options: RenderOptions): string {
  switch (format) {
    case 'pretty':
      return renderPretty(result, { color: options.color });
    case 'json':
      return renderJson(result);
    case 'junit':
      return renderJunit(result);
    case 'tap':
      return renderTap(result);
    case 'sarif':
      return renderSarif(result, options.catalog, { location: options.sarifLocation });
    case 'prometheus':
      return renderPrometheus(result);
    case 'html':
      return renderHtml(result, { now: options.now, catalog: options.catalog });
  }
}

/**
 * The report as pieces to write one after the other: the JSON report (every
 * page's latency: megabytes on a large site) comes member by member; the
 * others, whole.
 */
export function renderPieces(format: ReportFormat, result: RunResult, options: RenderOptions): Iterable<string> {
  return format === 'json' ? renderJsonPieces(result) : [render(format, result, options)];
}
