// Report files are written atomically and in pieces: what is read back is the text, byte for byte.

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { writeAtomically, writeChunks } from '../../src/cli/output-files.js';

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

t.test('writeAtomically: pieces of a report are written as the text they join to', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wagtail-probe-output-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'report.json');
  // Many small pieces, one long one, an emoji split across two pieces, an empty one.
  const pieces = [...Array.from({ length: 5000 }, (_, i) => `{"n": ${i}},\n`), 'ü'.repeat(150_000), '\uD83D', '\uDE00', '', 'end\n'];
  await writeAtomically(file, pieces);
  t.equal(await readFile(file, 'utf8'), pieces.join(''));
});

t.test('writeChunks: chunks of about 64k characters, never cut inside a surrogate pair, joining to the pieces', async (t) => {
  const pieces = ['a'.repeat((1 << 16) - 1), '😀', 'b'.repeat(3), ...Array.from({ length: 10_000 }, () => 'xyz')];
  const chunks = [...writeChunks(pieces)];
  t.equal(chunks.join(''), pieces.join(''));
  t.ok(chunks.every((chunk) => chunk.length <= 1 << 16), 'none longer than a chunk');
  t.ok(chunks.every((chunk) => !/[\uD800-\uDBFF]$/.test(chunk)), 'none ends on the first half of a pair');
  t.same([...writeChunks([])], [], 'nothing to write: no chunk');
});
