// The HTML report as a person sees it: rendered by a real browser (Debian's
// headless Chromium, driven by puppeteer-core) from a file:// URL, at a phone's
// width and a laptop's. Nothing may overflow sideways, every finding must be
// there and open up when its evidence is expanded, the latency chart must draw
// a bar group per kind, and the page may neither log an error nor fetch
// anything. Screenshots are kept as test artefacts under .tap/artefacts/.
// Without Chromium the test fails, saying how to install it: it never skips.

import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import t from 'tap';
import type { Test } from 'tap';
import type { Evidence, Finding } from '../../src/engine/finding.js';
import type { LatencySample, RunResult } from '../../src/engine/result.js';
import type { ProbeCatalog } from '../../src/report/catalog.js';
import { curlCommand } from '../../src/report/evidence-text.js';
import { renderHtml } from '../../src/report/html.js';
import { visible } from '../../src/report/text.js';
import { HOSTILE, HOSTILE_URL, UNREACHABLE, bidiFinding, catalog, finding, fixtureResult, notProbedResult } from './fixtures.js';

/** Debian's chromium package (.ci/run installs it); WAGTAIL_PROBE_CHROMIUM points elsewhere. */
const CHROMIUM = process.env.WAGTAIL_PROBE_CHROMIUM ?? '/usr/bin/chromium';
const ARTEFACTS = fileURLToPath(new URL('../../.tap/artefacts/', import.meta.url));
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;

// Strings with no break opportunity at all: a browser can only wrap them if the CSS lets it.
const LONG_NAME = `${'a'.repeat(120)}${'Ж'.repeat(60)}${'0123456789'.repeat(20)}.pdf`;
const LONG_URL = `https://www.example.org/documents/99/${LONG_NAME}?X-Amz-Signature=${'f'.repeat(256)}&X-Amz-Credential=${'A'.repeat(120)}`;
const LONG_TARGET = `https://www.example.org/${'x'.repeat(180)}/`;
const MARKUP = `<img src=x onerror="document.title='pwned'"><b>bold?</b> <style>body{display:none}</style> ${'W'.repeat(150)}`;

const longFinding = finding('document-privacy', 'unsignedStorageLink', 'error', LONG_URL, `Storage link ${LONG_NAME} is not signed ${MARKUP}`, [
  {
    request: { method: 'GET', url: LONG_URL, headers: { 'user-agent': 'wagtail-probe/0.1.0', cookie: `sessionid=${'z'.repeat(200)}` } },
    hops: [{ url: LONG_URL, status: 301, location: `${LONG_URL}&again`, headers: {} }],
    status: 200,
    headers: { 'x-amz-meta-note': HOSTILE, etag: `"${'e'.repeat(300)}"` },
    bodyPrefix: '<html><body onload=alert(1)>',
    referrer: LONG_TARGET,
  },
  { request: { method: 'HEAD', url: `${LONG_URL}&head`, headers: {} }, status: 403, note: `second look: ${MARKUP}` },
]);
const markupFinding = finding('media-offload', 'servedByDjango', 'warning', HOSTILE_URL, `Served by Django: ${HOSTILE}`, [
  { request: { method: 'GET', url: HOSTILE_URL, headers: { 'x-bidi': '\u202eevil\u202c' } }, status: 200, headers: { server: 'WSGIServer/0.2 CPython/3.12' } },
]);
const factOnly = finding('crawl-coverage', 'blocked', 'info', `${LONG_TARGET}members/`, 'A section could not be read: 403', [{ note: MARKUP }]);
const noEvidence = finding('crawl-coverage', 'serverErrors', 'warning', `${LONG_TARGET}boom/`, 'A page answered 500', []);

const browserCatalog: ProbeCatalog = {
  ...catalog,
  'media-offload': {
    title: 'Media is served by the web server or a CDN, not Django',
    docs: `Serve \`MEDIA_ROOT/images/\` from the web server (nginx \`location /media/images/ { alias /srv/media/images/; expires 1y; }\`) and \`${'MEDIA_ROOT/'.repeat(12)}\`; <b>never</b> Django.`,
    messages: {},
  },
};

