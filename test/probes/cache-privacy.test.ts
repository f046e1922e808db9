import t from 'tap';
import probe from '../../probes/cache-privacy/index.js';
import { requestBudget } from '../../src/engine/probe.js';
import { failure, hop, options, page, response, runOn, site, SITE, summary, type Canned } from '../helpers/site-kit.js';

const LOGIN = new URL('/admin/login/', SITE).href;
const FORM_PAGE = new URL('/contact/', SITE).href;
const PRIVATE_PAGE = new URL('/members/', SITE).href;
const PRIVATE_DOC = new URL('/documents/7/secret.pdf', SITE).href;

function loginHtml(token: string): string {
  return `<form class="login-form" method="post"><input type="hidden" name="csrfmiddlewaretoken" value="${token}"><input name="username"></form>`;
}

/** Answers for the two fresh clients, per form URL: the first fresh request gets the first, the next one the second. */
function clients(url: string, first: string, second: string, headers: Record<string, string> = {}): Canned[] {
  return [
    { url, fresh: true, once: true, result: response({ url, text: loginHtml(first), headers }) },
    { url, fresh: true, once: true, result: response({ url, text: loginHtml(second), headers }) },
  ];
}

const NEVER_CACHE = { 'Cache-Control': 'max-age=0, no-cache, no-store, must-revalidate, private' };
const loginRedirect = (url: string, headers: Record<string, string> = {}) =>
  response({ url, status: 302, headers: { Location: `/_util/login/?next=${new URL(url).pathname}`, ...headers } });

interface Case {
  name: string;
  canned: Canned[];
  pages?: ReturnType<typeof page>[];
  canaries?: { pages?: string[]; documents?: string[] };
  expected: string[];
}

const cases: Case[] = [
  { name: 'distinct tokens and uncacheable private answers pass', canned: clients(LOGIN, 'aaa', 'bbb', NEVER_CACHE), expected: [] },
  {
    name: 'the same token for two fresh clients means the login page is cached',
    canned: clients(LOGIN, 'same', 'same', { 'X-Cache-Status': 'HIT' }),
    expected: [`adminCached ${LOGIN}`, `csrfTokenShared ${LOGIN}`],
  },
  {
    name: 'a public form page with a shared token is reported too',
    pages: [page(response({ url: FORM_PAGE }), { forms: [{ action: FORM_PAGE, method: 'POST', inputNames: ['csrfmiddlewaretoken', 'email'] }] })],
    canned: [...clients(LOGIN, 'a', 'b'), ...clients(FORM_PAGE, 'x', 'x')],
    expected: [`csrfTokenShared ${FORM_PAGE}`],
  },
  {
    name: "a private page's login redirect served from a cache",
    canaries: { pages: [PRIVATE_PAGE] },
    canned: [...clients(LOGIN, 'a', 'b'), { url: PRIVATE_PAGE, result: loginRedirect(PRIVATE_PAGE, { 'X-Cache-Status': 'HIT', Age: '30' }) }],
    expected: [`privateResponseCached ${PRIVATE_PAGE}`],
  },
  {
    name: 'a login redirect without cache headers is not storable (302 is not heuristically cacheable)',
    canaries: { documents: [PRIVATE_DOC] },
    canned: [...clients(LOGIN, 'a', 'b'), { url: PRIVATE_DOC, result: loginRedirect(PRIVATE_DOC) }],
    expected: [],
  },
  {
    name: 'a password form a CDN may store (public, max-age) is a warning',
    canaries: { documents: [PRIVATE_DOC] },
    canned: [...clients(LOGIN, 'a', 'b'), { url: PRIVATE_DOC, result: response({ url: PRIVATE_DOC, status: 200, headers: { 'Cache-Control': 'public, max-age=600' } }) }],
    expected: [`privateResponseStorable ${PRIVATE_DOC}`],
  },
  {
    name: 'a password form with never-cache headers passes',
    canaries: { documents: [PRIVATE_DOC] },
    canned: [...clients(LOGIN, 'a', 'b'), { url: PRIVATE_DOC, result: response({ url: PRIVATE_DOC, status: 200, headers: NEVER_CACHE }) }],
    expected: [],
  },
  {
    name: 'an unreachable canary is left to the crawl and document-privacy',
    canaries: { pages: [PRIVATE_PAGE] },
    canned: [...clients(LOGIN, 'a', 'b'), { url: PRIVATE_PAGE, result: failure(PRIVATE_PAGE, 'ERR_TIMEOUT') }],
    expected: [],
  },
  {
    name: 'a /_util/ hop served from a cache is reported once',
    pages: [
      page(response({ url: new URL('/_util/login/?next=/members/', SITE).href, hops: [hop(PRIVATE_PAGE, 302, '/_util/login/?next=/members/')], headers: { 'CF-Cache-Status': 'HIT' } })),
      page(response({ url: new URL('/_util/login/?next=/members/', SITE).href, headers: { 'CF-Cache-Status': 'HIT' } })),
    ],
    canned: clients(LOGIN, 'a', 'b'),
    expected: [`adminCached ${new URL('/_util/login/?next=/members/', SITE).href}`],
  },
  {
    name: "an editor's view (user bar) served to an anonymous visitor",
    pages: [page(response({ url: new URL('/news/', SITE).href }), { hasWagtailUserbar: true })],
    canned: clients(LOGIN, 'a', 'b'),
    expected: [`userbarCached ${new URL('/news/', SITE).href}`],
  },
  {
    name: 'a form page that cannot be read twice is inconclusive',
    canned: [{ url: LOGIN, result: failure(LOGIN, 'ERR_TIMEOUT') }],
    expected: [`?formPageUnreadable ${LOGIN}`],
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const model = site({ pages: [page(response({ url: SITE }), {}, 'seed'), page(response({ url: LOGIN }), {}, 'admin-login'), ...(c.pages ?? [])] });
    const opts = options({ privateCanaries: { pages: c.canaries?.pages ?? [], documents: c.canaries?.documents ?? [] } });
    const run = await runOn(probe, model, c.canned, opts);
    t.not(run.outcome.status, 'error', run.outcome.status === 'error' ? run.outcome.error : '');
    t.same(summary(run), [...c.expected].sort());
  });
}

