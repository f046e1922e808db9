// deploy/cronjob.yaml and deploy/Dockerfile, checked as far as this machine
// can: there is no Docker engine here (nor a Kubernetes cluster), so the image
// is never built and the manifest never applied. Instead:
// - the manifest is parsed with `yaml` and its CronJob held to what a monitor
//   needs (schedule, Forbid, a deadline, Never, non-root, read-only root);
// - the image it names is the one deploy/Dockerfile builds: the base image the
//   manifest's annotation assumes is the Dockerfile's FROM, and the command's
//   first word is what the Dockerfile's install step puts on the PATH (the
//   package's `bin`, installed globally from the `npm pack` tarball);
// - that tarball is packed and unpacked here, and its own bin (what the image
//   would run) gives the `check --help` every flag of the command is checked
//   against;
// - and the CronJob's command line, with the ConfigMap's config, is run from
//   that unpacked tarball against the hardened stack profile and a real
//   Pushgateway: only the site URL and its CA are added, and the gateway's
//   address swapped for the local one.

import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { parseConfig } from '../../src/config/config.js';
import { spawnNode, tempDir } from '../helpers/cli.js';
import { familySamples, promtoolCheck, startPushgateway } from '../helpers/pushgateway.js';
import { loadStack } from '../stack/profiles.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MANIFEST = join(ROOT, 'deploy/cronjob.yaml');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string>; dependencies: Record<string, string> };

type Doc = Record<string, any>;
const docs = parseAllDocuments(readFileSync(MANIFEST, 'utf8')).map((doc) => {
  if (doc.errors.length > 0) throw new Error(`${MANIFEST}: ${doc.errors.map((e) => e.message).join('; ')}`);
  return doc.toJS() as Doc;
});
const cronJob = docs.find((d) => d.kind === 'CronJob') as Doc;
const configMap = docs.find((d) => d.kind === 'ConfigMap') as Doc;
const podSpec = cronJob?.spec?.jobTemplate?.spec?.template?.spec as Doc;
const container = podSpec?.containers?.[0] as Doc;
const command = [...(container?.command ?? []), ...(container?.args ?? [])] as string[];

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; value: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), value: rest.join(' ') };
    });
}

let unpacking: ReturnType<typeof unpack> | undefined;
/** The repository packed and unpacked once for this file. */
const unpackedPackage = (): ReturnType<typeof unpack> => (unpacking ??= unpack());

/** Packs the repository as the image build does, and unpacks it: the package folder, with its production dependencies. */
async function unpack(): Promise<{ dir: string; filename: string; files: string[] }> {
  const dir = await tempDir();
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  // --ignore-scripts: pack the dist/ that npm test just built, without rebuilding it under the other test files' feet.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' })) as {
    filename: string;
    files: { path: string }[];
  }[];
  const { filename, files } = packed[0]!;
  execFileSync('tar', ['-xzf', join(dir, filename), '-C', dir]);
  // What `npm install --global --omit=dev` adds in the image: the production dependencies only (here, links to
  // the clone's, whose own dependencies resolve from where they really are), so an import of a dev dependency fails here too.
  for (const name of Object.keys(pkg.dependencies)) {
    const link = join(dir, 'package', 'node_modules', name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(join(ROOT, 'node_modules', name), link);
  }
  return { dir: join(dir, 'package'), filename, files: files.map((f) => f.path) };
}

/** Every flag `check --help` lists, and whether it takes a value. */
function flagsOf(help: string): Map<string, boolean> {
  const flags = new Map<string, boolean>();
  const options = help.slice(help.indexOf('Options:'));
  for (const match of options.matchAll(/^\s+((?:-\w, )?--[\w-]+)( <[^>]+>| \[[^\]]+\])?/gm)) {
    for (const flag of match[1]!.split(', ')) flags.set(flag, match[2] !== undefined);
  }
  return flags;
}

