import { createHash } from 'node:crypto';
import * as cheerio from 'cheerio';
import t from 'tap';
import { escapeHtml, latencySvg, percentile, renderHtml } from '../../src/report/html.js';
import { axisLabel, inlineMarkdown, latencyByKind } from '../../src/report/html-parts.js';
import { curlCommand } from '../../src/report/evidence-text.js';
import type { LatencySample } from '../../src/engine/result.js';
import {
  BIDI_URL,
  CRASH,
  HOSTILE,
  HOSTILE_URL,
  INVISIBLES,
  INVISIBLE_RE,
  RUN_CRASH,
  UNREACHABLE,
  bidiFinding,
  catalog,
  crashedResult,
  deepFreeze,
  fixtureResult,
  fixtureWithBaseline,
  hostileFinding,
  leakFinding,
  notProbedResult,
  withoutCrash,
} from './fixtures.js';
import { visible } from '../../src/report/text.js';

const load = (html: string) => cheerio.load(html);

t.test('one self-contained file: no script, no external URL, a CSP that forbids both', async (t) => {
  const html = renderHtml(deepFreeze(fixtureResult()));
  const $ = load(html);
  t.equal($('script').length, 0, 'no script element');
  t.equal($('link, img, iframe, object, embed, base').length, 0, 'nothing loaded from elsewhere');
  t.same($('[src]').toArray().length, 0, 'no src attributes');
  t.notMatch($('style').text(), /url\(|@import/, 'CSS loads nothing');
  const onAttributes = $('*').toArray().flatMap((el) => Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {})).filter((name) => name.startsWith('on'));
  t.same(onAttributes, [], 'no event handler attributes');
  t.same($('[href]').toArray().map((el) => $(el).attr('href')).filter((href) => !href?.startsWith('#')), [], 'links only within the page');
  t.equal($('[style]').length, 0, 'no style attributes (the CSP would refuse them)');
  const csp = $('meta[http-equiv="Content-Security-Policy"]').attr('content');
  const hash = createHash('sha256').update($('style').text()).digest('base64');
  t.equal(csp, `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`, 'only this stylesheet, by its hash');
  t.equal($('style').length, 1);
  t.match(html, /^<!doctype html>\n<html lang="en">/);
});

t.test('attacker-controlled URLs and headers come out as text, never markup', async (t) => {
  const html = renderHtml(fixtureResult());
  t.notMatch(html, '<script>');
  t.notMatch(html, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'no raw control characters');
  const $ = load(html);
  const hostileRow = $('li.finding').filter((_, row) => $(row).text().includes('A private response is cacheable'));
  t.equal(hostileRow.length, 1);
  t.equal(hostileRow.find('.url code').text(), HOSTILE_URL, 'the URL reads back exactly');
  t.equal(hostileRow.find('.message').text(), `A private response is cacheable: ${visible(HOSTILE)}`);
  t.ok(hostileRow.find('dd code').toArray().some((el) => $(el).text() === `x-hostile: ${visible(HOSTILE)}`), 'the header reads back, BEL made visible');
  t.equal(hostileRow.find('.curl pre').text(), curlCommand(hostileFinding.evidence[0]!.request!), 'the curl line, quotes and all, is text');
  const slowest = $('ol.slowest code.url').first().text();
  t.equal(slowest, HOSTILE_URL, 'the slowest URL, hostile too, is text');
});

t.test('the summary: verdict, counts, what was gathered', async (t) => {
  const $ = load(renderHtml(withoutCrash(fixtureResult())));
  t.equal($('.verdict').attr('class'), 'verdict fail');
  t.equal($('.verdict').text(), 'FAIL (exit 1): 1 finding at or above error');
  const facts = Object.fromEntries($('#summary dt').toArray().map((dt) => [$(dt).text(), $(dt).next('dd').text()]));
  t.same(facts, {
    Target: 'https://www.example.org/',
    Started: '2025-05-01T10:00:00.000Z',
    Duration: '4.3 s',
    'Fail on': 'error',
    Findings: '1 error, 2 warnings, 1 info (1 inconclusive)',
    Gathered: '12 pages, 40 assets, 3 documents, 10 images',
    Requests: '130 (2 retries, 1 error, 123456 bytes read)',
  });
  const passing = load(renderHtml({ ...withoutCrash(fixtureResult()), failOn: 'never' }));
  t.equal(passing('.verdict').attr('class'), 'verdict pass');
  t.match(load(renderHtml(fixtureResult()))('.verdict').text(), /^ERROR \(exit 4\): 1 probe crashed/);
});

