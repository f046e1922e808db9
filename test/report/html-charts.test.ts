// The report's two performance pictures as a specification: well-formed SVG
// (parsed as XML), bars proportional to their values, labels escaped and cut,
// and a sentence instead of a picture when there is nothing to draw.

import * as cheerio from 'cheerio';
import t, { type Test } from 'tap';
import type { LatencySample } from '../../src/engine/result.js';
import { barWidth, bytesByType, bytesChartSvg, MAX_ROWS, pageTtfbs, performanceSection, ttfbChartSvg, type ChartSample } from '../../src/report/html-charts.js';

const SITE = 'https://site.test';
const pageSample = (path: string, ttfbMs: number, status: number | null = 200): LatencySample => ({ url: `${SITE}${path}`, kind: 'page', status, ttfbMs, totalMs: ttfbMs + 5 });
const sized = (contentType: string | undefined, bytes: number | undefined): ChartSample => ({
  url: `${SITE}/x`,
  kind: 'static',
  status: 200,
  ttfbMs: 1,
  totalMs: 2,
  ...(contentType === undefined ? {} : { contentType }),
  ...(bytes === undefined ? {} : { bytes }),
});

/** Parses as XML: a malformed tag, an unescaped & or < fails here, as it would in a browser's SVG parser. */
function xml(t: Test, svg: string) {
  t.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s, 'one svg element');
  t.notMatch(svg, /<script|\bon\w+=|href=|style=/i, 'no script, handler, link or style attribute');
  const $ = cheerio.load(svg, { xml: { xmlMode: true, recognizeSelfClosing: true } });
  t.equal($('svg').length, 1);
  return $;
}

function widths($: cheerio.CheerioAPI, selector: string): number[] {
  return $(selector).toArray().map((el) => Number($(el).attr('width')));
}

t.test('TTFB by section: slowest median first, p95 and p50 bars on one linear scale', async (t) => {
  const sections = pageTtfbs([
    pageSample('/', 100),
    pageSample('/blog/a/', 200),
    pageSample('/blog/b/', 400),
    pageSample('/events/x/', 900),
    pageSample('/admin/login/', 5000, 302), // not a 200: not a page's timing
    { url: `${SITE}/static/a.css`, kind: 'static', status: 200, ttfbMs: 3000, totalMs: 3000 },
  ]);
  t.same(sections.map((s) => [s.section, s.count, s.p50, s.p95]), [
    ['/events/', 1, 900, 900],
    ['/blog/', 2, 200, 400],
    ['/', 1, 100, 100],
  ]);
  const $ = xml(t, ttfbChartSvg(sections));
  t.same($('g.row').toArray().map((el) => $(el).attr('data-section')), ['/events/', '/blog/', '/']);
  const p95 = widths($, 'rect.bar-p95');
  const p50 = widths($, 'rect.bar-p50');
  t.same(p95, [360, 160, 40], 'p95 bars: 900, 400, 100 ms on a 360 px scale');
  t.same(p50, [360, 80, 40], 'p50 bars on the same scale');
  t.match($('svg > title').text(), /\/blog\/ p50 200 ms, p95 400 ms/);
});

t.test('bars are proportional, and a value above zero never vanishes', async (t) => {
  const cases: [value: number, max: number, expected: number][] = [
    [50, 100, 180],
    [100, 100, 360],
    [0, 100, 0],
    [0.001, 100, 1],
    [5, 0, 0],
  ];
  for (const [value, max, expected] of cases) t.equal(barWidth(value, max), expected, `${value} of ${max}`);
});

t.test('bytes by content type: summed, largest first, unknown sizes left out', async (t) => {
  const types = bytesByType([
    sized('text/css', 3000),
    sized('text/css', 1000),
    sized('image/jpeg', 8000),
    sized(undefined, 500),
    sized('text/html', undefined),
  ]);
  t.same(types, [
    { type: 'image/jpeg', bytes: 8000, count: 1 },
    { type: 'text/css', bytes: 4000, count: 2 },
    { type: 'unknown', bytes: 500, count: 1 },
  ]);
  const $ = xml(t, bytesChartSvg(types));
  t.same(widths($, 'rect.bar-bytes'), [360, 180, 22.5]);
  t.match($('svg > title').text(), /12\.5 kB in all/);
});

t.test('past MAX_ROWS content types the rest is one summed row', async (t) => {
  const many = Array.from({ length: MAX_ROWS + 3 }, (_, i) => sized(`type/${String(i).padStart(2, '0')}`, 1000 * (MAX_ROWS + 3 - i)));
  const $ = xml(t, bytesChartSvg(bytesByType(many)));
  const rows = $('g.row').toArray().map((el) => $(el).attr('data-type'));
  t.equal(rows.length, MAX_ROWS);
  t.equal(rows.at(-1), '4 other types');
  t.match($('g.row').last().find('text.numbers').text(), /10\.0 kB \(4\)/, '4 + 3 + 2 + 1 kB');
});

t.test("labels are the site's text: escaped, and cut before they reach the numbers", async (t) => {
  const hostile = '/<script>&"\'x/';
  const long = `/${'a'.repeat(60)}/`;
  const $ = xml(t, ttfbChartSvg(pageTtfbs([pageSample(`${hostile}page/`, 10), pageSample(`${long}p/`, 20)])));
  t.equal($('script').length, 0, 'no element from a label');
  const names = $('text.kind-name').toArray().map((el) => $(el).text());
  // URL parsing encodes < and " in a path but keeps & and ': those reach the SVG raw, and must be escaped.
  t.ok(names.includes(`/%3Cscript%3E&%22'x/`), 'the path shows as text, & and \' decoded back');
  const cut = names.find((n) => n.startsWith('/aaa'));
  t.ok(cut !== undefined && [...cut].length === 34 && cut.endsWith('…'), `long label cut to 34 characters: ${cut}`);
  t.equal($('g.row').first().attr('data-section'), long, 'the data attribute keeps the whole name');

  const typed = xml(t, bytesChartSvg(bytesByType([sized('text/x-<b>&amp;</b>', 100)])));
  t.equal(typed('b').length, 0);
  t.equal(typed('text.kind-name').text(), 'text/x-<b>&amp;</b>', 'decoded back to exactly what the site sent');
});

t.test('nothing to draw is said in words, not as an empty picture', async (t) => {
  t.match(ttfbChartSvg([]), /^<p>No page answered 200/);
  t.match(bytesChartSvg([]), /^<p>Response sizes were not recorded in this run/);
  const $ = cheerio.load(performanceSection([pageSample('/', 100)]));
  t.equal($('section#performance svg.chart-ttfb').length, 1);
  t.equal($('section#performance svg.chart-bytes').length, 0);
  t.match($('section#performance').text(), /Response sizes were not recorded/);
});
