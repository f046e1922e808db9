// npm run bench [-- --quick] : wagtail-probe side by side with linkinator,
// LinkChecker and wget --spider on generated Wagtail-like sites served by
// nginx on 127.0.0.1, against the raw request ceiling of the same server, plus
// politeness (--rate, Retry-After), memory (a 500 MB document) and an
// end-to-end run on the real Wagtail stack when it is up. See bench/README.md.

import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GENERATOR_VERSION, generateSite, readManifest, servedPaths, writeOriginFiles, writeSparseFile, wwwOf } from './generate-site.mjs';
import { startLatencyProxy } from './latency-proxy.mjs';
import { hasGnuTime, runMeasured } from './measure.mjs';
import { readAccessLog, startNginx } from './nginx.mjs';
import { freePort, installSignalTeardown, onTeardown, teardownAll, waitForPort } from './processes.mjs';
import { summariseProfile } from './profile-summary.mjs';
import { smokeRecall } from './smoke.mjs';
import { formatNumber, formatSpread, median, spread, table } from './stats.mjs';
import { REPO, TOOLS } from './tools.mjs';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    timeout: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
    'no-build': { type: 'boolean', default: false },
    'keep-scratch': { type: 'boolean', default: false },
  },
});

const QUICK = flags.quick;
const RUNS = Number(flags.runs ?? (QUICK ? 1 : 3));
const TIMEOUT_MS = Number(flags.timeout) * 1000;
const SEED = Number(flags.seed);
const SITE_SIZES = QUICK ? [2000] : [2000, 10000];
const CONCURRENCY = 16;
const PROXY = { delayMs: 20, maxInFlight: 4 };
/** Rounds behind the proxy: its floor is set by the proxy, not the machine, so fewer repeats are needed. */
const PROXY_RUNS = Math.min(RUNS, 2);
const RATE = 50;
const RATE_MAX_PAGES = 300;
const RETRY_AFTER_EVERY = 20;
const RETRY_AFTER_MAX_PAGES = 10;
const BIG_DOCUMENT_BYTES = 500 * 1024 * 1024;
/** Bytes of the 500 MB document the probe may read: its sniff prefix and change. */
const BIG_DOCUMENT_READ_LIMIT = 16 * 1024;
const TARGETS = { vsLinkinator: 5, vsWget: 0.5, maxRssMb: 150, clientVsAutocannon: 0.8, rateTolerance: 0.1, smokeRequestShare: 0.1, memoryGrowth: 1.3 };
/** The memory pass's large site (full runs only): its peak RSS against the largest timed site's. */
const MEMORY_SITE_PAGES = QUICK ? null : 50_000;

const SITE_CACHE = path.join(REPO, 'bench/.site');
const RESULTS = path.join(REPO, 'bench/results');
const say = (text) => process.stdout.write(`${text}\n`);

installSignalTeardown();
const scratchRoot = await mkdtemp(path.join(os.tmpdir(), 'wagtail-probe-bench-'));
await chmod(scratchRoot, 0o755); // LinkChecker runs as nobody and must read its rc file here
if (!flags['keep-scratch']) onTeardown(() => rm(scratchRoot, { recursive: true, force: true }));
let scratchCount = 0;
async function newScratch(label) {
  const dir = path.join(scratchRoot, `${String(++scratchCount).padStart(3, '0')}-${label.replace(/[^a-z0-9]+/gi, '-')}`);
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o777); // LinkChecker (as nobody) writes nothing, wget writes temp files: both work here
  return dir;
}

/** A generated site, reused from bench/.site when the same size, seed and generator made it. */
async function ensureSite(pages) {
  const root = path.join(SITE_CACHE, `p${pages}-s${SEED}-g${GENERATOR_VERSION}`);
  if (existsSync(path.join(root, 'manifest.json'))) {
    const manifest = await readManifest(root);
    if (manifest.generatorVersion === GENERATOR_VERSION && manifest.seed === SEED) return { root, manifest };
  }
  say(`generating a ${pages}-page site in ${path.relative(REPO, root)} ...`);
  const manifest = await generateSite({ pages, seed: SEED, root });
  return { root, manifest };
}

/** Classifies a tool's "broken" URLs against the manifest. */
function correctness(reportedBroken, manifest) {
  const planted = new Set(manifest.missing.map((m) => m.path));
  const served = new Set([...servedPaths(manifest), '/admin/', '/robots.txt', '/sitemap.xml']);
  const paths = [...new Set(reportedBroken.map((u) => new URL(u, 'http://x').pathname))];
  return {
    plantedSeen: paths.filter((p) => planted.has(p)).length,
    plantedTotal: planted.size,
    misreported: paths.filter((p) => served.has(p)),
    otherReported: paths.filter((p) => !planted.has(p) && !served.has(p)),
  };
}

