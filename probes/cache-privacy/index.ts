// cache-privacy: a shared cache (CDN, proxy, wagtail-cache) in front of a
// Wagtail site must never replay what one visitor got to another: a cached
// login form (everyone shares one CSRF token, so every form post fails with
// 403), a cached private page or document, a cached editor's view.
//
// Each check needs a second request of what the crawl already fetched once:
// on a cold cache the crawl's request is the one that fills it, and the probe's
// is the one that would be a HIT.

import { answeredPages, defineProbe, findPage } from '../../src/probe-kit/index.js';
import { judgeAdminCached, judgeUserbarCached } from './cached-views.js';
import { fetchClientPairs, formPagesOf, judgeCsrfTokens, MAX_FORM_PAGES, reportFormPagesCapped, selectFormPages } from './csrf-tokens.js';
import { messages, type Report } from './messages.js';
import { canariesOf, fetchCanary, judgeCanaryAnswer, type CanaryAnswer } from './private-canaries.js';

export default defineProbe({
  meta: {
    id: 'cache-privacy',
    title: 'Shared caches never replay forms, private content or the admin',
    docs: [
      'A CDN or caching proxy configured to "cache everything" breaks a Wagtail site in two ways.',
      'It serves one cached CSRF token to every visitor, so every form post (the admin login, Wagtail\'s password forms for private pages and documents, contact forms) fails with 403;',
      'and it replays private pages and documents, the admin and the `/_util/` views, or an editor\'s view of a page with the user bar, to anonymous visitors.',
      'Bypass the cache for `/admin/`, `/_util/`, `/documents/` and any request with a `sessionid` or `csrftoken` cookie, honour `Cache-Control: private`/`no-store`,',
      'and key on the cookies Django varies on (`Vary: Cookie`).',
    ].join(' '),
    // One answer per canary, then two fresh clients on at most MAX_FORM_PAGES
    // form pages, the admin login and the canaries' password forms among them:
    // 2 × 8 + pages + documents. The admin login's second look is its second
    // client's answer, not a request of its own.
    maxRequests: (options) => 2 * MAX_FORM_PAGES + options.privateCanaries.pages.length + options.privateCanaries.documents.length,
    messages,
  },

  async run(site, ctx) {
    const pages = answeredPages(site);
    if (findPage(pages, () => true) === undefined) {
      ctx.skip(`no page of ${site.target} answered: nothing to compare`);
      return;
    }
    const report: Report = (messageId, data, evidence, options) => ctx.report(messageId, data, evidence, options);

    // The canaries first: those that answer with the password form are form pages too.
    const canaryAnswers: CanaryAnswer[] = [];
    for (const canary of canariesOf(ctx.options, site.target)) {
      const answer = await fetchCanary(ctx, canary);
      judgeCanaryAnswer(canary, answer, report);
      canaryAnswers.push({ canary, answer });
    }

    const selection = selectFormPages(formPagesOf(site, pages, canaryAnswers));
    const pairs = await fetchClientPairs(ctx, selection.compared.map((p) => p.url));
    judgeCsrfTokens(pairs, report);
    reportFormPagesCapped(selection, report);

    const loginPair = pairs.find((p) => p.url === site.adminLoginUrl);
    const prefixes = { admin: new URL(ctx.options.adminPath, site.target).href, util: new URL('/_util/', site.target).href };
    judgeAdminCached(site.adminLoginUrl, loginPair?.second ?? null, pages, prefixes, report);
    judgeUserbarCached(pages, report);
  },
});
