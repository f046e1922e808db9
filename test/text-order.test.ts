import t from 'tap';
import { compareText } from '../src/text-order.js';

t.test('strings are ordered by UTF-16 code units, as sort() orders them by default', async (t) => {
  const urls = ['/b/', '/a_b/', '/a-b/', '/B/', '/a/', '/é/', '/e/', '/a/'];
  t.same([...urls].sort(compareText), [...urls].sort());
  t.same([...urls].sort(compareText), ['/B/', '/a-b/', '/a/', '/a/', '/a_b/', '/b/', '/e/', '/é/']);
  t.equal(compareText('x', 'x'), 0);
  t.ok(compareText('a', 'b') < 0 && compareText('b', 'a') > 0);
});
