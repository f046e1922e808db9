import t from 'tap';
import { parseHttpDate } from '../../src/signals/http-date.js';

const NOV_6_1994 = Date.UTC(1994, 10, 6, 8, 49, 37);

t.test('parseHttpDate accepts the three HTTP-date forms and nothing else', async (t) => {
  const cases: { name: string; value: string | undefined; expected: number | null }[] = [
    { name: 'IMF-fixdate', value: 'Sun, 06 Nov 1994 08:49:37 GMT', expected: NOV_6_1994 },
    { name: 'IMF-fixdate in odd case with surrounding spaces', value: '  sun, 06 NOV 1994 08:49:37 gmt ', expected: NOV_6_1994 },
    { name: 'RFC 850 (obsolete)', value: 'Sunday, 06-Nov-94 08:49:37 GMT', expected: NOV_6_1994 },
    { name: 'RFC 850 two-digit year below 70 is 20xx', value: 'Thursday, 01-Jan-37 00:00:00 GMT', expected: Date.UTC(2037, 0, 1) },
    { name: 'asctime (obsolete), space-padded day', value: 'Sun Nov  6 08:49:37 1994', expected: NOV_6_1994 },
    { name: 'leap second counts as :59', value: 'Sat, 31 Dec 2016 23:59:60 GMT', expected: Date.UTC(2016, 11, 31, 23, 59, 59) },
    { name: 'nginx "expires max"', value: 'Thu, 31 Dec 2037 23:55:55 GMT', expected: Date.UTC(2037, 11, 31, 23, 55, 55) },
    { name: '"0", which Date.parse would read as the year 2000', value: '0', expected: null },
    { name: '"-1"', value: '-1', expected: null },
    { name: 'empty', value: '', expected: null },
    { name: 'absent', value: undefined, expected: null },
    { name: 'ISO 8601 is not an HTTP-date', value: '1994-11-06T08:49:37Z', expected: null },
    { name: 'not GMT', value: 'Sun, 06 Nov 1994 08:49:37 UTC', expected: null },
    { name: 'a day that does not exist', value: 'Fri, 31 Feb 2023 10:00:00 GMT', expected: null },
    { name: 'day zero', value: 'Sun, 00 Nov 1994 08:49:37 GMT', expected: null },
    { name: 'hour 24', value: 'Sun, 06 Nov 1994 24:00:00 GMT', expected: null },
    { name: 'minute 60', value: 'Sun, 06 Nov 1994 08:60:00 GMT', expected: null },
    { name: 'second 61', value: 'Sun, 06 Nov 1994 08:49:61 GMT', expected: null },
    { name: 'two Expires joined by the client', value: 'Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT', expected: null },
  ];
  for (const c of cases) t.equal(parseHttpDate(c.value), c.expected, c.name);
});
