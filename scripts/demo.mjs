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
let worst = 0;
for (const name of names) {
  const profile = stack.profiles[name];
  if (!profile) {
    console.error(`no profile ${name}; profiles: ${Object.keys(stack.profiles).join(', ')}`);
    process.exit(2);
  }
  const privateUrls = [...profile.private.documents.map((d) => d.url), ...profile.private.pages.map((p) => p.url)];
  const args = ['dist/src/bin.js', profile.baseUrl, '--no-config', '--admin-path', profile.adminPath];
  if (privateUrls.length > 0) args.push('--private', ...privateUrls);
  if (profile.caFile) args.push('--ca', profile.caFile);
  if (profile.httpUrl && profile.httpUrl !== profile.baseUrl) args.push('--plain-http-url', profile.httpUrl);
  console.log(`\n━━ ${name}: ${profile.description}\n$ wagtail-probe ${args.slice(1).join(' ')}\n`);
  const ran = spawnSync(process.execPath, args, { stdio: 'inherit' });
  console.log(`\n(exit code ${ran.status}: ${ran.status === 0 ? 'nothing at or above error' : ran.status === 1 ? 'findings at or above error' : 'could not run'})`);
  worst = Math.max(worst, ran.status ?? 2);
}
process.exit(worst === 2 ? 2 : 0);
