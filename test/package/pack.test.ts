// `npm pack` gives a package that works: built on pack from a tree without
// dist/, holding the built code and its docs only, needing nothing from
// devDependencies, and, installed from the tarball into an empty prefix,
// a command that probes a real Wagtail stack profile.
//
// Two tarballs, made side by side: one from a copy of this tree without dist/
// (the `prepare` build runs, as on a fresh clone), and one from the working
// tree's dist/ (npm test has just built it) with --ignore-scripts, which is
// installed with --omit=dev and run.
import t, { type Test } from 'tap';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import ts from 'typescript';
import { loadStack } from '../stack/profiles.js';
import { VERSION } from '../../src/version.js';
import { ALL_PROBES } from '../../probes/index.js';
import { ROOT, readTarball, run, said, type Ran, type TarEntry } from './tools.js';

interface PackageJson {
  name: string;
  version: string;
  bin: Record<string, string>;
  main: string;
  types: string;
  exports: Record<string, Record<string, string>>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const TARBALL = `${pkg.name}-${pkg.version}.tgz`;

const scratch = await mkdtemp(join(tmpdir(), 'wagtail-probe-pack-'));
t.teardown(() => rm(scratch, { recursive: true, force: true }));

/** The .ts sources a build compiles, relative to the root: src/ and probes/, without hand-written .d.ts. */
/** The sources' .ts files; the JSON data they import (src/wagtail/data/) lands in dist/ as it is, pushed to `data`. */
function sources(dir: string, data: string[] = []): string[] {
  const found: string[] = [];
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(path);
      else if (entry.name.endsWith('.json')) data.push(path);
    }
  };
  walk('src');
  walk('probes');
  return found;
}

