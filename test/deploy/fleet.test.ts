// The fleet manifests, checked as far as this machine can (no cluster, no
// Docker engine: see cronjob.test.ts): deploy/fleet-configmap.yaml's fleet is
// read by the tool's own parser; deploy/fleet-indexed-job.yaml is an Indexed
// Job whose pod count matches its --shards, whose shards each get sites and
// end inside its deadline; deploy/site-cronjobs.yaml has one CronJob per site
// it names; deploy/exporter.yaml serves on the port its Service and probes
// use. Every flag they give is one the built tool's --help lists, and the
// Indexed Job's command line is run for each index, with the ConfigMap's
// fleet (targets swapped for local sites) and a real Pushgateway: every site
// is pushed, once.

import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { parseFleet, resolveFleet, selectShard, type FleetFile } from '../../src/config/fleet.js';
import { probeMessageIds } from '../../src/engine/run.js';
import { cli, tempDir } from '../helpers/cli.js';
import { familySamples, startPushgateway } from '../helpers/pushgateway.js';
import { startLocalSite } from '../exporter/local-sites.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Doc = Record<string, any>;
function manifest(name: string): Doc[] {
  const path = join(ROOT, 'deploy', name);
  return parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as Doc;
  });
}

const configMap = manifest('fleet-configmap.yaml').find((d) => d.kind === 'ConfigMap') as Doc;
const fleetText = configMap?.data?.['fleet.json'] as string;
const fleet = parseFleet(fleetText, 'ConfigMap wagtail-probe-fleet fleet.json');
const indexed = manifest('fleet-indexed-job.yaml').find((d) => d.kind === 'CronJob') as Doc;
const siteCronJobs = manifest('site-cronjobs.yaml').filter((d) => d.kind === 'CronJob');
const exporterDocs = manifest('exporter.yaml');
const deployment = exporterDocs.find((d) => d.kind === 'Deployment') as Doc;
const service = exporterDocs.find((d) => d.kind === 'Service') as Doc;
/** The single-site CronJob: the image and pod hardening every manifest here shares. */
const reference = manifest('cronjob.yaml').find((d) => d.kind === 'CronJob') as Doc;

const podOf = (cronJob: Doc): Doc => cronJob.spec.jobTemplate.spec.template.spec as Doc;
const commandOf = (pod: Doc): string[] => [...(pod.containers[0].command ?? []), ...(pod.containers[0].args ?? [])];
const valueAfter = (command: readonly string[], flag: string): string | undefined => command[command.indexOf(flag) + 1];

/** The environment the manifest's Secrets would give: a placeholder for each variable it takes from one. */
function secretEnv(pod: Doc): Record<string, string> {
  return Object.fromEntries(((pod.containers[0].env ?? []) as Doc[]).filter((e) => e.valueFrom?.secretKeyRef).map((e) => [e.name as string, 'from-the-secret']));
}

/** Every flag `<command> --help` lists, and whether it takes a value. */
async function flagsOf(command: string): Promise<Map<string, boolean>> {
  const help = await cli([command, '--help']);
  if (help.code !== 0) throw new Error(help.stderr);
  const flags = new Map<string, boolean>();
  for (const match of help.stdout.slice(help.stdout.indexOf('Options:')).matchAll(/^\s+((?:-\w, )?--[\w-]+)( <[^>]+>| \[[^\]]+\])?/gm)) {
    for (const flag of match[1]!.split(', ')) flags.set(flag, match[2] !== undefined);
  }
  return flags;
}

async function checkFlags(t: Test, command: readonly string[], what: string): Promise<void> {
  const [bin, subcommand, ...args] = command;
  t.equal(bin, 'wagtail-probe', `${what}: runs the image's wagtail-probe`);
  const flags = await flagsOf(subcommand as string);
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    t.ok(arg.startsWith('-'), `${what}: ${arg} is a flag (no stray argument)`);
    t.ok(flags.has(arg), `${what}: ${arg} is a flag of wagtail-probe ${subcommand}`);
    if (flags.get(arg) === true) {
      t.ok(args[i + 1] !== undefined && !args[i + 1]!.startsWith('-'), `${what}: ${arg} has its value`);
      i += 1;
    }
  }
}

