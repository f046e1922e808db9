// The README's "As a monitor" recipes, run as written: its shell commands
// (the crontab lines without their schedule) are read from the README itself,
// and run against the hardened stack profile and a real Pushgateway. Only the
// site (the hardened profile, its CA, one fast probe), the gateway's address
// and /var/ (under a temporary folder) are swapped in; everything else is the
// README's. The Kubernetes recipe is deploy/cronjob.yaml's, run by
// test/deploy/cronjob.test.ts.

import t from 'tap';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, tempDir } from '../helpers/cli.js';
import { familySamples, findGroup, firstValue, promtoolCheck, startPushgateway } from '../helpers/pushgateway.js';
import { loadStack } from '../stack/profiles.js';

const hardened = loadStack().profiles.hardened;
const HARDENED_HOST = new URL(hardened.baseUrl).host;
const gateway = await startPushgateway();
t.teardown(() => gateway.stop());
const group = findGroup;
const value = firstValue;

t.test("the README's monitor recipes, run as written", async (t) => {
  const readme = await readFile(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  const start = readme.indexOf('### As a monitor');
  t.ok(start >= 0, 'the README has its "As a monitor" section');
  const rest = readme.slice(start + 1);
  const section = rest.slice(0, rest.search(/\n#{2,3} /));
  const commands = [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1]!.replace(/\\\n\s*/g, ' ').split('\n'))
    .map((line) => line.trim().replace(/^(\S+\s+){5}(?=wagtail-probe )/, '')) // a crontab line's schedule
    .filter((line) => line.startsWith('wagtail-probe '))
    .map((line) => line.split(/\s+/).slice(1));
  const writeBaseline = commands.find((c) => c.includes('--write-baseline'));
  const push = commands.find((c) => c.includes('--push-gateway'));
  const textfile = commands.find((c) => c.includes('prometheus') && c.includes('--output'));
  t.ok(writeBaseline && push && textfile, `the recipes: a baseline, a push and a textfile (${commands.length} commands)`);

  const dir = await tempDir();
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const local = (args: string[]): string[] => [
    ...args.map((arg) => (arg === 'https://www.example.com/' ? hardened.baseUrl : arg.startsWith('http://pushgateway.') ? gateway.url : arg.startsWith('/var/') ? join(dir, arg) : arg)),
    '--no-config', '--ca', hardened.caFile ?? '', '--probe', 'crawl-coverage', '--max-pages', '5',
  ];
  const accepted = await cli(local(writeBaseline!));
  t.ok(accepted.code === 0 || accepted.code === 1, accepted.stderr);
  t.ok(existsSync(join(dir, '/var/lib/wagtail-probe/baseline.json')), 'the baseline is written');

  const pushed = await cli(local(push!));
  t.equal(pushed.code, 0, `nothing new since the baseline: ${pushed.stderr}`);
  const held = await group(gateway, { job: 'wagtail_probe', instance: HARDENED_HOST });
  t.equal(value(held, 'wagtail_probe_success'), '1');
  t.ok(familySamples(held!, 'wagtail_probe_new_findings').length > 0, 'the baseline was read: new findings are counted');
  t.equal(promtoolCheck(await gateway.scrape()).status, 0, 'promtool accepts the scrape');

  const written = await cli(local(textfile!));
  t.equal(written.code, 0, written.stderr);
  const file = textfile![textfile!.indexOf('--output') + 1]!;
  const text = await readFile(join(dir, file), 'utf8');
  t.match(text, /^wagtail_probe_success\{[^}]*\} 1$/m);
  const lint = promtoolCheck(text);
  t.equal(lint.status, 0, `promtool check metrics on the textfile: ${lint.output}`);
});
