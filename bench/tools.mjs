// The crawlers under test: how each is started at the same concurrency, and
// how its own output is read back into one shape, so correctness is counted
// from what each tool tells its user:
//   { pagesSeen: site pages it fetched with 200 (null when its output does not list them),
//     reportedBroken: URLs it reports as broken (status >= 400 or no answer) }

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
const WAGTAIL_PROBE_BIN = path.join(REPO, 'dist/src/bin.js');
const LINKINATOR_BIN = path.join(REPO, 'node_modules/linkinator/build/src/cli.js');

const onPath = (name) => {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const pathOf = (url) => {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};

/** Site pages (paths) among `urls` fetched with 200. */
function countPages(entries, pages) {
  const seen = new Set();
  for (const { url, status } of entries) if (status === 200 && pages.has(pathOf(url))) seen.add(pathOf(url));
  return seen.size;
}

export const TOOLS = {
  'wagtail-probe': {
    concurrency: 16,
    available: () => (existsSync(WAGTAIL_PROBE_BIN) ? null : `${WAGTAIL_PROBE_BIN} missing: run npm run build`),
    /** `extra` adds flags for the politeness passes (--rate, --max-pages). */
    command: ({ origin, scratch, concurrency, extra = [] }) => ({
      command: process.execPath,
      args: [WAGTAIL_PROBE_BIN, `${origin}/`, '--no-config', '--concurrency', String(concurrency), '--max-pages', '20000', '--format', 'json', '--output', path.join(scratch, 'report.json'), ...extra],
      stdoutFile: null,
    }),
    /** Exit 0 or 1 (findings) is a completed run; 2 means it could not run. */
    completed: (exitCode) => exitCode === 0 || exitCode === 1,
    async parse({ scratch, pages }) {
      const report = JSON.parse(await readFile(path.join(scratch, 'report.json'), 'utf8'));
      // The report's latency samples carry every crawled page's and resource's status.
      const entries = report.latency.map((l) => ({ url: l.url, status: l.status }));
      return {
        pagesSeen: countPages(entries, pages),
        reportedBroken: entries.filter((e) => e.status === null || e.status >= 400).map((e) => e.url),
        toolRequests: report.gather.requests,
        bytesRead: report.gather.bytesRead,
        findings: report.probes.reduce((n, p) => n + p.findings.length, 0),
        // Each finding as `probe/messageId severity path`: what smoke mode's recall is judged on (bench/smoke.mjs).
        findingKeys: report.probes.flatMap((p) => p.findings.map((f) => `${p.id}/${f.messageId} ${f.severity} ${f.url ? new URL(f.url).pathname : ''}`)),
        probes: report.probes.map((p) => `${p.id}:${p.outcome.status}`),
      };
    },
  },
  linkinator: {
    concurrency: 16,
    available: () => (existsSync(LINKINATOR_BIN) ? null : 'linkinator not installed (npm install --save-dev linkinator@^7)'),
    command: ({ origin, scratch, concurrency }) => ({
      command: process.execPath,
      args: [LINKINATOR_BIN, `${origin}/`, '--recurse', '--concurrency', String(concurrency), '--format', 'json'],
      stdoutFile: path.join(scratch, 'linkinator.json'),
    }),
    completed: (exitCode) => exitCode === 0 || exitCode === 1,
    async parse({ scratch, pages }) {
      const output = JSON.parse(await readFile(path.join(scratch, 'linkinator.json'), 'utf8'));
      const entries = output.links.map((l) => ({ url: l.url, status: l.status, state: l.state }));
      return {
        pagesSeen: countPages(entries, pages),
        reportedBroken: [...new Set(entries.filter((e) => e.state === 'BROKEN').map((e) => e.url))],
        toolRequests: null,
      };
    },
  },
  linkchecker: {
    concurrency: 16,
    available: () => (onPath('linkchecker') ? null : 'linkchecker not installed (apt-get install linkchecker)'),
    // Its throttle is lifted by the rc file (maxrequestspersecond) plus nginx's "LinkChecker" header.
    // It drops root privileges to nobody: the scratch folder is made world-readable by the runner.
    command: ({ origin, scratch }) => ({
      command: 'linkchecker',
      args: ['-f', path.join(scratch, 'linkcheckerrc'), '--no-warnings', '-o', 'csv', `${origin}/`],
      stdoutFile: path.join(scratch, 'linkchecker.csv'),
    }),
    rcFile: (concurrency) => `[checking]\nthreads=${concurrency}\nmaxrequestspersecond=100000\n[output]\nstatus=0\n`,
    completed: (exitCode) => exitCode === 0 || exitCode === 1,
    async parse({ scratch }) {
      // Without --verbose the CSV lists only invalid URLs: enough for correctness, not for page counts.
      const text = await readFile(path.join(scratch, 'linkchecker.csv'), 'utf8');
      const rows = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
      const header = rows.shift()?.split(';') ?? [];
      const urlColumn = header.indexOf('url');
      const validColumn = header.indexOf('valid');
      if (urlColumn < 0 || validColumn < 0) throw new Error(`unexpected LinkChecker CSV header: ${header.join(';')}`);
      const broken = rows.map((row) => row.split(';')).filter((cells) => cells[validColumn] === 'False').map((cells) => cells[urlColumn]);
      return { pagesSeen: null, reportedBroken: [...new Set(broken)], toolRequests: null };
    },
  },
  'wget --spider': {
    concurrency: 1,
    available: () => (onPath('wget') ? null : 'wget not installed'),
    // One keep-alive connection; the spider writes temporary files into its working folder (the scratch one).
    command: ({ origin, scratch }) => ({
      command: 'wget',
      args: ['--spider', '-r', '-l', 'inf', '-nv', '-o', path.join(scratch, 'wget.log'), `${origin}/`],
      stdoutFile: null,
    }),
    // wget exits 8 when the server answered an error (the planted 404s).
    completed: (exitCode) => exitCode === 0 || exitCode === 8,
    async parse({ scratch, pages }) {
      const log = await readFile(path.join(scratch, 'wget.log'), 'utf8');
      const fetched = [...log.matchAll(/ URL:\s?(\S+) /g)].map((m) => ({ url: m[1], status: 200 }));
      const tail = log.slice(log.lastIndexOf('Found '));
      const broken = /^Found \d+ broken links?\./.test(tail) ? [...tail.matchAll(/^(https?:\/\/\S+)$/gm)].map((m) => m[1]) : [];
      return { pagesSeen: countPages(fetched, pages), reportedBroken: broken, toolRequests: null };
    },
  },
};
