// Pages by section and each section's TTFB percentiles, as tables.

import t from 'tap';
import { nearestRank, pageSection, ttfbBySection } from '../../src/signals/page-sections.js';

t.test('a page\'s section is its first path segment', async (t) => {
  const cases: [string, string][] = [
    ['https://site.test/', '/'],
    ['https://site.test', '/'],
    ['https://site.test/?page=2', '/'],
    ['https://site.test/blog/', '/blog/'],
    ['https://site.test/blog/2024/a-post/', '/blog/'],
    ['https://site.test/about', '/about/'],
    ['https://site.test//double//', '/double/'],
    ['https://site.test/en/events/', '/en/'], // a language prefix is the section: the crawl cannot tell it from one
  ];
  for (const [url, section] of cases) t.equal(pageSection(url), section, url);
});

t.test('nearest-rank percentiles', async (t) => {
  const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
  t.equal(nearestRank(values, 50), 50);
  t.equal(nearestRank(values, 95), 100);
  t.equal(nearestRank([7], 95), 7);
  t.equal(nearestRank([], 50), 0);
});

t.test('sections, slowest median first, with their slowest page', async (t) => {
  const sections = ttfbBySection([
    { url: 'https://site.test/', ttfbMs: 50 },
    { url: 'https://site.test/blog/a/', ttfbMs: 300 },
    { url: 'https://site.test/blog/b/', ttfbMs: 100 },
    { url: 'https://site.test/blog/c/', ttfbMs: 900 },
    { url: 'https://site.test/about/', ttfbMs: 50 },
  ]);
  t.same(
    sections.map((s) => [s.section, s.count, s.p50, s.p95, s.slowest.url]),
    [
      ['/blog/', 3, 300, 900, 'https://site.test/blog/c/'],
      ['/', 1, 50, 50, 'https://site.test/'],
      ['/about/', 1, 50, 50, 'https://site.test/about/'],
    ],
  );
  t.same(ttfbBySection([]), []);
});