t.test('the manifest is a ConfigMap and a batch/v1 CronJob a monitor can rely on', async (t) => {
  t.ok(cronJob, 'a CronJob');
  t.equal(cronJob.apiVersion, 'batch/v1');
  t.match(cronJob.spec.schedule, /^(\S+\s+){4}\S+$/, 'a five-field schedule');
  t.equal(cronJob.spec.concurrencyPolicy, 'Forbid', 'one run at a time');
  const job = cronJob.spec.jobTemplate.spec as Doc;
  t.ok(Number.isInteger(job.activeDeadlineSeconds) && job.activeDeadlineSeconds > 0, 'a deadline');
  t.equal(job.backoffLimit, 0, 'a failed run is not retried: it already pushed why');
  t.equal(podSpec.restartPolicy, 'Never');
  t.equal(podSpec.containers.length, 1, 'one container');
  t.equal(podSpec.securityContext.runAsNonRoot, true, 'non-root');
  t.ok(podSpec.securityContext.runAsUser > 0, 'a non-root uid');
  t.equal(container.securityContext.allowPrivilegeEscalation, false);
  t.equal(container.securityContext.readOnlyRootFilesystem, true, 'the tool writes no file: a read-only root is fine');
  t.same(container.securityContext.capabilities.drop, ['ALL']);

  // The config: --config names a file of the ConfigMap, mounted where the command looks.
  t.equal(configMap?.apiVersion, 'v1');
  const configPath = command[command.indexOf('--config') + 1] ?? '';
  const mount = (container.volumeMounts as Doc[]).find((m) => configPath.startsWith(`${m.mountPath}/`)) as Doc;
  t.ok(mount, `${configPath} is inside a volume mount`);
  const volume = (podSpec.volumes as Doc[]).find((v) => v.name === mount?.name) as Doc;
  t.equal(volume?.configMap?.name, configMap.metadata.name, 'that volume is the ConfigMap');
  const key = configPath.slice(`${mount?.mountPath}/`.length);
  t.type(configMap.data[key], 'string', `the ConfigMap has ${key}`);
  const config = parseConfig(configMap.data[key], `ConfigMap ${key}`);
  t.ok(config.target, 'the config names the target');
  t.ok(config.runTimeout !== undefined && config.runTimeout > 0 && config.runTimeout < job.activeDeadlineSeconds,
    `the run's own deadline (${config.runTimeout} s) ends it before Kubernetes does (${job.activeDeadlineSeconds} s), so it still pushes`);
  t.ok(command.includes('--push-gateway'), 'it pushes with the tool itself');
});

