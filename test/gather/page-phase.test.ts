import t from 'tap';
import { keepsBodyPrefix } from '../../src/gather/page-phase.js';
import { crawlSite, links, localSite, page, send } from './local-site.js';

t.test("keepsBodyPrefix: a page's first bytes are kept only where a probe may read them", async (t) => {
  const cases: Array<[string, number, boolean, string]> = [
    ['https://example.com/', 200, false, 'the home page'],
    ['https://example.com/blog/post/', 200, false, 'a Wagtail page URL'],
    ['https://example.com/search/?q=a/b', 200, false, 'the query is not the path'],
    ['https://example.com/blog/#top/', 200, false, 'nor the fragment'],
    ['https://example.com/media/documents/brochure.html', 200, true, 'a file: may be a direct-method document'],
    ['https://example.com/about', 200, true, 'no trailing slash: may be a file'],
    ['https://example.com/page/?next=/', 200, false, 'a slash in the query only'],
    ['https://example.com/gone/', 404, true, 'an error answer is described by its first bytes'],
    ['https://example.com/moved/', 301, true, 'a redirect'],
    ['https://example.com/busy/', 503, true, 'a try-later answer'],
  ];
  for (const [url, status, kept, why] of cases) t.equal(keepsBodyPrefix(url, status), kept, `${url} ${status}: ${why}`);
});

t.test("a page's record lists the references met after it was read, and keeps its first bytes only where they may be read", async (t) => {
  const site = await localSite((path, res) => {
    const body: Record<string, string> = {
      '/': links('/a/', '/b/'),
      '/a/': links('/c/'),
      '/b/': links('/brochure.html'),
      '/c/': links('/b/'),
      '/brochure.html': 'a document served as HTML',
    };
    if (body[path] === undefined) return false;
    send(res, 200, page(path, body[path] as string));
    return true;
  });
  t.teardown(site.close);
  const model = await crawlSite(site, { crawl: { concurrency: 1 } });
  const at = (path: string) => [...model.pages].find((p) => p.url === new URL(path, site.url).href);
  const b = at('/b/');
  t.same(b?.referencedFrom.map((r) => new URL(r.from).pathname), ['/', '/c/'], '/c/ was read after /b/ and is listed');
  const prefixOf = (path: string) => { const r = at(path)?.response; return r?.ok ? r.body.prefixBase64 : null; };
  t.equal(prefixOf('/'), '', 'a page URL keeps no prefix');
  t.match(Buffer.from(prefixOf('/brochure.html') ?? '', 'base64').toString(), /^<!doctype html>/, 'a file-like URL keeps its first bytes');
  t.notOk([...model.pages].some((p) => 'text' in p.response), 'no text is kept');
});
