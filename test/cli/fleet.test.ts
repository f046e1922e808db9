// `wagtail-probe check --fleet` as an operator runs it (the built CLI) against
// local sites (127.0.0.1, 127.0.0.2) and one that is down: a report per site,
// a summary line per site, the worst exit code, shards (--shard i/n and
// --shards n with $JOB_COMPLETION_INDEX), the cap on sites at once, and the
// usage errors that stop it before anything is crawled (exit 2).

import t, { type Test } from 'tap';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { cli, tempDir } from '../helpers/cli.js';
import { startLocalSite, type LocalSiteOptions } from '../exporter/local-sites.js';

async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

/** A fleet file in a fresh folder (the working directory of the run). */
async function fleetDir(t: Test, sites: { name: string; target: string }[], extra: object = {}): Promise<{ dir: string; file: string }> {
  const dir = await tempDir();
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'fleet.json');
  await writeFile(file, JSON.stringify({ defaults: { crawl: { maxPages: 5 }, http: { timeout: 2, retries: 0 } }, sites, ...extra }));
  return { dir, file };
}

t.test('a report per site, a summary line each, and the worst exit code', async (t) => {
  const one = await startLocalSite(t, '127.0.0.1');
  const two = await startLocalSite(t, '127.0.0.2');
  const down = await closedPortUrl();
  const { dir, file } = await fleetDir(t, [
    { name: 'two', target: two.url },
    { name: 'one', target: one.url },
    { name: 'down', target: down },
  ]);
  const ran = await cli(['check', '--fleet', file, '--format', 'json', '--format', 'prometheus', '--output', 'metrics/{site}.prom', '--output-dir', 'reports'], { cwd: dir });
  t.equal(ran.code, 3, `the worst of 0, 0 and 3: ${ran.stderr}`);
  t.same((await readdir(join(dir, 'reports'))).sort(), ['down.json', 'one.json', 'two.json'], '--output-dir: <site>.json for each');
  t.same((await readdir(join(dir, 'metrics'))).sort(), ['down.prom', 'one.prom', 'two.prom'], '{site} in --output');
  const report = JSON.parse(await readFile(join(dir, 'reports', 'two.json'), 'utf8')) as { target: string; outcome: { status: string } };
  t.same([report.target, report.outcome.status], [two.url, 'complete'], "each report is its own site's");
  t.match(await readFile(join(dir, 'metrics', 'down.prom'), 'utf8'), /wagtail_probe_success\{target="http:\/\/127\.0\.0\.1:\d+\/"\} 0/, "the down site's metrics say so");
  const lines = ran.stdout.trimEnd().split('\n');
  t.equal(lines.length, 4, 'a line per site and one for the fleet');
  t.match(lines[0], /^down: NOT PROBED \(exit 3\): could not probe/, 'sorted by name');
  t.match(lines[1], /^one: PASS \(exit 0\): .*\(\d+ errors?, \d+ warnings?, \d+ info; \d+ requests; [\d.]+ s\)$/);
  t.match(lines[2], /^two: PASS \(exit 0\)/);
  t.equal(lines[3], 'fleet: 3 sites; 2 exit 0, 1 exit 3; exit 3');
  t.ok(one.requests() > 0 && two.requests() > 0, 'both sites were crawled');

  const quiet = await cli(['check', '--fleet', file, '--site', 'one', '--site', 'two', '-q'], { cwd: dir });
  t.same([quiet.code, quiet.stdout], [0, ''], '--site picks sites; --quiet prints nothing; both pass: exit 0');
});

t.test('shards: --shard i/n, or --shards n in an Indexed Job, split the fleet by name', async (t) => {
  const sites = await Promise.all(['127.0.0.1', '127.0.0.2', '127.0.0.1'].map((host) => startLocalSite(t, host)));
  const { dir, file } = await fleetDir(t, sites.map((site, i) => ({ name: ['c', 'a', 'b'][i] as string, target: site.url })));
  const siteLines = (stdout: string) => stdout.split('\n').filter((l) => /^[abc]: /.test(l)).map((l) => l.slice(0, 1));
  const first = await cli(['check', '--fleet', file, '--shard', '0/2'], { cwd: dir });
  t.equal(first.code, 0, first.stderr);
  t.same(siteLines(first.stdout), ['a', 'c'], 'shard 0 of 2: the 1st and 3rd by name');
  t.match(first.stdout, /^fleet: shard 0\/2: 2 of 3 sites; 2 exit 0; exit 0$/m);
  const second = await cli(['check', '--fleet', file, '--shards', '2'], { cwd: dir, env: { JOB_COMPLETION_INDEX: '1' } });
  t.equal(second.code, 0, second.stderr);
  t.same(siteLines(second.stdout), ['b'], 'JOB_COMPLETION_INDEX=1 of --shards 2: the 2nd');
  t.equal(sites[0]!.requests() > 0 && sites[1]!.requests() > 0 && sites[2]!.requests() > 0, true, 'every site crawled by one shard or the other');
  const outside = await cli(['check', '--fleet', file, '--shards', '2'], { cwd: dir, env: { JOB_COMPLETION_INDEX: '' } });
  t.equal(outside.code, 2, '--shards outside an Indexed Job is a usage error');
  t.match(outside.stderr, /JOB_COMPLETION_INDEX is not a whole number/);
});

