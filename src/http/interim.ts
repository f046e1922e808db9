// Interim (1xx) responses, dropped before undici's parser sees them.
//
// RFC 9110 §15.2: a client MUST parse 1xx responses before the final one, even
// unexpected ones, and MAY ignore them. CDNs send 103 Early Hints and some
// proxies an unsolicited 100 Continue. undici 7 reads a 103 fine but destroys
// the socket on a 100 the request did not ask for ("bad response",
// client-h1.js onHeadersComplete), so the whole fetch fails.
//
// Where to hook: undici's h1 parser pulls bytes with socket.read() on
// 'readable', and unshift()s bytes back when it pauses mid-body. Filtering in
// read() would have to tell re-read bytes from new ones; filtering in push()
// (how a net.Socket or TLSSocket hands received bytes to its Readable side)
// sees every received byte exactly once, in order, before anyone can read it,
// whatever way the consumer reads. With pipelining: 1 the first bytes after a
// request head was written start its response, so only there is anything
// looked at; after the first non-1xx status line bytes pass through untouched.

import type { Socket } from 'node:net';
import { buildConnector } from './undici.js';
import { FetchError } from './errors.js';

/** An interim block is a status line and headers; one longer than undici's own header cap is not one. */
export const MAX_INTERIM_BYTES = 16 * 1024;

const STATUS_PREFIX = Buffer.from('HTTP/1.');

const isDigit = (byte: number | undefined): boolean => byte !== undefined && byte >= 0x30 && byte <= 0x39;

type Start = 'interim' | 'final' | 'undecided';

/** Does this response start with an interim status line (`HTTP/1.x 1xx`, not 101)? Undecided until 13 bytes or a mismatch. */
function classifyStart(bytes: Buffer): Start {
  const known = Math.min(bytes.length, STATUS_PREFIX.length);
  if (bytes.compare(STATUS_PREFIX, 0, known, 0, known) !== 0) return 'final';
  const checks: Array<(byte: number | undefined) => boolean> = [
    isDigit, // the minor version
    (byte) => byte === 0x20,
    (byte) => byte === 0x31, // status 1xx
    isDigit,
    isDigit,
    (byte) => byte === 0x20 || byte === 0x0d || byte === 0x0a, // exactly three digits
  ];
  for (const [offset, check] of checks.entries()) {
    const at = STATUS_PREFIX.length + offset;
    if (at >= bytes.length) return 'undecided';
    if (!check(bytes[at])) return 'final';
  }
  // 101 Switching Protocols ends HTTP on the connection: undici's to judge.
  return bytes.toString('latin1', 9, 12) === '101' ? 'final' : 'interim';
}

/** Offset just past the blank line ending the header block (LF LF or LF CR LF), or -1 if not arrived yet. */
function endOfBlock(bytes: Buffer): number {
  for (let lf = bytes.indexOf(0x0a); lf !== -1 && lf + 1 < bytes.length; lf = bytes.indexOf(0x0a, lf + 1)) {
    if (bytes[lf + 1] === 0x0a) return lf + 2;
    if (bytes[lf + 1] === 0x0d) {
      if (lf + 2 >= bytes.length) return -1;
      if (bytes[lf + 2] === 0x0a) return lf + 3;
    }
  }
  return -1;
}

/**
 * The byte filter of one connection. `requestSent()` marks the start of a
 * response; `received()` returns what undici may see of the bytes that came in
 * (possibly nothing yet), or an Error when the server sent something no client
 * could accept as an interim response.
 */
export class InterimFilter {
  private atResponseStart = false;
  private held: Buffer = Buffer.alloc(0);

  requestSent(): void {
    this.atResponseStart = true;
  }

  received(chunk: Buffer): Buffer | Error {
    if (!this.atResponseStart) return chunk;
    let bytes = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
    this.held = Buffer.alloc(0);
    for (;;) {
      // Empty lines before a status line are skipped by undici's parser anyway; here they would hide a 1xx.
      let lineStart = 0;
      while (lineStart < bytes.length && (bytes[lineStart] === 0x0d || bytes[lineStart] === 0x0a)) lineStart += 1;
      bytes = bytes.subarray(lineStart);
      const start = classifyStart(bytes);
      if (start === 'final') {
        this.atResponseStart = false;
        return bytes;
      }
      const end = start === 'interim' ? endOfBlock(bytes) : -1;
      if (end === -1) {
        if (bytes.length > MAX_INTERIM_BYTES) {
          return new FetchError(
            'ERR_NETWORK',
            `the server sent an interim response (${bytes.toString('latin1', 0, 12)}) with more than ${MAX_INTERIM_BYTES} bytes of headers ` +
              'and no blank line ending them: a broken server or proxy; check what sits in front of the site',
          );
        }
        this.held = bytes;
        return Buffer.alloc(0);
      }
      bytes = bytes.subarray(end); // an interim response: ignored, as RFC 9110 allows
      if (bytes.length === 0) return bytes;
    }
  }

  /** What is still held when the connection ends: undici should see the truncated response as it was. */
  flush(): Buffer {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    return rest;
  }
}

/** undici writes each request head as one latin1 string starting with the request line. */
const REQUEST_LINE = /^[A-Z]+ [^\s]+ HTTP\/1\.1\r\n/;

/** Installs the filter between the socket's receiving side and its readers. */
export function filterInterimResponses(socket: Socket): InterimFilter {
  const filter = new InterimFilter();
  const push = socket.push.bind(socket);
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  socket.write = ((...args: unknown[]) => {
    if (typeof args[0] === 'string' && REQUEST_LINE.test(args[0])) filter.requestSent();
    return write(...args);
  }) as Socket['write'];
  socket.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk === null) {
      const rest = filter.flush();
      if (rest.length > 0) push(rest);
      return push(null);
    }
    if (!Buffer.isBuffer(chunk)) return push(chunk, encoding);
    const passed = filter.received(chunk);
    if (passed instanceof Error) {
      socket.destroy(passed);
      return false;
    }
    return passed.length === 0 ? true : push(passed);
  };
  return filter;
}

/** undici's own connector (TCP or TLS), with interim responses filtered out of every socket it makes. */
export function interimTolerantConnector(options: buildConnector.BuildOptions): buildConnector.connector {
  const connect = buildConnector(options);
  return (connectOptions, callback) =>
    connect(connectOptions, (...args) => {
      const [error, socket] = args;
      if (error === null) filterInterimResponses(socket);
      callback(...args);
    });
}