t.test('findings by probe, failing probes first and the most severe first within; marks; evidence folded in a details element', async (t) => {
  const $ = load(renderHtml(fixtureWithBaseline()));
  t.same($('section.probe-findings').toArray().map((g) => $(g).attr('id')), ['findings-media-offload', 'findings-document-privacy', 'findings-static-assets'], 'in the probes order: the inconclusive one, then the passing ones by their worst finding');
  t.equal($('#findings-document-privacy h3').text(), 'Private documents cannot be fetched without permissiondocument-privacy', 'the title, then the id');
  const rows = $('li.finding').toArray();
  t.equal(rows.length, 4);
  t.same(rows.map((row) => $(row).find('.rule').text()), [
    'media-offload/cannotTellServer',
    'document-privacy/directUrlLeak',
    'document-privacy/cacheablePrivate',
    'static-assets/noCompression',
  ]);
  t.same(rows.map((row) => $(row).attr('id')), ['finding-1', 'finding-2', 'finding-3', 'finding-4']);
  t.same(rows.map((row) => $(row).attr('class')), ['finding finding-warning', 'finding finding-error', 'finding finding-warning', 'finding finding-info']);
  const marks = rows.map((row) => $(row).find('.mark').toArray().map((m) => $(m).text()));
  t.same(marks, [['inconclusive', 'new'], ['known'], ['new'], ['new']], 'nothing fails the run: the error is known');
  const failing = load(renderHtml(fixtureWithBaseline([])))('li.finding').first().find('.mark').toArray();
  t.same(failing.map((m) => $(m).text()), ['new', 'fails the run']);
  const leak = $(rows[1]);
  t.equal(leak.find('details.evidence').attr('open'), undefined, 'folded until opened');
  t.equal(leak.find('details.evidence summary').text(), 'Evidence (1 request): 302 → 200 · content-type: application/pdf');
  t.equal(leak.find('details.evidence summary .fact').text(), '302 → 200 · content-type: application/pdf');
  const facts = leak.find('dl.facts dt').toArray().map((dt) => `${$(dt).text()}: ${$(dt).next('dd').text()}`);
  t.same(facts, [
    `request: GET ${leakFinding.url}`,
    'sent: user-agent: wagtail-probe/0.1.0',
    'hop: 302 https://www.example.org/documents/12/annual-report.pdf → https://media.example.org/documents/annual-report.pdf',
    'status: 200',
    'header: content-type: application/pdf',
    'body: %PDF-1.4',
    'referrer: https://www.example.org/',
  ]);
  t.equal(leak.find('.curl .curl-label').text(), 'Reproduce:');
  t.equal(leak.find('.curl pre').text(), "curl -sS -D - -o /dev/null -H 'user-agent: wagtail-probe/0.1.0' 'https://www.example.org/documents/12/annual-report.pdf'");
  const unsent = $(rows[0]);
  t.equal(unsent.find('details.evidence summary').text(), 'Evidence (1 fact): ERR_TIMEOUT');
  t.equal(unsent.find('.curl').length, 0, 'no request, no curl line');
  t.same(unsent.find('dl.facts dt').toArray().map((dt) => $(dt).text()), ['error', 'note']);
  t.equal($(rows[3]).find('details.evidence summary').text(), 'Evidence (1 fact): 200');
  t.match($('#summary').text(), 'baseline.json: 0 errors, 2 warnings, 1 info new');
  t.match($('#findings > p').first().text(), /^4 findings, by probe/);
  const empty = load(renderHtml({ ...fixtureResult(), probes: [] }));
  t.equal(empty('#findings p').text(), 'No findings.');
  const bare = load(renderHtml({ ...fixtureResult(), probes: [{ ...fixtureResult().probes[1]!, findings: [{ ...leakFinding, evidence: [] }] }] }));
  t.equal(bare('li.finding em').text(), 'no evidence recorded');
  t.equal(bare('li.finding details').length, 0);
});