t.test("the image is deploy/Dockerfile's, and has the command the CronJob runs", async (t) => {
  const dockerfilePath = cronJob.metadata.annotations['wagtail-probe/dockerfile'] as string;
  const dockerfile = instructions(await readFile(join(ROOT, dockerfilePath), 'utf8'));
  const from = dockerfile.filter((i) => i.op === 'FROM');
  t.equal(from.length, 1, 'one stage');
  t.equal(from[0]?.value, cronJob.metadata.annotations['wagtail-probe/base-image'], 'the base image the manifest assumes');
  t.equal(from[0]?.value, 'node:20-slim');
  const user = dockerfile.filter((i) => i.op === 'USER').at(-1)?.value;
  t.ok(user !== undefined && user !== 'root' && user !== '0', `it ends as a non-root user (${user})`);
  // node:20-slim's node user is uid 1000: what the pod's securityContext runs as.
  t.equal(user, 'node');
  t.equal(podSpec.securityContext.runAsUser, 1000);

  // The install step: the packed tarball, installed globally, puts the package's bins in /usr/local/bin.
  const copy = dockerfile.find((i) => i.op === 'COPY')?.value.split(/\s+/)[0] ?? '';
  const install = dockerfile.find((i) => i.op === 'RUN' && /\bnpm install --global\b/.test(i.value))?.value ?? '';
  t.ok(install.includes(`/tmp/${copy}`), `the RUN step installs the copied tarball (${copy})`);
  const { filename, files, dir } = await unpackedPackage();
  t.ok(new RegExp(`^${copy.replace(/[.+]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(filename), `npm pack's ${filename} matches the COPY ${copy}`);
  const [first] = command;
  t.ok(first !== undefined && first in pkg.bin, `the command's first word (${first}) is a bin of the package: ${Object.keys(pkg.bin).join(', ')}`);
  t.notOk(['sh', 'bash', 'curl', 'wget', 'npx'].includes(first ?? ''), 'no shell, no curl, no npx fetching from a registry at run time');
  const binPath = pkg.bin[first ?? ''] ?? '';
  t.ok(files.includes(binPath), `the tarball holds ${binPath}`);
  t.match(await readFile(join(dir, binPath), 'utf8'), /^#!\/usr\/bin\/env node\n/, 'with a node shebang (node:20-slim has /usr/bin/env and node)');

  // The README's build commands make this image from this Dockerfile.
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const build = /docker build -t (\S+) (\S+)/.exec(readme);
  t.equal(build?.[1], container.image, "the README's docker build tags the image the CronJob names");
  t.equal(`${build?.[2]}/Dockerfile`, dockerfilePath, "the README's build context is the Dockerfile's folder");
  t.match(readme, new RegExp(`npm pack --pack-destination ${build?.[2]}\\b`), 'and the tarball is packed into it');
});

t.test("every flag of the command is one the packed tool's check --help lists", async (t) => {
  const { dir } = await unpackedPackage();
  const bin = join(dir, pkg.bin[command[0] ?? ''] ?? '');
  const help = await spawnNode(bin, ['check', '--help']);
  t.equal(help.code, 0, help.stderr);
  const flags = flagsOf(help.stdout);
  t.ok(flags.get('--push-gateway') === true && flags.get('--config') === true && flags.has('--quiet'), 'the help was read');
  const args = command.slice(1);
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) continue;
    t.ok(flags.has(arg), `${arg} is a flag of wagtail-probe check`);
    if (flags.get(arg) === true) {
      t.ok(args[i + 1] !== undefined && !args[i + 1]!.startsWith('-'), `${arg} has its value`);
      i += 1;
    }
  }
});

t.test("the CronJob's command line, with the ConfigMap's config, pushes a run of the hardened profile", async (t) => {
  const hardened = loadStack().profiles.hardened;
  const gateway = await startPushgateway();
  t.teardown(() => gateway.stop());
  const { dir } = await unpackedPackage();
  const work = await tempDir();
  t.teardown(() => rm(work, { recursive: true, force: true }));
  const configDir = join(work, 'config');
  await mkdir(configDir);
  for (const [key, text] of Object.entries(configMap.data as Record<string, string>)) await writeFile(join(configDir, key), text);
  const args = command.slice(1).map((arg, i, all) => {
    if (all[i - 1] === '--push-gateway') return gateway.url;
    if (all[i - 1] === '--config') return arg.replace(/^\/config\//, `${configDir}/`);
    return arg;
  });
  // The only additions: the site (the command line wins over the config's target, never contacted) and its CA.
  const ran = await spawnNode(join(dir, pkg.bin[command[0] ?? ''] ?? ''), [hardened.baseUrl, ...args, '--ca', hardened.caFile ?? '']);
  t.ok(ran.code === 0 || ran.code === 1, `exit ${ran.code}: ${ran.stderr}`);
  t.match(ran.stdout, /wagtail-probe/, 'the pretty verdict is in the log');
  const group = (await gateway.groups()).find((g) => g.labels.job === 'wagtail_probe' && g.labels.instance === new URL(hardened.baseUrl).host);
  t.ok(group, `the gateway holds the group job=wagtail_probe instance=${new URL(hardened.baseUrl).host}`);
  t.same(familySamples(group!, 'wagtail_probe_success').map((s) => s.value), [ran.code === 0 ? '1' : '0'], 'success as the exit code says');
  const lint = promtoolCheck(await gateway.scrape());
  t.equal(lint.status, 0, `promtool check metrics on the gateway's /metrics: ${lint.output}`);
});
