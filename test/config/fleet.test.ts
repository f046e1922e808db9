// The fleet config: its shape and one-line errors (naming the site and the key
// path), how defaults, a site and the command line layer, and which sites a
// shard takes.

import t from 'tap';
import { ConfigError } from '../../src/config/schema.js';
import {
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_PARALLEL_SITES,
  chooseShard,
  forSite,
  parseFleet,
  parseShard,
  resolveFleet,
  selectNamed,
  selectShard,
} from '../../src/config/fleet.js';
import { probeMessageIds } from '../../src/engine/run.js';

const probeMessages = probeMessageIds();
const env = { env: {} };

t.test('a fleet file: sites by name over shared defaults, JSONC like the single-site config', async (t) => {
  const file = parseFleet(
    `{
      // comments and trailing commas, as in wagtail-probe.config.json
      "defaults": { "crawl": { "maxPages": 50, "concurrency": 2 }, "failOn": "warning", "private": { "pages": ["https://shared.example/private/"] } },
      "exporter": { "interval": 600 },
      "sites": [
        { "name": "www", "target": "https://www.example.com/", "crawl": { "maxPages": 10 }, "private": { "documents": ["https://www.example.com/documents/1/a.pdf"] } },
        { "name": "shop", "target": "https://shop.example.com/", "interval": 120, "failOn": "error", "reports": [{ "format": "json", "output": "out/{site}.json" }] },
      ],
    }`,
    'fleet.json',
  );
  const fleet = await resolveFleet(file, { probeMessages, sources: env });
  t.same(fleet.sites.map((s) => s.name), ['shop', 'www'], 'sorted by name');
  const [shop, www] = fleet.sites;
  t.equal(www?.options.crawl.maxPages, 10, "the site's own key wins");
  t.equal(www?.options.crawl.concurrency, 2, 'a key it does not set comes from the defaults (objects merge key by key)');
  t.equal(www?.options.failOn, 'warning');
  t.equal(shop?.options.failOn, 'error');
  t.same(www?.options.privateCanaries, { documents: ['https://www.example.com/documents/1/a.pdf'], pages: ['https://shared.example/private/'] }, 'canaries add up');
  t.equal(www?.intervalMs, 600_000, "the fleet's exporter interval");
  t.equal(shop?.intervalMs, 120_000, "a site's own interval wins");
  t.same(shop?.reports, [{ format: 'json', output: 'out/shop.json' }], '{site} in an output path is the name');
  t.equal(fleet.parallelSites, DEFAULT_PARALLEL_SITES);

  const overridden = await resolveFleet(file, { probeMessages, sources: env, overrides: { crawl: { maxPages: 3 }, failOn: 'never' }, parallelSites: 5 });
  t.same(overridden.sites.map((s) => [s.options.crawl.maxPages, s.options.failOn]), [[3, 'never'], [3, 'never']], 'the command line wins over every site');
  t.equal(overridden.parallelSites, 5, '--parallel-sites wins');
  const plain = await resolveFleet(parseFleet('{"sites": [{"name": "a", "target": "https://a.example/"}]}', 'f'), { probeMessages, sources: env });
  t.equal(plain.sites[0]?.intervalMs, DEFAULT_INTERVAL_SECONDS * 1000, 'the default interval');
});

t.test('errors are one line with the file, the site and the key path', async (t) => {
  const site = (extra: string) => `{"sites": [{"name": "www", "target": "https://www.example.com/"${extra}}]}`;
  const cases: { name: string; text: string; error: RegExp }[] = [
    { name: 'not JSON', text: '{"sites": [', error: /^fleet\.json: not valid JSON at line 1, column 12: / },
    { name: 'not an object', text: '[]', error: /^fleet\.json: config: expected an object, got an array$/ },
    { name: 'no sites', text: '{}', error: /^fleet\.json: sites: required/ },
    { name: 'empty sites', text: '{"sites": []}', error: /^fleet\.json: sites: expected a non-empty array/ },
    { name: 'unknown top-level key', text: '{"site": [], "sites": []}', error: /^fleet\.json: site: unknown key \(did you mean "sites"\?\)/ },
    { name: 'a target in the defaults', text: `{"defaults": {"target": "https://x.example/"}, "sites": [{"name": "a", "target": "https://a.example/"}]}`, error: /^fleet\.json: defaults\.target: unknown key/ },
    { name: 'a bad key in the defaults', text: `{"defaults": {"crawl": {"maxPages": "ten"}}, "sites": [{"name": "a", "target": "https://a.example/"}]}`, error: /^fleet\.json: defaults\.crawl\.maxPages: expected a number/ },
    { name: "a site's bad key", text: site(', "http": {"timeout": "slow"}'), error: /^fleet\.json: site "www": http\.timeout: expected a number, got the string "slow"$/ },
    { name: "a site's unknown key", text: site(', "maxPages": 3'), error: /^fleet\.json: site "www": maxPages: unknown key/ },
    { name: 'a site without a name', text: '{"sites": [{"target": "https://a.example/"}]}', error: /^fleet\.json: sites\[0\]: name: required$/ },
    { name: 'a site without a target', text: '{"sites": [{"name": "a"}]}', error: /^fleet\.json: site "a": target: required$/ },
    { name: 'a name that is no file name', text: '{"sites": [{"name": "../www", "target": "https://a.example/"}]}', error: /^fleet\.json: site "\.\.\/www": name: expected lower-case letters/ },
    { name: 'an upper-case name', text: '{"sites": [{"name": "WWW", "target": "https://a.example/"}]}', error: /name: expected lower-case/ },
    { name: 'a name twice', text: '{"sites": [{"name": "a", "target": "https://a.example/"}, {"name": "a", "target": "https://b.example/"}]}', error: /^fleet\.json: site "a": name: listed twice$/ },
    { name: 'a zero interval', text: site(', "interval": 0'), error: /site "www": interval: expected a number from 1 to/ },
  ];
  for (const c of cases) {
    t.throws(() => parseFleet(c.text, 'fleet.json'), { name: 'ConfigError', message: c.error }, c.name);
  }
  const unresolvable = parseFleet(site(', "probes": ["no-such-probe"]'), 'fleet.json');
  await t.rejects(resolveFleet(unresolvable, { probeMessages, sources: env }), { message: /^site "www": probes: no probe "no-such-probe"/ }, 'resolving names the site too');
  const badTarget = parseFleet('{"sites": [{"name": "a", "target": "ftp://a.example/"}]}', 'fleet.json');
  await t.rejects(resolveFleet(badTarget, { probeMessages, sources: env }), ConfigError, 'a target that is no http(s) URL');
});

