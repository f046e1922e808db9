// The page store keeps a crawl's first records as objects and writes the rest
// to a scratch file: iterating gives every record back, in order, equal to what
// was added, with the references met after it was written.

import { closeSync, readdirSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import t from 'tap';
import type { PageRecord, Reference } from '../../src/gather/model.js';
import { PageStore, type PageKey } from '../../src/gather/page-store.js';
import type { FetchResponse } from '../../src/http/types.js';

function page(n: number, overrides: Partial<PageRecord> = {}): PageRecord & { referencedFrom: readonly Reference[]; referenceCount: number } {
  const url = `https://example.com/page-${n}/`;
  const response: FetchResponse = {
    ok: true,
    request: { method: 'GET', url, headers: { 'user-agent': 'wagtail-probe' } },
    url,
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'max-age=60', 'x-note': `naïve ☃ ${n}` },
    setCookies: [],
    body: { bytesRead: 1000 + n, complete: true, prefixBase64: '' },
    hops: [],
    timing: { startedAt: '2026-12-02T08:00:00.000Z', ttfbMs: n % 7, totalMs: n % 11 },
    attempts: 1,
    flaky: false,
  };
  return {
    url,
    depth: 1,
    referencedFrom: [{ from: 'https://example.com/', via: 'a' }],
    referenceCount: 1,
    response,
    facts: { title: `Page ${n}`, forms: [], hasWagtailUserbar: false, hasDjangoDebugPage: false, outgoingReferences: 3, charset: 'utf-8' },
    role: 'content',
    ...overrides,
  };
}

/** A crawler's pending page: the key whose references keep changing. */
function keyOf(record: PageRecord): PageKey & { referencedFrom: readonly Reference[]; referenceCount: number } {
  return { url: record.url, depth: record.depth, role: record.role, referencedFrom: record.referencedFrom, referenceCount: record.referenceCount };
}

function scratchFiles(): string[] {
  return readdirSync(os.tmpdir()).filter((name) => name.startsWith(`wagtail-probe-pages-${process.pid}-`));
}

t.test('past the records kept in memory, each record is written out and read back equal, in order', async (t) => {
  const store = new PageStore(3);
  t.teardown(() => store.close());
  const added = Array.from({ length: 2500 }, (_, n) => page(n));
  const kept = added.map((record) => store.add(record, keyOf(record), false));
  t.same(
    kept.map((k) => k !== null),
    added.map((_, n) => n < 3),
    'the first three are kept as objects, the rest are not',
  );
  t.equal(store.length, 2500);
  t.same([...store], added, 'every record, in the order added');
  t.same([...store], added, 'and again: each iteration reads them afresh');
  t.same(JSON.parse(JSON.stringify(store)), added, 'it serialises as the list of its records');
  t.same(scratchFiles(), [], 'the scratch file is unlinked as soon as it is open');
});


t.test('a record larger than a read, and two iterations at once, read back equal', async (t) => {
  const store = new PageStore(0);
  t.teardown(() => store.close());
  const huge = page(1, { facts: { title: 'x'.repeat(3 * 1024 * 1024), forms: [], hasWagtailUserbar: false, hasDjangoDebugPage: false, outgoingReferences: 0, charset: 'utf-8' } });
  const added = [page(0), huge, ...Array.from({ length: 3000 }, (_, n) => page(n + 2))];
  for (const record of added) store.add(record, keyOf(record), false);
  t.same([...store], added, 'the 3 MB record between small ones');
  const outer: PageRecord[] = [];
  const inner: PageRecord[] = [];
  for (const record of store) {
    outer.push(record);
    if (outer.length === 2) for (const other of store) inner.push(other);
  }
  t.same(outer, added, 'an iteration interrupted by another one');
  t.same(inner, added, 'the one inside it');
});
t.test('references met after a page was written out are its references when read back', async (t) => {
  const store = new PageStore(0);
  t.teardown(() => store.close());
  const record = page(1);
  const key = keyOf(record);
  store.add(record, key, false);
  key.referencedFrom = [...key.referencedFrom, { from: 'https://example.com/other/', via: 'a' }];
  key.referenceCount = 7;
  const [read] = [...store];
  t.same(read?.referencedFrom.map((r) => r.from), ['https://example.com/', 'https://example.com/other/']);
  t.equal(read?.referenceCount, 7);
});

