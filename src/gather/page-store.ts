// The crawl's page records, in the order they returned, with memory that does
// not grow with the site. Each record's response and facts are written to a
// scratch file as they arrive and read back each time the pages are iterated.
// What stays in memory for such a page is its key (URL, depth, role, and the
// references met, which keep growing after it was fetched) and where its
// bytes are. Measured on the bench's 50k-page site: the records were 55 MB of
// live heap, and V8 let the heap grow to four times its live size.
//
// From the first record, not after a thousand kept as objects: those thousand
// were the crawl's first second, when V8 sets how far the old generation may
// grow before its next full GC from how fast it is filling. Written out, the
// 10k run's old generation ended 7-8 MB smaller, and its peak RSS with it
// (bench README, fifth pass). A small site pays one scratch file and a JSON
// round trip a page per pass, which it does not notice.
//
// The scratch file is private (0600) and unlinked as soon as it is open, so
// nothing is left on disk whatever happens to the run; its descriptor closes
// with close(), or when the store is collected. If it cannot be opened or
// written (no space left), the records it would hold stay in memory: nothing
// is lost, the run only uses more memory.

import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FetchResult } from '../http/types.js';
import type { PageFacts, PageList, PageRecord, Reference } from './model.js';

/** Records kept as objects before the store starts writing them out: none, but tests mix the two. */
export const KEPT_IN_MEMORY = 0;

/** Bytes read at once when iterating. */
const READ_BYTES = 1 << 20;
/** Bytes gathered before a write: encoded into one buffer as each record arrives, so its JSON text dies young. */
const WRITE_BYTES = 1 << 16;

/** What stays in memory of a page whose record is on disk. The crawler's pending page is one. */
export interface PageKey {
  readonly url: string;
  readonly depth: number;
  readonly role: PageRecord['role'];
  readonly referencedFrom: readonly Reference[];
  readonly referenceCount: number;
}

/** What is written for a page: the rest is its key's. */
interface Spilled {
  readonly response: FetchResult;
  readonly facts: PageFacts | null;
}

/** `offsets` for a record kept as an object, and for one whose bytes could not be written. */
const KEPT = -1;
const UNWRITTEN = -2;

/** A page's record from its key (as the crawler keeps it now: references met after the page was fetched count too) and what was written. */
function joined(key: PageKey, { response, facts }: Spilled): PageRecord {
  return { url: key.url, depth: key.depth, referencedFrom: key.referencedFrom, referenceCount: key.referenceCount, response, facts, role: key.role };
}

/** Closes the scratch files of stores collected without close(). */
const scratchFiles = new FinalizationRegistry<{ fd: number | null }>((file) => {
  if (file.fd !== null) closeQuietly(file.fd);
});

/** A scratch file that failed may be gone already: closing it has nothing left to lose. */
function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // EBADF: closed already
  }
}

export class PageStore implements PageList {
  /** Each page: its record, or its key when the record is on disk. */
  private readonly items: Array<PageRecord | PageKey> = [];
  /**
   * Where each page's bytes start in the scratch file; KEPT for a record kept
   * as an object, UNWRITTEN for one whose bytes could not be written (its
   * response and facts are in `unwritten`, joined with its key when read).
   */
  private readonly offsets: number[] = [];
  private readonly unwritten = new Map<PageKey, Spilled>();
  private readonly lengths: number[] = [];
  private readonly file: { fd: number | null } = { fd: null };
  /** Bytes written, and bytes gathered in `pending` but not written yet (they follow). */
  private written = 0;
  private readonly pending = Buffer.allocUnsafe(WRITE_BYTES);
  private pendingBytes = 0;
  /** The last pass's read buffer, for the next one. */
  private spareBuffer: Buffer | null = null;
  /** Set once the scratch file failed: every later record stays in memory. */
  private spillFailed = false;

  constructor(private readonly keptInMemory = KEPT_IN_MEMORY) {}

  get length(): number {
    return this.items.length;
  }

  /**
   * Adds a page that returned. `mutable` records (a redirect whose response a
   * resumed chain replaces, page-redirects.ts) stay objects, as do the first
   * `keptInMemory` (none in a crawl). Returns the record when it is kept as an object, null
   * when it went to disk (the key then stands for it: keep nothing else of it).
   */
  add(record: PageRecord, key: PageKey, mutable: boolean): PageRecord | null {
    if (mutable || this.items.length < this.keptInMemory || !this.openScratch()) return this.keep(record);
    const spilled: Spilled = { response: record.response, facts: record.facts };
    const text = JSON.stringify(spilled);
    const bytes = Buffer.byteLength(text);
    if (this.pendingBytes + bytes > WRITE_BYTES) this.flush();
    if (this.spillFailed) return this.keep(record);
    this.items.push(key);
    this.offsets.push(this.written + this.pendingBytes);
    this.lengths.push(bytes);
    if (bytes > WRITE_BYTES) this.writeOut(Buffer.from(text));
    else this.pendingBytes += this.pending.write(text, this.pendingBytes);
    return null;
  }

  /** Removes the pages `isOut` picks (files the page phase fetched) and gives back their records. */
  takeOut(isOut: (key: PageKey) => boolean): PageRecord[] {
    this.flush(); // first: a write that fails changes where records are
    const out: PageRecord[] = [];
    let kept = 0;
    for (let index = 0; index < this.items.length; index++) {
      const item = this.items[index] as PageRecord | PageKey;
      if (isOut(item)) {
        out.push(this.recordAt(index));
        this.unwritten.delete(item as PageKey);
        continue;
      }
      this.items[kept] = item;
      this.offsets[kept] = this.offsets[index] as number;
      this.lengths[kept] = this.lengths[index] as number;
      kept += 1;
    }
    this.items.length = kept;
    this.offsets.length = kept;
    this.lengths.length = kept;
    return out;
  }

