import t from 'tap';
import { parseHsts } from '../../src/signals/hsts.js';

t.test('parseHsts', async (t) => {
  t.same(parseHsts('max-age=63072000; includeSubDomains; preload'), { maxAge: 63072000, includeSubDomains: true, preload: true });
  t.same(parseHsts('MAX-AGE="300"'), { maxAge: 300, includeSubDomains: false, preload: false });
  t.same(parseHsts('includeSubDomains'), { maxAge: null, includeSubDomains: true, preload: false });
});