/** A copy of what a clean clone holds that the build and npm pack read: package files and sources, no dist/. */
async function cleanCopy(): Promise<string> {
  const copy = join(scratch, 'clone');
  await mkdir(copy);
  const top = (await readdir(ROOT)).filter((name) => /^(package(-lock)?\.json|tsconfig(\.build)?\.json|README\.md|LICEN[CS]E(\..*)?)$/i.test(name));
  for (const name of [...top, 'src', 'probes']) await cp(join(ROOT, name), join(copy, name), { recursive: true });
  // The dependencies as `npm ci` installed them; the copy's own dist/ does not exist yet.
  await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

/** `npm pack` in dir into a fresh folder; the tarball's path. */
async function pack(dir: string, destination: string, args: string[] = []): Promise<{ tarball: string; ran: Ran }> {
  await mkdir(destination, { recursive: true });
  const ran = await run('npm', ['pack', '--pack-destination', destination, ...args], { cwd: dir, timeoutMs: 150_000 });
  return { tarball: join(destination, TARBALL), ran };
}

// The clean copy's pack builds for a while: start it now, alongside the working tree's.
const fromClone = (async () => {
  const copy = await cleanCopy();
  const distBefore = existsSync(join(copy, 'dist'));
  return { copy, distBefore, ...(await pack(copy, join(scratch, 'clone-pack'))) };
})();
fromClone.catch(() => {}); // awaited by its test; no unhandled rejection meanwhile

function files(entries: TarEntry[]): string[] {
  return entries.filter((e) => e.type === '0').map((e) => e.path.replace(/^package\//, '')).sort();
}

/** What every tarball must be: the built code, its types, the README and package.json, nothing else. */
function checkContents(t: Test, entries: TarEntry[]): void {
  const paths = files(entries);
  t.ok(entries.every((e) => e.path.startsWith('package/')), 'every entry is under package/');
  t.same(paths.filter((p) => !/^dist\/(src|probes)\/.+\.(js|d\.ts)$/.test(p) && !/^dist\/src\/wagtail\/data\/[\w-]+\.json$/.test(p)).filter((p) => !/^LICEN[CS]E/i.test(p)), ['README.md', 'package.json'],
    'besides dist/src and dist/probes (.js and .d.ts, and the Wagtail data), only the README, package.json and a license');
  t.same(paths.filter((p) => /(^|\/)(test|bench|scripts|docs|node_modules)\//.test(p) || p.startsWith('src/') || p.startsWith('probes/')), [], 'no tests, bench, scripts, sources or stack');
  t.same(paths.filter((p) => p.endsWith('.map')), [], 'no source maps (they point at .ts files the package does not ship)');
  t.same(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts')), [], 'no TypeScript sources');

  const bin = entries.find((e) => e.path === `package/${pkg.bin['wagtail-probe']}`);
  t.ok(bin, `the bin ${pkg.bin['wagtail-probe']} is in the tarball`);
  t.match(bin?.data.toString('utf8').split('\n')[0], /^#!\/usr\/bin\/env node$/, 'the bin starts with a node shebang');
  t.ok(((bin?.mode ?? 0) & 0o111) !== 0, `the bin is executable (mode ${(bin?.mode ?? 0).toString(8)})`);
  for (const entry of [pkg.main, pkg.types, ...Object.values(pkg.exports['.'] ?? {})]) {
    t.ok(paths.includes(posix.normalize(entry)), `${entry} (main, types or exports) is in the tarball`);
  }
}

/**
 * Every import of the built code, static or dynamic, in .js and .d.ts: a
 * relative one must be a file of the tarball, a bare one node:* or a package
 * of `dependencies` (never of devDependencies, which --omit=dev leaves out).
 */
function checkImports(t: Test, entries: TarEntry[]): void {
  const paths = new Set(files(entries));
  const allowedPackages = new Set(Object.keys(pkg.dependencies));
  const builtins = new Set(builtinModules);
  const problems: string[] = [];
  let checked = 0;
  for (const entry of entries) {
    const file = entry.path.replace(/^package\//, '');
    if (!/\.(js|d\.ts)$/.test(file)) continue;
    const info = ts.preProcessFile(entry.data.toString('utf8'), true, true);
    for (const reference of info.typeReferenceDirectives) {
      if (reference.fileName !== 'node') problems.push(`${file}: /// <reference types="${reference.fileName}" />`);
    }
    for (const { fileName: specifier } of info.importedFiles) {
      checked += 1;
      if (specifier.startsWith('.')) {
        let target = posix.normalize(posix.join(posix.dirname(file), specifier));
        if (file.endsWith('.d.ts')) target = target.replace(/\.js$/, '.d.ts');
        if (!paths.has(target)) problems.push(`${file}: ${specifier} is not in the package`);
      } else if (specifier.startsWith('node:')) {
        if (!builtins.has(specifier.slice(5))) problems.push(`${file}: ${specifier} is no Node built-in`);
      } else {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!allowedPackages.has(name)) {
          problems.push(`${file}: ${specifier} is ${name in pkg.devDependencies ? 'a devDependency' : builtins.has(name) ? 'a built-in without node:' : 'not in dependencies'}`);
        }
      }
    }
  }
  t.ok(checked > 50, `${checked} imports read`);
  t.same(problems, [], 'every import resolves in an install with --omit=dev');
}

t.test('npm pack on a tree without dist/ builds it (prepare) and packs exactly the build', async (t) => {
  const { copy, distBefore, tarball, ran } = await fromClone;
  t.equal(distBefore, false, 'the copy starts without dist/');
  t.equal(ran.code, 0, said(ran));
  t.ok(existsSync(tarball), `${TARBALL} written`);
  if (!existsSync(tarball)) return;
  const entries = readTarball(readFileSync(tarball));
  checkContents(t, entries);
  checkImports(t, entries);
  // A clean build: each source compiled to .js and .d.ts, and no file left over from an older tree.
  const data: string[] = [];
  const expected = [...sources(copy, data).flatMap((source) => [`dist/${source.replace(/\.ts$/, '.js')}`, `dist/${source.replace(/\.ts$/, '.d.ts')}`]), ...data.map((d) => `dist/${d}`)].sort();
  t.same(files(entries).filter((p) => p.startsWith('dist/')), expected, 'dist/ holds the build of every source and nothing else');
});

t.test('a license file ships with the package', async (t) => {
  const { tarball } = await fromClone;
  t.ok(files(readTarball(readFileSync(tarball))).some((p) => /^LICEN[CS]E/i.test(p)), 'LICENSE in the tarball');
});



/**
 * The working tree's tarball, installed and run: npm test has just built
 * dist/, so this packs the build as it is (--ignore-scripts: no prepare), in
 * parallel with the clean copy's pack.
 */
const fromTree = (async () => {
  const bin = join(ROOT, pkg.bin['wagtail-probe']!);
  if (!existsSync(bin)) return { bin, built: false as const };
  const { tarball, ran: packed } = await pack(ROOT, join(scratch, 'tree-pack'), ['--ignore-scripts']);
  const outcome: { bin: string; built: true; binMode: number; tarball: string; packed: Ran; installed?: Ran; modules?: string[]; version?: Ran; probed?: Ran; imported?: Ran; global?: Ran; globalVersion?: Ran } = {
    bin, built: true, binMode: statSync(bin).mode, tarball, packed,
  };
  if (packed.code !== 0) return outcome;
  const prefix = join(scratch, 'prefix');
  const globalPrefix = join(scratch, 'global');
  await mkdir(prefix);
  // Into a project (the library's way), and the README's `npm install -g --prefix ~/.local` (the command's way), side by side.
  const installing = run('npm', ['install', '--prefix', prefix, tarball, '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: prefix, timeoutMs: 150_000 });
  const globally = run('npm', ['install', '-g', '--prefix', globalPrefix, tarball, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: scratch, timeoutMs: 150_000 });
  [outcome.installed, outcome.global] = await Promise.all([installing, globally]);
  if (outcome.global.code === 0) outcome.globalVersion = await run(join(globalPrefix, 'bin', 'wagtail-probe'), ['--version'], { cwd: scratch });
  if (outcome.installed.code !== 0) return outcome;
  outcome.modules = readdirSync(join(prefix, 'node_modules'));
  const command = join(prefix, 'node_modules', '.bin', 'wagtail-probe');
  outcome.version = await run(command, ['--version'], { cwd: prefix });
  const { hardened } = loadStack().profiles;
  if (hardened.caFile === null) throw new Error('the hardened profile has no CA file: is profiles.json from an older stack:up?');
  outcome.probed = await run(command, [hardened.baseUrl, '--no-config', '--ca', hardened.caFile, '--plain-http-url', hardened.httpUrl, '--probe', 'deploy-checks', '--format', 'json'], { cwd: prefix });
  // The library entry point, as `import { run } from 'wagtail-probe'` resolves it in a user's project.
  outcome.imported = await run(process.execPath, ['--input-type=module', '-e', "const m = await import('wagtail-probe'); console.log(JSON.stringify({ run: typeof m.run, version: m.VERSION, probes: m.ALL_PROBES.length }))"], { cwd: prefix });
  return outcome;
})();
fromTree.catch(() => {});

t.test('the working tree packs, installs with --omit=dev into an empty prefix, and probes a real stack profile', async (t) => {
  const tree = await fromTree;
  t.ok(tree.built, `${tree.bin} exists (run npm run build)`);
  if (!tree.built) return;
  t.ok((tree.binMode & 0o111) !== 0, `${tree.bin} is executable (npm run build sets it)`);
  t.equal(tree.packed.code, 0, said(tree.packed));
  if (tree.packed.code !== 0) return;
  const entries = readTarball(readFileSync(tree.tarball));
  checkContents(t, entries);
  checkImports(t, entries);

  t.equal(tree.installed?.code, 0, said(tree.installed));
  const modules = tree.modules ?? [];
  t.same(['typescript', 'tap', '@types', '@action-validator'].filter((name) => modules.includes(name)), [], 'no devDependency was installed');
  for (const name of Object.keys(pkg.dependencies)) t.ok(modules.includes(name.split('/')[0]!), `${name} installed`);

  t.equal(tree.version?.code, 0, said(tree.version));
  t.equal(tree.version?.stdout.trim(), VERSION, 'wagtail-probe --version');
  t.equal(tree.global?.code, 0, `npm install -g --prefix: ${said(tree.global)}`);
  t.equal(tree.globalVersion?.stdout.trim(), VERSION, 'the globally installed command is on <prefix>/bin and runs');

  const { hardened } = loadStack().profiles;
  t.equal(tree.probed?.code, 0, `the hardened profile passes deploy-checks: ${said(tree.probed)}`);
  const report = JSON.parse(tree.probed?.stdout || '{}') as { target?: string; tool?: { name: string; version: string }; outcome?: { status: string }; probes?: { id: string }[] };
  t.equal(report.target, hardened.baseUrl);
  t.same(report.probes?.map((p) => p.id), ['deploy-checks']);
  t.same(report.tool, { name: 'wagtail-probe', version: VERSION });
  t.equal(report.outcome?.status, 'complete');

  t.equal(tree.imported?.code, 0, said(tree.imported));
  t.same(JSON.parse(tree.imported?.stdout || '{}'), { run: 'function', version: VERSION, probes: ALL_PROBES.length });
});
