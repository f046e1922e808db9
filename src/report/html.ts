// One self-contained HTML file: inline CSS, no script, no external URL, and a
// Content-Security-Policy that would stop a script even if escaping failed.
// Findings quote URLs and headers a site chose, so every string is escaped.

import type { Finding } from '../engine/finding.js';
import { compareFindings } from '../engine/finding.js';
import type { ProbeRun } from '../engine/probe.js';
import type { LatencySample, RunResult } from '../engine/result.js';
import { allFindings, isGating, isNew, probeVerdict } from '../engine/result.js';
import { decisiveFact, evidenceFacts } from './evidence-text.js';
import type { RunSummary } from './summary.js';
import { probesInReportOrder, runProblem, severityCountsText, summarize, verdictText } from './summary.js';
import { firstLine, formatDuration, plural, visible } from './text.js';

export interface HtmlOptions {
  /** When the report was rendered, shown in the footer; omitted when not given. */
  readonly now?: Date;
}

export function escapeHtml(text: string): string {
  return visible(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1b1b;background:#fff}
h1{font-size:1.4rem;margin:0}h2{font-size:1.1rem;margin-top:2rem}
code,pre{font:12px/1.4 ui-monospace,monospace}pre{white-space:pre-wrap;margin:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #ddd}
td.url,dd{word-break:break-all}dl.facts{margin:.3rem 0;display:grid;grid-template-columns:max-content 1fr;gap:.1rem .6rem}dl.facts dt{color:#666}dl.facts dd{margin:0}
.verdict{font-weight:600;padding:.5rem .8rem;border-radius:4px;display:inline-block}
.verdict.fail,.verdict.not-probed,.verdict.error{background:#fde2e1;color:#8a1c13}.verdict.pass{background:#e1f5e4;color:#1d5e2a}
.outcome{border-left:4px solid #b3261e;padding:.2rem 0 .2rem .8rem;margin-top:1rem}.outcome h2{margin:0;color:#8a1c13}
.sev,.status{font-weight:600;text-transform:uppercase;font-size:.75rem}
.sev-error,.status-fail,.status-error{color:#b3261e}.sev-warning{color:#8a5a00}.sev-info{color:#275d8c}
.status-pass{color:#1d5e2a}.status-skip{color:#666}.status-inconclusive,.mark-inconclusive{color:#6b2fa0}
.mark{font-size:.7rem;border:1px solid currentColor;border-radius:3px;padding:0 .25rem;margin-left:.3rem}
.mark-known{color:#666}.mark-new{color:#b3261e}.mark-fails{color:#fff;background:#b3261e;border-color:#b3261e}
svg text{font:11px system-ui,sans-serif;fill:#444}
`;

function marks(result: RunResult, finding: Finding): string {
  const list: Array<[string, string]> = [];
  if (finding.inconclusive) list.push(['inconclusive', 'inconclusive']);
  if (result.baseline) list.push(isNew(result, finding) ? ['new', 'new'] : ['known', 'known']);
  if (isGating(result, finding)) list.push(['fails', 'fails the run']);
  return list.map(([kind, text]) => ` <span class="mark mark-${kind}">${text}</span>`).join('');
}

function findingRow(result: RunResult, finding: Finding): string {
  const fact = decisiveFact(finding);
  const evidence = finding.evidence
    .map((item) => `<dl class="facts">${evidenceFacts(item).map((f) => `<dt>${escapeHtml(f.label)}</dt><dd><code>${escapeHtml(f.value)}</code></dd>`).join('')}</dl>`)
    .join('');
  const details =
    finding.evidence.length === 0
      ? '<em>no evidence recorded</em>'
      : `<details><summary>${fact === null ? 'evidence' : `<code>${escapeHtml(fact)}</code>`}</summary>${evidence}</details>`;
  return (
    `<tr><td><span class="sev sev-${finding.severity}">${finding.severity}</span>${marks(result, finding)}</td>` +
    `<td><code>${escapeHtml(`${finding.probe}/${finding.messageId}`)}</code></td>` +
    `<td>${escapeHtml(finding.message)}</td><td class="url"><code>${escapeHtml(finding.url)}</code></td><td>${details}</td></tr>`
  );
}

function probeRow(result: RunResult, probe: ProbeRun): string {
  const outcome = probeVerdict(result, probe);
  const note =
    outcome.status === 'skip'
      ? escapeHtml(outcome.reason)
      : outcome.status === 'error'
        ? `<details><summary>${escapeHtml(firstLine(outcome.error))}</summary><pre>${escapeHtml(outcome.error)}</pre></details>`
        : '';
  const silenced = probe.silencedCount > 0 ? ` (${probe.silencedCount} silenced)` : '';
  return (
    `<tr><td><span class="status status-${outcome.status}">${outcome.status}</span></td><td><code>${escapeHtml(probe.id)}</code></td>` +
    `<td>${escapeHtml(probe.title)}</td><td>${probe.findings.length}${silenced}</td><td>${formatDuration(probe.durationMs)}</td><td>${note}</td></tr>`
  );
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const CHART = { width: 640, height: 180, left: 56, right: 90, top: 10, bottom: 24, maxBars: 160 } as const;

/**
 * A quantile strip: requests sorted fastest to slowest, one bar per request (or
 * per evenly spaced rank when there are many), with p50 and p95 drawn across.
 */
export function latencySvg(samples: readonly LatencySample[]): string {
  if (samples.length === 0) return '<p>No request timings were recorded.</p>';
  const sorted = samples.map((s) => s.totalMs).sort((a, b) => a - b);
  const n = sorted.length;
  const max = Math.max(sorted[n - 1] ?? 0, 1);
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const bars = Math.min(n, CHART.maxBars);
  const barWidth = plotWidth / bars;
  const y = (ms: number) => CHART.top + plotHeight - (ms / max) * plotHeight;
  const rects: string[] = [];
  for (let i = 0; i < bars; i += 1) {
    const value = sorted[Math.min(n - 1, Math.floor(((i + 0.5) * n) / bars))] ?? 0;
    const x = CHART.left + i * barWidth;
    rects.push(`<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${Math.max(barWidth - 1, 0.5).toFixed(1)}" height="${(CHART.top + plotHeight - y(value)).toFixed(1)}" fill="#7aa6d6"/>`);
  }
  const marker = (label: string, ms: number, colour: string) =>
    `<line class="marker-${label}" x1="${CHART.left}" x2="${CHART.left + plotWidth}" y1="${y(ms).toFixed(1)}" y2="${y(ms).toFixed(1)}" stroke="${colour}" stroke-dasharray="4 3"/>` +
    `<text x="${CHART.left + plotWidth + 6}" y="${(y(ms) + 4).toFixed(1)}">${label} ${formatDuration(ms)}</text>`;
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${CHART.width}" height="${CHART.height}" viewBox="0 0 ${CHART.width} ${CHART.height}">` +
    `<title>Total time of ${plural(n, 'request')}, fastest to slowest: p50 ${formatDuration(p50)}, p95 ${formatDuration(p95)}</title>` +
    rects.join('') +
    `<line x1="${CHART.left}" x2="${CHART.left}" y1="${CHART.top}" y2="${CHART.top + plotHeight}" stroke="#999"/>` +
    `<line x1="${CHART.left}" x2="${CHART.left + plotWidth}" y1="${CHART.top + plotHeight}" y2="${CHART.top + plotHeight}" stroke="#999"/>` +
    `<text x="${CHART.left - 6}" y="${CHART.top + 10}" text-anchor="end">${formatDuration(max)}</text>` +
    `<text x="${CHART.left - 6}" y="${CHART.top + plotHeight}" text-anchor="end">0</text>` +
    `<text x="${CHART.left}" y="${CHART.height - 6}">${plural(n, 'request')}, fastest to slowest</text>` +
    marker('p50', p50, '#1d5e2a') +
    marker('p95', p95, '#b3261e') +
    '</svg>'
  );
}

function slowestTable(samples: readonly LatencySample[]): string {
  const slowest = [...samples].sort((a, b) => b.totalMs - a.totalMs).slice(0, 5);
  if (slowest.length === 0) return '';
  const rows = slowest
    .map((s) => `<tr><td>${formatDuration(s.totalMs)}</td><td>${formatDuration(s.ttfbMs)}</td><td>${s.status ?? 'failed'}</td><td>${escapeHtml(s.kind)}</td><td class="url"><code>${escapeHtml(s.url)}</code></td></tr>`)
    .join('');
  return `<table class="slowest"><thead><tr><th>Total</th><th>TTFB</th><th>Status</th><th>Kind</th><th>Slowest URLs</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function summaryList(result: RunResult, summary: RunSummary): string {
  const { gather } = result;
  const items: Array<[string, string]> = [
    ['Target', result.target],
    ['Started', result.startedAt],
    ['Duration', formatDuration(result.durationMs)],
    ['Fail on', result.failOn],
    ['Findings', `${severityCountsText(summary.findings)} (${summary.inconclusive} inconclusive)`],
    ['Gathered', `${plural(gather.pages, 'page')}, ${plural(gather.assets, 'asset')}, ${plural(gather.documents, 'document')}, ${plural(gather.images, 'image')}`],
    ['Requests', `${gather.requests} (${plural(gather.retries, 'retry', 'retries')}, ${plural(gather.errors, 'error')}, ${gather.bytesRead} bytes read)`],
  ];
  if (result.baseline && summary.newFindings) items.push(['Baseline', `${result.baseline.file}: ${severityCountsText(summary.newFindings)} new`]);
  return `<dl class="facts">${items.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

/** A run that could not probe the site, or crashed: the reason, the message and the exit code, above everything else. */
function outcomeSection(result: RunResult, summary: RunSummary): string {
  const problem = runProblem(result);
  if (problem === null) return '';
  const heading = problem.reason === 'crashed' ? 'wagtail-probe crashed' : `The site was not probed: ${problem.reason}`;
  const items: Array<[string, string]> = [
    ['Reason', escapeHtml(`${problem.reason}: ${problem.explanation}`)],
    ['Message', `<pre>${escapeHtml(problem.message)}</pre>`],
    ['Exit code', String(summary.exitCode)],
  ];
  return (
    `<section id="outcome" class="outcome outcome-${result.outcome.status}"><h2>${escapeHtml(heading)}</h2>` +
    `<dl class="facts">${items.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl></section>`
  );
}

/** The verdict's class and title word, one per exit code. */
const VERDICT: Readonly<Record<RunSummary['exitCode'], readonly [string, string]>> = {
  0: ['pass', 'PASS'],
  1: ['fail', 'FAIL'],
  3: ['not-probed', 'NOT PROBED'],
  4: ['error', 'ERROR'],
};

export function renderHtml(result: RunResult, options: HtmlOptions = {}): string {
  const summary = summarize(result);
  const findings = allFindings(result).sort(compareFindings);
  const [verdictClass, verdictWord] = VERDICT[summary.exitCode];
  const findingsTable =
    findings.length === 0
      ? '<p>No findings.</p>'
      : `<table class="findings"><thead><tr><th>Severity</th><th>Rule</th><th>Finding</th><th>URL</th><th>Evidence</th></tr></thead><tbody>${findings.map((f) => findingRow(result, f)).join('\n')}</tbody></table>`;
  const probesTable =
    result.probes.length === 0
      ? '<p>No probes ran.</p>'
      : `<table class="probes"><thead><tr><th>Status</th><th>Probe</th><th>Checks that</th><th>Findings</th><th>Time</th><th>Note</th></tr></thead><tbody>${probesInReportOrder(result).map((p) => probeRow(result, p)).join('\n')}</tbody></table>`;
  const sorted = result.latency.map((s) => s.totalMs).sort((a, b) => a - b);
  const rendered = options.now ? ` · rendered ${escapeHtml(options.now.toISOString())}` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wagtail-probe ${verdictWord}: ${escapeHtml(result.target)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>wagtail-probe report</h1>
<p><code>${escapeHtml(result.target)}</code></p>
<p class="verdict ${verdictClass}">${escapeHtml(verdictText(result, summary))}</p>
${outcomeSection(result, summary)}
</header>
<section id="summary"><h2>Summary</h2>${summaryList(result, summary)}</section>
<section id="findings"><h2>Findings</h2>${findingsTable}</section>
<section id="probes"><h2>Probes</h2>${probesTable}</section>
<section id="latency"><h2>Latency</h2>
${latencySvg(result.latency)}
${sorted.length > 0 ? `<p>p50 ${formatDuration(percentile(sorted, 50))} · p95 ${formatDuration(percentile(sorted, 95))} · max ${formatDuration(sorted[sorted.length - 1] ?? 0)}</p>` : ''}
${slowestTable(result.latency)}
</section>
<footer><p>${escapeHtml(`${result.tool.name} ${result.tool.version}`)}${rendered}</p></footer>
</body>
</html>
`;
}
