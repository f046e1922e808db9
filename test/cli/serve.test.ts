// `wagtail-probe serve` as an operator runs it (the built CLI), scraped by a
// real Prometheus (Debian's /usr/bin/prometheus) with the README's
// prometheus.yml: blackbox_exporter's multi-target relabelling, site names as
// targets, relabelled into ?target= and instance, the exporter as the
// address. Only the exporter's address and the scrape interval (1 s) are
// swapped in. The README's two sites, www and shop, are local sites
// (127.0.0.1 and 127.0.0.2); a third (127.0.0.3) is in no config and must
// never be fetched, whatever ?target= asks. Everything stops at teardown: the
// exporter by SIGTERM (which is also the graceful-stop test), Prometheus by its
// watchdog, the sites by their servers' close.

import t, { type Test } from 'tap';
import type { ChildProcess } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { cli, tempDir, type Ran } from '../helpers/cli.js';
import { startPrometheus } from '../helpers/prometheus.js';
import { startLocalSite } from '../exporter/local-sites.js';

const WAIT_MS = 60_000;
const README_EXPORTER = '127.0.0.1:9115';

/** The prometheus.yml of the README's fleet section. */
async function readmePrometheusConfig(): Promise<{ scrape_configs: Record<string, any>[] }> {
  const readme = await readFile(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  const start = readme.indexOf('### Many sites: fleets, shards and the exporter');
  if (start < 0) throw new Error('the README has no "Many sites" section');
  const block = /```yaml\n([\s\S]*?)```/.exec(readme.slice(start))?.[1];
  if (block === undefined) throw new Error('the README\'s "Many sites" section has no yaml block');
  return parse(block) as { scrape_configs: Record<string, any>[] };
}

/** Polls `check` until it gives a value, or fails the test with `why()` after WAIT_MS. */
async function eventually<T>(check: () => Promise<T | undefined>, why: () => Promise<string> | string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${WAIT_MS / 1000} s: ${await why()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Starts the built exporter on a free port; resolves with its URL once it says where it listens. */
async function startServe(t: Test, args: string[]): Promise<{ url: string; stderr: () => string; stop: () => Promise<Ran> }> {
  let child: ChildProcess | undefined;
  let stderr = '';
  let ran: Promise<Ran> | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    ran = cli(['serve', '--listen', '127.0.0.1:0', ...args], {
      started: (c) => {
        child = c;
        c.stderr?.on('data', (d: Buffer) => {
          stderr += d;
          const match = /listening on (http:\/\/\S+?):? /.exec(stderr);
          if (match) resolve(match[1] as string);
        });
      },
    });
    void ran.then((r) => reject(new Error(`serve exited (${r.code}) before listening: ${r.stderr}`)));
  });
  let stopped: Promise<Ran> | undefined;
  const stop = (): Promise<Ran> => {
    if (!stopped) {
      child?.kill('SIGTERM');
      stopped = ran as Promise<Ran>;
    }
    return stopped;
  };
  t.teardown(() => stop().then(() => undefined));
  return { url, stderr: () => stderr, stop };
}

t.test('Prometheus scrapes the exporter: one series per site, by name, through the multi-target relabelling', async (t) => {
  const www = await startLocalSite(t, '127.0.0.1');
  const shop = await startLocalSite(t, '127.0.0.2');
  const outsider = await startLocalSite(t, '127.0.0.3');
  const work = await tempDir();
  t.teardown(() => rm(work, { recursive: true, force: true }));
  const fleetFile = join(work, 'fleet.json');
  await writeFile(
    fleetFile,
    JSON.stringify({
      defaults: { crawl: { maxPages: 5 }, http: { timeout: 5 } },
      exporter: { interval: 60 },
      sites: [
        { name: 'www', target: www.url },
        { name: 'shop', target: shop.url },
      ],
    }),
  );
  const exporter = await startServe(t, ['--fleet', fleetFile]);
  const address = new URL(exporter.url).host;

  const config = await readmePrometheusConfig();
  const text = JSON.stringify(config);
  t.ok(text.includes(README_EXPORTER), `the README's config scrapes the exporter at ${README_EXPORTER}`);
  const local = JSON.parse(text.split(README_EXPORTER).join(address)) as typeof config;
  for (const job of local.scrape_configs) job.scrape_interval = '1s';
  const prometheus = await startPrometheus(stringify({ global: { scrape_interval: '1s', scrape_timeout: '1s' }, ...local }));
  t.teardown(() => prometheus.stop());
  const why = async (): Promise<string> => `targets: ${JSON.stringify(await prometheus.targets())}\nexporter: ${exporter.stderr()}\nprometheus: ${prometheus.log()}`;

  const success = await eventually(async () => {
    const samples = await prometheus.query('wagtail_probe_success{job="wagtail_probe"}');
    return samples.length === 2 ? samples : undefined;
  }, why);
  t.same(success.map((s) => s.metric.instance).sort(), ['shop', 'www'], 'a wagtail_probe_success series for each site, its instance the site name');
  t.same(
    success.map((s) => [s.metric.instance, s.metric.target]).sort(),
    [['shop', shop.url], ['www', www.url]],
    'each carries its own site URL as the target label',
  );
  t.ok(success.every((s) => s.value === '1'), 'both sites pass');

  const ages = await prometheus.query('wagtail_probe_result_age_seconds{job="wagtail_probe"}');
  t.equal(ages.length, 2, 'the age of each result is scraped');
  t.ok(ages.every((s) => Number(s.value) >= 0 && Number(s.value) < 60), 'a fresh result, younger than the interval');
  const up = await prometheus.query('up{job="wagtail_probe"}');
  t.ok(up.length === 2 && up.every((s) => s.value === '1'), 'both /probe scrapes are up: they answer within a 1 s scrape timeout, never waiting for a crawl');
  const runs = await eventually(async () => {
    const samples = await prometheus.query('sum(wagtail_probe_exporter_runs_total{job="wagtail_probe_exporter"})');
    return samples.length === 1 && Number(samples[0]?.value) >= 2 ? samples : undefined;
  }, why);
  t.ok(Number(runs[0]?.value) >= 2, "the exporter's own /metrics are scraped: its runs counted");

  // The SSRF guard: ?target= names a site of the config, or the answer is a 404 that fetched nothing.
  for (const target of [outsider.url, '127.0.0.3', 'three']) {
    const response = await fetch(`${exporter.url}/probe?target=${encodeURIComponent(target)}`);
    t.equal(response.status, 404, `?target=${target} is not a site of the fleet: 404`);
    t.match(await response.text(), /^unknown target .*\n$/, 'with a one-line body');
  }
  t.equal(outsider.requests(), 0, 'and the address outside the config got no request');

  const stopped = await exporter.stop();
  t.equal(stopped.code, 0, `SIGTERM stops it cleanly: ${stopped.stderr}`);
  t.match(stopped.stderr, /SIGTERM: stopping.*\n.*stopped\n$/s, 'saying so');
});

t.test('serve: usage errors are exit 2 with one line, before listening', async (t) => {
  const work = await tempDir();
  t.teardown(() => rm(work, { recursive: true, force: true }));
  const fleetFile = join(work, 'fleet.json');
  await writeFile(fleetFile, JSON.stringify({ sites: [{ name: 'www', target: 'http://127.0.0.1:9/' }] }));
  const cases: { name: string; args: string[]; error: RegExp }[] = [
    { name: 'no fleet', args: ['serve'], error: /required option '--fleet <file>' not specified/ },
    { name: 'a port alone', args: ['serve', '--fleet', fleetFile, '--listen', '9115'], error: /--listen: expected HOST:PORT/ },
    { name: 'an address not of this machine', args: ['serve', '--fleet', fleetFile, '--listen', '192.0.2.1:9115'], error: /--listen 192\.0\.2\.1:9115: cannot listen there: EADDRNOTAVAIL/ },
    { name: 'an unknown site', args: ['serve', '--fleet', fleetFile, '--site', 'shop'], error: /--site shop: not in the fleet; its sites: www/ },
    { name: 'a bad fleet', args: ['serve', '--fleet', join(work, 'none.json')], error: /cannot read fleet file/ },
  ];
  for (const c of cases) {
    const ran = await cli(c.args);
    t.equal(ran.code, 2, `${c.name}: exit 2`);
    t.match(ran.stderr, c.error, c.name);
    t.equal(ran.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('(run wagtail-probe')).length, 1, `${c.name}: one line`);
  }
});