t.test('several evidence items: each with its facts and its own curl line', async (t) => {
  const second = { request: { method: 'HEAD' as const, url: `${leakFinding.url}?again`, headers: { cookie: "a='b'" } }, status: 403 };
  const twice = { ...leakFinding, evidence: [...leakFinding.evidence, second] };
  const $ = load(renderHtml({ ...fixtureResult(), probes: [{ ...fixtureResult().probes[1]!, findings: [twice] }] }));
  const items = $('li.finding .evidence-item').toArray();
  t.equal(items.length, 2);
  t.same(items.map((el) => $(el).find('h4').text()), ['1 of 2', '2 of 2']);
  t.same(items.map((el) => $(el).find('.curl pre').text()), [curlCommand(leakFinding.evidence[0]!.request!), `curl -sS -I -H 'cookie: a='\\''b'\\''' '${leakFinding.url}?again'`]);
  t.equal($('li.finding details.evidence summary').text(), 'Evidence (2 requests): 302 → 200 · content-type: application/pdf');
});

t.test("fix advice: the probe's docs from the catalog, once per probe, folded; code spans as code, the rest as text", async (t) => {
  const $ = load(renderHtml(fixtureResult(), { catalog }));
  const fix = $('#findings-document-privacy details.fix');
  t.equal(fix.length, 1);
  t.equal(fix.find('summary').text(), 'Why it matters, how to fix it');
  t.equal(fix.find('p').text(), 'Set WAGTAILDOCS_SERVE_METHOD = "serve_view" so Wagtail checks permissions before serving.');
  t.same(fix.find('p code').toArray().map((c) => $(c).text()), ['WAGTAILDOCS_SERVE_METHOD = "serve_view"']);
  t.equal($('#findings-static-assets details.fix p code').text(), 'ManifestStaticFilesStorage' + 'STATIC_ROOT');
  t.equal($('#findings-media-offload details.fix').length, 0, 'a probe the catalog does not know: no advice, and nothing made up');
  t.equal(load(renderHtml(fixtureResult()))('details.fix').length, 0, 'no catalog, no advice');
  const hostileDocs = { ...catalog, 'document-privacy': { ...catalog['document-privacy']!, title: '<i>T</i>', docs: '<script>x</script> `<b>&` \u202e and a `lone backtick' } };
  const h = load(renderHtml(fixtureResult(), { catalog: hostileDocs }));
  t.equal(h('#findings-document-privacy details.fix script, #findings-document-privacy details.fix b, #findings-document-privacy h3 i').length, 0, 'no markup from the docs');
  t.equal(h('#findings-document-privacy details.fix p').text(), '<script>x</script> <b>& \\u202e and a `lone backtick');
  t.equal(h('#findings-document-privacy h3 span').text(), '<i>T</i>', "the catalog's title, as text");
});

t.test('the probes list links each probe with findings to them', async (t) => {
  const $ = load(renderHtml(fixtureResult()));
  t.same($('table.probes .probe-findings a').toArray().map((a) => $(a).attr('href')), ['#findings-document-privacy', '#findings-media-offload', '#findings-static-assets']);
  for (const a of $('table.probes a').toArray()) t.equal($($(a).attr('href')!).length, 1, `${$(a).attr('href')} is in the page`);
});

t.test('the probes list: every probe with its status, skip reason or crash', async (t) => {
  const result = fixtureResult();
  const probes = result.probes.map((p) => (p.id === 'ok-probe' ? { ...p, silencedCount: 3 } : p));
  const $ = load(renderHtml({ ...result, probes }));
  const rows = $('table.probes tbody tr').toArray().map((row) => $(row));
  t.same($('table.probes thead th').toArray().map((th) => $(th).text()), ['Status', 'Probe', 'Checks that', 'Findings', 'Time', 'Note']);
  t.same(rows.map((r) => r.find('td').eq(1).text()), rows.map((r) => r.find('.probe-id').text()), 'the id in the second cell, where the cross-format reader looks');
  t.same(rows.map((r) => [r.find('.status').text(), r.find('.probe-id').text()]), [
    ['fail', 'document-privacy'],
    ['inconclusive', 'media-offload'],
    ['error', 'deploy-checks'],
    ['pass', 'static-assets'],
    ['pass', 'ok-probe'],
    ['skip', 'admin-login'],
  ]);
  t.equal(rows[0]!.find('.probe-title').text(), 'Private documents cannot be fetched without permission');
  t.same([rows[0]!.find('.probe-findings').text(), rows[0]!.find('.probe-time').text()], ['2 findings', '120 ms']);
  t.equal(rows[4]!.find('.probe-findings').text(), '0 findings (3 silenced)');
  t.equal(rows[5]!.find('.probe-note').text(), 'no admin login page found at /admin/login/');
  t.equal(rows[2]!.find('.probe-note summary').text(), CRASH.split('\n')[0]);
  t.equal($('table.probes pre').text(), CRASH, 'the stack, under its first line');
});