/** What every pod here shares with the single-site CronJob: its image, non-root, a read-only root, the fleet mounted. */
function checkPod(t: Test, pod: Doc, what: string): void {
  const container = pod.containers[0] as Doc;
  t.equal(pod.containers.length, 1, `${what}: one container`);
  t.equal(container.image, reference.spec.jobTemplate.spec.template.spec.containers[0].image, `${what}: the image deploy/Dockerfile builds (as cronjob.yaml)`);
  t.same(pod.securityContext, podOf(reference).securityContext, `${what}: the same pod securityContext`);
  t.same(container.securityContext, podOf(reference).containers[0].securityContext, `${what}: the same container securityContext`);
  const fleetPath = valueAfter(commandOf(pod), '--fleet') ?? '';
  const mount = (container.volumeMounts as Doc[]).find((m) => fleetPath.startsWith(`${m.mountPath}/`)) as Doc;
  t.ok(mount, `${what}: ${fleetPath} is inside a mount`);
  const volume = (pod.volumes as Doc[]).find((v) => v.name === mount?.name) as Doc;
  t.equal(volume?.configMap?.name, configMap.metadata.name, `${what}: the fleet ConfigMap`);
  t.equal(fleetPath.slice(`${mount?.mountPath}/`.length), 'fleet.json', `${what}: its fleet.json`);
}

t.test("the ConfigMap's fleet is one the tool reads and resolves", async (t) => {
  t.ok(fleet.sites.length >= 2, 'several sites');
  const resolved = await resolveFleet(fleet, { probeMessages: probeMessageIds(), sources: { env: secretEnv(podOf(indexed)) } });
  t.same(resolved.sites.map((s) => s.name), fleet.sites.map((s) => s.name).sort(), 'every site resolves');
  t.ok(resolved.sites.every((s) => s.options.runTimeoutMs > 0), 'every site has its own deadline');
});

t.test('the Indexed Job: a pod per shard, each with sites, each done before Kubernetes stops it', async (t) => {
  t.equal(indexed.apiVersion, 'batch/v1');
  t.equal(indexed.spec.concurrencyPolicy, 'Forbid', 'one fleet run at a time');
  const job = indexed.spec.jobTemplate.spec as Doc;
  t.equal(job.completionMode, 'Indexed', 'JOB_COMPLETION_INDEX is set in each pod');
  const command = commandOf(podOf(indexed));
  const shards = Number(valueAfter(command, '--shards'));
  t.equal(job.completions, shards, 'completions is --shards: an index per shard');
  t.equal(job.parallelism, shards, 'all shards at once');
  t.notOk(command.includes('--shard'), 'the index comes from Kubernetes, not a fixed --shard');
  t.equal(podOf(indexed).restartPolicy, 'Never');
  t.equal(job.backoffLimit, 0, 'a failed shard has pushed why: not retried');
  checkPod(t, podOf(indexed), 'Indexed Job');
  await checkFlags(t, command, 'Indexed Job');

  const parallel = Number(valueAfter(command, '--parallel-sites') ?? fleet.exporter?.parallelSites ?? 2);
  const resolved = await resolveFleet(fleet, { probeMessages: probeMessageIds(), sources: { env: secretEnv(podOf(indexed)) } });
  for (let index = 0; index < shards; index += 1) {
    const mine = selectShard(resolved.sites, { index, count: shards });
    t.ok(mine.length > 0, `shard ${index} has sites (${mine.map((s) => s.name).join(', ')}): no pod idles`);
    // Its sites run `parallel` at a time: the slowest possible pod is rounds × the longest runTimeout.
    const worst = Math.ceil(mine.length / parallel) * Math.max(...mine.map((s) => s.options.runTimeoutMs / 1000));
    t.ok(worst < job.activeDeadlineSeconds, `shard ${index}: ${worst} s at worst, inside activeDeadlineSeconds ${job.activeDeadlineSeconds}: each run stops itself and still pushes`);
  }
});

