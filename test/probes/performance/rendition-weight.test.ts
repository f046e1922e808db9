// Renditions far heavier than their filter spec allows, as a table: the most
// pixels a spec allows, and bytes per pixel past what the format needs.

import t from 'tap';
import { HEAVY_MIN_BYTES, maxPixels, reportRenditionWeight } from '../../../probes/performance/rendition-weight.js';
import { resource, response, site, SITE } from '../../helpers/site-kit.js';
import { recorder } from './kit.js';

const MEDIA = `${SITE}media/images/`;
const fetched = (name: string, bytes: number | null, status = 200) =>
  resource('rendition', response({ url: `${MEDIA}${name}`, status, headers: { 'content-type': 'image/jpeg', ...(bytes === null ? {} : { 'content-length': String(bytes) }) }, complete: false }), [
    { from: SITE, via: 'img' },
  ]);

t.test('the most pixels a filter spec allows', async (t) => {
  const cases: [string[], number | null][] = [
    [['fill-300x200'], 60_000],
    [['fill-300x200-c100'], 60_000],
    [['max-800x600'], 480_000],
    [['width-800'], 1_280_000], // 800 wide, at most twice as tall
    [['height-400'], 320_000],
    [['width-800', 'format-webp'], 1_280_000],
    [['max-1000x1000', 'width-500'], 500_000], // the tighter bound
    [['original'], null],
    [['min-300x300'], null],
    [['scale-50'], null],
  ];
  for (const [ops, pixels] of cases) t.equal(maxPixels(ops), pixels, ops.join('|'));
});

t.test('heavy renditions: bytes per pixel past the format\'s limit, large files only', async (t) => {
  const cases: { name: string; resources: ReturnType<typeof fetched>[]; expected: string[] }[] = [
    { name: 'a usual JPEG', resources: [fetched('a.width-800.jpg', 180_000)], expected: [] },
    { name: 'a 3 MB width-800 JPEG', resources: [fetched('a.width-800.jpg', 3_000_000)], expected: ['renditionsOversized 1 2.34 1'] },
    { name: 'a heavy fill for its box', resources: [fetched('a.fill-400x300.jpg', 400_000)], expected: ['renditionsOversized 1 3.33 1'] },
    { name: 'WebP has a lower limit', resources: [fetched('a.fill-800x600.format-webp.webp', 400_000)], expected: ['renditionsOversized 1 0.83 0.75'] },
    { name: 'PNG up to raw RGBA is what PNG is', resources: [fetched('a.fill-800x600.png', 1_800_000)], expected: [] },
    { name: 'small files are left alone', resources: [fetched('icon.fill-10x10.jpg', HEAVY_MIN_BYTES - 1)], expected: [] },
    { name: 'no size known: nothing to judge', resources: [fetched('a.width-800.jpg', null)], expected: [] },
    { name: 'a spec with no bound', resources: [fetched('a.original.jpg', 9_000_000)], expected: [] },
    { name: 'not a 200', resources: [fetched('a.width-800.jpg', 3_000_000, 404)], expected: [] },
    { name: 'grouped, the worst first', resources: [fetched('a.width-800.jpg', 2_000_000), fetched('b.fill-400x300.jpg', 400_000)], expected: ['renditionsOversized 2 3.33 1'] },
  ];
  for (const c of cases) {
    const { report, reported } = recorder();
    reportRenditionWeight(site({ resources: c.resources }), report);
    t.same(reported.map((r) => `${r.id} ${r.data.count} ${r.data.bytesPerPixel} ${r.data.limit}`), c.expected, c.name);
  }
});