/** Where the chart puts a time: 360 wide, a log axis from the fixture's fastest decade (10 ms) to 200 ms, its slowest rounded to 1, 2 or 5 × 10ⁿ. */
const xOf = (ms: number, lo = 1, hi = Math.log10(200)) => ((Math.log10(ms) - lo) / (hi - lo)) * 360;

t.test('the latency picture: a histogram per kind, pages first, with each kind\'s p50 and p95 drawn and labelled', async (t) => {
  const $ = load(renderHtml(fixtureResult()));
  const svg = $('#latency figure svg.latency');
  t.equal(svg.length, 1);
  t.equal(svg.attr('viewBox'), '-4 0 368 150');
  const groups = svg.find('g.kind').toArray().map((g) => $(g));
  t.same(groups.map((g) => g.attr('data-kind')), ['page', 'static'], 'one bar group per kind');
  t.same(groups.map((g) => g.find('text.kind-name').text()), ['page (10)', 'static (10)']);
  // page: 10, 30, … 190 ms; static: 20, 40, … 200 ms (nearest rank).
  t.same(groups.map((g) => g.find('text.kind-p').text()), ['p50 90 ms · p95 190 ms', 'p50 100 ms · p95 200 ms']);
  for (const [g, p50, p95] of [[groups[0]!, 90, 190], [groups[1]!, 100, 200]] as const) {
    const kind = g.attr('data-kind');
    t.ok(Math.abs(Number(g.find('line.marker-p50').attr('x1')) - xOf(p50)) < 0.06, `${kind} p50 is drawn at ${p50} ms`);
    t.ok(Math.abs(Number(g.find('line.marker-p95').attr('x1')) - xOf(p95)) < 0.06, `${kind} p95 is drawn at ${p95} ms`);
    const counts = g.find('rect title').toArray().map((el) => Number(/: (\d+) requests?$/.exec($(el).text())?.[1]));
    t.equal(counts.reduce((a, b) => a + b, 0), 10, `${kind}: every request is in a bar`);
    const heights = g.find('rect').toArray().map((r) => Number($(r).attr('height')));
    t.equal(Math.max(...heights), 34, `${kind}: the fullest bin fills the row`);
    t.ok(heights.every((h) => h >= 1.5), `${kind}: a bin of one still shows`);
  }
  t.match(groups[0]!.find('rect title').first().text(), /^page 10 ms–13 ms: 1 request$/, 'each bar says what it counts');
  t.same(svg.find('g.grid text').toArray().map((el) => $(el).text()), ['10 ms', '100 ms', '200 ms'], 'the decades of the axis, and its end');
  t.equal(svg.children('title').text(), 'Total time of 20 requests by kind, on a log scale: page p50 90 ms, p95 190 ms; static p50 100 ms, p95 200 ms (all: p50 100 ms, p95 190 ms)');
  t.match($('#latency > p').first().text(), 'All requests: p50 100 ms · p95 190 ms · max 200 ms');
  const stats = $('table.latency-stats tbody tr').toArray().map((row) => $(row).children().toArray().map((c) => $(c).text()));
  t.same(stats, [
    ['page', '10', '90 ms', '190 ms', '190 ms', '45 ms'],
    ['static', '10', '100 ms', '200 ms', '200 ms', '50 ms'],
  ]);
  t.equal($('ol.slowest li').length, 5);
  const second = $('ol.slowest li').eq(1);
  t.same([second.find('.timing').text(), second.find('.ttfb').text(), second.find('.http-status').text(), second.find('.kind').text()], ['190 ms', '95 ms', 'failed', 'page']);
  t.equal(second.text(), '190 ms · TTFB 95 ms · failed · pagehttps://www.example.org/page-18/');
});

