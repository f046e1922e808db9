import t from 'tap';
import probe from '../../probes/deploy-checks/index.js';
import { BOGUS_HOST, judgeBogusHost } from '../../probes/deploy-checks/allowed-hosts.js';
import { plainHttpUrl } from '../../probes/deploy-checks/https-redirect.js';
import type { Report } from '../../probes/deploy-checks/messages.js';
import { requestBudget } from '../../src/engine/probe.js';
import type { FetchResult } from '../../src/probe-kit/index.js';
import { notFoundUrl as notFoundUrlOf } from '../../src/probe-kit/shared-requests.js';
import { failure, options, page, response, runOn, site, SITE, summary, type Canned } from '../helpers/site-kit.js';

const HTTPS_SITE = SITE; // https://site.test/
/** The run's missing-page URL for a site built by site() on this target. */
const notFoundUrl = (target: string): string => notFoundUrlOf({ target, startedAt: site().startedAt });
const DJANGO_HEADERS = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  Server: 'nginx',
  Vary: 'Cookie',
};
const LOGIN = new URL('/admin/login/', SITE).href;

interface Case {
  name: string;
  start?: Parameters<typeof response>[0];
  loginCookies?: string[];
  pages?: ReturnType<typeof page>[];
  answers?: Partial<Record<'notFound' | 'plain' | 'bogus' | 'admin', Canned['result']>>;
  opts?: Parameters<typeof options>[0];
  target?: string;
  expected: string[];
}

function cannedFor(target: string, answers: Case['answers'] = {}, plainUrl = plainHttpUrl(target, null)): Canned[] {
  return [
    { url: notFoundUrl(target), result: answers.notFound ?? response({ url: notFoundUrl(target), status: 404, text: '<h1>Page not found</h1>' }) },
    // Only an https site is asked for its plain-http redirect.
    ...(target.startsWith('https:') ? [{ url: plainUrl, result: answers.plain ?? response({ url: plainUrl, status: 301, headers: { Location: target } }) }] : []),
    { url: target, when: { host: 'wagtail-probe-bogus-host.invalid' }, result: answers.bogus ?? response({ url: target, status: 400 }) },
    { url: new URL('/admin/', target).href, result: answers.admin ?? response({ url: new URL('/admin/', target).href, status: 302, headers: { Location: '/admin/login/?next=/admin/' } }) },
  ];
}