const KINDS = ['page', 'static', 'rendition', 'document-file', 'original-image'] as const;
const latency: LatencySample[] = KINDS.flatMap((kind, k) =>
  Array.from({ length: 12 + k * 3 }, (_, i) => ({
    url: i === 0 ? `${LONG_URL}&kind=${kind}` : `https://www.example.org/${kind}/${i}/`,
    kind,
    status: i === 1 ? null : 200,
    ttfbMs: (i + 1) * (k + 1),
    totalMs: k === 0 && i === 0 ? 15_000 : (i + 1) * (k + 1) * 7 + (i % 3),
  })),
);

function hostileResult(): RunResult {
  const base = fixtureResult();
  const probes = base.probes.map((p) => {
    if (p.id === 'document-privacy') return { ...p, findings: [...p.findings, longFinding, bidiFinding] };
    if (p.id === 'media-offload') return { ...p, findings: [...p.findings, markupFinding] };
    return p;
  });
  const coverage = { id: 'crawl-coverage', title: 'Every page could be read', outcome: { status: 'fail' as const }, findings: [factOnly, noEvidence], silencedCount: 0, requestsMade: 0, durationMs: 5 };
  return { ...base, target: LONG_TARGET, probes: [...probes, coverage], latency };
}

const result = hostileResult();
const findings: Finding[] = result.probes.flatMap((p) => p.findings);

/** Fails, saying what to do, when the browser is missing or will not start: never a silent skip. */
async function launch(): Promise<Browser | string> {
  if (!existsSync(CHROMIUM)) {
    return `Chromium is not installed at ${CHROMIUM}: the HTML report is tested in a real browser. Install Debian's package (apt-get install --no-install-recommends chromium), as .ci/run does.`;
  }
  try {
    return await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      // As root Chromium refuses to start without --no-sandbox; no GPU and no /dev/shm in containers.
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      timeout: 30_000,
      protocolTimeout: 60_000,
    });
  } catch (error) {
    return `Chromium at ${CHROMIUM} did not start: ${(error as Error).message}`;
  }
}

/** Closes the browser, and kills it if it does not close in time: no Chromium outlives the test. */
async function close(browser: Browser): Promise<void> {
  const child = browser.process();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000)));
  await Promise.race([browser.close().catch(() => undefined), late]);
  clearTimeout(timer);
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

interface Watch {
  readonly errors: string[];
  readonly requests: string[];
}

/** Loads the report with every request intercepted: only the document itself may load. */
async function open(browser: Browser, url: string, viewport: (typeof VIEWPORTS)[number]): Promise<{ page: Page; watch: Watch }> {
  const page = await browser.newPage();
  const watch: Watch = { errors: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') watch.errors.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => watch.errors.push(`page error: ${(error as Error).message}`));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === url) {
      void request.continue();
    } else {
      watch.requests.push(`${request.method()} ${request.url()}`);
      void request.abort('blockedbyclient');
    }
  });
  await page.setViewport({ ...viewport, deviceScaleFactor: 1 });
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  return { page, watch };
}

interface Box {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  /** False when it is not rendered: display none, or inside a closed details element (content-visibility: hidden). */
  readonly rendered: boolean;
}

// The callbacks below run in the page; the project compiles without the DOM
// library, so they reach the window through the element (puppeteer types them loosely).
async function box(element: ElementHandle): Promise<Box> {
  return element.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { width: r.width, height: r.height, left: r.left, right: r.right, rendered: el.checkVisibility() as boolean };
  });
}

/** Rendered, and with a box to see. */
const shown = (b: Box) => b.rendered && b.width > 0 && b.height > 0;

/** The page's width against the viewport's, and any rendered element whose right edge is past it. */
async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; wide: string[] }> {
  return page.$eval('html', (root) => {
    const innerWidth: number = root.ownerDocument.defaultView.innerWidth;
    const wide: string[] = [];
    for (const el of root.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (el.checkVisibility() && r.width > 0 && r.right > innerWidth + 0.5) wide.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} right=${Math.round(r.right)}`);
    }
    return { scrollWidth: root.scrollWidth as number, innerWidth, wide: wide.slice(0, 10) };
  });
}

/** Rendered text (outside the chart) set smaller than 11 px. */
async function tinyText(page: Page): Promise<string[]> {
  return page.$eval('html', (root) => {
    const view = root.ownerDocument.defaultView;
    const tiny: string[] = [];
    for (const el of root.querySelectorAll('body *')) {
      if (el.closest('svg') || !el.checkVisibility()) continue;
      if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '')) continue;
      const size = parseFloat(view.getComputedStyle(el).fontSize);
      if (size < 11) tiny.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} ${size}px`);
    }
    return tiny.slice(0, 10);
  });
}

