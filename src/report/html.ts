// One self-contained HTML file: inline CSS, no script, no external URL, and a
// Content-Security-Policy that allows only this file's own stylesheet (by its
// hash), so neither a script nor a style could run even if escaping failed.
// Findings quote URLs and headers a site chose, so every string is escaped.
// Laid out for a phone as much as a desktop: URLs and header values wrap
// anywhere, each finding's evidence folds away under a <details>.

import { createHash } from 'node:crypto';
import type { Evidence, Finding } from '../engine/finding.js';
import { compareFindings } from '../engine/finding.js';
import type { ProbeRun } from '../engine/probe.js';
import type { RunResult } from '../engine/result.js';
import { allFindings, isGating, isNew, probeVerdict } from '../engine/result.js';
import type { ProbeCatalog } from './catalog.js';
import { curlCommand, decisiveFact, evidenceFacts } from './evidence-text.js';
import { performanceSection } from './html-charts.js';
import { escapeHtml, inlineMarkdown, latencySvg, latencyTable, percentile, slowestList } from './html-parts.js';
import type { RunSummary } from './summary.js';
import { probesInReportOrder, runProblem, severityCountsText, summarize, verdictText } from './summary.js';
import { firstLine, formatDuration, plural } from './text.js';

export { escapeHtml, latencySvg, percentile } from './html-parts.js';

export interface HtmlOptions {
  /** When the report was rendered, shown in the footer; omitted when not given. */
  readonly now?: Date | undefined;
  /** The probes' titles and docs: each probe's findings get its fix advice. Without it, none is shown. */
  readonly catalog?: ProbeCatalog | undefined;
}