t.test('a mutable record (a redirect a resumed chain may change) stays the object added', async (t) => {
  const store = new PageStore(0);
  t.teardown(() => store.close());
  const redirect = page(2);
  t.equal(store.add(redirect, keyOf(redirect), true), redirect);
  const [read] = [...store];
  t.equal(read, redirect, 'the same object, not a copy');
});

t.test('takeOut removes the pages it picks, written out or not, and keeps the order of the rest', async (t) => {
  const store = new PageStore(2);
  t.teardown(() => store.close());
  const added = Array.from({ length: 10 }, (_, n) => page(n));
  for (const record of added) store.add(record, keyOf(record), false);
  const isOut = (key: PageKey): boolean => /page-(1|5|9)\//.test(key.url);
  const out = store.takeOut(isOut);
  t.same(out, added.filter((record) => isOut(record)));
  t.same([...store], added.filter((record) => !isOut(record)));
  t.equal(store.length, 7);
});

t.test('without a writable scratch folder every record stays in memory: nothing is lost', async (t) => {
  const tmpdir = process.env['TMPDIR'];
  process.env['TMPDIR'] = '/nonexistent/wagtail-probe-test';
  t.teardown(() => {
    if (tmpdir === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = tmpdir;
  });
  const store = new PageStore(1);
  const added = Array.from({ length: 5 }, (_, n) => page(n));
  t.same(
    added.map((record) => store.add(record, keyOf(record), false)),
    added,
    'each kept as an object',
  );
  t.same([...store], added);
  store.close();
});

t.test('once closed, a store whose records were written out says so when iterated', async (t) => {
  const store = new PageStore(0);
  const record = page(3);
  store.add(record, keyOf(record), false);
  store.close();
  t.throws(() => [...store], /scratch file of pages was closed/);
});

/** Closes the store's scratch file behind its back (Linux): every later write fails, as on a full disk. */
function breakScratchFile(): void {
  for (const fd of readdirSync('/proc/self/fd')) {
    let target = '';
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    if (target.includes(`wagtail-probe-pages-${process.pid}-`)) closeSync(Number(fd));
  }
}

t.test('when a write fails, the records it held stay in memory, still joined with their keys; later ones too', { skip: process.platform !== 'linux' && 'needs /proc/self/fd' }, async (t) => {
  const store = new PageStore(1);
  const added = Array.from({ length: 6 }, (_, n) => page(n));
  const keys = added.map(keyOf);
  added.forEach((record, n) => store.add(record, keys[n] as PageKey, false));
  breakScratchFile();
  // The pages past the first are still gathered, unwritten: the failed write keeps them.
  const key = keys[4] as ReturnType<typeof keyOf>;
  const out = store.takeOut((k) => k.url === added[5]?.url);
  t.same(out, [added[5]], 'taken out from the bytes the write could not hold');
  key.referencedFrom = [...key.referencedFrom, { from: 'https://example.com/late/', via: 'a' }];
  key.referenceCount = 2;
  const later = page(6);
  t.equal(store.add(later, keyOf(later), false), later, 'nothing more is written: a later record is kept as an object');
  const read = [...store];
  t.same(read.map((r) => r.url), [...added.slice(0, 5), later].map((r) => r.url), 'nothing lost, in order');
  t.same(read[4]?.referencedFrom.map((r) => r.from), ['https://example.com/', 'https://example.com/late/'], 'references met after the failure count');
  t.equal(read[4]?.referenceCount, 2);
  store.close();
});
