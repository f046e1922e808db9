import t from 'tap';
import probe, { sectionOf } from '../../probes/crawl-coverage.js';
import { failure, page, response, runOn, site, SITE } from '../helpers/site-kit.js';

const at = (path: string) => new URL(path, SITE).href;

interface Case {
  name: string;
  pages: ReturnType<typeof page>[];
  expected: string[];
}

const cases: Case[] = [
  { name: 'every page read (a 404 and a redirect are answers): nothing to say', pages: [page(response({ url: at('/') })), page(response({ url: at('/gone/'), status: 404 })), page(response({ url: at('/old/'), status: 301, headers: { Location: '/new/' } }))], expected: [] },
  {
    name: 'a 403 wall on one section is one warning for that section, whatever the page count',
    pages: [page(response({ url: at('/') })), page(response({ url: at('/members/a/'), status: 403 })), page(response({ url: at('/members/b/'), status: 403 }))],
    expected: ['warning pagesUnreadable /members/ status 403 2'],
  },
  {
    name: 'causes stay apart within a section; timeouts and resets are named by their code',
    pages: [page(failure(at('/blog/a/'), 'ERR_TIMEOUT')), page(failure(at('/blog/b/'), 'ERR_RESET')), page(response({ url: at('/blog/c/'), status: 401 }))],
    expected: ['warning pagesUnreadable /blog/ ERR_RESET 1', 'warning pagesUnreadable /blog/ ERR_TIMEOUT 1', 'warning pagesUnreadable /blog/ status 401 1'],
  },
  {
    name: 'a 429 and the pages the client then refused to send are one rate-limit finding per origin',
    pages: [page(response({ url: at('/a/'), status: 429, headers: { 'Retry-After': '3600' } })), page(failure(at('/b/'), 'ERR_RATE_LIMITED')), page(failure(at('/c/'), 'ERR_RATE_LIMITED'))],
    expected: ['warning rateLimited / 429, Retry-After: 3600 3'],
  },
  { name: '5xx is the site failing: an error', pages: [page(response({ url: at('/shop/x/'), status: 502 }))], expected: ['error pagesFailing /shop/ status 502 1'] },
  {
    name: 'top-level pages failing alike are one finding for the root, not one per page',
    pages: ['/a/', '/b/', '/c/'].map((path) => page(response({ url: at(path), status: 500 }))),
    expected: ['error pagesFailing / status 500 3'],
  },
  { name: "the admin login page is static-assets' to judge", pages: [page(response({ url: at('/admin/login/'), status: 500 }), {}, 'admin-login')], expected: [] },
  { name: 'a run stopped on purpose leaves no gap to report here', pages: [page(failure(at('/x/'), 'ERR_ABORTED'))], expected: [] },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const run = await runOn(probe, site({ pages: c.pages }), []);
    t.same(run.requests, [], 'reads the crawl only: no request of its own');
    const seen = run.findings.map((f) => [f.severity, f.messageId, f.data['section'] ?? new URL(f.url).pathname, f.data['cause'] ?? f.data['retryAfter'], f.data['count']].join(' ')).sort();
    t.same(seen, c.expected);
  });
}

t.test('the limits the crawl stopped at, and the links it left alone, are said as facts', async (t) => {
  const stats = { pagesQueued: 500, pagesSkipped: 42, unsafeLinksSkipped: 3, durationMs: 1 };
  const run = await runOn(probe, site({ pages: [page(response({ url: at('/') }))], stats }), []);
  t.same(run.findings.map((f) => `${f.severity} ${f.messageId}`).sort(), ['info pageLimitReached', 'info stateChangingLinksSkipped']);
  t.match(run.findings.find((f) => f.messageId === 'pageLimitReached')?.message, /--max-pages 100.*42 more page\(s\)/);
  t.equal(run.outcome.status, 'pass', 'facts, not faults');
});

t.test('the advice says what to try for each cause', async (t) => {
  const run = await runOn(probe, site({ pages: [page(response({ url: at('/m/a/'), status: 403 })), page(response({ url: at('/q/'), status: 429 }))] }), []);
  t.match(run.findings.find((f) => f.messageId === 'pagesUnreadable')?.message, /--user-agent/);
  t.match(run.findings.find((f) => f.messageId === 'rateLimited')?.message, /--rate/);
});

t.test('sectionOf: the first-level folder a page sits in', async (t) => {
  t.equal(sectionOf('https://s.test/blog/2024/post/'), '/blog/');
  t.equal(sectionOf('https://s.test/blog/post'), '/blog/');
  t.equal(sectionOf('https://s.test/blog/'), '/', 'the section page itself sits at the root');
  t.equal(sectionOf('https://s.test/about'), '/');
  t.equal(sectionOf('https://s.test/'), '/');
});
