import t from 'tap';
import * as library from '../src/index.js';

t.test('the library exposes run, the probes and the reporters', async (t) => {
  t.type(library.run, 'function');
  t.same(library.ALL_PROBES.map((p) => p.meta.id), ['static-assets', 'document-privacy', 'page-privacy', 'media-offload', 'deploy-checks', 'cache-privacy', 'monitor-session', 'wagtail-version', 'performance', 'crawl-coverage']);
  t.same([...library.REPORT_FORMATS].sort(), ['html', 'json', 'junit', 'pretty', 'prometheus', 'sarif', 'tap']);
});

t.test('run() rejects a bad request with a RunError before any traffic', async (t) => {
  await t.rejects(library.run({ configFile: false }), { name: 'Error', code: 'ERR_CONFIG', message: /no site to probe/ });
  await t.rejects(library.run({ target: 'https://x.test/', configFile: false, probes: ['nope'] }), { code: 'ERR_CONFIG' });
});

t.test('every probe id equals its file name and declares docs and messages', async (t) => {
  const { readdir } = await import('node:fs/promises');
  // A probe is a file or a folder under probes/; probes/index.ts is the registry itself.
  const entries = await readdir(new URL('../probes/', import.meta.url), { withFileTypes: true });
  const ids = entries.filter((e) => e.isDirectory() || (e.name.endsWith('.ts') && e.name !== 'index.ts')).map((e) => e.name.replace(/\.ts$/, ''));
  t.same([...ids].sort(), library.ALL_PROBES.map((p) => p.meta.id).sort(), 'every file and folder in probes/ is registered');
  for (const probe of library.ALL_PROBES) {
    t.ok(probe.meta.docs.length > 80, `${probe.meta.id} explains itself`);
    t.ok(Object.keys(probe.meta.messages).length > 0);
    for (const id of Object.keys(probe.meta.messages)) t.match(id, /^[a-z][A-Za-z0-9]+$/, `${probe.meta.id}/${id} is a camelCase id`);
  }
});