/** One timed run of one tool; requests counted by the server (nginx or the proxy). */
async function runTool({ toolName, origin, manifest, label, countRequests, extra = [] }) {
  const tool = TOOLS[toolName];
  const scratch = await newScratch(`${label}-${toolName}`);
  if (toolName === 'linkchecker') await writeFile(path.join(scratch, 'linkcheckerrc'), tool.rcFile(tool.concurrency));
  const spec = tool.command({ origin, scratch, concurrency: tool.concurrency, extra });
  const before = await countRequests();
  const measured = await runMeasured({ ...spec, cwd: scratch, timeoutMs: TIMEOUT_MS, timeFile: path.join(scratch, 'time.txt') });
  const requests = (await countRequests()) - before;
  const completed = !measured.timedOut && tool.completed(measured.exitCode);
  let parsed = null;
  let parseError = null;
  if (completed) {
    try {
      parsed = await tool.parse({ scratch, pages: new Set(manifest.pages) });
    } catch (error) {
      parseError = error.message;
    }
  }
  const check = parsed ? correctness(parsed.reportedBroken, manifest) : null;
  const pagesSeen = parsed?.pagesSeen ?? null;
  // pages/s: pages it fetched, or the site's pages when its output does not list them and it finished.
  const pagesCounted = pagesSeen ?? (parsed ? manifest.pages.length : null);
  const run = {
    tool: toolName,
    label,
    sitePages: manifest.pages.length,
    status: measured.timedOut ? `timed out after ${TIMEOUT_MS / 1000} s` : completed ? (parseError ? `output unreadable: ${parseError}` : 'ok') : `exit ${measured.exitCode ?? measured.signal}`,
    wallS: measured.wallMs / 1000,
    cpuS: measured.cpuS,
    maxRssMb: measured.maxRssMb,
    requests,
    pagesSeen,
    pagesPerSecond: pagesCounted === null ? null : pagesCounted / (measured.wallMs / 1000),
    plantedSeen: check?.plantedSeen ?? null,
    plantedTotal: manifest.missing.length,
    misreported: check ? check.misreported.length : null,
    misreportedExamples: check ? check.misreported.slice(0, 5) : [],
    otherReported: check ? check.otherReported.length : null,
    load1: measured.load1,
    ...(parsed?.toolRequests != null ? { toolRequests: parsed.toolRequests } : {}),
    ...(parsed?.bytesRead != null ? { bytesRead: parsed.bytesRead, findings: parsed.findings, findingKeys: parsed.findingKeys, probes: parsed.probes } : {}),
    ...(completed && !parseError ? {} : { stderrTail: measured.stderrTail }),
  };
  say(
    `  ${label.padEnd(14)} ${toolName.padEnd(14)} ${run.status === 'ok' ? '' : `[${run.status}] `}${run.wallS.toFixed(1)} s, ` +
      `${formatNumber(run.pagesPerSecond)} pages/s, ${requests} requests, CPU ${formatNumber(run.cpuS)} s, RSS ${formatNumber(run.maxRssMb)} MB, ` +
      `404s ${run.plantedSeen ?? '-'}/${run.plantedTotal}, misreported ${run.misreported ?? '-'} (load ${run.load1.toFixed(1)})`,
  );
  return { run, scratch };
}

/** Each tool `RUNS` times, the order rotated every round so no tool always runs first (warm caches, load). */
async function runAllTools({ tools, origin, manifest, label, countRequests, results, rounds = RUNS }) {
  for (let round = 0; round < rounds; round++) {
    const order = tools.map((_, i) => tools[(i + round) % tools.length]);
    for (const toolName of order) {
      const { run } = await runTool({ toolName, origin, manifest, label, countRequests });
      results.push({ ...run, round: round + 1 });
    }
  }
}

