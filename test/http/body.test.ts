import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import t from 'tap';
import { parseContentEncoding, PREFIX_BYTES, readBody } from '../../src/http/body.js';
import { classifyError, FetchError } from '../../src/http/errors.js';

const hex = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');

/** A body delivered in chunks of `chunkSize`, as a socket would. */
function streamOf(bytes: Buffer, chunkSize = 1000): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

const body = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));

t.test('Content-Encoding: what to undo', async (t) => {
  const cases: Array<[string | undefined, string[]]> = [
    [undefined, []],
    ['', []],
    ['identity', []],
    ['None', []], // Wagtail's serve view on local storage
    ['gzip', ['gzip']],
    ['x-gzip', ['gzip']],
    ['GZIP', ['gzip']],
    ['deflate', ['deflate']],
    ['br', ['br']],
    ['gzip, br', ['gzip', 'br']],
  ];
  for (const [header, expected] of cases) t.same(parseContentEncoding(header), expected, String(header));
  t.throws(() => parseContentEncoding('zstd'), new FetchError('ERR_DECODE', 'unsupported Content-Encoding: zstd'));
});

t.test('prefix reads', async (t) => {
  const cases: Array<{ name: string; maxBytes: number; contentLength: number | null; bytesRead: number; complete: boolean }> = [
    { name: 'body longer than the cap', maxBytes: 1500, contentLength: null, bytesRead: 1500, complete: false },
    { name: 'body shorter than the cap', maxBytes: 9000, contentLength: null, bytesRead: 5000, complete: true },
    { name: 'cap equal to the declared length', maxBytes: 5000, contentLength: 5000, bytesRead: 5000, complete: true },
    { name: 'cap reached, length unknown', maxBytes: 5000, contentLength: null, bytesRead: 5000, complete: false },
    { name: 'a zero cap reads nothing', maxBytes: 0, contentLength: 5000, bytesRead: 0, complete: false },
  ];
  for (const { name, maxBytes, contentLength, bytesRead, complete } of cases) {
    const stream = streamOf(body);
    const read = await readBody({ body: stream, policy: { read: 'prefix', maxBytes }, contentEncoding: undefined, contentLength });
    t.same([read.facts.bytesRead, read.facts.complete], [bytesRead, complete], name);
    t.notOk('md5' in read.facts, `${name}: a prefix is never hashed`);
    t.equal(read.kept, undefined, `${name}: nothing kept`);
    if (!complete) t.ok(stream.destroyed, `${name}: the stream is let go`);
  }
  const empty = await readBody({ body: streamOf(Buffer.alloc(0)), policy: { read: 'prefix', maxBytes: 0 }, contentEncoding: undefined, contentLength: 0 });
  t.same(empty.facts, { bytesRead: 0, complete: true, prefixBase64: '' });
});

t.test('whole reads', async (t) => {
  const fits = await readBody({ body: streamOf(body), policy: { read: 'whole', maxBytes: 5000, hash: true }, contentEncoding: undefined, contentLength: null });
  t.same(fits.facts, {
    bytesRead: 5000,
    complete: true,
    prefixBase64: body.subarray(0, PREFIX_BYTES).toString('base64'),
    md5: hex('md5', body),
    sha1: hex('sha1', body),
  }, 'exactly the cap still fits');
  t.equal(fits.kept, undefined, 'bytes are not kept unless text is wanted');

  const unhashed = await readBody({ body: streamOf(body), policy: { read: 'whole', maxBytes: 5000 }, contentEncoding: undefined, contentLength: null });
  t.same(unhashed.facts, { bytesRead: 5000, complete: true, prefixBase64: body.subarray(0, PREFIX_BYTES).toString('base64') }, 'no hashes unless asked for');

  const over = await readBody({ body: streamOf(body), policy: { read: 'whole', maxBytes: 4999, keepText: true, hash: true }, contentEncoding: undefined, contentLength: null });
  t.same([over.facts.bytesRead, over.facts.complete, 'sha1' in over.facts], [4999, false, false], 'one byte over: stops, incomplete, no error');
  t.same(over.kept, body.subarray(0, 4999), 'what was kept is exactly what fitted');

  const kept = await readBody({ body: streamOf(body), policy: { read: 'whole', maxBytes: 10_000, keepText: true }, contentEncoding: undefined, contentLength: null });
  t.same(kept.kept, body);
});

t.test('content-encodings are undone, the cap applies to decoded bytes', async (t) => {
  const cases: Array<[string, Buffer]> = [
    ['gzip', gzipSync(body)],
    ['deflate', deflateSync(body)],
    ['br', brotliCompressSync(body)],
    ['gzip, br', brotliCompressSync(gzipSync(body))],
    ['None', body],
  ];
  for (const [encoding, encoded] of cases) {
    const whole = await readBody({ body: streamOf(encoded, 100), policy: { read: 'whole', maxBytes: 10_000, hash: true }, contentEncoding: encoding, contentLength: encoded.length });
    t.same([whole.facts.bytesRead, whole.facts.complete, whole.facts.md5], [5000, true, hex('md5', body)], `${encoding}: whole`);
    const prefix = await readBody({ body: streamOf(encoded, 100), policy: { read: 'prefix', maxBytes: 700 }, contentEncoding: encoding, contentLength: encoded.length });
    t.same([prefix.facts.bytesRead, prefix.facts.complete], [700, false], `${encoding}: prefix`);
  }
});

t.test('bad encodings and broken streams throw for the caller to classify', async (t) => {
  const read = (bytes: Buffer | Readable, encoding: string) =>
    readBody({
      body: Buffer.isBuffer(bytes) ? streamOf(bytes) : bytes,
      policy: { read: 'whole', maxBytes: 10_000 },
      contentEncoding: encoding,
      contentLength: null,
    });
  const corrupt = await read(Buffer.from('definitely not gzip'), 'gzip').catch((error: unknown) => error);
  t.equal(classifyError(corrupt).code, 'ERR_DECODE', 'corrupt gzip');
  const truncated = await read(gzipSync(body).subarray(0, 200), 'gzip').catch((error: unknown) => error);
  t.equal(classifyError(truncated).code, 'ERR_DECODE', 'truncated gzip');
  const brokenBr = await read(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]), 'br').catch((error: unknown) => error);
  t.equal(classifyError(brokenBr).code, 'ERR_DECODE', 'corrupt brotli');
  await t.rejects(read(body, 'zstd'), { code: 'ERR_DECODE' }, 'unsupported encoding');

  const resetting = new Readable({
    read() {
      this.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    },
  });
  const reset = await read(resetting, 'gzip').catch((error: unknown) => error);
  t.equal(classifyError(reset).code, 'ERR_RESET', 'a reset under a decoder is still a reset');
});

t.test('the prefix is the first 512 decoded bytes, across chunks', async (t) => {
  const read = await readBody({ body: streamOf(body, 7), policy: { read: 'prefix', maxBytes: 2000 }, contentEncoding: 'identity', contentLength: null });
  t.equal(read.facts.prefixBase64, body.subarray(0, 512).toString('base64'));
  const small = await readBody({ body: streamOf(body.subarray(0, 10)), policy: { read: 'prefix', maxBytes: 2000 }, contentEncoding: undefined, contentLength: 10 });
  t.equal(small.facts.prefixBase64, body.subarray(0, 10).toString('base64'));
});
