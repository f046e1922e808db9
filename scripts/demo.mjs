// Probes stack profiles with the built CLI, as an operator would: the
// profile's canaries as --private, its CA as --ca. Default: a leaky profile,
// then the hardened one. Usage: node scripts/demo.mjs [profile ...]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const stateFile = new URL('../test/stack/.state/profiles.json', import.meta.url);
let stack;
try {
  stack = JSON.parse(readFileSync(stateFile, 'utf8'));
} catch {
  console.error(`no ${stateFile.pathname}: run npm run stack:up first`);
  process.exit(2);
}
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['redirect-leak', 'hardened'];
let failed = false;
for (const name of names) {
  const profile = stack.profiles[name];
  if (!profile) {
    console.error(`no profile ${name}; profiles: ${Object.keys(stack.profiles).join(', ')}`);
    process.exit(2);
  }
  const privateUrls = [...profile.private.documents.map((d) => d.url), ...profile.private.pages.map((p) => p.url)];
  const args = ['dist/src/bin.js', profile.baseUrl, '--no-config', '--admin-path', profile.adminPath];
  for (const url of privateUrls) args.push('--private', url);
  if (profile.caFile) args.push('--ca', profile.caFile);
  if (profile.httpUrl && profile.httpUrl !== profile.baseUrl) args.push('--plain-http-url', profile.httpUrl);
  console.log(`\n━━ ${name}: ${profile.description}\n$ wagtail-probe ${args.slice(1).join(' ')}\n`);
  const ran = spawnSync(process.execPath, args, { stdio: 'inherit' });
  const meaning = { 0: 'nothing at or above error', 1: 'findings at or above error', 2: 'bad usage', 3: 'the site could not be probed', 4: 'wagtail-probe crashed' }[ran.status] ?? 'did not run';
  console.log(`\n(exit code ${ran.status}: ${meaning})`);
  // Findings are what the demo shows; anything else means the demo itself failed.
  if (ran.status !== 0 && ran.status !== 1) failed = true;
}
process.exit(failed ? 2 : 0);