t.test('the shared-token finding shows both responses and their cache headers', async (t) => {
  const run = await runOn(probe, site({ pages: [page(response({ url: LOGIN }), {}, 'admin-login')] }), clients(LOGIN, 'tok123456789', 'tok123456789', { 'X-Cache-Status': 'HIT', Age: '12' }));
  const finding = run.findings.find((f) => f.messageId === 'csrfTokenShared');
  t.equal(finding?.evidence.length, 2);
  t.same(finding?.evidence[1]?.headers, { age: '12', 'x-cache-status': 'HIT' });
  t.match(finding?.evidence[1]?.note, /the same token tok12345…/);
});

t.test('no page answered: skip', async (t) => {
  const run = await runOn(probe, site({ pages: [page(failure(SITE, 'ERR_REFUSED'), null, 'seed')] }));
  t.equal(run.outcome.status, 'skip');
});

t.test('the two clients are fresh requests and carry no header of our own', async (t) => {
  const run = await runOn(probe, site({ pages: [page(response({ url: LOGIN }), {}, 'admin-login')] }), clients(LOGIN, 'a', 'b'));
  const login = run.requests.filter((r) => r.url === LOGIN);
  t.equal(login.length, 2, 'two requests, the second look at the login page is the second client');
  for (const { options: sent } of login) {
    t.equal(sent.fresh, true, 'answered by no memo');
    t.same(sent.headers ?? {}, {}, 'no made-up header reaches the site');
  }
});

t.test('the worst case (form pages past the cap, canaries) stays within meta.maxRequests', async (t) => {
  const forms = ['/contact/', '/newsletter/', '/feedback/'].map((path) => new URL(path, SITE).href);
  const formPages = forms.map((url) => page(response({ url }), { forms: [{ action: url, method: 'POST', inputNames: ['csrfmiddlewaretoken'] }] }));
  const canaries = { pages: [PRIVATE_PAGE, new URL('/board/', SITE).href], documents: [PRIVATE_DOC, new URL('/documents/8/minutes.pdf', SITE).href] };
  const canned: Canned[] = [
    ...[LOGIN, ...forms].flatMap((url) => clients(url, 'a', 'b')),
    ...[...canaries.pages, ...canaries.documents].map((url) => ({ url, result: loginRedirect(url) })),
  ];
  const opts = options({ privateCanaries: canaries });
  const run = await runOn(probe, site({ pages: [page(response({ url: SITE }), {}, 'seed'), page(response({ url: LOGIN }), {}, 'admin-login'), ...formPages] }), canned, opts);
  t.not(run.outcome.status, 'error', run.outcome.status === 'error' ? run.outcome.error : '');
  t.equal(run.requestsMade, 2 * 3 + 4, 'two clients on the login and two form pages, one request per canary');
  t.ok(run.requestsMade <= requestBudget(probe.meta, opts), `${run.requestsMade} requests, budget ${requestBudget(probe.meta, opts)}`);
});
