// Reading a response body within a byte cap: decode any content-encoding on the
// way (with the cap on the decoded bytes, so a compression bomb stops at the cap),
// hash it incrementally, keep the first bytes, and keep the rest only when the
// caller wants text. Memory never exceeds the cap, whatever the body's size.

import { createHash, type Hash } from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { FetchError } from './errors.js';
import type { BodyFacts, BodyPolicy } from './types.js';

export const PREFIX_BYTES = 512;
/**
 * A declared body up to this size is read to its end (drained, or read whole
 * instead of a prefix) to keep the connection; anything bigger is cut off.
 * Cutting a body off closes the connection, and the next request pays a new
 * TCP (and TLS) handshake: far dearer than 64 KB more from an open socket.
 */
export const DRAIN_LIMIT_BYTES = 64 * 1024;

const noop = (): void => {};

type Decoding = 'gzip' | 'deflate' | 'br';

/**
 * The decodings to apply, outermost last as listed in the header. `identity`, an
 * empty value and a literal `None` (what Wagtail's serve view sends for local
 * files: Python's None formatted into the header) all mean "not encoded".
 */
export function parseContentEncoding(header: string | undefined): Decoding[] {
  if (header === undefined) return [];
  const decodings: Decoding[] = [];
  for (const token of header.split(',')) {
    const name = token.trim().toLowerCase();
    if (name === '' || name === 'identity' || name === 'none') continue;
    if (name === 'gzip' || name === 'x-gzip') decodings.push('gzip');
    else if (name === 'deflate') decodings.push('deflate');
    else if (name === 'br') decodings.push('br');
    else throw new FetchError('ERR_DECODE', `unsupported Content-Encoding: ${token.trim()}`);
  }
  return decodings;
}

function decoderFor(decoding: Decoding) {
  switch (decoding) {
    case 'gzip':
      return createGunzip();
    case 'deflate':
      // zlib-wrapped deflate, as RFC 9110 says; raw deflate from old servers fails as ERR_DECODE.
      return createInflate();
    case 'br':
      return createBrotliDecompress();
  }
}

/** The body as decoded bytes: each decoder piped so an error or an early stop tears down the whole chain. */
function decodedStream(body: Readable, decodings: readonly Decoding[]): Readable {
  let stream: Readable = body;
  // Encodings are listed in the order they were applied; undo them in reverse.
  for (const decoding of [...decodings].reverse()) {
    stream = pipeline(stream, decoderFor(decoding), noop);
  }
  return stream;
}

export interface BodyRead {
  readonly facts: BodyFacts;
  /** The bytes read, kept only when asked for (to decode text); at most the cap. */
  readonly kept?: Buffer;
}

export interface ReadBodyInput {
  readonly body: Readable;
  readonly policy: Exclude<BodyPolicy, { read: 'none' }>;
  readonly contentEncoding: string | undefined;
  /** Declared Content-Length; lets a prefix read that stopped exactly at the end know it is complete. */
  readonly contentLength: number | null;
}

/**
 * Reads up to the policy's cap. 'prefix' stops once it has maxBytes; 'whole' reads
 * to the end if the body fits and otherwise stops with complete: false. Errors
 * (reset, abort, corrupt encoding) are thrown for the caller to classify.
 */
export async function readBody(input: ReadBodyInput): Promise<BodyRead> {
  const { policy } = input;
  input.body.on('error', noop); // errors surface through the iterator; never as an unhandled event
  const decodings = parseContentEncoding(input.contentEncoding);
  const stream = decodedStream(input.body, decodings);
  const maxBytes = Math.max(0, policy.maxBytes);
  const keep = policy.read === 'whole' && policy.keepText === true;

  // Only when asked: hashing every page was a fifth of the client's CPU.
  const hashes: { md5: Hash; sha1: Hash } | null = policy.read === 'whole' && policy.hash === true ? { md5: createHash('md5'), sha1: createHash('sha1') } : null;
  const prefix: Buffer[] = [];
  let prefixLength = 0;
  const kept: Buffer[] = [];
  let bytesRead = 0;
  let complete = true;

  const take = (chunk: Buffer): void => {
    bytesRead += chunk.length;
    hashes?.md5.update(chunk);
    hashes?.sha1.update(chunk);
    if (prefixLength < PREFIX_BYTES) {
      const piece = chunk.subarray(0, PREFIX_BYTES - prefixLength);
      prefix.push(piece);
      prefixLength += piece.length;
    }
    if (keep) kept.push(chunk);
  };

  // Iterated by hand, not with for-await: leaving a for-await loop destroys the
  // stream, and with it the connection, before the rest could be drained.
  const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  if (policy.read === 'prefix' && maxBytes === 0) {
    complete = input.contentLength === 0;
  } else {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      const chunk = next.value;
      const room = maxBytes - bytesRead;
      if (chunk.length > room) {
        take(chunk.subarray(0, room));
        complete = false;
        break;
      }
      take(chunk);
      if (policy.read === 'prefix' && bytesRead >= maxBytes) {
        complete = decodings.length === 0 && input.contentLength === bytesRead;
        break;
      }
    }
  }
  if (!complete && !stream.destroyed) {
    // The facts stop at the cap either way. What is left of a small declared
    // body is drained unrecorded so the connection survives (DRAIN_LIMIT_BYTES);
    // anything else is cut off, and the server sees the connection close.
    const drainable = decodings.length === 0 && input.contentLength !== null && input.contentLength <= DRAIN_LIMIT_BYTES;
    if (drainable) await drain(chunks);
    else stream.destroy();
  }

  const facts: BodyFacts = {
    bytesRead,
    complete,
    prefixBase64: Buffer.concat(prefix).toString('base64'),
    ...(complete && hashes ? { md5: hashes.md5.digest('hex'), sha1: hashes.sha1.digest('hex') } : {}),
  };
  // A page usually arrives in one chunk: kept as it is, not copied into a buffer of its own.
  return keep ? { facts, kept: kept.length === 1 ? (kept[0] as Buffer) : Buffer.concat(kept) } : { facts };
}

/** Reads an iterator to its end, keeping nothing; an error only means the connection is gone anyway. */
async function drain(chunks: AsyncIterator<Buffer>): Promise<void> {
  try {
    while (!(await chunks.next()).done) {
      // discard
    }
  } catch {
    // a reset while draining costs only the connection we were trying to keep
  }
}

/** Facts for a body that was not read ('none', HEAD, a hop or a retried response). */
export const UNREAD_BODY: BodyFacts = { bytesRead: 0, complete: false, prefixBase64: '' };

/** undici's response body: a Readable that can also drain itself up to a limit. */
export type DrainableBody = Readable & { dump(options?: { limit: number }): Promise<unknown> };

export interface DiscardInput {
  readonly body: DrainableBody;
  readonly contentLength: number | null;
  /** Bodies known to be empty (HEAD, 204, 304) are drained: nothing to download. */
  readonly knownEmpty: boolean;
}

/**
 * Gets rid of a body without downloading it. A small declared body is drained so
 * keep-alive can reuse the connection; anything else is cut off (closing the
 * connection is cheaper than reading an unknown or large body). A drain stuck
 * past the request's deadline ends with it: undici destroys the body when the
 * request's signal aborts.
 */
export async function discardBody(input: DiscardInput): Promise<void> {
  input.body.on('error', noop);
  const small = input.contentLength !== null && input.contentLength <= DRAIN_LIMIT_BYTES;
  if (input.knownEmpty || small) {
    await input.body.dump({ limit: DRAIN_LIMIT_BYTES }).catch(noop);
  } else {
    input.body.destroy();
  }
}
