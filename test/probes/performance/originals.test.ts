// Originals shown where a rendition belongs, as a table: an <img>, srcset,
// og:image or CSS url() of original_images/ is one; a download link is not.

import t from 'tap';
import type { ReferenceVia } from '../../../src/probe-kit/index.js';
import { reportOriginalsShown } from '../../../probes/performance/originals.js';
import { resource, response, site, SITE } from '../../helpers/site-kit.js';
import { recorder } from './kit.js';

const ORIGINALS = `${SITE}media/original_images/`;
const original = (name: string, via: ReferenceVia, bytes?: number) =>
  resource(
    'original-image',
    bytes === undefined ? null : response({ url: `${ORIGINALS}${name}`, headers: { 'content-type': 'image/jpeg', 'content-length': String(bytes) }, complete: false }),
    [{ from: `${SITE}gallery/`, via }],
    `${ORIGINALS}${name}`,
  );

t.test('originals by how the page uses them', async (t) => {
  const cases: { name: string; resources: ReturnType<typeof original>[]; expected: string[] }[] = [
    { name: 'an <img> of an original, size known', resources: [original('IMG_0042.JPG', 'img', 4_200_000)], expected: ['originalsReferenced 1 img , 4.2 MB'] },
    { name: 'srcset and og:image too, grouped', resources: [original('b.jpg', 'srcset'), original('a.jpg', 'og:image')], expected: ['originalsReferenced 2 og:image '] },
    { name: 'a CSS background', resources: [original('bg.jpg', 'style')], expected: ['originalsReferenced 1 style '] },
    { name: 'a download link is deliberate', resources: [original('poster.jpg', 'a')], expected: [] },
  ];
  for (const c of cases) {
    const { report, reported } = recorder();
    reportOriginalsShown(site({ resources: c.resources }), report);
    t.same(reported.map((r) => `${r.id} ${r.data.count} ${r.data.via} ${r.data.size}`), c.expected, c.name);
    for (const r of reported) t.equal(r.options.url, ORIGINALS, 'pinned to the folder: one finding per site');
  }
});
