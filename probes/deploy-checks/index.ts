// deploy-checks: Django's deployment checklist (`manage.py check --deploy`),
// seen from outside, reported under Django's own check ids so an operator
// finds the setting that fixes it.
//
// Left to other probes, so one cause gives one finding: a 500 on a missing
// page (static-assets: it is nearly always the manifest), the admin login
// page's own cache headers (static-assets), shared-cache hits (cache-privacy).

import { evidenceFrom } from '../../src/probe-kit/evidence.js';
import type { FetchResponse, HeaderMap } from '../../src/http/types.js';
import type { PageRecord, SiteModel } from '../../src/gather/model.js';
import { defineProbe } from '../../src/engine/probe.js';
import { fetchNotFound } from '../../src/probe-kit/shared-requests.js';
import { cacheHitSignal } from '../../src/signals/cache-control.js';
import { isDjangoDebugPage } from '../../src/wagtail/django-pages.js';

/** A year, what Django's docs and the HSTS preload list ask for. */
const HSTS_MIN_SECONDS = 31_536_000;
/** A host no site serves: Django must refuse it (ALLOWED_HOSTS), not answer it. */
const BOGUS_HOST = 'wagtail-probe-bogus-host.invalid';

/** Headers Django's default middleware sets, with the check id that names the setting. */
const DJANGO_HEADERS = [
  { header: 'x-frame-options', check: 'security.W002', setting: 'XFrameOptionsMiddleware / X_FRAME_OPTIONS', valid: /^(deny|sameorigin)$/i, invalidCheck: 'security.W019' },
  { header: 'x-content-type-options', check: 'security.W006', setting: 'SECURE_CONTENT_TYPE_NOSNIFF', valid: /^nosniff$/i, invalidCheck: 'security.W006' },
  {
    header: 'referrer-policy',
    check: 'security.W022',
    setting: 'SECURE_REFERRER_POLICY',
    valid: /^\s*(no-referrer|no-referrer-when-downgrade|origin|origin-when-cross-origin|same-origin|strict-origin|strict-origin-when-cross-origin|unsafe-url)(\s*,\s*(no-referrer|no-referrer-when-downgrade|origin|origin-when-cross-origin|same-origin|strict-origin|strict-origin-when-cross-origin|unsafe-url))*\s*$/i,
    invalidCheck: 'security.E023',
  },
  { header: 'cross-origin-opener-policy', check: 'security.W024', setting: 'SECURE_CROSS_ORIGIN_OPENER_POLICY', valid: /^(same-origin|same-origin-allow-popups|unsafe-none)$/i, invalidCheck: 'security.E024' },
] as const;

/** Parsed Set-Cookie: name and the attributes that matter here. */
export interface CookieFacts {
  readonly name: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: string | null;
  /** An expired cookie is a deletion (Django's logout and CSRF rotation), not a cookie being set. */
  readonly deletion: boolean;
}

export function parseSetCookie(line: string): CookieFacts {
  const [pair = '', ...attributes] = line.split(';');
  const name = pair.split('=')[0]?.trim() ?? '';
  const attrs = attributes.map((a) => a.trim().toLowerCase());
  const value = (key: string): string | null => {
    const found = attrs.find((a) => a.startsWith(`${key}=`));
    return found === undefined ? null : found.slice(key.length + 1).trim();
  };
  const maxAge = value('max-age');
  const expires = value('expires');
  return {
    name,
    secure: attrs.includes('secure'),
    httpOnly: attrs.includes('httponly'),
    sameSite: value('samesite'),
    deletion: (maxAge !== null && Number(maxAge) <= 0) || (expires !== null && /1970/.test(expires)),
  };
}

export interface HstsFacts {
  readonly maxAge: number | null;
  readonly includeSubDomains: boolean;
  readonly preload: boolean;
}

