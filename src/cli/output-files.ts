// Report files: checked before the crawl starts (so a typo in --output costs
// one line, not a whole crawl), and written atomically (a monitor that reads
// the file mid-write never sees half a report, and a failed run never leaves
// yesterday's file looking current: it is replaced by today's outcome).

import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class OutputError extends Error {
  override readonly name = 'OutputError';
}

function reason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** A hidden temporary file beside `path`: the same folder, so rename() is atomic. */
function temporaryFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Creates the folder when missing and proves it writable by writing a temporary file there; throws an OutputError naming the path. */
export async function prepareOutput(path: string, what: string): Promise<void> {
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw new OutputError(`cannot write ${what} ${path}: it is a directory`);
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw new OutputError(`cannot write ${what} ${path}: cannot create its folder (${reason(error)})`);
  }
  const probe = temporaryFor(path);
  try {
    await (await open(probe, 'wx')).close();
  } catch (error) {
    throw new OutputError(`cannot write ${what} ${path}: ${reason(error)}`);
  } finally {
    await rm(probe, { force: true });
  }
}

/**
 * Characters written at a time: a report of a 50k-page crawl is tens of MB,
 * and writing it whole encodes it into one buffer as large, at the end of the
 * run where its memory peaks.
 */
const WRITE_CHUNK_CHARS = 1 << 16;

/**
 * Pieces regrouped into chunks of about WRITE_CHUNK_CHARS: a long piece cut,
 * short ones (a latency sample each) joined, never between the two halves of
 * a surrogate pair (each half alone would be written as U+FFFD).
 */
export function* writeChunks(pieces: Iterable<string>): Generator<string> {
  let pending = '';
  for (const piece of pieces) {
    pending += piece;
    while (pending.length >= WRITE_CHUNK_CHARS) {
      let end = WRITE_CHUNK_CHARS;
      if (/[\uD800-\uDBFF]/.test(pending.charAt(end - 1))) end -= 1;
      yield pending.slice(0, end);
      pending = pending.slice(end);
    }
  }
  if (pending !== '') yield pending;
}

/** Writes `text`, or the pieces of it (report/index.ts renderPieces), to a temporary file beside `path`, then renames it over `path`. */
export async function writeAtomically(path: string, text: string | Iterable<string>): Promise<void> {
  const temporary = temporaryFor(path);
  try {
    const handle = await open(temporary, 'wx');
    try {
      for (const chunk of writeChunks(typeof text === 'string' ? [text] : text)) await handle.writeFile(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new OutputError(`cannot write ${path}: ${reason(error)}`);
  }
}
