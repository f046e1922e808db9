import type { ServerResponse } from 'node:http';
import t from 'tap';
import type { CrawlEvent } from '../../src/gather/crawler.js';
import type { SiteModel } from '../../src/gather/model.js';
import { crawlSite, links, localSite, page, send } from './local-site.js';

// Page redirects are followed by the crawler, one page per hop, so the hop
// limit has to hold across pages: a real server redirects /a/1 to /a/2 to
// /a/3 and so on for ever, a new URL every time (no loop to detect).

const CHAIN = /^\/a\/(\d+)$/;

function redirectOnward(path: string, res: ServerResponse): boolean {
  const step = CHAIN.exec(path);
  if (step === null) return false;
  res.writeHead(302, { location: `/a/${Number(step[1]) + 1}`, 'content-length': '0' });
  res.end();
  return true;
}

function chainHits(paths: string[]): string[] {
  return paths.filter((p) => CHAIN.test(p));
}

function pageAt(model: SiteModel, url: string) {
  return [...model.pages].find((p) => p.url === url);
}

t.test('an endless chain of page redirects stops at http.maxRedirects', async (t) => {
  for (const maxRedirects of [3, 0]) {
    const site = await localSite((path, res) => {
      if (path === '/') {
        send(res, 200, page('Home', links('/a/1')));
        return true;
      }
      return redirectOnward(path, res);
    });
    t.teardown(site.close);
    const events: CrawlEvent[] = [];
    const model = await crawlSite(site, { http: { maxRedirects } }, events);

    const expected = Array.from({ length: maxRedirects + 1 }, (_, i) => `/a/${i + 1}`);
    t.same(chainHits(site.paths()), expected, `maxRedirects ${maxRedirects}: the start and ${maxRedirects} hops are requested, each once`);

    const last = `${site.url}a/${maxRedirects + 1}`;
    const next = `${site.url}a/${maxRedirects + 2}`;
    for (const url of expected.slice(0, -1)) {
      const followed = pageAt(model, new URL(url, site.url).href)?.response;
      t.ok(followed?.ok && followed.status === 302, `${url} is recorded as the redirect it is`);
    }
    const cut = pageAt(model, last);
    t.ok(cut, 'the page where the chain was cut is recorded');
    const response = cut?.response;
    t.equal(response?.ok, false);
    if (response && !response.ok) {
      t.equal(response.error.code, 'ERR_TOO_MANY_REDIRECTS');
      t.match(response.error.message, `more than ${maxRedirects} redirects`, 'the message names the limit');
      t.match(response.error.message, `from ${site.url}a/1`, 'and where the chain began');
      t.equal(response.url, next, 'the failure points where the hop not followed would have gone');
      t.equal(response.request.url, last);
      t.same(response.hops.map((h) => [h.url, h.status, h.location]), [[last, 302, `/a/${maxRedirects + 2}`]], 'with that hop');
    }
    t.equal(cut?.facts, null);
    t.notOk(pageAt(model, next), 'the next page is not in the model');
    const fetched = events.find((e) => e.type === 'fetched' && e.url === last);
    t.equal(fetched?.type === 'fetched' ? fetched.error : undefined, 'ERR_TOO_MANY_REDIRECTS', 'progress sees the failure');
    t.same(JSON.parse(JSON.stringify(model)), { ...model, pages: [...model.pages] }, 'the model stays plain JSON');
  }
});

t.test('a page on a long chain counts from its shortest route, found late or early', async (t) => {
  // /slow/ links to /a/3 directly, but answers only once /a/4 has been answered: by
  // then the long route (/a/1, /a/2, /a/3, /a/4) has reached the limit of 3. The
  // link makes /a/3 a start, so the chain resumes: /a/4, /a/5, /a/6 are hops 1 to 3.
  let chainReachedLimit: () => void = () => {};
  const reached = new Promise<void>((resolve) => (chainReachedLimit = resolve));
  const site = await localSite((path, res) => {
    if (path === '/') {
      send(res, 200, page('Home', links('/a/1', '/slow/')));
      return true;
    }
    if (path === '/slow/') {
      void reached.then(() => send(res, 200, page('Slow', links('/a/3'))));
      return true;
    }
    const handled = redirectOnward(path, res);
    if (path === '/a/4') chainReachedLimit();
    return handled;
  });
  t.teardown(site.close);
  // Two connections: one waits on /slow/ while the chain goes on in the other.
  const model = await crawlSite(site, { http: { maxRedirects: 3 }, crawl: { concurrency: 2 } });

  t.same(chainHits(site.paths()), ['/a/1', '/a/2', '/a/3', '/a/4', '/a/5', '/a/6'], 'each hop fetched once, up to 3 hops past /a/3');
  const four = pageAt(model, `${site.url}a/4`)?.response;
  t.ok(four?.ok && four.status === 302, '/a/4 is a followed redirect, not a cut');
  const six = pageAt(model, `${site.url}a/6`)?.response;
  t.ok(six && !six.ok && six.error.code === 'ERR_TOO_MANY_REDIRECTS', 'the chain is cut at /a/6');
  if (six && !six.ok) t.match(six.error.message, `from ${site.url}a/3`, 'counted from the page the link reached');
  t.ok(pageAt(model, `${site.url}a/3`)?.referencedFrom.some((r) => r.via === 'a' && r.from === `${site.url}slow/`), 'the link is recorded');
  t.notOk(site.paths().includes('/a/7'));
});

t.test('a redirect loop ends at the first page seen twice', async (t) => {
  const site = await localSite((path, res) => {
    const target = { '/': '/loop/1', '/loop/1': '/loop/2', '/loop/2': '/loop/1' }[path];
    if (target === undefined) return false;
    res.writeHead(301, { location: target, 'content-length': '0' });
    res.end();
    return true;
  });
  t.teardown(site.close);
  const model = await crawlSite(site, { http: { maxRedirects: 10 } });
  t.same(site.paths().filter((p) => p.startsWith('/loop/')), ['/loop/1', '/loop/2']);
  t.ok([...model.pages].every((p) => p.response.ok), 'a loop is cut by fetching each page once, not by the hop limit');
});
