import t from 'tap';
import { crawlSite, localSite, send, type LocalSite } from './local-site.js';
import { runWithOptions } from '../../src/engine/run.js';
import { createHttpClient } from '../../src/http/client.js';
import type { RunOptions } from '../../src/engine/options.js';
import type { RunResult } from '../../src/engine/result.js';
import { options as baseOptions } from '../helpers/site-kit.js';

// A Wagtail-like site of four page types: a home page, a blog index with 80
// posts, an events index with 80 events, and standard pages. Events load a
// second static-asset set whose stylesheet is missing (a fault of that page
// type only); posts show renditions, every 40th standard page a document.
// Smoke mode must read a few pages of each and report what the full crawl does.

const POSTS = 80;
const EVENTS = 80;
const STANDARD = 40;
const SITE_CSS = '/static/css/site.0123456789ab.css';
const SITE_JS = '/static/js/site.0123456789ab.js';
const EVENTS_CSS = '/static/css/events.ba9876543210.css'; // never served: a 404 on every event page

function html(templateClass: string, title: string, assets: string[], body: string): string {
  const head = assets.map((a) => (a.endsWith('.css') ? `<link rel="stylesheet" href="${a}">` : `<script src="${a}"></script>`)).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body class="${templateClass} page">${body}</body></html>`;
}

const links = (paths: string[]): string => paths.map((p) => `<a href="${p}">${p}</a>`).join('\n');
const nav = links(['/', '/blog/', '/events/', '/about/']);

function route(path: string, res: Parameters<Parameters<typeof localSite>[0]>[1]): boolean {
  const page = (templateClass: string, assets: string[], body: string): true => {
    send(res, 200, html(templateClass, path, assets, `${nav}${body}`));
    return true;
  };
  const site = [SITE_CSS, SITE_JS];
  if (path === '/') return page('template-homepage', site, links(Array.from({ length: STANDARD }, (_, i) => `/about/page-${i}/`)));
  if (path === '/blog/') return page('template-blogindexpage', site, links(Array.from({ length: POSTS }, (_, i) => `/blog/post-${i}/`)));
  if (path === '/events/') return page('template-eventindexpage', site, links(Array.from({ length: EVENTS }, (_, i) => `/events/event-${i}/`)));
  if (path === '/about/') return page('template-standardpage', site, '');
  let match = /^\/blog\/post-(\d+)\/$/.exec(path);
  if (match) return page('template-blogpage', site, `<img src="/media/images/post-${match[1]}.fill-300x200.jpg">${links([`/blog/post-${(Number(match[1]) + 1) % POSTS}/`])}`);
  match = /^\/events\/event-(\d+)\/$/.exec(path);
  if (match) return page('template-eventpage', [...site, EVENTS_CSS], links([`/events/event-${(Number(match[1]) + 1) % EVENTS}/`]));
  match = /^\/about\/page-(\d+)\/$/.exec(path);
  if (match) return page('template-standardpage', site, Number(match[1]) % 40 === 3 ? links(['/documents/4/terms.pdf']) : '');
  if (path === SITE_CSS || path === SITE_JS) {
    const type = path.endsWith('.css') ? 'text/css' : 'text/javascript';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' });
    res.end('/* asset */');
    return true;
  }
  if (path.startsWith('/media/images/')) {
    res.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'public, max-age=86400' });
    res.end(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]));
    return true;
  }
  if (path === '/documents/4/terms.pdf') {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': 'inline', 'x-content-type-options': 'nosniff' });
    res.end('%PDF-1.4\n%terms\n');
    return true;
  }
  if (path === '/private/') {
    res.writeHead(302, { location: '/login/?next=/private/', 'content-length': '0' });
    res.end();
    return true;
  }
  if (path.startsWith('/login/')) return page('template-loginpage', site, '<form method="post"><input name="csrfmiddlewaretoken"><input name="password"></form>');
  return false;
}

function runOptions(site: LocalSite, smoke: boolean): RunOptions {
  const base = baseOptions();
  return {
    ...base,
    target: site.url,
    plainHttpUrl: site.url,
    privateCanaries: { documents: [], pages: [new URL('/private/', site.url).href] },
    http: { ...base.http, siteOrigin: new URL(site.url).origin, retries: 0, timeoutMs: 5_000 },
    crawl: { ...base.crawl, maxPages: 1000, concurrency: 4 },
    ...(smoke ? { smoke: true } : {}),
  };
}

async function runOn(site: LocalSite, smoke: boolean): Promise<RunResult> {
  const options = runOptions(site, smoke);
  const client = createHttpClient({ ...options.http, concurrency: options.crawl.concurrency, rate: 0 });
  try {
    return await runWithOptions(options, { client });
  } finally {
    await client.close();
  }
}

/** Findings by what matters for a gate: the probe, the message and the URL it names. */
function findingKeys(result: RunResult): string[] {
  return result.probes.flatMap((p) => p.findings.map((f) => `${p.id}/${f.messageId} ${f.url ?? ''}`)).sort();
}

t.test('smoke mode reads a few pages of every type, asset set and path shape, and says what it left out', async (t) => {
  const site = await localSite(route);
  t.teardown(() => site.close());
  const crawl = { maxPages: 1000, concurrency: 4 };
  const canaries = { documents: [], pages: [new URL('/private/', site.url).href] };
  const full = await crawlSite(site, { crawl, run: { privateCanaries: canaries } });
  const smoke = await crawlSite(site, { crawl, run: { privateCanaries: canaries, smoke: true } });
  t.equal(full.stats.smoke, undefined, 'a full crawl states no sample');
  const coverage = smoke.stats.smoke;
  if (coverage === undefined) throw new Error('a smoke crawl must say what it covered');
  t.same(
    coverage.pageTypes.map((p) => p.key),
    ['template-blogindexpage', 'template-blogpage', 'template-eventindexpage', 'template-eventpage', 'template-homepage', 'template-loginpage', 'template-standardpage'],
    'every page type: those the links reach, and the login page the canary redirects to',
  );
  t.same(
    coverage.assetSets.map((s) => s.assets.map((u) => new URL(u).pathname)).sort((a, b) => a.length - b.length),
    [
      [SITE_CSS, SITE_JS],
      [EVENTS_CSS, SITE_CSS, SITE_JS],
    ],
    'the site set and the events set',
  );
  t.ok(coverage.pathShapes.some((s) => s.endsWith('/media/images/*.jpg')), `renditions among ${coverage.pathShapes.join(', ')}`);
  t.ok(smoke.pages.length < full.pages.length / 2, `read ${smoke.pages.length} of ${full.pages.length} pages`);
  t.equal(coverage.pagesNotVisited, smoke.stats.pagesQueued - smoke.pages.length, 'every page met and not read is counted');
  t.equal(coverage.stoppedBy, 'nothing-new');
  t.ok([...smoke.pages].some((p) => p.url.endsWith('/private/')), 'the canary is read');
  t.ok([...smoke.pages].some((p) => p.url.includes('/login/?next=')), 'and the page its redirect leads to');
  t.ok(smoke.resources.some((r) => r.url.endsWith(EVENTS_CSS) && r.response !== null), 'the events asset set is fetched');
  t.equal(smoke.stats.pagesSkipped, 0, 'nothing is "skipped" by limits: the sample left it');
});

t.test('smoke mode reports the findings the full crawl reports, with far fewer requests', async (t) => {
  const site = await localSite(route);
  t.teardown(() => site.close());
  const full = await runOn(site, false);
  const smoke = await runOn(site, true);
  t.equal(full.outcome.status, 'complete');
  t.equal(smoke.outcome.status, 'complete');
  const fullKeys = findingKeys(full);
  t.ok(fullKeys.some((k) => k.includes(EVENTS_CSS)), `the full crawl finds the missing events stylesheet (${fullKeys.join('; ')})`);
  const smokeKeys = findingKeys(smoke).filter((k) => !k.startsWith('crawl-coverage/smokeSample '));
  t.same(smokeKeys, fullKeys, 'the same findings, by probe, message and URL');
  const statement = smoke.probes.find((p) => p.id === 'crawl-coverage')?.findings.find((f) => f.messageId === 'smokeSample');
  t.match(
    statement?.message,
    /^Smoke mode read \d+ page\(s\): 7 page type\(s\) \(.*template-eventpage: \d+.*\), 2 static-asset set\(s\), 2 document\/media path shape\(s\) \(\/documents\/#\/\*\.pdf, \/media\/images\/\*\.jpg\); \d+ page\(s\) met were not read, since 20 page\(s\) in a row showed nothing new$/,
    'and a statement of what the sample covered and left out',
  );
  t.equal(statement?.severity, 'info', 'a fact, never a fault');
  t.ok(smoke.gather.requests < full.gather.requests / 2, `${smoke.gather.requests} requests against ${full.gather.requests}`);
});
