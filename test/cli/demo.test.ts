// `npm run demo`, the README's main command when no site is at hand: it probes
// the stack's leaky and hardened profiles with their canaries, and must show
// findings on the first and none on the second (scripts/demo.mjs, after the
// build and stack:up that npm test has already done).

import t from 'tap';
import { spawnNode } from '../helpers/cli.js';

const DEMO = new URL('../../scripts/demo.mjs', import.meta.url).pathname;

t.test('the demo probes redirect-leak (findings, exit 1) and hardened (clean, exit 0), passing every canary', async (t) => {
  const ran = await spawnNode(DEMO, [], { cwd: new URL('../..', import.meta.url).pathname });
  t.equal(ran.code, 0, ran.stderr);
  t.match(ran.stdout, /━━ redirect-leak[\s\S]*\(exit code 1: findings at or above error\)[\s\S]*━━ hardened[\s\S]*\(exit code 0: nothing at or above error\)/);
  t.match(ran.stdout, /privateFileExposed|readable without permission/, 'the leak it exists to show');
  t.equal((ran.stdout.match(/--private /g) ?? []).length >= 4, true, 'each canary on a --private of its own');
});
