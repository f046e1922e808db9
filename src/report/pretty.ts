// The terminal report, read in seconds after a deploy: failing probes first,
// each finding on two lines (what, then the response that decided it: its URL
// and status, see decisiveEvidence),
// the rest of the probes one line each, and a verdict at the bottom. A run that
// could not probe the site, or crashed, says so first, before anything else.

import type { Finding } from '../engine/finding.js';
import type { ProbeRun } from '../engine/probe.js';
import type { RunResult } from '../engine/result.js';
import { allFindings, isNew, probeVerdict } from '../engine/result.js';
import { decisiveFact, decisiveUrl } from './evidence-text.js';
import type { RunSummary } from './summary.js';
import { probesInReportOrder, runProblem, severityCountsText, splitFindings, summarize, verdictText } from './summary.js';
import { firstLine, formatDuration, oneLine, plural } from './text.js';

export interface PrettyOptions {
  /** ANSI colour; the CLI decides it from the TTY and NO_COLOR. */
  readonly color: boolean;
}

const STYLES = { red: '31', yellow: '33', cyan: '36', green: '32', magenta: '35', bold: '1', dim: '2' } as const;
type Style = keyof typeof STYLES;
type Paint = (style: Style, text: string) => string;

function painter(color: boolean): Paint {
  return color ? (style, text) => `\x1b[${STYLES[style]}m${text}\x1b[0m` : (_style, text) => text;
}

const SEVERITY_STYLE = { error: 'red', warning: 'yellow', info: 'cyan' } as const;
const STATUS_LABEL = { fail: 'FAIL', inconclusive: 'INCONCLUSIVE', error: 'ERROR', pass: 'PASS', skip: 'SKIP' } as const;
const STATUS_STYLE = { fail: 'red', inconclusive: 'magenta', error: 'red', pass: 'green', skip: 'dim' } as const;

/** Indent of a finding's second line: under its message. */
const DETAIL_INDENT = ' '.repeat(4 + 'warning'.length + 2);

function findingLines(result: RunResult, finding: Finding, paint: Paint): string[] {
  const marks: string[] = [];
  if (finding.inconclusive) marks.push(paint('magenta', '[inconclusive]'));
  if (result.baseline) marks.push(isNew(result, finding) ? paint('bold', '[new]') : paint('dim', '[known]'));
  const severity = paint(SEVERITY_STYLE[finding.severity], finding.severity.padEnd('warning'.length));
  const first = `    ${severity}  ${[oneLine(finding.message), ...marks].join(' ')}`;
  // Where and what decided it: the response the finding rests on, at the URL that gave it
  // (a leak's file URL and its 200, not the serve URL's login redirect; a file of a group, not the site root).
  const fact = decisiveFact(finding);
  const where = paint('dim', oneLine(decisiveUrl(finding))) + (fact === null ? '' : `  ← ${oneLine(fact)}`);
  return [first, `${DETAIL_INDENT}${where}`];
}

function probeLines(result: RunResult, probe: ProbeRun, paint: Paint): string[] {
  const outcome = probeVerdict(result, probe);
  const label = paint(STATUS_STYLE[outcome.status], STATUS_LABEL[outcome.status].padEnd('INCONCLUSIVE'.length));
  let head = `${label} ${paint('bold', probe.id)}  ${oneLine(probe.title)}`;
  if (outcome.status === 'skip') head += `: ${oneLine(outcome.reason)}`;
  if (outcome.status === 'error') head += `: ${oneLine(firstLine(outcome.error))}`;
  if (probe.silencedCount > 0) head += paint('dim', ` (${probe.silencedCount} silenced)`);
  const { gating, other } = splitFindings(result, probe);
  return [head, ...[...gating, ...other].flatMap((finding) => findingLines(result, finding, paint))];
}

/** "NOT PROBED (exit 3) · unreachable: <message>" and what the reason means; nothing for a complete run. */
function headline(result: RunResult, summary: RunSummary, paint: Paint): string[] {
  const problem = runProblem(result);
  if (problem === null) return [];
  const head = `${problem.title} (exit ${summary.exitCode}) · ${problem.reason}: ${oneLine(firstLine(problem.message))}`;
  return [paint('red', paint('bold', head)), `  ${oneLine(problem.explanation)}.`, ''];
}

export function renderPretty(result: RunResult, options: PrettyOptions): string {
  const paint = painter(options.color);
  const summary = summarize(result);
  const { gather } = result;
  const lines: string[] = [
    paint('bold', `wagtail-probe ${result.tool.version}`) + ` · ${oneLine(result.target)} · started ${result.startedAt}`,
    '',
    ...headline(result, summary, paint),
  ];
  for (const probe of probesInReportOrder(result)) lines.push(...probeLines(result, probe, paint));
  if (result.probes.length === 0) lines.push(paint('dim', 'No probes ran.'));

  const extras = [`${summary.inconclusive} inconclusive`];
  if (result.baseline) {
    const findings = allFindings(result);
    const known = findings.filter((f) => !isNew(result, f)).length;
    extras.push(`${findings.length - known} new, ${known} known to baseline ${oneLine(result.baseline.file)}`);
  }
  lines.push(
    '',
    `Findings: ${severityCountsText(summary.findings)} (${extras.join('; ')})`,
    `Probes: ${summary.probes.fail} failed, ${summary.probes.inconclusive} inconclusive, ${summary.probes.error} crashed, ` +
      `${summary.probes.pass} passed, ${summary.probes.skip} skipped`,
    `Gathered: ${plural(gather.pages, 'page')}, ${plural(gather.assets, 'asset')}, ${plural(gather.documents, 'document')}, ` +
      `${plural(gather.images, 'image')} · ${plural(gather.requests, 'request')} ` +
      `(${plural(gather.retries, 'retry', 'retries')}, ${plural(gather.errors, 'error')}) · ${formatDuration(result.durationMs)}`,
    paint(summary.exitCode !== 0 ? 'red' : 'green', oneLine(verdictText(result, summary))),
  );
  return lines.join('\n') + '\n';
}