t.test('--parallel-sites caps the sites probed at once', async (t) => {
  let busy = 0;
  let most = 0;
  const perSite = new Map<string, number>();
  const watch = (name: string): LocalSiteOptions => ({
    delayMs: 30,
    onActivity: (delta) => {
      const before = perSite.get(name) ?? 0;
      perSite.set(name, before + delta);
      if (before === 0 && delta === 1) busy += 1;
      if (before === 1 && delta === -1) busy -= 1;
      most = Math.max(most, busy);
    },
  });
  const sites = await Promise.all(['a', 'b', 'c'].map((name, i) => startLocalSite(t, `127.0.0.${i + 1}`, watch(name))));
  const { dir, file } = await fleetDir(t, sites.map((site, i) => ({ name: ['a', 'b', 'c'][i] as string, target: site.url })));
  const one = await cli(['check', '--fleet', file, '--parallel-sites', '1', '-q'], { cwd: dir });
  t.equal(one.code, 0, one.stderr);
  t.equal(most, 1, '--parallel-sites 1: one site at a time');
  most = 0;
  const three = await cli(['check', '--fleet', file, '--parallel-sites', '3', '-q'], { cwd: dir });
  t.equal(three.code, 0, three.stderr);
  t.ok(most > 1, `--parallel-sites 3: sites overlap (${most} at once)`);
});

t.test('usage errors: exit 2, one line, nothing crawled', async (t) => {
  const site = await startLocalSite(t, '127.0.0.1');
  const { dir, file } = await fleetDir(t, [
    { name: 'www', target: site.url },
    { name: 'shop', target: site.url },
  ]);
  const bad = join(dir, 'bad.json');
  await writeFile(bad, JSON.stringify({ sites: [{ name: 'www', target: site.url, crawl: { maxPages: 'all' } }] }));
  const cases: { name: string; args: string[]; error: RegExp }[] = [
    { name: 'a URL too', args: ['check', site.url, '--fleet', file], error: /a URL \(.*\) and --fleet: the fleet file names the sites/ },
    { name: '--config too', args: ['check', '--fleet', file, '--config', 'x.json'], error: /--config and --fleet: give one/ },
    { name: 'a report to standard output', args: ['check', '--fleet', file, '--format', 'json'], error: /--format json: a fleet writes one report per site, to files/ },
    { name: 'one file for two sites', args: ['check', '--fleet', file, '--format', 'json', '--output', 'all.json'], error: /all\.json would hold the reports of both "shop" and "www": put \{site\} in it/ },
    { name: 'a bad site', args: ['check', '--fleet', bad], error: /bad\.json: site "www": crawl\.maxPages: expected a number, got the string "all"/ },
    { name: 'a missing file', args: ['check', '--fleet', join(dir, 'none.json')], error: /cannot read fleet file .*none\.json: ENOENT/ },
    { name: 'an unknown --site', args: ['check', '--fleet', file, '--site', 'blog'], error: /--site blog: not in the fleet; its sites: shop, www/ },
    { name: '--shard without --fleet', args: ['check', site.url, '--shard', '0/2'], error: /--shard: only with --fleet FILE/ },
    { name: '--shard past the count', args: ['check', '--fleet', file, '--shard', '2/2'], error: /--shard: the shard index counts from 0/ },
    { name: '--parallel-sites 0', args: ['check', '--fleet', file, '--parallel-sites', '0'], error: /--parallel-sites must be 1 or more/ },
  ];
  for (const c of cases) {
    const ran = await cli(c.args, { cwd: dir });
    t.equal(ran.code, 2, `${c.name}: exit 2`);
    t.match(ran.stderr, c.error, c.name);
    t.equal(ran.stderr.trimEnd().split('\n').length, 1, `${c.name}: one line`);
  }
  t.equal(site.requests(), 0, 'nothing was crawled');
});