t.test('many requests, instant ones and timeouts all fit the axis; no requests is a sentence', async (t) => {
  const many: LatencySample[] = Array.from({ length: 1000 }, (_, i) => ({ url: `https://x/${i}`, kind: 'page', status: 200, ttfbMs: 1, totalMs: i + 1 }));
  const $ = load(latencySvg(many));
  t.match($('svg > title').text(), 'page p50 500 ms, p95 950 ms');
  const counts = $('rect title').toArray().map((el) => Number(/: (\d+) requests?$/.exec($(el).text())?.[1]));
  t.equal(counts.reduce((a, b) => a + b, 0), 1000);
  t.ok($('rect').length <= 24, 'at most 8 bins a decade');
  const extremes: LatencySample[] = [0, 0.4, 3, 15_000, 15_000].map((totalMs, i) => ({ url: `https://x/${i}`, kind: i % 2 ? 'rendition' : 'page', status: null, ttfbMs: 0, totalMs }));
  const e = load(latencySvg(extremes));
  const xs = e('rect').toArray().flatMap((r) => [Number(e(r).attr('x')), Number(e(r).attr('x')) + Number(e(r).attr('width'))]);
  xs.push(...e('line').toArray().flatMap((l) => [Number(e(l).attr('x1')), Number(e(l).attr('x2'))]));
  t.ok(xs.every((x) => x >= 0 && x <= 360), 'every bar and line is inside the plot');
  t.same(e('g.grid text').toArray().map((el) => e(el).text()), ['1 ms', '10 ms', '100 ms', '1 s', '20 s'], 'from 1 ms (0 and 0.4 ms count as 1 ms) to 20 s; 10 s left out, too close to the end');
  t.same(e('g.kind').toArray().map((g) => e(g).attr('data-kind')), ['page', 'rendition']);
  const same = load(latencySvg([{ url: 'https://x/', kind: 'static', status: 200, ttfbMs: 5, totalMs: 100 }]));
  t.same(same('g.grid text').toArray().map((el) => same(el).text()), ['100 ms', '1 s'], 'one sample still spans a decade');
  const crowded = load(latencySvg([{ url: 'https://x/', kind: 'page', status: 200, ttfbMs: 5, totalMs: 1 }, { url: 'https://x/', kind: 'page', status: 200, ttfbMs: 5, totalMs: 1100 }]));
  t.same(crowded('g.grid text').toArray().map((el) => crowded(el).text()), ['1 ms', '10 ms', '100 ms', '2 s'], 'a decade (1 s) too close to the end (2 s) leaves its label out');
  t.equal(load(latencySvg([]))('p').text(), 'No request timings were recorded.');
  const none = load(renderHtml({ ...fixtureResult(), latency: [] }));
  t.equal(none('#latency svg').length, 0);
  t.equal(none('table.latency-stats').length, 0);
  t.equal(none('ol.slowest').length, 0);
  t.equal(none('#latency p').text(), 'No request timings were recorded.');
});

t.test('a kind name is text in the chart, its title and the table', async (t) => {
  const odd: LatencySample[] = [{ url: 'https://x/', kind: '<b>"k"</b>\u202e', status: 200, ttfbMs: 1, totalMs: 20 }];
  const $ = load(renderHtml({ ...fixtureResult(), latency: odd }));
  t.equal($('#latency b').length, 0);
  t.equal($('g.kind').attr('data-kind'), '<b>"k"</b>\\u202e');
  t.equal($('table.latency-stats tbody th').text(), '<b>"k"</b>\\u202e');
  t.same(latencyByKind(odd).map((k) => k.kind), [odd[0]!.kind], 'grouped by the raw kind');
});

t.test('the time of rendering is shown only when given', async (t) => {
  t.notMatch(renderHtml(fixtureResult()), 'rendered');
  t.match(load(renderHtml(fixtureResult(), { now: new Date('2025-05-02T08:00:00Z') }))('footer').text(), 'wagtail-probe 0.1.0 · rendered 2025-05-02T08:00:00.000Z');
});

