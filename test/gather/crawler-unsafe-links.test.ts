import t from 'tap';
import type { CrawlEvent } from '../../src/gather/crawler.js';
import { crawlSite, links, localSite, page, send } from './local-site.js';

// A real server that would act on these GETs records every request: the
// crawler must never send one to a link or redirect that could change state.

const UNSAFE = ['/?action=delete', '/page/?delete=1', '/newsletter/?unsubscribe=ab12cd', '/x/?do=logout', '/cms/pages/12/unpublish/', '/accounts/log-out/'];

t.test('links and redirects that could change state are never requested', async (t) => {
  const site = await localSite((path, res) => {
    if (path === '/') {
      send(res, 200, page('Home', links(...UNSAFE, '/blog/how-we-delete-data/', '/bye/', '/blog/?page=2')));
      return true;
    }
    if (path === '/bye/') {
      // A friendly "sign out" URL that redirects to the real one.
      res.writeHead(302, { location: '/accounts/logout/?next=/', 'content-length': '0' });
      res.end();
      return true;
    }
    if (path === '/blog/how-we-delete-data/' || path === '/blog/?page=2') {
      send(res, 200, page('Blog', ''));
      return true;
    }
    return false;
  });
  t.teardown(site.close);
  const events: CrawlEvent[] = [];
  const model = await crawlSite(site, {}, events);

  const received = site.paths();
  for (const path of [...UNSAFE, '/accounts/logout/?next=/']) t.notOk(received.includes(path), `${path} is never requested`);
  t.notOk(received.some((p) => p.includes('logout') || p.includes('delete=') || p.includes('action=')), 'nor anything like it');
  t.ok(received.includes('/blog/how-we-delete-data/'), 'a page whose slug merely mentions deleting is crawled');
  t.ok(received.includes('/blog/?page=2'), 'so is an ordinary query');
  const bye = [...model.pages].find((p) => p.url === `${site.url}bye/`)?.response;
  t.ok(bye?.ok && bye.status === 302, 'the page that redirects to a logout is recorded as it answered');
  t.notOk([...model.pages].some((p) => p.url.includes('logout')), 'the logout is not in the model as a page');
  const finished = events.at(-1);
  t.equal(finished?.type === 'finished' ? finished.unsafeLinksSkipped : undefined, UNSAFE.length + 1, 'every link and redirect left out is counted');
});
