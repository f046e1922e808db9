import t from 'tap';
import { RECENT_SLOTS, SlotMemo } from '../../src/gather/slot-memo.js';

t.test('a remembered key gives its value back, for any equal string', async (t) => {
  const memo = new SlotMemo<string>(64);
  memo.set('/blog/', 'https://site.test/blog/');
  t.equal(memo.get(['/', 'blog', '/'].join('')), 'https://site.test/blog/');
  t.equal(memo.get('/news/'), undefined, 'a key never set is a miss');
});

t.test('null is a value like any other, told apart from a miss', async (t) => {
  const memo = new SlotMemo<string | null>(64);
  memo.set('mailto:x@y.test', null);
  t.equal(memo.get('mailto:x@y.test'), null);
  t.equal(memo.get('mailto:z@y.test'), undefined);
});

t.test('a key set again takes its new value', async (t) => {
  const memo = new SlotMemo<number>(64);
  memo.set('/a/', 1);
  memo.set('/a/', 2);
  t.equal(memo.get('/a/'), 2);
});

t.test('a key met once is pushed out by the keys met after it: misses, never a wrong value', async (t) => {
  const memo = new SlotMemo<string>(64);
  const keys = Array.from({ length: RECENT_SLOTS * 8 }, (_, i) => `/item-${i}/`);
  for (const key of keys) memo.set(key, `value of ${key}`);
  const wrong = keys.filter((key) => memo.get(key) !== undefined && memo.get(key) !== `value of ${key}`);
  t.same(wrong, [], 'every hit is the value set for that key');
  const kept = keys.filter((key) => memo.get(key) !== undefined);
  t.ok(kept.length <= RECENT_SLOTS + 64, `at most the slots' worth is remembered (${kept.length} of ${keys.length})`);
  t.equal(memo.get('/item-0/'), undefined, 'the first key, met once, is gone');
});

t.test('a key met again stays, however many one-off keys come after it', async (t) => {
  const memo = new SlotMemo<string>(4096);
  const nav = Array.from({ length: 30 }, (_, i) => `/section-${i}/`);
  let navMisses = 0;
  for (let page = 0; page < 2000; page++) {
    for (const link of nav) {
      if (memo.get(link) === undefined) {
        navMisses += 1;
        memo.set(link, `page ${page}`);
      }
    }
    for (let own = 0; own < 6; own++) {
      const key = `/projects/item-${page * 6 + own}/`;
      if (memo.get(key) === undefined) memo.set(key, `page ${page}`);
    }
  }
  // Each nav link misses on the first page, hits (and moves to the hot slots) on the second, then stays,
  // but for the rare nav link that shares a hot slot with another.
  t.ok(navMisses < nav.length * 3, `nav links missed ${navMisses} times over 2,000 pages`);
});

t.test('the hot slots must be a power of two', async (t) => {
  t.throws(() => new SlotMemo(1000), RangeError);
});
