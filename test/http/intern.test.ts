import t from 'tap';
import { intern } from '../../src/http/intern.js';

t.test('intern gives an equal string, the same one for every equal input', async (t) => {
  const first = intern(['text/html', 'charset=utf-8'].join('; '));
  const second = intern(['text/html', 'charset=utf-8'].join('; '));
  t.equal(first, 'text/html; charset=utf-8');
  t.equal(second, first);
  t.equal(intern(''), '');
});

t.test('a long string is passed through as it is, not pooled', async (t) => {
  const long = 'x'.repeat(300);
  t.equal(intern(long), long);
});

t.test('the pool stays bounded: after it fills, strings are still returned equal', async (t) => {
  const wrong: string[] = [];
  for (let i = 0; i < 25_000; i++) if (intern(`value-${i}`) !== `value-${i}`) wrong.push(`value-${i}`);
  t.same(wrong, [], 'every string came back equal, past the pool size');
  t.equal(intern('value-0'), 'value-0');
});