function summarise(runs) {
  const groups = new Map();
  for (const run of runs) {
    const key = `${run.label}\u0000${run.tool}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(run);
  }
  return [...groups.values()].map((group) => {
    const ok = group.filter((r) => r.status === 'ok');
    return {
      label: group[0].label,
      tool: group[0].tool,
      pages: group[0].sitePages,
      runs: group.length,
      completed: ok.length,
      statuses: [...new Set(group.map((r) => r.status))],
      wallS: spread(ok.map((r) => r.wallS)),
      pagesPerSecond: spread(ok.map((r) => r.pagesPerSecond)),
      requests: spread(ok.map((r) => r.requests)),
      cpuS: spread(ok.map((r) => r.cpuS)),
      maxRssMb: spread(ok.map((r) => r.maxRssMb)),
      plantedSeenWorst: ok.length ? Math.min(...ok.map((r) => r.plantedSeen ?? 0)) : null,
      plantedTotal: group[0].plantedTotal,
      misreportedWorst: ok.length ? Math.max(...ok.map((r) => r.misreported ?? 0)) : null,
    };
  });
}

function printSummary(summary) {
  const rows = [['site', 'tool', 'wall s', 'pages/s', 'requests', 'CPU s', 'peak RSS MB', 'planted 404s seen', 'working links misreported', 'runs ok']];
  for (const s of summary) {
    rows.push([
      s.label,
      s.tool,
      formatSpread(s.wallS),
      formatSpread(s.pagesPerSecond),
      formatSpread(s.requests, 0),
      formatSpread(s.cpuS),
      formatSpread(s.maxRssMb),
      s.plantedSeenWorst === null ? '-' : `${s.plantedSeenWorst}/${s.plantedTotal}`,
      s.misreportedWorst ?? '-',
      `${s.completed}/${s.runs}${s.completed < s.runs ? ` (${s.statuses.filter((x) => x !== 'ok').join('; ')})` : ''}`,
    ]);
  }
  say(`\nMedians (min-max) over the runs that completed; 404s and misreports are the worst run.\n${table(rows)}`);
}

/** wagtail-probe against each peer on each site: ratios of medians. */
function ratios(summary) {
  const out = [];
  for (const label of [...new Set(summary.map((s) => s.label))]) {
    const ours = summary.find((s) => s.label === label && s.tool === 'wagtail-probe');
    if (!ours) continue;
    for (const peer of summary.filter((s) => s.label === label && s.tool !== 'wagtail-probe')) {
      const ratio = (a, b) => (a === null || b === null || b === 0 ? null : a / b);
      // A peer that never finished within the timeout did at most pages/timeout: our ratio is at least this.
      const timedOut = peer.completed === 0 && peer.statuses.every((s) => s.startsWith('timed out'));
      const peerPagesPerSecond = timedOut ? peer.pages / (TIMEOUT_MS / 1000) : peer.pagesPerSecond.median;
      out.push({
        label,
        peer: peer.tool,
        ...(timedOut ? { lowerBound: `${peer.tool} timed out in every run: pages/s ratio is a lower bound` } : {}),
        pagesPerSecond: ratio(ours.pagesPerSecond.median, peerPagesPerSecond),
        wall: ratio(ours.wallS.median, peer.wallS.median),
        cpu: ratio(ours.cpuS.median, peer.cpuS.median),
        rss: ratio(ours.maxRssMb.median, peer.maxRssMb.median),
        requests: ratio(ours.requests.median, peer.requests.median),
      });
    }
  }
  return out;
}

function printRatios(rows) {
  const x = (v) => (v === null ? '-' : `${v.toFixed(2)}x`);
  say(`\nwagtail-probe / peer (ratio of medians; pages/s above 1 is faster, the rest below 1 is less)\n${table([
    ['site', 'peer', 'pages/s', 'wall', 'CPU', 'peak RSS', 'requests'],
    ...rows.map((r) => [r.label, r.peer, `${r.lowerBound ? '>=' : ''}${x(r.pagesPerSecond)}`, x(r.wall), x(r.cpu), x(r.rss), x(r.requests)]),
  ])}`);
}

/** autocannon and the project's client over the site's URL list, alternating, RUNS times each. */
async function measureCeiling({ origin, manifest, label }) {
  const scratch = await newScratch(`${label}-ceiling`);
  const pathsFile = path.join(scratch, 'paths.json');
  await writeFile(pathsFile, JSON.stringify(servedPaths(manifest)));
  const samples = { autocannon: [], client: [] };
  for (let round = 0; round < RUNS; round++) {
    for (const tool of round % 2 === 0 ? ['autocannon', 'client'] : ['client', 'autocannon']) {
      const measured = await runMeasured({
        command: process.execPath,
        args: [path.join(REPO, 'bench/ceiling.mjs'), '--tool', tool, '--origin', origin, '--paths', pathsFile, '--connections', String(CONCURRENCY), '--passes', '3'],
        cwd: scratch,
        timeoutMs: TIMEOUT_MS,
        stdoutFile: path.join(scratch, `${tool}-${round}.json`),
        timeFile: path.join(scratch, `${tool}-${round}.time`),
      });
      if (measured.timedOut || measured.exitCode !== 0) {
        say(`  ${label} ceiling ${tool}: failed (${measured.timedOut ? 'timed out' : `exit ${measured.exitCode}`}) ${measured.stderrTail}`);
        continue;
      }
      const result = JSON.parse(await readFile(path.join(scratch, `${tool}-${round}.json`), 'utf8'));
      samples[tool].push({ ...result, cpuS: measured.cpuS, maxRssMb: measured.maxRssMb, load1: measured.load1 });
      say(`  ${label.padEnd(14)} ceiling ${tool.padEnd(10)} ${Math.round(result.requestsPerSecond)} requests/s over ${result.requests} requests (${result.non2xx} non-2xx, ${result.errors} errors), CPU ${formatNumber(measured.cpuS)} s`);
    }
  }
  const rps = (tool) => spread(samples[tool].map((s) => s.requestsPerSecond));
  const ceiling = { label, urls: servedPaths(manifest).length, connections: CONCURRENCY, method: 'autocannon setupRequest over the URL list', autocannon: rps('autocannon'), client: rps('client'), samples };
  ceiling.clientVsAutocannon = ceiling.autocannon.median && ceiling.client.median ? ceiling.client.median / ceiling.autocannon.median : null;
  return ceiling;
}

/** One profiled wagtail-probe run: where its time goes (not counted in the timings). */
async function profileRun({ origin, label }) {
  const scratch = await newScratch(`${label}-profile`);
  const spec = TOOLS['wagtail-probe'].command({ origin, scratch, concurrency: CONCURRENCY });
  const measured = await runMeasured({
    command: spec.command,
    args: ['--cpu-prof', '--cpu-prof-dir', scratch, ...spec.args],
    cwd: scratch,
    timeoutMs: TIMEOUT_MS,
    timeFile: path.join(scratch, 'time.txt'),
  });
  const file = (await import('node:fs')).readdirSync(scratch).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return { label, error: `no profile written (exit ${measured.exitCode})` };
  const summary = await summariseProfile(path.join(scratch, file), 15);
  say(`  ${label} profile: ${summary.totalMs} ms sampled, GC ${Math.round((summary.gcMs / summary.totalMs) * 100)}%, idle ${Math.round((summary.idleMs / summary.totalMs) * 100)}%; top: ${summary.modules.slice(0, 5).map((m) => `${m.name} ${Math.round(m.share * 100)}%`).join(', ')}`);
  return { label, wallS: measured.wallMs / 1000, ...summary };
}

/**
 * --rate held at the server: the mean rate over the run, and requests in each
 * whole second from the first request (the last, partial second left out);
 * the busiest sliding one-second window is reported too, as an observation.
 */
function rateAtServer(log, rate) {
  const times = log.map((e) => e.arrivalMs).sort((a, b) => a - b);
  if (times.length < 2) return { requests: times.length, meanRate: null, perSecond: [], withinTolerance: false };
  const meanRate = (times.length - 1) / ((times.at(-1) - times[0]) / 1000);
  const wholeSeconds = Math.floor((times.at(-1) - times[0]) / 1000);
  const perSecond = Array.from({ length: wholeSeconds }, () => 0);
  for (const t of times) {
    const second = Math.floor((t - times[0]) / 1000);
    if (second < wholeSeconds) perSecond[second] += 1;
  }
  let slidingMax = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000) j++;
    slidingMax = Math.max(slidingMax, i - j + 1);
  }
  const tolerance = rate * TARGETS.rateTolerance;
  const busiestSecond = Math.max(0, ...perSecond);
  const withinTolerance = Math.abs(meanRate - rate) <= tolerance && busiestSecond <= rate + tolerance;
  return { requests: times.length, meanRate, busiestSecond, quietestSecond: Math.min(...perSecond), perSecond, slidingMax, withinTolerance };
}

/** Every 429: when was the same request sent again? Retry-After: 1 asks for at least a second. */
function retryAfterAtServer(log) {
  const answered = log.filter((e) => e.status === 429);
  const checks = answered.map((entry) => {
    const next = log.find((e) => e.arrivalMs > entry.sentMs && e.url === entry.url && e.method === entry.method);
    return { url: entry.url, retriedAfterMs: next ? next.arrivalMs - entry.sentMs : null };
  });
  // The client's clock is read in whole milliseconds: 1 ms of tolerance.
  const early = checks.filter((c) => c.retriedAfterMs !== null && c.retriedAfterMs < 999);
  const originWide = answered.map((entry) => log.filter((e) => e.arrivalMs > entry.sentMs && e.arrivalMs < entry.sentMs + 999).length);
  return {
    responses429: answered.length,
    retried: checks.filter((c) => c.retriedAfterMs !== null).length,
    notRetried: checks.filter((c) => c.retriedAfterMs === null).length,
    earliestRetryMs: checks.reduce((min, c) => (c.retriedAfterMs === null ? min : Math.min(min, c.retriedAfterMs)), Infinity),
    early: early.length,
    requestsWithinASecondOfA429: originWide.reduce((a, b) => a + b, 0),
    checks,
    honoured: answered.length > 0 && early.length === 0,
  };
}

/** A 500 MB document in place of a small one: how much more does a run read? */
async function bigDocumentCheck() {
  const { root, manifest } = await ensureSite(100);
  const target = manifest.documents[0];
  const file = path.join(wwwOf(root), target);
  const original = path.join(root, 'original-document.bin');
  if (!existsSync(original)) await copyFile(file, original);
  const passes = {};
  for (const variant of ['control', 'big']) {
    if (variant === 'big') await writeSparseFile(file, BIG_DOCUMENT_BYTES);
    else await copyFile(original, file);
    const prefix = await newScratch(`big-document-${variant}-nginx`);
    const nginx = await startNginx({ www: wwwOf(root), prefix, accessLog: true, siteFiles: servedPaths(manifest).length });
    await writeOriginFiles(root, manifest, nginx.origin);
    const { run } = await runTool({ toolName: 'wagtail-probe', origin: nginx.origin, manifest, label: `big-doc-${variant}`, countRequests: () => nginx.requestCount() });
    await nginx.stop();
    const entries = (await readAccessLog(nginx.accessLogFile)).filter((e) => e.uri === target);
    passes[variant] = { run, requestsForDocument: entries.length, serverBytesForDocument: entries.reduce((a, e) => a + e.bytes, 0) };
  }
  await copyFile(original, file);
  const extraBytesRead = passes.big.run.bytesRead - passes.control.run.bytesRead;
  const result = {
    document: target,
    sizeBytes: BIG_DOCUMENT_BYTES,
    clientBytesReadControl: passes.control.run.bytesRead,
    clientBytesReadBig: passes.big.run.bytesRead,
    extraBytesRead,
    serverBytesSentBig: passes.big.serverBytesForDocument,
    requestsForDocument: passes.big.requestsForDocument,
    peakRssMbBig: passes.big.run.maxRssMb,
    note: "nginx's $body_bytes_sent counts what the kernel accepted, loopback socket buffers included: an upper bound on what the client read",
  };
  result.pass = passes.big.run.status === 'ok' && extraBytesRead <= BIG_DOCUMENT_READ_LIMIT;
  say(`  big document: ${extraBytesRead} B more read than with the ${passes.control.serverBytesForDocument} B original (client), server sent ${result.serverBytesSentBig} B in ${result.requestsForDocument} requests, RSS ${formatNumber(result.peakRssMbBig)} MB`);
  return result;
}

/** The hardened profile of the real Wagtail stack, when `npm run stack:up` has run. */
async function endToEnd() {
  const file = path.join(REPO, 'test/stack/.state/profiles.json');
  if (!existsSync(file)) return { skipped: `${path.relative(REPO, file)} not found: run npm run stack:up first` };
  const stack = JSON.parse(await readFile(file, 'utf8'));
  const profile = stack.profiles?.hardened;
  if (!profile) return { skipped: 'no "hardened" profile in profiles.json' };
  const base = new URL(profile.baseUrl);
  try {
    await waitForPort(Number(base.port || (base.protocol === 'https:' ? 443 : 80)), 2_000);
  } catch {
    return { skipped: `${profile.baseUrl} does not answer: the stack is down (npm run stack:up)` };
  }
  const scratch = await newScratch('e2e-hardened');
  const privateUrls = [...(profile.private?.documents ?? []).map((d) => d.url), ...(profile.private?.pages ?? []).map((p) => p.url)];
  const args = [path.join(REPO, 'dist/src/bin.js'), profile.baseUrl, '--no-config', '--format', 'json', '--output', path.join(scratch, 'report.json')];
  if (profile.caFile) args.push('--ca', profile.caFile);
  for (const url of privateUrls) args.push('--private', url);
  const measured = await runMeasured({ command: process.execPath, args, cwd: scratch, timeoutMs: TIMEOUT_MS, timeFile: path.join(scratch, 'time.txt') });
  if (measured.timedOut || ![0, 1].includes(measured.exitCode)) return { baseUrl: profile.baseUrl, failed: measured.timedOut ? 'timed out' : `exit ${measured.exitCode}`, stderrTail: measured.stderrTail };
  const report = JSON.parse(await readFile(path.join(scratch, 'report.json'), 'utf8'));
  const result = {
    baseUrl: profile.baseUrl,
    wagtailVersion: stack.wagtailVersion,
    wallS: measured.wallMs / 1000,
    cpuS: measured.cpuS,
    maxRssMb: measured.maxRssMb,
    exitCode: measured.exitCode,
    gather: report.gather,
    findings: report.probes.flatMap((p) => p.findings.map((f) => `${p.id}/${f.messageId}`)),
    probes: report.probes.map((p) => `${p.id}:${p.outcome.status}`),
  };
  say(`  hardened: ${result.wallS.toFixed(1)} s, ${report.gather.requests} requests, ${report.gather.pages} pages, exit ${measured.exitCode}, findings: ${result.findings.join(', ') || 'none'}`);
  return result;
}

function verdict(pass) {
  return pass === null ? 'n/a ' : pass ? 'PASS' : 'MISS';
}

async function main() {
  const startedAt = new Date();
  if (!flags['no-build']) {
    say('building (npm run build) ...');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: 'inherit' });
  }
  if (!hasGnuTime()) say('note: /usr/bin/time missing (apt-get install time): CPU and peak RSS are not measured');
  const tools = Object.keys(TOOLS).filter((name) => {
    const missing = TOOLS[name].available();
    if (missing) say(`skipping ${name}: ${missing}`);
    return missing === null;
  });
  if (!tools.includes('wagtail-probe')) throw new Error(TOOLS['wagtail-probe'].available());

  const runs = [];
  const ceilings = [];
  const profiles = [];
  const result = {
    startedAt: startedAt.toISOString(),
    mode: QUICK ? 'quick' : 'full',
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      // nginx -v writes its version to standard error.
      nginx: spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr.trim(),
      loadAtStart: os.loadavg(),
    },
    settings: { runs: RUNS, proxyRuns: PROXY_RUNS, timeoutS: TIMEOUT_MS / 1000, seed: SEED, concurrency: CONCURRENCY, proxy: PROXY, rate: RATE, retryAfterEvery: RETRY_AFTER_EVERY },
    tools: Object.fromEntries(tools.map((t) => [t, { concurrency: TOOLS[t].concurrency }])),
    sites: [],
  };

  let proxyResults = null;
  let smoke = null;
  for (const pages of SITE_SIZES) {
    const { root, manifest } = await ensureSite(pages);
    const label = `${pages / 1000}k`;
    result.sites.push({ label, pages: manifest.pages.length, averagePageBytes: manifest.averagePageBytes, plantedMissing: manifest.missing.length, brokenLinkOccurrences: manifest.brokenLinkOccurrences, linkOccurrences: manifest.linkOccurrences });
    const nginx = await startNginx({ www: wwwOf(root), prefix: await newScratch(`${label}-nginx`), siteFiles: servedPaths(manifest).length });
    await writeOriginFiles(root, manifest, nginx.origin);
    // The counter's own request is one more: subtract it.
    let statusReads = 0;
    const countRequests = async () => (await nginx.requestCount()) - statusReads++;
    say(`\n== ${label} site: ${manifest.pages.length} pages at ${nginx.origin}, ${manifest.missing.length} planted 404s`);
    await runAllTools({ tools, origin: nginx.origin, manifest, label, countRequests, results: runs });
    ceilings.push(await measureCeiling({ origin: nginx.origin, manifest, label }));
    if (pages === SITE_SIZES.at(-1)) profiles.push(await profileRun({ origin: nginx.origin, label }));

    if (pages === SITE_SIZES[0]) proxyResults = await proxyPasses({ root, manifest, nginx, tools, runs });
    if (pages === SITE_SIZES.at(-1)) smoke = await smokePass({ root, manifest, nginx, label });
    await writeOriginFiles(root, manifest, nginx.origin);
    await nginx.stop();
  }

  const memory = MEMORY_SITE_PAGES === null ? null : await memoryPass(MEMORY_SITE_PAGES);

  say('\n== 500 MB document');
  const bigDocument = await bigDocumentCheck();
  say('\n== end to end: the real Wagtail stack');
  const e2e = await endToEnd();
  if (e2e.skipped) say(`  skipped: ${e2e.skipped}`);
  if (e2e.failed) say(`  failed: ${e2e.failed}\n${e2e.stderrTail}`);

  const summary = summarise(runs);
  printSummary(summary);
  const ratioRows = ratios(summary);
  printRatios(ratioRows);
  say(`\nHTTP layer: the project's client vs autocannon, ${CONCURRENCY} connections, same URL list\n${table([
    ['site', 'URLs', 'autocannon req/s', 'client req/s', 'client/autocannon'],
    ...ceilings.map((c) => [c.label, c.urls, formatSpread(c.autocannon, 0), formatSpread(c.client, 0), c.clientVsAutocannon === null ? '-' : `${c.clientVsAutocannon.toFixed(2)}x`]),
  ])}`);

  // Targets, judged on the largest site measured.
  const largest = `${SITE_SIZES.at(-1) / 1000}k`;
  const ratioOf = (peer) => ratioRows.find((r) => r.label === largest && r.peer === peer)?.pagesPerSecond ?? null;
  const ours = summary.find((s) => s.label === largest && s.tool === 'wagtail-probe');
  const worstMisreport = Math.max(...summary.filter((s) => s.tool === 'wagtail-probe').map((s) => s.misreportedWorst ?? Infinity));
  const largestCeiling = ceilings.find((c) => c.label === largest);
  const targets = [
    { target: `${largest}: pages/s >= ${TARGETS.vsLinkinator}x linkinator`, value: ratioOf('linkinator'), pass: ratioOf('linkinator') === null ? null : ratioOf('linkinator') >= TARGETS.vsLinkinator },
    { target: `${largest}: pages/s >= ${TARGETS.vsWget}x wget --spider`, value: ratioOf('wget --spider'), pass: ratioOf('wget --spider') === null ? null : ratioOf('wget --spider') >= TARGETS.vsWget },
    { target: `${largest}: peak RSS <= ${TARGETS.maxRssMb} MB (worst run)`, value: ours?.maxRssMb.max ?? null, pass: ours?.maxRssMb.max == null ? null : ours.maxRssMb.max <= TARGETS.maxRssMb },
    { target: `${largest}: client >= ${TARGETS.clientVsAutocannon}x autocannon`, value: largestCeiling?.clientVsAutocannon ?? null, pass: largestCeiling?.clientVsAutocannon == null ? null : largestCeiling.clientVsAutocannon >= TARGETS.clientVsAutocannon },
    { target: 'zero working links misreported, every size and variant', value: worstMisreport, pass: Number.isFinite(worstMisreport) ? worstMisreport === 0 : null },
    { target: `--rate ${RATE} held within ${TARGETS.rateTolerance * 100}% at the server`, value: proxyResults?.rate.meanRate ?? null, pass: proxyResults?.rate.withinTolerance ?? null },
    { target: 'every 429 Retry-After: 1 honoured', value: proxyResults?.retryAfter.early ?? null, pass: proxyResults?.retryAfter.honoured ?? null },
    { target: `500 MB document: at most ${BIG_DOCUMENT_READ_LIMIT / 1024} KB of it read`, value: bigDocument.extraBytesRead, pass: bigDocument.pass },
    ...smokeTargets(smoke),
    memoryTarget(memory, ours?.maxRssMb.max ?? null, largest),
  ];
  say(`\nTargets\n${targets.map((t) => `  ${verdict(t.pass)}  ${t.target}: ${typeof t.value === 'number' ? formatNumber(t.value, 2) : '-'}`).join('\n')}`);
  if (e2e.skipped) say(`  n/a   end to end on the hardened profile: ${e2e.skipped}`);

  Object.assign(result, { finishedAt: new Date().toISOString(), loadAtEnd: os.loadavg(), runs, summary, ratios: ratioRows, ceilings, profiles, proxy: proxyResults, smoke, memory, bigDocument, e2e, targets });
  await mkdir(RESULTS, { recursive: true });
  const out = path.join(RESULTS, `${startedAt.toISOString().replace(/[:.]/g, '-')}${QUICK ? '-quick' : ''}.json`);
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  say(`\nwritten: ${path.relative(REPO, out)}`);
}

/**
 * Smoke mode side by side with the full crawl, both behind the latency proxy
 * (where a real server is the bottleneck): wall time, requests, and the full
 * crawl's findings the smoke run also reports (bench/smoke.mjs).
 */
async function smokePass({ root, manifest, nginx, label }) {
  const proxy = await startLatencyProxy({ upstream: nginx.origin, ...PROXY });
  onTeardown(() => proxy.close());
  await writeOriginFiles(root, manifest, proxy.origin);
  say(`\n== smoke mode and the full crawl, ${label} site behind the proxy (${PROXY.delayMs} ms per request, ${PROXY.maxInFlight} in flight)`);
  const countRequests = async () => proxy.log.length;
  const full = (await runTool({ toolName: 'wagtail-probe', origin: proxy.origin, manifest, label: `${label}+proxy full`, countRequests })).run;
  const sampled = (await runTool({ toolName: 'wagtail-probe', origin: proxy.origin, manifest, label: `${label}+proxy smoke`, countRequests, extra: ['--smoke'] })).run;
  await proxy.close();
  await writeOriginFiles(root, manifest, nginx.origin);
  const completed = full.status === 'ok' && sampled.status === 'ok';
  const recall = completed ? smokeRecall(full.findingKeys, sampled.findingKeys) : null;
  const requestShare = completed && full.requests > 0 ? sampled.requests / full.requests : null;
  const result = { label, full, smoke: sampled, recall, requestShare, wallShare: completed ? sampled.wallS / full.wallS : null };
  if (recall) {
    say(
      `  smoke: ${sampled.wallS.toFixed(1)} s and ${sampled.requests} requests against ${full.wallS.toFixed(1)} s and ${full.requests} (${formatNumber(requestShare * 100, 1)}% of the requests); ` +
        `warnings and errors found again ${recall.warningsAndErrors - recall.missedWarningsAndErrors.length}/${recall.warningsAndErrors}, finding ids ${recall.ids - recall.missedIds.length}/${recall.ids}` +
        `${recall.missedIds.length ? ` (not reported: ${recall.missedIds.join(', ')})` : ''}${recall.smokeOnlyIds.length ? `; smoke only: ${recall.smokeOnlyIds.join(', ')}` : ''}`,
    );
  }
  return result;
}

function smokeTargets(smoke) {
  const label = smoke?.label ?? `${SITE_SIZES.at(-1) / 1000}k`;
  const recall = smoke?.recall ?? null;
  return [
    { target: `${label}: smoke mode reports every warning and error of the full crawl (id and URL)`, value: recall?.warningsAndErrorsRecall ?? null, pass: recall === null ? null : recall.missedWarningsAndErrors.length === 0 },
    { target: `${label}: smoke requests <= ${TARGETS.smokeRequestShare * 100}% of the full crawl's`, value: smoke?.requestShare ?? null, pass: smoke?.requestShare == null ? null : smoke.requestShare <= TARGETS.smokeRequestShare },
  ];
}

