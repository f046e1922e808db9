// scripts/wagtail-fingerprints.py reproduces the committed fingerprints from
// wheels already on disk: the stack's virtualenv (8.0.1, installed) and a
// cached 7.0.10 wheel. No network: --offline, and the release list is given.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';

const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/wagtail-fingerprints.py');
const DATA = join(ROOT, 'src/wagtail/data/fingerprints.json');
const CACHE = join(homedir(), '.cache/wagtail-probe');
const WHEELS = join(CACHE, 'wheels');
const SECOND = '7.0.10';

/**
 * A stack virtualenv's site-packages with this Wagtail installed: stack:up
 * builds one per release the profiles run (8.0.1, and 7.0.10 for wagtail-7.0).
 */
function stackSitePackages(release: string): string | null {
  if (!existsSync(CACHE)) return null;
  for (const venv of readdirSync(CACHE).filter((d) => d.startsWith('venv-'))) {
    const sitePackages = join(CACHE, venv, 'lib/python3.11/site-packages');
    if (existsSync(join(sitePackages, `wagtail-${release}.dist-info`))) return sitePackages;
  }
  return null;
}

function run(args: string[]): { status: number | null; out: string } {
  const result = spawnSync('python3', [SCRIPT, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

const sitePackages = stackSitePackages('8.0.1');
// The second release from its stack virtualenv, else from a wheel the script cached.
const secondSitePackages = stackSitePackages(SECOND);
const secondWheel = existsSync(WHEELS) && readdirSync(WHEELS).some((f) => f.startsWith(`wagtail-${SECOND}-`));
const missing = [
  sitePackages === null ? 'the stack virtualenv with Wagtail 8.0.1 (npm run stack:up builds it)' : '',
  secondSitePackages !== null || secondWheel ? '' : `Wagtail ${SECOND}: the wagtail-7.0 profile's virtualenv (npm run stack:up builds it) or a wheel in ${WHEELS}`,
].filter(Boolean);

t.test('the committed entries for 8.0.1 and 7.0.10 are what their files hash to', { skip: missing.length > 0 ? `needs ${missing.join(' and ')}` : false }, async (t) => {
  const secondInput = secondSitePackages !== null ? ['--site-packages', secondSitePackages] : [];
  const args = ['--offline', '--site-packages', sitePackages as string, ...secondInput, '--wheel-dir', WHEELS, '--releases', `${SECOND},8.0.1`];
  const checked = run([...args, '--check', DATA]);
  t.equal(checked.status, 0, checked.out);
  t.match(checked.out, /checked \d+ paths for 7\.0\.10, 8\.0\.1: 0 problem\(s\)/);

  // The check can fail: a committed hash moved to another release is caught.
  const dir = mkdtempSync(join(tmpdir(), 'fingerprints-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const data = JSON.parse(readFileSync(DATA, 'utf8')) as { files: Record<string, Record<string, string[]>> };
  const coreJs = data.files['wagtailadmin/js/core.js'] as Record<string, string[]>;
  for (const releases of Object.values(coreJs)) releases.splice(0, releases.length, ...releases.filter((r) => r !== '8.0.1'));
  const tampered = join(dir, 'tampered.json');
  writeFileSync(tampered, JSON.stringify(data));
  const caught = run([...args, '--check', tampered]);
  t.equal(caught.status, 1);
  t.match(caught.out, /8\.0\.1 files wagtailadmin\/js\/core\.js: data says \(absent\), the wheel has [0-9a-f]{12}/);

  // So is a confirming file's hash, and a release put in the wrong inseparable group.
  const second = JSON.parse(readFileSync(DATA, 'utf8')) as { confirmingFiles: Record<string, Record<string, string[]>>; inseparable: { releases: string[] }[] };
  const draftail = second.confirmingFiles['wagtailadmin/js/draftail.js'] as Record<string, string[]>;
  for (const releases of Object.values(draftail)) releases.splice(0, releases.length, ...releases.filter((r) => r !== SECOND));
  const group = second.inseparable.find((g) => g.releases.includes(SECOND));
  if (group) group.releases.splice(group.releases.indexOf(SECOND), 1);
  second.inseparable.find((g) => g.releases.includes('8.0.1'))?.releases.push(SECOND);
  const tamperedAgain = join(dir, 'tampered-confirming.json');
  writeFileSync(tamperedAgain, JSON.stringify(second));
  const caughtAgain = run([...args, '--check', tamperedAgain]);
  t.equal(caughtAgain.status, 1);
  t.match(caughtAgain.out, /7\.0\.10 confirmingFiles wagtailadmin\/js\/draftail\.js: data says \(absent\), the wheel has [0-9a-f]{12}/);
  t.match(caughtAgain.out, /7\.0\.10 and 8\.0\.1: data says inseparable, the wheels say separable/);

  // Compiling from the two alone keeps only what tells them apart, with 8.0.1's hashes as committed.
  const out = join(dir, 'two.json');
  const compiled = run([...args, '--out', out]);
  t.equal(compiled.status, 0, compiled.out);
  const two = JSON.parse(readFileSync(out, 'utf8')) as { releases: string[]; files: Record<string, Record<string, string[]>> };
  t.same(two.releases, [SECOND, '8.0.1']);
  for (const [path, classes] of Object.entries(two.files)) {
    const hash = Object.entries(classes).find(([, r]) => r.includes('8.0.1'))?.[0];
    const committed = JSON.parse(readFileSync(DATA, 'utf8')).files[path] as Record<string, string[]> | undefined;
    t.ok(hash === undefined || committed?.[hash]?.includes('8.0.1'), `${path}: 8.0.1's hash as committed`);
  }
});

t.test('without wheels on disk and --offline, the script says which is missing instead of downloading', async (t) => {
  const empty = mkdtempSync(join(tmpdir(), 'wheels-'));
  t.teardown(() => rmSync(empty, { recursive: true, force: true }));
  const result = run(['--offline', '--wheel-dir', empty, '--releases', '4.1', '--check', DATA]);
  t.equal(result.status, 2);
  t.match(result.out, /no wheel for wagtail 4\.1 in .* \(--offline\)/);
  t.ok(execFileSync('python3', ['--version'], { encoding: 'utf8' }).startsWith('Python 3'));
});
