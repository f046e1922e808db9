import t from 'tap';
import { parseSrcset } from '../../src/gather/srcset.js';

type Expected = [url: string, descriptor: string | null][];

const cases: { name: string; srcset: string; expected: Expected }[] = [
  {
    name: "Wagtail's {% srcset_image %} output",
    srcset: '/media/images/bread.width-400.jpg 400w, /media/images/bread.width-800.jpg 800w',
    expected: [['/media/images/bread.width-400.jpg', '400w'], ['/media/images/bread.width-800.jpg', '800w']],
  },
  {
    name: 'density descriptors, decimal ones too',
    srcset: 'a.jpg 1x, a@2x.jpg 2x, a@1.5.jpg 1.5x, b.jpg .5x, c.jpg 1e1x',
    expected: [['a.jpg', '1x'], ['a@2x.jpg', '2x'], ['a@1.5.jpg', '1.5x'], ['b.jpg', '.5x'], ['c.jpg', '1e1x']],
  },
  {
    name: 'a single URL without descriptor',
    srcset: '/media/images/logo.original.png',
    expected: [['/media/images/logo.original.png', null]],
  },
  {
    name: 'commas inside a URL belong to it',
    srcset: 'image.jpg?a=1,2 1x, image.jpg?a=3,4 2x',
    expected: [['image.jpg?a=1,2', '1x'], ['image.jpg?a=3,4', '2x']],
  },
  {
    name: 'data URIs are kept whole (the caller drops them)',
    srcset: 'data:image/png;base64,AAA= 1x, /media/images/x.width-800.png 2x',
    expected: [['data:image/png;base64,AAA=', '1x'], ['/media/images/x.width-800.png', '2x']],
  },
  {
    name: 'newlines and runs of whitespace, as templates write them',
    srcset: '\n    /media/images/a.width-400.jpg   400w,\n\t  /media/images/a.width-800.jpg\n800w\n  ',
    expected: [['/media/images/a.width-400.jpg', '400w'], ['/media/images/a.width-800.jpg', '800w']],
  },
  {
    name: 'a trailing comma on the URL ends the candidate',
    srcset: 'a.jpg, b.jpg 2x,',
    expected: [['a.jpg', null], ['b.jpg', '2x']],
  },
  {
    name: 'several trailing commas and empty candidates',
    srcset: ',, a.jpg,,, ,b.jpg 100w,,',
    expected: [['a.jpg', null], ['b.jpg', '100w']],
  },
  {
    name: 'a comma right after a descriptor ends the candidate',
    srcset: 'a.jpg 1x,b.jpg 2x',
    expected: [['a.jpg', '1x'], ['b.jpg', '2x']],
  },
  {
    name: 'a comma inside a run of non-whitespace is part of the URL, as in a browser',
    srcset: 'a.jpg,b.jpg 2x',
    expected: [['a.jpg,b.jpg', '2x']],
  },
  {
    name: 'width with a future-compatible height',
    srcset: 'a.jpg 100w 50h',
    expected: [['a.jpg', '100w 50h']],
  },
  {
    name: 'parentheses hide commas in descriptors',
    srcset: 'a.jpg 1x (foo,bar), b.jpg 2x',
    expected: [['b.jpg', '2x']], // '(foo,bar)' is not a valid descriptor: the candidate is dropped
  },
  {
    name: 'unfinished parenthesis runs to the end',
    srcset: 'a.jpg 2x, b.jpg (oops, c.jpg 3x',
    expected: [['a.jpg', '2x']],
  },
  {
    name: 'invalid descriptors drop their candidate only',
    srcset: 'a.jpg 2q, b.jpg 0w, c.jpg 100w 2x, d.jpg 1x 2x, e.jpg -1x, f.jpg 50h, g.jpg 1.x, h.jpg 10w 0h, i.jpg 100w 100w, j.jpg 2x 50h, k.jpg 300w',
    expected: [['k.jpg', '300w']],
  },
  {
    name: 'negative zero density is allowed',
    srcset: 'a.jpg -0x',
    expected: [['a.jpg', '-0x']],
  },
  { name: 'empty', srcset: '', expected: [] },
  { name: 'only separators', srcset: ' , ,\n,', expected: [] },
];

for (const { name, srcset, expected } of cases) {
  t.test(name, async (t) => {
    t.same(
      parseSrcset(srcset).map((c) => [c.url, c.descriptor]),
      expected,
    );
  });
}

t.test('hostile input never throws and stays fast', async (t) => {
  const inputs = [
    ','.repeat(100_000),
    '('.repeat(100_000),
    `a.jpg ${'('.repeat(50_000)}`,
    `${'x'.repeat(100_000)} 1x`,
    Array.from({ length: 10_000 }, (_, i) => `/m/${i}.jpg ${i + 1}w`).join(', '),
    '\u0000 \uFFFF, \uD800 1x',
  ];
  const started = performance.now();
  for (const input of inputs) t.doesNotThrow(() => parseSrcset(input));
  t.ok(performance.now() - started < 1000, 'all within a second');
  t.equal(parseSrcset(inputs[4] as string).length, 10_000);
});
