import * as cheerio from 'cheerio';
import t from 'tap';
import { escapeHtml, latencySvg, percentile, renderHtml } from '../../src/report/html.js';
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
  crashedResult,
  deepFreeze,
  fixtureResult,
  fixtureWithBaseline,
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
  t.equal($('meta[http-equiv="Content-Security-Policy"]').attr('content'), "default-src 'none'; style-src 'unsafe-inline'");
  t.match(html, /^<!doctype html>\n<html lang="en">/);
});

t.test('attacker-controlled URLs and headers come out as text, never markup', async (t) => {
  const html = renderHtml(fixtureResult());
  t.notMatch(html, '<script>');
  t.notMatch(html, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'no raw control characters');
  const $ = load(html);
  const hostileRow = $('table.findings tbody tr').filter((_, row) => $(row).text().includes('A private response is cacheable'));
  t.equal(hostileRow.length, 1);
  t.equal(hostileRow.find('td.url code').text(), HOSTILE_URL, 'the URL reads back exactly');
  t.equal(hostileRow.find('td').eq(2).text(), `A private response is cacheable: ${visible(HOSTILE)}`);
  t.ok(hostileRow.find('dd code').toArray().some((el) => $(el).text() === `x-hostile: ${visible(HOSTILE)}`), 'the header reads back, BEL made visible');
  const slowest = $('table.slowest td.url code').first().text();
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

t.test('the findings table: most severe first, marks, evidence in a details element', async (t) => {
  const $ = load(renderHtml(fixtureWithBaseline()));
  const rows = $('table.findings tbody tr').toArray();
  t.equal(rows.length, 4);
  t.same(rows.map((row) => $(row).find('td').eq(1).text()), [
    'document-privacy/directUrlLeak',
    'document-privacy/cacheablePrivate',
    'media-offload/cannotTellServer',
    'static-assets/noCompression',
  ]);
  const marks = rows.map((row) => $(row).find('.mark').toArray().map((m) => $(m).text()));
  t.same(marks, [['known'], ['new'], ['inconclusive', 'new'], ['new']], 'nothing fails the run: the error is known');
  const failing = load(renderHtml(fixtureWithBaseline([])))('table.findings tbody tr').first().find('.mark').toArray();
  t.same(failing.map((m) => $(m).text()), ['new', 'fails the run']);
  const leak = $(rows[0]);
  t.equal(leak.find('details summary').text(), '302 → 200 · content-type: application/pdf');
  const facts = leak.find('dl.facts dt').toArray().map((dt) => `${$(dt).text()}: ${$(dt).next('dd').text()}`);
  t.same(facts, [
    `request: GET ${leakFinding.url}`,
    'sent: user-agent: wagtail-probe/0.1.0',
    'hop: 302 https://www.example.org/documents/12/annual-report.pdf → https://media.example.org/documents/annual-report.pdf',
    'status: 200',
    'header: content-type: application/pdf',
    'body: %PDF-1.4',
    'referrer: https://www.example.org/',
    "curl: curl -sS -D - -o /dev/null -H 'user-agent: wagtail-probe/0.1.0' 'https://www.example.org/documents/12/annual-report.pdf'",
  ]);
  t.match($('#summary').text(), 'baseline.json: 0 errors, 2 warnings, 1 info new');
  const empty = load(renderHtml({ ...fixtureResult(), probes: [] }));
  t.equal(empty('#findings p').text(), 'No findings.');
  const bare = load(renderHtml({ ...fixtureResult(), probes: [{ ...fixtureResult().probes[1]!, findings: [{ ...leakFinding, evidence: [] }] }] }));
  t.equal(bare('table.findings em').text(), 'no evidence recorded');
});

t.test('the probes table lists every probe with its status, skip reason or crash', async (t) => {
  const result = fixtureResult();
  const probes = result.probes.map((p) => (p.id === 'ok-probe' ? { ...p, silencedCount: 3 } : p));
  const $ = load(renderHtml({ ...result, probes }));
  const rows = $('table.probes tbody tr').toArray().map((row) => $(row).find('td').toArray().map((td) => $(td).text()));
  t.same(rows.map((r) => [r[0], r[1]]), [
    ['fail', 'document-privacy'],
    ['inconclusive', 'media-offload'],
    ['error', 'deploy-checks'],
    ['pass', 'static-assets'],
    ['pass', 'ok-probe'],
    ['skip', 'admin-login'],
  ]);
  t.equal(rows[4]![3], '0 (3 silenced)');
  t.equal(rows[5]![5], 'no admin login page found at /admin/login/');
  t.equal($('table.probes pre').text(), CRASH, 'the stack, under its first line');
});

t.test('the latency picture: one bar per request, p50 and p95 drawn where they are', async (t) => {
  const $ = load(renderHtml(fixtureResult()));
  const svg = $('#latency svg');
  t.equal(svg.length, 1);
  t.equal(svg.find('rect').length, 20);
  t.equal(svg.find('title').text(), 'Total time of 20 requests, fastest to slowest: p50 100 ms, p95 190 ms');
  // The plot is 146 px high from y=10: a value v sits at y = 156 - v / 200 * 146.
  t.equal(svg.find('line.marker-p50').attr('y1'), (156 - (100 / 200) * 146).toFixed(1));
  t.equal(svg.find('line.marker-p95').attr('y1'), (156 - (190 / 200) * 146).toFixed(1));
  const heights = svg.find('rect').toArray().map((r) => Number($(r).attr('height')));
  t.same(heights, [...heights].sort((a, b) => a - b), 'fastest to slowest');
  t.equal(heights.at(-1), 146, 'the slowest fills the plot');
  t.match($('#latency p').text(), 'p50 100 ms · p95 190 ms · max 200 ms');
  t.equal($('table.slowest tbody tr').length, 5);
  t.same($('table.slowest tbody tr').eq(1).find('td').toArray().slice(0, 3).map((td) => $(td).text()), ['190 ms', '95 ms', 'failed']);
});

t.test('many requests are drawn as evenly spaced ranks, and none as a sentence', async (t) => {
  const many: LatencySample[] = Array.from({ length: 1000 }, (_, i) => ({ url: `https://x/${i}`, kind: 'page', status: 200, ttfbMs: 1, totalMs: i + 1 }));
  const $ = load(latencySvg(many));
  t.equal($('rect').length, 160);
  t.match($('title').text(), 'p50 500 ms, p95 950 ms');
  t.equal(load(latencySvg([]))('p').text(), 'No request timings were recorded.');
  const none = load(renderHtml({ ...fixtureResult(), latency: [] }));
  t.equal(none('#latency svg').length, 0);
  t.equal(none('table.slowest').length, 0);
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
  t.same($('table.probes tbody tr td:first-child').toArray().map((td) => $(td).text()), ['pass'], 'the probe that ran is listed');
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
  const row = $('table.findings tbody tr').first();
  t.equal(row.find('td.url code').text(), visible(BIDI_URL));
  t.match(row.find('td.url code').text(), 'invoice\\u202efdp.exe.pdf');
  t.equal(row.find('td').eq(2).text(), `Private document invoice\\u202efdp.exe.pdf is served to anonymous clients ${visible(INVISIBLES)}`);
  t.ok(row.find('dd code').toArray().some((el) => $(el).text() === 'content-disposition: attachment; filename="invoice\\u202efdp.exe.pdf"'), 'the header value');
  t.match(row.find('details summary').text(), 'filename="invoice\\u202efdp.exe.pdf"', 'and the decisive fact');
});