const cases: Case[] = [
  { name: 'a hardened https site passes, with the HSTS facts as info', expected: [`hstsFacts ${SITE}`] },
  {
    name: "DEBUG's technical 404 page is W018",
    answers: { notFound: response({ url: notFoundUrl(SITE), status: 404, text: "<title>Page not found at /x/</title> You're seeing this error because you have <code>DEBUG = True</code>" }) },
    expected: [`debugPage ${notFoundUrl(SITE)}`, `hstsFacts ${SITE}`],
  },
  {
    name: 'a soft 404 (200 for a missing page) is reported; a 500 is left to static-assets',
    answers: { notFound: response({ url: notFoundUrl(SITE), status: 200, text: 'home' }) },
    expected: [`hstsFacts ${SITE}`, `notFoundStatus ${notFoundUrl(SITE)}`],
  },
  {
    name: "a missing page answered by the web server itself (Apache's ErrorDocument): DEBUG could not be looked for there",
    answers: {
      notFound: response({
        url: notFoundUrl(SITE), status: 404, headers: { server: 'Apache/2.4.71 (Debian)', 'content-type': 'text/html; charset=iso-8859-1' },
        text: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n<hr>\n<address>Apache/2.4.71 (Debian) Server at 127.0.0.1 Port 443</address>\n</body></html>',
      }),
    },
    expected: [`?missingPageNotDjango ${notFoundUrl(SITE)}`, `hstsFacts ${SITE}`],
  },
  {
    name: "Wagtail's own 404 page: Django answered, nothing to say",
    answers: { notFound: response({ url: notFoundUrl(SITE), status: 404, headers: { 'x-frame-options': 'DENY', vary: 'Cookie', 'x-content-type-options': 'nosniff' }, text: '<!DOCTYPE html><html><head><title>Page not found</title></head><body><h1>Page not found</h1><h2>Sorry, this page could not be found.</h2></body></html>' }) },
    expected: [`hstsFacts ${SITE}`],
  },
  { name: 'a 500 for a missing page is not reported here', answers: { notFound: response({ url: notFoundUrl(SITE), status: 500, text: 'Server Error' }) }, expected: [`hstsFacts ${SITE}`] },
  { name: 'plain http answering 200 is W008', answers: { plain: response({ url: 'http://site.test/', status: 200 }) }, expected: [`hstsFacts ${SITE}`, 'httpNotRedirected http://site.test/'] },
  {
    name: 'a temporary redirect to https is not permanent',
    answers: { plain: response({ url: 'http://site.test/', status: 302, headers: { Location: SITE } }) },
    expected: [`hstsFacts ${SITE}`, 'httpRedirectNotPermanent http://site.test/'],
  },
  {
    name: 'a redirect to another host or to http is indirect',
    answers: { plain: response({ url: 'http://site.test/', status: 301, headers: { Location: 'http://www.site.test/' } }) },
    expected: [`hstsFacts ${SITE}`, 'httpRedirectIndirect http://site.test/'],
  },
  { name: 'plain http not listening is a fact, not a fault', answers: { plain: failure('http://site.test/', 'ERR_REFUSED') }, expected: [`hstsFacts ${SITE}`, 'httpClosed http://site.test/'] },
  { name: 'no HSTS is W004', start: { url: SITE, headers: { ...DJANGO_HEADERS, 'Strict-Transport-Security': undefined as unknown as string } }, expected: [`hstsMissing ${SITE}`] },
  { name: 'a short HSTS max-age is W004', start: { url: SITE, headers: { ...DJANGO_HEADERS, 'Strict-Transport-Security': 'max-age=3600' } }, expected: [`hstsFacts ${SITE}`, `hstsShort ${SITE}`] },
  {
    name: 'cookies without Secure over https are W012/W016; a session cookie without HttpOnly is W013',
    loginCookies: ['csrftoken=abc; Path=/; SameSite=Lax', 'sessionid=xyz; Path=/; SameSite=Lax'],
    expected: [`cookieNotSecure ${LOGIN}`, `cookieNotSecure ${LOGIN}`, `hstsFacts ${SITE}`, `sessionCookieNotHttpOnly ${LOGIN}`],
  },
  { name: 'csrftoken with Secure and without HttpOnly is normal', loginCookies: ['csrftoken=abc; Path=/; Secure; SameSite=Lax'], expected: [`hstsFacts ${SITE}`] },
  { name: 'a deleted cookie is not a cookie being set', loginCookies: ['sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'], expected: [`hstsFacts ${SITE}`] },
  {
    name: 'an anonymous content page that sets sessionid creates sessions for everyone',
    pages: [page(response({ url: 'https://site.test/blog/', setCookies: ['sessionid=1; Secure; HttpOnly'] }))],
    expected: [`anonymousSession https://site.test/blog/`, `hstsFacts ${SITE}`],
  },
  {
    name: "missing Django security headers name their check ids",
    start: { url: SITE, headers: { 'Strict-Transport-Security': 'max-age=31536000', 'Referrer-Policy': 'same-origin', 'Cross-Origin-Opener-Policy': 'same-origin' } },
    expected: [`headerMissing ${SITE}`, `headerMissing ${SITE}`, `hstsFacts ${SITE}`],
  },
  {
    name: 'invalid values are E023/E024',
    start: { url: SITE, headers: { ...DJANGO_HEADERS, 'Referrer-Policy': 'sometimes', 'Cross-Origin-Opener-Policy': 'open' } },
    expected: [`headerInvalid ${SITE}`, `headerInvalid ${SITE}`, `hstsFacts ${SITE}`],
  },
  {
    name: 'Django answering an unknown Host is W020',
    answers: { bogus: response({ url: SITE, status: 200, headers: { 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff' } }) },
    expected: [`allowedHostsOpen ${SITE}`, `hstsFacts ${SITE}`],
  },
  {
    name: 'a CDN or web server answering an unknown Host is inconclusive',
    answers: { bogus: response({ url: SITE, status: 403, headers: { Server: 'cloudflare' } }) },
    expected: [`?allowedHostsUnobservable ${SITE}`, `hstsFacts ${SITE}`],
  },
  {
    name: "a cache keyed on the URL alone answering an unknown Host says nothing of Django's",
    answers: { bogus: response({ url: SITE, status: 200, headers: { 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'X-Cache-Status': 'HIT' } }) },
    expected: [`?allowedHostsUnobservable ${SITE}`, `hstsFacts ${SITE}`],
  },
  {
    name: 'runserver in production; versions disclosed',
    start: { url: SITE, headers: { ...DJANGO_HEADERS, Server: 'WSGIServer/0.2 CPython/3.12.1', 'X-Powered-By': 'Django 5.2' } },
    expected: [`hstsFacts ${SITE}`, `runserver ${SITE}`, `versionDisclosed ${SITE}`, `versionDisclosed ${SITE}`],
  },
  {
    name: 'an admin that does not redirect anonymous visitors to login',
    answers: { admin: response({ url: 'https://site.test/admin/', status: 200 }) },
    expected: [`adminNotRedirecting https://site.test/admin/`, `hstsFacts ${SITE}`],
  },
  { name: 'no admin at the path is inconclusive', answers: { admin: response({ url: 'https://site.test/admin/', status: 404 }) }, expected: [`?adminNotFound https://site.test/admin/`, `hstsFacts ${SITE}`] },
  {
    name: 'an admin request that fails says the admin was not checked',
    answers: { admin: failure('https://site.test/admin/', 'ERR_TIMEOUT') },
    expected: [`?adminUnchecked https://site.test/admin/`, `hstsFacts ${SITE}`],
  },
  {
    name: 'a failed bogus-Host request says ALLOWED_HOSTS was not checked',
    answers: { bogus: failure(SITE, 'ERR_TLS') },
    expected: [`?allowedHostsUnchecked ${SITE}`, `hstsFacts ${SITE}`],
  },
  {
    name: 'a failed missing-page request says DEBUG was not checked there; crawled pages still are',
    answers: { notFound: failure(notFoundUrl(SITE), 'ERR_RESET') },
    pages: [page(response({ url: 'https://site.test/broken/', status: 500 }), { hasDjangoDebugPage: true })],
    expected: [`?missingPageUnchecked ${notFoundUrl(SITE)}`, 'debugPage https://site.test/broken/', `hstsFacts ${SITE}`],
  },
  {
    name: 'a plain-http site: no HTTPS, and no Secure rules',
    target: 'http://plain.test/',
    loginCookies: ['csrftoken=abc; Path=/'],
    expected: ['notHttps http://plain.test/'],
  },
  {
    name: 'the plain-http address can be configured (another port)',
    opts: { plainHttpUrl: 'http://site.test:8080/' },
    answers: { plain: response({ url: 'http://site.test:8080/', status: 200 }) },
    expected: [`hstsFacts ${SITE}`, 'httpNotRedirected http://site.test:8080/'],
  },
  {
    name: "a crawled page showing DEBUG's technical error page is W018 too",
    pages: [page(response({ url: 'https://site.test/broken/', status: 500 }), { hasDjangoDebugPage: true })],
    expected: ['debugPage https://site.test/broken/', `hstsFacts ${SITE}`],
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const target = c.target ?? HTTPS_SITE;
    const startHeaders = c.start?.headers ?? DJANGO_HEADERS;
    const cleaned = Object.fromEntries(Object.entries(startHeaders).filter(([, v]) => v !== undefined));
    const start = response({ url: target, ...c.start, headers: target.startsWith('http:') ? { ...cleaned, 'Strict-Transport-Security': undefined as unknown as string } : cleaned });
    const login = response({ url: new URL('/admin/login/', target).href, setCookies: c.loginCookies ?? [] });
    const model = site({
      target,
      origins: [new URL(target).origin],
      adminLoginUrl: new URL('/admin/login/', target).href,
      pages: [page(start, {}, 'seed'), page(login, {}, 'admin-login'), ...(c.pages ?? [])],
    });
    const opts = options({ target, ...c.opts });
    const run = await runOn(probe, model, cannedFor(target, c.answers, plainHttpUrl(target, opts.plainHttpUrl)), opts);
    t.not(run.outcome.status, 'error', run.outcome.status === 'error' ? run.outcome.error : '');
    t.same(summary(run), [...c.expected].sort());
  });
}

// judgeBogusHost alone: what each answer to the unknown Host says of ALLOWED_HOSTS.
const DJANGO_MARK = { 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', Vary: 'Cookie' };
const bogusHostCases: Array<{ name: string; answer: FetchResult; expected: string[] }> = [
  { name: "Django's 400 (DisallowedHost): ALLOWED_HOSTS holds", answer: response({ url: SITE, status: 400, headers: DJANGO_MARK }), expected: [] },
  { name: "a web server's 400 for an unknown server name: refused before Django, nothing to blame", answer: response({ url: SITE, status: 400, headers: { Server: 'nginx' } }), expected: [] },
  { name: 'Django rendering the page: W020', answer: response({ url: SITE, status: 200, headers: DJANGO_MARK }), expected: ['allowedHostsOpen 200'] },
  { name: 'Django redirecting the unknown host: W020', answer: response({ url: SITE, status: 301, headers: { ...DJANGO_MARK, Location: '/en/' } }), expected: ['allowedHostsOpen 301'] },
  { name: 'a web server or CDN refusing: inconclusive', answer: response({ url: SITE, status: 421, headers: { Server: 'cloudflare' } }), expected: ['?allowedHostsUnobservable 421'] },
  { name: "a 200 without Django's mark: inconclusive", answer: response({ url: SITE, status: 200, headers: { Server: 'nginx' } }), expected: ['?allowedHostsUnobservable 200'] },
  { name: "a cache's replay of Django's page: inconclusive", answer: response({ url: SITE, status: 200, headers: { ...DJANGO_MARK, 'X-Cache': 'HIT' } }), expected: ['?allowedHostsUnobservable 200'] },
  { name: 'the certificate refused: not checked', answer: failure(SITE, 'ERR_TLS'), expected: ['?allowedHostsUnchecked ERR_TLS'] },
  { name: 'the connection closed (nginx 444): not checked', answer: failure(SITE, 'ERR_RESET'), expected: ['?allowedHostsUnchecked ERR_RESET'] },
  { name: 'no answer in time: not checked', answer: failure(SITE, 'ERR_TIMEOUT'), expected: ['?allowedHostsUnchecked ERR_TIMEOUT'] },
];

for (const c of bogusHostCases) {
  t.test(`judgeBogusHost: ${c.name}`, async (t) => {
    const reported: string[] = [];
    const report: Report = (messageId, data, _evidence, options) => {
      t.equal(data['host'], BOGUS_HOST, 'names the host it asked for');
      t.equal(options?.url, SITE);
      reported.push(`${options?.inconclusive === true ? '?' : ''}${messageId} ${data['status'] ?? data['error']}`);
    };
    judgeBogusHost(SITE, c.answer, report);
    t.same(reported, c.expected);
  });
}

t.test('allowedHostsUnchecked shows the failure as its evidence', async (t) => {
  const run = await runOn(probe, site({ pages: [page(response({ url: SITE, headers: DJANGO_HEADERS }), {}, 'seed')] }), cannedFor(SITE, { bogus: { ...failure(SITE, 'ERR_TLS'), error: { code: 'ERR_TLS', message: 'certificate refused' } } }));
  const unchecked = run.findings.find((f) => f.messageId === 'allowedHostsUnchecked');
  t.equal(unchecked?.message, `The request for the unknown host ${BOGUS_HOST} failed (ERR_TLS): ALLOWED_HOSTS (security.W020) was not checked`);
  t.equal(unchecked?.severity, 'info');
  t.equal(unchecked?.evidence[0]?.error, 'ERR_TLS: certificate refused');
});

t.test('findings carry the check id and the decisive header', async (t) => {
  const start = response({ url: SITE, headers: { ...DJANGO_HEADERS, 'Strict-Transport-Security': 'max-age=60' } });
  const run = await runOn(probe, site({ pages: [page(start, {}, 'seed')] }), cannedFor(SITE));
  const short = run.findings.find((f) => f.messageId === 'hstsShort');
  t.match(short?.message, /W004/);
  t.same(short?.evidence[0]?.headers, { 'strict-transport-security': 'max-age=60' });
});

t.test('nothing answered: skip, saying why', async (t) => {
  const run = await runOn(probe, site({ pages: [page(failure(SITE, 'ERR_TIMEOUT'), null, 'seed')] }));
  t.same(run.outcome, { status: 'skip', reason: `no page of ${SITE} answered: nothing to check` });
});

t.test('the worst case (an https site, every request answered) stays within meta.maxRequests', async (t) => {
  const start = response({ url: SITE, headers: DJANGO_HEADERS });
  const opts = options();
  const run = await runOn(probe, site({ pages: [page(start, {}, 'seed')] }), cannedFor(SITE), opts);
  t.not(run.outcome.status, 'error', run.outcome.status === 'error' ? run.outcome.error : '');
  t.ok(run.requestsMade <= requestBudget(probe.meta, opts), `${run.requestsMade} requests, budget ${requestBudget(probe.meta, opts)}`);
  t.same(run.requests.map((r) => r.url), [notFoundUrl(SITE), 'http://site.test/', SITE, new URL('/admin/', SITE).href], 'the missing page, plain http, the bogus Host, the admin');
});
