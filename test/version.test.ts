import t from 'tap';
import { readFile } from 'node:fs/promises';
import { VERSION } from '../src/version.js';

t.test('VERSION is the version package.json declares', async (t) => {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  t.equal(VERSION, pkg.version);
});
