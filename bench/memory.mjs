// The memory pass alone, repeated: wagtail-probe over a cached bench site
// (bench/.site) as run.mjs runs it (concurrency 16, every page read), under
// `time -v`, N times, printing each run's peak RSS and the range. With
// --trace, the run also loads heap-trace.cjs: process.memoryUsage() sampled
// every 50 ms and a sampling heap profile that keeps what minor and major GCs
// collected (so garbage counts, not only what survives), both written to the
// scratch folder, and summarised here (allocation by function). With
// --full-gcs, each run also says when V8 ran its full GCs (full-gcs.cjs).
//
//   node bench/memory.mjs --pages 10000 --runs 3
//   node bench/memory.mjs --pages 10000 --runs 1 --trace
//   node bench/memory.mjs --pages 50000 --runs 3
//   node bench/memory.mjs --pages 10000 --runs 6 --full-gcs

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GENERATOR_VERSION, generateSite, readManifest, servedPaths, writeOriginFiles, wwwOf } from './generate-site.mjs';
import { hasGnuTime, runMeasured } from './measure.mjs';
import { startNginx } from './nginx.mjs';
import { installSignalTeardown, onTeardown, teardownAll } from './processes.mjs';
import { REPO, TOOLS } from './tools.mjs';

const { values: flags } = parseArgs({
  options: {
    pages: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    trace: { type: 'boolean', default: false },
    'full-gcs': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '600' },
    top: { type: 'string', default: '25' },
    /** Extra Node flags for the measured process, for experiments (e.g. --max-semi-space-size=2). */
    'node-options': { type: 'string', default: '' },
  },
});

const say = (text) => process.stdout.write(`${text}\n`);

/** Self allocation (bytes sampled) by function and file, largest first. */
export function allocationByFunction(profile) {
  const totals = new Map();
  const walk = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}`;
    const self = node.selfSize ?? 0;
    if (self > 0) totals.set(key, (totals.get(key) ?? 0) + self);
    for (const child of node.children ?? []) walk(child);
  };
  walk(profile.head);
  return [...totals].sort((a, b) => b[1] - a[1]);
}

async function main() {
  if (!hasGnuTime()) throw new Error('/usr/bin/time is needed for peak RSS');
  installSignalTeardown();
  const pages = Number(flags.pages);
  const seed = Number(flags.seed);
  const root = path.join(REPO, 'bench/.site', `p${pages}-s${seed}-g${GENERATOR_VERSION}`);
  const manifest = await readManifest(root).catch(async () => {
    say(`generating a ${pages}-page site in ${path.relative(REPO, root)} ...`);
    return generateSite({ pages, seed, root });
  });
  const scratchRoot = await mkdtemp(path.join(os.tmpdir(), 'wagtail-probe-memory-'));
  const nginx = await startNginx({ www: wwwOf(root), prefix: path.join(scratchRoot, 'nginx'), siteFiles: servedPaths(manifest).length });
  onTeardown(() => nginx.stop());
  await writeOriginFiles(root, manifest, nginx.origin);
  say(`${manifest.pages.length} pages at ${nginx.origin}; scratch ${scratchRoot}`);
  const peaks = [];
  for (let run = 1; run <= Number(flags.runs); run++) {
    const scratch = path.join(scratchRoot, `run-${run}`);
    await import('node:fs/promises').then((fs) => fs.mkdir(scratch, { recursive: true }));
    const spec = TOOLS['wagtail-probe'].command({ origin: nginx.origin, scratch, concurrency: 16, extra: ['--max-pages', String(manifest.pages.length * 2)] });
    const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${flags['node-options']}`.trim() };
    const preload = (file) => {
      env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${path.join(REPO, 'bench', file)}`.trim();
    };
    if (flags.trace) {
      preload('heap-trace.cjs');
      env.WAGTAIL_PROBE_TRACE_DIR = scratch;
    }
    const fullGcsFile = path.join(scratch, 'full-gcs.json');
    if (flags['full-gcs']) {
      preload('full-gcs.cjs');
      env.WAGTAIL_PROBE_FULL_GCS = fullGcsFile;
    }
    const measured = await runMeasured({ ...spec, cwd: scratch, timeoutMs: Number(flags.timeout) * 1000, timeFile: path.join(scratch, 'time.txt'), env });
    const report = JSON.parse(await readFile(path.join(scratch, 'report.json'), 'utf8').catch(() => 'null'));
    peaks.push(measured.maxRssMb);
    say(
      `run ${run}: exit ${measured.exitCode}, ${(measured.wallMs / 1000).toFixed(1)} s, peak RSS ${measured.maxRssMb?.toFixed(0)} MB, ` +
        `${report?.gather?.requests ?? '?'} requests, ${report?.gather?.pages ?? '?'} pages, load ${measured.load1.toFixed(1)}`,
    );
    if (flags['full-gcs']) {
      const starts = JSON.parse(await readFile(fullGcsFile, 'utf8').catch(() => 'null'));
      say(`  full GCs at: ${starts === null ? 'not recorded' : starts.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ') || 'none'}`);
    }
    if (measured.exitCode !== 0 && measured.exitCode !== 1) say(measured.stderrTail);
    if (flags.trace) await summariseTrace(scratch);
  }
  const sorted = peaks.filter((p) => p !== null).sort((a, b) => a - b);
  say(`peak RSS ${pages / 1000}k: ${sorted.map((p) => p.toFixed(0)).join(', ')} MB (range ${sorted[0]?.toFixed(0)}-${sorted.at(-1)?.toFixed(0)})`);
  await nginx.stop();
  await rm(scratchRoot, { recursive: true, force: true }).catch(() => {});
}

