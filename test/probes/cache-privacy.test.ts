import t from 'tap';
import probe from '../../probes/cache-privacy/index.js';
import { formPagesOf, MAX_FORM_PAGES, selectFormPages, type FormPage } from '../../probes/cache-privacy/csrf-tokens.js';
import { requestBudget } from '../../src/engine/probe.js';
import { answeredPages } from '../../src/probe-kit/index.js';
import { failure, hop, options, page, resource, response, runOn, site, SITE, summary, type Canned } from '../helpers/site-kit.js';

const LOGIN = new URL('/admin/login/', SITE).href;
const FORM_PAGE = new URL('/contact/', SITE).href;
const PRIVATE_PAGE = new URL('/members/', SITE).href;
const PRIVATE_DOC = new URL('/documents/7/secret.pdf', SITE).href;

function loginHtml(token: string): string {
  return `<form class="login-form" method="post"><input type="hidden" name="csrfmiddlewaretoken" value="${token}"><input name="username"></form>`;
}

/** Wagtail's password form: a private document's posts to /documents/authenticate_with_password/<restriction>/, a page's to /_util/…/<restriction>/<page>/. */
function passwordFormHtml(what: 'page' | 'document', token: string): string {
  const action = what === 'document' ? '/documents/authenticate_with_password/3/' : '/_util/authenticate_with_password/2/5/';
  return `<!DOCTYPE html><html><head><title>Password required</title></head><body><h1>Password required</h1><p>You need a password to access this ${what}.</p>` +
    `<form action="${action}" method="POST"><input type="hidden" name="csrfmiddlewaretoken" value="${token}"><input type="password" name="password"><input type="hidden" name="return_url" value="/x/"></form></body></html>`;
}

/** Answers for the two fresh clients, per form URL: the first fresh request gets the first, the next one the second. */
function clients(url: string, first: string, second: string, headers: Record<string, string> = {}, html: (token: string) => string = loginHtml): Canned[] {
  return [
    { url, fresh: true, once: true, result: response({ url, text: html(first), headers }) },
    { url, fresh: true, once: true, result: response({ url, text: html(second), headers }) },
  ];
}

/** A canary's own (memoised, not fresh) answer: Wagtail's password form. */
function passwordCanary(url: string, what: 'page' | 'document', headers: Record<string, string> = NEVER_CACHE): Canned {
  const text = passwordFormHtml(what, 'canary');
  return { url, fresh: false, result: response({ url, text, body: text, headers }) };
}

const csrfForm = (action: string, extra: string[] = []) => ({ action, method: 'POST', inputNames: ['csrfmiddlewaretoken', ...extra] });

const NEVER_CACHE = { 'Cache-Control': 'max-age=0, no-cache, no-store, must-revalidate, private' };
const loginRedirect = (url: string, headers: Record<string, string> = {}) =>
  response({ url, status: 302, headers: { Location: `/_util/login/?next=${new URL(url).pathname}`, ...headers } });

const MINUTES = new URL('/documents/8/minutes.pdf', SITE).href;

