// Signed media URLs: django-storages signs a bucket's URL anew on every page
// render, so each page shows the same rendition under a new signature. The crawl
// fetches each stored object once (its first signed URL) and lists every page
// that showed it; an unsigned link to the same object stays a resource of its own.

import t from 'tap';
import { resourceKey } from '../../src/gather/page-phase.js';
import { crawlSite, links, localSite, page, send } from './local-site.js';

t.test('resourceKey: one key per stored object when signed, the URL itself otherwise', async (t) => {
  const signed = (sig: string) => `http://127.0.0.9:9000/b/images/a.width-800.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261202T0500${sig}Z&X-Amz-Expires=300&X-Amz-Signature=${sig}abc`;
  t.equal(resourceKey(signed('01')), resourceKey(signed('02')), 'two signatures, one object');
  t.not(resourceKey(signed('01')), 'http://127.0.0.9:9000/b/images/a.width-800.jpg', 'the unsigned link is another resource');
  t.equal(resourceKey('http://127.0.0.1/media/a.jpg?v=2'), 'http://127.0.0.1/media/a.jpg?v=2', 'a query that signs nothing names a different resource');
});

t.test('a rendition signed anew on every page is fetched once, with every page that showed it', async (t) => {
  let render = 0;
  const signedRendition = () => `/bucket/images/photo.width-800.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=300&X-Amz-Signature=${(render += 1).toString(16).padStart(8, '0')}`;
  const site = await localSite((path, res) => {
    if (path === '/' || /^\/page-\d\/$/.test(path)) {
      send(res, 200, page('Page', `${links('/page-1/', '/page-2/', '/page-3/')}<img src="${signedRendition()}" alt="">`));
      return true;
    }
    if (path.startsWith('/bucket/images/photo.width-800.jpg')) {
      send(res, 200, 'JFIF', { 'content-type': 'image/jpeg', 'x-amz-request-id': 'R1' });
      return true;
    }
    return false;
  });
  t.teardown(() => site.close());
  const model = await crawlSite(site);
  t.equal(model.mediaUrl?.url, `${site.url}bucket/`, 'MEDIA_URL learned from the signed rendition, as from any other');
  const fetched = site.paths().filter((p) => p.startsWith('/bucket/images/'));
  t.equal(render, 4, 'four pages rendered, four signatures');
  t.equal(fetched.length, 1, `one request for the object: ${fetched.join(', ')}`);
  const renditions = model.resources.filter((r) => r.url.includes('/bucket/images/'));
  t.equal(renditions.length, 1, 'one resource in the model');
  t.equal(renditions[0]?.url, `${site.url}${fetched[0]?.slice(1)}`, 'under the signed URL that was fetched');
  t.notMatch(fetched[0], /Signature=00000001$/, "not the home page's, met first: a later one, which lives longer (resources are fetched after the pages)");
  t.equal(new Set(renditions[0]?.referencedFrom.map((r) => r.from)).size, 4, 'every page that showed it');
});
