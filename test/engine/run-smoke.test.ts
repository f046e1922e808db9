import t from 'tap';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveRunRequest } from '../../src/engine/run.js';

// Smoke mode reaches the crawl from the request (--smoke) or the config file's
// `smoke` key, the request's winning; absent, the crawl is the full one.

t.test('smoke mode: from the request, the config file, or neither', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wagtail-probe-smoke-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const config = async (body: object): Promise<string> => {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify(body));
    return file;
  };
  const target = 'https://site.test/';
  const cases: [name: string, request: Parameters<typeof resolveRunRequest>[0], smoke: boolean | undefined][] = [
    ['neither', { target, configFile: false }, undefined],
    ['--smoke', { target, smoke: true, configFile: false }, true],
    ['the config file', { target, configFile: await config({ smoke: true }) }, true],
    ['the request over the file', { target, smoke: false, configFile: await config({ smoke: true }) }, undefined],
  ];
  for (const [name, request, smoke] of cases) t.equal((await resolveRunRequest(request, { env: {} })).options.smoke, smoke, name);
  await t.rejects(resolveRunRequest({ target, configFile: await config({ smoke: 'yes' }) }, { env: {} }), { code: 'ERR_CONFIG' }, 'a smoke key that is not a boolean is a config error');
});
