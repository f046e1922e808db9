// What a response says about compression, as a table: which types compress,
// which codings count, and a compressed body streamed without its length.

import t from 'tap';
import { compressedWhileSending, compressibleKind, contentCodings, declaredLength, isCompressed } from '../../src/signals/compression.js';

t.test('compressible kinds by Content-Type', async (t) => {
  const cases: [string | undefined, string | null][] = [
    ['text/html; charset=utf-8', 'HTML'],
    ['application/xhtml+xml', 'HTML'],
    ['text/css; charset="utf-8"', 'CSS'], // WhiteNoise quotes the charset
    ['text/javascript', 'JavaScript'],
    ['application/javascript; charset=utf-8', 'JavaScript'],
    ['image/svg+xml', 'SVG'],
    ['application/json', 'JSON'],
    ['application/manifest+json', 'JSON'],
    ['application/vnd.api+json', 'JSON'],
    ['image/jpeg', null], // compressed already
    ['font/woff2', null],
    ['application/pdf', null],
    ['application/octet-stream', null],
    [undefined, null],
  ];
  for (const [type, kind] of cases) t.equal(compressibleKind(type), kind, String(type));
});

t.test('content codings: identity and Wagtail\'s literal "None" are no coding', async (t) => {
  const cases: [Record<string, string>, string[]][] = [
    [{}, []],
    [{ 'content-encoding': 'br' }, ['br']],
    [{ 'content-encoding': 'GZIP' }, ['gzip']],
    [{ 'content-encoding': 'identity' }, []],
    [{ 'content-encoding': 'None' }, []],
    [{ 'content-encoding': 'gzip, br' }, ['gzip', 'br']],
    [{ 'content-encoding': 'zstd' }, ['zstd']],
  ];
  for (const [headers, codings] of cases) {
    t.same(contentCodings(headers), codings, JSON.stringify(headers));
    t.equal(isCompressed(headers), codings.length > 0);
  }
});

t.test('compressed while sending: a coding without Content-Length', async (t) => {
  t.equal(compressedWhileSending({ 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' }), true, 'nginx gzip on the fly');
  t.equal(compressedWhileSending({ 'content-encoding': 'br', 'content-length': '1234' }), false, 'a precompressed .br with its length');
  t.equal(compressedWhileSending({ 'content-length': '1234' }), false, 'not compressed at all');
});

t.test('declared length: digits only', async (t) => {
  t.equal(declaredLength({ 'content-length': '2048' }), 2048);
  t.equal(declaredLength({ 'content-length': ' 7 ' }), 7);
  t.equal(declaredLength({ 'content-length': '12, 12' }), null);
  t.equal(declaredLength({}), null);
});