export function parseHsts(value: string): HstsFacts {
  const parts = value.split(';').map((p) => p.trim().toLowerCase());
  const maxAge = parts.find((p) => p.startsWith('max-age'))?.split('=')[1]?.replace(/"/g, '').trim();
  return {
    maxAge: maxAge !== undefined && /^\d+$/.test(maxAge) ? Number(maxAge) : null,
    includeSubDomains: parts.includes('includesubdomains'),
    preload: parts.includes('preload'),
  };
}

/** The site's plain-http address: configured, or the target on http with the default port. */
export function plainHttpUrl(target: string, configured: string | null): string {
  if (configured !== null) return new URL(configured, target).href;
  const url = new URL(target);
  url.protocol = 'http:';
  url.port = '';
  return url.href;
}

function okPages(site: SiteModel): (PageRecord & { response: FetchResponse })[] {
  return site.pages.filter((p): p is PageRecord & { response: FetchResponse } => p.response.ok);
}

/** Django's middleware headers on a response: the mark of a response that went through Django. */
function hasDjangoMark(headers: HeaderMap): boolean {
  return headers['x-frame-options'] !== undefined && (headers['x-content-type-options'] !== undefined || /cookie/i.test(headers['vary'] ?? ''));
}

export default defineProbe({
  meta: {
    id: 'deploy-checks',
    title: "Django's deployment checklist holds, as far as it is visible from outside",
    docs: [
      "`manage.py check --deploy` reads settings; this checks what the deployed site actually does, and names Django's check id so you can find the setting that fixes it:",
      'DEBUG off (`security.W018`), http redirected to https (`W008`, `SECURE_SSL_REDIRECT` or the web server), HSTS for at least a year (`W004`, `SECURE_HSTS_SECONDS`),',
      'secure and HttpOnly cookies (`W012`, `W013`, `W016`), the security headers of Django\'s default middleware (`W002`, `W006`, `W022`, `E023`, `E024`),',
      'ALLOWED_HOSTS refusing unknown hosts (`W020`), no `runserver` in production, and an admin that sends anonymous visitors to its login page.',
    ].join(' '),
    // the missing page, the plain-http address, a bogus Host, the admin, and re-reads.
    maxRequests: 8,
    messages: {
      debugPage: { text: "DEBUG is on: {url} shows Django's technical error page (security.W018)", severity: 'error' },
      notFoundStatus: { text: 'A missing page answers {status}, not 404: {url}', severity: 'warning' },
      notHttps: { text: 'The site is served over plain http, not https (security.W008): {url}', severity: 'warning' },
      httpNotRedirected: { text: 'Plain http {url} answers {status} instead of redirecting to https (security.W008)', severity: 'error' },
      httpRedirectNotPermanent: { text: 'Plain http {url} redirects to https with {status}, not a permanent 301/308 (security.W008)', severity: 'warning' },
      httpRedirectIndirect: { text: 'Plain http {url} does not redirect straight to https on the same host: it goes to {location}', severity: 'warning' },
      httpClosed: { text: 'Plain http {url} does not answer ({error}): nothing to redirect, nothing exposed', severity: 'info' },
      hstsMissing: { text: 'No Strict-Transport-Security header on {url} (security.W004, SECURE_HSTS_SECONDS)', severity: 'warning' },
      hstsShort: { text: 'Strict-Transport-Security max-age is {maxAge} seconds on {url}, less than a year (security.W004)', severity: 'warning' },
      hstsFacts: { text: 'HSTS on {url}: includeSubDomains {includeSubDomains} (security.W005), preload {preload} (security.W021)', severity: 'info' },
      cookieNotSecure: { text: 'Cookie {cookie} is set without Secure over https on {url} ({check})', severity: 'warning' },
      sessionCookieNotHttpOnly: { text: 'Session cookie {cookie} is set without HttpOnly on {url} (security.W013)', severity: 'warning' },
      anonymousSession: { text: 'An anonymous visit to {url} gets a session cookie {cookie}: sessions are being created for every visitor', severity: 'warning' },
      headerMissing: { text: 'Response from {url} lacks {header} ({check}, {setting})', severity: 'warning' },
      headerInvalid: { text: '{header} on {url} has an invalid value {value} ({check})', severity: 'warning' },
      allowedHostsOpen: { text: 'Django answered a request for the unknown host {host} with {status} (security.W020, ALLOWED_HOSTS)', severity: 'error' },
      allowedHostsUnobservable: { text: 'A request for the unknown host {host} got {status} from something other than Django (a web server, CDN or cache): ALLOWED_HOSTS cannot be judged from outside', severity: 'info' },
      runserver: { text: "The site is served by Django's development server ({server}) on {url}", severity: 'error' },
      versionDisclosed: { text: '{header} discloses a version: {value}', severity: 'info' },
      adminNotRedirecting: { text: 'Anonymous {url} answers {status}, not a redirect to the login page', severity: 'warning' },
      adminNotFound: { text: 'No Wagtail admin at {url} ({status}): set --admin-path if it lives elsewhere', severity: 'info' },
    },
  },

  async run(site, ctx) {
    const pages = okPages(site);
    // The page whose headers stand for the site: the start URL's (or where it
    // redirects, / to /en/), else the shallowest of the site's own pages that
    // rendered; Wagtail's /_util/ views last. Sorted, so the choice does not
    // depend on the order the crawl happened to finish in.
    const utilPrefix = new URL('/_util/', site.target).href;
    const rank = (p: PageRecord): number => (p.role === 'seed' ? 0 : p.url.startsWith(utilPrefix) ? 2 : 1);
    const rendered = pages
      .filter((p) => p.response.status === 200 && p.role !== 'admin-login')
      .sort((a, b) => rank(a) - rank(b) || a.depth - b.depth || a.url.localeCompare(b.url));
    const start = rendered[0] ?? pages.find((p) => p.url === site.target);
    if (!start) {
      ctx.skip(`no page of ${site.target} answered: nothing to check`);
      return;
    }
    const https = new URL(site.target).protocol === 'https:';

    // DEBUG, and what a missing page answers.
    const notFound = await fetchNotFound(ctx.fetch, site);
    if (notFound.ok) {
      const text = notFound.text ?? '';
      if (isDjangoDebugPage(text)) {
        ctx.report('debugPage', { url: notFound.url }, [evidenceFrom(notFound, ['content-type'], { note: 'body holds Django\'s technical 404/500 page' })]);
      } else if (notFound.status !== 404 && notFound.status !== 500 && notFound.status !== 410) {
        ctx.report('notFoundStatus', { url: notFound.url, status: notFound.status }, [evidenceFrom(notFound, ['content-type', 'location'])]);
      }
    }
    for (const page of pages) {
      if (page.facts?.hasDjangoDebugPage && page.url !== notFound.url) {
        ctx.report('debugPage', { url: page.url }, [evidenceFrom(page.response, ['content-type'], { note: 'body holds Django\'s technical error page' })], { url: page.url });
      }
    }

    // HTTPS: the redirect from plain http, and HSTS.
    if (!https) {
      ctx.report('notHttps', { url: site.target }, [evidenceFrom(start.response, [])], { url: site.target });
    } else {
      const plain = plainHttpUrl(site.target, ctx.options.plainHttpUrl);
      const answer = await ctx.fetch(plain, { followRedirects: false, body: { read: 'none' } });
      if (!answer.ok) {
        ctx.report('httpClosed', { url: plain, error: answer.error.code }, [evidenceFrom(answer, [])], { url: plain });
      } else if (answer.status < 300 || answer.status >= 400) {
        ctx.report('httpNotRedirected', { url: plain, status: answer.status }, [evidenceFrom(answer, ['location', 'server'])], { url: plain });
      } else {
        const location = answer.headers['location'] ?? '';
        const next = location ? new URL(location, plain) : null;
        if (answer.status !== 301 && answer.status !== 308) {
          ctx.report('httpRedirectNotPermanent', { url: plain, status: answer.status }, [evidenceFrom(answer, ['location'])], { url: plain });
        }
        if (next === null || next.protocol !== 'https:' || next.hostname !== new URL(site.target).hostname) {
          ctx.report('httpRedirectIndirect', { url: plain, location: location || '(no Location)' }, [evidenceFrom(answer, ['location'])], { url: plain });
        }
      }
      const hsts = start.response.headers['strict-transport-security'];
      if (hsts === undefined) {
        ctx.report('hstsMissing', { url: start.url }, [evidenceFrom(start.response, [])], { url: start.url });
      } else {
        const facts = parseHsts(hsts);
        if (facts.maxAge === null || facts.maxAge < HSTS_MIN_SECONDS) {
          ctx.report('hstsShort', { url: start.url, maxAge: facts.maxAge ?? 'unparsable' }, [evidenceFrom(start.response, ['strict-transport-security'])], { url: start.url });
        }
        ctx.report('hstsFacts', { url: start.url, includeSubDomains: facts.includeSubDomains ? 'yes' : 'no', preload: facts.preload ? 'yes' : 'no' }, [evidenceFrom(start.response, ['strict-transport-security'])], { url: start.url });
      }
    }

    // Cookies, once per cookie name: the first page that set it is the evidence.
    const seenCookies = new Set<string>();
    for (const page of pages) {
      for (const line of page.response.setCookies) {
        const cookie = parseSetCookie(line);
        const key = `${cookie.name}`;
        if (cookie.deletion || seenCookies.has(key)) continue;
        seenCookies.add(key);
        const evidence = [evidenceFrom(page.response, [], { note: `Set-Cookie: ${line.replace(/=[^;]*/, '=<value>')}` })];
        const isSession = cookie.name === 'sessionid';
        const isCsrf = cookie.name === 'csrftoken';
        if (https && !cookie.secure && (isSession || isCsrf)) {
          ctx.report('cookieNotSecure', { cookie: cookie.name, url: page.url, check: isSession ? 'security.W012, SESSION_COOKIE_SECURE' : 'security.W016, CSRF_COOKIE_SECURE' }, evidence, { url: page.url });
        }
        if (isSession && !cookie.httpOnly) {
          ctx.report('sessionCookieNotHttpOnly', { cookie: cookie.name, url: page.url }, evidence, { url: page.url });
        }
        if (isSession && page.role !== 'admin-login') {
          ctx.report('anonymousSession', { cookie: cookie.name, url: page.url }, evidence, { url: page.url });
        }
      }
    }

    // Django's security headers, on a page Django rendered.
    for (const spec of DJANGO_HEADERS) {
      const value = start.response.headers[spec.header];
      if (value === undefined) {
        ctx.report('headerMissing', { url: start.url, header: spec.header, check: spec.check, setting: spec.setting }, [evidenceFrom(start.response, [])], { url: start.url });
      } else if (!spec.valid.test(value.trim())) {
        ctx.report('headerInvalid', { url: start.url, header: spec.header, value, check: spec.invalidCheck }, [evidenceFrom(start.response, [spec.header])], { url: start.url });
      }
    }

    // ALLOWED_HOSTS: one request naming a host the site cannot have.
    const bogus = await ctx.fetch(site.target, { headers: { Host: BOGUS_HOST }, followRedirects: false, retry: false, body: { read: 'prefix', maxBytes: 1024 } });
    if (bogus.ok && bogus.status !== 400) {
      // A cache keyed on the URL alone answers with what Django said to someone else: it proves nothing about ALLOWED_HOSTS.
      const fromCache = cacheHitSignal(bogus.headers)?.hit === true;
      const evidence = [evidenceFrom(bogus, ['server', 'location', 'x-frame-options', 'vary', 'content-type', 'age', 'x-cache', 'x-cache-status', 'cf-cache-status'], fromCache ? { note: 'answered from a cache, not by Django' } : {})];
      if (!fromCache && bogus.status < 400 && hasDjangoMark(bogus.headers)) ctx.report('allowedHostsOpen', { host: BOGUS_HOST, status: bogus.status }, evidence, { url: site.target });
      else ctx.report('allowedHostsUnobservable', { host: BOGUS_HOST, status: bogus.status }, evidence, { url: site.target, inconclusive: true });
    }

    // The server that answers.
    const server = start.response.headers['server'];
    if (server !== undefined && /wsgiserver/i.test(server)) {
      ctx.report('runserver', { server, url: start.url }, [evidenceFrom(start.response, ['server'])], { url: start.url });
    }
    for (const header of ['server', 'x-powered-by'] as const) {
      const value = start.response.headers[header];
      if (value !== undefined && /\d/.test(value)) ctx.report('versionDisclosed', { header, value }, [evidenceFrom(start.response, [header])], { url: start.url });
    }

    // The admin sends anonymous visitors to its login page.
    const adminUrl = new URL(ctx.options.adminPath, site.target).href;
    const admin = await ctx.fetch(adminUrl, { followRedirects: false, body: { read: 'none' } });
    if (admin.ok) {
      const location = admin.headers['location'] ?? '';
      if (admin.status === 404) {
        ctx.report('adminNotFound', { url: adminUrl, status: admin.status }, [evidenceFrom(admin, [])], { url: adminUrl, inconclusive: true });
      } else if (admin.status !== 302 || !/login/i.test(location)) {
        ctx.report('adminNotRedirecting', { url: adminUrl, status: admin.status }, [evidenceFrom(admin, ['location', 'cache-control'])], { url: adminUrl });
      }
    }
  },
});