t.test('shards: the sites sorted by name, site i to shard i mod n, each in exactly one', async (t) => {
  const sites = ['delta', 'alpha', 'echo', 'charlie', 'bravo'].map((name) => ({ name }));
  const cases: { shard: { index: number; count: number } | null; names: string[] }[] = [
    { shard: null, names: ['alpha', 'bravo', 'charlie', 'delta', 'echo'] },
    { shard: { index: 0, count: 1 }, names: ['alpha', 'bravo', 'charlie', 'delta', 'echo'] },
    { shard: { index: 0, count: 2 }, names: ['alpha', 'charlie', 'echo'] },
    { shard: { index: 1, count: 2 }, names: ['bravo', 'delta'] },
    { shard: { index: 2, count: 3 }, names: ['charlie'] },
    { shard: { index: 6, count: 7 }, names: [] },
  ];
  for (const c of cases) t.same(selectShard(sites, c.shard).map((s) => s.name), c.names, c.shard ? `${c.shard.index}/${c.shard.count}` : 'no shard');
  for (const count of [1, 2, 3, 4, 7]) {
    const all = Array.from({ length: count }, (_, index) => selectShard(sites, { index, count }).map((s) => s.name)).flat();
    t.same(all.sort(), sites.map((s) => s.name).sort(), `${count} shards: every site once`);
  }
  t.same(selectShard([...sites].reverse(), { index: 0, count: 2 }), selectShard(sites, { index: 0, count: 2 }), 'the order of the file does not matter');
  t.same(selectShard([{ name: 'b' }, { name: 'B-x' }, { name: 'a' }], null).map((s) => s.name), ['B-x', 'a', 'b'], 'code-point order, the same on every machine');
});

t.test('--shard i/n, or --shards n with $JOB_COMPLETION_INDEX (0-based, as Kubernetes sets it)', async (t) => {
  const cases: { name: string; flags: { shard?: string; shards?: number }; env?: Record<string, string>; shard?: { index: number; count: number } | null; error?: RegExp }[] = [
    { name: 'neither', flags: {}, shard: null },
    { name: 'neither, even in an Indexed Job', flags: {}, env: { JOB_COMPLETION_INDEX: '1' }, shard: null },
    { name: '--shard 0/3', flags: { shard: '0/3' }, shard: { index: 0, count: 3 } },
    { name: '--shard 2/3', flags: { shard: '2/3' }, shard: { index: 2, count: 3 } },
    { name: '--shard wins over the environment', flags: { shard: '1/2' }, env: { JOB_COMPLETION_INDEX: '0' }, shard: { index: 1, count: 2 } },
    { name: '--shard 3/3 (1-based by mistake)', flags: { shard: '3/3' }, error: /counts from 0 and must be below the count 3, got 3/ },
    { name: '--shard 0/0', flags: { shard: '0/0' }, error: /count must be 1 or more/ },
    { name: '--shard 1', flags: { shard: '1' }, error: /expected INDEX\/COUNT/ },
    { name: '--shard -1/2', flags: { shard: '-1/2' }, error: /expected INDEX\/COUNT/ },
    { name: '--shards with the index', flags: { shards: 4 }, env: { JOB_COMPLETION_INDEX: '3' }, shard: { index: 3, count: 4 } },
    { name: '--shards without it', flags: { shards: 4 }, error: /JOB_COMPLETION_INDEX is not set/ },
    { name: '--shards with an index past it', flags: { shards: 4 }, env: { JOB_COMPLETION_INDEX: '4' }, error: /JOB_COMPLETION_INDEX=4: the shard index counts from 0/ },
    { name: '--shards with a bad index', flags: { shards: 4 }, env: { JOB_COMPLETION_INDEX: 'x' }, error: /is not a whole number/ },
    { name: 'both', flags: { shard: '0/2', shards: 2 }, error: /give one/ },
  ];
  for (const c of cases) {
    if (c.error) t.throws(() => chooseShard(c.flags, c.env ?? {}), { name: 'ConfigError', message: c.error }, c.name);
    else t.same(chooseShard(c.flags, c.env ?? {}), c.shard, c.name);
  }
  t.same(parseShard(' 1/2 '), { index: 1, count: 2 }, 'spaces around are fine');
});

t.test('--site picks sites by name; {site} in paths', async (t) => {
  const sites = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];
  t.same(selectNamed(sites, []), sites, 'none named: all');
  t.same(selectNamed(sites, ['c', 'a']).map((s) => s.name), ['a', 'c'], 'in fleet order');
  t.throws(() => selectNamed(sites, ['a', 'd']), { message: '--site d: not in the fleet; its sites: a, b, c' });
  t.equal(forSite('reports/{site}/{site}.json', 'www'), 'reports/www/www.json');
  t.equal(forSite('report.json', 'www'), 'report.json');
});
