// Time to first byte by section, as a specification: the numbers are always
// reported (info), a section past 0.8 s at the median is a warning.

import t from 'tap';
import { overallP50, reportTtfb, SLOW_TTFB_MS } from '../../../probes/performance/ttfb.js';
import { SITE } from '../../helpers/site-kit.js';
import { htmlPage, recorder } from './kit.js';

const timed = (path: string, ttfbMs: number) => htmlPage(path, { ttfbMs });

t.test('sections and their percentiles', async (t) => {
  const cases: { name: string; pages: ReturnType<typeof timed>[]; expected: string[] }[] = [
    { name: 'no pages: nothing to say', pages: [], expected: [] },
    { name: 'fast pages: the numbers only', pages: [timed('/', 80), timed('/blog/a/', 120), timed('/blog/b/', 140)], expected: [`ttfbBySection ${SITE}`] },
    {
      name: 'one slow section',
      pages: [timed('/', 80), timed('/search/', 2400), timed('/search/?q=a', 1900), timed('/blog/a/', 120)],
      expected: [`slowSection ${SITE}search/`, `ttfbBySection ${SITE}`],
    },
    { name: 'just at the limit is not slow', pages: [timed('/events/', SLOW_TTFB_MS)], expected: [`ttfbBySection ${SITE}`] },
  ];
  for (const c of cases) {
    const { report, reported } = recorder();
    reportTtfb(c.pages, SITE, report);
    t.same(reported.map((r) => `${r.id} ${r.options.url}`).sort(), c.expected, c.name);
  }
});

t.test('the summary and the slow section say the numbers', async (t) => {
  const { report, reported } = recorder();
  reportTtfb([timed('/', 80), timed('/search/', 2400), timed('/search/x/', 1900)], SITE, report);
  const summary = reported.find((r) => r.id === 'ttfbBySection');
  t.equal(summary?.data.summary, '/search/ p50 1.90 s, p95 2.40 s (2); / p50 80 ms, p95 80 ms (1)');
  const slow = reported.find((r) => r.id === 'slowSection');
  t.match(slow?.data, { section: '/search/', p50: '1.90 s', p95: '2.40 s', count: 2, example: `${SITE}search/`, slowest: '2.40 s' });
  t.match(slow?.evidence[0]?.note, /slowest of \/search\/: TTFB 2\.40 s/);
});

t.test('the site-wide median', async (t) => {
  t.equal(overallP50([]), null);
  t.equal(overallP50([timed('/', 100), timed('/a/', 900), timed('/b/', 300)]), 300);
  t.equal(overallP50([timed('/', 100), timed('/a/', 900)]), 100, 'nearest rank: the lower of two');
});
