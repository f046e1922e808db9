import t from 'tap';
import { endedAt, firstLine, formatDuration, oneLine, plural, seconds, visible } from '../../src/report/text.js';

t.test('visible keeps text and shows what a report must never emit raw', async (t) => {
  const cases: Array<[string, string]> = [
    ['plain ünï 😀 text', 'plain ünï 😀 text'],
    ['tab\tand\nnewline', 'tab\tand\nnewline'],
    ['\u001b[31mred', '\\x1b[31mred'],
    ['cr\rbell\u0007nul\u0000del\u007f', 'cr\\x0dbell\\x07nul\\x00del\\x7f'],
    ['c1 \u0085 \u009b', 'c1 \\x85 \\x9b'],
    ['lone \ud800 and \udc00', 'lone \\ud800 and \\udc00'],
    ['non-characters \ufffe \uffff', 'non-characters \\ufffe \\uffff'],
  ];
  for (const [input, expected] of cases) t.equal(visible(input), expected, JSON.stringify(input));
  t.equal(oneLine('a\r\nb\nc\td'), 'a\\x0d\\nb\\nc d');
  t.equal(firstLine('Error: x\n    at y'), 'Error: x');
  t.equal(firstLine(''), '');
});

t.test('visible shows invisible and bidirectional characters as escapes, so a name cannot display as another', async (t) => {
  const cases: Array<[string, string]> = [
    ['invoice\u202efdp.exe.pdf', 'invoice\\u202efdp.exe.pdf'],
    ['\u202a\u202b\u202c\u202d', '\\u202a\\u202b\\u202c\\u202d'],
    ['\u2066isolate\u2067\u2068\u2069', '\\u2066isolate\\u2067\\u2068\\u2069'],
    ['zero\u200bwidth\u200c\u200d\u200e\u200f', 'zero\\u200bwidth\\u200c\\u200d\\u200e\\u200f'],
    ['line\u2028para\u2029', 'line\\u2028para\\u2029'],
    ['\ufeffbom \u061c alm \u2060 wj \u2064', '\\ufeffbom \\u061c alm \\u2060 wj \\u2064'],
    ['right-to-left text stays: שלום مرحبا', 'right-to-left text stays: שלום مرحبا'],
    ['neighbours stay: \u200a hair space, \u2030 per mille, \u2065', 'neighbours stay: \u200a hair space, \u2030 per mille, \u2065'],
  ];
  // Named by the expected text: a raw U+2028 in an assertion name would break tap's own TAP stream.
  for (const [input, expected] of cases) t.equal(visible(input), expected, expected);
  t.equal(oneLine('a\u2028b'), 'a\\u2028b', 'a line separator is shown, never a line break');
});

t.test('durations and counts as an operator reads them', async (t) => {
  const cases: Array<[number, string]> = [
    [0, '0 ms'],
    [849.6, '850 ms'],
    [1000, '1.0 s'],
    [4250, '4.3 s'],
    [59_940, '59.9 s'],
    [60_000, '1 min 0 s'],
    [185_400, '3 min 5 s'],
  ];
  for (const [ms, text] of cases) t.equal(formatDuration(ms), text, `${ms} ms`);
  t.equal(seconds(1234), '1.234');
  t.equal(plural(1, 'retry', 'retries'), '1 retry');
  t.equal(plural(0, 'retry', 'retries'), '0 retries');
  t.equal(plural(2, 'page'), '2 pages');
  t.equal(endedAt('2025-05-01T10:00:00.000Z', 1500), '2025-05-01T10:00:01.500Z');
  t.equal(endedAt('not a time', 1500), null);
});
