import t from 'tap';
import { SlotMemo } from '../../src/gather/slot-memo.js';

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

t.test('a key that lands in a taken slot pushes the other out: misses, never a wrong value', async (t) => {
  const memo = new SlotMemo<string>(2);
  const keys = Array.from({ length: 50 }, (_, i) => `/item-${i}/`);
  for (const key of keys) memo.set(key, `value of ${key}`);
  const wrong = keys.filter((key) => memo.get(key) !== undefined && memo.get(key) !== `value of ${key}`);
  t.same(wrong, [], 'every hit is the value set for that key');
  const kept = keys.filter((key) => memo.get(key) !== undefined);
  t.ok(kept.length >= 1 && kept.length <= 2, `two slots hold at most two keys (held ${kept.length})`);
  t.equal(memo.get(keys.at(-1) as string), `value of ${keys.at(-1)}`, 'the last key set is always there');
});

t.test('what a crawl meets on every page stays remembered among one-off keys', async (t) => {
  const memo = new SlotMemo<number>(8192);
  const nav = Array.from({ length: 30 }, (_, i) => `/section-${i}/`);
  let navMisses = 0;
  for (let page = 0; page < 2000; page++) {
    for (const link of nav) {
      if (memo.get(link) === undefined) {
        navMisses += 1;
        memo.set(link, page);
      }
    }
    for (let own = 0; own < 6; own++) memo.set(`/projects/item-${page * 6 + own}/`, page);
  }
  // The nav is missed once each, plus the rare time a one-off key takes its slot.
  t.ok(navMisses < nav.length * 3, `nav links missed ${navMisses} times over 2,000 pages`);
});