async function summariseTrace(scratch) {
  const samples = JSON.parse(await readFile(path.join(scratch, 'memory-samples.json'), 'utf8'));
  const max = (field) => Math.max(...samples.map((s) => s[field])) / 2 ** 20;
  const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
  say(`  sampled every 50 ms: rss max ${max('rss').toFixed(0)} MB, heapUsed max ${max('heapUsed').toFixed(0)}, heapTotal max ${max('heapTotal').toFixed(0)}, external max ${max('external').toFixed(0)}, arrayBuffers max ${max('arrayBuffers').toFixed(0)}`);
  const peak = samples.reduce((a, b) => (b.rss > a.rss ? b : a));
  say(`  at the RSS peak (${peak.requests} requests): rss ${mb(peak.rss)} MB, heapTotal ${mb(peak.heapTotal)}, heapUsed ${mb(peak.heapUsed)}, external ${mb(peak.external)}`);
  say(`  first sample: rss ${mb(samples[0].rss)} MB, heapUsed ${mb(samples[0].heapUsed)}`);
  const lastRequest = samples.findIndex((s) => s.requests === peak.requests);
  const timeline = samples.filter((_, i) => i % 10 === 0 || i >= lastRequest).map((s) => `${(s.t / 1000).toFixed(1)}s ${s.requests}r ${mb(s.rss)}/${mb(s.heapTotal)}/${mb(s.heapUsed)}`);
  say(`  timeline (time, requests, rss/heapTotal/heapUsed MB; every sample after the last request): ${timeline.join(' | ')}`);
  const firstRequest = samples.find((s) => s.requests > 0);
  if (firstRequest) say(`  at the first request: rss ${mb(firstRequest.rss)} MB, heapUsed ${mb(firstRequest.heapUsed)}`);
  const live = JSON.parse(await readFile(path.join(scratch, 'live-heap.json'), 'utf8').catch(() => '[]'));
  if (live.length > 0) say(`  live heap after gc(), every 2 s: ${live.map((l) => `${mb(l.heapUsed)} MB at ${l.requests} requests`).join('; ')}`);
  const profile = JSON.parse(await readFile(path.join(scratch, 'allocations.heapprofile'), 'utf8'));
  const rows = allocationByFunction(profile);
  const total = rows.reduce((n, [, bytes]) => n + bytes, 0);
  say(`  allocation sampled (collected objects included): ${mb(total)} MB; top ${flags.top}:`);
  for (const [key, bytes] of rows.slice(0, Number(flags.top))) say(`    ${mb(bytes).padStart(8)} MB  ${key}`);
}

try {
  await main();
} finally {
  await teardownAll();
}
