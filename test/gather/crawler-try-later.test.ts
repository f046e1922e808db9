import t from 'tap';
import { crawlSite, links, localSite, page, send } from './local-site.js';

// A host that says "not now": 429 with a short Retry-After, 503, a dropped
// connection. The crawler records each of those pages as it answered (or
// failed), and reads nothing from them: their bodies are error pages, and
// their links are not the site's. Nothing here depends on a failure's code,
// so a client that fails a rate-limited origin at once is handled the same way.

t.test('pages that answer "not now" or fail are recorded, and nothing is read from them', async (t) => {
  const site = await localSite((path, res) => {
    switch (path) {
      case '/':
        send(res, 200, page('Home', `${links('/busy/', '/maintenance/', '/dropped/', '/fine/')}<img src="/media/images/busy.width-800.jpg">`));
        return true;
      case '/busy/':
        send(res, 429, page('Too many requests', links('/from-429-body/')), { 'retry-after': '1' });
        return true;
      case '/maintenance/':
        send(res, 503, page('Down for maintenance', links('/from-503-body/')), { 'retry-after': '1' });
        return true;
      case '/dropped/':
        res.socket?.destroy();
        return true;
      case '/fine/':
        send(res, 200, page('Fine', links('/from-fine/')));
        return true;
      case '/media/images/busy.width-800.jpg':
        send(res, 429, 'slow down', { 'retry-after': '1', 'content-type': 'text/plain' });
        return true;
      default:
        return false;
    }
  });
  t.teardown(site.close);
  const model = await crawlSite(site, { http: { retries: 0 } });
  const record = (path: string) => [...model.pages].find((p) => p.url === new URL(path, site.url).href);

  const busy = record('/busy/');
  t.ok(busy?.response.ok && busy.response.status === 429, 'a 429 page is recorded as a 429');
  t.equal(busy?.facts, null, 'its body is not read as the page');
  const maintenance = record('/maintenance/');
  t.ok(maintenance?.response.ok && maintenance.response.status === 503, 'so is a 503');
  t.equal(maintenance?.facts, null);
  const dropped = record('/dropped/');
  t.equal(dropped?.response.ok, false, 'a page that failed below HTTP is recorded, not dropped');
  t.equal(dropped?.facts, null);

  const received = site.paths();
  t.notOk(received.includes('/from-429-body/'), 'links in a 429 body are never followed');
  t.notOk(received.includes('/from-503-body/'), 'nor in a 503 body');
  t.ok(received.includes('/from-fine/'), 'while the rest of the site is crawled');
  t.equal(received.filter((p) => p === '/busy/').length, 1, 'the crawler does not ask again for a page that said "not now"');

  const image = model.resources.find((r) => r.url.endsWith('/media/images/busy.width-800.jpg'));
  t.ok(image?.response?.ok && image.response.status === 429, 'a resource that answered 429 is recorded as one');
});

t.test('a host that asks to wait longer than http.maxRetryAfter: every page queued is still recorded', async (t) => {
  // A client may stop sending to such a host and fail every later fetch at
  // once; whether it does or not, each page the crawler queued ends up in the
  // model, and the crawl ends.
  const site = await localSite((path, res) => {
    if (path === '/') {
      send(res, 200, page('Home', links('/one/', '/two/', '/three/')));
      return true;
    }
    if (path === '/one/') {
      send(res, 429, page('Too many requests', links('/from-429-body/')), { 'retry-after': '3600' });
      return true;
    }
    if (path === '/two/' || path === '/three/') {
      send(res, 200, page('Fine', links('/four/')));
      return true;
    }
    return false;
  });
  t.teardown(site.close);
  const model = await crawlSite(site, { http: { retries: 2, retryBudgetMs: 1000, maxRetryAfterMs: 50 }, crawl: { concurrency: 1 } });
  t.equal(model.pages.length, model.stats.pagesQueued, 'no page queued is missing from the model');
  const recorded = [...model.pages].map((p) => new URL(p.url).pathname);
  for (const path of ['/', '/one/', '/two/', '/three/']) t.ok(recorded.includes(path), `${path} is recorded, answered or failed`);
  t.ok([...model.pages].filter((p) => !p.response.ok).every((p) => p.facts === null), 'failed pages carry no facts');
  t.notOk(site.paths().includes('/from-429-body/'), 'nothing is read from the 429');
});