interface Case {
  name: string;
  canned: Canned[];
  pages?: ReturnType<typeof page>[];
  resources?: ReturnType<typeof resource>[];
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
    name: "a private page's password form is a form page too: a cached one hands every visitor one token",
    canaries: { pages: [PRIVATE_PAGE] },
    canned: [...clients(LOGIN, 'a', 'b'), passwordCanary(PRIVATE_PAGE, 'page'), ...clients(PRIVATE_PAGE, 'same', 'same', NEVER_CACHE, (tok) => passwordFormHtml('page', tok))],
    expected: [`csrfTokenShared ${PRIVATE_PAGE}`],
  },
  {
    name: "a private document's password form with distinct tokens passes",
    canaries: { documents: [PRIVATE_DOC] },
    canned: [...clients(LOGIN, 'a', 'b'), passwordCanary(PRIVATE_DOC, 'document'), ...clients(PRIVATE_DOC, 'x', 'y', NEVER_CACHE, (tok) => passwordFormHtml('document', tok))],
    expected: [],
  },
  {
    name: 'a password-form document the crawl met is compared',
    resources: [resource('document', response({ url: MINUTES, body: passwordFormHtml('document', 'crawl'), headers: { 'Content-Type': 'text/html; charset=utf-8' } }))],
    canned: [...clients(LOGIN, 'a', 'b'), ...clients(MINUTES, 'same', 'same', { 'X-Cache-Status': 'HIT' }, (tok) => passwordFormHtml('document', tok))],
    expected: [`csrfTokenShared ${MINUTES}`],
  },
  {
    name: 'a document the crawl met that is the file itself is not',
    resources: [resource('document', response({ url: MINUTES, body: '%PDF-1.7\n', headers: { 'Content-Type': 'application/pdf' } }))],
    canned: clients(LOGIN, 'a', 'b'),
    expected: [],
  },
  {
    name: 'a form page that cannot be read twice is inconclusive',
    canned: [{ url: LOGIN, result: failure(LOGIN, 'ERR_TIMEOUT') }],
    expected: [`?formPageUnreadable ${LOGIN}`],
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const model = site({ pages: [page(response({ url: SITE }), {}, 'seed'), page(response({ url: LOGIN }), {}, 'admin-login'), ...(c.pages ?? [])], resources: c.resources ?? [] });
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
  const admin = run.findings.find((f) => f.messageId === 'adminCached');
  t.same(admin?.data, { url: LOGIN, cache: 'nginx proxy_cache', signs: 'X-Cache-Status: HIT, Age: 12' }, 'the cache named as describeSharedCache names it');
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

t.test('the worst case (form pages, canaries) stays within meta.maxRequests', async (t) => {
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
  t.equal(run.requestsMade, 2 * 4 + 4, 'two clients on the login and the three form pages, one request per canary');
  t.ok(run.requestsMade <= requestBudget(probe.meta, opts), `${run.requestsMade} requests, budget ${requestBudget(probe.meta, opts)}`);
});

t.test('past the cap: the forms left are counted, and maxRequests still holds', async (t) => {
  const forms = Array.from({ length: MAX_FORM_PAGES + 2 }, (_, i) => new URL(`/form-${i}/`, SITE).href);
  const pages = forms.map((url) => page(response({ url }), { forms: [csrfForm(url)] }));
  const canaries = { pages: [PRIVATE_PAGE], documents: [PRIVATE_DOC] };
  const canned: Canned[] = [
    ...[LOGIN, ...forms].flatMap((url) => clients(url, 'a', 'b')),
    { url: PRIVATE_PAGE, result: loginRedirect(PRIVATE_PAGE) },
    { url: PRIVATE_DOC, result: loginRedirect(PRIVATE_DOC) },
  ];
  const opts = options({ privateCanaries: canaries });
  const run = await runOn(probe, site({ pages: [page(response({ url: LOGIN }), {}, 'admin-login'), ...pages] }), canned, opts);
  t.not(run.outcome.status, 'error', run.outcome.status === 'error' ? run.outcome.error : '');
  t.same(summary(run), [`formPagesCapped ${forms[MAX_FORM_PAGES - 1]}`], 'the login and 7 form pages compared: the first page left names the finding');
  const capped = run.findings.find((f) => f.messageId === 'formPagesCapped');
  t.equal(capped?.severity, 'info');
  t.equal(capped?.data['count'], 3, 'three forms left unchecked');
  t.match(capped?.evidence[0]?.note, new RegExp(`not compared: ${forms[MAX_FORM_PAGES - 1]} \\(csrf form\\)`));
  t.equal(run.requestsMade, 2 * MAX_FORM_PAGES + 2);
  t.ok(run.requestsMade <= requestBudget(probe.meta, opts), `${run.requestsMade} requests, budget ${requestBudget(probe.meta, opts)}`);
});

t.test("a canary the cap leaves out makes the count inconclusive", async (t) => {
  const docs = Array.from({ length: MAX_FORM_PAGES }, (_, i) => new URL(`/documents/${10 + i}/p${i}.pdf`, SITE).href);
  const canned: Canned[] = [
    ...clients(LOGIN, 'a', 'b'),
    ...docs.map((url) => passwordCanary(url, 'document')),
    ...docs.flatMap((url) => clients(url, 'x', 'y', NEVER_CACHE, (tok) => passwordFormHtml('document', tok))),
  ];
  const opts = options({ privateCanaries: { pages: [], documents: docs } });
  const run = await runOn(probe, site({ pages: [page(response({ url: LOGIN }), {}, 'admin-login')] }), canned, opts);
  t.not(run.outcome.status, 'error', run.outcome.status === 'error' ? run.outcome.error : '');
  t.same(summary(run), [`?formPagesCapped ${docs.at(-1)}`]);
  t.ok(run.requestsMade <= requestBudget(probe.meta, opts));
});

t.test('a private document replayed by Varnish: the cache named, its headers shown, the first bytes the proof', async (t) => {
  const replayed = response({
    url: PRIVATE_DOC,
    body: '%PDF-1.7\n',
    headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': 'inline; filename="secret.pdf"', Age: '118', 'X-Varnish': '32770 3', Via: '1.1 varnish (Varnish/7.1)' },
  });
  const opts = options({ privateCanaries: { pages: [], documents: [PRIVATE_DOC] } });
  const run = await runOn(probe, site({ pages: [page(response({ url: LOGIN }), {}, 'admin-login')] }), [...clients(LOGIN, 'a', 'b'), { url: PRIVATE_DOC, fresh: false, result: replayed }], opts);
  t.same(summary(run), [`privateResponseCached ${PRIVATE_DOC}`]);
  const finding = run.findings[0];
  t.same(finding?.data, { what: 'document', url: PRIVATE_DOC, response: "a 200 that is not Wagtail's refusal, starting %PDF-1.7", cache: 'Varnish', signs: 'X-Varnish: 32770 3, Age: 118' });
  t.same(finding?.evidence[0]?.headers, { age: '118', via: '1.1 varnish (Varnish/7.1)', 'x-varnish': '32770 3', 'content-type': 'application/pdf' });
  t.match(finding?.evidence[0]?.bodyPrefix, /%PDF-1\.7/);
  const canaryRead = run.requests.find((r) => r.url === PRIVATE_DOC)?.options;
  t.same(canaryRead, { followRedirects: false, body: { read: 'whole', maxBytes: 8192, keepText: true } }, "document-privacy's serve check read, so the memo shares it");
});

t.test('formPagesOf and selectFormPages: which form pages are compared, in which order', async (t) => {
  const contact = new URL('/contact/', SITE).href;
  const board = new URL('/board-room/', SITE).href;
  const pages = [
    page(response({ url: new URL('/news/', SITE).href }), { forms: [csrfForm(contact)] }),
    page(response({ url: new URL('/events/', SITE).href }), { forms: [csrfForm(contact), { action: new URL('/search/', SITE).href, method: 'GET', inputNames: ['q'] }] }),
    page(response({ url: board }), { forms: [csrfForm(new URL('/_util/authenticate_with_password/2/5/', SITE).href, ['password', 'return_url'])] }),
    page(response({ url: new URL('/old/', SITE).href, status: 301 }), { forms: [csrfForm(new URL('/old-form/', SITE).href)] }),
    page(response({ url: new URL('/search/', SITE).href }), { forms: [{ action: new URL('/search/', SITE).href, method: 'GET', inputNames: ['q'] }] }),
    page(response({ url: LOGIN }), { forms: [csrfForm(LOGIN, ['username', 'password'])] }, 'admin-login'),
  ];
  const model = site({ pages, resources: [resource('document', response({ url: MINUTES, body: passwordFormHtml('document', 'c') }))] });
  const canaryAnswers = [
    { canary: { url: PRIVATE_PAGE, what: 'page' as const }, answer: response({ url: PRIVATE_PAGE, text: passwordFormHtml('page', 'p') }) },
    { canary: { url: PRIVATE_DOC, what: 'document' as const }, answer: loginRedirect(PRIVATE_DOC) },
  ];
  const candidates = formPagesOf(model, answeredPages(model), canaryAnswers);
  t.same(candidates.map((p) => `${p.source} ${p.url}`), [
    `admin login ${LOGIN}`,
    `private page ${PRIVATE_PAGE}`,
    `password-form document ${MINUTES}`,
    `password form ${board}`,
    `csrf form ${new URL('/news/', SITE).href}`,
    `csrf form ${new URL('/events/', SITE).href}`,
  ], 'the login, the canaries that answer with the password form, the crawl\'s password forms, then CSRF forms; no redirect, no GET-only form, no login redirect');

  const cases: { name: string; candidates: FormPage[]; cap: number; compared: string[]; left: string[]; formsLeft: number }[] = [
    { name: 'a contact form on every page counts once', candidates, cap: MAX_FORM_PAGES, compared: [LOGIN, PRIVATE_PAGE, MINUTES, board, new URL('/news/', SITE).href], left: [], formsLeft: 0 },
    {
      name: 'the cap takes candidates in order; the contact form left on two pages is one form left',
      candidates,
      cap: 2,
      compared: [LOGIN, PRIVATE_PAGE],
      left: [MINUTES, board, new URL('/news/', SITE).href, new URL('/events/', SITE).href],
      formsLeft: 3,
    },
    {
      name: 'a page left whose forms are partly compared counts only the new ones',
      candidates: [
        { url: 'https://site.test/a/', source: 'csrf form', forms: ['f1'] },
        { url: 'https://site.test/b/', source: 'csrf form', forms: ['f1', 'f2'] },
        { url: 'https://site.test/c/', source: 'csrf form', forms: ['f2', 'f3'] },
      ],
      cap: 1,
      compared: ['https://site.test/a/'],
      left: ['https://site.test/b/', 'https://site.test/c/'],
      formsLeft: 2,
    },
  ];
  for (const c of cases) {
    const selection = selectFormPages(c.candidates, c.cap);
    t.same(selection.compared.map((p) => p.url), c.compared, `${c.name}: compared`);
    t.same(selection.left.map((p) => p.url), c.left, `${c.name}: left`);
    t.equal(selection.formsLeft, c.formsLeft, `${c.name}: forms left`);
  }
});
