// cache-privacy: a shared cache (CDN, proxy, wagtail-cache) in front of a
// Wagtail site must never replay what one visitor got to another: a cached
// login form (everyone shares one CSRF token, so every form post fails with
// 403), a cached private page or document, a cached editor's view.
//
// Each check needs a second request of what the crawl already fetched once:
// on a cold cache the crawl's request is the one that fills it, and the probe's
// is the one that would be a HIT.

import { evidenceFrom } from '../src/probe-kit/evidence.js';
import type { Evidence } from '../src/engine/finding.js';
import type { FetchOptions, FetchResponse, FetchResult } from '../src/http/types.js';
import type { PageRecord } from '../src/gather/model.js';
import { defineProbe } from '../src/engine/probe.js';
import { csrfToken } from '../src/wagtail/django-pages.js';
import { cacheHitSignal, isStorableBySharedCache } from '../src/signals/cache-control.js';

/** Headers that show a cache at work, and those that let one store a response. */
const CACHE_HEADERS = ['cache-control', 'expires', 'age', 'x-cache', 'x-cache-status', 'cf-cache-status', 'x-varnish', 'x-wagtail-cache', 'x-proxy-cache', 'vary'];
/** Public form pages compared besides the admin login (each costs two requests). */
const MAX_FORM_PAGES = 2;
const TOKEN_READ: FetchOptions['body'] = { read: 'whole', maxBytes: 512 * 1024, keepText: true };

function hasCsrfForm(page: PageRecord): boolean {
  return page.facts?.forms.some((f) => f.inputNames.includes('csrfmiddlewaretoken')) ?? false;
}

/** Two clients that share nothing: no cookies, and a header that only keeps the run's memo from merging them. */
function freshClient(n: 1 | 2): FetchOptions {
  return { headers: { 'X-Wagtail-Probe-Client': String(n) }, followRedirects: false, body: TOKEN_READ };
}