const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
main{max-width:72rem;margin:0 auto;padding:1.5rem 2rem 2rem}
@media (max-width:640px){main{padding:1rem .75rem 1.5rem}body{font-size:14px}}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid #ddd}
h3{font-size:1rem;margin:1.4rem 0 .4rem}p{margin:.4rem 0}
code,pre{font:12.5px/1.45 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
code,pre,dd,li,p,td,th,summary,h1,h2,h3{overflow-wrap:anywhere}
.url,.url code{word-break:break-all}
pre{white-space:pre-wrap;margin:0}
.target{margin:0 0 .6rem}
dl.facts{margin:.3rem 0;display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.15rem .7rem}
dl.facts dt{color:#555}dl.facts dd{margin:0;min-width:0}
@media (max-width:640px){dl.facts{grid-template-columns:minmax(0,1fr)}dl.facts dt{font-size:.8rem;margin-top:.25rem}}
.verdict{font-weight:600;padding:.5rem .8rem;border-radius:4px;display:inline-block;margin:.2rem 0;max-width:100%}
.verdict.fail,.verdict.not-probed,.verdict.error{background:#fde2e1;color:#8a1c13}.verdict.pass{background:#e1f5e4;color:#1d5e2a}
.outcome{border-left:4px solid #b3261e;padding:.2rem 0 .2rem .8rem;margin-top:1rem}.outcome h2{margin:0;border:0;color:#8a1c13}
.sev,.status{font-weight:700;text-transform:uppercase;font-size:.72rem;letter-spacing:.03em}
.sev-error,.status-fail,.status-error{color:#b3261e}.sev-warning{color:#8a5a00}.sev-info{color:#275d8c}
.status-pass{color:#1d5e2a}.status-skip{color:#666}.status-inconclusive,.mark-inconclusive{color:#6b2fa0}
.mark{font-size:.7rem;border:1px solid currentColor;border-radius:3px;padding:0 .25rem;margin-left:.3rem;white-space:nowrap}
.mark-known{color:#666}.mark-new{color:#b3261e}.mark-fails{color:#fff;background:#b3261e;border-color:#b3261e}
ol.findings,ol.slowest{list-style:none;margin:0;padding:0}
.finding{border:1px solid #ddd;border-left:4px solid #999;border-radius:4px;padding:.5rem .75rem;margin:.6rem 0}
.finding-error{border-left-color:#b3261e}.finding-warning{border-left-color:#c98a00}.finding-info{border-left-color:#275d8c}
.finding .head{margin:0;display:flex;flex-wrap:wrap;gap:.2rem .5rem;align-items:baseline}
.finding .rule{color:#444}
.finding .message{white-space:pre-line;font-weight:500;margin:.25rem 0}
.finding .url{margin:.2rem 0;color:#333}
details{margin:.35rem 0}summary{cursor:pointer;color:#1f4f80}summary code{color:#1b1b1b}
details[open]>summary{margin-bottom:.3rem}
.evidence-item{border-top:1px dashed #ddd;padding-top:.35rem;margin-top:.35rem}.evidence-item:first-of-type{border-top:0;margin-top:0;padding-top:0}
.evidence-item h4{font-size:.8rem;margin:.2rem 0;color:#555}
.curl{margin-top:.35rem}.curl pre{background:#f4f4f4;border-radius:3px;padding:.4rem .5rem}
.curl-label{font-size:.8rem;color:#555;margin:0 0 .15rem}
.fix{background:#f6f8fb;border-radius:4px;padding:.35rem .6rem}.fix p{margin:.2rem 0 .3rem}
.group-title{display:flex;flex-wrap:wrap;gap:.1rem .6rem;align-items:baseline}.group-title code{font-weight:400;color:#444}
table.probes{width:100%}table.probes td:nth-child(-n+2),table.probes td.probe-findings,table.probes td.probe-time{white-space:nowrap;overflow-wrap:normal}table.probes .probe-note{min-width:0}
@media (max-width:640px){
table.probes thead{display:block;position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
table.probes tr{display:flex;flex-wrap:wrap;gap:0 .6rem;align-items:baseline;padding:.4rem 0;border-bottom:1px solid #ddd}
table.probes td{display:block;padding:0;border:0}table.probes td.probe-title{flex:1 1 100%}
table.probes td.probe-findings,table.probes td.probe-time{color:#555;font-size:.85rem}table.probes .probe-note{flex-basis:100%}table.probes .probe-note:empty{display:none}
}
figure{margin:.5rem 0}
svg.latency{display:block;width:100%;max-width:30rem;height:auto}
svg text{font:11px system-ui,sans-serif;fill:#333}svg .kind-name{font-weight:600}svg .count{font-weight:400;fill:#666}
table{border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:.25rem .5rem;border-bottom:1px solid #ddd}
table.latency-stats{font-size:.85rem;margin:.6rem 0}table.latency-stats th,table.latency-stats td{overflow-wrap:normal}table.latency-stats td{text-align:right;white-space:nowrap}
@media (max-width:640px){table.latency-stats th,table.latency-stats td{padding:.2rem .25rem}}
.slowest li{padding:.3rem 0;border-bottom:1px solid #eee}.slowest .timing{font-weight:600}.slowest .timing-facts{color:#555;font-size:.85rem}
.slowest code.url{display:block}
footer{margin-top:2rem;color:#666;font-size:.85rem}
`;

/** Only this stylesheet may apply: no script, no other style, nothing fetched, no form, no base. */
const CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'; base-uri 'none'; form-action 'none'`;

function marks(result: RunResult, finding: Finding): string {
  const list: Array<[string, string]> = [];
  if (finding.inconclusive) list.push(['inconclusive', 'inconclusive']);
  if (result.baseline) list.push(isNew(result, finding) ? ['new', 'new'] : ['known', 'known']);
  if (isGating(result, finding)) list.push(['fails', 'fails the run']);
  return list.map(([kind, text]) => `<span class="mark mark-${kind}">${text}</span>`).join('');
}

/** One evidence item: its facts, then the curl line that sends the same request again. */
function evidenceItem(evidence: Evidence, index: number, count: number): string {
  const facts = evidenceFacts(evidence).filter((f) => f.label !== 'curl');
  const list = facts.length === 0 ? '' : `<dl class="facts">${facts.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd><code>${escapeHtml(f.value)}</code></dd>`).join('')}</dl>`;
  const curl = evidence.request
    ? `<div class="curl"><p class="curl-label">Reproduce:</p><pre><code>${escapeHtml(curlCommand(evidence.request))}</code></pre></div>`
    : '';
  const heading = count > 1 ? `<h4>${index + 1} of ${count}</h4>` : '';
  return `<div class="evidence-item">${heading}${list}${curl}</div>`;
}

function findingItem(result: RunResult, finding: Finding, id: number): string {
  const fact = decisiveFact(finding);
  const requests = finding.evidence.filter((e) => e.request).length;
  const what = requests > 0 ? plural(requests, 'request') : plural(finding.evidence.length, 'fact');
  const evidence =
    finding.evidence.length === 0
      ? '<p class="no-evidence"><em>no evidence recorded</em></p>'
      : `<details class="evidence"><summary>Evidence (${what})${fact === null ? '' : `: <code class="fact">${escapeHtml(fact)}</code>`}</summary>` +
        `${finding.evidence.map((e, i) => evidenceItem(e, i, finding.evidence.length)).join('')}</details>`;
  return (
    `<li class="finding finding-${finding.severity}" id="finding-${id}">` +
    `<p class="head"><span class="sev sev-${finding.severity}">${finding.severity}</span><code class="rule">${escapeHtml(`${finding.probe}/${finding.messageId}`)}</code>${marks(result, finding)}</p>` +
    `<p class="message">${escapeHtml(finding.message)}</p>` +
    `<p class="url"><code>${escapeHtml(finding.url)}</code></p>` +
    `${evidence}</li>`
  );
}

function anchor(probeId: string): string {
  return `findings-${probeId.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** Findings grouped by probe, in the report's probe order (failing first), most severe first within. */
function findingsSection(result: RunResult, catalog: ProbeCatalog | undefined): string {
  const groups = probesInReportOrder(result).filter((p) => p.findings.length > 0);
  if (groups.length === 0) return '<p>No findings.</p>';
  let next = 0;
  return groups
    .map((probe) => {
      const entry = catalog?.[probe.id];
      const title = entry?.title ?? probe.title;
      const fix = entry?.docs ? `<details class="fix"><summary>Why it matters, how to fix it</summary><p>${inlineMarkdown(entry.docs)}</p></details>` : '';
      const items = [...probe.findings].sort(compareFindings).map((f) => findingItem(result, f, (next += 1)));
      return (
        `<section class="probe-findings" id="${anchor(probe.id)}"><h3 class="group-title"><span>${escapeHtml(title)}</span><code>${escapeHtml(probe.id)}</code></h3>` +
        `${fix}<ol class="findings">${items.join('\n')}</ol></section>`
      );
    })
    .join('\n');
}

/** One row a probe (other reports' readers take the id from the second cell); on a phone the row wraps like a card. */
function probeRow(result: RunResult, probe: ProbeRun): string {
  const outcome = probeVerdict(result, probe);
  const note =
    outcome.status === 'skip'
      ? escapeHtml(outcome.reason)
      : outcome.status === 'error'
        ? `<details><summary>${escapeHtml(firstLine(outcome.error))}</summary><pre>${escapeHtml(outcome.error)}</pre></details>`
        : '';
  const silenced = probe.silencedCount > 0 ? ` (${probe.silencedCount} silenced)` : '';
  const count = `${plural(probe.findings.length, 'finding')}${silenced}`;
  const findings = probe.findings.length > 0 ? `<a href="#${anchor(probe.id)}">${count}</a>` : count;
  return (
    `<tr><td><span class="status status-${outcome.status}">${outcome.status}</span></td><td><code class="probe-id">${escapeHtml(probe.id)}</code></td>` +
    `<td class="probe-title">${escapeHtml(probe.title)}</td><td class="probe-findings">${findings}</td><td class="probe-time">${formatDuration(probe.durationMs)}</td>` +
    `<td class="probe-note">${note}</td></tr>`
  );
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

function latencySection(result: RunResult): string {
  const sorted = result.latency.map((s) => s.totalMs).sort((a, b) => a - b);
  if (sorted.length === 0) return latencySvg(result.latency);
  return (
    `<p>Total time of each request (to the last byte read), by kind, on a log scale; the dashed lines are each kind's p50 and p95. ` +
    `All requests: p50 ${formatDuration(percentile(sorted, 50))} · p95 ${formatDuration(percentile(sorted, 95))} · max ${formatDuration(sorted[sorted.length - 1] ?? 0)}</p>\n` +
    `<figure>${latencySvg(result.latency)}</figure>\n${latencyTable(result.latency)}\n${slowestList(result.latency)}`
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
  const findings = allFindings(result);
  const [verdictClass, verdictWord] = VERDICT[summary.exitCode];
  const probes =
    result.probes.length === 0
      ? '<p>No probes ran.</p>'
      : `<table class="probes"><thead><tr><th>Status</th><th>Probe</th><th>Checks that</th><th>Findings</th><th>Time</th><th>Note</th></tr></thead>` +
        `<tbody>${probesInReportOrder(result).map((p) => probeRow(result, p)).join('\n')}</tbody></table>`;
  const rendered = options.now ? ` · rendered ${escapeHtml(options.now.toISOString())}` : '';
  const count = findings.length === 0 ? '' : `<p>${plural(findings.length, 'finding')}, by probe; open a finding's evidence for what was sent, what came back and the curl line that repeats it.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light">
<title>wagtail-probe ${verdictWord}: ${escapeHtml(result.target)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>wagtail-probe report</h1>
<p class="target"><code>${escapeHtml(result.target)}</code></p>
<p class="verdict ${verdictClass}">${escapeHtml(verdictText(result, summary))}</p>
${outcomeSection(result, summary)}
</header>
<section id="summary"><h2>Summary</h2>${summaryList(result, summary)}</section>
<section id="findings"><h2>Findings</h2>${count}${findingsSection(result, options.catalog)}</section>
<section id="probes"><h2>Probes</h2>${probes}</section>
<section id="latency"><h2>Latency</h2>
${latencySection(result)}
</section>
${performanceSection(result.latency)}
<footer><p>${escapeHtml(`${result.tool.name} ${result.tool.version}`)}${rendered}</p></footer>
</main>
</body>
</html>
`;
}