t.test('a CronJob per site, each naming a site of the fleet, once', async (t) => {
  t.ok(siteCronJobs.length >= 1);
  const named = siteCronJobs.map((cronJob) => valueAfter(commandOf(podOf(cronJob)), '--site'));
  t.same(new Set(named).size, named.length, 'no site twice');
  for (const [i, cronJob] of siteCronJobs.entries()) {
    const site = named[i] as string;
    t.ok(fleet.sites.some((s) => s.name === site), `--site ${site} is a site of the fleet`);
    t.equal(cronJob.metadata.name, `wagtail-probe-${site}`, 'named after it');
    t.match(cronJob.spec.schedule, /^(\S+\s+){4}\S+$/, 'a five-field schedule');
    t.equal(cronJob.spec.concurrencyPolicy, 'Forbid');
    const runTimeout = (fleet.sites.find((s) => s.name === site)?.runTimeout ?? fleet.defaults?.runTimeout) as number;
    t.ok(runTimeout < cronJob.spec.jobTemplate.spec.activeDeadlineSeconds, `${site}: its runTimeout ends the run before Kubernetes does`);
    checkPod(t, podOf(cronJob), cronJob.metadata.name);
    await checkFlags(t, commandOf(podOf(cronJob)), cronJob.metadata.name);
  }
});

t.test('the exporter: serve on the port its Service and health checks use', async (t) => {
  const pod = deployment.spec.template.spec as Doc;
  const container = pod.containers[0] as Doc;
  const command = commandOf(pod);
  t.equal(command[1], 'serve');
  t.equal(deployment.spec.replicas, 1, 'one replica: two would probe every site twice');
  const port = Number(/:(\d+)$/.exec(valueAfter(command, '--listen') ?? '')?.[1]);
  const named = (container.ports as Doc[]).find((p) => p.containerPort === port) as Doc;
  t.ok(named, `--listen's port ${port} is a containerPort`);
  t.equal(container.readinessProbe.httpGet.path, '/-/healthy');
  t.equal(container.readinessProbe.httpGet.port, named?.name, 'the health check uses it');
  t.equal(service.spec.ports[0].targetPort, named?.name, 'the Service sends to it');
  t.same(service.spec.selector, deployment.spec.selector.matchLabels, 'the Service selects the pod');
  checkPod(t, pod, 'exporter');
  await checkFlags(t, command, 'exporter');
});

t.test("each index of the Indexed Job, run with the ConfigMap's fleet, pushes its sites: every site once", async (t) => {
  const sites = await Promise.all(fleet.sites.map((_, i) => startLocalSite(t, `127.0.0.${i + 1}`)));
  const gateway = await startPushgateway();
  t.teardown(() => gateway.stop());
  const work = await tempDir();
  t.teardown(() => rm(work, { recursive: true, force: true }));
  await mkdir(join(work, 'config'));
  // The ConfigMap's fleet with each target swapped for a local site (and crawls kept short); nothing else changed.
  const local: FleetFile = {
    ...fleet,
    defaults: { ...fleet.defaults, crawl: { ...fleet.defaults?.crawl, maxPages: 5 } },
    sites: fleet.sites.map((site, i) => ({ ...site, target: sites[i]!.url, ...(site.crawl ? { crawl: { ...site.crawl, maxPages: 5 } } : {}) })),
  };
  await writeFile(join(work, 'config', 'fleet.json'), JSON.stringify(local));
  const pod = podOf(indexed);
  const args = commandOf(pod)
    .slice(1)
    .map((arg, i, all) => (all[i - 1] === '--push-gateway' ? gateway.url : all[i - 1] === '--fleet' ? arg.replace(/^\/config\//, `${work}/config/`) : arg));
  const shards = indexed.spec.jobTemplate.spec.completions as number;
  const seen: string[] = [];
  for (let index = 0; index < shards; index += 1) {
    const ran = await cli(args, { env: { JOB_COMPLETION_INDEX: String(index), ...secretEnv(pod) } });
    t.equal(ran.code, 0, `index ${index}: exit ${ran.code}: ${ran.stderr}`);
    t.match(ran.stdout, new RegExp(`^fleet: shard ${index}/${shards}: `, 'm'), `index ${index} ran its shard`);
    seen.push(...ran.stdout.split('\n').filter((l) => /^[a-z0-9._-]+: /.test(l) && !l.startsWith('fleet: ')).map((l) => l.slice(0, l.indexOf(':'))));
  }
  t.same(seen.sort(), fleet.sites.map((s) => s.name).sort(), 'the shards together ran every site once');
  const groups = await gateway.groups();
  for (const [i, site] of sites.entries()) {
    const group = groups.find((g) => g.labels.instance === new URL(site.url).host);
    t.ok(group, `${fleet.sites[i]?.name} pushed its group (instance ${new URL(site.url).host})`);
    t.same(group ? familySamples(group, 'wagtail_probe_success').map((s) => s.value) : [], ['1'], 'with its success');
  }
});