export default defineProbe({
  meta: {
    id: 'cache-privacy',
    title: 'Shared caches never replay forms, private content or the admin',
    docs: [
      'A CDN or caching proxy configured to "cache everything" breaks a Wagtail site in two ways.',
      'It serves one cached CSRF token to every visitor, so every form post (including the admin login) fails with 403;',
      'and it replays private pages and documents, the admin and the `/_util/` views, or an editor\'s view of a page with the user bar, to anonymous visitors.',
      'Bypass the cache for `/admin/`, `/_util/`, `/documents/` and any request with a `sessionid` or `csrftoken` cookie, honour `Cache-Control: private`/`no-store`,',
      'and key on the cookies Django varies on (`Vary: Cookie`).',
    ].join(' '),
    // two fresh clients on the admin login and up to two form pages, a second look at the login, one answer per canary.
    maxRequests: (options) => 3 * 2 + 1 + options.privateCanaries.pages.length + options.privateCanaries.documents.length,
    messages: {
      csrfTokenShared: { text: 'Two fresh clients got the same csrfmiddlewaretoken from {url}: the HTML is cached, and form posts will fail with 403', severity: 'error' },
      privateResponseCached: { text: 'The anonymous response to private {what} {url} came from a shared cache ({header}: {value})', severity: 'error' },
      privateResponseStorable: { text: 'A shared cache may store the anonymous response to private {what} {url} ({status}, {basis} freshness)', severity: 'warning' },
      adminCached: { text: '{url} came from a shared cache ({header}: {value}): admin and /_util/ responses must never be cached', severity: 'error' },
      userbarCached: { text: "{url} shows Wagtail's user bar to an anonymous visitor: an editor's view of the page was cached", severity: 'error' },
      formPageUnreadable: { text: 'Could not read {url} twice to compare its CSRF token ({error})', severity: 'info' },
    },
  },

  async run(site, ctx) {
    const okPage = (p: PageRecord): p is PageRecord & { response: FetchResponse } => p.response.ok;
    const pages = site.pages.filter(okPage);
    if (pages.length === 0) {
      ctx.skip(`no page of ${site.target} answered: nothing to compare`);
      return;
    }

    // Identical CSRF tokens from two clients that share nothing: cached HTML.
    const formPages = [site.adminLoginUrl, ...pages.filter((p) => p.role === 'content' && hasCsrfForm(p)).slice(0, MAX_FORM_PAGES).map((p) => p.url)];
    for (const url of formPages) {
      const [first, second] = [await ctx.fetch(url, freshClient(1)), await ctx.fetch(url, freshClient(2))];
      if (!first.ok || !second.ok) {
        const failed = (!first.ok ? first : second) as Extract<FetchResult, { ok: false }>;
        ctx.report('formPageUnreadable', { url, error: failed.error.code }, [evidenceFrom(failed)], { url, inconclusive: true });
        continue;
      }
      const [a, b] = [csrfToken(first.text ?? ''), csrfToken(second.text ?? '')];
      if (a !== null && a === b) {
        ctx.report('csrfTokenShared', { url }, [evidenceFrom(first, CACHE_HEADERS, { note: 'first client' }), evidenceFrom(second, CACHE_HEADERS, { note: `second client: the same token ${a.slice(0, 8)}…` })], { url });
      }
    }

    // Private pages and documents: the anonymous answer (login redirect or
    // password form) must neither come from a cache nor be storable by one.
    const canaries = [
      ...ctx.options.privateCanaries.pages.map((url) => ({ url: new URL(url, site.target).href, what: 'page' })),
      ...ctx.options.privateCanaries.documents.map((url) => ({ url: new URL(url, site.target).href, what: 'document' })),
    ];
    for (const { url, what } of canaries) {
      const answer = await ctx.fetch(url, { followRedirects: false, body: { read: 'prefix', maxBytes: 2048 } });
      if (!answer.ok) continue; // document-privacy and the crawl report unreachable canaries
      const hit = cacheHitSignal(answer.headers);
      const evidence: Evidence[] = [evidenceFrom(answer, [...CACHE_HEADERS, 'location'])];
      if (hit?.hit === true) {
        ctx.report('privateResponseCached', { what, url, header: hit.header, value: hit.value }, evidence, { url });
        continue;
      }
      const storable = isStorableBySharedCache(answer.headers, answer.status, answer.setCookies);
      // Heuristic freshness on a 200 password form is how a default CDN setup caches it.
      if (storable.storable) {
        ctx.report('privateResponseStorable', { what, url, status: answer.status, basis: storable.basis }, evidence, { url });
      }
    }

    // Admin and /_util/ responses seen anywhere (pages, hops), and a second
    // look at the admin login page, must never be cache hits.
    const adminPrefix = new URL(ctx.options.adminPath, site.target).href;
    const utilPrefix = new URL('/_util/', site.target).href;
    const isProtectedUrl = (url: string): boolean => url.startsWith(adminPrefix) || url.startsWith(utilPrefix);
    const secondLook = await ctx.fetch(site.adminLoginUrl, freshClient(2));
    const observed: { url: string; headers: FetchResponse['headers']; result: FetchResult }[] = [];
    if (secondLook.ok) observed.push({ url: site.adminLoginUrl, headers: secondLook.headers, result: secondLook });
    for (const page of pages) {
      if (isProtectedUrl(page.response.url)) observed.push({ url: page.response.url, headers: page.response.headers, result: page.response });
      for (const hop of page.response.hops) if (isProtectedUrl(hop.url)) observed.push({ url: hop.url, headers: hop.headers, result: page.response });
    }
    const reported = new Set<string>();
    for (const { url, headers, result } of observed) {
      const hit = cacheHitSignal(headers);
      if (hit?.hit !== true || reported.has(url)) continue;
      reported.add(url);
      ctx.report('adminCached', { url, header: hit.header, value: hit.value }, [evidenceFrom(result, CACHE_HEADERS, { note: `${hit.header}: ${hit.value} on ${url}` })], { url });
    }

    // The user bar is only rendered for a logged-in editor.
    for (const page of pages) {
      if (page.facts?.hasWagtailUserbar) ctx.report('userbarCached', { url: page.url }, [evidenceFrom(page.response, CACHE_HEADERS)], { url: page.url });
    }
  },
});
