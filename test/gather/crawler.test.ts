import t from 'tap';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crawl, type CrawlEvent } from '../../src/gather/crawler.js';
import { createHttpClient } from '../../src/http/client.js';
import type { ResourceRecord, SiteModel } from '../../src/gather/model.js';
import { options as baseOptions } from '../helpers/site-kit.js';
import type { RunOptions } from '../../src/engine/options.js';

// A small Wagtail-like site on 127.0.0.1 and a "CDN" on another origin
// (localhost, another port), both real HTTP servers.

const BIG_DOCUMENT_BYTES = 200 * 1024 * 1024;

interface Served {
  site: string;
  cdn: string;
  /** Paths requested, in order, with their method. */
  hits: string[];
  /** Bytes the server actually wrote for the big document before the client hung up. */
  bigDocumentBytesSent: () => number;
  close: () => Promise<void>;
}

function html(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="/static/css/site.0123456789ab.css"></head><body>${body}</body></html>`;
}

function nav(count: number): string {
  return Array.from({ length: count }, (_, i) => `<a href="/page-${i}/">Page ${i}</a>`).join('');
}

async function serve(): Promise<Served> {
  const hits: string[] = [];
  let bigSent = 0;
  let cdnOrigin = '';
  const site = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    hits.push(`${req.method} ${path}`);
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...headers });
      res.end(body);
    };
    if (path === '/') {
      return send(200, 'text/html; charset=utf-8', html('Home', `${nav(12)}
        <img src="/media/images/photo.2e16d0ba.fill-300x200.jpg" srcset="/media/images/photo.width-400.jpg 400w, /media/images/photo.width-800.jpg 800w">
        <img src="${cdnOrigin}/media/images/cdn.width-500.png">
        <a href="/documents/1/report.pdf">Report</a>
        <a href="/documents/2/huge.pdf">Huge</a>
        <a href="/media/documents/brochure.html">Brochure (linked directly)</a>
        <a href="https://elsewhere.invalid/">Elsewhere</a>
        <a href="/admin/pages/">Admin pages</a>
        <a href="/moved">Moved</a>
        <a href="/accounts/logout/">Log out</a>`));
    }
    if (path === '/admin/login/') {
      return send(200, 'text/html; charset=utf-8', `<!doctype html><title>Sign in - Wagtail</title>
        <link rel="stylesheet" href="/static/wagtailadmin/css/core.aaaaaaaaaaaa.css">
        <script src="/static/wagtailadmin/js/core.bbbbbbbbbbbb.js"></script>
        <form class="login-form" method="post"><input type="hidden" name="csrfmiddlewaretoken" value="x"><input name="username"></form>
        <a href="/admin/password_reset/">Forgotten?</a>`, { 'cache-control': 'no-cache, no-store, must-revalidate, private' });
    }
    if (path === '/moved') {
      res.writeHead(301, { location: '/page-1/' });
      return res.end();
    }
    const pageMatch = /^\/page-(\d+)\/$/.exec(path);
    if (pageMatch) {
      const n = Number(pageMatch[1]);
      // Pages link one level deeper, so depth limits have something to stop.
      return send(200, 'text/html; charset=utf-8', html(`Page ${n}`, `<a href="/page-${n}/deeper/">deeper</a><img src="/media/images/p${n}.width-800.jpg">`));
    }
    if (/^\/page-\d+\/deeper\/$/.test(path)) return send(200, 'text/html', html('Deeper', '<a href="/">home</a>'));
    if (path.startsWith('/static/')) {
      const body = path.endsWith('.css') ? 'body{}' : 'void 0;';
      return send(200, path.endsWith('.css') ? 'text/css' : 'text/javascript', body, { 'cache-control': 'max-age=31536000, immutable' });
    }
    if (path.startsWith('/media/images/')) return send(200, 'image/jpeg', Buffer.alloc(10_000, 1));
    if (path === '/documents/1/report.pdf') {
      res.writeHead(302, { location: '/media/documents/report.pdf' });
      return res.end();
    }
    if (path === '/media/documents/report.pdf') return send(200, 'application/pdf', '%PDF-1.4 small');
    if (path === '/media/documents/brochure.html') return send(200, 'text/html', html('Brochure', '<a href="/never-crawled-from-a-file/">x</a>'));
    if (path === '/documents/2/huge.pdf') {
      // Streamed lazily: the server writes only as fast as the client reads.
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(BIG_DOCUMENT_BYTES) });
      const chunk = Buffer.alloc(64 * 1024, 0x25);
      const pump = (): void => {
        while (bigSent < BIG_DOCUMENT_BYTES) {
          bigSent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      return pump();
    }
    if (path === '/robots.txt') return send(200, 'text/plain', `User-agent: *\nSitemap: http://127.0.0.1:${(site.address() as AddressInfo).port}/sitemap-extra.xml\n`);
    if (path === '/sitemap.xml') {
      return send(200, 'application/xml', `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>http://127.0.0.1:${(site.address() as AddressInfo).port}/from-sitemap/</loc></url>
        <url><loc>https://other-host.invalid/ignored/</loc></url></urlset>`);
    }
    if (path === '/sitemap-extra.xml') return send(404, 'text/html', 'nope');
    if (path === '/from-sitemap/') return send(200, 'text/html', html('From sitemap', ''));
    return send(404, 'text/html', html('Not found', '<h1>Page not found</h1>'));
  });
  const cdn = createServer((req, res) => {
    hits.push(`CDN ${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=86400' });
    res.end(Buffer.alloc(100, 2));
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => cdn.listen(0, '127.0.0.1', r));
  cdnOrigin = `http://localhost:${(cdn.address() as AddressInfo).port}`;
  return {
    site: `http://127.0.0.1:${(site.address() as AddressInfo).port}/`,
    cdn: cdnOrigin,
    hits,
    bigDocumentBytesSent: () => bigSent,
    close: async () => {
      site.closeAllConnections();
      cdn.closeAllConnections();
      await Promise.all([new Promise((r) => site.close(r)), new Promise((r) => cdn.close(r))]);
    },
  };
}

async function crawlSite(served: Served, overrides: Partial<RunOptions['crawl']> = {}, events: CrawlEvent[] = []): Promise<SiteModel> {
  const base = baseOptions();
  const opts: RunOptions = { ...base, target: served.site, crawl: { ...base.crawl, ...overrides } };
  const client = createHttpClient({ ...opts.http, concurrency: opts.crawl.concurrency, rate: 0 });
  try {
    return await crawl(opts, client, { onEvent: (e) => events.push(e) });
  } finally {
    await client.close();
  }
}

function byUrl(model: SiteModel, suffix: string): ResourceRecord | undefined {
  return model.resources.find((r) => r.url.endsWith(suffix));
}

t.test('one crawl gathers pages, the admin login, assets, documents and images', async (t) => {
  const served = await serve();
  t.teardown(served.close);
  const events: CrawlEvent[] = [];
  const model = await crawlSite(served, {}, events);

  const pageUrls = [...model.pages].map((p) => new URL(p.url).pathname).sort();
  t.ok(pageUrls.includes('/'), 'the start page');
  t.ok(pageUrls.includes('/admin/login/'), 'the admin login page');
  t.ok(pageUrls.includes('/from-sitemap/'), 'a page only the sitemap lists');
  t.ok(pageUrls.includes('/page-11/'), 'pages linked from the nav');
  t.notOk(pageUrls.includes('/admin/pages/'), 'the admin is not crawled beyond its login page');
  t.notOk(pageUrls.includes('/admin/password_reset/'), 'not even from the login page');
  t.notOk(pageUrls.includes('/accounts/logout/'), 'logout links are never followed');
  t.equal([...model.pages].find((p) => p.url.endsWith('/admin/login/'))?.role, 'admin-login');
  t.equal([...model.pages].find((p) => p.url === served.site)?.facts?.title, 'Home');
  t.same(model.sitemaps, [new URL('/sitemap.xml', served.site).href], 'the sitemap that answered is recorded');

  t.equal(model.staticUrl?.url, new URL('/static/', served.site).href, 'STATIC_URL learned from the admin assets');
  t.equal(model.mediaUrl?.url, new URL('/media/', served.site).href, 'MEDIA_URL learned from rendition URLs');

  const core = byUrl(model, '/static/wagtailadmin/css/core.aaaaaaaaaaaa.css');
  t.equal(core?.kind, 'static');
  t.equal(core?.referencedFrom[0]?.from, new URL('/admin/login/', served.site).href, 'an asset names the page that referenced it');
  t.ok(core?.response?.ok && core.response.body.complete && core.response.body.md5, 'static assets are read whole and hashed');

  const report = byUrl(model, '/documents/1/report.pdf');
  t.equal(report?.kind, 'document');
  t.ok(report?.response?.ok);
  if (report?.response?.ok) {
    t.equal(report.response.hops[0]?.status, 302, 'the redirect hop is recorded');
    t.equal(report.response.hops[0]?.location, '/media/documents/report.pdf');
  }

  t.equal(byUrl(model, '/media/images/photo.width-800.jpg')?.kind, 'rendition', 'srcset candidates are renditions');
  const brochure = byUrl(model, '/media/documents/brochure.html');
  t.equal(brochure?.kind, 'document-file', 'an HTML file under MEDIA_URL is a document file, not a page');
  t.ok(brochure?.response?.ok, 'with the response the page phase already fetched');
  t.notOk([...model.pages].some((p) => p.url.endsWith('/brochure.html')));
  t.equal(served.hits.filter((h) => h === 'GET /media/documents/brochure.html').length, 1, 'fetched once');
  const cdnImage = model.resources.find((r) => r.url.startsWith(served.cdn));
  t.ok(cdnImage?.response?.ok, 'an image on another origin is fetched');
  t.equal(cdnImage?.sameOrigin, false);
  t.notOk(served.hits.some((h) => h.includes('elsewhere')), 'off-site links are never fetched');
  const elsewhere = model.resources.find((r) => r.url.startsWith('https://elsewhere.invalid'));
  t.equal(elsewhere?.kind, 'other');
  t.equal(elsewhere?.response, null);

  t.equal(served.hits.filter((h) => h === 'GET /page-1/').length, 1, 'a page reached by a link and by a redirect is fetched once');
  t.ok(events.some((e) => e.type === 'fetched') && events.at(-1)?.type === 'finished', 'progress events are emitted');
  t.same(JSON.parse(JSON.stringify(model)), { ...model, pages: [...model.pages] }, 'the model is plain JSON');
});

t.test('a very large document is sniffed, never downloaded', async (t) => {
  const served = await serve();
  t.teardown(served.close);
  const model = await crawlSite(served);
  const huge = byUrl(model, '/documents/2/huge.pdf');
  t.ok(huge?.response?.ok);
  if (huge?.response?.ok) {
    t.ok(huge.response.body.bytesRead <= baseOptions().http.sniffBytes, `read ${huge.response.body.bytesRead} bytes`);
    t.equal(huge.response.body.complete, false);
  }
  t.ok(served.bigDocumentBytesSent() < 16 * 1024 * 1024, `the server wrote ${served.bigDocumentBytesSent()} of ${BIG_DOCUMENT_BYTES} bytes before the client hung up`);
});

t.test('page and depth limits hold, and what they left out is counted', async (t) => {
  const served = await serve();
  t.teardown(served.close);
  const limited = await crawlSite(served, { maxPages: 5 });
  t.ok(limited.pages.length <= 5, `${limited.pages.length} pages`);
  t.ok(limited.stats.pagesSkipped > 0);

  const shallow = await crawlSite(served, { maxDepth: 1 });
  t.notOk([...shallow.pages].some((p) => p.url.endsWith('/deeper/')), 'depth 2 pages are not fetched at maxDepth 1');
});

t.test('a concurrency of 0 or a fraction (the CLI takes both) still reads every page, one connection at a time', async (t) => {
  const served = await serve();
  t.teardown(served.close);
  const full = await crawlSite(served);
  for (const concurrency of [0, 0.5]) {
    const slow = await crawlSite(served, { concurrency });
    t.same([...slow.pages].map((p) => p.url).sort(), [...full.pages].map((p) => p.url).sort(), `concurrency ${concurrency}`);
  }
});

t.test('media beyond the sample cap are sampled the same way on every run', async (t) => {
  const served = await serve();
  t.teardown(served.close);
  const first = await crawlSite(served, { maxMediaSamples: 4 });
  const second = await crawlSite(served, { maxMediaSamples: 4 });
  const fetched = (m: SiteModel): string[] => m.resources.filter((r) => r.kind === 'rendition' && r.response !== null).map((r) => r.url);
  const sampledOut = first.resources.filter((r) => r.notFetchedReason?.startsWith('sampled out'));
  t.ok(sampledOut.length > 0, 'some media were sampled out');
  t.ok(fetched(first).length <= 4);
  t.same(fetched(first), fetched(second), 'the same sample');
});

t.test('include and exclude patterns decide which pages are crawled', async (t) => {
  const served = await serve();
  t.teardown(served.close);
  const model = await crawlSite(served, { exclude: ['/page-[0-9]+/deeper/'] });
  t.notOk([...model.pages].some((p) => p.url.includes('/deeper/')));
  const only = await crawlSite(served, { include: ['/page-3/'] });
  t.ok([...only.pages].some((p) => p.url.endsWith('/page-3/')));
  t.notOk([...only.pages].some((p) => p.url.endsWith('/page-4/')));
});