const outcome = await launch();
if (typeof outcome === 'string') {
  t.fail(outcome);
} else {
  const browser = outcome;
  t.teardown(() => close(browser));
  await mkdir(ARTEFACTS, { recursive: true });
  const file = `${ARTEFACTS}html-report.html`;
  await writeFile(file, renderHtml(result, { catalog: browserCatalog, now: new Date('2025-05-02T08:00:00Z') }));
  const url = pathToFileURL(file).href;
  t.comment(`report and screenshots: ${ARTEFACTS}`);

  for (const viewport of VIEWPORTS) {
    t.test(`at ${viewport.width}x${viewport.height}`, { timeout: 90_000 }, async (t) => {
      const { page, watch } = await open(browser, url, viewport);
      t.teardown(() => page.close());

      const before = await overflow(page);
      t.ok(before.scrollWidth <= before.innerWidth, `no horizontal overflow as loaded (scrollWidth ${before.scrollWidth}, innerWidth ${before.innerWidth})`);
      t.same(before.wide, [], 'no element sticks out on the right');
      await page.screenshot({ path: `${ARTEFACTS}html-report-${viewport.width}.png`, fullPage: true });

      const maxWidth = await page.$eval('main', (el) => el.ownerDocument.defaultView.getComputedStyle(el).maxWidth as string);
      t.equal(maxWidth, '1152px', 'the stylesheet applied: its hash is the one the CSP allows');
      t.equal(await page.title(), `wagtail-probe ERROR: ${LONG_TARGET}`, 'the markup in messages did not run: the title is unchanged');
      t.equal(await page.$$eval('body img, body b, body style', (els) => els.length), 0, 'no element came out of a message, a URL or the docs');

      const items = await page.$$('li.finding');
      t.equal(items.length, findings.length, 'every finding is in the page');
      for (const f of findings) {
        const name = `${f.probe}/${f.messageId} ${f.url.slice(0, 60)}`;
        const matches: ElementHandle[] = [];
        for (const item of items) {
          const [message, link] = await item.evaluate((el) => [el.querySelector('.message')?.textContent, el.querySelector('.url')?.textContent]);
          if (message === visible(f.message) && link === visible(f.url)) matches.push(item);
        }
        t.equal(matches.length, 1, `${name}: shown once, message and URL as text`);
        const item = matches[0];
        if (!item) continue;
        t.ok(shown(await box(item)), `${name}: visible`);
        const details = await item.$('details.evidence');
        if (f.evidence.length === 0) {
          t.equal(details, null, `${name}: nothing to fold`);
          continue;
        }
        const summary = await item.$('details.evidence > summary');
        const blocks = await item.$$('.evidence-item');
        t.equal(blocks.length, f.evidence.length, `${name}: one block per evidence item`);
        t.notOk(shown(await box(blocks[0]!)), `${name}: evidence folded at first`);
        await summary!.click();
        t.ok(await details!.evaluate((el) => el.open as boolean), `${name}: opened by a click on its summary`);
        for (const [i, evidence] of f.evidence.entries()) {
          t.ok(shown(await box(blocks[i]!)), `${name}: evidence ${i + 1} visible once opened`);
          await checkCurl(t, blocks[i]!, evidence, name);
        }
      }

      // Fix advice and the crash's stack open the same way.
      for (const summary of await page.$$('details.fix > summary, .probe-note details > summary')) {
        await summary.click();
        const body = await summary.evaluateHandle((el) => el.nextElementSibling!);
        t.ok(shown(await box(body as ElementHandle)), `${await summary.evaluate((el) => el.textContent)}: visible once opened`);
      }
      const advice = await page.$$eval('section.probe-findings', (sections) => sections.map((s) => [s.id, s.querySelector('details.fix p')?.textContent ?? null]));
      t.same(advice.map(([id, text]) => [id, text !== null]), [
        ['findings-document-privacy', true],
        ['findings-media-offload', true],
        ['findings-crawl-coverage', false],
        ['findings-static-assets', true],
      ], 'in the probes order, fix advice for the probes the catalog has');
      t.match(advice.find(([id]) => id === 'findings-media-offload')?.[1] ?? '', '<b>never</b> Django', 'markup in the docs is text');

      const chart = await page.$('#latency svg.latency');
      t.ok(chart, 'the latency chart is there');
      if (chart) {
        const chartBox = await box(chart);
        t.ok(shown(chartBox) && chartBox.right <= viewport.width, `the chart fits the width (${Math.round(chartBox.width)} px)`);
        t.ok(chartBox.width >= 0.9 * 368, 'drawn at nine tenths of its 368-unit box or more, so its 11-unit text stays legible');
        const groups = await chart.$$('g.kind');
        t.same(await Promise.all(groups.map((g) => g.evaluate((el) => el.getAttribute('data-kind')))), ['page', 'document-file', 'original-image', 'rendition', 'static'], 'one bar group per kind, pages first');
        for (const group of groups) {
          const kind = await group.evaluate((el) => el.getAttribute('data-kind'));
          const bars = await group.$$('rect');
          t.ok(bars.length > 0, `${kind}: has bars`);
          const boxes = await Promise.all(bars.map(box));
          t.ok(boxes.every(shown), `${kind}: every bar is drawn`);
          t.match(await group.$eval('text.kind-p', (el) => el.textContent as string), /^p50 \d.* · p95 \d/, `${kind}: p50 and p95 written out`);
          for (const marker of ['p50', 'p95']) {
            const line = await group.$(`line.marker-${marker}`);
            t.ok(line && (await box(line)).rendered && (await box(line)).height > 0, `${kind}: its ${marker} is drawn`);
          }
          const name = await group.$eval('text.kind-name', (el) => el.getBoundingClientRect().right as number);
          const p = await group.$eval('text.kind-p', (el) => el.getBoundingClientRect().left as number);
          t.ok(name < p, `${kind}: the name and the percentiles do not overlap`);
        }
      }

      const after = await overflow(page);
      t.ok(after.scrollWidth <= after.innerWidth, `no horizontal overflow with everything open (scrollWidth ${after.scrollWidth}, innerWidth ${after.innerWidth})`);
      t.same(after.wide, [], 'no element sticks out on the right with everything open');
      t.same(await tinyText(page), [], 'no text under 11 px');
      await page.screenshot({ path: `${ARTEFACTS}html-report-${viewport.width}-open.png`, fullPage: true });

      t.same(watch.requests, [], 'no request left the page: only the file:// document loaded');
      t.same(watch.errors, [], 'no console errors or warnings (a CSP refusal would be one)');
    });
  }
  t.test('a run that could not probe the site, at 390x844', { timeout: 60_000 }, (t) => notProbedAtPhoneWidth(t, browser));
}