  *[Symbol.iterator](): IterableIterator<PageRecord> {
    this.flush();
    // One buffer for the pass, refilled as it goes (each record is copied out as a string), and
    // handed on to the next pass: a buffer per pass lives through its pass, so it is promoted, and
    // its megabyte of native memory then waits for a full GC (measured: +8 MB of RSS over a probe phase).
    let buffer: Buffer = this.spareBuffer ?? Buffer.alloc(0);
    this.spareBuffer = null; // a pass run inside this one reads into its own
    let bufferStart = 0; // file offset of buffer[0]
    let filled = 0; // bytes of buffer read from the file
    try {
      for (let index = 0; index < this.items.length; index++) {
        const offset = this.offsets[index] as number;
        if (offset < 0) {
          yield this.recordAt(index);
          continue;
        }
        const length = this.lengths[index] as number;
        if (offset < bufferStart || offset + length > bufferStart + filled) {
          // Read ahead from this record on: the following ones are next in the file.
          if (buffer.length < length) buffer = Buffer.allocUnsafe(Math.max(length, READ_BYTES));
          filled = this.readInto(buffer, offset);
          bufferStart = offset;
        }
        const from = offset - bufferStart;
        yield this.withKey(this.items[index] as PageKey, buffer.toString('utf8', from, from + length));
      }
    } finally {
      if (buffer.length === READ_BYTES) this.spareBuffer = buffer; // not one grown for a huge record
    }
  }

  /** The records as a list, so that a SiteModel still serialises to JSON as it is. */
  toJSON(): PageRecord[] {
    return [...this];
  }

  /** Closes the scratch file; iterating after close() gives the records kept in memory only if there were no others. */
  close(): void {
    const { fd } = this.file;
    this.file.fd = null;
    this.pendingBytes = 0;
    this.spareBuffer = null;
    if (fd !== null) {
      scratchFiles.unregister(this.file);
      closeQuietly(fd);
    }
  }

  private keep(record: PageRecord): PageRecord {
    this.items.push(record);
    this.offsets.push(KEPT);
    this.lengths.push(0);
    return record;
  }

  /** The record of one page; written ones must have been flushed. */
  private recordAt(index: number): PageRecord {
    const offset = this.offsets[index] as number;
    const item = this.items[index] as PageRecord | PageKey;
    if (offset === KEPT) return item as PageRecord;
    if (offset === UNWRITTEN) return joined(item as PageKey, this.unwritten.get(item as PageKey) as Spilled);
    const length = this.lengths[index] as number;
    const buffer = Buffer.allocUnsafe(length);
    return this.withKey(item as PageKey, buffer.toString('utf8', 0, this.readInto(buffer, offset)));
  }

  private withKey(key: PageKey, text: string): PageRecord {
    return joined(key, JSON.parse(text) as Spilled);
  }

  private openScratch(): boolean {
    if (this.spillFailed) return false;
    if (this.file.fd !== null) return true;
    const file = path.join(os.tmpdir(), `wagtail-probe-pages-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      this.file.fd = openSync(file, 'wx+', 0o600);
    } catch {
      this.spillFailed = true;
      return false;
    }
    try {
      unlinkSync(file);
    } catch {
      // Where an open file cannot be unlinked, it goes when its descriptor closes... or stays: say nothing, lose nothing.
    }
    scratchFiles.register(this, this.file, this.file);
    return true;
  }

  /** Writes what is gathered. */
  private flush(): void {
    if (this.pendingBytes === 0) return;
    const bytes = this.pending.subarray(0, this.pendingBytes);
    this.pendingBytes = 0;
    this.writeOut(bytes);
  }

  /** Writes `bytes` at the end of the file. On failure their records are kept in memory, and nothing more is written. */
  private writeOut(bytes: Buffer): void {
    const firstOffset = this.written;
    try {
      if (this.file.fd === null) throw new Error('closed');
      for (let done = 0; done < bytes.length; ) done += writeSync(this.file.fd, bytes, done, bytes.length - done, firstOffset + done);
      this.written += bytes.length;
    } catch {
      this.spillFailed = true;
      this.keepUnwritten(bytes, firstOffset);
    }
  }

  /** The records whose bytes could not be written are kept in memory from those bytes, still joined with their keys. */
  private keepUnwritten(bytes: Buffer, firstOffset: number): void {
    for (let index = 0; index < this.items.length; index++) {
      const offset = this.offsets[index] as number;
      if (offset < firstOffset) continue;
      const from = offset - firstOffset;
      this.unwritten.set(this.items[index] as PageKey, JSON.parse(bytes.toString('utf8', from, from + (this.lengths[index] as number))) as Spilled);
      this.offsets[index] = UNWRITTEN;
    }
  }

  /** Fills `buffer` from `offset` on, as far as the file goes; returns the bytes read. */
  private readInto(buffer: Buffer, offset: number): number {
    if (this.file.fd === null) throw new Error('the crawl\'s scratch file of pages was closed');
    const wanted = Math.min(buffer.length, Math.max(0, this.written - offset));
    let done = 0;
    while (done < wanted) {
      const got = readSync(this.file.fd, buffer, done, wanted - done, offset + done);
      if (got === 0) break;
      done += got;
    }
    return done;
  }
}
