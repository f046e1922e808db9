/**
 * tap's `before` hook (package.json "tap.before"): brings the Wagtail test
 * stack up before any test file runs, so `npx tap` and `npm test` always have
 * it. stack:up is idempotent: a few seconds when the stack already runs, a
 * minute or two on a fresh machine. The stack is left running afterwards;
 * `npm run stack:down` stops it.
 *
 * WAGTAIL_PROBE_NO_STACK=1 skips this hook, saying so; the integration tests
 * then fail with "run npm run stack:up" unless the stack is already up.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const upScript = fileURLToPath(new URL('./up.sh', import.meta.url));
const TEN_MINUTES = 10 * 60 * 1000;

if (process.env.WAGTAIL_PROBE_NO_STACK === '1') {
  process.stderr.write('tap before: WAGTAIL_PROBE_NO_STACK=1, not bringing the Wagtail test stack up\n');
  process.exit(0);
}

// The stack's progress goes to stderr so that it never mixes with TAP output.
const result = spawnSync('bash', [upScript], { stdio: ['ignore', 2, 2], timeout: TEN_MINUTES });
if (result.error) {
  process.stderr.write(`tap before: ${upScript} could not run: ${result.error.message}\n`);
  process.exit(1);
}
if (result.status !== 0) {
  process.stderr.write(`tap before: ${upScript} failed (exit ${result.status ?? result.signal}); see test/stack/.state/logs/\n`);
}
process.exit(result.status ?? 1);
