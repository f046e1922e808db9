// Rendition formats as a specification: JPEG and PNG everywhere is a warning,
// JPEG or PNG without a WebP or AVIF of the same image on its page (while the
// site has some) is a note, and {% picture %}'s sources are an alternative.

import t from 'tap';
import { reportImageFormats } from '../../../probes/performance/image-formats.js';
import { resource, site, SITE } from '../../helpers/site-kit.js';
import { recorder } from './kit.js';

const MEDIA = `${SITE}media/images/`;
const HOME = SITE;
const NEWS = `${SITE}news/`;
/** A rendition seen (not fetched: its name decides) on the given pages. */
const seen = (name: string, pages: string[], via: 'img' | 'srcset' = 'img') => resource('rendition', null, pages.map((from) => ({ from, via })), `${MEDIA}${name}`);

t.test('formats of the renditions on the crawled pages', async (t) => {
  const cases: { name: string; renditions: ReturnType<typeof seen>[]; expected: string[] }[] = [
    { name: 'no renditions', renditions: [], expected: [] },
    { name: 'JPEG only, everywhere', renditions: [seen('hero.width-800.jpg', [HOME]), seen('team.fill-300x200.png', [NEWS])], expected: ['noModernImageFormats 2 JPEG or PNG'] },
    {
      name: "{% picture %} with format-{webp,jpeg}: the JPEG has its WebP on the same page",
      renditions: [seen('hero.width-600.format-webp.webp', [HOME], 'srcset'), seen('hero.width-600.format-jpeg.jpg', [HOME])],
      expected: [],
    },
    { name: 'WebP only', renditions: [seen('hero.width-400.format-webp.webp', [HOME])], expected: [] },
    {
      name: 'some pages have WebP, another page a lone JPEG',
      renditions: [seen('hero.width-600.format-webp.webp', [HOME], 'srcset'), seen('hero.width-600.jpg', [HOME]), seen('thumb.fill-100x100.jpg', [NEWS])],
      expected: ['legacyOnlyRenditions 1'],
    },
    { name: 'AVIF counts as modern', renditions: [seen('hero.width-600.format-avif.avif', [HOME], 'srcset'), seen('hero.width-600.jpg', [HOME])], expected: [] },
    { name: 'GIF and SVG are neither', renditions: [seen('anim.width-200.gif', [HOME]), seen('logo.original.svg', [HOME])], expected: [] },
    { name: 'a name that is not a rendition is left alone', renditions: [seen('photo.jpg', [HOME])], expected: [] },
  ];
  for (const c of cases) {
    const { report, reported } = recorder();
    reportImageFormats(site({ resources: c.renditions }), report);
    t.same(reported.map((r) => [r.id, r.data.count, r.data.formats].filter((x) => x !== undefined).join(' ')), c.expected, c.name);
  }
});

t.test('the lone JPEG finding names the page that shows it', async (t) => {
  const { report, reported } = recorder();
  reportImageFormats(site({ resources: [seen('a.width-600.format-webp.webp', [HOME]), seen('b.width-600.jpg', [NEWS])] }), report);
  t.same(reported[0]?.data, { count: 1, example: `${MEDIA}b.width-600.jpg`, page: NEWS });
  t.match(reported[0]?.evidence[0]?.note, /referenced as img/);
});