t.test('helpers', async (t) => {
  t.equal(escapeHtml(`<a href="x">'&'</a>\u0000`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\\x00');
  t.equal(percentile([10, 20, 30, 40], 50), 20);
  t.equal(percentile([10, 20, 30, 40], 95), 40);
  t.equal(percentile([], 50), 0);
  t.equal(inlineMarkdown('use `a<b>` and `c`, not <d>'), 'use <code>a&lt;b&gt;</code> and <code>c</code>, not &lt;d&gt;');
  t.equal(inlineMarkdown('no code'), 'no code');
  t.same([1, 999, 1000, 1500, 20_000, 60_000, 90_000].map(axisLabel), ['1 ms', '999 ms', '1 s', '1.5 s', '20 s', '1 min', '1.5 min']);
});

t.test('a run that could not probe the site: a headline with the reason, the message and the exit code', async (t) => {
  const html = renderHtml(deepFreeze(notProbedResult()));
  const $ = load(html);
  t.equal($('head title').text(), 'wagtail-probe NOT PROBED: https://www.example.org/');
  t.equal($('.verdict').attr('class'), 'verdict not-probed');
  t.equal($('.verdict').text(), `NOT PROBED (exit 3): could not probe https://www.example.org/: ${visible(UNREACHABLE)}`);
  t.equal($('header #outcome h2').text(), 'The site was not probed: unreachable');
  const facts = Object.fromEntries($('#outcome dt').toArray().map((dt) => [$(dt).text(), $(dt).next('dd').text()]));
  t.same(facts, {
    Reason: 'unreachable: the start page could not be fetched (DNS, connection, TLS or timeout)',
    Message: visible(UNREACHABLE),
    'Exit code': '3',
  });
  t.equal($('#outcome b').length, 0, 'the message is text, not markup');
  t.equal($('#probes p').text(), 'No probes ran.');
  t.equal($('#findings p').text(), 'No findings.');
  t.equal(load(renderHtml(withoutCrash(fixtureResult())))('#outcome').length, 0, 'a complete run has no outcome headline');
});

t.test('a crashed run: the headline carries the whole message, stack included', async (t) => {
  const $ = load(renderHtml(crashedResult()));
  t.equal($('head title').text(), 'wagtail-probe ERROR: https://www.example.org/');
  t.equal($('.verdict').attr('class'), 'verdict error');
  t.match($('.verdict').text(), /^ERROR \(exit 4\): wagtail-probe crashed \(a bug in wagtail-probe: the run did not finish\): TypeError/);
  t.equal($('#outcome h2').text(), 'wagtail-probe crashed');
  t.equal($('#outcome pre').text(), RUN_CRASH);
  t.match($('#outcome').text(), 'Exit code4');
  t.same($('table.probes .status').toArray().map((el) => $(el).text()), ['pass'], 'the probe that ran is listed');
});

t.test('status badges are verdicts after --fail-on and the baseline', async (t) => {
  const badges = (html: string) => {
    const $ = load(html);
    return Object.fromEntries($('table.probes tbody tr').toArray().map((row) => [$(row).find('td').eq(1).text(), $(row).find('.status').text()]));
  };
  t.same(badges(renderHtml(fixtureWithBaseline())), {
    'document-privacy': 'pass',
    'media-offload': 'inconclusive',
    'deploy-checks': 'error',
    'static-assets': 'pass',
    'ok-probe': 'pass',
    'admin-login': 'skip',
  }, 'the known error no longer fails its probe');
});

t.test('invisible and bidirectional characters in a URL, message or header are shown as escapes', async (t) => {
  const result = { ...fixtureResult(), probes: [{ ...fixtureResult().probes[1]!, findings: [bidiFinding] }] };
  const html = renderHtml(result);
  t.notMatch(html, INVISIBLE_RE, 'none reaches the document raw');
  const $ = load(html);
  const row = $('li.finding').first();
  t.equal(row.find('.url code').text(), visible(BIDI_URL));
  t.match(row.find('.url code').text(), 'invoice\\u202efdp.exe.pdf');
  t.equal(row.find('.message').text(), `Private document invoice\\u202efdp.exe.pdf is served to anonymous clients ${visible(INVISIBLES)}`);
  t.ok(row.find('dd code').toArray().some((el) => $(el).text() === 'content-disposition: attachment; filename="invoice\\u202efdp.exe.pdf"'), 'the header value');
  t.match(row.find('details summary .fact').text(), 'filename="invoice\\u202efdp.exe.pdf"', 'and the decisive fact');
  t.equal(row.find('.curl pre').text(), `curl -sS -D - -o /dev/null '${visible(BIDI_URL)}'`, 'and the curl line');
});
