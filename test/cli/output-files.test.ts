// Report files are written atomically and in pieces: what is read back is the text, byte for byte.

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { writeAtomically } from '../../src/cli/output-files.js';

t.test('writeAtomically: a report larger than one piece reads back whole, a surrogate pair on the boundary included', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wagtail-probe-output-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'report.json');
  // 65,535 ASCII characters, then an emoji whose two UTF-16 halves straddle the 65,536-character piece boundary.
  const text = `${'a'.repeat((1 << 16) - 1)}😀é${'ü'.repeat(200_000)}\n`;
  await writeAtomically(file, text);
  t.equal(await readFile(file, 'utf8'), text);
  t.same(await readdir(dir), ['report.json'], 'no temporary file left beside it');
  await writeAtomically(file, '');
  t.equal(await readFile(file, 'utf8'), '', 'an empty report replaces the old one');
});