/** A run that never reached the site: the headline, with a long one-word message, on a phone. */
async function notProbedAtPhoneWidth(t: Test, browser: Browser): Promise<void> {
  const file = `${ARTEFACTS}html-report-not-probed.html`;
  const message = `${UNREACHABLE} ${LONG_URL}\n    at connect (${'node:internal/'.repeat(20)}net:1:1)`;
  await writeFile(file, renderHtml({ ...notProbedResult('unreachable', message), target: LONG_TARGET }));
  const url = pathToFileURL(file).href;
  const { page, watch } = await open(browser, url, VIEWPORTS[0]);
  t.teardown(() => page.close());
  const width = await overflow(page);
  t.ok(width.scrollWidth <= width.innerWidth, `no horizontal overflow (scrollWidth ${width.scrollWidth})`);
  t.same(width.wide, [], 'no element sticks out on the right');
  const headline = await page.$('#outcome pre');
  t.ok(headline && shown(await box(headline)), 'the message is shown, under the headline');
  t.equal(await headline?.evaluate((el) => el.textContent), visible(message));
  t.equal(await page.$('#latency svg'), null, 'no chart without timings');
  await page.screenshot({ path: `${ARTEFACTS}html-report-not-probed-390.png`, fullPage: true });
  t.same(watch.requests, [], 'no request left the page');
  t.same(watch.errors, [], 'no console errors or warnings');
}

async function checkCurl(t: Test, item: ElementHandle, evidence: Evidence, name: string): Promise<void> {
  const curl = await item.$('.curl pre');
  if (!evidence.request) {
    t.equal(curl, null, `${name}: no request, no curl line`);
    return;
  }
  t.ok(curl && shown(await box(curl)), `${name}: the curl line is visible`);
  t.equal(await curl?.evaluate((el) => el.textContent), visible(curlCommand(evidence.request)), `${name}: the curl line repeats the request`);
}