/** A larger site, wagtail-probe once: does its peak RSS stay near the largest timed site's? */
async function memoryPass(pages) {
  const { root, manifest } = await ensureSite(pages);
  const label = `${pages / 1000}k`;
  const nginx = await startNginx({ www: wwwOf(root), prefix: await newScratch(`${label}-nginx`), siteFiles: servedPaths(manifest).length });
  await writeOriginFiles(root, manifest, nginx.origin);
  let statusReads = 0;
  const countRequests = async () => (await nginx.requestCount()) - statusReads++;
  say(`\n== memory: ${label} site, ${manifest.pages.length} pages at ${nginx.origin}`);
  // The timed runs' --max-pages 20000 would stop short of the site: every page is read here.
  const { run } = await runTool({ toolName: 'wagtail-probe', origin: nginx.origin, manifest, label, countRequests, extra: ['--max-pages', String(manifest.pages.length * 2)] });
  await nginx.stop();
  return { label, pages: manifest.pages.length, run };
}

function memoryTarget(memory, largestPeakMb, largest) {
  const target = `${memory?.label ?? '50k'}/${largest}: peak RSS <= ${TARGETS.memoryGrowth}x (worst runs)`;
  if (memory === null || memory.run.status !== 'ok' || memory.run.maxRssMb == null || largestPeakMb === null) return { target, value: null, pass: null };
  const growth = memory.run.maxRssMb / largestPeakMb;
  return { target, value: growth, peakRssMb: memory.run.maxRssMb, pass: growth <= TARGETS.memoryGrowth };
}

/** The 2k site behind the latency proxy: every tool, then --rate, then 429s. */
async function proxyPasses({ root, manifest, nginx, tools, runs }) {
  const proxy = await startLatencyProxy({ upstream: nginx.origin, ...PROXY });
  onTeardown(() => proxy.close());
  // Sitemap and robots.txt must name the origin the tools are given.
  await writeOriginFiles(root, manifest, proxy.origin);
  const label = `2k+proxy`;
  say(`\n== ${label}: ${PROXY.delayMs} ms per request, ${PROXY.maxInFlight} in flight, the rest queued (${proxy.origin})`);
  const before = runs.length;
  await runAllTools({ tools, origin: proxy.origin, manifest, label, countRequests: async () => proxy.log.length, results: runs, rounds: PROXY_RUNS });
  // The proxy's floor for a run: its requests, PROXY.delayMs each, at most min(tool's concurrency, proxy's slots) at once.
  for (const run of runs.slice(before)) run.floorS = (run.requests * PROXY.delayMs) / Math.min(TOOLS[run.tool].concurrency, PROXY.maxInFlight) / 1000;
  const maxQueued = proxy.maxQueued();

  say(`\n== --rate ${RATE} through the proxy (--max-pages ${RATE_MAX_PAGES})`);
  proxy.reset();
  const rateRun = await runTool({ toolName: 'wagtail-probe', origin: proxy.origin, manifest, label: `rate-${RATE}`, countRequests: async () => proxy.log.length, extra: ['--rate', String(RATE), '--max-pages', String(RATE_MAX_PAGES)] });
  const rate = { ...rateAtServer(proxy.log, RATE), run: rateRun.run };
  say(`  at the server: ${formatNumber(rate.meanRate)} requests/s mean, ${rate.quietestSecond}-${rate.busiestSecond} in each whole second (busiest sliding second ${rate.slidingMax}), over ${rate.requests} requests`);
  await proxy.close();

  const limited = await startLatencyProxy({ upstream: nginx.origin, ...PROXY, every429: RETRY_AFTER_EVERY });
  onTeardown(() => limited.close());
  await writeOriginFiles(root, manifest, limited.origin);
  say(`\n== 429 with Retry-After: 1 on every ${RETRY_AFTER_EVERY}th request (--max-pages ${RETRY_AFTER_MAX_PAGES})`);
  const retryRun = await runTool({ toolName: 'wagtail-probe', origin: limited.origin, manifest, label: 'retry-after', countRequests: async () => limited.log.length, extra: ['--max-pages', String(RETRY_AFTER_MAX_PAGES)] });
  const retryAfter = { ...retryAfterAtServer(limited.log), run: retryRun.run };
  say(`  ${retryAfter.responses429} answered 429: ${retryAfter.retried} retried (earliest ${formatNumber(retryAfter.earliestRetryMs, 0)} ms after), ${retryAfter.notRetried} not retried, ${retryAfter.early} too early`);
  await limited.close();
  return { delayMs: PROXY.delayMs, maxInFlight: PROXY.maxInFlight, maxQueued, rate, retryAfter };
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
} finally {
  await teardownAll();
}
